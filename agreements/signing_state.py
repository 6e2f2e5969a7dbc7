"""Who has signed the agreement and whose turn it is, in words, as the agreement page states it to its reader:
"Rosalind signed on March 3, 2026; your turn", "You signed on March 3, 2026; waiting for Rosalind", and for a group
each member's line. The day is written as the page's Signatures list writes it (month name first, with the year, in
the active language), so the banner and the list below it agree. Computed from what the page already loaded: no
query of its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from agreements.models import Signature
from mentorship.dates import month_name_day_year


@dataclass(frozen=True)
class Signer:
    """A party as the reader sees them: their name (or "You"), their role, and their valid signature if any."""

    name: str
    role: str
    is_reader: bool
    signature: Signature | None

    @property
    def line(self) -> str:
        """One member's line in a group's list."""
        if self.signature is not None:
            return f"signed on {_day(self.signature.signed_at)}"
        return "your turn to sign" if self.is_reader else "not signed yet"


@dataclass(frozen=True)
class SigningState:
    headline: str
    signers: list[Signer]
    readers_turn: bool


def _day(moment: dt.datetime) -> str:
    """The reader's local day, as `|date:"F j, Y"` writes it: "March 3, 2026"."""
    return month_name_day_year(timezone.localtime(moment).date())


def _names(signers: Sequence[Signer]) -> str:
    names = [signer.name for signer in signers]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def signing_state(
    parties: Sequence[tuple[str, str, int]], signatures: Sequence[Signature], reader_id: int | None
) -> SigningState:
    """`parties`: (full name, role label, user id) of each party, the mentor first; `signatures`: the valid ones."""
    by_signer = {signature.signer_id: signature for signature in signatures}
    signers = [
        Signer(
            name="You" if pk == reader_id else name.split(" ")[0] if len(parties) == 2 else name,
            role=role,
            is_reader=pk == reader_id,
            signature=by_signer.get(pk),
        )
        for name, role, pk in parties
    ]
    reader = next((signer for signer in signers if signer.is_reader), None)
    others = [signer for signer in signers if not signer.is_reader]
    signed = [signer for signer in others if signer.signature is not None]
    waiting = [signer for signer in others if signer.signature is None]
    readers_turn = reader is not None and reader.signature is None
    if reader is None:  # a chair reading
        parts = [f"{s.name} ({s.role.lower()}) signed on {_day(s.signature.signed_at)}" for s in signed]
        headline = "; ".join(parts) or "Nobody has signed this version yet"
        if waiting:
            headline += f"; waiting for {_names(waiting)}"
    elif reader.signature is not None:
        headline = f"You signed on {_day(reader.signature.signed_at)}"
        headline += f"; waiting for {_names(waiting)}" if waiting else ""
    elif signed:
        when = _day(signed[-1].signature.signed_at)
        headline = (
            f"{_names(signed)} signed on {when}; your turn"
            if len(signed) == 1
            else f"{_names(signed)} signed; your turn"
        )
        if len(signers) > 2 and waiting:
            headline += f" (also waiting for {_names(waiting)})"
    else:
        headline = "Nobody has signed this version yet; you can sign first"
    return SigningState(headline=headline, signers=signers, readers_turn=readers_turn)
