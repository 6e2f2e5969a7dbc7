// A "Print" button: any element with data-print opens the browser's print dialog (no inline script: the CSP).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
