// Inactivity warning: a visible countdown (no pop-up) a few minutes before the server signs
// the user out; "Stay signed in" pings the server, which counts as activity.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var timeout = parseInt(script.dataset.timeout, 10) * 1000;
  var warn = parseInt(script.dataset.warn, 10) * 1000;
  var deadline = Date.now() + timeout;
  var box = document.createElement("div");
  box.className = "card idle-warning";
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  box.hidden = true;
  var text = document.createElement("p");
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button";
  button.textContent = script.dataset.button;
  box.appendChild(text);
  box.appendChild(button);
  var main = document.getElementById("main") || document.body;
  main.insertBefore(box, main.firstChild);

  function format(ms) {
    var s = Math.max(0, Math.round(ms / 1000));
    var m = Math.floor(s / 60);
    s = s % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }
  function tick() {
    var left = deadline - Date.now();
    if (left <= 0) {
      box.hidden = false;
      text.textContent = script.dataset.expired;
      button.hidden = true;
      window.location.href = script.dataset.login + "?next=" + encodeURIComponent(window.location.pathname);
      return;
    }
    if (left <= warn) {
      box.hidden = false;
      text.textContent = script.dataset.text.replace("%s", format(left));
    }
    window.setTimeout(tick, 1000);
  }
  button.addEventListener("click", function () {
    fetch(script.dataset.keepalive, { credentials: "same-origin" }).then(function (r) {
      if (r.ok) {
        deadline = Date.now() + timeout;
        box.hidden = true;
      }
    });
  });
  // A request made without leaving the page (htmx, e.g. typing lines in the control room) is
  // activity too: the server recorded it, so the countdown starts again.
  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (xhr && xhr.status > 0 && !xhr.responseURL.includes(script.dataset.login)) {
      deadline = Date.now() + timeout;
      box.hidden = true;
    }
  });
  window.setTimeout(tick, 1000);
})();
