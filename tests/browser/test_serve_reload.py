"""The preview of ``python -m generator serve`` in headless Chromium (issue 13): an open report
page reloads itself once a rebuild has put the edited text in place, and a badge says that a
rebuild runs and which problems the last one found (as text), with a button to close it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, make_corpus, screenshot
from tests.site import buildproc as bp

pytestmark = pytest.mark.browser

REPORT = ("中共柳畈县审计局党组\n2023年度民主生活会对照检查材料\n\n"
          "一、存在的问题\n（一）理论学习方面\n一是学习不够深入。集中学习多以传达文件为主。\n"
          "二、原因剖析\n思想认识不到位。\n三、整改措施\n一是完善学习制度。每月专题学习一次。\n")
ADDED = "二是加强审计成果运用。每半年分析一次审计发现的共性问题。"
#: A file the build cannot read: its problem names it, with markup that must stay text.
BAD = ("<img src=x onerror=alert(1)>.txt", b"")


def test_an_open_page_reloads_after_an_edit_and_shows_problems(page, tmp_path: Path) -> None:  # noqa: ANN001
    corpus = make_corpus(tmp_path / "corpus", {"audit.txt": REPORT})
    for name in ("taxonomy.yml", "meetings.yml"):
        (corpus / name).write_bytes((ROOT / "corpus" / name).read_bytes())
    port = bp.free_port()
    proc, lines = bp.start_serve(tmp_path, port)
    try:
        assert lines[-1].startswith("serving "), lines
        report = next((tmp_path / "site" / "reports").glob("*/index.html")).parent.name
        page.goto(f"http://127.0.0.1:{port}/reports/{report}/")
        page.wait_for_selector("text=集中学习多以传达文件为主")
        assert not page.is_visible("#archive-livereload")  # a clean build: no badge
        page.evaluate("window.__before = true")  # gone once the page has reloaded

        (corpus / "audit.txt").write_text(REPORT + ADDED + "\n", encoding="utf-8")
        page.wait_for_selector("#archive-livereload >> text=正在重新构建站点", timeout=60_000)
        page.wait_for_selector("text=每半年分析一次审计发现的共性问题", timeout=300_000)
        assert page.evaluate("window.__before === undefined")  # reloaded, not patched
        assert not page.is_visible("#archive-livereload")
        screenshot(page, "serve-reloaded")

        (corpus / BAD[0]).write_bytes(BAD[1])
        badge = page.wait_for_selector("#archive-livereload >> text=构建完成，有 1 个问题",
                                       timeout=300_000)
        text = badge.inner_text()
        assert "<img src=x onerror=alert(1)>.txt" in text and "file is empty" in text, text
        assert page.locator("#archive-livereload img").count() == 0  # text, not markup
        screenshot(page, "serve-problems")
        page.click("#archive-livereload button[aria-label=关闭]")
        assert not page.is_visible("#archive-livereload")
    finally:
        out = bp.stop_serve(proc)
    assert proc.returncode == 0 and "Traceback" not in out, out
