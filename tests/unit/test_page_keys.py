"""What an incremental build keys a report's page and export records by: a corpus-propagated
label (``corpus:<similarity>:…``) can change when *another* report changes, so the key holds
every field of the report's labels, not only their categories."""

from __future__ import annotations

from generator.models import Label
from generator.site.report_pages import labels_key


def _labels(similarity: float, source: str = "r2#p-abc") -> dict[str, tuple[Label, ...]]:
    theme = Label("p-1", "theory_study", "theme", ("学习",), 1.0, 0.9)
    copied = Label("p-1", "study_not_systematic", "problem",
                   (f"corpus:{similarity}:{source}:学习不够系统",), 0.0, similarity)
    return {"p-1": (theme, copied), "p-2": (Label("p-2", "people", "theme", ("群众",)),)}


def test_same_labels_same_key() -> None:
    assert labels_key(_labels(0.7)) == labels_key(_labels(0.7))
    assert labels_key(dict(reversed(_labels(0.7).items()))) == labels_key(_labels(0.7))


def test_a_propagated_label_moving_changes_the_key() -> None:
    """Found by comparing an incremental build with a full one after five edits: a label
    copied from a paraphrase elsewhere showed 0.69 on a kept page and 0.70 in the full build."""
    assert labels_key(_labels(0.69)) != labels_key(_labels(0.7))
    assert labels_key(_labels(0.7, "r3#p-def")) != labels_key(_labels(0.7))


def test_no_labels() -> None:
    assert labels_key(None) == labels_key({})
    assert labels_key({}) != labels_key(_labels(0.7))


# -- shared phrasing: what a report page shows of another report's text ---------------------


def _links(marks: tuple, family_reports: int = 12, title: str = "乙县报告", boiler: bool = True,
           search: bool = True) -> tuple:
    from types import SimpleNamespace

    from generator.reuse.model import Family, Place, Reuse
    from generator.site.reuse_pages import ReuseLinks

    family = Family("t-aaaaaa", "认真学习", (Place("r1", "p-a", 0, 4), Place("r2", "p-b", 0, 4)),
                    family_reports, {"2023": family_reports}, boiler)
    reports = [SimpleNamespace(slug=s, meta=SimpleNamespace(title=t))
               for s, t in (("r1", "甲县报告"), ("r2", title), ("r3", "丙县报告"))]
    reuse = Reuse(families=(family,), marks={("r1", "p-a"): marks})
    shared = ReuseLinks(reuse, reports, search)  # type: ignore[arg-type]
    # what the page shows: the marked ranges in the passage's text, and the line below it
    shown = (shared.refs("r1", "p-a"), [(m.start, m.end, m.kind) for m in marks])
    return shown, shared.refs_key("r1", "p-a")


def test_a_report_page_key_changes_whenever_its_shared_phrasing_line_does() -> None:
    from generator.reuse.model import Mark, Place

    b, c = Place("r2", "p-b", 3, 9), Place("r3", "p-c", 0, 6)
    variants = {
        "pair": _links((Mark(3, 9, "reuse", (b,), 0),)),
        "pair, more": _links((Mark(3, 9, "reuse", (b,), 2),)),
        "pair, two links": _links((Mark(3, 9, "reuse", (b, c), 0),)),
        "pair, other span": _links((Mark(3, 10, "reuse", (b,), 0),)),
        "pair, title": _links((Mark(3, 9, "reuse", (b,), 0),), title="乙县报告（修订）"),
        "common 3": _links((Mark(0, 8, "common", (), 2),)),
        "common 12": _links((Mark(0, 8, "common", (), 11),)),
        "common, no search": _links((Mark(0, 8, "common", (), 11),), search=False),
        "boiler": _links((Mark(0, 4, "boiler", (b,), 0, "t-aaaaaa"),)),
        "boiler, 4 reports": _links((Mark(0, 4, "boiler", (b,), 0, "t-aaaaaa"),), 4),
        "template": _links((Mark(0, 4, "tpl", (b,), 0, "t-aaaaaa"),), boiler=False),
    }
    for name, (shown, key) in variants.items():
        for other, (shown2, key2) in variants.items():
            if name != other:
                assert shown != shown2 and key != key2, (name, other)


def test_a_count_shown_rounded_keeps_the_key() -> None:
    """A phrase in 12 or 13 reports shows "10 份以上" either way: adding a report that uses it
    must not rewrite every page that has it."""
    from generator.reuse.model import Mark, Place

    b = Place("r2", "p-b", 0, 4)
    family = (Mark(0, 4, "boiler", (b,), 0, "t-aaaaaa"),)
    assert _links(family, 12) == _links(family, 13)
    common = (Mark(0, 8, "common", (), 11),)
    assert _links(common) == _links((Mark(0, 8, "common", (), 12),))
    assert _links((Mark(3, 9, "reuse", (b,), 7),)) == _links((Mark(3, 9, "reuse", (b,), 0),))
