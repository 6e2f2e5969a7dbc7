"""How well a mentee and a mentor fit, for every pair of a program at once.

Plain data in (frozen dataclasses), numpy arrays out; no Django here so the scorer can be
tested and benchmarked alone. Every component is a matrix of shape [n_mentees, n_mentors]
with values in [0, 1], computed with broadcasting, table lookups, bit counting and one sparse
matrix product, never a Python loop over pairs; Python loops run once per person only.
`matching.reference` holds the same formulas as plain loops, as the test oracle.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from itertools import chain

import numpy as np
from scipy import sparse

from applications.policy import DEFAULT_WEIGHTS

# Mirrors applications.vocabulary.Frequency; the order matters: it is the ordinal scale.
FREQUENCIES: tuple[str, ...] = ("monthly", "every_other_month", "quarterly", "semi_annually")
# Mirrors applications.vocabulary.ContactForm.
CONTACT_FORMS: tuple[str, ...] = ("in_person", "phone", "video", "email")
CAREER_STAGES: tuple[str, ...] = ("student", "early_career", "mid_career", "aspiring_manager")
COMPONENTS: tuple[str, ...] = ("expertise", "frequency", "contact", "text", "career", "local_government")

# Lower bounds of the mentor experience bands: 0-4, 5-9, 10-19 and 20+ years.
EXPERIENCE_BANDS: tuple[int, ...] = (0, 5, 10, 20)
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

# English stop words for the text component: function words that say nothing about a person.
STOP_WORDS: frozenset[str] = frozenset(
    # Kept as running text: 170 one-word lines would bury the module.
    (  # noqa: SIM905
        "a about above after again against all also am an and any are as at be because been before being "
        "below between both but by can could did do does doing down during each every few for from further "
        "had has have having he her here hers herself him himself his how i if im in into is it its itself "
        "ive just many may me might more most much must my myself no nor not now of off on once only or "
        "other our ours ourselves out over own per same shall she should so some such than that the their "
        "theirs them themselves then there these they this those through to too under until up us very via "
        "was we were what when where which while who whom why will with would you your yours yourself "
        "yourselves"
    ).split()
)
# Above this many (terms x mentors) cells the text product stays sparse, to bound memory.
DENSE_TERMS_LIMIT = 4_000_000
# Words of two characters or more, like the usual TF-IDF tokenisers.
_TOKEN_RE = re.compile(r"\w{2,}")


@dataclass(frozen=True)
class MentorFacts:
    key: int  # the application's id
    person: int  # the applicant's user id: nobody mentors themselves
    organization: str
    city: str
    region: str
    expertise: tuple[str, ...]  # their three strongest areas, e.g. "finance"
    frequency: str  # one of FREQUENCIES, or "" when not given
    contact_forms: frozenset[str]  # a subset of CONTACT_FORMS
    statement: str  # why they mentor, plus their preferences
    years_experience: int
    jurisdiction_type: str = ""
    jurisdiction_size: str = ""
    capacity: int = 1

    def __post_init__(self) -> None:
        # Nonsense here would not fail later: a negative capacity or experience would just score or place oddly.
        if self.capacity < 0 or self.years_experience < 0:
            raise ValueError(f"mentor {self.key}: capacity and years of experience must be >= 0")


@dataclass(frozen=True)
class MenteeFacts:
    key: int
    person: int
    organization: str
    city: str
    region: str
    wanted: tuple[str, ...]  # up to three areas they want help in
    frequency: str
    contact_forms: frozenset[str]
    goals: str
    preferences: str
    career_stage: str  # one of CAREER_STAGES, or ""
    jurisdiction_type: str = ""
    jurisdiction_size: str = ""


@dataclass(frozen=True)
class Weights:
    """How much each component counts. The total divides by the sum of the active weights, so
    weights need not add up to 1 and the total stays in [0, 1]; a weight of 0 drops a component."""

    expertise: float = DEFAULT_WEIGHTS["expertise"]
    frequency: float = DEFAULT_WEIGHTS["frequency"]
    contact: float = DEFAULT_WEIGHTS["contact"]
    text: float = DEFAULT_WEIGHTS["text"]
    career: float = DEFAULT_WEIGHTS["career"]
    local_government: float = DEFAULT_WEIGHTS["local_government"]

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"weight {field.name} must be a finite number >= 0, not {value!r}")

    def active(self, *, local_government_fit: bool = True) -> dict[str, float]:
        """The components that count, with their weights normalised to add up to 1."""
        raw = {name: float(getattr(self, name)) for name in COMPONENTS}
        if not local_government_fit:
            raw["local_government"] = 0.0
        total = sum(raw.values())
        if total <= 0:
            raise ValueError("at least one active weight must be above 0")
        return {name: weight / total for name, weight in raw.items() if weight > 0}


@dataclass(frozen=True, eq=False)  # arrays have no single truth value to compare
class ScoreMatrix:
    """Rows are mentees, columns mentors, in the order they were given.

    `components` holds only the active components (weight above 0), so a reason is never
    given for something that did not count."""

    total: np.ndarray
    components: dict[str, np.ndarray]

    def pair(self, mentee_index: int, mentor_index: int) -> dict[str, float]:
        return {name: float(matrix[mentee_index, mentor_index]) for name, matrix in self.components.items()}


# --- shared helpers (also used by matching.reference, so both read text the same way) ---


def label_for(value: str, labels: Mapping[str, str] | None = None) -> str:
    if labels and value in labels:
        return labels[value]
    return value.replace("_", " ").title()


def normalise(text: str) -> str:
    """Case- and space-insensitive form of a place or organization name."""
    return " ".join(text.split()).casefold()


def tokens(text: str) -> list[str]:
    return [token for token in _TOKEN_RE.findall(text.casefold()) if token not in STOP_WORDS]


def mentee_document(mentee: MenteeFacts) -> str:
    return f"{mentee.goals}\n{mentee.preferences}"


def mentor_document(mentor: MentorFacts, labels: Mapping[str, str] | None = None) -> str:
    return "\n".join([mentor.statement, *(label_for(value, labels) for value in mentor.expertise)])


def experience_band(years: int) -> int:
    return sum(1 for lower in EXPERIENCE_BANDS[1:] if years >= lower)


def check_vocabulary(mentors: Sequence[MentorFacts], mentees: Sequence[MenteeFacts]) -> None:
    """Fail loudly on a value outside the vocabularies: a silent 0 would hide a bad import."""
    people: list[MentorFacts | MenteeFacts] = [*mentors, *mentees]
    for facts in people:
        if facts.frequency and facts.frequency not in FREQUENCIES:
            raise ValueError(f"unknown frequency {facts.frequency!r} (key {facts.key})")
        unknown_forms = set(facts.contact_forms) - set(CONTACT_FORMS)
        if unknown_forms:
            raise ValueError(f"unknown contact forms {sorted(unknown_forms)} (key {facts.key})")
    for mentee in mentees:
        if mentee.career_stage and mentee.career_stage not in CAREER_STAGES:
            raise ValueError(f"unknown career stage {mentee.career_stage!r} (key {mentee.key})")


# --- encodings: strings to integer codes, sets to bitmasks ---


def _codes(*groups: Iterable[str]) -> list[np.ndarray]:
    """Integer codes for normalised strings, shared across the groups; blank is -1."""
    table: dict[str, int] = {"": -1}
    # The same raw strings repeat (regions, choice values): normalise each only once.
    seen: dict[str, int] = {}
    result = []
    for group in groups:
        codes = []
        for text in group:
            code = seen.get(text)
            if code is None:
                code = seen[text] = table.setdefault(normalise(text), len(table) - 1)
            codes.append(code)
        result.append(np.array(codes, dtype=np.int64))
    return result


def _inverse(counts: np.ndarray) -> np.ndarray:
    """1/count, and 0 where the count is 0 (a share of nothing is 0)."""
    return np.divide(1.0, counts, out=np.zeros(counts.shape), where=counts > 0)


def _both_filled(mentee_codes: np.ndarray, mentor_codes: np.ndarray) -> np.ndarray:
    return (mentee_codes >= 0)[:, None] & (mentor_codes >= 0)[None, :]


def _same(mentee_codes: np.ndarray, mentor_codes: np.ndarray) -> np.ndarray:
    """True where both sides gave the same non-blank value."""
    return (mentee_codes[:, None] == mentor_codes[None, :]) & (mentee_codes >= 0)[:, None]


def _bitmasks(sets: Sequence[Iterable[str]], bits: Mapping[str, int], dtype: type = np.uint32) -> np.ndarray:
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


def _shared_counts(mentee_masks: np.ndarray, mentor_masks: np.ndarray) -> np.ndarray:
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
    mentee_region, mentor_region = _codes((m.region for m in mentees), (m.region for m in mentors))
    mentee_city, mentor_city = _codes((m.city for m in mentees), (m.city for m in mentors))
    both_regions = _both_filled(mentee_region, mentor_region)
    return np.where(both_regions, _same(mentee_region, mentor_region), _same(mentee_city, mentor_city))


# --- the components ---


def expertise_component(mentors: Sequence[MentorFacts], mentees: Sequence[MenteeFacts]) -> np.ndarray:
    """|wanted ∩ mentor's expertise| / |wanted|, as sets of values (any strings).

    A mentee who wanted no area scores 0 with everyone: there is nothing to match on, and as
    it is the same for all their mentors it does not change whom they get."""
    areas = sorted({value for m in mentors for value in m.expertise} | {value for m in mentees for value in m.wanted})
    bits = {value: index for index, value in enumerate(areas)}
    wanted = _bitmasks([m.wanted for m in mentees], bits)
    offered = _bitmasks([m.expertise for m in mentors], bits)
    wanted_counts = np.bitwise_count(wanted).sum(axis=1)
    return _shared_counts(wanted, offered) * _inverse(wanted_counts)[:, None]


def frequency_component(mentors: Sequence[MentorFacts], mentees: Sequence[MenteeFacts]) -> np.ndarray:
    """1 - d/3, with d the number of steps between the two choices on the 4-step scale
    monthly < every other month < quarterly < semi-annually; NEUTRAL when either is blank."""
    last = len(FREQUENCIES) - 1
    # One table lookup per pair; index -1 (blank) reads the extra neutral row and column.
    table = np.full((last + 2, last + 2), NEUTRAL)
    for a, b in np.ndindex(last + 1, last + 1):
        table[a, b] = 1.0 - abs(a - b) / last
    steps = {value: index for index, value in enumerate(FREQUENCIES)}
    mentee_step = np.array([steps.get(m.frequency, -1) for m in mentees], dtype=np.int64)
    mentor_step = np.array([steps.get(m.frequency, -1) for m in mentors], dtype=np.int64)
    return table[mentee_step[:, None], mentor_step[None, :]]


def contact_component(mentors: Sequence[MentorFacts], mentees: Sequence[MenteeFacts]) -> np.ndarray:
    """|forms both accept| / |forms the mentee accepts|: the share of the mentee's ways to meet
    that this mentor offers (a mentor who offers more is not penalised, unlike Jaccard).
    In person is shared only when the two are colocated (see `colocated`). A mentee who
    accepts no form scores 0."""
    bits = {form: index for index, form in enumerate(CONTACT_FORMS)}
    # Four forms fit in a byte: the pairwise AND below is then n x n bytes.
    mentee_forms = _bitmasks([m.contact_forms for m in mentees], bits, np.uint8)[:, 0]
    mentor_forms = _bitmasks([m.contact_forms for m in mentors], bits, np.uint8)[:, 0]
    both = mentee_forms[:, None] & mentor_forms[None, :]
    in_person_bit = np.uint8(1 << bits["in_person"])
    in_person = (both & in_person_bit).astype(bool)
    in_person &= colocated(mentors, mentees)
    both &= ~in_person_bit  # counted through in_person, where the two are colocated
    shared = np.bitwise_count(both) + in_person
    return shared * _inverse(np.bitwise_count(mentee_forms))[:, None]


def term_counts(documents: Sequence[str]) -> tuple[dict[str, int], sparse.csr_matrix]:
    """The documents' raw term counts (documents x terms, terms in order of first use) and the vocabulary."""
    per_document = [_TOKEN_RE.findall(document.casefold()) for document in documents]
    flat = list(chain.from_iterable(per_document))
    # Dict and map work at C speed; a Python loop per token would dominate small runs.
    vocabulary = {term: index for index, term in enumerate(dict.fromkeys(flat))}
    columns = np.fromiter(map(vocabulary.__getitem__, flat), dtype=np.int64, count=len(flat))
    rows = np.repeat(np.arange(len(documents)), [len(terms) for terms in per_document])
    shape = (len(documents), len(vocabulary))
    # Building from (row, column) pairs sums the repeats: term counts.
    return vocabulary, sparse.csr_matrix((np.ones(len(flat)), (rows, columns)), shape=shape)


def tfidf_from_counts(counts: sparse.csr_matrix, stop_columns: Sequence[int]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows: raw term counts times the smoothed idf ln((1+n)/(1+df)) + 1, fitted on
    every row given; `stop_columns` (stop words) weigh 0. The gallery's index (matching/gallery_index.py)
    calls this with the counts a match run would build, so both get the same numbers bit for bit."""
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1 + counts.shape[0]) / (1 + document_frequency)) + 1.0
    # Stop words are dropped as columns, once per distinct term instead of once per token.
    idf[list(stop_columns)] = 0.0
    weighted = counts @ sparse.diags(idf)
    weighted.eliminate_zeros()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    return sparse.csr_matrix(sparse.diags(_inverse(norms)) @ weighted)


def stop_columns(vocabulary: Mapping[str, int]) -> list[int]:
    return [index for term, index in vocabulary.items() if term in STOP_WORDS]


def _tfidf_rows(documents: Sequence[str]) -> sparse.csr_matrix:
    """TF-IDF rows fitted on all the documents given (the program's texts). Same terms as `tokens`."""
    vocabulary, counts = term_counts(documents)
    return tfidf_from_counts(counts, stop_columns(vocabulary))


def text_component(
    mentors: Sequence[MentorFacts],
    mentees: Sequence[MenteeFacts],
    labels: Mapping[str, str] | None = None,
    only: Sequence[int] | None = None,
) -> np.ndarray:
    """Cosine similarity of TF-IDF vectors: the mentee's goals and preferences against the
    mentor's statement plus the labels of their areas. Empty text scores 0. With `only`, just
    those mentees' rows, still weighing words over every document given."""
    documents = [mentee_document(m) for m in mentees] + [mentor_document(m, labels) for m in mentors]
    rows = _tfidf_rows(documents)
    mentee_rows, mentor_rows = rows[: len(mentees)], rows[len(mentees) :]
    if only is not None:
        mentee_rows = mentee_rows[list(only)]
    if rows.shape[1] * len(mentors) <= DENSE_TERMS_LIMIT:
        # Sparse times dense is the fast path (3x here): the result is dense anyway.
        similarity = np.asarray(mentee_rows @ mentor_rows.T.toarray())
    else:
        similarity = (mentee_rows @ mentor_rows.T).toarray()
    return np.clip(similarity, 0.0, 1.0, out=similarity)


def career_component(mentors: Sequence[MentorFacts], mentees: Sequence[MenteeFacts]) -> np.ndarray:
    """CAREER_FIT[mentee's career stage][mentor's experience band]; NEUTRAL for a blank stage."""
    table = np.array([CAREER_FIT[stage] for stage in CAREER_STAGES] + [(NEUTRAL,) * len(EXPERIENCE_BANDS)])
    # A blank stage reads the last row, the neutral one.
    stage = np.array([CAREER_STAGES.index(m.career_stage) if m.career_stage else -1 for m in mentees], dtype=np.int64)
    band = np.array([experience_band(m.years_experience) for m in mentors], dtype=np.int64)
    return table[stage[:, None], band[None, :]]


def local_government_component(mentors: Sequence[MentorFacts], mentees: Sequence[MenteeFacts]) -> np.ndarray:
    """The share of same answers among region, jurisdiction type and jurisdiction size, over
    those both sides gave; NEUTRAL when no attribute was given by both."""
    # Small integer counters: these n x n buffers are 8 times lighter than floats.
    matches = np.zeros((len(mentees), len(mentors)), dtype=np.int8)
    known = np.zeros((len(mentees), len(mentors)), dtype=np.int8)
    for attribute in ("region", "jurisdiction_type", "jurisdiction_size"):
        mentee_codes, mentor_codes = _codes(
            (getattr(m, attribute) for m in mentees), (getattr(m, attribute) for m in mentors)
        )
        known += _both_filled(mentee_codes, mentor_codes)
        matches += _same(mentee_codes, mentor_codes)
    return np.divide(matches, known, out=np.full(matches.shape, NEUTRAL), where=known > 0)


_COMPUTE: dict[str, Callable[[Sequence[MentorFacts], Sequence[MenteeFacts]], np.ndarray]] = {
    "expertise": expertise_component,
    "frequency": frequency_component,
    "contact": contact_component,
    "career": career_component,
    "local_government": local_government_component,
}


def score_matrix(
    mentors: Sequence[MentorFacts],
    mentees: Sequence[MenteeFacts],
    weights: Weights | None = None,
    *,
    local_government_fit: bool = True,
    labels: Mapping[str, str] | None = None,
    only: Sequence[int] | None = None,
) -> ScoreMatrix:
    """Total = Σ weight·component / Σ active weights, for every (mentee, mentor) pair.

    The local-government component counts only when the program asks for it
    (`local_government_fit`); `labels` (value -> human label) feeds the mentors' area labels
    into the text component. `only` (mentee indexes) keeps just those rows, in that order, each
    scored exactly as in the whole matrix: the text part still weighs words over everyone."""
    check_vocabulary(mentors, mentees)
    active = (weights or Weights()).active(local_government_fit=local_government_fit)
    rows = mentees if only is None else [mentees[i] for i in only]
    components: dict[str, np.ndarray] = {}
    total = np.zeros((len(rows), len(mentors)))
    # One scratch buffer for the weighted terms: fresh n x n arrays are costly to page in.
    scratch = np.empty_like(total)
    for name, weight in active.items():
        if name == "text":
            components[name] = text_component(mentors, mentees, labels, only)
        else:
            components[name] = _COMPUTE[name](mentors, rows)
        total += np.multiply(components[name], weight, out=scratch)
    # Rounding can step a hair outside [0, 1]; the contract is [0, 1].
    return ScoreMatrix(total=np.clip(total, 0.0, 1.0, out=total), components=components)


def feasible_mask(
    mentors: Sequence[MentorFacts],
    mentees: Sequence[MenteeFacts],
    *,
    exclude_same_organization: bool,
    forbidden: Iterable[tuple[int, int]] = (),
) -> np.ndarray:
    """Pairs that may be proposed: never a person with themselves, never two people from the
    same organization (case- and space-insensitive, blank never matches) when the program
    excludes that, never a forbidden (mentee_key, mentor_key) pair such as one the chair
    rejected. Keys of people not in this run are ignored."""
    mentee_person = np.array([m.person for m in mentees], dtype=np.int64)
    mentor_person = np.array([m.person for m in mentors], dtype=np.int64)
    mask = mentee_person[:, None] != mentor_person[None, :]
    if exclude_same_organization:
        mentee_org, mentor_org = _codes((m.organization for m in mentees), (m.organization for m in mentors))
        mask &= ~_same(mentee_org, mentor_org)
    mentee_index = {m.key: index for index, m in enumerate(mentees)}
    mentor_index = {m.key: index for index, m in enumerate(mentors)}
    for mentee_key, mentor_key in forbidden:
        if mentee_key in mentee_index and mentor_key in mentor_index:
            mask[mentee_index[mentee_key], mentor_index[mentor_key]] = False
    return mask


# --- plain reasons for one pair ---


def _join(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def shared_forms(mentor: MentorFacts, mentee: MenteeFacts) -> list[str]:
    together = colocated([mentor], [mentee])[0, 0]
    return [
        form
        for form in CONTACT_FORMS
        if form in mentee.contact_forms and form in mentor.contact_forms and (form != "in_person" or together)
    ]


def _place_reason(mentor: MentorFacts, mentee: MenteeFacts) -> str | None:
    if mentor.region.strip() and normalise(mentor.region) == normalise(mentee.region):
        return f"both in {mentee.region.strip()}"
    either_blank = not (mentor.region.strip() and mentee.region.strip())
    if either_blank and mentee.city.strip() and normalise(mentor.city) == normalise(mentee.city):
        return f"both in {mentee.city.strip()}"
    return None


def _shared_words(mentor: MentorFacts, mentee: MenteeFacts, labels: Mapping[str, str] | None) -> list[str]:
    mentor_words = set(tokens(mentor_document(mentor, labels)))
    shared = [word for word in tokens(mentee_document(mentee)) if word in mentor_words]
    # Most repeated first, then alphabetical, so the reason is stable.
    return sorted(set(shared), key=lambda word: (-shared.count(word), word))[:3]


def explain(
    mentor: MentorFacts,
    mentee: MenteeFacts,
    components: Mapping[str, float],
    labels: Mapping[str, str] | None = None,
) -> list[str]:
    """Plain reasons for a pair's score, for the chair. `components` is the pair's values
    (`ScoreMatrix.pair`); only components present there give reasons."""
    reasons: list[str] = []
    if components.get("expertise", 0) > 0:
        shared = [label_for(v, labels) for v in dict.fromkeys(mentee.wanted) if v in mentor.expertise]
        reasons.append(f"shares {_join(shared)}")
    if "frequency" in components and mentor.frequency and mentor.frequency == mentee.frequency:
        reasons.append(f"both chose {label_for(mentee.frequency, labels)}")
    elif components.get("frequency", 0) >= 2 / 3 and mentor.frequency and mentee.frequency:
        pair = f"{label_for(mentee.frequency, labels)} and {label_for(mentor.frequency, labels)}"
        reasons.append(f"close meeting frequency ({pair})")
    if components.get("contact", 0) > 0:
        forms = [label_for(form, labels).lower() for form in shared_forms(mentor, mentee)]
        reasons.append(f"both accept {_join(forms)}")
    if "contact" in components or "local_government" in components:
        place = _place_reason(mentor, mentee)
        if place:
            reasons.append(place)
    if components.get("text", 0) > 0:
        words = _shared_words(mentor, mentee, labels)
        if words:
            reasons.append(f"goals and statement both mention {_join(words)}")
    if components.get("career", 0) >= 0.8 and mentee.career_stage:
        stage = label_for(mentee.career_stage, labels)
        reasons.append(f"{mentor.years_experience} years of experience fit the mentee's stage ({stage})")
    if "local_government" in components:
        for attribute, what in (("jurisdiction_type", "kind of agency"), ("jurisdiction_size", "community size")):
            value = getattr(mentee, attribute)
            if value.strip() and normalise(value) == normalise(getattr(mentor, attribute)):
                reasons.append(f"same {what}: {label_for(value, labels)}")
    return reasons
