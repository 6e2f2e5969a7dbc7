/* What axe-core finds in Django's own admin widgets, mended once the admin's scripts have built them (they do so on
   the page's load, so this runs just after). */
window.addEventListener('load', () => setTimeout(() => {
  // The search icon of a two-box chooser (filter_horizontal) is a span named by aria-label, which needs a role.
  document.querySelectorAll('span.help-tooltip[aria-label]:not([role])').forEach((icon) => icon.setAttribute('role', 'img'));

  // An autocomplete box (select2) is named after its field's label, not only after the value it shows.
  document.querySelectorAll('select.admin-autocomplete').forEach((select) => {
    const label = document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
    const box = select.nextElementSibling;
    if (!label || !box) return;
    label.id ||= `${select.id}-label`;
    box.querySelectorAll('[role="combobox"], [role="textbox"]').forEach((part) => {
      const shown = part.getAttribute('aria-labelledby');
      part.setAttribute('aria-labelledby', shown && shown !== label.id ? `${label.id} ${shown}` : label.id);
    });
  });

  // A table of inline rows scrolls sideways inside its box on a phone: the box takes the focus, so a keyboard
  // scrolls it, and is named after its heading.
  document.querySelectorAll('.inline-group[data-inline-type="tabular"]').forEach((group) => {
    group.tabIndex = 0;
    group.setAttribute('role', 'region');
    group.setAttribute('aria-label', group.querySelector('h2')?.textContent.trim() || 'Related rows');
  });
}, 0));
