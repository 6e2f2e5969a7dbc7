"""Who may take part, and the fee they owe: one rule set for the application form, the service that saves and
submits an application, and the chair's CSV import, so all three refuse the same case with the same words.

Plain answers and the program in, problems out (each with the field it belongs to). Whether every question is
answered is not eligibility: the form and the import each say that in their own terms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from applications.models import Application, Program
from applications.vocabulary import Expertise

MAX_AREAS = 3
MENTOR_AREAS = 3


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


@dataclass(frozen=True)
class Answers:
    role: str
    membership: str
    expertise: Sequence[str] = ()
    expertise_other: str = ""
    years_experience: int | None = None
    capacity: int | None = None
    works_at_public_agency: bool | None = None
    public_service_interest: str = ""

    @classmethod
    def of(cls, application: Application) -> Answers:
        return cls(
            role=application.role,
            membership=application.membership,
            expertise=application.expertise or (),
            expertise_other=application.expertise_other,
            years_experience=application.years_experience,
            capacity=application.capacity,
            works_at_public_agency=application.works_at_public_agency,
            public_service_interest=application.public_service_interest,
        )


def problems(program: Program, answers: Answers, *, submitting: bool) -> list[Problem]:
    """Every rule the answers break. Some only bind a submission: a draft may still be on its way there."""
    found = [*_membership(program, answers, submitting), *_expertise(answers, submitting)]
    if answers.role == Application.Role.MENTOR:
        found += _mentor(program, answers, submitting)
    elif answers.works_at_public_agency is False and not answers.public_service_interest.strip():
        found.append(
            Problem(
                "public_service_interest",
                "Mentees must work at or be interested in a public agency: please tell us about your interest.",
            )
        )
    return found


def _membership(program: Program, answers: Answers, submitting: bool) -> list[Problem]:
    if answers.membership == Application.Membership.NONMEMBER and not program.allow_eligible_nonmembers:
        return [Problem("membership", "This program does not take non-members.")]
    if (
        submitting
        and answers.role == Application.Role.MENTOR
        and program.mentor_requires_full_membership
        and answers.membership == Application.Membership.STUDENT
    ):
        return [Problem("membership", "Mentors must be Full members, or eligible for Full membership.")]
    return []


def _expertise(answers: Answers, submitting: bool) -> list[Problem]:
    found = []
    chosen = len(answers.expertise)
    if chosen > MAX_AREAS:
        found.append(Problem("expertise", f"Choose at most three areas, not {chosen}."))
    elif submitting and answers.role == Application.Role.MENTOR and 0 < chosen < MENTOR_AREAS:
        found.append(Problem("expertise", f"Mentors choose exactly three areas, not {chosen}."))
    if Expertise.OTHER in answers.expertise and not answers.expertise_other.strip():
        found.append(Problem("expertise_other", 'You chose "Other": please name the area.'))
    return found


def _mentor(program: Program, answers: Answers, submitting: bool) -> list[Problem]:
    found = []
    years = answers.years_experience
    if submitting and years is not None and years < program.mentor_min_years:
        found.append(
            Problem(
                "years_experience",
                f"Mentors need at least {program.mentor_min_years} years at a public agency, not {years}.",
            )
        )
    capacity = answers.capacity
    if capacity is not None and not 1 <= capacity <= program.mentor_max_mentees:
        found.append(Problem("capacity", f"Choose between 1 and {program.mentor_max_mentees} mentees, not {capacity}."))
    return found


def fee_terms(
    program: Program, *, membership: str, recorded: str = "", recorded_amount: Decimal | None = None
) -> tuple[str, Decimal]:
    """(fee status, amount): non-members owe the program's fee until it is recorded paid or waived (then the
    amount recorded stands); members owe nothing."""
    if membership != Application.Membership.NONMEMBER:
        return Application.Fee.NONE, Decimal(0)
    if recorded in (Application.Fee.PAID, Application.Fee.WAIVED):
        return recorded, program.nonmember_fee if recorded_amount is None else recorded_amount
    return Application.Fee.DUE, program.nonmember_fee
