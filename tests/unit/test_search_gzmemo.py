"""The search index's shards and text chunks are not compressed again when their bytes are
the last build's (generator/search/gzmemo.py): the kept files plus the written ones are, byte
for byte, the index a fresh build writes, and a changed passage rewrites the files that hold
its text or its bigrams."""

from __future__ import annotations

import copy
import json
import shutil
import sys
from pathlib import Path

import pytest

from generator.search import gzmemo, write_index

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from benchmarks.synth_data import convert  # noqa: E402
from scripts.synth_corpus import generate  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[dict], list[dict]]:
    tmp = tmp_path_factory.mktemp("search-memo")
    generate(30, tmp / "synth", seed=11)
    convert(tmp / "synth", tmp / "data")
    passages = [json.loads(line) for line in (tmp / "data/passages.jsonl").open(encoding="utf-8")]
    reports = json.loads((tmp / "data/reports.json").read_text(encoding="utf-8"))
    return passages, reports


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def _known(records: list[gzmemo.Record]) -> dict[str, tuple[str, str, int]]:
    return {rel: (raw, gz, size) for rel, raw, gz, size, _ in records}


def _again(passages: list[dict], reports: list[dict], previous: Path,
           records: list[gzmemo.Record], out: Path, jobs: int
           ) -> tuple[dict[str, bytes], list[gzmemo.Record]]:
    """An index written with the previous one's records; kept files linked from it."""
    found: list[gzmemo.Record] = []
    write_index(passages, reports, out, jobs=jobs, known=_known(records), records=found)
    for rel, *_, kept in found:
        if kept:
            assert not (out / rel).exists()
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(previous / rel, out / rel)
    return tree(out), found


@pytest.mark.parametrize("jobs", [1, 2])
def test_kept_and_written_files_equal_a_fresh_index(corpus, tmp_path: Path, jobs: int) -> None:
    passages, reports = corpus
    first: list[gzmemo.Record] = []
    write_index(passages, reports, tmp_path / "a", jobs=jobs, records=first)
    assert first and not any(r[4] for r in first)
    assert tree(tmp_path / "a") == _fresh(passages, reports, tmp_path / "fresh-a")
    # nothing changed: nothing compressed again
    same, found = _again(passages, reports, tmp_path / "a", first, tmp_path / "b", jobs)
    assert all(r[4] for r in found) and same == tree(tmp_path / "a")
    # one passage edited: the index equals a fresh one, and most files were kept
    edited = copy.deepcopy(passages)
    at = len(edited) // 2
    edited[at]["text"] = edited[at]["text"] + "并在本年度内逐项完成整改"
    result, found = _again(edited, reports, tmp_path / "a", first, tmp_path / "c", jobs)
    assert result == _fresh(edited, reports, tmp_path / "fresh-c")
    rewritten = {rel for rel, *_, kept in found if not kept}
    assert f"t/{at // 16}.json.gz" in rewritten
    assert any(rel.startswith("k/") for rel in rewritten)
    assert len(rewritten) < len(found) / 2


def test_stale_record_is_not_trusted(corpus, tmp_path: Path) -> None:
    """A file whose recorded bytes differ is written, whatever the record says of its gzip."""
    passages, reports = corpus
    first: list[gzmemo.Record] = []
    write_index(passages, reports, tmp_path / "a", jobs=1, records=first)
    wrong = [(rel, "0" * 32, gz, size, kept) for rel, _raw, gz, size, kept in first]
    found: list[gzmemo.Record] = []
    write_index(passages, reports, tmp_path / "b", jobs=1, known=_known(wrong), records=found)
    assert not any(r[4] for r in found)
    assert tree(tmp_path / "b") == tree(tmp_path / "a")


def _fresh(passages: list[dict], reports: list[dict], out: Path) -> dict[str, bytes]:
    write_index(passages, reports, out, jobs=1)
    return tree(out)
