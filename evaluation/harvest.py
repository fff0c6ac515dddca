"""Labelled passages for ``corpus/examples.yml`` from blind label sets (issue 12):
``python -m evaluation.harvest tests/blind2 tests/blind5 … > more.yml``.

Each set's labeller labelled units by their lead or heading (``labels.yml``); this parses the
set's reports, finds each unit's passage as ``evaluation.labels`` scores it, and writes the
units of problem and case sections in the form of ``examples.yml``: a point's text (its
continuation paragraphs too, cut to ``TEXT_CHARS``) under its aspect heading, or an aspect
heading, with the labeller's themes and problem types and ``source: <set>/<file>#<unit>``.
A set harvested so is no longer held out: the evaluation's test half (``tests/blind``, even
report numbers) must never be harvested; ``SET:dev`` takes only a set's odd (dev) reports.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from evaluation.labels import blind_sets, match_anchors, outline_units, unit_leads
from generator.parse.report import parse_report
from generator.readers import read_source

#: Characters of a point's text kept (the model reads the first 120).
TEXT_CHARS = 150
_ROLES = ("problems", "case")


def harvest(folder: Path, halves: tuple[str, ...] = ("dev", "test")) -> list[dict]:
    """The examples of the labelled units of ``folder``'s reports (of the given halves)."""
    sets = blind_sets(folder) or {}
    out = []
    for half in halves:
        for name, items in sorted(sets.get(half, {}).items()):
            report = parse_report(read_source(folder / "reports" / name, folder / "reports"))
            units = outline_units(report)
            leads = unit_leads(report, units)
            by_anchor = {p.anchor: p for p in report.passages}
            for key, item in items:
                anchors = match_anchors(report, units, leads, item.get("lead", ""))
                first = by_anchor[anchors[0]] if anchors else None
                if first is None or first.role not in _ROLES:
                    continue
                entry = _entry(first, [by_anchor[a] for a in anchors[1:]], item)
                if entry is not None:
                    entry["source"] = f"{folder.name}/{name}#{key}"
                    out.append(entry)
    return out


def _entry(first, rest, item: dict) -> dict | None:  # noqa: ANN001 (passages)
    themes = list(item.get("themes") or [])
    types = list(item.get("problems") or [])
    if first.kind == "point":
        text = first.text[len(first.number):] + "".join(p.text for p in rest)
        return {"text": text[:TEXT_CHARS], "kind": "point", "heading": first.heading or "",
                "themes": themes, "problem_types": types}
    if first.kind == "heading" and first.heading:  # an aspect heading (not a section's)
        entry = {"text": first.text[len(first.number):], "kind": "heading", "themes": themes}
        if types:
            entry["problem_types"] = types
        return entry
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.harvest", description=__doc__)
    ap.add_argument("sets", nargs="+", help="blind set folders (SET:dev for its dev half only)")
    args = ap.parse_args(argv)
    found = []
    for spec in args.sets:
        folder, _, half = spec.partition(":")
        if Path(folder).resolve() == (Path(__file__).resolve().parents[1] / "tests" / "blind") \
                and half != "dev":
            ap.error("tests/blind holds the test half: harvest only tests/blind:dev")
        got = harvest(Path(folder), (half,) if half else ("dev", "test"))
        print(f"{spec}: {len(got)} examples", file=sys.stderr)
        found += got
    yaml.safe_dump(found, sys.stdout, allow_unicode=True, sort_keys=False, width=1000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
