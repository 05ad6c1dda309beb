#!/usr/bin/env python3
"""Contract fuzzing: schemathesis against the real server with the demo city.

Starts `youai serve --demo` on a fresh database and a free port — SQLite, and PostgreSQL too
when TEST_DATABASE_URL is set (a new database per run, dropped after) — then runs
schemathesis over every operation in openapi/openapi.json (examples, fuzzing and the
stateful phase that follows the spec's links), once as the platform admin and once as a
volunteer, with a seed and a bounded example count. Fails on any 5xx, any response outside
its declared status codes, content types, headers or schema.

Usage: fuzz.py path/to/youai [max-examples] [seed | random]

`make contract` runs the fixed seed with 25 examples per operation; `make fuzz` a fresh
random seed with more, printed at the start and the end so a failure can be replayed with
`fuzz.py path/to/youai N SEED`.
"""

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC = os.path.join(ROOT, "openapi", "openapi.json")
SEED = "20261129"
CHECKS = ",".join([
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
])
# Operations that would end the fuzzer's own session (it would then see only 401s), or whose
# wrong guesses lock the account's logins for a while (a password change): run last, on their
# own.
EXCLUDED = ["logout", "delete_role_grant", "change_password"]
LOGINS = {
    "admin": ("13800000000", "youai-admin-2026"),
    "volunteer": ("13800000004", "youai-demo-2026"),
}


def login(base, phone, password):
    req = urllib.request.Request(
        base + "/api/v1/auth/login",
        data=json.dumps({"phone": phone, "password": password}).encode(),
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)["access_token"]


def psql(admin_url, sql):
    subprocess.run(["psql", admin_url, "-qtAc", sql], check=True,
                   stdout=subprocess.DEVNULL)


def figures(stdout):
    """The run's totals from schemathesis' summary: operations, test cases, failures."""
    found = {}
    for key, pattern in [
        ("operations", r"Tested:\s+(\d+)"),
        ("cases", r"(\d+) generated"),
        ("failures", r"(\d+) unique failures?"),
    ]:
        m = re.search(pattern, stdout)
        found[key] = int(m.group(1)) if m else None
    return found


def schemathesis_run(base, token, examples, seed, include=None, phases="examples,fuzzing,stateful"):
    schemathesis = os.path.join(os.path.dirname(sys.executable), "schemathesis")
    args = [
        schemathesis, "run", SPEC, "--url", base,
        "-H", f"Authorization: Bearer {token}",
        "--checks", CHECKS,
        "--phases", phases,
        "--max-examples", examples,
        "--seed", seed,
        "--warnings", "off",
    ]
    if include:
        for operation in include:
            args += ["--include-operation-id", operation]
    else:
        args += ["--workers", "2"]
        for operation in EXCLUDED:
            args += ["--exclude-operation-id", operation]
    return subprocess.run(args, capture_output=True, text=True)


def report(label, out, failed, totals):
    summary = out.stdout[out.stdout.rfind("SUMMARY"):] if "SUMMARY" in out.stdout else out.stdout[-3000:]
    print(f"--- {label} ---")
    print(summary.strip())
    f = figures(out.stdout)
    failures = 0 if out.returncode == 0 else (f["failures"] or 1)
    print(f"figures: {f['operations']} operations, {f['cases']} test cases, {failures} failures")
    totals["operations"].append(f["operations"] or 0)
    totals["cases"] += f["cases"] or 0
    totals["failures"] += failures
    if out.returncode != 0:
        print(out.stdout[-20000:])
        print(out.stderr[-5000:], file=sys.stderr)
        failed.append(label)
    sys.stdout.flush()


def fuzz_backend(binary, backend, database_url, work, examples, seed):
    """One server on `database_url`, fuzzed as admin and volunteer; the failed runs' names."""
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url,
        "YOUAI_BIND": "127.0.0.1:0",
        "YOUAI_DATA_KEY_FILE": os.path.join(work, "youai.key"),
        "RUST_LOG": "error",
    })
    env.pop("YOUAI_SPA_DIR", None)
    server = subprocess.Popen([binary, "serve", "--demo"], cwd=work, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    failed = []
    totals = {"operations": [], "cases": 0, "failures": 0}
    try:
        first = server.stdout.readline()
        match = re.search(r"http://[0-9.]+:[0-9]+", first)
        if not match:
            raise SystemExit(f"the server did not start on {backend}: {first!r}")
        base = match.group(0)
        print(f"=== {backend}: contract fuzzing against {base} "
              f"(seed {seed}, {examples} examples per operation) ===")
        for who, (phone, password) in LOGINS.items():
            token = login(base, phone, password)
            out = schemathesis_run(base, token, examples, seed)
            report(f"{backend}, as {who}", out, failed, totals)
        # Last, the operations that end a session or a grant, or lock logins, with a session of
        # their own.
        token = login(base, *LOGINS["admin"])
        out = schemathesis_run(base, token, examples, seed, include=EXCLUDED,
                               phases="examples,fuzzing")
        report(f"{backend}, the session-ending operations as admin", out, failed, totals)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    tested = " + ".join(str(n) for n in totals["operations"])
    print(f"=== {backend}: {tested} operations tested, {totals['cases']} test cases, "
          f"{totals['failures']} failures ===")
    return failed


def main():
    binary = os.path.abspath(sys.argv[1])
    examples = sys.argv[2] if len(sys.argv) > 2 else "25"
    seed = sys.argv[3] if len(sys.argv) > 3 else SEED
    if seed == "random":
        seed = str(random.SystemRandom().randrange(1, 2**31))
    print(f"seed {seed} ({examples} examples per operation); "
          f"replay: {sys.argv[0]} {sys.argv[1]} {examples} {seed}")
    failed = []
    work = tempfile.mkdtemp(prefix="youai-fuzz-")
    try:
        failed += fuzz_backend(binary, "SQLite", "sqlite://" + os.path.join(work, "youai.db"),
                               work, examples, seed)
        admin_url = os.environ.get("TEST_DATABASE_URL", "")
        if admin_url:
            name = "youai_fuzz_" + uuid.uuid4().hex
            psql(admin_url, f'CREATE DATABASE "{name}"')
            try:
                failed += fuzz_backend(binary, "PostgreSQL",
                                       admin_url.rsplit("/", 1)[0] + "/" + name,
                                       work, examples, seed)
            finally:
                psql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            print("note: TEST_DATABASE_URL is not set: contract fuzzing on SQLite only")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"seed {seed}: replay with {sys.argv[0]} {sys.argv[1]} {examples} {seed}")
    if failed:
        raise SystemExit(f"contract fuzzing failed: {'; '.join(failed)}")


if __name__ == "__main__":
    main()
