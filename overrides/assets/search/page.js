/* The full search page (search/?q=…&year=…&page=…): passage results with filters, counts,
   paging and per-report statistics. Contract for tests: #archive-results gets data-total
   (the number of matching passages) when a search has finished; each result has data-passage. */
(function () {
  "use strict";
  var S = window.ArchiveSearch, PAGE = 10, STATS = 50;
  var FILTERS = ["year", "meeting", "level", "collective", "role", "theme", "problem"];
  var seq = 0;

  function state() {
    var params = new URLSearchParams(location.search), st = {};
    ["q", "page"].concat(FILTERS).forEach(function (k) { st[k] = params.get(k) || ""; });
    st.page = Math.max(1, parseInt(st.page, 10) || 1);
    return st;
  }

  function fill(select, options, current) {
    var html = "<option value=\"\">全部</option>";
    options.forEach(function (o) {
      html += "<option value=\"" + S.escape(o[0]) + "\"" + (o[0] === current ? " selected" : "") +
        ">" + S.escape(o[1]) + "</option>";
    });
    select.innerHTML = html;
  }

  // Filter options with the number of matching passages (before filtering) per value.
  function fillFilters(form, engine, all, st) {
    var m = engine.meta;
    if (m.roleNames) S.ROLE_NAMES = m.roleNames;
    ["year", "meeting", "level", "collective"].forEach(function (f) {
      var counts = new Map(), col = m.columns[f];
      all.forEach(function (h) { counts.set(col[h.report], (counts.get(col[h.report]) || 0) + 1); });
      fill(form.elements[f], m.facets[f].map(function (v, i) {
        return [v, v + (all.length ? "（" + (counts.get(i) || 0) + "）" : "")];
      }).filter(function (o) { return o[0]; }), st[f]);  // "" is the 全部 option
    });
    var roles = new Map();
    all.forEach(function (h) { var r = m.passageRoles[h.pid]; roles.set(r, (roles.get(r) || 0) + 1); });
    fill(form.elements.role, m.roles.map(function (r, i) {
      return [r, S.ROLE_NAMES[r] + (all.length ? "（" + (roles.get(String(i)) || 0) + "）" : "")];
    }), st.role);
    [["theme", "themes"], ["problem", "problem_types"]].forEach(function (pair) {
      var labels = m.labels[pair[1]] || {};
      fill(form.elements[pair[0]], Object.keys(labels).map(function (id) {
        return [id, labels[id].name];
      }), st[pair[0]]);
    });
  }

  function renderHits(list, hits, records, query, engine) {
    list.innerHTML = records.map(function (p, i) {
      var where = S.where(p), role = S.ROLE_NAMES[p.role] || "";
      return "<li class=\"archive-hit\" data-passage=\"" + S.escape(p.id) + "\">" +
        "<a class=\"archive-hit__title\" href=\"" + S.escape(S.passageUrl(p.url, query)) + "\">" +
        S.escape(p.title) + "</a>" +
        "<div class=\"archive-hit__where\">" + (role ? "<span class=\"archive-hit__role archive-hit__role--" +
        S.escape(p.role) + "\">" + role + "</span> " : "") + S.escape(where) +
        " <span class=\"archive-hit__count\">" + hits[i].count + " 处</span></div>" +
        "<p class=\"archive-hit__text\">" + S.snippet(engine, p.text, engine.parse(query).terms, 80) + "</p></li>";
    }).join("");
  }

  function renderPager(nav, total, st) {
    var pages = Math.ceil(total / PAGE), html = "";
    if (pages <= 1) { nav.innerHTML = ""; return; }
    function link(n, label) {
      var params = Object.assign({}, st, { page: n > 1 ? String(n) : "" });
      return n === st.page ? "<span class=\"archive-sp__page archive-sp__page--current\">" + label + "</span>"
        : "<a class=\"archive-sp__page\" href=\"" + S.escape(S.pageUrl(params)) + "\" data-page=\"" + n + "\">" + label + "</a>";
    }
    if (st.page > 1) html += link(st.page - 1, "上一页");
    for (var n = Math.max(1, st.page - 4); n <= Math.min(pages, st.page + 4); n++) html += link(n, String(n));
    if (st.page < pages) html += link(st.page + 1, "下一页");
    nav.innerHTML = html + "<span class=\"archive-sp__pages\">共 " + pages + " 页</span>";
  }

  // Where the hits fall: passages per section role, overall and per report.
  function byReport(engine, hits) {
    var m = engine.meta, per = new Map(), overall = {};
    hits.forEach(function (h) {
      var role = m.roles[+m.passageRoles[h.pid]];
      var r = per.get(h.report) || { report: h.report, passages: 0, count: 0, roles: {} };
      r.passages++; r.count += h.count; r.roles[role] = (r.roles[role] || 0) + 1;
      overall[role] = (overall[role] || 0) + 1;
      per.set(h.report, r);
    });
    var rows = Array.from(per.values()).sort(function (a, b) { return b.passages - a.passages || a.report - b.report; });
    return { rows: rows, overall: overall };
  }

  function spreadText(roles) {
    return ["problems", "case", "causes", "measures", "review", "preamble", "other"].filter(function (r) {
      return roles[r];
    }).map(function (r) { return S.ROLE_NAMES[r] + " " + roles[r]; }).join(" · ");
  }

  async function renderStats(box, engine, stats, query) {
    var rows = stats.rows.slice(0, STATS), info = await engine.reports(rows.map(function (r) { return r.report; }));
    box.innerHTML = "<table class=\"archive-sp__table\"><thead><tr><th>材料</th><th>命中段落</th><th>出现次数</th>" +
      "<th>分布</th></tr></thead><tbody>" + rows.map(function (r, i) {
        return "<tr data-report=\"" + S.escape(info[i].slug) + "\"><td><a href=\"" +
          S.escape(S.passageUrl(info[i].url, query)) + "\">" + S.escape(info[i].title) + "</a></td><td>" +
          r.passages + "</td><td>" + r.count + "</td><td>" + S.escape(spreadText(r.roles)) + "</td></tr>";
      }).join("") + "</tbody></table>" + (stats.rows.length > STATS ? "<p>仅列出命中最多的 " + STATS + " 份材料（共 " +
      stats.rows.length + " 份）。</p>" : "");
  }

  // A failed fetch (a missing or partial index) is reported on the page, not swallowed.
  function run(root) {
    return search(root).catch(function (err) {
      root.querySelector(".archive-sp__status").textContent = "检索出错：" + err.message;
    });
  }

  async function search(root) {
    var mine = ++seq, st = state(), form = root.querySelector("form");
    var list = root.querySelector("#archive-results"), status = root.querySelector(".archive-sp__status");
    var spread = root.querySelector(".archive-sp__spread"), details = root.querySelector(".archive-sp__stats");
    var statsBox = root.querySelector(".archive-sp__stats-body"), pager = root.querySelector(".archive-sp__pager");
    form.elements.q.value = st.q;
    list.removeAttribute("data-total");
    list.setAttribute("data-query", st.q);
    var engine = S.engine(), started = performance.now();
    await engine.init();
    if (mine !== seq) return;
    if (!st.q.trim()) {
      fillFilters(form, engine, [], st);
      status.textContent = "";
      list.innerHTML = ""; pager.innerHTML = ""; spread.textContent = ""; statsBox.innerHTML = "";
      list.setAttribute("data-total", "0");
      return;
    }
    status.textContent = "正在检索…";
    var result = await engine.search(st.q, st), pageHits = result.hits.slice((st.page - 1) * PAGE, st.page * PAGE);
    var records = await engine.passages(pageHits.map(function (h) { return h.pid; }));
    if (mine !== seq) return;
    renderHits(list, pageHits, records, st.q, engine);
    status.textContent = result.total ? "共 " + result.total + " 段，" + result.reports + " 份材料"
      : "没有找到包含“" + st.q + "”的段落";
    list.setAttribute("data-ms", String(Math.round(performance.now() - started)));
    list.setAttribute("data-total", String(result.total));
    fillFilters(form, engine, result.all, st);
    renderPager(pager, result.total, st);
    var stats = byReport(engine, result.hits);
    spread.textContent = result.total ? "命中分布：" + spreadText(stats.overall) : "";
    statsBox.innerHTML = "";
    details.ontoggle = function () { if (details.open && !statsBox.innerHTML) renderStats(statsBox, engine, stats, st.q); };
    if (details.open) renderStats(statsBox, engine, stats, st.q);
  }

  function go(root, params) {
    history.pushState(null, "", S.pageUrl(params));
    run(root);
    window.scrollTo(0, 0);
  }

  function bind() {
    var root = document.querySelector("[data-archive-search-page]");
    if (!root) return;
    if (!root.dataset.bound) {
      root.dataset.bound = "1";
      var form = root.querySelector("form");
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var params = {};
        ["q"].concat(FILTERS).forEach(function (k) { params[k] = (form.elements[k].value || "").trim(); });
        go(root, params);
      });
      form.addEventListener("change", function (e) {
        if (e.target.tagName === "SELECT") form.requestSubmit();
      });
      root.querySelector(".archive-sp__pager").addEventListener("click", function (e) {
        var a = e.target.closest("a[data-page]");
        if (!a) return;
        e.preventDefault();
        go(root, Object.assign(state(), { page: a.dataset.page === "1" ? "" : a.dataset.page }));
      });
    }
    run(root);
  }

  window.addEventListener("popstate", function () {
    var root = document.querySelector("[data-archive-search-page]");
    if (root) run(root);
  });
  S.onPage(bind);
})();
