"""Frozen models that flow through the pipeline (see ARCHITECTURE.md, "Packages")."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

#: Section roles, in the order they usually appear in a report, with the one Chinese label the
#: pages, the exports' readers and the search facets all show.
ROLE_NAMES = {"preamble": "导语", "review": "整改落实情况", "problems": "存在问题",
              "case": "案例剖析", "causes": "原因剖析", "measures": "整改措施", "other": "其他"}


def pickled_by_fields(cls: type[T]) -> type[T]:
    """Pickle as the class and its fields: a frozen slotted dataclass otherwise pickles
    through ``__getstate__``/``__setstate__`` written in Python (``dataclasses.fields`` per
    object), several times slower; the build cache holds millions of these."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    if len(names) == 1:
        name = names[0]

        def reduce(self: T) -> tuple[type[T], tuple]:
            return cls, (getattr(self, name),)
    else:
        get = attrgetter(*names)

        def reduce(self: T) -> tuple[type[T], tuple]:
            return cls, get(self)

    cls.__reduce__ = reduce  # type: ignore[assignment,method-assign]
    return cls


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class SourceLine:
    """One logical line (a paragraph, usually) of a source document after normalisation."""

    text: str
    """The line's characters, markup markers (``#``, ``**``) removed, indentation stripped."""
    lineno: int
    """1-based line number in the source file (paragraph number for docx/html)."""
    style: str = ""
    """``""`` for body text, ``"h1"``..``"h6"`` for a markup heading, ``"bold"`` for a
    bold-only line, ``"list"`` for a numbered list item whose number was reconstructed,
    ``"cell"`` for a layout table's row heading (a short left cell beside the row's text),
    ``"row"`` for a row of a text table (Markdown pipes, box drawing) listing problems,
    ``"caption"`` for a web page's picture caption (``<figcaption>``: furniture)."""
    lead_end: int = 0
    """Where a bold lead ends in ``text`` when its emphasis (removed) closed before the first
    clause did (``**一是学习不够深入**，…``); 0 otherwise."""
    depth: int = -1
    """A Markdown list item's nesting depth by its indentation (0 = outermost); -1 where the
    source does not say (every other line)."""
    lead_start: int = 0
    """Where a text table row's lead cell begins in ``text`` (style ``"row"``; its end is
    :attr:`lead_end`, 0 for a row that is no point: the header, a wrapped cell's line)."""
    bold_runs: tuple[tuple[int, int], ...] = ()
    """Where bold runs that begin inside the line are, as ``(start, end)`` in ``text``
    (web pages and Word files): a run-in point's bold lead (…；<b>二是学习不深</b>，…)."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Problem:
    """A problem with one input file; ``line`` is 0 when unknown."""

    path: str
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        """``path:line: message`` on one line: a name holding a control character (a newline,
        a tab, a bidi override) is quoted with the character escaped, so it cannot split the
        line or disguise itself; so is any such character in the message."""
        path = quote_name(self.path)
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {_escape(self.message)}"


#: Bidi controls ("Trojan Source"): they reorder how a name is displayed.
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _unsafe(ch: str) -> bool:
    return ch in _BIDI or unicodedata.category(ch) in ("Cc", "Zl", "Zp")


def _escape(text: str, extra: str = "") -> str:
    if not any(_unsafe(ch) for ch in text):
        return text
    out = []
    for ch in text:
        if ch in extra:
            out.append("\\" + ch)
        elif _unsafe(ch):
            code = ord(ch)
            out.append(_SHORT.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"))
        else:
            out.append(ch)
    return "".join(out)


def quote_name(name: str) -> str:
    """``name`` as is, or double-quoted with escapes when it holds a control character."""
    if not any(_unsafe(ch) for ch in name):
        return name
    return '"' + _escape(name, extra='"\\') + '"'


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class SourceDoc:
    """A corpus file, read and decoded: the only thing parsers see of the file system."""

    path: Path
    format: str
    """``txt``, ``md``, ``docx`` or ``html``."""
    encoding: str
    size: int
    sha256: str
    lines: tuple[SourceLine, ...]
    meta: Mapping[str, Any] = field(default_factory=dict)
    """Front matter and sidecar metadata (sidecar wins), validated to plain scalars."""
    meta_sources: Mapping[str, str] = field(default_factory=dict)
    """Where each ``meta`` value was written: ``front_matter``, ``sidecar`` or ``document``
    (a Word file's or web page's own properties)."""
    furniture: tuple[SourceLine, ...] = ()
    """Lines removed from the body as page furniture (page numbers, portal lines)."""
    warnings: tuple[Problem, ...] = ()
    """Problems that do not stop the report (unknown metadata keys, metadata not found);
    the parser's have an empty ``path``, filled in by gather."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Passage:
    """A citable block of a report: a heading, a paragraph or a numbered point."""

    kind: str
    """``heading``, ``para`` or ``point``."""
    text: str
    """The passage's text exactly as in the source, numbering included."""
    role: str
    """The enclosing section's role, ``preamble`` before the first section."""
    path: str
    """Outline position: ``"2.1.3"`` = section 2, subsection 1, point 3."""
    line: int
    """Source line the passage starts on."""
    number: str = ""
    """The numbering prefix as written (``一、``, ``（一）``, ``一是``), part of ``text``."""
    lead: str | None = None
    """A point's lead clause (or a heading's text) without numbering and end punctuation."""
    level: int = 0
    """Outline depth: 1 section, 2 subsection, 3 point; 0 for the preamble."""
    section: str | None = None
    """Heading text of the enclosing section, without numbering."""
    heading: str | None = None
    """Heading text of the enclosing subsection, without numbering."""
    anchor: str = ""
    """Permanent anchor ``p-xxxxxx`` (set by the anchoring stage)."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Subsection:
    heading: str
    number: str
    anchor: str
    points: tuple[str, ...]
    """Lead clauses of the points directly under this subsection."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Section:
    role: str
    heading: str
    number: str
    anchor: str
    subsections: tuple[Subsection, ...]
    points: tuple[str, ...]
    """Lead clauses of points directly under the section (no subsection)."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Metadata:
    """Inferred (or overridden) facts about a report; empty string when unknown."""

    title: str = ""
    year: str = ""
    meeting: str = ""
    body: str = ""
    level: str = ""
    collective: str = ""
    """``集体`` (a leadership group's report) or ``个人`` (an individual's), or ``""``."""
    author: str = ""
    date: str = ""
    body_key: str = ""
    """The body's canonical name, one for all its variants (中共X县委员会 / X县委常委班子 →
    X县委): see :func:`generator.parse.bodies.body_key`."""
    sources: Mapping[str, str] = field(default_factory=dict, hash=False)
    """Field → where its value came from: ``title``, ``author_line``, ``signature``,
    ``date_line``, ``opening``, ``closing``, ``text``, ``campaign``, ``file_name``, ``composed``,
    ``front_matter``, ``sidecar``, ``document`` or ``default`` (see ``SOURCE_NAMES``)."""


#: The sources of metadata values, as the report page names them.
SOURCE_NAMES = {"title": "标题", "author_line": "署名行", "signature": "落款",
                "date_line": "日期行", "opening": "导语", "closing": "结束语", "text": "正文",
                "campaign": "专题名称",
                "file_name": "文件名", "composed": "据内容拟定", "front_matter": "文件头元数据",
                "sidecar": "元数据文件", "document": "文档属性",
                "default": "未写明专题，按年度会议推定"}


#: The warning of a file read as another kind of document than a self-examination.
LOOKALIKE = ("not a self-examination report: its title names another document (a speech, a "
             "plan, a table of opinions…); its text is kept as paragraphs, without an outline")


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Report:
    slug: str
    source: SourceDoc
    meta: Metadata
    passages: tuple[Passage, ...]
    sections: tuple[Section, ...]
    title_lines: tuple[SourceLine, ...] = ()
    """Lines recognised as the title block; shown as the title, also part of the body."""

    @property
    def points(self) -> int:
        return sum(1 for p in self.passages if p.kind == "point")

    @property
    def lookalike(self) -> bool:
        """Whether the parser read the file as another kind of document (a speech, a plan, a
        table of opinions: ``parse.titles.other_document``), whose text has no outline."""
        return any(w.message == LOOKALIKE for w in self.source.warnings)

    @property
    def problem_points(self) -> int:
        """Points (or subsections without points) found in problem sections."""
        n = 0
        for s in self.sections:
            if s.role == "problems":
                n += len(s.points) + sum(len(x.points) or 1 for x in s.subsections)
        return n


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Label:
    """A category assigned to a passage, with the evidence that put it there."""

    anchor: str
    """The labelled passage's anchor (unique within its report)."""
    category: str
    """Category id from the taxonomy (ASCII)."""
    kind: str
    """``theme``, ``problem``, ``cause`` or ``measure``."""
    evidence: tuple[str, ...]
    """Why: matched words, ``"heading:<text>"`` (inherited from the enclosing heading),
    ``"problem:<id>"`` (theme of a type), ``"prototype:<similarity>:<text>"`` (resembles that
    prototype text) or ``"corpus:<similarity>:<slug>#<anchor>:<lead>"`` (paraphrases that
    labelled passage)."""
    score: float = 1.0
    confidence: float = 1.0
    """0–1; for a label from similarity, the similarity itself (shown as 相似度)."""


def listing_order(report: Report) -> tuple[str, str, str]:
    """Newest first, then by title and slug: the order of every listing of reports."""
    year = report.meta.year
    return (f"{9999 - int(year)}" if year.isdigit() else "z", report.meta.title, report.slug)
