"""Applications' stored text vectors, for matching by meaning (`matching.semantic`): made once when an application
is submitted or edited (applications/tasks.py), read by a match run and the gallery (`pool_vectors`).

A stored vector is used only while it is fresh: `Application.text_vector_of` names the model and the exact text it
was made from, so a vector of older text (an edit whose task has not run yet, an edit in the admin, a renamed area)
is never read. An application without a fresh vector has it computed on the fly for that run, as its task would
compute it (about 20 ms each, not stored: scoring only reads). A run therefore compares every pair by one method,
never some by meaning and some by words; the cost of a missing vector is bounded by the applications saved since
their tasks last ran, or all of them once after the model is installed (`manage.py embed_applications` stores them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from applications.models import Application, Program
from matching import semantic
from matching.facts import MenteeFacts, MentorFacts
from matching.text_similarity import mentee_document, mentor_document

MEANING = "meaning"


def by_meaning(program: Program) -> bool:
    """Whether the program compares texts by meaning: it asks to, and the model is installed here."""
    return program.text_similarity == MEANING and semantic.available()


def document(facts: MentorFacts | MenteeFacts, labels: Mapping[str, str] | None) -> str:
    """The text a vector is made from: what the text component compares, as TF-IDF reads it too."""
    return mentor_document(facts, labels) if isinstance(facts, MentorFacts) else mentee_document(facts)


def stored(application: Application, text: str) -> np.ndarray | None:
    """The application's stored vector when it was made from `text` by this model, else None."""
    if application.text_vector and application.text_vector_of == semantic.fingerprint(text):
        return semantic.from_bytes(bytes(application.text_vector))
    return None


def _vectors(applications: Sequence[Application], facts: Sequence, labels) -> np.ndarray:
    texts = [document(one, labels) for one in facts]
    found = [stored(application, text) for application, text in zip(applications, texts, strict=True)]
    vectors = [semantic.embed(text) if vector is None else vector for vector, text in zip(found, texts, strict=True)]
    return np.array(vectors, dtype=np.float32).reshape(len(vectors), semantic.DIMENSION)


def pool_vectors(program: Program, pool, labels: Mapping[str, str] | None) -> semantic.TextVectors | None:
    """The pool's vectors when the program compares by meaning (`matching.selectors.Pool`), else None: TF-IDF."""
    if not by_meaning(program):
        return None
    return semantic.TextVectors(
        mentees=_vectors(pool.mentees, pool.mentee_facts, labels),
        mentors=_vectors(pool.mentors, pool.mentor_facts, labels),
        rows={application.pk: row for row, application in enumerate(pool.mentees)},
    )


def store_vector(application: Application, facts: MentorFacts | MenteeFacts, labels) -> bool:
    """Store the vector of the application's text unless a fresh one is stored; True when one was made. Written
    with `update`, which leaves `updated_at` alone: the text did not change, so neither does the gallery's pool."""
    text = document(facts, labels)
    if stored(application, text) is not None:
        return False
    vector = semantic.embed(text)
    Application.objects.filter(pk=application.pk).update(
        text_vector=semantic.to_bytes(vector), text_vector_of=semantic.fingerprint(text)
    )
    return True
