"""The escaping audit stays true: every place that turns autoescaping off, marks text safe or writes a CSV by hand
was reviewed, and a new one fails this test until someone reviews it and adds it below with the reason.

Reviewed places (issue 12):
- dashboard/pictures.py marks the SVG charts safe: dashboard/charts.py escapes every text and attribute it writes.
- mentorship/mail.py renders the plain-text parts of emails without escaping, and the emails' subject.txt and
  body.txt say `{% autoescape off %}`: plain text is never read as HTML (the HTML part is body.html, escaped).
  It marks the rendered body.html safe to put it in the layout (_layout.html): that body was rendered with
  autoescape on, and accounts/adapter.py hands it allauth's HTML or its text escaped by `escape` + `linebreaks`.
- dashboard/participant_import.py writes the import template CSV itself: fixed example values, no person's text.
  Every other CSV goes through mentorship/spreadsheets.py, which defuses formulas.
"""

from __future__ import annotations

import re
from collections import Counter
from fnmatch import fnmatch
from pathlib import Path

from django.conf import settings

RISKY = re.compile(
    r"mark_safe\(|SafeString\(|SafeText\(|html_safe|\|\s*safe\b|\|\s*safeseq\b|\{%\s*autoescape\s+off"
    r"|autoescape\s*=\s*False|csv\.writer\(|csv\.DictWriter\("
)
SKIPPED_DIRS = {".venv", ".git", "var", "node_modules", "vendor", "tests", "e2e", "__pycache__", "staticfiles"}
SUFFIXES = {".py", ".html", ".txt", ".xml", ".svg"}

# (path or glob, the risky text) -> how many times it may appear there (None: a rule for every such file).
REVIEWED: dict[tuple[str, str], int | None] = {
    ("dashboard/pictures.py", "mark_safe("): 1,
    ("mentorship/mail.py", "autoescape=False"): 1,
    ("mentorship/mail.py", "mark_safe("): 1,  # an already escaped body put in the layout
    # An admin list's row joined from its cells, each escaping what it prints (test_admin_lists: hostile names).
    ("mentorship/admin_lists.py", "mark_safe("): 1,
    # The gallery's cards and the inbox's rows: format_html's output, their texts escaped in one call of escape
    # (matching/tests/test_markup.py: byte for byte format_html's, hostile text escaped, a NUL in a text handled).
    ("matching/markup.py", "mark_safe("): 1,
    # The inbox's rows: every text of the page escaped in one call of html.escape, then filled into fixed markup
    # (matching/tests/test_inbox.py: byte for byte the row template's output, hostile text escaped, NUL handled).
    ("matching/inbox.py", "mark_safe("): 1,
    # The dashboard's action items and table rows: each text through html.escape, counts are ints
    # (dashboard/tests/test_markup.py: the template's output, hostile text escaped).
    ("dashboard/markup.py", "mark_safe("): 1,
    # The navigation bar joined from fixed HTML built by format_html and the person's name and CSRF token, escaped.
    ("mentorship/templatetags/site_nav.py", "mark_safe("): 1,
    # The admin's model list written as Django's template writes it, each value escaped (test_admin_app_list).
    ("mentorship/templatetags/admin_pages.py", "mark_safe("): 1,
    # The agreement page's fields joined from their pieces, each value escaped as conditional_escape does
    # (agreements/tests/test_page_markup.py: the field template's markup, hostile typed text and names escaped).
    ("agreements/form_html.py", "mark_safe("): 1,
    ("templates/emails/*/*.txt", "{% autoescape off"): None,  # plain-text email parts, never read as HTML
    ("templates/account/email/*.txt", "{% autoescape off"): None,  # allauth's plain-text emails, as allauth's own
    ("mentorship/spreadsheets.py", "csv.writer("): 1,
    ("dashboard/participant_import.py", "csv.writer("): 1,  # the import template's fixed examples
}


def _project_files() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return [
        path
        for path in root.rglob("*")
        if path.suffix in SUFFIXES and path.is_file() and not SKIPPED_DIRS & set(path.relative_to(root).parts[:-1])
    ]


def _normalise(found: str) -> str:
    return re.sub(r"\s+", " ", found.replace("| ", "|"))


def _allowance(relative: str, found: str) -> tuple[tuple[str, str], int | None] | None:
    for (pattern, text), count in REVIEWED.items():
        if fnmatch(relative, pattern) and _normalise(found).startswith(text):
            return (pattern, text), count
    return None


def test_every_place_that_skips_escaping_was_reviewed():
    root = Path(settings.BASE_DIR)
    used: Counter[tuple[str, str]] = Counter()
    unreviewed = []
    for path in _project_files():
        relative = str(path.relative_to(root))
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), start=1):
            for match in RISKY.finditer(line):
                allowed = _allowance(relative, match.group())
                if allowed is None:
                    unreviewed.append(f"{relative}:{number}: {line.strip()}")
                else:
                    used[allowed[0]] += 1
    assert unreviewed == [], "Review these, then list them in REVIEWED with the reason:\n" + "\n".join(unreviewed)
    over = {key: count for key, count in used.items() if REVIEWED[key] is not None and count > REVIEWED[key]}
    assert over == {}, f"More than reviewed: {over}"


def test_the_audit_finds_what_it_looks_for():
    samples = ["{{ x|safe }}", "{{ x | safeseq }}", "{% autoescape off %}", "mark_safe(x)", "csv.writer(out)"]
    assert all(RISKY.search(sample) for sample in samples)
    assert not RISKY.search("{{ x|linebreaksbr }} format_html('{}', x) SafeString")
    assert any(path.name == "pictures.py" for path in _project_files())
