#!/usr/bin/env bash
# test-gmpp.sh - the GMPP's published files from the command line: the
# 2018, 2019 and 2021 files imported one after another build the rating
# history, and the oversight paper as at March 2021 shows the distribution
# of each assessment round and the movement between rounds (the figures
# the importer pins in tests/unit/test-gmpp.c), compared with the previous
# round rather than the previous quarter end; --compare-with picks another.
. "$FOLIO_SOURCE/tests/cli/lib.sh"
: "${FOLIO_SHARED:?}"
DB="$TMP/gmpp.db"
f() { folio --db "$DB" "$@"; }

# line NAME TEXT : the output of NAME has TEXT as a whole line
line() {
	if grep -qxF -- "$2" "$TMP/$1.out"; then
		ok "$1: has '$2'"
	else
		not_ok "$1: no line '$2'" "$(grep -F -- "${2%% |*}" "$TMP/$1.out" | head -3)"
	fi
}

# lacks NAME TEXT : the output of NAME does not say TEXT
lacks() {
	if grep -qF -- "$2" "$TMP/$1.out"; then
		not_ok "$1: says '$2'" "$(grep -F -- "$2" "$TMP/$1.out" | head -3)"
	else
		ok "$1: does not say '$2'"
	fi
}

run init 0 f init && ok "init"
for y in 2018 2019 2021; do
	run "import-$y" 0 f import --format gmpp --year "$y" "$FOLIO_SHARED/data/gmpp/uk_$y.csv" &&
		contains "import-$y" "imported, 0 refused" out
done
contains import-2021 "GMPP now holds 272 programmes in 21 portfolios and 450 delivery confidence ratings." out

run paper 0 f report oversight --as-at 2021-03 && ok "report oversight --as-at 2021-03"
line paper "| Rating | 30 September 2017 | 30 September 2018 | 31 March 2021 |"
line paper "| Green | 2 | 4 | 12 |"
line paper "| Amber/Green | 22 | 18 | 29 |"
line paper "| Amber | 59 | 66 | 84 |"
line paper "| Amber/Red | 38 | 38 | 44 |"
line paper "| Red | 8 | 4 | 7 |"
line paper "| Exempt | 4 | 3 | 5 |"
line paper "| Not assessed | 0 | 0 | 3 |"
line paper "| **Total** | **133** | **133** | **184** |"
line paper "| 30 September 2017 to 30 September 2018 | 32 | 17 | 54 | 4 | 26 | 26 |"
line paper "| 30 September 2018 to 31 March 2021 | 25 | 13 | 29 | 3 | 114 | 63 |"
contains paper "since the previous assessment at 30 September 2018" out
contains paper "*Chart: Delivery confidence by assessment round*" out
lacks paper "31 December 2020"
lacks paper "No monthly return was submitted in the quarter."
contains paper "No monthly return was submitted in the quarter for any of the 270 active programmes" out

run compare 0 f report oversight --as-at 2021-03 --compare-with 2018-03 && ok "--compare-with 2018-03"
line compare "| 30 September 2017 to 31 March 2021 | 24 | 10 | 19 | 4 | 127 | 76 |"
contains compare "since the assessment at 30 September 2017" out

run compare-html 0 f report oversight --as-at 2021-03 --format html && contains compare-html "<svg" out
run compare-late 1 f report oversight --as-at 2021-03 --compare-with 2021-04-01 &&
	contains compare-late "must come before 31 March 2021"
run compare-bad 2 f report oversight --as-at 2021-03 --compare-with soon &&
	contains compare-bad "--compare-with: 'soon' is not a date"
run compare-pmg 2 f report pmg --as-at 2021-03 --compare-with 2020-12 &&
	contains compare-pmg "--compare-with is for the oversight paper"

# --strict refuses the whole file for one bad row, and says nothing was
# written; counts of one are singular
STRICT_DB="$TMP/strict.db"
cat >"$TMP/one-bad.csv" <<'EOF'
project_name,department,colour_rating,description_aims,rating_comment,start_date,end_date,schedule_comment,yearly_budget,yearly_forecast,wlc_baseline_incl_NCG,variance_comment,budget_comment,year
Alpha Programme,BEIS,Amber,Aims,,01/04/2016,31/03/2020,,10.5,10.1,100.2,,,2018
Beta Programme,DfT,Purple,Aims,,01/04/2016,31/03/2020,,1.5,1.1,10.2,,,2018
EOF
run strict-init 0 folio --db "$STRICT_DB" init
check gmpp-strict-refused 1 out folio --db "$STRICT_DB" import --format gmpp --year 2018 --strict "$TMP/one-bad.csv"
golden gmpp-strict-refused err
run strict-nothing 1 folio --db "$STRICT_DB" list programmes && contains strict-nothing "no organisation in"
check gmpp-one-refused 0 out folio --db "$STRICT_DB" import --format gmpp --year 2018 "$TMP/one-bad.csv"
# errors name the file as given, as the other importers do
run gmpp-devnull 1 folio --db "$STRICT_DB" import --format gmpp --year 2018 /dev/null &&
	contains gmpp-devnull "folio: /dev/null: empty file: no header line"

done_testing
