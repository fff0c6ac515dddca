"""``python -m generator serve``: build, serve ``site/`` on localhost, rebuild on change.

The preview stays up whatever a rebuild meets: problems are printed as ``file:line`` lines,
a failed build keeps the previous site. The port is bound with ``SO_REUSEADDR`` (a restart
right after Ctrl-C does not wait for the old connections' TIME_WAIT); a port another program
listens on is skipped for the next free one, and the message says which.
"""

from __future__ import annotations

import errno
import functools
import http.server
import logging
import socketserver
import threading
import time
from pathlib import Path

from generator.build import BuildOptions, run_build
from generator.publish.writer import BuildFailed

log = logging.getLogger(__name__)
#: Ports tried after the requested one when it is busy.
PORT_TRIES = 20


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def _snapshot(paths: list[Path]) -> dict[Path, float]:
    files: dict[Path, float] = {}
    for root in paths:
        if root.is_file():
            files[root] = root.stat().st_mtime
        elif root.is_dir():
            for path in root.rglob("*"):
                if path.is_file() and path.name != "anchors.lock" and \
                        ".generator-staging" not in path.parts:
                    files[path] = path.stat().st_mtime
    return files


def _build(options: BuildOptions) -> None:
    try:
        result = run_build(options)
    except BuildFailed as exc:
        print(f"build failed, still serving the previous site: {exc}", flush=True)
        return
    except Exception as exc:  # a bug must not end the preview; say what happened
        log.debug("build failed", exc_info=True)
        print(f"build failed (internal error: {exc!r}), still serving the previous site; "
              "please report it", flush=True)
        return
    done = "nothing changed in" if result.unchanged else "built"
    print(f"{done} {len(result.gathered.reports)} reports, "
          f"{len(result.gathered.problems)} problems", flush=True)
    for problem in result.gathered.problems:
        print(problem, flush=True)


def bind(host: str, port: int, handler: type | functools.partial) -> Server:
    """A server on ``port``, or on the next free one when another program holds it."""
    for candidate in range(port, port + PORT_TRIES):
        try:
            server = Server((host, candidate), handler)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or port == 0:
                raise
            continue
        if candidate != port:
            print(f"port {port} is busy; serving on port {candidate} instead", flush=True)
        return server
    raise OSError(errno.EADDRINUSE, f"ports {port}–{port + PORT_TRIES - 1} are all busy; "
                  "pass a free one with --addr 127.0.0.1:PORT")


def serve(options: BuildOptions, addr: str) -> int:
    host, _, port = addr.rpartition(":")
    host = host or "127.0.0.1"
    _build(options)
    site = options.site.resolve()

    class Handler(http.server.SimpleHTTPRequestHandler):
        # ``directory`` is a path string, so a rebuild's swapped-in site/ is served at once.
        def log_message(self, *args: object) -> None:
            pass

    try:
        server = bind(host, int(port), functools.partial(Handler, directory=str(site)))
    except OSError as exc:
        print(f"cannot serve on {addr}: {exc.strerror or exc}", flush=True)
        return 1
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving {site} at http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)",
          flush=True)
    try:
        _watch(options)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0


def _watch(options: BuildOptions) -> None:
    watched = [options.corpus, options.config, options.config.parent / "overrides"]
    seen = _snapshot(watched)
    while True:
        time.sleep(1)
        now = _snapshot(watched)
        if now != seen:
            seen = now
            print("change detected, rebuilding…", flush=True)
            _build(options)
