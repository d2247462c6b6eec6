"""Stored HTML injection, tried as an attacker would, in headless Chromium (security finding 2).

Stores `"><script>…` and `"><meta http-equiv=refresh …>` in every free-text field a user can set — citizen
names, the case document's texts (assessments, goals, account numbers, the decision's reasoning, the
provider's reason for rejecting an order, a matching request's description and its answer, follow-up notes; paragraphs are coded values and refuse such text), a transition's reason and a user's display
name — and types them into forms that are refused and shown again (login, CPR search, user creation, a phase
form). Then visits every page that shows them and asserts that each page stays where it is (no refresh), runs
no script, holds no injected <script>, <meta http-equiv> or <base>, and shows the text as text.
"""
import datetime
import json
import os
import sys
import time
import urllib.error
import urllib.request

from chromium import make_driver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def copenhagen_today():
    """The server's today: legal dates are Danish calendar days (Europe/Copenhagen), not the machine's UTC day."""
    from zoneinfo import ZoneInfo
    return datetime.datetime.now(ZoneInfo("Europe/Copenhagen")).date()


BASE = os.environ["BASE_URL"]
ART = os.environ.get("ARTIFACTS", ".artifacts")
PASSWORD = os.environ.get("OPENVUM_DEMO_PASSWORD", "demo")

SCRIPT = '"><script>window.__xss=1</script>'
META = '"><meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/">'
SHORT = '"><meta http-equiv=refresh content=0>'  # fields of at most 40 characters
BASEURL = "'><base href=\"http://127.0.0.1:9/\">"
BOLD = '"><b>x</b>'  # no page writes <b> itself: one in a page is markup that came from data
EMAIL = BOLD + "@x.dk"  # passes the e-mail check (no space, one @, a domain with a dot)

failures = []
visited = []


def api(method, path, token=None, body=None, headers=None):
    req = urllib.request.Request(BASE + path, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        req.add_header("Content-Type", "application/merge-patch+json" if method == "PATCH" else "application/json")
    try:
        with urllib.request.urlopen(req, data) as res:
            return res.status, json.loads(res.read() or b"null"), res.headers
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null"), e.headers


def token(user, password=PASSWORD):
    status, body, _ = api("POST", "/api/v1/auth/token", body={"username": user, "password": password})
    assert status == 200, (user, status, body)
    return body["token"]


class Case:
    def __init__(self, tok, case_id):
        self.tok, self.id = tok, case_id
        self.refresh()

    def refresh(self):
        status, self.body, headers = api("GET", f"/api/v1/cases/{self.id}", self.tok)
        assert status == 200, (status, self.body)
        self.etag = headers["ETag"]

    def patch(self, doc, what):
        status, body, headers = api("PATCH", f"/api/v1/cases/{self.id}", self.tok, doc, {"If-Match": self.etag})
        if status != 200:
            failures.append(f"could not store the payload in {what}: {status} {json.dumps(body, ensure_ascii=False)[:300]}")
            return
        self.body, self.etag = body, headers["ETag"]

    def move(self, to, reason=None):
        payload = {"to": to}
        if reason:
            payload["reason"] = reason
        status, body, headers = api("POST", f"/api/v1/cases/{self.id}/transitions", self.tok, payload, {"If-Match": self.etag})
        assert status == 200, (to, status, body)
        self.body, self.etag = body, headers["ETag"]


def writable(x):
    x = dict(x)
    for key in ["basePrice", "scope", "expectedPrice"]:
        x.pop(key, None)
    for part, stamp in [("decision", "decidedOn"), ("order", "orderedOn"), ("delivery", "documentedOn")]:
        if isinstance(x.get(part), dict):
            x[part] = {k: v for k, v in x[part].items() if k != stamp}
    return x


def service_code(tok):
    """A real FFB service code, read from a case of the demo's living history (an intervention must name one)."""
    status, page, _ = api("GET", "/api/v1/cases?limit=100", tok)
    assert status == 200, (status, page)
    for item in page["items"]:
        _, c, _ = api("GET", f"/api/v1/cases/{item['id']}", tok)
        for x in c.get("interventions") or []:
            for s in x.get("services") or []:
                return s["code"]
    raise AssertionError("no demo case names a service")


def store_payloads():
    """Every free-text field a user can set, through the API as the users who may set them."""
    admin = token("admin")
    cw = token("sagsbehandler")
    status, citizen, _ = api("POST", "/api/v1/citizens", cw, {"cpr": "0707071234", "givenName": SCRIPT, "familyName": META,
                                                              "responsibleUnitId": "00000000-0000-4000-8000-000000000101"})
    assert status == 201, (status, citizen)
    status, created, _ = api("POST", "/api/v1/cases", cw, {"citizenId": citizen["id"], "origin": "inquiry", "paragraphsAppliedFor": ["SEL § 85"]})
    assert status == 201, (status, created)
    case = Case(cw, created["id"])
    status, _, _ = api("POST", f"/api/v1/cases/{created['id']}/notes", cw, {"category": "internal", "text": SCRIPT + META})
    assert status == 201, ("journal note", status)
    case.move("investigation")
    case.patch({"investigation": {"overallFunctionalAssessment": META + SCRIPT}}, "the overall functional assessment")
    case.move("assessment")
    case.patch({"goals": [{"text": SCRIPT + META}],
                "assessment": {"civilSocietyInterventions": [META]},
                "interventions": [{"services": [{"code": service_code(cw)}], "accountNumber": SHORT, "alternativesConsidered": BASEURL + SCRIPT,
                                   "expectedStartDate": "2030-04-01", "expectedEndDate": "2030-06-30", "unit": "hour", "unitsPerPeriod": 3,
                                   "frequency": "perWeek", "periodRepetitions": 13, "unitPrice": 45000}]},
               "goals, civil society and the intervention's account and alternatives")
    case.move("decision")
    xs = [writable(x) for x in case.body["interventions"]]
    xs[0]["decision"] = {"outcome": "granted", "paragraph": "SEL § 85", "reason": SCRIPT + BASEURL, "followUpDate": "2030-09-01"}
    case.patch({"interventions": xs}, "the decision's reasoning")
    # Consent to disclose to a provider: the goals and the functional assessment (hostile texts) travel with an order.
    case.refresh()
    case.patch({"opening": {"consent": "given", "consentDiscloseTo": ["provider"]}}, "consent to disclose to a provider")
    # Matching: the caseworker's description of the need is read by the provider, the provider's comment by the caseworker.
    staff = token("udfoerer")
    status, request, _ = api("POST", "/api/v1/matching-requests", cw, {"caseId": case.id, "interventionId": case.body["interventions"][0]["id"],
                                                                     "offerIds": ["00000000-0000-4000-8000-000000000202"], "description": BASEURL + BOLD})
    if status != 201:
        failures.append(f"could not store the payload in a matching request: {status} {json.dumps(request, ensure_ascii=False)[:300]}")
    else:
        status, body, _ = api("POST", f"/api/v1/matching-requests/{request['id']}/answers", staff,
                              {"offerId": "00000000-0000-4000-8000-000000000202", "available": True, "comment": SCRIPT + BOLD})
        if status != 200:
            failures.append(f"could not store the payload in a matching answer: {status} {json.dumps(body, ensure_ascii=False)[:300]}")
    # Orders: the provider's reason for rejecting one is free text the caseworker reads on Bestilling. A second
    # order is accepted and started, so that the case can be followed up.
    today = copenhagen_today().isoformat()
    for reject in [True, False]:
        status, order, headers = api("POST", "/api/v1/orders", cw, {"caseId": case.id, "interventionId": case.body["interventions"][0]["id"],
                                                                   "offerId": "00000000-0000-4000-8000-000000000202"})
        assert status == 201, ("order", status, order)
        steps = [(cw, "PATCH", None, {"startDate": today}), (cw, "POST", "send", {}),
                 (staff, "POST", "reject", {"reason": SCRIPT + META})] if reject else \
                [(cw, "PATCH", None, {"startDate": today, "shared": {"parts": ["goals", "functionalAssessment"]}}), (cw, "POST", "send", {}), (staff, "POST", "accept", {}),
                 (staff, "POST", "start", {"startDate": today})]
        for who, method, action, body in steps:
            path = f"/api/v1/orders/{order['id']}" + ("/transitions" if action else "")
            status, order, headers = api(method, path, who, {"action": action, **body} if action else body, {"If-Match": headers["ETag"]})
            if status != 200:
                failures.append(f"could not take the order step {action or 'patch'}: {status} {json.dumps(order, ensure_ascii=False)[:300]}")
                break
    # The started order's status report and change request (the provider), and the caseworker's answer: read on Levering.
    if status == 200:
        case.refresh()
        report = {"goals": [{"goalId": case.body["goals"][0]["id"], "level": 2, "citizenView": "partly", "citizenText": SCRIPT + BOLD,
                             "helpGiven": META + BOLD, "nextStep": "continue"}], "significantChanges": BASEURL + BOLD}
        status, body, _ = api("POST", f"/api/v1/orders/{order['id']}/status-reports", staff, report)
        if status != 201:
            failures.append(f"could not store the payload in a status report: {status} {json.dumps(body, ensure_ascii=False)[:300]}")
        status, body, _ = api("POST", f"/api/v1/orders/{order['id']}/incidents", staff,
                              {"type": "useOfForce", "occurredOn": today, "force": {"kind": "other", "startTime": "10:00", "endTime": "10:05",
                               "legalBasis": BOLD + " basis", "situationBefore": SCRIPT + " før", "situationDuring": META + " under",
                               "present": BASEURL + " til stede", "citizenAccount": BOLD + " borger", "leaderAssessment": BOLD + " leder"}})
        if status != 201:
            failures.append(f"could not store the payload in a use of force: {status} {json.dumps(body, ensure_ascii=False)[:300]}")
        status, change, _ = api("POST", f"/api/v1/orders/{order['id']}/change-requests", staff,
                                {"kind": "other", "reason": SCRIPT + BOLD, "weekPlan": [{"weekday": "monday", "hours": 1, "activity": BOLD + " uge"}]})
        if status != 201:
            failures.append(f"could not store the payload in a change request: {status} {json.dumps(change, ensure_ascii=False)[:300]}")
        else:
            status, body, _ = api("POST", f"/api/v1/orders/{order['id']}/change-requests/{change['id']}/answer", cw, {"answer": "refused", "text": META + BOLD})
            if status != 200:
                failures.append(f"could not store the payload in a change request's answer: {status} {json.dumps(body, ensure_ascii=False)[:300]}")
    case.refresh()
    case.move("followUp")
    case.patch({"followUps": [{"followUpType": "planned", "note": META + SCRIPT}]}, "a follow-up note")
    case.move("assessment", reason=SCRIPT + META)  # a re-assessment, with a reason shown in the history

    # The authority's contact (issue 12): printed in the decision letter's head and complaint guidance.
    status, _, headers = api("GET", "/api/v1/settings", admin)
    assert status == 200, status
    status, body, _ = api("PATCH", "/api/v1/settings", admin, {"contact": {"address": SCRIPT + "\n" + BOLD, "email": EMAIL}},
                          {"If-Match": headers["ETag"]})
    if status != 200:
        failures.append(f"could not store the payload in the authority's contact: {status} {json.dumps(body, ensure_ascii=False)[:300]}")

    # The citizen's own page (issue 16 items 6 and 7): the caseworker gives guardians the hostile citizen's page (one
    # account made here with a hostile name); the demo guardian gives her view on a goal, with a hostile sentence.
    case.refresh()
    case.patch({"opening": {"guardianship": "yes", "guardianshipForm": "personal"}}, "guardianship")
    for grant in [{"username": "vaerge", "kind": "guardian"}, {"username": "vaerge.injektion", "displayName": META + SCRIPT, "kind": "guardian"}]:
        status, body, _ = api("POST", f"/api/v1/cases/{case.id}/representatives", cw, grant)
        if status != 201:
            failures.append(f"could not give a guardian the citizen's page: {status} {json.dumps(body, ensure_ascii=False)[:300]}")
    guardian = token("vaerge")
    status, body, _ = api("POST", f"/api/v1/me/cases/{case.id}/goals/{case.body['goals'][0]['id']}/view", guardian, {"colour": "red", "sentence": SCRIPT + BOLD})
    if status != 200:
        failures.append(f"could not store the payload in the citizen's view on a goal: {status} {json.dumps(body, ensure_ascii=False)[:300]}")

    status, user, _ = api("POST", "/api/v1/users", admin, {"username": "navn.injektion", "password": "en lang nok adgangskode",
                                                            "displayName": META + SCRIPT, "role": "caseworker",
                                                            "unitIds": ["00000000-0000-4000-8000-000000000101"]})
    assert status == 201, (status, user)
    return citizen["id"], case.id


def page_text(driver):
    return driver.execute_script("""
        const parts = [document.title, document.body.innerText];
        for (const el of document.querySelectorAll('input, textarea, option')) parts.push(el.value);
        return parts.join('\\n');""")


def inspect(driver, name, expect_texts=()):
    """The page stays put, runs nothing injected, and shows the payloads as text."""
    url = driver.current_url
    driver.execute_script("window.__openvumMark = 1")
    time.sleep(1.2)  # a meta refresh at 0 s, had one been injected, would have fired by now
    problems = []
    if driver.current_url != url:
        problems.append(f"navigated to {driver.current_url}")
    state = driver.execute_script("""return {
        mark: window.__openvumMark === 1, xss: window.__xss === 1,
        scripts: document.querySelectorAll('script').length,
        metas: document.querySelectorAll('meta[http-equiv]').length,
        bolds: document.querySelectorAll('b').length,
        bases: document.querySelectorAll('base').length};""")
    if not state["mark"]:
        problems.append("the page reloaded")
    if state["xss"]:
        problems.append("an injected script ran")
    for kind in ["scripts", "metas", "bases", "bolds"]:
        if state[kind]:
            problems.append(f"{state[kind]} injected {kind}")
    text = page_text(driver)
    for expected in expect_texts:
        if expected not in text:
            problems.append(f"does not show {expected[:30]!r}… as text")
    driver.save_screenshot(os.path.join(ART, f"injection-{name}.png"))
    visited.append(name)
    for p in problems:
        failures.append(f"{name} ({url}): {p}")


def login(driver, user, password=PASSWORD):
    driver.get(BASE + "/login")
    driver.find_element(By.ID, "username").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(password)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "button[type=submit].primary"))


def submit(driver, button):
    driver.execute_script("window.__openvumOldPage = true")
    button.click()
    WebDriverWait(driver, 10, ignored_exceptions=(Exception,)).until(
        lambda d: d.execute_script("return window.__openvumOldPage === undefined && document.readyState === 'complete'"))


def logout(driver):
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/logout'] button"))


def main():
    os.makedirs(ART, exist_ok=True)
    citizen_id, case_id = store_payloads()
    driver = make_driver()
    try:
        # Rejected input shown again: the login form.
        driver.get(BASE + "/login")
        driver.find_element(By.ID, "username").send_keys(META)
        driver.find_element(By.ID, "password").send_keys("forkert")
        submit(driver, driver.find_element(By.CSS_SELECTOR, "button[type=submit].primary"))
        inspect(driver, "login-refused", [META])

        login(driver, "sagsbehandler")
        inspect(driver, "start", [SCRIPT])
        driver.get(BASE + "/borgere")
        inspect(driver, "borgere", [SCRIPT])
        driver.get(BASE + f"/borgere/{citizen_id}")
        inspect(driver, "borger", [SCRIPT, META])
        driver.get(BASE + "/sager")
        inspect(driver, "sager", [META])
        driver.get(BASE + f"/sager/{case_id}")
        inspect(driver, "sag", [SCRIPT + META, SCRIPT + BOLD])
        for slug, texts in [("sagsaabning", [META, META + SCRIPT]), ("sagsoplysning", [META + SCRIPT]),
                            ("sagsvurdering", [SCRIPT + META]), ("afgoerelse", [META, SCRIPT + BASEURL]),
                            ("bestilling", [SCRIPT + META, SCRIPT + BOLD]),
                            ("levering", [SCRIPT + BOLD, META + BOLD, BASEURL + BOLD, BOLD + " uge", BOLD + " basis", SCRIPT + " før",
                                          META + " under", BASEURL + " til stede", BOLD + " borger", BOLD + " leder"]), ("opfoelgning", [])]:
            driver.get(BASE + f"/sager/{case_id}/{slug}")
            inspect(driver, f"fase-{slug}", texts)
        driver.get(BASE + f"/sager/{case_id}/afgoerelsesbrev")
        inspect(driver, "afgoerelsesbrev", [META, SCRIPT + BASEURL, SCRIPT + META, BOLD, EMAIL])

        # Rejected input shown again: the CPR search and a phase form with a refused number.
        driver.get(BASE + "/borgere")
        driver.find_element(By.ID, "cpr").send_keys(SCRIPT)
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/borgere/soeg'] button"))
        inspect(driver, "cpr-soegning-afvist", [SCRIPT])
        # A name search (two letters or more) is not refused: the text stays in the field, the answer says none matched.
        driver.find_element(By.ID, "cpr").clear()
        driver.find_element(By.ID, "cpr").send_keys(BOLD)
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/borgere/soeg'] button"))
        inspect(driver, "navnesoegning", [BOLD])
        # The worklist's filters come from the address: unknown values are ignored, never written back.
        driver.get(BASE + "/sager?fase=%22%3E%3Cb%3Ex%3C%2Fb%3E&sortering=%22%3E%3Cb%3Ex%3C%2Fb%3E")
        inspect(driver, "sager-filter", [])
        # The case page is one form: a note saved while a complaint's remark is typed shows the remark again, unsaved.
        driver.get(BASE + f"/sager/{case_id}")
        for summary in driver.find_elements(By.CSS_SELECTOR, "details.form-panel:not([open]) > summary"):
            summary.click()
        driver.find_element(By.CSS_SELECTOR, "#noteCategory option[value='internal']").click()
        driver.find_element(By.ID, "noteText").send_keys(BOLD)
        driver.find_element(By.ID, "complaint-note").send_keys(BOLD + META)
        submit(driver, driver.find_element(By.CSS_SELECTOR, "button[formaction$='/notater']"))
        inspect(driver, "sag-en-formular", [BOLD, BOLD + META])
        driver.get(BASE + f"/sager/{case_id}/sagsoplysning")
        # The subthemes are folded by FFB theme: open them all.
        for summary in driver.find_elements(By.CSS_SELECTOR, "details.theme:not([open]) > summary"):
            summary.click()
        levels = driver.find_elements(By.CSS_SELECTOR, "input[name^='level.']")
        if levels:
            levels[0].send_keys("7")
        area = driver.find_element(By.ID, "investigation-overallFunctionalAssessment")
        area.clear()
        area.send_keys(BASEURL + META)
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/sagsoplysning'] button[type=submit].primary"))
        inspect(driver, "fase-afvist", [BASEURL + META])
        logout(driver)

        # The provider: the inbox and each order name the citizen (a hostile name); the rejected one shows its reason.
        login(driver, "udfoerer")
        driver.get(BASE + "/bestillinger")
        inspect(driver, "bestillinger", [SCRIPT + " " + META, BASEURL + BOLD])
        # Only the hostile citizen's orders (the browser test may have left others on the same server).
        for n, link in enumerate([a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "table.rows tbody a") if "__xss" in a.text]):
            driver.get(link)
            inspect(driver, f"bestilling-{n}", [SCRIPT + " " + META])
        logout(driver)

        # The administrator: users (a hostile display name; a refused form shown again) and the audit log.
        login(driver, "admin")
        driver.get(BASE + "/admin/brugere")
        inspect(driver, "admin-brugere", [META + SCRIPT])
        driver.find_element(By.ID, "username").send_keys(SCRIPT)
        driver.find_element(By.ID, "displayName").send_keys(META)
        driver.find_element(By.ID, "password").send_keys("kort")
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/admin/brugere'] button"))
        inspect(driver, "admin-brugere-afvist", [SCRIPT, META])
        driver.get(BASE + "/admin/revisionslog")
        inspect(driver, "revisionslog")
        logout(driver)

        # The guardian reads the hostile citizen's page: her name, the goal and the sentence as text.
        login(driver, "vaerge")
        driver.get(BASE + f"/mine-sager/borger/{citizen_id}")
        inspect(driver, "borgerens-side-vaerge", [SCRIPT, META, SCRIPT + BOLD])
        logout(driver)

        # The user with the hostile name sees it in the page header.
        login(driver, "navn.injektion", "en lang nok adgangskode")
        inspect(driver, "start-fjendtligt-navn", [META + SCRIPT])
        logout(driver)
    finally:
        driver.quit()

    if failures:
        print("INJECTION TEST FAILED:")
        for f in failures:
            print("  -", f)
        sys.exit(1)
    print(f"injection: payloads stored in every free-text field; {len(visited)} pages show them as text, none navigates or runs them")


if __name__ == "__main__":
    main()
