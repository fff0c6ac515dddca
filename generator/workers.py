"""Child processes that end with the build: worker pools and the MkDocs subprocess.

A ``kill -9`` of the build cannot run any cleanup in it, and a forked pool worker blocked on
its task queue never sees the queue close (it holds both ends of the pipe). So every child
watches its parent: once the parent is gone (the child is re-parented), the child exits.
Workers also ignore Ctrl-C: the terminal sends SIGINT to the whole process group, and the
build, not each worker, reports it (one line, no traceback) and stops the pool.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor

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


def worker_init() -> None:
    """Initializer for every process pool of the build."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop ``pool`` now (Ctrl-C, an error): drop queued tasks and end the running ones, so no
    worker writes into a staging folder that is being removed."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(1)
