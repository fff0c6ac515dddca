"""Staging: the one place a build writes before anything it replaces is touched.

Each build gets one folder, ``build/.staging/<pid>-<start>-<random>/`` beside the docs folder
(``build/`` is git-ignored): the docs tree, the search index's scratch files, the new site and
the new anchors lock are made there and then renamed into place by
:mod:`generator.publish.commit`. A target on another file system than ``build/`` (a ``--site``
on another disk) gets its folder beside it, ``<parent>/.generator-staging/<same name>/``, so
that final rename stays atomic. Folders are created with the umask's mode (not ``mkdtemp``'s
0700), so the site a web server reads ends up 0755/0644.

A build removes its folders however it ends; a build killed with ``kill -9`` cannot, so every
build first sweeps the folders of builds no longer running (their process id and its start
time are in the name, so a re-used id does not keep debris alive), completing their commit
when they died in the middle of one.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

HOME = ".staging"
AWAY = ".generator-staging"
_NAME = re.compile(r"(\d+)-(\d*)-[0-9a-f]+\Z")
_LEGACY_AGE = 3600.0


class Staging:
    """One build's staging folders; :meth:`close` removes them."""

    def __init__(self, build_dir: Path) -> None:
        self.build_dir = build_dir
        self.name = f"{os.getpid()}-{start_time(os.getpid())}-{secrets.token_hex(4)}"
        self.committed = False
        self._own: list[Path] = []

    @property
    def home(self) -> Path:
        """This build's folder in ``build/.staging`` (created by the first :meth:`folder`)."""
        return self.build_dir / HOME / self.name

    def folder(self, name: str, beside: Path) -> Path:
        """A new empty folder on ``beside``'s file system, for what will replace it."""
        beside.parent.mkdir(parents=True, exist_ok=True)
        self.build_dir.mkdir(parents=True, exist_ok=True)
        own = self.home if same_fs(self.build_dir, beside.parent) else \
            beside.parent / AWAY / self.name
        own.mkdir(parents=True, exist_ok=True)
        if own not in self._own:
            self._own.append(own)
        path = own / name
        path.mkdir()
        return path

    def close(self) -> None:
        """Remove this build's folders. After a commit they hold only the trees the build
        replaced (the previous site: hundreds of thousands of files at 10,000 reports), so
        a detached process removes them and the build returns at once."""
        for own in self._own:
            if self.committed:
                remove_later(own)
            else:
                remove(own)
                _rmdir_if_empty(own.parent)


def roots(build_dir: Path, targets: Iterable[Path]) -> list[Path]:
    """Every staging root a build with these targets may have used."""
    return [build_dir / HOME, *dict.fromkeys(t.parent / AWAY for t in targets)]


def sweep(roots: Iterable[Path], recover: Callable[[Path], None]) -> None:
    """Remove the staging folders of builds that are no longer running (``recover`` each
    first: it finishes a commit the build died in)."""
    for root in roots:
        for entry in _entries(root):
            if not alive(entry.name):
                recover(entry)
                remove(entry)
        _rmdir_if_empty(root)


def sweep_legacy(site: Path, docs: Path, lock: Path) -> None:
    """Staging that earlier versions left beside the targets (``.site.tmp-XXXX``,
    ``.site.old-PID``, ``build/.searchindex-XXXX``, ``.anchors.lock.tmp-PID``): removed
    once it is an hour old."""
    prefixes = {(site.parent, f".{site.name}.tmp-"), (site.parent, f".{site.name}.old-"),
                (docs.parent, f".{docs.name}.tmp-"), (docs.parent, f".{docs.name}.old-"),
                (docs.parent, ".searchindex-"), (lock.parent, f".{lock.name}.tmp-")}
    now = time.time()
    for folder in {f for f, _ in prefixes}:
        starts = tuple(p for f, p in prefixes if f == folder)
        for entry in _entries(folder):
            if entry.name.startswith(starts) and now - entry.lstat().st_mtime > _LEGACY_AGE:
                remove(entry)


def alive(name: str) -> bool:
    """Whether the build that owns staging folder ``name`` is still running."""
    match = _NAME.match(name)
    if not match:
        return True  # not a staging folder of ours: leave it alone
    pid, start = int(match[1]), match[2]
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process with this id
    now = start_time(pid)
    return now != "Z" and (not start or not now or now == start)


def start_time(pid: int) -> str:
    """The process' start time in clock ticks since boot (Linux ``/proc``), ``Z`` for a zombie,
    ``""`` where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""
    fields = stat.rpartition(")")[2].split()
    if len(fields) < 20:
        return ""
    return "Z" if fields[0] in ("Z", "X") else fields[19]


def same_fs(a: Path, b: Path) -> bool:
    try:
        return os.stat(a).st_dev == os.stat(b).st_dev
    except OSError:
        return False


def remove(path: Path) -> None:
    """Remove a file or tree; a dying writer may still add a file, so try twice."""
    for _ in range(2):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        if not os.path.lexists(path):
            return
        time.sleep(0.1)


#: The detached remover: it takes the folder under a staging name of its own first, so a
#: build's sweep leaves it alone while it runs, and removes what it leaves if it dies.
_REMOVER = """
import os, secrets, shutil, sys
path = sys.argv[1]
start = open("/proc/self/stat").read().rpartition(")")[2].split()[19]
mine = os.path.join(os.path.dirname(path), f"{os.getpid()}-{start}-{secrets.token_hex(4)}")
try:
    os.rename(path, mine)
except OSError:
    sys.exit(0)
shutil.rmtree(mine, ignore_errors=True)
try:
    os.rmdir(os.path.dirname(mine))
except OSError:
    pass
"""


def remove_later(path: Path) -> None:
    """Remove a staging folder in a detached process (here, where that cannot start)."""
    try:
        subprocess.Popen([sys.executable, "-c", _REMOVER, str(path)], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    except OSError:
        remove(path)
        _rmdir_if_empty(path.parent)


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def _rmdir_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not empty (another build is staging), or gone
        folder.rmdir()
