// A form that comes back with errors: its summary (templates/_error_summary.html) takes the focus, so a screen
// reader reads the count and a phone shows it; each link moves the focus to its field, scrolled into view.
(function () {
  "use strict";
  function focusField(id) {
    var field = document.getElementById(id);
    if (!field) return false;
    field.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
    return true;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-focus]");
      if (link && focusField(link.getAttribute("data-focus"))) event.preventDefault();
    });
  });
})();
