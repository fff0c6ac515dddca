/* Landing on a passage link (first load, hash change, Material's instant navigation):
   - #p-xxxxxx scrolls the passage below the sticky header and highlights it;
   - an anchor that no longer exists is looked up in the page's forwards and sent to the
     nearest surviving passage, with a notice above it;
   - a position alias (#s2-1-3) is replaced by the permanent anchor;
   - a link to no passage at all says so.
   Resolution rules are in fragments.js; this file reads the page and moves it. */
(function () {
  "use strict";
  var C = window.ArchiveCite;
  var F = C.fragments;

  var NOTICE_FORWARDED = "此段落已修改/移除，已跳转到最接近的段落";
  var NOTICE_MISSING = "未找到链接指向的段落";

  /* ---------- reading the page ---------- */

  /** Old anchor → surviving anchor. Accepted carriers: data-forwards on the report head;
      an element #psg-forwards (<script type="application/json"> or <template>) holding
      JSON; and, because Material's instant navigation re-creates every inline <script> of a
      new page without its attributes (it loses id and type, and runs the JSON as code), an
      inline script of the content that looks like the map. */
  function forwards() {
    var texts = [];
    var head = document.querySelector(".report-head[data-forwards]");
    if (head) texts.push(head.getAttribute("data-forwards"));
    document.querySelectorAll('[id="psg-forwards"]').forEach(function (el) {
      texts.push(el.content ? el.content.textContent : el.textContent);
    });
    document.querySelectorAll(".md-content script:not([src]):not([type])").forEach(function (el) {
      if (F.looksLikeForwards(el.textContent)) texts.push(el.textContent);
    });
    return F.parseForwards(texts);
  }

  var page = {
    passage: C.passageById,
    forwards: forwards,
    atPath: function (path) {
      return Array.prototype.slice.call(
        document.querySelectorAll(C.PASSAGE + '[data-path="' + path + '"]'));
    },
    isHeading: C.isHeading,
  };

  /** Where a hash id leads on this page: {el, how} or null (see fragments.resolve). */
  C.resolve = function (id) {
    return F.resolve(id, page);
  };

  /* ---------- what the page shows ---------- */

  function scrollToPassage(el) {
    var top = el.getBoundingClientRect().top + window.pageYOffset - C.headerHeight() - 12;
    window.scrollTo(0, Math.max(0, top));
  }

  function inView(el) {
    var rect = el.getBoundingClientRect();
    return rect.bottom > C.headerHeight() && rect.top < window.innerHeight;
  }

  function clearNotices() {
    document.querySelectorAll(".cite-notice").forEach(function (x) { x.remove(); });
  }

  /** A notice right above the passage it concerns, so it is seen where one lands; at the
      top of the report when there is no passage. */
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
    var at = before || C.reportHead();
    if (at) at.parentNode.insertBefore(box, at);
    else C.content().prepend(box);
    return box;
  }

  /* ---------- the last landing ----------
     Material may re-render the page after a hash change (instant navigation) and, with
     navigation.tracking, set the hash to the enclosing heading as the page scrolls. Neither
     may undo a landing that just happened. All the state this file keeps is here. */

  var memory = {
    last: { id: "", forward: false, at: 0, page: "", touched: false },
    clickedAt: 0,              // a reader's own click on a link is never an echo
    textFragmentChecked: false // only the first landing of a load can follow one
  };

  C.forget = function () {
    memory.last = { id: "", forward: false, at: 0, page: "", touched: false };
  };

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a[href*='#']")) memory.clickedAt = Date.now();
  }, true);

  ["pointerdown", "keydown", "wheel", "touchstart"].forEach(function (type) {
    window.addEventListener(type, function (event) {
      if (event.isTrusted) memory.last.touched = true;
    }, { capture: true, passive: true });
  });

  /** Whether arriving at `target` only repeats the last landing (see above). */
  function isEcho(target) {
    var last = memory.last;
    if (Date.now() - memory.clickedAt < 1000 || last.page !== location.pathname) return false;
    var el = C.passageById(last.id);
    // Only the hash Material sets (the passage itself or a heading above it) is an echo; an
    // old link forwarded to the same passage is a new arrival and gets its notice.
    if (!el || !target || target.how !== "direct") return false;
    // The landed passage's own anchor: we put it into the address bar, so arriving there
    // again (Material re-rendering, however slowly) is the same landing.
    if (target.el === el) return true;
    // A heading above it: what navigation.tracking writes while Material settles, possibly
    // seconds later on a slow device; once the reader has done anything, it is theirs.
    return !last.touched && Date.now() - last.at < 10000 &&
      (C.headingsAbove(el).indexOf(target.el) >= 0 || target.el === C.headingBefore(el));
  }

  /** Whether this page load came from a URL with a text fragment (Chrome strips it from
      location.hash but keeps it in the navigation entry). Only true for the first landing. */
  function followedTextFragment() {
    if (memory.textFragmentChecked) return false;
    memory.textFragmentChecked = true;
    if (!document.fragmentDirective) return false;
    var nav = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    return !!nav && nav.name.indexOf(":~:text=") >= 0;
  }

  /* ---------- landing ---------- */

  C.land = function () {
    var id = F.parseHash(location.hash);
    if (!id || !C.reportHead()) return clearNotices();
    var target = C.resolve(id);
    if (isEcho(target)) {
      target = { el: C.passageById(memory.last.id), how: memory.last.forward ? "forward" : "direct" };
      C.setHash("#" + target.el.id);
    } else if (target) {
      memory.last = { id: target.el.id, forward: target.how === "forward", at: Date.now(),
        page: location.pathname, touched: false };
    }
    // Landing can run twice for one navigation (hashchange, then Material); a notice about
    // the passage we land on again must stay.
    var notice = document.querySelector(".cite-notice");
    if (!notice || !target || notice.getAttribute("data-for") !== target.el.id) clearNotices();
    if (!target) {
      if (F.looksLikePassageLink(id)) showNotice(NOTICE_MISSING, null);
      return;
    }
    var hash = F.permanentHash(target.el.id, target.how, location.hash);
    if (hash) C.setHash(hash);
    var box = null;
    if (target.how === "forward") {
      box = document.querySelector('.cite-notice[data-for="' + target.el.id + '"]') ||
        showNotice(NOTICE_FORWARDED, target.el);
    }
    C.highlight(target.el);
    // A browser that followed a text fragment has scrolled to the quoted words already;
    // keep that when the passage is in view (its top may be far above a quote in it).
    if (!(target.how === "direct" && followedTextFragment() && inView(target.el))) {
      scrollToPassage(box || target.el); // the notice sits above the passage: show both
      keepInPlace(box || target.el);
    }
  };

  /** The page may still move after landing (fonts arriving, blocks above the passage
      growing or shrinking on a slow device, in a browser without scroll anchoring): for a
      few seconds, put the passage back below the header; not once the reader touches the
      page, lands elsewhere, or anything else scrolls it (the search-term bar, Material). */
  var SETTLE_MS = 3000;
  function keepInPlace(el) {
    var last = memory.last, until = Date.now() + SETTLE_MS, observer = null;
    var at = window.pageYOffset;
    function again() {
      if (Date.now() > until || last !== memory.last || last.touched || !el.isConnected ||
          Math.abs(window.pageYOffset - at) > 2) {
        if (observer) observer.disconnect();
        until = 0;
        return;
      }
      var off = el.getBoundingClientRect().top - (C.headerHeight() + 12);
      if (Math.abs(off) > 4) {
        scrollToPassage(el);
        at = window.pageYOffset;
      }
    }
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(again);
    if (document.readyState !== "complete") window.addEventListener("load", again, { once: true });
    if (window.ResizeObserver) {
      observer = new ResizeObserver(again);
      observer.observe(document.body);
      setTimeout(function () { observer.disconnect(); }, SETTLE_MS);
    }
    setTimeout(again, 500);
    setTimeout(again, SETTLE_MS - 100);
  }

  /** Material restores or sets the scroll position after it emits document$, and the
      browser scrolls to a matching id on first load; land after both. */
  function landSoon() {
    window.requestAnimationFrame(function () { setTimeout(C.land, 0); });
  }

  window.addEventListener("hashchange", landSoon);
  C.onPage(landSoon);
})();
