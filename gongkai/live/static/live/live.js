/*
 * Live updates for pages that show an interview as it happens (no inline JS, CSP-safe).
 *
 * Markup (the page's job):
 *   <div data-live-url="/live/interview-7/?last_event_id=123"></div>
 *   <ol id="feed" aria-live="polite" aria-relevant="additions"> ... </ol>
 *
 * - data-live-url: the SSE stream, from {% live_stream_url channel id %} (reverse("live:stream")
 *   in gongkai/live/urls.py); the newest event id the page was rendered with goes in
 *   ?last_event_id= so the first connection only sends what came after it.
 * - Every event's data is JSON {target, key, mode, html, ...}: the element #key is replaced
 *   when it exists (so a replayed event changes nothing), otherwise html is appended to (or,
 *   with mode "prepend", put before the first child of) #target; mode "remove" removes #key.
 * - The browser's EventSource reconnects by itself and sends Last-Event-ID, and the server
 *   replays what was missed. The containers (#target) should carry aria-live="polite" so
 *   screen readers announce new lines and answers; that attribute is the page's job.
 * - The element with data-live-url gets data-live-state="open" | "connecting" so the page can
 *   show a quiet "reconnecting" hint with CSS.
 * - data-live-types: the event types to listen to, space-separated. Pages render it from the
 *   one registry of live event types (gongkai/live/events.py) with {% live_event_types %};
 *   this file keeps no list of its own, so a new type (question.updated, say) reaches open
 *   pages as soon as it is registered.
 */
(function () {
  "use strict";

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html || "";
    return template.content;
  }

  function apply(message) {
    var mode = message.mode || "append";
    var existing = message.key ? document.getElementById(message.key) : null;
    if (mode === "remove") {
      if (existing) existing.remove();
      return;
    }
    if (existing) {
      existing.replaceWith(fragment(message.html));
      return;
    }
    var target = message.target ? document.getElementById(message.target) : null;
    if (!target) return;
    if (mode === "replace") {
      target.replaceChildren(fragment(message.html));
    } else if (mode === "prepend") {
      target.insertBefore(fragment(message.html), target.firstChild);
    } else {
      target.appendChild(fragment(message.html));
    }
  }

  function onMessage(element, event) {
    var message;
    try {
      message = JSON.parse(event.data);
    } catch (error) {
      return;
    }
    apply(message);
    if (event.lastEventId) element.setAttribute("data-live-last-id", event.lastEventId);
    element.dispatchEvent(new CustomEvent("live:applied", { detail: message, bubbles: true }));
  }

  function streamUrl(element, lastId) {
    var url = new URL(element.getAttribute("data-live-url"), window.location.href);
    if (lastId) url.searchParams.set("last_event_id", lastId);
    return url.toString();
  }

  function connect(element, lastId) {
    if (!window.EventSource || element.liveSource) return;
    var source = new EventSource(streamUrl(element, lastId));
    element.liveSource = source;
    element.setAttribute("data-live-state", "connecting");
    source.onopen = function () {
      element.setAttribute("data-live-state", "open");
    };
    source.onerror = function () {
      // EventSource retries by itself (with the server's retry: hint and Last-Event-ID).
      element.setAttribute("data-live-state", "connecting");
      if (source.readyState === EventSource.CLOSED) {
        // It gave up (an error status from a proxy, say): start again in a few seconds from
        // the last event applied, which a fresh EventSource can only learn from the URL.
        element.liveSource = null;
        window.setTimeout(function () {
          connect(element, element.getAttribute("data-live-last-id"));
        }, 3000 + Math.random() * 4000);
      }
    };
    // Named events (event: feed.line ...) do not reach onmessage: listen to the types the page
    // lists in data-live-types="a.b c.d" (rendered from the registry), and to unnamed messages.
    var types = (element.getAttribute("data-live-types") || "").split(/\s+/);
    source.onmessage = function (event) {
      onMessage(element, event);
    };
    var seen = {};
    types.forEach(function (type) {
      if (type && !seen[type]) {
        seen[type] = true;
        source.addEventListener(type, function (event) {
          onMessage(element, event);
        });
      }
    });
  }

  function start() {
    document.querySelectorAll("[data-live-url]").forEach(function (element) {
      connect(element);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  window.GongkaiLive = { apply: apply, start: start };
})();
