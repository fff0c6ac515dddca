"""Score the classifier against the hand-labelled seeds: ``python -m evaluation.labels``.

Prints micro precision, recall and F1 per level (themes, problem, cause and measure types) over
the outline units of ``tests/gold/seed_labels.yml``, and the number of problem points that got
no theme. ``-v`` lists every unit where prediction and gold differ.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.models import Label, Report
from generator.parse.report import parse_report
from generator.readers import read_source
from generator.taxonomy.classify import classify_report
from generator.taxonomy.load import Taxonomy, load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "seed_labels.yml"
LEVELS = (
    ("theme", "themes"),
    ("problem", "problems"),
    ("cause", "causes"),
    ("measure", "measures"),
)


@dataclass(frozen=True, slots=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Result:
    scores: dict[str, Score]
    problem_points: int
    problem_points_without_theme: int
    diffs: list[str]


def outline_units(report: Report) -> dict[str, list[str]]:
    """Outline path → anchors of the passages that make up that unit (a point with its
    continuation paragraphs, or a subsection heading with the paragraphs under it), counted
    from the passage sequence as in seed-outlines.json."""
    units: dict[str, list[str]] = defaultdict(list)
    sec = sub = pt = 0
    unit = ""
    for p in report.passages:
        if p.role == "preamble":
            continue
        if p.kind == "heading" and not p.heading:
            sec, sub, pt = sec + 1, 0, 0
            unit = str(sec)
        elif p.kind == "heading":
            sub, pt = sub + 1, 0
            unit = f"{sec}.{sub}"
        elif p.kind == "point":
            pt += 1
            unit = f"{sec}.{sub}.{pt}" if sub else f"{sec}.{pt}"
        units[unit].append(p.anchor)
    return dict(units)


def problem_units(report: Report) -> list[str]:
    """Paths of problem points, and of problem subsections without points."""
    role = {p.anchor: p.role for p in report.passages}
    units = outline_units(report)
    paths = [u for u, anchors in units.items() if role[anchors[0]] == "problems"]
    return [
        u
        for u in paths
        if u.count(".") == 2
        or (u.count(".") == 1 and not any(v.startswith(u + ".") for v in paths))
    ]


def evaluate(taxonomy: Taxonomy, gold_path: Path = GOLD, corpus: Path = ROOT / "corpus") -> Result:
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    counts = {kind: [0, 0, 0] for kind, _ in LEVELS}
    diffs: list[str] = []
    n_points = n_bare = 0
    for name, items in gold.items():
        report = parse_report(read_source(corpus / name, corpus))
        by_anchor: dict[str, list[Label]] = defaultdict(list)
        for label in classify_report(report, taxonomy):
            by_anchor[label.anchor].append(label)
        units = outline_units(report)

        for path in problem_units(report):
            n_points += 1
            n_bare += not _predicted(units, by_anchor, path, "theme")
        for path, item in items.items():
            if path not in units:
                diffs.append(f"{name} {path}: no such unit in the parsed report")
            for kind, key in LEVELS:
                want, got = set(item.get(key) or ()), _predicted(units, by_anchor, path, kind)
                if kind != "theme" and key not in item:
                    continue
                c = counts[kind]
                c[0], c[1], c[2] = (
                    c[0] + len(want & got),
                    c[1] + len(got - want),
                    c[2] + len(want - got),
                )
                if want != got:
                    diffs.append(
                        f"{name} {path} {item.get('lead', '')[:16]} [{kind}] "
                        f"missing {sorted(want - got)} extra {sorted(got - want)}"
                    )
    scores = {k: Score(*v) for k, v in counts.items()}
    return Result(scores, n_points, n_bare, diffs)


def _predicted(
    units: dict[str, list[str]], by_anchor: dict[str, list[Label]], path: str, kind: str
) -> set[str]:
    return {lb.category for a in units.get(path, ()) for lb in by_anchor[a] if lb.kind == kind}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.labels", description=__doc__)
    ap.add_argument("-v", "--verbose", action="store_true", help="list every difference")
    ap.add_argument("--gold", type=Path, default=GOLD)
    args = ap.parse_args(argv)
    taxonomy, problems = load_taxonomy()
    for p in problems:
        print(p, file=sys.stderr)
    result = evaluate(taxonomy, args.gold)
    print(
        f"taxonomy: {len(taxonomy.themes)} themes, {len(taxonomy.problems)} problem types, "
        f"{len(taxonomy.causes)} cause types, {len(taxonomy.measures)} measure types, "
        f"{len(taxonomy.meetings)} meetings "
        f"({sum(len(m.aspects) for m in taxonomy.meetings)} aspects)"
    )
    if args.verbose:
        print("\n".join(result.diffs))
    print(f"{'level':<10}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
    for (_kind, key), s in zip(LEVELS, result.scores.values(), strict=True):
        print(
            f"{key:<10}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}{s.tp:>5}{s.fp:>5}{s.fn:>5}"
        )
    print(
        f"problem points without a theme: {result.problem_points_without_theme} "
        f"of {result.problem_points}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
