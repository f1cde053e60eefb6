#!/usr/bin/env bash
# test-cli.sh - the command line end to end: init, demo, import, export,
# list, show, report; exit statuses; bad input that changes nothing.
# On SQLite, or on PostgreSQL with FOLIO_TEST_STORE=pg (tests/pg/db.sh).
. "$FOLIO_SOURCE/tests/cli/lib.sh"
. "$FOLIO_SOURCE/tests/pg/db.sh"
DATA="$FOLIO_SOURCE/tests/data/cli"
DB=$(newdb folio)

# --- help and usage --------------------------------------------------------
run help 0 folio --help && contains help "Commands:" out
for c in init demo import export list show report schedule; do
	run "help-$c" 0 folio "$c" --help && contains "help-$c" "usage: folio" out
done
run no-command 2 folio && ok "no command: exit 2"
# the summaries say what each command does; every subcommand takes -h and --help
contains help "write a board paper (oversight, pmg, pib)" out
contains help "Monte Carlo" out
contains help "130 interrupted" out
run help-export-out 0 folio export --help && contains help-export-out "--out PATH      write to the file PATH" out
for c in "period list" "period open" "return template" "return submit" "exception list" \
	"risk escalations" "risk accept" "changes approve" "audit verify" "audit log" \
	"user passwd" "user demo-passwords" "schedule cpm" "schedule simulate" "schedule impact" \
	"serve" "list programmes" "show programme"; do
	for h in -h --help; do
		name="help-${c// /-}$h"
		run "$name" 0 folio --db "$TMP/none.db" $c $h || continue
		grep -q "^usage: folio" "$TMP/$name.out" && [ ! -s "$TMP/$name.err" ] &&
			ok "$c $h: its usage on stdout" || not_ok "$c $h: no usage on stdout"
	done
done
run bad-command 2 folio frobnicate && contains bad-command "'frobnicate' is not a folio command"
run empty-db 2 folio --db "" list programmes && contains empty-db "--db needs a path"
(cd "$TMP" && FOLIO_DB= "$FOLIO_BIN" list programmes) >/dev/null 2>"$TMP/empty-env.err"
grep -q "no database at var/folio.db" "$TMP/empty-env.err" && ok "FOLIO_DB= means the default database" ||
	not_ok "FOLIO_DB= is not the default" "$(cat "$TMP/empty-env.err")"
run no-db 1 folio --db "$TMP/none.db" list programmes && contains no-db "no database at"
[ ! -e "$TMP/none.db" ] && ok "a read command does not create a database" ||
	not_ok "a read command created a database"
# a command that may create the database keeps it only if it succeeds
run new-import-usage 2 folio --db "$TMP/new1/f.db" import
run new-import-missing 1 folio --db "$TMP/new2.db" import "$TMP/nonexistent.json"
run new-demo-usage 2 folio --db "$TMP/new3.db" demo --bogus
run new-import-bad 1 folio --db "$TMP/new4.db" import "$DATA/bad-date.json"
for f in new1 new1/f.db new2.db new3.db new4.db new4.db-wal new4.db-shm; do
	[ ! -e "$TMP/$f" ] && ok "a failed command leaves no $f" || not_ok "a failed command left $f behind"
done

# --- init, demo --------------------------------------------------------------
run init 0 folio --db "$DB" init && contains init "schema version" out
run init-again 0 folio --db "$DB" init && ok "init twice is harmless"
run demo 0 folio --db "$DB" demo && contains demo "Loaded MPS" out
run demo-again 1 folio --db "$DB" demo && contains demo-again "already in"
run demo-replace 0 folio --db "$DB" demo --replace && ok "demo --replace"
# the demo's months were published before it was loaded: no snapshot here
run publish-loaded 1 folio --db "$DB" period publish 2018-03 &&
	contains publish-loaded "folio: 2018-03 is already published (as loaded: this database keeps no snapshot of it) and no correction is waiting"

# an unknown option is named with the command, never the path of the binary
run bad-global-opt 2 folio --bogus && grep -q "^folio: unrecognized option '--bogus'" "$TMP/bad-global-opt.err" &&
	ok "bad-global-opt: named folio" || not_ok "bad-global-opt: not named folio" "$(head -1 "$TMP/bad-global-opt.err")"
run bad-init-opt 2 folio --db "$DB" init --bogus && contains bad-init-opt "folio init: unrecognized option '--bogus'"
run bad-exc-opt 2 folio --db "$DB" exception list --period &&
	contains bad-exc-opt "folio exception: option '--period' requires an argument"
run bad-tpl-opt 2 folio --db "$DB" return template --bogus &&
	contains bad-tpl-opt "folio return template: unrecognized option '--bogus'"
run bad-pw-opt 2 folio --db "$DB" user passwd --bogus &&
	contains bad-pw-opt "folio user passwd: unrecognized option '--bogus'"

# --- list and show -----------------------------------------------------------
check list-programmes 0 out folio --db "$DB" list programmes
check list-portfolio-risks 0 out folio --db "$DB" list risks --level portfolio
check list-milestones-q1 0 out folio --db "$DB" list milestones --from 2018-04-01 --to 2018-06-30
check list-milestones-uk 0 out folio --db "$DB" list milestones --from 01/04/2018 --to 30/06/2018
cmp -s "$TMP/list-milestones-q1.out" "$TMP/list-milestones-uk.out" &&
	ok "UK and ISO dates give the same list" || not_ok "UK and ISO dates differ"
check show-programme 0 out folio --db "$DB" show programme SLP
run list-csv 0 folio --db "$DB" list programmes --format csv && contains list-csv "code,name" out
# every kind 'list kinds' names can be listed
run list-kinds 0 folio --db "$DB" list kinds
for kind in $(cut -d' ' -f1 "$TMP/list-kinds.out"); do
	folio --db "$DB" list "$kind" >/dev/null 2>"$TMP/list-kind.err" || not_ok "list $kind" "$(cat "$TMP/list-kind.err")"
done
ok "list kinds names only kinds that list"
run list-bad-kind 2 folio --db "$DB" list widgets && contains list-bad-kind "'widgets' is not a kind"
run list-bad-field 2 folio --db "$DB" list risks --colour red && contains list-bad-field "no field 'colour'"
run list-bad-date 2 folio --db "$DB" list milestones --from 31/02/2018 && contains list-bad-date "is not a date"
# filters read VALUE as the field's type: a value it cannot hold is refused,
# months may be MM/YYYY and money is written as it is shown
run list-bad-enum 2 folio --db "$DB" list risks --level Portfolio &&
	contains list-bad-enum "'Portfolio' is not one of project, programme, portfolio"
run list-bad-bool 2 folio --db "$DB" list milestones --key maybe && contains list-bad-bool "'maybe' is not yes or no"
run list-bad-int 2 folio --db "$DB" list risks --current_likelihood four &&
	contains list-bad-int "'four' is not a whole number"
run list-bad-money 2 folio --db "$DB" list programmes --whole_life_cost 38m &&
	contains list-bad-money "'38m' is not an amount in whole pounds"
run list-bad-month 2 folio --db "$DB" list returns --period 2018-13 && contains list-bad-month "is not a month"
run list-bad-range 2 folio --db "$DB" list milestones --from 2018-06-30 --to 2018-04-01 &&
	contains list-bad-range "--from 2018-06-30 is after --to 2018-04-01"
# a bad date or month says which forms are read
run bad-date-uk 2 folio --db "$DB" risk escalations --as-at 31/02/2026 &&
	contains bad-date-uk "'31/02/2026' is not a date (YYYY-MM-DD or DD/MM/YYYY)"
run bad-month-uk 2 folio --db "$DB" period status 13/2018 &&
	contains bad-month-uk "'13/2018' is not a month (YYYY-MM or MM/YYYY)"
run list-month-iso 0 folio --db "$DB" list returns --period 2018-03
run list-month-uk 0 folio --db "$DB" list returns --period 03/2018
grep -q '^10 returns$' "$TMP/list-month-iso.out" && cmp -s "$TMP/list-month-iso.out" "$TMP/list-month-uk.out" &&
	ok "--period 03/2018 lists the ten returns of 2018-03" || not_ok "--period 03/2018 differs from 2018-03"
run list-money-raw 0 folio --db "$DB" list programmes --whole_life_cost 38000000
run list-money-shown 0 folio --db "$DB" list programmes --whole_life_cost '£38,000,000'
grep -q '^SLP ' "$TMP/list-money-raw.out" && cmp -s "$TMP/list-money-raw.out" "$TMP/list-money-shown.out" &&
	ok "money filters as shown (£38,000,000) and as stored" || not_ok "money filter" "$(cat "$TMP/list-money-shown.out")"
run list-bool-no 0 folio --db "$DB" list milestones --key no
run list-bool-false 0 folio --db "$DB" list milestones --key=false
cmp -s "$TMP/list-bool-no.out" "$TMP/list-bool-false.out" && ! grep -q "No milestones" "$TMP/list-bool-no.out" &&
	ok "--key no and --key=false agree" || not_ok "--key no and --key=false differ"
run show-missing 1 folio --db "$DB" show programme NOPE && contains show-missing 'no programme "NOPE"'

# --- export, import, export: the same bytes -------------------------------------
run export1 0 folio --db "$DB" export --out "$TMP/export1.json" && ok "export"
COPY=$(newdb copy)
run import-empty 0 folio --db "$COPY" import "$TMP/export1.json" && ok "import into an empty database"
run export2 0 folio --db "$COPY" export --out "$TMP/export2.json"
cmp -s "$TMP/export1.json" "$TMP/export2.json" && ok "export, import, export is byte-identical" ||
	not_ok "export, import, export differs" "$(diff "$TMP/export1.json" "$TMP/export2.json" | head -5)"
run export-stdout 0 folio --db "$DB" export
cmp -s "$TMP/export1.json" "$TMP/export-stdout.out" && ok "export to stdout equals export to a file" ||
	not_ok "export to stdout differs"

# --- bad input changes nothing ---------------------------------------------------
BAD=$(newdb bad)
run bad-setup 0 folio --db "$BAD" import "$DATA/minimal.json" && ok "minimal organisation loads"
contains bad-setup "12 records, 2 programmes, 1 milestone, 0 risks." out
dbdump "$BAD" >"$TMP/before.sql"
expect_refused() {
	local name=$1 file=$2 text=$3
	run "$name" 1 folio --db "$BAD" import "$DATA/$file" && contains "$name" "$text"
	dbdump "$BAD" >"$TMP/after.sql"
	cmp -s "$TMP/before.sql" "$TMP/after.sql" && ok "$name: database unchanged" ||
		not_ok "$name: database changed"
}
expect_refused bad-malformed bad-malformed.json "bad-malformed.json"
expect_refused bad-unknown-ref bad-unknown-ref.json 'milestones[0].programme'
expect_refused bad-date bad-date.json 'programmes[1].end_date'
expect_refused bad-rating bad-rating.json 'returns[0].dca'
expect_refused bad-duplicate bad-duplicate.json 'duplicate programme "AAA"'
expect_refused bad-loop bad-loop.json 'A1 -> A2 -> A3 -> A1'
expect_refused bad-again minimal.json "already in"
run bad-missing-file 1 folio --db "$BAD" import "$TMP/nonexistent.json" && contains bad-missing-file "nonexistent.json"

# --- the schema version guard ----------------------------------------------------
NEWER=$(newdb newer)
run newer-setup 0 folio --db "$NEWER" import "$DATA/minimal.json"
dbsql "$NEWER" "PRAGMA user_version = 99" "UPDATE folio_meta SET version = 99"
run newer 1 folio --db "$NEWER" list programmes && contains newer "99"

# --- read-only use ---------------------------------------------------------------
# Reading commands open the database read-only: a database in a folder its
# reader cannot write is read while its write-ahead log's side files exist
# (some connection has it open), and otherwise refused saying why. Run as
# nobody when the tests run as root (root may write anywhere).
if [ "${FOLIO_TEST_STORE:-sqlite}" = sqlite ]; then
	if [ "$(id -u)" != 0 ]; then
		as_reader() { "$@"; }
	elif command -v setpriv >/dev/null; then
		as_reader() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	fi
fi
if declare -F as_reader >/dev/null; then
	RO="$TMP/ro"
	mkdir "$RO" && cp "$DB" "$RO/f.db" && chmod 444 "$RO/f.db" && chmod 555 "$RO" && chmod 711 "$TMP"
	ro() { as_reader "$FOLIO_BIN" --db "$RO/f.db" "$@"; }
	run ro-closed 1 ro list programmes &&
		contains ro-closed "folio: \$TMP/ro/f.db: cannot read: the database's directory (\$TMP/ro) must be writable: SQLite keeps its write-ahead log beside it"
	[ "$(ls -A "$RO")" = f.db ] && ok "ro-closed: nothing created" || not_ok "ro-closed: files created" "$(ls -A "$RO")"
	# a connection keeps the side files while it is open
	chmod 755 "$RO"
	python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1]); c.execute("SELECT count(*) FROM sqlite_master").fetchall()
print("open", flush=True); time.sleep(60)' "$RO/f.db" >"$TMP/holder.out" &
	holder=$!
	for _ in $(seq 100); do grep -q open "$TMP/holder.out" && break; sleep 0.1; done
	chmod 555 "$RO"
	for c in "list programmes" "show programme SLP" "export" "report oversight --as-at 2018-03" "audit verify"; do
		name="ro-${c%% *}"
		run "$name" 0 ro $c && ok "read-only: $c"
	done
	cmp -s "$TMP/ro-list.out" "$GOLDEN/list-programmes.out" && ok "read-only list is the list" ||
		not_ok "read-only list differs"
	run ro-write 1 ro period open 2018-04 && ok "read-only: a write is refused"
	kill "$holder"
	wait "$holder" 2>/dev/null
	chmod 700 "$TMP" "$RO"
else
	ok "read-only use: skipped (needs SQLite, and setpriv when run as root)"
fi

# --- reports ---------------------------------------------------------------------
# the paper as the board sees it is the report module's golden file
run report-md 0 folio --db "$DB" report oversight --as-at 2018-03 --format md --clearance OFFICIAL-SENSITIVE
cmp -s "$TMP/report-md.out" "$FOLIO_SOURCE/tests/golden/oversight-2018-03.md" &&
	ok "report oversight --format md matches tests/golden/oversight-2018-03.md" ||
	not_ok "report oversight differs from tests/golden/oversight-2018-03.md"
run report-official 0 folio --db "$DB" report oversight --as-at 2018-03
grep -q "OFFICIAL-SENSITIVE" "$TMP/report-official.out" &&
	not_ok "an OFFICIAL paper mentions OFFICIAL-SENSITIVE" ||
	ok "the default paper is OFFICIAL and carries no sensitive marking"
if grep -q "OFFICIAL-SENSITIVE" "$TMP/report-md.out"; then
	ok "the OFFICIAL-SENSITIVE paper carries its marking"
else
	not_ok "the OFFICIAL-SENSITIVE paper does not carry its marking"
fi
run report-html 0 folio --db "$DB" report oversight --as-at 2018-03 --format html --out "$TMP/paper.html" &&
	contains report-html "paper.html" out
grep -q '<html lang="en-GB"' "$TMP/paper.html" && ok "html report is a page" || not_ok "html report is not a page"
run report-uk-month 0 folio --db "$DB" report oversight --as-at 03/2018 --format md
cmp -s "$TMP/report-official.out" "$TMP/report-uk-month.out" && ok "--as-at 03/2018 equals 2018-03" ||
	not_ok "--as-at 03/2018 differs"
run report-bad-month 2 folio --db "$DB" report oversight --as-at 2018-13 && contains report-bad-month "not a month"
# a month the organisation never opened is refused, not written as a paper
for paper in oversight pmg pib; do
	run "report-no-period-$paper" 1 folio --db "$DB" report $paper --period 2030-01 --out "$TMP/no-period.md" &&
		contains "report-no-period-$paper" "MPS has no reporting period 2030-01: its periods run from 2017-04 to 2018-04"
done
# docs/reports.md quotes the refusal as the command prints it
grep -qxF "    $(cat "$TMP/report-no-period-pmg.err")" "$FOLIO_SOURCE/docs/reports.md" &&
	ok "docs/reports.md says how a month without a period is refused" ||
	not_ok "docs/reports.md does not quote: $(cat "$TMP/report-no-period-pmg.err")"
[ ! -e "$TMP/no-period.md" ] && ok "no paper written for a month without a period" ||
	not_ok "a paper was written for a month without a period"
run report-open-period 0 folio --db "$DB" report pmg --period 2018-04 && ok "an open period's pack is written"
run report-bad-paper 2 folio --db "$DB" report minutes && contains report-bad-paper "not a paper"

done_testing
