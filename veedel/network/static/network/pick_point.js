/* Progressive enhancement of the actor form: a small map on which a click sets the latitude
   and longitude inputs. The inputs stay the source of truth; without JavaScript (or without
   Leaflet) the map stays hidden and the form works as before. */
(function () {
  "use strict";

  var DIGITS = 5; // about 1 m, as precise as a click can be

  function parse(input) {
    var value = parseFloat(String(input.value || "").replace(",", "."));
    return isNaN(value) ? null : value;
  }

  function enhance(element) {
    if (typeof L === "undefined") { return; }
    var latInput = document.getElementById(element.getAttribute("data-latitude-input"));
    var lonInput = document.getElementById(element.getAttribute("data-longitude-input"));
    if (!latInput || !lonInput) { return; }
    element.hidden = false;

    var map = L.map(element, { scrollWheelZoom: false });
    var tileUrl = element.getAttribute("data-tile-url");
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        maxZoom: 19,
        attribution: element.getAttribute("data-tile-attribution") || ""
      }).addTo(map);
    } else {
      element.classList.add("map-no-tiles");
    }
    // The town's centre and zoom come from its area data (manifest.json), not from here.
    var centre = (element.getAttribute("data-centre") || "").split(",").map(Number);
    var zoom = Number(element.getAttribute("data-zoom"));
    if (centre.length !== 2 || !isFinite(centre[0]) || !isFinite(centre[1])) { centre = [0, 0]; }
    map.setView(centre, element.getAttribute("data-zoom") && isFinite(zoom) ? zoom : 2);

    var marker = null;
    function showPoint(lat, lon, pan) {
      if (marker) {
        marker.setLatLng([lat, lon]);
      } else {
        marker = L.marker([lat, lon], { keyboard: false }).addTo(map);
      }
      if (pan) { map.setView([lat, lon], Math.max(map.getZoom(), 14)); }
    }
    function fromInputs(pan) {
      var lat = parse(latInput);
      var lon = parse(lonInput);
      if (lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
        showPoint(lat, lon, pan);
      }
    }

    var outlineUrl = element.getAttribute("data-outline-url");
    if (outlineUrl) {
      fetch(outlineUrl, { headers: { Accept: "application/geo+json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (data) {
          var layer = L.geoJSON(data, {
            style: { color: "#5a3d8a", weight: 1, fillOpacity: 0.05 },
            onEachFeature: function (feature, featureLayer) {
              var p = feature.properties || {};
              // A text node: Leaflet would read a string as HTML, and names are data.
              if (p.name) {
                featureLayer.bindTooltip(document.createTextNode(String(p.name)), { sticky: true });
              }
            }
          }).addTo(map);
          var bounds = layer.getBounds();
          if (bounds.isValid() && !marker) { map.fitBounds(bounds, { animate: false }); }
          fromInputs(true);
        })
        .catch(function () { element.classList.add("map-failed"); });
    }

    map.on("click", function (event) {
      latInput.value = event.latlng.lat.toFixed(DIGITS);
      lonInput.value = event.latlng.lng.toFixed(DIGITS);
      showPoint(event.latlng.lat, event.latlng.lng, false);
    });
    latInput.addEventListener("change", function () { fromInputs(true); });
    lonInput.addEventListener("change", function () { fromInputs(true); });
    fromInputs(true);
  }

  function init() {
    var elements = document.querySelectorAll("[data-pick-point]");
    for (var i = 0; i < elements.length; i++) { enhance(elements[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
