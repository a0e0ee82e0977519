// The glossary filters as you type: the same matching as the server's ?q= (lower case, accents
// ignored, either language), done on the rows already on the page. Without this script the
// form asks the server. Only textContent and the hidden attribute are touched.
(function () {
  "use strict";
  var input = document.querySelector("[data-glossary-filter]");
  var count = document.querySelector("[data-glossary-count]");
  if (!input || !count) { return; }
  var sections = Array.prototype.slice.call(document.querySelectorAll("[data-glossary-letter]"));
  var none = document.querySelector("[data-glossary-none]");
  var template = count.getAttribute("data-text");
  var total = count.getAttribute("data-total");  // all terms, also those a ?q= left off the page

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function apply() {
    var needle = fold(input.value.trim());
    var shown = 0;
    sections.forEach(function (section) {
      var visible = 0;
      section.querySelectorAll("tbody tr").forEach(function (row) {
        var match = Array.prototype.some.call(row.cells, function (cell) {
          return fold(cell.textContent).indexOf(needle) !== -1;
        });
        row.hidden = !match;
        if (match) { visible += 1; }
      });
      section.hidden = visible === 0;
      shown += visible;
      var entry = document.querySelector('[data-az="' + section.getAttribute("data-glossary-letter") + '"]');
      if (entry) {
        entry.querySelector("a").hidden = visible === 0;
        entry.querySelector(".az-empty").hidden = visible !== 0;
      }
    });
    count.textContent = template.replace("%(shown)s", String(shown)).replace("%(total)s", String(total));
    if (none) { none.hidden = shown !== 0; }
  }

  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(apply, 150);  // one update (and one announcement) per pause in typing
  });
}());
