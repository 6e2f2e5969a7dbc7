"""Who may see a pairing and its agreement. The rule for chairs lives in applications.access.chair_programs.

A pairing's own pages (check-ins, ending, feedback) are the two partners' alone. The agreement, and its executed
PDF, is also read by a chair holding the view permission on agreements; being staff is not enough.
"""

from __future__ import annotations

from accounts.models import User
from agreements.models import Agreement
from applications.access import chair_sees
from pairings.models import Pairing


def can_read_agreement(user: User, pairing: Pairing) -> bool:
    return pairing.is_partner(user) or chair_sees(user, Agreement, pairing.program_id)
