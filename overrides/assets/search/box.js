/* The header search box: Material's look, keyboard shortcuts (/ s f, Esc, arrows) and mobile
   toggle, driven by the archive's own engine. Shows the top hits and links to the full page. */
(function () {
  "use strict";
  var S = window.ArchiveSearch, TOP = 8, DELAY = 200;
  var seq = 0, timer = 0;

  function parts() {
    var root = document.querySelector("[data-archive-search]");
    return root && {
      root: root,
      toggle: document.getElementById("__search"),
      input: root.querySelector("[data-archive-search-query]"),
      meta: root.querySelector(".md-search-result__meta"),
      list: root.querySelector(".md-search-result__list")
    };
  }

  function open(p) {
    if (p.toggle && !p.toggle.checked) p.toggle.checked = true;
    p.input.focus();
    p.input.select();
  }

  function close(p) {
    if (p.toggle) p.toggle.checked = false;
    p.input.blur();
  }

  async function run(p, query) {
    var mine = ++seq;
    p.list.removeAttribute("data-total");
    if (!query.trim()) {
      p.meta.textContent = "输入词语，检索全部材料的每一段";
      p.list.innerHTML = "";
      return;
    }
    p.meta.textContent = "正在检索…";
    var engine = S.engine(), result = await engine.search(query, {});
    var top = await engine.passages(result.hits.slice(0, TOP).map(function (h) { return h.pid; }));
    if (mine !== seq) return;  // a newer query has started
    var all = S.pageUrl({ q: query });
    p.meta.innerHTML = result.total
      ? "共 " + result.total + " 段，" + result.reports + " 份材料 · <a href=\"" + S.escape(all) + "\">查看全部结果与筛选</a>"
      : "没有找到包含该词语的段落";
    p.list.innerHTML = top.map(function (hit) {
      return "<li class=\"md-search-result__item\" data-passage=\"" + S.escape(hit.id) + "\">" +
        "<a href=\"" + S.escape(S.passageUrl(hit.url, query)) + "\" class=\"md-search-result__link\" tabindex=\"-1\">" +
        "<article class=\"md-search-result__article md-typeset\">" +
        "<h1>" + S.escape(hit.title) + "</h1>" +
        "<p class=\"archive-hit__where\">" + S.escape(S.where(hit)) + "</p>" +
        "<p>" + S.snippet(engine, hit.text, result.query.terms, 40) + "</p></article></a></li>";
    }).join("");
    p.list.setAttribute("data-query", query);
    p.list.setAttribute("data-total", String(result.total));
  }

  function bind() {
    var p = parts();
    if (!p || p.root.dataset.bound) return;
    p.root.dataset.bound = "1";
    p.input.addEventListener("input", function () {
      p.list.removeAttribute("data-total");  // stale until the debounced search has run
      clearTimeout(timer);
      timer = setTimeout(function () {
        run(p, p.input.value).catch(function (err) { p.meta.textContent = "检索出错：" + err.message; });
      }, DELAY);
    });
    p.input.addEventListener("focus", function () { if (p.toggle) p.toggle.checked = true; });
    p.root.querySelector("form").addEventListener("submit", function (e) {
      e.preventDefault();
      if (p.input.value.trim()) location.href = S.pageUrl({ q: p.input.value.trim() });
    });
    p.root.querySelector("button[type=reset]").addEventListener("click", function () {
      setTimeout(function () { run(p, ""); p.input.focus(); });
    });
    if (p.toggle) p.toggle.addEventListener("change", function () {
      if (p.toggle.checked) setTimeout(function () { p.input.focus(); p.input.select(); }, 50);
    });
  }

  function editing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  // Move focus through the dropdown's links with the arrow keys, like Material.
  function step(p, delta) {
    var links = Array.prototype.slice.call(p.list.querySelectorAll("a.md-search-result__link"));
    if (!links.length) return;
    var i = links.indexOf(document.activeElement);
    var next = i < 0 ? (delta > 0 ? 0 : links.length - 1) : i + delta;
    if (next < 0 || next >= links.length) p.input.focus();
    else links[next].focus();
  }

  document.addEventListener("keydown", function (e) {
    var p = parts();
    if (!p || e.ctrlKey || e.metaKey || e.altKey) return;
    var inBox = p.root.contains(document.activeElement);
    if (inBox && e.key === "Escape") { e.preventDefault(); close(p); return; }
    if (inBox && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      e.preventDefault(); step(p, e.key === "ArrowDown" ? 1 : -1); return;
    }
    if (!editing(document.activeElement) && (e.key === "/" || e.key === "s" || e.key === "f")) {
      e.preventDefault();
      open(p);
    }
  });

  S.onPage(bind);
})();
