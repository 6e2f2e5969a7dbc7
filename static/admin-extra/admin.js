/* What axe-core finds in Django's own admin widgets, mended once the admin's scripts have built them. They build them
   on the page's load (or jQuery's ready), from listeners added while the page was read; this deferred script's
   listeners are added after theirs, so they run after them. Each mending may run twice and changes nothing then. */

// An autocomplete box (select2) is named after its field's label, not only after the value it shows.
function nameAutocompletes() {
  document.querySelectorAll('select.admin-autocomplete').forEach((select) => {
    const label = document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
    const box = select.nextElementSibling;
    if (!label || !box) return;
    label.id ||= `${select.id}-label`;
    box.querySelectorAll('[role="combobox"], [role="textbox"]').forEach((part) => {
      const names = (part.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean);
      if (!names.includes(label.id)) part.setAttribute('aria-labelledby', [label.id, ...names].join(' '));
    });
  });
}

if (window.django && window.django.jQuery) window.django.jQuery(nameAutocompletes);

window.addEventListener('load', () => {
  // The search icon of a two-box chooser (filter_horizontal) is a span named by aria-label, which needs a role.
  document.querySelectorAll('span.help-tooltip[aria-label]:not([role])').forEach((icon) => icon.setAttribute('role', 'img'));

  nameAutocompletes();

  // A table of inline rows scrolls sideways inside its box on a phone: the box takes the focus, so a keyboard
  // scrolls it, and is named after its heading.
  document.querySelectorAll('.inline-group[data-inline-type="tabular"]').forEach((group) => {
    group.tabIndex = 0;
    group.setAttribute('role', 'region');
    group.setAttribute('aria-label', group.querySelector('h2')?.textContent.trim() || 'Related rows');
  });
});
