// Dashboards (issue 6): apply a filter as soon as it changes, and print the charts' tables.
// The page works without this script (the filter form has its own button).
(function () {
  "use strict";
  var form = document.getElementById("dashboard-filters");
  if (form) {
    form.addEventListener("change", function () { form.submit(); });
  }
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.chart-table").forEach(function (d) { d.open = true; });
  });
})();
