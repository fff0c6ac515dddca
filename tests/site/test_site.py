"""The built site: nothing lost, nothing executed, exports per DESIGN.md, atomic builds."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import lxml.html
import pytest

from generator.build import BuildOptions, run_build
from generator.publish.writer import BuildFailed
from generator.readers.text import decode
from generator.site.exports import load_passages
from tests.conftest import CORPUS, ROOT, build_site, copy_corpus, make_corpus
from tests.unit.test_fuzz import MAIL_FROM, source_lines, without_quote_marks

# Whitespace, and the invisible format characters readers drop (zero-width space, joiners,
# BOM, soft hyphen): not text a reader sees.
_WS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+")


def _source_body(path: Path) -> str:
    """The report's characters as written, computed independently of the readers:
    whitespace dropped, front matter and Markdown heading/bold markers removed."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".md":
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
        lines = []
        for line in text.splitlines():
            line = line.strip()
            line = re.sub(r"^#{1,6}\s+", "", line)
            line = re.sub(r"^\*\*(.+)\*\*$", r"\1", line)
            lines.append(line)
        text = "\n".join(lines)
    return _WS.sub("", text)


def page_text(html_path: Path) -> str:
    """Title lines and passages as shown on the page, link controls excluded."""
    tree = lxml.html.parse(str(html_path))
    for link in tree.xpath("//a[contains(@class,'psg-link')]"):
        link.drop_tree()
    parts = [el.text_content() for el in tree.xpath("//*[contains(@class,'title-line')]")]
    parts += [el.text_content() for el in tree.xpath("//*[contains(@class,' psg ') or "
                                                     "starts-with(@class,'psg ')]")]
    return _WS.sub("", "".join(parts))


@pytest.mark.parametrize("source", sorted(p for p in CORPUS.iterdir()
                                          if p.suffix in (".txt", ".md")), ids=lambda p: p.name)
def test_every_character_appears_once_in_order(seed_site: Path, source: Path) -> None:
    report = json.loads((seed_site / "data" / "reports.json").read_text("utf-8"))
    slug = next(r["slug"] for r in report if r["source"] == source.name)
    assert page_text(seed_site / "reports" / slug / "index.html") == _source_body(source)


FIXTURES = ROOT / "tests" / "fixtures" / "outlines"


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every damaged-copy fixture, built as one corpus."""
    out = tmp_path_factory.mktemp("fixtures")
    corpus = out / "corpus"
    corpus.mkdir()
    for path in FIXTURES.glob("*.txt"):
        (corpus / path.name).write_bytes(path.read_bytes())
    assert build_site(corpus, out, classify=False, search=False).ok
    return out / "site"


@pytest.mark.parametrize("source", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.name)
def test_damaged_copies_lose_nothing(fixture_site: Path, source: Path) -> None:
    """Body text plus the lifted furniture is the source, whitespace aside."""
    html_path = fixture_site / "reports" / source.stem / "index.html"
    tree = lxml.html.parse(str(html_path))
    # Each lifted piece is taken out of the source line it names (a line number 2 must not
    # be taken out of the 2022 of an earlier line).
    # (decoded as the reader decodes it, a PDF's radicals and Big5's small forms read as
    # the characters they stand for: generator.chars)
    # (a forum post's BBCode and a mail's quote marks are markup: the unit tests' model of
    # what a reader shows, tests.unit.test_fuzz)
    text, _ = decode(source.read_bytes())
    lines = [_WS.sub("", line) for line in source_lines(text, "txt")]
    mail = False
    for item in tree.xpath("//li[@data-line][span[@class='furniture-text']]"):
        text = _WS.sub("", "".join(item.xpath("span[@class='furniture-text']/text()")))
        at = int(item.get("data-line")) - 1
        assert 0 <= at < len(lines) and text in lines[at], (at + 1, text)
        lines[at] = lines[at].replace(text, "", 1)
        mail = mail or (at == 0 and bool(MAIL_FROM.match(text)))
    if mail:
        lines = without_quote_marks(lines)
    assert page_text(html_path) == "".join(lines)


def test_redaction_marks_and_abbreviations_survive(seed_site: Path) -> None:
    html = (seed_site / "reports" / "2021-shi-zhengfu-dangzu-dangshi-zhuanti" / "index.html")
    text = page_text(html)
    assert "学D史强党性转作风" in text and "xx市中等水平" in text and "x成" in text
    assert "**" not in page_text(seed_site / "reports" / "2021-shi-zhengfu-dangzu-dangshi-zhuanti"
                                 / "index.html").split("存在的突出问题")[0][:40]


HOSTILE = """一、存在的主要问题
（一）理论学习方面。一是**粗体**与 # 井号 | 竖线 <b>标签</b> 照原样显示。
二是<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">不执行。
三是[链接](javascript:window.__pwned=3) ![图](data:text/html,x) {{ config.site_name }} {% raw %}不渲染。
四是!!! note "警告"
=== "标签"
--8<-- "mkdocs.yml"
{ .class } 不被当作语法。
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile")
    corpus = make_corpus(out / "corpus", {"hostile.txt": HOSTILE, "hostile.txt.yml":
                                          "title: \"<script>window.__pwned=4</script>标题\"\n"})
    assert build_site(corpus, out).ok
    return out / "site"


def test_markup_in_reports_renders_literally(hostile_site: Path) -> None:
    html_path = hostile_site / "reports" / "hostile" / "index.html"
    html = html_path.read_text("utf-8")
    text = page_text(html_path)
    for literal in ("**粗体**", "#井号|竖线<b>标签</b>", "<script>window.__pwned=1</script>",
                    "[链接](javascript:window.__pwned=3)", "{{config.site_name}}", "{%raw%}",
                    "!!!note", "===\"标签\"", "--8<--\"mkdocs.yml\"", "{.class}"):
        assert literal in text, literal
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html and 'href="javascript:' not in html
    assert "<b>标签</b>" not in html
    tree = lxml.html.parse(str(html_path))
    assert not tree.xpath("//script[contains(., '__pwned')]")
    assert "__pwned=4" in tree.xpath("string(//title)")  # shown, defanged, not executed


def test_exports_follow_the_contract(seed_site: Path) -> None:
    reports = json.loads((seed_site / "data" / "reports.json").read_text("utf-8"))
    keys = {"slug", "title", "url", "source", "year", "meeting", "body", "level", "collective",
            "sections", "counts"}
    assert len(reports) == 5 and all(set(r) == keys for r in reports)
    records = load_passages(seed_site / "data")
    fields = ["id", "report", "url", "kind", "role", "path", "section", "heading", "lead", "text",
              "themes", "problem_types"]
    assert all(list(r) == fields for r in records)
    assert sum(r["counts"]["passages"] for r in reports) == len(records)
    point = next(r for r in records if r["lead"] == "学用结合不够紧密" and "shi" in r["report"])
    assert point["kind"] == "point" and point["role"] == "problems" and point["path"] == "1.1.2"
    assert point["section"] == "查找的突出问题" and point["heading"] == "理论学习方面"
    assert point["url"] == f"reports/{point['report']}/#{point['id'].split('#')[1]}"
    # One CSV per year in the zip (newest first, as every listing), UTF-8 with BOM each.
    with zipfile.ZipFile(seed_site / "data" / "passages.csv.zip") as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        raws = [archive.read(name) for name in names]
    years = sorted({r["year"] for r in reports}, reverse=True)
    assert names == [f"passages-{y}.csv" for y in years]
    assert all(raw.startswith(b"\xef\xbb\xbf") for raw in raws)
    rows = [row for raw in raws for row in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))]
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    assert rows[0]["text"] == records[0]["text"]
    assert not (seed_site / "data" / "passages.csv").exists()


def test_sections_in_reports_json(seed_site: Path) -> None:
    reports = {r["slug"]: r for r in json.loads((seed_site / "data" / "reports.json").read_text())}
    r = reports["2021-qu-zhuyao-fuzeren-dangshi-zhuanti"]
    assert [s["role"] for s in r["sections"]] == ["review", "problems", "causes", "measures"]
    assert r["collective"] is False and r["year"] == "2021" and r["level"] == "区"
    assert reports["2023-qu-wei-banzi-zhuti-jiaoyu-zhuanti"]["body"] == "区委班子"


def test_provenance_and_download(seed_site: Path) -> None:
    page = (seed_site / "reports" / "2021-shi-zhengfu-dangzu-dangshi-zhuanti" / "index.html")
    html = page.read_text("utf-8")
    source = CORPUS / "2021-shi-zhengfu-dangzu-dangshi-zhuanti.md"
    import hashlib

    assert hashlib.sha256(source.read_bytes()).hexdigest() in html
    published = seed_site / "sources" / "2021-shi-zhengfu-dangzu-dangshi-zhuanti.md.txt"
    assert published.read_bytes() == source.read_bytes()
    assert 'download="2021-shi-zhengfu-dangzu-dangshi-zhuanti.md"' in html


def test_no_external_resources(seed_site: Path) -> None:
    for page in seed_site.rglob("*.html"):
        html = page.read_text("utf-8")
        assert not re.search(r"<(?:script|link|img)[^>]+(?:src|href)=\"(?:https?:)?//", html), page
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", {
        "good.txt": "一、存在的问题\n（一）方面。一是问题。\n", "empty.txt": "",
        "binary.txt": b"\x00\x01\x02\xff\xfe\x00garbage\x00", "a b.txt": "一、问题\n正文。\n",
        "A-B.txt": "一、问题\n另一份。\n", "broken.md": "---\ntitle: [\n---\n正文。\n"})
    result = build_site(corpus, tmp_path, classify=False, search=False)
    messages = sorted(str(p) for p in result.gathered.problems)
    assert [r.slug for r in result.gathered.reports] == ["a-b", "good"]
    assert any(m.startswith("corpus/empty.txt: file is empty") for m in messages)
    assert any(m.startswith("corpus/binary.txt: cannot decode") for m in messages)
    assert any(m.startswith("corpus/broken.md:2: broken YAML") for m in messages)
    assert any(m.startswith("corpus/a b.txt: slug 'a-b' is already used by corpus/A-B.txt")
               for m in messages)
    assert (tmp_path / "site" / "reports" / "good" / "index.html").exists()


def test_strict_or_failed_build_keeps_previous_site(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    corpus = make_corpus(tmp_path / "corpus", {"good.txt": "一、存在的问题\n正文。\n"})
    assert build_site(corpus, tmp_path, classify=False, search=False).ok
    index = tmp_path / "site" / "index.html"
    before = index.read_bytes()
    (corpus / "empty.txt").write_text("")
    assert not build_site(corpus, tmp_path, strict=True, classify=False, search=False).ok
    assert index.read_bytes() == before
    from generator.publish import writer

    def boom(*args: object, **kwargs: object) -> None:
        raise BuildFailed("mkdocs exploded")

    monkeypatch.setattr(writer, "mkdocs_build", boom)
    (corpus / "empty.txt").unlink()
    (corpus / "new.txt").write_text("一、问题\n新的。\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build_site(corpus, tmp_path, classify=False, search=False)
    assert index.read_bytes() == before
    # No staging left; the cache of the per-report steps stays (build/cache in a project).
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "corpus", "docs", "site"]


def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    # The sitemap's date is the last commit's; pin it so a commit made meanwhile can't count.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    trees = []
    for name in ("one", "two"):
        build_site(copy_corpus(tmp_path / name / "corpus"), tmp_path / name)
        site = tmp_path / name / "site"
        trees.append({p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*"))
                      if p.is_file()})
    assert trees[0].keys() == trees[1].keys()
    assert [k for k in trees[0] if trees[0][k] != trees[1][k]] == []


def test_mkdocs_strict_build_of_generated_docs(tmp_path: Path) -> None:
    """The generated docs build with ``mkdocs build --strict`` on the command line too."""
    import subprocess
    import sys

    result = run_build(BuildOptions(corpus=copy_corpus(tmp_path / "c"), site=tmp_path / "s",
                                    docs=tmp_path / "d",
                                    config=ROOT / "mkdocs.yml", run_mkdocs=False))
    assert result.ok and (tmp_path / "d" / "index.md").exists()
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {tmp_path / 'd'}\n"
                      f"site_dir: {tmp_path / 'out'}\n"
                      f"theme:\n  custom_dir: {ROOT / 'overrides'}\n"
                      f"hooks:\n  - {ROOT / 'generator' / 'publish' / 'fast_markdown.py'}\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "reports" / "2023-qu-wei-banzi-zhuti-jiaoyu-zhuanti" /
            "index.html").exists()


def test_link_checker_finds_broken_links_and_anchors(tmp_path: Path) -> None:
    from generator.publish.linkcheck import check_site

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<p id="x"></p><a href="../b/">b</a><a href="./#x">ok</a><a href="#y">bad anchor</a>'
        '<a href="../missing/">gone</a><script src="https://cdn.example/x.js"></script>'
        '<a href="https://example.org/">outbound ok</a>', encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text('<a href="../a/#x">ok</a>', encoding="utf-8")
    assert check_site(tmp_path) == [
        "a/index.html: missing anchor #y", "a/index.html: missing ../missing/",
        "a/index.html: loads from outside the site: https://cdn.example/x.js"]


def test_a_lookalike_is_kept_whole_without_an_outline(tmp_path: Path) -> None:
    """A file whose title names another document (here the chair's speech at the meeting)
    is published with all its text as paragraphs, a note saying why, and a build warning;
    a report beside it keeps its outline."""
    speech = (ROOT / "tests" / "fixtures" / "outlines" / "lookalike-speech.txt").read_text("utf-8")
    corpus = make_corpus(tmp_path / "corpus", {
        "speech.txt": speech, "report.txt": "一、存在的问题\n（一）理论学习方面。一是学习不深。\n"})
    result = build_site(corpus, tmp_path, classify=False, search=False)
    warned = [str(p) for p in result.gathered.problems if "not a self-examination" in str(p)]
    assert warned and all(w.startswith("corpus/speech.txt") for w in warned)
    page = tmp_path / "site" / "reports" / "speech" / "index.html"
    tree = lxml.html.parse(str(page))
    assert tree.xpath("//*[contains(@class,'report-lookalike')]")
    assert not tree.xpath("//nav[contains(@class,'report-outline')]//li")
    assert page_text(page) == _WS.sub("", speech)
    other = lxml.html.parse(str(tmp_path / "site" / "reports" / "report" / "index.html"))
    assert not other.xpath("//*[contains(@class,'report-lookalike')]")
    assert other.xpath("//nav[contains(@class,'report-outline')]//li")
