"""The incremental build's cache (ARCHITECTURE.md, "Incremental builds").

``build/cache/<docs folder name>/`` holds, per report, what the per-report stages made of it,
keyed by content, never by time:

* ``parsed``: the parsed :class:`~generator.models.Report`, under the *report key*: a hash of
  the file's path, its bytes and its sidecar's bytes, and of the generator's code;
* ``anchored``: the report with its permanent anchors and its new lock block, under the report
  key and the hash of the lock block it was reconciled against;
* ``labels``: its labels, under the settled key and the taxonomy's hash;
* ``page``: its composed Markdown page, under everything the page is made from (see
  :func:`generator.site.compose.compose_site`).

plus ``state.json``: the *build key* of the last build that committed (code, ``mkdocs.yml``,
theme overrides, taxonomy and meetings, tool versions) and the digest of every docs file it
wrote. A build whose build key differs from the state's is a full build (it says why); the
per-report entries stay valid across such a build where their own keys still match.

Entries are one pickle file each, written atomically; entries no build used are removed by the
next build that committed. A damaged or unreadable entry is a miss.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
FORMAT = 1
PACKAGE = Path(__file__).resolve().parent


def digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the generator's own files (code, templates, the search client's page)."""
    parts: list[bytes | str] = [str(FORMAT), sys.version]
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts += [path.relative_to(PACKAGE).as_posix(), path.read_bytes()]
    return digest(*parts)


def _tree_digest(root: Path) -> list[bytes | str]:
    if root.is_file():
        return [root.name, root.read_bytes()]
    if not root.is_dir():
        return ["-"]
    parts: list[bytes | str] = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return parts


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


def build_key(config: Path, taxonomy_files: tuple[Path, ...]) -> dict[str, str]:
    """What, when changed, makes the next build a full one: one digest per part."""
    overrides = config.parent / "overrides"
    return {
        "generator": code_version(),
        "mkdocs.yml": digest(*_tree_digest(config)),
        "overrides": digest(*_tree_digest(overrides)),
        "taxonomy": digest(*(x for p in taxonomy_files for x in _tree_digest(p))),
        "tools": digest(*(f"{d}={_version(d)}" for d in ("mkdocs", "mkdocs-material",
                                                         "markdown", "jinja2", "pyyaml"))),
    }


class Cache:
    """Per-report entries and the last committed build's state."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.used: set[str] = set()
        self.hits = self.misses = 0
        self._state: dict[str, Any] | None = None

    # -- per-report entries ----------------------------------------------------------------

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / f"{key}.pkl"

    def get(self, kind: str, key: str) -> Any | None:
        path = self._path(kind, key)
        try:
            with path.open("rb") as f:
                value = pickle.load(f)
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception as exc:  # noqa: BLE001 - a damaged entry is a miss, never an error
            log.warning("cache entry %s unreadable (%s); rebuilding it", path, exc)
            self.misses += 1
            return None
        self.used.add(f"{kind}/{key}")
        self.hits += 1
        return value

    def keep(self, kind: str, key: str) -> None:
        """Keep an entry this build did not read or write past the next prune."""
        self.used.add(f"{kind}/{key}")

    def has(self, kind: str, key: str) -> bool:
        return self._path(kind, key).is_file()

    def put(self, kind: str, key: str, value: Any) -> None:
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            with tmp.open("wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
            self.used.add(f"{kind}/{key}")
        except OSError as exc:  # a full disk slows the next build down; it breaks nothing
            log.warning("cannot write cache entry %s: %s", path, exc)

    def prune(self) -> None:
        """Remove the entries this build did not use (only after it committed)."""
        for kind_dir in (p for p in self.root.iterdir() if p.is_dir()) if self.root.is_dir() \
                else ():
            for entry in kind_dir.glob("*/*.pkl"):
                if f"{kind_dir.name}/{entry.stem}" not in self.used:
                    entry.unlink(missing_ok=True)

    # -- the last committed build ------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        if self._state is None:
            try:
                self._state = json.loads((self.root / "state.json").read_text("utf-8"))
            except (OSError, ValueError):
                self._state = {}
        return self._state

    def save_state(self, state: dict[str, Any]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".state.json.{os.getpid()}"
        tmp.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
        tmp.replace(self.root / "state.json")
        self._state = state

    def forget_state(self) -> None:
        """Before a commit: if the build dies after swapping the site, the next one must not
        trust a state that describes the previous site."""
        (self.root / "state.json").unlink(missing_ok=True)
        self._state = {}
