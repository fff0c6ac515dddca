"""Agreement between two labellers of the same units (issue 12): micro precision, recall and
F1 of the second file's themes and problem types, taking the first as the reference.

    python -m evaluation.agreement tests/blind2/labels.yml tests/blind2/labels-second.yml

Both files map a report file to its list of units (``unit``, ``themes``, ``problem_types``), as
``labels.yml`` of a blind set does; units are matched by file and ``unit`` id.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from evaluation.labels import Score


def agreement(first: dict, second: dict) -> dict[str, Score]:
    """Field → counts of ``second`` against ``first`` over the units both label."""
    counts = {"themes": [0, 0, 0], "problem_types": [0, 0, 0]}
    for name, units in first.items():
        other = {u["unit"]: u for u in second.get(name) or ()}
        for unit in units:
            if unit["unit"] not in other:
                continue
            for field, c in counts.items():
                want = set(unit.get(field) or ())
                got = set(other[unit["unit"]].get(field) or ())
                c[0] += len(want & got)
                c[1] += len(got - want)
                c[2] += len(want - got)
    return {field: Score(*c) for field, c in counts.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.agreement", description=__doc__)
    ap.add_argument("first", type=Path, help="the reference labels")
    ap.add_argument("second", type=Path, help="the labels compared with it")
    args = ap.parse_args(argv)
    first, second = (yaml.safe_load(p.read_text(encoding="utf-8")) for p in (args.first,
                                                                                args.second))
    print(f"{'field':<14} {'precision':>9} {'recall':>8} {'F1':>6}")
    for field, s in agreement(first, second).items():
        print(f"{field:<14} {s.precision:9.3f} {s.recall:8.3f} {s.f1:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
