#!/usr/bin/env bash
# test-cycle.sh - the monthly cycle from the command line: a period opened,
# returns written from templates and submitted (JSON and CSV), bad returns
# that change nothing, review, publication, exceptions and their reports,
# a correction and re-publication, risk escalation, re-baselining, and the
# audit log checked, tampered with behind folio's back, and caught.
. "$FOLIO_SOURCE/tests/cli/lib.sh"
DATA="$FOLIO_SOURCE/tests/data/cycle"
DB="$TMP/cycle.db"
export FOLIO_USER=tester
f() { folio --db "$DB" "$@"; }

# edit FILE FROM TO : replace the first FROM by TO in FILE (fixed strings)
edit() {
	python3 - "$@" <<'EOF'
import sys
path, a, b = sys.argv[1:4]
s = open(path, encoding='utf-8').read()
if a not in s:
	sys.exit('not found: ' + a)
open(path, 'w', encoding='utf-8').write(s.replace(a, b, 1))
EOF
}

unchanged() {
	sqlite3 "$DB" .dump >"$TMP/after.sql"
	cmp -s "$TMP/before.sql" "$TMP/after.sql" && ok "$1: database unchanged" ||
		not_ok "$1: database changed"
}

# --- help ------------------------------------------------------------------------
for c in period return exception risk changes audit; do
	run "help-$c" 0 folio "$c" --help && contains "help-$c" "usage: folio" out
done

# --- opening April and writing returns ------------------------------------------
run setup 0 f import "$DATA/org.json" && ok "the test organisation loads"
run return-no-verb 2 folio --db "$DB" return && contains return-no-verb "return needs template or submit"
run open 0 f period open 2018-04 && contains open "Opened 2018-04 for returns." out
run open-again 1 f period open 2018-04 && contains open-again "2018-04 is already open"
run open-bad 2 f period open April && contains open-bad "'April' is not a month"
check cycle-template-alpha 0 out f return template ALPHA --period 2018-04
run template-files 0 f return template ALPHA --period 2018-04 --out "$TMP/alpha.json" --csv "$TMP/alpha.csv"
cmp -s "$TMP/alpha.json" "$TMP/cycle-template-alpha.out" && ok "template to a file equals template to stdout" ||
	not_ok "template to a file differs"
check cycle-template-alpha-csv 0 out cat "$TMP/alpha.csv"
# both files or neither: an unwritable --csv keeps --out as it was
run template-bad-csv 1 f return template ALPHA --period 2018-04 --out "$TMP/gone.json" --csv "$TMP/no/such/dir/a.csv" &&
	contains template-bad-csv "cannot write \$TMP/no/such/dir/a.csv"
[ ! -e "$TMP/gone.json" ] && ok "template-bad-csv: no --out written" || not_ok "template-bad-csv: --out written"
echo kept >"$TMP/kept.json"
run template-bad-csv2 1 f return template ALPHA --period 2018-04 --out "$TMP/kept.json" --csv "$TMP/no/such/dir/a.csv"
[ "$(cat "$TMP/kept.json")" = kept ] && ok "template-bad-csv2: --out left as it was" ||
	not_ok "template-bad-csv2: --out changed"
ls -A "$TMP" | grep -q '^\.kept\|^\.gone' && not_ok "temporary files left behind" || ok "no temporary files left behind"
run template-devnull 0 f return template ALPHA --period 2018-04 --out /dev/null --csv "$TMP/alpha3.csv" &&
	cmp -s "$TMP/alpha.csv" "$TMP/alpha3.csv" && ok "template --out /dev/null is written in place" ||
	not_ok "template --out /dev/null"
run template-missing 1 f return template NOPE --period 2018-04 && contains template-missing "there is no programme NOPE"

# --- bad returns change nothing ------------------------------------------------
sqlite3 "$DB" .dump >"$TMP/before.sql"
cp "$TMP/alpha.json" "$TMP/bad-date.json"
edit "$TMP/bad-date.json" '"forecast_date": "2018-10-15"' '"forecast_date": "2018-13-01"'
run bad-date 1 f return submit "$TMP/bad-date.json" &&
	contains bad-date "bad-date.json: milestones[1].forecast_date: expected a date (YYYY-MM-DD or DD/MM/YYYY), got \"2018-13-01\""
unchanged bad-date
cp "$TMP/alpha.json" "$TMP/bad-context.json"
edit "$TMP/bad-context.json" '"name": "Phase two live"' '"name": "Phase 2 live"'
run bad-context 1 f return submit "$TMP/bad-context.json" &&
	contains bad-context "milestones[1].name: name is not changed by a return"
unchanged bad-context
printf 'code,forecast_date\r\nALPHA-M1,2018-07-31\r\nBETA-M1,2018-08-31\r\n' >"$TMP/bad.csv"
run bad-csv 1 f return submit --csv "$TMP/bad.csv" "$TMP/alpha.json" &&
	contains bad-csv "bad.csv:3: code: milestone BETA-M1 belongs to programme BETA, not ALPHA"
unchanged bad-csv
# a file folio cannot parse is named FILE:LINE:COLUMN, as the other importers do
printf '{"folio_return": 1,\n "period": }\n' >"$TMP/bad-syntax.json"
run bad-syntax 1 f return submit "$TMP/bad-syntax.json" &&
	contains bad-syntax "folio: \$TMP/bad-syntax.json:2:12: malformed JSON: "
printf 'code,forecast_date\nALPHA-M1,2018-02-30\n' >"$TMP/bad-cell.csv"
run bad-cell 1 f return submit --csv "$TMP/bad-cell.csv" "$TMP/alpha.json" &&
	contains bad-cell "folio: \$TMP/bad-cell.csv:2:10: forecast_date: expected a date"
unchanged bad-cell
# two files in one go: the second is bad, so the first is not recorded either
f return template BETA --period 2018-04 --out "$TMP/beta.json" >/dev/null
cp "$TMP/beta.json" "$TMP/bad-beta.json"
edit "$TMP/bad-beta.json" '"current_impact": 5' '"current_impact": 9'
run bad-batch 1 f return submit "$TMP/alpha.json" "$TMP/bad-beta.json" &&
	contains bad-batch "risks[0].current_impact: expected an integer from 1 to 5, got 9"
unchanged bad-batch

# --- submitting ------------------------------------------------------------------
edit "$TMP/alpha.json" '"forecast_date": "2018-10-15"' '"forecast_date": "2018-12-31"'
edit "$TMP/alpha.json" '"headline": "Pilot live, \"phase two\" being planned"' '"headline": "Phase two slips to December"'
check cycle-submit-alpha 0 out f return submit "$TMP/alpha.json"
f return template BETA --period 2018-04 --out "$TMP/beta.json" --csv "$TMP/beta.csv" >/dev/null
edit "$TMP/beta.csv" ',2018-05-31,2018-05-31,' ',2018-05-31,2018-06-15,'
check cycle-submit-beta 0 out f return submit --csv "$TMP/beta.csv" "$TMP/beta.json"
check cycle-status-submitted 0 out f period status 2018-04

# --- review and publish ---------------------------------------------------------
run publish-early 1 f period publish 2018-04 && contains publish-early "2018-04 is submitted: review it before publishing"
run review 0 f period review 2018-04 && contains review "2 returns marked reviewed by tester" out
run publish 0 f period publish 2018-04 &&
	contains publish "Published 2018-04 as snapshot revision 1" out &&
	contains publish "2 returns published, 2 tolerance findings, 2 exceptions raised." out
# the frozen copy is the organisation exactly as an export gives it now
f export --out "$TMP/published.json" >/dev/null
sqlite3 "$DB" "SELECT writefile('$TMP/snapshot.json', json) FROM snapshot WHERE revision = 1" >/dev/null
cmp -s "$TMP/published.json" "$TMP/snapshot.json" && ok "the snapshot is byte for byte the export at publication" ||
	not_ok "the snapshot differs from the export"
contains publish "sha256 $(sha256sum "$TMP/snapshot.json" | cut -d' ' -f1))" out
check cycle-exceptions 0 out f exception list
check cycle-exception-show 0 out f exception show EX-2018-04-ALPHA-time
run exc-update 0 f exception update EX-2018-04-ALPHA-time --cause "The supplier cannot start until October." \
	--consequences "Phase two goes live three months late." --options "Accept the slip, or fund a second supplier." \
	--recommendation "Accept the slip and re-baseline (ALPHA-CR1)." &&
	contains exc-update "Updated EX-2018-04-ALPHA-time: 4 parts changed." out
run exc-show2 0 f exception show EX-2018-04-ALPHA-time && contains exc-show2 "Accept the slip, or fund a second supplier." out
run exc-bad-status 1 f exception update EX-2018-04-ALPHA-time --status finished && contains exc-bad-status "status: expected one of"
run exc-missing 1 f exception show EX-NONE && contains exc-missing "there is no exception EX-NONE"
run exc-period 0 f exception list --period 2018-03 && contains exc-period "No exceptions for 2018-03" out

# --- a published month exported as it was published ----------------------------
# The exception's words above changed the live data after publication;
# `export --period` reads the month's snapshot, the live export does not.
run export-period 0 f export --period 2018-04 --out "$TMP/period.json"
cmp -s "$TMP/period.json" "$TMP/snapshot.json" && ok "export --period 2018-04 is the published snapshot byte for byte" ||
	not_ok "export --period 2018-04 differs from the published snapshot"
f export --out "$TMP/live.json" >/dev/null
grep -qF "The supplier cannot start until October." "$TMP/live.json" &&
	! grep -qF "The supplier cannot start until October." "$TMP/period.json" &&
	ok "the live export has the later words, the period's does not" ||
	not_ok "the live and period exports do not differ as they should"
run export-period-mm 0 f export --period 04/2018
cmp -s "$TMP/export-period-mm.out" "$TMP/snapshot.json" && ok "export --period 04/2018 is the same month" ||
	not_ok "export --period 04/2018 differs from the snapshot"
run export-period-none 1 f export --period 2030-01 &&
	contains export-period-none "has no reporting period 2030-01: its periods run from"
run export-period-bad 2 f export --period April && contains export-period-bad "--period: 'April' is not a month"
# every format: the same as exporting the published state, imported afresh
folio --db "$TMP/published.db" import "$TMP/snapshot.json" >/dev/null
p() { folio --db "$TMP/published.db" "$@"; }
for fmt in csv xlsx gmpp; do
	case $fmt in csv) a="$TMP/period-csv" b="$TMP/published-csv" ;;
		*) a="$TMP/period.$fmt" b="$TMP/published.$fmt" ;; esac
	run "export-period-$fmt" 0 f export --format "$fmt" --period 2018-04 --out "$a" &&
		p export --format "$fmt" --out "$b" >/dev/null &&
		diff -r "$a" "$b" >/dev/null && ok "export --format $fmt --period 2018-04 is the published state" ||
		not_ok "export --format $fmt --period 2018-04 differs from the published state"
done
f export --format csv --out "$TMP/live-csv" >/dev/null
diff -r "$TMP/live-csv" "$TMP/period-csv" >/dev/null && not_ok "the live CSV export is the period's" ||
	ok "the live CSV export is not the period's"

# --- a correction, published again ---------------------------------------------
run publish-again 1 f period publish 2018-04 && contains publish-again "no correction is waiting"
f return template ALPHA --period 2018-04 --out "$TMP/alpha2.json" >/dev/null
grep -q '"version": 2' "$TMP/alpha2.json" && ok "a published month's template is for version 2" ||
	not_ok "the template is not for version 2"
edit "$TMP/alpha2.json" '"dca": "Amber"' '"dca": "Amber/Red"'
run not-correction 1 f return submit "$TMP/alpha2.json" && contains not-correction "2018-04 is published: a change to it now is a correction"
run correction 0 f return submit --correction "$TMP/alpha2.json" && contains correction "version 2, a correction" out
run republish 0 f period publish 2018-04 && contains republish "snapshot revision 2" out
sqlite3 "$DB" "SELECT writefile('$TMP/snapshot2.json', json) FROM snapshot WHERE revision = 2" >/dev/null
f export --period 2018-04 --out "$TMP/period2.json" >/dev/null
cmp -s "$TMP/period2.json" "$TMP/snapshot2.json" && ! cmp -s "$TMP/period2.json" "$TMP/snapshot.json" &&
	ok "after a correction, export --period 2018-04 is revision 2" ||
	not_ok "after a correction, export --period 2018-04 is not revision 2"
check cycle-periods 0 out f period list

# --- risks and re-baselining ---------------------------------------------------
check cycle-escalations 0 out f risk escalations --as-at 2018-05-31
run accept 0 f risk accept BETA-R1 --into PR-1 && contains accept "BETA-R1 now feeds portfolio risk PR-1." out
run accept-again 1 f risk accept BETA-R1 --into PR-1 && contains accept-again "BETA-R1 already feeds PR-1"
run accept-wrong 1 f risk accept PR-1 --into ALPHA-R1 && contains accept-wrong "is itself on the portfolio register"
run accept-no-pr 1 f risk accept BETA-R1 --into NOPE &&
	contains accept-no-pr "folio: there is no portfolio risk NOPE to accept BETA-R1 into"
run accept-no-risk 1 f risk accept NOPE --into PR-1 && contains accept-no-risk "folio: there is no risk NOPE to accept"
run escalations-none 0 f risk escalations --as-at 2018-05-31 && contains escalations-none "No programme risk is proposed" out
check cycle-approve 0 out f changes approve ALPHA-CR1 --board "Portfolio Investment Board" --date 2018-05-15
run approve-again 1 f changes approve ALPHA-CR1 --board PIB --date 2018-05-16 && contains approve-again "is approved, not pending"
run approve-no-date 2 f changes approve ALPHA-CR1 --board PIB && contains approve-no-date "needs --date"

# --- the audit log ---------------------------------------------------------------
check cycle-audit-log 0 out f audit log --entity milestone --key ALPHA-M2 --actor tester
run audit-since 0 f audit log --since 2018-05-09 && contains audit-since "No audit entries match." out
unset FOLIO_USER
run default-actor 0 f exception update EX-2018-04-BETA-risk --status escalated
run default-actor-log 0 f audit log --key EX-2018-04-BETA-risk --entity exception &&
	contains default-actor-log "cli:$(id -un)" out
run verify 0 f audit verify && contains verify "entries verified" out
entries=$(sqlite3 "$DB" 'SELECT count(*) FROM audit')
contains verify "$entries entries verified" out
# go behind folio's back: drop the trigger that guards the log and edit one entry
seq=$(sqlite3 "$DB" "SELECT seq FROM audit WHERE entity = 'milestone' AND \"key\" = 'ALPHA-M2' AND field = 'forecast_date' LIMIT 1")
sqlite3 "$DB" "DROP TRIGGER audit_no_update; UPDATE audit SET new_value = '2018-10-15' WHERE seq = $seq" &&
	ok "an audit entry edited with the sqlite3 shell"
run verify-tampered 1 f audit verify &&
	contains verify-tampered "audit entry $seq does not verify: its content does not match its hash" &&
	contains verify-tampered "update milestone ALPHA-M2 forecast_date"
sqlite3 "$DB" "DROP TRIGGER audit_no_delete; UPDATE audit SET new_value = '2018-12-31' WHERE seq = $seq; DELETE FROM audit WHERE seq = 5"
run verify-gap 1 f audit verify && contains verify-gap "audit entry 6 does not verify: entry 6 follows entry 4: one is missing"

done_testing
