// The activity page's charts: the value under the finger or cursor, read
// from each line's labels, with a marker on the line. The charts and their
// captions stand without this script.
"use strict";
(function () {
  var NS = "http://www.w3.org/2000/svg";
  Array.prototype.forEach.call(document.querySelectorAll("figure.chart polyline.line[data-labels]"), function (line) {
    var svg = line.ownerSVGElement;
    var figure = svg && svg.parentNode;
    if (!svg || !figure || !svg.getScreenCTM) { return; }
    var labels = line.getAttribute("data-labels").split("|");
    var points = line.getAttribute("points").trim().split(/\s+/).map(function (p) {
      var xy = p.split(",");
      return { x: parseFloat(xy[0]), y: parseFloat(xy[1]) };
    });
    if (points.length !== labels.length || points.length < 2) { return; }
    var readout = document.createElement("p");
    readout.className = "chart-readout";
    readout.setAttribute("aria-live", "polite");
    figure.appendChild(readout);
    var mark = document.createElementNS(NS, "circle");
    mark.setAttribute("r", "4");
    mark.setAttribute("class", "hover-dot");
    mark.setAttribute("visibility", "hidden");
    svg.appendChild(mark);

    function show(clientX) {
      var ctm = svg.getScreenCTM();
      if (!ctm) { return; }
      var pt = svg.createSVGPoint();
      pt.x = clientX;
      pt.y = 0;
      var x = pt.matrixTransform(ctm.inverse()).x;
      var best = 0;
      for (var i = 1; i < points.length; i++) {
        if (Math.abs(points[i].x - x) < Math.abs(points[best].x - x)) { best = i; }
      }
      mark.setAttribute("cx", points[best].x);
      mark.setAttribute("cy", points[best].y);
      mark.setAttribute("visibility", "visible");
      readout.textContent = labels[best];
    }
    svg.addEventListener("pointermove", function (e) { show(e.clientX); });
    svg.addEventListener("pointerdown", function (e) { show(e.clientX); });
    svg.addEventListener("pointerleave", function () { mark.setAttribute("visibility", "hidden"); });
  });
})();
