// The apply form: once "Your association" is chosen, offer only the memberships that association has, with its
// non-member fee. Without this script every membership stays listed and the server refuses one not offered.
(function () {
  "use strict";

  function update(form) {
    var chosen = form.querySelector('input[name="association"]:checked');
    if (!chosen) return;
    var offered = (chosen.dataset.memberships || "").split(" ");
    var fee = chosen.dataset.nonmemberFee;
    form.querySelectorAll('input[name="membership"]').forEach(function (radio) {
      var wrapper = radio.closest(".form-check") || radio.parentElement;
      var label = form.querySelector('label[for="' + radio.id + '"]');
      var shown = offered.indexOf(radio.value) !== -1;
      wrapper.hidden = !shown;
      radio.disabled = !shown;
      if (!shown) radio.checked = false;
      if (label && radio.value === "nonmember") {
        if (!label.dataset.base) label.dataset.base = label.textContent.trim();
        label.textContent = label.dataset.base + (shown && fee ? " ($" + fee + " fee)" : "");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form").forEach(function (form) {
      if (!form.querySelector('input[name="association"]')) return;
      form.addEventListener("change", function (event) {
        if (event.target.name === "association") update(form);
      });
      update(form);
    });
  });
})();
