"""Who may see what of an application. Private by default."""

from __future__ import annotations

from accounts.models import User
from applications.models import Application


def can_view_resume(user: User, application: Application) -> bool:
    """The owner, the staff, and, once they are paired, the partner."""
    if not user.is_authenticated:
        return False
    if user.is_staff or application.applicant_id == user.id:
        return True
    from matching.models import Pairing  # matching builds on applications, not the other way round

    return Pairing.objects.filter(mentor_application=application, mentee=user).exists() or (
        Pairing.objects.filter(mentee_application=application, mentor=user).exists()
    )
