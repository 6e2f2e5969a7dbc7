"""Personas shared by every app's tests."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.cache import cache

from accounts.factories import PASSWORD, UserFactory
from accounts.models import User
from applications.factories import ProgramFactory
from applications.models import Program
from associations.factories import AssociationFactory
from associations.models import Association
from associations.roles import chair_grant, coordinator_grant

__all__ = ["PASSWORD"]  # the personas' password, imported by the tests that sign in with a form


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist (`make test` runs two worker processes) each worker has its own test database
    (pytest-django's `_gw0` suffix) and, here, its own folder of private files, so no test sees another's uploads,
    and its own Redis database (the next one along), so the real Celery worker a test starts takes only its own
    process's tasks: with one queue shared, a worker in one process took the other's tasks, and their emails went
    to the wrong process or nowhere. No other test touches Redis: tasks run inline, the cache is in memory."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        from django.conf import settings

        settings.PRIVATE_MEDIA_ROOT = Path(settings.PRIVATE_MEDIA_ROOT) / worker
        default = settings.STORAGES["default"]
        options = {**default.get("OPTIONS", {}), "location": settings.PRIVATE_MEDIA_ROOT}
        settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": options}}
        if settings.REDIS_URL:
            _own_redis_database(settings, int(worker.removeprefix("gw")))


def _own_redis_database(settings, index: int) -> None:
    """Point REDIS_URL, the broker and the results at database (REDIS_URL's + index) of the same server."""
    from mentorship.celery import app

    url = urlsplit(settings.REDIS_URL)
    database = int(url.path.strip("/") or 0) + index
    own = urlunsplit(url._replace(path=f"/{database}"))
    settings.REDIS_URL = settings.CELERY_BROKER_URL = own
    if url.geturl() == settings.CELERY_RESULT_BACKEND:
        settings.CELERY_RESULT_BACKEND = own
    app.conf.broker_url, app.conf.result_backend = own, settings.CELERY_RESULT_BACKEND  # if already read


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache; each test starts with none used."""
    cache.clear()


@pytest.fixture(autouse=True)
def _patient_resume_check(request, settings):
    """An honest resume must never be refused because the checker's fresh interpreter started slowly on a busy
    machine (two test processes on 2 shared cores): its time limit (RESUME_CHECK_MS, 1.5 s) is tested, as it
    stands, with hostile files in applications/tests/test_resume_uploads.py, which keeps it."""
    if request.node.path.name != "test_resume_uploads.py":
        settings.RESUME_CHECK_MS = 10_000


@pytest.fixture
def eager_propagates() -> bool:
    """Whether a task run inline raises its error into the test; a folder's conftest may override it."""
    return False


@pytest.fixture(autouse=True)
def _tasks_run_inline(request, eager_propagates):
    """Every email is a ledger row sent by a Celery task queued on commit: in tests the task runs in the test's
    thread when the commit callbacks run (a real worker on Redis is tested where marked celery_worker)."""
    from mentorship.celery import app

    if request.node.get_closest_marker("celery_worker"):
        # A task an earlier test left queued (a countdown its worker gave back at shutdown, as workers do) would
        # otherwise run in this test's worker, against this test's rows.
        app.control.purge()
        yield
        return

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, eager_propagates
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests create hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(email: str, full_name: str, *, staff: bool = False) -> User:
    return UserFactory(email=email, full_name=full_name, is_staff=staff)


def grant(user: User, *permissions: str) -> User:
    """Give `user` the named permissions ("app_label.codename"), as a superuser would in the admin, over every
    association's programs (for tests of a permission, not of scope: see runs_everything)."""
    from django.contrib.auth.models import Permission

    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return runs_everything(user)


def runs_everything(user: User) -> User:
    """Scope without a role's permissions: `user` chairs every association there is, holding only the permissions
    given to them. Tests of what a permission allows use it; tests of scope use host_chair and other_chair."""
    for association in Association.objects.all():
        association.chairs.add(user)
    return user


# What a staff account needs to open a program's dashboard (dashboard/access.py DASHBOARD_MODELS).
DASHBOARD_PERMISSIONS = ("applications.view_program", "applications.view_application", "pairings.view_pairing")


class CommittingClient:
    """The test client, with on-commit callbacks (emails, file clean-up) run after each request as a commit would."""

    def __init__(self, client, capture):
        self._client = client
        self._capture = capture

    def post(self, *args, **kwargs):
        with self._capture(execute=True):
            return self._client.post(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._client, name)


@pytest.fixture
def committing_client(client, django_capture_on_commit_callbacks) -> CommittingClient:
    return CommittingClient(client, django_capture_on_commit_callbacks)


@pytest.fixture
def chair(db) -> User:
    """The mentorship chair: staff with every admin permission, runs the program in the admin."""
    return UserFactory(email="chair@example.org", full_name="Casey Chair", chair=True)


@pytest.fixture
def staff_without_permissions(db) -> User:
    """Can log in to the admin and holds no permission: sees no private file, page or export."""
    return make_user("staff@example.org", "Sam Staff", staff=True)


@pytest.fixture
def viewer(program) -> User:
    """Staff who may view every model in the admin and change none: is offered no action that changes a row."""
    from django.contrib.auth.models import Permission

    user = make_user("viewer@example.org", "Vic Viewer", staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return runs_everything(user)


@pytest.fixture
def mentor(db) -> User:
    """An experienced city manager who applies to mentor."""
    return make_user("mentor@example.org", "Morgan Mentor")


@pytest.fixture
def mentee(db) -> User:
    """An early-career analyst who applies to be mentored."""
    return make_user("mentee@example.org", "Avery Mentee")


@pytest.fixture
def outsider(db) -> User:
    """Logged in, verified, and involved in nothing of anyone else's."""
    return make_user("outsider@example.org", "Olive Outsider")


@pytest.fixture
def association(db) -> Association:
    """The association hosting `program`, modelled on MMASC."""
    return AssociationFactory(
        name="Municipal Management Association of Southern California",
        short_name="MMASC",
        slug="mmasc",
        region="California",
        contact_email="info@mmasc.example.org",
    )


@pytest.fixture
def other_association(db) -> Association:
    """Another association in the same installation, with its own program: none of it is `program`'s business."""
    return AssociationFactory(
        name="Iowa City/County Management Association",
        short_name="IaCMA",
        slug="iacma",
        region="Iowa",
        contact_email="",
    )


@pytest.fixture
def host_chair(association) -> User:
    """The mentorship chair of `program`'s association: not a superuser; runs every program MMASC hosts."""
    user = make_user("host.chair@example.org", "Harper Host")
    chair_grant(user, association)
    return user


@pytest.fixture
def other_chair(other_association) -> User:
    """The chair of another association: sees none of `program`'s people, anywhere."""
    user = make_user("other.chair@example.org", "Oakley Other")
    chair_grant(user, other_association)
    return user


@pytest.fixture
def other_coordinator(other_association) -> User:
    """A coordinator given one program of another association."""
    user = make_user("other.coordinator@example.org", "Quinn Coordinator")
    elsewhere = ProgramFactory(
        name="IaCMA 2024", slug="iacma-2024", host=other_association, deadline=dt.date.today(), chair_email="c@ia.org"
    )
    coordinator_grant(user, elsewhere)
    return user


@pytest.fixture
def program(association) -> Program:
    """An open program modelled on the MMASC 2024 program."""
    return ProgramFactory(
        name="2024 Mentorship Program",
        slug="2024",
        host=association,
        time_zone="America/Los_Angeles",
        deadline=dt.date.today() + dt.timedelta(days=30),
        chair_email="chair@example.org",
        required_regional_events=1,
        required_signature_events=1,
    )
