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
