/* Small page behaviours without inline script (the Content-Security-Policy forbids it):
 *   data-select-on-click            select the field's text when clicked
 *   data-mirror-to="<element id>"   copy the field's value to that element as the user types
 */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var field = event.target.closest && event.target.closest("[data-select-on-click]");
    if (field && typeof field.select === "function") { field.select(); }
  });
  document.addEventListener("input", function (event) {
    var source = event.target;
    var targetId = source && source.getAttribute && source.getAttribute("data-mirror-to");
    if (!targetId) { return; }
    var target = document.getElementById(targetId);
    if (target) { target.value = source.value; }
  });
})();
