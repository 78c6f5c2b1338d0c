// Kaiku web widget. Embed on a page:
//   <div id="kaiku-widget"></div>
//   <script src="https://KAIKU/static/widget.js" data-unit="UNIT-CODE" data-lang="fi" async></script>
//   <noscript><a href="https://KAIKU/widget?unit=UNIT-CODE">Anna palautetta tästä sivusta</a></noscript>
// It asks "Did you find what you needed?", then an optional comment, and sends them with the page's
// address (without its query) to Kaiku. No cookies, no tracking.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var base = script.src.replace(/\/static\/widget\.js.*$/, "");
  var lang = script.getAttribute("data-lang") || document.documentElement.lang || "fi";
  var texts = {
    fi: ["Löysitkö etsimäsi?", "Kyllä", "Ei", "Mitä jäi puuttumaan? (vapaaehtoinen)", "Lähetä", "Kiitos palautteestasi!"],
    sv: ["Hittade du det du sökte?", "Ja", "Nej", "Vad saknades? (frivilligt)", "Skicka", "Tack för din respons!"],
    en: ["Did you find what you needed?", "Yes", "No", "What was missing? (optional)", "Send", "Thank you for your feedback!"]
  }[lang.slice(0, 2)] || null;
  if (!texts) texts = ["Löysitkö etsimäsi?", "Kyllä", "Ei", "Mitä jäi puuttumaan? (vapaaehtoinen)", "Lähetä", "Kiitos palautteestasi!"];
  var host = document.getElementById("kaiku-widget") || script.parentNode.insertBefore(document.createElement("div"), script);
  var found = null;

  function send(comment) {
    var body = JSON.stringify({ page: location.origin + location.pathname, found: found, comment: comment || "",
      unit: script.getAttribute("data-unit") || "", area: script.getAttribute("data-area") || "", language: lang.slice(0, 2) });
    // text/plain keeps this a simple cross-origin request: no preflight, no cookies.
    fetch(base + "/api/v1/widget", { method: "POST", mode: "cors", credentials: "omit", headers: { "Content-Type": "text/plain" }, body: body });
  }

  function el(tag, text) { var e = document.createElement(tag); if (text) e.textContent = text; return e; }

  var box = el("section");
  box.setAttribute("aria-label", texts[0]);
  var question = el("p", texts[0]);
  var yes = el("button", texts[1]);
  var no = el("button", texts[2]);
  yes.type = no.type = "button";
  box.append(question, yes, no);
  host.appendChild(box);

  function answer(value) {
    found = value;
    box.textContent = "";
    var label = el("label", texts[3]);
    var area = el("textarea");
    area.id = "kaiku-widget-comment";
    area.maxLength = 1000;
    label.htmlFor = area.id;
    var submit = el("button", texts[4]);
    submit.type = "button";
    submit.addEventListener("click", function () {
      send(area.value);
      box.textContent = "";
      var thanks = el("p", texts[5]);
      thanks.setAttribute("role", "status");
      box.appendChild(thanks);
    });
    box.append(label, area, submit);
    area.focus();
  }
  yes.addEventListener("click", function () { answer(true); });
  no.addEventListener("click", function () { answer(false); });
})();
