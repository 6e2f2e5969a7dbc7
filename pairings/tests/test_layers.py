"""The relationship's modules and the agreement's keep one direction: tasks call services, never the reverse, and
pairings never reach back into matching (matching builds pairings through pairings.services)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):  # imports inside functions count too: a local import is still a cycle
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("app", ["agreements", "pairings"])
def test_services_never_import_tasks(app):
    assert not {name for name in imported_modules(ROOT / app / "services.py") if name.endswith(".tasks")}


APP_MODULES = sorted(
    p.relative_to(ROOT).as_posix() for p in (ROOT / "pairings").rglob("*.py") if "tests" not in p.parts
)


@pytest.mark.parametrize("path", APP_MODULES)
def test_pairings_never_import_matching(path):
    assert not {name for name in imported_modules(ROOT / path) if name.split(".")[0] == "matching"}
