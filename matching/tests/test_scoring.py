"""The scorer: each component by hand on tiny cases, then against the loop reference."""

from __future__ import annotations

import dataclasses
import math
import random

import numpy as np
import pytest

from matching import text_similarity
from matching.facts import MenteeFacts, MentorFacts
from matching.reasons import explain
from matching.reference import reference_feasible, reference_scores
from matching.scoring import COMPONENTS, Weights, feasible_mask, score_matrix
from matching.synthetic import synthetic_program
from matching.text_similarity import STRONG_MATCH


def mentor(**changes) -> MentorFacts:
    base = MentorFacts(
        key=1,
        person=1,
        organization="City of Port Alder",
        city="Port Alder",
        region="Harbor Coast",
        expertise=("finance", "human_resources", "strategic_planning"),
        frequency="monthly",
        contact_forms=frozenset({"phone", "video"}),
        statement="I enjoy coaching new analysts through budget season.",
        years_experience=12,
        jurisdiction_type="city",
        jurisdiction_size="medium",
        capacity=2,
    )
    return dataclasses.replace(base, **changes)


def mentee(**changes) -> MenteeFacts:
    base = MenteeFacts(
        key=101,
        person=101,
        organization="Sandmere Water District",
        city="Sandmere",
        region="Harbor Coast",
        wanted=("finance", "strategic_planning"),
        frequency="monthly",
        contact_forms=frozenset({"phone", "video"}),
        goals="I want to understand budget season.",
        preferences="",
        career_stage="aspiring_manager",
        jurisdiction_type="city",
        jurisdiction_size="medium",
    )
    return dataclasses.replace(base, **changes)


def component(name: str, one_mentor: MentorFacts, one_mentee: MenteeFacts, **options) -> float:
    weights = Weights(**{other: 1.0 if other == name else 0.0 for other in COMPONENTS})
    result = score_matrix([one_mentor], [one_mentee], weights, **options)
    assert set(result.components) == {name}
    return float(result.components[name][0, 0])


def test_expertise_is_the_share_of_the_wanted_areas_the_mentor_offers():
    assert component("expertise", mentor(), mentee(wanted=("finance", "strategic_planning"))) == 1.0
    assert component("expertise", mentor(), mentee(wanted=("finance", "police"))) == 0.5
    assert component("expertise", mentor(), mentee(wanted=("police", "fire_ems", "finance"))) == pytest.approx(1 / 3)
    assert component("expertise", mentor(), mentee(wanted=("police",))) == 0.0


def test_expertise_takes_any_area_strings_and_zero_when_nothing_is_wanted():
    unusual = mentor(expertise=("beekeeping", "other: grant writing", "finance"))
    assert component("expertise", unusual, mentee(wanted=("other: grant writing",))) == 1.0
    assert component("expertise", unusual, mentee(wanted=())) == 0.0


def test_expertise_handles_more_areas_than_one_bit_word_holds():
    mentors = [mentor(key=k, person=k, expertise=(f"area_{k}", f"area_{k + 1}", f"area_{k + 2}")) for k in range(40)]
    mentees = [mentee(key=100 + k, person=100 + k, wanted=(f"area_{k + 2}", f"area_{39 - k}")) for k in range(40)]
    weights = Weights(expertise=1, frequency=0, contact=0, text=0, career=0, local_government=0)
    expected = reference_scores(mentors, mentees, weights, component="expertise")
    assert np.array_equal(score_matrix(mentors, mentees, weights).components["expertise"], np.array(expected))


@pytest.mark.parametrize(
    ("mentee_choice", "mentor_choice", "expected"),
    [
        ("monthly", "monthly", 1.0),
        ("monthly", "every_other_month", 2 / 3),
        ("monthly", "quarterly", 1 / 3),
        ("monthly", "semi_annually", 0.0),
        ("semi_annually", "every_other_month", 1 / 3),
        ("", "quarterly", 0.5),
        ("quarterly", "", 0.5),
    ],
)
def test_frequency_is_one_minus_the_steps_apart_over_three(mentee_choice, mentor_choice, expected):
    value = component("frequency", mentor(frequency=mentor_choice), mentee(frequency=mentee_choice))
    assert value == pytest.approx(expected, abs=1e-12)


def contact(mentor_forms: set[str], mentee_forms: set[str], *, mentor_place=None, mentee_place=None) -> float:
    """The contact component for one pair; a place is (city, region)."""
    city, region = mentor_place or ("Port Alder", "Harbor Coast")
    one_mentor = mentor(contact_forms=frozenset(mentor_forms), city=city, region=region)
    city, region = mentee_place or ("Sandmere", "Harbor Coast")
    return component("contact", one_mentor, mentee(contact_forms=frozenset(mentee_forms), city=city, region=region))


def test_contact_is_the_share_of_the_mentees_forms_the_mentor_accepts():
    assert contact({"phone", "video", "email"}, {"phone"}) == 1.0
    assert contact({"phone"}, {"phone", "email"}) == 0.5
    assert contact({"email"}, {"phone", "video"}) == 0.0
    assert contact({"phone"}, set()) == 0.0


def test_in_person_counts_only_when_both_are_in_the_same_region():
    forms = {"in_person", "phone"}
    assert contact(forms, forms, mentee_place=("Sandmere", " harbor  COAST ")) == 1.0
    assert contact(forms, forms, mentee_place=("Sagehill", "High Desert")) == 0.5


def test_in_person_falls_back_to_the_same_city_when_a_region_is_blank():
    forms = {"in_person"}
    assert contact(forms, forms, mentor_place=("Port Alder", ""), mentee_place=("port alder", "Harbor Coast")) == 1.0
    assert contact(forms, forms, mentor_place=("Port Alder", ""), mentee_place=("Sandmere", "Harbor Coast")) == 0.0
    assert contact(forms, forms, mentor_place=("", ""), mentee_place=("", "")) == 0.0


def test_the_same_city_name_in_different_regions_is_not_in_person_distance():
    forms = {"in_person"}
    assert contact(forms, forms, mentor_place=("Millbrook", "Inland"), mentee_place=("Millbrook", "Delta")) == 0.0


def test_text_is_the_cosine_of_tfidf_vectors_on_the_scale_of_a_strong_match(monkeypatch):
    def text(statement: str, goals: str) -> float:
        return component("text", mentor(statement=statement, expertise=()), mentee(goals=goals, preferences=""))

    assert text("Council budget forecasting", "council, BUDGET forecasting!") == pytest.approx(1.0)
    assert text("Dispatch radios", "Downtown revitalization") == 0.0
    assert text("the and of", "the and of") == 0.0
    # Two documents, read as stems and neighbouring pairs: "budget dispatch" and "budget council" share only
    # "budget", whose idf is ln(3/3) + 1 = 1; each other term ("dispatch", "budget dispatch", ...) is in one
    # document, idf ln(3/2) + 1 = a. The vectors are (1, a, a, 0, 0) and (1, 0, 0, a, a): cosine 1 / (1 + 2a^2).
    a = math.log(3 / 2) + 1
    cosine = 1 / (1 + 2 * a * a)
    assert cosine > STRONG_MATCH
    assert text("budget dispatch", "budget council") == 1.0  # a strong match counts fully
    monkeypatch.setattr(text_similarity, "STRONG_MATCH", 0.5)
    assert text("budget dispatch", "budget council") == pytest.approx(cosine / 0.5, abs=1e-12)


def test_text_meets_words_of_one_stem_and_leaves_out_everyday_words():
    def text(statement: str, goals: str) -> float:
        return component("text", mentor(statement=statement, expertise=()), mentee(goals=goals, preferences=""))

    assert text("I have led budgeting for twenty years", "Budgets") > 0
    assert text("Forecasting revenues", "forecast revenue") == pytest.approx(1.0)
    # Mentoring's own words say nothing about what two people have in common.
    assert text("I love mentoring and helping people learn", "I want a mentor to help me learn") == 0.0


def test_text_compares_what_the_mentee_wants_help_with_and_why_against_what_the_mentor_offers():
    # The mentee's interest in public service and the mentor's mentoring experience count; preferences about
    # the partner's traits do not.
    asker = mentee(goals="", interest="I volunteer on our water board", preferences="Someone patient")
    assert component("text", mentor(statement="", mentored_before="I coached a water board chair"), asker) > 0
    assert component("text", mentor(statement="I am patient"), asker) == 0.0
    by_preferences = mentee(goals="Budget forecasting", preferences="A mentor from transit")
    assert component("text", mentor(statement="Transit operations"), by_preferences) == 0.0


def test_text_includes_the_mentors_area_labels():
    quiet = mentor(statement="", expertise=("strategic_planning",))
    goals = mentee(goals="Help with strategic planning please", preferences="")
    assert component("text", quiet, goals) > 0.5
    assert component("text", quiet, goals, labels={"strategic_planning": "Long-range vision"}) == 0.0


def test_text_agrees_when_the_term_product_stays_sparse(monkeypatch):
    mentors, mentees = synthetic_program(15, 12, seed=4)
    dense = text_similarity.text_component(mentors, mentees)
    monkeypatch.setattr(text_similarity, "DENSE_TERMS_LIMIT", 0)
    assert np.allclose(text_similarity.text_component(mentors, mentees), dense, atol=1e-12)


@pytest.mark.parametrize(
    ("stage", "years", "expected"),
    [
        ("aspiring_manager", 12, 1.0),
        ("aspiring_manager", 25, 1.0),
        ("aspiring_manager", 4, 0.2),
        ("aspiring_manager", 9, 0.5),
        ("student", 5, 1.0),
        ("student", 30, 0.6),
        ("mid_career", 10, 1.0),
        ("early_career", 20, 0.7),
        ("", 12, 0.5),
    ],
)
def test_career_follows_the_documented_table(stage, years, expected):
    assert component("career", mentor(years_experience=years), mentee(career_stage=stage)) == expected


def test_local_government_averages_the_answers_both_sides_gave():
    assert component("local_government", mentor(), mentee()) == 1.0
    region_only = mentee(jurisdiction_type="county", jurisdiction_size="")
    assert component("local_government", mentor(), region_only) == 0.5
    nothing_shared = mentee(region="High Desert", jurisdiction_type="county", jurisdiction_size="large")
    assert component("local_government", mentor(), nothing_shared) == 0.0
    unknown = mentee(region="", jurisdiction_type="", jurisdiction_size="")
    assert component("local_government", mentor(), unknown) == 0.5


def test_local_government_counts_only_when_the_program_asks_for_it():
    pair = ([mentor()], [mentee(region="High Desert", jurisdiction_type="county", jurisdiction_size="large")])
    with_fit = score_matrix(*pair, Weights())
    without_fit = score_matrix(*pair, Weights(), local_government_fit=False)
    assert "local_government" in with_fit.components
    assert "local_government" not in without_fit.components
    others = {name: float(matrix[0, 0]) for name, matrix in without_fit.components.items()}
    weights = Weights()
    expected = sum(getattr(weights, name) * value for name, value in others.items()) / sum(
        getattr(weights, name) for name in others
    )
    assert without_fit.total[0, 0] == pytest.approx(expected)
    assert with_fit.total[0, 0] < without_fit.total[0, 0]


def test_totals_stay_between_0_and_1_whatever_the_weights():
    mentors, mentees = synthetic_program(30, 30, seed=2)
    rng = random.Random(7)
    for _ in range(5):
        weights = Weights(**{name: rng.choice([0, 0.1, 1, 50]) for name in COMPONENTS[:-1]}, local_government=1)
        total = score_matrix(mentors, mentees, weights).total
        assert total.shape == (30, 30)
        assert total.min() >= 0.0
        assert total.max() <= 1.0


def test_a_zero_weight_removes_its_component():
    mentors, mentees = synthetic_program(10, 8, seed=5)
    full = score_matrix(mentors, mentees, Weights())
    no_text = score_matrix(mentors, mentees, Weights(text=0))
    assert "text" not in no_text.components
    kept = [name for name in COMPONENTS if name != "text"]
    weights = Weights()
    expected = sum(getattr(weights, name) * full.components[name] for name in kept) / sum(
        getattr(weights, name) for name in kept
    )
    assert np.allclose(no_text.total, expected, atol=1e-12)


def test_weights_must_be_non_negative_and_not_all_zero():
    with pytest.raises(ValueError, match="expertise"):
        Weights(expertise=-0.1)
    with pytest.raises(ValueError, match="above 0"):
        Weights(expertise=0, frequency=0, contact=0, text=0, career=0, local_government=0).active()
    with pytest.raises(ValueError, match="above 0"):
        Weights(expertise=0, frequency=0, contact=0, text=0, career=0, local_government=1).active(
            local_government_fit=False
        )


def test_an_unknown_choice_value_fails_loudly():
    with pytest.raises(ValueError, match="weekly"):
        score_matrix([mentor(frequency="weekly")], [mentee()])
    with pytest.raises(ValueError, match="carrier pigeon"):
        score_matrix([mentor()], [mentee(contact_forms=frozenset({"carrier pigeon"}))])
    with pytest.raises(ValueError, match="retired"):
        score_matrix([mentor()], [mentee(career_stage="retired")])


def test_the_vectorised_scores_match_the_loop_reference_on_40_by_40():
    mentors, mentees = synthetic_program(40, 40, seed=11)
    labels = {"finance": "Finance", "fire_ems": "Fire/Emergency Medical Services"}
    result = score_matrix(mentors, mentees, Weights(), labels=labels)
    for name in COMPONENTS:
        expected = np.array(reference_scores(mentors, mentees, Weights(), labels=labels, component=name))
        tolerance = 1e-6 if name == "text" else 1e-9
        assert np.abs(result.components[name] - expected).max() <= tolerance, name
    expected_total = np.array(reference_scores(mentors, mentees, Weights(), labels=labels))
    assert np.abs(result.total - expected_total).max() <= 1e-6


def test_the_scores_match_the_reference_without_the_local_government_fit():
    mentors, mentees = synthetic_program(12, 9, seed=12)
    weights = Weights(expertise=1, frequency=2, contact=0, text=1, career=0.5, local_government=3)
    result = score_matrix(mentors, mentees, weights, local_government_fit=False)
    expected = np.array(reference_scores(mentors, mentees, weights, local_government_fit=False))
    assert np.abs(result.total - expected).max() <= 1e-6


def test_a_person_never_pairs_with_themselves():
    both_roles = mentee(person=1)
    mask = feasible_mask([mentor(), mentor(key=2, person=2)], [both_roles], exclude_same_organization=False)
    assert mask.tolist() == [[False, True]]


def test_the_same_organization_is_excluded_only_when_the_program_says_so():
    colleague = mentee(organization="  city of PORT alder ")
    assert feasible_mask([mentor()], [colleague], exclude_same_organization=True).tolist() == [[False]]
    assert feasible_mask([mentor()], [colleague], exclude_same_organization=False).tolist() == [[True]]
    no_organizations = (mentor(organization=""), mentee(organization=""))
    mask = feasible_mask([no_organizations[0]], [no_organizations[1]], exclude_same_organization=True)
    assert mask.tolist() == [[True]]


def test_forbidden_pairs_are_excluded_by_key():
    mentors = [mentor(key=1, person=1), mentor(key=2, person=2)]
    mentees = [mentee(key=101, person=101), mentee(key=102, person=102)]
    forbidden = {(102, 1), (999, 2)}
    mask = feasible_mask(mentors, mentees, exclude_same_organization=False, forbidden=forbidden)
    assert mask.tolist() == [[True, True], [False, True]]


def test_the_feasibility_mask_matches_the_loop_reference():
    mentors, mentees = synthetic_program(30, 40, seed=13)
    forbidden = {(mentees[0].key, mentors[0].key), (mentees[5].key, mentors[7].key)}
    for exclude in (True, False):
        mask = feasible_mask(mentors, mentees, exclude_same_organization=exclude, forbidden=forbidden)
        expected = reference_feasible(mentors, mentees, exclude_same_organization=exclude, forbidden=forbidden)
        assert mask.tolist() == expected


def test_explain_gives_the_plain_reasons_for_a_pair():
    one_mentor = mentor(
        region="Orange County", contact_forms=frozenset({"in_person", "phone", "video"}), statement="Budget season"
    )
    one_mentee = mentee(region="Orange County", contact_forms=frozenset({"phone", "video", "in_person"}))
    result = score_matrix([one_mentor], [one_mentee])
    reasons = explain(one_mentor, one_mentee, result.pair(0, 0))
    assert reasons == [
        "Shared areas: Finance and Strategic Planning.",
        "Both write about budget season.",
        "Both want to meet monthly.",
        "Both can meet in person, by phone and by video.",
        "The mentor's 12 years of experience suit the mentee's stage (aspiring manager).",
    ]


def test_explain_names_the_place_and_agency_when_there_is_room():
    one_mentor = mentor(region="Orange County", statement="")
    one_mentee = mentee(region="Orange County", goals="", career_stage="")
    reasons = explain(one_mentor, one_mentee, score_matrix([one_mentor], [one_mentee]).pair(0, 0))
    assert (
        reasons[-1]
        == "Both work in Orange County, with the same kind of agency (City) and the same community size (Medium)."
    )


def test_explain_uses_the_labels_given():
    labels = {
        "finance": "Finance",
        "strategic_planning": "Strategic Planning",
        "every_other_month": "Every other month",
        "in_person": "In person",
        "medium": "25,000 to 100,000 residents",
    }
    one_mentor = mentor(frequency="every_other_month", statement="", region="Elsewhere")
    one_mentee = mentee(frequency="every_other_month", goals="", career_stage="")
    reasons = explain(one_mentor, one_mentee, score_matrix([one_mentor], [one_mentee]).pair(0, 0), labels)
    assert "Both want to meet every other month." in reasons
    assert "community size (25,000 to 100,000 residents)" in reasons[-1]


def test_explain_gives_no_reason_for_a_component_that_did_not_count():
    one_mentor, one_mentee = mentor(), mentee()
    weights = Weights(expertise=0, local_government=0)
    reasons = explain(one_mentor, one_mentee, score_matrix([one_mentor], [one_mentee], weights).pair(0, 0))
    assert not any(reason.startswith("Shared") or "same kind of agency" in reason for reason in reasons)
    assert "Both want to meet monthly." in reasons


def test_explain_mentions_a_near_frequency_and_nothing_for_a_poor_fit():
    one_mentor = mentor(frequency="quarterly", expertise=("police", "fire_ems", "engineering"))
    one_mentee = mentee(frequency="every_other_month", contact_forms=frozenset({"email"}), goals="", preferences="")
    reasons = explain(one_mentor, one_mentee, score_matrix([one_mentor], [one_mentee]).pair(0, 0))
    assert "Close on how often to meet (every other month and quarterly)." in reasons
    assert not any(reason.startswith(("Shared", "Both can meet", "Both write")) for reason in reasons)
    assert math.isclose(score_matrix([one_mentor], [one_mentee]).components["expertise"][0, 0], 0.0)


def test_an_empty_side_gives_an_empty_matrix():
    assert score_matrix([], [mentee()]).total.shape == (1, 0)
    assert score_matrix([mentor()], []).total.shape == (0, 1)
    assert score_matrix([], []).total.shape == (0, 0)
    assert feasible_mask([], [mentee()], exclude_same_organization=True).shape == (1, 0)
