"""The text component: how close a mentee's goals and a mentor's statement are, as the cosine of their TF-IDF vectors.

Owns the reading of text (stop words, tokens, the document of each person) and the TF-IDF weighing, which the
gallery's index (matching/gallery_index.py) reuses so both score text the same, bit for bit; `matching.reference`
reads text through the same `tokens` and document builders. Plain data in, numpy out; no Django here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import chain

import numpy as np
from scipy import sparse

from matching.components import inverse
from matching.facts import MenteeFacts, MentorFacts, label_for

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
TOKEN_RE = re.compile(r"\w{2,}")


def tokens(text: str) -> list[str]:
    return [token for token in TOKEN_RE.findall(text.casefold()) if token not in STOP_WORDS]


def mentee_document(mentee: MenteeFacts) -> str:
    return f"{mentee.goals}\n{mentee.preferences}"


def mentor_document(mentor: MentorFacts, labels: Mapping[str, str] | None = None) -> str:
    return "\n".join([mentor.statement, *(label_for(value, labels) for value in mentor.expertise)])


def term_counts(documents: Sequence[str]) -> tuple[dict[str, int], sparse.csr_matrix]:
    """The documents' raw term counts (documents x terms, terms in order of first use) and the vocabulary."""
    per_document = [TOKEN_RE.findall(document.casefold()) for document in documents]
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
    return sparse.csr_matrix(sparse.diags(inverse(norms)) @ weighted)


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
