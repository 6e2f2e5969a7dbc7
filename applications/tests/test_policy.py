"""Program policy has one home: the scorer, the match run's defaults, the admin and the README all say what
applications/policy.py says."""

from pathlib import Path

from django.conf import settings

from applications import policy
from matching.admin import MatchRunAdmin
from matching.models import MatchRun
from matching.scoring import Weights

README = Path(settings.BASE_DIR, "README.md").read_text()


def _policy_section() -> str:
    return README.split("### Program policy", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]


def test_the_scorer_defaults_to_the_policy_weights():
    assert {name: getattr(Weights(), name) for name in policy.DEFAULT_WEIGHTS} == policy.DEFAULT_WEIGHTS


def test_a_new_match_run_starts_from_the_policy_weights():
    run = MatchRun()
    assert {name: getattr(run, f"weight_{name}") for name in policy.DEFAULT_WEIGHTS} == policy.DEFAULT_WEIGHTS
    assert set(MatchRun.WEIGHT_FIELDS) == {f"weight_{name}" for name in policy.DEFAULT_WEIGHTS}


def test_the_admin_states_the_policy_weights():
    descriptions = [options.get("description", "") for _, options in MatchRunAdmin.fieldsets]
    assert any(policy.default_weights_text() in text for text in descriptions)


def test_the_readme_quotes_every_policy_number_in_one_section():
    section = _policy_section()
    assert "`applications/policy.py`" in section
    assert f"quiet after {policy.QUIET_AFTER_PERIODS} agreed check-in periods" in section
    assert f"unsigned {policy.UNSIGNED_NUDGE_AFTER_DAYS} days after pairing is reminded" in section
    assert f"unsigned after {policy.UNSIGNED_CHAIR_AFTER_DAYS} days go on the chair's" in section
    assert f"no check-in {policy.FIRST_CHECKIN_AFTER_DAYS} days after it started" in section
    assert f"pulse answer of {policy.LOW_PULSE_SCORE} or less" in section
    assert f"every {policy.FALLBACK_FREQUENCY_MONTHS} month when unknown" in section
    assert f"default match weights: {policy.default_weights_text()}." in section


def test_the_readme_states_the_default_weights_only_there():
    assert README.count(policy.default_weights_text()) == 1


def test_a_pair_meets_at_the_agreed_frequency_else_the_wish_else_the_recommendation():
    assert policy.agreed_frequency(agreed="quarterly", wished="monthly", recommended="semi_annually") == "quarterly"
    assert policy.agreed_frequency(agreed="", wished="monthly", recommended="semi_annually") == "monthly"
    assert policy.agreed_frequency(agreed="", wished="", recommended="semi_annually") == "semi_annually"
