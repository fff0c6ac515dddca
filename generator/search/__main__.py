"""``python -m generator.search DATA_DIR OUT_DIR``: index a ``passages.jsonl`` + ``reports.json``
pair (the site's data exports) into OUT_DIR, and print the statistics as JSON."""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import sys
from pathlib import Path

from generator.search.index import write_index


def load(data_dir: Path) -> tuple[list[dict], list[dict]]:
    plain = data_dir / "passages.jsonl"
    with (plain.open(encoding="utf-8") if plain.exists() else
          gzip.open(data_dir / "passages.jsonl.gz", "rt", encoding="utf-8")) as fh:
        passages = [_lean(json.loads(line)) for line in fh if line.strip()]
    reports = json.loads((data_dir / "reports.json").read_text(encoding="utf-8"))
    return passages, reports


def _lean(passage: dict) -> dict:
    """Share the strings that repeat from passage to passage (memory at 10,000 reports)."""
    passage.pop("path", None)
    for key in ("report", "kind", "role", "section", "heading"):
        if isinstance(passage.get(key), str):
            passage[key] = sys.intern(passage[key])
    return passage


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m generator.search", description=__doc__)
    ap.add_argument("data", type=Path, help="folder with passages.jsonl(.gz) and reports.json")
    ap.add_argument("out", type=Path, help="index folder to write")
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("-v", "--verbose", action="store_true", help="log timings")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, stream=sys.stderr)
    passages, reports = load(args.data)
    stats = write_index(passages, reports, args.out, jobs=args.jobs)
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
