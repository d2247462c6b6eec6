"""Measures OpenVUM's hot paths with wrk and the same SQL with pgbench; writes a Markdown report.

Called by scripts/bench with BASE_URL, ENGINE, CASES, DURATION, OUT, PGBENCH, PSQL_URL (PostgreSQL).
"""
import glob
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import urllib.parse
import urllib.request

BASE = os.environ["BASE_URL"]
ENGINE = os.environ["ENGINE"]
CASES = int(os.environ["CASES"])
DURATION = int(os.environ["DURATION"])
OUT = os.environ["OUT"]
SMOKE = os.environ.get("SMOKE") == "1"
PSQL = os.environ.get("PSQL_URL")
PGBENCH = os.environ.get("PGBENCH")


def http(method, path, token=None, body=None, headers=None):
    req = urllib.request.Request(BASE + path, method=method, data=json.dumps(body).encode() if body is not None else None)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"{}"), r.headers


def token(user):
    return http("POST", "/api/v1/auth/token", body={"username": user, "password": os.environ.get("OPENVUM_DEMO_PASSWORD", "demo")})[0]["token"]


def session_cookie(user):
    """Logs in through the web form and returns the session cookie."""
    import http.cookiejar
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(BASE + "/login").read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": user, "password": "demo", "_csrf": csrf}).encode()
    opener.open(BASE + "/login", data=data)
    for c in jar:
        if c.name == "openvum_session":
            return "openvum_session=" + c.value
    raise SystemExit("web login failed for " + user)


def psql(sql):
    return subprocess.run(["psql", PSQL, "-Atqc", sql], check=True, capture_output=True, text=True).stdout.strip()


def wrk(name, path, headers, connections, method="GET", body=None):
    script = os.path.join(OUT, f"{name}.lua")
    with open(script, "w") as f:
        f.write(f'wrk.method = "{method}"\n')
        if body is not None:
            f.write("wrk.body = " + json.dumps(json.dumps(body)) + "\n")
        f.write('wrk.headers["Content-Type"] = "application/json"\n')
        for k, v in headers.items():
            f.write(f'wrk.headers["{k}"] = "{v}"\n')
    threads = min(connections, 2)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{DURATION}s", "--latency", "-s", script, BASE + path],
                         check=True, capture_output=True, text=True).stdout

    def ms(label):
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return None
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    sock = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", out)) if "Socket errors" in out else 0
    return {"p50": ms("50"), "p99": ms("99"), "rps": rps, "requests": total, "errors": non2xx + sock}


def pgbench(name, sql, connections=1):
    if not PSQL or not PGBENCH:
        return None
    path = os.path.join(OUT, f"{name}.sql")
    with open(path, "w") as f:
        f.write(sql)
    for old in glob.glob(os.path.join(OUT, f"pgbench_log.{name}*")):
        os.remove(old)
    subprocess.run([PGBENCH, "-n", "-c", str(connections), "-j", str(connections), "-T", str(DURATION), "-f", path, "-l",
                    f"--log-prefix={os.path.join(OUT, 'pgbench_log.' + name)}", PSQL], check=True, capture_output=True, text=True)
    lat = []
    for log in glob.glob(os.path.join(OUT, f"pgbench_log.{name}*")):
        with open(log) as f:
            lat += [int(line.split()[2]) / 1000 for line in f if line.strip()]
    return statistics.median(lat) if lat else None


def main():
    caseworker, lead, admin = "m1-t1-sagsbehandler-1", "m1-t1-teamleder", "m1-admin"
    t_cw, t_lead, t_admin = token(caseworker), token(lead), token(admin)
    worklist = http("GET", "/api/v1/worklist?limit=100", t_cw)[0]["items"]
    case_id = worklist[0]["case"]["id"]
    citizen_id = worklist[0]["case"]["citizenId"]
    cpr = http("GET", f"/api/v1/citizens/{citizen_id}", t_cw)[0]["cpr"]
    cookie = session_cookie(caseworker)
    auth = lambda t: {"Authorization": "Bearer " + t}

    sql = {}
    if PSQL:
        ids = json.loads(psql(f"""SELECT json_build_object('user', u.id, 'mun', u.municipality_id, 'unit', uu.unit_id)
                                   FROM users u JOIN user_units uu ON uu.user_id = u.id WHERE u.username = '{caseworker}'"""))
        mun, unit, user = ids["mun"], ids["unit"], ids["user"]
        audit = (f"INSERT INTO audit_log (id, occurred_at, occurred_us, municipality_id, user_id, unit_id, action, object_type, channel) "
                 f"VALUES (gen_random_uuid(), now(), (extract(epoch from now())*1000000)::bigint, '{mun}', '{user}', '{unit}', 'bench', 'case', 'api');\n")
        summary = ("c.id, c.citizen_id, ci.given_name, ci.family_name, c.responsible_unit_id, c.caseworker_id, c.phase, c.opened_on, "
                   "c.next_deadline_on, c.next_deadline_kind, c.version")
        sql["worklist"] = ("BEGIN;\nSET LOCAL synchronous_commit = off;\n"
                           f"SELECT {summary} FROM cases c JOIN citizens ci ON ci.id = c.citizen_id WHERE c.municipality_id = '{mun}' AND c.responsible_unit_id IN ('{unit}') "
                           f"AND c.caseworker_id = '{user}' AND c.phase <> 'closed' ORDER BY CASE WHEN c.next_deadline_on IS NULL THEN 1 ELSE 0 END, c.next_deadline_on, c.id LIMIT 100;\n"
                           f"SELECT case_id, kind, due_on, label FROM case_deadlines WHERE case_id IN (SELECT id FROM cases WHERE caseworker_id = '{user}' AND phase <> 'closed' "
                           f"ORDER BY next_deadline_on NULLS LAST, id LIMIT 100) ORDER BY due_on;\n" + audit + "COMMIT;\n")
        sql["case list"] = ("BEGIN;\nSET LOCAL synchronous_commit = off;\n"
                            f"SELECT {summary} FROM cases c JOIN citizens ci ON ci.id = c.citizen_id WHERE c.municipality_id = '{mun}' AND c.responsible_unit_id IN ('{unit}') "
                            f"AND c.phase <> 'closed' ORDER BY c.opened_on DESC, c.id DESC LIMIT 101;\n" + audit + "COMMIT;\n")
        sql["case read"] = ("BEGIN;\nSET LOCAL synchronous_commit = off;\n"
                            f"SELECT c.* FROM cases c WHERE c.municipality_id = '{mun}' AND c.responsible_unit_id IN ('{unit}') AND c.id = '{case_id}';\n" + audit + "COMMIT;\n")
        digits = cpr.replace("-", "")
        sql["CPR search"] = ("BEGIN;\nSET LOCAL synchronous_commit = off;\n"
                             f"SELECT * FROM citizens WHERE municipality_id = '{mun}' AND responsible_unit_id IN ('{unit}') AND cpr = '{digits}' ORDER BY id;\n" + audit + "COMMIT;\n")
        sql["team overview"] = (f"SELECT c.caseworker_id, u.display_name, COUNT(*), SUM(CASE WHEN c.next_deadline_on < to_char(now(), 'YYYY-MM-DD') THEN 1 ELSE 0 END) "
                                f"FROM cases c LEFT JOIN users u ON u.id = c.caseworker_id WHERE c.municipality_id = '{mun}' "
                                f"AND c.responsible_unit_id IN (SELECT id FROM org_units WHERE municipality_id = '{mun}' AND kind = 'authorityTeam') AND c.phase <> 'closed' "
                                f"GROUP BY c.caseworker_id, u.display_name ORDER BY u.display_name;\n")

    endpoints = [
        ("worklist", "GET", "/api/v1/worklist?limit=100", auth(t_cw), None),
        ("case list", "GET", "/api/v1/cases?limit=100&open=true", auth(t_cw), None),
        ("case list (admin)", "GET", "/api/v1/cases?limit=100&open=true", auth(t_admin), None),
        ("case read", "GET", f"/api/v1/cases/{case_id}", auth(t_cw), None),
        ("CPR search", "POST", "/api/v1/citizens/search", auth(t_cw), {"cpr": cpr}),
        ("team overview", "GET", "/api/v1/caseload", auth(t_admin), None),
        ("HTML worklist page", "GET", "/sager", {"Cookie": cookie}, None),
        # Last: every create adds a case to the caseworker's worklist.
        ("case create", "POST", "/api/v1/cases", auth(t_cw), {"citizenId": citizen_id, "origin": "inquiry"}),
    ]
    rows = []
    for name, method, path, headers, body in endpoints:
        raw = pgbench(name.replace(" ", "_"), sql[name]) if name in sql else None
        for conns in (1, 16):
            r = wrk(name.replace(" ", "_").replace("(", "").replace(")", "") + f"_c{conns}", path, headers, conns, method, body)
            r.update(name=name, conns=conns, raw=raw if conns == 1 else None)
            rows.append(r)
            print(f"  {name:20} c={conns:<2} p50={r['p50']:.2f} ms p99={r['p99']:.2f} ms {r['rps']:.0f} req/s errors={r['errors']}"
                  + (f" raw SQL p50={raw:.3f} ms ratio={r['p50'] / raw:.1f}" if raw and conns == 1 else ""), flush=True)

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=os.environ["ROOT"]).stdout.strip()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    lines = [f"Engine: {ENGINE}; cases: {CASES:,}; generated in {os.environ.get('GEN_SECONDS', '?')} s; commit {commit}; "
             f"{os.cpu_count()} cores ({cpu}); wrk {DURATION} s per run on the same machine.", "",
             "| Endpoint | Connections | p50 (ms) | p99 (ms) | Requests/s | Errors | Raw SQL p50 (ms) | p50 ratio |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        raw = f"{r['raw']:.3f}" if r["raw"] else "–"
        ratio = f"{r['p50'] / r['raw']:.1f}×" if r["raw"] else "–"
        lines.append(f"| {r['name']} | {r['conns']} | {r['p50']:.2f} | {r['p99']:.2f} | {r['rps']:.0f} | {r['errors']} | {raw} | {ratio} |")
    report = "\n".join(lines) + "\n"
    with open(os.path.join(OUT, f"results-{ENGINE}-{CASES}.md"), "w") as f:
        f.write(report)
    print(report)
    failed = [r for r in rows if r["errors"] and r["name"] != "case create"]
    if failed:
        print("errors in: " + ", ".join(f"{r['name']} c={r['conns']}" for r in failed))
        sys.exit(1)


if __name__ == "__main__":
    main()
