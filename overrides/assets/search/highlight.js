/* On a page reached from a search (?hl=<query>), highlight the query's terms in the content
   and offer previous/next hit. The passage anchor (#p-…) decides where to start. */
(function () {
  "use strict";
  var S = window.ArchiveSearch;

  function textNodes(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var p = n.parentNode;
        if (!n.data.trim() || p.closest("script,style,mark.archive-hl,.headerlink,.archive-hl-bar")) {
          return NodeFilter.FILTER_REJECT;
        }
        // Skip what isn't rendered (the content of a closed <details>, for one), so
        // next/previous never jumps to an invisible hit.
        var shown = p.checkVisibility ? p.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true })
          : p.getClientRects().length > 0;
        if (!shown) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  /* Where to mark: the passages (elements with a p-… anchor) when the page has them, so that
     labels and navigation around them stay as they are; otherwise the whole content. */
  function roots(content) {
    var passages = Array.prototype.filter.call(content.querySelectorAll("[id^='p-']"), function (el) {
      return !el.parentElement.closest("[id^='p-']");
    });
    return passages.length ? passages : [content];
  }

  // Wrap every match (within one text node) in <mark class="archive-hl">.
  function mark(content, engine, terms) {
    var marks = [], nodes = [];
    roots(content).forEach(function (root) { nodes = nodes.concat(textNodes(root)); });
    nodes.forEach(function (node) {
      var ranges = S.matchRanges(engine.fold(node.data), terms);
      for (var i = ranges.length - 1; i >= 0; i--) {
        var hit = node.splitText(ranges[i][0]);
        hit.splitText(ranges[i][1] - ranges[i][0]);
        var m = document.createElement("mark");
        m.className = "archive-hl";
        hit.parentNode.replaceChild(m, hit);
        m.appendChild(hit);
        marks.unshift(m);
      }
    });
    return marks;
  }

  function bar(query, marks) {
    var el = document.createElement("div");
    el.className = "archive-hl-bar";
    el.setAttribute("role", "navigation");
    el.setAttribute("aria-label", "检索词导航");
    el.innerHTML = "<span class=\"archive-hl-bar__query\">检索“" + S.escape(query) + "”</span>" +
      "<span class=\"archive-hl-bar__pos\"></span>" +
      "<button type=\"button\" data-step=\"-1\" title=\"上一处\" aria-label=\"上一处\">▲</button>" +
      "<button type=\"button\" data-step=\"1\" title=\"下一处\" aria-label=\"下一处\">▼</button>" +
      "<button type=\"button\" data-close title=\"取消高亮\" aria-label=\"取消高亮\">✕</button>";
    var pos = el.querySelector(".archive-hl-bar__pos"), current = -1;
    function show(i) {
      if (!marks.length) { pos.textContent = "本页无匹配"; return; }
      if (current >= 0) marks[current].classList.remove("archive-hl--current");
      current = (i + marks.length) % marks.length;
      marks[current].classList.add("archive-hl--current");
      marks[current].scrollIntoView({ block: "center" });
      pos.textContent = "第 " + (current + 1) + " / " + marks.length + " 处";
    }
    el.addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b) return;
      if (b.hasAttribute("data-close")) {
        marks.forEach(function (m) { m.replaceWith(document.createTextNode(m.textContent)); });
        el.remove();
      } else show(current + Number(b.dataset.step));
    });
    el.show = show;
    return el;
  }

  // The first mark inside or after the linked passage, else the first one.
  function startIndex(marks) {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return 0;
    for (var i = 0; i < marks.length; i++) {
      if (target.contains(marks[i]) || target.compareDocumentPosition(marks[i]) & Node.DOCUMENT_POSITION_FOLLOWING) return i;
    }
    return 0;
  }

  async function run() {
    var query = new URLSearchParams(location.search).get("hl");
    var content = document.querySelector(".md-content article") || document.querySelector(".md-content");
    if (!query || !content || content.dataset.archiveHl === query) return;
    content.dataset.archiveHl = query;
    var engine = S.engine();
    await engine.init();
    var terms = engine.parse(query).terms, marks = mark(content, engine, terms);
    var old = document.querySelector(".archive-hl-bar");
    if (old) old.remove();
    var el = bar(query, marks);
    document.body.appendChild(el);
    document.body.setAttribute("data-archive-hl", String(marks.length));
    el.show(startIndex(marks));
  }

  S.onPage(run);
})();
