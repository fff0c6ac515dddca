"""Reuse detection (issue 14): shared spans between passages, tolerance of small edits,
boilerplate kept apart, the incremental index, datasketch-compatible signatures, and the
span helper that both Markdown renderers read alike."""

from __future__ import annotations

import pickle
import random
import sys
from pathlib import Path

import markdown
import numpy as np
import pytest

from generator.models import Metadata, Passage, Report, SourceDoc
from generator.publish.fast_markdown import render as fast_render
from generator.reuse import ReuseIndex, find_reuse
from generator.reuse import families as fam
from generator.reuse.index import Side
from generator.reuse.text import TextMeta, TextPassage, TextReport, report_text
from generator.site import markdown as md
from generator.site.render import marked
from generator.site.reuse_pages import diff_marked

FILLER = ("今年以来我们认真落实上级部署要求推动各项工作取得新的进展同时也清醒认识到工作中还存在"
          "一些差距和不足主要表现在以下几个方面需要在今后的工作中加以改进和提高")
SHARED = "在推进基层治理现代化中，网格员队伍建设滞后，群众诉求响应不及时，矛盾纠纷化解机制不够健全。"
THEME = "以上对照检查，请同志们批评指正。"


def _noise(seed: int, n: int) -> str:
    """Han text with no long runs in common with other seeds' noise."""
    rng = random.Random(seed)
    return "".join(rng.choice("的一是不了在人有我他这中大来上国个到说们为子和你地出道也时年"
                              "得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没"
                              "日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公"
                              "同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点"
                              "月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打"
                              "便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内"
                              "加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通"
                              "目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放"
                              "做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干"
                              "接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元") for _ in range(n))


def _report(slug: str, texts: list[str], year: str = "2023") -> Report:
    passages = tuple(Passage("para", t, "problems", str(i + 1), i + 1, anchor=f"p-{slug[-1]}{i:05d}")
                     for i, t in enumerate(texts))
    source = SourceDoc(Path(f"{slug}.txt"), "txt", "utf-8", 0, "0" * 64, ())
    return Report(slug, source, Metadata(title=slug, year=year), passages, ())


def _corpus() -> list[Report]:
    reports = []
    for i in range(8):
        paras = [_noise(i * 10 + j, 120) for j in range(4)] + [THEME]
        reports.append(_report(f"r{i}", paras))
    # r1 copies a span of r0 with a changed place name and number and a redaction mark
    src = reports[0].passages[1].text
    copied = src[30:70]
    edited = copied[:10] + "**" + copied[12:25] + "3" + copied[26:]
    p = reports[1].passages
    reports[1] = _report("r1", [p[0].text, p[1].text[:50] + edited + p[1].text[50:],
                                p[2].text, p[3].text, THEME])
    # r2 and r3 share a sentence
    reports[2] = _report("r2", [reports[2].passages[0].text + SHARED, *(x.text for x in reports[2].passages[1:])])
    reports[3] = _report("r3", [SHARED + reports[3].passages[0].text, *(x.text for x in reports[3].passages[1:])])
    return reports


def test_copied_span_with_edits_is_found_between_the_right_passages() -> None:
    reports = _corpus()
    reuse = find_reuse(reports)
    between = [m for m in reuse.matches if {m.a.slug, m.b.slug} == {"r0", "r1"}]
    assert between, reuse.matches
    m = between[0]
    assert m.a.anchor == reports[0].passages[1].anchor
    assert m.b.anchor == reports[1].passages[1].anchor
    assert abs((m.a.end - m.a.start) - 40) <= 3 and m.similarity >= 0.85
    shared = [m for m in reuse.matches if {m.a.slug, m.b.slug} == {"r2", "r3"}]
    assert shared and shared[0].b.end - shared[0].b.start >= len(SHARED) - 2
    # nothing else: the noise of different reports shares no span of 12 characters
    assert {frozenset((m.a.slug, m.b.slug)) for m in reuse.matches} <= {
        frozenset(("r0", "r1")), frozenset(("r2", "r3"))} | {
        frozenset((f"r{i}", f"r{j}")) for i in range(8) for j in range(8)
        if any(THEME in p.text for p in reports[i].passages[-1:])}


def test_boilerplate_is_kept_apart_from_real_reuse() -> None:
    reuse = find_reuse(_corpus())
    boiler = [f for f in reuse.families if f.boilerplate]
    assert [f.text for f in boiler] == [THEME] and boiler[0].reports == 8
    r0 = reuse.reports["r0"]
    assert r0.boiler == len(THEME) and 0 < r0.shared < r0.chars
    assert reuse.reports["r1"].partners[0][0] == "r0"  # the copy, not the boilerplate
    assert reuse.reports["r4"].partners == ()
    kinds = {m.kind for m in reuse.marks[("r4", "p-400004")]}
    assert kinds == {"boiler"}


def test_adding_one_report_to_the_index_finds_what_recomputing_finds() -> None:
    reports = _corpus()
    extra = _report("r9", [_noise(99, 80) + reports[0].passages[2].text[10:60] + _noise(98, 30),
                           SHARED, THEME])
    index = ReuseIndex(reports)
    found = index.query(extra)
    full = [m for m in ReuseIndex([*reports, extra]).matches() if "r9" in (m.a.slug, m.b.slug)]
    assert found and sorted(found, key=repr) == sorted(full, key=repr)
    assert {m.a.slug for m in found} >= {"r0", "r2", "r3"}


@pytest.mark.parametrize("chunk", [1, 2, 5, 7, 64, 1000])
def test_the_index_picks_the_same_shingles_a_chunk_at_a_time(chunk: int) -> None:
    from generator.reuse import index as ix
    from generator.reuse.shingles import shingles

    rng = np.random.default_rng(chunk)
    codes = rng.integers(2, 9, 700).astype(np.uint32)  # few letters: many equal hashes
    codes[rng.integers(0, codes.size, 40)] = 1  # separators
    for size in (0, 3, ix.K, ix.K + 2, 120, codes.size):
        part = codes[:size]
        h, valid = shingles(part, ix.K)
        whole = np.flatnonzero(valid & ix._winnow(h))
        got_h, got_p = ix.indexed(part, chunk)
        assert got_p.tolist() == whole.tolist() and got_h.tolist() == h[whole].tolist()


@pytest.mark.parametrize("chunk", [1, 300, 5000, 1 << 22])
def test_frequent_runs_read_in_blocks_are_those_of_the_whole_index(monkeypatch, chunk: int
                                                                   ) -> None:
    from generator.reuse import index as ix

    rng = random.Random(chunk)
    reports = [_report(f"r{i:02d}", [_noise(i, 60) + THEME * (1 + i % 2) + _noise(100 + i, 40),
                                     SHARED[:rng.randrange(15, len(SHARED))] + _noise(200 + i, 30),
                                     SHARED[-20:]])  # a run at the very end
               for i in range(ix.RARE + 6)]
    index = ReuseIndex(reports)
    # the runs as the index once found them: every frequent shingle sorted at once
    member = np.repeat(index.df > ix.RARE, index.count)
    pos, df = index.positions[member], np.repeat(index.df, index.count)[member]
    order = np.argsort(pos, kind="stable")
    pos, df = pos[order], df[order]
    want = ix._runs(pos, df, index.side.report_of(pos))
    monkeypatch.setattr(ix, "CHUNK", chunk)
    got = index.frequent_runs()
    assert want[0].size >= len(reports)  # each report's THEME, at least
    for a, b in zip(got, want, strict=True):
        assert a.tolist() == b.tolist()


def test_signatures_in_batches_are_the_signatures_at_once(monkeypatch) -> None:
    codes = report_text(_corpus()[0]).codes
    sents = fam.sentences(codes)
    s, e = sents.start[sents.first], sents.end[sents.first]
    whole = fam._signatures_of(codes, s, e)
    monkeypatch.setattr(fam, "BATCH", 3)
    assert s.size > 3 and np.array_equal(fam._signatures_of(codes, s, e), whole)


def test_signatures_are_datasketchs_minhash() -> None:
    from datasketch import MinHash

    rng = np.random.default_rng(1)
    values = rng.integers(0, 2**32, 50, dtype=np.uint64).astype(np.uint32)
    ours = fam.signatures(values, np.array([0, 20]))
    for row, part in zip(ours, (values[:20], values[20:]), strict=True):
        m = MinHash(num_perm=fam.NUM_PERM, seed=1, hashfunc=int)
        m.update_batch(part.tolist())
        assert row.tolist() == m.hashvalues.tolist()


def test_normalisation_maps_back_to_the_passage_text() -> None:
    report = _report("r0", ["一、　２０２３年**县  XX乡“网格”", "第二段"])
    text = report_text(report)
    assert text.codes.tobytes().decode("utf-32-le") == '一、0年*县*乡"网格"\x01第二段'
    assert text.locate(3, 6) == (0, 7, 11)  # 年**县 in the passage's own text


@pytest.mark.parametrize("text", ["a*b<c>&d[x](y) **s** `c` \\ 以上", "  前后空格  ", "#标题|表格|"])
def test_marked_text_renders_alike_in_both_renderers(text: str) -> None:
    from generator.reuse.model import Mark

    marks = (Mark(1, 4, "reuse", ()), Mark(5, len(text) - 1, "tpl", (), family="t-x"))
    for bold in (False, True):
        src = marked(text, 0, len(text), marks, bold=bold) + " {: #p-a }"
        slow = markdown.markdown(src, extensions=["attr_list", "tables"])
        assert fast_render(src) == slow
    plain = markdown.markdown(marked(text, 0, len(text), marks), extensions=["attr_list"])
    assert plain.count('<span class="reuse ') == 2


def test_span_helper_refuses_unsafe_classes_and_diff_marks_changes() -> None:
    with pytest.raises(ValueError):
        md.span("x", 'a" onclick="x')
    a, b = diff_marked("河东区网格员队伍", "城南区网格员队伍")
    assert a == '<span class="reuse-diff">河东</span>区网格员队伍'
    assert b == '<span class="reuse-diff">城南</span>区网格员队伍'


def test_report_pages_round_large_phrase_counts() -> None:
    """A report page says how many reports use a phrase; past a few it gives a round lower
    bound, so adding one report does not rewrite every page that quotes the count."""
    from generator.site.reuse_pages import _at_least, _reports

    assert [_at_least(n) for n in (1, 4, 5, 9, 10, 76, 102, 1999)] == [1, 4, 5, 5, 10, 50, 100,
                                                                       1000]
    assert _reports(3) == "3 份" and _reports(76) == "50 份以上"


def test_a_family_is_named_by_its_wording_not_by_the_order_of_its_uses() -> None:
    from generator.reuse.detect import _family
    from generator.reuse.model import Place

    # Two wordings, used once each: a tie that the order of the uses must not break.
    texts = {("a", "p1"): "加强理论学习", ("b", "p1"): "强化理论武装"}
    reports = [_report(slug, [texts[(slug, "p1")]]) for slug in "ab"]
    uses = [Place(s, "p1", 0, len(texts[(s, "p1")])) for s in "ab"]
    ids = {_family(order, reports, texts).id for order in (uses, uses[::-1])}
    assert len(ids) == 1


def test_the_text_sent_to_another_process_comes_back_whole_and_leaves_the_reports_as_they_are(
) -> None:
    texts = ["".join(["一是学习不够深入", "\ud800", "𠀀"] * 300), "", "二是 <b>x</b>"]
    report = TextReport("r-1", TextMeta("2023"),
                        tuple(TextPassage(f"p-{i}", t) for i, t in enumerate(texts)))
    before = [sys.getsizeof(t) for t in texts]
    back = pickle.loads(pickle.dumps([report], protocol=pickle.HIGHEST_PROTOCOL))
    assert back == [report]
    # pickling a str leaves its UTF-8 copy cached in it (the whole corpus's, in the build)
    assert [sys.getsizeof(t) for t in texts] == before


def test_each_side_position_is_located_in_its_passage_as_the_characters_map_says() -> None:
    rng = random.Random(5)
    pieces = ["学习", " ", "\u3000", "2023", "１２", "**", "××", "“”", "Ｘ", "\n\n", "理论"]
    reports = [_report(f"r{i}", ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
                                 for _ in range(rng.randint(0, 6))])
               for i in range(40)]
    reports.append(_report("r-blank", ["   ", "", "\u3000"]))
    side = Side.of(reports)
    expected = []
    for report in reports:  # per character: which passage, which of its characters
        t = report_text(report)
        p = np.searchsorted(t.starts, t.orig, side="right") - 1
        expected += [(report.slug, int(a), int(o))
                     for a, o in zip(p, t.orig - t.starts[p], strict=True)]
        expected.append(None)  # the report's separator
    positions = np.array([i for i, e in enumerate(expected) if e is not None])
    r, p, o = side.located(positions)
    got = [(reports[a].slug, int(b), int(c)) for a, b, c in zip(r, p, o, strict=True)]
    assert got == [e for e in expected if e is not None]
    assert side.codes.size == len(expected)
