// The pure fragment/anchor module of the report pages, without a browser:
//   node --test tests/js/fragments.test.mjs
// (tests/unit/test_cite_fragments.py runs this under pytest.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import vm from "node:vm";

const require = createRequire(import.meta.url);
const PATH = new URL("../../overrides/assets/archive/fragments.js", import.meta.url);
const F = require(PATH.pathname);
const zh = new Intl.Segmenter("zh", { granularity: "word" });

test("loads as a classic browser script into window.ArchiveCite.fragments", () => {
  const window = { ArchiveCite: { other: 1 } };
  vm.runInNewContext(readFileSync(PATH, "utf-8"), { window });
  assert.equal(typeof window.ArchiveCite.fragments.parseHash, "function");
  assert.equal(window.ArchiveCite.other, 1, "keeps what other modules put there");
  assert.deepEqual(Object.keys(window.ArchiveCite.fragments).sort(), Object.keys(F).sort());
});

test("parseHash keeps the anchor and drops the fragment directive", () => {
  assert.equal(F.parseHash("#p-abc234"), "p-abc234");
  assert.equal(F.parseHash("p-abc234"), "p-abc234");
  assert.equal(F.parseHash("#p-abc234:~:text=%E5%85%9A%E6%80%A7"), "p-abc234");
  assert.equal(F.parseHash("#:~:text=x"), "");
  assert.equal(F.parseHash("#%E6%8F%90%E7%BA%B2"), "提纲");
  assert.equal(F.parseHash("#%E4"), "%E4", "a malformed escape is kept as it is");
  assert.equal(F.parseHash(""), "");
  assert.equal(F.parseHash(undefined), "");
});

test("directiveOf returns the directive to keep", () => {
  assert.equal(F.directiveOf("#p-abc234:~:text=a,b"), ":~:text=a,b");
  assert.equal(F.directiveOf("#p-abc234"), "");
  assert.equal(F.directiveOf(""), "");
});

test("looksLikePassageLink: permanent anchors and position aliases only", () => {
  for (const id of ["p-abcdef", "p-a2b3c7", "s2", "s2-1-3", "s10-02"]) {
    assert.ok(F.looksLikePassageLink(id), id);
  }
  for (const id of ["p-abc", "p-abcdefg", "p-ABCDEF", "p-abc189", "s", "s2-", "s2-1-x",
                    "toc", "", "xs2"]) {
    assert.ok(!F.looksLikePassageLink(id), id);
  }
});

test("aliasPath maps s2-1-3 to the data-path 2.1.3", () => {
  assert.equal(F.aliasPath("s2-1-3"), "2.1.3");
  assert.equal(F.aliasPath("s3"), "3");
  assert.equal(F.aliasPath("s2-01"), "2.1");
  assert.equal(F.aliasPath("p-abcdef"), null);
  assert.equal(F.aliasPath("s2-"), null);
  assert.equal(F.aliasPath(""), null);
});

test("permanentHash: forwards drop the directive, aliases keep it, direct stays", () => {
  const hash = "#s2-1:~:text=x";
  assert.equal(F.permanentHash("p-abcdef", "alias", hash), "#p-abcdef:~:text=x");
  assert.equal(F.permanentHash("p-abcdef", "forward", "#p-zzzzzz:~:text=x"), "#p-abcdef");
  assert.equal(F.permanentHash("p-abcdef", "direct", "#p-abcdef:~:text=x"), null);
});

test("looksLikeForwards recognises the map in a script stripped of its type", () => {
  assert.ok(F.looksLikeForwards('{"p-abcdef": "p-ghijkl"}'));
  assert.ok(F.looksLikeForwards("  {\n}"));
  assert.ok(!F.looksLikeForwards("var x = {};"));
  assert.ok(!F.looksLikeForwards('{"x": 1}'));
  assert.ok(!F.looksLikeForwards(""));
});

test("parseForwards merges maps and ignores everything else", () => {
  const map = F.parseForwards([
    '{"p-aaaaaa": "p-bbbbbb", "x": "p-cccccc", "p-dddddd": 3}',
    "not json",
    "null",
    "[1, 2]",
    '{"p-eeeeee": "p-ffffff"}',
  ]);
  assert.deepEqual(map, { "p-aaaaaa": "p-bbbbbb", "p-eeeeee": "p-ffffff" });
  assert.deepEqual(F.parseForwards([]), {});
  assert.deepEqual(F.parseForwards(undefined), {});
});

test("followForwards follows chains a few hops and stops on cycles", () => {
  const live = new Set(["p-dddddd"]);
  const exists = (id) => live.has(id);
  const chain = { "p-aaaaaa": "p-bbbbbb", "p-bbbbbb": "p-cccccc", "p-cccccc": "p-dddddd" };
  assert.equal(F.followForwards(chain, "p-aaaaaa", exists), "p-dddddd");
  assert.equal(F.followForwards(chain, "p-zzzzzz", exists), null);
  const cycle = { "p-aaaaaa": "p-bbbbbb", "p-bbbbbb": "p-aaaaaa" };
  assert.equal(F.followForwards(cycle, "p-aaaaaa", exists), null);
  const long = {};
  for (let i = 0; i < 6; i++) long["p-x" + i] = "p-x" + (i + 1);
  live.add("p-x6");
  assert.equal(F.followForwards(long, "p-x0", exists), null, "at most five hops");
  live.add("p-x5");
  assert.equal(F.followForwards(long, "p-x0", exists), "p-x5");
});

/** A page of fake passages: [id, path, heading?] in document order. */
function fakePage(rows, forwards = {}) {
  const els = rows.map(([id, path, heading]) => ({ id, path, heading: !!heading }));
  const page = {
    asked: 0,
    passage: (id) => els.find((e) => e.id === id) || null,
    forwards: () => { page.asked++; return forwards; },
    atPath: (path) => els.filter((e) => e.path === path),
    isHeading: (el) => el.heading,
  };
  return page;
}

test("resolve: direct, forward, alias (heading first), nothing", () => {
  const page = fakePage([
    ["p-aaaaaa", "2", true],
    ["p-para22", "2"],
    ["p-pnt211", "2.1"],
    ["p-head21", "2.1", true],
    ["p-pnt213", "2.1.3"],
  ], { "p-gone22": "p-gone33", "p-gone33": "p-pnt213" });
  assert.deepEqual(F.resolve("p-aaaaaa", page), { el: page.passage("p-aaaaaa"), how: "direct" });
  assert.equal(page.asked, 0, "forwards are read only when the anchor is missing");
  assert.deepEqual(F.resolve("p-gone22", page), { el: page.passage("p-pnt213"), how: "forward" });
  assert.deepEqual(F.resolve("s2-1", page), { el: page.passage("p-head21"), how: "alias" });
  assert.deepEqual(F.resolve("s2-1-3", page), { el: page.passage("p-pnt213"), how: "alias" });
  assert.deepEqual(F.resolve("s2", page), { el: page.passage("p-aaaaaa"), how: "alias" });
  assert.equal(F.resolve("s2-1-4", page), null);
  assert.equal(F.resolve("p-zzzzzz", page), null);
  assert.equal(F.resolve("", page), null);
  const points = fakePage([["p-pnt321", "3.2"], ["p-pnt322", "3.2"]]);
  assert.equal(F.resolve("s3-2", points).el.id, "p-pnt321", "no heading: the first one");
});

test("headingPaths lists the outline paths above a passage", () => {
  assert.deepEqual(F.headingPaths("2.1.3", false), ["2", "2.1", "2.1.3"]);
  assert.deepEqual(F.headingPaths("2.1", true), ["2"]);
  assert.deepEqual(F.headingPaths("2", true), []);
  assert.deepEqual(F.headingPaths("3", false), ["3"]);
  assert.deepEqual(F.headingPaths("", false), []);
});

test("citation text", () => {
  assert.equal(F.stripEnd("一、查找的突出问题："), "一、查找的突出问题");
  assert.equal(F.stripEnd("（一）理论学习方面。 "), "（一）理论学习方面");
  assert.equal(F.stripEnd("要求，；、."), "要求");
  assert.equal(F.joinTitleLines(["市政府党组", "", "对照检查材料"]), "市政府党组——对照检查材料");
  assert.equal(F.formatDate(new Date(2024, 2, 5)), "2024年3月5日");
  const date = new Date(2021, 11, 31);
  assert.equal(
    F.formatCitation({ title: "材料", parts: ["一、问题", "（一）学习方面", "一是学习不够"],
      url: "https://x.org/r/#p-abcdef", date }),
    "《材料》，一、问题，（一）学习方面，一是学习不够，https://x.org/r/#p-abcdef，访问日期：2021年12月31日。");
  assert.equal(
    F.formatCitation({ title: "材料", parts: [], quote: "原话", url: "u", date }),
    "《材料》，“原话”，u，访问日期：2021年12月31日。");
});

test("encodeTerm escapes the directive's syntax characters", () => {
  assert.equal(F.encodeTerm("a-b,c&d"), "a%2Db%2Cc%26d");
  assert.equal(F.encodeTerm("党性"), "%E5%85%9A%E6%80%A7");
});

test("word boundaries", () => {
  assert.equal(F.wordStarts("abc", null), null);
  const starts = F.wordStarts("有的同志只防出错", zh);
  assert.equal(starts[0], 0);
  assert.equal(starts[starts.length - 1], 8);
  assert.deepEqual(F.snapToWords(null, 10, 3, 5), [3, 5]);
  assert.deepEqual(F.snapToWords([0, 2, 4, 6, 8], 8, 3, 5), [2, 6]);
  assert.deepEqual(F.snapToWords([0, 2, 4, 6, 8], 8, 2, 4), [2, 4]);
  assert.deepEqual(F.snapToWords([0, 2, 4, 6, 8], 8, 7, 8), [6, 8]);
});

test("textDirective: a short quote, widened to whole words", () => {
  const text = "有的同志只防出错、不求出新";
  const exact = F.textDirective(text, 2, 4, { segmenter: null });
  assert.equal(exact, ":~:text=" + encodeURIComponent("同志"));
  const start = F.wordStarts(text, zh);
  const mid = start.includes(3) ? null : 3; // a cut inside a word, if ICU has one there
  if (mid !== null) {
    const d = F.textDirective(text, mid, 5, { segmenter: zh });
    const term = decodeURIComponent(d.slice(":~:text=".length));
    assert.ok(term.length > 2 && text.includes(term), term);
  }
  assert.equal(F.textDirective("甲-乙", 0, 3, { segmenter: null }), ":~:text=%E7%94%B2%2D%E4%B9%99");
});

test("textDirective: a long quote becomes textStart,textEnd", () => {
  const text = "一".repeat(10) + "二".repeat(40) + "三".repeat(40);
  const d = F.textDirective(text, 10, 90, { segmenter: null });
  const terms = d.slice(":~:text=".length).split(",").map(decodeURIComponent);
  assert.deepEqual(terms, ["二".repeat(16), "三".repeat(16)]);
});

test("textDirective: a quote found twice on the page gets a prefix", () => {
  const text = "前面的文字说明问题所在";
  const page = text + "另外：问题所在";
  const d = F.textDirective(text, 7, 11, { segmenter: null, pageText: page });
  assert.equal(d, ":~:text=" + encodeURIComponent("前面的文字说明") + "-," + encodeURIComponent("问题所在"));
  const once = F.textDirective(text, 7, 11, { segmenter: null, pageText: text });
  assert.equal(once, ":~:text=" + encodeURIComponent("问题所在"));
  const long = "一二三四五六七八九十问题所在";
  assert.equal(F.textDirective(long, 10, 14, { segmenter: null, pageText: long + "问题所在" }),
    ":~:text=" + encodeURIComponent("三四五六七八九十") + "-," + encodeURIComponent("问题所在"),
    "eight characters of prefix");
  const first = F.textDirective(text, 0, 2, { segmenter: null, pageText: text + text });
  assert.equal(first, ":~:text=" + encodeURIComponent("前面"), "no prefix at the start");
});

test("textDirective uses Intl.Segmenter by default", () => {
  const text = "有的同志只防出错、不求出新";
  assert.equal(F.textDirective(text, 0, text.length),
    F.textDirective(text, 0, text.length, { segmenter: zh }));
});

test("quoteAt turns a selection into offsets of the passage text", () => {
  const text = "一是学习不够 积极主动。有的同志";
  assert.deepEqual(F.quoteAt(text, 2, "学习不够"), { start: 2, end: 6, text: "学习不够" });
  assert.deepEqual(F.quoteAt(text, 1, " 是学习\n不够 "), null, "whitespace differs from the text");
  assert.deepEqual(F.quoteAt(text, 5, "  积极主动"), { start: 7, end: 11, text: "积极主动" });
  assert.deepEqual(F.quoteAt(text, 6, "  积极主动"), { start: 7, end: 11, text: "积极主动" });
  assert.deepEqual(F.quoteAt(text, 0, "有的同志"), { start: 12, end: 16, text: "有的同志" },
    "DOM offset disagrees: found by search");
  assert.equal(F.quoteAt(text, 0, "  \n "), null);
  assert.equal(F.quoteAt(text, 0, "不在文中"), null);
});
