// 同问 (+1) without leaving the page: the button's form is posted with fetch and the question is
// replaced by the server's fresh copy (the live event brings the same count to every other
// viewer). Listens on the document, so items added later by the live page work too. Without
// JavaScript the form is an ordinary POST that comes back to the same place.
(function () {
  "use strict";
  if (window.gongkaiMeToo) {
    return;
  }
  window.gongkaiMeToo = true;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-metoo]") || !window.fetch) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.text().then(function (text) {
          return { ok: response.ok, text: text };
        });
      })
      .then(function (result) {
        var item = form.closest("li");
        if (result.ok && item && result.text) {
          item.outerHTML = result.text;
        } else {
          button.disabled = false;
          var note = form.querySelector(".metoo-count");
          if (note) {
            note.textContent = result.text;
            note.setAttribute("role", "status");
          }
        }
      })
      .catch(function () {
        form.submit();
      });
  });
})();
