// The ask form on the preview and live pages is sent in the background, so a viewer keeps
// the video and the live text: the form is replaced by the thank-you card, or by itself with
// the errors (400/409/429, text kept). Without fetch, or if anything goes wrong, the form is
// posted normally. Loaded once even when the page embeds the form twice.
(function () {
  "use strict";
  if (window.gongkaiQuestionsAsk) {
    return;
  }
  window.gongkaiQuestionsAsk = true;
  var SHOWN = [200, 400, 409, 429];

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-question-ask]")) {
      return;
    }
    if (!window.fetch || !window.FormData) {
      return;
    }
    event.preventDefault();
    var box = form.closest(".question-ask");
    var button = form.querySelector("[type=submit]");
    if (button) {
      button.disabled = true;
    }
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "HX-Request": "true" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (SHOWN.indexOf(response.status) === -1) {
          throw new Error("unexpected status " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html.trim();
        var fresh = holder.firstElementChild;
        box.replaceWith(fresh);
        var focus = fresh.querySelector(".error-summary, .lookup-code, .errorlist");
        if (focus) {
          focus.setAttribute("tabindex", "-1");
          focus.focus();
        }
      })
      .catch(function () {
        form.submit();
      });
  });
})();
