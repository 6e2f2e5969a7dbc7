"""The group's page: its members, its agreement and the check-ins it logged together.

Only the group's mentor and mentees see it (pairings.groups.get_group_for_member); anyone else gets 404. The
chair sees groups in the admin, never the check-ins' notes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from agreements import selectors as agreement_selectors
from agreements.models import Agreement, Signature
from agreements.signing_state import SigningState, signing_state
from applications.vocabulary import Frequency
from pairings import checkins as checkins_
from pairings import groups
from pairings.forms import GroupCheckInForm
from pairings.models import MentoringGroup, Pairing


def _signing(
    request: HttpRequest, group: MentoringGroup, agreement: Agreement | None, active: list[Pairing]
) -> SigningState | None:
    """Who has signed the agreement being agreed and whose turn it is, as its own page words it: a member who
    signed is waiting for the others, not asked to sign again. None before it starts and once executed."""
    if agreement is None or agreement.is_executed:
        return None
    parties = [
        (group.mentor.full_name, Signature.Role.MENTOR.label, group.mentor_id),
        *((p.mentee.full_name, Signature.Role.MENTEE.label, p.mentee_id) for p in active),
    ]
    return signing_state(parties, agreement_selectors.valid_signatures(agreement), request.user.pk)


def _group_context(request: HttpRequest, group: MentoringGroup, **forms: object) -> dict[str, object]:
    members = groups.group_members(group)
    own = groups.own_pairing(group, request.user, members)
    agreement = Agreement.objects.filter(group=group).first()
    checkins = list(group.checkins.select_related("logged_by"))
    active = [p for p in members if p.is_active]
    frequency = checkins_.pair_frequency(own, agreement) if own else group.program.recommended_frequency
    signing = _signing(request, group, agreement, active)
    due = (
        checkins_.next_due(own, last_checkin=checkins[0].date if checkins else None, frequency=frequency)
        if own
        else None
    )
    return {
        "group": group,
        "members": members,
        "own": own,
        "is_mentor": request.user.pk == group.mentor_id,
        "agreement": agreement,
        "signing": signing,
        # The reader's turn to sign: an active member of an agreement not started, or one they have not signed.
        "to_sign": own is not None and own.is_active and (agreement is None or bool(signing and signing.readers_turn)),
        "checkins": checkins,
        "can_log": own is not None and own.is_active,
        "active": active,
        "frequency_label": Frequency(frequency).label,
        "next_due": due,
        "overdue": due is not None and own.is_active and due < timezone.localdate(),
        "checkin_form": forms.get("checkin_form") or GroupCheckInForm(initial={"date": timezone.localdate()}),
    }


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = groups.get_group_for_member(request, pk)
    return render(request, "pairings/group.html", _group_context(request, group))


@login_required
@require_POST
def group_checkin_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = groups.get_group_for_member(request, pk)
    form = GroupCheckInForm(request.POST)
    if form.is_valid():
        try:
            groups.group_checkin_log(group=group, actor=request.user, **form.cleaned_data)
        except checkins_.CheckInError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, "Check-in logged for the whole group.")
            return redirect(group)
    messages.error(request, "Please correct the errors below. Nothing you typed was lost.")
    return render(request, "pairings/group.html", _group_context(request, group, checkin_form=form), status=400)
