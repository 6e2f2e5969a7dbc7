"""An email about a pairing, to a partner or the program's chair: the one shape every pairing and agreement email
takes (pairings.services, agreements.services)."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from notifications.services import Spec
from pairings.models import Pairing


def pairing_email(kind: str, pairing: Pairing, *, subject: str, period: str, to: User | str, **context: Any) -> Spec:
    """One email about a pairing: to a partner (a User) or to the program's chair (an address)."""
    person = to if isinstance(to, User) else None
    return Spec(
        kind=kind,
        subject=subject,
        period=period,
        to=person.email if person else to,
        user=person,
        program=pairing.program,
        context={"pairing": pairing, "program": pairing.program, **({"person": person} if person else {}), **context},
    )
