// The Import page's upload: drop files on the zone, see the upload's
// progress, then the results table the server drew. Without this script
// the form posts as it is and the server answers with the same page.
"use strict";
(function () {
  var form = document.getElementById("import-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
  var input = document.getElementById("import-files");
  var zone = document.getElementById("drop-zone");
  var box = document.getElementById("import-progress");
  var bar = document.getElementById("import-bar");
  var label = document.getElementById("import-bar-label");
  var status = document.getElementById("import-status");
  var submit = document.getElementById("import-submit");
  var dropped = null;
  var max = parseInt(form.getAttribute("data-max-bytes"), 10) || 0;

  function mib(n) { return (n / 1048576).toFixed(1) + " MiB"; }

  function chosen() {
    return dropped || (input.files ? Array.prototype.slice.call(input.files) : []);
  }

  function say(text) { status.textContent = text; }

  zone.addEventListener("dragover", function (e) {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
  zone.addEventListener("drop", function (e) {
    e.preventDefault();
    zone.classList.remove("over");
    if (!e.dataTransfer || !e.dataTransfer.files.length) { return; }
    dropped = Array.prototype.slice.call(e.dataTransfer.files);
    input.required = false;
    document.getElementById("drop-hint").textContent =
      dropped.length + " file(s) ready: " + dropped.map(function (f) { return f.name; }).join(", ");
  });
  input.addEventListener("change", function () {
    dropped = null;
    input.required = true;
  });

  form.addEventListener("submit", function (e) {
    var files = chosen();
    if (!files.length) { return; }
    e.preventDefault();
    var total = files.reduce(function (s, f) { return s + f.size; }, 0);
    box.hidden = false;
    if (max && total > max) {
      say("These files are " + mib(total) + ", more than the " + mib(max) + " one upload may carry. Send them in parts.");
      return;
    }
    var data = new FormData();
    files.forEach(function (f) { data.append("files", f, f.name); });
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action"));
    xhr.responseType = "document";
    xhr.upload.addEventListener("progress", function (p) {
      if (p.lengthComputable) {
        bar.value = Math.round(100 * p.loaded / p.total);
        say(mib(p.loaded) + " of " + mib(p.total) + " sent");
      }
    });
    xhr.upload.addEventListener("load", function () {
      bar.removeAttribute("value");
      label.textContent = "Importing";
      say("Uploaded; importing (a large export takes a while)...");
    });
    xhr.addEventListener("load", function () {
      submit.disabled = false;
      var doc = xhr.response;
      var fresh = doc && doc.getElementById("import-results");
      var here = document.getElementById("import-results");
      if (fresh && here) {
        here.replaceWith(fresh);
        label.textContent = "Done";
        bar.value = 100;
        say(xhr.status === 200 ? "Done: the results are below." : "Not imported: see below.");
        var heading = document.getElementById("results-title");
        if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
      } else {
        say("The server answered " + xhr.status + "; nothing shown. Try the upload again.");
      }
    });
    xhr.addEventListener("error", function () {
      submit.disabled = false;
      say("The upload failed (the connection dropped). Nothing half-stored: try again.");
    });
    submit.disabled = true;
    bar.value = 0;
    label.textContent = "Uploading";
    say("Starting...");
    xhr.send(data);
  });
})();
