#!/usr/bin/env python3
"""test-fuzz-http.py - random requests against `folio serve`.

The demo portfolio is loaded into a fresh database and served on a free
loopback port; REQUESTS requests with a fixed seed then go to every route
(and to routes that do not exist): each of the five demo roles or nobody,
pages and the JSON API, GET, POST, PUT and HEAD, query strings, forms,
JSON bodies (some cut short) and file uploads built from the routes' own
parameter names with odd values (empty, huge, negative, NaN, markup, SQL,
paths, bad dates), an over-long header now and then. It fails on any
answer of 500 or more, on a dropped connection, and on a server that does
not stop cleanly when interrupted or that printed a sanitizer report
(the test runs in the sanitizer build too).

    FOLIO_BIN=build/folio python3 tests/web/test-fuzz-http.py
"""
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse

FOLIO = os.environ.get("FOLIO_BIN", "build/folio")
REQUESTS = int(os.environ.get("FUZZ_REQUESTS", "3000"))
SEED = int(os.environ.get("FUZZ_SEED", "20261126"))

ROLES = {"g.okafor": "portfolio_office", "h.delaney": "programme_manager",
         "m.achterberg": "board_member", "p.natarajan": "administrator", "s.whitlock": "viewer"}
PATHS = ["/dashboard", "/programmes", "/programmes/SLP", "/programmes/TIP", "/programmes/%s",
         "/risks", "/risks/%s", "/risks/%s/accept", "/milestones", "/dependencies", "/impact",
         "/change-requests", "/change-requests/%s", "/change-requests/%s/decision", "/periods",
         "/periods/%s", "/periods/%s/publish", "/returns/%s/%s", "/returns/SLP/2018-04",
         "/returns/%s/%s/review", "/returns/%s/%s/file", "/reports", "/reports/%s/%s", "/export",
         "/charts/dca-trend.svg", "/charts/heatmap.svg", "/admin/users", "/admin/users/%s",
         "/admin/users/%s/password", "/account", "/account/password", "/me", "/login",
         "/static/%s", "/%s"]
KEYS = ["action", "all", "as_at", "band", "code", "confirm", "current", "dca", "decided",
        "decision", "download", "email", "file", "format", "level", "measure", "milestone",
        "month", "name", "next", "owner", "password", "portfolio_risk", "programme", "quarters",
        "role", "slip", "sro_dca", "username", "csrf", "x"]
VALUES = ["", "SLP", "TIP-M1", "EST-M4", "2018-03", "2018-03-31", "31/03/2018", "2018-13-40", "30d",
          "-30d", "20wd", "9999999999d", "1e308", "-1", "0", "nan", "A" * 5000, "%00", "%ff%fe",
          "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "pdf", "xlsx", "md",
          "html", "csv", "json", "gmpp", "Green", "Amber/Red", "9", "true", "\u00e9\u00e9",
          "%e2%80%ae", "99999999999999999999", "Q1", "2018", "all", "..", "/", "//evil"]
SEGMENTS = ["SLP", "TIP", "NOPE", "2018-03", "2018-04", "..", "%00", "%2e%2e", "A" * 3000, "-1", "",
            "R1", "u1", "report.css", "g.okafor", "oversight", "pmg", "pib"]


def main():
    rnd = random.Random(SEED)
    tmp = tempfile.mkdtemp(prefix="folio-http-fuzz.")
    db = os.path.join(tmp, "f.db")
    for args in (["init"], ["demo"], ["user", "demo-passwords"]):
        subprocess.run([FOLIO, "--db", db] + args, check=True, capture_output=True)
    log = open(os.path.join(tmp, "serve.err"), "w+b")
    srv = subprocess.Popen([FOLIO, "--db", db, "serve", "--listen", "127.0.0.1:0"],
                           stdout=subprocess.PIPE, stderr=log)
    line = srv.stdout.readline().decode()
    port = int(line.split("127.0.0.1:")[1].split("/")[0])

    def req(method, path, body=None, headers=None):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            return r.status, r.getheader("Set-Cookie") or "", r.read()
        finally:
            c.close()

    sess = {}
    for user, role in ROLES.items():
        st, cookie, body = req("POST", "/api/v1/session",
                               json.dumps({"username": user, "password": "demo-" + role}),
                               {"Content-Type": "application/json"})
        sess[user] = (cookie.split(";")[0], json.loads(body)["csrf"])

    def q():
        return "&".join("%s=%s" % (rnd.choice(KEYS), urllib.parse.quote(rnd.choice(VALUES), safe="%"))
                        for _ in range(rnd.randint(0, 5)))

    print("1..2")
    problems, answers = [], {}
    for _ in range(REQUESTS):
        p = rnd.choice(PATHS)
        while "%s" in p:
            p = p.replace("%s", urllib.parse.quote(rnd.choice(SEGMENTS), safe="%"), 1)
        method = rnd.choice(["GET"] * 5 + ["POST"] * 4 + ["PUT", "HEAD"])
        user = rnd.choice(list(ROLES) + [None])
        hdr, body = {}, None
        if user:
            hdr["Cookie"] = sess[user][0]
            if rnd.random() < 0.8:
                hdr["X-CSRF-Token"] = sess[user][1]
        api = rnd.random() < 0.4
        path = ("/api/v1" if api else "") + p
        if method == "POST":
            if api and rnd.random() < 0.7:
                obj = {rnd.choice(KEYS): rnd.choice([rnd.choice(VALUES), 1, -1, 1e308, None, True, [], {}])
                       for _ in range(rnd.randint(0, 5))}
                body = json.dumps(obj).encode()
                if rnd.random() < 0.1:
                    body = body[:rnd.randrange(len(body) + 1)]
                hdr["Content-Type"] = "application/json"
            elif rnd.random() < 0.2:
                b = "----x%d" % rnd.randrange(1000)
                part = rnd.choice(VALUES) * rnd.randint(1, 3)
                body = ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\n"
                        "Content-Type: text/csv\r\n\r\n%s\r\n--%s--\r\n" % (b, part, b)).encode()
                if user:
                    body = ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
                            % (b, sess[user][1])).encode() + body
                hdr["Content-Type"] = "multipart/form-data; boundary=" + b
            else:
                body = (q() + ("&csrf=" + sess[user][1] if user else "")).encode()
                hdr["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            s = q()
            if s:
                path += "?" + s
        if rnd.random() < 0.05:
            hdr["Accept"] = "application/json"
        if rnd.random() < 0.03:
            hdr["X-Long"] = "B" * 20000
        try:
            st, _, _ = req(method, path, body, hdr)
            answers[st] = answers.get(st, 0) + 1
            if st >= 500:
                problems.append("%d for %s %s %r" % (st, method, path[:200], (body or b"")[:200]))
        except Exception as e:
            problems.append("%s for %s %s %r" % (type(e).__name__, method, path[:200], (body or b"")[:200]))
            if srv.poll() is not None:
                break
    summary = ", ".join("%d x%d" % kv for kv in sorted(answers.items()))
    if problems:
        print("not ok 1 - %d of %d requests failed (answers: %s)" % (len(problems), REQUESTS, summary))
        for p in problems[:50]:
            print("# " + p)
    else:
        print("ok 1 - %d random requests, every one answered below 500 (%s)" % (REQUESTS, summary))
    if srv.poll() is None:
        srv.send_signal(signal.SIGINT)
    try:
        rc = srv.wait(timeout=60)
    except subprocess.TimeoutExpired:
        srv.kill()
        rc = srv.wait()
    log.seek(0)
    err = log.read().decode("utf-8", "replace")
    bad_log = "Sanitizer" in err and "ERROR" in err or "runtime error" in err
    if rc != 0 or bad_log:
        print("not ok 2 - the server stopped with status %d%s" % (rc, ", a sanitizer report" if bad_log else ""))
        for l in err[-3000:].splitlines():
            print("# " + l)
    else:
        print("ok 2 - the server stopped cleanly when interrupted, no sanitizer report")
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if problems or rc != 0 or bad_log else 0


if __name__ == "__main__":
    sys.exit(main())
