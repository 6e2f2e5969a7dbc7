"""What the agreement page reads, as prepared queries (mentorship.prepared): compiled once per process and planned
once per connection, so a request pays neither the ORM's compiling of a five-table join nor PostgreSQL's planning
of it, only the run."""

from __future__ import annotations

from agreements.models import Agreement, Signature
from mentorship.prepared import PreparedQuery
from pairings.models import Pairing
from resources import selectors as resources
from resources.models import Resource

# What the agreement page reads with the pairing: its agreement, the program's guidance and its host, the partners
# and the group (a group's name and link), in one query; not the two applications (only a draft's prefill reads them).
READ_RELATED = ("program__host", "program__guidance", "mentor", "mentee", "group", "agreement")
_STAND_IN = -7_919_351  # no row has a negative id

_PAIRING = PreparedQuery(
    "agreement_page_pairing",
    lambda *, pk: Pairing.objects.select_related(*READ_RELATED).filter(pk=pk),
    pk=_STAND_IN,
)
# The valid signatures, oldest first; the page names the signer from the parties it already has, not from the user.
_SIGNATURES = PreparedQuery(
    "agreement_page_signatures",
    lambda *, agreement_id: Signature.objects.valid().filter(agreement_id=agreement_id),
    agreement_id=_STAND_IN,
)

# The host association's coaching guidelines beside the agreement, as the library selects them (resources.selectors).
_GUIDELINES = PreparedQuery(
    "agreement_page_guidelines",
    lambda *, association_id: resources.guidelines(association_id),
    association_id=_STAND_IN,
)


def pairing_for_page(pk: int) -> Pairing | None:
    """The pairing with READ_RELATED attached (None when there is no such pairing)."""
    return next(iter(_PAIRING.objects(pk=pk)), None)


def valid_signatures(agreement: Agreement) -> list[Signature]:
    if agreement.pk is None:  # a draft, not started: nobody signed it
        return []
    return _SIGNATURES.objects(agreement_id=agreement.pk)


def guidelines(association_id: int) -> list[Resource]:
    return _GUIDELINES.objects(association_id=association_id)
