// Show only the fields the chosen form of interpretation needs. Without JavaScript every
// field stays visible and the server says which one is missing.
(function () {
  "use strict";
  var kind = document.getElementById("id_kind");
  if (!kind) { return; }
  var needs = {
    text: ["id_body"], graphic: ["id_image", "id_body"], video: ["id_video", "id_body"],
    animation: ["id_video", "id_body"], audio: ["id_audio", "id_body"], link: ["id_url", "id_body"],
    qa: ["id_qa_pairs", "id_body"]
  };
  var optional = ["id_body", "id_image", "id_video", "id_audio", "id_url", "id_qa_pairs"];
  function update() {
    var wanted = needs[kind.value] || optional;
    optional.forEach(function (id) {
      var field = document.getElementById(id);
      if (field && field.closest("p")) { field.closest("p").hidden = wanted.indexOf(id) === -1; }
    });
  }
  kind.addEventListener("change", update);
  update();
})();
