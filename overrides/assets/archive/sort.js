/* Sortable tables (issue 15).

   A generated page marks a table as sortable with a note just before it that has the class
   "sortable" (the Markdown `{: .table-note .sortable }`): without scripts the table stays in
   its default order (newest first) and its pager works; with this script each column header
   becomes a button that sorts by that column (numbers high to low first, text in pinyin
   order; empty cells and "—" always last), with aria-sort on the header.

   A listing split over several pages (a .pager beside it) is sorted as a whole: on the first
   sort the other pages are fetched (same site, static HTML), their rows added with their
   links made absolute, and the pagers hidden. Above MAX_PAGES pages only this page is
   sorted, and the note says so. Plain ES2017, no external resources. */
(function () {
  "use strict";

  var MAX_PAGES = 30;
  var EMPTY = /^(|—|-|–)$/;
  var NUMBER = /^-?\d+(?:\.\d+)?%?$/;
  var collator = new Intl.Collator(["zh-Hans-CN-u-co-pinyin", "zh"], { numeric: true });

  function cellText(row, col) {
    var cell = row.cells[col];
    return cell ? cell.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function numeric(value) {
    return parseFloat(value.replace(/[,，\s]/g, ""));
  }

  // A column is numeric when every non-empty cell is a number (12, 3.5, 40%).
  function isNumeric(rows, col) {
    var seen = false;
    for (var i = 0; i < rows.length; i++) {
      var t = cellText(rows[i], col).replace(/[,，\s]/g, "");
      if (EMPTY.test(t)) continue;
      if (!NUMBER.test(t)) return false;
      seen = true;
    }
    return seen;
  }

  function compare(numericCol, col, dir) {
    return function (a, b) {
      var x = cellText(a, col), y = cellText(b, col);
      var ex = EMPTY.test(x), ey = EMPTY.test(y);
      if (ex || ey) return ex === ey ? 0 : (ex ? 1 : -1);  // empty last, either direction
      var d = numericCol ? numeric(x) - numeric(y) : collator.compare(x, y);
      return dir === "ascending" ? d : -d;
    };
  }

  // The table a .sortable note announces: the next table among its following siblings
  // (Material may have wrapped it in a scrolling div), before the next heading.
  function tableAfter(note) {
    for (var el = note.nextElementSibling; el; el = el.nextElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) return null;
      if (el.tagName === "TABLE") return el;
      var inner = el.querySelector && el.querySelector("table");
      if (inner) return inner;
    }
    return null;
  }

  function pagers(note) {
    var root = note.parentElement;
    return root ? Array.prototype.slice.call(root.querySelectorAll(":scope > .pager")) : [];
  }

  // The pages of a paginated listing in order, from its pager: a URL per other page and
  // null for this one (the pager shows it as <strong>).
  function listingPages(note) {
    var first = pagers(note)[0];
    if (!first) return [];
    return Array.prototype.map.call(first.querySelectorAll("a[href], strong"), function (el) {
      return el.tagName === "A" ? el.href : null;
    });
  }

  function absolutize(root, base) {
    root.querySelectorAll("a[href]").forEach(function (a) {
      a.setAttribute("href", new URL(a.getAttribute("href"), base).href);
    });
  }

  async function rowsOf(url) {
    var response = await fetch(url);
    if (!response.ok) throw new Error(response.status + " " + url);
    var doc = new DOMParser().parseFromString(await response.text(), "text/html");
    var note = doc.querySelector(".md-typeset .sortable");
    var table = note && tableAfter(note);
    if (!table || !table.tBodies[0]) throw new Error("no table in " + url);
    absolutize(table.tBodies[0], url);
    return Array.prototype.slice.call(table.tBodies[0].rows);
  }

  function say(state, text) {
    state.status.textContent = text ? " " + text : "";
  }

  // Fetch and merge every other page once; returns false when the listing is too long.
  async function mergePages(state) {
    if (state.merged !== undefined) return state.merged;
    var order = listingPages(state.note);
    var urls = order.filter(Boolean);
    if (!urls.length) return (state.merged = true);
    if (urls.length + 1 > MAX_PAGES) {
      say(state, "（共 " + (urls.length + 1) + " 页，排序仅限本页）");
      return (state.merged = false);
    }
    say(state, "正在载入其余 " + urls.length + " 页…");
    try {
      var pages = await Promise.all(urls.map(rowsOf));
      var body = state.table.tBodies[0];
      // Keep page order: rows of earlier pages first, so a stable sort keeps ties in order.
      var here = Math.max(0, order.indexOf(null));
      var before = pages.slice(0, here), after = pages.slice(here);
      var fragment = document.createDocumentFragment();
      before.forEach(function (rows) { rows.forEach(function (r) { fragment.appendChild(r); }); });
      body.insertBefore(fragment, body.firstChild);
      after.forEach(function (rows) { rows.forEach(function (r) { body.appendChild(r); }); });
      pagers(state.note).forEach(function (p) { p.hidden = true; p.style.display = "none"; });
      say(state, "（已合并全部 " + (urls.length + 1) + " 页，共 " + body.rows.length + " 行）");
      return (state.merged = true);
    } catch (err) {
      say(state, "（未能载入其余各页，排序仅限本页）");
      return (state.merged = false);
    }
  }

  async function sortBy(state, col) {
    var th = state.heads[col];
    var current = th.getAttribute("aria-sort");
    await mergePages(state);
    var body = state.table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    var num = isNumeric(rows, col);
    var dir = current === "none" ? (num ? "descending" : "ascending")
      : (current === "ascending" ? "descending" : "ascending");
    rows.sort(compare(num, col, dir));
    var fragment = document.createDocumentFragment();
    rows.forEach(function (r) { fragment.appendChild(r); });
    body.appendChild(fragment);
    state.heads.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", dir);
    state.table.setAttribute("data-sorted", col + ":" + dir);
  }

  function enhance(note) {
    var table = tableAfter(note);
    if (!table || table.hasAttribute("data-sortable") || !table.tHead || !table.tBodies[0]) return;
    table.setAttribute("data-sortable", "");
    var state = { note: note, table: table, heads: [], merged: undefined };
    state.status = document.createElement("span");
    state.status.className = "sort-status";
    state.status.setAttribute("aria-live", "polite");
    note.appendChild(document.createTextNode(" 点击表头可排序。"));
    note.appendChild(state.status);
    var row = table.tHead.rows[0];
    Array.prototype.forEach.call(row.cells, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-btn";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () { sortBy(state, col); });
      state.heads.push(th);
    });
  }

  function init() {
    document.querySelectorAll(".md-typeset .sortable").forEach(enhance);
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
