"""The gallery's mentor pool: its index built once per change, its rooms read per request.

Why a version read on each request rather than a Celery task rebuilding on change: the pool changes through
many paths (an approval, a withdrawal, a mentor editing their answers or profile, the admin, an import), and a
task fired by signals would miss the writes that send none (`QuerySet.update`, raw SQL) and leave a window
where the gallery ranks from an old pool. One aggregate over the program's approved mentors (count, sum of ids,
the latest change to an application or a profile) names the pool exactly; the index is kept per process under
that name, so each worker builds it once per change and every other request only scores. Only computed data
is kept, never a page. Rooms (active pairings) change with every acceptance, so they are read per request in
one grouped query rather than being part of the version.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping

from django.db import connection
from django.db.models import Count, Max, Sum

from applications.models import Application, Program
from matching.gallery_index import MentorIndex
from matching.models import Pairing
from matching.selectors import mentor_facts

KEPT = 8  # indexes kept per process: a few programs' galleries, each in its latest version
_indexes: OrderedDict[tuple, MentorIndex] = OrderedDict()
_lock = threading.Lock()


def _mentors(program: Program):
    return Application.objects.filter(program=program).approved().mentors()


def pool_version(program: Program) -> tuple:
    """What the index is built from, named in one aggregate query."""
    found = _mentors(program).aggregate(
        count=Count("pk"),
        ids=Sum("pk"),
        applications=Max("updated_at"),
        profiles=Max("applicant__profile__updated_at"),
    )
    return tuple(found[name] for name in ("count", "ids", "applications", "profiles"))


def _build(program: Program, labels: Mapping[str, str] | None) -> MentorIndex:
    mentors = _mentors(program).select_related("applicant__profile").order_by("pk")
    # A mentor's places here (the program caps what they offered); rooms subtract active pairings per request.
    return MentorIndex.build([mentor_facts(m, program.mentor_places(m.capacity)) for m in mentors], labels)


def mentor_index(program: Program, labels: Mapping[str, str] | None = None) -> MentorIndex:
    """The program's mentor index, built only when the pool has changed since this process last built it."""
    key = (
        connection.settings_dict["NAME"],
        program.pk,
        program.mentor_max_mentees,  # caps every mentor's places
        pool_version(program),
        tuple(sorted(labels.items())) if labels else None,
    )
    with _lock:
        index = _indexes.get(key)
        if index is not None:
            _indexes.move_to_end(key)
            return index
    index = _build(program, labels)
    with _lock:
        _indexes[key] = index
        while len(_indexes) > KEPT:
            _indexes.popitem(last=False)
    return index


def mentor_regions(index: MentorIndex) -> list[str]:
    """The regions the approved mentors gave, for the filter (as typed, blank left out)."""
    return sorted({facts.region for facts in index.facts if facts.region})


def rooms(program: Program, index: MentorIndex) -> dict[int, int]:
    """Places left per mentor application, from one grouped query over the program's active pairings."""
    active = dict(
        Pairing.objects.filter(program=program, status=Pairing.Status.ACTIVE)
        .values_list("mentor_application_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {facts.key: max(0, facts.capacity - active.get(facts.key, 0)) for facts in index.facts}


def shown_mentors(keys: list[int]) -> dict[int, Application]:
    """The cards' mentors, with only the columns a card shows."""
    mentors = (
        Application.objects.filter(pk__in=keys)
        .select_related("applicant__profile")
        .only(
            "pk",
            "frequency",
            "expertise",
            "expertise_other",
            "statement",
            "applicant__full_name",
            "applicant__last_login",
            "applicant__profile__title",
            "applicant__profile__organization",
            "applicant__profile__region",
            "applicant__profile__city",
        )
    )
    return {m.pk: m for m in mentors}
