/* Passage citations and landing (issue 5).

   - Every passage gets a "引用" button next to its ¶ link; it copies a Chinese citation:
     《标题》，章，节，要点句，URL#p-xxxxxx，访问日期：YYYY年M月D日。
   - Landing on #p-xxxxxx (first load, hash change, Material's instant navigation) scrolls the
     passage below the sticky header and highlights it.
   - Anchors of passages that no longer exist are looked up in #psg-forwards and sent to the
     nearest surviving passage, with a visible notice.
   - Position aliases (#s2-1-3) are replaced by the permanent anchor.
   - Selecting text inside one passage offers "引用所选文字": the citation's URL is
     #p-xxxxxx:~:text=… (a W3C text fragment behind the passage anchor, so browsers without
     text-fragment support still land on the passage).

   The access date is the reader's date, computed here: pages carry no build date so that two
   builds stay byte-identical. Plain ES2017, no external resources. */
(function () {
  "use strict";

  var NOTICE_FORWARDED = "此段落已修改/移除，已跳转到最接近的段落";
  var NOTICE_MISSING = "未找到链接指向的段落";
  var LONG_QUOTE = 60; // characters; longer quotes use textStart,textEnd
  var QUOTE_EDGE = 16; // characters kept at each end of a long quote
  var CONTROLS = ".psg-link, .psg-cite, .cite-sel";

  /* ---------- hash parsing and resolution ---------- */

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

  function passageById(id) {
    var el = id ? document.getElementById(id) : null;
    return el && el.classList.contains("psg") ? el : null;
  }

  /** Old anchor → surviving anchor, from the page. Accepted carriers: an element
      #psg-forwards (<script type="application/json"> or <template>) holding JSON, or a
      data-forwards attribute on article.report. Material's instant navigation re-creates
      every inline <script> of a new page without its attributes (it loses id and type, and
      runs the JSON as code), so a script that looks like the map is accepted too. */
  function forwards() {
    var map = {};
    var add = function (text) {
      try {
        var data = JSON.parse(text);
        Object.keys(data).forEach(function (k) {
          if (/^p-/.test(k) && typeof data[k] === "string") map[k] = data[k];
        });
      } catch (e) { /* not the map */ }
    };
    var article = document.querySelector("article.report[data-forwards]");
    if (article) add(article.getAttribute("data-forwards"));
    document.querySelectorAll('[id="psg-forwards"]').forEach(function (el) {
      add(el.content ? el.content.textContent : el.textContent);
    });
    document.querySelectorAll(".md-content script:not([src]):not([type])").forEach(function (el) {
      if (/^\s*\{\s*("p-[a-z2-7]+"\s*:|\})/.test(el.textContent)) add(el.textContent);
    });
    return map;
  }

  /** Follow #psg-forwards (a few hops at most, in case forwards were chained). */
  function forwarded(id) {
    var map = forwards();
    for (var hop = 0; hop < 5 && Object.prototype.hasOwnProperty.call(map, id); hop++) {
      id = map[id];
      var el = passageById(id);
      if (el) return el;
    }
    return null;
  }

  /** "#s2-1-3" → the passage whose data-path is "2.1.3"; a heading wins when a partial path
      names both a subsection heading and a point or paragraph. */
  function aliased(id) {
    var m = /^s(\d+(?:-\d+)*)$/.exec(id);
    if (!m) return null;
    var path = m[1].split("-").map(Number).join(".");
    var all = document.querySelectorAll('.psg[data-path="' + path + '"]');
    if (!all.length) return null;
    for (var i = 0; i < all.length; i++) {
      if (all[i].classList.contains("psg-heading")) return all[i];
    }
    return all[0];
  }

  /** Where a hash id leads: {el, how} with how = "direct" | "forward" | "alias", or null. */
  function resolve(id) {
    var el = passageById(id);
    if (el) return { el: el, how: "direct" };
    el = forwarded(id);
    if (el) return { el: el, how: "forward" };
    el = aliased(id);
    if (el) return { el: el, how: "alias" };
    return null;
  }

  /* ---------- landing ---------- */

  function headerHeight() {
    var header = document.querySelector(".md-header");
    return header ? header.getBoundingClientRect().height : 0;
  }

  function scrollToPassage(el) {
    var top = el.getBoundingClientRect().top + window.pageYOffset - headerHeight() - 12;
    window.scrollTo(0, Math.max(0, top));
  }

  function highlight(el) {
    document.querySelectorAll(".psg-hl").forEach(function (x) { x.classList.remove("psg-hl"); });
    if (el) el.classList.add("psg-hl");
  }

  function clearNotices() {
    document.querySelectorAll(".cite-notice").forEach(function (x) { x.remove(); });
  }

  /** A notice placed right above the passage it concerns, so it is seen where one lands. */
  function showNotice(text, before) {
    clearNotices();
    var box = document.createElement("div");
    box.className = "cite-notice";
    if (before) box.setAttribute("data-for", before.id);
    box.setAttribute("role", "status");
    var span = document.createElement("span");
    span.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "cite-notice-close";
    close.setAttribute("aria-label", "关闭提示");
    close.textContent = "×";
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(span);
    box.appendChild(close);
    if (before) before.parentNode.insertBefore(box, before);
    else (document.querySelector("article.report") || document.body).prepend(box);
    return box;
  }

  function looksLikePassageLink(id) {
    return /^p-[a-z2-7]{6}$/.test(id) || /^s\d+(-\d+)*$/.test(id);
  }

  /* The last landing: Material may re-render the page after a hash change (instant
     navigation) and, with navigation.tracking, set the hash to the enclosing heading as the
     page scrolls. Neither may undo a landing that just happened. */
  var recent = { id: "", forward: false, at: 0, page: "", touched: false };

  var clickedAt = 0; // a reader's own click on a link is never an echo
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a[href*='#']")) clickedAt = Date.now();
  }, true);

  function isEcho(target) {
    if (Date.now() - clickedAt < 1000 || recent.page !== location.pathname) return false;
    var last = passageById(recent.id);
    // Only the hash Material sets (the passage itself or a heading above it) is an echo; an
    // old link forwarded to the same passage is a new arrival and gets its notice.
    if (!last || !target || target.how !== "direct") return false;
    // The landed passage's own anchor: we put it into the address bar, so arriving there
    // again (Material re-rendering, however slowly) is the same landing.
    if (target.el === last) return true;
    // A heading above it: what navigation.tracking writes while Material settles, possibly
    // seconds later on a slow device; once the reader has done anything, it is theirs.
    return !recent.touched && Date.now() - recent.at < 10000 &&
      (headingsAboveEls(last).indexOf(target.el) >= 0 || target.el === headingBefore(last));
  }

  ["pointerdown", "keydown", "wheel", "touchstart"].forEach(function (type) {
    window.addEventListener(type, function (event) {
      if (event.isTrusted) recent.touched = true;
    }, { capture: true, passive: true });
  });

  /** The last heading before an element: the one Material's tracking calls active when the
      element (or the notice above it) sits at the top of the viewport. */
  function headingBefore(el) {
    var found = null;
    document.querySelectorAll(".report-body .psg-heading").forEach(function (h) {
      if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) found = h;
    });
    return found;
  }

  function land() {
    var id = parseHash(location.hash);
    if (!id || !document.querySelector("article.report")) return clearNotices();
    var target = resolve(id);
    if (isEcho(target)) {
      target = { el: passageById(recent.id), how: recent.forward ? "forward" : "direct" };
      history.replaceState(history.state, "", "#" + target.el.id);
    } else if (target) {
      recent = { id: target.el.id, forward: target.how === "forward", at: Date.now(),
        page: location.pathname, touched: false };
    }
    // Landing can run twice for one navigation (hashchange, then Material); a notice about
    // the passage we land on again must stay.
    var notice = document.querySelector(".cite-notice");
    if (!notice || !target || notice.getAttribute("data-for") !== target.el.id) clearNotices();
    if (!target) {
      if (looksLikePassageLink(id)) showNotice(NOTICE_MISSING, null);
      return;
    }
    if (target.how !== "direct") {
      // Rewrite the address so a copy of it is the permanent link. A text fragment of a
      // forwarded passage would no longer match, so it is kept for aliases only.
      var keep = target.how === "alias" ? directiveOf(location.hash) : "";
      history.replaceState(history.state, "", "#" + target.el.id + keep);
    }
    var box = null;
    if (target.how === "forward") {
      box = document.querySelector('.cite-notice[data-for="' + target.el.id + '"]') ||
        showNotice(NOTICE_FORWARDED, target.el);
    }
    highlight(target.el);
    // A browser that followed a text fragment has scrolled to the quoted words already;
    // keep that when the passage is in view (its top may be far above a quote in it).
    if (!(target.how === "direct" && followedTextFragment() && inView(target.el))) {
      scrollToPassage(box || target.el); // the notice sits above the passage: show both
    }
  }

  /** Whether this page load came from a URL with a text fragment (Chrome strips it from
      location.hash but keeps it in the navigation entry). Only true for the first landing. */
  var textFragmentChecked = false;
  function followedTextFragment() {
    if (textFragmentChecked) return false;
    textFragmentChecked = true;
    if (!document.fragmentDirective) return false;
    var nav = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    return !!nav && nav.name.indexOf(":~:text=") >= 0;
  }

  function inView(el) {
    var rect = el.getBoundingClientRect();
    return rect.bottom > headerHeight() && rect.top < window.innerHeight;
  }

  /** Material restores or sets the scroll position after it emits document$, and the
      browser scrolls to a matching id on first load; land after both. */
  function landSoon() {
    window.requestAnimationFrame(function () { setTimeout(land, 0); });
  }

  /* ---------- citations ---------- */

  function cleanText(el) {
    if (!el) return "";
    var copy = el.cloneNode(true);
    copy.querySelectorAll(CONTROLS).forEach(function (x) { x.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function stripEnd(text) {
    return text.replace(/[。．.，,；;：:、\s]+$/, "");
  }

  function reportTitle() {
    var meta = document.querySelector('meta[name="citation_title"]');
    if (meta && meta.content) return meta.content.trim();
    var lines = document.querySelectorAll(".report-title .title-line");
    if (lines.length) {
      return Array.prototype.map.call(lines, cleanText).filter(Boolean).join("——");
    }
    return cleanText(document.querySelector(".report-title")) || document.title;
  }

  /** Heading elements above a passage, from its outline path: "2.1.3" → "2" and "2.1". */
  function headingsAboveEls(el) {
    var path = el.getAttribute("data-path") || "";
    if (!path) return [];
    var parts = path.split("."), out = [];
    var last = el.classList.contains("psg-heading") ? parts.length - 1 : parts.length;
    for (var i = 1; i <= last; i++) {
      var h = document.querySelector(
        '.psg-heading[data-path="' + parts.slice(0, i).join(".") + '"]');
      if (h && h !== el) out.push(h);
    }
    return out;
  }

  function headingsAbove(el) {
    return headingsAboveEls(el).map(function (h) { return stripEnd(cleanText(h)); });
  }

  /** The parts naming a passage: its headings, then itself when it is a heading, or its
      numbered lead clause when it is a point. */
  function passageParts(el) {
    var parts = headingsAbove(el);
    if (el.classList.contains("psg-heading")) {
      parts.push(stripEnd(cleanText(el)));
    } else if (el.classList.contains("psg-point")) {
      var num = cleanText(el.querySelector(".psg-num"));
      var lead = cleanText(el.querySelector(".psg-lead"));
      if (num || lead) parts.push(stripEnd(num + lead));
    }
    return parts;
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
  }

  function pageUrl() {
    return location.href.split("#")[0].split("?")[0];
  }

  function passageUrl(el, directive) {
    return pageUrl() + "#" + el.id + (directive || "");
  }

  /** 《标题》，章，节，要点句，“引文”，URL，访问日期：…。 */
  function citation(el, url, quote) {
    var parts = ["《" + reportTitle() + "》"].concat(passageParts(el));
    if (quote) parts.push("“" + quote + "”");
    parts.push(url);
    parts.push("访问日期：" + today());
    return parts.join("，") + "。";
  }

  /* ---------- text fragments ---------- */

  /** Percent-encoding for a text directive term: "-", "," and "&" are syntax there. */
  function encodeTerm(text) {
    return encodeURIComponent(text).replace(/-/g, "%2D");
  }

  /** Word boundaries as the browser's text finder sees them (ICU via Intl.Segmenter), so a
      quote cut in the middle of a Chinese word still matches. Null where unsupported. */
  function wordStarts(text) {
    if (typeof Intl === "undefined" || !Intl.Segmenter) return null;
    var seg = new Intl.Segmenter("zh", { granularity: "word" });
    var starts = [];
    for (var s of seg.segment(text)) starts.push(s.index);
    starts.push(text.length);
    return starts;
  }

  /** Widen [start, end) of text to whole words. */
  function snapToWords(text, start, end) {
    var starts = wordStarts(text);
    if (!starts) return [start, end];
    var a = 0, b = text.length;
    starts.forEach(function (i) {
      if (i <= start) a = i;
      if (i >= end && b === text.length) b = Math.min(b, i);
    });
    return [a, b];
  }

  /** ":~:text=…" for the quote at [start, end) of the passage text. */
  function textDirective(passageText, start, end) {
    var span = snapToWords(passageText, start, end);
    var quote = passageText.slice(span[0], span[1]);
    var terms;
    if (quote.length > LONG_QUOTE) {
      var head = snapToWords(passageText, span[0], span[0] + QUOTE_EDGE);
      var tail = snapToWords(passageText, span[1] - QUOTE_EDGE, span[1]);
      terms = encodeTerm(passageText.slice(head[0], head[1])) + "," +
        encodeTerm(passageText.slice(tail[0], tail[1]));
    } else {
      terms = encodeTerm(quote);
    }
    var first = quote.length > LONG_QUOTE ? quote.slice(0, QUOTE_EDGE) : quote;
    var prefix = "";
    if (span[0] > 0 && occursTwice(first)) {
      var p = snapToWords(passageText, Math.max(0, span[0] - 8), span[0]);
      prefix = passageText.slice(p[0], span[0]).trim();
    }
    return ":~:text=" + (prefix ? encodeTerm(prefix) + "-," : "") + terms;
  }

  /** A quote that also occurs elsewhere on the page needs a prefix to pick this occurrence. */
  function occursTwice(text) {
    var body = (document.querySelector(".report-body") || document.body).textContent;
    var first = body.indexOf(text);
    return first >= 0 && body.indexOf(text, first + 1) >= 0;
  }

  /* ---------- selection ---------- */

  var selButton = null;
  var pendingQuote = null; // {el, start, end, text}: survives the tap that clears a selection
  var pressedAt = 0;

  /** The selection as offsets into one passage's clean text, or null. */
  function selectedQuote() {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
    var range = sel.getRangeAt(0);
    var el = closestPassage(range.startContainer);
    if (!el || el !== closestPassage(range.endContainer)) return null;
    var text = passageText(el);
    var before = document.createRange();
    before.selectNodeContents(el);
    before.setEnd(range.startContainer, range.startOffset);
    var start = visibleLength(before);
    var quote = sel.toString().replace(/\s+/g, " ");
    var lead = quote.length - quote.replace(/^\s+/, "").length;
    quote = quote.trim();
    if (!quote) return null;
    // Prefer the offset measured from the DOM; fall back to a search if they disagree.
    var at = text.substr(start + lead, quote.length) === quote ? start + lead : text.indexOf(quote);
    if (at < 0) return null;
    return { el: el, start: at, end: at + quote.length, text: quote, range: range };
  }

  function closestPassage(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el ? el.closest(".report-body .psg") : null;
  }

  /** The passage's text without its controls, as the selection offsets count it. */
  function passageText(el) {
    var copy = el.cloneNode(true);
    copy.querySelectorAll(CONTROLS).forEach(function (x) { x.remove(); });
    return copy.textContent;
  }

  function visibleLength(range) {
    var frag = range.cloneContents();
    frag.querySelectorAll(CONTROLS).forEach(function (x) { x.remove(); });
    return frag.textContent.length;
  }

  function ensureSelButton() {
    if (selButton && document.body.contains(selButton)) return selButton;
    selButton = document.createElement("button");
    selButton.type = "button";
    selButton.className = "cite-sel";
    selButton.textContent = "引用所选文字";
    selButton.hidden = true;
    // Keep the selection alive when the button is pressed (mouse), and keep the button
    // while a finger is on it even if the phone clears the selection first.
    selButton.addEventListener("mousedown", function (e) { e.preventDefault(); });
    selButton.addEventListener("pointerdown", function () {
      pressedAt = Date.now();
    });
    selButton.addEventListener("click", function (e) {
      e.preventDefault();
      citeSelection();
    });
    return selButton;
  }

  function showSelButton() {
    var q = selectedQuote();
    var button = ensureSelButton();
    if (!q) {
      // A tap on the button clears the selection on some phones before "click": keep the
      // button (and the remembered quote) while it has focus or is being pressed.
      if (document.activeElement !== button && Date.now() - pressedAt > 1000) hideSelButton();
      return;
    }
    pendingQuote = q;
    // Inside the passage, after its controls: Tab from the passage reaches it.
    if (button.parentNode !== q.el) q.el.appendChild(button);
    var box = q.el.getBoundingClientRect();
    var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
    // Beside the selection's first line (its last line on phones), not its bounding box,
    // which spans the whole width once the selection wraps.
    var rects = q.range.getClientRects();
    var rect = rects.length ? rects[coarse ? rects.length - 1 : 0]
      : q.range.getBoundingClientRect();
    // Phones show their own selection menu above the text, so go below it there.
    var top = coarse ? rect.bottom - box.top + 8 : rect.top - box.top - 36;
    var left = Math.min(Math.max(0, rect.left - box.left), Math.max(0, box.width - 120));
    button.style.top = Math.round(top) + "px";
    button.style.left = Math.round(left) + "px";
    button.hidden = false;
  }

  function hideSelButton() {
    if (selButton) selButton.hidden = true;
    pendingQuote = null;
  }

  function citeSelection() {
    var q = selectedQuote() || pendingQuote;
    if (!q) return;
    var text = passageText(q.el);
    var url = passageUrl(q.el, textDirective(text, q.start, q.end));
    copy(citation(q.el, url, q.text), "已复制所选文字的引用");
    hideSelButton();
  }

  var selTimer = null;
  function onSelectionChange() {
    clearTimeout(selTimer);
    selTimer = setTimeout(showSelButton, 120);
  }

  /* ---------- controls, clipboard, toast ---------- */

  function addCiteButtons() {
    document.querySelectorAll(".report-body .psg").forEach(function (el) {
      if (el.querySelector(":scope > .psg-cite")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "psg-cite";
      button.textContent = "引用";
      button.title = "复制本段引文";
      button.setAttribute("aria-label", "复制本段引文 " + el.id);
      var link = el.querySelector(":scope > .psg-link");
      if (link) link.after(button);
      else el.appendChild(button);
    });
  }

  function toast(message) {
    document.querySelectorAll(".cite-toast").forEach(function (x) { x.remove(); });
    var el = document.createElement("div");
    // archive-toast: the class archive.js used for the same message (tests look for it).
    el.className = "cite-toast archive-toast";
    el.setAttribute("role", "status");
    el.setAttribute("aria-live", "polite");
    el.textContent = message;
    document.body.appendChild(el);
    setTimeout(function () { el.remove(); }, 2500);
  }

  function copy(text, message) {
    var done = function () { toast(message); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text, done); });
    } else {
      fallbackCopy(text, done);
    }
  }

  function fallbackCopy(text, done) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    if (ok) done();
    else window.prompt("请手动复制：", text); // last resort: the reader copies it by hand
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".psg-cite");
    if (!button) return;
    event.preventDefault();
    var el = button.closest(".psg");
    history.replaceState(history.state, "", "#" + el.id);
    highlight(el);
    copy(citation(el, passageUrl(el)), "已复制本段引文");
  });

  // ¶ copies the passage URL. Handled here in the capture phase, and kept from older
  // handlers: Material's instant navigation makes every href absolute, so reading the
  // anchor from the href breaks; the passage's id is the anchor.
  window.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".psg-link");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var el = link.closest(".psg");
    if (!el) return;
    event.preventDefault();
    event.stopPropagation();
    history.replaceState(history.state, "", "#" + el.id);
    highlight(el);
    copy(passageUrl(el), "已复制本段链接");
  }, true);

  function onPage() {
    document.documentElement.classList.add("cite-js");
    addCiteButtons();
    hideSelButton();
    landSoon();
  }

  document.addEventListener("selectionchange", onSelectionChange);
  window.addEventListener("hashchange", landSoon);
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }

  // For tests and for other scripts; not a stable API.
  window.archiveCite = {
    parseHash: parseHash, resolve: resolve, citation: citation, textDirective: textDirective,
    land: land,
    forget: function () { recent = { id: "", forward: false, at: 0, page: "", touched: false }; },
  };
})();
