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
import functools
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection
from django.db.models import Aggregate, BigIntegerField, Count, Exists, Max, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import JSONObject

from accounts.models import Profile
from applications.models import Application, Program
from matching.gallery_index import MentorIndex
from matching.models import Favourite, GalleryRequest, MatchRun
from matching.scoring import Weights
from matching.selectors import EXPERTISE_LABELS, matching_pool
from matching.text_vectors import by_meaning, pool_vectors
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
    return Program.objects.filter(pk=program_id).values(
        approved=_ids(Application.objects.filter(program=OuterRef("pk")).approved(), last_change=Max("updated_at")),
        active_pairings=_ids(Pairing.objects.filter(program=OuterRef("pk"), status=Pairing.Status.ACTIVE)),
        # Any profile's latest change, not only this pool's: a join per application would cost more than the
        # rare rebuild after someone else's profile edit (an index on updated_at makes it one index probe).
        profiles=Subquery(Profile.objects.order_by("-updated_at").values("updated_at")[:1]),
        latest_run=Subquery(latest_run.values(weights=JSONObject(**{f: f for f in MatchRun.WEIGHT_FIELDS}))[:1]),
    )


_PROGRAM_MARK = -7_919_331  # no program has a negative id: the compiled query's parameter that names the program


@functools.cache
def _version_sql(vendor: str) -> tuple[str, tuple]:
    """The version query compiled once per process: the ORM takes longer to compile its subqueries than
    PostgreSQL takes to run them, and it is asked on every gallery page."""
    return _version_query(_PROGRAM_MARK).query.sql_with_params()


def _json(value: str | dict | None) -> dict | None:
    return json.loads(value) if isinstance(value, str) else value  # psycopg2 under Django leaves jsonb as text


def pool_version(program: Program) -> PoolVersion:
    """What the pool is built from, named in one query, with the weights to rank by."""
    sql, params = _version_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [program.pk if value == _PROGRAM_MARK else value for value in params])
        approved, active_pairings, profiles, latest_run = cursor.fetchone()
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
    """The regions the mentors with room gave, for the filter (as typed, blank left out)."""
    return sorted({facts.region for facts in index.facts if facts.region})


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


def shown_mentors(keys: list[int], viewer: Application) -> dict[int, ShownMentor]:
    """The cards' mentors, with only the columns a card shows, and whether the viewer marked or asked each one."""
    favourite = Favourite.objects.filter(mentee_application=viewer, mentor_application=OuterRef("pk"))
    requested = GalleryRequest.objects.open().filter(mentee_application=viewer, mentor_application=OuterRef("pk"))
    rows = (
        Application.objects.filter(pk__in=keys)
        .annotate(is_favourite=Exists(favourite), is_requested=Exists(requested))
        .order_by()
        .values_list(
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
            "is_favourite",
            "is_requested",
        )
    )
    return {row[0]: ShownMentor(*row) for row in rows}
