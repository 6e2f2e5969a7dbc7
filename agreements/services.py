"""State changes of a pair's agreement: editing, signing, executing and archiving it. Views, admin and tasks
call these.

Each runs in one transaction and records its emails in the ledger in that transaction (sent by the ledger's task
once it commits); the agreement row is locked while it changes, so an edit and a signature racing each other can
never both win.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from celery import signature
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from agreements.content import agreement_content, content_sha256, names_match
from agreements.models import Agreement, PartnerNews, Signature
from applications.vocabulary import ContactForm
from notifications.services import Spec, notify_many
from pairings.emails import pairing_email
from pairings.models import MentoringGroup, Pairing, PairingEvent

logger = logging.getLogger(__name__)

RENDER_TASK = "agreements.tasks.render_executed_agreement"
NEWS_TASK = "agreements.tasks.send_partner_news"

EDITABLE_FIELDS = (
    "confidentiality",
    "duration",
    "frequency",
    "contact_forms",
    "mentor_time",
    "roles",
    "additional_points",
)


class AgreementError(Exception):
    """A request the rules refuse; the message is for the person who asked."""


class AgreementFrozen(AgreementError):
    """Both partners signed: the executed agreement can no longer change."""


class AgreementConflict(AgreementError):
    """Another party (`editor`) saved a newer version (`version`) than the one the person was looking at, and it
    differs from what they sent."""

    def __init__(self, message: str, *, editor: User | None, version: int) -> None:
        super().__init__(message)
        self.editor, self.version = editor, version


@dataclass(frozen=True)
class Party:
    """A person who signs the agreement, and the pairing through which they reach it (a group's mentor: the
    group's first active pairing). `key` tells one party's emails from another's in the ledger."""

    person: User
    role: str
    pairing: Pairing
    key: str


def agreement_parties(agreement: Agreement) -> list[Party]:
    """The mentor first, then each mentee: a pair's two partners, or a group's mentor and active mentees."""
    pairings = agreement.member_pairings()
    if not pairings:
        return []
    grouped = agreement.group_id is not None
    mentor = Party(pairings[0].mentor, Signature.Role.MENTOR, pairings[0], "mentor")
    return [
        mentor,
        *(
            Party(p.mentee, Signature.Role.MENTEE, p, f"mentee:{p.mentee_id}" if grouped else "mentee")
            for p in pairings
        ),
    ]


def _others(agreement: Agreement, person: User) -> list[Party]:
    return [party for party in agreement_parties(agreement) if party.person.pk != person.pk]


def _record(agreement: Agreement, kind: str, *, actor: User | None, note: str = "") -> None:
    """One history row on each pairing the agreement covers: every member sees it on their own page."""
    PairingEvent.objects.bulk_create(
        PairingEvent(pairing=pairing, kind=kind, actor=actor, note=note) for pairing in agreement.member_pairings()
    )


# The agreement -------------------------------------------------------------------------------------------------


def _prefill(pairing: Pairing) -> dict[str, Any]:
    """The program's term, the mentee's frequency (else the mentor's), and the forms of contact both accept."""
    mentor_forms = set(pairing.mentor_application.contact_forms)
    mentee_forms = set(pairing.mentee_application.contact_forms)
    shared = [form for form in ContactForm.values if form in mentor_forms & mentee_forms]
    either = [form for form in ContactForm.values if form in mentor_forms | mentee_forms]
    return {
        "duration": pairing.program.term_description,
        "frequency": pairing.mentee_application.frequency or pairing.mentor_application.frequency,
        "contact_forms": shared or either,
    }


def _anchor(group: MentoringGroup) -> Pairing:
    """The pairing a group's agreement is kept on: the group's first."""
    return group.pairings.select_related("program", "mentor_application", "mentee_application").order_by("pk")[0]


@transaction.atomic
def agreement_draft(*, pairing: Pairing) -> Agreement:
    """The pairing's agreement to read (its group's, in a group): the saved one, else the prefilled one it would
    start as, unsaved (reading a page never writes; the first save or signature creates it)."""
    agreement = Agreement.objects.of_pairing(pairing).first()
    if agreement is None and pairing.group_id is not None:
        anchor = _anchor(pairing.group)
        return Agreement(pairing=anchor, group=pairing.group, **_prefill(anchor))
    if agreement is None:
        agreement = Agreement(pairing=pairing, **_prefill(pairing))
    if agreement.pairing_id == pairing.pk:
        agreement.pairing = pairing
    return agreement


def agreement_for_pairing(*, pairing: Pairing) -> Agreement:
    """The pairing's agreement (its group's, in a group), created and prefilled the first time anyone opens it."""
    agreement = Agreement.objects.of_pairing(pairing).first()
    if agreement is None and pairing.group_id is not None:
        anchor = _anchor(pairing.group)
        agreement, _created = Agreement.objects.get_or_create(
            group=pairing.group, defaults={"pairing": anchor, **_prefill(anchor)}
        )
    elif agreement is None:
        # get_or_create: both partners opening it for the first time at once is no error.
        agreement, _created = Agreement.objects.get_or_create(pairing=pairing, defaults=_prefill(pairing))
    if agreement.pairing_id == pairing.pk:
        agreement.pairing = pairing  # the caller's pairing, with what it already loaded, not a fresh query
    return agreement


def _lock(agreement: Agreement) -> Agreement:
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("pairing__program", "pairing__mentor", "pairing__mentee")
        .get(pk=agreement.pk)
    )


def _check_can_change(agreement: Agreement, actor: User) -> None:
    if agreement.is_executed:
        who = "Every member of the group has" if agreement.group_id else "Both partners have"
        raise AgreementFrozen(f"{who} signed: the agreement is executed and can no longer change.")
    parties = agreement_parties(agreement)
    if not all(party.pairing.is_active for party in parties) or not parties:
        raise AgreementError("This relationship has ended: its agreement can no longer change.")
    if actor.pk not in {party.person.pk for party in parties}:
        if agreement.group_id is not None:
            raise AgreementError("Only the group's mentor and mentees can change or sign this agreement.")
        raise AgreementError("Only the two partners can change or sign this agreement.")


def _check_version(agreement: Agreement, expected_version: int | None) -> None:
    """Refuse to save or sign over a newer version than the one the person saw: it would overwrite, or sign, text
    they have not read (called only when what they sent differs from the saved version)."""
    if expected_version is None or expected_version == agreement.version:
        return
    editor = agreement.updated_by
    who = editor.full_name if editor is not None else "Someone"
    raise AgreementConflict(
        f"{who} saved version {agreement.version} of the agreement while you were reading version {expected_version}.",
        editor=editor,
        version=agreement.version,
    )


def _void_signatures(
    agreement: Agreement, *, actor: User | None, note: str, except_sha256: str = ""
) -> list[Signature]:
    """Void the valid signatures (or only those of content other than `except_sha256`) and record it."""
    signatures = list(agreement.signatures.valid().exclude(content_sha256=except_sha256).select_related("signer"))
    if signatures:
        Signature.objects.filter(pk__in=[s.pk for s in signatures]).update(voided_at=timezone.now())
        _record(agreement, PairingEvent.Kind.SIGNATURES_VOIDED, actor=actor, note=note)
    return signatures


@transaction.atomic
def agreement_update(
    *, agreement: Agreement, actor: User, changes: Mapping[str, Any], expected_version: int | None = None
) -> Agreement:
    """Save a party's edit. An edit after a signature voids every signature and tells the other parties."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not an agreement item: {', '.join(sorted(unknown))}")
    locked = _lock(agreement)
    _check_can_change(locked, actor)
    changed = {name: value for name, value in changes.items() if getattr(locked, name) != value}
    if not changed:
        # Saving the same content voids no signature; and what the person sent is what is saved, whatever version
        # they opened (a second click of Sign, or Back and Sign again, is no conflict).
        return locked
    _check_version(locked, expected_version)
    for name, value in changed.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.updated_by = actor
    locked.save()
    _record(locked, PairingEvent.Kind.AGREEMENT_EDITED, actor=actor, note=f"Version {locked.version}")
    voided = _void_signatures(locked, actor=actor, note=f"Edited to version {locked.version}")
    if voided:
        tell_later(locked, [party.person for party in _others(locked, actor)], voided=voided)
    return locked


@transaction.atomic
def agreement_save_and_sign(
    *,
    agreement: Agreement,
    signer: User,
    changes: Mapping[str, Any],
    expected_version: int | None,
    typed_name: str,
    consent: bool,
    ip: str | None,
    user_agent: str,
) -> Signature:
    """Sign exactly what the signer has in front of them: their form's text is saved first when it differs from the
    stored version (refused, nothing saved, when another party saved meanwhile), then that version is signed, in one
    transaction. A second click of Sign returns the signature the first one made."""
    saved = agreement_update(agreement=agreement, actor=signer, changes=changes, expected_version=expected_version)
    own = saved.signatures.valid().filter(signer=signer, agreement_version=saved.version).first()
    if own is not None:
        return own
    return agreement_sign(
        agreement=saved,
        signer=signer,
        typed_name=typed_name,
        consent=consent,
        ip=ip,
        user_agent=user_agent,
        expected_version=saved.version,
    )


@transaction.atomic
def agreement_sign(
    *,
    agreement: Agreement,
    signer: User,
    typed_name: str,
    consent: bool,
    ip: str | None,
    user_agent: str,
    expected_version: int | None = None,
) -> Signature:
    """Record a party's signature of the current content; the last one (every party signed) executes it."""
    locked = _lock(agreement)
    _check_can_change(locked, signer)
    _check_version(locked, expected_version)
    if not consent:
        raise AgreementError("Please tick the box to agree to sign electronically.")
    if not names_match(typed_name, signer.full_name):
        raise AgreementError(f"Type your full name exactly as on your profile: {signer.full_name}.")
    digest = content_sha256(agreement_content(locked))
    # A signature of other content (a partner renamed themselves since) no longer counts.
    _void_signatures(locked, actor=None, note="The signed content changed", except_sha256=digest)
    parties = agreement_parties(locked)
    role = next(party.role for party in parties if party.person.pk == signer.pk)
    if locked.signatures.valid().filter(signer=signer).exists():
        raise AgreementError("You have already signed this version of the agreement.")
    signature = Signature.objects.create(
        agreement=locked,
        signer=signer,
        role=role,
        typed_name=" ".join(typed_name.split()),
        signed_at=timezone.now(),
        ip=ip or None,
        user_agent=user_agent[:500],
        agreement_version=locked.version,
        content_sha256=digest,
    )
    _record(locked, PairingEvent.Kind.SIGNED, actor=signer, note=f"Version {locked.version}")
    signed = _signed_by(locked, {digest})
    if not _execute_if_all_signed(locked, parties, signed, {digest}):
        tell_later(locked, [party.person for party in parties if party.person.pk not in signed])
    return signature


def _signed_by(agreement: Agreement, digests: set[str]) -> set[int]:
    return set(agreement.signatures.valid().filter(content_sha256__in=digests).values_list("signer_id", flat=True))


def _execute_if_all_signed(
    agreement: Agreement, parties: list[Party], signed: set[int], digests: set[str], *, note: str = ""
) -> bool:
    """Execute the agreement when every party is among `signed` (valid signatures of one of `digests`): what the
    last signature does, and a mentee leaving a group whose every remaining member had signed
    (agreement_member_left)."""
    if not parties or not {party.person.pk for party in parties} <= signed:
        return False
    agreement_execute(agreement=agreement, also_signed=digests, note=note)
    return True


@transaction.atomic
def agreement_execute(*, agreement: Agreement, also_signed: set[str] = frozenset(), note: str = "") -> Agreement:
    """Freeze the agreement every party signed, keep the signed content, and queue the archival PDF.

    `also_signed`: digests of earlier content a party's signature still counts for; only a group's agreement as it
    stood before a mentee left (naming them), so the remaining members need not sign again (agreement_member_left).
    """
    locked = _lock(agreement)
    if locked.is_executed:
        return locked
    content = agreement_content(locked)
    digest = content_sha256(content)
    parties = {party.person.pk for party in agreement_parties(locked)}
    if not parties or not parties <= _signed_by(locked, {digest, *also_signed}):
        who = "Every member of the group" if locked.group_id else "Both partners"
        raise AgreementError(f"{who} must sign the same content before the agreement is executed.")
    locked.executed_at = timezone.now()
    locked.signed_content = content
    locked.content_sha256 = digest
    locked.save(update_fields=["executed_at", "signed_content", "content_sha256"])
    _record(locked, PairingEvent.Kind.EXECUTED, actor=None, note=note)
    # robust: the pair's request must not fail because the broker is down; the hourly sweep queues it again.
    transaction.on_commit(partial(_queue_archive, locked.pk), robust=True)
    return locked


@transaction.atomic
def agreement_member_left(*, agreement: Agreement, leaver: Pairing, signed_digest: str) -> bool:
    """A mentee left the group (their pairing just ended, in this transaction). When every remaining member had
    signed the agreement as it stood before (`signed_digest`: the content naming the leaver), the agreement executes
    now, as on a last signature: the executed content names the remaining members, and each signature keeps the
    digest of what its signer signed. True when it executed."""
    locked = _lock(agreement)
    if locked.is_executed or locked.group_id is None:
        return False
    note = f"When {leaver.mentee.full_name} left, every remaining member had signed"[:200]
    signed = _signed_by(locked, {signed_digest})
    return _execute_if_all_signed(locked, agreement_parties(locked), signed, {signed_digest}, note=note)


def _queue_archive(agreement_id: int) -> None:
    # By name: agreements.tasks imports this module, never the reverse (the task is registered by the app's ready()).
    signature(RENDER_TASK, args=(agreement_id,)).delay()


# Telling the other parties -------------------------------------------------------------------------------------


def news_quiet() -> dt.timedelta:
    """How long the agreement must stay quiet before the others are told: a burst of saves and signatures is one
    email. Never past half the broker's visibility timeout (a longer countdown would be delivered twice)."""
    seconds = getattr(settings, "AGREEMENT_NEWS_QUIET_SECONDS", 120)  # a test with a real worker sets it to 1
    return dt.timedelta(seconds=min(seconds, settings.CELERY_VISIBILITY_TIMEOUT // 2))


def news_max_wait() -> dt.timedelta:
    """However busy the agreement, the others hear of it this long after the burst began."""
    return max(news_quiet(), dt.timedelta(seconds=min(600, settings.CELERY_VISIBILITY_TIMEOUT // 2)))


def tell_later(agreement: Agreement, recipients: Iterable[User], *, voided: Iterable[Signature] = ()) -> None:
    """Note news for each recipient, told once the agreement has been quiet (news_quiet): an open note gets the
    event (its email is pushed later, within news_max_wait of its first event), else a new note starts. Called with
    the agreement locked, so two events never open two notes."""
    now = timezone.now()
    voided_ids = [signature.pk for signature in voided]
    for recipient in recipients:
        news = PartnerNews.objects.filter(agreement=agreement, recipient=recipient, told_at__isnull=True).first()
        if news is None:
            news = PartnerNews(agreement=agreement, recipient=recipient, first_at=now)
        news.due_at = min(now + news_quiet(), news.first_at + news_max_wait())
        news.voided = sorted({*news.voided, *voided_ids})
        news.save()
        countdown = max(1, math.ceil((news.due_at - now).total_seconds()))
        # robust: the request must not fail because the broker is down; the sweep tells what is overdue.
        transaction.on_commit(partial(_queue_news, news.pk, countdown), robust=True)


def _queue_news(news_id: int, countdown: int) -> None:
    signature(NEWS_TASK, args=(news_id,)).apply_async(countdown=countdown)


def partner_news_send(*, news_id: int) -> bool:
    """Record the one email that tells a party of their burst of news, once it is due. Safe to run again and early:
    a note already told, or not due yet (a later event moved it; its own task is queued), is left alone. The email
    says where things stand now: the latest signature by another party (your turn), else the edit that voided
    signatures; nothing when the agreement was executed meanwhile (that email follows) or the party already
    signed again. True when a note was closed."""
    agreement_id = PartnerNews.objects.filter(pk=news_id).values_list("agreement_id", flat=True).first()
    if agreement_id is None:
        return False
    with transaction.atomic():
        # The agreement first, then the note: the order an event takes them in (tell_later), so the two never
        # wait on each other.
        agreement = _lock(Agreement(pk=agreement_id))
        news = (
            PartnerNews.objects.select_for_update()
            .filter(pk=news_id, told_at__isnull=True, due_at__lte=timezone.now() + dt.timedelta(seconds=2))
            .first()
        )
        if news is None:
            return False
        news.told_at = timezone.now()
        news.save(update_fields=["told_at"])
        spec = _news_email(agreement, news)
        if spec is not None:
            notify_many([spec])
    return True


def _news_email(agreement: Agreement, news: PartnerNews) -> Spec | None:
    party = next((p for p in agreement_parties(agreement) if p.person.pk == news.recipient_id), None)
    if party is None or agreement.is_executed or not party.pairing.is_active:
        return None
    signatures = list(agreement.signatures.valid().select_related("signer").order_by("-signed_at", "-pk"))
    if any(signature.signer_id == news.recipient_id for signature in signatures):
        return None  # they signed after the news: they have read where it stands
    email = partial(
        pairing_email, pairing=party.pairing, subject=f"agreement:{agreement.pk}", to=party.person, agreement=agreement
    )
    if signatures:
        latest = signatures[0]
        return email("agreement_signed", period=f"news:{news.pk}", signer=latest.signer, signature=latest)
    voided = list(Signature.objects.filter(pk__in=news.voided).select_related("signer").order_by("signed_at", "pk"))
    if not voided:
        return None
    return email("agreement_signatures_voided", period=f"news:{news.pk}", editor=agreement.updated_by, voided=voided)


def partner_news_overdue() -> list[int]:
    """Notes whose email is due and was not recorded (its task was lost, e.g. the broker was down)."""
    overdue = PartnerNews.objects.filter(told_at__isnull=True, due_at__lte=timezone.now())
    return list(overdue.values_list("pk", flat=True))


# The archival PDF ----------------------------------------------------------------------------------------------


def _store_pdf(agreement: Agreement) -> Agreement:
    # Imported here: WeasyPrint is slow to import, and only the worker renders.
    from agreements.pdf import render_agreement_pdf

    data = render_agreement_pdf(agreement)  # seconds at worst: outside any transaction or lock
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if locked.pdf:
            return locked  # another worker stored it first
        locked.pdf.save("agreement.pdf", ContentFile(data), save=False)
        locked.pdf_sha256 = hashlib.sha256(data).hexdigest()
        locked.save(update_fields=["pdf", "pdf_sha256"])
        _record_executed_emails(locked)  # the PDF and its emails are stored together
    return locked


def _record_executed_emails(agreement: Agreement) -> None:
    """Record the executed agreement's email to every party and the chair; the ledger attaches the verified PDF
    when it delivers. `pdf_emailed_at` marks them recorded (claimed with a conditional UPDATE: once)."""
    if not Agreement.objects.filter(pk=agreement.pk, pdf_emailed_at__isnull=True).update(pdf_emailed_at=timezone.now()):
        return
    parties = agreement_parties(agreement)
    recipients: Iterable[tuple[str, Pairing, User | str]] = [
        *((party.key, party.pairing, party.person) for party in parties),
        ("chair", agreement.pairing, agreement.pairing.program.chair_email),
    ]
    # A group's members are greeted as a group (templates/emails/group_agreement_executed); same kind, same PDF.
    template = "group_agreement_executed" if agreement.group_id else ""
    notify_many(
        replace(
            pairing_email(
                "agreement_executed",
                pairing,
                subject=f"agreement:{agreement.pk}",
                period=key,
                to=to,
                agreement=agreement,
            ),
            template=template,
        )
        for key, pairing, to in recipients
        if to
    )


def executed_agreement_attachments(context: Mapping[str, Any]) -> list[tuple[str, bytes, str]]:
    """The ledger's delivery calls this: the stored PDF, read and checked against its SHA-256 at sending time."""
    agreement = context["agreement"]
    data = read_verified_pdf(agreement) if agreement is not None and agreement.pdf else None
    if data is None:
        raise OSError(f"Agreement {getattr(agreement, 'pk', '?')}: the stored PDF failed its check; not emailed")
    return [(pdf_filename(agreement), data, "application/pdf")]


def read_verified_pdf(agreement: Agreement) -> bytes | None:
    """The stored PDF's bytes if they still match the stored SHA-256; None (and an error logged) otherwise."""
    try:
        with agreement.pdf.open("rb") as file:
            data = file.read()
    except OSError:
        logger.error("Agreement %s: the stored PDF %s cannot be read", agreement.pk, agreement.pdf.name)
        return None
    if hashlib.sha256(data).hexdigest() != agreement.pdf_sha256:
        logger.error("Agreement %s: the stored PDF %s does not match its SHA-256", agreement.pk, agreement.pdf.name)
        return None
    return data


def pdf_filename(agreement: Agreement) -> str:
    return f"statement-of-mutual-understanding-{agreement.pairing_id}.pdf"


def agreement_archive(*, agreement_id: int) -> None:
    """Render and store the executed agreement's PDF and record its emails. Safe to run again: each step once."""
    agreement = (
        Agreement.objects.select_related("pairing__program", "pairing__mentor", "pairing__mentee")
        .filter(pk=agreement_id, executed_at__isnull=False)
        .first()
    )
    if agreement is None:
        return
    if not agreement.pdf:
        agreement = _store_pdf(agreement)
    if agreement.pdf_emailed_at is None:  # stored before its emails were recorded with it
        with transaction.atomic():
            _record_executed_emails(agreement)


def agreements_to_archive() -> list[int]:
    """Executed agreements whose PDF is not yet stored or its emails recorded (e.g. the broker was down)."""
    # Ten minutes' grace: a task queued at execution is most likely still on its way.
    waiting = Agreement.objects.filter(
        executed_at__lt=timezone.now() - dt.timedelta(minutes=10), pdf_emailed_at__isnull=True
    )
    return list(waiting.values_list("pk", flat=True))
