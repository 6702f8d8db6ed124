/* MapPoster web UI: plain browser JavaScript, no build step, no third-party code except Leaflet.
 * Talks to the HTTP API described in research/maptoposter-web.md §2 and §6, through nginx at /api/. */
(function () {
  "use strict";

  // ---------------------------------------------------------------- configuration
  /** Defaults; /config.json (written by nginx from its template) may override any of them. */
  const config = {
    apiBase: "/api",
    tileUrl: "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    tileAttribution: "© OpenStreetMap contributors",
    pollTimeoutSeconds: 900,
    pollMinDelayMs: 1000,
    /** The first seconds of a task are polled quickly: a single poster passes its stages (fetching, rendering,
     * uploading) in well under a second, and the page shows each one it catches. */
    pollFastMs: 150,
    pollFastSeconds: 5,
    pollMaxDelayMs: 5000,
    historyLimit: 10,
    previewDelayMs: 400,
    previewPollMs: 120,
  };

  const PRESETS_KEY = "maptoposter_presets";
  const DEFAULT_CENTER = [48.8566, 2.3522];
  const METERS_PER_DEGREE = 111111;

  const PAPER_SIZES = {
    A4: [8.27, 11.69],
    A3: [11.69, 16.53],
    "12x16": [12, 16],
    "30x40cm": [11.81, 15.75],
  };

  /** The five extra layers the original sends every time (§3.2). `label` and `tags` go to the API unchanged:
   * they are part of the poster's cache key, so they keep the original's (French) labels. */
  const DEFAULT_LAYERS = [
    { title: "Cycle paths", label: "Pistes Cyclables", tags: { highway: "cycleway" }, color: "#3498db", width: 1.0 },
    { title: "Railways", label: "Voies Ferrées", tags: { railway: "rail" }, color: "#f1c40f", width: 1.2 },
    { title: "Metro", label: "Métro", tags: { railway: "subway" }, color: "#e74c3c", width: 1.5 },
    {
      title: "Forests & nature", label: "Forêts & Nature",
      tags: { natural: ["wood", "scrub", "tree_row"], landuse: ["forest", "orchard"] }, color: "#27ae60", width: 0.5,
    },
    {
      title: "Rivers & canals", label: "Fleuves & Rivières",
      tags: { waterway: ["river", "stream", "canal"] }, color: "#2980b9", width: 1.5,
    },
  ];

  const COLOR_KEYS = ["bg", "water", "parks", "roads", "text"];

  // ---------------------------------------------------------------- state
  const state = {
    layers: DEFAULT_LAYERS.map((layer) => ({ ...layer, enabled: false })),
    themes: [],
    center: DEFAULT_CENTER.slice(),
    /** Whether the user put the centre on the map (click, drag, or the data's centre at start): then the request
     * carries it as lat/lon. After "Find on the map" the worker geocodes the city itself, as in the original. */
    centerSet: false,
    /** GET /api/coverage: where the workers have map data (null until loaded, or when the API has no answer). */
    coverage: null,
    coverageBox: null,
    map: null,
    rectangle: null,
    marker: null,
    controller: null,
    sessionFiles: [],
    /** Live preview: off when the API has no /preview (the Python original), the last request previewed, the
     * previews already made this session (request → data URL), and a counter that makes older answers stale. */
    preview: { available: true, timer: null, lastKey: "", cache: new Map(), generation: 0, changedAt: 0 },
  };

  const $ = (id) => document.getElementById(id);

  function setPageState(name) {
    document.body.dataset.state = name;
  }

  // ---------------------------------------------------------------- small helpers
  function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal && signal.aborted) return reject(abortError());
      const timer = setTimeout(resolve, ms);
      if (signal) {
        signal.addEventListener("abort", () => { clearTimeout(timer); reject(abortError()); }, { once: true });
      }
    });
  }

  function abortError() {
    const error = new Error("Generation cancelled.");
    error.name = "AbortError";
    return error;
  }

  function apiUrl(path) {
    return config.apiBase.replace(/\/+$/, "") + path;
  }

  function fileNameOf(url) {
    const path = String(url).split(/[?#]/)[0];
    const name = path.substring(path.lastIndexOf("/") + 1);
    try { return decodeURIComponent(name); } catch (_) { return name; }
  }

  function formatDistance(meters) {
    return meters >= 1000 ? `${(meters / 1000).toLocaleString("en", { maximumFractionDigits: 1 })} km` : `${meters} m`;
  }

  function formatDate(value) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? String(value || "") : date.toLocaleString();
  }

  // ---------------------------------------------------------------- error texts
  /** Failure texts of the worker, matched as case-sensitive substrings like the original frontend (§1.6),
   * shown in English. Anything else is shown raw. */
  function describeFailure(message) {
    const text = String(message || "");
    // The worker's own words, naming where the data is ("No map data for this area: the map data covers …").
    if (text.startsWith("No map data for this area")) return text;
    if (text.includes("No map data found") || text.includes("Could not retrieve map data")) {
      return "No OpenStreetMap data is available for this area. Try a smaller distance.";
    }
    if (text.includes("Nominatim")) {
      return "The geocoding service is temporarily unavailable. Please try again in a few minutes.";
    }
    return text || "The poster could not be generated.";
  }

  /** Status texts of the worker, matched as case-insensitive substrings (§6.1 getStatusLabel). */
  function describeStatus(status) {
    const text = String(status || "");
    const lower = text.toLowerCase();
    if (lower.includes("pending")) return "Waiting for a worker…";
    if (lower.includes("decoding")) return "Reading the parameters…";
    if (lower.includes("fetching")) return "Fetching OpenStreetMap data…";
    if (lower.includes("rendering")) {
      const detail = text.match(/rendering\s+(\S+)\s+\((\d+)\/(\d+)\)/i);
      return detail ? `Rendering theme ${detail[1]} (${detail[2]} of ${detail[3]})…` : "Rendering the map…";
    }
    if (lower.includes("uploading")) return "Saving the poster…";
    if (lower.includes("restored")) return "Restored from the cache";
    if (lower.includes("completed")) return "Completed";
    return text || "Processing…";
  }

  async function responseDetail(response) {
    try {
      const body = await response.json();
      if (Array.isArray(body.detail)) {
        return body.detail.map((item) => {
          const where = Array.isArray(item.loc) ? item.loc.filter((part) => part !== "body").join(".") : "";
          return where ? `${where}: ${item.msg}` : item.msg;
        }).join("; ");
      }
      return body.detail || body.message || body.error || "";
    } catch (_) {
      return "";
    }
  }

  function showError(message) {
    const box = $("error");
    box.textContent = message;
    box.hidden = false;
  }

  function clearError() {
    const box = $("error");
    box.textContent = "";
    box.hidden = true;
  }

  // ---------------------------------------------------------------- form <-> settings
  function selectedFormat() {
    const checked = document.querySelector('input[name="format"]:checked');
    return checked ? checked.value : "png";
  }

  function paperDimensions() {
    const width = parseFloat($("width").value);
    const height = parseFloat($("height").value);
    return [width, height];
  }

  /** The settings a preset stores: the same fields as the original's presets (§6.3). */
  function currentSettings() {
    const [width, height] = paperDimensions();
    return {
      city: $("city").value,
      country: $("country").value,
      cityLabel: $("name-label").value,
      countryLabel: $("country-label").value,
      distance: parseInt($("distance").value, 10),
      selectedTheme: $("theme").value,
      allThemes: $("all-themes").checked,
      customLayers: state.layers.map(({ label, tags, color, width: layerWidth, enabled }) =>
        ({ label, tags, color, width: layerWidth, enabled })),
      customColorsEnabled: $("custom-colors").checked,
      customColors: Object.fromEntries(COLOR_KEYS.map((key) => [key, $(`color-${key}`).value])),
      exportFormat: selectedFormat(),
      dpi: parseInt($("dpi").value, 10),
      margins: parseFloat($("margins").value),
      paperSize: $("paper-size").value,
      width,
      height,
      look: window.MapPosterLook.settings(),
    };
  }

  function applySettings(settings) {
    const setValue = (id, value) => { if (value !== undefined && value !== null) $(id).value = value; };
    setValue("city", settings.city);
    setValue("country", settings.country);
    setValue("name-label", settings.cityLabel);
    setValue("country-label", settings.countryLabel);
    setValue("distance", settings.distance);
    if (settings.selectedTheme && [...$("theme").options].some((o) => o.value === settings.selectedTheme)) {
      $("theme").value = settings.selectedTheme;
    }
    $("all-themes").checked = Boolean(settings.allThemes);
    if (Array.isArray(settings.customLayers)) {
      settings.customLayers.forEach((saved, index) => {
        if (!state.layers[index] || !saved) return;
        const layer = state.layers[index];
        if (typeof saved.color === "string") layer.color = saved.color;
        if (Number.isFinite(saved.width)) layer.width = saved.width;
        layer.enabled = Boolean(saved.enabled);
      });
      renderLayers();
    }
    $("custom-colors").checked = Boolean(settings.customColorsEnabled);
    if (settings.customColors) {
      COLOR_KEYS.forEach((key) => setValue(`color-${key}`, settings.customColors[key]));
    }
    const format = document.querySelector(`input[name="format"][value="${settings.exportFormat}"]`);
    if (format) format.checked = true;
    setValue("dpi", settings.dpi);
    setValue("margins", settings.margins);
    setValue("paper-size", settings.paperSize);
    setValue("width", settings.width);
    setValue("height", settings.height);
    window.MapPosterLook.applySettings(settings.look);
    refreshAll();
  }

  /** The request body of POST /generate, as the original's page builds it (§6.2). */
  function buildPayload() {
    const settings = currentSettings();
    const payload = {
      city: settings.city.trim(),
      country: settings.country.trim(),
    };
    if (settings.cityLabel.trim()) payload.name_label = settings.cityLabel.trim();
    if (settings.countryLabel.trim()) payload.country_label = settings.countryLabel.trim();
    payload.distance = settings.distance;
    if (!settings.allThemes && settings.selectedTheme) payload.style = settings.selectedTheme;
    payload.all_themes = settings.allThemes;
    payload.custom_layers = settings.customLayers;
    if (settings.customColorsEnabled) payload.custom_colors = settings.customColors;
    payload.format = settings.exportFormat;
    payload.dpi = settings.dpi;
    payload.margins = settings.margins;
    payload.paper_size = settings.paperSize;
    payload.width = settings.width;
    payload.height = settings.height;
    if (state.centerSet) {
      // Where the user pointed: the worker draws there without geocoding (and the poster's key includes it).
      payload.lat = Math.round(state.center[0] * 1e6) / 1e6;
      payload.lon = Math.round(state.center[1] * 1e6) / 1e6;
    }
    Object.assign(payload, window.MapPosterLook.payloadFields());
    return payload;
  }

  function validate(payload) {
    const problems = [];
    if (!payload.city) problems.push("Enter a city.");
    if (!payload.country) problems.push("Enter a country.");
    if (!(payload.distance >= 500 && payload.distance <= 100000)) problems.push("The distance must be between 0.5 and 100 km.");
    if (!(payload.width > 0 && payload.height > 0)) problems.push("The paper width and height must be positive.");
    if (payload.margins * 2 >= Math.min(payload.width, payload.height)) problems.push("The margins are larger than the paper.");
    return problems;
  }

  // ---------------------------------------------------------------- layers panel
  function renderLayers() {
    const container = $("layers");
    container.textContent = "";
    state.layers.forEach((layer, index) => {
      const row = document.createElement("div");
      row.className = "layer" + (layer.enabled ? "" : " off");
      row.id = `layer-${index}`;

      const toggle = document.createElement("input");
      toggle.type = "checkbox";
      toggle.id = `layer-${index}-enabled`;
      toggle.checked = layer.enabled;
      const name = document.createElement("label");
      name.htmlFor = toggle.id;
      name.textContent = layer.title;
      const color = document.createElement("input");
      color.type = "color";
      color.id = `layer-${index}-color`;
      color.value = layer.color;
      color.setAttribute("aria-label", `${layer.title} colour`);

      const widthRow = document.createElement("label");
      widthRow.className = "layer-width";
      const widthText = document.createElement("span");
      widthText.textContent = `Line width ${layer.width}`;
      const width = document.createElement("input");
      width.type = "range";
      width.min = "0.5";
      width.max = "5";
      width.step = "0.5";
      width.id = `layer-${index}-width`;
      width.value = String(layer.width);
      width.setAttribute("aria-label", `${layer.title} line width`);
      widthRow.append(widthText, width);

      toggle.addEventListener("change", () => {
        layer.enabled = toggle.checked;
        row.classList.toggle("off", !layer.enabled);
      });
      color.addEventListener("input", () => { layer.color = color.value; });
      // The model keeps its own value so that defaults off the 0.5 grid (1.2) are sent unchanged until moved.
      width.addEventListener("input", () => {
        layer.width = parseFloat(width.value);
        widthText.textContent = `Line width ${layer.width}`;
      });
      row.append(toggle, name, color, widthRow);
      container.append(row);
    });
  }

  // ---------------------------------------------------------------- print panel
  function onPaperChange() {
    const size = PAPER_SIZES[$("paper-size").value];
    if (size) {
      $("width").value = size[0];
      $("height").value = size[1];
    }
    $("custom-size").hidden = $("paper-size").value !== "custom";
    refreshRatio();
  }

  function refreshRatio() {
    const [width, height] = paperDimensions();
    const margins = parseFloat($("margins").value) || 0;
    $("margins-value").textContent = `${margins.toFixed(1)} in`;
    if (!(width > 0 && height > 0)) return;
    const box = 110;
    const scale = box / Math.max(width, height);
    const paper = $("ratio-paper");
    paper.style.width = `${width * scale}px`;
    paper.style.height = `${height * scale}px`;
    const inset = Math.min(margins, Math.min(width, height) * 0.4) * scale;
    const map = $("ratio-map");
    map.style.left = map.style.right = map.style.top = map.style.bottom = `${inset}px`;
    const dpi = parseInt($("dpi").value, 10);
    $("ratio-text").textContent =
      `${width} × ${height} in, ratio ${(width / height).toFixed(3)} — ` +
      `${Math.round(width * dpi)} × ${Math.round(height * dpi)} px at ${dpi} dpi`;
    refreshPreview();
  }

  // ---------------------------------------------------------------- themes
  async function loadThemes() {
    const select = $("theme");
    let themes = [];
    try {
      const response = await fetch(apiUrl("/themes"), { headers: { Accept: "application/json" } });
      if (response.ok) {
        const body = await response.json();
        if (Array.isArray(body.themes)) themes = body.themes.filter((t) => t && typeof t.id === "string");
      }
    } catch (_) { /* handled below */ }
    state.themes = themes;
    select.textContent = "";
    if (!themes.length) {
      const option = new Option("Default (feature_based)", "feature_based");
      select.append(option);
      $("theme-swatch").hidden = true;
      const note = document.createElement("p");
      note.className = "hint";
      note.id = "theme-error";
      note.textContent = "The theme list could not be loaded; the default theme will be used.";
      if (!$("theme-error")) select.after(note);
      return;
    }
    for (const theme of themes) select.append(new Option(theme.name || theme.id, theme.id));
    select.value = themes.some((t) => t.id === "noir") ? "noir" : themes[0].id;
    refreshThemeSwatch();
  }

  function refreshThemeSwatch() {
    const theme = state.themes.find((t) => t.id === $("theme").value);
    const swatch = $("theme-swatch");
    if (!theme || !theme.colors) { swatch.hidden = true; return; }
    swatch.hidden = false;
    const colors = [theme.colors.bg, theme.colors.road_primary, theme.colors.water];
    [...swatch.children].forEach((span, i) => { span.style.background = colors[i] || "transparent"; });
  }

  function refreshThemeAvailability() {
    $("theme").disabled = $("all-themes").checked;
  }

  function refreshCustomColors() {
    const on = $("custom-colors").checked;
    $("custom-colors-grid").classList.toggle("disabled", !on);
    COLOR_KEYS.forEach((key) => { $(`color-${key}`).disabled = !on; });
  }

  // ---------------------------------------------------------------- map preview
  /** The poster's crop (research §4.4): half extents from the distance and the paper ratio. */
  function cropBounds(center, distance, width, height) {
    const aspect = width / height;
    let halfX = distance;
    let halfY = distance;
    if (aspect > 1) halfY = distance / aspect;
    else halfX = distance * aspect;
    const dLat = halfY / METERS_PER_DEGREE;
    const dLon = halfX / (METERS_PER_DEGREE * Math.cos((center[0] * Math.PI) / 180));
    return [[center[0] - dLat, center[1] - dLon], [center[0] + dLat, center[1] + dLon]];
  }

  /** The crop's corners on the ground: the box turned counter-clockwise by the poster's clockwise rotation (the
   * poster's top then points that far west of north), about its centre, on a local plane of metres. */
  function cropCorners(bounds, rotationDegrees) {
    const [[south, west], [north, east]] = bounds;
    const corners = [[south, west], [north, west], [north, east], [south, east]];
    if (!rotationDegrees) return corners;
    const centre = [(south + north) / 2, (west + east) / 2];
    const shrink = Math.cos((centre[0] * Math.PI) / 180);
    const angle = (rotationDegrees * Math.PI) / 180;
    return corners.map(([lat, lon]) => {
      const x = (lon - centre[1]) * shrink;
      const y = lat - centre[0];
      return [centre[0] + x * Math.sin(angle) + y * Math.cos(angle),
        centre[1] + (x * Math.cos(angle) - y * Math.sin(angle)) / shrink];
    });
  }

  /** The box around `corners`: what the worker reads and checks against its data for a turned poster. */
  function enclosingBox(corners) {
    const lats = corners.map(([lat]) => lat);
    const lons = corners.map(([, lon]) => lon);
    return [[Math.min(...lats), Math.min(...lons)], [Math.max(...lats), Math.max(...lons)]];
  }

  function initMap() {
    const element = $("map");
    if (typeof window.L === "undefined") {
      element.classList.add("no-leaflet");
      element.textContent = "The map preview is unavailable. You can still generate posters.";
      return;
    }
    const map = L.map(element, { zoomControl: true, attributionControl: true }).setView(state.center, 10);
    let tileErrors = 0;
    const tiles = L.tileLayer(config.tileUrl, { maxZoom: 19, attribution: config.tileAttribution });
    tiles.on("tileerror", () => {
      tileErrors += 1;
      if (tileErrors === 1) {
        $("map-note").textContent =
          "Map tiles could not be loaded (offline?). The rectangle still shows the poster's extent.";
      }
    });
    tiles.addTo(map);
    state.map = map;
    state.rectangle = L.polygon(cropCorners(cropBounds(state.center, 10000, 12, 16), 0), {
      color: "#4dabf7", weight: 2, fillOpacity: 0.15, dashArray: "5, 5", interactive: false, className: "crop-rect",
    }).addTo(map);
    // The centre: a handle to drag, and a click anywhere on the map moves it there.
    state.marker = L.marker(state.center, {
      draggable: true, keyboard: true, title: "Poster centre (drag to move)", alt: "Poster centre",
      icon: L.divIcon({ className: "centre-handle", iconSize: [16, 16] }),
    }).addTo(map);
    state.marker.on("drag", (event) => setCenter(event.target.getLatLng(), { fromDrag: true }));
    state.marker.on("dragend", (event) => setCenter(event.target.getLatLng()));
    // A click places a marker while placing markers is on, else it moves the centre.
    map.on("click", (event) => { if (!window.MapPosterLook.handleMapClick(event.latlng)) setCenter(event.latlng); });
    window.MapPosterLook.attachMap(map);
    refreshPreview();
  }

  /** Moves the poster's centre to where the user pointed; the crop rectangle follows. */
  function setCenter(latlng, { fromDrag = false } = {}) {
    const lat = Math.max(-90, Math.min(90, latlng.lat));
    // Leaflet gives longitudes beyond ±180 once the map is panned around the globe: wrap them back.
    const lon = ((((latlng.lng + 180) % 360) + 360) % 360) - 180;
    state.center = [lat, lon];
    state.centerSet = true;
    if (!fromDrag) $("search-status").textContent = `Centre: ${lat.toFixed(5)}, ${lon.toFixed(5)}`;
    refreshPreview();
    if (!fromDrag) schedulePreview();
  }

  // ---------------------------------------------------------------- coverage
  /** GET /api/coverage: a local extract's box, or the whole world (Overpass). With a box, the page starts inside
   * it, draws it, and names the area after the gazetteer's nearest city unless the user named one. */
  async function loadCoverage() {
    try {
      const response = await fetch(apiUrl("/coverage"), { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const body = await response.json();
      if (!body || !body.bounds) return;
      state.coverage = body;
    } catch (_) {
      return;
    }
    const coverage = state.coverage;
    if (coverage.world) return;
    const b = coverage.bounds;
    state.coverageBox = [[b.south, b.west], [b.north, b.east]];
    $("coverage-note").hidden = false;
    $("coverage-note").textContent =
      `Map data is available only inside the green box: ${coverage.description}` +
      (coverage.name ? ` (${coverage.name}).` : ".");
    if (coverage.center) {
      state.center = [coverage.center.lat, coverage.center.lon];
      state.centerSet = true;
    }
    if (coverage.place && $("city").value === $("city").defaultValue && $("country").value === $("country").defaultValue) {
      $("city").value = coverage.place.city;
      $("country").value = coverage.place.country;
    }
    fitDistanceToCoverage();
    if (state.map) {
      state.coverageLayer = L.rectangle(state.coverageBox, {
        color: "#2f9e44", weight: 2, fill: false, interactive: false, className: "coverage-rect",
      }).addTo(state.map);
    }
  }

  /** The largest distance (on the slider's steps, at most the default) whose crop fits the data at the start. */
  function fitDistanceToCoverage() {
    const box = state.coverageBox;
    if (!box) return;
    const [width, height] = paperDimensions();
    const margins = parseFloat($("margins").value) || 0;
    const aspect = Math.max(0.01, width - 2 * margins) / Math.max(0.01, height - 2 * margins);
    const halfHeight = ((box[1][0] - box[0][0]) / 2) * METERS_PER_DEGREE;
    const halfWidth = ((box[1][1] - box[0][1]) / 2) * METERS_PER_DEGREE * Math.cos((state.center[0] * Math.PI) / 180);
    const fits = aspect > 1 ? Math.min(halfWidth, halfHeight * aspect) : Math.min(halfHeight, halfWidth / aspect);
    const slider = $("distance");
    const step = parseInt(slider.step, 10) || 500;
    const distance = Math.max(parseInt(slider.min, 10), Math.min(parseInt(slider.value, 10), Math.floor(fits / step) * step));
    slider.value = String(distance);
  }

  /** Centres the poster on an uploaded route and sets the smallest distance (on the slider's steps) whose crop holds
   * it with a tenth to spare, as the worker frames a route. */
  function centreOnRoute(lines) {
    const points = lines.flat();
    const lats = points.map(([lat]) => lat);
    const lons = points.map(([, lon]) => lon);
    const south = Math.min(...lats);
    const north = Math.max(...lats);
    const west = Math.min(...lons);
    const east = Math.max(...lons);
    setCenter({ lat: (south + north) / 2, lng: (west + east) / 2 });
    const [width, height] = paperDimensions();
    const margins = parseFloat($("margins").value) || 0;
    const aspect = Math.max(0.01, width - 2 * margins) / Math.max(0.01, height - 2 * margins);
    const halfHeight = ((north - south) / 2) * METERS_PER_DEGREE * 1.1;
    const halfWidth = ((east - west) / 2) * METERS_PER_DEGREE * Math.cos((state.center[0] * Math.PI) / 180) * 1.1;
    const needed = aspect > 1 ? Math.max(halfWidth, halfHeight * aspect) : Math.max(halfHeight, halfWidth / aspect);
    const slider = $("distance");
    const step = parseInt(slider.step, 10) || 500;
    const distance = Math.min(parseInt(slider.max, 10), Math.max(parseInt(slider.min, 10), Math.ceil(needed / step) * step));
    slider.value = String(distance);
    refreshPreview();
    fitPreview();
  }

  /** The share (0–1) of `bounds` inside the data's box, on the plane of degrees (exact enough for a poster). */
  function coveredFraction(bounds) {
    const box = state.coverageBox;
    if (!box) return 1;
    const [[south, west], [north, east]] = bounds;
    const overlapWidth = Math.min(east, box[1][1]) - Math.max(west, box[0][1]);
    const overlapHeight = Math.min(north, box[1][0]) - Math.max(south, box[0][0]);
    if (overlapWidth <= 0 || overlapHeight <= 0) return 0;
    return Math.min(1, (overlapWidth * overlapHeight) / ((east - west) * (north - south)));
  }

  /** Warns when the crop leaves the data: the worker would leave that part blank, or fail with no data at all. */
  function refreshCoverageWarning(bounds) {
    const warning = $("coverage-warning");
    const covered = coveredFraction(bounds);
    warning.dataset.covered = covered.toFixed(3);
    if (covered >= 0.995) {
      warning.hidden = true;
      warning.textContent = "";
      return;
    }
    warning.hidden = false;
    warning.textContent = covered <= 0
      ? "The poster area is outside the map data: the poster would fail with “No map data for this area”. " +
        "Click inside the green box."
      : `Only ${Math.floor(covered * 100)} % of the poster area has map data; the rest would be blank. ` +
        "Move the centre into the green box or shorten the distance.";
  }

  function refreshPreview() {
    const distance = parseInt($("distance").value, 10);
    $("distance-value").textContent = formatDistance(distance);
    const [width, height] = paperDimensions();
    if (!(width > 0 && height > 0)) return;
    const margins = parseFloat($("margins").value) || 0;
    const bounds = cropBounds(state.center, distance, width - 2 * margins, height - 2 * margins);
    const corners = cropCorners(bounds, parseFloat($("rotation").value) || 0);
    refreshCoverageWarning(enclosingBox(corners));
    $("map").dataset.center = `${state.center[0].toFixed(6)},${state.center[1].toFixed(6)}`;
    if (!state.map) return;
    state.rectangle.setLatLngs(corners);
    state.marker.setLatLng(state.center);
  }

  function fitPreview() {
    if (state.map && state.rectangle) state.map.fitBounds(state.rectangle.getBounds(), { padding: [24, 24] });
  }

  async function searchPlace() {
    const city = $("city").value.trim();
    const country = $("country").value.trim();
    const status = $("search-status");
    if (!city && !country) { status.textContent = "Enter a city and a country first."; return; }
    status.textContent = "Searching…";
    try {
      const response = await fetch(apiUrl(`/geocode?q=${encodeURIComponent(`${city}, ${country}`)}`));
      if (!response.ok) {
        const detail = await responseDetail(response);
        status.textContent = `Search failed (${response.status}${detail ? `: ${detail}` : ""}).`;
        return;
      }
      const results = await response.json();
      const first = Array.isArray(results) ? results[0] : null;
      const lat = first ? parseFloat(first.lat) : NaN;
      const lon = first ? parseFloat(first.lon) : NaN;
      if (!Number.isFinite(lat) || !Number.isFinite(lon)) {
        status.textContent = `No place found for “${city}, ${country}”.`;
        return;
      }
      state.center = [lat, lon];
      state.centerSet = false;  // the worker geocodes "city, country" itself, as the original does
      schedulePreview();
      status.textContent = first.display_name ? `Found: ${first.display_name}` : `Found: ${lat.toFixed(4)}, ${lon.toFixed(4)}`;
      refreshPreview();
      fitPreview();
    } catch (_) {
      status.textContent = "Search failed: the server could not be reached.";
    }
  }

  // ---------------------------------------------------------------- progress
  function showProgress(current, statusText, startedAt) {
    const percent = Math.max(0, Math.min(100, Math.round(Number(current) || 0)));
    $("progress-block").hidden = false;
    $("progress-fill").style.width = `${percent}%`;
    const bar = $("progress");
    bar.setAttribute("aria-valuenow", String(percent));
    bar.setAttribute("aria-valuetext", `${percent} percent, ${describeStatus(statusText)}`);
    $("progress-percent").textContent = `${percent} %`;
    $("status-text").textContent = describeStatus(statusText);
    $("status-text").dataset.raw = String(statusText || "");
    $("dock-fill").style.width = `${percent}%`;
    $("dock-text").textContent = describeStatus(statusText);
    $("dock-percent").textContent = `${percent} %`;
    const eta = $("eta");
    if (percent >= 6 && percent < 100 && startedAt) {
      const elapsed = (Date.now() - startedAt) / 1000;
      const remaining = Math.round((elapsed / percent) * (100 - percent));
      eta.textContent = remaining >= 60 ? `about ${Math.round(remaining / 60)} min left` : `about ${remaining} s left`;
    } else {
      eta.textContent = "";
    }
  }

  // ---------------------------------------------------------------- keeping the status in view
  /** What must be in view: the progress while a task runs, then the result's buttons or the error. When it is not
   * (a phone with the form in view, or the right column scrolled), the status dock at the bottom of the window
   * shows the same progress, or the finished poster's links until the user has seen the result or dismissed it. */
  const view = { observer: null, target: null, visible: false, seen: true, settling: false };

  function watchStatus(target) {
    if (view.observer && view.target) view.observer.unobserve(view.target);
    view.target = target;
    view.visible = false;
    view.seen = !target;
    if (target && view.observer) view.observer.observe(target);
    refreshDock();
  }

  function initStatusView() {
    if (!("IntersectionObserver" in window)) return;
    view.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.target !== view.target) continue;
        view.visible = entry.isIntersecting && entry.intersectionRatio > 0.98;
        if (view.visible) view.seen = true;
      }
      refreshDock();
    }, { threshold: [0, 0.5, 0.99, 1] });
  }

  function refreshDock() {
    const dock = $("status-dock");
    const running = document.body.dataset.state === "running";
    dock.hidden = !view.observer || !view.target || view.visible || view.settling || (!running && view.seen);
    dock.dataset.kind = running ? "running" : document.body.dataset.state;
    $("dock-progress").hidden = !running;
    $("dock-percent").hidden = !running;
    $("dock-cancel").hidden = !running;
    $("dock-close").hidden = running;
    $("dock-download").hidden = running || $("result").hidden;
  }

  /** Scrolls the status card's element into view, the least needed (smoothly unless the user asks for less motion). */
  function reveal(element, block = "nearest") {
    const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    element.scrollIntoView({ block, behavior: smooth ? "smooth" : "auto" });
    // No dock while the page scrolls there, so that it does not flash up for the length of the scroll.
    view.settling = true;
    clearTimeout(view.settleTimer);
    view.settleTimer = setTimeout(() => { view.settling = false; refreshDock(); }, smooth ? 700 : 50);
  }

  function showStatusCard() {
    const target = view.target || $("status-card");
    reveal(target);
  }

  /** At the end of a task: the result (or error) replaces the progress; it is scrolled into view when the user was
   * watching the progress, otherwise the dock tells. */
  function finishStatus(target, textInDock) {
    const watching = view.visible;
    $("dock-text").textContent = textInDock;
    watchStatus(target);
    if (watching) {
      reveal(target);
      const image = $("result-image");
      if (target === $("result-buttons") && !image.hidden && !image.complete) {
        image.addEventListener("load", () => { if (view.target === target) reveal(target); }, { once: true });
      }
    }
  }

  // ---------------------------------------------------------------- generation
  async function startTask(payload, signal) {
    const response = await fetch(apiUrl("/generate"), {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(payload),
      signal,
    });
    if (response.status === 429) {
      const retry = response.headers.get("Retry-After");
      throw new Error("Quota reached: too many posters were requested in a short time. " +
        (retry ? `Try again in ${retry} s.` : "Please wait a minute and try again."));
    }
    if (response.status === 422) {
      const detail = await responseDetail(response);
      throw new Error(`Invalid parameters${detail ? `: ${detail}` : "."}`);
    }
    if (!response.ok) {
      const detail = await responseDetail(response);
      throw new Error(`Server error: ${response.status} ${response.statusText}${detail ? ` — ${detail}` : ""}`.trim());
    }
    const body = await response.json().catch(() => ({}));
    if (!body || typeof body.task_id !== "string" || !body.task_id) {
      throw new Error("Server error: the answer carried no task id.");
    }
    return body.task_id;
  }

  /** Polls GET /tasks/{id} every 150 ms for the first 5 s (pollFastMs, pollFastSeconds), then with back-off (1 s,
   * ×1.4 while nothing changes, at most 5 s, plus jitter), until SUCCESS or FAILURE, the overall timeout, or
   * cancellation. */
  async function pollTask(taskId, signal, startedAt) {
    const deadline = Date.now() + config.pollTimeoutSeconds * 1000;
    const fastUntil = Date.now() + config.pollFastSeconds * 1000;
    let delay = config.pollMinDelayMs;
    let lastKey = "";
    for (;;) {
      if (Date.now() < fastUntil) {
        await sleep(config.pollFastMs, signal);
      } else {
        await sleep(delay + Math.random() * 200, signal);
      }
      if (Date.now() > deadline) {
        const limit = config.pollTimeoutSeconds;
        throw new Error(`Timed out: the poster was not ready after ${limit >= 120 ? `${Math.round(limit / 60)} minutes` : `${limit} s`}.`);
      }
      let body = null;
      try {
        const response = await fetch(apiUrl(`/tasks/${encodeURIComponent(taskId)}`), {
          signal, cache: "no-store", headers: { Accept: "application/json" },
        });
        if (response.ok) body = await response.json();
      } catch (error) {
        if (error.name === "AbortError") throw abortError();
      }
      if (!body) { delay = Math.min(delay * 1.4, config.pollMaxDelayMs); continue; }

      if (body.status === "SUCCESS") {
        if (!body.result || typeof body.result !== "object") throw new Error("Server error: the task finished without a result.");
        return body.result;
      }
      if (body.status === "FAILURE") throw new Error(describeFailure(body.error));
      if (body.status === "REVOKED") throw abortError();

      const progress = body.progress || {};
      const current = Number(progress.current) || 0;
      const text = progress.status || (body.status === "PENDING" ? "Pending..." : body.status || "Processing…");
      showProgress(current, text, startedAt);
      const key = `${body.status}|${current}|${text}`;
      delay = key !== lastKey ? config.pollMinDelayMs : Math.min(delay * 1.4, config.pollMaxDelayMs);
      lastKey = key;
    }
  }

  /** The worker's warnings about the finished poster (e.g. part of the map has no data), one line each. */
  function showResultWarnings(warnings) {
    const list = $("result-warnings");
    list.textContent = "";
    const items = Array.isArray(warnings) ? warnings.filter((w) => typeof w === "string" && w) : [];
    for (const text of items) {
      const li = document.createElement("li");
      li.textContent = text;
      list.append(li);
    }
    list.hidden = !items.length;
  }

  function showResult(fileUrl, payload) {
    const name = fileNameOf(fileUrl);
    const isZip = /\.zip$/i.test(name);
    const isImage = /\.(png|svg|jpe?g|webp)$/i.test(name);
    $("result").hidden = false;
    $("idle-text").hidden = true;
    const image = $("result-image");
    if (isImage) {
      image.hidden = false;
      image.alt = `Map poster of ${payload.city}, ${payload.country}`;
      image.src = fileUrl;
    } else {
      image.hidden = true;
      image.removeAttribute("src");
    }
    $("result-caption").textContent = isZip
      ? `${name} — every theme in one ZIP archive.`
      : name;
    const download = $("download");
    download.href = fileUrl;
    download.setAttribute("download", name);
    download.textContent = isZip ? "Download ZIP" : `Download ${name.split(".").pop().toUpperCase()}`;
    $("open-link").href = fileUrl;
    $("open-link").hidden = isZip;
  }

  function addSessionFile(fileUrl, payload) {
    state.sessionFiles.unshift({ url: fileUrl, name: fileNameOf(fileUrl), city: payload.city, date: new Date().toISOString() });
    renderFileList($("session-files"), state.sessionFiles, "Nothing generated yet.");
  }

  function renderFileList(list, items, emptyText) {
    list.textContent = "";
    if (!items.length) {
      const empty = document.createElement("li");
      empty.className = "hint";
      empty.textContent = emptyText;
      list.append(empty);
      return;
    }
    for (const item of items) {
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.name || item.filename || fileNameOf(item.url);
      link.target = "_blank";
      link.rel = "noopener";
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = [item.city, formatDate(item.date)].filter(Boolean).join(" · ");
      li.append(link, meta);
      list.append(li);
    }
  }

  async function loadHistory() {
    const list = $("history");
    let items = [];
    let failed = false;
    try {
      const response = await fetch(apiUrl(`/history?limit=${config.historyLimit}`), { cache: "no-store" });
      if (response.ok) {
        const body = await response.json();
        if (Array.isArray(body)) items = body.filter((item) => item && typeof item.url === "string");
      } else {
        failed = true;
      }
    } catch (_) {
      failed = true;
    }
    renderFileList(list, items, failed ? "History is unavailable right now." : "No posters yet.");
  }

  async function generate(event) {
    if (event) event.preventDefault();
    if (state.controller) return;
    clearError();
    const payload = buildPayload();
    const problems = validate(payload);
    if (problems.length) {
      showError(problems.join(" "));
      setPageState("error");
      $("dock-text").textContent = problems.join(" ");
      watchStatus($("error"));
      return;
    }

    const controller = new AbortController();
    state.controller = controller;
    const startedAt = Date.now();
    $("generate").disabled = true;
    $("generate").textContent = "Generating…";
    $("cancel").hidden = false;
    $("result").hidden = true;
    $("idle-text").hidden = true;
    $("error").dataset.cancel = "";
    setPageState("running");
    showProgress(0, "Pending...", startedAt);
    watchStatus($("progress-block"));
    reveal($("progress-block"), "center");
    $("progress-block").dataset.taskId = "";
    try {
      const taskId = await startTask(payload, controller.signal);
      $("progress-block").dataset.taskId = taskId;
      const result = await pollTask(taskId, controller.signal, startedAt);
      if (!result.file_url) throw new Error("The poster was generated but no file was returned.");
      showProgress(100, result.cached ? "Restored from cache" : "Completed", startedAt);
      showResult(result.file_url, payload);
      showResultWarnings(result.warnings);
      addSessionFile(result.file_url, payload);
      setPageState("done");
      $("dock-download").href = $("download").href;
      $("dock-download").setAttribute("download", $("download").getAttribute("download"));
      finishStatus($("result-buttons"), `Poster ready: ${fileNameOf(result.file_url)}`);
      loadHistory();
    } catch (error) {
      if (error.name === "AbortError") {
        showError(state.cancelNote || "Generation cancelled.");
      } else if (error instanceof TypeError) {
        showError("The server could not be reached. Check your connection and try again.");
      } else {
        showError(error.message || String(error));
      }
      $("progress-block").hidden = true;
      $("idle-text").hidden = false;
      setPageState("error");
      finishStatus($("error"), $("error").textContent);
    } finally {
      state.controller = null;
      state.cancelNote = "";
      $("generate").disabled = false;
      $("generate").textContent = "Generate poster";
      $("cancel").hidden = true;
    }
  }

  /** Cancel: stops polling at once and asks the API to revoke the task with terminate (DELETE /tasks/{id}), so the
   * worker stops rendering and the quota slot comes back; the answer is shown when it arrives. */
  async function cancelGeneration() {
    if (!state.controller) return;
    const taskId = $("progress-block").dataset.taskId;
    state.cancelNote = "Generation cancelled.";
    state.controller.abort();
    if (!taskId) return;
    try {
      const response = await fetch(apiUrl(`/tasks/${encodeURIComponent(taskId)}`), {
        method: "DELETE", headers: { Accept: "application/json" },
      });
      const body = await response.json().catch(() => ({}));
      let text;
      if (response.ok) {
        text = body.terminated ? "Generation cancelled: the worker stopped rendering." : "Generation cancelled.";
        if (body.quota_returned) text += " It does not count against your quota.";
      } else if (response.status === 409) {
        text = `Too late to cancel: the task had already finished (${body.status || "done"}).`;
      } else {
        text = "Generation cancelled here, but the server could not stop the task.";
      }
      if (!$("error").hidden) {
        showError(text);
        $("dock-text").textContent = text;
      }
      $("error").dataset.cancel = response.ok ? "revoked" : String(response.status);
    } catch (_) {
      showError("Generation cancelled here, but the server could not be reached to stop the task.");
    }
  }

  // ---------------------------------------------------------------- live preview
  /** Called on every change: a preview is asked for once the settings rest for previewDelayMs. */
  function schedulePreview() {
    const preview = state.preview;
    if (!preview.available) return;
    if (!preview.changedAt) preview.changedAt = performance.now();
    clearTimeout(preview.timer);
    preview.timer = setTimeout(runPreview, config.previewDelayMs);
  }

  function showPreview(url, warnings, elapsed) {
    const image = $("preview-image");
    image.src = url;
    image.hidden = false;
    image.alt = `Preview of the poster of ${$("city").value.trim() || "the place"}`;
    $("preview-card").classList.remove("stale");
    const list = $("preview-warnings");
    list.textContent = "";
    for (const text of Array.isArray(warnings) ? warnings : []) {
      const li = document.createElement("li");
      li.textContent = text;
      list.append(li);
    }
    list.hidden = !list.children.length;
    $("preview-status").textContent = `Preview of these settings (${Math.round(elapsed)} ms).`;
    $("preview-card").dataset.ms = String(Math.round(elapsed));
    $("preview-card").dataset.key = state.preview.lastKey;
  }

  /** POST /api/preview with the request Generate would send, then polls the task quickly; only the newest answer
   * is shown. Previews already made this session are shown again without asking. */
  async function runPreview() {
    const preview = state.preview;
    const changedAt = preview.changedAt || performance.now();
    preview.changedAt = 0;
    const payload = buildPayload();
    if (validate(payload).length) return;
    const key = JSON.stringify(payload);
    if (key === preview.lastKey) return;
    preview.lastKey = key;
    const generation = ++preview.generation;
    $("preview-card").hidden = false;
    if (preview.cache.has(key)) {
      const cached = preview.cache.get(key);
      showPreview(cached.url, cached.warnings, performance.now() - changedAt);
      return;
    }
    $("preview-card").classList.add("stale");
    $("preview-status").textContent = "Updating the preview…";
    try {
      const response = await fetch(apiUrl("/preview"), {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: key,
      });
      if (response.status === 404 || response.status === 405) {
        preview.available = false;  // an API without previews (the Python original)
        $("preview-card").hidden = true;
        return;
      }
      if (response.status === 429) {
        $("preview-status").textContent = "Preview paused: too many changes in a minute.";
        preview.lastKey = "";
        return;
      }
      if (!response.ok) {
        const detail = await responseDetail(response);
        $("preview-status").textContent = `No preview: ${detail || response.status}`;
        return;
      }
      const { task_id: taskId } = await response.json();
      const deadline = performance.now() + 60000;
      while (performance.now() < deadline) {
        await sleep(config.previewPollMs);
        if (generation !== preview.generation) return;  // the settings changed: a newer preview is coming
        const poll = await fetch(apiUrl(`/tasks/${encodeURIComponent(taskId)}`), { cache: "no-store" });
        if (!poll.ok) continue;
        const body = await poll.json();
        if (body.status === "SUCCESS" && body.result && typeof body.result.preview === "string") {
          preview.cache.set(key, { url: body.result.preview, warnings: body.result.warnings });
          if (preview.cache.size > 30) preview.cache.delete(preview.cache.keys().next().value);
          if (generation === preview.generation) showPreview(body.result.preview, body.result.warnings,
            performance.now() - changedAt);
          return;
        }
        if (body.status === "FAILURE" || body.status === "REVOKED") {
          if (generation === preview.generation) {
            $("preview-status").textContent = `No preview: ${describeFailure(body.error)}`;
            $("preview-image").hidden = true;
          }
          return;
        }
      }
      $("preview-status").textContent = "The preview is taking long: the workers are busy.";
    } catch (_) {
      $("preview-status").textContent = "No preview: the server could not be reached.";
      preview.lastKey = "";
    }
  }

  // ---------------------------------------------------------------- presets (localStorage)
  function readPresets() {
    try {
      const raw = JSON.parse(localStorage.getItem(PRESETS_KEY) || "[]");
      if (Array.isArray(raw)) return raw.filter((p) => p && typeof p.name === "string");
      if (raw && typeof raw === "object") return Object.entries(raw).map(([name, value]) => ({ ...value, name }));
    } catch (_) { /* corrupt storage: start over */ }
    return [];
  }

  function writePresets(presets) {
    try {
      localStorage.setItem(PRESETS_KEY, JSON.stringify(presets));
      return true;
    } catch (_) {
      return false;
    }
  }

  function renderPresets(selected) {
    const select = $("preset-list");
    const presets = readPresets();
    select.textContent = "";
    if (!presets.length) select.append(new Option("— none saved —", ""));
    for (const preset of presets) select.append(new Option(preset.name, preset.name));
    if (selected) select.value = selected;
  }

  function savePreset() {
    const name = $("preset-name").value.trim() || `${$("city").value.trim() || "Preset"} ${new Date().toLocaleDateString()}`;
    const presets = readPresets().filter((p) => p.name !== name);
    presets.push({ name, ...currentSettings() });
    $("preset-status").textContent = writePresets(presets) ? `Saved “${name}”.` : "Could not save: storage is unavailable.";
    renderPresets(name);
  }

  function loadPreset() {
    const name = $("preset-list").value;
    const preset = readPresets().find((p) => p.name === name);
    if (!preset) { $("preset-status").textContent = "Choose a saved preset first."; return; }
    applySettings(preset);
    schedulePreview();
    $("preset-name").value = name;
    $("preset-status").textContent = `Loaded “${name}”.`;
  }

  function deletePreset() {
    const name = $("preset-list").value;
    if (!name) { $("preset-status").textContent = "Choose a saved preset first."; return; }
    writePresets(readPresets().filter((p) => p.name !== name));
    renderPresets();
    $("preset-status").textContent = `Deleted “${name}”.`;
  }

  // ---------------------------------------------------------------- wiring
  function refreshAll() {
    $("custom-size").hidden = $("paper-size").value !== "custom";
    refreshThemeAvailability();
    refreshCustomColors();
    refreshThemeSwatch();
    refreshRatio();
  }

  async function loadConfig() {
    try {
      const response = await fetch("config.json", { cache: "no-store" });
      if (!response.ok) return;
      const overrides = await response.json();
      for (const key of Object.keys(config)) {
        if (overrides[key] !== undefined && overrides[key] !== "") config[key] = overrides[key];
      }
    } catch (_) { /* keep the defaults */ }
  }

  async function main() {
    setPageState("loading");
    renderLayers();
    renderPresets();
    $("poster-form").addEventListener("submit", generate);
    $("cancel").addEventListener("click", cancelGeneration);
    $("dock-cancel").addEventListener("click", cancelGeneration);
    $("dock-show").addEventListener("click", showStatusCard);
    $("dock-close").addEventListener("click", () => { view.seen = true; refreshDock(); });
    initStatusView();
    window.MapPosterLook.init({ onChange: schedulePreview, onRoute: centreOnRoute });
    $("search").addEventListener("click", searchPlace);
    for (const id of ["city", "country"]) {
      $(id).addEventListener("keydown", (event) => {
        if (event.key === "Enter") { event.preventDefault(); searchPlace(); }
      });
    }
    $("distance").addEventListener("input", refreshPreview);
    $("distance").addEventListener("change", fitPreview);
    $("paper-size").addEventListener("change", onPaperChange);
    $("rotation").addEventListener("input", refreshPreview);
    for (const id of ["width", "height", "margins", "dpi"]) {
      $(id).addEventListener("input", refreshRatio);
      $(id).addEventListener("change", refreshRatio);
    }
    $("theme").addEventListener("change", refreshThemeSwatch);
    $("all-themes").addEventListener("change", refreshThemeAvailability);
    $("custom-colors").addEventListener("change", refreshCustomColors);
    $("preset-save").addEventListener("click", savePreset);
    $("preset-load").addEventListener("click", loadPreset);
    $("preset-delete").addEventListener("click", deletePreset);
    $("history-refresh").addEventListener("click", loadHistory);
    // Any change of the poster's settings (not the presets panel) refreshes the live preview.
    for (const type of ["input", "change"]) {
      $("poster-form").addEventListener(type, (event) => {
        if (!event.target.closest("#panel-presets")) schedulePreview();
      });
    }

    await loadConfig();
    initMap();
    await loadCoverage();
    refreshAll();
    if (state.map && state.coverageBox) {
      state.map.fitBounds(state.coverageBox, { padding: [24, 24] });
    } else {
      fitPreview();
    }
    await Promise.all([loadThemes(), loadHistory()]);
    refreshAll();
    setPageState("ready");
    schedulePreview();
  }

  document.addEventListener("DOMContentLoaded", main);
})();
