// Dashboards (issue 6): apply a filter as soon as it changes, and print the charts' tables.
// The page works without this script (the filter form has its own button).
(function () {
  "use strict";
  var box = document.getElementById("filter-box");
  if (box && window.matchMedia("(min-width: 700px)").matches) {
    box.open = true; // on a phone the filters stay folded under their summary, tiles first
  }
  var form = document.getElementById("dashboard-filters");
  if (form) {
    form.addEventListener("change", function () { form.submit(); });
  }
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.chart-table").forEach(function (d) { d.open = true; });
  });
})();
