/* Share URLs for the ¶ control (issue 16).

   Every passage has a share page, p/<slug>/<anchor>/: a tiny static page whose Open Graph tags
   describe the passage (so a pasted link unfurls as the passage, not as the report) and which
   forwards to the report page at #<anchor>. A report page's header names the folder of its
   share pages: <header class="report-head" data-share-base="../../p/<slug>/">. Without that
   attribute (a build without share pages) this script does nothing and ¶ copies the report
   URL as before.

   - window.archiveShare.url(anchorOrPassage) → the absolute share URL, or "" where there is
     none. citation.js's ¶ handler copies it; the citation ("引用") keeps the canonical URL.
   - The ¶ link's href becomes the share URL too, so "copy link address" gives it.

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

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(linkControls);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", linkControls);
  } else {
    linkControls();
  }

  window.archiveShare = { url: url };
})();
