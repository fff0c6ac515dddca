/* Passage anchors, URL fragments and citation text: pure functions, no DOM.

   Loaded two ways: as a classic script on report pages (window.ArchiveCite.fragments, read
   by common.js, landing.js, citation.js and selection.js), and from Node for the tests
   without a browser (module.exports; see tests/js/fragments.test.mjs). Whatever touches the
   page is handed in by the caller (a `page` object for resolve, the page text for
   textDirective), so every function here runs the same in both. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (root) {
    root.ArchiveCite = root.ArchiveCite || {};
    root.ArchiveCite.fragments = api;
  }
})(typeof window !== "undefined" ? window : null, function () {
  "use strict";

  var LONG_QUOTE = 60; // characters; longer quotes use textStart,textEnd
  var QUOTE_EDGE = 16; // characters kept at each end of a long quote
  var PREFIX = 8;      // characters of context before a quote that occurs twice
  var MAX_HOPS = 5;    // forwards followed in a chain
  var ANCHOR = /^p-[a-z2-7]{6}$/;
  var ALIAS = /^s(\d+(?:-\d+)*)$/;
  var FORWARDS_SCRIPT = /^\s*\{\s*("p-[a-z2-7]+"\s*:|\})/;

  function has(map, key) { return Object.prototype.hasOwnProperty.call(map, key); }

  /* ---------- hashes ---------- */

  /** The anchor part of a hash: "#p-abc:~:text=x" → "p-abc". Chrome strips the fragment
      directive from location.hash itself; other browsers keep it, so strip it here. */
  function parseHash(hash) {
    var raw = (hash || "").replace(/^#/, "");
    var cut = raw.indexOf(":~:");
    if (cut >= 0) raw = raw.slice(0, cut);
    try { return decodeURIComponent(raw); } catch (e) { return raw; }
  }

  /** The fragment directive of a hash (":~:text=…"), or "" (kept when we rewrite the hash). */
  function directiveOf(hash) {
    var cut = (hash || "").indexOf(":~:");
    return cut >= 0 ? hash.slice(cut) : "";
  }

  /** A permanent anchor (p-xxxxxx) or a position alias (s2-1-3): worth a "not found" notice. */
  function looksLikePassageLink(id) {
    return ANCHOR.test(id) || ALIAS.test(id);
  }

  /** "s2-1-3" → "2.1.3" (the data-path it names), anything else → null. */
  function aliasPath(id) {
    var m = ALIAS.exec(id || "");
    return m ? m[1].split("-").map(Number).join(".") : null;
  }

  /** The hash to put into the address bar after landing `how` ("direct" | "forward" |
      "alias") on anchor `id` from `hash`, or null to leave it. A copy of the address is then
      the permanent link; a text fragment is kept for aliases only (after a forward it would
      no longer match the passage). */
  function permanentHash(id, how, hash) {
    if (how === "direct") return null;
    return "#" + id + (how === "alias" ? directiveOf(hash) : "");
  }

  /* ---------- forwards and resolution ---------- */

  /** Whether an inline script's text looks like the forwards map: Material's instant
      navigation re-creates inline scripts without their id and type. */
  function looksLikeForwards(text) {
    return FORWARDS_SCRIPT.test(text || "");
  }

  /** Old anchor → surviving anchor, merged from JSON texts; text that is not such a map, and
      entries that are not "p-…" → string, are ignored. */
  function parseForwards(texts) {
    var map = {};
    (texts || []).forEach(function (text) {
      var data;
      try { data = JSON.parse(text); } catch (e) { return; }
      if (!data || typeof data !== "object") return;
      Object.keys(data).forEach(function (k) {
        if (/^p-/.test(k) && typeof data[k] === "string") map[k] = data[k];
      });
    });
    return map;
  }

  /** Follow forwards from `id` (a few hops, in case they were chained) to the first anchor
      for which exists(anchor) holds; null when there is none. */
  function followForwards(map, id, exists) {
    for (var hop = 0; hop < MAX_HOPS && has(map, id); hop++) {
      id = map[id];
      if (exists(id)) return id;
    }
    return null;
  }

  /** Where a hash id leads: {el, how} with how = "direct" | "forward" | "alias", or null.
      `page` answers the questions about the document:
        passage(id) → the passage with that anchor, or null
        forwards()  → the forwards map (asked only when id is not a passage)
        atPath(p)   → the passages whose data-path is p, in document order
        isHeading(el)
      For an alias, a heading wins when a partial path names both a subsection heading and
      a point or paragraph. */
  function resolve(id, page) {
    var el = id ? page.passage(id) : null;
    if (el) return { el: el, how: "direct" };
    if (!id) return null;
    var to = followForwards(page.forwards(), id, function (x) { return !!page.passage(x); });
    if (to) return { el: page.passage(to), how: "forward" };
    var path = aliasPath(id);
    var all = path ? page.atPath(path) : [];
    if (!all.length) return null;
    for (var i = 0; i < all.length; i++) {
      if (page.isHeading(all[i])) return { el: all[i], how: "alias" };
    }
    return { el: all[0], how: "alias" };
  }

  /** Outline paths of the headings above a passage: "2.1.3" → "2", "2.1", "2.1.3" (a
      paragraph's path is the path of the item it sits under, so its own path counts); a
      heading's own path is left out. */
  function headingPaths(path, isHeading) {
    if (!path) return [];
    var parts = String(path).split("."), out = [];
    var last = isHeading ? parts.length - 1 : parts.length;
    for (var i = 1; i <= last; i++) out.push(parts.slice(0, i).join("."));
    return out;
  }

  /* ---------- citation text ---------- */

  /** A heading or lead without its closing punctuation, to sit inside a citation. */
  function stripEnd(text) {
    return String(text).replace(/[。．.，,；;：:、\s]+$/, "");
  }

  /** A title split over several lines (title and subtitle) as one: "甲——乙". */
  function joinTitleLines(lines) {
    return lines.filter(Boolean).join("——");
  }

  /** The reader's date as a citation writes it: "2024年3月5日". */
  function formatDate(d) {
    return d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
  }

  /** 《标题》，章，节，要点句，“引文”，URL，访问日期：…。
      c = {title, parts: [headings…, the passage's own name], quote?, url, date: Date}. */
  function formatCitation(c) {
    var parts = ["《" + c.title + "》"].concat(c.parts || []);
    if (c.quote) parts.push("“" + c.quote + "”");
    parts.push(c.url);
    parts.push("访问日期：" + formatDate(c.date));
    return parts.join("，") + "。";
  }

  /* ---------- text fragments ---------- */

  /** Percent-encoding for a text directive term: "-", "," and "&" are syntax there. */
  function encodeTerm(text) {
    return encodeURIComponent(text).replace(/-/g, "%2D");
  }

  /** The word segmenter the browser's text finder agrees with (ICU), or null. */
  function defaultSegmenter() {
    if (typeof Intl === "undefined" || !Intl.Segmenter) return null;
    return new Intl.Segmenter("zh", { granularity: "word" });
  }

  /** Offsets where words start in `text`, plus text.length; null without a segmenter. */
  function wordStarts(text, segmenter) {
    if (!segmenter) return null;
    var starts = [];
    for (var s of segmenter.segment(text)) starts.push(s.index);
    starts.push(text.length);
    return starts;
  }

  /** Widen [start, end) of a text of `length` characters to whole words (`starts` from
      wordStarts, or null to keep it as it is). */
  function snapToWords(starts, length, start, end) {
    if (!starts) return [start, end];
    var a = 0, b = length;
    starts.forEach(function (i) {
      if (i <= start) a = i;
      if (i >= end && b === length) b = Math.min(b, i);
    });
    return [a, b];
  }

  /** Whether `text` occurs at least twice in `haystack`. */
  function occursTwice(haystack, text) {
    var first = haystack.indexOf(text);
    return first >= 0 && haystack.indexOf(text, first + 1) >= 0;
  }

  /** ":~:text=…" for the quote at [start, end) of a passage's text, widened to whole words
      so a quote cut in the middle of a Chinese word still matches. A quote over LONG_QUOTE
      characters becomes textStart,textEnd; a quote whose opening also occurs elsewhere in
      options.pageText gets a prefix- term. options.segmenter: an Intl.Segmenter, null for
      none; the default is defaultSegmenter(). */
  function textDirective(passageText, start, end, options) {
    var opts = options || {};
    var segmenter = "segmenter" in opts ? opts.segmenter : defaultSegmenter();
    var starts = wordStarts(passageText, segmenter);
    var snap = function (a, b) { return snapToWords(starts, passageText.length, a, b); };
    var span = snap(start, end);
    var quote = passageText.slice(span[0], span[1]);
    var terms;
    if (quote.length > LONG_QUOTE) {
      var head = snap(span[0], span[0] + QUOTE_EDGE);
      var tail = snap(span[1] - QUOTE_EDGE, span[1]);
      terms = encodeTerm(passageText.slice(head[0], head[1])) + "," +
        encodeTerm(passageText.slice(tail[0], tail[1]));
    } else {
      terms = encodeTerm(quote);
    }
    var first = quote.length > LONG_QUOTE ? quote.slice(0, QUOTE_EDGE) : quote;
    var prefix = "";
    if (span[0] > 0 && occursTwice(opts.pageText || "", first)) {
      var p = snap(Math.max(0, span[0] - PREFIX), span[0]);
      prefix = passageText.slice(p[0], span[0]).trim();
    }
    return ":~:text=" + (prefix ? encodeTerm(prefix) + "-," : "") + terms;
  }

  /** A selection inside a passage as offsets into the passage's text: `selected` is what
      the selection reads, `domStart` where the DOM says it starts. Whitespace runs become
      one space and the ends are trimmed; the DOM offset is preferred, a search is the
      fallback when they disagree. Returns {start, end, text} or null. */
  function quoteAt(passageText, domStart, selected) {
    var quote = String(selected || "").replace(/\s+/g, " ");
    var lead = quote.length - quote.replace(/^\s+/, "").length;
    quote = quote.trim();
    if (!quote) return null;
    var at = passageText.substr(domStart + lead, quote.length) === quote ? domStart + lead
      : passageText.indexOf(quote);
    if (at < 0) return null;
    return { start: at, end: at + quote.length, text: quote };
  }

  return {
    LONG_QUOTE: LONG_QUOTE, QUOTE_EDGE: QUOTE_EDGE,
    parseHash: parseHash, directiveOf: directiveOf, looksLikePassageLink: looksLikePassageLink,
    aliasPath: aliasPath, permanentHash: permanentHash,
    looksLikeForwards: looksLikeForwards, parseForwards: parseForwards,
    followForwards: followForwards, resolve: resolve, headingPaths: headingPaths,
    stripEnd: stripEnd, joinTitleLines: joinTitleLines, formatDate: formatDate,
    formatCitation: formatCitation,
    encodeTerm: encodeTerm, defaultSegmenter: defaultSegmenter, wordStarts: wordStarts,
    snapToWords: snapToWords, occursTwice: occursTwice, textDirective: textDirective,
    quoteAt: quoteAt,
  };
});
