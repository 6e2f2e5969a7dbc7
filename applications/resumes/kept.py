"""A valid resume sent with a form that came back with other errors is kept for the next submit.

Kept privately (under PRIVATE_MEDIA_ROOT, random name, no URL), briefly (RESUME_KEEP_HOURS) and for one person:
the page carries only a signed reference naming the account, which no other account can use. The application
copies the file when it is saved; `discard_stale` (an hourly Celery task) deletes what was never used.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

FOLDER = "kept-resumes"
SALT = "applications.resumes.kept"


class KeptResumeGone(Exception):
    """The reference is expired, altered, another account's, or its file was cleaned up."""


@dataclass(frozen=True)
class KeptResume:
    name: str  # in storage, under FOLDER
    original_name: str  # as the applicant's browser sent it; shown back to them, escaped
    token: str  # the signed reference the page carries in a hidden field

    def content(self) -> ContentFile:
        with default_storage.open(self.name, "rb") as file:
            return ContentFile(file.read(), name=self.original_name)


def _lifetime() -> dt.timedelta:
    return dt.timedelta(hours=settings.RESUME_KEEP_HOURS)


def keep(upload: UploadedFile, *, user_id: int) -> KeptResume:
    name = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.pdf", upload)
    original = posixpath.basename((upload.name or "").replace("\\", "/"))[-120:] or "resume.pdf"
    token = signing.dumps({"user": user_id, "name": name, "original": original}, salt=SALT, compress=True)
    return KeptResume(name=name, original_name=original, token=token)


def kept_from_token(token: str, *, user_id: int | None) -> KeptResume:
    try:
        value = signing.loads(token, salt=SALT, max_age=_lifetime())
        name, original = str(value["name"]), str(value["original"])
    except (signing.BadSignature, KeyError, TypeError) as error:
        raise KeptResumeGone from error
    if value.get("user") != user_id or posixpath.dirname(name) != FOLDER or not default_storage.exists(name):
        raise KeptResumeGone
    return KeptResume(name=name, original_name=original, token=token)


def discard(name: str) -> None:
    if posixpath.dirname(name) == FOLDER:
        default_storage.delete(name)


def discard_stale(now: dt.datetime | None = None) -> int:
    """Delete kept resumes older than their lifetime (their references no longer open them anyway)."""
    cutoff = (now or timezone.now()) - _lifetime()
    try:
        _, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    stale = [f"{FOLDER}/{file}" for file in files if default_storage.get_modified_time(f"{FOLDER}/{file}") < cutoff]
    for name in stale:
        default_storage.delete(name)
    return len(stale)
