/* Draws the GeoJSON of our own endpoint on every element with data-geojson-url.
   The map only adds to the page: everything on it is also in a table. */
(function () {
  "use strict";

  function drawMap(element) {
    if (typeof L === "undefined") { return; }
    var map = L.map(element, {
      scrollWheelZoom: false, attributionControl: true, zoomControl: false, zoomSnap: 0.25
    });
    L.control.zoom({
      zoomInTitle: element.getAttribute("data-zoom-in") || "Zoom in",
      zoomOutTitle: element.getAttribute("data-zoom-out") || "Zoom out"
    }).addTo(map);
    var tileUrl = element.getAttribute("data-tile-url");
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        maxZoom: 18,
        attribution: element.getAttribute("data-tile-attribution") || ""
      }).addTo(map);
    } else {
      element.classList.add("map-no-tiles");
    }
    // The city's view from the settings (the data set's manifest) until the outlines arrive.
    var centre = (element.getAttribute("data-centre") || "").split(",").map(Number);
    var zoom = Number(element.getAttribute("data-zoom"));
    if (centre.length !== 2 || !isFinite(centre[0]) || !isFinite(centre[1])) { centre = [0, 0]; }
    map.setView(centre, isFinite(zoom) && element.getAttribute("data-zoom") ? zoom : 2);
    fetch(element.getAttribute("data-geojson-url"), { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: function (feature) {
            var kind = feature.properties && feature.properties.kind;
            return kind === "quarter"
              ? { color: "#5a3d8a", weight: 1, dashArray: "4 3", fillOpacity: 0.05 }
              : { color: "#005f73", weight: 2, fillColor: "#0a9396", fillOpacity: 0.25 };
          },
          onEachFeature: function (feature, featureLayer) {
            var p = feature.properties || {};
            if (!p.name) { return; }
            // Names are data, never markup: Leaflet inserts a string as HTML, so both the
            // tooltip and the popup get elements whose text is set.
            var label = document.createElement("span");
            label.textContent = String(p.name);
            var link = document.createElement("a");
            link.textContent = String(p.name);
            if (p.url) { link.href = p.url; }
            featureLayer.bindTooltip(label, { sticky: true });
            featureLayer.bindPopup(link);
          }
        }).addTo(map);
        var bounds = layer.getBounds();
        if (bounds.isValid()) { map.fitBounds(bounds, { padding: [10, 10], animate: false, maxZoom: 15 }); }
        element.setAttribute("data-features", String(data.features ? data.features.length : 0));
        element.classList.add("map-ready");
      })
      .catch(function () {
        element.classList.add("map-failed");
      });
  }

  function init() {
    var maps = document.querySelectorAll("[data-geojson-url]");
    for (var i = 0; i < maps.length; i++) { drawMap(maps[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
