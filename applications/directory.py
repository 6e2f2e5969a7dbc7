"""The public directory of programs across associations: its filter form and the one read behind it.

A fixed number of queries whatever the number of programs or associations: the associations (for the filter's
choices), the programs with their host, and their partners in one prefetch."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from applications.models import LISTED_ORDER, Program
from associations.models import Association


class DirectoryForm(forms.Form):
    """GET filters; every field optional, an unknown value is ignored rather than an error page."""

    association = forms.ChoiceField(required=False, label="Association")
    region = forms.ChoiceField(required=False, label="State or region")
    kind = forms.ChoiceField(required=False, label="Kind of program", choices=[("", "Any kind"), *Program.Kind.choices])
    open_now = forms.BooleanField(required=False, label="Taking applications now")

    def __init__(self, *args, associations: list[Association], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.associations = {a.slug: a for a in associations}
        self.fields["association"].choices = [("", "Any association"), *((a.slug, a.name) for a in associations)]
        regions = sorted({a.region for a in associations if a.region}, key=str.casefold)
        self.fields["region"].choices = [("", "Anywhere"), *((r, r) for r in regions)]

    def filters(self) -> dict[str, object]:
        """The valid filters: a field with an unknown value counts as not given (cleaned_data leaves it out)."""
        data: dict[str, object] = {}
        if self.is_bound:
            self.is_valid()  # fills cleaned_data with the fields that are valid
            data = self.cleaned_data
        return {
            "association": self.associations.get(data.get("association") or ""),
            "region": data.get("region") or "",
            "kind": data.get("kind") or "",
            "open_now": bool(data.get("open_now")),
        }


def directory_programs(
    *,
    association: Association | None = None,
    region: str = "",
    kind: str = "",
    open_now: bool = False,
    now: dt.datetime | None = None,
) -> list[Program]:
    """Programs matching the filters: hosted or co-sponsored by `association`, hosted in `region`, of `kind`,
    taking applications at `now` (decided per program time zone, after a database filter a day wide)."""
    now = now or timezone.now()
    programs: QuerySet[Program] = (
        Program.objects.select_related("host").prefetch_related("partners").order_by(*LISTED_ORDER)
    )
    if association is not None:
        programs = programs.filter(Q(host=association) | Q(partners=association)).distinct()
    if region:
        programs = programs.filter(Q(host__region__iexact=region) | Q(partners__region__iexact=region)).distinct()
    if kind:
        programs = programs.filter(kind=kind)
    if open_now:
        # Every time zone's date is within a day of UTC's: the database keeps the candidates, Python decides.
        day = now.astimezone(dt.UTC).date()
        programs = programs.filter(
            Q(opens_on__isnull=True) | Q(opens_on__lte=day + dt.timedelta(days=1)),
            Q(deadline__isnull=True) | Q(deadline__gte=day - dt.timedelta(days=1)),
        )
        return [program for program in programs if program.is_open(now)]
    return list(programs)
