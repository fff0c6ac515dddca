"""Shared phrasing updated from the last build's state equals ``find_reuse`` on the whole
corpus, exactly: after an edit, an addition, a removal, a rename, several changes at once, and
when the state is from another corpus order (it falls back to aligning everything)."""

from __future__ import annotations

import hashlib
import pickle
import random
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from generator.models import Metadata, Passage, Report, SourceDoc
from generator.reuse import find_reuse
from generator.reuse import index as ix
from generator.reuse.update import ReuseState, update_reuse

HAN = ("的一是不了在人有我他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学"
       "对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头"
       "面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向")
PHRASES = ["在推进基层治理现代化中，网格员队伍建设滞后，群众诉求响应不及时。",
           "以上对照检查，请同志们批评指正。",
           "理论学习不够深入系统，学用结合不够紧密，存在以干代学的现象。",
           "落实中央八项规定精神有松懈，文山会海问题仍然存在。",
           "联系服务群众不够经常，深入基层调查研究不够深入。"]


def _noise(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(HAN) for _ in range(n))


def _report(slug: str, texts: list[str], year: str) -> Report:
    passages = tuple(Passage("para", t, "problems", str(i + 1), i + 1,
                             anchor=f"p-{slug}-{i}") for i, t in enumerate(texts))
    source = SourceDoc(Path(f"{slug}.txt"), "txt", "utf-8", 0, "0" * 64, ())
    return Report(slug, source, Metadata(title=slug, year=year), passages, ())


def _corpus(n: int = 30, seed: int = 5) -> list[Report]:
    """Reports of noise, template phrases and spans copied from a shared pool, so that many
    shingles are in a few reports and some in many (the neighbour and rarity limits matter)."""
    rng = random.Random(seed)
    pool = [_noise(rng, 60) for _ in range(12)]
    reports = []
    for i in range(n):
        paras = []
        for _ in range(rng.randint(2, 5)):
            parts = [_noise(rng, rng.randint(10, 60))]
            for _ in range(rng.randint(0, 3)):
                src = rng.choice(pool)
                a = rng.randint(0, 30)
                parts += [src[a:a + rng.randint(15, 30)], _noise(rng, rng.randint(3, 20))]
            if rng.random() < 0.5:
                parts.append(rng.choice(PHRASES))
            paras.append("".join(parts))
        reports.append(_report(f"r{i:03d}", paras, str(2020 + i % 3)))
    return reports


def _keys(reports: list[Report]) -> list[str]:
    return [r.slug + "=" + hashlib.sha256("\x00".join(
        p.anchor + p.text for p in r.passages).encode()).hexdigest() for r in reports]


def _state(reports: list[Report]) -> ReuseState:
    return update_reuse(reports, _keys(reports), None)[1]


def _edit(reports: list[Report], i: int, rng: random.Random) -> list[Report]:
    r = reports[i]
    texts = [p.text for p in r.passages]
    k = rng.randrange(len(texts))
    at = rng.randrange(len(texts[k]))
    texts[k] = texts[k][:at] + rng.choice(PHRASES) + texts[k][at + 5:]
    out = list(reports)
    out[i] = _report(r.slug, texts, r.meta.year)
    return out


def _add(reports: list[Report], i: int, rng: random.Random) -> list[Report]:
    src = reports[rng.randrange(len(reports))]
    texts = [p.text for p in src.passages] + [_noise(rng, 40)]
    new = _report(reports[i].slug + "a", texts, "2021")
    return [*reports[:i + 1], new, *reports[i + 1:]]


def _remove(reports: list[Report], i: int, rng: random.Random) -> list[Report]:
    return reports[:i] + reports[i + 1:]


def _rename(reports: list[Report], i: int, rng: random.Random) -> list[Report]:
    r = reports[i]
    moved = _report("z" + r.slug, [p.text for p in r.passages], r.meta.year)
    return sorted([*reports[:i], *reports[i + 1:], moved], key=lambda x: x.slug)


CHANGES: dict[str, Callable[[list[Report], int, random.Random], list[Report]]] = {
    "edit": _edit, "add": _add, "remove": _remove, "rename": _rename}


@pytest.fixture(params=[(16, 4), (3, 2)], ids=["project-limits", "tight-limits"])
def limits(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The project's rarity and neighbour limits, and tight ones under which one changed
    report changes the seeds of many pairs of unchanged ones."""
    rare, neighbours = request.param
    monkeypatch.setattr(ix, "RARE", rare)
    monkeypatch.setattr(ix, "OCC_CAP", 2 * rare)
    monkeypatch.setattr(ix, "NEIGHBOURS", neighbours)


@pytest.mark.parametrize("change", list(CHANGES))
@pytest.mark.parametrize("at", [0, 13, 29])
def test_update_equals_full_computation(limits: None, change: str, at: int) -> None:
    before = _corpus()
    state = _state(before)
    after = CHANGES[change](before, at, random.Random(at))
    reuse, new_state = update_reuse(after, _keys(after), state)
    assert reuse == find_reuse(after)
    assert reuse.matches  # the corpus does share phrasing
    # and the state it leaves is the one a full computation leaves
    full_state = _state(after)
    assert new_state.keys == full_state.keys
    assert new_state.matches == full_state.matches
    assert (new_state.pairs == full_state.pairs).all()
    for name in ("seeds", "fp_hash", "fp_report", "fp_offset"):
        assert (getattr(new_state, name) == getattr(full_state, name)).all(), name
    assert new_state.signed.texts == full_state.signed.texts
    assert (new_state.signed.sig == full_state.signed.sig).all()


def test_several_changes_in_a_row(limits: None) -> None:
    rng = random.Random(7)
    reports = _corpus(40, seed=9)
    state = _state(reports)
    for step in range(6):
        change = list(CHANGES)[step % 4]
        reports = CHANGES[change](reports, rng.randrange(len(reports)), rng)
        if step == 3:  # two at once
            reports = _edit(reports, rng.randrange(len(reports)), rng)
        reuse, state = update_reuse(reports, _keys(reports), state)
        assert reuse == find_reuse(reports), change


def test_no_change_keeps_every_span_and_another_order_redoes_them() -> None:
    reports = _corpus()
    state = _state(reports)
    reuse, again = update_reuse(reports, _keys(reports), state)
    assert reuse == find_reuse(reports)
    assert all(a is b for a, b in zip(again.matches, state.matches, strict=True))
    shuffled = reports[1:] + reports[:1]
    assert update_reuse(shuffled, _keys(shuffled), state)[0] == find_reuse(shuffled)


def test_a_saved_state_is_the_state_returned_otherwise() -> None:
    reports = _corpus()
    saved: list[ReuseState] = []
    reuse, returned = update_reuse(reports, _keys(reports), None, save=saved.append)
    assert returned is None and reuse == find_reuse(reports)
    state = _state(reports)
    assert len(saved) == 1 and pickle.dumps(saved[0]) == pickle.dumps(state)
    edited = _edit(reports, 3, random.Random(2))
    assert update_reuse(edited, _keys(edited), saved[0])[0] == find_reuse(edited)


@pytest.mark.parametrize("change", list(CHANGES))
def test_index_from_the_state_is_the_index_of_the_corpus(change: str) -> None:
    from generator.reuse.update import _fingerprints, _renumber

    before = _corpus()
    state = _state(before)
    after = CHANGES[change](before, 13, random.Random(3))
    old_to_new = _renumber(tuple(_keys(after)), state)
    assert old_to_new is not None
    side = ix.Side.of(after)
    hashes, positions = _fingerprints(side, state, old_to_new)
    full = ix.ReuseIndex(after)
    assert (hashes == full.hashes).all() and (positions == full.positions).all()


@pytest.mark.parametrize("texts", [["一二三四五六七八九十甲乙丙丁", "子丑寅卯"], ["一二", "三"], ["天地玄黄"]])
def test_indexed_at_any_position_is_the_whole_sides_winnowing(texts: list[str]) -> None:
    reports = [_report(f"s{i}", [t, t[::-1]], "2023") for i, t in enumerate(texts)] + _corpus(4)
    for sample in (reports, reports[:1]):
        side = ix.Side.of(sample)
        h, valid = ix.shingles(side.codes, ix.K)
        q = np.arange(side.codes.size)
        got_h, got = ix.indexed_at(side.codes, q)
        want = np.zeros(q.size, bool)
        want[:h.size] = valid & ix._winnow(h)
        assert (got == want).all()
        assert (got_h[:h.size][want[:h.size]] == h[want[:h.size]]).all()
        for r in range(len(sample)):
            s, e = int(side.starts[r]), int(side.starts[r + 1]) - 1
            hh, at = ix.interior_fingerprints(side.codes[s:e])
            inner = np.flatnonzero(want[s:e])
            inner = inner[(inner >= ix.BORDER_START) & (inner < e - s - ix.BORDER_END)]
            assert (at == inner).all() and (hh == h[s + inner]).all()
