"""``python -m generator serve`` reloads open pages (issue 13): every HTML response carries the
reload script (the files in ``site/`` do not), ``/__livereload`` answers when a rebuild starts
and ends, with the build's problems, and a reloaded page shows the edited text."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

from tests.conftest import ROOT, make_corpus
from tests.site import buildproc as bp

REPORT = ("中共柳畈县审计局党组\n2023年度民主生活会对照检查材料\n\n"
          "一、存在的问题\n（一）理论学习方面\n一是学习不够深入。集中学习多以传达文件为主。\n"
          "二、原因剖析\n思想认识不到位。\n三、整改措施\n一是完善学习制度。每月专题学习一次。\n")
MARK = "added by `python -m generator serve`"
ADDED = "二是加强审计成果运用。每半年分析一次审计发现的共性问题。"


def _get(url: str, timeout: float = 60) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        return answer.status, dict(answer.headers), answer.read()


def _poll(base: str, seq: int) -> dict:
    return json.loads(_get(f"{base}/__livereload?seq={seq}", timeout=60)[2])


def _until(base: str, seq: int, done, polls: int = 40) -> dict:  # noqa: ANN001
    """Long-poll from ``seq`` until ``done(status)``; each poll waits up to 25 s."""
    for _ in range(polls):
        status = _poll(base, seq)
        if done(status):
            return status
        seq = status["seq"]
    raise AssertionError(f"no such status after {polls} polls: {status}")


def test_serve_tells_open_pages_of_rebuilds_and_problems(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", {"audit.txt": REPORT})
    for name in ("taxonomy.yml", "meetings.yml"):
        (corpus / name).write_bytes((ROOT / "corpus" / name).read_bytes())
    port = bp.free_port()
    proc, lines = bp.start_serve(tmp_path, port)
    base = f"http://127.0.0.1:{port}"
    try:
        assert lines[-1].startswith("serving "), lines
        page = next((tmp_path / "site" / "reports").glob("*/index.html"))
        url = f"{base}/{page.parent.relative_to(tmp_path / 'site').as_posix()}/"
        status, headers, html = _get(url)
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        text = html.decode()
        assert text.count(MARK) == 1 and text.index(MARK) < text.rindex("</body>")
        # what the page learns: the site's generation, and no rebuild running
        first = json.loads(_get(f"{base}/__livereload")[2])
        assert first["building"] is False and first["error"] == ""
        assert f"generation = {first['generation']}" in text
        # the files on disk stay as built; other files are served as they are
        assert MARK not in page.read_text(encoding="utf-8")
        sitemap = (tmp_path / "site" / "sitemap.xml").read_bytes()
        assert _get(f"{base}/sitemap.xml")[2] == sitemap

        (corpus / "audit.txt").write_text(REPORT + ADDED + "\n", encoding="utf-8")
        building = _until(base, first["seq"], lambda s: s["building"])
        assert building["generation"] == first["generation"]
        rebuilt = _until(base, building["seq"], lambda s: not s["building"])
        assert rebuilt["generation"] == first["generation"] + 1 and rebuilt["error"] == ""
        assert ADDED[-15:-1] in _get(url)[2].decode()

        # a build's problems reach the page (the badge lists them) with the file and line
        taxonomy = corpus / "taxonomy.yml"
        taxonomy.write_text(taxonomy.read_text(encoding="utf-8").replace(
            "- id: political\n", "- id: theory_study\n", 1), encoding="utf-8")
        warned = _until(base, rebuilt["seq"], lambda s: not s["building"] and s["problems"])
        assert warned["error"] == "" and warned["problem_count"] >= 1
        assert any(re.match(r"corpus/taxonomy\.yml:\d+: duplicate id", p)
                   for p in warned["problems"]), warned
        assert ADDED[-15:-1] in _get(url)[2].decode()
    finally:
        out = bp.stop_serve(proc)
    assert proc.returncode == 0 and "Traceback" not in out, out
