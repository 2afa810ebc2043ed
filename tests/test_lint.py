"""Lint, layout and types of the package: ruff's rules and its formatter (pyproject.toml, lines of at most 120)
and mypy, all clean; and the package in pipeline order, with MkDocs imported only by its adapters."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from support.site import ROOT


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing() -> None:
    result = run("ruff", "check", "--no-fix", "cica_kb", "macros.py", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_package() -> None:
    result = run("mypy")  # files and settings: [tool.mypy] in pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_package_is_formatted() -> None:
    result = run("ruff", "format", "--check", "cica_kb", "macros.py")
    assert result.returncode == 0, result.stdout + result.stderr + "\nRun: .venv/bin/ruff format cica_kb macros.py"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return names | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and not node.level}


ENGINE_PACKAGES = ("mkdocs", "material", "properdocs", "zensical")
# Where the engine may be imported: its adapter, and the benchmark, which builds with it to compare.
ENGINE_FOLDERS = ("adapters", "bench")


def test_only_the_adapters_import_an_engine() -> None:
    """Data → site source stays engine-neutral: no module of load/ … build/ or tools/ imports MkDocs."""
    package = ROOT / "cica_kb"
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted(package.rglob("*.py"))
        if path.relative_to(package).parts[0] not in ENGINE_FOLDERS
        for name in sorted(imported_modules(path))
        if name.split(".")[0] in ENGINE_PACKAGES
    ]
    assert not offenders, offenders


def test_the_package_has_no_module_outside_its_pipeline_folders() -> None:
    """ARCHITECTURE.md names each folder; a new module goes into one of them (shared ones excepted)."""
    shared = {"__init__.py", "__main__.py", "i18n.py", "problems.py", "parallel.py"}
    loose = sorted(path.name for path in (ROOT / "cica_kb").glob("*.py") if path.name not in shared)
    assert not loose, f"put these into a folder of cica_kb/ (see ARCHITECTURE.md): {loose}"
    architecture = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    folders = sorted(path.name for path in (ROOT / "cica_kb").iterdir() if (path / "__init__.py").exists())
    assert all(f"`{folder}/`" in architecture for folder in folders), folders


def test_make_check_loads_only_what_checking_needs() -> None:
    """`make check` starts at once: the command line loads no page renderer, engine, benchmark or browser code until a
    command needs it (an eager import of the benchmark once cost every check 0.3 s)."""
    probe = (
        "import sys, cica_kb.tools.cli; print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'jinja2', 'markdown', 'nh3', 'mkdocs', 'material', 'playwright', 'pagefind', 'watchdog'} "
        "or m.startswith(('cica_kb.render', 'cica_kb.outputs', 'cica_kb.build', 'cica_kb.bench', 'cica_kb.adapters')))))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.split() == []
