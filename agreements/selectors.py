"""What the agreement page reads, as prepared queries (mentorship.prepared): compiled once per process and planned
once per connection, so a request pays neither the ORM's compiling of a five-table join nor PostgreSQL's planning
of it, only the run."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from agreements.models import Agreement, ProgramGuidance, Signature
from applications.models import Program
from associations.models import Association
from mentorship.prepared import PreparedQuery
from pairings.models import MentoringGroup, Pairing
from resources import selectors as resources
from resources.models import Resource

# What the agreement page reads with the pairing: its agreement, the program's guidance and its host, the partners
# and the group (a group's name and link), in one query; not the two applications (only a draft's prefill reads them).
READ_RELATED = ("program__host", "program__guidance", "mentor", "mentee", "group", "agreement")
_STAND_IN = -7_919_351  # no row has a negative id


# What no state of the page (nor a save from it, nor the PDF's download) reads of those rows: a program's matching
# rules and texts, the host's membership rules and logo, the partners' login details, how the pairing was made and
# ended. Left out: 51 of the 114 columns, each of which cost its sending, converting and attribute on every request.
# Named as left out rather than as read, so that a column added later is read. agreements.tests.test_page_columns
# holds, for every state and reader, that none of these is fetched later (Django would fetch a deferred column with a
# query of its own).
LEFT_OUT = (
    "source",
    "score",
    "reasons",
    "approved_by",
    "created_at",
    "ended_by",
    "end_reason",
    *(
        f"program__{name}"
        for name in (
            "description",
            "opens_on",
            "deadline",
            "mentor_min_years",
            "mentor_requires_full_membership",
            "pairing_mode",
            "mentor_max_mentees",
            "mentee_max_mentors",
            "exclude_same_organization",
            "match_objective",
            "min_match_score",
            "local_government_fit",
            "text_similarity",
            "gallery_response_days",
            "allow_rematch",
            "allows_groups",
            "term_months",
            "required_regional_events",
            "required_signature_events",
            "requirements",
            "created_at",
        )
    ),
    *(
        f"program__host__{name}"
        for name in (
            "region",
            "website",
            "contact_email",
            "logo",
            "membership_categories",
            "allow_eligible_nonmembers",
            "nonmember_fee",
        )
    ),
    "program__guidance__updated_at",
    *(
        f"{partner}__{name}"
        for partner in ("mentor", "mentee")
        for name in ("password", "last_login", "is_superuser", "is_staff", "is_active", "date_joined")
    ),
    *(f"group__{name}" for name in ("mentor_application", "created_at", "created_by")),
)


def pairing_queryset(*, pk: int) -> QuerySet[Pairing]:
    return Pairing.objects.select_related(*READ_RELATED).defer(*LEFT_OUT).filter(pk=pk)


# The models that query reads a row of (agreements.tests.test_page_columns checks what it leaves out of each).
PAIRING_MODELS = (Pairing, Program, Association, ProgramGuidance, User, MentoringGroup, Agreement)

_PAIRING = PreparedQuery("agreement_page_pairing", pairing_queryset, pk=_STAND_IN)
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
