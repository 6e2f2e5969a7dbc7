"""Text a person typed is shown as text everywhere: pages, admin, the agreement PDF, emails, CSV files.

Names, organisations, titles, statements, goals, notes, match reasons, gallery messages and imported rows all carry
a script and an attribute breakout; every HTML surface must show them escaped, and every CSV cell a spreadsheet
would run as a formula starts with an apostrophe.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Profile, User
from agreements import services
from agreements.models import Agreement
from agreements.pdf import render_agreement_pdf
from agreements.tests.adminwalk import admin_pages, admin_url
from agreements.tests.conftest import sign
from applications.models import Application, Program
from matching import gallery
from matching.models import MatchRun, Proposal
from matching.tests.conftest import approved_mentee, approved_mentor
from mentorship.spreadsheets import FORMULA_STARTS, defuse
from pairings import checkins
from pairings import services as pairing_services
from pairings.models import Pairing

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
RAW = ("<script>alert(1)", "<img src=x")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def assert_escaped(html: str, where: object = "") -> None:
    for raw in RAW:
        assert raw not in html, where


def assert_shown_escaped(html: str, where: object = "") -> None:
    assert_escaped(html, where)
    assert ESCAPED in html, where  # the value is on the page, as text


@pytest.fixture
def hostile(pairing: Pairing, mentor: User, mentee: User, program: Program) -> Pairing:
    """The root pair, with every field a person types set to hostile markup (the chair's program name too)."""
    Program.objects.filter(pk=program.pk).update(name=f"2024 {HOSTILE}", description=HOSTILE, requirements=HOSTILE)
    for person in (mentor, mentee):
        person.full_name = f"{person.full_name} {HOSTILE}"
        person.save(update_fields=["full_name"])
    Profile.objects.filter(user__in=[mentor, mentee]).update(
        organization=f"City {HOSTILE}", title=f"Manager {HOSTILE}", region=f"Orange {HOSTILE}"
    )
    Application.objects.filter(program=program).update(
        statement=HOSTILE, goals=HOSTILE, preferences=HOSTILE, additional_info=HOSTILE, education=HOSTILE
    )
    Pairing.objects.filter(pk=pairing.pk).update(reasons=[f"both in Orange {HOSTILE}"])
    run = MatchRun.objects.create(program=program)
    Proposal.objects.create(
        run=run,
        mentor_application=pairing.mentor_application,
        mentee_application=pairing.mentee_application,
        score=0.7,
        reasons=[f"both in Orange {HOSTILE}"],
    )
    agreement = services.agreement_for_pairing(pairing=pairing)
    Agreement.objects.filter(pk=agreement.pk).update(confidentiality=HOSTILE, additional_points=HOSTILE)
    checkins.checkin_log(
        pairing=pairing, actor=mentee, date=timezone.localdate(), form="video", minutes=45, note=HOSTILE
    )
    return Pairing.objects.get(pk=pairing.pk)


def test_the_sign_form_shows_the_signers_name_as_text(client, hostile, mentor):
    client.force_login(mentor)
    page = client.get(reverse("agreements:agreement", args=[hostile.pk])).content.decode()
    assert_shown_escaped(page)
    assert f"As on your profile: Morgan Mentor {ESCAPED}" in page
    refused = client.post(
        reverse("agreements:sign", args=[hostile.pk]), {"typed_name": "Someone Else", "consent": "on", "version": 1}
    )
    assert_escaped(refused.content.decode())


def test_a_conflict_names_the_partner_and_shows_their_text_as_text(client, hostile, mentor, mentee):
    """The refused save names who saved (a hostile name) and shows their text (hostile) under the item."""
    agreement = Agreement.objects.get(pairing=hostile)
    opened = {name: getattr(agreement, name) for name in services.EDITABLE_FIELDS}
    services.agreement_update(agreement=agreement, actor=mentee, changes={"mentor_time": HOSTILE})
    client.force_login(mentor)
    response = client.post(
        reverse("agreements:agreement", args=[hostile.pk]), {**opened, "version": 1, "additional_points": "Mine"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert_escaped(page)
    assert f"Avery Mentee {ESCAPED}" in page


def test_the_pairs_pages_show_typed_text_as_text(client, hostile, mentor, mentee):
    for person, application in ((mentor, hostile.mentor_application), (mentee, hostile.mentee_application)):
        client.force_login(person)
        for url in (
            reverse("pairings:mine"),
            reverse("pairings:pairing", args=[hostile.pk]),
            reverse("agreements:agreement", args=[hostile.pk]),
            reverse("applications:mine"),
            reverse("applications:detail", args=[application.pk]),
            reverse("applications:program", args=[hostile.program.slug]),
        ):
            assert_shown_escaped(client.get(url).content.decode(), url)


def test_every_admin_page_shows_typed_text_as_text(client, chair, rf, hostile):
    client.force_login(chair)
    request = rf.get("/")
    request.user = chair
    shown = 0
    for url in admin_pages(request):
        response = client.get(url)
        html = response.content.decode()
        assert_escaped(html, url)
        shown += ESCAPED in html
    assert shown > 20
    alternatives = reverse("admin:matching_proposal_alternatives", args=[Proposal.objects.get().pk])
    assert_shown_escaped(client.get(alternatives).content.decode())
    assert_shown_escaped(client.get(admin_url(Pairing, "change", hostile.pk)).content.decode())  # match reasons


def test_emails_carry_typed_text_as_text_in_their_html(
    hostile, mentor, mentee, mailoutbox, django_capture_on_commit_callbacks
):
    agreement = Agreement.objects.get(pairing=hostile)
    with django_capture_on_commit_callbacks(execute=True):
        sign(agreement, mentor)
    with django_capture_on_commit_callbacks(execute=True):
        sign(Agreement.objects.get(pk=agreement.pk), mentee)
    with django_capture_on_commit_callbacks(execute=True):
        pairing_services.pairing_end(pairing=hostile, actor=mentee, reason=HOSTILE, thanks=HOSTILE)
    assert len(mailoutbox) >= 4
    for message in mailoutbox:
        html = "".join(content for content, mimetype in message.alternatives if mimetype == "text/html")
        assert html, message.subject
        assert_escaped(html, message.subject)
    assert any(ESCAPED in content for m in mailoutbox for content, _ in m.alternatives)


def test_the_agreement_pdf_prints_typed_text_as_text(hostile, mentor, mentee, django_capture_on_commit_callbacks):
    agreement = Agreement.objects.get(pairing=hostile)
    with django_capture_on_commit_callbacks(execute=True):
        sign(agreement, mentor)
        sign(Agreement.objects.get(pk=agreement.pk), mentee)
    agreement.refresh_from_db()
    pdf = render_agreement_pdf(agreement)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    # Escaped markup prints as the characters typed; markup read as HTML would vanish from the text.
    assert "<script>alert(1)</script>" in text
    assert "onerror=alert(1)>" in text


def test_the_gallery_its_requests_and_the_inbox_show_typed_text_as_text(client, hostile, program, mentor, outsider):
    program.pairing_mode = Program.PairingMode.GALLERY
    program.save()
    asker = approved_mentee(program, user=outsider)
    approved_mentor(program, expertise=["finance", "management", "police"], organization=f"Town {HOSTILE}")
    gallery.gallery_request_create(
        mentee_application=asker, mentor_application=hostile.mentor_application, message=HOSTILE
    )
    client.force_login(outsider)
    for url in (reverse("matching:gallery", args=[program.slug]), reverse("matching:requests")):
        assert_shown_escaped(client.get(url).content.decode(), url)
    client.force_login(mentor)
    assert_shown_escaped(client.get(reverse("matching:inbox")).content.decode())


def _csv_upload(*rows: list[str]) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["email", "full_name", "role", "membership", "organization", "expertise", "frequency", "contact_forms"]
    )
    writer.writerows(rows)
    return SimpleUploadedFile("people.csv", out.getvalue().encode(), content_type="text/csv")


def test_imported_values_show_as_text_in_the_preview_the_dashboard_and_the_admin(client, chair, hostile, program):
    client.force_login(chair)
    url = reverse("dashboard:import", args=[program.slug])
    bad = ["bad@example.org", HOSTILE, "mentee", HOSTILE, HOSTILE, HOSTILE, "monthly", "video"]
    assert_escaped(client.post(url, {"file": _csv_upload(bad), "status": "approved"}).content.decode())
    good = ["new@example.org", f"New {HOSTILE}", "mentee", "full", f"Imported {HOSTILE}", "finance", "monthly", "video"]
    checked = client.post(url, {"file": _csv_upload(good), "status": "approved"})
    payload = checked.context["confirm"]["payload"].value()
    assert client.post(url, {"payload": payload}).status_code == 302
    assert User.objects.filter(email="new@example.org", full_name=f"New {HOSTILE}").exists()
    assert_escaped(client.get(reverse("dashboard:program", args=[program.slug])).content.decode())
    listing = client.get(admin_url(Application, "changelist"), {"q": "new@example.org"}).content.decode()
    assert_shown_escaped(listing)
    assert "Imported &lt;script&gt;" in listing


FORMULAS = {
    "full_name": '=HYPERLINK("http://evil.example","Click")',
    "organization": "+1+cmd|' /C calc'!A0",
    "title": "-2+3",
    "city": "@SUM(1,1)",
    "region": "\t=1+1",
    "phone": "\r=1+1",
}


def _cells(response) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(response.content.decode())) for cell in row]


def test_every_csv_defuses_cells_a_spreadsheet_would_run(client, chair, hostile, program, mentor):
    mentor.full_name = FORMULAS["full_name"]
    mentor.save(update_fields=["full_name"])
    Profile.objects.filter(user=mentor).update(**{k: v for k, v in FORMULAS.items() if k != "full_name"})
    client.force_login(chair)
    exports = [
        client.post(
            admin_url(Application, "changelist"),
            {"action": "export_csv", "_selected_action": list(Application.objects.values_list("pk", flat=True))},
        ),
        *(
            client.get(reverse(f"dashboard:{name}", args=[program.slug]))
            for name in ("applications_csv", "pairings_csv", "checkins_csv")
        ),
    ]
    for response in exports:
        assert response["Content-Type"].startswith("text/csv")
        cells = _cells(response)
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
        assert "'" + FORMULAS["full_name"] in cells
    applications = _cells(exports[0])
    for value in FORMULAS.values():
        assert "'" + value in applications


def test_defuse_leaves_ordinary_text_and_numbers_alone():
    assert defuse("City of Irvine") == "City of Irvine"
    assert defuse(12) == "12"
    assert defuse(None) == ""
    assert defuse("O'Brien") == "O'Brien"
    assert [defuse(v) for v in ("=1", "+1", "-1", "@a", "\ta", "\ra")] == ["'=1", "'+1", "'-1", "'@a", "'\ta", "'\ra"]
