"use strict";
// A periodic task's crontab in words under its chooser (django-celery-beat's inline script, as a file the
// Content-Security-Policy allows). The words are set as text, never as HTML.
window.addEventListener("load", function () {
  const data = document.getElementById("readable-crontabs");
  const chooser = document.getElementById("id_crontab");
  const help = document.querySelector(".field-crontab .help");
  if (!data || !chooser || !help) {
    return;
  }
  const readable = JSON.parse(data.textContent);
  const original = help.textContent;
  const translation = document.querySelector(".field-crontab_translation");
  if (translation) {
    translation.hidden = true;
  }
  chooser.addEventListener("change", function () {
    help.textContent = original;
    if (readable[chooser.value]) {
      help.appendChild(document.createElement("br"));
      help.appendChild(document.createTextNode("Translation: " + readable[chooser.value]));
    }
  });
});
