"""Personas shared by every app's tests."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from accounts.models import User
from applications.models import Program

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache; each test starts with none used."""
    cache.clear()


@pytest.fixture
def eager_propagates() -> bool:
    """Whether a task run inline raises its error into the test; a folder's conftest may override it."""
    return False


@pytest.fixture(autouse=True)
def _tasks_run_inline(request, eager_propagates):
    """Every email is a ledger row sent by a Celery task queued on commit: in tests the task runs in the test's
    thread when the commit callbacks run (a real worker on Redis is tested where marked celery_worker)."""
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    from mentorship.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, eager_propagates
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests create hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(email: str, full_name: str, *, staff: bool = False) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=full_name, is_staff=staff)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def grant(user: User, *permissions: str) -> User:
    """Give `user` the named permissions ("app_label.codename"), as a superuser would in the admin."""
    from django.contrib.auth.models import Permission

    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
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
    user = make_user("chair@example.org", "Casey Chair", staff=True)
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    return user


@pytest.fixture
def staff_without_permissions(db) -> User:
    """Can log in to the admin and holds no permission: sees no private file, page or export."""
    return make_user("staff@example.org", "Sam Staff", staff=True)


@pytest.fixture
def viewer(db) -> User:
    """Staff who may view every model in the admin and change none: is offered no action that changes a row."""
    from django.contrib.auth.models import Permission

    user = make_user("viewer@example.org", "Vic Viewer", staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return user


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
def program(db) -> Program:
    """An open program modelled on the MMASC 2024 program."""
    return Program.objects.create(
        name="2024 Mentorship Program",
        slug="2024",
        association="Municipal Management Association of Southern California",
        time_zone="America/Los_Angeles",
        deadline=dt.date.today() + dt.timedelta(days=30),
        chair_email="chair@example.org",
        required_regional_events=1,
        required_signature_events=1,
    )
