"""A YAML document read with ``yaml.compose`` so every error can name its line.

Values are built with ``SafeLoader`` constructors, so they mean what ``yaml.safe_load`` would
give; unlike ``safe_load``, duplicate mapping keys are reported instead of silently overwritten.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from generator.models import Problem

Node = yaml.Node
GAP = "…"
_ID = re.compile(r"[a-z][a-z0-9_]*\Z")


class Doc:
    """One composed YAML file plus the list its problems are appended to."""

    def __init__(self, path: Path, root: Node, problems: list[Problem]) -> None:
        self.path = path
        self.root = root
        self.problems = problems
        self._constructor = yaml.SafeLoader("")

    @classmethod
    def open(cls, path: Path, problems: list[Problem]) -> Doc | None:
        """Compose ``path``; on a read or syntax error record it and return ``None``."""
        try:
            text = path.read_text(encoding="utf-8")
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except OSError as exc:
            problems.append(Problem(str(path), 0, f"cannot read: {exc.strerror or exc}"))
            return None
        except UnicodeDecodeError:
            problems.append(Problem(str(path), 0, "not UTF-8"))
            return None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 0
            problems.append(Problem(str(path), line, f"YAML syntax: {exc.problem or exc}"))
            return None
        if root is None:
            problems.append(Problem(str(path), 0, "file is empty"))
            return None
        return cls(path, root, problems)

    def error(self, node: Node, message: str) -> None:
        self.problems.append(Problem(str(self.path), node.start_mark.line + 1, message))

    def value(self, node: Node) -> Any:
        """The node as ``yaml.safe_load`` would build it."""
        return self._constructor.construct_object(node, deep=True)

    def mapping(
        self, node: Node | None, allowed: set[str], required: set[str] = frozenset()
    ) -> dict[str, Node] | None:
        """Key → value node; reports wrong type, duplicate, unknown and missing keys."""
        if not isinstance(node, yaml.MappingNode):
            if node is not None:
                self.error(node, f"expected a mapping, found {_kind(node)}")
            return None
        out: dict[str, Node] = {}
        for k, v in node.value:
            key = self.value(k) if isinstance(k, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.error(k, f"keys must be strings, found {_kind(k, key)}")
            elif key in out:
                self.error(k, f"duplicate key {key!r}")
            elif key not in allowed:
                self.error(k, f"unknown key {key!r} (expected one of {', '.join(sorted(allowed))})")
            else:
                out[key] = v
        for key in sorted(required - out.keys()):
            self.error(node, f"missing key {key!r}")
        return out

    def sequence(self, node: Node | None) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"expected a list, found {_kind(node)}")
            return []
        return list(node.value)

    def string(self, node: Node | None, what: str, empty_ok: bool = False) -> str | None:
        if node is None:
            return None
        value = self.value(node) if isinstance(node, yaml.ScalarNode) else node
        if not isinstance(value, str):
            self.error(node, f"{what} must be a string, found {_kind(node, value)}")
            return None
        if not value.strip() and not empty_ok:
            self.error(node, f"{what} must not be empty")
            return None
        return value.strip()

    def strings(self, node: Node | None, what: str) -> list[str]:
        """A list of non-empty strings; a single string is accepted as a one-item list."""
        if node is None:
            return []
        if isinstance(node, yaml.ScalarNode) and isinstance(self.value(node), str):
            s = self.string(node, what)
            return [s] if s else []
        out = []
        for item in self.sequence(node):
            s = self.string(item, f"each item of {what}")
            if s:
                out.append(s)
        return out


def check_id(doc: Doc, node: Node | None, value: str | None) -> None:
    if node is not None and value and not _ID.match(value):
        doc.error(node, f"id {value!r} must be ASCII: lower-case letters, digits, '_'")


def patterns(doc: Doc, node: Node | None) -> tuple[str, ...]:
    """A list of phrases; each must be a non-empty string without an empty part around …."""
    if node is None:
        return ()
    if isinstance(node, yaml.ScalarNode):
        items = [node]
    elif isinstance(node, yaml.SequenceNode):
        items = list(node.value)
    else:
        doc.error(node, "patterns must be a list of phrases")
        return ()
    if not items:
        doc.error(node, "patterns must not be empty")
    good = []
    for item in items:
        pat = doc.string(item, "each pattern")
        if pat is None:
            continue
        if any(not part.strip() for part in pat.split(GAP)):
            doc.error(item, f"pattern {pat!r} has an empty part around '…'")
        else:
            good.append(pat)
    return tuple(dict.fromkeys(good))


def _kind(node: Node, value: Any = None) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"{type(value).__name__} {value!r}" if value is not None else "null"
