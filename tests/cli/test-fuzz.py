#!/usr/bin/env python3
"""test-fuzz.py - mutated input files against folio's readers.

Each reader gets CASES files made from a real one by a few random edits
(a byte changed, a run cut out, a token put in, a line repeated or moved,
the file cut short, a number made extreme), with a fixed seed, so a run
is the same every time. Every file must get an answer, never a crash:
exit status 0, 1 or 2, no report from AddressSanitizer or UBSan (the
test runs in the sanitizer build too), within the time limit. A refused
import must leave the database as it was (its `sqlite3 .dump` unchanged).

A failure names the reader and the case, and leaves the file under
FUZZ_KEEP (default: the build's meson-logs/fuzz) to run again by hand.

    FOLIO_BIN=build/folio FOLIO_SHARED=../shared python3 tests/cli/test-fuzz.py
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile

FOLIO = os.environ.get("FOLIO_BIN", "build/folio")
SOURCE = os.environ.get("FOLIO_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = os.environ.get("FOLIO_SHARED", os.path.join(SOURCE, "..", "shared"))
BUILD = os.environ.get("FOLIO_BUILD", os.path.join(SOURCE, "build"))
KEEP = os.environ.get("FUZZ_KEEP", os.path.join(BUILD, "meson-logs", "fuzz"))
CASES = int(os.environ.get("FUZZ_CASES", "40"))
SEED = int(os.environ.get("FUZZ_SEED", "20261126"))
TIMEOUT = 60

TOKENS = [b'"', b',', b';', b'\n', b':', b'-', b'9999999999', b'-1', b'1e308', b'nan', b'inf',
          b'{', b'}', b'[', b']', b'\x00', b'\xff', b'A' * 5000, b':SS:', b':FF:-99999',
          b':SF:1e9', b'2018-02-30', b'31/12/2018', b'<', b'>', b'&amp;', b'&#0;', b'0', b'null',
          b'true', b'"x"', b'1.5', b'-0', b'\r\n', b'\\u0000', b'\\ud800', b'<Task>', b'</Task>',
          b'<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>3</Type>'
          b'<LinkLag>-999999999</LinkLag></PredecessorLink>',
          b'PT-5H0M0S', b'PT99999999H0M0S', b'1899-12-31T00:00:00', b'9999-12-31T23:59:59',
          b'2147483648', b'-2147483649']
NUMBERS = [b'0', b'-1', b'1e308', b'99999999999999999999', b'4294967296', b'-0.0000001', b'nan']


def mutate(rnd, data):
    d = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        if not d:
            d = bytearray(b'x')
        k, i = rnd.randrange(7), rnd.randrange(len(d))
        if k == 0:
            d[i] = rnd.randrange(256)
        elif k == 1:
            del d[i:i + rnd.randint(1, 40)]
        elif k == 2:
            d[i:i] = rnd.choice(TOKENS)
        elif k in (3, 4):
            ls = d.split(b'\n')
            a, b = rnd.randrange(len(ls)), rnd.randrange(len(ls))
            if k == 3:
                ls.insert(a, ls[a])
            else:
                ls[a], ls[b] = ls[b], ls[a]
            d = bytearray(b'\n'.join(ls))
        elif k == 5:
            d = d[:i]
        else:
            j = i
            while j < len(d) and not 48 <= d[j] <= 57:
                j += 1
            e = j
            while e < len(d) and (48 <= d[e] <= 57 or d[e] == 46):
                e += 1
            d[j:e] = rnd.choice(NUMBERS)
    return bytes(d)


def first_lines(path, n):
    with open(path, 'rb') as f:
        return b''.join(f.readlines()[:n])


NET_CSV = b'''id,name,duration_days,predecessors,constraint,constraint_date
a,"Design, outline",2,,,
b,Build,3,a:SS:1,,
c,Test,1,"a;b:FF:-1",,
d,Train,2,c:SF,,
m,Go live,0,"c;d",FNLT,2018-04-03
'''
TRI_CSV = b'''id,duration_days,predecessors,optimistic,likely,pessimistic,baseline
a,2,,1,2,5,
b,3,a,2,3,8,
c,1,a,1,1,2,
d,0,"b;c",,,,2018-04-13
'''
NET_JSON = b'''{"start": "2025-01-06", "calendar": "days",
 "activities": [{"id": "a", "duration": 2, "min": 1, "mode": 2, "max": 4},
                {"id": "b", "duration": 3}, {"id": "c", "duration": 1, "baseline": "2025-01-20"}],
 "links": [{"from": "a", "to": "c"}, {"from": "b", "to": "c", "lag": 2}],
 "risks": [{"id": "R1", "probability": 0.3, "impact": [1, 2, 4], "activities": ["a"]}],
 "correlations": [{"activities": ["a", "b"], "rho": 0.5}]}
'''


def readers():
    """(name, extension, seed files' bytes, command for a file and a database)"""
    cpm = lambda f, db: [FOLIO, "schedule", "cpm", f, "--format", "json"]
    sim = lambda f, db: [FOLIO, "schedule", "simulate", f, "--iterations", "100",
                         "--threads", "1", "--format", "json"]
    return [
        ("cpm, activity CSV", ".csv", [NET_CSV, first_lines(os.path.join(
            SHARED, "data/tj3/b_1000_20.network.csv"), 40)], cpm),
        ("cpm, JSON network", ".json", [NET_JSON], cpm),
        ("cpm, MS Project XML", ".xml", [first_lines(os.path.join(SHARED, "data/mspdi", f), 10 ** 6)
                                         for f in ("mspdirelations.xml", "PredecessorCalendar.xml")], cpm),
        ("simulate, activity CSV", ".csv", [TRI_CSV], sim),
        ("simulate, JSON", ".json", [NET_JSON], sim),
        ("import, folio JSON", ".json", [first_lines(os.path.join(SOURCE, "tests/data", f), 10 ** 6)
                                         for f in ("cli/minimal.json", "interchange/full.json")],
         lambda f, db: [FOLIO, "--db", db, "import", f]),
        ("import, GMPP CSV", ".csv", [first_lines(os.path.join(SHARED, "data/gmpp/uk_2019.csv"), 30)],
         lambda f, db: [FOLIO, "--db", db, "import", "--format", "gmpp", "--year", "2019", "--strict", f]),
    ]


def dump(db):
    return subprocess.run(["sqlite3", db, ".dump"], capture_output=True, check=True).stdout


def main():
    tmp = tempfile.mkdtemp(prefix="folio-fuzz.")
    base = os.path.join(tmp, "base.db")
    subprocess.run([FOLIO, "--db", base, "init"], check=True, capture_output=True)
    base_dump = dump(base)
    rs = readers()
    print("1..%d" % len(rs))
    failed = 0
    for n, (name, ext, seeds, cmd_of) in enumerate(rs, 1):
        rnd = random.Random("%d %s" % (SEED, name))
        problems = []
        answers = {0: 0, 1: 0, 2: 0}
        for case in range(CASES):
            data = mutate(rnd, rnd.choice(seeds))
            path = os.path.join(tmp, "case%s" % ext)
            with open(path, 'wb') as f:
                f.write(data)
            db = os.path.join(tmp, "case.db")
            shutil.copy(base, db)
            cmd = cmd_of(path, db)
            why = None
            try:
                r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   timeout=TIMEOUT)
                if r.returncode in answers:
                    answers[r.returncode] += 1
                if r.returncode not in (0, 1, 2):
                    why = "exit status %d" % r.returncode
                elif b"Sanitizer" in r.stderr or b"runtime error" in r.stderr:
                    why = "sanitizer report"
                elif "--db" in cmd and r.returncode != 0 and dump(db) != base_dump:
                    why = "a refused import changed the database"
            except subprocess.TimeoutExpired:
                why = "no answer within %d s" % TIMEOUT
                r = None
            if why:
                os.makedirs(KEEP, exist_ok=True)
                keep = os.path.join(KEEP, "%s-%d%s" % (name.split(",")[0], case, ext))
                shutil.copy(path, keep)
                problems.append("case %d: %s (kept as %s)\n# %s\n# %s" % (
                    case, why, keep, " ".join(cmd),
                    (r.stderr.decode("utf-8", "replace")[-2000:] if r else "").replace("\n", "\n# ")))
        if problems:
            failed += 1
            print("not ok %d - %s: %d of %d mutated files" % (n, name, len(problems), CASES))
            for p in problems:
                print("# " + p)
        else:
            print("ok %d - %s: %d mutated files (%d taken, %d refused, %d usage), no crash, "
                  "no sanitizer report%s" % (n, name, CASES, answers[0], answers[1], answers[2],
                                             ", a refused import changed nothing" if "import" in name else ""))
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
