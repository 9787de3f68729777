// The ask form on the preview and live pages is posted by htmx (hx-post on the form, served from
// static with this file), so a viewer keeps the video and the live text: the form is replaced by
// the thank-you card, or by itself with the errors (400/409/429, text kept). This file only
// tells htmx what it cannot be told in markup: those three statuses are answers to show, not
// failures; any other failure posts the form normally (the no-JS path, a full page). Without
// JavaScript the form is an ordinary POST.
(function () {
  "use strict";
  if (window.gongkaiQuestionsAsk || !window.htmx) {
    return;
  }
  window.gongkaiQuestionsAsk = true;
  var SHOWN = [200, 400, 409, 429];
  // The strict CSP (style-src 'self') refuses htmx's inline indicator styles; htmx reads its
  // configuration when the document is ready, after this deferred script has run.
  window.htmx.config.includeIndicatorStyles = false;

  function askForm(event) {
    var element = event.detail && event.detail.elt;
    return element && element.matches && element.matches("form[data-question-ask]")
      ? element
      : null;
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (askForm(event) && SHOWN.indexOf(event.detail.xhr.status) !== -1) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  function postNormally(event) {
    var form = askForm(event);
    if (form) {
      form.submit();
    }
  }
  document.addEventListener("htmx:responseError", postNormally);
  document.addEventListener("htmx:sendError", postNormally);

  // The swapped-in card or form (its own event target): put the focus on what it says.
  document.addEventListener("htmx:afterSwap", function (event) {
    var box = event.target;
    if (!box || !box.matches || !box.matches(".question-ask")) {
      return;
    }
    var focus = box.querySelector(".error-summary, .lookup-code, .errorlist");
    if (focus) {
      focus.setAttribute("tabindex", "-1");
      focus.focus();
    }
  });
})();
