// Backstride's one script. Every page works without it; it only adds what
// needs a script (the routine's timers, upload progress, chart hover).
// Each page's part starts when an element with its data attribute exists.
"use strict";
(function () {
  // The CSRF token of this page, for requests sent from scripts.
  window.backstrideCsrf = function () {
    var meta = document.querySelector('input[name="_csrf"]');
    return meta ? meta.value : "";
  };
})();
