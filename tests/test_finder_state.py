"""The scripts' pure ES modules (docs/assets/kb-finder-state.js, kb-i18n.js, submit-form-model.js): their
`node --test` suites, every tests/js/*.test.mjs. The form's suite asks this Python for what Python decides
(short names, the YAML loader, the form's settings): CICA_KB_PYTHON names it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from support.site import ROOT


def test_the_scripts_pure_parts_pass_their_node_tests() -> None:
    if shutil.which("node") is None:
        pytest.fail("Node.js is needed for the scripts' tests (make test needs it for tools/ too)")
    suites = sorted(path.name for path in (ROOT / "tests/js").glob("*.test.mjs"))
    assert {"finder-state.test.mjs", "i18n.test.mjs", "submit-form-model.test.mjs"} <= set(suites)
    environment = {**os.environ, "CICA_KB_PYTHON": sys.executable}
    result = subprocess.run(["node", "--test", "tests/js/"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass 0" not in result.stdout
