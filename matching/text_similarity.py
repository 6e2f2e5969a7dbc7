"""The text component: how close what a mentee wants help with is to what a mentor offers, as the cosine of their
TF-IDF vectors (scikit-learn's `TfidfVectorizer`) read on the scale of a clear match (`STRONG_MATCH`); and how close
two "Other" areas' texts are.

What is compared: the mentee's goals ("what do you hope to gain"), their interest in public service and the text
of an "Other" area they want, against the mentor's statement, their mentoring experience ("mentored before") and
their areas (labels, and an "Other" area's text). Preferences about the partner's traits are not compared: they
say who the partner should be, not what the two have in common.

How each text is read (`analyse`): words of two characters or more, case-folded; English stop words and the
everyday words of any application (mentor, help, learn, ...) dropped; the rest stemmed by the Snowball English
stemmer (PyStemmer), so "budget", "budgets" and "budgeting" meet; then each stem and each pair of neighbouring
stems ("citi council"). The vectorizer is fitted on the documents given (a program's pool): a word that everyone
wrote weighs little. `analyse` runs once per document; the gallery's index (matching/gallery_index.py) keeps the
analysed documents and fits again from them when it must, so both score text the same, bit for bit.
`matching.reference` and `matching.reasons` read text through the same document builders. No Django here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import pairwise

import numpy as np
import Stemmer
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from matching.facts import OTHER_AREA, MenteeFacts, MentorFacts, label_for

# English function words that say nothing about a person (what `matching.reasons` never names).
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
# Words of scikit-learn's English list that are subjects in this field, so they are kept.
FIELD_SUBJECTS: frozenset[str] = frozenset({"fire", "system", "bill", "computer", "move"})
# The everyday words of any application in this field: what mentoring is and what people hope from it, of wanting,
# people and time, and vague adjectives. Two texts sharing them have nothing in particular in common: the text
# component does not compare them and the reasons (`matching.reasons`) never name them.
EVERYDAY_WORDS: frozenset[str] = frozenset(
    (  # noqa: SIM905
        "ability able advice also always another anyone anything area areas around ask asking aspire aspiring back "
        "become becoming best better bring build building candid career careers come coming currently day days "
        "develop developing development different done each eager early easy else enjoy even ever every everyone "
        "everything expect expectations experience experienced experiences feel find first focus gain gained get "
        "getting give giving goal goals good great grow growing growth guidance guide happy hard help helped helping "
        "hope hoping idea ideally ideas important insight insights interest interested interests issue issues join "
        "joined keep kind know knowledge last learn learned learning less like looking lot lots love made make "
        "making manner mentee mentees mentor mentored mentoring mentors mentorship need needs new next open "
        "opportunities opportunity others part past people person perspective place position professional "
        "professionally program provide question questions ready really relationship role roles see seek seeking "
        "share sharing someone something soon start started still support sure take taking talk team thing things "
        "think time times together toward towards truly understand understanding use used using want wanted wanting "
        "wants way ways well whether willing wish within without work worked working works would year years yet"
    ).split()
)
# What the analyser drops before stemming.
TEXT_STOP_WORDS: frozenset[str] = STOP_WORDS | (ENGLISH_STOP_WORDS - FIELD_SUBJECTS) | EVERYDAY_WORDS
# A cosine at which two short texts clearly match: TF-IDF cosines of a few sentences are small even for the right
# pair. In the evaluation set (matching/evaluation) the right mentor's cosine has a median of 0.13 and no wrong
# mentor's passes 0.11. Cosines are read on this scale and capped at 1, so the text component spans [0, 1] like the
# others and counts as its weight says (raw, its spread within a mentee's row was a third of career stage's). It
# changes no ranking below the cap, only how much text weighs in the total.
STRONG_MATCH = 0.15
# Above this many (terms x mentors) cells the text product stays sparse, to bound memory.
DENSE_TERMS_LIMIT = 4_000_000
# Words of two characters or more, like the usual TF-IDF tokenisers.
TOKEN_RE = re.compile(r"\w{2,}")

_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=4096)
def analyse(text: str) -> tuple[str, ...]:
    """The terms a text is compared by: its stems, then each pair of neighbouring stems."""
    words = [token for token in TOKEN_RE.findall(text.casefold()) if token not in TEXT_STOP_WORDS]
    stems = _STEMMER.stemWords(words)
    return (*stems, *(f"{a} {b}" for a, b in pairwise(stems)))


def mentee_document(mentee: MenteeFacts) -> str:
    """What the mentee wants help with and why: their goals, their interest and an "Other" area's text."""
    return "\n".join([mentee.goals, mentee.interest, mentee.wanted_other])


def _area_text(value: str, other: str, labels: Mapping[str, str] | None) -> str:
    return other if value == OTHER_AREA else label_for(value, labels)


def mentor_document(mentor: MentorFacts, labels: Mapping[str, str] | None = None) -> str:
    """What the mentor offers: their statement, their mentoring experience and their areas."""
    areas = [_area_text(value, mentor.expertise_other, labels) for value in mentor.expertise]
    return "\n".join([mentor.statement, mentor.mentored_before, *areas])


def _identity(terms: Sequence[str]) -> Sequence[str]:
    return terms


def tfidf_rows(analysed: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows of analysed documents (`analyse`), fitted on all of them: raw term counts times
    the smoothed idf ln((1+n)/(1+df)) + 1. The vocabulary is sorted, so the rows do not depend on the order the
    documents came in, only on which documents there are."""
    if not any(analysed):
        return sparse.csr_matrix((len(analysed), 0))
    vectorizer = TfidfVectorizer(analyzer=_identity, lowercase=False, dtype=np.float64)
    return vectorizer.fit_transform(analysed).tocsr()


def on_scale(cosines: np.ndarray) -> np.ndarray:
    """Cosines as the text component gives them, in place: cosine / STRONG_MATCH, within [0, 1]."""
    cosines *= 1.0 / STRONG_MATCH
    return np.clip(cosines, 0.0, 1.0, out=cosines)


def cosine(rows: sparse.csr_matrix, columns: sparse.csr_matrix) -> np.ndarray:
    """rows @ columns.T as a dense array: dense when small enough (3x faster), else sparse."""
    if columns.shape[1] * columns.shape[0] <= DENSE_TERMS_LIMIT:
        return np.asarray(rows @ columns.T.toarray())
    return (rows @ columns.T).toarray()


def text_component(
    mentors: Sequence[MentorFacts],
    mentees: Sequence[MenteeFacts],
    labels: Mapping[str, str] | None = None,
    only: Sequence[int] | None = None,
) -> np.ndarray:
    """Cosine similarity of TF-IDF vectors, on the STRONG_MATCH scale: what the mentee wants help with
    (`mentee_document`) against what the mentor offers (`mentor_document`). Empty text scores 0. With `only`, just
    those mentees' rows, still weighing words over every document given."""
    analysed = [analyse(mentee_document(m)) for m in mentees] + [analyse(mentor_document(m, labels)) for m in mentors]
    rows = tfidf_rows(analysed)
    mentee_rows, mentor_rows = rows[: len(mentees)], rows[len(mentees) :]
    if only is not None:
        mentee_rows = mentee_rows[list(only)]
    return on_scale(cosine(mentee_rows, mentor_rows))


def term_sets(texts: Sequence[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Which terms each text has (0/1 rows over the texts' own vocabulary) and 1/sqrt(how many)."""
    analysed = [set(analyse(text)) for text in texts]
    vocabulary = {term: index for index, term in enumerate(sorted(set().union(*analysed)))}
    columns = [vocabulary[term] for terms in analysed for term in sorted(terms)]
    sizes = np.array([len(terms) for terms in analysed], dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum(sizes)])
    shape = (len(texts), len(vocabulary))
    present = sparse.csr_matrix((np.ones(len(columns), dtype=np.int64), columns, indptr), shape=shape)
    return present, np.sqrt(np.divide(1.0, sizes, out=np.zeros(len(sizes)), where=sizes > 0))


def other_similarity(wanted: Sequence[str], offered: Sequence[str]) -> np.ndarray:
    """How close each wanted "Other" area's text is to each offered one: the cosine of their sets of terms,
    |shared| / sqrt(|wanted| |offered|), in [0, 1]. A blank text is close to nothing. Shared terms are counted as
    whole numbers and scaled last, so any subset of the texts gives the same values, bit for bit."""
    if not wanted or not offered:
        return np.zeros((len(wanted), len(offered)))
    present, scale = term_sets([*wanted, *offered])
    shared = (present[: len(wanted)] @ present[len(wanted) :].T).toarray()
    similarity = shared * scale[: len(wanted), None] * scale[None, len(wanted) :]
    return np.clip(similarity, 0.0, 1.0, out=similarity)
