"""Admin actions are offered only to whom may take them: a staff account that may only view a model sees no
button that changes it (the service would refuse it with 403), and posting one anyway changes nothing.

Every action of every registered admin is found from the admin site, so a new action is covered at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import User
from applications.factories import MentorApplicationFactory
from applications.models import Application
from conftest import make_user, runs_everything

pytestmark = pytest.mark.django_db

# Actions that only read, so a viewer may take them. Anything else needs a change (or custom) permission.
READ_ONLY_ACTIONS = {("applications", "application", "export_csv")}
APPLICATIONS = reverse("admin:applications_application_changelist")


def declared_actions() -> Iterator[tuple[admin.ModelAdmin, str]]:
    for model_admin in admin.site._registry.values():
        for action in model_admin.actions or ():
            yield model_admin, action if isinstance(action, str) else action.__name__


def offered(model_admin: admin.ModelAdmin, user: User) -> set[str]:
    request = RequestFactory().get("/")
    request.user = user
    return set(model_admin.get_actions(request))


def key(model_admin: admin.ModelAdmin, action: str) -> tuple[str, str, str]:
    return (model_admin.model._meta.app_label, model_admin.model._meta.model_name, action)


@pytest.fixture
def editor(program) -> User:
    """Staff holding the view and change permissions on every model, without being a superuser."""
    user = make_user("editor@example.org", "Eddie Editor", staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__regex=r"^(view|change)_"))
    return runs_everything(user)


def test_every_admin_action_is_found():
    names = {action for _, action in declared_actions()}
    assert {"approve", "mark_fee_paid", "confirm", "publish", "rerun", "lock", "reject", "swap"} <= names


def test_a_view_only_staff_account_is_offered_only_actions_that_read(viewer):
    """Libraries' actions included (allauth's "mark verified", django-celery-beat's "run tasks")."""
    wrongly_offered = [
        key(model_admin, action)
        for model_admin, action in declared_actions()
        if key(model_admin, action) not in READ_ONLY_ACTIONS and action in offered(model_admin, viewer)
    ]
    assert wrongly_offered == []


@pytest.mark.parametrize("persona", ["chair", "editor"])
def test_a_chair_or_a_staff_account_that_may_change_is_offered_every_action(request, persona):
    user = request.getfixturevalue(persona)
    missing = [
        key(model_admin, action)
        for model_admin, action in declared_actions()
        # the installation's own models (accounts, schedules) are a superuser's alone
        if action not in offered(model_admin, user) and (user.is_superuser or not model_admin.installation_wide)
    ]
    assert missing == []


def test_a_staff_account_without_permissions_is_offered_nothing(staff_without_permissions):
    assert not any(
        action in offered(model_admin, staff_without_permissions) for model_admin, action in declared_actions()
    )


class TestApplicationsList:
    def test_the_viewer_sees_the_export_and_no_decision(self, client, viewer, program):
        MentorApplicationFactory(program=program)
        client.force_login(viewer)
        content = client.get(APPLICATIONS).content.decode()
        assert 'value="export_csv"' in content
        for action in ("approve", "decline", "waitlist", "mark_under_review", "mark_fee_paid", "mark_fee_waived"):
            assert f'value="{action}"' not in content

    def test_the_chair_sees_the_decisions(self, client, chair, program):
        MentorApplicationFactory(program=program)
        client.force_login(chair)
        content = client.get(APPLICATIONS).content.decode()
        assert 'value="approve"' in content
        assert 'value="mark_fee_paid"' in content

    @pytest.mark.parametrize("action", ["approve", "decline", "mark_fee_paid"])
    def test_an_action_posted_anyway_by_the_viewer_changes_nothing(
        self, committing_client, viewer, program, mailoutbox, action
    ):
        application = MentorApplicationFactory(program=program, status=Application.Status.SUBMITTED)
        before = Application.objects.values().get(pk=application.pk)
        committing_client.force_login(viewer)
        committing_client.post(APPLICATIONS, {"action": action, "_selected_action": [application.pk]})
        assert Application.objects.values().get(pk=application.pk) == before
        assert mailoutbox == []
