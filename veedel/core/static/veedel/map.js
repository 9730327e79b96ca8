/* The maps of Veedel. Every map gets, from VeedelMap.create:
   - the background tiles of the settings (basemap.de by default; none when switched off),
   - the context layer of our own endpoint (data-context-url): the city outline and the district
     borders with their names always, the quarter names from a zoom level on. It is drawn under
     the content, so the map orients a reader even when no tile arrives,
   - a pane for markers above everything else (the offers of the directory),
   - Leaflet's own texts in the page's language (zoom buttons, attribution prefix, popup close).
   On every element with data-geojson-url (outside the directory, which has its own script)
   this file then draws our GeoJSON. The map only adds to the page: everything on it is also
   in a table, and the legend below it is HTML. */
(function () {
  "use strict";

  var CONTEXT_PANE = "veedel-context";
  var LABEL_PANE = "veedel-context-labels";
  var MARKER_PANE = "veedel-markers";
  var QUARTER_NAMES_ZOOM = 13;

  function attr(element, name, fallback) {
    var value = element.getAttribute(name);
    return value === null || value === "" ? fallback : value;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* Show the legend entry of one kind of thing the map drew ("space", "quarter", "offer", …). */
  function legendShow(element, key) {
    var figure = element.closest(".map-figure");
    if (!figure) { return; }
    var items = figure.querySelectorAll('[data-legend="' + key + '"]');
    for (var i = 0; i < items.length; i++) { items[i].hidden = false; }
  }

  function pane(map, name, zIndex) {
    var p = map.createPane(name);
    p.style.zIndex = String(zIndex);
    p.style.pointerEvents = "none";
    return p;
  }

  function label(latlng, text, className) {
    var span = document.createElement("span");
    span.textContent = String(text);
    return L.marker(latlng, {
      pane: LABEL_PANE,
      interactive: false,
      keyboard: false,
      icon: L.divIcon({ className: "context-label " + className, html: span, iconSize: null })
    });
  }

  function drawContext(map, element, state) {
    var url = element.getAttribute("data-context-url");
    if (!url) { return; }
    var quarterNames = L.layerGroup();
    var quarterZoom = Number(attr(element, "data-quarter-names-zoom", QUARTER_NAMES_ZOOM));
    function toggleQuarterNames() {
      if (map.getZoom() >= quarterZoom) {
        if (!map.hasLayer(quarterNames)) { quarterNames.addTo(map); }
      } else if (map.hasLayer(quarterNames)) {
        map.removeLayer(quarterNames);
      }
      element.setAttribute("data-quarter-names", map.hasLayer(quarterNames) ? "shown" : "hidden");
    }
    fetch(url, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        var districtNames = L.layerGroup();
        var city = null;
        L.geoJSON(data, {
          pane: CONTEXT_PANE,
          interactive: false,
          filter: function (feature) {
            var p = feature.properties || {};
            if (p.kind === "quarter") {
              var c = feature.geometry.coordinates;
              quarterNames.addLayer(label([c[1], c[0]], p.name || "", "context-quarter-label"));
              return false;
            }
            return p.kind === "city" || p.kind === "district";
          },
          style: function (feature) {
            return feature.properties.kind === "city"
              ? { className: "context-city", color: "#2b2b2b", weight: 3, opacity: 0.8, fill: false }
              : { className: "context-district", color: "#5c5c5c", weight: 1.5, opacity: 0.8,
                  fill: false };
          },
          onEachFeature: function (feature, featureLayer) {
            var p = feature.properties || {};
            if (p.kind === "city") { city = featureLayer; }
            if (p.kind === "district" && p.name && p.label) {
              districtNames.addLayer(
                label([p.label[1], p.label[0]], p.name, "context-district-label"));
            }
          }
        }).addTo(map);
        districtNames.addTo(map);
        map.on("zoomend", toggleQuarterNames);
        toggleQuarterNames();
        // A map whose own content did not place it (nothing to show) shows the city.
        if (!state.fitted && city && city.getBounds().isValid()) {
          map.fitBounds(city.getBounds(), { padding: [10, 10], animate: false });
        }
        element.setAttribute("data-context", "ready");
      })
      .catch(function () {
        element.setAttribute("data-context", "failed");
      });
  }

  /* A Leaflet map on ``element`` with background, context layer, panes and translated texts.
     Returns the map; ``state.fitted`` tells the context layer the content placed the map. */
  function create(element, fallbackZoom) {
    var map = L.map(element, {
      scrollWheelZoom: false, attributionControl: true, zoomControl: false, zoomSnap: 0.25
    });
    map.veedelState = { fitted: false };
    pane(map, CONTEXT_PANE, 350);   // above the tiles (200), under the content (400)
    pane(map, LABEL_PANE, 450);     // names above the content's fills
    map.createPane(MARKER_PANE).style.zIndex = "640";  // markers above everything drawn
    L.control.zoom({
      zoomInTitle: attr(element, "data-zoom-in", "+"),
      zoomOutTitle: attr(element, "data-zoom-out", "−")
    }).addTo(map);
    map.attributionControl.setPrefix(
      '<a href="https://leafletjs.com" title="' +
      escapeHtml(attr(element, "data-library-title", "Leaflet")) + '">Leaflet</a>');
    var closeText = attr(element, "data-close-popup", "×");
    map.on("popupopen", function (event) {
      var button = event.popup.getElement() &&
        event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (button) {
        button.setAttribute("aria-label", closeText);
        button.setAttribute("title", closeText);
      }
    });
    var tileUrl = element.getAttribute("data-tile-url");
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        maxZoom: 18, attribution: element.getAttribute("data-tile-attribution") || ""
      }).on("tileerror", function () {
        element.classList.add("map-tiles-failed");
      }).addTo(map);
    } else {
      element.classList.add("map-no-tiles");
    }
    // The city's view from the settings (the data set's manifest) until the content arrives.
    var centre = (element.getAttribute("data-centre") || "").split(",").map(Number);
    var zoom = Number(element.getAttribute("data-zoom"));
    if (centre.length !== 2 || !isFinite(centre[0]) || !isFinite(centre[1])) { centre = [0, 0]; }
    map.setView(centre, isFinite(zoom) && element.getAttribute("data-zoom") ? zoom : fallbackZoom);
    drawContext(map, element, map.veedelState);
    return map;
  }

  function kindOf(feature) {
    var p = feature.properties || {};
    if (feature.geometry && feature.geometry.type === "Point") { return "place"; }
    if (p.kind === "quarter") { return "quarter"; }
    if (p.kind === "social_space" || p.slug) { return "space"; }
    return "area";
  }

  var STYLES = {
    quarter: { color: "#5a3d8a", weight: 1.5, dashArray: "4 3", fillOpacity: 0.05 },
    space: { color: "#005f73", weight: 2, fillColor: "#0a9396", fillOpacity: 0.25 },
    area: { color: "#005f73", weight: 2, fillColor: "#0a9396", fillOpacity: 0.25 }
  };

  function drawMap(element) {
    if (typeof L === "undefined") { return; }
    var map = create(element, 2);
    fetch(element.getAttribute("data-geojson-url"), { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: function (feature) { return STYLES[kindOf(feature)] || STYLES.area; },
          pointToLayer: function (feature, latlng) {
            var name = String((feature.properties && feature.properties.name) || "");
            return L.marker(latlng, { pane: MARKER_PANE, alt: name, title: name });
          },
          onEachFeature: function (feature, featureLayer) {
            legendShow(element, kindOf(feature));
            var p = feature.properties || {};
            if (!p.name) { return; }
            // Names are data, never markup: Leaflet inserts a string as HTML, so both the
            // tooltip and the popup get elements whose text is set.
            var text = document.createElement("span");
            text.textContent = String(p.name);
            var link = document.createElement("a");
            link.textContent = String(p.name);
            if (p.url) { link.href = p.url; }
            featureLayer.bindTooltip(text, { sticky: true });
            featureLayer.bindPopup(link);
          }
        }).addTo(map);
        var bounds = layer.getBounds();
        if (bounds.isValid()) {
          map.veedelState.fitted = true;
          map.fitBounds(bounds, { padding: [10, 10], animate: false, maxZoom: 15 });
        }
        element.setAttribute("data-features", String(data.features ? data.features.length : 0));
        element.classList.add("map-ready");
      })
      .catch(function () {
        element.classList.add("map-failed");
      });
  }

  window.VeedelMap = { create: create, legendShow: legendShow, MARKER_PANE: MARKER_PANE };

  function init() {
    var maps = document.querySelectorAll("[data-geojson-url]");
    for (var i = 0; i < maps.length; i++) {
      // The offers directory draws its map itself (offers/directory.js), with VeedelMap.create.
      if (!maps[i].closest(".offers-map")) { drawMap(maps[i]); }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
