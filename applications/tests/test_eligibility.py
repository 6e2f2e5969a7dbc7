"""Eligibility has one home: the form, the service that saves and submits, and the chair's CSV import refuse
the same case with the same message, on the same field."""

import pytest

from applications import eligibility, services
from applications.factories import ApplicationFactory, MentorApplicationFactory
from applications.models import Application
from applications.tests.test_apply import apply_url, mentee_data, mentor_data
from dashboard.participant_import import participants_import

pytestmark = pytest.mark.django_db

IMPORT_COLUMNS = (
    "email,full_name,role,membership,organization,expertise,expertise_other,frequency,contact_forms,"
    "years_experience,capacity,works_at_public_agency,public_service_interest"
)

# (role, the answers that break a rule, the field, the message). Answers are given as the application holds them.
CASES = [
    ("mentor", {"years_experience": 2}, "years_experience", "Mentors need at least 3 years at a public agency, not 2."),
    (
        "mentor",
        {"membership": "student"},
        "membership",
        "Mentors must be Full members, or eligible for Full membership.",
    ),
    ("mentor", {"expertise": ["finance", "police"]}, "expertise", "Mentors choose exactly three areas, not 2."),
    ("mentor", {"capacity": 5}, "capacity", "Choose between 1 and 2 mentees, not 5."),
    (
        "mentee",
        {"expertise": ["finance", "police", "fire_ems", "public_works"]},
        "expertise",
        "Choose at most three areas, not 4.",
    ),
    (
        "mentee",
        {"expertise": ["finance", "other"], "expertise_other": ""},
        "expertise_other",
        'You chose "Other": please name the area.',
    ),
    (
        "mentee",
        {"works_at_public_agency": False, "public_service_interest": ""},
        "public_service_interest",
        "Mentees must work at or be interested in a public agency: please tell us about your interest.",
    ),
    ("mentee", {"membership": "nonmember"}, "membership", "MMASC does not take non-members."),
    (
        "mentee",
        {"membership": "affiliate"},
        "membership",
        "MMASC has no Affiliate member category. It offers: Full member, Student member; no non-members.",
    ),
]
IDS = [f"{role}-{field}" for role, _, field, _ in CASES]


@pytest.fixture
def strict_program(program):
    """The usual program, except that its host takes no non-members (and has no affiliates)."""
    program.host.allow_eligible_nonmembers = False
    program.host.save(update_fields=["allow_eligible_nonmembers"])
    return program


def _form_data(role: str, answers: dict) -> dict:
    data = {**answers}
    if "works_at_public_agency" in data:
        data["public_agency"] = "yes" if data.pop("works_at_public_agency") else "no"
    return (mentor_data if role == "mentor" else mentee_data)(
        **{k: str(v) if isinstance(v, int) else v for k, v in data.items()}
    )


def _csv_row(role: str, answers: dict) -> str:
    cells = {
        "email": f"{role}@import.example",
        "full_name": "Imported Person",
        "role": role,
        "membership": "full",
        "organization": "City of Import",
        "expertise": "finance; management; strategic_planning" if role == "mentor" else "finance",
        "expertise_other": "",
        "frequency": "monthly",
        "contact_forms": "video",
        "years_experience": "12" if role == "mentor" else "",
        "capacity": "2" if role == "mentor" else "",
        "works_at_public_agency": "",
        "public_service_interest": "",
    }
    for name, value in answers.items():
        if isinstance(value, list):
            value = "; ".join(value)
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        cells[name] = str(value)
    return ",".join(cells[name] for name in IMPORT_COLUMNS.split(","))


@pytest.mark.parametrize(("role", "answers", "field", "message"), CASES, ids=IDS)
def test_the_form_refuses_it(committing_client, mentor, strict_program, role, answers, field, message):
    committing_client.force_login(mentor)
    response = committing_client.post(apply_url(strict_program, role), _form_data(role, answers))
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert not Application.objects.filter(program=strict_program, applicant=mentor).exists()


@pytest.mark.parametrize(("role", "answers", "field", "message"), CASES, ids=IDS)
def test_the_service_refuses_it_without_the_form(strict_program, role, answers, field, message):
    factory = MentorApplicationFactory if role == "mentor" else ApplicationFactory
    draft = factory(program=strict_program, status=Application.Status.DRAFT)
    for name, value in answers.items():
        setattr(draft, name, value)
    with pytest.raises(services.IneligibleError) as refused:
        services.application_save(application=draft, submit=True, actor=draft.applicant)
    assert refused.value.problems == [eligibility.Problem(field, message)]
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT


@pytest.mark.parametrize(("role", "answers", "field", "message"), CASES, ids=IDS)
def test_the_import_refuses_it(strict_program, chair, role, answers, field, message):
    text = f"{IMPORT_COLUMNS}\n{_csv_row(role, answers)}\n"
    report = participants_import(program=strict_program, text=text, status="approved", actor=chair, commit=True)
    assert [(error.line, error.column, error.message) for error in report.errors] == [(2, field, message)]
    assert not Application.objects.filter(program=strict_program).exists()


def test_a_draft_may_still_be_short_of_what_a_submission_needs(program):
    draft = MentorApplicationFactory(program=program, status=Application.Status.DRAFT, years_experience=1)
    services.application_save(application=draft, submit=False, actor=draft.applicant)
    with pytest.raises(services.IneligibleError, match="at least 3 years"):
        services.application_save(application=draft, submit=True, actor=draft.applicant)


@pytest.mark.parametrize(
    ("membership", "recorded", "expected"),
    [
        ("full", "paid", ("none", 0)),
        ("nonmember", "", ("due", 50)),
        ("nonmember", "waived", ("waived", 50)),
    ],
)
def test_the_service_and_the_import_charge_the_same_fee(program, chair, membership, recorded, expected):
    application = ApplicationFactory(program=program, status=Application.Status.DRAFT, membership=membership)
    if recorded:  # as the chair recorded it, with the fee of the time
        application.fee_status, application.fee_amount = recorded, program.host.nonmember_fee
    services.application_save(application=application, submit=True, actor=application.applicant)
    assert (application.fee_status, application.fee_amount) == expected
    header = "email,full_name,role,membership,fee,organization,expertise,frequency,contact_forms"
    fee = recorded if membership == "nonmember" else ""
    row = f"fee@import.example,Fee Person,mentee,{membership},{fee},Org,finance,monthly,video"
    report = participants_import(
        program=program, text=f"{header}\n{row}\n", status="approved", actor=chair, commit=True
    )
    assert report.ok, report.errors
    imported = Application.objects.get(applicant__email="fee@import.example")
    assert (imported.fee_status, imported.fee_amount) == expected
