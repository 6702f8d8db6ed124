"""The web page in a real browser (Debian chromium + chromium-driver, driven by selenium) through nginx.

By default the test starts its own stack on loopback: nginx (nginx/run-local) in front of a Python stand-in
API that speaks the HTTP contract and an S3 stand-in serving a real PNG. To point the same test at the real
stack, set one of:
  MAPPOSTER_WEB_URL=http://127.0.0.1:8080         a running gateway (nothing is started)
  MAPPOSTER_API_UPSTREAM=127.0.0.1:8000           the API (and MAPPOSTER_S3_UPSTREAM) behind a test-started nginx
Other knobs: MAPPOSTER_TEST_CITY / MAPPOSTER_TEST_COUNTRY (default Helsinki / Finland),
MAPPOSTER_TEST_DISTANCE (default 2000), MAPPOSTER_TEST_TIMEOUT seconds (default 300),
MAPPOSTER_ARTIFACTS: where screenshots are kept (support/artifacts.py; the run's summary names them),
MAPPOSTER_POSTERS_ROOT (serve /minio_storage/ from the local
stack's filesystem store instead of MAPPOSTER_S3_UPSTREAM).
"""

from __future__ import annotations

import json
import os
import shutil
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from support import artifacts
from support.gateway import Gateway
from support.png import png_size
from selenium.webdriver.common.action_chains import ActionChains

from support.servers import HELSINKI_COVERAGE, WORLD_COVERAGE, ContractAPI, S3StandIn, free_port

WEB_URL = os.environ.get("MAPPOSTER_WEB_URL")
API_UPSTREAM = os.environ.get("MAPPOSTER_API_UPSTREAM")
S3_UPSTREAM = os.environ.get("MAPPOSTER_S3_UPSTREAM")
CITY = os.environ.get("MAPPOSTER_TEST_CITY", "Helsinki")
COUNTRY = os.environ.get("MAPPOSTER_TEST_COUNTRY", "Finland")
DISTANCE = int(os.environ.get("MAPPOSTER_TEST_DISTANCE", "2000"))
TIMEOUT = float(os.environ.get("MAPPOSTER_TEST_TIMEOUT", "300"))
STAND_INS = WEB_URL is None and API_UPSTREAM is None


@pytest.fixture(scope="module")
def stack():
    """Yields (base_url, api stand-in or None, s3 stand-in or None)."""
    if WEB_URL:
        yield WEB_URL.rstrip("/"), None, None
        return
    api = s3 = None
    if STAND_INS:
        api, s3 = ContractAPI().start(), S3StandIn().start()
    # Tiles point at a closed port: the page must work when no tile can load (no internet here).
    dead_tiles = f"http://127.0.0.1:{free_port()}"
    gateway = Gateway(api.address if api else API_UPSTREAM, s3.address if s3 else (S3_UPSTREAM or "127.0.0.1:9000"),
                      TILE_URL=dead_tiles + "/{z}/{x}/{y}.png", TILE_ORIGIN=dead_tiles,
                      # One browser makes a poster every few seconds here: the per-address limit (10r/m) is
                      # test_nginx's to prove, and would refuse them depending on how fast the tests ran.
                      GENERATE_RATE="600r/m", GENERATE_BURST="20",
                      POSTERS_ROOT=None if STAND_INS else os.environ.get("MAPPOSTER_POSTERS_ROOT")).start()
    yield gateway.base_url, api, s3
    gateway.stop()
    for server in (api, s3):
        if server:
            server.stop()


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,1000", "--hide-scrollbars", "--lang=en-US",
                     "--disable-background-networking", "--no-first-run"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _settled_in_view(driver, element, attempts: int = 50) -> list[float]:
    """Scrolls `element` to the middle of the window until it stays there between two looks 0.1 s apart (an instant
    scroll ends a smooth one the page started), and returns its client rectangle: left, top, width, height."""
    script = ("arguments[0].scrollIntoView({block: 'center'});"
              " const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.width, r.height];")
    previous = driver.execute_script(script, element)
    for _ in range(attempts):
        time.sleep(0.1)
        current = driver.execute_script(script, element)
        if current == previous:
            return current
        previous = current
    return previous


def wait(driver, seconds: float = 15):
    return WebDriverWait(driver, seconds, poll_frequency=0.1)


def open_page(driver, base_url: str) -> None:
    driver.get(base_url + "/")
    wait(driver).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-state") == "ready")


def full_page_screenshot(driver, path: Path) -> None:
    """Captures the whole page, beyond the viewport, through the DevTools protocol."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
    })
    import base64
    path.write_bytes(base64.b64decode(shot["data"]))


def csp_violations(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry["message"]]


def set_range(driver, element_id: str, value) -> None:
    driver.execute_script(
        "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
        "e.dispatchEvent(new Event('input', {bubbles: true}));"
        "e.dispatchEvent(new Event('change', {bubbles: true}));", element_id, str(value))


def click(driver, element_id: str) -> None:
    """Scrolls the element to the middle of the viewport (clear of the sticky generate bar), then clicks it."""
    element = driver.find_element(By.ID, element_id)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


# Records every status text the page shows, with the progress bar's value and whether the bar was on screen then,
# from a MutationObserver inside the page: a stage shown for 150 ms is seen however slowly the test samples.
RECORD_PROGRESS = """
window.__progress = [];
new MutationObserver(() => {
  const block = document.getElementById('progress-block');
  window.__progress.push({
    text: document.getElementById('status-text').textContent,
    raw: document.getElementById('status-text').dataset.raw || '',
    percent: Number(document.getElementById('progress').getAttribute('aria-valuenow')),
    fill: document.getElementById('progress-fill').style.width,
    shown: !block.hidden && block.getClientRects().length > 0,
  });
}).observe(document.getElementById('status-text'), {childList: true, characterData: true, subtree: true});"""

WORKER_STAGES = {"Reading the parameters…": 10, "Fetching OpenStreetMap data…": 20, "Rendering the map…": 60,
                 "Saving the poster…": 90}


def recorded_progress(driver) -> list[dict]:
    return driver.execute_script("return window.__progress || []")


def wait_for_end(driver, seconds: float = TIMEOUT) -> str:
    wait(driver, seconds).until(
        lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-state") in ("done", "error"))
    return driver.find_element(By.TAG_NAME, "body").get_attribute("data-state")


def test_generate_a_poster_end_to_end(stack, browser):
    base_url, api, s3 = stack
    open_page(browser, base_url)
    driver = browser

    # Themes come from GET /api/themes; noir is the default when listed.
    theme = Select(driver.find_element(By.ID, "theme"))
    theme_ids = [option.get_attribute("value") for option in theme.options]
    assert len(theme_ids) > 1 and "noir" in theme_ids
    assert theme.first_selected_option.get_attribute("value") == "noir"

    # Fill the form.
    for element_id, value in (("city", CITY), ("country", COUNTRY)):
        field = driver.find_element(By.ID, element_id)
        field.clear()
        field.send_keys(value)
    click(driver, "search")
    wait(driver).until(lambda d: d.find_element(By.ID, "search-status").text.startswith(("Found", "No place")))
    set_range(driver, "distance", DISTANCE)
    Select(driver.find_element(By.ID, "paper-size")).select_by_value("A4")
    Select(driver.find_element(By.ID, "dpi")).select_by_value("150")
    click(driver, "layer-2-enabled")  # metro
    driver.find_element(By.ID, "country-label").send_keys("Suomi")
    assert driver.find_element(By.ID, "width").get_attribute("value") == "8.27"

    # The preview rectangle follows the A4 map box's ratio (the page less 0.5 in margins, as the renderer crops).
    if driver.execute_script("return typeof L !== 'undefined'"):
        ratio = driver.execute_script("""
            const b = document.querySelector('.leaflet-overlay-pane path.crop-rect').getBBox();
            return b.width / b.height;""")
        assert ratio == pytest.approx(7.27 / 10.69, rel=0.03)

    driver.execute_script(RECORD_PROGRESS)
    click(driver, "generate")

    # Progress shows while the task runs; remember what it showed.
    shot = False
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        state = driver.find_element(By.TAG_NAME, "body").get_attribute("data-state")
        if state in ("done", "error"):
            break
        if not shot and 0 < int(driver.find_element(By.ID, "progress").get_attribute("aria-valuenow")) < 100:
            driver.save_screenshot(str(artifacts.path("mapposter-web-progress.png")))
            shot = True
        time.sleep(0.1)
    shown = [entry for entry in recorded_progress(driver) if entry["shown"]]
    seen_percent, seen_text = {entry["percent"] for entry in shown}, {entry["text"] for entry in shown}
    error = driver.find_element(By.ID, "error")
    assert not error.is_displayed(), error.text
    assert driver.find_element(By.TAG_NAME, "body").get_attribute("data-state") == "done"
    assert seen_text, "no progress was shown"

    # The finished poster is shown and downloadable.
    image = driver.find_element(By.ID, "result-image")
    wait(driver, 30).until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image))
    source = image.get_attribute("src")
    assert "/minio_storage/" in source
    download = driver.find_element(By.ID, "download")
    assert download.get_attribute("href") == source
    assert download.get_attribute("download") == source.rsplit("/", 1)[1]
    with urllib.request.urlopen(source, timeout=30) as response:
        poster = response.read()
    width, height = png_size(poster)
    assert width > 0 and height > 0
    assert driver.execute_script("return arguments[0].naturalWidth", image) == width

    # The session list and the history (GET /api/history) show it.
    name = source.rsplit("/", 1)[1]
    wait(driver).until(lambda d: name in d.find_element(By.ID, "session-files").text)
    wait(driver).until(lambda d: name in d.find_element(By.ID, "history").text)

    driver.execute_script("document.getElementById('status-card').scrollIntoView()")
    driver.save_screenshot(str(artifacts.path("mapposter-web.png")))
    full_page_screenshot(driver, artifacts.path("mapposter-web-full.png"))
    assert csp_violations(driver) == []

    if api is not None:
        # The stand-in saw every intermediate state, and the page showed them.
        assert {10, 20, 60, 90} <= seen_percent
        assert {"Reading the parameters…", "Fetching OpenStreetMap data…", "Rendering the map…",
                "Saving the poster…"} <= seen_text
        # The request body is the original page's (research §6.2).
        posted = [r for r in api.requests if r["method"] == "POST" and r["path"] == "/generate"]
        assert len(posted) == 1
        body = json.loads(posted[0]["body"])
        assert posted[0]["headers"]["X-Forwarded-For"] == "127.0.0.1"
        assert body["city"] == CITY and body["country"] == COUNTRY
        assert body["country_label"] == "Suomi" and "name_label" not in body
        assert body["distance"] == DISTANCE and body["style"] == "noir" and body["all_themes"] is False
        assert (body["paper_size"], body["width"], body["height"], body["dpi"]) == ("A4", 8.27, 11.69, 150)
        assert body["format"] == "png" and body["margins"] == 0.5 and "custom_colors" not in body
        layers = body["custom_layers"]
        assert [layer["label"] for layer in layers] == [
            "Pistes Cyclables", "Voies Ferrées", "Métro", "Forêts & Nature", "Fleuves & Rivières"]
        assert [layer["enabled"] for layer in layers] == [False, False, True, False, False]
        assert layers[1]["width"] == 1.2 and layers[3]["tags"] == {
            "natural": ["wood", "scrub", "tree_row"], "landuse": ["forest", "orchard"]}
        assert list(body) == ["city", "country", "country_label", "distance", "style", "all_themes",
                              "custom_layers", "format", "dpi", "margins", "paper_size", "width", "height"]
        geocode = [r["path"] for r in api.requests if r["path"].startswith("/geocode")]
        assert geocode and geocode[-1] == "/geocode?q=" + urllib.request.quote(f"{CITY}, {COUNTRY}", safe="")
        assert any(r["path"].startswith("/posters/") for r in s3.requests)


@pytest.mark.skipif(not STAND_INS, reason="needs the stand-in API to force a failure")
def test_failure_text_is_mapped_to_a_readable_message(stack, browser):
    base_url, _, _ = stack
    open_page(browser, base_url)
    city = browser.find_element(By.ID, "city")
    city.clear()
    city.send_keys("Nowhere")
    click(browser, "generate")
    wait(browser, 30).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-state") == "error")
    error = browser.find_element(By.ID, "error")
    assert error.is_displayed()
    assert error.text == "No OpenStreetMap data is available for this area. Try a smaller distance."
    assert browser.find_element(By.ID, "error").get_attribute("role") == "alert"


def test_empty_city_is_refused_before_any_request(stack, browser):
    base_url, api, _ = stack
    open_page(browser, base_url)
    before = len(api.requests) if api else 0
    browser.find_element(By.ID, "city").clear()
    click(browser, "generate")
    error = browser.find_element(By.ID, "error")
    assert error.is_displayed() and "Enter a city." in error.text
    if api:
        assert not any(r["path"] == "/generate" for r in api.requests[before:])


def test_presets_survive_a_reload(stack, browser):
    base_url, _, _ = stack
    open_page(browser, base_url)
    browser.execute_script("localStorage.removeItem('maptoposter_presets')")
    browser.find_element(By.ID, "city").clear()
    browser.find_element(By.ID, "city").send_keys("Turku")
    set_range(browser, "margins", "1.2")
    click(browser, "custom-colors")
    click(browser, "format-svg")
    Select(browser.find_element(By.ID, "text-mode")).select_by_value("title")
    Select(browser.find_element(By.ID, "fade")).select_by_value("top")
    set_range(browser, "rotation", "30")
    click(browser, "frame")
    browser.find_element(By.CSS_SELECTOR, "#panel-presets summary").click()
    browser.find_element(By.ID, "preset-name").send_keys("my preset")
    click(browser, "preset-save")
    stored = json.loads(browser.execute_script("return localStorage.getItem('maptoposter_presets')"))
    assert [preset["name"] for preset in stored] == ["my preset"]
    assert stored[0]["city"] == "Turku" and stored[0]["exportFormat"] == "svg" and stored[0]["margins"] == 1.2
    assert stored[0]["look"] == {"text": "title", "lineScale": 1, "frame": True, "fade": "top", "rotation": 30,
                                 "northArrow": False, "greenSpace": False, "legend": False}

    open_page(browser, base_url)  # reload: defaults again (the nearest city to a local extract's centre, or Paris)
    coverage = json.loads(browser.execute_script("return fetch('/api/coverage').then(r => r.text())"))
    default_city = coverage["place"]["city"] if coverage.get("place") else "Paris"
    assert browser.find_element(By.ID, "city").get_attribute("value") == default_city
    browser.find_element(By.CSS_SELECTOR, "#panel-presets summary").click()
    Select(browser.find_element(By.ID, "preset-list")).select_by_value("my preset")
    click(browser, "preset-load")
    assert browser.find_element(By.ID, "city").get_attribute("value") == "Turku"
    assert browser.find_element(By.ID, "margins").get_attribute("value") == "1.2"
    assert browser.find_element(By.ID, "custom-colors").is_selected()
    assert browser.find_element(By.ID, "format-svg").is_selected()
    assert browser.find_element(By.ID, "text-mode").get_attribute("value") == "title"
    assert browser.find_element(By.ID, "fade").get_attribute("value") == "top"
    assert browser.find_element(By.ID, "rotation").get_attribute("value") == "30"
    assert browser.find_element(By.ID, "rotation-value").text == "30°"
    assert browser.find_element(By.ID, "frame").is_selected()
    click(browser, "preset-delete")
    assert json.loads(browser.execute_script("return localStorage.getItem('maptoposter_presets')")) == []


def test_narrow_screen_layout(stack, browser):
    base_url, _, _ = stack
    browser.set_window_size(420, 900)
    try:
        open_page(browser, base_url)
        sidebar = browser.find_element(By.ID, "poster-form").rect
        main = browser.find_element(By.ID, "main").rect
        assert main["y"] > sidebar["y"] + sidebar["height"] - 1  # stacked, not side by side
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 420
        browser.save_screenshot(str(artifacts.path("mapposter-web-narrow.png")))
    finally:
        browser.set_window_size(1400, 1000)


@pytest.mark.skipif(not STAND_INS, reason="needs the stand-in API to inspect the request")
def test_all_themes_gives_a_zip_download(stack, browser):
    base_url, api, _ = stack
    open_page(browser, base_url)
    click(browser, "all-themes")
    assert not browser.find_element(By.ID, "theme").is_enabled()
    click(browser, "generate")
    wait(browser, 60).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-state") in ("done", "error"))
    assert browser.find_element(By.TAG_NAME, "body").get_attribute("data-state") == "done"
    download = browser.find_element(By.ID, "download")
    assert download.text == "Download ZIP"
    assert download.get_attribute("href").endswith(".zip")
    assert "_ALL_THEMES_" in download.get_attribute("download")
    assert not browser.find_element(By.ID, "result-image").is_displayed()
    body = json.loads([r for r in api.requests if r["path"] == "/generate"][-1]["body"])
    assert body["all_themes"] is True and "style" not in body


@pytest.mark.skipif(not STAND_INS, reason="starts its own gateway over the stand-ins")
def test_page_works_without_leaflet(stack, browser, tmp_path):
    """With no Leaflet at all (and no tiles), the page still generates posters."""
    _, api, s3 = stack
    gateway = Gateway(api.address, s3.address, LEAFLET_ROOT=str(tmp_path)).start()
    try:
        open_page(browser, gateway.base_url)
        assert "preview is unavailable" in browser.find_element(By.ID, "map").text
        click(browser, "generate")
        wait(browser, 60).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-state") in ("done", "error"))
        assert browser.find_element(By.TAG_NAME, "body").get_attribute("data-state") == "done"
        assert browser.find_element(By.ID, "result-image").is_displayed()
    finally:
        gateway.stop()


def _generate_for(browser, base_url: str, city_name: str) -> str:
    open_page(browser, base_url)
    city = browser.find_element(By.ID, "city")
    city.clear()
    city.send_keys(city_name)
    click(browser, "generate")
    wait(browser, 60).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-state") == "error")
    return browser.find_element(By.ID, "error").text


@pytest.mark.skipif(not STAND_INS, reason="needs the stand-in API to answer 429")
def test_rate_limit_answer_is_explained(stack, browser):
    base_url, _, _ = stack
    assert _generate_for(browser, base_url, "Busy") == (
        "Quota reached: too many posters were requested in a short time. Try again in 42 s.")


@pytest.mark.skipif(not STAND_INS, reason="needs a task that never finishes")
def test_polling_gives_up_after_the_timeout(stack, browser):
    base_url, api, _ = stack
    # Shorten the page's overall timeout (normally 15 min, from /config.json) before the page loads.
    script = """
      const realFetch = window.fetch.bind(window);
      window.fetch = (input, init) => String(input).endsWith('config.json')
        ? Promise.resolve(new Response(JSON.stringify({pollTimeoutSeconds: 4, pollFastSeconds: 0}),
                                       {headers: {'Content-Type': 'application/json'}}))
        : realFetch(input, init);"""
    added = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": script})
    try:
        before = len(api.requests)
        assert _generate_for(browser, base_url, "Forever") == "Timed out: the poster was not ready after 4 s."
        polls = [r for r in api.requests[before:] if r["path"].startswith("/tasks/")]
        assert 2 <= len(polls) <= 4  # no fast start here: 1 s, then ×1.4 while nothing changes: 1, 1.4, 1.96 s …
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": added["identifier"]})


def test_every_control_has_an_accessible_name(stack, browser):
    base_url, _, _ = stack
    open_page(browser, base_url)
    unnamed = browser.execute_script("""
      return [...document.querySelectorAll('input, select, button, textarea')]
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
        .map(e => e.id || e.outerHTML);""")
    assert unnamed == []
    assert browser.find_element(By.ID, "progress").get_attribute("role") == "progressbar"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"


def _crop_centre(driver) -> tuple[float, float]:
    """The crop rectangle's centre on the screen (CSS pixels, viewport coordinates)."""
    return tuple(driver.execute_script("""
        const r = document.querySelector('.leaflet-overlay-pane path.crop-rect').getBoundingClientRect();
        return [r.x + r.width / 2, r.y + r.height / 2];"""))


def _map_centre(driver) -> tuple[float, float]:
    return tuple(float(v) for v in driver.find_element(By.ID, "map").get_attribute("data-center").split(","))


def test_clicking_and_dragging_the_map_moves_the_poster_centre(stack, browser):
    """The page starts inside the map data (GET /api/coverage), a click or a drag moves the centre and the crop
    rectangle follows it, the request carries lat/lon, and leaving the data is warned about."""
    base_url, api, s3 = stack
    if api is not None:
        api.coverage = HELSINKI_COVERAGE
    driver = browser
    try:
        open_page(driver, base_url)
        if not driver.execute_script("return typeof L !== 'undefined'"):
            pytest.skip("Leaflet is not installed")
        coverage = json.loads(driver.execute_script(
            "return fetch('/api/coverage').then(r => r.text())"))
        if coverage["world"]:
            pytest.skip("the stack has map data for the whole world: nothing to start inside")
        # The page starts in the data, named after the nearest city, at a distance whose crop fits the data.
        assert driver.find_element(By.ID, "city").get_attribute("value") == coverage["place"]["city"]
        assert driver.find_element(By.ID, "coverage-note").is_displayed()
        assert not driver.find_element(By.ID, "coverage-warning").is_displayed()
        lat, lon = _map_centre(driver)
        assert (lat, lon) == pytest.approx((coverage["center"]["lat"], coverage["center"]["lon"]), abs=1e-6)

        # A click moves the centre to the clicked point: the rectangle's centre lands under the pointer.
        element = driver.find_element(By.ID, "map")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        box = driver.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height];",
                                    element)
        target = (box[0] + box[2] / 2 + 40, box[1] + box[3] / 2 + 25)
        ActionChains(driver).move_to_element_with_offset(element, 40, 25).click().perform()
        wait(driver).until(lambda d: _map_centre(d) != (lat, lon))
        clicked = _map_centre(driver)
        assert clicked[0] < lat and clicked[1] > lon  # below and to the right: south and east
        assert _crop_centre(driver) == pytest.approx(target, abs=2)

        # Dragging the centre handle moves it too, and the rectangle follows.
        handle = driver.find_element(By.CSS_SELECTOR, ".leaflet-marker-pane .centre-handle")
        ActionChains(driver).click_and_hold(handle).move_by_offset(-30, -20).move_by_offset(-30, -20).release().perform()
        wait(driver).until(lambda d: _map_centre(d) != clicked)
        dragged = _map_centre(driver)
        assert dragged[0] > clicked[0] and dragged[1] < clicked[1]  # up and left: north and west
        assert _crop_centre(driver) == pytest.approx((target[0] - 60, target[1] - 40), abs=3)
        full_page_screenshot(driver, artifacts.path("mapposter-web-centre.png"))

        # The poster is made there: lat/lon go with the request, and the worker's warnings are shown.
        Select(driver.find_element(By.ID, "dpi")).select_by_value("150")
        warned_before = driver.find_element(By.ID, "coverage-warning").is_displayed()
        click(driver, "generate")
        wait(driver, TIMEOUT).until(
            lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-state") in ("done", "error"))
        error = driver.find_element(By.ID, "error")
        assert not error.is_displayed(), error.text
        warnings = driver.find_element(By.ID, "result-warnings")
        if api is not None:
            body = json.loads([r for r in api.requests if r["path"] == "/generate"][-1]["body"])
            assert (body["lat"], body["lon"]) == (round(dragged[0], 6), round(dragged[1], 6))
            assert list(body)[-2:] == ["lat", "lon"]
            assert warnings.is_displayed() and "Stand-in warning" in warnings.text
        elif not warned_before:
            # The page's crop is a little larger than the worker's: no warning on the page, none from the worker.
            assert not warnings.is_displayed(), warnings.text

        # A click far outside the data warns before anything is asked. The map is measured again: the result and
        # the status dock that came meanwhile may have moved or resized it, and the page may still be smooth-scrolling
        # the result into view (which carried the map out of the window in a CI run): it is scrolled back until it
        # stays put, and the click goes to the top-left corner of its part inside the window.
        left, top, width, height = _settled_in_view(driver, element)
        ActionChains(driver).move_to_element_with_offset(
            element, max(left, 0) - left - width / 2 + 8, max(top, 0) - top - height / 2 + 8).click().perform()
        warning = driver.find_element(By.ID, "coverage-warning")
        wait(driver).until(lambda d: warning.is_displayed())
        assert "map data" in warning.text
        driver.save_screenshot(str(artifacts.path("mapposter-web-outside.png")))
    finally:
        if api is not None:
            api.coverage = WORLD_COVERAGE


def test_cancel_revokes_the_task_on_the_server(stack, browser):
    """Cancel sends DELETE /api/tasks/{id}. Against the real stack the poster is every theme on A3 at 600 dpi, so
    the worker is still rendering when Cancel is pressed: it stops, the task is REVOKED and nothing is stored."""
    base_url, api, _ = stack
    open_page(browser, base_url)
    before = len(api.requests) if api else 0
    zips_before = {item["filename"] for item in json.loads(urllib.request.urlopen(
        f"{base_url}/api/history?limit=100", timeout=10).read()) if "_ALL_THEMES_" in item["filename"]}
    if api is not None:
        city = browser.find_element(By.ID, "city")
        city.clear()
        city.send_keys("Forever")  # stays PENDING at the stand-in
    else:
        click(browser, "all-themes")
        Select(browser.find_element(By.ID, "paper-size")).select_by_value("A3")
        Select(browser.find_element(By.ID, "dpi")).select_by_value("600")
    click(browser, "generate")
    wait(browser).until(lambda d: d.find_element(By.ID, "progress-block").get_attribute("data-task-id"))
    task_id = browser.find_element(By.ID, "progress-block").get_attribute("data-task-id")
    if api is None:
        wait(browser, 120).until(lambda d: "Rendering" in (d.find_element(By.ID, "status-text").get_attribute(
            "data-raw") or "") or d.find_element(By.TAG_NAME, "body").get_attribute("data-state") != "running")
        assert browser.find_element(By.TAG_NAME, "body").get_attribute("data-state") == "running"
    click(browser, "cancel")
    wait(browser, 15).until(lambda d: d.find_element(By.ID, "error").get_attribute("data-cancel") == "revoked")
    error = browser.find_element(By.ID, "error")
    assert error.is_displayed() and error.text.startswith("Generation cancelled")
    assert "does not count against your quota" in error.text
    assert browser.find_element(By.TAG_NAME, "body").get_attribute("data-state") == "error"
    if api is not None:
        deletes = [r for r in api.requests[before:] if r["method"] == "DELETE"]
        assert [r["path"] for r in deletes] == [f"/tasks/{task_id}"]
        return
    assert error.text.startswith("Generation cancelled: the worker stopped rendering."), error.text
    task = json.loads(urllib.request.urlopen(f"{base_url}/api/tasks/{task_id}", timeout=10).read())
    assert task["status"] == "REVOKED"
    time.sleep(3)  # the render does not go on behind the REVOKED state
    task = json.loads(urllib.request.urlopen(f"{base_url}/api/tasks/{task_id}", timeout=10).read())
    assert task["status"] == "REVOKED"
    history = json.loads(urllib.request.urlopen(f"{base_url}/api/history?limit=100", timeout=10).read())
    assert not any("_ALL_THEMES_" in item["filename"] and item["filename"] not in zips_before for item in history), history
    browser.execute_script("document.getElementById('status-card').scrollIntoView()")
    browser.save_screenshot(str(artifacts.path("mapposter-web-cancelled.png")))


def test_live_preview_follows_the_settings(stack, browser):
    """A change of the settings shows a preview of exactly that request (POST /api/preview, its own task), soon;
    going back to earlier settings shows their preview again without asking."""
    base_url, api, _ = stack
    if api is not None:
        api.previews = True
    driver = browser
    try:
        open_page(driver, base_url)
        card = driver.find_element(By.ID, "preview-card")
        wait(driver, 30).until(lambda d: card.get_attribute("data-key"))
        first_key = card.get_attribute("data-key")
        image = driver.find_element(By.ID, "preview-image")
        assert image.is_displayed() and image.get_attribute("src").startswith("data:image/png;base64,")

        # A change of theme: a new preview of the new request, timed from the change to the picture.
        theme = Select(driver.find_element(By.ID, "theme"))
        other = next(o.get_attribute("value") for o in theme.options if o.get_attribute("value") != "noir")
        before = len(api.requests) if api else 0
        theme.select_by_value(other)
        wait(driver, 30).until(lambda d: json.loads(card.get_attribute("data-key") or "{}").get("style") == other)
        elapsed = int(card.get_attribute("data-ms"))
        print(f"preview after a theme change: {elapsed} ms (debounce {400} ms included)")
        assert elapsed < (1500 if api else 5000)
        if api is not None:
            posted = [r for r in api.requests[before:] if r["path"] == "/preview"]
            assert len(posted) == 1 and json.loads(posted[0]["body"])["style"] == other
            assert not any(r["path"] == "/generate" for r in api.requests[before:])
            # The preview is of the very request Generate sends.
            click(driver, "generate")
            wait(driver, 60).until(lambda d: any(r["path"] == "/generate" for r in api.requests[before:]))
            generated = [r for r in api.requests[before:] if r["path"] == "/generate"][0]
            assert generated["body"] == posted[0]["body"]
            wait(driver, 60).until(
                lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-state") in ("done", "error"))

        # Back to noir: the preview made before is shown again, without asking the API.
        before = len(api.requests) if api else 0
        theme.select_by_value("noir")
        wait(driver, 10).until(lambda d: card.get_attribute("data-key") == first_key)
        if api is not None:
            assert not any(r["path"] == "/preview" for r in api.requests[before:])
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", card)
        driver.save_screenshot(str(artifacts.path("mapposter-web-preview.png")))
    finally:
        if api is not None:
            api.previews = False


@pytest.mark.skipif(not STAND_INS, reason="the stand-in API is the one without previews")
def test_no_preview_without_the_endpoint(stack, browser):
    """Against an API without /preview (the Python original's), the preview card stays hidden after one try."""
    base_url, api, _ = stack
    open_page(browser, base_url)
    before = len(api.requests)
    wait(browser).until(lambda d: any(r["path"] == "/preview" for r in api.requests[before:]))
    tried = len(api.requests)
    set_range(browser, "distance", 3000)
    time.sleep(1)
    assert not browser.find_element(By.ID, "preview-card").is_displayed()
    assert not any(r["path"] == "/preview" for r in api.requests[tried:])


CONTENT_TYPES = {".png": "image/png", ".svg": "image/svg+xml", ".pdf": "application/pdf", ".zip": "application/zip"}
MAGIC = {".png": b"\x89PNG\r\n\x1a\n", ".pdf": b"%PDF-", ".zip": b"PK\x03\x04"}


def test_single_poster_shows_the_worker_stages_and_its_history_link_downloads(stack, browser):
    """A single poster (the page's default 12 × 16 in at 300 dpi, a few tenths of a second of work for a debug worker)
    shows the worker's stages with the bar at each stage's percentage: the page polls every 150 ms at first. Then
    every link of "Recent posters" downloads: 200, the Content-Type of its extension, the file's magic bytes."""
    base_url, api, _ = stack
    driver = browser
    open_page(driver, base_url)
    label = driver.find_element(By.ID, "name-label")
    label.clear()
    label.send_keys(f"Stages {time.time_ns()}")  # a poster nobody made yet: no cache hit
    driver.execute_script(RECORD_PROGRESS)
    click(driver, "generate")
    assert wait_for_end(driver) == "done", driver.find_element(By.ID, "error").text
    stages = [entry for entry in recorded_progress(driver) if entry["text"] in WORKER_STAGES]
    print("stages shown:", [(entry["text"], entry["percent"]) for entry in stages])
    assert stages, recorded_progress(driver)
    for entry in stages:
        assert entry["shown"] and entry["percent"] == WORKER_STAGES[entry["text"]], entry
        assert entry["fill"] == f"{entry['percent']}%"
    percents = [entry["percent"] for entry in stages]
    assert percents == sorted(percents)
    if api is not None:
        assert [entry["text"] for entry in stages] == list(WORKER_STAGES)

    download = driver.find_element(By.ID, "download").get_attribute("href")
    # The list shown is the one loaded with the page until the reload that follows a finished poster answers: wait
    # for that one. Read in one script: the list is redrawn as it reloads, and an element found before is stale.
    hrefs = []

    def history_lists_the_download(d) -> bool:
        hrefs[:] = d.execute_script("return [...document.querySelectorAll('#history a')].map(a => a.href)")
        return download in hrefs

    try:
        wait(driver).until(history_lists_the_download)
    except TimeoutException:
        raise AssertionError(f"{download} never appeared in the history: {hrefs}") from None
    for href in hrefs:
        extension = Path(href.split("?")[0]).suffix.lower()
        with urllib.request.urlopen(href, timeout=30) as response:
            body = response.read()
            assert response.status == 200, href
            assert response.headers.get_content_type() == CONTENT_TYPES[extension], href
        assert body.startswith(MAGIC.get(extension, b"")) and len(body) > 100, href
    print(f"history links downloaded: {len(hrefs)}")


VIEWPORTS = {"desktop": (1400, 900), "phone": (390, 844)}

# Whether the element is on screen: inside the window and not hidden by a scrolled column or another element.
IN_VIEW = """
const element = document.getElementById(arguments[0]);
if (!element || !element.getClientRects().length) return false;
const r = element.getBoundingClientRect();
if (r.height === 0 || r.top < 0 || r.left < 0 || r.bottom > window.innerHeight || r.right > window.innerWidth) return false;
const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
return Boolean(hit) && (hit === element || element.contains(hit));"""


def in_view(driver, element_id: str) -> bool:
    return driver.execute_script(IN_VIEW, element_id)


def wait_in_view(driver, element_id: str, seconds: float = 5) -> None:
    """Waits until the element is on screen; fails naming where it and the window are."""
    try:
        wait(driver, seconds).until(lambda d: in_view(d, element_id))
    except TimeoutException:
        where = driver.execute_script("""
            const r = document.getElementById(arguments[0]).getBoundingClientRect();
            return {top: r.top, bottom: r.bottom, innerHeight, scrollY,
                    dock: !document.getElementById('status-dock').hidden, state: document.body.dataset.state};""",
            element_id)
        raise AssertionError(f"#{element_id} is not in view: {where}") from None


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_progress_and_result_stay_in_view(stack, browser, viewport):
    """With the form scrolled, the progress and then the result are on screen: side by side the right column sticks
    (the status card in it), on a phone the page scrolls to the progress and, once the user scrolls back to the form,
    the status dock at the bottom shows the stage, then the finished poster's download and a way to it."""
    base_url, api, _ = stack
    driver = browser
    width, height = VIEWPORTS[viewport]
    driver.set_window_size(width, height)
    try:
        open_page(driver, base_url)
        csp_violations(driver)  # drops what earlier tests left in the browser's log
        label = driver.find_element(By.ID, "name-label")
        label.clear()
        label.send_keys(f"In view {viewport} {time.time_ns()}")  # no cache hit
        if api is not None:
            city = driver.find_element(By.ID, "city")
            city.clear()
            city.send_keys("Slowly")  # a stand-in task of about 5 s
        else:
            # Every theme on A3 at 300 dpi: several seconds for a debug worker.
            click(driver, "all-themes")
            Select(driver.find_element(By.ID, "paper-size")).select_by_value("A3")
        # The user went down the form to the print options, and presses Generate in the bar that sticks below it.
        driver.execute_script("document.getElementById('panel-print').scrollIntoView({block: 'start'})")
        form_scroll = driver.execute_script("return window.scrollY")
        assert form_scroll > 0
        assert in_view(driver, "generate")
        driver.find_element(By.ID, "generate").click()
        wait(driver).until(lambda d: d.find_element(By.ID, "status-text").get_attribute("data-raw") not in ("", "Pending...")
                           or d.find_element(By.TAG_NAME, "body").get_attribute("data-state") == "error")
        assert driver.find_element(By.TAG_NAME, "body").get_attribute("data-state") != "error", \
            driver.find_element(By.ID, "error").text
        # The page brings the progress into view.
        wait_in_view(driver, "progress")
        assert driver.find_element(By.TAG_NAME, "body").get_attribute("data-state") == "running"
        driver.save_screenshot(str(artifacts.path(f"mapposter-web-{viewport}-progress.png")))

        # The user scrolls back up the form while the poster is made: the progress stays on screen.
        driver.execute_script("document.getElementById('panel-place').scrollIntoView({block: 'start'})")
        if viewport == "desktop":
            wait(driver, 3).until(
                lambda d: in_view(d, "progress") and not d.find_element(By.ID, "status-dock").is_displayed())
        else:
            wait(driver, 3).until(lambda d: in_view(d, "dock-progress") and not in_view(d, "progress"))
            assert in_view(driver, "city")  # the form is where the user scrolled it
        assert driver.find_element(By.TAG_NAME, "body").get_attribute("data-state") == "running"
        if viewport != "desktop":
            dock, card = driver.execute_script(
                "return ['dock-text', 'status-text'].map(id => document.getElementById(id).textContent)")
            assert dock and dock == card
        driver.save_screenshot(str(artifacts.path(f"mapposter-web-{viewport}-progress-scrolled.png")))

        assert wait_for_end(driver) == "done", driver.find_element(By.ID, "error").text
        href = driver.find_element(By.ID, "download").get_attribute("href")
        if viewport == "desktop":
            # The result took the progress's place, in view, and stays so wherever the form is scrolled.
            wait_in_view(driver, "download")
            for scroll in ("document.body.scrollHeight", "0", str(form_scroll)):
                driver.execute_script(f"window.scrollTo(0, {scroll})")
                wait_in_view(driver, "download")
        else:
            # The dock offers the poster at once; "Show" scrolls to the result.
            wait_in_view(driver, "dock-download")
            assert driver.find_element(By.ID, "dock-download").get_attribute("href") == href
            assert "Poster ready" in driver.find_element(By.ID, "dock-text").text
            driver.save_screenshot(str(artifacts.path(f"mapposter-web-{viewport}-dock-result.png")))
            driver.find_element(By.ID, "dock-show").click()
            wait_in_view(driver, "download")
            wait(driver, 5).until(lambda d: not d.find_element(By.ID, "status-dock").is_displayed())
        driver.save_screenshot(str(artifacts.path(f"mapposter-web-{viewport}-result.png")))
        assert csp_violations(driver) == []
    finally:
        driver.set_window_size(1400, 1000)


def test_a_turned_poster_is_checked_against_the_data_as_the_worker_checks_it(stack, browser):
    """With a rotation the worker reads (and checks against its data) the box around the turned crop, so the page
    warns by that box too: a crop that fits the data upright can leave it when turned."""
    base_url, api, _ = stack
    if api is None:
        pytest.skip("needs the stand-in API's Helsinki coverage")
    api.coverage = HELSINKI_COVERAGE
    driver = browser
    try:
        open_page(driver, base_url)
        warning = driver.find_element(By.ID, "coverage-warning")
        assert not warning.is_displayed()
        upright = float(warning.get_attribute("data-covered"))
        assert upright >= 0.995

        def turn(degrees: int) -> None:
            driver.execute_script(
                "const r = document.getElementById('rotation'); r.value = arguments[0];"
                "r.dispatchEvent(new Event('input', {bubbles: true}));", str(degrees))

        # The fitted crop (0.75 × 1 of the 1.0 km × 1.66 km data) turned by 45° needs a box about 1.24 km wide.
        turn(45)
        wait(driver).until(lambda d: warning.is_displayed())
        turned = float(warning.get_attribute("data-covered"))
        assert 0.5 < turned < 0.995, turned
        assert f"Only {int(turned * 100)} %" in warning.text
        turn(0)
        wait(driver).until(lambda d: not warning.is_displayed())
    finally:
        api.coverage = WORLD_COVERAGE
        driver.execute_script("localStorage.clear()")  # the rotation is a preset the next page would restore


GPX_RUN = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test_browser" xmlns="http://www.topografix.com/GPX/1/1">
  <trk><name>Run</name><trkseg>
    <trkpt lat="60.1680" lon="24.9400"/><trkpt lat="60.1700" lon="24.9430"/>
    <trkpt lat="60.1720" lon="24.9460"/><trkpt lat="60.1740" lon="24.9480"/>
  </trkseg></trk>
</gpx>
"""


def test_a_marker_placed_on_the_map_and_a_gpx_route_reach_the_preview(stack, browser, tmp_path):
    """Issue 20: a marker placed by clicking the map (labelled in its list) and an uploaded GPX route go into the
    preview's request (and so into the poster's); the map shows both; the page centres on the route."""
    base_url, api, _ = stack
    if api is not None:
        api.previews = True
        api.coverage = HELSINKI_COVERAGE
    driver = browser
    try:
        open_page(driver, base_url)
        if not driver.execute_script("return typeof L !== 'undefined'"):
            pytest.skip("Leaflet is not installed")
        card = driver.find_element(By.ID, "preview-card")
        wait(driver, 30).until(lambda d: card.get_attribute("data-key"))
        plain_preview = driver.find_element(By.ID, "preview-image").get_attribute("src")

        # Upload the route: the page centres on its middle and shows it on the map.
        gpx = tmp_path / "run.gpx"
        gpx.write_text(GPX_RUN, encoding="utf-8")
        driver.find_element(By.ID, "gpx-file").send_keys(str(gpx))
        status = driver.find_element(By.ID, "gpx-status")
        wait(driver).until(lambda d: "4 points" in status.text)
        assert _map_centre(driver) == pytest.approx((60.1710, 24.9440), abs=1e-6)
        assert driver.find_elements(By.CSS_SELECTOR, "path.poster-route")

        # Place a marker: the button turns placing on, a click puts a pin there instead of moving the centre.
        centre = _map_centre(driver)
        click(driver, "marker-mode")
        assert driver.find_element(By.ID, "marker-mode").get_attribute("aria-pressed") == "true"
        element = driver.find_element(By.ID, "map")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        ActionChains(driver).move_to_element_with_offset(element, 30, -20).click().perform()
        wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#marker-list input"))
        assert _map_centre(driver) == centre
        assert driver.find_elements(By.CSS_SELECTOR, "path.poster-marker")
        # Turning the poster turns the crop on the map: 90 degrees make the portrait crop a landscape one.
        def crop_ratio(d):
            return d.execute_script("""
                const b = document.querySelector('.leaflet-overlay-pane path.crop-rect').getBBox();
                return b.width / b.height;""")
        upright = crop_ratio(driver)
        set_range(driver, "rotation", "90")
        assert crop_ratio(driver) == pytest.approx(1 / upright, rel=0.03)
        set_range(driver, "rotation", "0")
        label = driver.find_element(By.CSS_SELECTOR, "#marker-list input")
        label.send_keys("Home")
        click(driver, "legend")

        def previewed(d):
            key = json.loads(card.get_attribute("data-key") or "{}")
            return key if key.get("legend") and key.get("markers", [{}])[0].get("label") == "Home" else None

        key = wait(driver, 30).until(previewed)
        marker = key["markers"][0]
        # Right of and above the centre: east and north of it.
        assert marker["lon"] > centre[1] and marker["lat"] > centre[0]
        assert key["gpx"] == GPX_RUN
        assert (key["lat"], key["lon"]) == pytest.approx(centre, abs=1e-6)
        if api is not None:
            posted = json.loads([r for r in api.requests if r["path"] == "/preview"][-1]["body"])
            assert posted["markers"] == key["markers"] and posted["gpx"] == GPX_RUN
        else:
            # The real renderer: the pin and the route change the picture.
            assert driver.find_element(By.ID, "preview-image").get_attribute("src") != plain_preview
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", card)
        driver.save_screenshot(str(artifacts.path("mapposter-web-markers.png")))

        # A file that is not GPX is refused on the page, and the route in use stays.
        bad = tmp_path / "bad.gpx"
        bad.write_text("<kml></kml>", encoding="utf-8")
        driver.find_element(By.ID, "gpx-file").send_keys(str(bad))
        wait(driver).until(lambda d: "not GPX" in status.text)
    finally:
        if api is not None:
            api.previews = False
            api.coverage = WORLD_COVERAGE
