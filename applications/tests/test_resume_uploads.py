"""Hostile resumes are refused on the field, fast, with nothing typed lost and nothing left on disk; a valid
resume sent with other errors is kept (privately, briefly, for its owner only) until the application is saved."""

import datetime as dt
import os
import time
from pathlib import Path

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections

from applications import tasks
from applications.models import Application
from applications.resumes import hostile, kept, sandbox
from applications.tests.test_apply import GOALS, apply_url, mentee_data
from mentorship.celery import app

pytestmark = pytest.mark.django_db

LIMIT = 5 * 1024 * 1024  # settings.RESUME_MAX_BYTES by default; the fixture below pins it
HOSTILE = hostile.hostile_samples(LIMIT)
VALID = hostile.valid_samples(LIMIT)


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    """Each test stores uploads in folders of its own, so "nothing left on disk" can be checked."""
    settings.RESUME_MAX_BYTES = LIMIT
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path / "private"}},
    }
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "incoming"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()


@pytest.fixture
def as_mentee(committing_client, mentee):
    committing_client.force_login(mentee)
    return committing_client


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def as_upload(sample: hostile.Sample) -> SimpleUploadedFile:
    return SimpleUploadedFile(sample.name, sample.data, content_type=sample.content_type)


class TestHostileFiles:
    @pytest.mark.parametrize("key", list(HOSTILE))
    def test_each_hostile_file_is_refused_on_the_field_fast_and_everything_typed_stays(
        self, as_mentee, program, settings, key
    ):
        sample = HOSTILE[key]()
        started = time.monotonic()
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data(resume=as_upload(sample)))
        elapsed = time.monotonic() - started
        assert response.status_code == 400  # the form again, never a 500
        assert response.context["form"].errors["resume"], response.context["form"].errors
        assert list(response.context["form"].errors) == ["resume"]  # the other answers were all fine
        assert GOALS.encode() in response.content
        assert b'value="Avery Mentee"' in response.content
        assert b'value="City of Harbor Bend"' in response.content
        assert b"kept_resume" not in response.content
        assert not Application.objects.exists()
        assert files_under(Path(settings.STORAGES["default"]["OPTIONS"]["location"])) == []
        assert files_under(settings.FILE_UPLOAD_TEMP_DIR) == []
        # The checker stops at RESUME_CHECK_MS; the rest is the request itself, with room for a busy machine.
        assert elapsed < settings.RESUME_CHECK_MS / 1000 + 1.5, f"{key} took {elapsed:.2f} s"

    @pytest.mark.parametrize(
        ("key", "message"),
        [
            ("encryption-unknown-version", "password-protected"),
            ("startxref-absurd", "appears to be damaged"),
            ("bomb-object-stream-349kb", "too complex"),
            ("deep-page-tree", "too complex"),
            ("js-obfuscated-names", "contains JavaScript"),
            ("js-in-object-stream", "contains automatic actions"),
            ("launch-action", "launches programs"),
            ("embedded-file", "contains embedded files"),
            ("file-attachment-annotation", "contains embedded files"),
            ("rich-media", "contains rich media"),
            ("xfa-form", "contains an XFA form"),
            ("polyglot-pdf-zip", "not only a PDF"),
            ("polyglot-pdf-html", "not only a PDF: it also contains web page code"),
            ("zero-pages", "This PDF has no pages."),
            ("empty-file", "This file is empty."),
            ("png-renamed", "This file is not a PDF."),
        ],
    )
    def test_the_message_says_what_was_wrong(self, as_mentee, program, key, message):
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data(resume=as_upload(HOSTILE[key]())))
        errors = response.context["form"].errors["resume"]
        assert any(message in error for error in errors), errors

    @pytest.mark.parametrize("key", list(VALID))
    def test_ordinary_pdfs_are_accepted(self, as_mentee, program, key):
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data(resume=as_upload(VALID[key]())))
        assert response.status_code == 302, response.context["form"].errors
        application = Application.objects.get()
        with application.resume.open("rb") as file:
            assert file.read() == VALID[key]().data

    def test_a_path_like_name_never_reaches_the_disk(self, as_mentee, program):
        upload = SimpleUploadedFile("../../../../etc/cron.d/resume.pdf", hostile.valid_pdf())
        as_mentee.post(apply_url(program, "mentee"), mentee_data(resume=upload))
        name = Application.objects.get().resume.name
        assert name.startswith("resumes/") and ".." not in name and "cron" not in name


class TestSizeLimit:
    def test_a_valid_pdf_exactly_at_the_limit_is_accepted(self, as_mentee, program):
        data = hostile.pdf_of_size(LIMIT)
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data(resume=SimpleUploadedFile("cv.pdf", data)))
        assert response.status_code == 302
        assert Application.objects.get().resume.size == LIMIT

    def test_one_byte_over_the_limit_is_refused_in_bytes(self, as_mentee, program):
        data = hostile.pdf_of_size(LIMIT + 1)
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data(resume=SimpleUploadedFile("cv.pdf", data)))
        assert response.context["form"].errors["resume"] == [
            "Your file is 5,242,881 bytes; resumes can be at most 5,242,880 bytes (5.0\xa0MB)."
        ]

    def test_an_empty_pdf_is_refused(self, as_mentee, program):
        upload = SimpleUploadedFile("cv.pdf", b"")
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data(resume=upload))
        assert response.status_code == 400
        assert response.context["form"].errors["resume"]


class TestSandbox:
    def test_a_file_slower_than_the_limit_is_cut_off_and_leaves_no_process(self, as_mentee, program, settings):
        settings.RESUME_CHECK_MS = 200
        started = time.monotonic()
        slow = as_upload(HOSTILE["many-objects"]())
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data(resume=slow))
        assert time.monotonic() - started < 1.5
        assert "took too long to check" in response.context["form"].errors["resume"][0]
        assert children() == []

    def test_running_out_of_memory_is_a_refusal(self):
        verdict = sandbox.scan(HOSTILE["bomb-object-stream-5mb"]().data, seconds=5, memory_bytes=64 * 1024 * 1024)
        assert verdict.code == "too_complex"

    def test_a_checker_that_cannot_start_is_a_calm_message(self, as_mentee, program, monkeypatch):
        monkeypatch.setattr("sys.executable", "/nonexistent/python")
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data())
        assert response.status_code == 400
        assert response.context["form"].errors["resume"] == [
            "We could not check your file just now. Please try again in a moment."
        ]


def children() -> list[str]:
    """This process's child processes still in the process table (a zombie would be listed)."""
    found = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for pid in (task / "children").read_text().split():
            found.append(Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"))
    return [command for command in found if "pdfscan" in command]


def kept_names() -> list[str]:
    try:
        return default_storage.listdir(kept.FOLDER)[1]
    except FileNotFoundError:
        return []


def token_in(response) -> str:
    return response.context["form"].kept_resume.token


class TestKeptResume:
    def test_a_valid_resume_sent_with_another_error_is_kept_and_used_by_the_next_submit(self, as_mentee, program):
        upload = SimpleUploadedFile("my-resume.pdf", hostile.valid_pdf(title="Avery"))
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data(goals="", resume=upload))
        assert response.status_code == 400
        assert "goals" in response.context["form"].errors and "resume" not in response.context["form"].errors
        assert "<strong>my-resume.pdf (kept)</strong> — choose a file only to replace it. PDF only" in response.text
        assert f'name="kept_resume" value="{token_in(response)}"' in response.text
        assert len(kept_names()) == 1

        response = as_mentee.post(
            apply_url(program, "mentee"), mentee_data(resume=None, kept_resume=token_in(response))
        )
        assert response.status_code == 302
        application = Application.objects.get()
        assert application.status == Application.Status.SUBMITTED
        assert application.resume.name.startswith("resumes/")
        with application.resume.open("rb") as file:
            assert file.read() == hostile.valid_pdf(title="Avery")
        assert kept_names() == []  # copied into the application, then deleted

    def test_an_error_in_the_contact_details_keeps_the_resume_too(self, as_mentee, program):
        data = mentee_data(**{"contact-full_name": ""})
        response = as_mentee.post(apply_url(program, "mentee"), data)
        assert "full_name" in response.context["profile_form"].errors
        assert response.context["form"].kept_resume is not None

    def test_another_account_cannot_use_the_reference(self, as_mentee, program, client, outsider):
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data(goals=""))
        token = token_in(response)
        client.force_login(outsider)
        response = client.post(apply_url(program, "mentee"), mentee_data(resume=None, kept_resume=token))
        assert response.context["form"].errors["resume"] == [
            "The resume you chose earlier is no longer kept. Please choose the file again."
        ]
        assert not Application.objects.exists()
        assert len(kept_names()) == 1  # still the owner's

    def test_an_altered_reference_is_refused(self, as_mentee, program):
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data(goals=""))
        forged = token_in(response)[:-3] + "abc"
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data(resume=None, kept_resume=forged))
        assert "no longer kept" in response.context["form"].errors["resume"][0]

    def test_a_reference_expires_with_the_keeping_time(self, as_mentee, program, settings):
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data(goals=""))
        token = token_in(response)
        later = dt.datetime.now(tz=dt.UTC) + dt.timedelta(hours=settings.RESUME_KEEP_HOURS, minutes=1)
        with time_machine.travel(later):
            response = as_mentee.post(apply_url(program, "mentee"), mentee_data(resume=None, kept_resume=token))
        assert "no longer kept" in response.context["form"].errors["resume"][0]

    def test_a_refused_new_file_leaves_the_kept_one_kept(self, as_mentee, program):
        token = token_in(as_mentee.post(apply_url(program, "mentee"), mentee_data(goals="")))
        data = mentee_data(resume=as_upload(HOSTILE["js-open-action"]()), kept_resume=token)
        response = as_mentee.post(apply_url(program, "mentee"), data)
        assert "contains JavaScript" in response.context["form"].errors["resume"][0]
        assert token_in(response) == token
        assert "resume.pdf (kept)" in response.text

    def test_a_new_valid_file_replaces_the_kept_one(self, as_mentee, program):
        token = token_in(as_mentee.post(apply_url(program, "mentee"), mentee_data(goals="")))
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data(goals="", kept_resume=token))
        assert token_in(response) != token
        assert len(kept_names()) == 1

    def test_the_file_name_is_shown_escaped(self, as_mentee, program):
        upload = SimpleUploadedFile('"><img src=x onerror=alert(1)>.pdf', hostile.valid_pdf())
        response = as_mentee.post(apply_url(program, "mentee"), mentee_data(goals="", resume=upload))
        assert "<img src=x" not in response.text
        assert "&lt;img src=x onerror=alert(1)&gt;.pdf (kept)" in response.text


class TestKeptResumeCleanUp:
    def make_kept(self, hours_ago: float) -> str:
        name = kept.keep(SimpleUploadedFile("cv.pdf", hostile.valid_pdf()), user_id=1).name
        moment = time.time() - hours_ago * 3600
        os.utime(default_storage.path(name), (moment, moment))
        return name

    def test_only_files_older_than_the_keeping_time_are_deleted(self, settings):
        old, fresh = self.make_kept(settings.RESUME_KEEP_HOURS + 0.1), self.make_kept(settings.RESUME_KEEP_HOURS - 0.1)
        assert kept.discard_stale() == 1
        assert not default_storage.exists(old) and default_storage.exists(fresh)

    def test_beat_runs_the_clean_up_every_hour(self):
        entry = settings.CELERY_BEAT_SCHEDULE["discard-stale-kept-resumes"]
        assert entry["task"] == tasks.discard_stale_kept_resumes.name
        assert entry["schedule"].minute == {20} and len(entry["schedule"].hour) == 24

    @pytest.mark.celery_worker
    @pytest.mark.django_db(transaction=True)
    def test_a_real_worker_deletes_the_stale_files(self, settings):
        old, fresh = self.make_kept(settings.RESUME_KEEP_HOURS + 1), self.make_kept(0)
        try:
            with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
                assert app.send_task("applications.tasks.discard_stale_kept_resumes").get(timeout=20) == 1
        finally:
            close_old_connections()
        assert not default_storage.exists(old) and default_storage.exists(fresh)


class TestServing:
    def test_a_resume_is_downloaded_never_run_in_the_browser(self, client, mentee, program):
        application = Application.objects.create(program=program, applicant=mentee, role=Application.Role.MENTEE)
        application.resume.save("x.pdf", SimpleUploadedFile("x.pdf", hostile.valid_pdf()))
        mentee.full_name = 'Avery "Mentee"\r\nX-Injected: 1'
        mentee.save()
        client.force_login(mentee)
        response = client.get(f"/applications/{application.pk}/resume/")
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="resume-avery-mentee-x-injected-1.pdf"'
        assert response["Content-Security-Policy"] == "sandbox; default-src 'none'; frame-ancestors 'none'"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"
        assert "X-Injected" not in response.headers
