// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to an error summary so screen-reader and keyboard users hear what went wrong.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    }
  });
})();
