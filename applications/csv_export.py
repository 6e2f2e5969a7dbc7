"""The spreadsheet of applications: its columns, shared by the admin's export and the chair's dashboard export.
Contact details and answers the chair decides on; never the free text people wrote (statements, goals, notes)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.utils import timezone

from applications.models import Application


def profile_value(application: Application, field: str) -> str:
    """A field of the applicant's profile, or "" when they have none."""
    profile = getattr(application.applicant, "profile", None)
    return getattr(profile, field, "") if profile else ""


COLUMNS: list[tuple[str, Callable[[Application], object]]] = [
    ("Program", lambda a: a.program.name),
    ("Role", lambda a: a.get_role_display()),
    ("Status", lambda a: a.get_status_display()),
    ("Status changed", lambda a: timezone.localtime(a.status_changed_at).strftime("%Y-%m-%d %H:%M")),
    ("Name", lambda a: a.applicant.full_name),
    ("Email", lambda a: a.applicant.email),
    ("Organization", lambda a: profile_value(a, "organization")),
    ("Title", lambda a: profile_value(a, "title")),
    ("City", lambda a: profile_value(a, "city")),
    ("Region", lambda a: profile_value(a, "region")),
    ("Phone", lambda a: profile_value(a, "phone")),
    ("Membership", lambda a: a.get_membership_display()),
    ("Fee", lambda a: a.get_fee_status_display()),
    ("Fee amount", lambda a: a.fee_amount),
    ("Years", lambda a: a.years_experience if a.years_experience is not None else ""),
    ("Career stage", lambda a: a.get_career_stage_display()),
    ("Expertise", lambda a: "; ".join(a.expertise_labels())),
    ("Frequency", lambda a: a.get_frequency_display()),
    ("Contact", lambda a: "; ".join(a.contact_form_labels())),
    ("Capacity", lambda a: a.capacity or ""),
    ("Submitted", lambda a: a.submitted_at.date().isoformat() if a.submitted_at else ""),
    ("Decided by", lambda a: a.decided_by.full_name if a.decided_by else ""),
]
HEADER = [header for header, _ in COLUMNS]


def rows(applications: Iterable[Application]) -> Iterator[list[object]]:
    return ([value(application) for _, value in COLUMNS] for application in applications)
