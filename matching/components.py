"""The component scorers other than text: expertise, meeting frequency, contact forms, career fit and
local-government fit, each a matrix of shape [n_mentees, n_mentors] with values in [0, 1]. Also owns what they
share: the fit tables (which the gallery's index reads too) and the encodings (strings to integer codes, sets to
bitmasks, `inverse`, which the text component borrows). Computed with broadcasting, table lookups and bit
counting, never a Python loop over pairs; Python loops run once per person only. No Django here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from matching.facts import (
    CAREER_STAGES,
    CONTACT_FORMS,
    EXPERIENCE_BANDS,
    FREQUENCIES,
    OTHER_AREA,
    MenteeFacts,
    MentorFacts,
    experience_band,
    normalise,
)
from matching.text_similarity import other_similarity

# How well a mentee's career stage fits a mentor's experience band (same order as EXPERIENCE_BANDS).
# Students and early-career mentees gain most from someone a few steps ahead who still remembers
# the entry-level path; mid-career mentees and aspiring managers from people who have run a
# department or an agency, hence 10+ years.
CAREER_FIT: dict[str, tuple[float, ...]] = {
    "student": (0.8, 1.0, 0.8, 0.6),
    "early_career": (0.6, 1.0, 0.9, 0.7),
    "mid_career": (0.3, 0.6, 1.0, 0.9),
    "aspiring_manager": (0.2, 0.5, 1.0, 1.0),
}
# A blank answer (the form allows it) scores this: it neither helps nor hurts a pair.
NEUTRAL = 0.5


def _frequency_table() -> np.ndarray:
    last = len(FREQUENCIES) - 1
    table = np.full((last + 2, last + 2), NEUTRAL)  # index -1 (blank) reads the extra neutral row and column
    for a, b in np.ndindex(last + 1, last + 1):
        table[a, b] = 1.0 - abs(a - b) / last
    table.setflags(write=False)
    return table


# Lookup tables shared with the gallery's index (matching/gallery_index.py), so both score with the same numbers.
FREQUENCY_STEPS: dict[str, int] = {value: index for index, value in enumerate(FREQUENCIES)}
FREQUENCY_TABLE = _frequency_table()
# CAREER_FIT as rows in CAREER_STAGES order, then a neutral row that a blank stage (index -1) reads.
CAREER_TABLE = np.array([CAREER_FIT[stage] for stage in CAREER_STAGES] + [(NEUTRAL,) * len(EXPERIENCE_BANDS)])
CAREER_TABLE.setflags(write=False)


# --- encodings: strings to integer codes, sets to bitmasks ---


def codes(*groups: Iterable[str]) -> list[np.ndarray]:
    """Integer codes for normalised strings, shared across the groups; blank is -1."""
    table: dict[str, int] = {"": -1}
    # The same raw strings repeat (regions, choice values): normalise each only once.
    seen: dict[str, int] = {}
    result = []
    for group in groups:
        group_codes = []
        for text in group:
            code = seen.get(text)
            if code is None:
                code = seen[text] = table.setdefault(normalise(text), len(table) - 1)
            group_codes.append(code)
        result.append(np.array(group_codes, dtype=np.int64))
    return result


def inverse(counts: np.ndarray) -> np.ndarray:
    """1/count, and 0 where the count is 0 (a share of nothing is 0)."""
    return np.divide(1.0, counts, out=np.zeros(counts.shape), where=counts > 0)


def both_filled(mentee_codes: np.ndarray, mentor_codes: np.ndarray) -> np.ndarray:
    return (mentee_codes >= 0)[:, None] & (mentor_codes >= 0)[None, :]


def same(mentee_codes: np.ndarray, mentor_codes: np.ndarray) -> np.ndarray:
    """True where both sides gave the same non-blank value."""
    return (mentee_codes[:, None] == mentor_codes[None, :]) & (mentee_codes >= 0)[:, None]


def bitmasks(sets: Sequence[Iterable[str]], bits: Mapping[str, int], dtype: type = np.uint32) -> np.ndarray:
    """A set of values per person as bits: shape [people, words], value with bit number b is
    bit b % w of word b // w (w bits per word), so any number of distinct values fits."""
    width = np.dtype(dtype).itemsize * 8
    words = max(1, -(-len(bits) // width))
    rows = []
    for values in sets:
        row = [0] * words
        for value in set(values):
            bit = bits[value]
            row[bit // width] |= 1 << (bit % width)
        rows.append(row)
    return np.array(rows, dtype=dtype).reshape(len(sets), words)


def shared_counts(mentee_masks: np.ndarray, mentor_masks: np.ndarray) -> np.ndarray:
    """|mentee's set ∩ mentor's set| for every pair: popcount of the AND, word by word.
    Bit counting instead of a one-hot matrix product keeps BLAS threads out of it."""
    shared = np.zeros((mentee_masks.shape[0], mentor_masks.shape[0]), dtype=np.uint16)
    for word in range(mentee_masks.shape[1]):
        shared += np.bitwise_count(mentee_masks[:, word, None] & mentor_masks[None, :, word])
    return shared


def colocated(mentors: Sequence[MentorFacts], mentees: Sequence[MenteeFacts]) -> np.ndarray:
    """Same region when both gave one; otherwise same city (both given). Names compare
    case- and space-insensitively. Two different regions never count, even with equal city
    names, since city names repeat across regions."""
    mentee_region, mentor_region = codes((m.region for m in mentees), (m.region for m in mentors))
    mentee_city, mentor_city = codes((m.city for m in mentees), (m.city for m in mentors))
    both_regions = both_filled(mentee_region, mentor_region)
    return np.where(both_regions, same(mentee_region, mentor_region), same(mentee_city, mentor_city))


# --- the components ---


def expertise_component(mentors: Sequence[MentorFacts], mentees: Sequence[MenteeFacts]) -> np.ndarray:
    """|wanted ∩ mentor's expertise| / |wanted|, as sets of values (any strings), where an "Other" area both
    chose counts only as much as their two texts are alike (`other_similarity`): two people who each wrote
    something else under "Other" share nothing until what they wrote says so.

    A mentee who wanted no area scores 0 with everyone: there is nothing to match on, and as
    it is the same for all their mentors it does not change whom they get."""
    areas = sorted({value for m in mentors for value in m.expertise} | {value for m in mentees for value in m.wanted})
    bits = {value: index for index, value in enumerate(areas)}
    wanted = bitmasks([m.wanted for m in mentees], bits)
    offered = bitmasks([m.expertise for m in mentors], bits)
    wanted_counts = np.bitwise_count(wanted).sum(axis=1)
    shared = shared_counts(wanted, offered).astype(float)
    askers = np.array([OTHER_AREA in m.wanted for m in mentees], dtype=bool)
    offerers = np.array([OTHER_AREA in m.expertise for m in mentors], dtype=bool)
    if askers.any() and offerers.any():
        rows, columns = np.flatnonzero(askers), np.flatnonzero(offerers)
        others = other_similarity(
            [mentees[i].wanted_other for i in rows], [mentors[j].expertise_other for j in columns]
        )
        # The shared "Other" counted 1 above; it counts as much as the texts are alike instead.
        shared[np.ix_(rows, columns)] += others - 1.0
    return shared * inverse(wanted_counts)[:, None]


def frequency_component(mentors: Sequence[MentorFacts], mentees: Sequence[MenteeFacts]) -> np.ndarray:
    """1 - d/3, with d the number of steps between the two choices on the 4-step scale
    monthly < every other month < quarterly < semi-annually; NEUTRAL when either is blank."""
    # One table lookup per pair.
    mentee_step = np.array([FREQUENCY_STEPS.get(m.frequency, -1) for m in mentees], dtype=np.int64)
    mentor_step = np.array([FREQUENCY_STEPS.get(m.frequency, -1) for m in mentors], dtype=np.int64)
    return FREQUENCY_TABLE[mentee_step[:, None], mentor_step[None, :]]


def contact_component(mentors: Sequence[MentorFacts], mentees: Sequence[MenteeFacts]) -> np.ndarray:
    """|forms both accept| / |forms the mentee accepts|: the share of the mentee's ways to meet
    that this mentor offers (a mentor who offers more is not penalised, unlike Jaccard).
    In person is shared only when the two are colocated (see `colocated`). A mentee who
    accepts no form scores 0."""
    bits = {form: index for index, form in enumerate(CONTACT_FORMS)}
    # Four forms fit in a byte: the pairwise AND below is then n x n bytes.
    mentee_forms = bitmasks([m.contact_forms for m in mentees], bits, np.uint8)[:, 0]
    mentor_forms = bitmasks([m.contact_forms for m in mentors], bits, np.uint8)[:, 0]
    both = mentee_forms[:, None] & mentor_forms[None, :]
    in_person_bit = np.uint8(1 << bits["in_person"])
    in_person = (both & in_person_bit).astype(bool)
    in_person &= colocated(mentors, mentees)
    both &= ~in_person_bit  # counted through in_person, where the two are colocated
    shared = np.bitwise_count(both) + in_person
    return shared * inverse(np.bitwise_count(mentee_forms))[:, None]


def career_component(mentors: Sequence[MentorFacts], mentees: Sequence[MenteeFacts]) -> np.ndarray:
    """CAREER_FIT[mentee's career stage][mentor's experience band]; NEUTRAL for a blank stage."""
    # A blank stage reads the last row, the neutral one.
    stage = np.array([CAREER_STAGES.index(m.career_stage) if m.career_stage else -1 for m in mentees], dtype=np.int64)
    band = np.array([experience_band(m.years_experience) for m in mentors], dtype=np.int64)
    return CAREER_TABLE[stage[:, None], band[None, :]]


def local_government_component(mentors: Sequence[MentorFacts], mentees: Sequence[MenteeFacts]) -> np.ndarray:
    """The share of same answers among region, jurisdiction type and jurisdiction size, over
    those both sides gave; NEUTRAL when no attribute was given by both."""
    # Small integer counters: these n x n buffers are 8 times lighter than floats.
    matches = np.zeros((len(mentees), len(mentors)), dtype=np.int8)
    known = np.zeros((len(mentees), len(mentors)), dtype=np.int8)
    for attribute in ("region", "jurisdiction_type", "jurisdiction_size"):
        mentee_codes, mentor_codes = codes(
            (getattr(m, attribute) for m in mentees), (getattr(m, attribute) for m in mentors)
        )
        known += both_filled(mentee_codes, mentor_codes)
        matches += same(mentee_codes, mentor_codes)
    return np.divide(matches, known, out=np.full(matches.shape, NEUTRAL), where=known > 0)


def area_cover(mentors: Sequence[MentorFacts], mentees: Sequence[MenteeFacts]) -> tuple[np.ndarray, np.ndarray]:
    """The expertise component area by area, for dream teams (matching.teams): one row per (mentee, area wanted),
    in mentee order, as (the mentee of each row, how much each mentor covers that area: 1 when they offer it, for
    "Other" as much as the two texts are alike). A row sums, over a mentee's rows and divided by the number of
    areas they want, to `expertise_component`."""
    rows = [(i, area) for i, mentee in enumerate(mentees) for area in dict.fromkeys(mentee.wanted)]
    areas = sorted({area for _, area in rows})
    offered = np.array([[area in mentor.expertise for mentor in mentors] for area in areas], dtype=np.float64)
    offered = offered.reshape(len(areas), len(mentors))
    index = {area: k for k, area in enumerate(areas)}
    cover = offered[[index[area] for _, area in rows]] if rows else np.zeros((0, len(mentors)))
    askers = [r for r, (_, area) in enumerate(rows) if area == OTHER_AREA]
    offerers = [j for j, mentor in enumerate(mentors) if OTHER_AREA in mentor.expertise]
    if askers and offerers:
        cover[np.ix_(askers, offerers)] = other_similarity(
            [mentees[rows[r][0]].wanted_other for r in askers], [mentors[j].expertise_other for j in offerers]
        )
    return np.array([i for i, _ in rows], dtype=np.int64), cover
