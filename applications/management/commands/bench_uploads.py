"""Run every hostile resume (and a few ordinary ones) through the application form, as an upload would.

    make bench-uploads        (python manage.py bench_uploads)

Each file becomes the kind of upload Django makes of it (in memory, or a temporary file past
FILE_UPLOAD_MAX_MEMORY_SIZE) and goes through the mentee form's validation, which runs the PDF checker in its
own process. Wall time (time.perf_counter) covers the form's validation only, building the file is not counted.
The last line is the summary: `hostile uploads: N refused of M, worst T ms (name)`.
"""

from __future__ import annotations

import io
import time

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile, TemporaryUploadedFile, UploadedFile
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from applications.forms import MenteeApplicationForm
from applications.models import Application, Program
from applications.resumes import hostile


def as_django_upload(sample: hostile.Sample) -> UploadedFile:
    size = len(sample.data)
    if size > settings.FILE_UPLOAD_MAX_MEMORY_SIZE:
        upload = TemporaryUploadedFile(sample.name, sample.content_type, size, None)
    else:
        upload = InMemoryUploadedFile(io.BytesIO(), "resume", sample.name, sample.content_type, size, None)
    upload.write(sample.data)
    upload.seek(0)
    return upload


def check(sample: hostile.Sample) -> tuple[float, str]:
    """Milliseconds the form took, and the resume field's first error ("" when accepted)."""
    program = Program(name="Bench", slug="bench", deadline="2999-01-01", chair_email="chair@example.org")
    application = Application(program=program, applicant=User(email="bench@example.org"), role="mentee")
    upload = as_django_upload(sample)
    started = time.perf_counter()
    form = MenteeApplicationForm({}, {"resume": upload}, instance=application, program=program)
    form.is_valid()
    elapsed = (time.perf_counter() - started) * 1000
    upload.close()
    return elapsed, (form.errors.get("resume") or [""])[0]


class Command(BaseCommand):
    help = "Time the validation of hostile resume uploads; all must be refused, each within 2000 ms."

    def handle(self, *args, **options) -> None:
        limit = settings.RESUME_MAX_BYTES
        rows, worst, refused, accepted_controls = [], (0.0, ""), 0, 0
        for group, samples in (("hostile", hostile.hostile_samples(limit)), ("ordinary", hostile.valid_samples(limit))):
            for key, build in samples.items():
                sample = build()
                elapsed, error = check(sample)
                rows.append((group, key, len(sample.data), elapsed, error or "accepted"))
                if group == "hostile":
                    refused += bool(error)
                    worst = max(worst, (elapsed, key))
                else:
                    accepted_controls += not error
        for group, key, size, elapsed, outcome in rows:
            self.stdout.write(f"{group:8} {key:30} {size:>9} B {elapsed:7.0f} ms  {outcome[:90]}")
        hostile_count = sum(row[0] == "hostile" for row in rows)
        controls = len(rows) - hostile_count
        self.stdout.write(f"ordinary uploads: {accepted_controls} accepted of {controls}")
        self.stdout.write(
            f"hostile uploads: {refused} refused of {hostile_count}, worst {worst[0]:.0f} ms ({worst[1]})"
        )
        if refused < hostile_count or accepted_controls < controls:
            raise CommandError("a hostile upload was accepted or an ordinary one refused (see above)")
