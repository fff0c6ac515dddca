"""Scale benchmark (issue 13): full builds at 1k / 3k / 10k (/ 30k) reports and incremental
builds after editing, adding, removing and renaming one report.

    python benchmarks/scale_bench.py                       # 1k, 3k, 10k; incremental at 10k
    python benchmarks/scale_bench.py --sizes 1000 --incremental 1000
    python benchmarks/scale_bench.py --with-30k            # adds the 30k point (slow)
    python benchmarks/scale_bench.py --sizes 10000 --corpus-10000 /work/bench/g10k
    python benchmarks/scale_bench.py --sizes 30000 --incremental 0 --corpus 30000=DIR

Corpora come from ``../shared/tools/genre_corpus.py OUT N --seed S`` (its ``_manifest.json``
moved out) and are cached in ``--work``; a given ``--corpus-N DIR`` is copied there (a build
writes ``anchors.lock`` into its corpus folder). Every build is ``python -m generator build``
in a child process: wall time, CPU time (user + system of the whole process tree: the build,
its worker pools and the MkDocs subprocess) and peak memory sampled from ``/proc``: every
second, the sum of the tree's PSS (proportional set size: a page shared by forked workers
counts once, split between them; the figure to compare with a memory budget); every 0.1 s,
the sum of its RSS (which counts every shared page once per process, so overstates a forked
pool) and the largest process's own peak RSS (``VmHWM``: what ``/usr/bin/time`` reports as
maximum resident set size). Per-stage times are the build's own (``--timings``). The load
average is printed with every figure: other people's work on the machine inflates wall times.
Tests never time anything; this prints.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENRE = ROOT.parent.parent / "shared" / "tools" / "genre_corpus.py"
if __package__ in {None, ""}:  # run as a script: make ``generator`` importable
    sys.path.insert(0, str(ROOT))
from generator.build import docs_folder  # noqa: E402

if not GENRE.is_file():
    GENRE = Path("/work/shared/tools/genre_corpus.py")


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
            out += [int(x) for x in text.split()]
    except OSError:
        pass
    return out


def _tree(pid: int) -> list[int]:
    seen, todo = [], [pid]
    while todo:
        p = todo.pop()
        seen.append(p)
        todo += _children(p)
    return seen


def _field(path: str, name: str) -> int:
    """A ``name: N kB`` line of a ``/proc`` file, in bytes (0 once the process is gone)."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _memory(pids: list[int], with_pss: bool = True) -> tuple[int, int, int]:
    """Summed PSS (0 unless ``with_pss``) and RSS of ``pids``, and the largest peak RSS of
    one of them (``VmHWM``: the kernel's own high-water mark, so a short peak between two
    samples counts too)."""
    pss = sum(_field(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids) if with_pss else 0
    rss = sum(_field(f"/proc/{p}/status", "VmRSS:") for p in pids)
    largest = max((_field(f"/proc/{p}/status", "VmHWM:") for p in pids), default=0)
    return pss, rss, largest


def measure(cmd: list[str], cwd: Path) -> dict:
    """Run ``cmd``: wall, CPU of the whole tree, peak tree PSS and RSS, exit status."""
    before = os.times()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    peak = [0, 0, 0]
    done = threading.Event()

    def sample() -> None:
        ticks = 0
        while not done.is_set():
            # PSS once a second: reading smaps_rollup walks every page table of a
            # multi-gigabyte process, and at ten a second the sampler took a third of a core
            now = _memory(_tree(proc.pid), with_pss=ticks % 10 == 0)
            ticks += 1
            peak[:] = (max(a, b) for a, b in zip(peak, now, strict=True))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = proc.communicate()[0]
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    after = os.times()
    cpu = (after.children_user - before.children_user) + \
        (after.children_system - before.children_system)
    return {"wall": round(wall, 1), "cpu": round(cpu, 1), "peak_mb": round(peak[0] / 2**20),
            "peak_rss_mb": round(peak[1] / 2**20), "largest_mb": round(peak[2] / 2**20),
            "rc": proc.returncode, "load": round(os.getloadavg()[0], 1), "output": output}


def corpus_for(n: int, work: Path, seed: int, given: Path | None) -> Path:
    """The pristine corpus of ``n`` reports (generated once, or copied from ``given``)."""
    pristine = work / f"corpus-{n}"
    if not pristine.is_dir():
        tmp = work / f"corpus-{n}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        if given:
            shutil.copytree(given, tmp)
        else:
            subprocess.run([sys.executable, str(GENRE), str(tmp), str(n), "--seed", str(seed)],
                           check=True, stdout=subprocess.DEVNULL)
        manifest = tmp / "_manifest.json"
        if manifest.exists():
            manifest.rename(work / f"manifest-{n}.json")
        (tmp / "anchors.lock").unlink(missing_ok=True)
        tmp.rename(pristine)
    return pristine


def build(corpus: Path, site: Path, timings: Path, extra: list[str]) -> dict:
    timings.unlink(missing_ok=True)
    result = measure([sys.executable, "-m", "generator", "build", "--corpus", str(corpus),
                      "--site", str(site), "--timings", str(timings), *extra], ROOT)
    if result["rc"] != 0:
        print(result["output"][-3000:], file=sys.stderr)
        raise SystemExit(f"build failed ({result['rc']})")
    result["stages"] = json.loads(timings.read_text()) if timings.exists() else {}
    del result["output"]
    return result


def _reports(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".md"))


def edit(corpus: Path) -> None:
    """Change one sentence in the middle of one report."""
    path = _reports(corpus)[len(_reports(corpus)) // 2]
    text = path.read_text(encoding="utf-8")
    at = text.index("。", len(text) // 2)
    path.write_text(text[:at] + "，并在本年度内逐项完成整改" + text[at:], encoding="utf-8")


def add(corpus: Path) -> None:
    """A new report: another one's text with a new first line, under a new name."""
    source = _reports(corpus)[len(_reports(corpus)) // 3]
    text = source.read_text(encoding="utf-8")
    (corpus / f"zz-added{source.suffix}").write_text(
        text.replace("对照检查材料", "对照检查材料（新增）", 1) + "\n", encoding="utf-8")


def remove(corpus: Path) -> None:
    _reports(corpus)[len(_reports(corpus)) // 4].unlink()


def rename(corpus: Path) -> None:
    path = _reports(corpus)[len(_reports(corpus)) // 5]
    path.rename(path.with_name("renamed-" + path.name))


CASES = {"edit": edit, "add": add, "remove": remove, "rename": rename}


def run(sizes: list[int], incremental: set[int], work: Path, seed: int,
        given: dict[int, Path], extra: list[str], cases: set[str]) -> list[dict]:
    rows = []
    for n in sizes:
        pristine = corpus_for(n, work, seed, given.get(n))
        corpus, site = work / f"build-{n}/corpus", work / f"build-{n}/site"
        shutil.rmtree(work / f"build-{n}", ignore_errors=True)
        # A cold full build: no per-report cache entries from an earlier run either.
        shutil.rmtree(ROOT / "build" / "cache" / docs_folder(site.resolve()).name,
                      ignore_errors=True)
        corpus.parent.mkdir(parents=True)
        shutil.copytree(pristine, corpus)
        text_mb = sum(p.stat().st_size for p in _reports(corpus)) / 2**20
        row = {"n": n, "case": "full", "corpus_mb": round(text_mb),
               **build(corpus, site, work / "timings.json", extra)}
        rows.append(row)
        _print(row)
        if n not in incremental:
            continue
        if "none" in cases:
            row = {"n": n, "case": "no change", **build(corpus, site, work / "timings.json",
                                                         extra)}
            rows.append(row)
            _print(row)
        for name, change in CASES.items():
            if name not in cases:
                continue
            change(corpus)
            row = {"n": n, "case": name, **build(corpus, site, work / "timings.json", extra)}
            rows.append(row)
            _print(row)
        shutil.rmtree(work / f"build-{n}", ignore_errors=True)
    return rows


def _print(row: dict) -> None:
    stages = " ".join(f"{k}={v:.1f}" for k, v in row["stages"].items())
    print(f"{row['n']:>6} {row['case']:<10} wall {row['wall']:>6.1f} s  cpu {row['cpu']:>6.1f} s  "
          f"PSS {row['peak_mb']:>5} MB  RSS {row['peak_rss_mb']:>5} MB  "
          f"largest process {row.get('largest_mb', 0):>5} MB  load {row['load']:>4}  "
          f"| {stages}", flush=True)


def table(rows: list[dict]) -> str:
    stage_names = list(dict.fromkeys(k for r in rows for k in r["stages"]))
    head = ["N", "case", "wall s", "CPU s", "peak PSS MB", "peak RSS MB", "largest process MB",
            "load", *stage_names]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r["n"], r["case"], r["wall"], r["cpu"], r["peak_mb"], r.get("peak_rss_mb", ""),
                 r.get("largest_mb", ""), r["load"],
                 *(f"{r['stages'][s]:.1f}" if s in r["stages"] else "" for s in stage_names)]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,3000,10000")
    parser.add_argument("--with-30k", action="store_true", help="add the 30,000-report point")
    parser.add_argument("--incremental", default="",
                        help="sizes with the incremental cases (default: the largest)")
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks/out/scale")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--corpus", action="append", default=[], metavar="N=DIR",
                        help="use this corpus for N reports (repeatable)")
    parser.add_argument("--corpus-10000", type=Path, help="the same as --corpus 10000=DIR")
    parser.add_argument("--cases", default="none,edit,add,remove,rename",
                        help="incremental cases to run, in this order")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    parser.add_argument("--build-arg", action="append", default=[],
                        help="extra argument for every build (repeatable)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([30000] if args.with_30k else [])
    incremental = {int(s) for s in args.incremental.split(",") if s} or {max(sizes)}
    args.work.mkdir(parents=True, exist_ok=True)
    given = {int(n): Path(d) for n, d in (c.split("=", 1) for c in args.corpus)}
    if args.corpus_10000:
        given[10000] = args.corpus_10000
    print(f"cores {os.cpu_count()}, load {os.getloadavg()}", flush=True)
    rows = run(sizes, incremental, args.work, args.seed, given, args.build_arg,
               set(args.cases.split(",")))
    print()
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
