from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from notifications.services import KINDS, opt_out, read_opt_out_token


@csrf_exempt  # RFC 8058 one-click: mail clients POST here without a session; the signed token is the credential
def stop(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id, kind = read_opt_out_token(token)
    except signing.BadSignature:
        raise Http404 from None
    if kind not in KINDS:
        raise Http404
    if request.method == "POST":
        opt_out(user_id=user_id, kind=kind)
        return render(request, "notifications/stopped.html", {"description": KINDS[kind]})
    return render(request, "notifications/stop.html", {"description": KINDS[kind], "token": token})
