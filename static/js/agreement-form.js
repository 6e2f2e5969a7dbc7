// The agreement's one form (templates/agreements/agreement.html): a second click while the first is on its way
// sends nothing more, and leaving the page (Back, a link) with unsaved edits asks first. The server is the real
// guard (a repeated Sign returns the first signature; a stale version is refused with the text kept).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-agreement-form]");
    if (!form) return;
    var dirty = form.querySelector(".is-invalid, [data-error-summary]") !== null; // came back with the typed text
    var sending = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function (event) {
      if (sending) { event.preventDefault(); return; }
      sending = true;
      form.setAttribute("aria-busy", "true");
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { sending = false; form.removeAttribute("aria-busy"); } // back from the next page
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !sending) { event.preventDefault(); event.returnValue = ""; }
    });
  });
})();
