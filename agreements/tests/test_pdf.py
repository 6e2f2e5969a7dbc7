"""The executed agreement's archival PDF: what it holds, PDF/A, who receives it, and a download that checks it."""

import datetime as dt
import hashlib
import io

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import dateformat, timezone
from pypdf import PdfReader

from agreements import pdf, services, tasks
from agreements.models import Agreement
from notifications.models import Notice
from notifications.tasks import requeue_stuck_notices, send_notice

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    """The text with runs of whitespace as one space: line breaks fall wherever the layout puts them."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def stored_bytes(agreement: Agreement) -> bytes:
    with default_storage.open(agreement.pdf.name, "rb") as file:
        return file.read()


@pytest.fixture
def filled(agreement, mentor):
    return services.agreement_update(
        agreement=agreement,
        actor=mentor,
        changes={
            "confidentiality": "Nothing we discuss is shared without both our consent.",
            "mentor_time": "Two hours a month",
            "roles": ["guide", "feedback", "resources"],
            "additional_points": "We attend one regional event together & <b>celebrate</b>.",
        },
    )


@pytest.fixture
def executed_filled(filled, mentor, mentee, django_capture_on_commit_callbacks):
    from agreements.tests.conftest import sign

    with django_capture_on_commit_callbacks(execute=True):
        sign(filled, mentor)
        sign(filled, mentee)
    filled.refresh_from_db()
    return filled


class TestTheTask:
    def test_the_pdf_and_its_sha256_are_stored_privately(self, executed_filled):
        assert executed_filled.pdf.name.startswith("agreements/")
        assert "Mentee" not in executed_filled.pdf.name and "Morgan" not in executed_filled.pdf.name
        data = stored_bytes(executed_filled)
        assert data.startswith(b"%PDF-")
        assert executed_filled.pdf_sha256 == hashlib.sha256(data).hexdigest()

    def test_the_pdf_holds_both_names_every_item_the_clauses_and_the_hash(self, executed_filled):
        text = pdf_text(stored_bytes(executed_filled))
        for expected in (
            "2024 Mentorship Program",
            "Morgan Mentor",
            "Avery Mentee",
            "Nothing we discuss is shared without both our consent.",
            "One year",
            "Every other month",
            "Video",
            "Two hours a month",
            "Guide, Observe and give feedback, Suggest/provide resources",
            "We attend one regional event together & <b>celebrate</b>.",  # printed as typed, never as markup
            "no-fault conclusion",
            "not responsible for how the mentee uses any advice",
            "Signature record",
            "198.51.100.7",
            executed_filled.content_sha256,
        ):
            assert expected in text, expected
        signed_on = dateformat.format(timezone.now().astimezone(dt.UTC), "F j, Y")
        assert f"Morgan Mentor {signed_on} Mentor Date Avery Mentee {signed_on} Mentee Date" in text

    def test_the_pdf_is_tagged_pdf_a_3b(self, executed_filled):
        reader = PdfReader(io.BytesIO(stored_bytes(executed_filled)))
        xmp = reader.xmp_metadata.stream.get_data().decode()
        assert 'pdfaid:part="3"' in xmp
        assert 'pdfaid:conformance="B"' in xmp

    def test_the_pdf_is_emailed_once_to_both_partners_and_the_chair(self, executed_filled, mailoutbox):
        sent = [m for m in mailoutbox if "executed" in m.subject]
        assert sorted(m.to[0] for m in sent) == ["chair@example.org", "mentee@example.org", "mentor@example.org"]
        assert all(len(m.to) == 1 for m in sent)
        for message in sent:
            (name, content, mimetype) = message.attachments[0]
            assert mimetype == "application/pdf"
            assert name.endswith(".pdf")
            assert hashlib.sha256(content).hexdigest() == executed_filled.pdf_sha256
            assert executed_filled.content_sha256 in message.body
            assert "List-Unsubscribe" not in message.extra_headers  # transactional: nothing to stop

    def test_running_the_task_again_changes_and_sends_nothing(self, executed_filled, mailoutbox):
        before = (executed_filled.pdf.name, executed_filled.pdf_sha256, len(mailoutbox))
        tasks.render_executed_agreement(executed_filled.pk)
        executed_filled.refresh_from_db()
        assert (executed_filled.pdf.name, executed_filled.pdf_sha256, len(mailoutbox)) == before

    def test_the_task_does_nothing_for_an_unexecuted_or_missing_agreement(self, agreement, mailoutbox):
        tasks.render_executed_agreement(agreement.pk)
        tasks.render_executed_agreement(10**9)
        agreement.refresh_from_db()
        assert not agreement.pdf
        assert mailoutbox == []

    def test_a_failed_email_is_retried_and_then_sent_once(
        self, executed_filled, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
    ):
        Notice.objects.all().delete()
        Agreement.objects.filter(pk=executed_filled.pk).update(pdf_emailed_at=None)
        mailoutbox.clear()

        def refuse(*args, **kwargs):
            raise OSError("mail server down")

        monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
        with django_capture_on_commit_callbacks(execute=True):
            services.agreement_archive(agreement_id=executed_filled.pk)  # the emails are recorded, not lost
        assert set(Notice.objects.values_list("status", flat=True)) == {Notice.Status.FAILED}
        monkeypatch.undo()
        tasks.render_executed_agreement(executed_filled.pk)  # running it again records nothing new
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
            requeue_stuck_notices()
            requeue_stuck_notices()
        assert sorted(m.to[0] for m in mailoutbox) == ["chair@example.org", "mentee@example.org", "mentor@example.org"]

    def test_a_pdf_tampered_with_before_delivery_is_never_sent(
        self, filled, mentor, mentee, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
    ):
        from agreements.tests.conftest import sign

        # The PDF is stored and its emails recorded; before the ledger delivers them, the file is altered.
        monkeypatch.setattr("notifications.services.queue_after_commit", lambda ids: None)
        with django_capture_on_commit_callbacks(execute=True):
            sign(filled, mentor)
            sign(filled, mentee)
        monkeypatch.undo()
        filled.refresh_from_db()
        with default_storage.open(filled.pdf.name, "wb") as file:
            file.write(stored_bytes(filled).replace(b"Avery", b"Ivory"))
        executed = Notice.objects.filter(kind="agreement_executed")
        assert executed.count() == 3
        for notice in executed:
            send_notice(notice.pk)
        assert not [m for m in mailoutbox if "executed" in m.subject]
        assert set(executed.values_list("status", flat=True)) == {Notice.Status.FAILED}
        assert all("failed its check" in error for error in executed.values_list("last_error", flat=True))

    def test_the_hourly_sweep_finds_agreements_left_waiting(self, executed_filled):
        Agreement.objects.filter(pk=executed_filled.pk).update(pdf_emailed_at=None)
        assert services.agreements_to_archive() == []  # just executed: its task is still on its way
        Agreement.objects.filter(pk=executed_filled.pk).update(executed_at=timezone.now() - dt.timedelta(hours=1))
        assert services.agreements_to_archive() == [executed_filled.pk]


class TestDownload:
    def test_the_download_is_the_stored_file(self, client, mentee, executed_filled):
        client.force_login(mentee)
        response = client.get(reverse("agreements:pdf", args=[executed_filled.pairing_id]))
        assert response.status_code == 200
        assert response.content == stored_bytes(executed_filled)
        assert response["Cache-Control"] == "private, no-store"
        assert "attachment" in response["Content-Disposition"]

    def test_a_tampered_file_is_refused_and_logged(self, client, mentee, executed_filled, caplog):
        with default_storage.open(executed_filled.pdf.name, "wb") as file:
            file.write(stored_bytes(executed_filled).replace(b"Avery", b"Ivory"))
        client.force_login(mentee)
        response = client.get(reverse("agreements:pdf", args=[executed_filled.pairing_id]))
        assert response.status_code == 409
        assert b"%PDF" not in response.content
        assert "failed its integrity check" in response.content.decode()
        assert "does not match its SHA-256" in caplog.text

    def test_a_missing_file_is_refused(self, client, mentee, executed_filled):
        default_storage.delete(executed_filled.pdf.name)
        client.force_login(mentee)
        assert client.get(reverse("agreements:pdf", args=[executed_filled.pairing_id])).status_code == 409

    def test_before_the_pdf_is_stored_the_pair_is_told_to_wait(self, client, mentee, executed_filled):
        Agreement.objects.filter(pk=executed_filled.pk).update(pdf="", pdf_sha256="")
        client.force_login(mentee)
        response = client.get(reverse("agreements:pdf", args=[executed_filled.pairing_id]), follow=True)
        assert "being prepared" in response.content.decode()

    def test_the_stored_name_is_not_reachable_by_any_public_url(self, client, executed_filled):
        for prefix in ("/static/", "/media/", "/"):
            assert client.get(prefix + executed_filled.pdf.name).status_code == 404


class TestRendering:
    def test_the_fetcher_serves_the_projects_static_files(self):
        assert pdf.static_path_for(pdf.STATIC_BASE_URL + pdf.STYLESHEET).name == "agreement-pdf.css"

    @pytest.mark.parametrize(
        "url",
        [
            "https://example.org/tracker.png",
            "file:///etc/passwd",
            pdf.STATIC_BASE_URL + "../agreements/models.py",
            pdf.STATIC_BASE_URL + "%2e%2e/manage.py",
            pdf.STATIC_BASE_URL + "admin/css/base.css",  # an app's static file, not the project's static/
            pdf.STATIC_BASE_URL + "css/missing.css",
            "data:text/css,body{}",
        ],
    )
    def test_the_fetcher_refuses_everything_else(self, url):
        with pytest.raises(ValueError, match="Refused"):
            pdf.StaticFilesOnlyFetcher().fetch(url)

    def test_only_an_executed_agreement_is_printed(self, agreement):
        with pytest.raises(ValueError):
            pdf.render_agreement_pdf(agreement)
