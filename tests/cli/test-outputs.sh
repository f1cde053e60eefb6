#!/usr/bin/env bash
# test-outputs.sh - folio's outputs for other programs and for print, end
# to end: papers as PDF (read back with poppler's pdfinfo and pdftotext),
# registers as XLSX (read back with python3's zipfile) and CSV, and the
# GMPP file, whose round trip through `import --format gmpp` must give
# back the same ratings, dates and money.
. "$FOLIO_SOURCE/tests/cli/lib.sh"
DB="$TMP/folio.db"

run init 0 folio --db "$DB" init && run demo 0 folio --db "$DB" demo && ok "demo loaded"

# --- papers as PDF ----------------------------------------------------------------
# check_pdf NAME FILE: A4, a title, the marking first and last on every
# page, and "Page i of n" on every page.
check_pdf() {
	local name=$1 file=$2 pages size title marking
	if ! head -c 5 "$file" | grep -q '%PDF-'; then
		not_ok "$name: not a PDF"
		return
	fi
	pages=$(pdfinfo "$file" | sed -n 's/^Pages: *//p')
	size=$(pdfinfo "$file" | sed -n 's/^Page size: *//p')
	title=$(pdfinfo "$file" | sed -n 's/^Title: *//p')
	marking=$(pdfinfo "$file" | sed -n 's/^Subject: *//p')
	case "$size" in *"(A4)"*) ok "$name: A4, $pages pages" ;; *) not_ok "$name: page size $size" ;; esac
	[ -n "$title" ] && ok "$name: titled '$title'" || not_ok "$name: no title"
	pdftotext -layout "$file" "$TMP/$name.txt"
	python3 - "$TMP/$name.txt" "$pages" "$marking" <<'EOF' && ok "$name: '$marking' top and bottom and 'Page i of $pages' on every page" || not_ok "$name: page furniture (see above)"
import sys
text, n, marking = open(sys.argv[1], encoding='utf-8').read(), int(sys.argv[2]), sys.argv[3]
pages = text.split('\f')
if pages and pages[-1].strip() == '':
    pages = pages[:-1]
bad = []
if len(pages) != n:
    bad.append('%d pages of text, pdfinfo says %d' % (len(pages), n))
for i, p in enumerate(pages, 1):
    lines = [l for l in p.splitlines() if l.strip()]
    if not lines or marking not in lines[0] or marking not in lines[-1]:
        bad.append('page %d: marking not first and last' % i)
    if 'Page %d of %d' % (i, n) not in p:
        bad.append('page %d: no page number' % i)
if bad:
    print('\n'.join('# ' + b for b in bad))
    sys.exit(1)
EOF
}

for paper in oversight pmg pib; do
	run "pdf-$paper" 0 folio --db "$DB" report "$paper" --period 2018-03 --format pdf \
		--clearance OFFICIAL-SENSITIVE --out "$TMP/$paper.pdf" &&
		check_pdf "pdf-$paper" "$TMP/$paper.pdf"
done
grep -q "OFFICIAL-SENSITIVE" "$TMP/pdf-oversight.txt" && ok "the sensitive paper is marked so" ||
	not_ok "the sensitive paper is not marked OFFICIAL-SENSITIVE"
run pdf-official 0 folio --db "$DB" report oversight --period 2018-03 --format pdf --out "$TMP/official.pdf" &&
	check_pdf pdf-official "$TMP/official.pdf"
grep -q "OFFICIAL-SENSITIVE" "$TMP/pdf-official.txt" && not_ok "an OFFICIAL paper mentions OFFICIAL-SENSITIVE" ||
	ok "at OFFICIAL the paper carries OFFICIAL"
grep -q "TIP-R2" "$TMP/pdf-official.txt" && not_ok "a sensitive risk reached an OFFICIAL paper" ||
	ok "sensitive risks stay out of an OFFICIAL paper"
run pdf-again 0 folio --db "$DB" report oversight --period 2018-03 --format pdf --out "$TMP/again.pdf"
cmp -s "$TMP/official.pdf" "$TMP/again.pdf" && ok "the same paper gives the same bytes" ||
	not_ok "two renderings of one paper differ"
run pdf-stdout 0 folio --db "$DB" report oversight --period 2018-03 --format pdf
cmp -s "$TMP/official.pdf" "$TMP/pdf-stdout.out" && ok "a PDF can be redirected to a file" ||
	not_ok "the PDF written to a redirected stdout differs"
# A terminal gets a clear refusal, not binary.
script -qec "$FOLIO_BIN --db $DB report oversight --format pdf" /dev/null >"$TMP/tty.out" 2>&1
status=$?
if [ "$status" = 2 ] && grep -q "a PDF is binary" "$TMP/tty.out" && ! grep -q "%PDF" "$TMP/tty.out"; then
	ok "a PDF is refused on a terminal"
else
	not_ok "a PDF on a terminal: status $status" "$(head -c 300 "$TMP/tty.out")"
fi
run pdf-bad-format 2 folio --db "$DB" report oversight --format docx && contains pdf-bad-format "md, html or pdf"

# --- the binary alone ---------------------------------------------------------------
# A Markdown paper needs a chart's words, not its picture: the binary holds
# them (chart_describe), so a copy of it with no modules beside it writes
# the same paper. A PDF needs folio-render.so and says so. The sanitizer
# builds link their modules, so a copy of theirs always has them.
if ldd "$FOLIO_BIN" | grep -q folio-render; then
	ok "# SKIP $FOLIO_BIN links its modules (a sanitizer build)"
else
	mkdir -p "$TMP/lone" && cp "$FOLIO_BIN" "$TMP/lone/folio"
	run md-whole 0 folio --db "$DB" report oversight --period 2018-03 --format md
	run md-lone 0 "$TMP/lone/folio" --db "$DB" report oversight --period 2018-03 --format md
	if grep -q "figures are malformed" "$TMP/md-lone.out"; then
		not_ok "the lone binary's Markdown paper lost its charts' words" \
			"$(grep -m 1 -B 2 "figures are malformed" "$TMP/md-lone.out")"
	elif cmp -s "$TMP/md-whole.out" "$TMP/md-lone.out"; then
		ok "the Markdown paper from the binary alone is the same paper"
	else
		not_ok "the Markdown paper from the binary alone differs" \
			"$(diff "$TMP/md-whole.out" "$TMP/md-lone.out" | head -n 6)"
	fi
	# PDF and HTML draw their charts: from the binary alone each fails,
	# naming the render module, and writes nothing
	for fmt in pdf html; do
		"$TMP/lone/folio" --db "$DB" report oversight --period 2018-03 --format $fmt \
			--out "$TMP/lone.$fmt" >"$TMP/$fmt-lone.out" 2>"$TMP/$fmt-lone.err"
		status=$?
		if [ "$status" = 0 ]; then
			ok "# SKIP a render module is installed where the binary alone finds it"
		elif [ "$status" = 1 ] && grep -q "cannot load folio's render module" "$TMP/$fmt-lone.err" &&
			[ ! -e "$TMP/lone.$fmt" ]; then
			ok "a $fmt paper from the binary alone fails, naming the render module, and writes nothing"
		else
			not_ok "a $fmt paper from the binary alone: status $status" "$(head -c 300 "$TMP/$fmt-lone.err")"
		fi
	done
fi

# --- registers as XLSX ------------------------------------------------------------------
export FOLIO_NOW=2018-04-03T09:00:00Z
run xlsx 0 folio --db "$DB" export --format xlsx --clearance OFFICIAL-SENSITIVE --out "$TMP/reg.xlsx" &&
	contains xlsx "reg.xlsx" out
python3 - "$TMP/reg.xlsx" >"$TMP/xlsx.check" 2>&1 <<'EOF' && ok "xlsx: a zip with the registers, typed dates, a frozen filtered header" || not_ok "xlsx" "$(head -c 800 "$TMP/xlsx.check")"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
assert 'xl/workbook.xml' in names, names
wb = z.read('xl/workbook.xml').decode()
sheets = re.findall(r'<sheet name="([^"]+)"', wb)
want = ['About', 'Programmes', 'Milestones', 'Risks', 'Issues', 'Decisions',
        'Benefits', 'Finance', 'Exceptions', 'Projects', 'Business cases',
        'Change requests', 'Measures']
missing = [w for w in want if w not in sheets]
assert not missing, ('missing sheets', missing, sheets)
assert sheets[0] == 'About' and sheets[1] == 'Programmes', sheets
styles = z.read('xl/styles.xml').decode()
fmts = dict(re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]+)"', styles))
date_ids = {i for i, f in fmts.items() if f == 'd mmm yyyy'}
money_ids = {i for i, f in fmts.items() if f.startswith('\u00a3#,##0')}
assert date_ids and money_ids, fmts
xfs = re.search(r'<cellXfs[^>]*>(.*?)</cellXfs>', styles, re.S).group(1)
xf = re.findall(r'<xf numFmtId="(\d+)"', xfs)
date_styles = {str(i) for i, f in enumerate(xf) if f in date_ids}
money_styles = {str(i) for i, f in enumerate(xf) if f in money_ids}
s2 = z.read('xl/worksheets/sheet2.xml').decode()
cells = re.findall(r'<c r="([A-Z]+)(\d+)"( s="(\d+)")?( t="(\w+)")?>(<v>([^<]*)</v>)?', s2)
dates = [c for c in cells if c[3] in date_styles and c[5] == '' and c[7]]
assert dates, 'no date cell in sheet2'
for c in dates:
    v = float(c[7])
    assert 36526 <= v <= 73051, ('a date that is not an Excel date 2000..2099', c)
money = [c for c in cells if c[3] in money_styles and c[7]]
assert money and all(float(c[7]) > 0 for c in money), 'no money cell in sheet2'
assert 'state="frozen"' in s2 and 'ySplit="1"' in s2, 'header not frozen'
assert '<autoFilter' in s2, 'no autofilter'
shared = z.read('xl/sharedStrings.xml').decode()
assert 'Metropolitan Police Service' in shared and 'OFFICIAL-SENSITIVE' in shared
assert 'TIP-R2' in shared, 'the sensitive risk is missing at OFFICIAL-SENSITIVE'
s4 = z.read('xl/worksheets/sheet4.xml').decode()
assert re.search(r't="b"><v>[01]</v>', s4), 'milestones: key is not a boolean'
EOF
run xlsx-official 0 folio --db "$DB" export --format xlsx --out "$TMP/official.xlsx"
python3 -c "
import sys, zipfile
s = zipfile.ZipFile(sys.argv[1]).read('xl/sharedStrings.xml').decode()
sys.exit(1 if ('TIP-R2' in s or 'OFFICIAL-SENSITIVE' in s) else 0)" "$TMP/official.xlsx" &&
	ok "xlsx at OFFICIAL: no sensitive record, marked OFFICIAL" || not_ok "xlsx at OFFICIAL holds sensitive records"
run xlsx-again 0 folio --db "$DB" export --format xlsx --out "$TMP/official2.xlsx"
cmp -s "$TMP/official.xlsx" "$TMP/official2.xlsx" && ok "xlsx: the same export gives the same bytes" ||
	not_ok "two xlsx exports of the same day differ"
run xlsx-no-out 2 folio --db "$DB" export --format xlsx && contains xlsx-no-out "give --out FILE"
# a folder that is not there is folio's error, not libxlsxwriter's guess;
# nothing is left behind by a failed export
check xlsx-no-dir 1 err folio --db "$DB" export --format xlsx --out "$TMP/no-dir/reg.xlsx"
: >"$TMP/not-dir"
check xlsx-not-dir 1 err folio --db "$DB" export --format xlsx --out "$TMP/not-dir/reg.xlsx"
ls -A "$TMP" | grep -q '^\.reg\.xlsx\|^\.official' && not_ok "xlsx: a temporary file left behind" ||
	ok "xlsx: no temporary file left behind"

# --- registers as CSV ------------------------------------------------------------------
HOSTILE="$TMP/hostile.json"
cat >"$HOSTILE" <<'EOF'
{
  "folio": 1,
  "organisation": { "code": "HOST", "name": "Hostile, \"Quoted\" Force" },
  "portfolios": [ { "code": "P", "name": "Portfolio" } ],
  "programmes": [
    { "code": "A", "portfolio": "P", "name": "=HYPERLINK(\"http://x\",\"click\")", "lifecycle": "active",
      "description": "@SUM(1+1)\nsecond line", "whole_life_cost": -2500 },
    { "code": "B", "portfolio": "P", "name": "-12", "lifecycle": "active", "sro": "+44 20 7946 0000" },
    { "code": "S", "portfolio": "P", "name": "Secret programme", "lifecycle": "active",
      "marking": "OFFICIAL-SENSITIVE" }
  ],
  "milestones": [
    { "code": "S-1", "programme": "S", "name": "Hidden with its programme", "forecast_date": "2018-05-01" }
  ]
}
EOF
HDB="$TMP/hostile.db"
run hostile-load 0 folio --db "$HDB" import "$HOSTILE" && ok "hostile organisation loaded"
run csv 0 folio --db "$HDB" export --format csv --out "$TMP/csv"
for f in about programmes projects milestones risks issues decisions benefits finance exceptions; do
	[ -f "$TMP/csv/$f.csv" ] || not_ok "csv: no $f.csv"
done
ok "csv: one file per register and about.csv"
python3 - "$TMP/csv" >"$TMP/csv.check" 2>&1 <<'EOF' && ok "csv: RFC 4180, formulas neutralised, need to know kept" || not_ok "csv" "$(head -c 800 "$TMP/csv.check")"
import csv, sys
d = sys.argv[1]
raw = open(d + '/programmes.csv', 'rb').read()
assert raw.startswith(b'code,portfolio,name,'), raw[:60]
rows = list(csv.DictReader(open(d + '/programmes.csv', newline='', encoding='utf-8')))
by = {r['code']: r for r in rows}
assert set(by) == {'A', 'B'}, by.keys()
assert by['A']['name'] == '\'=HYPERLINK("http://x","click")', by['A']['name']
assert by['A']['description'] == "'@SUM(1+1)\nsecond line", by['A']['description']
assert by['A']['whole_life_cost'] == '-2500'
assert by['B']['name'] == '-12', by['B']['name']
assert by['B']['sro'] == "'+44 20 7946 0000", by['B']['sro']
ms = list(csv.DictReader(open(d + '/milestones.csv', newline='', encoding='utf-8')))
assert ms == [], ms
about = dict(csv.reader(open(d + '/about.csv', newline='', encoding='utf-8')))
assert about['marking'] == 'OFFICIAL' and about['clearance'] == 'OFFICIAL', about
assert about['organisation'] == 'Hostile, "Quoted" Force'
assert about['records:programmes'] == '2'
# every record ends in CRLF; a line break inside a quoted field is the data's
text = raw.decode()
assert text.endswith('\r\n')
EOF
run csv-sensitive 0 folio --db "$HDB" export --format csv --clearance OFFICIAL-SENSITIVE --out "$TMP/csv2"
grep -q "Secret programme" "$TMP/csv2/programmes.csv" && grep -q "S-1" "$TMP/csv2/milestones.csv" &&
	grep -q "^marking,OFFICIAL-SENSITIVE" "$TMP/csv2/about.csv" &&
	ok "csv at OFFICIAL-SENSITIVE: the sensitive programme and its milestone, marked so" ||
	not_ok "csv at OFFICIAL-SENSITIVE"
run csv-no-out 2 folio --db "$HDB" export --format csv && contains csv-no-out "give --out DIR"
run export-bad-clearance 2 folio --db "$HDB" export --format csv --clearance SECRET --out "$TMP/x" &&
	contains export-bad-clearance "--clearance is OFFICIAL or OFFICIAL-SENSITIVE"
run export-year-not-gmpp 2 folio --db "$HDB" export --format xlsx --year 2018 --out "$TMP/x.xlsx" &&
	contains export-year-not-gmpp "--year is for --format gmpp"

# --- GMPP: out and back in ---------------------------------------------------------------
GMPP="${FOLIO_SHARED:-}/data/gmpp/uk_2018.csv"
if [ -f "$GMPP" ]; then
	G1="$TMP/g1.db" G2="$TMP/g2.db"
	run gmpp-in 0 folio --db "$G1" import --format gmpp --year 2018 "$GMPP" && contains gmpp-in "133 imported" out
	run gmpp-out 0 folio --db "$G1" export --format gmpp --year 2018 --out "$TMP/gmpp-2018.csv"
	run gmpp-back 0 folio --db "$G2" import --format gmpp --year 2018 "$TMP/gmpp-2018.csv" &&
		contains gmpp-back "133 rows: 133 imported, 0 refused" out
	run gmpp-j1 0 folio --db "$G1" export --out "$TMP/g1.json"
	run gmpp-j2 0 folio --db "$G2" export --out "$TMP/g2.json"
	python3 - "$TMP/g1.json" "$TMP/g2.json" >"$TMP/gmpp.check" 2>&1 <<'EOF' && ok "gmpp round trip: every programme's rating, dates and whole-life cost come back" || not_ok "gmpp round trip" "$(head -c 800 "$TMP/gmpp.check")"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def progs(d):
    return {p['code']: (p.get('start_date'), p.get('end_date'), p.get('whole_life_cost'))
            for p in d['programmes']}
def ratings(d):
    return {(x['programme'], x['assessed_on']): x['rating'] for x in d['dcas']}
def money(d):
    return {(f['programme'], f['year']): (f.get('capital_budget'), f.get('capital_forecast'))
            for f in d.get('finances', [])}
pa, pb = progs(a), progs(b)
assert len(pa) == 133 and pa == pb, [k for k in pa if pa[k] != pb.get(k)][:5]
assert ratings(a) == ratings(b), 'ratings differ'
assert money(a) == money(b), 'budgets differ'
assert sum(1 for v in pa.values() if v[2]) > 100, 'too few whole-life costs to prove anything'
EOF
	cmp -s "$TMP/g1.json" "$TMP/g2.json" && ok "gmpp round trip: the whole organisation comes back byte for byte" ||
		not_ok "gmpp round trip changed something" "$(diff "$TMP/g1.json" "$TMP/g2.json" | head -5)"
	run gmpp-out2 0 folio --db "$G2" export --format gmpp --out "$TMP/gmpp-again.csv"
	cmp -s "$TMP/gmpp-2018.csv" "$TMP/gmpp-again.csv" && ok "gmpp: the file written again is the same file" ||
		not_ok "gmpp: written twice, the files differ"
	run gmpp-empty-year 0 folio --db "$G1" export --format gmpp --year 2020 --out "$TMP/empty.csv" &&
		contains gmpp-empty-year "header only"
else
	ok "# SKIP no GMPP data at $GMPP"
fi

done_testing
