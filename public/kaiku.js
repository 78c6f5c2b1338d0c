// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to an error summary so screen-reader and keyboard users hear what went wrong.
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    }

    // Filter a list of choices as the person types (the search button still works without this).
    document.querySelectorAll("input[data-filter]").forEach(function (input) {
      var list = document.getElementById(input.getAttribute("data-filter"));
      if (!list) return;
      input.addEventListener("input", function () {
        var query = input.value.trim().toLowerCase();
        list.querySelectorAll(".choice").forEach(function (choice) {
          if (choice.classList.contains("choice-unknown")) return;
          choice.hidden = query !== "" && choice.textContent.toLowerCase().indexOf(query) === -1;
        });
      });
      // Enter in the search box filters instead of sending the whole form.
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.preventDefault();
      });
    });

    // Screens in waiting rooms reload the wall now and then. (A meta refresh would be announced to
    // screen-reader users as an unexpected change, WCAG 2.2.1.)
    var refresh = parseInt(document.body.getAttribute("data-refresh"), 10);
    if (refresh > 0) {
      setTimeout(function () { window.location.reload(); }, refresh * 1000);
    }

    // Characters left, announced politely.
    document.querySelectorAll("textarea[data-counter]").forEach(function (area) {
      var output = document.getElementById(area.getAttribute("data-counter"));
      var max = parseInt(area.getAttribute("maxlength"), 10);
      if (!output || !max) return;
      var template = output.textContent;
      var update = function () {
        output.textContent = template + " (" + (max - area.value.length) + ")";
      };
      area.addEventListener("input", update);
      update();
    });
  });
})();
