"""Browser test for OpenVUM in headless Chromium.

Logs in as the demo caseworker, checks the start page, opens the citizen list and a citizen, searches
by CPR (posted, never in the URL), logs out; then visits the administrator's pages and an error page.
Every page reached is checked with axe-core (rules wcag2a and wcag2aa): zero violations allowed.
Screenshots go to $ARTIFACTS.
"""
import json
import os
import re
import sys

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["BASE_URL"]
ART = os.environ.get("ARTIFACTS", ".artifacts")
PASSWORD = os.environ.get("OPENVUM_DEMO_PASSWORD", "demo")
CPR_IN_URL = re.compile(r"(?<!\d)\d{6}-?\d{4}(?!\d)")

failures = []
checked = []


def make_driver():
    os.environ.setdefault("SE_OFFLINE", "true")
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900", "--lang=da"]:
        options.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def check_page(driver, name):
    """Runs axe on the current page, checks lang and the URL, and saves a screenshot."""
    url = driver.current_url
    if CPR_IN_URL.search(url):
        failures.append(f"{name}: CPR-shaped number in URL {url}")
    lang = driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
    if lang != "da":
        failures.append(f"{name}: html lang is {lang!r}, not 'da'")
    axe = Axe(driver)
    axe.inject()
    result = axe.run(options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
    for v in result["violations"]:
        nodes = ", ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:5])
        failures.append(f"{name}: axe {v['id']} ({v['impact']}): {v['help']} at {nodes}")
    driver.save_screenshot(os.path.join(ART, f"{name}.png"))
    checked.append(name)


def login(driver, username):
    driver.get(BASE + "/login")
    check_page(driver, f"login-{username}")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit].primary").click()
    wait_for_path(driver, "/start", f"{username}: after login")


def logout(driver):
    driver.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
    wait_for_path(driver, "/login", "after logout")


def wait_for_path(driver, path, what):
    """Waits for a navigation to land on `path` (clicks return before the next page has loaded)."""
    try:
        WebDriverWait(driver, 10).until(lambda d: d.current_url.split("?")[0].endswith(path) and d.execute_script("return document.readyState") == "complete")
    except Exception:
        failures.append(f"{what}: expected {path}, got {driver.current_url}")


def expect(cond, message):
    if not cond:
        failures.append(message)


def main():
    os.makedirs(ART, exist_ok=True)
    driver = make_driver()
    try:
        # Caseworker: log in, start page, citizens, one citizen, search by CPR, log out.
        login(driver, "sagsbehandler")
        h1 = driver.find_element(By.TAG_NAME, "h1").text
        expect("Sanne Sagsbehandler" in h1, f"start page heading: {h1!r}")
        expect("Mine borgere" in driver.page_source, "caseworker start page lists own citizens")
        check_page(driver, "start-sagsbehandler")
        driver.save_screenshot(os.path.join(ART, "caseworker-start.png"))

        driver.find_element(By.LINK_TEXT, "Borgere").click()
        wait_for_path(driver, "/borgere", "citizen list")
        check_page(driver, "borgere")
        driver.find_element(By.PARTIAL_LINK_TEXT, "Mortensen").click()
        WebDriverWait(driver, 10).until(lambda d: "Mads Mortensen" in d.find_element(By.TAG_NAME, "h1").text)
        expect("Mads Mortensen" in driver.find_element(By.TAG_NAME, "h1").text, "citizen page shows the citizen")
        check_page(driver, "borger")

        driver.find_element(By.LINK_TEXT, "Tilbage til borgere").click()
        wait_for_path(driver, "/borgere", "back to citizens")
        driver.find_element(By.ID, "cpr").send_keys("030290-1118")
        driver.find_element(By.CSS_SELECTOR, "form[action='/borgere/soeg'] button").click()
        wait_for_path(driver, "/borgere/soeg", "CPR search")
        expect("Søgeresultat" in driver.page_source and "Mortensen" in driver.page_source, "CPR search finds the citizen")
        check_page(driver, "borgere-soegning")
        driver.find_element(By.ID, "cpr").clear()
        driver.find_element(By.ID, "cpr").send_keys("320290-1118")
        driver.find_element(By.CSS_SELECTOR, "form[action='/borgere/soeg'] button").click()
        WebDriverWait(driver, 10).until(lambda d: "gyldig fødselsdato" in d.page_source)
        expect("gyldig fødselsdato" in driver.page_source, "invalid CPR gives a Danish message")
        check_page(driver, "borgere-valideringsfejl")
        logout(driver)
        driver.get(BASE + "/start")
        expect("/login" in driver.current_url, "after logout /start requires login again")

        # Administrator: users, audit log (the caseworker's reads are there), a validation error.
        login(driver, "admin")
        check_page(driver, "start-admin")
        driver.find_element(By.LINK_TEXT, "Brugere").click()
        wait_for_path(driver, "/admin/brugere", "users page")
        check_page(driver, "admin-brugere")
        driver.find_element(By.ID, "username").send_keys("x")
        driver.find_element(By.ID, "displayName").send_keys("Test")
        driver.find_element(By.ID, "password").send_keys("kort")
        driver.find_element(By.CSS_SELECTOR, "form[action='/admin/brugere'] button").click()
        WebDriverWait(driver, 10).until(lambda d: "Der er problemer med formularen" in d.page_source)
        expect("Der er problemer med formularen" in driver.page_source, "user form shows its errors")
        check_page(driver, "admin-brugere-fejl")
        driver.find_element(By.LINK_TEXT, "Revisionslog").click()
        wait_for_path(driver, "/admin/revisionslog", "audit log page")
        expect("citizen.read" in driver.page_source and "citizen.search" in driver.page_source, "audit log shows reads and searches")
        expect("030290-1118" not in driver.page_source, "audit log never shows a full CPR number")
        check_page(driver, "admin-revisionslog")
        driver.get(BASE + "/findes-ikke")
        expect("Siden findes ikke" in driver.page_source, "Danish 404 page")
        check_page(driver, "fejl-404")
        logout(driver)

        # Every other role reaches its start page.
        for user in ["teamleder", "oekonomi", "udfoerer", "udfoerer-ekstern", "tilbudsleder", "borger"]:
            login(driver, user)
            check_page(driver, f"start-{user}")
            logout(driver)
    finally:
        driver.quit()

    print(json.dumps({"pages_checked": checked}, ensure_ascii=False))
    if failures:
        print("BROWSER TEST FAILED:")
        for f in failures:
            print("  -", f)
        print(f"0 passed, {len(failures)} failed")
        sys.exit(1)
    print(f"browser: {len(checked)} pages checked with axe, 0 violations")


if __name__ == "__main__":
    main()
