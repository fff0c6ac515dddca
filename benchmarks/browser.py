"""Headless Chromium drivers for the benchmark: the archive's search page and Material's lunr."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Sum of the bytes of every resource the page has loaded so far (resource timing).
_BYTES_JS = """() => performance.getEntriesByType('resource').concat(
  performance.getEntriesByType('navigation')).reduce((s, e) => s + (e.encodedBodySize || 0), 0)"""
_SEARCH_BYTES_JS = """() => performance.getEntriesByType('resource').filter(e =>
  /searchindex|assets\\/search/.test(e.name)).reduce((s, e) => s + (e.encodedBodySize || 0), 0)"""


@dataclass(slots=True)
class QueryRun:
    query: str
    pids: list[int]
    total: int
    ms: float
    """Time to first results as the page measures it (data-ms)."""
    bytes: int
    """Bytes of index and client files fetched for this query."""
    page_bytes: int = 0
    """All bytes the page loaded for this query (the first one: the whole page)."""
    extra: dict = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """``python -m http.server`` on ``root``; yields the base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(root),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)):
                break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait()


@contextlib.contextmanager
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def run_archive(page, base: str, queries: list[str]) -> list[QueryRun]:
    """Run ``queries`` on the search page, the first by URL, the rest by the page's own form."""
    page.add_init_script("performance.setResourceTimingBufferSize(1000000)")
    runs = []
    before = before_all = 0
    for i, query in enumerate(queries):
        started = time.perf_counter()
        if i == 0:
            page.goto(base + "search/?q=" + query)
        else:
            page.fill(".archive-sp__input", query)
            page.press(".archive-sp__input", "Enter")
        page.wait_for_function(
            "q => { const l = document.querySelector('#archive-results');"
            " return l && l.dataset.query === q && l.hasAttribute('data-total'); }",
            arg=query,
            timeout=120_000,
        )
        wall = (time.perf_counter() - started) * 1000
        after, after_all = page.evaluate(_SEARCH_BYTES_JS), page.evaluate(_BYTES_JS)
        total = int(page.get_attribute("#archive-results", "data-total"))
        ms = float(page.get_attribute("#archive-results", "data-ms") or wall)
        pids = page.evaluate(
            "async q => (await ArchiveSearch.engine().search(q, {})).hits.map(h => h.pid)", query
        )
        runs.append(
            QueryRun(
                query, pids, total, ms, after - before, after_all - before_all, {"wall_ms": wall}
            )
        )
        before, before_all = page.evaluate(_SEARCH_BYTES_JS), page.evaluate(_BYTES_JS)
    return runs


# Material's default query transform (search.transform in its config), then the lunr worker.
_LUNR_JS = """async ([queries, setupOnly]) => {
  const config = JSON.parse(document.getElementById('__config').textContent);
  const base = new URL(config.base.replace(/\\/?$/, '/'), location.href);
  const transform = q => q.split(/"([^"]+)"/g).map((t, i) => i & 1 ?
    t.replace(/^\\b|^(?![^\\x00-\\x7F]|$)|\\s+/g, ' +') : t).join('')
    .replace(/"|(?:^|\\s+)[*+\\-:^~]+(?=\\s+|$)/g, '').trim();
  const worker = new Worker(new URL(config.search, base));
  const ask = msg => new Promise(res => {
    worker.onmessage = e => res(e.data);
    worker.postMessage(msg);
  });
  const t0 = performance.now();
  const index = await (await fetch(new URL('search/search_index.json', base))).json();
  // Setup as Material's own client sends it.
  await ask({type: 0, data: {...index, options: {suggest: false}}});
  const setup = performance.now() - t0;
  const out = [];
  for (const q of queries) {
    const t = performance.now();
    const res = await ask({type: 2, data: transform(q)});
    const pages = new Set();
    for (const group of res.data.items) {
      for (const doc of group) pages.add(doc.location.split('#')[0]);
    }
    out.push({query: q, pages: [...pages], ms: performance.now() - t});
  }
  worker.terminate();
  return {setup, out};
}"""


def run_lunr(page, base: str, queries: list[str]) -> dict:
    """Query Material's own search worker with its own index; returns pages found per query."""
    page.add_init_script("performance.setResourceTimingBufferSize(1000000)")
    page.goto(base)
    before = page.evaluate(_BYTES_JS)
    result = page.evaluate(_LUNR_JS, [queries, False])
    result["bytes"] = page.evaluate(_BYTES_JS) - before
    return result
