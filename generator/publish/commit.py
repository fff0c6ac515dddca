"""Commit: put a finished build's docs, site and anchors lock in place, all or nothing.

The site and ``corpus/anchors.lock`` belong together (the lock records the anchors the
published site hands out), but no file system renames two things at once. So the commit is
journalled: once everything is staged, a journal naming each move is written into the
build's staging folder; then each folder is exchanged with its target (Linux ``renameat2``
``RENAME_EXCHANGE``, atomic: ``site/`` is never missing; elsewhere two renames), then the lock
is renamed over the old one, then the journal is removed. A build killed in between leaves the
journal behind, and the next build's sweep (:func:`recover`) completes the commit from it
before reading the lock: a target still holding the tree it held before the commit gets the
staged one, the lock is replaced unless someone changed it meanwhile. Ctrl-C during the commit
is held back until it is done. Commits into one folder are serialized (``flock``), so two
concurrent builds cannot pair one's site with the other's lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import logging
import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)
JOURNAL = "commit.json"
#: In a ``KeyboardInterrupt``'s args when the new site was already in place.
COMMITTED = "committed"


@dataclass(frozen=True, slots=True)
class Move:
    """Replace ``target`` by ``staged`` (a folder, or the lock file)."""

    staged: Path
    target: Path


def commit(folders: list[Move], lock: Move | None, journal_dir: Path) -> None:
    """Exchange each of ``folders`` (in order; the site last), then move ``lock``."""
    with _serialized(folders[-1].target.parent), _interrupts_held():
        journal = {"folders": [[str(m.staged), str(m.target), _ino(m.staged), _ino(m.target)]
                               for m in folders],
                   "lock": lock and [str(lock.staged), str(lock.target), _sig(lock.target)]}
        tmp = journal_dir / f"{JOURNAL}.tmp"
        tmp.write_text(json.dumps(journal), encoding="utf-8")
        tmp.replace(journal_dir / JOURNAL)
        for move in folders:
            exchange(move.staged, move.target)
        if lock is not None:
            os.replace(lock.staged, lock.target)
        (journal_dir / JOURNAL).unlink()


def recover(staging: Path) -> None:
    """Complete the commit a dead build left a journal of in ``staging`` (else do nothing).
    Never raises: a journal that cannot be followed must not stop every later build."""
    try:
        journal = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    try:
        _complete(journal)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("could not complete the commit of an interrupted build (%s): %s; "
                    "this build replaces it", staging, exc)


def _complete(journal: dict) -> None:
    folders = [(Path(s), Path(t), new, old) for s, t, new, old in journal["folders"]]
    with _serialized(folders[-1][1].parent):
        for staged, target, new, old in folders:
            if _ino(staged) == new and (not os.path.lexists(target) or _ino(target) == old):
                exchange(staged, target)  # not exchanged yet, and nobody replaced the target
        _, site, new, _ = folders[-1]
        if journal["lock"] and _ino(site) == new:
            staged, target, before = journal["lock"]
            if os.path.exists(staged) and _sig(Path(target)) == before:
                os.replace(staged, target)  # unless someone changed the lock meanwhile


def exchange(new: Path, target: Path) -> None:
    """Put ``new`` at ``target``; the old tree ends up at ``new``'s path (to be removed)."""
    if not os.path.lexists(target):
        new.rename(target)
        return
    if _rename_exchange(new, target):
        return
    # Two renames: a kill between them leaves no target; recover() then puts ``new`` there.
    aside = new.with_name(new.name + ".old")
    target.rename(aside)
    new.rename(target)
    aside.rename(new)


def _load_renameat2():  # noqa: ANN202 - a ctypes function or None
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):
        return None  # not Linux, or glibc before 2.28


_RENAMEAT2 = _load_renameat2()
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def _rename_exchange(a: Path, b: Path) -> bool:
    """Atomically exchange ``a`` and ``b``; False where the system cannot."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False  # this file system cannot exchange
    raise OSError(err, os.strerror(err), str(b))


def _ino(path: Path) -> list[int] | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return [st.st_dev, st.st_ino]


def _sig(path: Path) -> list[int] | None:
    """Identifies the lock file's version: replaced or edited files differ."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns]


@contextlib.contextmanager
def _serialized(folder: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; concurrent builds are on their own
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C back until the block is done, then raise it (marked :data:`COMMITTED`)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else
                      signal.default_int_handler)
    if caught:
        raise KeyboardInterrupt(COMMITTED)
