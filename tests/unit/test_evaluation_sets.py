"""The evaluation's blind-set loader: the labeller's format, the odd/even dev/test split."""

from __future__ import annotations

from pathlib import Path

from evaluation.labels import blind_sets, match_unit

LABELS = """b01.txt:
  - unit: "1/1"
    text: "在理论学习上"
    themes: [theory_study]
    problem_types: []
  - unit: "1/1/1"
    text: "学习的系统性不够"
    themes: [theory_study]
    problem_types: [study_not_systematic]
b02.txt:
  - unit: "1/p1"
    text: "调研不深"
    themes: [research]
    problem_types: [research_shallow]
"""


def test_blind_sets_split_odd_dev_even_test(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    for name in ("b01.txt", "b02.txt"):
        (tmp_path / "reports" / name).write_text("x", encoding="utf-8")
    assert blind_sets(tmp_path) is None  # no labels yet
    (tmp_path / "labels.yml").write_text(LABELS, encoding="utf-8")
    sets = blind_sets(tmp_path)
    assert sets is not None
    assert list(sets["dev"]) == ["b01.txt"] and list(sets["test"]) == ["b02.txt"]
    items = [item for _, item in sets["dev"]["b01.txt"]]
    assert items[1]["lead"] == "学习的系统性不够"
    assert items[1]["problems"] == ["study_not_systematic"]


def test_units_match_by_lead_text() -> None:
    leads = {"1.1": "在理论学习上", "1.1.1": "学习的系统性还不够，学用结合不紧", "1.1.2": "调研不深"}
    assert match_unit("学习的系统性还不够，学用结合不紧", leads) == "1.1.1"
    assert match_unit("学习的系统性还不够", leads) == "1.1.1"  # a lead cut at another comma
    assert match_unit("完全无关的一句话", leads) == ""


def test_the_dev_and_held_out_pools_share_no_labelled_report() -> None:
    """What the classifier is tuned on (the dev pool) never holds a report of the held-out
    pool, and every set of both has its labels."""
    from evaluation.labels import DEV_POOL, ROOT, TEST_POOL

    def reports(pool: tuple[tuple[str, str], ...]) -> set[str]:
        out = set()
        for name, part in pool:
            sets = blind_sets(ROOT / "tests" / name, part == "whole")
            assert sets is not None, name
            chosen = sets["test" if part == "whole" else part]
            assert chosen, (name, part)
            out |= {f"{name}/{file}" for file in chosen}
        return out

    dev, held_out = reports(DEV_POOL), reports(TEST_POOL)
    assert dev and held_out and not dev & held_out


def test_no_learned_example_comes_from_a_scored_report() -> None:
    """The model's examples never hold a unit of a report the evaluation scores (dev or
    held out): a set harvested into ``corpus/examples.yml`` leaves both pools."""
    import yaml

    from evaluation.labels import DEV_POOL, ROOT, TEST_POOL

    examples = yaml.safe_load((ROOT / "corpus" / "examples.yml").read_text(encoding="utf-8"))
    sources = {e["source"].partition("#")[0] for e in examples if "/" in e.get("source", "")}
    assert any(s.startswith("blind19/") for s in sources)  # the parse below reads real sources
    for name, part in (*DEV_POOL, *TEST_POOL):
        sets = blind_sets(ROOT / "tests" / name, part == "whole")
        assert sets is not None
        scored = {f"{name}/{file}" for file in sets["test" if part == "whole" else part]}
        assert not scored & sources, (name, sorted(scored & sources)[:3])
