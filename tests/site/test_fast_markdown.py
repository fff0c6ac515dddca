"""The MkDocs hook's fast path changes speed only: the seeds plus a hostile report, built with
and without it, give the same content on every page, element by element."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import ROOT, build_site, copy_corpus, make_corpus

HOSTILE = """恶意材料**粗体**<b>x</b>对照检查
一、存在的主要问题
（一）理论学习方面。一是学用结合不够紧密<script>alert(1)</script>{{ x }}[链接](javascript:alert(1))。学用“两张皮”。
二是 # 标题 | 表格 | {: #p-evil } &amp; \\*转义\\*。
"""


class _Canon(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[tuple] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.out.append(("<", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_endtag(self, tag: str) -> None:
        self.out.append((">", tag))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.out.append(("t", " ".join(data.split())))


def _content(page: Path) -> list[tuple]:
    html = page.read_text(encoding="utf-8")
    m = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    parser = _Canon()
    parser.feed(m.group(1) if m else html)
    return parser.out


def _mkdocs(config: Path, docs: Path, site: Path) -> None:
    code = ("import sys;from mkdocs.config import load_config;from mkdocs.commands.build import "
            "build;build(load_config(config_file=sys.argv[1],docs_dir=sys.argv[2],"
            "site_dir=sys.argv[3]))")
    proc = subprocess.run([sys.executable, "-c", code, str(config), str(docs), str(site)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_fast_path_and_python_markdown_agree(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    make_corpus(corpus, {"hostile.txt": HOSTILE})
    assert build_site(corpus, tmp_path, run_mkdocs=False).ok
    plain = tmp_path / "no-hook.yml"
    plain.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\nhooks: []\n"
                     f"theme:\n  custom_dir: {ROOT / 'overrides'}\n", encoding="utf-8")
    _mkdocs(ROOT / "mkdocs.yml", tmp_path / "docs", tmp_path / "fast")
    _mkdocs(plain, tmp_path / "docs", tmp_path / "slow")
    pages = sorted((tmp_path / "fast").rglob("*.html"))
    assert len(pages) > 100
    differ = [p for p in pages if _content(p) != _content(tmp_path / "slow" /
                                                         p.relative_to(tmp_path / "fast"))]
    assert differ == []
    hostile = (tmp_path / "fast" / "reports" / "hostile" / "index.html").read_text("utf-8")
    assert "<script>alert" not in hostile and 'href="javascript' not in hostile
    assert "[链接](javascript:alert(1))" in hostile and "{{ x }}" in hostile
