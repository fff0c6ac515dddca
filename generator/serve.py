"""``python -m generator serve``: build, serve ``site/`` on localhost, rebuild on change."""

from __future__ import annotations

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


def _snapshot(paths: list[Path]) -> dict[Path, float]:
    files: dict[Path, float] = {}
    for root in paths:
        if root.is_file():
            files[root] = root.stat().st_mtime
        elif root.is_dir():
            for path in root.rglob("*"):
                if path.is_file() and path.name != "anchors.lock":
                    files[path] = path.stat().st_mtime
    return files


def _build(options: BuildOptions) -> None:
    try:
        result = run_build(options)
        print(f"built {len(result.gathered.reports)} reports, "
              f"{len(result.gathered.problems)} problems")
        for problem in result.gathered.problems:
            print(problem)
    except BuildFailed as exc:
        print(f"build failed, still serving the previous site: {exc}")


def serve(options: BuildOptions, addr: str) -> int:
    host, _, port = addr.rpartition(":")
    _build(options)
    site = options.site.resolve()

    class Handler(http.server.SimpleHTTPRequestHandler):
        # ``directory`` is a path string, so a rebuild's swapped-in site/ is served at once.
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Handler, directory=str(site))
    server = socketserver.ThreadingTCPServer((host or "127.0.0.1", int(port)), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving {site} at http://{host or '127.0.0.1'}:{port}/ (Ctrl-C to stop)")
    watched = [options.corpus, options.config, options.config.parent / "overrides"]
    seen = _snapshot(watched)
    try:
        while True:
            time.sleep(1)
            now = _snapshot(watched)
            if now != seen:
                seen = now
                print("change detected, rebuilding…")
                _build(options)
    except KeyboardInterrupt:
        server.shutdown()
    return 0
