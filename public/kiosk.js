// Kiosk (palautelaite): answers are kept in the browser until the server has them, so a network
// outage loses none; each answer carries its own id, so a resend is never stored twice.
(function () {
  "use strict";
  var QUEUE = "kaiku-kiosk-queue";

  function load() {
    try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; }
  }
  function save(queue) { localStorage.setItem(QUEUE, JSON.stringify(queue)); }
  function newId() {
    var bytes = new Uint8Array(18);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("kiosk-form");
    if (!form) return;
    var thanks = document.getElementById("kiosk-thanks");
    var status = document.getElementById("kiosk-queue");
    var csrf = form.querySelector("input[name=_csrf]").value;
    var sending = false;

    function showQueue() {
      var n = load().length;
      status.textContent = n > 0 ? status.getAttribute("data-template").replace("{count}", n) : "";
    }

    function flush() {
      if (sending) return;
      var queue = load();
      if (queue.length === 0) { showQueue(); return; }
      sending = true;
      var item = queue[0];
      fetch(form.getAttribute("data-answers"), {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify(item)
      }).then(function (response) {
        // Stored, a repeat, or refused as invalid: in every case it must not be sent again.
        if (response.ok || response.status === 422 || response.status === 400) {
          save(load().filter(function (q) { return q.submission !== item.submission; }));
          sending = false;
          flush();
        } else {
          sending = false;
        }
      }).catch(function () { sending = false; }).then(showQueue);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var fields = {};
      new FormData(form).forEach(function (value, key) {
        if (key === "_csrf" || key === "submission" || value === "") return;
        (fields[key] = fields[key] || []).push(value);
      });
      var queue = load();
      queue.push({ submission: newId(), language: form.getAttribute("data-language"), fields: fields });
      save(queue);
      form.reset();
      form.hidden = true;
      thanks.hidden = false;
      showQueue();
      flush();
      setTimeout(function () { thanks.hidden = true; form.hidden = false; }, 4000);
    });

    window.addEventListener("online", flush);
    setInterval(flush, 3000);
    showQueue();
    flush();
  });
})();
