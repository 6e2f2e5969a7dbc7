"""A mentee's ranking of the gallery's mentors, kept per process for the pool's version it was computed from.

Ranking and explaining a page costs more than the rest of the gallery page together, and its result depends only
on the pool's version (matching/gallery_pool.py names every row it reads), the viewer's own facts and the
filters: the same key always gives the same ranking, so a kept one is never stale. Any change to the pool or to
the viewer's answers is a new key. What may change without a new version (a mentor's name and last login, the
viewer's favourites and requests) is not kept here: the cards read it on every request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from django.core.paginator import Page, Paginator

from matching.facts import MenteeFacts
from matching.gallery_index import MentorIndex
from matching.gallery_pool import PoolVersion
from matching.reasons import explain
from matching.selectors import REASON_LABELS

KEPT = 1024  # rankings kept per process: about 6 KB each with 1,500 mentors (its explained pages are smaller)
_rankings: OrderedDict[tuple, Ranking] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class Shown:
    """A mentor on the page: the index's row, the score and its plain reasons."""

    row: int
    score: float
    reasons: list[str]


@dataclass
class Ranking:
    order: np.ndarray  # the index's rows shown to the viewer, best first
    pages: dict[tuple[int, int], list[Shown]] = field(default_factory=dict)  # (page, per page) -> its mentors


def _rank(index: MentorIndex, viewer: MenteeFacts, person: int, weights, fit: bool, filters: tuple) -> np.ndarray:
    expertise, region, frequency = filters
    shown_mask = index.persons != person
    if expertise:
        shown_mask &= index.offers(expertise)
    if region:
        shown_mask &= np.array([f.region.upper() == region.upper() for f in index.facts], dtype=bool)
    if frequency:
        shown_mask &= np.array([f.frequency == frequency for f in index.facts], dtype=bool)
    candidates = np.flatnonzero(shown_mask)
    if not len(candidates):
        return candidates
    total, _ = index.score(viewer, weights, local_government_fit=fit)
    return candidates[np.lexsort((index.keys[candidates], -total[candidates]))]


def ranked_page(
    index: MentorIndex,
    version: PoolVersion,
    viewer: MenteeFacts,
    *,
    person: int,
    local_government_fit: bool,
    filters: tuple[str, str, str],
    page: int | str | None,
    per_page: int,
) -> tuple[Page, list[Shown]]:
    """One page of the viewer's ranking (a Paginator page of index rows) and its mentors scored and explained."""
    key = (version.key, version.weights, viewer, person, local_government_fit, filters)
    with _lock:
        ranking = _rankings.get(key)
        if ranking is not None:
            _rankings.move_to_end(key)
    if ranking is None:
        ranking = Ranking(_rank(index, viewer, person, version.weights, local_government_fit, filters))
        with _lock:
            _rankings[key] = ranking
            while len(_rankings) > KEPT:
                _rankings.popitem(last=False)
    shown = Paginator(ranking.order, per_page).get_page(page)
    explained = ranking.pages.get((shown.number, per_page))
    if explained is None:
        explained = _explain(index, version, viewer, local_government_fit, [int(j) for j in shown.object_list])
        ranking.pages[(shown.number, per_page)] = explained  # the same list whichever thread wrote it first
    return shown, explained


def _explain(index: MentorIndex, version: PoolVersion, viewer: MenteeFacts, fit: bool, rows: list[int]) -> list[Shown]:
    if not rows:
        return []
    total, components = index.score(viewer, version.weights, local_government_fit=fit)
    result = []
    for j in rows:
        pair = {name: float(values[j]) for name, values in components.items()}
        result.append(Shown(j, float(total[j]), explain(index.facts[j], viewer, pair, REASON_LABELS)))
    return result


def explain_mentor(
    index: MentorIndex, version: PoolVersion, viewer: MenteeFacts, *, local_government_fit: bool, key: int
) -> Shown | None:
    """One mentor of the pool scored and explained for the viewer (a profile page), as the gallery's card shows
    them; None when the pool leaves them out (no room left)."""
    rows = np.flatnonzero(index.keys == key)
    if not len(rows):
        return None
    return _explain(index, version, viewer, local_government_fit, [int(rows[0])])[0]
