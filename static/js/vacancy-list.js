// The vacancy list. The filters sit in a <details> toggle that works without this script; on a wide
// screen this opens it, since there is room beside the results. Sending the form leaves the empty
// fields out of the address (the server redirects such an address too, for visitors without it).
(function () {
  "use strict";
  var panel = document.querySelector("[data-filters-panel]");
  if (panel && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 52rem)");
    if (wide.matches) { panel.open = true; }
    var follow = function (event) { if (event.matches) { panel.open = true; } };
    if (wide.addEventListener) { wide.addEventListener("change", follow); }
  }

  var form = document.querySelector("[data-filters-form]");
  if (form && window.URLSearchParams && window.FormData) {
    form.addEventListener("submit", function (event) {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (typeof value === "string" && value.trim() !== "") { params.append(name, value); }
      });
      event.preventDefault();
      var query = params.toString();
      window.location.assign(form.action.split("?")[0] + (query ? "?" + query : ""));
    });
  }
}());
