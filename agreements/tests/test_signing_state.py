"""The sentence at the top of the agreement page: who signed and whose turn it is, to the reader."""

import datetime as dt

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation

from agreements.models import Signature
from agreements.signing_state import signing_state

MARCH_3 = timezone.make_aware(dt.datetime(2026, 3, 3, 12, 0))
ROSALIND, PRIYA, NOOR = ("Rosalind Vantreese", "Mentor", 1), ("Priya Wexford", "Mentee", 2), ("Noor Sato", "Mentee", 3)


def signed(*signer_ids: int) -> list[Signature]:
    return [Signature(signer_id=pk, signed_at=MARCH_3) for pk in signer_ids]


@pytest.mark.parametrize(
    ("signatures", "reader", "headline", "readers_turn"),
    [
        (signed(), 2, "Nobody has signed this version yet; you can sign first", True),
        (signed(1), 2, "Rosalind signed on March 3, 2026; your turn", True),
        (signed(2), 2, "You signed on March 3, 2026; waiting for Rosalind", False),
        (signed(1), 99, "Rosalind (mentor) signed on March 3, 2026; waiting for Priya", False),  # a chair reading
        (signed(), 99, "Nobody has signed this version yet; waiting for Rosalind and Priya", False),
    ],
)
def test_a_pair(signatures, reader, headline, readers_turn):
    state = signing_state([ROSALIND, PRIYA], signatures, reader)
    assert (state.headline, state.readers_turn) == (headline, readers_turn)


def test_a_group_names_everyone_and_lists_each_member():
    state = signing_state([ROSALIND, PRIYA, NOOR], signed(1), 3)
    assert state.headline == "Rosalind Vantreese signed on March 3, 2026; your turn (also waiting for Priya Wexford)"
    assert [(s.role, s.name, s.line) for s in state.signers] == [
        ("Mentor", "Rosalind Vantreese", "signed on March 3, 2026"),
        ("Mentee", "Priya Wexford", "not signed yet"),
        ("Mentee", "You", "your turn to sign"),
    ]
    assert signing_state([ROSALIND, PRIYA, NOOR], signed(1, 3), 3).headline == (
        "You signed on March 3, 2026; waiting for Priya Wexford"
    )


@pytest.mark.parametrize("language", ["en-us", "fr"])
def test_the_day_is_written_as_the_date_filter_writes_it_in_the_active_language(language):
    with translation.override(language):
        state = signing_state([ROSALIND, PRIYA], signed(2), 2)
        day = date_filter(timezone.localtime(MARCH_3), "F j, Y")
    assert state.headline == f"You signed on {day}; waiting for Rosalind"
