"""Program policy: the thresholds, fallbacks and default weights the jobs, the dashboard, the scorer, the match
run's defaults, the admin and the README all read. Change a number here and every one of them follows.

Plain values and functions, no Django: the scorer imports this and stays testable alone.
"""

from __future__ import annotations

# ---- Relationships ---------------------------------------------------------------------------------------------

# A pair that lets this many of its agreed check-in periods go by with no check-in is "quiet": the chair is
# emailed and the dashboard lists it.
QUIET_AFTER_PERIODS = 2
# A partner who has not signed the agreement this many days after pairing is reminded.
UNSIGNED_NUDGE_AFTER_DAYS = 7
# Pairs still unsigned this many days after pairing go on the chair's weekly list and the dashboard.
UNSIGNED_CHAIR_AFTER_DAYS = 14
# The dashboard flags an active pair with no check-in at all this many days after it started.
FIRST_CHECKIN_AFTER_DAYS = 21
# A pulse answer at or below this (of 5) puts the pair on the dashboard.
LOW_PULSE_SCORE = 2
# Months between check-ins when a pair's frequency is missing or unknown.
FALLBACK_FREQUENCY_MONTHS = 1


def agreed_frequency(*, agreed: str, wished: str, recommended: str) -> str:
    """A pair's check-in frequency: the agreement's, else the mentee's wish, else the program's recommendation."""
    return agreed or wished or recommended


# ---- Matching --------------------------------------------------------------------------------------------------

# How much each part of the match score counts, until the chair chooses otherwise in a match run.
DEFAULT_WEIGHTS: dict[str, float] = {
    "expertise": 0.35,
    "frequency": 0.15,
    "contact": 0.10,
    "text": 0.20,
    "career": 0.10,
    "local_government": 0.10,
    # Not a part of the score: a bonus for choosing, on top of it (see WEIGHT_DESCRIPTIONS).
    "wish": 0.05,
}
# How each weight is named to the chair (admin) and in the README.
WEIGHT_LABELS: dict[str, str] = {  # what a chair reads for each part of a score: weights, a proposal's breakdown
    "expertise": "areas of expertise",
    "frequency": "how often to meet",
    "contact": "ways to meet",
    "text": "what they wrote",
    "career": "career stage",
    "local_government": "local-government fit",
    "wish": "wishes from the gallery",
}

# What each weight does, in one plain line for the chair choosing it (the match run's page).
WEIGHT_DESCRIPTIONS: dict[str, str] = {
    "expertise": "Pairs a mentee with a mentor strong in the areas the mentee wants help in.",
    "frequency": "Pairs people who want to meet about as often as each other.",
    "contact": "Pairs people who accept the same ways to meet (in person only when they work in the same region).",
    "text": (
        "Pairs people whose words meet: what the mentee wants help with and why, against the mentor's "
        "statement, mentoring experience and areas."
    ),
    "career": "Pairs a mentee's career stage with a mentor's years of experience.",
    "local_government": "Pairs people from the same region, kind of agency and community size (if the program asks).",
    "wish": (
        "Favours a mentor the mentee marked as a favourite or asked for in the gallery: when choosing, the pair gains "
        "what a part with this weight adds when fully met. Its match score stays as it is, so the minimum score, "
        "conflicts, places and locks still come first."
    ),
}

# Dream teams (a run giving a mentee several mentors): what a mentor earns for an area of the mentee's that another
# of the mentee's mentors already covers, as a share of the first mentor's credit; a third covering it earns this
# share of the second's, and so on. Below 1, so a second mentor who covers new areas beats one who repeats them.
REPEATED_AREA_CREDIT = 0.5


def weight_help(name: str) -> str:
    """'Pairs people who … Default 0.15.': the help under one weight's box."""
    return f"{WEIGHT_DESCRIPTIONS[name]} Default {DEFAULT_WEIGHTS[name]:.2f}."


def default_weights_text() -> str:
    """'areas of expertise 0.35, how often to meet 0.15, …': the defaults as the admin states them."""
    return ", ".join(f"{WEIGHT_LABELS[name]} {weight:.2f}" for name, weight in DEFAULT_WEIGHTS.items())
