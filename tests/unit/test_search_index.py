"""The search index, read back in Python: exact for every query, deterministic, compact."""

from __future__ import annotations

import filecmp
import json
import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.search import write_index
from generator.search.normalize import fold, fold_all, fold_map
from generator.search.reader import IndexReader

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from benchmarks.synth_data import convert  # noqa: E402
from scripts.synth_corpus import generate  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[dict], list[dict], Path]:
    tmp = tmp_path_factory.mktemp("search")
    generate(40, tmp / "synth", seed=7)
    convert(tmp / "synth", tmp / "data")
    passages = [json.loads(line) for line in (tmp / "data/passages.jsonl").open(encoding="utf-8")]
    for i, p in enumerate(passages):  # some labels, so label files are written and read
        p["themes"] = ["lianjie"] if "廉" in p["text"] else []
        p["problem_types"] = ["xueyong"] if i % 7 == 0 else []
    reports = json.loads((tmp / "data/reports.json").read_text(encoding="utf-8"))
    write_index(passages, reports, tmp / "index")
    return passages, reports, tmp / "index"


def brute(passages: list[dict], term: str) -> dict[int, int]:
    """Occurrences (overlapping) of a folded term per passage ordinal."""
    out = {}
    for i, p in enumerate(passages):
        text = fold(p["text"])
        n = sum(1 for k in range(len(text)) if text.startswith(term, k))
        if n:
            out[i] = n
    return out


def test_fold_keeps_length_and_maps_scripts() -> None:
    assert fold("黨風廉政ＡＢＣ２０２３D史XX") == "党风廉政abc2023d史xx"
    assert all(len(k) == len(v) == 1 for k, v in fold_map().items())


def test_folding_many_texts_at_once_equals_folding_each() -> None:
    texts = ["黨風廉政ＡＢＣ", "", "𠀀 beyond the BMP 𠀀Ｘ", "　全角空格", "plain"]
    assert fold_all(texts) == [fold(t) for t in texts]
    assert fold_all(["a\x00b", "Ｃ"]) == ["a\x00b", "c"]  # a text holding the separator
    assert fold_all([]) == []


@pytest.mark.parametrize(
    "term",
    [
        "党",
        "的",
        "问题",
        "双责",
        "d史",
        "xx",
        "**",
        "2023",
        "一岗双责",
        "学用结合不够紧密",
        "。",
        "x",
        "社会主义思想",
        "量子计算",
    ],
)
def test_known_queries_are_exact(corpus, term: str) -> None:
    passages, _, index = corpus
    assert IndexReader(index).search(fold(term)) == brute(passages, fold(term))


def test_random_substrings_are_exact(corpus) -> None:
    passages, _, index = corpus
    reader, rng = IndexReader(index), random.Random(3)
    for _ in range(60):
        text = fold(rng.choice(passages)["text"])
        k = rng.randint(1, 8)
        at = rng.randrange(max(1, len(text) - k))
        term = text[at : at + k]
        assert reader.search(term) == brute(passages, term), term


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="党的问题廉政治一岗双责xX*2023。，", min_size=1, max_size=6))
def test_any_query_is_exact(corpus, term: str) -> None:
    passages, _, index = corpus
    assert IndexReader(index).search(fold(term)) == brute(passages, fold(term))


def test_catalogue(corpus) -> None:
    passages, reports, index = corpus
    meta = IndexReader(index).meta
    assert meta["passages"] == len(passages) and meta["reports"] == len(reports)
    assert sum(meta["counts"]) == len(passages)
    assert len(meta["passageRoles"]) == len(passages)
    assert meta["labels"]["themes"]["lianjie"]["passages"] == sum(
        "廉" in p["text"] for p in passages
    )


def test_output_is_deterministic(corpus, tmp_path) -> None:
    passages, reports, index = corpus
    write_index(passages, reports, tmp_path / "again", jobs=1)
    cmp = filecmp.dircmp(index, tmp_path / "again")
    diffs: list[str] = []

    def walk(c: filecmp.dircmp) -> None:
        diffs.extend(c.diff_files + c.left_only + c.right_only)
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        diffs.extend(mismatch + errors)
        for sub in c.subdirs.values():
            walk(sub)

    walk(cmp)
    assert diffs == []


def test_the_index_lets_its_corpus_arrays_go(corpus, tmp_path) -> None:
    from generator.search import index as ix

    passages, reports, _ = corpus
    write_index(passages, reports, tmp_path / "held", jobs=1)
    for name in ("_CODES", "_STARTS", "_GROUP_OF", "_LEADS"):
        left = getattr(ix, name)
        assert left.size == 0 and left.base is None, name  # not a view of the corpus


@pytest.mark.parametrize("chunk", [1, 3, 1 << 14])
def test_the_corpus_codes_made_a_few_passages_at_a_time_are_the_whole_texts_folded(
        chunk: int) -> None:
    import numpy as np

    from generator.search.normalize import fold_table
    from generator.search.postings import corpus_codes

    rng = random.Random(chunk)
    for n in (0, 1, 5, 100):
        texts = ["".join(rng.choice("学习Ａa\0 𠀀，x１") for _ in range(rng.randint(0, 30)))
                 for _ in range(n)]
        joined = "\0".join(t.replace("\0", " ") for t in texts) + "\0"
        whole = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).copy()
        bmp = whole < len(fold_table())
        whole[bmp] = fold_table()[whole[bmp]]
        assert np.array_equal(corpus_codes(texts, fold_table(), chunk), whole), n
