"""Who may see a pairing: its two partners, nobody else. The agreement's wider rule is in agreements.access."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from pairings.models import Pairing

PAIRING_RELATED = ("program__host", "mentor", "mentee", "mentor_application", "mentee_application")


def get_pairing_for_partner(request: HttpRequest, pk: int, *, related: tuple[str, ...] = PAIRING_RELATED) -> Pairing:
    """A pairing the user is a partner in; 404 for anyone else. `related`: what the page reads with it."""
    pairing = get_object_or_404(Pairing.objects.select_related(*related), pk=pk)
    if not pairing.is_partner(request.user):
        raise Http404
    return pairing
