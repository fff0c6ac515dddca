"""Golden tree (Pelican's functional-test style): the Markdown pages generated from the seeds,
compared file by file with ``tests/golden/site/``.

A change to page output shows here as a readable diff. When it is intended, regenerate:
``UPDATE_GOLDEN=1 python -m pytest tests/golden`` and review the diff in git.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from tests.conftest import build_site, copy_corpus

GOLDEN = Path(__file__).parent / "site"


def _markdown(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*.md"))}


def test_generated_markdown_equals_golden_tree(tmp_path: Path) -> None:
    assert build_site(copy_corpus(tmp_path / "corpus"), tmp_path, run_mkdocs=False,
                      search=False).ok
    built = _markdown(tmp_path / "docs")
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, text in built.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8", newline="\n")
    golden = _markdown(GOLDEN)
    assert sorted(built) == sorted(golden), "pages added or removed: UPDATE_GOLDEN=1 to accept"
    for rel, text in built.items():
        if text != golden[rel]:
            diff = "".join(difflib.unified_diff(golden[rel].splitlines(True),
                                                text.splitlines(True), rel, rel, n=1))
            raise AssertionError(f"{rel} differs from the golden file:\n{diff[:3000]}")
