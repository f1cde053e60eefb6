#!/usr/bin/env python3
"""Generate a TaskJuggler activity network in the style of shared/data/tj3.

Writes <prefix>.tjp (a TaskJuggler 3 project: one task per activity, in
chains, durations in calendar days, finish-to-start "depends") and
<prefix>.network.csv (id,duration_days,predecessors) for folio.

Shape: N activities in M chains of N/M; each activity depends on the one
before it in its chain, and X = cross * N extra links join an activity to
one at an earlier position of another chain (so the graph is acyclic);
durations are whole days from 1 to maxd. A "finish" milestone depends on
the last activity of every chain. Deterministic for a given --seed.
"""
import argparse
import datetime
import random


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=20000)
    ap.add_argument("-m", type=int, default=100, help="chains")
    ap.add_argument("--cross", type=float, default=0.2)
    ap.add_argument("--maxd", type=int, default=5)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--start", default="2025-01-06")
    ap.add_argument("--report", default="all", help="name of the CSV report")
    ap.add_argument("-o", "--out-prefix", required=True)
    a = ap.parse_args()

    rng = random.Random(a.seed)
    length = a.n // a.m
    dur = [[rng.randint(1, a.maxd) for _ in range(length)] for _ in range(a.m)]
    preds = [[[] for _ in range(length)] for _ in range(a.m)]
    for c in range(a.m):
        for p in range(1, length):
            preds[c][p].append("proj.c%d.t%d" % (c, p - 1))
    want = int(round(a.cross * a.n))
    made = 0
    seen = set()
    while made < want:
        c = rng.randrange(a.m)
        p = rng.randrange(1, length)
        b = rng.randrange(a.m - 1)
        if b >= c:
            b += 1
        q = rng.randrange(0, p)
        key = (c, p, b, q)
        if key in seen:
            continue
        seen.add(key)
        preds[c][p].append("proj.c%d.t%d" % (b, q))
        made += 1

    start = datetime.date.fromisoformat(a.start)
    end = start + datetime.timedelta(days=length * a.maxd + 30)
    with open(a.out_prefix + ".tjp", "w") as f:
        f.write('project bench "CPM bench N=%d M=%d X=%d" %s - %s {\n'
                '  timezone "UTC"\n  timeformat "%%Y-%%m-%%d"\n}\n\n'
                % (a.n, a.m, want, start, end))
        f.write('task proj "Root" {\n  start %s\n' % start)
        for c in range(a.m):
            f.write('  task c%d "Chain %d" {\n' % (c, c))
            for p in range(length):
                dep = (" depends " + ", ".join(preds[c][p])) if preds[c][p] else ""
                f.write('    task t%d "T%d.%d" { duration %dd%s }\n'
                        % (p, c, p, dur[c][p], dep))
            f.write("  }\n")
        f.write('  task finish "Finish" { depends %s }\n}\n\n'
                % ", ".join("proj.c%d.t%d" % (c, length - 1) for c in range(a.m)))
        f.write('taskreport %s "%s" {\n  formats csv\n  columns id, start, end\n'
                '  hideresource @all\n}\n' % (a.report, a.report))
    with open(a.out_prefix + ".network.csv", "w") as f:
        f.write("id,duration_days,predecessors\n")
        for c in range(a.m):
            for p in range(length):
                f.write("proj.c%d.t%d,%d,%s\n" % (c, p, dur[c][p], " ".join(preds[c][p])))
        f.write("proj.finish,0,%s\n"
                % " ".join("proj.c%d.t%d" % (c, length - 1) for c in range(a.m)))


if __name__ == "__main__":
    main()
