"""Who may take part, and the fee they owe: one rule set for the application form, the service that saves and
submits an application, and the chair's CSV import, so all three refuse the same case with the same words.

Plain answers and the program in, problems out (each with the field it belongs to). Whether every question is
answered is not eligibility: the form and the import each say that in their own terms.

Membership follows the applicant's association: the program's host or one of its partners (co-sponsors), each with
its own membership categories, its rule for eligible non-members and their fee.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from applications.models import Application, Program
from applications.vocabulary import Expertise
from associations.models import Association

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
    association: Association | None = None  # None: the program's host
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
            association=application.association,
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


def sponsors(program: Program) -> list[Association]:
    """The associations whose members may apply: the host first, then the partners by name. Prefetch
    `partners` (and select `host`) to read a program's sponsors once for many answers."""
    return [program.host, *sorted(program.partners.all(), key=lambda partner: partner.name)]


def association_of(program: Program, answers: Answers) -> Association:
    return answers.association or program.host


def membership_choices(association: Association) -> list[tuple[str, str]]:
    """What a member of `association` may answer: its categories, then "not a member" with its fee when it takes
    eligible non-members."""
    fee = f" (${association.nonmember_fee} fee)"
    return [
        (value, label + fee if value == Application.Membership.NONMEMBER else label)
        for value, label in Application.Membership.choices
        if association.offers(value)
    ]


def _membership(program: Program, answers: Answers, submitting: bool) -> list[Problem]:
    association = association_of(program, answers)
    if association.pk not in {sponsor.pk for sponsor in sponsors(program)}:
        return [Problem("association", f"{association.name} does not sponsor this program: choose one listed.")]
    if answers.membership and not association.offers(answers.membership):
        if answers.membership == Application.Membership.NONMEMBER:
            return [Problem("membership", f"{association.short_name} does not take non-members.")]
        label = Application.Membership(answers.membership).label
        offers = f"{association.membership_labels}; {association.nonmember_rule}"
        return [Problem("membership", f"{association.short_name} has no {label} category. It offers: {offers}.")]
    if (
        submitting
        and answers.role == Application.Role.MENTOR
        and program.mentor_requires_full_membership
        and answers.membership in (Application.Membership.STUDENT, Application.Membership.AFFILIATE)
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
    association: Association, *, membership: str, recorded: str = "", recorded_amount: Decimal | None = None
) -> tuple[str, Decimal]:
    """(fee status, amount): non-members owe their association's fee until it is recorded paid or waived (then
    the amount recorded stands); members owe nothing."""
    if membership != Application.Membership.NONMEMBER:
        return Application.Fee.NONE, Decimal(0)
    if recorded in (Application.Fee.PAID, Application.Fee.WAIVED):
        return recorded, association.nonmember_fee if recorded_amount is None else recorded_amount
    return Application.Fee.DUE, association.nonmember_fee
