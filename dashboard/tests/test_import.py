"""Importing participants from a CSV: a dry run that names every bad row by its line, then all or nothing."""

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Profile, User
from applications.models import Application, ApplicationEvent
from dashboard.participant_import import participants_import

pytestmark = pytest.mark.django_db

HEADER = "email,full_name,role,membership,fee,organization,expertise,frequency,contact_forms,years_experience,capacity"
GOOD = [
    "Ada.Mentor@City.example,Ada Mentor,mentor,full,,City of Ada,"
    "finance; management; Strategic Planning,monthly,video,15,2",
    "ben@county.example,Ben Mentee,Mentee,Not a member,paid,County of Ben,finance,Every other month,video; email,,",
    "ada.mentor@city.example,Ada Mentor,mentee,full,,City of Ada,information_technology,quarterly,phone,,",
]


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def run(program, chair, text: str, *, commit: bool = True, status: str = "approved"):
    return participants_import(program=program, text=text, status=status, actor=chair, commit=commit)


def test_a_good_file_creates_people_profiles_and_applications_in_the_given_status(program, chair):
    report = run(program, chair, csv_text(*GOOD))
    assert report.ok and report.committed
    assert (len(report.rows), report.new_people, report.existing_people) == (3, 2, 0)
    ada = User.objects.get(email="ada.mentor@city.example")
    assert not ada.has_usable_password()
    assert ada.full_name == "Ada Mentor"
    assert EmailAddress.objects.get(user=ada).email == "ada.mentor@city.example"
    assert Profile.objects.get(user=ada).organization == "City of Ada"
    mentor = Application.objects.get(applicant=ada, role="mentor")
    assert (mentor.status, mentor.decided_by, mentor.capacity, mentor.years_experience) == ("approved", chair, 2, 15)
    assert mentor.expertise == ["finance", "management", "strategic_planning"]
    ben = Application.objects.get(applicant__email="ben@county.example")
    assert (ben.membership, ben.fee_status, ben.frequency) == ("nonmember", "paid", "every_other_month")
    assert ben.fee_amount == program.host.nonmember_fee
    assert ben.contact_forms == ["video", "email"]
    assert ApplicationEvent.objects.filter(application__program=program, actor=chair, status="approved").count() == 3


def test_a_dry_run_saves_nothing(program, chair):
    report = run(program, chair, csv_text(*GOOD), commit=False)
    assert report.ok and not report.committed
    assert report.new_people == 2
    assert not User.objects.filter(email__endswith=".example").exists()
    assert not Application.objects.filter(program=program).exists()


def test_every_bad_row_is_reported_by_its_line_and_nothing_is_saved(program, chair):
    text = csv_text(
        GOOD[0],
        "not-an-email,Bad Email,mentee,full,,Org,finance,monthly,video,,",
        "c@example.org,Carl,coach,full,,Org,finance,monthly,video,,",
        "d@example.org,Dee,mentor,student,,Org,finance; police; fire_ems,monthly,video,2,9",
        "e@example.org,Eve,mentee,full,,Org,finance; astrology,weekly,carrier pigeon,,",
        "f@example.org,,mentee,full,,,finance,monthly,video,,",
        GOOD[0],
    )
    report = run(program, chair, text)
    assert not report.committed
    found = {(error.line, error.column) for error in report.errors}
    assert found >= {
        (3, "email"),
        (4, "role"),
        (5, "membership"),
        (5, "years_experience"),
        (5, "capacity"),
        (6, "expertise"),
        (6, "frequency"),
        (6, "contact_forms"),
        (7, "full_name"),
        (7, "organization"),
        (8, "email"),  # the same person and role as line 2
    }
    assert not any(error.line == 2 for error in report.errors)
    assert not Application.objects.filter(program=program).exists()
    assert not User.objects.filter(email="ada.mentor@city.example").exists()


def test_line_numbers_count_the_lines_of_a_quoted_cell_that_spans_two(program, chair):
    header = HEADER + ",goals"
    text = csv_text(GOOD[1] + ',"Two\nlines"', "bad,X,mentee,full,,Org,finance,monthly,video,,,", header=header)
    report = run(program, chair, text, commit=False)
    assert [(e.line, e.column) for e in report.errors] == [(4, "email")]


def test_unknown_and_missing_columns_are_reported_on_line_1(program, chair):
    report = run(program, chair, "email,role,favourite_colour\nx@example.org,mentee,blue\n", commit=False)
    messages = [e.message for e in report.errors if e.line == 1]
    assert any("favourite_colour" in m for m in messages)
    assert any("membership" in m and "frequency" in m for m in messages)


def test_an_existing_person_is_reused_and_a_second_application_in_the_same_role_refused(program, chair, mentor):
    Profile.objects.create(
        user=mentor, organization="City", title="Manager", address="1", city="A", state="CA", zip_code="1", phone="1"
    )
    row = f"{mentor.email.upper()},,mentor,full,,,finance; management; police,monthly,video,10,1"
    report = run(program, chair, csv_text(row))
    assert report.committed
    assert (report.new_people, report.existing_people) == (0, 1)
    assert Application.objects.get(program=program, applicant=mentor).role == "mentor"
    again = run(program, chair, csv_text(row))
    assert [(e.line, e.column) for e in again.errors] == [(2, "email")]
    assert Application.objects.filter(program=program, applicant=mentor).count() == 1


def test_a_program_whose_host_takes_no_non_members_refuses_them(program, chair):
    program.host.allow_eligible_nonmembers = False
    program.host.save()
    report = run(program, chair, csv_text(GOOD[1]), commit=False)
    assert [(e.line, e.column) for e in report.errors] == [(2, "membership")]


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("people.csv", text.encode("utf-8-sig"), content_type="text/csv")


def test_the_chair_checks_a_file_then_imports_exactly_what_was_checked(client, chair, program):
    client.force_login(chair)
    url = reverse("dashboard:import", args=[program.slug])
    checked = client.post(url, {"file": upload(csv_text(*GOOD)), "status": "waitlisted"})
    assert checked.status_code == 200
    assert checked.context["report"].ok
    assert "Nothing has been saved yet" in checked.content.decode()
    assert not Application.objects.filter(program=program).exists()
    payload = checked.context["confirm"].initial["payload"]
    response = client.post(url, {"payload": payload})
    assert response.status_code == 302
    assert response.url == reverse("dashboard:program", args=[program.slug])
    assert list(Application.objects.filter(program=program).values_list("status", flat=True)) == ["waitlisted"] * 3


def test_the_page_lists_the_bad_rows_of_a_checked_file(client, chair, program):
    client.force_login(chair)
    response = client.post(
        reverse("dashboard:import", args=[program.slug]),
        {"file": upload(csv_text("nope,X,mentee")), "status": "approved"},
    )
    content = response.content.decode()
    assert "Nothing was saved" in content
    assert '"nope" is not a valid email address.' in content.replace("&quot;", '"')
    assert "confirm" not in response.context


def test_an_altered_payload_imports_nothing(client, chair, program):
    client.force_login(chair)
    url = reverse("dashboard:import", args=[program.slug])
    checked = client.post(url, {"file": upload(csv_text(*GOOD)), "status": "approved"})
    payload = checked.context["confirm"].initial["payload"]
    response = client.post(url, {"payload": payload[:-3] + "abc"})
    assert response.status_code == 200
    assert not Application.objects.filter(program=program).exists()


def test_a_file_that_is_not_utf8_is_refused_on_the_field(client, chair, program):
    client.force_login(chair)
    bad = SimpleUploadedFile("people.csv", "email\nzoë@example.org\n".encode("latin-1"), content_type="text/csv")
    response = client.post(reverse("dashboard:import", args=[program.slug]), {"file": bad, "status": "approved"})
    assert "not UTF-8" in str(response.context["form"].errors["file"])


def test_an_imported_person_sets_a_password_with_forgot_password(client, program, chair, mailoutbox):
    run(program, chair, csv_text(GOOD[1]))
    response = client.post(reverse("account_reset_password"), {"email": "ben@county.example"})
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["ben@county.example"]]
