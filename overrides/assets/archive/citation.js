/* Passage citations:
   - ¶ (a.psg-link, in the page) copies the passage's URL;
   - every passage gets a "引用" button next to its ¶; it copies a Chinese citation:
     《标题》，章，节，要点句，URL#p-xxxxxx，访问日期：YYYY年M月D日。
   The access date is the reader's date, computed here: pages carry no build date so that two
   builds stay byte-identical. Also the clipboard and the toast, used by selection.js. */
(function () {
  "use strict";
  var C = window.ArchiveCite;
  var F = C.fragments;

  /* ---------- citation text ---------- */

  function reportTitle() {
    var meta = document.querySelector('meta[name="citation_title"]');
    if (meta && meta.content) return meta.content.trim();
    var lines = document.querySelectorAll(".report-title .title-line");
    if (lines.length) return F.joinTitleLines(Array.prototype.map.call(lines, C.cleanText));
    return C.cleanText(document.querySelector(".report-title")) || document.title;
  }

  /** The parts naming a passage: its headings, then itself when it is a heading, or its
      number and lead clause when it is a point. */
  function passageParts(el) {
    var parts = C.headingsAbove(el).map(function (h) { return F.stripEnd(C.cleanText(h)); });
    if (C.isHeading(el)) {
      parts.push(F.stripEnd(C.cleanText(el)));
    } else if (el.classList.contains("psg-point")) {
      var num = C.cleanText(el.querySelector(":scope > .psg-num"));
      var lead = C.cleanText(el.querySelector(":scope > strong"));
      if (num || lead) parts.push(F.stripEnd(num + lead));
    }
    return parts;
  }

  /** The citation of passage `el` at `url`, quoting `quote` when given. */
  C.citation = function (el, url, quote) {
    return F.formatCitation({ title: reportTitle(), parts: passageParts(el), quote: quote,
      url: url, date: new Date() });
  };

  /* ---------- clipboard and toast ---------- */

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

  /** Copy plain `text`, then say `message`. */
  C.copy = function (text, message) {
    var done = function () { toast(message); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text, done); });
    } else {
      fallbackCopy(text, done);
    }
  };

  /* ---------- controls ---------- */

  function addCiteButtons() {
    document.querySelectorAll(C.PASSAGE).forEach(function (el) {
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

  /** The passage a control belongs to becomes the address and the highlight. */
  function select(el) {
    C.setHash("#" + el.id);
    C.highlight(el);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".psg-cite");
    var el = button && button.closest(".psg");
    if (!el) return;
    event.preventDefault();
    select(el);
    C.copy(C.citation(el, C.passageUrl(el)), "已复制本段引文");
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
    select(el);
    // The share URL (share.js) unfurls as the passage when pasted; without share pages, the
    // report URL with the anchor.
    var share = window.archiveShare && window.archiveShare.url(el);
    C.copy(share || C.passageUrl(el), "已复制本段链接");
  }, true);

  C.onPage(addCiteButtons);
})();
