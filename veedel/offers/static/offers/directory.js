/* The map of the offers directory. It draws the places of the offers found (the GeoJSON of
   our own endpoint, same query string as the list) and reloads them for the visible part of
   the map when it moves. Many places nearby come back from the server as one cluster with a
   count; a click on it zooms in. Everything on the map is also in the list of results.
   Names are data, never markup: Leaflet inserts a string as HTML, so tooltips and popups get
   elements whose text is set. */
(function () {
  "use strict";

  function clamp(value, low, high) { return Math.min(high, Math.max(low, value)); }

  function popupFor(properties) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = properties.name || "";
    box.appendChild(title);
    var offers = properties.offers || [];
    if (offers.length) {
      var list = document.createElement("ul");
      list.className = "map-popup-list";
      offers.forEach(function (offer) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = offer.url;
        link.textContent = offer.name;
        item.appendChild(link);
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    return box;
  }

  function textOf(value) {
    var label = document.createElement("span");
    label.textContent = String(value || "");
    return label;
  }

  function clusterIcon(count) {
    var size = count < 10 ? 30 : count < 100 ? 36 : 44;
    var label = document.createElement("span");
    label.textContent = String(count);
    return L.divIcon({ className: "cluster-marker", html: label, iconSize: [size, size] });
  }

  function drawMap(element) {
    if (typeof L === "undefined" || typeof VeedelMap === "undefined") { return; }
    var baseUrl = element.getAttribute("data-geojson-url");
    // Background, context layer (city, districts, quarter names), panes and translated
    // Leaflet texts come from veedel/map.js; the offers go into its marker pane, on top.
    var map = VeedelMap.create(element, 11);
    var layer = L.layerGroup().addTo(map);
    var latest = 0;
    var fitted = false;

    function dataUrl() {
      var url = baseUrl + (baseUrl.indexOf("?") === -1 ? "?" : "&");
      url += "zoom=" + clamp(Math.floor(map.getZoom()), 0, 20);
      if (fitted) {
        var b = map.getBounds();
        url += "&bbox=" + [
          clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
          clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)
        ].map(function (n) { return n.toFixed(5); }).join(",");
      }
      return url;
    }

    function show(data) {
      layer.clearLayers();
      var bounds = L.latLngBounds([]);
      (data.features || []).forEach(function (feature) {
        var c = feature.geometry.coordinates;
        var latlng = L.latLng(c[1], c[0]);
        var p = feature.properties || {};
        bounds.extend(latlng);
        if (p.kind === "cluster") {
          var marker = L.marker(latlng, {
            icon: clusterIcon(p.count), title: p.name, alt: p.name, pane: VeedelMap.MARKER_PANE
          });
          VeedelMap.legendShow(element, "cluster");
          marker.on("click", function () { map.setView(latlng, Math.min(map.getZoom() + 2, 18)); });
          layer.addLayer(marker);
        } else {
          var point = L.circleMarker(latlng, {
            radius: 8, color: "#003b49", weight: 2, fillColor: "#0a9396", fillOpacity: 0.85,
            pane: VeedelMap.MARKER_PANE
          });
          VeedelMap.legendShow(element, "offer");
          point.bindTooltip(textOf(p.name));
          point.bindPopup(popupFor(p));
          layer.addLayer(point);
        }
      });
      element.setAttribute("data-features", String((data.features || []).length));
      element.classList.add("map-ready");
      if (!fitted) {
        fitted = true;
        map.veedelState.fitted = bounds.isValid();
        if (bounds.isValid()) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15, animate: false }); }
      }
    }

    function load() {
      var ticket = ++latest;
      fetch(dataUrl(), { headers: { Accept: "application/geo+json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (data) { if (ticket === latest) { show(data); } })
        .catch(function () { element.classList.add("map-failed"); });
    }

    var timer = null;
    map.on("moveend", function () {
      if (!fitted) { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(load, 250);
    });
    load();
  }

  function init() {
    var maps = document.querySelectorAll(".offers-map [data-geojson-url]");
    for (var i = 0; i < maps.length; i++) { drawMap(maps[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
