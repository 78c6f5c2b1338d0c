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

    // An SMS text's length as the message will be, updated while typing (the server shows the same
    // when the page loads): placeholders count as the unit's sample name and real-length links.
    var basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    var extended = "\f^{}\\[~]|€";
    document.querySelectorAll("textarea[data-sms-length]").forEach(function (area) {
      var output = document.getElementById(area.getAttribute("data-sms-length"));
      var label = area.getAttribute("data-sms-label");
      if (!output || !label) return;
      var pad = function (n) { return new Array(n + 1).join("x"); };
      var update = function () {
        var text = area.value.split("{unit}").join(area.getAttribute("data-sms-unit") || "")
          .split("{link}").join(pad(parseInt(area.getAttribute("data-sms-link"), 10) || 0))
          .split("{optout}").join(pad(parseInt(area.getAttribute("data-sms-optout"), 10) || 0));
        var septets = 0, gsm = true;
        for (var ch of text) {
          if (basic.indexOf(ch) !== -1) septets += 1;
          else if (extended.indexOf(ch) !== -1) septets += 2;
          else { gsm = false; break; }
        }
        var units = gsm ? septets : text.length;
        var parts = gsm ? (units === 0 ? 0 : units <= 160 ? 1 : Math.ceil(units / 153)) : (units <= 70 ? 1 : Math.ceil(units / 67));
        output.textContent = label.replace("{characters}", units).replace("{parts}", parts).replace("{encoding}", gsm ? "GSM-7" : "UCS-2");
      };
      area.addEventListener("input", update);
    });

    // A reply phrase goes in at the cursor of the reply, without loading the page again (the
    // link loads the page with the phrase in the draft when this file is not there).
    document.querySelectorAll("a[data-phrase][data-phrase-target]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var area = document.getElementById(link.getAttribute("data-phrase-target"));
        if (!area) return;
        event.preventDefault();
        var phrase = link.getAttribute("data-phrase");
        var start = area.selectionStart, end = area.selectionEnd;
        area.value = area.value.slice(0, start) + phrase + area.value.slice(end);
        area.focus();
        area.selectionStart = area.selectionEnd = start + phrase.length;
      });
    });
  });
})();
