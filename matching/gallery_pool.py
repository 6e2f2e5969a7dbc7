"""The gallery's index of a program's matching pool: built once per change of the pool, named by one query.

Why a version read on each request rather than a Celery task rebuilding on change: the pool changes through
many paths (an approval, a withdrawal, a mentor or mentee editing their answers or profile, a pairing made or
ended, the admin, an import), and a task fired by signals would miss the writes that send none
(`QuerySet.update`, raw SQL) and leave a window where the gallery ranks from an old pool. One query names
everything the pool and its scoring read: the program's approved applications (which ones and their latest
change), the latest change to a profile, its active pairings (they decide who has room, so who is in the pool) and
the latest match run's weights. The index is kept per process under that name, so each worker builds it once
per change and every other request only scores. Only computed data is kept, never a page.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection
from django.db.models import Aggregate, BigIntegerField, Count, Exists, Max, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import JSONObject

from accounts.models import Profile, User
from applications.models import Application, Program
from matching.gallery_index import MentorIndex
from matching.models import Favourite, GalleryRequest, MatchRun
from matching.scoring import Weights
from matching.selectors import EXPERTISE_LABELS, matching_pool
from matching.text_vectors import by_meaning, pool_vectors
from mentorship.prepared import PreparedQuery, ids_in
from pairings.models import Pairing

KEPT = 8  # indexes kept per process: a few programs' galleries, each in its latest version
_indexes: OrderedDict[tuple, MentorIndex] = OrderedDict()
_lock = threading.Lock()
_LABELS = tuple(sorted(EXPERTISE_LABELS.items()))


@dataclass(frozen=True)
class PoolVersion:
    key: tuple  # changes whenever the pool or how it is encoded changes
    weights: Weights  # the latest match run's, which the gallery ranks by


class _BitXor(Aggregate):
    function = "BIT_XOR"
    output_field = BigIntegerField()


def _ids(rows: QuerySet, **more: Aggregate) -> Subquery:
    """The rows' ids named by their count, sum and XOR (a different set of rows gives a different triple unless
    as many rows join as leave with the same sum and the same XOR at once), with `more` aggregates of the same
    rows, in one scan. Cheaper than hashing the id list: no sort and no string per row."""
    found = JSONObject(n=Count("pk"), sum=Sum("pk"), xor=_BitXor("pk"), **more)
    return Subquery(rows.order_by().values("program").annotate(found=found).values("found"))


def _version_query(program_id: int) -> QuerySet:
    """What the pool is built from, as one row of scalar subqueries."""
    latest_run = MatchRun.objects.filter(program=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        Program.objects.filter(pk=program_id)
        .annotate(
            approved=_ids(Application.objects.filter(program=OuterRef("pk")).approved(), last_change=Max("updated_at")),
            active_pairings=_ids(Pairing.objects.filter(program=OuterRef("pk"), status=Pairing.Status.ACTIVE)),
            # Any profile's latest change, not only this pool's: a join per application would cost more than the
            # rare rebuild after someone else's profile edit (an index on updated_at makes it one index probe).
            profiles=Subquery(Profile.objects.order_by("-updated_at").values("updated_at")[:1]),
            latest_run=Subquery(latest_run.values(weights=JSONObject(**{f: f for f in MatchRun.WEIGHT_FIELDS}))[:1]),
        )
        .values_list("approved", "active_pairings", "profiles", "latest_run")
    )


# Stand-ins for mentorship.prepared: no row has a negative id, and a slug is letters, digits, hyphens and underscores.
PERSON, PROGRAM, APPLICATION = -7_919_401, -7_919_402, -7_919_403
IDS, SLUG = (-7_919_404,), "~slug~"

_VERSION = PreparedQuery("gallery_pool_version", _version_query, program_id=PROGRAM)


def _json(value: str | dict | None) -> dict | None:
    return json.loads(value) if isinstance(value, str) else value  # psycopg2 under Django leaves jsonb as text


def pool_version(program: Program) -> PoolVersion:
    """What the pool is built from, named in one query, with the weights to rank by."""
    ((approved, active_pairings, profiles, latest_run),) = _VERSION.rows(program_id=program.pk)
    run = _json(latest_run)
    weights = Weights(**{f.removeprefix("weight_"): v for f, v in run.items()}) if run else Weights()
    # Who has room, so who is in the pool; and how texts are compared.
    settings = (program.mentor_max_mentees, program.mentee_max_mentors, by_meaning(program))
    found = (_json(approved), _json(active_pairings), profiles)
    key = (connection.settings_dict["NAME"], program.pk, settings, str(found), _LABELS)
    return PoolVersion(key=key, weights=weights)


def _build(program: Program) -> MentorIndex:
    pool = matching_pool(program)
    vectors = pool_vectors(program, pool, EXPERTISE_LABELS)
    return MentorIndex.build(pool.mentor_facts, pool.mentee_facts, EXPERTISE_LABELS, vectors)


def mentor_index(program: Program, version: PoolVersion | None = None) -> MentorIndex:
    """The index of the program's pool, built only when the pool has changed since this process last built it.

    A write between the version's read and the build at worst files a newer pool under the older name; the
    next request reads the newer name and builds again, so an older pool is never served under a newer name."""
    key = (version or pool_version(program)).key
    with _lock:
        index = _indexes.get(key)
        if index is not None:
            _indexes.move_to_end(key)
            return index
    index = _build(program)
    with _lock:
        _indexes[key] = index
        while len(_indexes) > KEPT:
            _indexes.popitem(last=False)
    return index


def mentor_regions(index: MentorIndex) -> list[str]:
    """The regions the mentors with room gave, for the filter (as typed, blank left out), read once per pool."""
    return list(index.regions)


class ShownMentor(NamedTuple):
    """The columns a card shows, as one row (no model instances: twelve of them, with their user and profile,
    cost more to build than the query takes)."""

    pk: int
    frequency: str
    expertise: list[str]
    expertise_other: str
    statement: str
    full_name: str
    last_login: dt.datetime | None
    title: str | None  # None when the mentor has no profile
    organization: str | None
    region: str | None
    city: str | None
    is_favourite: bool  # the viewer marked them
    is_requested: bool  # the viewer's request to them is open


def _shown_query(ids: Sequence[int], viewer_id: int) -> QuerySet:
    favourite = Favourite.objects.filter(mentee_application_id=viewer_id, mentor_application=OuterRef("pk"))
    requested = GalleryRequest.objects.open().filter(mentee_application_id=viewer_id, mentor_application=OuterRef("pk"))
    return (
        Application.objects.filter(pk__in=ids_in(ids))
        .annotate(is_favourite=Exists(favourite), is_requested=Exists(requested))
        .order_by()
        .values_list(*SHOWN_COLUMNS, "is_favourite", "is_requested")
    )


SHOWN_COLUMNS = (
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
_SHOWN = PreparedQuery("gallery_shown", _shown_query, ids=IDS, viewer_id=APPLICATION)


def shown_mentors(keys: list[int], viewer: Application) -> dict[int, ShownMentor]:
    """The cards' mentors, with only the columns a card shows, and whether the viewer marked or asked each one."""
    return {row[0]: ShownMentor(*row) for row in _SHOWN.rows(ids=keys, viewer_id=viewer.pk)}


# The viewer: their application with what their facts read (matching.selectors.mentee_facts), their profile's
# place, their program whole, and their count of active mentors (their room).
_VIEWER_APPLICATION = (
    "pk",
    "program_id",
    "applicant_id",
    "role",
    "status",
    "expertise",
    "expertise_other",
    "frequency",
    "contact_forms",
    "goals",
    "public_service_interest",
    "preferences",
    "career_stage",
)
_VIEWER_PROFILE = ("id", "organization", "title", "city", "region", "jurisdiction_type", "jurisdiction_size")
_PROGRAM_FIELDS = tuple(f.attname for f in Program._meta.concrete_fields)


def active_mentors() -> Subquery:
    """An application's count of active pairings as a mentee, to annotate it as `active_mentors`."""
    active = Pairing.objects.filter(mentee_application=OuterRef("pk"), status=Pairing.Status.ACTIVE)
    return Subquery(active.order_by().values("mentee_application").annotate(n=Count("pk")).values("n"))


def _viewer_query(person: int, slug: str, role: str = Application.Role.MENTEE) -> QuerySet:
    return (
        Application.objects.filter(program__slug=slug, applicant_id=person, role=role)
        .approved()
        .annotate(active_mentors=active_mentors())
        .values_list(
            *_VIEWER_APPLICATION,
            *(f"applicant__profile__{name}" for name in _VIEWER_PROFILE),
            *(f"program__{name.removesuffix('_id')}" for name in _PROGRAM_FIELDS),
            "active_mentors",
        )
    )


_VIEWER = PreparedQuery("gallery_viewer", _viewer_query, person=PERSON, slug=SLUG)


def gallery_viewer(person: int, slug: str) -> Application | None:
    """The person's approved mentee application in the program, with its applicant's profile and its program
    (model instances, as the rest of the page reads them), or None; in one query compiled once."""
    rows = _VIEWER.rows(person=person, slug=slug)
    if not rows:
        return None
    row = rows[0]
    sizes = (len(_VIEWER_APPLICATION), len(_VIEWER_PROFILE), len(_PROGRAM_FIELDS))
    application_values, row = row[: sizes[0]], row[sizes[0] :]
    profile_values, row = row[: sizes[1]], row[sizes[1] :]
    program_values, (active,) = row[: sizes[2]], row[sizes[2] :]
    application = Application(**dict(zip(_VIEWER_APPLICATION, application_values, strict=True)))
    application.program = Program.from_db(connection.alias, _PROGRAM_FIELDS, program_values)
    application.active_mentors = active
    user = User(pk=application.applicant_id)
    if profile_values[0] is None:
        User.profile.related.set_cached_value(user, None)  # no profile: reading it must not query
    else:
        user.profile = Profile(user=user, **dict(zip(_VIEWER_PROFILE, profile_values, strict=True)))
    application.applicant = user
    return application
