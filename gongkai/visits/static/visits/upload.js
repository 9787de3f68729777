// Upload with a progress bar (XMLHttpRequest upload progress). Without JS the form posts normally.
(function () {
  "use strict";
  document.querySelectorAll("form.upload-form").forEach(function (form) {
    var bar = document.getElementById(form.dataset.progress);
    var errors = document.getElementById(form.dataset.errors);
    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.XMLHttpRequest) { return; }
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.responseType = "json";
      bar.hidden = false;
      bar.value = 0;
      button.disabled = true;
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { bar.value = Math.round((e.loaded / e.total) * 100); }
      });
      xhr.addEventListener("load", function () {
        var data = xhr.response || {};
        if (data.ok) { window.location.assign(data.redirect.replace("#", "?uploaded=" + Date.now() + "#")); return; }
        button.disabled = false;
        bar.hidden = true;
        errors.textContent = "";
        var box = document.createElement("div");
        box.className = "error-summary";
        (data.errors || ["Upload failed."]).forEach(function (text) {
          var p = document.createElement("p");
          p.textContent = text;
          box.appendChild(p);
        });
        errors.appendChild(box);
      });
      xhr.addEventListener("error", function () { button.disabled = false; bar.hidden = true; });
      xhr.send(new FormData(form));
    });
  });
})();
