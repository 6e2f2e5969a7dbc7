"""Who may see what. Private by default.

Access has one home: one helper per kind of object answers "may this person see it", and every view, private
file URL, admin queryset and export asks it. A chair's reach is decided in one function, `chair_programs`:
being staff opens the admin, never the private files; the model's permission opens them, for the programs
the chair runs (every program today; scoping chairs by association changes that function only).
"""

from __future__ import annotations

from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet

from accounts.models import User
from applications.models import Application, Program

VIEW = ("view", "change")  # the admin's rule: the change permission also lets one view
CHANGE = ("change",)


def holds_permission(user: User, model: type[Model], actions: tuple[str, ...] = VIEW) -> bool:
    """Active staff holding one of the admin's `actions` permissions on `model`."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    opts = model._meta
    return any(user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}") for action in actions)


def chair_programs(user: User, model: type[Model], actions: tuple[str, ...] = VIEW) -> QuerySet[Program]:
    """The programs whose `model` objects this person sees (or, with CHANGE, changes) as chair.

    The one place a chair's scope is decided."""
    if not holds_permission(user, model, actions):
        return Program.objects.none()
    return Program.objects.all()


def chair_sees(user: User, model: type[Model], program_id: int, actions: tuple[str, ...] = VIEW) -> bool:
    return chair_programs(user, model, actions).filter(pk=program_id).exists()


def require_chair(user: User | None, model: type[Model], program_id: int) -> None:
    """For the chair's services: refuse anyone who may not change `model` objects of this program."""
    if user is None or not chair_sees(user, model, program_id, CHANGE):
        raise PermissionDenied(f"Only a chair of this program may change its {model._meta.verbose_name_plural}.")


def applications_visible_to(user: User) -> QuerySet[Application]:
    """Applications (and their resumes) the person may see: their own, their partner's once paired, and the
    applications of the programs they run as chair."""
    if not user.is_authenticated:
        return Application.objects.none()
    from pairings.models import Pairing  # pairings build on applications, not the other way round

    own = Q(applicant=user)
    partners = Q(pk__in=Pairing.objects.filter(mentee=user).values("mentor_application")) | Q(
        pk__in=Pairing.objects.filter(mentor=user).values("mentee_application")
    )
    chaired = Q(program__in=chair_programs(user, Application))
    return Application.objects.filter(own | partners | chaired)


def can_view_resume(user: User, application: Application) -> bool:
    """The owner, the partner once they are paired, and a chair holding the view permission on applications."""
    return applications_visible_to(user).filter(pk=application.pk).exists()
