// Repairs to markup that Django's own admin scripts build, so that the admin passes axe-core.
// SelectFilter2.js (filter_horizontal) makes a search icon <span aria-label="…"> without a role:
// aria-label is not allowed on a plain span, so the icon is given role="img".
(function () {
  "use strict";
  function repair() {
    var icons = document.querySelectorAll("span.search-label-icon[aria-label]:not([role])");
    for (var i = 0; i < icons.length; i++) { icons[i].setAttribute("role", "img"); }
  }
  // SelectFilter2 builds its boxes on window load; this listener is added after its own.
  window.addEventListener("load", function () { window.setTimeout(repair, 0); });
})();
