"""The GitHub workflows: linted, pinned, least privilege, in step with the Makefile; reproducible builds."""

from __future__ import annotations

import filecmp
import http.server
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from cica_kb.tools.links import LinkResult, check_links, dead_links_report

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
MAKE_TARGETS = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))


def workflow(path: Path) -> dict:
    # PyYAML reads the key `on` as True; keep it readable for the assertions.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def run_steps(path: Path) -> list[str]:
    return [step["run"] for job in workflow(path)["jobs"].values() for step in job.get("steps", []) if "run" in step]


def test_there_are_the_four_workflows() -> None:
    assert [path.name for path in WORKFLOWS] == ["ci.yml", "compat.yml", "deploy.yml", "links.yml"]


@pytest.fixture(scope="module")
def actionlint(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """`make lint-workflows`'s actionlint command over our workflows and one planted bad file (one run: it is slow to start)."""
    bad = tmp_path_factory.mktemp("workflows") / "bad.yml"
    bad.write_text("on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n", encoding="utf-8")
    result = subprocess.run(["node", "tools/actionlint.cjs", "--version", *map(str, WORKFLOWS), str(bad)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    return result.stdout, bad


def test_actionlint_of_2025_or_later_reports_nothing_in_our_workflows(actionlint: tuple[str, Path]) -> None:
    output, bad = actionlint
    # actionlint 1.7.7 (January 2025) is the first release of 2025.
    version = re.search(r"^actionlint (\d+)\.(\d+)\.(\d+) ", output, re.M)
    assert version and tuple(map(int, version.groups())) >= (1, 7, 7), output
    assert [line for line in output.splitlines() if ": " in line and not line.startswith(str(bad))] == [f"actionlint: 1 finding(s) in {len(WORKFLOWS) + 1} file(s)"]


def test_actionlint_finds_an_untrusted_value_in_a_script(actionlint: tuple[str, Path]) -> None:
    """The linter runs its rules: a test that only saw "0 findings" would pass with a linter that checks nothing."""
    output, bad = actionlint
    assert f"{bad}:6:23: \"github.event.issue.title\" is potentially untrusted" in output


def test_zizmor_reports_nothing_even_as_an_auditor() -> None:
    zizmor = Path(sys.executable).with_name("zizmor")
    result = subprocess.run([str(zizmor), "--offline", "--no-progress", "--persona=auditor", ".github/workflows"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_actions_are_pinned_by_commit_with_the_version_in_a_comment(path: Path) -> None:
    uses = re.findall(r"uses:\s*(\S+)(.*)", path.read_text(encoding="utf-8"))
    assert uses
    for action, rest in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), action
        assert re.search(r"#\s*v\d+\.\d+\.\d+", rest), f"{action}: no version comment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_no_permissions_by_default_and_each_job_asks_for_only_what_it_needs(path: Path) -> None:
    flow = workflow(path)
    assert flow["permissions"] == {}
    assert "pull_request_target" not in flow["on"]
    for name, job in flow["jobs"].items():
        granted = job.get("permissions", {})
        writes = {scope for scope, level in granted.items() if level == "write"}
        if (path.name, name) == ("deploy.yml", "deploy"):
            assert writes == {"pages", "id-token"}
        elif (path.name, name) == ("links.yml", "links"):
            assert writes == {"issues"}
        else:
            assert writes == set(), f"{path.name}:{name} asks for {writes}"


def test_checkouts_do_not_keep_credentials() -> None:
    for path in WORKFLOWS:
        for job in workflow(path)["jobs"].values():
            for step in job.get("steps", []):
                if str(step.get("uses", "")).startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False


def test_deploys_never_race_and_a_failed_build_never_deploys() -> None:
    flow = workflow(ROOT / ".github/workflows/deploy.yml")
    assert flow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert set(flow["on"]) == {"push", "schedule", "workflow_dispatch"}
    assert flow["jobs"]["deploy"]["needs"] == "build"
    assert flow["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_every_command_a_workflow_runs_exists_locally() -> None:
    commands = [line.strip() for path in WORKFLOWS for step in run_steps(path) for line in step.splitlines()]
    make_calls = [re.match(r"make ([a-z-]+)", line).group(1) for line in commands if line.startswith("make ")]
    assert set(make_calls) >= {"check", "test", "build", "links", "compat", "browsers"}
    assert set(make_calls) <= MAKE_TARGETS, set(make_calls) - MAKE_TARGETS
    for line in commands:
        assert line.startswith(("make ", "number=", "if ", "fi", "else", "elif ", "gh ")), f"unexpected command: {line}"


def test_ci_script_is_the_readmes_test_command() -> None:
    script = (ROOT / ".ci/run").read_text(encoding="utf-8")
    commands = [line for line in script.splitlines() if line and not line.startswith("#")]
    assert commands == ["set -euo pipefail", 'cd "$(dirname "$0")/.."', "make test"]  # `make test` sets up the browser itself


def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "86400"}
    for name in ("one", "two"):
        result = subprocess.run([sys.executable, "-m", "cica_kb", "build", "--site-dir", str(tmp_path / name)], cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    # Pagefind writes its filter and metadata chunks in arbitrary order (Pagefind/pagefind#638; its
    # page fragments are stable since 1.3): the search index is the one part left out.
    comparison = filecmp.dircmp(tmp_path / "one", tmp_path / "two", ignore=["pagefind"])
    assert _differences(comparison) == []
    assert (tmp_path / "one/pagefind/pagefind-entry.json").exists()
    assert "<lastmod>1970-01-02</lastmod>" in (tmp_path / "one/sitemap.xml").read_text(encoding="utf-8")


def _differences(comparison: filecmp.dircmp) -> list[str]:
    found = comparison.left_only + comparison.right_only
    _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files, shallow=False)
    found += mismatch + errors
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return found


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        code = {"/ok": 200, "/gone": 404, "/robots-refused": 403, "/no-head": 405 if head else 200}.get(self.path, 500)
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_link_check_tells_dead_links_from_robot_refusals(server: str) -> None:
    urls = [f"{server}/ok", f"{server}/gone", f"{server}/robots-refused", f"{server}/no-head", "http://127.0.0.1:9/refused"]
    results = check_links(urls, timeout=5)
    assert [(r.status, r.dead) for r in results] == [(200, False), (404, True), (403, False), (200, False), (None, True)]


def test_dead_links_report_names_the_files_that_cite_each_link() -> None:
    results = [LinkResult("https://a.example/x", 404, "Not Found"), LinkResult("https://b.example/", 200)]
    report = dead_links_report(results, {"https://a.example/x": ["data/states/kz.yml", "data/practices/kz/a.yml"]})
    assert "| <https://a.example/x> | HTTP 404 | `data/states/kz.yml`, `data/practices/kz/a.yml` |" in report
    assert "b.example" not in report
    assert dead_links_report([results[1]], {}) == ""
