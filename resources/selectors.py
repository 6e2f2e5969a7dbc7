"""Where the library shows: guidelines beside the agreement, articles on a mentee's home by the areas they want
help in, and the speed coaching tips before a round. Each is one query."""

from __future__ import annotations

from django.db.models import BooleanField, Exists, F, Func, OuterRef, QuerySet

from accounts.models import User
from applications.models import Application
from resources.models import Resource

LISTED = ("pk", "association_id", "kind", "title", "summary", "url", "file", "areas")
HOME_ARTICLES = 5


class SharesAnArea(Func):
    """PostgreSQL's jsonb ?| text[]: does the application's expertise (a JSON list) name any of these areas."""

    template = "(%(expressions)s::text[])"
    arg_joiner = " ?| "
    output_field = BooleanField()


def _listed(association_id: int, kind: str) -> QuerySet[Resource]:
    return Resource.objects.published().filter(association_id=association_id, kind=kind).only(*LISTED)


def guidelines(association_id: int) -> QuerySet[Resource]:
    """The association's coaching guidelines, read beside the Statement of Mutual Understanding."""
    return _listed(association_id, Resource.Kind.GUIDELINE)


def speed_coaching_tips(association_id: int) -> QuerySet[Resource]:
    """The association's tips for a speed coaching round (coaching's pages include resources/_tips.html)."""
    return _listed(association_id, Resource.Kind.SPEED_COACHING_TIPS)


def mentee_articles(user_id: int, limit: int = HOME_ARTICLES) -> QuerySet[Resource]:
    """Articles of the associations where this person is a mentee, on the areas they asked help in (the home reads
    it as a prepared query, home.selectors)."""
    wanted = (
        Application.objects.filter(
            applicant_id=user_id, role=Application.Role.MENTEE, program__host=OuterRef("association_id")
        )
        .exclude(status=Application.Status.WITHDRAWN)
        .filter(SharesAnArea(F("expertise"), OuterRef("areas")))
    )
    return (
        Resource.objects.published()
        .filter(Exists(wanted), kind=Resource.Kind.ARTICLE)
        .only(*LISTED)
        .order_by("position", "-updated_at", "pk")[:limit]
    )


def articles_for_mentee(user: User, limit: int = HOME_ARTICLES) -> list[Resource]:
    return list(mentee_articles(user.pk, limit))
