"""How long an open page of ``python -m generator serve`` waits for a change (issue 13).

    python benchmarks/serve_reload.py CORPUS [--work DIR] [--cases edit,add,remove,touch]

Copies CORPUS (a folder of reports, e.g. ``genre_corpus.py OUT 1000``) to ``DIR/corpus`` (with
the project's taxonomy files when it has none), starts ``serve`` there, and waits for its first
build. Then, for each case, changes the corpus as an editor would and long-polls
``/__livereload`` (what the page's script does) until the server reports the rebuild's end:

- ``edit``: one sentence inserted in the middle of one report;
- ``add``: a copy of one report under a new name, with one sentence changed;
- ``remove``: that copy deleted;
- ``touch``: one report saved again with the same bytes (nothing to rebuild).

Printed per case: seconds from the save to the end of the rebuild (the open page reloads then:
``generation`` moved) and whether the page was told to reload; with the machine's load average.
Serve polls the corpus once a second, so up to a second of each figure is that poll.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLAUSE = "，并在本年度内逐项完成整改"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(base: str, seq: int | None = None) -> dict:
    query = "" if seq is None else f"?seq={seq}"
    with urllib.request.urlopen(f"{base}/__livereload{query}", timeout=120) as answer:
        return json.loads(answer.read())


def _after(base: str, seq: int, started: float, limit: float = 3600) -> tuple[float, dict]:
    """Long-poll until a rebuild started after ``seq`` has ended (each rebuild moves ``seq``
    twice: when it starts and when it ends); seconds since ``started``, the final status.
    A save with nothing to rebuild still runs a (short) build: serve rebuilds on any change
    of the corpus's files."""
    first = seq
    while time.perf_counter() - started < limit:
        status = _status(base, seq)
        seq = status["seq"]
        if seq >= first + 2 and not status["building"]:
            return time.perf_counter() - started, status
    raise TimeoutError("no rebuild ended")


def _edit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    at = text.find("。", len(text) // 2)
    path.write_text(text[:at] + CLAUSE + text[at:], encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--work", type=Path, default=Path("benchmarks/out/serve"))
    ap.add_argument("--cases", default="edit,add,remove,touch")
    args = ap.parse_args()
    work = args.work.resolve()
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(args.corpus, work / "corpus",
                    ignore=shutil.ignore_patterns("_manifest.json", "manifest.json"))
    for name in ("taxonomy.yml", "meetings.yml", "examples.yml", "prototypes.yml"):
        if not (work / "corpus" / name).exists():
            shutil.copy(ROOT / "corpus" / name, work / "corpus" / name)
    reports = sorted(p for p in (work / "corpus").iterdir()
                     if p.suffix in (".txt", ".md") and p.is_file())
    target = reports[len(reports) // 2]
    port = _port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--config", str(ROOT / "mkdocs.yml"),
         "--addr", f"127.0.0.1:{port}"], cwd=work, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("serving ") or proc.poll() is not None:
            break
    print(f"{len(reports)} reports; first build and server start: "
          f"{time.perf_counter() - started:.1f} s")
    copy = target.with_name("zz-added" + target.suffix)
    rows = []
    try:
        for case in args.cases.split(","):
            time.sleep(2)  # past the last poll of the corpus
            before = _status(base)
            t0 = time.perf_counter()
            if case == "edit":
                _edit(target)
            elif case == "add":
                copy.write_text(target.read_text(encoding="utf-8").replace("。", "。另", 1),
                                encoding="utf-8")
            elif case == "remove":
                copy.unlink()
            elif case == "touch":
                target.write_bytes(target.read_bytes())
            else:
                raise SystemExit(f"unknown case {case!r}")
            seconds, after = _after(base, before["seq"], t0)
            reloaded = after["generation"] != before["generation"]
            rows.append((case, seconds, reloaded, os.getloadavg()[0]))
            print(f"  {case:7s} {seconds:7.1f} s  page reloaded: {'yes' if reloaded else 'no'}"
                  f"  load {os.getloadavg()[0]:.1f}", flush=True)
        print("| case | save → page reloaded (s) | reloaded | load |")
        print("|---|---|---|---|")
        for case, seconds, reloaded, load in rows:
            print(f"| {case} | {seconds:.1f} | {'yes' if reloaded else 'no'} | {load:.1f} |")
    finally:
        # (not communicate(): the detached removal of a replaced site may hold the pipe open)
        os.killpg(proc.pid, signal.SIGINT)
        proc.stdout.close()
        proc.wait(timeout=120)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
