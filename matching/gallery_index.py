"""The gallery's mentor index: a program's mentors encoded once, then any one mentee scored against all of them.

`score_matrix` encodes every mentor afresh on each call (codes, bitmasks, TF-IDF over every statement), which
is right for a match run but far too slow for a page a mentee reloads. `MentorIndex.build` does that encoding
once per change of the mentor pool; `MentorIndex.score` then scores one mentee with a few vector operations.
The scores equal `score_matrix(mentors, [mentee], ...)` row for row, text included: there the TF-IDF is fitted
on the mentors plus the one mentee, so the index keeps raw term counts and document frequencies and corrects,
per request, only the terms the mentee uses (matching/tests/test_gallery_index.py holds the two together).

Plain data in, numpy out; no Django here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from scipy import sparse

from matching.scoring import (
    _TOKEN_RE,
    CAREER_FIT,
    CAREER_STAGES,
    CONTACT_FORMS,
    EXPERIENCE_BANDS,
    FREQUENCIES,
    NEUTRAL,
    STOP_WORDS,
    MenteeFacts,
    MentorFacts,
    Weights,
    check_vocabulary,
    experience_band,
    mentee_document,
    mentor_document,
    normalise,
)

PLACE_ATTRIBUTES = ("region", "city", "jurisdiction_type", "jurisdiction_size")
_CONTACT_BITS = {form: index for index, form in enumerate(CONTACT_FORMS)}
_IN_PERSON = np.uint8(1 << _CONTACT_BITS["in_person"])
_STEPS = {value: index for index, value in enumerate(FREQUENCIES)}


def _frequency_table() -> np.ndarray:
    last = len(FREQUENCIES) - 1
    table = np.full((last + 2, last + 2), NEUTRAL)  # index -1 (blank) reads the neutral row and column
    for a, b in np.ndindex(last + 1, last + 1):
        table[a, b] = 1.0 - abs(a - b) / last
    return table


_FREQUENCY_TABLE = _frequency_table()
_CAREER_TABLE = np.array([CAREER_FIT[stage] for stage in CAREER_STAGES] + [(NEUTRAL,) * len(EXPERIENCE_BANDS)])


def _mask(values: Sequence[str] | frozenset[str], bits: Mapping[str, int]) -> int:
    mask = 0
    for value in set(values):
        if value in bits:
            mask |= 1 << bits[value]
    return mask


def _ratio(numerator: np.ndarray, denominator: float | np.ndarray) -> np.ndarray:
    """numerator / denominator, 0 where the denominator is 0 (a share of nothing is 0)."""
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.broadcast_to(np.asarray(denominator, dtype=float), numerator.shape)
    return np.divide(numerator, denominator, out=np.zeros(numerator.shape), where=denominator > 0)


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
    vocabulary: dict[str, int]
    counts: sparse.csc_matrix  # raw term counts, mentors x terms
    document_frequency: np.ndarray
    base_idf: np.ndarray  # idf with the one mentee using none of the terms (0 for stop words)
    base_square_norms: np.ndarray  # |counts x base_idf|^2 per mentor

    @classmethod
    def build(cls, mentors: Sequence[MentorFacts], labels: Mapping[str, str] | None = None) -> MentorIndex:
        check_vocabulary(mentors, [])
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
        vocabulary, counts = _term_counts([mentor_document(m, labels) for m in mentors])
        document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
        base_idf = _idf(len(mentors), document_frequency, vocabulary)
        return cls(
            facts=tuple(mentors),
            keys=np.array([m.key for m in mentors], dtype=np.int64),
            persons=np.array([m.person for m in mentors], dtype=np.int64),
            area_bits=area_bits,
            offered=np.array([_mask(m.expertise, area_bits) for m in mentors], dtype=object),
            frequency=np.array([_STEPS.get(m.frequency, -1) for m in mentors], dtype=np.int64),
            contact=np.array([_mask(m.contact_forms, _CONTACT_BITS) for m in mentors], dtype=np.uint8),
            band=np.array([experience_band(m.years_experience) for m in mentors], dtype=np.int64),
            place_codes=place_codes,
            places=places,
            vocabulary=vocabulary,
            counts=counts.tocsc(),
            document_frequency=document_frequency,
            base_idf=base_idf,
            base_square_norms=np.asarray(counts.multiply(counts) @ (base_idf**2)).ravel(),
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
        return np.clip(total, 0.0, 1.0), components

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
        return _ratio(shared, len(set(mentee.wanted)))

    def _frequency(self, mentee: MenteeFacts) -> np.ndarray:
        return _FREQUENCY_TABLE[_STEPS.get(mentee.frequency, -1), self.frequency]

    def _contact(self, mentee: MenteeFacts) -> np.ndarray:
        forms = np.uint8(_mask(mentee.contact_forms, _CONTACT_BITS))
        both = self.contact & forms
        region_both, same_region = self._same("region", mentee)
        _, same_city = self._same("city", mentee)
        in_person = (both & _IN_PERSON).astype(bool) & np.where(region_both, same_region, same_city)
        shared = np.bitwise_count(both & ~_IN_PERSON) + in_person
        return _ratio(shared, int(np.bitwise_count(forms)))

    def _career(self, mentee: MenteeFacts) -> np.ndarray:
        stage = CAREER_STAGES.index(mentee.career_stage) if mentee.career_stage else -1
        return _CAREER_TABLE[stage, self.band]

    def _local_government(self, mentee: MenteeFacts) -> np.ndarray:
        known = np.zeros(len(self))
        matches = np.zeros(len(self))
        for attribute in ("region", "jurisdiction_type", "jurisdiction_size"):
            both, same = self._same(attribute, mentee)
            known += both
            matches += same
        return np.divide(matches, known, out=np.full(len(self), NEUTRAL), where=known > 0)

    def _text(self, mentee: MenteeFacts) -> np.ndarray:
        """Cosine of TF-IDF vectors fitted on the mentors plus this mentee: only the mentee's terms change idf."""
        terms: dict[str, int] = {}
        for term in _TOKEN_RE.findall(mentee_document(mentee).casefold()):
            terms[term] = terms.get(term, 0) + 1
        terms = {term: n for term, n in terms.items() if term not in STOP_WORDS}
        if not terms or not len(self):
            return np.zeros(len(self))
        known = [term for term in terms if term in self.vocabulary]
        columns = np.array([self.vocabulary[term] for term in known], dtype=np.int64)
        idf = _idf(len(self), self.document_frequency[columns] + 1, {})  # the mentee counts in their df
        unknown_idf = _idf(len(self), np.ones(1), {})[0]
        mentee_counts = np.array([terms[term] for term in known], dtype=float)
        mentee_norm = np.sqrt(
            np.sum((mentee_counts * idf) ** 2)
            + sum((n * unknown_idf) ** 2 for term, n in terms.items() if term not in self.vocabulary)
        )
        if not known:
            return np.zeros(len(self))
        shared = self.counts[:, columns]
        dot = shared @ (mentee_counts * idf**2)
        square_norms = self.base_square_norms + shared.multiply(shared) @ (idf**2 - self.base_idf[columns] ** 2)
        mentor_norms = np.sqrt(np.maximum(square_norms, 0.0))
        return np.clip(_ratio(np.asarray(dot).ravel(), mentee_norm * mentor_norms), 0.0, 1.0)


def _term_counts(documents: Sequence[str]) -> tuple[dict[str, int], sparse.csr_matrix]:
    """Raw term counts (documents x terms) with the same tokens as the match run's TF-IDF."""
    per_document = [_TOKEN_RE.findall(document.casefold()) for document in documents]
    flat = list(chain.from_iterable(per_document))
    vocabulary = {term: index for index, term in enumerate(dict.fromkeys(flat))}
    columns = np.fromiter(map(vocabulary.__getitem__, flat), dtype=np.int64, count=len(flat))
    rows = np.repeat(np.arange(len(documents)), [len(terms) for terms in per_document])
    counts = sparse.csr_matrix((np.ones(len(flat)), (rows, columns)), shape=(len(documents), len(vocabulary)))
    return vocabulary, counts


def _idf(mentors: int, document_frequency: np.ndarray, vocabulary: Mapping[str, int]) -> np.ndarray:
    """The smoothed idf of `score_matrix`'s TF-IDF over the mentors plus one mentee; 0 for stop words."""
    documents = mentors + 1
    idf = np.log((1 + documents) / (1 + np.asarray(document_frequency, dtype=float))) + 1.0
    idf[[index for term, index in vocabulary.items() if term in STOP_WORDS]] = 0.0
    return idf
