/* 朗读 (read aloud): reads the page's main content with the browser's speech synthesis.
   Progressive enhancement: the controls stay hidden when the browser has no speech API.
   Elements marked data-no-read (and scripts, forms, navigation) are skipped. */
(function () {
  "use strict";
  var box = document.querySelector("[data-read-aloud]");
  if (!box) { return; }
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") { return; }

  var play = box.querySelector('[data-read-action="play"]');
  var pause = box.querySelector('[data-read-action="pause"]');
  var stop = box.querySelector('[data-read-action="stop"]');
  var status = box.querySelector("[data-read-status]");
  var labelPause = box.getAttribute("data-label-pause") || "Pause";
  var labelResume = box.getAttribute("data-label-resume") || "Resume";
  var reading = false;
  var lang = document.documentElement.getAttribute("lang") || "zh-CN";

  function say(text) { if (status) { status.textContent = text; } }

  function mainText() {
    var main = document.getElementById("main");
    if (!main) { return ""; }
    var copy = main.cloneNode(true);
    var skip = copy.querySelectorAll("script, style, form, nav, [hidden], [aria-hidden='true'], [data-no-read], .visually-hidden");
    for (var i = 0; i < skip.length; i++) { skip[i].parentNode.removeChild(skip[i]); }
    return (copy.innerText || copy.textContent || "").replace(/\s+/g, " ").trim();
  }

  /* Long utterances stop after ~15 s in some engines: speak sentence-sized chunks. */
  function chunks(text) {
    var parts = text.match(/[^。！？!?；;\n]+[。！？!?；;]?/g) || [text];
    var out = [];
    var current = "";
    for (var i = 0; i < parts.length; i++) {
      if ((current + parts[i]).length > 160 && current) { out.push(current); current = ""; }
      current += parts[i];
    }
    if (current.trim()) { out.push(current); }
    return out;
  }

  function setState(isReading, isPaused) {
    reading = isReading;
    pause.hidden = !isReading;
    stop.hidden = !isReading;
    pause.textContent = isPaused ? labelResume : labelPause;
    pause.setAttribute("aria-pressed", isPaused ? "true" : "false");
    play.setAttribute("aria-pressed", isReading ? "true" : "false");
  }

  function finish() {
    setState(false, false);
    say(box.getAttribute("data-label-stopped") || "");
  }

  play.addEventListener("click", function () {
    synth.cancel();
    var pieces = chunks(mainText());
    if (!pieces.length) { return; }
    setState(true, false);
    say(box.getAttribute("data-label-reading") || "");
    pieces.forEach(function (piece, index) {
      var utterance = new window.SpeechSynthesisUtterance(piece);
      utterance.lang = lang;
      utterance.rate = 0.95;
      if (index === pieces.length - 1) {
        utterance.onend = function () { if (reading) { finish(); } };
      }
      utterance.onerror = function () { if (reading) { finish(); } };
      synth.speak(utterance);
    });
  });

  pause.addEventListener("click", function () {
    if (!reading) { return; }
    if (synth.paused) { synth.resume(); setState(true, false); }
    else { synth.pause(); setState(true, true); }
  });

  stop.addEventListener("click", function () {
    synth.cancel();
    finish();
    play.focus();
  });

  window.addEventListener("pagehide", function () { synth.cancel(); });
  box.hidden = false;
}());
