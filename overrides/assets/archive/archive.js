/* Passage links: a click on ¶ copies the passage's URL; landing on an anchor highlights
   the passage. Runs on every page, including after Material's instant navigation. */
(function () {
  "use strict";

  function toast(message) {
    var el = document.createElement("div");
    el.className = "archive-toast";
    el.setAttribute("role", "status");
    el.textContent = message;
    document.body.appendChild(el);
    setTimeout(function () { el.remove(); }, 2200);
  }

  function copy(text, done) {
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
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* the URL is still in the address bar */ }
    area.remove();
    done();
  }

  function passageUrl(anchor) {
    return location.href.split("#")[0].split("?")[0] + "#" + anchor;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".psg-link");
    if (!link) return;
    event.preventDefault();
    var anchor = link.getAttribute("href").slice(1);
    history.replaceState(history.state, "", "#" + anchor);
    highlight(anchor);
    copy(passageUrl(anchor), function () { toast("已复制本段链接"); });
  });

  function highlight(anchor) {
    document.querySelectorAll(".psg-hl").forEach(function (el) { el.classList.remove("psg-hl"); });
    var el = anchor && document.getElementById(anchor);
    if (el && el.classList.contains("psg")) el.classList.add("psg-hl");
    return el;
  }

  function onPage() {
    var anchor = decodeURIComponent(location.hash.slice(1));
    var el = highlight(anchor);
    if (el) el.scrollIntoView({ block: "start" });
  }

  window.addEventListener("hashchange", onPage);
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(onPage);
  } else {
    document.addEventListener("DOMContentLoaded", onPage);
  }
})();
