"""Anchor stability benchmark (issue 5): do old passage links still land on their passage
after the corpus is edited?

    python -m benchmarks.anchor_stability [--classes abcdef] [--seed 5] [--workers 4]

Copies ``corpus/`` (with its ``anchors.lock``) to a temp dir and builds it with the CLI; every
passage URL of that build is an "old link". Then, per edit class (see
:mod:`benchmarks.anchor_edits`), a fresh copy with the first build's lock is edited and
rebuilt, and every old link is opened in headless Chromium (Debian's, never a downloaded
one). A link lands on the *same passage* when the highlighted passage's text is the old text
or its edited version, *forwarded* when a notice says the passage changed or vanished.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import http.server
import os
import random
import re
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in {None, ""}:  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.anchor_edits import EDITS, Passage, Variant, apply, locate
from generator.site.exports import load_passages

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SAME_TARGET = {"a", "b", "c", "e", "f"}
LAND_TIMEOUT = 4.0  # seconds for a link to land (a redirect page adds one navigation)

# What the page shows once it has landed: null while it has not (yet).
_PROBE = """() => {
  if (document.querySelector('.redirect')) return null;
  const article = document.querySelector('.report-head');
  const hl = document.querySelector('.psg-hl');
  const notice = document.querySelector('.cite-notice');
  if (!article) return {path: location.pathname, page: false};
  if (!hl && !notice) return null;
  const clean = el => { const c = el.cloneNode(true);
    c.querySelectorAll('.psg-link, .psg-cite, .cite-sel').forEach(x => x.remove());
    return c.textContent; };
  const shown = notice && notice.getBoundingClientRect().height > 0
    && getComputedStyle(notice).visibility !== 'hidden';
  return {path: location.pathname, page: true, id: hl ? hl.id : null,
          text: hl ? clean(hl) : null, notice: shown ? notice.textContent : null};
}"""


# Forget the previous landing (landing.js remembers it for a moment, to tell Material's own hash
# updates from arrivals), then follow a link to another passage of the same page.
_RESET = """url => {
  if (window.archiveCite && archiveCite.forget) archiveCite.forget();
  document.querySelectorAll('.psg-hl').forEach(x => x.classList.remove('psg-hl'));
  document.querySelectorAll('.cite-notice').forEach(x => x.remove());
  history.replaceState(null, '', '#');
  location.href = url;
}"""


@dataclass(slots=True)
class Outcome:
    key: str
    url: str
    status: int
    landed: dict | None
    fresh: bool = True


@dataclass(slots=True)
class Figures:
    name: str
    title: str
    links: int = 0
    same: int = 0
    forwarded: int = 0
    sensible: int = 0
    not_found: int = 0
    deleted: int = 0
    deleted_forwarded: int = 0
    seconds: float = 0.0
    fresh: int = 0
    """Links opened with a full page load (the others: fragment navigation)."""
    note: str = ""


# --- building -------------------------------------------------------------------------------


def build(workdir: Path) -> str:
    """``python -m generator build`` on ``workdir/corpus`` into ``workdir/site`` (run inside
    ``workdir`` so the intermediate ``build/docs`` stays there too). Returns the build's
    anchor counts as it prints them."""
    cmd = [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--corpus",
        "corpus",
        "--site",
        "site",
        "--config",
        str(ROOT / "mkdocs.yml"),
    ]
    # This checkout's generator, whichever checkout the environment has installed.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    proc = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, env=env)
    if proc.returncode != 0:  # once more: the checkout may have been mid-edit
        proc = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"build failed in {workdir}:\n{proc.stderr[-3000:]}")
    rows = [
        re.findall(r"(anchors[^│┃|]*?|reports renamed[^│┃|]*?)\s*[│┃|]\s*(\d+)", line)
        for line in proc.stderr.splitlines()
    ]
    return ", ".join(f"{name.strip()} {n}" for row in rows for name, n in row if "(s)" not in name)


def passages(site: Path) -> list[Passage]:
    out = []
    for r in load_passages(site / "data"):
        anchor = r["id"].split("#")[1]
        out.append(
            Passage(r["report"], anchor, r["kind"], r["path"], r["text"], r["url"], r["lead"])
        )
    return out


def structure_change(before: Path, after: Path) -> str:
    """How much the edit changed the parser's output: passages, and anchors kept under a
    different outline path or kind (the numbering a position link would use)."""
    old = {(p.report, p.anchor): p for p in passages(before)}
    new = {(p.report, p.anchor): p for p in passages(after)}
    moved = sum(
        1 for k, p in new.items() if k in old and (old[k].path, old[k].kind) != (p.path, p.kind)
    )
    return f"passages {len(old)} → {len(new)}, {moved} kept anchors at a new path"


def variant_dir(tmp: Path, base: Path, variant: Variant) -> Path:
    """A fresh copy of the base corpus (with the base build's lock), edited and built."""
    work = tmp / variant.name
    shutil.copytree(base / "corpus", work / "corpus")
    apply(variant, work / "corpus")
    counts = build(work)
    print(
        f"({variant.name}) build: {counts or 'no anchor counts printed'}; "
        f"{structure_change(base / 'site', work / 'site')}",
        flush=True,
    )
    return work


# --- serving and checking -------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(directory: Path) -> str:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    # The next link interrupts a page's loads (broken pipes): nothing worth a traceback.
    server.handle_error = lambda request, address: None  # type: ignore[method-assign]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


async def _open(page, url: str, fresh: bool) -> tuple[int, dict | None]:  # noqa: ANN001
    """Open ``url`` and wait until the page has landed (or give up). ``fresh``: a new page
    load, as when a pasted link is opened; otherwise, when the page already shows that
    report, a fragment navigation (the same landing code runs on ``hashchange``)."""
    statuses: list[int] = []

    def on_response(response) -> None:  # noqa: ANN001
        if response.request.resource_type == "document" and response.frame == page.main_frame:
            statuses.append(response.status)

    page.on("response", on_response)
    try:
        if not fresh and page.url.split("#")[0] == url.split("#")[0]:
            await page.evaluate(_RESET, url)
        else:
            await page.goto("about:blank")
            await page.goto(url, wait_until="domcontentloaded")
        landed = await _wait_landed(page)
    finally:
        page.remove_listener("response", on_response)
    return max(statuses, default=0), landed


async def _wait_landed(page) -> dict | None:  # noqa: ANN001
    """The landing once it is stable: two equal reads in a row (Material may re-render, and
    other scripts react to the same hash change, after the first landing)."""
    deadline = time.monotonic() + LAND_TIMEOUT
    landed = previous = None
    while time.monotonic() < deadline:
        try:
            landed = await page.evaluate(_PROBE)
        except Exception:  # noqa: BLE001 - a redirect destroyed the context; try again
            landed = None
        if landed is not None and landed == previous:
            return landed
        previous = landed
        await asyncio.sleep(0.12 if landed is not None else 0.05)
    return landed


async def check_links(
    base_url: str, links: list[Passage], workers: int, fresh_every: int
) -> list[Outcome]:
    """Open every link; a worker takes one report's links at a time so that most links can
    be followed without reloading (every ``fresh_every``-th one, and each report's first,
    is a full page load)."""
    from playwright.async_api import async_playwright

    groups: dict[str, list[Passage]] = {}
    for link in links:
        groups.setdefault(link.report, []).append(link)
    queue: asyncio.Queue[list[Passage]] = asyncio.Queue()
    for group in sorted(groups.values(), key=len, reverse=True):
        queue.put_nowait(group)
    results: list[Outcome] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = await browser.new_context(viewport={"width": 1280, "height": 900})

        async def worker() -> None:
            page = await context.new_page()
            while not queue.empty():
                for i, link in enumerate(queue.get_nowait()):
                    fresh = fresh_every <= 1 or i % fresh_every == 0
                    status, landed = await _open(page, base_url + link.url, fresh)
                    key = f"{link.report}#{link.anchor}"
                    results.append(Outcome(key, link.url, status, landed, fresh))
            await page.close()

        await asyncio.gather(*(worker() for _ in range(workers)))
        await browser.close()
    return results


# --- scoring --------------------------------------------------------------------------------


def _norm(text: str | None) -> str:
    return "".join((text or "").split())


def accepted(variant: Variant, passage: Passage) -> set[str]:
    """Normalised texts that count as "the same passage" for an old link."""
    key = f"{passage.report}#{passage.anchor}"
    expected = variant.expected.get(key, passage.text)
    if expected is None:
        return set()
    return {_norm(t) for t in (expected, passage.text, *variant.parts.get(key, ()))}


def score(variant: Variant, outcomes: list[Outcome], old: dict[str, Passage]) -> Figures:
    fig = Figures(variant.name, variant.title, links=len(outcomes))
    for out in outcomes:
        passage = old[out.key]
        slug = variant.slugs.get(passage.report, passage.report)
        landed = out.landed or {}
        on_report = landed.get("page") and landed.get("path", "").endswith(f"/reports/{slug}/")
        texts = accepted(variant, passage)
        same = bool(on_report and landed.get("text") is not None and _norm(landed["text"]) in texts)
        forwarded = bool(on_report and landed.get("notice") and landed.get("id"))
        fig.not_found += out.status >= 400
        fig.same += same
        fig.forwarded += forwarded and not same
        fig.sensible += same or forwarded
        if not texts:
            fig.deleted += 1
            fig.deleted_forwarded += forwarded
    return fig


def failures(
    variant: Variant, outcomes: list[Outcome], old: dict[str, Passage], limit: int = 5
) -> list[str]:
    """A few links that did not land where they should, for the log: a surviving passage
    not landed on, or a deleted one not forwarded with the notice."""
    out = []
    for o in outcomes:
        passage = old[o.key]
        texts = accepted(variant, passage)
        landed = o.landed or {}
        if not texts and landed.get("notice") and landed.get("id"):
            continue
        if _norm(landed.get("text")) in texts:
            continue
        what = "" if texts else "deleted "
        out.append(
            f"    {o.url} ({what}{passage.kind} {passage.path or '-'}: {passage.text[:18]}…) "
            f"→ {landed.get('path')}#{landed.get('id')} notice={bool(landed.get('notice'))}"
            f" status={o.status} {'load' if o.fresh else 'hash'}"
        )
        if len(out) >= limit:
            break
    return out


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:6.1f}%" if d else "     –"


def met(f: Figures) -> bool:
    """Issue 5's targets: every link sensible, no 404, ≥ 99% same passage outside (d)."""
    ok = f.sensible == f.links and f.not_found == 0
    return ok and (f.name not in SAME_TARGET or f.same >= 0.99 * f.links)


def table(figures: list[Figures]) -> str:
    head = (
        f"{'class':<58} {'links':>5} {'same':>7} {'fwd+note':>8} {'sensible':>8} "
        f"{'404':>4} {'deleted→fwd':>11} {'target':>6}"
    )
    rows = [head, "-" * len(head)]
    for f in figures:
        deleted = f"{f.deleted_forwarded}/{f.deleted}" if f.deleted else "–"
        rows.append(
            f"({f.name}) {f.title:<54} {f.links:>5} {pct(f.same, f.links)} "
            f"{pct(f.forwarded, f.links):>8} {pct(f.sensible, f.links):>8} "
            f"{f.not_found:>4} {deleted:>11} {'met' if met(f) else 'MISSED':>6} {f.note}"
        )
    return "\n".join(rows)


# --- main -----------------------------------------------------------------------------------


def run(
    classes: str, seed: int, workers: int, keep: Path | None, fresh_every: int
) -> list[Figures]:
    tmp = Path(tempfile.mkdtemp(prefix="anchor-bench-")) if keep is None else keep
    base = tmp / "base"
    shutil.copytree(ROOT / "corpus", base / "corpus")
    build(base)
    old_list = passages(base / "site")
    old = {f"{p.report}#{p.anchor}": p for p in old_list}
    print(
        f"base build: {len(old_list)} passages in "
        f"{len({p.report for p in old_list})} reports ({tmp})",
        flush=True,
    )
    figures = [run_class(name, tmp, base, old, seed, workers, fresh_every) for name in classes]
    if keep is None:
        shutil.rmtree(tmp, ignore_errors=True)
    return figures


def run_class(
    name: str,
    tmp: Path,
    base: Path,
    old: dict[str, Passage],
    seed: int,
    workers: int,
    fresh_every: int,
) -> Figures:
    """Edit, rebuild and check one class; a build that fails counts every link as lost."""
    started = time.monotonic()
    old_list = list(old.values())
    variant = EDITS[name](locate(base / "corpus", old_list), random.Random(seed))
    try:
        work = variant_dir(tmp, base, variant)
    except RuntimeError as exc:
        print(f"({name}) {exc}", flush=True)
        return Figures(name, variant.title, links=len(old_list), note="build failed")
    outcomes = asyncio.run(check_links(serve(work / "site"), old_list, workers, fresh_every))
    fig = score(variant, outcomes, old)
    fig.seconds = time.monotonic() - started
    fig.fresh = sum(o.fresh for o in outcomes)
    print(
        f"({name}) {variant.title}: {fig.same}/{fig.links} same, {fig.forwarded} forwarded, "
        f"{fig.not_found} not found; {fig.fresh} full page loads [{fig.seconds:.0f}s]",
        flush=True,
    )
    for line in failures(variant, outcomes, old):
        print(line, flush=True)
    return fig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--classes",
        default="abcdef",
        help="edit classes to run (default: issue 5's six; g: layout only)",
    )
    parser.add_argument("--seed", type=int, default=5, help="RNG seed for (b) and (d)")
    parser.add_argument("--workers", type=int, default=4, help="browser pages in parallel")
    parser.add_argument("--keep", type=Path, help="work in this (new) folder and keep it")
    parser.add_argument(
        "--fresh-every",
        type=int,
        default=5,
        help="every n-th link of a report is a full page load (1 = all)",
    )
    args = parser.parse_args(argv)
    figures = run(args.classes, args.seed, args.workers, args.keep, args.fresh_every)
    print()
    print(table(figures))
    return 0 if all(met(f) for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
