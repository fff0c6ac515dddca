"""Permanent anchors: anchors.lock keeps links working across edits, renames and parser
changes (DESIGN.md "Identity and links")."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.anchors.hashing import ANCHOR_RE, text_hash
from generator.site.exports import load_passages
from tests.conftest import CORPUS, copy_corpus
from tests.conftest import build_site as _build_site


def build_site(corpus: Path, out: Path, **options: object):  # noqa: ANN201
    """Anchors don't depend on the taxonomy or search stages: build without them."""
    return _build_site(corpus, out, classify=False, search=False, **options)

NAME = "2023-qu-wei-banzi-zhuti-jiaoyu-zhuanti"


def _records(site: Path, slug: str = NAME) -> list[dict]:
    return [r for r in load_passages(site / "data") if r["report"] == slug]


def _anchor(record: dict) -> str:
    return record["id"].split("#")[1]


@pytest.fixture()
def built(tmp_path: Path) -> tuple[Path, list[dict]]:
    corpus = copy_corpus(tmp_path / "corpus")
    (corpus / "anchors.lock").unlink()
    assert build_site(corpus, tmp_path / "first").ok
    return corpus, _records(tmp_path / "first" / "site")


def _edit(corpus: Path, old: str, new: str, name: str = NAME + ".txt") -> None:
    path = corpus / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_anchors_are_hashes_of_text(built: tuple[Path, list[dict]]) -> None:
    _, records = built
    assert all(ANCHOR_RE.match(_anchor(r)) for r in records)
    assert _anchor(records[0]) == text_hash(records[0]["text"])
    assert len({_anchor(r) for r in records}) == len(records)


def test_committed_lock_is_up_to_date(tmp_path: Path) -> None:
    """Building the committed corpus must not change its committed anchors.lock."""
    corpus = copy_corpus(tmp_path / "corpus")
    assert build_site(corpus, tmp_path).ok
    assert (corpus / "anchors.lock").read_text("utf-8") == \
        (CORPUS / "anchors.lock").read_text("utf-8")


def test_insertions_and_typo_fixes_keep_anchors(built: tuple[Path, list[dict]],
                                                tmp_path: Path) -> None:
    corpus, before = built
    _edit(corpus, "一、存在的主要问题\n", "一、存在的主要问题\n新插入的一段说明文字，与其他段落都不相同。\n")
    _edit(corpus, "政治格局不高。区委班子政治站位不高", "政治格局不够高。区委班子政治站位不高")
    _edit(corpus, "（三）积极作为", "（三）积极有为")
    result = build_site(corpus, tmp_path / "second")
    after = {r["text"]: _anchor(r) for r in _records(tmp_path / "second" / "site")}
    for record in before:
        text = (record["text"].replace("政治格局不高。区", "政治格局不够高。区")
                .replace("（三）积极作为", "（三）积极有为"))
        assert after[text] == _anchor(record), text[:30]
    assert result.anchors.new == 1 and result.anchors.moved == 2


def test_deleted_passage_forwards_to_nearest(built: tuple[Path, list[dict]],
                                             tmp_path: Path) -> None:
    corpus, before = built
    gone = next(r for r in before if r["lead"] == "政治格局不高")
    text = (corpus / f"{NAME}.txt").read_text("utf-8")
    (corpus / f"{NAME}.txt").write_text(text.replace(gone["text"], "", 1), "utf-8")
    assert build_site(corpus, tmp_path / "second").ok
    html = (tmp_path / "second" / "site" / "reports" / NAME / "index.html").read_text("utf-8")
    raw = re.search(r'<header class="report-head"[^>]* data-forwards="([^"]*)"', html).group(1)
    forwards = json.loads(raw.replace("&#34;", '"').replace("&quot;", '"'))
    following = before[before.index(gone) + 1]
    assert forwards == {_anchor(gone): _anchor(following)}
    lock = (corpus / "anchors.lock").read_text("utf-8")
    assert f"{_anchor(gone)} -> {_anchor(following)}" in lock


def test_renamed_report_keeps_anchors_and_redirects(built: tuple[Path, list[dict]],
                                                    tmp_path: Path) -> None:
    corpus, before = built
    shutil.move(corpus / f"{NAME}.txt", corpus / "renamed-report.txt")
    result = build_site(corpus, tmp_path / "second")
    site = tmp_path / "second" / "site"
    assert [_anchor(r) for r in _records(site, "renamed-report")] == [_anchor(r) for r in before]
    assert result.anchors.renamed == [(NAME, "renamed-report")]
    redirect = (site / "reports" / NAME / "index.html").read_text("utf-8")
    assert 'http-equiv="refresh" content="0; url=../renamed-report/"' in redirect
    assert f"renamed-from {NAME}" in (corpus / "anchors.lock").read_text("utf-8")


def test_reordered_subsections_keep_anchors(built: tuple[Path, list[dict]],
                                            tmp_path: Path) -> None:
    corpus, before = built
    path = corpus / f"{NAME}.txt"
    lines = path.read_text("utf-8").split("\n")
    i, j = (next(k for k, x in enumerate(lines) if x.strip().startswith(p)) for p in
            ("（一）理论学习方面", "（二）政治素质方面"))
    lines[i], lines[j] = lines[j], lines[i]
    path.write_text("\n".join(lines), "utf-8")
    build_site(corpus, tmp_path / "second")
    after = {r["text"]: _anchor(r) for r in _records(tmp_path / "second" / "site")}
    assert all(after[r["text"]] == _anchor(r) for r in before)


def test_citation_meta_tags(seed_site: Path) -> None:
    html = (seed_site / "reports" / NAME / "index.html").read_text("utf-8")
    assert '<meta name="citation_title" content="区委班子主题教育专题民主生活会对照检查材料">' in html
    assert '<meta name="citation_author" content="区委班子">' in html
    assert '<meta name="DC.date" content="2023">' in html
