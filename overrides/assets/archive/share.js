/* Share URLs for the ¶ control (issue 16).

   Every passage has a share page, p/<slug>/<anchor>/: a tiny static page whose Open Graph tags
   describe the passage (so a pasted link unfurls as the passage, not as the report) and which
   forwards to the report page at #<anchor>. A report page's header names the folder of its
   share pages: <header class="report-head" data-share-base="../../p/<slug>/">. Without that
   attribute (a build without share pages) this script does nothing and ¶ copies the report
   URL as before.

   - window.archiveShare.url(anchorOrPassage) → the absolute share URL, or "" where there is
     none. The citation code can call it; the citation ("引用") itself keeps the canonical URL.
   - Until it does, this script owns ¶: the link's href becomes the share URL (so "copy link
     address" gives it too), and a plain click on ¶ copies the share URL. It listens on window
     in the capture phase and is loaded before cite.js (mkdocs.yml), so its listener runs
     first; stopImmediatePropagation keeps cite.js's ¶ handler from copying the report URL
     over it. The rest of a ¶ click is what cite.js did: the address bar shows #<anchor> and
     the passage is marked (.psg-hl).

   Plain ES2017, no external resources. */
(function () {
  "use strict";

  /** The share pages' folder named by the report page, or "" (resolved at use time, so
      Material's instant navigation, which swaps the page in place, needs nothing special). */
  function base() {
    var head = document.querySelector(".report-head[data-share-base]");
    return head ? head.getAttribute("data-share-base") : "";
  }

  /** Absolute share URL of a passage (its element or its anchor), or "". */
  function url(passage) {
    var anchor = typeof passage === "string" ? passage : passage && passage.id;
    var folder = base();
    if (!folder || !/^p-[a-z2-7]{6}$/.test(anchor || "")) return "";
    return new URL(folder + anchor + "/", location.href).href;
  }

  /** ¶ links point at the share pages (a relative href: it follows the page's address). */
  function linkControls() {
    var folder = base();
    if (!folder) return;
    document.querySelectorAll(".psg > .psg-link").forEach(function (link) {
      var el = link.parentElement;
      if (/^p-[a-z2-7]{6}$/.test(el.id)) link.setAttribute("href", folder + el.id + "/");
    });
  }

  function toast(message) {
    document.querySelectorAll(".cite-toast").forEach(function (x) { x.remove(); });
    var el = document.createElement("div");
    el.className = "cite-toast archive-toast"; // styled by cite.css
    el.setAttribute("role", "status");
    el.setAttribute("aria-live", "polite");
    el.textContent = message;
    document.body.appendChild(el);
    setTimeout(function () { el.remove(); }, 2500);
  }

  function copy(text, message) {
    var done = function () { toast(message); };
    var fallback = function () {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      if (ok) done();
      else window.prompt("请手动复制：", text);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  window.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".psg-link");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey ||
        event.altKey) return;
    var el = link.closest(".psg");
    var share = url(el);
    if (!share) return; // no share pages: cite.js copies the report URL
    event.preventDefault();
    event.stopImmediatePropagation();
    history.replaceState(history.state, "", "#" + el.id);
    document.querySelectorAll(".psg-hl").forEach(function (x) { x.classList.remove("psg-hl"); });
    el.classList.add("psg-hl");
    copy(share, "已复制本段链接");
  }, true);

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(linkControls);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", linkControls);
  } else {
    linkControls();
  }

  window.archiveShare = { url: url };
})();
