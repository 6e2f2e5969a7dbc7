"""The ledger in the admin: a chapter offer's notices have no program, and the chairs of the chapter's association
see them (a chair of another association does not); a coordinator sees the notices of their programs only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications.models import Program
from chapters.models import ChapterOffer
from chapters.services import chapter_offer_create
from conftest import make_user
from mentorship.tests.worlds import chapter_world
from notifications.factories import NoticeFactory
from notifications.models import Notice

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:notifications_notice_changelist")


@pytest.fixture
def notices(program, association, other_association, other_coordinator, mentor, outsider):
    """A program notice and a chapter offer's notice for each association, the chapter ones recorded by the
    service as managers make their offers."""
    theirs = Program.objects.get(slug="iacma-2024")  # other_coordinator's program
    ours_chapter = chapter_world(association, mentor)[ChapterOffer].chapter
    theirs_chapter = chapter_world(other_association, outsider)[ChapterOffer].chapter
    chapter_offer_create(chapter=ours_chapter, manager=outsider, kind="tour", message="Visit", suggested_dates="May")
    chapter_offer_create(chapter=theirs_chapter, manager=mentor, kind="tour", message="Visit", suggested_dates="May")
    return {
        "ours": NoticeFactory(application__program=program),
        "theirs": NoticeFactory(application__program=theirs),
        "ours_chapter": Notice.objects.get(to=ours_chapter.contact_email),
        "theirs_chapter": Notice.objects.get(to=theirs_chapter.contact_email),
    }


def shown(client, user) -> set[int]:
    client.force_login(user)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    return {notice.pk for notice in response.context["cl"].queryset}


def test_a_chapter_offers_notice_belongs_to_the_chapters_association(notices, association, other_association):
    assert (notices["ours_chapter"].program, notices["ours_chapter"].association) == (None, association)
    assert notices["theirs_chapter"].association == other_association
    assert notices["ours"].association == notices["ours"].program.host


def test_a_chair_sees_their_programs_and_their_chapters_notices_and_none_of_another_associations(
    client, notices, other_coordinator, host_chair
):
    assert shown(client, host_chair) == {notices["ours"].pk, notices["ours_chapter"].pk}
    change = reverse("admin:notifications_notice_change", args=[notices["theirs_chapter"].pk])
    assert client.get(change).status_code == 404
    ours = reverse("admin:notifications_notice_change", args=[notices["ours_chapter"].pk])
    assert client.get(ours).status_code == 200


def test_the_other_associations_chair_sees_theirs(client, notices, other_coordinator, other_chair):
    assert shown(client, other_chair) == {notices["theirs"].pk, notices["theirs_chapter"].pk}


def test_a_coordinator_sees_their_programs_notices_only_not_their_associations_chapters(
    client, notices, other_coordinator
):
    assert shown(client, other_coordinator) == {notices["theirs"].pk}


def test_a_chair_without_the_notices_permission_sees_no_chapter_notice(client, notices, association):
    """Scope is not permission: chairing the association opens nothing the role does not grant."""
    user = make_user("bare.chair@example.org", "Bare Chair", staff=True)
    association.chairs.add(user)
    client.force_login(user)
    assert client.get(CHANGELIST).status_code == 403


def test_a_superuser_sees_every_notice(client, notices, chair):
    assert shown(client, chair) >= {notice.pk for notice in notices.values()}
