"""The console in a real browser (headless Chromium driven by selenium), once per language.

Opens the mandate page, follows links to a State, a case, an as-of date and a search result, checks
what is visible against the demo scenario's expected outcomes, saves a screenshot of each page, runs
axe-core on each and fails on any serious or critical violation, and fails on any label missing from
the catalogue (shown as ⟦key⟧).

    python browser_test.py URL EXPECT.ndjson SCREENSHOT_DIR AXE_JS
"""
import json
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE, EXPECT, SHOTS, AXE = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4]
os.makedirs(SHOTS, exist_ok=True)
expected = [json.loads(line) for line in open(EXPECT, encoding="utf-8") if line.strip()]
axe_source = open(AXE, encoding="utf-8").read()
failures = []
checked = 0


def check(condition, what):
    global checked
    checked += 1
    if not condition:
        failures.append(what)
        print(f"  FAIL {what}", flush=True)


def browser():
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def inspect(driver, lang, name):
    """Screenshot, the missing-label check, the language of the page, and axe-core."""
    driver.save_screenshot(os.path.join(SHOTS, f"{lang}-{name}.png"))
    source = driver.page_source
    check("⟦" not in source, f"[{lang}] {name}: a label is missing from the catalogue")
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang, f"[{lang}] {name}: html lang is {lang}")
    driver.execute_script(axe_source)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations)).catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));")
    serious = [v for v in result if v.get("impact") in ("serious", "critical")]
    for violation in serious:
        targets = [n.get("target") for n in violation.get("nodes", [])][:3]
        print(f"  axe {violation['impact']}: {violation['id']}: {violation['help']} {targets}", flush=True)
    minor = len(result) - len(serious)
    print(f"  [{lang}] {name}: axe {len(serious)} serious/critical, {minor} minor/moderate violation(s)", flush=True)
    check(not serious, f"[{lang}] {name}: axe found {len(serious)} serious or critical violation(s)")


def text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def run(lang, accept_language):
    print(f"== {lang}", flush=True)
    driver = browser()
    try:
        # The language comes from Accept-Language on the first page, then from the links (lang=).
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Accept-Language": accept_language}})
        driver.get(BASE + "/")
        inspect(driver, lang, "1-mandate")
        body = text(driver)
        consultations = {e["subject"] for e in expected if e["subject"].startswith("rc-") and e["status"] == "accepted"}
        for consultation in sorted(consultations):
            check(consultation in body, f"[{lang}] mandate lists {consultation}")
        reports = {e["subject"] for e in expected if e["subject"].startswith("report-") and e["status"] == "accepted"}
        for report in reports:
            check(report in body, f"[{lang}] mandate shows the report {report}")

        # Mandate -> State TGO (the States assisted table).
        driver.find_element(By.CSS_SELECTOR, "#states a[href^='/states/TGO']").click()
        WebDriverWait(driver, 10).until(lambda d: "/states/TGO" in d.current_url)
        inspect(driver, lang, "2-state-TGO")
        body = text(driver)
        check("TGO" in driver.find_element(By.TAG_NAME, "h1").text, f"[{lang}] the State page is TGO's")
        tgo_cases = sorted({e["subject"] for e in expected if e["subject"].startswith("case-TGO")})
        for case in tgo_cases:
            check(case in body, f"[{lang}] State TGO lists {case}")
        check("consent-TGO-2026-01" in body, f"[{lang}] State TGO shows consent-TGO-2026-01")

        # State -> as of a date, by occurrence time, through the page's own form.
        driver.find_element(By.NAME, "asof").send_keys("")
        driver.execute_script("document.querySelector(\"input[name='asof']\").value = '2026-03-15';")
        driver.find_element(By.CSS_SELECTOR, "select[name='by'] option[value='occurred']").click()
        driver.find_element(By.CSS_SELECTOR, "main form button[type='submit']").click()
        WebDriverWait(driver, 10).until(lambda d: "asof=" in d.current_url)
        check("asof=2026-03-15" in driver.current_url and "by=occurred" in driver.current_url,
              f"[{lang}] the as-of link is bookmarkable: {driver.current_url}")
        inspect(driver, lang, "3-state-TGO-as-of")
        body = text(driver)
        check("2026" in driver.find_element(By.TAG_NAME, "h1").text, f"[{lang}] the as-of page names its date")
        check("case-TGO-2026-001" in body, f"[{lang}] as of 2026-03-15 the Togo case is shown")

        # -> the case page (the live audit report).
        driver.find_element(By.CSS_SELECTOR, "#cases a[href^='/cases/case-TGO-2026-001']").click()
        WebDriverWait(driver, 10).until(lambda d: "/cases/" in d.current_url)
        inspect(driver, lang, "4-case-TGO")
        body = text(driver)
        for line in expected:
            if line["subject"] != "case-TGO-2026-001" or line["duplicate"]:
                continue
            check(line["id"] in body, f"[{lang}] the case page lists command {line['id']}")
            for reason in line["reasons"]:
                check(reason in body, f"[{lang}] the case page shows {reason} for {line['id']}")
        # The embedded report speaks the page's language, every label from its catalogue.
        chain = {"en": "Hash chain verified", "fr": "Chaîne de hachage vérifiée"}[lang]
        check(chain in body, f"[{lang}] the case page shows the chain check ({chain})")
        if lang == "fr":
            for english in ("Hash chain", "Commands and outcomes", "Timeline", "Why each decision"):
                check(english not in body, f"[fr] the case page shows the English label {english!r}")

        # -> search for a consent command and follow its result.
        driver.find_element(By.CSS_SELECTOR, "nav a[href^='/search']").click()
        driver.find_element(By.NAME, "q").send_keys("consent-PRY")
        driver.find_element(By.CSS_SELECTOR, "main form button[type='submit']").click()
        WebDriverWait(driver, 10).until(lambda d: "q=" in d.current_url)
        inspect(driver, lang, "5-search")
        driver.find_element(By.CSS_SELECTOR, "#results a[href^='/cases/case-PRY-2026-001']").click()
        WebDriverWait(driver, 10).until(lambda d: "/cases/case-PRY" in d.current_url)
        inspect(driver, lang, "6-search-result-case-PRY")
        body = text(driver)
        for line in expected:
            if line["subject"] == "case-PRY-2026-001" and not line["duplicate"]:
                for reason in line["reasons"]:
                    check(reason in body, f"[{lang}] case PRY shows {reason}")

        # Integrity.
        driver.find_element(By.CSS_SELECTOR, "nav a[href^='/integrity']").click()
        WebDriverWait(driver, 10).until(lambda d: "/integrity" in d.current_url)
        inspect(driver, lang, "7-integrity")
    finally:
        driver.quit()


run("en", "en-GB,en;q=0.9")
run("fr", "fr-FR,fr;q=0.9,en;q=0.5")
print(f"browser test: {checked - len(failures)} passed, {len(failures)} failed; screenshots in {SHOTS}", flush=True)
sys.exit(1 if failures else 0)
