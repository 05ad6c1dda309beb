#!/usr/bin/env python3
"""Contract fuzzing: schemathesis against the real server with the demo city.

Starts `youai serve --demo` on a fresh SQLite database and a free port, then runs
schemathesis over every operation in openapi/openapi.json (examples, fuzzing and the
stateful phase that follows the spec's links), once as the platform admin and once as a
volunteer, with a fixed seed and a bounded example count. Fails on any 5xx, any response
outside its declared status codes, content types, headers or schema.

Usage: fuzz.py path/to/youai [max-examples]
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request

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
# Operations that would end the fuzzer's own session (it would then see only 401s): run
# last, on their own.
EXCLUDED = ["logout", "delete_role_grant"]
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


def main():
    binary = os.path.abspath(sys.argv[1])
    examples = sys.argv[2] if len(sys.argv) > 2 else "25"
    schemathesis = os.path.join(os.path.dirname(sys.executable), "schemathesis")
    work = tempfile.mkdtemp(prefix="youai-fuzz-")
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": "sqlite://" + os.path.join(work, "youai.db"),
        "YOUAI_BIND": "127.0.0.1:0",
        "YOUAI_DATA_KEY_FILE": os.path.join(work, "youai.key"),
        "RUST_LOG": "error",
    })
    env.pop("YOUAI_SPA_DIR", None)
    server = subprocess.Popen([binary, "serve", "--demo"], cwd=work, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    failed = []
    try:
        first = server.stdout.readline()
        match = re.search(r"http://[0-9.]+:[0-9]+", first)
        if not match:
            raise SystemExit(f"the server did not start: {first!r}")
        base = match.group(0)
        print(f"contract fuzzing against {base} (seed {SEED}, {examples} examples per operation)")
        for who, (phone, password) in LOGINS.items():
            token = login(base, phone, password)
            args = [
                schemathesis, "run", SPEC, "--url", base,
                "-H", f"Authorization: Bearer {token}",
                "--checks", CHECKS,
                "--phases", "examples,fuzzing,stateful",
                "--max-examples", examples,
                "--seed", SEED,
                "--workers", "2",
                "--warnings", "off",
            ]
            for operation in EXCLUDED:
                args += ["--exclude-operation-id", operation]
            out = subprocess.run(args, capture_output=True, text=True)
            summary = out.stdout[out.stdout.rfind("SUMMARY"):] if "SUMMARY" in out.stdout else out.stdout[-3000:]
            print(f"--- as {who} ---")
            print(summary.strip())
            if out.returncode != 0:
                print(out.stdout[-20000:])
                print(out.stderr[-5000:], file=sys.stderr)
                failed.append(who)
        # Last, the two operations that end a session or a grant, with a session of their own.
        token = login(base, *LOGINS["admin"])
        args = [
            schemathesis, "run", SPEC, "--url", base,
            "-H", f"Authorization: Bearer {token}",
            "--checks", CHECKS,
            "--phases", "examples,fuzzing",
            "--max-examples", examples,
            "--seed", SEED,
            "--warnings", "off",
        ]
        for operation in EXCLUDED:
            args += ["--include-operation-id", operation]
        out = subprocess.run(args, capture_output=True, text=True)
        summary = out.stdout[out.stdout.rfind("SUMMARY"):] if "SUMMARY" in out.stdout else out.stdout[-3000:]
        print("--- the session-ending operations, as admin ---")
        print(summary.strip())
        if out.returncode != 0:
            print(out.stdout[-20000:])
            failed.append("admin (session-ending operations)")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)
    if failed:
        raise SystemExit(f"contract fuzzing failed as: {', '.join(failed)}")


if __name__ == "__main__":
    main()
