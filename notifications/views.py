import datetime as dt

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.models import User
from applications.access import chair_rows
from notifications.models import Notice
from notifications.services import KINDS, kind_label, notice_send_again, opt_out, read_opt_out_token


@csrf_exempt  # RFC 8058 one-click: mail clients POST here without a session; the signed token is the credential
def stop(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id, kind = read_opt_out_token(token)
    except signing.BadSignature:
        raise Http404 from None
    if kind not in KINDS:
        raise Http404
    context = {"description": KINDS[kind], "token": token}
    if request.method == "POST":  # opt_out answers False for an account deleted since the email was sent
        stopped = opt_out(user_id=user_id, kind=kind)
        return render(request, "notifications/stopped.html", {**context, "gone": not stopped})
    # An account deleted since: nothing is sent to it any more, so there is nothing to stop.
    if not User.objects.filter(pk=user_id).exists():
        return render(request, "notifications/stopped.html", {**context, "gone": True})
    return render(request, "notifications/stop.html", context)


def _just_resent_by(notice: Notice, user: User) -> bool:
    notice.refresh_from_db(fields=["resent_at", "resent_by"])
    recent = notice.resent_at is not None and timezone.now() - notice.resent_at < dt.timedelta(minutes=2)
    return recent and notice.resent_by_id == user.pk


@staff_member_required
@permission_required("notifications.resend_notice", raise_exception=True)
@require_POST
def send_again(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair's Send again on a notice that failed for three days: queued once, however often it is pressed."""
    notice = get_object_or_404(
        chair_rows(request.user, Notice.objects.select_related("program"), "program", ("resend",)), pk=pk
    )
    label = f"The {kind_label(notice.kind)} email to {notice.to}"
    if notice_send_again(notice=notice, actor=request.user) or _just_resent_by(notice, request.user):
        # A double click's second request finds it queued by the first: the person sees what they did, once.
        messages.success(request, f"{label} is queued again; it will be retried for another 3 days.")
    else:
        messages.info(request, f"{label} is already {notice.get_status_display().lower()}; nothing was queued.")
    if notice.program is not None:
        return redirect("dashboard:program", slug=notice.program.slug)  # the message shows at the top
    return redirect("admin:notifications_notice_changelist")
