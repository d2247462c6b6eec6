"""No CPR number leaks (security proof 12): run after the whole test suite, the browser tests and the fault tests.

Scans
  - every log the suite's servers and PostgreSQL clusters wrote (JSON lines and PostgreSQL's own), which
    include the access log (every request's method and path);
  - the log lines inside the Swift test output (lines that start with a timestamp; the test runner's own
    lines name test arguments, which are synthetic CPR numbers for the CPR rules);
  - the metrics the running server exposes (labels included);
  - every audit row's criteria in the browser-tested server's database;
for a CPR-shaped number (DDMMYY-SSSS or DDMMYYSSSS) that is not masked (DDMMYY-****). UUIDs are skipped: their
hexadecimal groups may hold ten digits in a row.
"""
import argparse
import os
import re
import sqlite3
import sys
import urllib.request

CPR = re.compile(r"(?<![\dA-Fa-f-])\d{6}-?\d{4}(?![\dA-Fa-f])")
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")

problems = []
scanned = {"log files": 0, "log lines": 0, "metric lines": 0, "audit rows": 0}


def check(text, where):
    cleaned = UUID.sub("<uuid>", text)
    m = CPR.search(cleaned)
    if m:
        problems.append(f"{where}: CPR-shaped {m.group(0)!r} in {cleaned.strip()[:200]!r}")


def scan_log(path, only_timestamped=False):
    scanned["log files"] += 1
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            if only_timestamped and not (line.startswith("{") or TIMESTAMP.match(line)):
                continue
            scanned["log lines"] += 1
            check(line, f"{path}:{n}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--logs", nargs="*", default=[], help="log files or folders (every *.log inside)")
    p.add_argument("--test-output", nargs="*", default=[], help="test runner output: only its log lines are scanned")
    p.add_argument("--metrics", help="a /metrics URL")
    p.add_argument("--audit-sqlite", nargs="*", default=[], help="SQLite databases whose audit_log criteria are checked")
    args = p.parse_args()
    test_output = {os.path.realpath(t) for t in args.test_output}
    for item in args.logs:
        if os.path.isdir(item):
            for root, _, files in os.walk(item):
                for name in sorted(files):
                    path = os.path.join(root, name)
                    if name.endswith(".log") and os.path.realpath(path) not in test_output:
                        scan_log(path)
        elif os.path.exists(item):
            scan_log(item)
    for item in args.test_output:
        if os.path.exists(item):
            scan_log(item, only_timestamped=True)
    if args.metrics:
        with urllib.request.urlopen(args.metrics) as res:
            for n, line in enumerate(res.read().decode().splitlines(), 1):
                scanned["metric lines"] += 1
                check(line, f"metrics line {n}")
    for db in args.audit_sqlite:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        for (criteria,) in conn.execute("SELECT criteria FROM audit_log WHERE criteria IS NOT NULL"):
            scanned["audit rows"] += 1
            check(criteria, f"audit criteria in {os.path.basename(db)}")
        conn.close()
    if problems:
        print("CPR LEAK CHECK FAILED:")
        for problem in problems[:50]:
            print("  -", problem)
        sys.exit(1)
    if scanned["log lines"] == 0 or (args.metrics and scanned["metric lines"] == 0) or (args.audit_sqlite and scanned["audit rows"] == 0):
        print(f"CPR LEAK CHECK FAILED: nothing to scan ({scanned})")
        sys.exit(1)
    print(f"no CPR number in {scanned['log lines']} log lines of {scanned['log files']} files, {scanned['metric lines']} metric lines "
          f"and {scanned['audit rows']} audit criteria")


if __name__ == "__main__":
    main()
