"""Structure and metadata accuracy on a generated or held-out set with a gold manifest.

``python -m evaluation.structure --seed S --n 1000 [--formats txt,md]`` runs
``../shared/tools/genre_corpus.py`` into a temporary folder, moves its ``_manifest.json`` out,
parses every report with the real parser in memory (readers + ``parse_report``; no site build)
and prints one table row. ``python -m evaluation.structure --corpus DIR --manifest FILE`` scores
any folder whose manifest has the same shape (``{"reports": [...]}``, a list, or a mapping of
file name → entry). ``-v`` lists the reports that miss.

What each column compares (gold from the manifest, prediction from the parser):

- **points r / p** — point leads, micro-averaged: per report, the multiset of gold leads (all
  ``points`` of sections and subsections, or the entry's ``leads`` when it has no
  ``sections``) against the multiset of parsed leads; recall =
  matched / gold, precision = matched / parsed. Leads are compared after NFKC, removing
  whitespace and ``*``, straightening curly quotes and dropping final punctuation.
- **headings r / p** — the same for section and subsection headings (position ignored).
- **roles** — the report's sequence of section roles equals the gold sequence exactly.
- **year** — the four digits are equal (a missing year is wrong).
- **body** — :func:`generator.parse.bodies.body_key` of both names is equal: the whole place and
  the organisation must agree; only group words (中共, 领导班子, 党组, 常委会, 委员会…) and
  政府/人民政府, 党支部/支部 are folded. For an individual the post and unit must agree; when
  the manifest gives the ``post`` apart from the unit (``body: 乌岭市人民政府``, ``post:
  副市长``), the unit the parsed post belongs to must be that unit
  (:func:`generator.parse.bodies.unit_key`: 乌岭市副市长 → 乌岭市人民政府).
- **level** — equal to the gold ``level`` (乡镇 read as 镇, as the archive names it; a parsed 区
  read as 县 where the gold level is 县, since such a manifest files districts there) or, when
  the manifest has none, to the level of the innermost place in the gold body
  (:func:`generator.parse.bodies.place_level`).
- **集体/个人** — equal to gold ``collective`` (``true``/``false``, 集体/个人) or ``person``
  (``collective``/``individual``).
- **meeting** — the kind of meeting (:data:`generator.parse.meta_time.MEETINGS`) the gold
  ``meeting`` names, read as the archive reads a title (2023年度组织生活会 → 组织生活会,
  党史学习教育专题民主生活会 → 党史学习教育专题), equals the parsed one.

A field is scored only on the reports whose manifest entry gives it (``level`` is scored
when the entry gives a level or a body). Reports that fail to read or parse count as wrong
on every field and have no points.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from evaluation.structure_score import Tally, score_report
from generator.parse.report import parse_report
from generator.readers import ReadError, read_source

ROOT = Path(__file__).resolve().parents[1]



def _find_generator() -> Path:
    """``shared/tools/genre_corpus.py`` beside the repository or any folder above it."""
    for folder in ROOT.parents:
        candidate = folder / "shared" / "tools" / "genre_corpus.py"
        if candidate.is_file():
            return candidate
    return ROOT.parent / "shared" / "tools" / "genre_corpus.py"


COLUMNS = ("points r / p", "headings r / p", "roles", "year", "body", "level", "集体/个人",
           "meeting")


def load_manifest(path: Path) -> list[dict[str, Any]]:
    """The manifest's entries, each with a ``file`` key."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and "reports" in data:
        data = data["reports"]
    if isinstance(data, dict):
        data = [{"file": name, **entry} for name, entry in data.items()]
    return list(data)


def evaluate(corpus: Path, entries: list[dict[str, Any]], verbose: bool = False) -> Tally:
    tally = Tally()
    for entry in entries:
        path = corpus / entry["file"]
        try:
            report = parse_report(read_source(path, corpus))
        except (ReadError, OSError) as exc:
            print(f"{entry['file']}: {exc}", file=sys.stderr)
            report = None
        misses = score_report(tally, entry, report)
        if verbose and misses:
            print(f"{entry['file']}: {'; '.join(misses)}")
    return tally


def generate(seed: int, n: int, formats: str, out: Path, tool: Path | None = None) -> Path:
    """Write a genre-corpus set into ``out/corpus`` and its manifest to ``out``."""
    corpus = out / "corpus"
    command = [sys.executable, str(tool or _find_generator()), str(corpus), str(n),
               "--seed", str(seed), "--formats", formats]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    manifest = out / "manifest.json"
    shutil.move(str(corpus / "_manifest.json"), manifest)
    return manifest


def table(label: str, tally: Tally) -> str:
    head = f"| set | reports | {' | '.join(COLUMNS)} |"
    rule = "|" + "---|" * (len(COLUMNS) + 2)
    return "\n".join([head, rule, f"| {label} | {tally.reports} | {' | '.join(tally.row())} |"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.structure",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--formats", default="txt,md")
    parser.add_argument("--corpus", type=Path, help="score this folder instead of generating")
    parser.add_argument("--manifest", type=Path, help="the gold manifest for --corpus")
    parser.add_argument("--generator", type=Path, help="genre_corpus.py (default: found in "
                        "../shared/tools above the repository)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    args = parser.parse_args(argv)
    logging.getLogger("generator").setLevel(logging.ERROR)  # per-file notes are noise here
    if args.corpus:
        if not args.manifest:
            parser.error("--corpus needs --manifest")
        tally = evaluate(args.corpus, load_manifest(args.manifest), args.verbose)
        print(table(str(args.corpus), tally))
        return 0
    with tempfile.TemporaryDirectory(prefix="structure-") as tmp:
        manifest = generate(args.seed, args.n, args.formats, Path(tmp), args.generator)
        tally = evaluate(Path(tmp) / "corpus", load_manifest(manifest), args.verbose)
    print(table(f"genre_corpus seed {args.seed}, {args.formats}", tally))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
