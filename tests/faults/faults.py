#!/usr/bin/env python3
"""Fault proofs for OpenVUM, against the real server binary (issue 9; docs/operations.md).

  crash        writers record every acknowledged write while the server, or PostgreSQL, is killed with
               kill -9 at random moments; after each restart every acknowledged write is present, and the
               database passes its integrity check (SQLite: PRAGMA integrity_check; PostgreSQL: pg_amcheck).
  outage       PostgreSQL is killed repeatedly under write load in one server's lifetime: every request is
               answered within a bound, never with 500; during the outage writes fail fast with 503 and
               Retry-After and /readyz says so; writes succeed again within 5 s of PostgreSQL being ready.
  burst        8 writers for 30 s on the embedded SQLite database: not one 5xx.
  lost-updates 1,000 concurrent edits of the same cases with If-Match: every edit wins or gets 412, and each
               case ends as its winners applied in order.
  backup       back up a populated database while the server runs (openvum backup), restore it into a new
               one (openvum restore), boot the server on it, compare row counts and checksums of every table.
  outbox       case changes write Sags- og Dokumentindeks messages while the receiver (an HTTP server of the
               harness's own) is first down, then slow, answers 503 or garbage; the server is killed with kill -9
               while a delivery is under way, --cycles times. In the end every message is delivered, the receiver
               accepted each idempotency key exactly once (however often it was sent), and per case in the order
               written.

Every mode takes --engine sqlite|postgres. PostgreSQL runs as a throwaway cluster of the harness's own (it is
killed), so the harness runs as root (as scripts/test does). Logs land in --artifacts.
"""
import argparse
import concurrent.futures
import http.server as httpserver
import hashlib
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("OPENVUM_BIN", os.path.join(ROOT, ".build", "debug", "openvum"))
PGBIN = "/usr/lib/postgresql/15/bin"
TEAM = "00000000-0000-4000-8000-000000000101"
SECRET = "fault-harness-secret-0123456789abcdef0123456789"
DB_TIMEOUT = 5  # OPENVUM_DB_TIMEOUT_SECONDS given to the server
BOUND = 2 * DB_TIMEOUT + 3  # every request must be answered within this many seconds



# Legal paragraphs from OpenVUM's list (LegalBasis), for writes that must be accepted.
PARAGRAPHS = ["SEL § 83", "SEL § 84", "SEL § 85", "SEL § 97", "SEL § 99", "SEL § 101", "SEL § 103", "SEL § 104", "SEL § 107", "SEL § 108",
              "SEL § 110", "ABL § 105", "SUL § 141"]

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)


class Failure(Exception):
    pass


# ---------------------------------------------------------------------------------------------- processes

class Postgres:
    """A throwaway PostgreSQL 15 cluster with full durability (fsync and synchronous commit on)."""

    def __init__(self, workdir):
        self.dir = os.path.join(workdir, "pg")
        os.makedirs(self.dir)
        shutil.chown(self.dir, "postgres", "postgres")
        self.port = free_port()
        self.log = os.path.join(workdir, "postgres.log")
        open(self.log, "a").close()
        shutil.chown(self.log, "postgres", "postgres")
        subprocess.run(["runuser", "-u", "postgres", "--", f"{PGBIN}/initdb", "-D", self.dir, "-U", "postgres", "--auth=trust",
                        "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
        self.start()

    def start(self):
        # After a kill -9 of the postmaster its orphaned backends may hold the shared memory for a moment.
        deadline = time.time() + 60
        while True:
            r = subprocess.run(["runuser", "-u", "postgres", "--", f"{PGBIN}/pg_ctl", "-D", self.dir, "-l", self.log, "-w", "-t", "60", "-o",
                                f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on "
                                f"-c log_error_verbosity=terse -c max_connections=200", "start"], capture_output=True, text=True)
            if r.returncode == 0:
                return
            if time.time() > deadline:
                raise Failure(f"PostgreSQL did not start: {r.stdout} {r.stderr}")
            time.sleep(0.5)

    def kill(self):
        with open(os.path.join(self.dir, "postmaster.pid")) as f:
            os.kill(int(f.readline()), signal.SIGKILL)
        time.sleep(0.2)

    def stop(self):
        subprocess.run(["runuser", "-u", "postgres", "--", f"{PGBIN}/pg_ctl", "-D", self.dir, "-m", "immediate", "-w", "stop"],
                       capture_output=True)

    def psql(self, db, sql):
        r = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise Failure(f"psql: {r.stderr}")
        return r.stdout

    def createdb(self, name):
        self.psql("postgres", f"CREATE DATABASE {name}")
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}?sslmode=disable"

    def amcheck(self, db):
        r = subprocess.run([f"{PGBIN}/pg_amcheck", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "--install-missing",
                            "--heapallindexed", "-d", db], capture_output=True, text=True)
        if r.returncode != 0:
            raise Failure(f"pg_amcheck found problems in {db}: {r.stdout[:2000]} {r.stderr[:2000]}")


class Server:
    def __init__(self, database_url, workdir, name="server"):
        self.url_env = database_url
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(workdir, f"{name}.log"), "a")
        self.proc = None
        self.extra = {}

    def env(self):
        e = dict(os.environ)
        e.update({"DATABASE_URL": self.url_env, "OPENVUM_BCRYPT_COST": "4", "OPENVUM_LOG_LEVEL": "info", "OPENVUM_JWT_SECRET": SECRET, "OPENVUM_DEMO_CITIZENS": "20",
                  "OPENVUM_DB_TIMEOUT_SECONDS": str(DB_TIMEOUT), "OPENVUM_REMINDER_INTERVAL_SECONDS": os.environ.get("FAULT_REMINDER_INTERVAL", "0"),
                  # Background writers stay off (the backup drill compares tables); the outbox mode switches its worker on.
                  "OPENVUM_OUTBOX_INTERVAL_SECONDS": "0",
                  # The harness logs in often from one address; only wrong passwords count, but keep it out of the way.
                  "OPENVUM_LOGIN_ADDRESS_FAILURES": "100000"})
        e.update(self.extra)
        return e

    def command(self, *args):
        r = subprocess.run([BIN, *args], env=self.env(), capture_output=True, text=True)
        if r.returncode != 0:
            raise Failure(f"openvum {' '.join(args)}: {r.stdout} {r.stderr}")
        return r.stdout

    def start(self, timeout=60):
        self.proc = subprocess.Popen([BIN, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)], env=self.env(),
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise Failure(f"the server exited ({self.proc.returncode}); see {self.log.name}")
            status, _, _, _ = http("GET", self.base, "/readyz", timeout=2)
            if status == 200:
                return
            time.sleep(0.1)
        raise Failure("the server did not become ready")

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def http(method, base, path, token=None, body=None, headers=None, timeout=BOUND + 5):
    """(status, json body or None, seconds); status is a string for a connection failure."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, method=method, data=data)
    if data is not None:
        req.add_header("Content-Type", "application/merge-patch+json" if method == "PATCH" else "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    started = time.time()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as res:
            raw = res.read()
            return res.status, (json.loads(raw) if raw else None), time.time() - started, res.headers
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return e.code, parsed, time.time() - started, e.headers
    except Exception as e:  # connection refused or reset, timeout
        return type(e).__name__, None, time.time() - started, {}


def token(base, username="sagsbehandler", wait=60):
    deadline = time.time() + wait
    while True:
        status, body, _, _ = http("POST", base, "/api/v1/auth/token", body={"username": username, "password": "demo"})
        if status == 200:
            return body["token"]
        if time.time() > deadline:
            raise Failure(f"no token for {username}: {status} {body}")
        time.sleep(0.2)


# ---------------------------------------------------------------------------------------------- setup

def prepare(engine, workdir, pg=None, name="openvum"):
    """A new database with the demo municipality; returns its DATABASE_URL."""
    if engine == "sqlite":
        url = f"sqlite://{os.path.join(workdir, name + '.sqlite')}"
    else:
        url = pg.createdb(name)
    s = Server(url, workdir, name="setup")
    s.command("migrate")
    s.command("seed", "--demo")
    return url


def cpr(writer, serial):
    """A valid, unique CPR number per (writer, serial): born in the 1900s, so never in the future."""
    day, month, year = 1 + serial % 28, 1 + (serial // 28) % 12, (serial // 336) % 100
    seq = (writer % 40) * 100 + (serial // 33600) % 100
    return f"{day:02d}{month:02d}{year:02d}{seq:04d}"


class Ledger:
    """What the server acknowledged: citizens and cases created, and each writer's last acknowledged patch."""

    def __init__(self):
        self.lock = threading.Lock()
        self.citizens = []
        self.cases = {}  # case id -> (version, paragraphs) last acknowledged
        self.statuses = {}
        self.slowest = 0.0
        self.checked_citizens = 0

    def status(self, status, seconds):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.slowest = max(self.slowest, seconds)


class Writer(threading.Thread):
    """Creates citizens, opens a case, and patches it again and again, recording every acknowledged write."""

    def __init__(self, index, server, ledger, stop):
        super().__init__(daemon=True)
        self.index, self.server, self.ledger, self.stop = index, server, ledger, stop
        self.serial = 0
        self.case = None  # (id, etag version)
        self.tok = None

    def call(self, method, path, body=None, headers=None):
        status, parsed, seconds, hdrs = http(method, self.server.base, path, self.tok, body, headers)
        self.ledger.status(status, seconds)
        return status, parsed, hdrs

    def run(self):
        while not self.stop.is_set():
            try:
                if self.tok is None:
                    self.tok = token(self.server.base, wait=120)
                self.step()
            except Failure:
                time.sleep(0.2)

    def step(self):
        roll = random.random()
        if self.case is not None and roll < 0.25:
            # Reads write their audit row: on SQLite every read is a write too.
            path = random.choice([f"/api/v1/cases/{self.case[0]}", "/api/v1/cases?limit=20", "/api/v1/worklist", "/api/v1/citizens?limit=20"])
            status, _, _ = self.call("GET", path)
            if status == 401:
                self.tok = None
            return
        if self.case is not None and roll < 0.35:
            self.transition()
            return
        if self.case is None or roll < 0.5:
            self.serial += 1
            status, body, _ = self.call("POST", "/api/v1/citizens", {"cpr": cpr(self.index, self.serial), "givenName": "Skriver",
                                                                     "familyName": f"W{self.index}-{self.serial}", "responsibleUnitId": TEAM})
            if status == 201:
                with self.ledger.lock:
                    self.ledger.citizens.append(body["id"])
                if self.case is None:
                    status, case, _ = self.call("POST", "/api/v1/cases", {"citizenId": body["id"], "origin": "inquiry"})
                    if status == 201:
                        self.case = (case["id"], case["version"])
                        with self.ledger.lock:
                            self.ledger.cases[case["id"]] = (case["version"], case.get("opening", {}).get("paragraphsAppliedFor"))
            elif status == 401:
                self.tok = None
            else:
                time.sleep(0.05)
            return
        self.patch()

    def transition(self):
        """Opening ↔ investigation and back: a transition writes the case, its history and its deadlines."""
        case_id, version = self.case
        s, current, _ = self.call("GET", f"/api/v1/cases/{case_id}")
        if s != 200:
            return
        to = "investigation" if current["phase"] == "opening" else "opening"
        body = {"to": to} if to == "investigation" else {"to": to, "reason": "Tilbage til sagsåbning"}
        status, moved, _ = self.call("POST", f"/api/v1/cases/{case_id}/transitions", body, {"If-Match": f'"{current["version"]}"'})
        if status == 200:
            self.case = (case_id, moved["version"])
            with self.ledger.lock:
                self.ledger.cases[case_id] = (moved["version"], moved.get("opening", {}).get("paragraphsAppliedFor"))
        else:
            self.case = (case_id, current["version"])

    def patch(self):
        case_id, version = self.case
        # Paragraphs are coded values: a random selection (in random order) of real ones, checked per version.
        value = random.sample(PARAGRAPHS, k=random.randint(1, 5))
        status, body, _ = self.call("PATCH", f"/api/v1/cases/{case_id}", {"opening": {"paragraphsAppliedFor": value}},
                                    {"If-Match": f'"{version}"'})
        if status == 200:
            self.case = (case_id, body["version"])
            with self.ledger.lock:
                self.ledger.cases[case_id] = (body["version"], value)
        elif status == 412:
            # An earlier patch was saved without being acknowledged: read the current version.
            s, current, _ = self.call("GET", f"/api/v1/cases/{case_id}")
            if s == 200:
                self.case = (case_id, current["version"])
        elif status == 401:
            self.tok = None
        else:
            time.sleep(0.05)


class Writers:
    """`n` writers on one ledger, started at once; `stop()` ends them and waits."""

    def __init__(self, server, n):
        self.ledger, self.event = Ledger(), threading.Event()
        self.threads = [Writer(i, server, self.ledger, self.event) for i in range(n)]
        for t in self.threads:
            t.start()

    def stop(self):
        self.event.set()
        for t in self.threads:
            t.join(BOUND + 10)


def verify(server, ledger, admin, everything=False):
    """Every acknowledged write is present: citizens exist; each case is at its acknowledged version or later,
    and at that version holds the acknowledged value."""
    with ledger.lock:
        citizens = list(ledger.citizens if everything else ledger.citizens[ledger.checked_citizens:])
        cases = dict(ledger.cases)
        ledger.checked_citizens = len(ledger.citizens)

    def citizen(cid):
        for _ in range(50):
            status, _, _, _ = http("GET", server.base, f"/api/v1/citizens/{cid}", admin)
            if status == 200:
                return None
            if status == 404:
                return f"acknowledged citizen {cid} is missing"
            time.sleep(0.2)
        return f"citizen {cid} could not be read"

    def case(item):
        cid, (version, paragraphs) = item
        for _ in range(50):
            status, body, _, _ = http("GET", server.base, f"/api/v1/cases/{cid}", admin)
            if status == 200:
                if body["version"] < version:
                    return f"case {cid}: version {body['version']} < acknowledged {version}"
                if body["version"] == version and body.get("opening", {}).get("paragraphsAppliedFor") != paragraphs:
                    return f"case {cid}: at version {version} holds {body.get('opening', {}).get('paragraphsAppliedFor')}, acknowledged {paragraphs}"
                return None
            if status == 404:
                return f"acknowledged case {cid} is missing"
            time.sleep(0.2)
        return f"case {cid} could not be read"

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        problems = [p for p in pool.map(citizen, citizens) if p] + [p for p in pool.map(case, cases.items()) if p]
    if problems:
        raise Failure("lost acknowledged writes:\n  " + "\n  ".join(problems[:20]))
    return len(citizens), len(cases)


def pool_rebuilds(server):
    """How often the server rebuilt a connection pool that crashes had left without connections."""
    with open(server.log.name, encoding="utf-8", errors="replace") as f:
        n = sum(1 for line in f if "rebuilding the pools" in line)
    return f"{n} connection pool rebuild{'s' if n != 1 else ''}"


def integrity(engine, url, pg):
    if engine == "sqlite":
        path = url[len("sqlite://"):]
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        result = conn.execute("PRAGMA integrity_check").fetchall()
        conn.close()
        if result != [("ok",)]:
            raise Failure(f"SQLite integrity check: {result[:5]}")
    else:
        pg.amcheck(url.rsplit("/", 1)[1].split("?")[0])


# ---------------------------------------------------------------------------------------------- modes

def mode_crash(args, workdir):
    pg = Postgres(workdir) if args.engine == "postgres" or args.kill == "postgres" else None
    if args.kill == "postgres" and args.engine != "postgres":
        raise Failure("--kill postgres needs --engine postgres")
    url = prepare(args.engine, workdir, pg)
    server = Server(url, workdir)
    server.start()
    admin = token(server.base, "admin")
    writers = Writers(server, args.writers)
    ledger = writers.ledger
    rng = random.Random(args.seed)
    try:
        for cycle in range(1, args.cycles + 1):
            time.sleep(rng.uniform(0.5, 2.5))
            if args.kill == "server":
                server.kill()
                server.start()
            else:
                pg.kill()
                time.sleep(rng.uniform(0.2, 1.5))
                pg.start()
            admin = token(server.base, "admin")
            new_citizens, cases = verify(server, ledger, admin)
            if args.engine == "sqlite":
                integrity(args.engine, url, pg)
            log(f"crash {args.engine}/{args.kill} cycle {cycle}/{args.cycles}: {new_citizens} new citizens and {cases} cases verified")
    finally:
        writers.stop()
    total_citizens, total_cases = verify(server, ledger, admin, everything=True)
    server.stop()
    integrity(args.engine, url, pg)
    fives = {k: v for k, v in ledger.statuses.items() if isinstance(k, int) and k >= 500 and k != 503}
    if fives:
        raise Failure(f"answers other than 503 among the 5xx: {fives}")
    acked = sum(v for k, v in ledger.statuses.items() if k in (200, 201))
    log(f"crash {args.engine}/{args.kill}: {args.cycles} kill -9 cycles, {acked} acknowledged writes, all present "
        f"({total_citizens} citizens, {total_cases} cases); integrity ok; {pool_rebuilds(server)}; answers {ledger.statuses}")
    if pg:
        pg.stop()


def mode_outage(args, workdir):
    if args.engine != "postgres":
        raise Failure("outage needs --engine postgres")
    pg = Postgres(workdir)
    url = prepare("postgres", workdir, pg)
    server = Server(url, workdir)
    server.start()
    writers = Writers(server, args.writers)
    ledger = writers.ledger
    tok = token(server.base)
    serial = [0]

    def probe_write():
        serial[0] += 1
        return http("POST", server.base, "/api/v1/citizens", tok,
                    {"cpr": cpr(38, serial[0]), "givenName": "Prøve", "familyName": f"Skrivning {serial[0]}", "responsibleUnitId": TEAM})

    recoveries = []
    try:
        for cycle in range(1, args.cycles + 1):
            time.sleep(2)
            pg.kill()
            time.sleep(0.5)
            status, body, seconds, headers = http("GET", server.base, "/readyz")
            if status != 503 or seconds > 2 or not headers.get("Retry-After"):
                raise Failure(f"/readyz during the outage: {status} after {seconds:.1f} s, Retry-After {headers.get('Retry-After')}")
            for _ in range(3):
                status, body, seconds, headers = probe_write()
                if status != 503 or seconds > 1.5 or not headers.get("Retry-After") or "problem+json" not in headers.get("Content-Type", ""):
                    raise Failure(f"a write during the outage: {status} after {seconds:.2f} s, Retry-After {headers.get('Retry-After')}, "
                                  f"{headers.get('Content-Type')}: {body}")
            time.sleep(1.0)
            pg.start()
            ready = time.time()
            while True:
                status, body, seconds, _ = probe_write()
                if status == 201:
                    recoveries.append(time.time() - ready)
                    break
                if time.time() - ready > 5:
                    raise Failure(f"cycle {cycle}: no write succeeded within 5 s of PostgreSQL being ready (last: {status} {body})")
                time.sleep(0.05)
            log(f"outage cycle {cycle}/{args.cycles}: /readyz and writes 503 at once during the outage; writes back {recoveries[-1]:.2f} s after PostgreSQL")
    finally:
        writers.stop()
    if ledger.slowest > BOUND:
        raise Failure(f"a request took {ledger.slowest:.1f} s (bound {BOUND} s)")
    bad = {k: v for k, v in ledger.statuses.items() if not (isinstance(k, int) and (k < 500 or k == 503))}
    if bad:
        raise Failure(f"answers that are neither success, a client error nor 503: {bad}")
    admin = token(server.base, "admin")
    verify(server, ledger, admin, everything=True)
    server.stop()
    pg.stop()
    log(f"outage: {args.cycles} PostgreSQL kills in one server's lifetime; slowest answer {ledger.slowest:.1f} s (bound {BOUND} s); "
        f"writes back after {max(recoveries):.2f} s at most; {pool_rebuilds(server)}; writers' answers {ledger.statuses}")


def mode_burst(args, workdir):
    if args.engine != "sqlite":
        raise Failure("burst is about the embedded SQLite database")
    url = prepare("sqlite", workdir)
    server = Server(url, workdir)
    server.start()
    writers = Writers(server, args.writers)
    ledger = writers.ledger
    time.sleep(args.seconds)
    writers.stop()
    admin = token(server.base, "admin")
    verify(server, ledger, admin, everything=True)
    server.stop()
    integrity("sqlite", url, None)
    fives = {k: v for k, v in ledger.statuses.items() if not isinstance(k, int) or k >= 500}
    if fives:
        raise Failure(f"{args.writers} writers on SQLite got {fives}")
    writes = sum(v for k, v in ledger.statuses.items() if k in (200, 201))
    log(f"burst: {args.writers} writers for {args.seconds} s on SQLite: {writes} writes acknowledged, no 5xx; answers {ledger.statuses}")


def mode_lost_updates(args, workdir):
    pg = Postgres(workdir) if args.engine == "postgres" else None
    url = prepare(args.engine, workdir, pg)
    server = Server(url, workdir)
    server.start()
    tok = token(server.base)
    admin = token(server.base, "admin")
    cases = []
    start = {}
    for i in range(args.cases):
        status, citizen, _, _ = http("POST", server.base, "/api/v1/citizens", tok,
                                     {"cpr": cpr(39, i + 1), "givenName": "Samtidig", "familyName": f"Redigering {i}", "responsibleUnitId": TEAM})
        assert status == 201, (status, citizen)
        status, case, _, _ = http("POST", server.base, "/api/v1/cases", tok, {"citizenId": citizen["id"], "origin": "inquiry"})
        assert status == 201, (status, case)
        # To the assessment, whose civil-society interventions (ID 34) are a free-text list the edits grow.
        for phase in ("investigation", "assessment"):
            status, case, _, _ = http("POST", server.base, f"/api/v1/cases/{case['id']}/transitions", tok, {"to": phase},
                                      {"If-Match": f'"{case["version"]}"'})
            assert status == 200, (status, case)
        cases.append(case["id"])
        start[case["id"]] = case["version"]
    def edit(n):
        """Reads the case and writes it back with one more list entry: (case, edit, status, produced version)."""
        case_id = cases[n % len(cases)]
        status, current, _, _ = http("GET", server.base, f"/api/v1/cases/{case_id}", tok)
        if status != 200:
            return (case_id, n, f"read {status}", None)
        entries = current["assessment"].get("civilSocietyInterventions") or []
        status, body, _, _ = http("PATCH", server.base, f"/api/v1/cases/{case_id}", tok,
                                  {"assessment": {"civilSocietyInterventions": entries + [f"e{n}"]}}, {"If-Match": f'"{current["version"]}"'})
        return (case_id, n, status, body["version"] if status == 200 else None)

    with concurrent.futures.ThreadPoolExecutor(args.writers) as pool:
        outcomes = list(pool.map(edit, range(args.edits)))
    odd = [o for o in outcomes if o[2] not in (200, 412)]
    if odd:
        raise Failure(f"edits that neither won nor got 412: {odd[:10]}")
    for case_id in cases:
        winners = sorted((o for o in outcomes if o[0] == case_id and o[2] == 200), key=lambda o: o[3])
        status, final, _, _ = http("GET", server.base, f"/api/v1/cases/{case_id}", admin)
        expected = [f"e{o[1]}" for o in winners]
        got = final["assessment"].get("civilSocietyInterventions") or []
        v0 = start[case_id]
        if got != expected or final["version"] != v0 + len(winners) or [o[3] for o in winners] != list(range(v0 + 1, v0 + 1 + len(winners))):
            raise Failure(f"case {case_id}: ends as {got[:8]}… (version {final['version']}), the winners applied in order are {expected[:8]}…")
    wins = sum(1 for o in outcomes if o[2] == 200)
    server.stop()
    if pg:
        pg.stop()
    log(f"lost-updates {args.engine}: {args.edits} concurrent edits of {len(cases)} cases: {wins} won, {args.edits - wins} got 412; "
        f"every case equals its winners applied in order")


def table_digests(engine, url, pg):
    """Row count and a checksum of the sorted rows, per table."""
    digests = {}
    if engine == "sqlite":
        conn = sqlite3.connect(f"file:{url[len('sqlite://'):]}?mode=ro", uri=True)
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for t in tables:
            rows = sorted(repr(r) for r in conn.execute(f'SELECT * FROM "{t}"'))
            digests[t] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        conn.close()
    else:
        db = url.rsplit("/", 1)[1].split("?")[0]
        tables = pg.psql(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1").split()
        for t in tables:
            line = pg.psql(db, f'SELECT count(*), md5(coalesce(string_agg(x::text, \'|\' ORDER BY x::text), \'\')) FROM "{t}" x').strip()
            n, digest = line.split("|")
            digests[t] = (int(n), digest)
    return digests


def mode_backup(args, workdir):
    pg = Postgres(workdir) if args.engine == "postgres" else None
    url = prepare(args.engine, workdir, pg)
    server = Server(url, workdir)
    server.start()
    writers = Writers(server, 4)
    ledger = writers.ledger
    time.sleep(args.seconds)
    writers.stop()
    backup = os.path.join(workdir, "openvum.backup")
    server.command("backup", backup)  # while the server runs
    mode = os.stat(backup).st_mode & 0o777
    if mode != 0o600:
        raise Failure(f"the backup is readable by others (mode {oct(mode)})")
    source = table_digests(args.engine, url, pg)
    server.stop()
    target_url = f"sqlite://{os.path.join(workdir, 'restored', 'openvum.sqlite')}" if args.engine == "sqlite" else pg.createdb("restored")
    restored = Server(target_url, workdir, name="restored")
    restored.command("restore", backup)
    try:
        restored.command("restore", backup)
        raise Failure("a second restore over a database that exists was not refused")
    except Failure as e:
        if "was not refused" in str(e):
            raise
    integrity(args.engine, target_url, pg)
    target = table_digests(args.engine, target_url, pg)
    if source != target:
        diff = {t: (source.get(t), target.get(t)) for t in set(source) | set(target) if source.get(t) != target.get(t)}
        raise Failure(f"the restored database differs: {diff}")
    # The server boots on the restored database and finds every acknowledged write (its reads add audit rows).
    restored.start()
    admin = token(restored.base, "admin")
    verify(restored, ledger, admin, everything=True)
    restored.stop()
    rows = sum(n for n, _ in source.values())
    if pg:
        pg.stop()
    log(f"backup {args.engine}: backed up while serving, restored into a new database, booted; {len(source)} tables, {rows} rows, "
        f"counts and checksums equal; a restore over an existing database is refused")


class Receiver:
    """The harness's national receiver: records each Idempotency-Key once (answering 200 to a repeat, as a receiver
    that keeps its keys does), and misbehaves as told: 'down' (not listening), 'flaky' (slow, 503 or garbage)."""

    def __init__(self, rng):
        self.rng = rng
        self.port = free_port()
        self.lock = threading.Lock()
        self.accepted = {}  # key -> (sag uuid, registreringstidspunkt, sequence)
        self.order = []  # keys in the order accepted
        self.repeats = 0
        self.attempts = 0
        self.misbehaviour = {"slow": 0, "503": 0, "garbage": 0}
        self.mode = "flaky"
        self.in_flight = threading.Event()
        self.server = None
        receiver = self

        class Handler(httpserver.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                try:
                    self.answer()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the server was killed while it waited for the answer

            def answer(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                key = self.headers.get("Idempotency-Key")
                with receiver.lock:
                    receiver.attempts += 1
                    roll = receiver.rng.random() if receiver.mode == "flaky" else 1.0
                if roll < 0.15:
                    with receiver.lock:
                        receiver.misbehaviour["503"] += 1
                    self.send_response(503)
                    self.end_headers()
                    self.wfile.write(b"busy")
                    return
                if roll < 0.25:
                    with receiver.lock:
                        receiver.misbehaviour["garbage"] += 1
                    self.wfile.write(b"\x00\xffnot http at all\r\n\r\n")
                    self.close_connection = True
                    return
                if roll < 0.5:
                    with receiver.lock:
                        receiver.misbehaviour["slow"] += 1
                    receiver.in_flight.set()
                    time.sleep(1.5)
                    receiver.in_flight.clear()
                message = json.loads(body)
                with receiver.lock:
                    if key in receiver.accepted:
                        receiver.repeats += 1
                    else:
                        receiver.accepted[key] = (message["sag"]["uuid"], message["registreringstidspunkt"], len(receiver.order))
                        receiver.order.append(key)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"status":"ok"}')

        self.handler = Handler

    def start(self):
        self.server = httpserver.ThreadingHTTPServer(("127.0.0.1", self.port), self.handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()


def outbox_ids(engine, url, pg):
    """Every outbox message's (id, state, object key, seq)."""
    sql = "SELECT id, state, object_key, seq FROM outbox_messages ORDER BY seq"
    if engine == "sqlite":
        conn = sqlite3.connect(f"file:{url[len('sqlite://'):]}?mode=ro", uri=True)
        rows = [(str(uuid_text(r[0])), r[1], r[2], r[3]) for r in conn.execute(sql)]
        conn.close()
        return rows
    db = url.rsplit("/", 1)[1].split("?")[0]
    return [tuple(line.split("|")[:3]) + (int(line.split("|")[3]),) for line in pg.psql(db, sql).split("\n") if line]


def uuid_text(value):
    import uuid
    return str(uuid.UUID(bytes=value)) if isinstance(value, (bytes, bytearray)) else str(uuid.UUID(str(value)))


def mode_outbox(args, workdir):
    pg = Postgres(workdir) if args.engine == "postgres" else None
    url = prepare(args.engine, workdir, pg)
    rng = random.Random(args.seed)
    receiver = Receiver(rng)
    server = Server(url, workdir)
    server.extra = {"OPENVUM_OUTBOX_INTERVAL_SECONDS": "1", "OPENVUM_OUTBOX_LEASE_SECONDS": "4", "OPENVUM_OUTBOX_FIRST_RETRY_SECONDS": "1"}
    server.start()
    admin = token(server.base, "admin")
    status, body, _, _ = http("PUT", server.base, "/api/v1/receivers/sagsindeks", admin,
                              {"transport": "http", "endpoint": f"http://127.0.0.1:{receiver.port}/sagsindeks", "enabled": True})
    if status != 200:
        raise Failure(f"the receiver could not be set up: {status} {body}")
    caseworker = token(server.base)
    status, body, _, _ = http("GET", server.base, "/api/v1/citizens?limit=20", caseworker)
    citizens = [c["id"] for c in (body or {}).get("items", [])]
    if status != 200 or not citizens:
        raise Failure(f"no citizens: {status}")
    made = 0
    case_ids = []

    def changes(n):
        # Each new case writes its import; its KLE, set twice, two corrections: three messages in order per case.
        nonlocal made, caseworker
        for _ in range(n):
            cid = citizens[made % len(citizens)]
            made += 1
            status, case, _, headers = http("POST", server.base, "/api/v1/cases", caseworker, {"citizenId": cid, "origin": "inquiry"})
            if status != 201:
                raise Failure(f"a case could not be created: {status} {case}")
            case_ids.append(case["id"].lower())
            etag = headers.get("ETag")
            for emne in ("27.36.04", "27.57.12"):
                status, _, _, headers = http("PUT", server.base, f"/api/v1/cases/{case['id']}/kle", caseworker, {"emne": emne}, headers={"If-Match": etag})
                if status != 200:
                    raise Failure(f"a KLE change was refused: {status}")
                etag = headers.get("ETag")

    # The receiver is down while the first changes are written: nothing is lost, the worker backs off.
    changes(4)
    time.sleep(3)
    receiver.start()
    try:
        for cycle in range(1, args.cycles + 1):
            changes(3)
            # Kill the server while a delivery is under way (the receiver is in the middle of a slow answer).
            if not receiver.in_flight.wait(30):
                raise Failure("no delivery was under way within 30 s")
            server.kill()
            time.sleep(rng.uniform(0.1, 1.0))
            server.start()
            caseworker = token(server.base)
            log(f"outbox {args.engine} cycle {cycle}/{args.cycles}: killed mid-delivery; {len(receiver.accepted)} keys accepted so far")
        # The receiver behaves again: everything must arrive.
        receiver.mode = "well"
        admin = token(server.base, "admin")
        deadline = time.time() + 120
        while True:
            status, overview, _, _ = http("GET", server.base, "/api/v1/outbox", admin)
            if status == 200 and overview["queued"] == 0:
                break
            if time.time() > deadline:
                raise Failure(f"the outbox did not empty: {overview}")
            time.sleep(0.5)
        if overview["deadLettered"] != 0:
            raise Failure(f"dead letters: {overview['deadLetterMessages']}")
        server.stop()
    finally:
        receiver.stop()
        server.stop()
    every = outbox_ids(args.engine, url, pg)
    if any(r[1] != "delivered" for r in every):
        raise Failure("a message is not delivered")
    # The harness's cases (the demo's imported history has its own messages, sent before the receiver was set up).
    wanted = {"sag:" + c for c in case_ids}
    rows = [r for r in every if r[2] in wanted]
    ids = [r[0] for r in rows]
    if len(rows) != 3 * made:
        raise Failure(f"{len(rows)} messages for {made} cases (expected three each)")
    unknown = set(receiver.accepted) - {r[0] for r in every}
    missing = set(ids) - set(receiver.accepted)
    if missing or unknown:
        raise Failure(f"the receiver's keys differ from the outbox: {len(missing)} not received, {len(unknown)} unknown")
    # Per case (sag uuid), the receiver accepted the messages in the order written.
    seq = {r[0]: r[3] for r in every}
    by_case = {}
    for key in receiver.order:
        by_case.setdefault(receiver.accepted[key][0], []).append(seq[key])
    out_of_order = [k for k, v in by_case.items() if v != sorted(v)]
    if out_of_order:
        raise Failure(f"{len(out_of_order)} cases received out of order")
    log(f"outbox {args.engine}: {args.cycles} kill -9 cycles mid-delivery; {len(rows)} messages of {made} cases, each accepted exactly once "
        f"({receiver.repeats} sent again and recognised by key, {receiver.attempts} attempts; misbehaviour {receiver.misbehaviour}), in order per case")
    if pg:
        pg.stop()



def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["crash", "outage", "burst", "lost-updates", "backup", "outbox"])
    p.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--kill", choices=["server", "postgres"], default="server", help="crash: what is killed")
    p.add_argument("--cycles", type=int, default=5)
    p.add_argument("--writers", type=int, default=8)
    p.add_argument("--seconds", type=int, default=30)
    p.add_argument("--edits", type=int, default=1000)
    p.add_argument("--cases", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--artifacts", default=os.path.join(ROOT, ".artifacts", "faults"))
    args = p.parse_args()
    os.makedirs(args.artifacts, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix=f"openvum-{args.mode}-", dir="/tmp")
    os.chmod(workdir, 0o755)
    try:
        {"crash": mode_crash, "outage": mode_outage, "burst": mode_burst, "lost-updates": mode_lost_updates, "backup": mode_backup, "outbox": mode_outbox}[args.mode](args, workdir)
    except Failure as e:
        print(f"FAULT TEST FAILED ({args.mode} {args.engine}): {e}", file=sys.stderr)
        sys.exit(1)
    finally:
        # Keep the logs (they are checked for CPR numbers), drop the databases.
        tag = f"{args.mode}-{args.engine}" + (f"-{args.kill}" if args.mode == "crash" else "")
        for name in os.listdir(workdir):
            if name.endswith(".log"):
                shutil.copy(os.path.join(workdir, name), os.path.join(args.artifacts, f"{tag}-{name}"))
        subprocess.run(["pkill", "-KILL", "-f", f"-D {workdir}/pg"], capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
