"""Who may see what of an application. Private by default."""

from __future__ import annotations

from accounts.models import User
from applications.models import Application


def can_view_resume(user: User, application: Application) -> bool:
    """The owner and the staff. (A partner gains access once a pairing exists: see matching.)"""
    if not user.is_authenticated:
        return False
    return user.is_staff or application.applicant_id == user.id
