/* Helpers shared by the header box, the search page and report-page highlighting. */
(function () {
  "use strict";
  var S = window.ArchiveSearch;

  // Replaced by the index's own table (meta.roleNames, generator/models.py ROLE_NAMES) once
  // the index is loaded, so pages and search show the same labels.
  S.ROLE_NAMES = { preamble: "导语", review: "整改落实情况", problems: "存在问题", case: "案例剖析",
                   causes: "原因剖析", measures: "整改措施", other: "其他" };

  // Site root from Material's __config (base_url is relative to the current page).
  S.siteRoot = function () {
    var el = document.getElementById("__config"), base = ".";
    try { base = JSON.parse(el.textContent).base || "."; } catch (e) { /* keep "." */ }
    return new URL(base.replace(/\/?$/, "/"), location.href);
  };
  S.engine = function () { return S.get(new URL("searchindex/", S.siteRoot()).href); };
  S.pageUrl = function (params) {
    var url = new URL("search/", S.siteRoot());
    Object.keys(params).forEach(function (k) { if (params[k]) url.searchParams.set(k, params[k]); });
    return url.href;
  };
  // A passage link that carries the query, so the report page can highlight it (?hl=).
  S.passageUrl = function (url, query) {
    var u = new URL(url, S.siteRoot());
    if (query) u.searchParams.set("hl", query);
    return u.href;
  };

  S.escape = function (s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  };

  // [start, end) ranges of every term in `folded`, merged and sorted.
  S.matchRanges = function (folded, terms) {
    var ranges = [];
    terms.forEach(function (t) {
      if (!t) return;
      for (var i = folded.indexOf(t); i >= 0; i = folded.indexOf(t, i + 1)) ranges.push([i, i + t.length]);
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    });
    return merged;
  };

  /* The text around the first match with every match in <mark>; `width` characters of
     context on each side (the whole text when it is short). */
  S.snippet = function (engine, text, terms, width) {
    var ranges = S.matchRanges(engine.fold(text), terms);
    var first = ranges.length ? ranges[0][0] : 0;
    var start = text.length <= 2 * width ? 0 : Math.max(0, first - width);
    var end = Math.min(text.length, start + 2 * width + (ranges.length ? ranges[0][1] - first : 0));
    var html = start > 0 ? "…" : "", at = start;
    ranges.forEach(function (r) {
      if (r[1] <= start || r[0] >= end) return;
      var a = Math.max(r[0], start), b = Math.min(r[1], end);
      html += S.escape(text.slice(at, a)) + "<mark>" + S.escape(text.slice(a, b)) + "</mark>";
      at = b;
    });
    return html + S.escape(text.slice(at, end)) + (end < text.length ? "…" : "");
  };

  // Where a passage sits: section › subsection.
  S.where = function (p) {
    return [p.section, p.heading].filter(Boolean).join(" › ");
  };

  // Run `fn` on every page view, including Material's instant navigation.
  S.onPage = function (fn) {
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(function () { fn(); });
    else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  };
})();
