/* "其他报告中的同类问题": each passage's cross-references (p.tax-refs, right after its label
   chips p.psg-tax) are collapsed behind a small toggle at the end of the chips, so a report
   reads as a report. Without scripts they simply stay visible. */
(function () {
  "use strict";
  var C = window.ArchiveCite;
  var LABEL = "其他报告中的同类问题";
  var made = 0;

  function toggle(refs, open) {
    refs.hidden = !open;
    var b = document.querySelector('.tax-refs-toggle[aria-controls="' + refs.id + '"]');
    if (b) b.setAttribute("aria-expanded", String(open));
  }

  function collapse() {
    document.querySelectorAll(".md-content p.tax-refs").forEach(function (refs) {
      if (refs.hasAttribute("data-collapsible")) return; // done already
      refs.setAttribute("data-collapsible", "");
      var chips = refs.previousElementSibling;
      if (chips && !chips.classList.contains("psg-tax")) chips = null;
      if (!refs.id) {
        refs.id = "refs-" + (chips && chips.getAttribute("data-for") || "n" + (++made));
      }
      var b = document.createElement("button");
      b.type = "button";
      b.className = "tax-refs-toggle";
      b.textContent = LABEL;
      b.setAttribute("aria-controls", refs.id);
      b.addEventListener("click", function () { toggle(refs, refs.hidden); });
      if (chips) chips.appendChild(b);
      else refs.parentNode.insertBefore(b, refs);
      toggle(refs, false);
    });
  }

  C.onPage(collapse);
})();
