"""The chapter contact's link to answer one offer: signed (django.core.signing), expiring, and bound to the contact
address it was sent to, so a chapter whose contact changed no longer answers through the old person's link."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core import signing
from django.urls import reverse

from chapters.models import ChapterOffer

SALT = "chapters.offer-answer"
LINK_DAYS = 60  # long enough for a semester's planning; an expired link gets a calm "not valid" page


def _address_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def answer_token(offer: ChapterOffer) -> str:
    return signing.dumps({"o": offer.pk, "e": _address_digest(offer.chapter.contact_email)}, salt=SALT, compress=True)


def answer_url(offer: ChapterOffer) -> str:
    return settings.SITE_URL + reverse("chapters:answer", args=[answer_token(offer)])


def offer_for_token(token: str) -> ChapterOffer | None:
    """The one offer the token names, or None for a forged, damaged or expired token or a changed contact."""
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_DAYS * 24 * 3600)
        pk, digest = int(data["o"]), str(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    offer = ChapterOffer.objects.select_related("chapter__association", "manager").filter(pk=pk).first()
    if offer is None or _address_digest(offer.chapter.contact_email) != digest:
        return None
    return offer
