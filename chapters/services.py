"""What happens to a chapter offer: made by a manager, answered by the chapter's contact, or withdrawn.

Each change moves the offer only from "offered" (a conditional UPDATE), so a double click, two tabs or an answer
racing a withdrawal change it once; its email is a ledger row under a key naming the event, so it is sent once."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from chapters.models import ChapterOffer, StudentChapter
from chapters.tokens import LINK_DAYS
from notifications.services import Spec, notify_many

# A manager may have this many offers waiting for an answer at once: enough to reach the chapters near them, too
# few to use the chapters' contacts as a mailing list.
MAX_OPEN_OFFERS = 5


class ChapterError(Exception):
    """An offer that cannot be made or changed; the message is for the person."""


def _notify(kind: str, offer: ChapterOffer, *, to: str, user: User | None, period: str) -> None:
    # The contact's link is signed when the email is rendered (chapters.templatetags), never stored in the ledger.
    notify_many(
        [
            Spec(
                kind=kind,
                subject=f"chapter_offer:{offer.pk}",
                period=period,
                to=to,
                user=user,
                association=offer.chapter.association,
                context={"offer": offer, "link_days": LINK_DAYS},
            )
        ]
    )


@transaction.atomic
def chapter_offer_create(
    *, chapter: StudentChapter, manager: User, kind: str, message: str, suggested_dates: str
) -> ChapterOffer:
    if not chapter.active:
        raise ChapterError("This chapter is not taking offers.")
    User.objects.select_for_update().filter(pk=manager.pk).first()  # one offer at a time per manager: the cap holds
    open_offers = ChapterOffer.objects.open().filter(manager=manager)
    if open_offers.filter(chapter=chapter).exists():
        raise ChapterError("You already made this chapter an offer; wait for its answer or withdraw it first.")
    if open_offers.count() >= MAX_OPEN_OFFERS:
        raise ChapterError(f"You have {MAX_OPEN_OFFERS} offers waiting for an answer; wait for one first.")
    try:
        with transaction.atomic():
            offer = ChapterOffer.objects.create(
                chapter=chapter, manager=manager, kind=kind, message=message, suggested_dates=suggested_dates
            )
    except IntegrityError:  # the same offer from another tab a moment ago
        raise ChapterError("You already made this chapter an offer; wait for its answer.") from None
    _notify("chapter_offer_new", offer, to=chapter.contact_email, user=None, period="offered")
    return offer


def _move(offer: ChapterOffer, status: str, **fields) -> bool:
    """Offered -> `status`, once: False when the offer was answered or withdrawn already."""
    now = timezone.now()
    moved = ChapterOffer.objects.filter(pk=offer.pk, status=ChapterOffer.Status.OFFERED).update(
        status=status, answered_at=now, **fields
    )
    if moved:
        offer.refresh_from_db()
    return bool(moved)


@transaction.atomic
def chapter_offer_schedule(*, offer: ChapterOffer, date: dt.date, time: dt.time, place: str, reply: str = "") -> bool:
    """The contact accepts and schedules it; the manager is emailed. False when it was no longer open."""
    if not _move(
        offer, ChapterOffer.Status.SCHEDULED, scheduled_date=date, scheduled_time=time, place=place, reply=reply
    ):
        return False
    _notify("chapter_offer_answered", offer, to=offer.manager.email, user=offer.manager, period="answer")
    return True


@transaction.atomic
def chapter_offer_decline(*, offer: ChapterOffer, reply: str = "") -> bool:
    """The contact declines; the manager is emailed. False when it was no longer open."""
    if not _move(offer, ChapterOffer.Status.DECLINED, reply=reply):
        return False
    _notify("chapter_offer_answered", offer, to=offer.manager.email, user=offer.manager, period="answer")
    return True


@transaction.atomic
def chapter_offer_withdraw(*, offer: ChapterOffer, actor: User) -> None:
    """The manager takes back an offer not yet answered; the contact is told, and their link shows it withdrawn."""
    if offer.manager_id != actor.pk:
        raise ChapterError("Only the manager who made an offer may withdraw it.")
    if not _move(offer, ChapterOffer.Status.WITHDRAWN):
        offer.refresh_from_db()
        raise ChapterError(f"This offer can no longer be withdrawn: it is {offer.get_status_display().lower()}.")
    _notify("chapter_offer_withdrawn", offer, to=offer.chapter.contact_email, user=None, period="withdrawn")
