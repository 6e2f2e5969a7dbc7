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
from django.db.models import (
    Aggregate,
    BigIntegerField,
    Count,
    Exists,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
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
    found = JSONObject(n=Count("*"), sum=Sum("pk"), xor=_BitXor("pk"), **more)
    # Grouped by a constant, which Django leaves out of GROUP BY: one plain aggregate over the rows, which costs
    # PostgreSQL a third less than a GroupAggregate by program comparing every row's program to the last one's.
    return Subquery(rows.order_by().annotate(all=Value(1)).values("all").annotate(found=found).values("found"))


def _version_columns(program: OuterRef) -> dict[str, Subquery]:
    """What the pool of the program `program` refers to is built from, as scalar subqueries."""
    latest_run = MatchRun.objects.filter(program=program).order_by("-created_at", "-pk")
    return {
        "approved": _ids(Application.objects.filter(program=program).approved(), last_change=Max("updated_at")),
        "active_pairings": _ids(Pairing.objects.filter(program=program, status=Pairing.Status.ACTIVE)),
        # Any profile's latest change, not only this pool's: a join per application would cost more than the
        # rare rebuild after someone else's profile edit (an index on updated_at makes it one index probe).
        "profiles": Subquery(Profile.objects.order_by("-updated_at").values("updated_at")[:1]),
        "latest_run": Subquery(latest_run.values(weights=JSONObject(**{f: f for f in MatchRun.WEIGHT_FIELDS}))[:1]),
    }


VERSION_COLUMNS = ("approved", "active_pairings", "profiles", "latest_run")


def _version_query(program_id: int) -> QuerySet:
    """What the pool is built from, as one row of scalar subqueries."""
    columns = _version_columns(OuterRef("pk"))
    return Program.objects.filter(pk=program_id).annotate(**columns).order_by().values_list(*VERSION_COLUMNS)


# Stand-ins for mentorship.prepared: no row has a negative id, and a slug is letters, digits, hyphens and underscores.
PERSON, PROGRAM, APPLICATION = -7_919_401, -7_919_402, -7_919_403
IDS, SLUG = (-7_919_404,), "~slug~"

_VERSION = PreparedQuery("gallery_pool_version", _version_query, program_id=PROGRAM)


def _json(value: str | dict | None) -> dict | None:
    return json.loads(value) if isinstance(value, str) else value  # psycopg2 under Django leaves jsonb as text


def pool_version(program: Program) -> PoolVersion:
    """What the pool is built from, named in one query, with the weights to rank by."""
    (row,) = _VERSION.rows(program_id=program.pk)
    return _version(program, *row)


def _version(
    program: Program, approved: str, active_pairings: str, profiles: dt.datetime, latest_run: str
) -> PoolVersion:
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


def _in_model_order(model: type, names: Sequence[str]) -> tuple[str, ...]:
    """Field attnames in the model's order, as `Model.from_db` takes their values."""
    order = [f.attname for f in model._meta.concrete_fields]
    return tuple(sorted(names, key=order.index))


_VIEWER_APPLICATION = _in_model_order(
    Application,
    (
        "id",
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
    ),
)
_VIEWER_PROFILE = _in_model_order(
    Profile, ("id", "user_id", "organization", "title", "city", "region", "jurisdiction_type", "jurisdiction_size")
)
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


def _viewer_and_version_query(person: int, slug: str) -> QuerySet:
    """The viewer's row with their program's pool version beside it (pool_version's columns): the gallery's two
    first reads in one round trip."""
    return _viewer_query(person, slug).annotate(**_version_columns(OuterRef("program_id"))).order_by()


_VIEWER_AND_VERSION = PreparedQuery("gallery_viewer_version", _viewer_and_version_query, person=PERSON, slug=SLUG)


def gallery_viewer(person: int, slug: str) -> Application | None:
    """The person's approved mentee application in the program, with its applicant's profile and its program
    (model instances, as the rest of the page reads them), or None; in one query compiled once."""
    rows = _VIEWER.rows(person=person, slug=slug)
    return _viewer(rows[0]) if rows else None


def gallery_viewer_and_version(person: int, slug: str) -> tuple[Application, PoolVersion] | None:
    """`gallery_viewer` and the `pool_version` of its program, in one query; None for who is not a viewer."""
    rows = _VIEWER_AND_VERSION.rows(person=person, slug=slug)
    if not rows:
        return None
    *row, approved, active_pairings, profiles, latest_run = rows[0]
    viewer = _viewer(row)
    return viewer, _version(viewer.program, approved, active_pairings, profiles, latest_run)


_SIZES = (len(_VIEWER_APPLICATION), len(_VIEWER_PROFILE), len(_PROGRAM_FIELDS))


def _viewer(row: Sequence) -> Application:
    """The viewer's models from their row (built as the ORM builds a row's models: from_db, the fields not read
    left deferred)."""
    application_values, row = row[: _SIZES[0]], row[_SIZES[0] :]
    profile_values, row = row[: _SIZES[1]], row[_SIZES[1] :]
    program_values, (active,) = row[: _SIZES[2]], row[_SIZES[2] :]
    application = Application.from_db(connection.alias, _VIEWER_APPLICATION, application_values)
    application.program = Program.from_db(connection.alias, _PROGRAM_FIELDS, program_values)
    application.active_mentors = active
    user = User(pk=application.applicant_id)
    if profile_values[_VIEWER_PROFILE.index("id")] is None:
        User.profile.related.set_cached_value(user, None)  # no profile: reading it must not query
    else:
        profile = Profile.from_db(connection.alias, _VIEWER_PROFILE, profile_values)
        Profile.user.field.set_cached_value(profile, user)
        user.profile = profile
    application.applicant = user
    return application
