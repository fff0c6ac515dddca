"""Time classifying N reports (issue 12): patterns, prototypes, ranking and corpus propagation.

    python3 /work/shared/tools/genre_corpus.py /tmp/g10k 10000 --seed 4   # or reuse one
    python benchmarks/classify_bench.py /tmp/g10k [--jobs 2] [--limit N]

Parsing is done first (in ``--jobs`` processes) and not timed; then ``classify_all`` runs as in
a build (``--jobs`` workers, then propagation in the parent) and the script prints the wall and
CPU time of the classification and of propagation alone, the label counts, the share of problem
points with a type, and the load average before and after (the machine is shared: note it).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.models import Report  # noqa: E402
from generator.parse.report import parse_report  # noqa: E402
from generator.readers import read_source  # noqa: E402
from generator.taxonomy import classify as C  # noqa: E402
from generator.taxonomy.load import load_taxonomy  # noqa: E402


def _parse(path: str) -> Report | None:
    p = Path(path)
    try:
        return parse_report(read_source(p, p.parent))
    except Exception:  # a bad file is the gather stage's business, not this benchmark's
        return None


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    files = sorted(str(f) for f in args.corpus.iterdir() if f.suffix in (".txt", ".md"))
    if args.limit:
        files = files[: args.limit]
    t0 = time.perf_counter()
    with mp.get_context("fork").Pool(args.jobs) as pool:
        reports = [r for r in pool.map(_parse, files, chunksize=50) if r is not None]
    print(f"parsed {len(reports)} reports in {time.perf_counter() - t0:.1f} s (not timed below)")
    taxonomy, _ = load_taxonomy()
    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    t0, c0 = time.perf_counter(), _cpu()
    C.compile_taxonomy(taxonomy)
    # classify_all = per-report classification (in workers) + propagation (in this process);
    # time propagation separately by wrapping it.
    spent: list[float] = []
    inner = C.propagate

    def timed(*a, **k):  # type: ignore[no-untyped-def]
        s = time.perf_counter()
        out = inner(*a, **k)
        spent.append(time.perf_counter() - s)
        return out

    C.propagate = timed
    try:
        labels = C.classify_all(reports, taxonomy, jobs=args.jobs)
    finally:
        C.propagate = inner
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    n_labels = sum(len(v) for v in labels.values())
    points = typed = propagated = 0
    for r in reports:
        kinds: dict[str, set[str]] = {}
        for lb in labels[r.slug]:
            kinds.setdefault(lb.anchor, set()).add(lb.kind)
            propagated += lb.kind == "problem" and lb.evidence[0].startswith("corpus:")
        for p in r.passages:
            if p.kind == "point" and p.role in C.POINT_ROLES:
                points += 1
                typed += "problem" in kinds.get(p.anchor, ())
    print(f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    print(
        f"classified {len(reports)} reports in {wall:.1f} s wall, {cpu:.1f} s CPU "
        f"(jobs={args.jobs}); propagation {spent[0] if spent else 0:.1f} s"
    )
    print(
        f"{n_labels} labels; problem points {points}, with a type {typed} "
        f"({typed / max(points, 1):.0%}), by propagation {propagated}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
