"""Search benchmark: recall, precision, bytes, latency, index size, build time and memory.

    python benchmarks/search_bench.py --n 10000 --lunr-n 1000

Generates a synthetic corpus (``scripts/synth_corpus.py``), converts it to the data exports
(``benchmarks/synth_data.py``) or takes ``--data DIR`` (a built site's ``data/``), builds the
index in a child process (wall and CPU time, peak memory of the process tree), builds a minimal site
around it, serves it with ``http.server`` and runs the query set in headless Chromium against a
brute-force scan of ``passages.jsonl``. ``--lunr-n`` does the same for Material's built-in
search (``search`` plugin, ``lang: zh``, jieba) on a smaller corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import browser  # noqa: E402
from benchmarks.queries import QUERIES, brute_force  # noqa: E402
from benchmarks.site import load_data, make_site  # noqa: E402
from benchmarks.synth_data import convert  # noqa: E402
from generator.search.index import order_passages  # noqa: E402
from generator.search.normalize import fold  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def tree_memory(pid: int) -> int:
    """Proportional set size (shared pages split between sharers) of a process tree, bytes:
    RSS would count the pages that forked workers share with their parent twice."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
            total += int(next(x for x in rollup.splitlines() if x.startswith("Pss:")).split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total * 1024


def measured(cmd: list[str]) -> tuple[float, float, int, str]:
    """Run ``cmd``: wall seconds, CPU seconds (user + system, all descendants), peak memory of
    its process tree (sampled every 0.1 s), stdout."""
    started, peak = time.perf_counter(), 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=REPO)
    while proc.poll() is None:
        peak = max(peak, tree_memory(proc.pid))
        time.sleep(0.1)
    out = proc.stdout.read()
    if proc.returncode:
        raise SystemExit(f"{cmd} failed")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return time.perf_counter() - started, cpu, peak, out


def corpus_data(n: int, seed: int, work: Path) -> Path:
    corpus, data = work / f"synth-{n}", work / f"data-{n}"
    if not (data / "reports.json").exists():
        subprocess.run(
            [
                sys.executable,
                str(REPO / "scripts/synth_corpus.py"),
                "--n",
                str(n),
                "--out",
                str(corpus),
                "--seed",
                str(seed),
            ],
            check=True,
        )
        convert(corpus, data)
    return data


def oracle(data: Path) -> tuple[list[str], dict[int, str]]:
    """Folded texts in index order, and passage index → report slug."""
    passages, reports = load_data(data)
    ordered, _, _ = order_passages(passages, reports)
    return [fold(p["text"]) for p in ordered], {i: p["report"] for i, p in enumerate(ordered)}


def score(found: list[int], truth: list[int]) -> tuple[float, float]:
    f, t = set(found), set(truth)
    hit = len(f & t)
    return (hit / len(t) if t else 1.0), (hit / len(f) if f else 1.0)


def bench_archive(data: Path, work: Path) -> dict:
    out = work / "site-archive"
    index = out / "docs" / "searchindex"
    load = os.getloadavg()[0]
    seconds, cpu, peak, stdout = measured(
        [sys.executable, "-m", "generator.search", str(data), str(index)]
    )
    stats = json.loads(stdout.strip().splitlines()[-1])
    make_site(data, out, reports_pages=False, index=False)
    folded, _ = oracle(data)
    with browser.serve(out / "site") as base, browser.browser() as b:
        runs = browser.run_archive(b.new_page(), base, list(QUERIES))
    rows = []
    for run in runs:
        truth = brute_force(folded, run.query)
        recall, precision = score(run.pids, truth)
        rows.append(
            {
                "query": run.query,
                "truth": len(truth),
                "total": run.total,
                "recall": recall,
                "precision": precision,
                "ms": run.ms,
                "bytes": run.bytes,
                "page_bytes": run.page_bytes,
            }
        )
    return {
        "stats": stats,
        "build_seconds": seconds,
        "cpu_seconds": cpu,
        "load": load,
        "peak_bytes": peak,
        "rows": rows,
    }


def bench_lunr(data: Path, work: Path) -> dict:
    out = work / "site-lunr"
    out.mkdir(parents=True, exist_ok=True)
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[3]);"
        "from benchmarks.site import make_site;"
        "make_site(Path(sys.argv[1]), Path(sys.argv[2]), lunr=True)"
    )
    load = os.getloadavg()[0]
    seconds, cpu, peak, _ = measured([sys.executable, "-c", script, str(data), str(out), str(REPO)])
    index_bytes = (out / "site/search/search_index.json").stat().st_size
    folded, report_of = oracle(data)
    text_bytes = sum(len(t.encode()) for t in folded)
    with browser.serve(out / "site") as base, browser.browser() as b:
        result = browser.run_lunr(b.new_page(), base, list(QUERIES))
    rows = []
    for run in result["out"]:
        truth = sorted({report_of[i] for i in brute_force(folded, run["query"])})
        found = [p.strip("/").split("/")[-1] for p in run["pages"] if "reports/" in p]
        idx = {s: i for i, s in enumerate(sorted(set(truth) | set(found)))}
        recall, precision = score([idx[s] for s in found], [idx[s] for s in truth])
        rows.append(
            {
                "query": run["query"],
                "truth": len(truth),
                "total": len(found),
                "recall": recall,
                "precision": precision,
                "ms": run["ms"],
            }
        )
    return {
        "build_seconds": seconds,
        "cpu_seconds": cpu,
        "load": load,
        "peak_bytes": peak,
        "index_bytes": index_bytes,
        "text_bytes": text_bytes,
        "setup_ms": result["setup"],
        "bytes": result["bytes"],
        "rows": rows,
    }


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def summary(name: str, result: dict, n: int) -> list[str]:
    rows = result["rows"]
    truth = sum(r["truth"] for r in rows)
    found_ok = sum(r["recall"] * r["truth"] for r in rows)
    lines = [
        f"## {name}, {n} reports",
        f"recall     {found_ok / truth if truth else 1:.4f} (micro), "
        f"min per query {min(r['recall'] for r in rows):.4f}",
        f"precision  min per query {min(r['precision'] for r in rows):.4f}",
        f"latency    median {statistics.median(r['ms'] for r in rows):.0f} ms to first "
        f"results, max {max(r['ms'] for r in rows):.0f} ms",
    ]
    if "stats" in result:
        s, later = result["stats"], [r["bytes"] for r in rows[1:]]
        exact = all(r["total"] == r["truth"] for r in rows)
        lines += [
            f"data-total equals brute force on every query: {exact}",
            f"bytes      first query {rows[0]['bytes'] / 1e3:.0f} KB of search client + index "
            f"({rows[0]['page_bytes'] / 1e3:.0f} KB with the page and Material's own assets); "
            f"after the first: median {statistics.median(later) / 1e3:.0f} KB, "
            f"max {max(later) / 1e3:.0f} KB",
            f"index      {_mb(s['index_bytes'])} in {s['files']} files for {_mb(s['text_bytes'])} "
            f"of passage text: {s['index_bytes'] / s['text_bytes']:.2f}x",
            f"build      write_index {s['seconds']:.1f} s; whole command "
            f"{result['build_seconds']:.1f} s incl. reading passages.jsonl "
            f"({result['cpu_seconds']:.1f} s CPU, load average {result['load']:.1f} at start); "
            f"peak memory {_mb(result['peak_bytes'])} (PSS of the process tree)",
        ]
    else:
        lines += [
            f"bytes      first query {_mb(result['bytes'])} (index loaded whole), "
            f"index setup in the worker {result['setup_ms']:.0f} ms",
            f"index      {_mb(result['index_bytes'])} for {_mb(result['text_bytes'])} of text: "
            f"{result['index_bytes'] / result['text_bytes']:.2f}x",
            f"build      mkdocs build with the search plugin {result['build_seconds']:.1f} s "
            f"({result['cpu_seconds']:.1f} s CPU, load average {result['load']:.1f} at start), "
            f"peak memory {_mb(result['peak_bytes'])}",
        ]
    lines.append(
        "query                 truth  found  recall  prec.   ms"
        + ("     KB" if "stats" in result else "")
    )
    for r in rows:
        line = (
            f"{r['query']:<20} {r['truth']:>7} {r['total']:>6}  {r['recall']:.3f}  "
            f"{r['precision']:.3f} {r['ms']:>5.0f}"
        )
        if "bytes" in r:
            line += f" {r['bytes'] / 1e3:>6.0f}"
        lines.append(line)
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="synthetic reports for our search")
    ap.add_argument("--lunr-n", type=int, default=1000, help="reports for lunr (0: skip)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", type=Path, help="use this passages.jsonl + reports.json instead")
    ap.add_argument("--lunr-data", type=Path, help="the same for the lunr comparison")
    ap.add_argument("--work", type=Path, default=REPO / "benchmarks/out")
    args = ap.parse_args(argv)
    if not os.path.exists(browser.CHROMIUM):
        raise SystemExit(f"needs {browser.CHROMIUM} (apt-get install chromium)")
    args.work.mkdir(parents=True, exist_ok=True)
    data = args.data or corpus_data(args.n, args.seed, args.work)
    n = len(json.loads((data / "reports.json").read_text(encoding="utf-8")))
    lines = summary("archive search (generator/search)", bench_archive(data, args.work), n)
    if args.lunr_n or args.lunr_data:
        lunr_data = args.lunr_data or corpus_data(args.lunr_n, args.seed, args.work)
        lunr_n = len(json.loads((lunr_data / "reports.json").read_text(encoding="utf-8")))
        lines += [""] + summary(
            "mkdocs-material built-in search (lunr, lang zh, jieba)",
            bench_lunr(lunr_data, args.work),
            lunr_n,
        )
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
