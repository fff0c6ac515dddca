"""``python -m generator serve``: build, serve ``site/`` on localhost, rebuild on change.

The preview stays up whatever a rebuild meets: problems are printed as ``file:line`` lines,
a failed build keeps the previous site. Open pages reload themselves once a rebuild has put
a new site in place: every HTML page is sent with a small script (added to the response,
never to the files in ``site/``) that long-polls ``/__livereload`` for the server's
:class:`Status`; while a rebuild runs, or after one failed, the page shows a badge saying so.

The port is bound with ``SO_REUSEADDR`` (a restart right after Ctrl-C does not wait for the
old connections' TIME_WAIT); a port another program listens on is skipped for the next free
one, and the message says which.
"""

from __future__ import annotations

import errno
import functools
import http.server
import json
import logging
import os
import socketserver
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from generator.build import BuildOptions, run_build
from generator.publish.writer import BuildFailed

log = logging.getLogger(__name__)
#: Ports tried after the requested one when it is busy.
PORT_TRIES = 20


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


#: How long a ``/__livereload`` request waits for news before it answers "no change".
POLL_SECONDS = 25.0


class Status:
    """What the open pages learn by long-polling: ``generation`` counts the sites a rebuild
    put in place; ``building``, ``error`` (the last build failed: its message) and
    ``problems`` (the last build's, as ``file:line: message``; the first :data:`SHOWN`) show
    in a badge; ``seq`` counts every change, so a poll returns as soon as anything moved."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.seq = self.generation = self.problem_count = 0
        self.building = False
        self.error = ""
        self.problems: list[str] = []

    def update(self, *, building: bool, error: str = "", problems: Sequence[object] = (),
               new_site: bool = False) -> None:
        with self._changed:
            self.seq += 1
            self.generation += new_site
            self.building, self.error = building, error
            if not building and not error:  # (a failed build leaves the last build's list)
                self.problems = [str(p) for p in problems[:SHOWN]]
                self.problem_count = len(problems)
            self._changed.notify_all()

    def as_dict(self) -> dict[str, object]:
        return {"seq": self.seq, "generation": self.generation, "building": self.building,
                "error": self.error, "problems": self.problems,
                "problem_count": self.problem_count}

    def wait(self, seq: int, timeout: float = POLL_SECONDS) -> dict[str, object]:
        """The status once ``seq`` is not the current one, or after ``timeout`` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.seq != seq, timeout)
            return self.as_dict()


#: How many of a build's problems the badge lists (the console has them all).
SHOWN = 5

#: Sent before ``</body>`` of every page: reload when the site changed; a badge while a
#: rebuild runs, after it failed, or over the last build's problems (all as text, never as
#: markup: file names and messages come from the corpus). Its × hides it until news.
RELOAD_SCRIPT = r"""<script>/* added by `python -m generator serve`, not in site/ */
(function () {
  if (window.__archiveLiveReload) return;
  window.__archiveLiveReload = true;
  // (the first poll, with no known seq, answers at once: the badge shows the state on load)
  var seq = -1, generation = %(generation)d, badge = null, text = null;
  function show(message, tone) {
    if (!message) { if (badge) badge.hidden = true; return; }
    if (!badge) {
      badge = document.createElement("div");
      badge.id = "archive-livereload";
      badge.setAttribute("role", "status");
      badge.style.cssText = "position:fixed;right:1rem;bottom:1rem;z-index:10000;" +
        "max-width:36rem;max-height:40vh;overflow:auto;padding:.5rem 2rem .5rem .8rem;" +
        "border-radius:.3rem;font:14px/1.5 sans-serif;color:#fff;white-space:pre-wrap;" +
        "box-shadow:0 2px 6px rgba(0,0,0,.3)";
      text = document.createElement("span");
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "×";
      close.title = "关闭";
      close.setAttribute("aria-label", "关闭");
      close.style.cssText = "position:absolute;top:.2rem;right:.4rem;border:0;" +
        "background:none;color:inherit;font-size:18px;cursor:pointer";
      close.onclick = function () { badge.hidden = true; };
      badge.appendChild(text);
      badge.appendChild(close);
      document.body.appendChild(badge);
    }
    badge.style.background = {busy: "#37474f", failed: "#b71c1c", problems: "#8d5a00"}[tone];
    text.textContent = message;
    badge.hidden = false;
  }
  function poll() {
    fetch("/__livereload?seq=" + seq, {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.generation !== generation) { location.reload(); return; }
        seq = s.seq;
        if (s.building) show("正在重新构建站点…", "busy");
        else if (s.error) show("构建失败，仍显示上一版站点：\n" + s.error, "failed");
        else if (s.problem_count) show("构建完成，有 " + s.problem_count + " 个问题" +
          "（完整列表见终端）：\n" + s.problems.join("\n"), "problems");
        else show("");
        poll();
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
</script>"""


def with_reload_script(html: bytes, status: dict[str, object]) -> bytes:
    """``html`` with :data:`RELOAD_SCRIPT` before its last ``</body>`` (or at its end)."""
    script = (RELOAD_SCRIPT % status).encode()
    at = html.rfind(b"</body>")
    return html + script if at < 0 else html[:at] + script + html[at:]


class Handler(http.server.SimpleHTTPRequestHandler):
    """Files of the site (``directory`` is a path string, so a rebuild's swapped-in
    ``site/`` is served at once), HTML with the reload script, and ``/__livereload``."""

    status: Status

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def _respond(self, body: bool) -> None:
        url = urlsplit(self.path)
        if url.path == "/__livereload":
            seq = parse_qs(url.query).get("seq", [""])[0]
            state = self.status.wait(int(seq)) if seq.isdigit() else self.status.as_dict()
            self._send(json.dumps(state).encode(), "application/json", body)
            return
        path = self.translate_path(self.path)
        if os.path.isdir(path) and url.path.endswith("/"):
            path = os.path.join(path, "index.html")
        if path.endswith(".html"):
            try:
                with open(path, "rb") as page:
                    html = page.read()
            except OSError:
                pass  # missing, or replaced by a rebuild just now: the usual answer
            else:
                self._send(with_reload_script(html, self.status.as_dict()),
                           "text/html; charset=utf-8", body)
                return
        super().do_GET() if body else super().do_HEAD()

    def _send(self, data: bytes, kind: str, body: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)


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


def _build(options: BuildOptions, status: Status) -> None:
    status.update(building=True)
    try:
        result = run_build(options)
    except BuildFailed as exc:
        print(f"build failed, still serving the previous site: {exc}", flush=True)
        status.update(building=False, error=str(exc))
        return
    except Exception as exc:  # a bug must not end the preview; say what happened
        log.debug("build failed", exc_info=True)
        print(f"build failed (internal error: {exc!r}), still serving the previous site; "
              "please report it", flush=True)
        status.update(building=False, error=f"internal error: {exc!r}")
        return
    status.update(building=False, problems=result.gathered.problems,
                  new_site=not result.unchanged)
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
    status = Status()
    _build(options, status)
    site = options.site.resolve()
    handler = type("SiteHandler", (Handler,), {"status": status})
    try:
        server = bind(host, int(port), functools.partial(handler, directory=str(site)))
    except OSError as exc:
        print(f"cannot serve on {addr}: {exc.strerror or exc}", flush=True)
        return 1
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving {site} at http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)",
          flush=True)
    try:
        _watch(options, status)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0


def _watch(options: BuildOptions, status: Status) -> None:
    watched = [options.corpus, options.config, options.config.parent / "overrides"]
    seen = _snapshot(watched)
    while True:
        time.sleep(1)
        now = _snapshot(watched)
        if now != seen:
            seen = now
            print("change detected, rebuilding…", flush=True)
            _build(options, status)
