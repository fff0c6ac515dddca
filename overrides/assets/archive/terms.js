/* Term frequency (issue 15): any word or phrase, its occurrences per year and per level,
   counted in the browser from the full-text search index (engine.js), so the numbers are
   exactly the search's: the same folding (traditional characters, full-width letters), every
   occurrence. Each bar links to the search results for the term with that year or level
   as a filter. The page (terms/) also shows a few terms counted by the build, for readers
   without scripts; the form is hidden until this script runs. Draws the same SVG classes as
   generator/site/charts.py (browse.css colours them; links are xlink:href, see there).
   Plain ES2017. */
(function () {
  "use strict";

  var S = window.ArchiveSearch;
  var LEVEL_ORDER = ["中央", "省", "市", "区", "县", "镇", "单位"];
  var FONT = 12;

  function width(text, size) {
    var w = 0;
    for (var i = 0; i < text.length; i++) w += text.charCodeAt(i) >= 0x2e80 ? size : size * 0.6;
    return w;
  }

  /* Horizontal bars: rows [{label, value, text, href, tip}], one scale (top) for both charts. */
  function hbars(id, title, rows, top) {
    var labelW = 80, valueW = 0, W = 360, rowH = 24, e = S.escape;
    rows.forEach(function (r) { valueW = Math.max(valueW, width(r.text, FONT - 1) + 10); });
    var area = W - labelW - valueW, H = rows.length * rowH + 8;
    var out = ["<svg class=\"ch-svg\" viewBox=\"0 0 " + W + " " + H + "\" width=\"" + W + "\" height=\"" + H +
      "\" style=\"max-width:" + Math.round(W * 1.3) + "px\" role=\"group\" aria-labelledby=\"" + id + "-t\" font-size=\"" + FONT + "\">" +
      "<title id=\"" + id + "-t\">" + e(title) + "</title>"];
    rows.forEach(function (r, i) {
      var y = 4 + i * rowH, len = r.value > 0 ? Math.max(1, area * r.value / (top || 1)) : 0;
      out.push("<text class=\"ch-label\" x=\"" + (labelW - 8) + "\" y=\"" + (y + rowH / 2 + 4) + "\" text-anchor=\"end\">" + e(r.label) + "</text>");
      var inner = "<rect class=\"ch-hit\" x=\"" + labelW + "\" y=\"" + (y + 5) + "\" width=\"" + (area + valueW) + "\" height=\"12\"/>" +
        "<rect class=\"ch-bar\" x=\"" + labelW + "\" y=\"" + (y + 5) + "\" width=\"" + len.toFixed(1) + "\" height=\"12\" rx=\"1\"/>" +
        "<text class=\"ch-value\" x=\"" + (labelW + len + 4).toFixed(1) + "\" y=\"" + (y + 15) + "\" font-size=\"" + (FONT - 1) + "\">" + e(r.text) + "</text>";
      out.push("<a xlink:href=\"" + e(r.href) + "\" aria-label=\"" + e(r.tip) + "\"><title>" + e(r.tip) + "</title>" + inner + "</a>");
    });
    out.push("</svg>");
    return out.join("\n");
  }

  function levelOrder(values) {
    function rank(v) {
      if (!v) return [2, 0];
      var i = LEVEL_ORDER.indexOf(v);
      return i >= 0 ? [0, i] : [1, 0];
    }
    return values.slice().sort(function (a, b) {
      var x = rank(a), y = rank(b);
      return x[0] - y[0] || x[1] - y[1] || (a < b ? -1 : a > b ? 1 : 0);
    });
  }

  /* Occurrences, passages and reports per facet value over the query's hits. */
  function tally(engine, hits, facet) {
    var m = engine.meta, col = m.columns[facet], values = m.facets[facet], out = {};
    values.forEach(function (v) { out[v] = { count: 0, passages: 0, reports: new Set() }; });
    hits.forEach(function (h) {
      var t = out[values[col[h.report]]];
      t.count += h.count; t.passages += 1; t.reports.add(h.report);
    });
    return out;
  }

  function rows(query, facet, values, counts, unknown) {
    return values.map(function (v) {
      var c = counts[v], params = { q: query };
      if (v) params[facet] = v;
      var label = v ? (facet === "year" ? v + "年" : v) : unknown;
      return { label: label, value: c.count, text: c.count + " 次", href: S.pageUrl(params),
               tip: "“" + query + "” · " + label + "：" + c.count + " 次，" + c.passages + " 个段落，" +
                    c.reports.size + " 份材料；点击检索" };
    });
  }

  async function run(form) {
    var query = form.elements.q.value.trim();
    var status = form.querySelector("#term-status"), result = form.querySelector("#term-result");
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url.href);
    result.innerHTML = "";
    if (!query) { status.textContent = ""; return; }
    status.textContent = "正在统计…";
    try {
      var engine = S.engine();
      await engine.init();
      var found = await engine.search(query, {});
      var hits = found.all, m = engine.meta;
      var years = m.facets.year.filter(Boolean).concat(m.facets.year.indexOf("") >= 0 ? [""] : []);
      var levels = levelOrder(m.facets.level);
      var byYear = tally(engine, hits, "year"), byLevel = tally(engine, hits, "level");
      var total = hits.reduce(function (n, h) { return n + h.count; }, 0);
      var reports = new Set(hits.map(function (h) { return h.report; })).size;
      var yRows = rows(query, "year", years, byYear, "未知年度");
      var lRows = rows(query, "level", levels, byLevel, "未知层级");
      var top = Math.max.apply(null, yRows.concat(lRows).map(function (r) { return r.value; }).concat([1]));
      status.textContent = total ? "“" + query + "”共出现 " + total + " 次，见于 " + reports + " 份材料的 " +
        hits.length + " 个段落。" : "没有找到“" + query + "”。";
      result.setAttribute("data-total", String(total));
      if (!total) return;
      result.innerHTML = "<div class=\"ch-pair\">" +
        "<figure class=\"ch ch-small\">" + hbars("term-y", "“" + query + "”各年度出现次数", yRows, top) +
        "<figcaption>按年度</figcaption></figure>" +
        "<figure class=\"ch ch-small\">" + hbars("term-l", "“" + query + "”各层级出现次数", lRows, top) +
        "<figcaption>按层级</figcaption></figure>" +
        "<p class=\"ch-more\"><a href=\"" + S.escape(S.pageUrl({ q: query })) + "\">在全文检索中查看全部 " +
        total + " 处 →</a></p></div>";
    } catch (err) {
      status.textContent = "统计出错：" + err.message;
    }
  }

  function init() {
    var form = document.getElementById("term-form");
    if (!form || form.hasAttribute("data-ready") || !S) return;
    form.setAttribute("data-ready", "");
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); run(form); });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { form.elements.q.value = q; run(form); }
  }

  if (S && S.onPage) S.onPage(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
