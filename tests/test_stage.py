"""The engine-neutral build: the staged tree is the whole site source, and the site agrees with it.

What a maintainer moving to another engine relies on: `stage` writes every page and file the site
has (pending entries out of a publishing build, real dates in citations), rewrites only what changed,
leaves nothing behind after a data problem, and an engine that ignores our hook builds a site
without a broken internal link.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from cica_kb.bench.synthetic import write_synthetic
from cica_kb.build.engine import remove_old_site, stage_site
from cica_kb.build.preview import Preview, page_url, watching
from cica_kb.build.site import site_knowledge_base
from cica_kb.build.stage import STAGE_DIR, staged_files, write_tree
from cica_kb.model.context import SiteContext
from cica_kb.parallel import PARALLEL_FROM
from support.links import broken_links, site_pages, site_url_of
from support.site import ROOT, build, project_copy

PRACTICE = "data/practices/kz/law-on-volunteer-activity.yml"
PAGE = "practices/kz/law-on-volunteer-activity.md"
MATERIAL_ACTIONS = Path(__import__("material").__file__).parent / "templates/partials/actions.html"


def stage(project: Path, *options: str, **env: str) -> subprocess.CompletedProcess[str]:
    variables = {"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1764547200", **env}
    return subprocess.run([sys.executable, "-m", "cica_kb", "stage", *options], cwd=project, capture_output=True, text=True, env=variables)


def set_pending(project: Path) -> None:
    """The Kazakh law becomes a submission awaiting consensus."""
    path = project / PRACTICE
    text = re.sub(r"(?m)^status: .*$", "status: pending", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")


def edited_titles(text: str) -> str:
    """The record's title in English and in Russian (translations.ru.title) begins with "Edited"; its sources' are kept."""
    return re.sub(r'(?m)^    title: "Закон', '    title: "Edited Закон', re.sub(r"(?m)^title: ", "title: Edited ", text))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return project_copy(tmp_path / "project")


def test_stage_writes_hand_written_and_generated_files_and_then_only_what_changed(project: Path) -> None:
    first = stage(project)
    assert first.returncode == 0, first.stderr
    staged = project / STAGE_DIR / "en"
    for path in ("index.md", "states/index.md", PAGE, "contribute.md", "feeds/practices.xml", "calendar/meetings.ics",
                 "cite/meetings/2024-03-14-soc.bib", "data/practices.csv", "schemas/practice.schema.json", "search/practices.json"):
        assert (staged / path).is_file(), path
        assert (staged.parent / "ru" / path).is_file(), f"ru/{path}"
    assert "docs_dir: staged-docs/ru" in (project / "mkdocs.ru.yml").read_text(encoding="utf-8")
    again = stage(project)
    assert "no input changed since the last run (0 written," in again.stdout and " 0 removed" in again.stdout, again.stdout
    (project / "docs/index.md").touch()  # an input touched, not changed: everything is compared, nothing written
    touched = stage(project)
    assert "no input changed" not in touched.stdout and " 0 written," in touched.stdout, touched.stdout
    before = {path: path.stat().st_mtime_ns for path in staged.rglob("*") if path.is_file()}
    (project / PRACTICE).write_text((project / PRACTICE).read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
    stage(project)
    rewritten = {path.relative_to(staged).as_posix() for path, stamp in before.items() if path.stat().st_mtime_ns != stamp}
    assert PAGE in rewritten and "index.md" not in rewritten and "schemas/practice.schema.json" not in rewritten
    assert len(rewritten) < len(before) / 10


def test_a_publishing_stage_leaves_pending_entries_out_and_a_preview_labels_them(project: Path) -> None:
    set_pending(project)
    assert stage(project).returncode == 0
    staged = project / STAGE_DIR / "en"
    assert not (staged / PAGE).exists()
    assert "kz/law-on-volunteer-activity" not in (staged / "data/practices.csv").read_text(encoding="utf-8")
    assert "(../practices/kz/law-on-volunteer-activity.md)" not in (staged / "states/kz.md").read_text(encoding="utf-8")
    assert stage(project, CICA_KB_PREVIEW="1").returncode == 0
    assert "Pending" in (staged / PAGE).read_text(encoding="utf-8")


def test_staged_pages_carry_their_edit_link_and_dates(project: Path) -> None:
    assert stage(project).returncode == 0
    page = (project / STAGE_DIR / "en" / PAGE).read_text(encoding="utf-8")
    meta = yaml.safe_load(page.split("---\n")[1])
    assert meta["edit_url"].endswith("/edit/main/" + PRACTICE)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["revision_date"])
    assert meta["render_macros"] is False
    citation = (project / STAGE_DIR / "en" / "cite/meetings/2024-03-14-soc.bib").read_text(encoding="utf-8")
    assert "1970" not in citation


def test_bad_data_leaves_no_staged_tree_and_no_site(project: Path) -> None:
    site = project / "site"
    assert build(project, site).returncode == 0 and (site / "index.html").is_file()
    path = project / PRACTICE
    path.write_text(path.read_text(encoding="utf-8").replace("kind: law", "kind: lawx").replace("year: ", "year: x", 1), encoding="utf-8")
    result = build(project, site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{PRACTICE}:" in result.stderr and "kind: 'lawx' is not allowed" in result.stderr
    assert "2 problems found" in result.stderr or result.stderr.count(PRACTICE) >= 2
    assert not site.exists() and not (project / ".site.old").exists() and not (project / STAGE_DIR).exists()
    assert not (project / "mkdocs.ru.yml").exists()


def test_an_engine_without_our_hook_builds_every_page_with_no_broken_link(project: Path, tmp_path: Path) -> None:
    """The staged tree is the content: without hooks the site still has every page and file it links to."""
    assert stage(project).returncode == 0
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(re.sub(r"(?m)^hooks:\n(  - .*\n)+", "", config), encoding="utf-8")
    site = tmp_path / "plain-site"
    for config, folder in (("mkdocs.yml", site), ("mkdocs.ru.yml", site / "ru")):  # each language, as `make build` does
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "--site-dir", str(folder)], cwd=project,
                                capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"})
        assert result.returncode == 0, result.stderr
    pages = site_pages(site)
    practices = {path.relative_to(project / "data").with_suffix("").as_posix() for path in (project / "data/practices").rglob("*.yml")}
    assert practices and all(f"{practice}/index.html" in pages for practice in practices)
    assert broken_links(site, pages, site_url_of(site)) == []
    assert 'href="https://github.com/cica-secretariat/cica-kb/edit/main/data/states/kz.yml"' in (site / "states/kz/index.html").read_text(encoding="utf-8")


def test_actions_override_differs_from_materials_only_in_where_the_edit_link_comes_from() -> None:
    ours = (ROOT / "overrides/partials/actions.html").read_text(encoding="utf-8")
    theirs = MATERIAL_ACTIONS.read_text(encoding="utf-8")
    strip = lambda text: re.sub(r"(?s)\{#-.*?-#\}\n?", "", text)  # noqa: E731
    body = strip(ours).split("\n", 1)[1]
    assert body == strip(theirs).replace("page.edit_url", "edit_url")


def test_a_build_of_one_language_stages_that_language_alone_and_leaves_no_other_tree_behind(project: Path) -> None:
    ctx = SiteContext(as_of="2026-12-01", build_day="2026-12-01")
    stage_site(project, ctx)
    assert (project / STAGE_DIR / "ru" / PAGE).is_file()
    stage_site(project, ctx, languages=("en",))  # `python -m cica_kb build --language en`
    assert (project / STAGE_DIR / "en" / PAGE).is_file() and not (project / STAGE_DIR / "ru").exists()
    assert stage_site(project, ctx).kb is not None  # every language again: staged, not taken for unchanged
    assert (project / STAGE_DIR / "ru" / PAGE).is_file()


def test_the_stage_command_stages_the_languages_asked_for_and_again_finds_nothing_changed(project: Path) -> None:
    first = stage(project, "--language", "en")
    assert first.returncode == 0, first.stderr
    assert (project / STAGE_DIR / "en" / PAGE).is_file() and not (project / STAGE_DIR / "ru").exists()
    again = stage(project, "--language", "en")
    assert again.returncode == 0 and "no input changed since the last run" in again.stdout, again.stdout


# --- The preview (make serve) -------------------------------------------------------------------

def test_a_preview_stages_the_edited_page_at_once_and_says_which_pages_show_the_edit(project: Path) -> None:
    assert stage(project, CICA_KB_PREVIEW="1").returncode == 0
    preview = Preview(project, SiteContext(preview=True, as_of="2026-12-01", build_day="2026-12-01"))
    preview.stage_all()
    observer, changes = watching(project, ("data",))
    path = project / PRACTICE
    try:
        path.write_text(edited_titles(path.read_text(encoding="utf-8")), encoding="utf-8")
        (path.parent / ".an-editors-swap-file").write_text("x", encoding="utf-8")
        edited = _changes_within(changes, 5.0)
    finally:
        observer.stop()
        (path.parent / ".an-editors-swap-file").unlink()
    assert edited == {PRACTICE}  # what the system reported, without an editor's hidden files
    assert preview.stage_edits(edited) == [PAGE]
    staged = project / STAGE_DIR / "en"
    assert "# Edited " in (staged / PAGE).read_text(encoding="utf-8")
    while preview.following():  # the other language follows once the first one's engine has the edit (none here)
        time.sleep(0.05)
    assert "# Edited " in (staged.parent / "ru" / PAGE).read_text(encoding="utf-8")  # the Russian page too (its text is English)
    status = json.loads((staged / "preview.json").read_text(encoding="utf-8"))
    assert status == {"state": "updating", "fresh": ["practices/kz/law-on-volunteer-activity/"], "edited": [PRACTICE], "problems": []}
    assert "Edited" not in (staged / "data/practices.csv").read_text(encoding="utf-8")  # lists follow when editing pauses
    preview.stage_all()
    assert "Edited" in (staged / "data/practices.csv").read_text(encoding="utf-8")
    assert json.loads((staged / "preview.json").read_text(encoding="utf-8"))["state"] == "current"


def _changes_within(changes, seconds: float) -> set[str]:
    """The changed paths reported within `seconds` (the system reports them within milliseconds)."""
    deadline, found = time.monotonic() + seconds, set()
    while time.monotonic() < deadline and not found:
        time.sleep(0.2)
        found = changes.take()
    time.sleep(0.2)
    return found | changes.take()


def test_page_addresses_as_the_engine_serves_them() -> None:
    assert page_url("index.md") == ""
    assert page_url("states/index.md") == "states/"
    assert page_url("states/kz.md") == "states/kz/"


def test_write_tree_prunes_what_is_no_longer_produced(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a/b.md": b"1", "c.md": b"2"})
    report = write_tree(tmp_path, {"c.md": b"3"})
    assert report.written == ("c.md",) and report.removed == ("a/b.md",)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["c.md"]


def test_a_first_stage_appears_whole_or_not_at_all(project: Path) -> None:
    """A first stage is written beside the tree and renamed into place: when the Russian tree cannot be made (a
    hand-written page where a generated one goes), neither the English tree written before it nor a half-written
    folder is left for an engine to serve."""
    clash = project / "docs" / "ru" / "feeds" / "practices.xml"
    clash.parent.mkdir(parents=True)
    clash.write_text("<feed/>", encoding="utf-8")
    result = stage(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "feeds/practices.xml" in result.stderr
    assert not (project / STAGE_DIR).exists() and not (project / f".{STAGE_DIR}.partial").exists()
    clash.unlink()
    again = stage(project)
    assert again.returncode == 0, again.stderr
    assert (project / STAGE_DIR / "ru" / "feeds" / "practices.xml").read_text(encoding="utf-8").startswith("<?xml")


def _preview_status(page, url: str, timeout: float = 60.0) -> str:
    """The preview banner's text once it shows: the page is loaded afresh until it does.

    Live reload may reload the page at the moment it is loaded, which aborts that navigation; a reader would
    simply see the page again, so the next attempt is made."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while True:
        try:
            page.goto(url)
            banner = page.locator("#kb-preview-status")
            if banner.count() and "is not allowed" in (banner.text_content() or ""):
                return banner.text_content() or ""
        except Error:
            if time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            return ""
        page.wait_for_timeout(500)


def test_make_serve_shows_an_edited_practice_and_says_so_on_the_page(project: Path, browser) -> None:
    """The preview as a contributor meets it: save the YAML file, the open page reloads with the new title."""
    from cica_kb.tools.local_site import free_port, wait_for_preview

    port = free_port()
    base_url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([sys.executable, "-m", "cica_kb", "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"})
    try:
        wait_for_preview(base_url, 300, server)
        page = browser.new_page()
        page.goto(base_url + "practices/kz/law-on-volunteer-activity/")
        path = project / PRACTICE
        path.write_text(edited_titles(path.read_text(encoding="utf-8")), encoding="utf-8")
        page.wait_for_function("() => (document.querySelector('h1')?.textContent || '').startsWith('Edited')", timeout=60_000)
        russian = browser.new_page()  # the same address serves every language: Russian under /ru/, its own engine behind
        russian.goto(base_url + "ru/practices/kz/law-on-volunteer-activity/")
        russian.wait_for_function("() => (document.querySelector('h1')?.textContent || '').startsWith('Edited')", timeout=60_000)
        assert russian.locator("html").get_attribute("lang") == "ru"
        other = browser.new_page()
        other.goto(base_url + "states/kz/")
        banner = other.locator("#kb-preview-status")
        if banner.count():  # the lists may have caught up already
            assert "may not show your latest edit" in banner.text_content()
        path.write_text(path.read_text(encoding="utf-8").replace("kind: law", "kind: lawx"), encoding="utf-8")
        assert "kind: 'lawx' is not allowed" in _preview_status(page, base_url + "practices/kz/law-on-volunteer-activity/")
    finally:
        server.terminate()
        server.wait()


def test_with_a_manifest_an_unchanged_file_is_not_read_and_what_is_gone_is_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, manifest = tmp_path / "out", tmp_path / "manifest.json"
    write_tree(out, {"a/b.md": b"1", "c.md": b"2"}, manifest=manifest)
    with monkeypatch.context() as patched:
        read = Path.read_bytes
        patched.setattr(Path, "read_bytes", lambda path: read(path) if path == manifest else pytest.fail(f"{path} was read"))
        patched.setattr(Path, "rglob", lambda path, pattern: pytest.fail("the tree was walked"))
        report = write_tree(out, {"c.md": b"2", "d.md": b"4"}, manifest=manifest)
    assert report.written == ("d.md",) and report.removed == ("a/b.md",) and report.unchanged == 1
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["c.md", "d.md"]
    (out / "c.md").write_bytes(b"changed by hand")
    assert write_tree(out, {"c.md": b"2", "d.md": b"4"}, manifest=manifest).written == ("c.md",)


def stage_tree(project: Path) -> dict[str, bytes]:
    folder = project / STAGE_DIR
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_a_large_site_staged_on_every_core_is_the_tree_one_process_makes(project: Path) -> None:
    """On a large site each worker writes the files it makes: the tree is exactly the site source, file for file."""
    write_synthetic(project / "data", PARALLEL_FROM)
    ctx = SiteContext(build_day="2025-12-01")
    staged = stage_site(project, ctx, languages=("en",))
    assert staged.report.unchanged == 0 and len(staged.report.written) > 3 * PARALLEL_FROM
    assert stage_tree(project) == staged_files(project, site_knowledge_base(project / "data", ctx)[0], ctx, 1, ("en",))


def test_a_hand_written_page_where_the_build_generates_one_stops_the_stage_of_a_large_site(project: Path) -> None:
    """The clash is found in the worker that makes the page; the stage stops, names it and leaves no tree."""
    write_synthetic(project / "data", PARALLEL_FROM)
    (project / "docs" / "practices" / "kz").mkdir(parents=True)
    (project / "docs" / PAGE).write_text("# Mine\n", encoding="utf-8")
    result = stage(project, "--language", "en")
    assert result.returncode != 0
    assert f"docs/ has files the build generates; rename or remove them: {PAGE}" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / STAGE_DIR).exists()


def test_a_build_removes_the_last_site_while_it_works_and_what_an_interrupted_one_left(tmp_path: Path) -> None:
    """The old site goes at the start (a build ends with its own site, or none): nothing of it stays beside."""
    site = tmp_path / "site"
    for folder in (site / "practices" / "kz", tmp_path / ".site.old" / "left"):
        folder.mkdir(parents=True)
        (folder / "index.html").write_text("old", encoding="utf-8")
    assert remove_old_site(site).wait(timeout=60) == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == []
