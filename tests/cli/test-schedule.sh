#!/usr/bin/env bash
# test-schedule.sh - `folio schedule` end to end: cpm on a file in each
# output format and on the demo portfolio, impact of a slipping milestone
# on the demo, simulate's exit statuses, reproducibility, its agreement
# with cpm when nothing varies, the progress bar on a terminal and Ctrl-C.
# What the Monte Carlo computes is checked against closed forms in
# tests/unit/test-montecarlo.c; here only what the command does with it.
. "$FOLIO_SOURCE/tests/cli/lib.sh"
DB="$TMP/folio.db"
SHARED=${FOLIO_SHARED:-$FOLIO_SOURCE/../shared}

run init 0 folio --db "$DB" init && run demo 0 folio --db "$DB" demo && ok "demo loaded"

check schedule-help 0 out folio schedule --help
run schedule-none 2 folio schedule && contains schedule-none "say what to do (cpm, simulate, impact)"
run schedule-what 2 folio schedule plan && contains schedule-what "unknown action plan"

# --- cpm on a file ------------------------------------------------------------------
# Every link type, a lag, a lead, a milestone, a constraint: on the England
# and Wales calendar over Easter 2018 (Good Friday 30 March, Easter Monday
# 2 April), so working days and bank holidays both show in the dates.
cat >"$TMP/net.csv" <<'EOF'
id,name,duration_days,predecessors,constraint,constraint_date
a,"Design, outline",2,,,
b,Build,3,a:SS:1,,
c,Test,1,"a;b:FF:-1",,
d,Train,2,c:SF,,
m,Go live,0,"c;d",FNLT,2018-04-03
EOF
for f in table csv json; do
	check cpm-file-$f 0 out folio schedule cpm "$TMP/net.csv" --start 2018-03-28 --format $f
done
run cpm-out 0 folio schedule cpm "$TMP/net.csv" --start 2018-03-28 --format csv --out "$TMP/cpm.csv" &&
	cmp -s "$TMP/cpm.csv" "$TMP/cpm-file-csv.out" && ok "cpm --out writes what standard output gets" ||
	not_ok "cpm --out differs from standard output"

# a full disk is an error, not a short file
if [ -w /dev/full ]; then
	run cpm-full 1 folio schedule cpm "$TMP/net.csv" --start 2018-03-28 --format csv --out /dev/full &&
		contains cpm-full "writing /dev/full: No space left on device"
fi

# a JSON network and an MS Project file from shared/data, as CSV
cat >"$TMP/net.json" <<'EOF'
{"start": "2025-01-06", "calendar": "days",
 "activities": [{"id": "a", "duration": 2}, {"id": "b", "duration": 3},
                {"id": "c", "duration": 1}],
 "links": [{"from": "a", "to": "c"}, {"from": "b", "to": "c", "lag": 2}]}
EOF
check cpm-json-file 0 out folio schedule cpm "$TMP/net.json" --format csv
check cpm-mspdi 0 out folio schedule cpm "$SHARED/data/mspdi/mspdirelations.xml" --format csv

# refusals: each names what is wrong and changes nothing
printf 'id,duration_days,predecessors\na,1,c\nb,1,a\nc,1,b\n' >"$TMP/loop.csv"
run cpm-loop 1 folio schedule cpm "$TMP/loop.csv" && contains cpm-loop "dependency loop: b -> c -> a -> b"
printf 'id,duration_days,predecessors\na,1,\nb,x,a\n' >"$TMP/bad-days.csv"
run cpm-bad-days 1 folio schedule cpm "$TMP/bad-days.csv" &&
	contains cpm-bad-days "bad-days.csv:3: duration x is not a number of days"
printf 'id,duration_days,predecessors\na,1,zz\n' >"$TMP/bad-pred.csv"
run cpm-bad-pred 1 folio schedule cpm "$TMP/bad-pred.csv" && contains cpm-bad-pred "zz"
# figures beyond what a schedule can hold are refused by name, in place
printf 'id,duration_days,predecessors\na,1,\nb,1,a:FF:-1e308\n' >"$TMP/huge-lag.csv"
run cpm-huge-lag 1 folio schedule cpm "$TMP/huge-lag.csv" &&
	contains cpm-huge-lag "huge-lag.csv:3: link a -> b: its lag is longer than 2,000 years"
printf 'id,duration_days,predecessors\na,1e300,\n' >"$TMP/huge-dur.csv"
run cpm-huge-dur 1 folio schedule cpm "$TMP/huge-dur.csv" &&
	contains cpm-huge-dur "huge-dur.csv:2: activity a: its duration is longer than 2,000 years"
printf '{"activities": [{"id": "a", "duration": 1}, {"id": "b", "duration": 1}],\n "links": [{"from": "a", "to": "b", "lag": 9e99}]}\n' >"$TMP/huge-lag.json"
run cpm-huge-lag-json 1 folio schedule cpm "$TMP/huge-lag.json" &&
	contains cpm-huge-lag-json "huge-lag.json: links[0]: link a -> b: its lag is longer than 2,000 years"
printf 'id,duration_days,predecessors,optimistic,likely,pessimistic\na,2,,1,2,1e9\n' >"$TMP/huge-est.csv"
run sim-huge-est 1 folio schedule simulate "$TMP/huge-est.csv" &&
	contains sim-huge-est "the pessimistic estimate (1e+09 days) is longer than 2,000 years"
printf '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<Project>&e;</Project>\n' >"$TMP/xxe.xml"
run cpm-xxe 1 folio schedule cpm "$TMP/xxe.xml" &&
	contains cpm-xxe "a DOCTYPE or entity in an MS Project file is refused"
run cpm-missing 1 folio schedule cpm "$TMP/no-such.csv" && contains cpm-missing "no-such.csv"
run cpm-format 2 folio schedule cpm "$TMP/net.csv" --format xml && contains cpm-format "unknown format xml"
run cpm-start 2 folio schedule cpm "$TMP/net.csv" --start 31/02/2018 && contains cpm-start "is not a date"
run cpm-two 2 folio schedule cpm "$TMP/net.csv" "$TMP/net.json" && contains cpm-two "one FILE at most"
run cpm-prog-file 2 folio schedule cpm "$TMP/net.csv" --programme SLP &&
	contains cpm-prog-file "--programme is for the database, not a FILE"

# --- cpm on the database --------------------------------------------------------------
check cpm-db-slp 0 out folio --db "$DB" schedule cpm --programme SLP
check cpm-db-json 0 out folio --db "$DB" schedule cpm --programme EST --format json
run cpm-db-all 0 folio --db "$DB" schedule cpm --format csv &&
	[ "$(tail -n +2 "$TMP/cpm-db-all.out" | wc -l)" -gt 20 ] && ok "the whole portfolio's network" ||
	not_ok "the whole portfolio's network is short"
run cpm-db-unknown 1 folio --db "$DB" schedule cpm --programme NOPE && contains cpm-db-unknown "NOPE"

# --- an organisation's own calendar, kept in the database ---------------------------
# The demo's programmes all work weekdays; here SLP's activities move to a
# calendar of the organisation's that adds Saturday mornings: 236 days of
# merging borough commands from 5 February 2018 end on Monday 3 December
# at 13:00, not on 31 December.
run cal-export 0 folio --db "$DB" export --out "$TMP/demo.json"
python3 - "$TMP/demo.json" "$TMP/cal.json" "$TMP/cal-bad.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["calendars"] = [{"code": "met-ops", "name": "Met operations", "base": "weekdays",
                   "week": "sat 09:00-13:00"}]
d["calendar_days"] = [{"calendar": "met-ops", "date": "2018-05-28"}]
for a in d["activities"]:
    if a["programme"] == "SLP":
        a["calendar"] = "met-ops"
json.dump(d, open(sys.argv[2], "w"), indent=2)
d["calendars"][0]["week"] = "sat 09:00-13:00; sun 25:00-26:00"
json.dump(d, open(sys.argv[3], "w"), indent=2)
EOF
CAL_DB="$TMP/cal.db"
run cal-init 0 folio --db "$CAL_DB" init && run cal-import 0 folio --db "$CAL_DB" import "$TMP/cal.json" &&
	ok "a calendar of the organisation's imported"
run cal-cpm 0 folio --db "$CAL_DB" schedule cpm --programme SLP --format csv &&
	grep -q '^SLP-A5,.*,2018-02-05T00:00:00,2018-12-03T13:00:00,' "$TMP/cal-cpm.out" &&
	grep -q '^SLP-A5,.*,2018-02-05T00:00:00,2018-12-31T17:00:00,' "$TMP/cpm-db-all.out" &&
	ok "on the organisation's calendar SLP-A5 ends 3 December 13:00 (31 December on weekdays)" ||
	not_ok "SLP-A5 on the organisation's calendar" "$(grep '^SLP-A5' "$TMP/cal-cpm.out")"
run cal-export2 0 folio --db "$CAL_DB" export --out "$TMP/cal-before.json"
run cal-bad 1 folio --db "$CAL_DB" import "$TMP/cal-bad.json" &&
	contains cal-bad 'calendars[0].week: sun: "25:00-26:00": a time of day runs from 00:00 to 24:00'
run cal-export3 0 folio --db "$CAL_DB" export --out "$TMP/cal-after.json" &&
	cmp -s "$TMP/cal-before.json" "$TMP/cal-after.json" && ok "the refused calendar changed nothing" ||
	not_ok "a refused import changed the database"

# --- impact ---------------------------------------------------------------------------
check impact-est-m4 0 out folio --db "$DB" schedule impact EST-M4 --slip 120d
check impact-est-m4-json 0 out folio --db "$DB" schedule impact EST-M4 --slip 120d --format json
check impact-sw-m1-wd 0 out folio --db "$DB" schedule impact SW-M1 --slip 20wd
run impact-achieved 1 folio --db "$DB" schedule impact SLP-M1 --slip 30d &&
	contains impact-achieved "SLP-M1 was achieved on 5 February 2018"
run impact-unknown 1 folio --db "$DB" schedule impact NOPE-M9 --slip 30d &&
	contains impact-unknown "no milestone or activity NOPE-M9"
run impact-slip 2 folio --db "$DB" schedule impact EST-M4 --slip soon && contains impact-slip "soon"
run impact-slip-neg 2 folio --db "$DB" schedule impact EST-M4 --slip -30d &&
	contains impact-slip-neg "slip -30d is not a whole number of days above 0"
run impact-slip-big 2 folio --db "$DB" schedule impact EST-M4 --slip 9999999999d &&
	contains impact-slip-big "slip 9999999999d is more than 3650 days"
run impact-no-slip 2 folio --db "$DB" schedule impact EST-M4 && contains impact-no-slip "--slip"

# --- simulate ------------------------------------------------------------------------
# With no three-point estimate every iteration is the critical path:
# every percentile is cpm's finish, whatever the generator.
printf 'id,duration_days,predecessors\na,2,\nb,3,a\nc,1,a\nd,2,"b;c"\n' >"$TMP/fixed.csv"
run sim-fixed 0 folio schedule simulate "$TMP/fixed.csv" --start 2018-03-28 --iterations 500 --seed 3 &&
	contains sim-fixed "project finish  2018-04-09  2018-04-09  2018-04-09  2018-04-09" out &&
	contains sim-fixed "Deterministic finish (most likely durations): 7.0 working days; P50 7.0, P80 7.0." out
run sim-fixed-cpm 0 folio schedule cpm "$TMP/fixed.csv" --start 2018-03-28 --format json &&
	python3 - "$TMP/sim-fixed-cpm.out" <<'EOF' && ok "simulate without variation finishes when cpm does" ||
import json, sys
assert json.load(open(sys.argv[1]))["finish"] == "2018-04-09T17:00:00"
EOF
	not_ok "simulate and cpm disagree"

# same_result A B: two simulate JSON results equal but for the time taken
# and the threads used
same_result() {
	python3 - "$1" "$2" <<'EOF'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
for r in (a, b):
    r.pop("seconds", None)
    r.pop("threads", None)
sys.exit(0 if a == b else 1)
EOF
}

# three-point estimates: the same seed gives the same answer, on 1 or 2 threads
cat >"$TMP/tri.csv" <<'EOF'
id,duration_days,predecessors,optimistic,likely,pessimistic,baseline
a,2,,1,2,5,
b,3,a,2,3,8,
c,1,a,1,1,2,
d,0,"b;c",,,,2018-04-13
EOF
run sim-1 0 folio schedule simulate "$TMP/tri.csv" --start 2018-03-28 --seed 11 --iterations 4000 --threads 1 --format json &&
run sim-2 0 folio schedule simulate "$TMP/tri.csv" --start 2018-03-28 --seed 11 --iterations 4000 --threads 2 --format json &&
	same_result "$TMP/sim-1.out" "$TMP/sim-2.out" && ok "the same seed on 1 and 2 threads: the same result" ||
	not_ok "simulate differs between 1 and 2 threads"
run sim-seed 0 folio schedule simulate "$TMP/tri.csv" --start 2018-03-28 --seed 12 --iterations 4000 --format json &&
	! same_result "$TMP/sim-1.out" "$TMP/sim-seed.out" && ok "another seed, another sample" ||
	not_ok "seed 12 gave seed 11's result"
python3 - "$TMP/sim-1.out" <<'EOF' && ok "simulate JSON: percentiles in order, probabilities in [0, 1]" || not_ok "simulate JSON (see above)"
import json, sys
r = json.load(open(sys.argv[1]))
n = 0
def walk(o):
    global n
    if isinstance(o, dict):
        d = o.get("days")
        if isinstance(d, dict) and "p50" in d:
            ps = [d[k] for k in ("p10", "p50", "p80", "p90")]
            assert ps == sorted(ps), o
            n += 1
        for k, v in o.items():
            if k.startswith("p_") or k in ("criticality", "probability"):
                if isinstance(v, (int, float)):
                    assert 0 <= v <= 1, (k, v)
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(r)
assert n == 2, n
assert r.get("iterations") == 4000, r.get("iterations")
assert r["milestones"][0]["baseline"] == "2018-04-13"
assert 0.9 < r["milestones"][0]["p_baseline"] <= 1, r["milestones"][0]
EOF
check sim-bad-iter 2 err folio schedule simulate "$TMP/tri.csv" --iterations 0
run sim-bad-dist 2 folio schedule simulate "$TMP/tri.csv" --distribution normal &&
	contains sim-bad-dist "unknown distribution normal"
run sim-bad-threads 2 folio schedule simulate "$TMP/tri.csv" --threads 0 && contains sim-bad-threads "--threads 0"
printf 'id,duration_days,predecessors,optimistic,likely,pessimistic\na,2,,3,2,1\n' >"$TMP/tri-bad.csv"
run sim-bad-est 1 folio schedule simulate "$TMP/tri-bad.csv" && contains sim-bad-est "tri-bad.csv"

# the demo portfolio: quantitative delivery confidence beside the judged one
# --as-at defaults to today by the test clock (FOLIO_NOW), as other commands' dates do:
# as at mid-2017 the demo's programmes had no judged rating yet
FOLIO_NOW=2017-06-30T09:00:00Z run sim-now 0 folio --db "$DB" schedule simulate --iterations 200 --seed 5 --format json
run sim-as-at 0 folio --db "$DB" schedule simulate --iterations 200 --seed 5 --format json --as-at 2017-06-30
sed -i '/"seconds"/d' "$TMP/sim-now.out" "$TMP/sim-as-at.out"
cmp -s "$TMP/sim-now.out" "$TMP/sim-as-at.out" && grep -q '"judged": null' "$TMP/sim-now.out" &&
	ok "simulate: --as-at defaults to FOLIO_NOW's date" ||
	not_ok "simulate: --as-at does not default to FOLIO_NOW's date" "$(diff "$TMP/sim-as-at.out" "$TMP/sim-now.out" | head -5)"
run sim-db 0 folio --db "$DB" schedule simulate --iterations 2000 --seed 5 --as-at 2018-03-31 --format json &&
	python3 - "$TMP/sim-db.out" <<'EOF' && ok "simulate on the demo: a band per programme with key baselined milestones" || not_ok "simulate on the demo (see above)"
import json, sys
r = json.load(open(sys.argv[1]))
bands = ("Green", "Amber/Green", "Amber", "Amber/Red", "Red")
rated = [p for p in r["delivery_confidence"] if p["quantitative"] is not None]
assert len(rated) >= 3, r["delivery_confidence"]
for p in rated:
    assert p["quantitative"] in bands and 0 <= p["p"] <= 1 and p["milestones"] > 0, p
    assert p["judged"] is None or p["judged"] in bands, p
EOF

# names and ids from a file never reach a spreadsheet as formulas; negative
# numbers stay numbers
printf 'id,name,duration_days,predecessors\n@a,"=HYPERLINK(""http://x"",""y"")",2,\n+b,-2 days,3,@a\n-1,ok,1,+b\n' \
	>"$TMP/formula.csv"
run cpm-formula 0 folio schedule cpm "$TMP/formula.csv" --start 2018-01-01 --format csv &&
	grep -q '^"'"'"'@a","'"'"'=HYPERLINK(""http://x"",""y"")",task,' "$TMP/cpm-formula.out" &&
	grep -q '^"'"'"'+b","'"'"'-2 days",task,' "$TMP/cpm-formula.out" &&
	grep -q '^-1,ok,task,' "$TMP/cpm-formula.out" &&
	ok "cpm CSV: formulas made inert, a negative id kept" || not_ok "cpm CSV formulas" "$(cat "$TMP/cpm-formula.out")"

# --- the database behind cpm, simulate and impact ----------------------------------
# a missing database is named and not created; several organisations and no
# --org is a usage error, as for every other command
for a in "cpm" "simulate --iterations 10" "impact SW-M1 --slip 3d"; do
	name="nodb-${a%% *}"
	run "$name" 1 folio --db "$TMP/none.db" schedule $a && contains "$name" "no database at \$TMP/none.db"
	[ ! -e "$TMP/none.db" ] && ok "$name: no database created" ||
		{ not_ok "$name: an empty database was created"; rm -f "$TMP/none.db"; }
done
TWO="$TMP/two.db"
cp "$DB" "$TWO"
run two-import 0 folio --db "$TWO" import "$FOLIO_SOURCE/tests/data/cli/minimal.json"
for a in "cpm" "simulate --iterations 10" "impact SW-M1 --slip 3d"; do
	name="two-${a%% *}"
	run "$name" 2 folio --db "$TWO" schedule $a && contains "$name" "choose one with --org"
	run "$name-org" 1 folio --db "$TWO" --org NOPE schedule $a &&
		contains "$name-org" "no organisation \"NOPE\" in \$TMP/two.db"
done
run two-cpm-mps 0 folio --db "$TWO" --org MPS schedule cpm && ok "--org MPS chooses one"

# a terminal gets a progress bar on standard error; a pipe does not
python3 "$SHARED/bench/gen_network.py" -n 2000 -o "$TMP/big" >/dev/null
if command -v script >/dev/null; then
	script -qec "$FOLIO_BIN schedule simulate $TMP/big.json --iterations 20000 --seed 1 --out $TMP/tty.out" \
		"$TMP/tty.log" >/dev/null 2>&1
	grep -q '%' "$TMP/tty.log" && ok "a progress bar on a terminal" || not_ok "no progress bar on a terminal"
fi
run sim-pipe 0 folio schedule simulate "$TMP/big.json" --iterations 2000 --seed 1 &&
	[ ! -s "$TMP/sim-pipe.err" ] && ok "no progress bar into a pipe" || not_ok "progress written into a pipe"

# Ctrl-C: stops at the next block, writes what it has marked partial, exits 130
"$FOLIO_BIN" schedule simulate "$TMP/big.json" --iterations 50000000 --seed 1 --format json \
	>"$TMP/sigint.out" 2>"$TMP/sigint.err" &
pid=$!
sleep 1
kill -INT $pid
wait $pid
got=$?
[ "$got" = 130 ] && ok "Ctrl-C: exit status 130" || not_ok "Ctrl-C: exit status $got, not 130"
python3 - "$TMP/sigint.out" <<'EOF' && ok "Ctrl-C: the result so far, marked partial" || not_ok "Ctrl-C: no partial result (see above)"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["partial"] is True, r.get("partial")
# on a loaded machine the signal may come before the first block is done
assert 0 <= r["iterations"] < 50000000, r["iterations"]
EOF

# Ctrl-C before any iteration is done (gdb raises SIGINT as the run starts):
# the result is marked partial and has no figures, never "nan"
if command -v gdb >/dev/null; then
	printf 'set pagination off\nhandle SIGINT nostop pass\nbreak mc_run\nrun\ncall (int)raise(2)\ndelete\ncontinue\n' \
		>"$TMP/sigint.gdb"
	for fmt in table csv; do
		gdb -nx -q -batch -iex "set auto-load off" -iex "set debuginfod enabled off" -x "$TMP/sigint.gdb" --args "$FOLIO_BIN" --db "$DB" schedule simulate \
			--iterations 100000 --format $fmt --out "$TMP/sigint0.$fmt" >"$TMP/sigint0.log" 2>&1
		if grep -q "interrupted: 0 of 100000" "$TMP/sigint0.log"; then
			! grep -qi nan "$TMP/sigint0.$fmt" && ok "Ctrl-C at once ($fmt): no 'nan' in the result" ||
				not_ok "Ctrl-C at once ($fmt): 'nan' in the result" "$(grep -i nan "$TMP/sigint0.$fmt" | head -3)"
		else
			not_ok "Ctrl-C at once ($fmt): gdb did not stop the run at once" "$(tail -3 "$TMP/sigint0.log")"
		fi
	done
fi

done_testing
