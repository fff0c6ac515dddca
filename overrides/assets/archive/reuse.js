/* Shared phrasing on report pages (generator/site/reuse_pages.py writes the marks):
   - a toggle in the report's reuse figure shows or hides the marking (remembered);
   - a marked span leads to the first passage (or phrase page) it is shared with; its
     tooltip names it, and the span's links are listed under the passage (.reuse-refs);
   - "检索" beside common phrasing searches the archive for the marked words. */
(function () {
  "use strict";
  var KEY = "archive-reuse-marks";

  function hidden() {
    try { return localStorage.getItem(KEY) === "off"; } catch (e) { return false; }
  }

  function apply(off) {
    document.documentElement.classList.toggle("reuse-off", off);
    var buttons = document.querySelectorAll(".reuse-toggle");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].textContent = off ? "显示重合标记" : "隐藏重合标记";
      buttons[i].setAttribute("aria-pressed", off ? "false" : "true");
    }
  }

  function markNumber(el) {
    var m = /(?:^|\s)reuse-i(\d+)(?:\s|$)/.exec(el.className);
    return m ? m[1] : null;
  }

  /* The links of the mark: the .reuse-refs paragraph after its passage. */
  function refsOf(mark) {
    var psg = mark.closest(".psg");
    var n = markNumber(mark);
    if (!psg || n === null) return [];
    var el = psg.nextElementSibling;
    while (el && !el.classList.contains("psg")) {
      if (el.classList.contains("reuse-refs") && el.getAttribute("data-for") === psg.id) {
        var group = el.querySelector(".reuse-ref.reuse-i" + n);
        return group ? Array.prototype.slice.call(group.querySelectorAll("a")) : [];
      }
      el = el.nextElementSibling;
    }
    return [];
  }

  function onPage() {
    var summary = document.querySelector(".reuse-summary");
    if (summary && !summary.querySelector(".reuse-toggle")) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "reuse-toggle";
      summary.appendChild(document.createTextNode(" "));
      summary.appendChild(button);
    }
    apply(hidden());
    var marks = document.querySelectorAll(".psg .reuse");
    for (var i = 0; i < marks.length; i++) {
      var links = refsOf(marks[i]);
      if (!links.length) continue;
      marks[i].classList.add("reuse-linked");
      marks[i].title = "共有：" + links.map(function (a) { return a.title || a.textContent; })
        .join("；") + "（点击前往）";
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var button = target.closest && target.closest(".reuse-toggle");
    if (button) {
      var off = !document.documentElement.classList.contains("reuse-off");
      try { localStorage.setItem(KEY, off ? "off" : "on"); } catch (e) { /* private mode */ }
      apply(off);
      return;
    }
    var search = target.closest && target.closest("a.reuse-search");
    if (search) {
      var group = search.closest(".reuse-ref");
      var n = group && markNumber(group);
      var refs = search.closest(".reuse-refs");
      var psg = refs && document.getElementById(refs.getAttribute("data-for"));
      var words = psg && n !== null && psg.querySelector(".reuse.reuse-i" + n);
      if (words) {
        search.href = search.href.split("?")[0].split("#")[0] + "?q=" +
          encodeURIComponent('"' + words.textContent.trim() + '"');
      }
      return;
    }
    var mark = target.closest && target.closest(".psg .reuse");
    if (!mark || document.documentElement.classList.contains("reuse-off")) return;
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var selection = window.getSelection && window.getSelection();
    if (selection && String(selection).length) return; // selecting text to cite, not following
    var links = refsOf(mark);
    if (!links.length) return;
    event.preventDefault();
    links[0].click();
  });

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
