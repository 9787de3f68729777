// The ask form on the preview and live pages posts with htmx so a viewer keeps watching: the
// form is replaced by the thank-you card, or by itself with the errors. A refused form answers
// 400/409/429 (kept for clients without JavaScript); swap those in too instead of ignoring them.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  var target = event.detail.target;
  if ((status === 400 || status === 409 || status === 429) && target && target.classList.contains("question-ask")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
