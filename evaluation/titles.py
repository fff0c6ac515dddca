"""Title agreement on the blind sets: ``python -m evaluation.titles [-v] [SET ...]``.

For every report of ``tests/blind*/`` (or the sets named) that is not a look-alike, the title the
parser infers (:attr:`generator.models.Metadata.title`) is compared with the manifest's gold
``title``, both NFKC-normalised with blanks and quote marks ignored (quotes are typed every
way in copies). Prints the agreement per set and over all of them; ``-v`` lists each miss.
The gold titles were written with the sets, before the code they judge.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

from generator.parse.report import parse_report
from generator.readers import read_source

ROOT = Path(__file__).resolve().parent.parent
_IGNORED = re.compile(r"[\s\"“”'‘’「」『』]")


def normalised(title: str | None) -> str:
    return _IGNORED.sub("", unicodedata.normalize("NFKC", title or ""))


def score_set(folder: Path, verbose: bool = False) -> tuple[int, int]:
    """(agreeing, scored) for one set's reports."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    agree = scored = 0
    for entry in manifest["reports"]:
        if entry.get("lookalike"):
            continue
        path = folder / "reports" / entry["file"]
        title = parse_report(read_source(path, path.parent)).meta.title
        scored += 1
        if normalised(title) == normalised(entry["title"]):
            agree += 1
        elif verbose:
            print(f"{folder.name}/{entry['file']}: {title!r} ≠ {entry['title']!r}")
    return agree, scored


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.titles", description=__doc__)
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    ap.add_argument("sets", nargs="*", type=Path, help="set folders (default: tests/blind*)")
    args = ap.parse_args(argv)
    folders = args.sets or sorted(p.parent for p in (ROOT / "tests").glob("blind*/manifest.json"))
    total_agree = total = 0
    for folder in folders:
        agree, scored = score_set(folder, args.verbose)
        total_agree, total = total_agree + agree, total + scored
        if scored:
            print(f"{folder.name:<10} {agree:>4} / {scored:<4} {agree / scored:.3f}")
    print(f"{'all':<10} {total_agree:>4} / {total:<4} {total_agree / max(total, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
