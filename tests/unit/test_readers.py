"""Readers: every encoding we promise, line endings, indentation, front matter, sidecars."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from generator.readers import ReadError, read_source
from generator.readers.text import decode

SAMPLE = "中共某区委班子对照检查材料\n　　一、存在的主要问题\n\u00a0（一）理论学习方面。一是学用结合不够。**镇、xx精神、D史  \n"
LINES = ["中共某区委班子对照检查材料", "一、存在的主要问题", "（一）理论学习方面。一是学用结合不够。**镇、xx精神、D史"]


def _encoded(encoding: str) -> bytes:
    if encoding == "utf-8-sig":
        return codecs.BOM_UTF8 + SAMPLE.encode("utf-8")
    if encoding == "utf-16":
        return SAMPLE.encode("utf-16")  # with BOM
    if encoding in ("gbk", "gb18030"):
        return SAMPLE.replace("\u00a0", " ").encode(encoding)  # GBK has no NBSP
    return SAMPLE.encode(encoding)


@pytest.mark.parametrize(("encoding", "detected"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"),
    ("gbk", "gb18030"), ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"),
    ("utf-16-be", "utf-16-be"),
])
def test_encodings_are_detected_and_text_kept(tmp_path: Path, encoding: str,
                                              detected: str) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(_encoded(encoding))
    doc = read_source(path, tmp_path)
    assert doc.encoding == detected
    assert [line.text for line in doc.lines] == LINES


def test_big5_traditional_text(tmp_path: Path) -> None:
    text = "一、存在的主要問題\n（一）理論學習方面。一是學用結合不夠緊密，對照檢查還有差距。\n" * 3
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode("big5"))
    doc = read_source(path, tmp_path)
    assert doc.encoding == "big5"
    assert doc.lines[1].text == "（一）理論學習方面。一是學用結合不夠緊密，對照檢查還有差距。"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(SAMPLE.replace("\n", newline).encode("utf-8"))
    doc = read_source(path, tmp_path)
    assert [line.text for line in doc.lines] == LINES
    assert [line.lineno for line in doc.lines] == [1, 2, 3]


def test_gbk_detection_without_markers() -> None:
    data = "根据通知要求，市政府党组认真学习了总书记重要讲话精神，深入查摆问题。".encode("gbk")
    text, encoding = decode(data)
    assert encoding == "gb18030" and text.startswith("根据通知要求")


def test_markdown_headings_and_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("---\nyear: 2024\nbody: 县委班子\n---\n# 标题材料\n\n**一、存在的问题**\n\n"
                    "正文有**镇和 # 号。\n", encoding="utf-8")
    doc = read_source(path, tmp_path)
    assert doc.meta == {"year": "2024", "body": "县委班子"}
    assert [(line.text, line.style, line.lineno) for line in doc.lines] == [
        ("标题材料", "h1", 5), ("一、存在的问题", "bold", 7), ("正文有**镇和 # 号。", "", 9)]


def test_sidecar_overrides_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("---\nyear: 2024\n---\n正文。\n", encoding="utf-8")
    (tmp_path / "r.md.yml").write_text("year: 2025\nmeeting: 年度民主生活会\n", encoding="utf-8")
    assert read_source(path, tmp_path).meta == {"year": "2025", "meeting": "年度民主生活会"}


def test_yaml_is_safe_loaded(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("正文。\n", encoding="utf-8")
    (tmp_path / "r.yml").write_text("title: !!python/object/apply:os.system ['echo hi']\n",
                                    encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read_source(path, tmp_path)
    assert err.value.path and err.value.path.endswith("r.yml")


def test_broken_front_matter_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("---\ntitle: ok\nyear: [2024\n---\n正文。\n", encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read_source(path, tmp_path)
    assert err.value.line >= 3 and "YAML" in str(err.value)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"), (b"  \n\n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff", "binary"),
])
def test_bad_files_raise_clear_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=message):
        read_source(path, tmp_path)
