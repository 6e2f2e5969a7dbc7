"""The gallery's index: a program's matching pool encoded once, then any one mentee scored against its mentors.

`score_matrix` encodes the whole pool afresh on each call (codes, bitmasks, TF-IDF over every text), which is
right for a match run but far too slow for a page a mentee reloads. `MentorIndex.build` does that encoding once
per change of the pool (the mentors with room and the waiting mentees, as `matching_pool` reads them);
`MentorIndex.score` then scores one mentee with a few vector operations. The scores equal the mentee's row of
`score_matrix(pool mentors, pool mentees, ...)` bit for bit, text included: the text part weighs words over the
whole pool, so the index keeps the pool's TF-IDF rows (fitted by the same `tfidf_rows` a match run uses) and
reads the mentee's row of them. A mentee the pool leaves out (no room for another mentor) is scored among the
pool too, as one more mentee of it: the index keeps the pool's analysed documents and fits again with the
mentee's added, reading no one else's text again (matching/tests/test_gallery_index.py holds them together).

Plain data in, numpy out; no Django here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from matching.components import CAREER_TABLE, FREQUENCY_STEPS, FREQUENCY_TABLE, NEUTRAL
from matching.facts import (
    CAREER_STAGES,
    CONTACT_FORMS,
    OTHER_AREA,
    MenteeFacts,
    MentorFacts,
    check_vocabulary,
    experience_band,
    normalise,
)
from matching.scoring import Weights, settled
from matching.semantic import TextVectors
from matching.text_similarity import (
    analyse,
    mentee_document,
    mentor_document,
    on_scale,
    other_similarity,
    tfidf_rows,
)

PLACE_ATTRIBUTES = ("region", "city", "jurisdiction_type", "jurisdiction_size")
_CONTACT_BITS = {form: index for index, form in enumerate(CONTACT_FORMS)}
_IN_PERSON = np.uint8(1 << _CONTACT_BITS["in_person"])


def _mask(values: Sequence[str] | frozenset[str], bits: Mapping[str, int]) -> int:
    mask = 0
    for value in set(values):
        if value in bits:
            mask |= 1 << bits[value]
    return mask


def _share(counts: np.ndarray, of: int) -> np.ndarray:
    """counts times 1/of, 0 when `of` is 0: the score matrix's arithmetic (x * (1/n), not x / n), so the bits agree."""
    return counts * (1.0 / of if of else 0.0)


@dataclass(frozen=True, eq=False)  # arrays have no single truth value to compare
class MentorIndex:
    facts: tuple[MentorFacts, ...]
    keys: np.ndarray  # application ids, in the order given
    persons: np.ndarray
    area_bits: dict[str, int]
    offered: np.ndarray  # expertise bitmask per mentor (Python ints: any number of areas)
    frequency: np.ndarray  # step on the FREQUENCIES scale, -1 blank
    contact: np.ndarray  # contact forms bitmask (uint8)
    band: np.ndarray  # experience band
    place_codes: dict[str, dict[str, int]]  # attribute -> normalised value -> code
    places: dict[str, np.ndarray]  # attribute -> code per mentor, -1 blank
    other_texts: tuple[str, ...]  # the "Other" area's text of each mentor offering one, in order
    other_mentors: np.ndarray  # which mentors offer "Other"
    # The text part: the pool's documents (waiting mentees first, then mentors, as a match run lists them).
    mentees: dict[int, tuple[int, MenteeFacts]]  # application id -> (row, facts) of the pool's mentees
    analysed: tuple[tuple[str, ...], ...]  # the pool's documents as `analyse` reads them
    rows: sparse.csr_matrix  # the pool's TF-IDF rows, as `text_component` builds them
    mentor_columns: sparse.csr_matrix  # the mentors' TF-IDF rows transposed: terms x mentors
    vectors: TextVectors | None = None  # the pool's text vectors when the program compares by meaning
    regions: tuple[str, ...] = ()  # the regions the mentors gave, as typed, sorted, blank left out (a filter)

    @classmethod
    def build(
        cls,
        mentors: Sequence[MentorFacts],
        mentees: Sequence[MenteeFacts] = (),
        labels: Mapping[str, str] | None = None,
        vectors: TextVectors | None = None,
    ) -> MentorIndex:
        """The index of a pool: its mentors (scored) and its waiting mentees (who weigh the words too)."""
        check_vocabulary(mentors, mentees)
        areas = sorted({value for m in mentors for value in m.expertise})
        area_bits = {value: index for index, value in enumerate(areas)}
        place_codes: dict[str, dict[str, int]] = {}
        places: dict[str, np.ndarray] = {}
        for attribute in PLACE_ATTRIBUTES:
            table: dict[str, int] = {}
            codes = [
                table.setdefault(normalise(v), len(table)) if normalise(v) else -1
                for v in (getattr(m, attribute) for m in mentors)
            ]
            place_codes[attribute], places[attribute] = table, np.array(codes, dtype=np.int64)
        analysed = [analyse(mentee_document(m)) for m in mentees]
        analysed += [analyse(mentor_document(m, labels)) for m in mentors]
        rows = tfidf_rows(analysed)
        other_mentors = np.array([OTHER_AREA in m.expertise for m in mentors], dtype=bool)
        return cls(
            facts=tuple(mentors),
            keys=np.array([m.key for m in mentors], dtype=np.int64),
            persons=np.array([m.person for m in mentors], dtype=np.int64),
            area_bits=area_bits,
            offered=np.array([_mask(m.expertise, area_bits) for m in mentors], dtype=object),
            frequency=np.array([FREQUENCY_STEPS.get(m.frequency, -1) for m in mentors], dtype=np.int64),
            contact=np.array([_mask(m.contact_forms, _CONTACT_BITS) for m in mentors], dtype=np.uint8),
            band=np.array([experience_band(m.years_experience) for m in mentors], dtype=np.int64),
            place_codes=place_codes,
            places=places,
            other_texts=tuple(m.expertise_other for m in mentors if OTHER_AREA in m.expertise),
            other_mentors=other_mentors,
            mentees={m.key: (row, m) for row, m in enumerate(mentees)},
            analysed=tuple(analysed),
            rows=rows,
            mentor_columns=rows[len(mentees) :].T.tocsr(),
            vectors=vectors,
            regions=tuple(sorted({m.region for m in mentors if m.region})),
        )

    def __len__(self) -> int:
        return len(self.facts)

    def offers(self, area: str) -> np.ndarray:
        """Which mentors offer `area`."""
        bit = self.area_bits.get(area)
        if bit is None:
            return np.zeros(len(self), dtype=bool)
        return np.array([bool(mask >> bit & 1) for mask in self.offered], dtype=bool)

    def score(
        self, mentee: MenteeFacts, weights: Weights | None = None, *, local_government_fit: bool = True
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The mentee's total against every mentor and the active components, as `score_matrix` gives them."""
        check_vocabulary([], [mentee])
        active = (weights or Weights()).active(local_government_fit=local_government_fit)
        components = {name: getattr(self, f"_{name}")(mentee) for name in active}
        total = sum((components[name] * weight for name, weight in active.items()), np.zeros(len(self)))
        return settled(total), components

    # --- one component each, for one mentee against every mentor ---

    def _code(self, attribute: str, value: str) -> int:
        """The mentee's code for a place attribute: -1 blank, a code no mentor has when unknown."""
        key = normalise(value)
        return self.place_codes[attribute].get(key, len(self.place_codes[attribute])) if key else -1

    def _same(self, attribute: str, mentee: MenteeFacts) -> tuple[np.ndarray, np.ndarray]:
        """(both gave one, same value) per mentor."""
        code = self._code(attribute, getattr(mentee, attribute))
        mentor_codes = self.places[attribute]
        both = (mentor_codes >= 0) & (code >= 0)
        return both, both & (mentor_codes == code)

    def _expertise(self, mentee: MenteeFacts) -> np.ndarray:
        wanted = _mask(mentee.wanted, self.area_bits)
        shared = np.array([(mask & wanted).bit_count() for mask in self.offered], dtype=float)
        if OTHER_AREA in mentee.wanted and self.other_texts:
            # As the score matrix does: the shared "Other" counts as much as the two texts are alike.
            shared[self.other_mentors] += other_similarity([mentee.wanted_other], self.other_texts)[0] - 1.0
        return _share(shared, len(set(mentee.wanted)))

    def _frequency(self, mentee: MenteeFacts) -> np.ndarray:
        return FREQUENCY_TABLE[FREQUENCY_STEPS.get(mentee.frequency, -1), self.frequency]

    def _contact(self, mentee: MenteeFacts) -> np.ndarray:
        forms = np.uint8(_mask(mentee.contact_forms, _CONTACT_BITS))
        both = self.contact & forms
        region_both, same_region = self._same("region", mentee)
        _, same_city = self._same("city", mentee)
        in_person = (both & _IN_PERSON).astype(bool) & np.where(region_both, same_region, same_city)
        shared = np.bitwise_count(both & ~_IN_PERSON) + in_person
        return _share(shared, int(np.bitwise_count(forms)))

    def _career(self, mentee: MenteeFacts) -> np.ndarray:
        stage = CAREER_STAGES.index(mentee.career_stage) if mentee.career_stage else -1
        return CAREER_TABLE[stage, self.band]

    def _local_government(self, mentee: MenteeFacts) -> np.ndarray:
        known = np.zeros(len(self))
        matches = np.zeros(len(self))
        for attribute in ("region", "jurisdiction_type", "jurisdiction_size"):
            both, same = self._same(attribute, mentee)
            known += both
            matches += same
        return np.divide(matches, known, out=np.full(len(self), NEUTRAL), where=known > 0)

    def _text(self, mentee: MenteeFacts) -> np.ndarray:
        """Cosine of the pool's TF-IDF vectors, or of its text vectors when the program compares by meaning: the
        mentee's row against every mentor's."""
        if self.vectors is not None:
            return self.vectors.row(mentee)
        place = self.mentees.get(mentee.key)
        if place is not None and place[1] == mentee:
            row, mentor_columns = self.rows[[place[0]]], self.mentor_columns
        else:
            row, mentor_columns = self._outsider(mentee)
        # Only the mentee's terms, in the order of their row: each mentor's sum is added up term by term in
        # the very order `text_component` adds it, so the float is the same to the last bit.
        terms = len(row.indices)
        mentee_row = sparse.csr_matrix((row.data, np.arange(terms), [0, terms]), shape=(1, terms))
        return on_scale(np.asarray(mentee_row @ mentor_columns[row.indices].toarray())[0])

    def _outsider(self, mentee: MenteeFacts) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """The mentee's TF-IDF row and the mentors' columns in the pool plus this mentee (after the pool's
        mentees), fitted from the pool's analysed documents: the rows a match run would build."""
        waiting = len(self.mentees)
        rows = tfidf_rows([*self.analysed[:waiting], analyse(mentee_document(mentee)), *self.analysed[waiting:]])
        return rows[[waiting]], rows[waiting + 1 :].T.tocsr()
