"""Notices recorded before they named an association get one: a program's notice its host, a chapter offer's notice
the chapter's association (from the offer its context names); a notice about nothing of an association keeps none."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from applications.factories import ProgramFactory
from chapters.factories import ChapterOfferFactory
from mentorship.tests.migrating import migrate, migrate_to_latest
from notifications.models import Notice

BEFORE = [("notifications", "0002_retry_window")]


@pytest.fixture
def old_notices(transactional_db) -> Iterator[dict[str, int]]:
    apps = migrate(BEFORE)
    old_notice = apps.get_model("notifications", "Notice")
    program = ProgramFactory()
    offer = ChapterOfferFactory()
    gone = ChapterOfferFactory()

    def notice(key: str, **fields) -> int:
        return old_notice.objects.create(kind=key.split(":")[0], key=key, to="a@example.org", **fields).pk

    rows = {
        "program": notice("checkin_due:1", program_id=program.pk, template="checkin_due"),
        "chapter": notice("chapter_offer_new:1", context={"offer": {"model": "chapters.chapteroffer", "pk": offer.pk}}),
        "gone": notice(
            "chapter_offer_withdrawn:2", context={"offer": {"model": "chapters.chapteroffer", "pk": gone.pk}}
        ),
        "none": notice("chair_digest:1", context={}),
        "host": program.host_id,
        "chapter_association": offer.chapter.association_id,
    }
    gone.delete()
    try:
        yield rows
    finally:
        migrate_to_latest()


def test_old_notices_are_given_their_association(old_notices):
    migrate_to_latest()
    association = dict(Notice.objects.values_list("pk", "association_id"))
    assert association[old_notices["program"]] == old_notices["host"]
    assert association[old_notices["chapter"]] == old_notices["chapter_association"]
    assert association[old_notices["gone"]] is None
    assert association[old_notices["none"]] is None
