/* "引用所选文字": selecting text inside one passage shows a button that copies a citation of
   the selected words. Its URL is #p-xxxxxx:~:text=… (a W3C text fragment behind the passage
   anchor, so browsers without text-fragment support still land on the passage). The
   directive itself is built by fragments.textDirective. */
(function () {
  "use strict";
  var C = window.ArchiveCite;
  var F = C.fragments;

  /** ":~:text=…" for [start, end) of a passage's text on this page: the whole content is
      what the browser's text finder searches, so a quote found twice there gets a prefix. */
  C.textDirective = function (passageText, start, end) {
    return F.textDirective(passageText, start, end, { pageText: C.content().textContent });
  };

  /** The selection as offsets into one passage's text: {el, start, end, text, range}. */
  function selectedQuote() {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
    var range = sel.getRangeAt(0);
    var el = C.closestPassage(range.startContainer);
    if (!el || el !== C.closestPassage(range.endContainer)) return null;
    var before = document.createRange();
    before.selectNodeContents(el);
    before.setEnd(range.startContainer, range.startOffset);
    var domStart = C.withoutControls(before.cloneContents()).textContent.length;
    var q = F.quoteAt(C.passageText(el), domStart, sel.toString());
    if (!q) return null;
    q.el = el;
    q.range = range;
    return q;
  }

  /* The button, and the quote it will cite: a tap on the button clears the selection on
     some phones before "click", so the quote is remembered while the button is pressed. */
  var state = { button: null, quote: null, pressedAt: 0, timer: null };

  function button() {
    if (state.button && document.body.contains(state.button)) return state.button;
    var b = document.createElement("button");
    b.type = "button";
    b.className = "cite-sel";
    b.textContent = "引用所选文字";
    b.hidden = true;
    // Keep the selection alive when the button is pressed (mouse), and keep the button
    // while a finger is on it even if the phone clears the selection first.
    b.addEventListener("mousedown", function (e) { e.preventDefault(); });
    b.addEventListener("pointerdown", function () { state.pressedAt = Date.now(); });
    b.addEventListener("click", function (e) {
      e.preventDefault();
      citeSelection();
    });
    state.button = b;
    return b;
  }

  function hide() {
    if (state.button) state.button.hidden = true;
    state.quote = null;
  }

  function show() {
    var q = selectedQuote();
    var b = button();
    if (!q) {
      // Keep the button (and the remembered quote) while it has focus or is being pressed.
      if (document.activeElement !== b && Date.now() - state.pressedAt > 1000) hide();
      return;
    }
    state.quote = q;
    // Inside the passage, after its controls: Tab from the passage reaches it.
    if (b.parentNode !== q.el) q.el.appendChild(b);
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
    b.style.top = Math.round(top) + "px";
    b.style.left = Math.round(left) + "px";
    b.hidden = false;
  }

  function citeSelection() {
    var q = selectedQuote() || state.quote;
    if (!q) return;
    var directive = C.textDirective(C.passageText(q.el), q.start, q.end);
    C.copy(C.citation(q.el, C.passageUrl(q.el, directive), q.text), "已复制所选文字的引用");
    hide();
  }

  document.addEventListener("selectionchange", function () {
    clearTimeout(state.timer);
    state.timer = setTimeout(show, 120);
  });
  C.onPage(hide);
})();
