"""What the chair reads on one application's admin page before deciding: the answers as words, the contact details,
what is off (eligibility, an unpaid fee), and the decision form. The admin's change view renders these; deciding goes
through applications.services.application_decide."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.timezone import localtime

from applications import eligibility
from applications.models import Application

# Statuses a chair decides from the application's page: waiting for a decision, or waiting for a place. An approved or
# declined application is decided; a draft or a withdrawn one is the applicant's.
DECIDABLE = (Application.Status.SUBMITTED, Application.Status.UNDER_REVIEW, Application.Status.WAITLISTED)

# The buttons on the page, in the order shown: (status, the button's words).
DECISION_BUTTONS = (
    (Application.Status.APPROVED, "Approve"),
    (Application.Status.WAITLISTED, "Waitlist"),
    (Application.Status.DECLINED, "Decline"),
)

MESSAGE_MAX = 1000


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=DECISION_BUTTONS)
    message = forms.CharField(
        label="Message to the applicant (optional)",
        help_text="Added to the decision email, under your decision. Leave it empty to send the standard email.",
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": "message-help"}),
    )
    # The status the chair saw: a decision made meanwhile (a second click, another chair) is refused, not repeated.
    seen_status = forms.ChoiceField(choices=Application.Status.choices, widget=forms.HiddenInput)


@dataclass(frozen=True)
class Line:
    label: str
    text: str
    link: str = ""


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def answers(application: Application) -> list[Line]:
    """The applicant's answers, each under the form's question, in words (labels, never stored values)."""
    membership = application.get_membership_display()
    lines = [Line("Membership", membership), Line("Applies through", _text(application.member_association))]
    if application.is_mentor:
        lines += [
            Line("Years at a public agency", _text(application.years_experience)),
            Line("Education", application.education),
            Line("Why they want to mentor", application.statement),
            Line("Strongest areas", ", ".join(application.expertise_labels())),
            Line("Mentees they can take", _text(application.capacity)),
        ]
    else:
        if application.works_at_public_agency:
            agency = "Works at a public agency"
        elif application.works_at_public_agency is False:
            agency = f"Interested in public service: {application.public_service_interest}"
        else:
            agency = ""
        lines += [
            Line("Public agency", agency),
            Line("Career stage", application.get_career_stage_display()),
            Line("Goals", application.goals),
            Line("Areas wanted", ", ".join(application.expertise_labels())),
        ]
    return [
        *lines,
        Line("How often to meet", application.get_frequency_display()),
        Line("Ways to meet", ", ".join(application.contact_form_labels())),
        Line("Preferences about a partner", application.preferences),
        Line("Mentoring before", application.mentored_before),
        Line("Anything else", application.additional_info),
    ]


def contact(application: Application) -> list[Line]:
    """How to reach the applicant: their account's email and their profile (a profile may not exist yet)."""
    person = application.applicant
    lines = [Line("Email", person.email, f"mailto:{person.email}")]
    profile = getattr(person, "profile", None)
    if profile is None:
        return [*lines, Line("Profile", "Not filled in yet.")]
    place = ", ".join(part for part in (profile.city, profile.state) if part.strip())
    return [
        *lines,
        Line("Phone", profile.phone, f"tel:{profile.phone}" if profile.phone.strip() else ""),
        Line("Title", profile.title),
        Line("Organization", profile.organization),
        Line("City", place),
        Line("Region", profile.region),
        Line("Kind of agency", profile.get_jurisdiction_type_display()),
        Line("Community size", profile.get_jurisdiction_size_display()),
    ]


def fee_text(application: Application) -> str:
    if application.fee_status == Application.Fee.NONE:
        return "None (a member)."
    amount = f"${application.fee_amount}"
    if application.fee_status == Application.Fee.DUE:
        return f"The non-member fee of {amount} is due."
    recorded = application.get_fee_status_display().lower()
    by = f" by {application.fee_recorded_by.full_name}" if application.fee_recorded_by else ""
    when = f" on {localtime(application.fee_recorded_at):%b %-d, %Y}" if application.fee_recorded_at else ""
    return f"The non-member fee of {amount} was {recorded}{by}{when}."


def warnings(application: Application) -> list[str]:
    """What is off, in words: the program's eligibility rules the answers break, and a fee still due."""
    found = [
        problem.message
        for problem in eligibility.problems(
            application.program, eligibility.Answers.of(application), submitting=application.status != "draft"
        )
    ]
    if application.fee_status == Application.Fee.DUE:
        found.append(
            f"Not a member, and the non-member fee of ${application.fee_amount} is still due: record it as paid or "
            "waived before approving."
        )
    return found


def decision_refused(application: Application) -> str:
    """Why the page offers no decision for this application, or "" when it does."""
    if application.status == Application.Status.DRAFT:
        return "This application is a draft: the applicant has not submitted it, so there is nothing to decide yet."
    if application.status == Application.Status.WITHDRAWN:
        return "The applicant withdrew this application: there is nothing to decide."
    if application.status not in DECIDABLE:
        by = f" by {application.decided_by.full_name}" if application.decided_by else ""
        when = f" on {localtime(application.decided_at):%b %-d, %Y}" if application.decided_at else ""
        return (
            f"Already {application.get_status_display().lower()}{by}{when}, and the applicant was emailed. "
            "To reverse it, use the list's actions."
        )
    return ""
