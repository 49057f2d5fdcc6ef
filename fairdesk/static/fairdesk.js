// fairdesk: the only hand-written script (no inline scripts, so the CSP stays strict).
// After htmx swaps a page in, put keyboard focus where the person expects it: on the first
// field a form refused, else on the main content, as a full page load would.
document.addEventListener("htmx:afterSettle", function (event) {
  if (!event.detail.boosted) {
    return;
  }
  var refused = document.querySelector(
    ".has-error input, .has-error textarea, .has-error select, .errors"
  );
  if (refused) {
    if (!refused.matches("input, textarea, select")) {
      refused.setAttribute("tabindex", "-1");
    }
    refused.focus();
    return;
  }
  var main = document.getElementById("main");
  if (main) {
    main.focus({ preventScroll: true });
  }
});
