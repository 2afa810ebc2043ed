"""The finder's pure JavaScript (docs/assets/kb-finder-state.js): its `node --test` suite in tests/js/."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from support.site import ROOT


def test_the_finders_pure_parts_pass_their_node_tests() -> None:
    if shutil.which("node") is None:
        pytest.fail("Node.js is needed for the finder's tests (make test needs it for tools/ too)")
    result = subprocess.run(["node", "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass 0" not in result.stdout
