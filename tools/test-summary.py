#!/usr/bin/env python3
"""Count test cases across Meson build directories and print the closing
line "N passed, N failed".

Every test speaks TAP; each "ok"/"not ok" line is one case. A test program
that failed without reporting a failing case (a crash, a sanitizer abort,
a timeout) counts as one failed case.
"""
import json
import os
import sys


def main():
    passed = failed = skipped = 0
    logs = []
    for build in sys.argv[1:]:
        log = os.path.join(build, "meson-logs", "testlog.json")
        if not os.path.exists(log):
            print(f"{log}: missing (tests did not run)", file=sys.stderr)
            failed += 1
            continue
        logs.append((build, log))
        # the same build's unit tests under valgrind (make test)
        vg = os.path.join(build, "meson-logs", "valgrind-valgrind.json")
        if os.path.exists(vg):
            logs.append((build + " (valgrind)", vg))
    for build, log in logs:
        with open(log, "rb") as f:
            raw = f.read()
        holes = raw.count(b"\0")
        if holes:
            # Seen once: a stretch of NUL bytes where entries should be.
            # Meson's own exit status still says whether tests failed;
            # the counts below are then partial, and say so.
            print(f"{log}: {holes} bytes unreadable; counts from it are partial",
                  file=sys.stderr)
        for line in raw.replace(b"\0", b"").decode("utf-8", "replace").splitlines():
            if not line.strip():
                continue
            try:
                t = json.loads(line)
            except ValueError:
                print(f"{log}: an unreadable entry skipped", file=sys.stderr)
                continue
            out = t.get("stdout") or ""
            ok = nok = 0
            for l in out.splitlines():
                if l.startswith("ok "):
                    if "# SKIP" in l:
                        skipped += 1
                    else:
                        ok += 1
                elif l.startswith("not ok "):
                    # cmocka reports a skipped test as "not ok N # SKIP"
                    if "# SKIP" in l:
                        skipped += 1
                    else:
                        nok += 1
            passed += ok
            failed += nok
            if t.get("result") not in ("OK", "EXPECTEDFAIL", "SKIP") and nok == 0:
                print(f"{build}: {t.get('name')}: {t.get('result')}", file=sys.stderr)
                failed += 1
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    if passed == 0:
        print("no test case was counted", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
