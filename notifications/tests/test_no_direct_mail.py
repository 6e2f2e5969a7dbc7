"""Only the ledger's delivery sends mail: every other module records a Notice in its transaction.

A new `send_mail(...)`, `message.send()` or `build_email(...)` anywhere else would send straight away (lost when the
mail server is down, sent although the change rolls back, sent twice when a job runs twice), so it fails here."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

# The ledger's delivery builds and sends; mail.py only renders a message for it (sending there would bypass it).
ALLOWED = {
    "notifications/tasks.py": {"build_email(...)", ".send"},
    "mentorship/mail.py": {"EmailMultiAlternatives(...)"},
}
MAIL_FUNCTIONS = {"send_mail", "send_mass_mail", "mail_admins", "mail_managers", "build_email", "get_connection"}
MESSAGE_CLASSES = {"EmailMessage", "EmailMultiAlternatives"}
SKIPPED_DIRECTORIES = {".venv", "migrations", "tests", "node_modules", "var", "e2e", "static"}


def project_modules() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return [
        path
        for path in root.rglob("*.py")
        if not SKIPPED_DIRECTORIES & set(path.relative_to(root).parts) and path.name != "conftest.py"
    ]


def _name(node: ast.expr) -> str:
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


def _is_super(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and _name(node.func) == "super"


def direct_sends(source: str) -> list[str]:
    """Mail functions and message classes called, and any `.send`/`.send_messages` called or passed along (as
    `on_commit(message.send)` did), except a signal's `.send(sender=...)`."""
    tree = ast.parse(source)
    signals = {
        id(node.func)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and any(keyword.arg == "sender" for keyword in node.keywords)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in MAIL_FUNCTIONS | MESSAGE_CLASSES:
            found.append(f"line {node.lineno}: {_name(node.func)}(...)")
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in {"send", "send_messages"}
            and id(node) not in signals
            and not _is_super(node.value)  # a mail backend (a test's failing server) handing on to its parent
        ):
            found.append(f"line {node.lineno}: .{node.attr}")
    return found


def test_no_module_but_the_ledgers_delivery_sends_mail():
    root = Path(settings.BASE_DIR)
    offenders = {}
    for path in project_modules():
        relative = path.relative_to(root).as_posix()
        allowed = ALLOWED.get(relative, set())
        if calls := [call for call in direct_sends(path.read_text()) if call.split(": ")[1] not in allowed]:
            offenders[relative] = calls
    assert offenders == {}


def test_the_scan_finds_each_way_of_sending():
    source = """
from django.core.mail import send_mail, EmailMessage
send_mail("s", "b", None, ["a@example.org"])
EmailMessage("s", "b").send()
build_email("x", ["a@example.org"], {}).send()
connection.send_messages([message])
transaction.on_commit(message.send)
post_save.send(sender=Model, instance=obj)
super().send_messages(messages)
"""
    assert sorted(direct_sends(source)) == [
        "line 3: send_mail(...)",
        "line 4: .send",
        "line 4: EmailMessage(...)",
        "line 5: .send",
        "line 5: build_email(...)",
        "line 6: .send_messages",
        "line 7: .send",
    ]
    assert len(project_modules()) > 50  # the scan sees the project's modules
