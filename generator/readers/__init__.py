"""Readers: the only code that reads the corpus. Picked by file extension, like Pelican's."""

from __future__ import annotations

import fnmatch
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from generator.chars import drop_invisible
from generator.models import Problem, SourceDoc, SourceLine
from generator.readers.meta_values import KEYS, ValueProblem, canonical_key, clean_value
from generator.readers.text import (
    DecodeError,
    decode,
    markdown_lines,
    plain_lines,
    split_front_matter,
)

#: Extension → format name. Everything else in corpus/ is ignored (with a note).
FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
           ".docx": "docx", ".html": "html", ".htm": "html", ".mht": "mht", ".mhtml": "mht",
           ".rtf": "rtf"}
#: Corpus files that are configuration, not reports.
CONFIG_FILES = {"taxonomy.yml", "meetings.yml", "anchors.lock", "readme.md"}
#: Metadata keys a report may set in front matter or a sidecar (aliases such as ``org``,
#: ``单位``, ``日期`` are accepted too: see :mod:`generator.readers.meta_values`).
META_KEYS = KEYS
#: ``(line, message)`` of a metadata problem that does not stop the report.
Note = tuple[int, str]
#: One report is a few tens of KB; anything this large is a mistake (a book, a dump).
MAX_BYTES = 5 * 1024 * 1024


class ReadError(Exception):
    """A corpus file that cannot become a report; ``line`` is 0 when unknown."""

    def __init__(self, message: str, line: int = 0, path: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.path = path
        """Set when the problem is in another file than the report (its sidecar)."""


def corpus_files(corpus: Path) -> tuple[list[Path], list[Problem]]:
    """Report files in ``corpus`` (recursively, sorted), plus notes on skipped files.

    Hidden files, configuration and editors' temporary files are skipped. A symbolic link is
    read only when it points inside the corpus at a file not listed already (one report per
    file); a link leaving the corpus is refused, since whatever it points at would be published.
    """
    root = corpus.resolve()
    found: dict[Path, Path] = {}  # real path → the path it is listed under
    links: list[Path] = []
    notes: list[Problem] = []
    for folder, dirs, names in os.walk(corpus):  # does not descend into linked folders
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and
                         not _linked_folder(here / d, root, corpus, notes))
        for name in sorted(names):
            path = here / name
            if _skipped(name) or not _report_format(path, corpus, notes):
                continue
            if path.is_symlink():
                links.append(path)
            else:
                found[path.resolve()] = path
    for link in links:
        target = link.resolve()
        if not target.is_relative_to(root):
            notes.append(Problem(_display(link, corpus), 0, OUTSIDE.format(what="a file")))
        elif target.is_file() and target not in found:
            found[target] = link
    return sorted(found.values()), notes


#: Files that editors and office suites keep beside an open document: Word's owner file
#: ``~$name.docx``, LibreOffice's ``.~lock.name#``, Emacs' ``name~`` and ``.#name``, Vim's
#: ``.name.swp``, and ``*.tmp`` files of interrupted saves.
TEMP_FILES = ("~$*", ".~lock.*#", "*~", ".#*", "*.swp", "*.tmp")
OUTSIDE = ("symbolic link to {what} outside the corpus: not read, because it would be "
           "published; copy the file into the corpus if it belongs to the archive, or remove "
           "the link")


def _skipped(name: str) -> bool:
    lower = name.lower()
    return (name.startswith(".") or lower in CONFIG_FILES
            or any(fnmatch.fnmatchcase(lower, pattern) for pattern in TEMP_FILES))


def _report_format(path: Path, corpus: Path, notes: list[Problem]) -> bool:
    suffix = path.suffix.lower()
    if suffix in FORMATS:
        return True
    if suffix not in {".yml", ".yaml"}:
        notes.append(Problem(_display(path, corpus), 0,
                             f"skipped: unknown format {path.suffix or '(none)'}; "
                             f"use one of {', '.join(sorted(FORMATS))}", "warning"))
    return False


def _linked_folder(path: Path, root: Path, corpus: Path, notes: list[Problem]) -> bool:
    """True for a linked folder (never walked: inside the corpus its files are listed where
    they are; outside it, it is refused)."""
    if not path.is_symlink():
        return False
    if not path.resolve().is_relative_to(root):
        notes.append(Problem(_display(path, corpus), 0, OUTSIDE.format(what="a folder")))
    return True


def read_source(path: Path, corpus: Path) -> SourceDoc:
    """Read one report file and its sidecar; raise :class:`ReadError` on bad input."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ReadError(f"unknown format {path.suffix or '(none)'}; "
                        f"use one of {', '.join(sorted(FORMATS))}")
    data = path.read_bytes()
    if not data.strip():
        raise ReadError("file is empty; remove it or add the report's text")
    if len(data) > MAX_BYTES:
        raise ReadError(f"file is {len(data) / 2**20:.1f} MB, over the {MAX_BYTES // 2**20} MB "
                        "limit for one report; split it into one file per report")
    lines, meta, encoding, notes = _READERS[fmt](data, path.name)
    if not lines:
        raise ReadError("no text found in the file; remove it or add the report's text")
    origin = "front_matter" if fmt == "md" else "document"
    sources = dict.fromkeys(meta, origin)
    if meta.pop(EXPORTED, False):
        # a note app's export: its title is the note's name, as a file's properties are
        sources["title"] = "document"
    side, side_notes, side_path = _sidecar(path, corpus)
    sources.update(dict.fromkeys(side, "sidecar"))
    warnings = [Problem(_display(path, corpus), line, message, "warning")
                for line, message in notes]
    warnings += [Problem(side_path, line, message, "warning") for line, message in side_notes]
    return SourceDoc(path=path, format=fmt, encoding=encoding, size=len(data),
                     sha256=hashlib.sha256(data).hexdigest(), lines=tuple(lines),
                     meta={**meta, **side}, meta_sources=sources, warnings=tuple(warnings))


#: What a format's reader returns: lines, metadata, encoding, notes on the metadata.
Read = tuple[list[SourceLine], dict[str, Any], str, list[Note]]


def _read_text(data: bytes, name: str) -> Read:
    text, encoding = _decode(data)
    return plain_lines(text), {}, encoding, []


#: A key the Markdown reader sets when the front matter is a note app's (see
#: :data:`NOTE_APP_KEYS`); ``read_source`` takes it out.
EXPORTED = "__exported__"
#: Keys that note apps and static-site tools write into front matter and people writing a
#: report's metadata do not: with one of them, the front matter is an export's, and its
#: ``title`` is the note's name (it yields to the report's own title line, as a file's
#: properties do), not a title the user gave.
NOTE_APP_KEYS = frozenset(("created", "updated", "modified", "lastmod", "tags", "aliases",
                           "id", "uid", "cssclass", "categories", "category", "draft",
                           "created_at", "updated_at", "date_created", "date_modified"))


def _read_markdown(data: bytes, name: str) -> Read:
    text, encoding = _decode(data)
    front, body, _ = split_front_matter(text)
    meta, notes = _load_meta(front, "front matter", 2) if front is not None else ({}, [])
    if "title" in meta and front is not None:
        raw = yaml.safe_load(front)  # (already parsed once without error)
        if any(str(key).lower() in NOTE_APP_KEYS for key in raw):
            meta[EXPORTED] = True
    return markdown_lines(body), meta, encoding, notes


def _read_docx(data: bytes, name: str) -> Read:
    from generator.readers.docx import DocxError, read_docx

    try:
        lines, meta = read_docx(data, name)
    except DocxError as exc:  # its message says what is wrong and how to fix it
        raise ReadError(str(exc)) from exc
    return lines, _document_meta(meta), "docx", []


def _document_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """What a file says of itself that may stand as a report's metadata (docx properties, a
    page's title, author and date)."""
    return {k: v for k, v in meta.items() if k in {"title", "author", "date"}}


def _read_html(data: bytes, name: str) -> Read:
    from generator.readers import html as html_reader

    sniff = getattr(html_reader, "sniff_html_encoding", None)
    declared = sniff(data) if sniff else None
    text, encoding = _decode(data, declared)
    lines, meta = html_reader.read_html(text, name)
    return lines, _document_meta(meta), encoding, []


def _read_mht(data: bytes, name: str) -> Read:
    from generator.readers import html as html_reader
    from generator.readers.mht import MhtError, page_of

    try:
        page, charset, subject = page_of(data)
    except MhtError as exc:
        raise ReadError(str(exc)) from exc
    text, encoding = _decode(page, charset or html_reader.sniff_html_encoding(page))
    lines, meta = html_reader.read_html(text, name)
    if subject and "title" not in meta:
        meta["title"] = subject
    return lines, _document_meta(meta), encoding, []


def _read_rtf(data: bytes, name: str) -> Read:
    from generator.readers.rtf import RtfError, rtf_text

    try:
        text, meta = rtf_text(data)
    except RtfError as exc:
        raise ReadError(str(exc)) from exc
    notes: list[Note] = []
    if "\ufffd" in text:
        notes.append((0, "some characters of this RTF file could not be decoded (shown as "
                         "\ufffd); open it in Word or WPS and save it as .docx"))
    return plain_lines(_visible(text)), meta, "rtf", notes


def _decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """The text of ``data`` without invisible format characters, and its encoding."""
    if declared:
        try:
            return _visible(data.decode(declared)), declared
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        raise ReadError(f"cannot decode: {exc}; save the file as UTF-8") from exc
    return _visible(text), encoding


def _visible(text: str) -> str:
    return drop_invisible(text)


_READERS: dict[str, Callable[[bytes, str], Read]] = {
    "txt": _read_text, "md": _read_markdown, "docx": _read_docx, "html": _read_html,
    "mht": _read_mht, "rtf": _read_rtf}


def _sidecar(path: Path, corpus: Path) -> tuple[dict[str, Any], list[Note], str]:
    """The sidecar's metadata, its notes and its display path (``{}, [], ""`` if none)."""
    for candidate in (path.with_name(path.name + ".yml"), path.with_suffix(".yml"),
                      path.with_suffix(".yaml")):
        if candidate.is_symlink() and not candidate.resolve().is_relative_to(corpus.resolve()):
            raise ReadError(OUTSIDE.format(what="a file"), 0, _display(candidate, corpus))
        if candidate.is_file():
            shown = _display(candidate, corpus)
            try:
                text = candidate.read_bytes().decode("utf-8-sig")
                meta, notes = _load_meta(text, f"sidecar {candidate.name}", 1)
                return meta, notes, shown
            except UnicodeDecodeError as exc:
                raise ReadError("sidecar is not UTF-8; save it as UTF-8", 0, shown) from exc
            except ReadError as exc:
                exc.path = shown
                raise
    return {}, [], ""


def _load_meta(text: str, what: str, first_line: int) -> tuple[dict[str, Any], list[Note]]:
    """Parse metadata YAML with ``safe_load``; errors carry the file's line number. Keys
    are mapped to the archive's (``org`` → ``body``; the archive's own name wins over an
    alias); year, level and collective are checked (:mod:`generator.readers.meta_values`)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        last = first_line + max(text.count("\n") - 1, 0)
        # PyYAML puts errors found at the end of the stream one line past the last one.
        line = min(first_line + mark.line, last) if mark else 0
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ReadError(f"broken YAML in {what}: {reason}; fix the YAML or remove it",
                        line) from exc
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        raise ReadError(f"{what} must be a mapping of keys to values (like `year: 2024`); "
                        "fix the YAML", first_line)
    lines = _key_lines(text, first_line)
    meta: dict[str, Any] = {}
    notes: list[Note] = []
    for key, value in sorted(data.items(), key=lambda kv: canonical_key(kv[0]) != kv[0]):
        name = canonical_key(key)
        if name is None:
            notes.append((lines.get(str(key), first_line), f"unknown key {str(key)!r} in "
                          f"{what} ignored; remove it or use one of {', '.join(sorted(KEYS))}"))
        elif name not in meta and value is not None and not isinstance(value, (dict, list)):
            try:
                meta[name] = clean_value(name, value)
            except ValueProblem as exc:
                raise ReadError(f"{what}: {exc}", lines.get(str(key), first_line)) from exc
    return meta, notes


def _key_lines(text: str, first_line: int) -> dict[str, int]:
    """Top-level key → its line in the file (the YAML starts on ``first_line``)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): first_line + k.start_mark.line for k, _ in node.value}


def _display(path: Path, corpus: Path) -> str:
    try:
        return str(Path(corpus.name) / path.relative_to(corpus))
    except ValueError:
        return str(path)
