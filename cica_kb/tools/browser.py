"""The Chromium the browser tests use, found or installed: `make browsers` (and so `make test`) runs this.

In order: Debian's `chromium` on PATH; as root with apt, `apt-get install chromium`; otherwise Playwright's own
download (`playwright install chromium`), the usual way on a laptop and on GitHub's runners. Prints the choice for
CICA_KB_BROWSER (an executable path, or `playwright`); when none can be had, one message and exit status 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from typing import Callable, Mapping

PLAYWRIGHT = "playwright"
NO_BROWSER = (
    "No Chromium for the browser tests: {tried}.\n"
    "Install one, then run `make test` again: `sudo apt-get install chromium` (Debian, Ubuntu), or `make browsers` "
    "with network access (Playwright's download), or CICA_KB_BROWSER=/path/to/chromium (any Chromium or Chrome)."
)

# An attempt returns the browser it found (an executable path or `playwright`), or None and why not.
Attempt = Callable[[], "tuple[str | None, str]"]


def choose_browser(attempts: list[Attempt]) -> tuple[str | None, list[str]]:
    """The first browser an attempt yields, and why each attempt before it failed (pure: the attempts are given)."""
    reasons: list[str] = []
    for attempt in attempts:
        found, reason = attempt()
        if found:
            return found, reasons
        reasons.append(reason)
    return None, reasons


def attempts_for(environ: Mapping[str, str]) -> list[Attempt]:
    """What to try on this machine; CICA_KB_BROWSER asks for one browser (`playwright`, or an executable)."""
    requested = environ.get("CICA_KB_BROWSER", "")

    def playwright() -> tuple[str | None, str]:
        return _playwright_install(environ)

    if requested == PLAYWRIGHT:
        return [playwright]
    if requested:
        return [lambda: (shutil.which(requested), f"CICA_KB_BROWSER={requested} is not an executable")]
    attempts: list[Attempt] = [lambda: (shutil.which("chromium"), "`chromium` is not on PATH")]
    if os.geteuid() == 0 and shutil.which("apt-get"):
        attempts.append(_apt_install)
    return [*attempts, playwright]


def _apt_install() -> tuple[str | None, str]:
    print("Installing Debian's chromium for the browser tests (apt-get)…", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            return None, f"`{' '.join(command)}` failed ({_first_error(result.stdout + result.stderr)})"
    return shutil.which("chromium") or _installed_by_package("chromium"), "apt-get installed no `chromium` command"


def _installed_by_package(package: str) -> str | None:
    """Where the Debian package put its command (found even when /usr/bin is not on this PATH)."""
    listed = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True).stdout.splitlines()
    return next((path for path in listed if path.endswith(f"/bin/{package}") and os.access(path, os.X_OK)), None)


def _playwright_install(environ: Mapping[str, str]) -> tuple[str | None, str]:
    # GitHub's runners allow sudo, so Playwright can add the system libraries its build needs there.
    deps = ["--with-deps"] if environ.get("GITHUB_ACTIONS") == "true" else []
    print("Downloading Playwright's Chromium for the browser tests…", file=sys.stderr)
    command = [sys.executable, "-m", "playwright", "install", *deps, "chromium"]
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        return None, f"Playwright's download failed ({_first_error(result.stdout)})"
    return PLAYWRIGHT, ""


def _first_error(output: str) -> str:
    """The line that says what went wrong, not the stack trace and retries after it."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return next((line for line in lines if line.startswith(("Error", "E:"))), lines[-1] if lines else "no output")[:160]


def chromium_version(executable: str) -> str:
    """`156.0.8078.114`: what the browser says of itself (its user agent says only `156.0.0.0`)."""
    shown = subprocess.run([executable, "--version"], capture_output=True, text=True).stdout.split()
    return next((part for part in shown if part[:1].isdigit()), "")


def main() -> int:
    browser, tried = choose_browser(attempts_for(os.environ))
    if browser is None:
        print(NO_BROWSER.format(tried="; ".join(tried)), file=sys.stderr)
        return 1
    print(browser)
    return 0


if __name__ == "__main__":
    sys.exit(main())
