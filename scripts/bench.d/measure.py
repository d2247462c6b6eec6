"""Measures OpenVUM's hot paths with wrk and the same SQL with pgbench; writes a Markdown report.

Called by scripts/bench with BASE_URL, ENGINE, CASES, DURATION, OUT, PGBENCH, PSQL_URL, PSQL_SUPER_URL and PG_LOG
(PostgreSQL).

The raw SQL of an endpoint is not written by hand: one request is made with PostgreSQL's statement log on,
and the statements the server sent for it (with their parameters as literals) become the pgbench script.
So the ratio compares OpenVUM with exactly its own SQL.
"""
import glob
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

BASE = os.environ["BASE_URL"]
ENGINE = os.environ["ENGINE"]
CASES = int(os.environ["CASES"])
DURATION = int(os.environ["DURATION"])
OUT = os.environ["OUT"]
SMOKE = os.environ.get("SMOKE") == "1"
PSQL = os.environ.get("PSQL_URL")
PSQL_SUPER = os.environ.get("PSQL_SUPER_URL")
PG_LOG = os.environ.get("PG_LOG")
PGBENCH = os.environ.get("PGBENCH")


def http(method, path, token=None, body=None, headers=None, parse=True):
    req = urllib.request.Request(BASE + path, method=method, data=json.dumps(body).encode() if body is not None else None)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    with urllib.request.urlopen(req) as r:
        data = r.read()
        return (json.loads(data or b"{}") if parse else data), r.headers


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


def cpu_seconds(pids):
    """User plus system CPU seconds consumed so far by these processes (from /proc)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def database_cpu():
    """CPU seconds of the PostgreSQL cluster so far: the postmaster with its exited children (cutime,
    cstime) plus every living child (backends, WAL writer, autovacuum …), so that a process that starts
    or ends during a run is counted for the part it ran."""
    pgdata = os.environ.get("PGDATA")
    if not pgdata or not os.path.exists(os.path.join(pgdata, "postmaster.pid")):
        return 0.0
    with open(os.path.join(pgdata, "postmaster.pid")) as f:
        master = f.readline().strip()
    try:
        with open(f"/proc/{master}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        own = sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    except FileNotFoundError:
        return 0.0
    children = subprocess.run(["pgrep", "-P", master], capture_output=True, text=True).stdout.split()
    return own + cpu_seconds(children)


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
    server = [os.environ.get("APP_PID", "0")]
    time.sleep(0.5)  # let the database reap the short-lived backends of the capture and pgbench first
    before = (cpu_seconds(server), database_cpu(), resource.getrusage(resource.RUSAGE_CHILDREN))
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{DURATION}s", "--latency", "-s", script, BASE + path],
                         check=True, capture_output=True, text=True).stdout
    after = (cpu_seconds(server), database_cpu(), resource.getrusage(resource.RUSAGE_CHILDREN))
    load_cpu = (after[2].ru_utime + after[2].ru_stime) - (before[2].ru_utime + before[2].ru_stime)

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
    per = lambda seconds: seconds * 1000 / max(1, total)
    cpu = (per(after[0] - before[0]), per(after[1] - before[1]), per(load_cpu))
    return {"p50": ms("50"), "p99": ms("99"), "rps": rps, "requests": total, "errors": non2xx + sock, "cpu": cpu}


def pgbench(name, sql, connections=1):
    if not PSQL or not PGBENCH:
        return None
    path = os.path.join(OUT, f"{name}.sql")
    with open(path, "w") as f:
        f.write(sql)
    for old in glob.glob(os.path.join(OUT, f"pgbench_log.{name}*")):
        os.remove(old)
    # Reads use connections with synchronous_commit off, as the server's read pool does.
    env = dict(os.environ, PGOPTIONS="-c synchronous_commit=off")
    subprocess.run([PGBENCH, "-n", "-c", str(connections), "-j", str(connections), "-T", str(DURATION), "-f", path, "-l",
                    f"--log-prefix={os.path.join(OUT, 'pgbench_log.' + name)}", PSQL], check=True, capture_output=True, text=True, env=env)
    lat = []
    for log in glob.glob(os.path.join(OUT, f"pgbench_log.{name}*")):
        with open(log) as f:
            lat += [int(line.split()[2]) / 1000 for line in f if line.strip()]
    return statistics.median(lat) if lat else None


LOG_ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \w+ \[\d+\] ", re.M)
PARAM = re.compile(r"\$(\d+) = (NULL|'(?:[^']|'')*')")
UUID = re.compile(r"^'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'$")


def captured_sql(method, path, headers, body, known_ids):
    """The statements PostgreSQL executed for one request, as a pgbench script (parameters as literals;
    a UUID the request did not name is a new row's id, so it becomes gen_random_uuid())."""
    if not (PSQL_SUPER and PG_LOG):
        return None
    http(method, path, headers=headers, body=body, parse=False)  # warm: caches (terminology) loaded before the capture
    subprocess.run(["psql", PSQL_SUPER, "-Atqc", "ALTER SYSTEM SET log_min_duration_statement = 0"], check=True)
    subprocess.run(["psql", PSQL_SUPER, "-Atqc", "SELECT pg_reload_conf()"], check=True, capture_output=True)
    time.sleep(0.3)
    start = os.path.getsize(PG_LOG)
    http(method, path, headers=headers, body=body, parse=False)
    time.sleep(0.3)
    subprocess.run(["psql", PSQL_SUPER, "-Atqc", "ALTER SYSTEM RESET log_min_duration_statement"], check=True)
    subprocess.run(["psql", PSQL_SUPER, "-Atqc", "SELECT pg_reload_conf()"], check=True, capture_output=True)
    with open(PG_LOG, errors="replace") as f:
        f.seek(start)
        text = f.read()
    entries = [e for e in LOG_ENTRY.split(text) if e.strip()]
    statements = []
    for i, e in enumerate(entries):
        m = re.match(r"LOG:\s+duration: [\d.]+ ms\s+(?:execute [^:]*|statement): (.*)", e, re.S)
        if not m or "pg_reload_conf" in m.group(1) or "ALTER SYSTEM" in m.group(1):
            continue
        sql = m.group(1).strip()
        detail = entries[i + 1] if i + 1 < len(entries) and "DETAIL:  parameters:" in entries[i + 1] else ""
        if "DETAIL:  parameters:" in e:
            sql, detail = sql.split("DETAIL:  parameters:", 1)
        params = dict((int(n), v) for n, v in PARAM.findall(detail))
        for n in sorted(params, reverse=True):
            v = params[n]
            if UUID.match(v) and v.strip("'").lower() not in known_ids:
                v = "gen_random_uuid()"
            sql = sql.replace(f"${n}", v)
        statements.append(sql.strip().rstrip(";") + ";")
    return "\n".join(statements) + "\n" if statements else None


def payment_import(t_admin, lines):
    """Times POST /api/v1/payments/import of a file of `lines` payment lines over the municipality's sent orders, then
    the same file again (every voucher already there: nothing changes). Returns (seconds, seconds again, orders)."""
    orders = [o["id"] for o in http("GET", "/api/v1/orders", t_admin)[0]["items"] if o.get("orderedOn") and o["state"] != "rejected"][:500]
    if not orders:
        return None
    rows = ["bilag;bestilling;ydelsesmåned;konto;beløb;bogføringsdato"]
    for i in range(lines):
        month = 1 + (i // len(orders)) % 10
        rows.append(f"BENCH-{i};{orders[i % len(orders)]};2026-{month:02d};5.38.50;1.234,56;15-{month + 1:02d}-2026")
    body = ("\n".join(rows) + "\n").encode()
    times = []
    for _ in range(2):
        req = urllib.request.Request(BASE + "/api/v1/payments/import", method="POST", data=body)
        req.add_header("Content-Type", "text/csv")
        req.add_header("Authorization", "Bearer " + t_admin)
        start = time.monotonic()
        with urllib.request.urlopen(req, timeout=600) as r:
            report = json.loads(r.read())
        times.append(time.monotonic() - start)
        if report["errors"] or report["new"] + report["unchanged"] != lines:
            raise SystemExit(f"payment import: unexpected report {report}")
    return times[0], times[1], len(orders)


def economy_rows(t_admin, admin_cookie):
    """The economy (issue 14) of municipality 1 as its administrator sees it, one request after another (not with wrk):
    computed from every case of the municipality (`fresh=true`), and as kept (EconomySnapshots); then the finance
    system's payment file through the API. Returns (rows, payment import times)."""
    economy = []
    for name, path, headers in (("economy projection", "/api/v1/economy/projection", {}), ("budget follow-up", "/api/v1/budgets", {}),
                                ("economy page (HTML)", "/oekonomi", {"Cookie": admin_cookie})):
        def timed(url, n):
            times = []
            for _ in range(n):
                start = time.monotonic()
                http("GET", url, None if headers else t_admin, headers=headers, parse=False)
                times.append((time.monotonic() - start) * 1000)
            return statistics.median(times), max(times), n
        computed = timed(path + ("?frisk=1" if headers else "?fresh=true"), 2 if SMOKE else 5)
        kept = timed(path, 5 if SMOKE else 50)
        economy.append((name, computed, kept))
        print(f"  {name:20} c=1  computed p50={computed[0]:.1f} ms max={computed[1]:.1f} ms; kept p50={kept[0]:.2f} ms max={kept[1]:.1f} ms", flush=True)

    # The finance system's payment file: 100,000 lines (1,000 in a smoke run) through the API, and again.
    payment_lines = 1000 if SMOKE else 100_000
    imported = payment_import(t_admin, payment_lines)
    if imported:
        print(f"  payment import: {payment_lines:,} lines in {imported[0]:.1f} s, again (nothing new) in {imported[1]:.1f} s, over {imported[2]} orders", flush=True)
    return economy, imported


def figure_rows(t_admin, admin_cookie):
    """The management figures and reports (issue 15) of municipality 1 as its administrator sees them, one request after
    another: the figure set (`GET /api/v1/figures`, every figure of figures.md) read from the cases (`fresh=true`) and as
    kept (FigureSnapshots); then every report page, its first request computing the report's figures from the kept
    cases and the next ones kept. Returns (figure set row, report rows)."""
    def timed(path, n, headers=None, token=None):
        times = []
        for _ in range(n):
            start = time.monotonic()
            http("GET", path, token, headers=headers or {}, parse=False)
            times.append((time.monotonic() - start) * 1000)
        return statistics.median(times), max(times), n
    computed = timed("/api/v1/figures?fresh=true", 1 if not SMOKE else 2, token=t_admin)
    kept = timed("/api/v1/figures", 5 if SMOKE else 50, token=t_admin)
    print(f"  figure set           c=1  computed p50={computed[0]:.1f} ms; kept p50={kept[0]:.2f} ms max={kept[1]:.1f} ms", flush=True)
    reports = []
    for r in http("GET", "/api/v1/reports", t_admin)[0]["items"]:
        path = "/rapporter/" + r["id"]
        first = timed(path, 1, headers={"Cookie": admin_cookie})
        again = timed(path, 3 if SMOKE else 20, headers={"Cookie": admin_cookie})
        reports.append((r["id"], first, again))
        print(f"  report {r['id']:28} first={first[0]:.0f} ms kept p50={again[0]:.1f} ms max={again[1]:.1f} ms", flush=True)
    return (computed, kept), reports


def bi_export():
    """The BI dataset (issue 15 item 6) of every municipality, one `openvum export bi` after another, as an operator runs
    it: the wall time of all together, the rows written, and the largest resident memory of one export."""
    import shutil
    import tempfile
    codes = psql("SELECT string_agg(code, ' ' ORDER BY code) FROM municipalities").split() if PSQL else [None]
    env = dict(os.environ, OPENVUM_BI_KEY="bench-bi-key-0123456789abcdefghijklmnopqrstuvwxyz")
    folder = tempfile.mkdtemp(prefix="openvum-bi-")
    started, rows, peak = time.monotonic(), 0, 0
    try:
        for i, code in enumerate(codes):
            args = [os.environ["BIN"], "export", "bi", "--out", os.path.join(folder, str(i))] + (["--municipality", code] if code else [])
            child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
            out = child.stdout.read()
            _, status, usage = os.wait4(child.pid, 0)
            if status != 0:
                raise SystemExit(f"BI export of {code}: exit {status}: {out[-500:]}")
            rows += sum(int(m) for m in re.findall(r": (\d+) rækker", out))
            peak = max(peak, usage.ru_maxrss)
        seconds = time.monotonic() - started
        cases = int(psql("SELECT COUNT(*) FROM cases")) if PSQL else None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"  BI export: {len(codes)} municipalities, {rows:,} rows in {seconds:.1f} s, largest resident memory {peak / 1024:.0f} MB", flush=True)
    return len(codes), cases, rows, seconds, peak


def main():
    caseworker, admin = "m1-t1-sagsbehandler-1", "m1-admin"
    t_cw, t_admin = token(caseworker), token(admin)
    worklist = http("GET", "/api/v1/worklist?limit=100", t_cw)[0]["items"]
    case_id = worklist[0]["case"]["id"]
    citizen_id = worklist[0]["case"]["citizenId"]
    cpr = http("GET", f"/api/v1/citizens/{citizen_id}", t_cw)[0]["cpr"]
    cookie = session_cookie(caseworker)
    auth = lambda t: {"Authorization": "Bearer " + t}
    # The provider (issue 13): the first provider's staff of municipality 1, its inbox, an order and a status report for
    # a started order whose case has a planned follow-up (one status per goal of the order).
    t_provider = token("m1-udfoerer")
    inbox = http("GET", "/api/v1/orders", t_provider)[0]["items"]
    provider_rows, report = [], None
    for o in inbox:
        if o["state"] != "started":
            continue
        status = http("GET", f"/api/v1/orders/{o['id']}/status-reports", t_provider)[0]
        if status["followUpDate"] and status["goals"]:
            goals = [{"goalId": g["id"], "level": 2, "citizenView": "partly", "helpGiven": "Støtte til indkøb", "nextStep": "continue"} for g in status["goals"]]
            report = (o["id"], {"goals": goals, "significantChanges": "Ingen"})
            break
    if inbox:
        provider_rows = [
            ("provider inbox", "GET", "/api/v1/orders", auth(t_provider), None),
            ("order list (admin)", "GET", "/api/v1/orders", auth(t_admin), None),
            ("order read", "GET", f"/api/v1/orders/{inbox[0]['id']}", auth(t_provider), None),
        ]
        if report:
            provider_rows.append(("status-report write", "POST", f"/api/v1/orders/{report[0]}/status-reports", auth(t_provider), report[1]))
    else:
        print("  no orders for m1-udfoerer: the provider rows are left out", flush=True)

    endpoints = [
        # The floor: a request that touches no database (health), and one that also verifies a token (me).
        ("floor (health)", "GET", "/livez", {}, None),
        ("floor (token)", "GET", "/api/v1/me", auth(t_cw), None),
        ("worklist", "GET", "/api/v1/worklist?limit=100", auth(t_cw), None),
        ("case list", "GET", "/api/v1/cases?limit=100&open=true", auth(t_cw), None),
        ("case list (admin)", "GET", "/api/v1/cases?limit=100&open=true", auth(t_admin), None),
        ("case read", "GET", f"/api/v1/cases/{case_id}", auth(t_cw), None),
        ("CPR search", "POST", "/api/v1/citizens/search", auth(t_cw), {"cpr": cpr}),
        ("team overview", "GET", "/api/v1/caseload", auth(t_admin), None),
        ("HTML worklist page", "GET", "/sager", {"Cookie": cookie}, None),
        *provider_rows,
        # Last: every create adds a case to the caseworker's worklist.
        ("case create", "POST", "/api/v1/cases", auth(t_cw), {"citizenId": citizen_id, "origin": "inquiry"}),
    ]
    # Warm-up, not measured: the server's first requests (connections, caches) and any flushing the database still
    # does after the load should not land in the floor rows.
    warm_until = time.monotonic() + 3
    while time.monotonic() < warm_until:
        http("GET", "/livez", parse=False)
        http("GET", "/api/v1/me", t_cw)
    known = {x.lower() for x in (case_id, citizen_id)}
    if PSQL:
        known |= set(psql(f"""SELECT string_agg(id::text, ' ') FROM (SELECT id FROM users UNION ALL SELECT id FROM org_units
                              UNION ALL SELECT id FROM municipalities) x""").split())
    rows = []
    for name, method, path, headers, body in endpoints:
        # Writes are measured through the API only (their SQL would collide with itself when replayed).
        script = captured_sql(method, path, headers, body, known) if name not in ("case create", "status-report write") and not name.startswith("floor") else None
        if script:
            with open(os.path.join(OUT, name.replace(" ", "_") + ".sql"), "w") as f:
                f.write(script)
        raw = pgbench(name.replace(" ", "_"), script) if script else None
        for conns in (1, 16):
            r = wrk(name.replace(" ", "_").replace("(", "").replace(")", "") + f"_c{conns}", path, headers, conns, method, body)
            r.update(name=name, conns=conns, raw=raw if conns == 1 else None)
            rows.append(r)
            print(f"  {name:20} c={conns:<2} p50={r['p50']:.2f} ms p99={r['p99']:.2f} ms {r['rps']:.0f} req/s errors={r['errors']}"
                  f" cpu/req server={r['cpu'][0]:.2f} db={r['cpu'][1]:.2f} wrk={r['cpu'][2]:.2f} ms"
                  + (f" raw SQL p50={raw:.3f} ms ratio={r['p50'] / raw:.1f}" if raw and conns == 1 else ""), flush=True)

    economy, imported = economy_rows(t_admin, session_cookie(admin))
    figure_set, reports = figure_rows(t_admin, session_cookie(admin))
    exported = bi_export()

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=os.environ["ROOT"]).stdout.strip()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    lines = [f"Engine: {ENGINE}; cases: {CASES:,}; generated in {os.environ.get('GEN_SECONDS', '?')} s; commit {commit}; "
             f"{os.cpu_count()} cores ({cpu}); wrk {DURATION} s per run on the same machine.", "",
             "CPU per request: milliseconds of CPU used by the server, the database and the load generator (wrk) during",
             "the run, divided by the requests it completed (the 2 cores give 2,000 ms of CPU per second in all).", "",
             "| Endpoint | Connections | p50 (ms) | p99 (ms) | Requests/s | Errors | Raw SQL p50 (ms) | p50 ratio | CPU/request: server · database · wrk (ms) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        raw = f"{r['raw']:.3f}" if r["raw"] else "–"
        ratio = f"{r['p50'] / r['raw']:.1f}×" if r["raw"] else "–"
        cpu = " · ".join(f"{c:.2f}" for c in r["cpu"])
        lines.append(f"| {r['name']} | {r['conns']} | {r['p50']:.2f} | {r['p99']:.2f} | {r['rps']:.0f} | {r['errors']} | {raw} | {ratio} | {cpu} |")
    lines += ["", "The economy (one request after another, no wrk): computed from the municipality's cases (`fresh=true`), and kept (EconomySnapshots):", "",
              "| Endpoint | Computed: requests | p50 (ms) | max (ms) | Kept: requests | p50 (ms) | max (ms) |", "|---|---|---|---|---|---|---|"]
    lines += [f"| {name} | {c[2]} | {c[0]:.1f} | {c[1]:.1f} | {k[2]} | {k[0]:.2f} | {k[1]:.1f} |" for name, c, k in economy]
    if imported:
        lines += ["", f"Payment import (`POST /api/v1/payments/import`, one request of {1000 if SMOKE else 100_000:,} lines over {imported[2]} orders): "
                      f"{imported[0]:.1f} s; the same file again (nothing new): {imported[1]:.1f} s."]
    lines += ["", "Management figures and reports (one request after another, no wrk): the figure set read from the cases (`fresh=true`) and kept",
              "(FigureSnapshots); each report page's first request (its figures computed from the kept cases) and the next ones:", "",
              "| Page | First: p50 (ms) | Kept: requests | p50 (ms) | max (ms) |", "|---|---|---|---|---|"]
    (fc, fk) = figure_set
    lines.append(f"| figure set (`/api/v1/figures`, all) | {fc[0]:.0f} | {fk[2]} | {fk[0]:.1f} | {fk[1]:.1f} |")
    lines += [f"| report `{rid}` | {first[0]:.0f} | {again[2]} | {again[0]:.1f} | {again[1]:.1f} |" for rid, first, again in reports]
    n, cases, rows_written, seconds, peak = exported
    lines += ["", f"BI export (`openvum export bi`, each of {n} municipalities in turn{f', {cases:,} cases' if cases else ''}): {rows_written:,} rows in "
                  f"{seconds:.1f} s; largest resident memory of one export {peak / 1024:.0f} MB."]
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
