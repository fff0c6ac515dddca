"""Child processes that end with the build: worker pools and the MkDocs subprocess.

A ``kill -9`` of the build cannot run any cleanup in it, and a forked pool worker blocked on
its task queue never sees the queue close (it holds both ends of the pipe). So every child
watches its parent: once the parent is gone (the child is re-parented), the child exits.
Workers also ignore Ctrl-C: the terminal sends SIGINT to the whole process group, and the
build, not each worker, reports it (one line, no traceback) and stops the pool. A Ctrl-C that
arrives between a fork and the worker's initializer would still raise in the new worker (and
print its traceback), so pools are started inside :func:`holding_ctrl_c`: the child is born
with SIGINT blocked and unblocks it only once it ignores it.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import multiprocessing as mp
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

T = TypeVar("T")

#: How often a child checks that its parent is alive (seconds).
POLL = 0.2

#: The same watch for a ``python -c`` child that cannot import this package.
WATCH_SOURCE = f"""
import os as _os, threading as _threading, time as _time
_parent = _os.getppid()
def _watch():
    while _os.getppid() == _parent:
        _time.sleep({POLL})
    _os._exit(1)
_threading.Thread(target=_watch, daemon=True).start()
"""


def die_with_parent() -> None:
    """Exit this process as soon as the process that started it is gone."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(POLL)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


@contextmanager
def holding_ctrl_c() -> Iterator[None]:
    """Hold back Ctrl-C in this thread while it forks workers (create the pool and submit its
    first tasks in here); a Ctrl-C that came meanwhile is raised on leaving."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def worker_init() -> None:
    """Initializer for every process pool of the build."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # see holding_ctrl_c
    die_with_parent()


def fork_pool(jobs: int) -> mp.pool.Pool:
    """A pool of ``jobs`` forked workers (they read the parent's memory), all started now."""
    with holding_ctrl_c():
        return mp.get_context("fork").Pool(jobs, initializer=worker_init)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop ``pool`` now (Ctrl-C, an error): drop queued tasks and end the running ones, so no
    worker writes into a staging folder that is being removed."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(1)


_job: tuple[Callable[..., Any], tuple] | None = None


def _run_job() -> Any:
    assert _job is not None
    make, args = _job
    return make(*args)


@contextmanager
def beside(make: Callable[..., T], args: tuple, parallel: bool = True
           ) -> Iterator[Callable[[], T]]:
    """Run ``make(*args)`` in a forked process while the caller goes on; yields a function
    that waits for its result (pickled back). Here, in order, when not ``parallel``, with one
    core or without ``fork``. The child reads the caller's memory as it was at the fork."""
    global _job
    if not parallel or (os.cpu_count() or 1) < 2 or "fork" not in mp.get_all_start_methods():
        yield lambda: make(*args)
        return
    _job = (make, args)
    gc.freeze()  # the collector would touch (and copy) every shared object
    pool = ProcessPoolExecutor(1, mp_context=mp.get_context("fork"), initializer=worker_init)
    try:
        with holding_ctrl_c():  # the submit forks the worker
            future = pool.submit(_run_job)
        _job = None
        gc.unfreeze()
        yield future.result
    except BaseException:
        stop_pool(pool)
        raise
    finally:
        _job = None
        pool.shutdown()


class ApartFailed(RuntimeError):
    """The process :func:`apart` started failed; the message ends with its traceback."""


@contextmanager
def apart(make: Callable[..., T], args: tuple, parallel: bool = True
          ) -> Iterator[Callable[[], T]]:
    """:func:`beside`, in a new interpreter (``python -m generator.workers``) rather than a
    fork: it does not carry this process's memory (every page of which a forked child counts
    in its own resident size: two gigabytes at 10,000 reports), only ``make`` and ``args``,
    pickled to it (``make`` must be importable by name). Nothing is imported in it but what
    they need (unlike ``multiprocessing``'s spawn, which runs the caller's main module
    again). The result comes back pickled; an exception in it raises :class:`ApartFailed`."""
    if not parallel or (os.cpu_count() or 1) < 2:
        yield functools.partial(make, *args)
        return
    read, write = os.pipe()
    root = str(Path(__file__).resolve().parent.parent)  # where this package is imported from
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (root, os.environ.get("PYTHONPATH", "")) if p)}
    try:
        with holding_ctrl_c():  # the child is born with Ctrl-C blocked (see worker_init)
            child = subprocess.Popen([sys.executable, "-m", "generator.workers", str(write)],
                                     stdin=subprocess.PIPE, pass_fds=(write,), env=env)
    finally:
        os.close(write)
    assert child.stdin is not None
    name = make.__qualname__
    sent = threading.Thread(target=_send, args=(child.stdin, (make, args)), daemon=True)
    del make, args  # the thread holds them while it sends them, not longer
    sent.start()

    def result() -> T:
        with os.fdopen(read, "rb") as f:
            out = f.read()
        child.wait()
        sent.join()
        try:
            ok, value = pickle.loads(out)
        except Exception:  # noqa: BLE001 - killed, or died before it could answer
            raise ApartFailed(f"{name} ended with status {child.returncode} and no result"
                              ) from None
        if not ok:
            raise ApartFailed(f"{name} failed:\n{value}")
        return value

    try:
        yield result
    finally:
        if child.poll() is None:  # not waited for (the caller failed first): stop it now
            child.kill()
            child.wait()
        with contextlib.suppress(OSError):
            os.close(read)


def _send(pipe: BinaryIO, job: tuple) -> None:
    with contextlib.suppress(BrokenPipeError), pipe:
        pickler = pickle.Pickler(pipe, protocol=pickle.HIGHEST_PROTOCOL)
        # no memo: it would hold every object pickled (and whatever their __reduce__ made
        # for the occasion) until the end; a job's arguments hold no cycles
        pickler.fast = True
        pickler.dump(job)


def _serve(fd: int) -> None:
    """The child of :func:`apart`: one job from stdin, its result to ``fd``."""
    worker_init()
    make, args = pickle.load(sys.stdin.buffer)
    try:
        answer: tuple[bool, Any] = (True, make(*args))
    except BaseException:  # noqa: BLE001 - sent back, raised there
        answer = (False, traceback.format_exc())
    with os.fdopen(fd, "wb") as out:
        pickle.dump(answer, out, protocol=pickle.HIGHEST_PROTOCOL)


def trim_heap() -> None:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``; nothing
    elsewhere). Numpy arrays under malloc's mmap threshold, freed between longer-lived
    objects, otherwise stay resident: 700 MB after the shared-phrasing text of 10,000
    reports is joined from its per-report arrays."""
    with contextlib.suppress(OSError, AttributeError, TypeError):  # not glibc
        ctypes.CDLL(None).malloc_trim(0)


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
