"""What exactly is signed: the agreement as canonical JSON, and its SHA-256.

Everything printed in the agreement's body comes from `agreement_content`, so the hash covers all of it:
the program, the partners' names, each item as worded, and the fixed clauses.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from agreements import wording
from agreements.models import Agreement
from applications.models import Program
from associations.models import Association

MAX_LOGO_BYTES = 1024 * 1024  # a larger logo is left off the PDF rather than slow every render


def agreement_content(agreement: Agreement) -> dict[str, Any]:
    pairing = agreement.pairing
    program = pairing.program
    values = {
        "confidentiality": agreement.confidentiality,
        "duration": agreement.duration,
        "frequency": agreement.frequency_label(),
        "contact_forms": ", ".join(agreement.contact_form_labels()),
        "mentor_time": agreement.mentor_time,
        "roles": ", ".join(agreement.role_labels()),
        "additional_points": agreement.additional_points,
    }
    content = {
        "title": wording.TITLE,
        "program": program.name,
        "association": program.host.name,
        "mentor": pairing.mentor.full_name,
        "mentee": pairing.mentee.full_name,
        "preamble": wording.PREAMBLE.format(association=program.host.name or program.name),
        "items": [{"label": label, "text": values[name]} for name, label, _hint in wording.ITEMS],
        "fixed_clauses": list(wording.FIXED_CLAUSES),
    }
    if agreement.group_id is not None:
        # A group's agreement names the group and every mentee who signs it (a pair's content, and so the hash of
        # every pair's agreement, is unchanged).
        mentees = [p.mentee.full_name for p in agreement.member_pairings()]
        content.update(group=agreement.group.name, mentees=mentees, mentee=", ".join(mentees))
    return content


def letterhead(program: Program) -> dict[str, str]:
    """The host association's look on the PDF: its name, colour and logo (a data URI of the stored file, the
    only kind of image the PDF's fetcher takes besides the project's static files). Not signed content: a new
    logo changes no signature."""
    host = program.host
    return {"name": host.name, "colour": host.accent, "logo": _logo_data_uri(host)}


def _logo_data_uri(association: Association) -> str:
    content_type = association.logo_content_type
    if content_type is None:
        return ""
    try:
        if association.logo.size > MAX_LOGO_BYTES:
            return ""
        with association.logo.open("rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        return ""
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


def content_sha256(content: dict[str, Any]) -> str:
    """Sorted keys and fixed separators, so the same content always hashes the same."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def agreement_sha256(agreement: Agreement) -> str:
    return content_sha256(agreement_content(agreement))


def names_match(typed: str, full_name: str) -> bool:
    """Case- and space-insensitive: "  avery   MENTEE " signs for "Avery Mentee"."""

    def normal(name: str) -> str:
        return " ".join(name.split()).casefold()

    return bool(normal(typed)) and normal(typed) == normal(full_name)
