"""The two scoped roles, granted by a superuser in the admin: an association's chair and a program's coordinator.

A role is two things: a scope (which programs: applications.access.chair_programs reads Association.chairs and
Program.coordinators) and a set of permissions (which models, which actions: the groups below, kept equal to the
lists here after every migrate). Granting a role makes the person staff, so they can sign in to the admin;
taking their last role away undoes both. Neither role is a superuser.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from accounts.models import User

CHAIRS = "Association chairs"
COORDINATORS = "Program coordinators"

# app label -> model -> actions. A coordinator runs the programs they are given; a chair also creates programs
# (for their association) and edits their association's page.
_RUN_A_PROGRAM: dict[str, dict[str, str]] = {
    "applications": {"program": "view change", "application": "view change", "applicationevent": "view"},
    "matching": {
        "matchrun": "view add change delete",
        "proposal": "view change",
        "pairrule": "view add change delete",
        "galleryrequest": "view",
    },
    "pairings": {
        "pairing": "view change",
        "mentoringgroup": "view change",
        "pairingevent": "view",
        "rematchrequest": "view",
        "checkin": "view",
        "pulseresponse": "view",
        "eventattendance": "view change",
        "matchfeedback": "view",
    },
    "agreements": {"agreement": "view", "signature": "view", "programguidance": "view add change"},
    "notifications": {"notice": "view resend"},
    "associations": {"association": "view"},
}
_CHAIR_ALSO: dict[str, dict[str, str]] = {
    "applications": {"program": "add", "application": "add"},
    "accounts": {"user": "add"},  # the participants' import creates accounts; the users' admin stays superusers'
    "associations": {"association": "change"},
    "chapters": {"studentchapter": "view add change delete", "chapteroffer": "view"},
    "events": {"event": "view add change delete", "rsvp": "view change"},
    "resources": {"resource": "view add change delete"},
    "coaching": {
        "session": "view add change delete",
        "coachsignup": "view add change delete",
        "learnerregistration": "view add change delete",
        "wish": "view add change delete",
        "seat": "view",
    },
}


def _codenames(*tables: dict[str, dict[str, str]]) -> set[tuple[str, str]]:
    wanted = set()
    for table in tables:
        for app_label, models in table.items():
            for model, actions in models.items():
                for action in actions.split():
                    codename = f"{action}_{model}" if action != "resend" else "resend_notice"
                    wanted.add((app_label, codename))
    return wanted


ROLE_PERMISSIONS: dict[str, set[tuple[str, str]]] = {
    CHAIRS: _codenames(_RUN_A_PROGRAM, _CHAIR_ALSO),
    COORDINATORS: _codenames(_RUN_A_PROGRAM),
}


def _permissions(wanted: set[tuple[str, str]]) -> list[Permission]:
    query = Q(pk__in=[])
    for app_label, codename in wanted:
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


def sync_role_groups(**kwargs: Any) -> None:
    """post_migrate: each role's group holds exactly its listed permissions (those that exist yet)."""
    for name, wanted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(wanted))


def role_groups() -> dict[str, Group]:
    if Group.objects.filter(name__in=ROLE_PERMISSIONS).count() < len(ROLE_PERMISSIONS):
        sync_role_groups()
    return {group.name: group for group in Group.objects.filter(name__in=ROLE_PERMISSIONS)}


def roles_sync(people: Iterable[User]) -> None:
    """After a superuser changed who chairs or coordinates: each person's groups and staff flag follow their roles."""
    groups = role_groups()
    for person in people:
        holds = {
            CHAIRS: person.chaired_associations.exists(),
            COORDINATORS: person.coordinated_programs.exists(),
        }
        for name, held in holds.items():
            (person.groups.add if held else person.groups.remove)(groups[name])
        staff = person.is_superuser or any(holds.values()) or person.user_permissions.exists()
        staff = staff or person.groups.exclude(name__in=ROLE_PERMISSIONS).exists()
        if person.is_staff != staff:
            person.is_staff = staff
            person.save(update_fields=["is_staff"])


def chair_grant(user: User, association: Any) -> None:
    association.chairs.add(user)
    roles_sync([user])


def coordinator_grant(user: User, program: Any) -> None:
    program.coordinators.add(user)
    roles_sync([user])
