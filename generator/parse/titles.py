"""The title block: the lines above the body that name the report and its author."""

from __future__ import annotations

import re

from generator.models import SourceLine
from generator.parse.numbering import match_marker
from generator.parse.roles import detect_role

_TITLE_WORDS = re.compile(
    r"对照|检查|检视|剖析|材料|发言|提纲|生活会|汇报|报告|對照|檢查|檢視|發言")
_SENTENCE = re.compile(r"[。，；！？,;!?]")
_MAX_TITLE = 90  # 中共…集团有限公司委员会班子2023年学习贯彻…主题教育专题民主生活会对照检查材料
_MAX_LINES = 4
#: A title glued to the text after it (a copy without line breaks): up to the genre's name.
_GLUED_TITLE = re.compile(
    rf"(?P<title>[^。，；！？,;!?：:]{{6,{_MAX_TITLE}}}?(?:对照检查材料|检视剖析材料|剖析材料"
    r"|检查材料|对照材料|发言提纲|發言提綱|對照檢查材料|檢視剖析材料))(?=[\u4e00-\u9fff])")


def _title_like(line: SourceLine) -> bool:
    text = line.text
    return (len(text) <= _MAX_TITLE and not _SENTENCE.search(text)
            and not text.endswith(("：", ":")) and match_marker(text) is None
            and not _section_heading(text))


def _section_heading(text: str) -> bool:
    """An unnumbered section heading (``## 存在的问题``) under the title, not part of it."""
    return not _TITLE_WORDS.search(text) and detect_role(text) != "other"


def split_title(lines: list[SourceLine]) -> tuple[list[SourceLine], list[SourceLine]]:
    """``(title_lines, body_lines)``. A title block is up to four short unpunctuated lines
    at the top, one of which names the genre (or a Markdown/Word title heading)."""
    block: list[SourceLine] = []
    for line in lines[:_MAX_LINES]:
        # Word and web copies style the title as a heading or bold; plain copies don't.
        # (An h1 that is a section heading, # 一、存在的问题, opens the body: the title may
        # be in the front matter only.)
        heading_one = line.style == "h1" and match_marker(line.text) is None and not (
            _section_heading(line.text))
        if heading_one or (line.style in ("", "h2", "bold") and _title_like(line)):
            block.append(line)
        else:
            break
    if not any(line.style == "h1" or _TITLE_WORDS.search(line.text) for line in block):
        return _glued_title(lines)
    return block, lines[len(block):]


def _glued_title(lines: list[SourceLine]) -> tuple[list[SourceLine], list[SourceLine]]:
    """A first line that opens with the title and runs on into the text (a copy without
    line breaks) is cut after the title; otherwise there is no title block."""
    first = lines[0] if lines else None
    match = _GLUED_TITLE.match(first.text) if first and not first.style else None
    if first is None or match is None:
        return [], lines
    cut = match.end()
    return ([SourceLine(first.text[:cut], first.lineno)],
            [SourceLine(first.text[cut:], first.lineno), *lines[1:]])
