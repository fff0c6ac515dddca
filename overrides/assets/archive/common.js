/* Report-page helpers shared by the passage scripts (issue 5, split in issue 10):

     fragments.js  pure: hashes, aliases, forwards, text fragments, citation text (no DOM)
     common.js     this file: finding passages and their text, highlight, URLs, page events
     landing.js    #p-… / #s2-1-3 / forwards: scroll below the header, highlight, notice
     citation.js   ¶ copies the passage link, 引用 copies a citation; clipboard and toast
     selection.js  引用所选文字: a citation of the selected words with a :~:text= link
     refs.js       collapses "其他报告中的同类问题" behind a toggle

   They share one namespace, window.ArchiveCite, and must load in this order (mkdocs.yml
   extra_javascript). Plain ES2017, nothing loaded from outside the site.

   Page contract (generator/site/render.py): the report head is header.report-head (with
   data-forwards); passages are .psg elements (h2/h3.psg-heading, p.psg-para, p.psg-point)
   inside Material's .md-content, with id="p-xxxxxx", data-path and data-role; a point's
   number is span.psg-num and its lead its first <strong>; ¶ is a.psg-link inside it. */
(function () {
  "use strict";
  var C = window.ArchiveCite;
  var F = C.fragments;

  C.PASSAGE = ".md-content .psg";
  C.CONTROLS = ".psg-link, .psg-cite, .cite-sel"; // not part of a passage's text

  // Marks that the scripts run: CSS then lets .psg-hl alone mark a landing (see cite.css).
  document.documentElement.classList.add("cite-js");

  /** The report page's head, or null on other pages. */
  C.reportHead = function () {
    return document.querySelector(".report-head");
  };

  /** The page's content (Material's article), where passages and notices live. */
  C.content = function () {
    return document.querySelector(".md-content article") || document.body;
  };

  C.passageById = function (id) {
    var el = id ? document.getElementById(id) : null;
    return el && el.classList.contains("psg") ? el : null;
  };

  C.closestPassage = function (node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el ? el.closest(C.PASSAGE) : null;
  };

  C.isHeading = function (el) {
    return el.classList.contains("psg-heading");
  };

  /** A copy of `root` (an element or a cloned range) without the passage controls. */
  function withoutControls(root) {
    root.querySelectorAll(C.CONTROLS).forEach(function (x) { x.remove(); });
    return root;
  }
  C.withoutControls = withoutControls;

  /** The passage's text without its controls, as selection offsets count it. */
  C.passageText = function (el) {
    return withoutControls(el.cloneNode(true)).textContent;
  };

  /** An element's text without controls, whitespace collapsed: for citations. */
  C.cleanText = function (el) {
    return el ? C.passageText(el).replace(/\s+/g, " ").trim() : "";
  };

  /** The heading elements above a passage, outermost first (from its data-path). */
  C.headingsAbove = function (el) {
    var paths = F.headingPaths(el.getAttribute("data-path") || "", C.isHeading(el));
    var out = [];
    paths.forEach(function (p) {
      var h = document.querySelector('.psg-heading[data-path="' + p + '"]');
      if (h && h !== el) out.push(h);
    });
    return out;
  };

  /** The last heading before an element: the one Material's tracking calls active when the
      element (or the notice above it) sits at the top of the viewport. */
  C.headingBefore = function (el) {
    var found = null;
    document.querySelectorAll(C.PASSAGE + ".psg-heading").forEach(function (h) {
      if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) found = h;
    });
    return found;
  };

  /** Mark one passage as the landed or cited one (none with null). */
  C.highlight = function (el) {
    document.querySelectorAll(".psg-hl").forEach(function (x) { x.classList.remove("psg-hl"); });
    if (el) el.classList.add("psg-hl");
  };

  C.headerHeight = function () {
    var header = document.querySelector(".md-header");
    return header ? header.getBoundingClientRect().height : 0;
  };

  /** Replace the address bar's hash without a new history entry or a hashchange. */
  C.setHash = function (hash) {
    history.replaceState(history.state, "", hash);
  };

  C.pageUrl = function () {
    return location.href.split("#")[0].split("?")[0];
  };

  C.passageUrl = function (el, directive) {
    return C.pageUrl() + "#" + el.id + (directive || "");
  };

  /** Run `fn` on every page view, including Material's instant navigation. */
  C.onPage = function (fn) {
    if (window.document$ && window.document$.subscribe) {
      window.document$.subscribe(function () { fn(); });
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { fn(); });
    } else {
      fn();
    }
  };

  // For tests, benchmarks and other scripts; not a stable API. The functions are looked up
  // when called: the modules that define them load after this file.
  window.archiveCite = {
    parseHash: F.parseHash,
    resolve: function (id) { return C.resolve(id); },
    citation: function (el, url, quote) { return C.citation(el, url, quote); },
    textDirective: function (text, start, end) { return C.textDirective(text, start, end); },
    land: function () { return C.land(); },
    forget: function () { return C.forget(); },
  };
})();
