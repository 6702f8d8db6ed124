"use strict";
/* The poster's look beyond the original's options (issue 20): text, road width, fades, rotation, north arrow, frame,
 * green space; markers placed by clicking the map (with labels and a numbered legend) and a GPX route.
 * app.js asks it for the request fields, passes it map clicks, and centres the poster on an uploaded route. */
window.MapPosterLook = (function () {
  const MAX_GPX_BYTES = 1048576;
  const MAX_MARKERS = 50;
  const $ = (id) => document.getElementById(id);

  const look = {
    markers: [],
    placing: false,
    gpx: null,
    map: null,
    markerLayer: null,
    routeLayer: null,
    onChange: () => {},
    onRoute: () => {},
  };

  /** The request fields that differ from the original's poster; the ones left at their default are not sent, so a
   * request without any keeps the original's cache key. */
  function payloadFields() {
    const fields = {};
    if ($("text-mode").value !== "all") fields.text = $("text-mode").value;
    const lineScale = parseFloat($("line-scale").value);
    if (lineScale !== 1) fields.line_scale = lineScale;
    if ($("frame").checked) fields.frame = true;
    if ($("fade").value !== "both") fields.fade = $("fade").value;
    if (look.markers.length) {
      fields.markers = look.markers.map(({ lat, lon, label }) => ({ lat, lon, label }));
      if ($("legend").checked) fields.legend = true;
    }
    const rotation = parseFloat($("rotation").value);
    if (rotation !== 0) fields.rotation = rotation;
    if ($("north-arrow").checked) fields.north_arrow = true;
    if ($("green-space").checked) fields.green_space = true;
    if (look.gpx) fields.gpx = look.gpx.text;
    return fields;
  }

  /** The look as a preset keeps it (markers and the route belong to a place, and stay out). */
  function settings() {
    return {
      text: $("text-mode").value,
      lineScale: parseFloat($("line-scale").value),
      frame: $("frame").checked,
      fade: $("fade").value,
      rotation: parseFloat($("rotation").value),
      northArrow: $("north-arrow").checked,
      greenSpace: $("green-space").checked,
      legend: $("legend").checked,
    };
  }

  /** Restores a preset's look; a preset saved before these options leaves the controls as they are. */
  function applySettings(saved) {
    if (!saved) return;
    const setValue = (id, value) => { if (value !== undefined && value !== null) $(id).value = value; };
    const setChecked = (id, value) => { if (typeof value === "boolean") $(id).checked = value; };
    setValue("text-mode", saved.text);
    setValue("line-scale", saved.lineScale);
    setChecked("frame", saved.frame);
    setValue("fade", saved.fade);
    setValue("rotation", saved.rotation);
    setChecked("north-arrow", saved.northArrow);
    setChecked("green-space", saved.greenSpace);
    setChecked("legend", saved.legend);
    refreshOutputs();
  }

  function refreshOutputs() {
    $("line-scale-value").textContent = `${parseFloat($("line-scale").value).toFixed(1)}×`;
    $("rotation-value").textContent = `${parseInt($("rotation").value, 10)}°`;
  }

  // ---------------------------------------------------------------- markers
  /** Adds a marker where the map was clicked, when placing markers is on; returns whether the click was used. */
  function handleMapClick(latlng) {
    if (!look.placing) return false;
    if (look.markers.length >= MAX_MARKERS) {
      $("marker-status").textContent = `A poster takes at most ${MAX_MARKERS} markers.`;
      return true;
    }
    const round = (value) => Math.round(value * 1e6) / 1e6;
    const lon = ((((latlng.lng + 180) % 360) + 360) % 360) - 180;
    look.markers.push({ lat: round(latlng.lat), lon: round(lon), label: "" });
    renderMarkers();
    const inputs = $("marker-list").querySelectorAll("input");
    if (inputs.length) inputs[inputs.length - 1].focus();
    look.onChange();
    return true;
  }

  function setPlacing(placing) {
    look.placing = placing;
    const button = $("marker-mode");
    button.setAttribute("aria-pressed", String(placing));
    button.textContent = placing ? "Done placing markers" : "Place markers on the map";
    $("map").classList.toggle("placing-markers", placing);
    $("marker-status").textContent = placing ? "Click the map to put a marker there." : "";
  }

  /** The list of markers with their label fields, and their pins on the map. */
  function renderMarkers() {
    const list = $("marker-list");
    list.replaceChildren();
    look.markers.forEach((marker, index) => {
      const item = document.createElement("li");
      const label = document.createElement("input");
      label.type = "text";
      label.maxLength = 80;
      label.value = marker.label;
      label.placeholder = `${marker.lat.toFixed(5)}, ${marker.lon.toFixed(5)}`;
      label.setAttribute("aria-label", `Label of marker ${index + 1}`);
      label.addEventListener("input", () => { marker.label = label.value; });
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary";
      remove.textContent = "Remove";
      remove.setAttribute("aria-label", `Remove marker ${index + 1}`);
      remove.addEventListener("click", () => {
        look.markers.splice(index, 1);
        renderMarkers();
        look.onChange();
      });
      item.append(label, remove);
      list.append(item);
    });
    $("legend-row").hidden = look.markers.length === 0;
    if (!look.markerLayer) return;
    look.markerLayer.clearLayers();
    look.markers.forEach((marker, index) => {
      L.circleMarker([marker.lat, marker.lon], {
        radius: 7, color: "#e8590c", weight: 2, fillOpacity: 0.8, interactive: false, className: "poster-marker",
      }).bindTooltip(String(index + 1), { permanent: true, direction: "top" }).addTo(look.markerLayer);
    });
  }

  // ---------------------------------------------------------------- GPX route
  /** The lines of a GPX document (each trkseg, each rte), or an error sentence. */
  function parseGPX(text) {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    if (doc.getElementsByTagName("parsererror").length) return { error: "The GPX file is not valid XML." };
    if (doc.documentElement.localName !== "gpx") return { error: "The file is XML but not GPX." };
    const lines = [];
    for (const group of doc.querySelectorAll("trkseg, rte")) {
      const points = [...group.children]
        .filter((child) => child.localName === "trkpt" || child.localName === "rtept")
        .map((point) => [parseFloat(point.getAttribute("lat")), parseFloat(point.getAttribute("lon"))]);
      if (points.some(([lat, lon]) => !(Math.abs(lat) <= 90 && Math.abs(lon) <= 180))) {
        return { error: "The GPX file has a point whose lat and lon are not a place on the globe." };
      }
      if (points.length) lines.push(points);
    }
    if (!lines.length) return { error: "The GPX file has no track or route points." };
    return { lines };
  }

  async function loadGPX() {
    const input = $("gpx-file");
    const file = input.files && input.files[0];
    if (!file) return;
    const status = $("gpx-status");
    if (file.size > MAX_GPX_BYTES) {
      status.textContent = `${file.name} is too large (${file.size} bytes): at most ${MAX_GPX_BYTES} bytes.`;
      input.value = "";
      return;
    }
    const text = await file.text();
    const parsed = parseGPX(text);
    if (parsed.error) {
      status.textContent = `${file.name}: ${parsed.error}`;
      input.value = "";
      return;
    }
    const count = parsed.lines.reduce((total, line) => total + line.length, 0);
    look.gpx = { name: file.name, text, lines: parsed.lines };
    status.textContent = `${file.name}: ${count} points. The poster is centred on the route.`;
    $("gpx-remove").hidden = false;
    drawRoute();
    look.onRoute(parsed.lines);
    look.onChange();
  }

  function removeGPX() {
    look.gpx = null;
    $("gpx-file").value = "";
    $("gpx-status").textContent = "";
    $("gpx-remove").hidden = true;
    drawRoute();
    look.onChange();
  }

  function drawRoute() {
    if (!look.routeLayer) return;
    look.routeLayer.clearLayers();
    if (look.gpx) {
      L.polyline(look.gpx.lines, { color: "#e8590c", weight: 3, interactive: false, className: "poster-route" })
        .addTo(look.routeLayer);
    }
  }

  /** Wires the controls; `onChange` runs after every change of markers or route, `onRoute(lines)` after an upload. */
  function init({ onChange, onRoute }) {
    look.onChange = onChange;
    look.onRoute = onRoute;
    $("marker-mode").addEventListener("click", () => setPlacing(!look.placing));
    $("gpx-file").addEventListener("change", loadGPX);
    $("gpx-remove").addEventListener("click", removeGPX);
    for (const id of ["line-scale", "rotation"]) $(id).addEventListener("input", refreshOutputs);
    refreshOutputs();
    renderMarkers();
  }

  /** Draws markers and the route on the Leaflet map (when there is one). */
  function attachMap(map) {
    look.map = map;
    look.markerLayer = L.layerGroup().addTo(map);
    look.routeLayer = L.layerGroup().addTo(map);
    renderMarkers();
    drawRoute();
  }

  return { init, attachMap, handleMapClick, payloadFields, settings, applySettings };
})();
