"""Three engines, one tree: the staged site built by ProperDocs and Zensical has MkDocs' record pages.

MkDocs 1.6 + Material 9.8 is the reference (the session's `site`). ProperDocs (the maintained fork of
MkDocs 1.x) and Zensical (the Material team's successor) each build the same staged tree once per
session, from their own virtual environments (`make compat-setup`, which `make test` runs). Every
record page must be at the same address in each output, with the same title and the same sources, and
every page has the Content-Security-Policy that the step after the engine writes (`python -m cica_kb csp`).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cica_kb.build.csp import with_policy
from support.site import ROOT, project_copy

VENVS = {"properdocs": ROOT / ".venv-properdocs", "zensical": ROOT / ".venv-zensical"}
STAGED = "staged-docs/en"  # the English tree: mkdocs.yml's docs_dir
ZENSICAL_CONFIG = ".zensical.yml"  # as `make compat` writes it: Zensical has no --site-dir
LANGUAGE_BUILDS = (("mkdocs.yml", ""), ("mkdocs.ru.yml", "ru"))  # each language's configuration and folder in the site


@dataclass
class RecordPage:
    """What a reader checks first on a record page: its heading and the sources it cites."""

    title: str = ""
    sources: list[tuple[str, str]] = field(default_factory=list)  # (address, text) in the order shown


class _RecordPageParser(HTMLParser):
    """The <h1> text (without its permalink sign) and the links of the list under the "Sources" heading."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = RecordPage()
        self._in_h1 = self._in_permalink = self._after_sources = self._in_list = False
        self._link: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "h1" and not self.page.title:
            self._in_h1 = True
        elif tag == "a" and self._in_h1 and "headerlink" in (attributes.get("class") or ""):
            self._in_permalink = True
        elif tag == "h2":
            self._after_sources = attributes.get("id") == "sources"
        elif tag == "ol" and self._after_sources:
            self._in_list = True
        elif tag == "a" and self._in_list:
            self._link = (attributes.get("href") or "", [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False
        elif tag == "a" and self._in_permalink:
            self._in_permalink = False
        elif tag == "a" and self._link:
            self.page.sources.append((self._link[0], "".join(self._link[1]).strip()))
            self._link = None
        elif tag == "ol" and self._in_list:
            self._in_list = self._after_sources = False

    def handle_data(self, data: str) -> None:
        if self._in_h1 and not self._in_permalink:
            self.page.title += data
        if self._link:
            self._link[1].append(data)


def record_page(html: str) -> RecordPage:
    parser = _RecordPageParser()
    parser.feed(html[html.find("<h1"):])  # the header and navigation before the heading hold neither
    parser.close()
    parser.page.title = parser.page.title.strip()
    return parser.page


def record_pages(staged: Path) -> list[str]:
    """The built address (`states/kz/index.html`) of every record page in the staged tree."""
    pages = [path for path in sorted(staged.rglob("*.md")) if "\nkb_collection: " in path.read_text(encoding="utf-8").split("\n---\n", 1)[0]]
    return [path.relative_to(staged).with_suffix("").as_posix() + "/index.html" for path in pages]


def html_pages(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html")}


def stage(project: Path) -> None:
    """The staged tree of a project copy, as `make build` and `make compat` write it."""
    result = subprocess.run([sys.executable, "-m", "cica_kb", "stage"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def engine_commands(engine: str, project: Path, out: Path) -> list[list[str]]:
    """The build commands of `make compat`, for a project copy: English into `out`, then Russian into `out/ru`."""
    executable = str(VENVS[engine] / "bin" / engine)
    if engine == "properdocs":
        return [[executable, "build", "--strict", "--config-file", config, "--site-dir", str(out / folder)] for config, folder in LANGUAGE_BUILDS]
    commands = []
    for config, folder in LANGUAGE_BUILDS:
        name = f"{folder}{ZENSICAL_CONFIG}"  # .zensical.yml, ru.zensical.yml
        (project / name).write_text(f"INHERIT: {config}\nsite_dir: {(out / folder).relative_to(project)}\n", encoding="utf-8")
        commands.append([executable, "build", "--strict", "--clean", "--config-file", name])
    return commands


@pytest.fixture(scope="session")
def staged_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with its staged tree: what every engine builds."""
    project = project_copy(tmp_path_factory.mktemp("compat"))
    stage(project)
    return project


@pytest.fixture(scope="session", params=sorted(VENVS))
def engine_site(request: pytest.FixtureRequest, staged_project: Path) -> tuple[str, Path]:
    """The real site built by one other engine (once per session), with its name."""
    engine: str = request.param
    if not (VENVS[engine] / "bin" / engine).exists():
        if engine == "properdocs":
            pytest.fail("ProperDocs is not installed: run `make compat-setup` (part of `make test`)")
        pytest.skip(f"{engine} is not installed here (`make compat-setup` could not install requirements/{engine}.txt on this machine)")
    out = staged_project / ".site-compat" / engine
    variables = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for command in engine_commands(engine, staged_project, out):
        result = subprocess.run(command, cwd=staged_project, capture_output=True, text=True, env=variables)
        assert result.returncode == 0, f"{engine} failed:\n{result.stdout}{result.stderr}"
    policies = subprocess.run([sys.executable, "-m", "cica_kb", "csp", str(out)], cwd=staged_project, capture_output=True, text=True)
    assert policies.returncode == 0, policies.stdout + policies.stderr  # as `make compat` runs it after the engine
    return engine, out


def test_every_record_page_has_the_same_address_title_and_sources_in_each_engine(
    site: Path, staged_project: Path, engine_site: tuple[str, Path],
) -> None:
    engine, other = engine_site
    pages = record_pages(staged_project / STAGED)
    assert len(pages) > 100, "the staged tree should hold every record page"
    missing = [page for page in pages if not (other / page).is_file()]
    assert not missing, f"{engine} lacks {len(missing)} record pages, e.g. {missing[:5]}"
    expected = {page: record_page((site / page).read_text(encoding="utf-8")) for page in pages}
    assert all(shown.title and shown.sources for shown in expected.values()), "MkDocs' record pages have titles and sources"
    differing = [page for page in pages if record_page((other / page).read_text(encoding="utf-8")) != expected[page]]
    assert not differing, f"{engine} shows another title or sources on {len(differing)} pages, e.g. {differing[:5]}"


def test_every_page_of_the_mkdocs_build_exists_in_each_engine(site: Path, engine_site: tuple[str, Path]) -> None:
    engine, other = engine_site
    missing = sorted(html_pages(site) - html_pages(other))
    assert not missing, f"{engine} lacks {len(missing)} pages of the MkDocs build, e.g. {missing[:5]}"


def test_every_page_of_each_engine_has_the_policy_of_its_own_inline_scripts_first_in_head(engine_site: tuple[str, Path]) -> None:
    engine, other = engine_site
    pages = {path.relative_to(other).as_posix(): path.read_text(encoding="utf-8") for path in sorted(other.rglob("*.html"))}
    assert "ru/index.html" in pages and "404.html" in pages  # every language, and the page that has no Markdown source
    first_in_head = re.compile(r'<head(\s[^>]*)?><meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src ')
    without = [path for path, html in pages.items() if not first_in_head.search(html)]
    assert not without, f"{engine}: {len(without)} pages have no policy first in <head>, e.g. {without[:5]}"
    stale = [path for path, html in pages.items() if with_policy(html) != html]  # the hashes are of this page's own scripts
    assert not stale, f"{engine}: {len(stale)} pages have a policy not made from their inline scripts, e.g. {stale[:5]}"


def test_the_parser_reads_a_record_page_as_a_reader_sees_it() -> None:
    html = (
        '<h1 id="law">Law "On Volunteer Activity"<a class="headerlink" href="#law">¶</a></h1>'
        '<h2 id="summary">Summary</h2><ol><li><a href="https://other.example/">not a source</a></li></ol>'
        '<h2 id="sources">Sources</h2><ol><li><a href="https://adilet.zan.kz/" rel="nofollow">Adilet</a> (1 May 2024)</li></ol>'
    )
    assert record_page(html) == RecordPage('Law "On Volunteer Activity"', [("https://adilet.zan.kz/", "Adilet")])
