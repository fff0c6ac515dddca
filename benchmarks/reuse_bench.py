"""Reuse detection benchmark (issue 14): planted spans, scale, and the seeds' shared text.

    python benchmarks/reuse_bench.py                                  # all three parts
    python benchmarks/reuse_bench.py --planted-only
    python benchmarks/reuse_bench.py --sizes 1000,3000,10000 --corpora /tmp/reuse-bench
    python benchmarks/reuse_bench.py --compare      # datasketch / difflib against our choices

1. **Planted**: ``--base`` reports of 2,000-4,000 characters drawn from a first-order character
   model of the seeds (the genre's characters and short words, but by chance no shared run of
   12 characters), then ``--plants`` spans of 15-200 characters copied from a passage of one
   report into a passage of another (at a clause boundary), each with 0-10 % of its characters
   edited (substituted, inserted or deleted at random). ``find_reuse`` runs on the result.
   A plant is *found* when the pairwise spans between its source and target passages cover at
   least 80 % of it on both sides; a detected span is *correct* when it lies at least half
   inside a plant on both sides. Recall = found / plants, precision = correct / detected.
2. **Scale**: for each size N, ``genre_corpus.py OUT N --seed 1`` (made once, its manifest
   moved away) is parsed by the project's parser, then ``find_reuse`` runs in a child process:
   wall and CPU time and peak RSS of that process (parsing apart: the RSS after parsing is
   printed too), and the machine's load average (the machine is shared: CPU time is the
   figure a quiet machine's wall time approaches; detection runs on one core).
3. **Seeds**: the share of the five seeds' text (corpus/*.txt|md) they share with each other.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.models import Metadata, Passage, Report, SourceDoc  # noqa: E402
from generator.reuse import find_reuse  # noqa: E402

GENRE = Path("/work/shared/tools/genre_corpus.py")
if not GENRE.exists():
    GENRE = ROOT.parent / "shared" / "tools" / "genre_corpus.py"
PUNCT = "，。；、"


# ---------------------------------------------------------------- planted
def _model(texts: list[str]) -> dict[str, tuple[list[str], list[int]]]:
    follows: dict[str, Counter[str]] = defaultdict(Counter)
    for t in texts:
        t = "".join(t.split())
        for a, b in zip(t, t[1:], strict=False):
            follows[a][b] += 1
    return {a: (list(c), list(c.values())) for a, c in follows.items()}


def _generate(model: dict, rng: random.Random, n: int) -> str:
    keys = list(model)
    ch = rng.choice(keys)
    out = [ch]
    while len(out) < n:
        nxt = model.get(ch)
        ch = rng.choices(nxt[0], nxt[1])[0] if nxt and rng.random() > 0.02 else rng.choice(keys)
        out.append(ch)
    return "".join(out)


def _edit(span: str, rate: float, rng: random.Random, alphabet: str) -> str:
    chars = list(span)
    for _ in range(round(rate * len(span))):
        i = rng.randrange(len(chars))
        op = rng.random()
        if op < 0.6:
            chars[i] = rng.choice(alphabet)
        elif op < 0.8:
            chars.insert(i, rng.choice(alphabet))
        elif len(chars) > 1:
            del chars[i]
    return "".join(chars)


def _report(slug: str, texts: list[str]) -> Report:
    passages = tuple(Passage("para", t, "problems", str(i + 1), i + 1, anchor=f"p-{i:06d}")
                     for i, t in enumerate(texts))
    return Report(slug, SourceDoc(Path(slug + ".txt"), "txt", "utf-8", 0, "", ()),
                  Metadata(title=slug, year=str(2019 + int(slug[1:]) % 6)), passages, ())


def planted(n_base: int, n_plants: int, seed: int) -> dict:
    rng = random.Random(seed)
    seeds = [p.read_text("utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))
             + sorted((ROOT / "corpus").glob("*.md"))]
    model = _model(seeds)
    alphabet = "".join(sorted(set("".join(seeds)) - set(" \n\t")))
    docs = []
    for _ in range(n_base):
        total, paras = rng.randint(2000, 4000), []
        while total > 0:
            n = rng.randint(100, 400)
            paras.append(_generate(model, rng, n))
            total -= n
        docs.append(paras)
    plants, used = [], set()
    while len(plants) < n_plants:
        s, t = rng.sample(range(n_base), 2)
        sp = rng.randrange(len(docs[s]))
        tp = rng.randrange(len(docs[t]))
        if (t, tp) in used or (s, sp) in used:
            continue
        src = docs[s][sp]
        length = rng.randint(15, 200)
        if len(src) < length:
            continue
        start = rng.randrange(len(src) - length + 1)
        copy = _edit(src[start:start + length], rng.uniform(0, 0.10), rng, alphabet)
        host = docs[t][tp]
        cuts = [i + 1 for i, c in enumerate(host) if c in PUNCT] or [len(host)]
        at = rng.choice(cuts)
        docs[t][tp] = host[:at] + copy + host[at:]
        used |= {(t, tp), (s, sp)}
        plants.append({"src": (f"r{s}", f"p-{sp:06d}", start, start + length),
                       "dst": (f"r{t}", f"p-{tp:06d}", at, at + len(copy)), "len": length})
    reports = [_report(f"r{i}", paras) for i, paras in enumerate(docs)]
    t0 = time.perf_counter()
    reuse = find_reuse(reports)
    seconds = time.perf_counter() - t0

    def cover(ranges: list[tuple[int, int]], lo: int, hi: int) -> float:
        got = [0] * (hi - lo)
        for s, e in ranges:
            for i in range(max(s, lo), min(e, hi)):
                got[i - lo] = 1
        return sum(got) / max(hi - lo, 1)

    by_pair: dict[tuple, list] = defaultdict(list)
    for m in reuse.matches:
        by_pair[((m.a.slug, m.a.anchor), (m.b.slug, m.b.anchor))].append((m.a, m.b))
        by_pair[((m.b.slug, m.b.anchor), (m.a.slug, m.a.anchor))].append((m.b, m.a))
    found = 0
    missed = []
    for p in plants:
        spans = by_pair.get((p["src"][:2], p["dst"][:2]), [])
        cs = cover([(x.start, x.end) for x, _ in spans], p["src"][2], p["src"][3])
        cd = cover([(y.start, y.end) for _, y in spans], p["dst"][2], p["dst"][3])
        if cs >= 0.8 and cd >= 0.8:
            found += 1
        else:
            missed.append((p["len"], round(cs, 2), round(cd, 2)))
    index = {(p["src"][:2], p["dst"][:2]): p for p in plants}
    correct = 0
    for m in reuse.matches:
        for x, y in ((m.a, m.b), (m.b, m.a)):
            p = index.get(((x.slug, x.anchor), (y.slug, y.anchor)))
            if p and _inside(x, p["src"]) and _inside(y, p["dst"]):
                correct += 1
                break
    by_len = Counter((p["len"] - 15) // 50 for p in plants)
    return {"base": n_base, "plants": n_plants, "found": found,
            "recall": found / n_plants, "detected": len(reuse.matches),
            "correct": correct, "precision": correct / max(len(reuse.matches), 1),
            "seconds": round(seconds, 2), "missed_examples": missed[:10],
            "plants_by_length": {f"{15 + 50 * k}-{14 + 50 * (k + 1)}": v
                                 for k, v in sorted(by_len.items())}}


def _inside(place, rng: tuple) -> bool:  # noqa: ANN001
    overlap = min(place.end, rng[3]) - max(place.start, rng[2])
    return overlap >= 0.5 * (place.end - place.start)


# ---------------------------------------------------------------- scale
CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from generator.gather import gather
import logging; logging.disable(logging.WARNING)
t = time.perf_counter()
reports = gather(Path({corpus!r}), jobs=2).reports
parse = time.perf_counter() - t
rss_parse = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from generator.reuse import find_reuse
t, cpu = time.perf_counter(), time.process_time()
reuse = find_reuse(reports)
detect, detect_cpu = time.perf_counter() - t, time.process_time() - cpu
chars = sum(f.chars for f in reuse.reports.values())
print(json.dumps({{"reports": len(reports), "parse_s": round(parse, 1),
    "detect_s": round(detect, 1), "detect_cpu_s": round(detect_cpu, 1),
    "rss_after_parse_mb": rss_parse // 1024,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    "chars": chars, "matches": len(reuse.matches), "families": len(reuse.families),
    "boilerplate": sum(f.boilerplate for f in reuse.families), "pairs": len(reuse.pairs),
    "shared": round(sum(f.shared for f in reuse.reports.values()) / max(chars, 1), 3),
    "boiler": round(sum(f.boiler for f in reuse.reports.values()) / max(chars, 1), 3)}}))
"""


def corpus(folder: Path, n: int) -> Path:
    out = folder / f"genre-{n}"
    if not (out / "r00001.txt").exists() and not (out / "r00001.md").exists():
        subprocess.run([sys.executable, str(GENRE), str(out), str(n), "--seed", "1"], check=True,
                       stdout=subprocess.DEVNULL)
    manifest = out / "_manifest.json"
    if manifest.exists():
        shutil.move(str(manifest), str(folder / f"genre-{n}.manifest.json"))
    return out


def scale(n: int, folder: Path) -> dict:
    path = corpus(folder, n)
    proc = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), corpus=str(path))],
                          capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"detection at {n} reports failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- library choices
def compare(folder: Path, n: int = 300) -> None:
    """datasketch one object per sentence vs the bulk numpy signatures (same values), and
    rapidfuzz vs difflib for the span similarity, on the first ``n`` reports of the 1k
    corpus."""
    import difflib

    import numpy as np
    from datasketch import MinHash, MinHashLSH
    from rapidfuzz.distance import Indel

    from generator.gather import gather
    from generator.reuse import families as fam
    from generator.reuse.index import ReuseIndex, Side
    from generator.reuse.shingles import shingles

    reports = gather(corpus(folder, 1000), jobs=2).reports[:n]
    side = Side.of(reports)
    sents = fam.sentences(side.codes)
    s, e = sents.start[sents.first], sents.end[sents.first]
    hv = (shingles(side.codes, fam.SHINGLE)[0] >> np.uint64(32)).astype(np.uint32)
    t = time.process_time()
    lsh = MinHashLSH(num_perm=fam.NUM_PERM, params=fam.bands())
    for i in range(s.size):
        m = MinHash(num_perm=fam.NUM_PERM, seed=1, hashfunc=int)
        m.update_batch(hv[s[i]:e[i] - fam.SHINGLE + 1].tolist())
        lsh.insert(i, m)
    ds = time.process_time() - t
    t = time.process_time()
    fam.family_labels(side.codes, sents)
    ours = time.process_time() - t
    print(f"families of {s.size} distinct sentences ({n} reports): datasketch MinHash + "
          f"MinHashLSH {ds:.2f} s CPU, bulk numpy signatures + banding {ours:.2f} s CPU")
    texts = {(r.slug, p.anchor): p.text for r in reports for p in r.passages}
    pairs = [(texts[(m.a.slug, m.a.anchor)][m.a.start:m.a.end],
              texts[(m.b.slug, m.b.anchor)][m.b.start:m.b.end])
             for m in ReuseIndex(reports).matches()][:20000]
    t = time.process_time()
    for a, b in pairs:
        Indel.normalized_similarity(a, b)
    rf = time.process_time() - t
    t = time.process_time()
    for a, b in pairs:
        difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    dl = time.process_time() - t
    print(f"similarity of {len(pairs)} span pairs: rapidfuzz Indel {rf:.3f} s CPU, "
          f"difflib {dl:.3f} s CPU")


# ---------------------------------------------------------------- seeds
def seeds() -> dict:
    from generator.gather import gather

    reports = gather(ROOT / "corpus").reports
    reuse = find_reuse(reports)
    chars = sum(f.chars for f in reuse.reports.values())
    shared = sum(f.shared for f in reuse.reports.values())
    boiler = sum(f.boiler for f in reuse.reports.values())
    return {"reports": len(reports), "chars": chars,
            "shared": round(shared / chars, 3), "boilerplate": round(boiler / chars, 3),
            "either": round((shared + boiler) / chars, 3),
            "per_report": {f.slug: [round(f.share, 3), round(f.boiler_share, 3)]
                           for f in reuse.reports.values()},
            "matches": len(reuse.matches), "pairs": [(p.a, p.b) for p in reuse.pairs]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", type=int, default=400)
    ap.add_argument("--plants", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--sizes", default="1000,3000,10000")
    ap.add_argument("--corpora", type=Path, default=Path("/tmp/reuse-bench"))
    ap.add_argument("--planted-only", action="store_true")
    ap.add_argument("--scale-only", action="store_true")
    ap.add_argument("--compare", action="store_true",
                    help="only the library comparison (datasketch, difflib)")
    args = ap.parse_args()
    if args.compare:
        compare(args.corpora)
        return
    if not args.scale_only:
        r = planted(args.base, args.plants, args.seed)
        print(f"planted: {r['plants']} spans of 15-200 chars, 0-10 % edits, {r['base']} reports")
        print(f"  recall {r['recall']:.3f} ({r['found']}/{r['plants']})  precision "
              f"{r['precision']:.3f} ({r['correct']}/{r['detected']})  in {r['seconds']} s")
        print(f"  plants by length: {r['plants_by_length']}")
        print(f"  missed (length, source cover, target cover): {r['missed_examples']}")
        s = seeds()
        print(f"seeds: {s['reports']} reports, {s['chars']} chars: shared with each other "
              f"{s['shared']:.1%}, boilerplate {s['boilerplate']:.1%}, either {s['either']:.1%};"
              f" {s['matches']} pairwise spans; pair pages {s['pairs']}")
        for slug, (a, b) in s["per_report"].items():
            print(f"  {slug}: shared {a:.1%}, boilerplate {b:.1%}")
    if args.planted_only:
        return
    args.corpora.mkdir(parents=True, exist_ok=True)
    print("scale (genre_corpus.py --seed 1; detection in a child process):")
    print("  reports  parse s  detect wall s (CPU s)  peak RSS MB (after parse)  matches  "
          "families (boiler)  pairs  shared  boiler  load")
    for n in (int(x) for x in args.sizes.split(",")):
        r = scale(n, args.corpora)
        print(f"  {r['reports']:7d}  {r['parse_s']:7.1f}  {r['detect_s']:8.1f} "
              f"({r['detect_cpu_s']:.1f})  {r['peak_rss_mb']:6d} ({r['rss_after_parse_mb']})  "
              f"{r['matches']:8d}  {r['families']:8d} ({r['boilerplate']})  {r['pairs']:5d}  "
              f"{r['shared']:.3f}  {r['boiler']:.3f}  {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
