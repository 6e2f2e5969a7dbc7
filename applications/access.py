"""Who may see what. Private by default.

Access has one home: one helper per kind of object answers "may this person see it", and every view, private
file URL, admin queryset and export asks it. A chair's reach is decided in one function, `chair_programs`:
being staff opens the admin, never the private files; the model's permission opens them, for the programs the
person runs: every program their association hosts (an association's chair) and the programs they were given
(a program's coordinator). A superuser runs every program. Roles are granted in associations/roles.py.
"""

from __future__ import annotations

from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet

from accounts.models import User
from applications.models import Application, Program
from associations.models import Association

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
    if user.is_superuser:
        return Program.objects.all()
    return Program.objects.filter(Q(host__in=chaired_associations(user)) | Q(pk__in=user.coordinated_programs.all()))


def chair_rows(user: User, queryset: QuerySet, program_path: str, actions: tuple[str, ...] = VIEW) -> QuerySet:
    """The rows of `queryset` (reached from their program through `program_path`, "" for programs themselves) this
    person sees as chair. A superuser sees every row, those belonging to no program included."""
    if user.is_superuser and user.is_active:
        return queryset
    key = f"{program_path}__in" if program_path else "pk__in"
    return queryset.filter(**{key: chair_programs(user, queryset.model, actions)})


def chaired_associations(user: User) -> QuerySet[Association]:
    """The associations this person chairs (every one, for a superuser)."""
    if not (user.is_authenticated and user.is_active):
        return Association.objects.none()
    return Association.objects.all() if user.is_superuser else Association.objects.filter(chairs=user)


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
