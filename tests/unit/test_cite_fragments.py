"""The report pages' pure fragment/anchor module (overrides/assets/archive/fragments.js),
tested in Node without a browser: ``node --test tests/js/fragments.test.mjs``."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT / "tests" / "js" / "fragments.test.mjs"
NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
def test_fragments_module_in_node() -> None:
    run = subprocess.run(
        [NODE, "--test", "--test-reporter=tap", str(SUITE)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    out = run.stdout + run.stderr
    failed = re.findall(r"^\s*not ok \d+ - (.*)$", out, re.M)
    assert failed == [], out
    counts = {k: int(v) for k, v in re.findall(r"^# (tests|pass|fail) (\d+)$", out, re.M)}
    assert counts.get("fail") == 0, out
    assert counts.get("tests", 0) >= 19 and counts.get("pass") == counts["tests"], out
    assert run.returncode == 0, out
