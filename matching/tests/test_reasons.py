"""A pair's reasons read as three to five short sentences naming what the two share, with whole words only: never
the everyday words any two applications share ("goals and statement both mention candid and someone")."""

import dataclasses

import pytest

from matching.reasons import MAX_REASONS, explain, shared_terms
from matching.scoring import score_matrix
from matching.selectors import REASON_LABELS
from matching.tests.test_scoring import mentee, mentor

COUNCIL_MENTOR = mentor(
    statement=(
        "I have been a city manager for twenty years. I am candid with someone who wants honest feedback, and I "
        "enjoy helping analysts grow. I know council relations and the city budget from both sides, and I led "
        "our affordable housing strategy."
    ),
    expertise=("finance", "council_manager_relations", "strategic_planning"),
    region="Orange County",
    contact_forms=frozenset({"in_person", "video"}),
)
COUNCIL_MENTEE = mentee(
    goals=(
        "I want someone candid who can help me prepare for council meetings. I would like to learn how the city "
        "budget is built and how affordable housing projects get funded."
    ),
    preferences="Someone patient and open, who likes to share their experience.",
    wanted=("council_manager_relations", "finance"),
    region="Orange County",
    contact_forms=frozenset({"in_person", "video", "email"}),
)


def reasons_for(one_mentor, one_mentee) -> list[str]:
    return explain(one_mentor, one_mentee, score_matrix([one_mentor], [one_mentee]).pair(0, 0), REASON_LABELS)


def test_a_realistic_pair_reads_as_short_sentences_naming_what_they_share():
    reasons = reasons_for(COUNCIL_MENTOR, COUNCIL_MENTEE)
    assert 3 <= len(reasons) <= MAX_REASONS
    assert reasons[0] == "Shared areas: Council-Manager Relations and Finance."
    assert reasons[1] == "Both write about affordable housing, city budget and council."
    assert "Both want to meet monthly." in reasons
    assert "Both can meet in person and by video." in reasons
    for reason in reasons:
        assert reason[0].isupper() and reason.endswith(".") and len(reason.split()) <= 20, reason


def test_everyday_words_are_never_named():
    terms = shared_terms(COUNCIL_MENTOR, COUNCIL_MENTEE)
    for fragment in ("candid", "someone", "help", "learn", "like", "want", "know", "experience"):
        assert not any(fragment in term.split() for term in terms), terms
    assert "someone" not in " ".join(reasons_for(COUNCIL_MENTOR, COUNCIL_MENTEE))


def test_text_that_shares_only_everyday_words_gives_no_text_reason():
    vague_mentor = dataclasses.replace(
        COUNCIL_MENTOR, statement="I am candid with someone who wants to learn and grow. I enjoy helping people."
    )
    vague_mentee = dataclasses.replace(
        COUNCIL_MENTEE, goals="I want someone candid who can help me learn and grow.", preferences=""
    )
    # The scorer and the reasons drop the same everyday words (text_similarity.EVERYDAY_WORDS): nothing counts.
    assert score_matrix([vague_mentor], [vague_mentee]).pair(0, 0)["text"] == 0
    reasons = reasons_for(vague_mentor, vague_mentee)
    assert not any(reason.startswith(("Both write about", "What they write")) for reason in reasons)


def test_a_shared_word_is_named_once_even_inside_a_shared_pair_of_words():
    terms = shared_terms(
        mentor(statement="The city budget, and budget season after budget season."),
        mentee(goals="How is the city budget made during budget season?", preferences=""),
    )
    assert terms == ["budget season", "city"] or terms == ["city budget", "season"]
    assert len({word for term in terms for word in term.split()}) == sum(len(term.split()) for term in terms)


@pytest.mark.parametrize(
    ("statement", "goals"),
    [
        ("Numbers: 2024, 311 calls, and the 5-year plan.", "The 2024 plan and 311 calls."),
        ("I've run the water district's capital plan.", "The water district's capital plan worries me."),
    ],
)
def test_terms_are_whole_words_never_numbers_or_pieces(statement, goals):
    terms = shared_terms(mentor(statement=statement), mentee(goals=goals, preferences=""))
    for term in terms:
        for word in term.split():
            assert word.isalpha() or "'" in word, terms
            assert len(word) >= 4, terms
    assert "2024" not in " ".join(terms) and "311" not in " ".join(terms)


def test_at_most_five_reasons_most_telling_first():
    everything = dataclasses.replace(COUNCIL_MENTOR, years_experience=12)
    reasons = reasons_for(everything, dataclasses.replace(COUNCIL_MENTEE, career_stage="aspiring_manager"))
    assert len(reasons) == MAX_REASONS
    assert reasons[0].startswith("Shared areas")


def test_texts_close_in_meaning_without_a_shared_word_say_so_in_words():
    supervisor_mentor = dataclasses.replace(
        COUNCIL_MENTOR, statement="I coach new supervisors who now lead their former peers.", expertise=()
    )
    new_boss = dataclasses.replace(COUNCIL_MENTEE, goals="Last month I became the boss of my old coworkers.", wanted=())
    assert not shared_terms(supervisor_mentor, new_boss)
    close = explain(supervisor_mentor, new_boss, {"text": 0.8}, REASON_LABELS)
    assert close == ["What they write is close in meaning."]
    assert explain(supervisor_mentor, new_boss, {"text": 0.3}, REASON_LABELS) == []
    # Words worth naming are still named first, whichever way the texts were compared.
    assert explain(COUNCIL_MENTOR, COUNCIL_MENTEE, {"text": 0.8}, REASON_LABELS)[0].startswith("Both write about ")
