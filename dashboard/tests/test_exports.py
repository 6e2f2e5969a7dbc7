"""CSV exports for the chair and the board's PDF report: the same figures, nothing private in the report."""

import csv
import io

import pytest
from django.urls import reverse

from applications.factories import ApplicationFactory, ProfileFactory
from applications.policy import QUIET_AFTER_PERIODS
from dashboard.exports import report_html
from dashboard.selectors import program_dashboard
from dashboard.tests.conftest import END_REASON

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_applications_csv_lists_every_application_of_the_program(client, chair, known):
    client.force_login(chair)
    rows = read_csv(client.get(reverse("dashboard:applications_csv", args=[known.program.slug])))
    assert len(rows) == 14
    assert sum(row["Role"] == "Mentor" for row in rows) == 5
    assert {row["Status"] for row in rows} >= {"Approved", "Waitlisted", "Draft", "Declined"}


def test_a_formula_typed_by_an_applicant_is_defused_in_the_csv(client, chair, program):
    ApplicationFactory(program=program, applicant=ProfileFactory(user__full_name="=HYPERLINK(1)").user)
    client.force_login(chair)
    rows = read_csv(client.get(reverse("dashboard:applications_csv", args=[program.slug])))
    assert rows[0]["Name"] == "'=HYPERLINK(1)"


def test_the_pairings_csv_has_every_pairing_with_its_score_but_not_why_it_ended(client, chair, known):
    client.force_login(chair)
    response = client.get(reverse("dashboard:pairings_csv", args=[known.program.slug]))
    rows = read_csv(response)
    assert sorted(row["Score"] for row in rows) == ["0.35", "0.55", "0.82", "0.91"]
    assert sorted(row["Status"] for row in rows) == ["Active", "Active", "Active", "Ended early (no fault)"]
    assert END_REASON not in response.content.decode()


def test_the_checkin_csv_gives_each_pairs_adherence(client, chair, known):
    client.force_login(chair)
    rows = read_csv(client.get(reverse("dashboard:checkins_csv", args=[known.program.slug])))
    by_mentee = {row["Mentee"]: row for row in rows}
    quiet = by_mentee[known.pairs[2].mentee.full_name]
    assert quiet["Adherence"] == f"Quiet ({QUIET_AFTER_PERIODS}+ periods missed)"
    assert quiet["Agreed frequency"] == "Quarterly"
    assert (quiet["Check-ins logged"], quiet["Agreed periods so far"], quiet["Kept pace"]) == ("1", "2", "no")
    on_track = by_mentee[known.pairs[0].mentee.full_name]
    assert (on_track["Adherence"], on_track["Check-ins logged"], on_track["Kept pace"]) == ("On track", "2", "yes")


def test_the_report_holds_the_figures_and_no_names_or_reasons(known):
    html = report_html(program_dashboard(known.program))
    assert "3</strong> of 5" in html  # approved mentees matched
    assert "Information Technology/Services/Systems" in html
    assert END_REASON not in html
    for pairing in known.pairs:
        assert pairing.mentor.full_name not in html
        assert pairing.mentee.full_name not in html


def test_the_report_downloads_as_a_pdf(client, chair, known):
    client.force_login(chair)
    response = client.get(reverse("dashboard:report_pdf", args=[known.program.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert f"{known.program.slug}-report-" in response["Content-Disposition"]
