/*
 * test-gmpp.c - the GMPP importer against the published files in
 * $FOLIO_SHARED/data/gmpp and the malformed fixture in tests/data/gmpp.
 *
 * The expected counts below were not taken from the importer. They come
 * from a one-off Python survey (csv module, Windows-1252 decoding, the
 * rating and project-name rules of docs/gmpp.md written afresh), checked
 * by hand against the raw column values: e.g. 2018's colour_rating holds
 * Amber 59, Amber/Red 37 + "Amber/red" 1, Amber/Green 22, Red 8, Green 2
 * and four "Exempt under ..." texts; 2021's holds three sentences instead
 * of a rating (two "not in a position to provide this information", one
 * "Legal sensitivity ... prevented the IPA from providing ... assessment").
 * Line numbers were counted with Python reading the files split at LF
 * only (io.StringIO(newline='\n')), the records parsed by csv.reader.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "import/gmpp.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "model/validate.h"

enum { GREEN, AMBER_GREEN, AMBER, AMBER_RED, RED, EXEMPT, NOT_ASSESSED };

static char *
shared_file(int year)
{
	const char *root = getenv("FOLIO_SHARED");
	char *path;
	size_t n;

	if (root == NULL)
		fail_msg("FOLIO_SHARED is not set");
	n = strlen(root) + 40;
	path = malloc(n);
	snprintf(path, n, "%s/data/gmpp/uk_%d.csv", root, year);
	return path;
}

static char *
fixture(const char *name)
{
	const char *root = getenv("FOLIO_SOURCE");
	char *path;
	size_t n;

	if (root == NULL)
		fail_msg("FOLIO_SOURCE is not set");
	n = strlen(root) + strlen(name) + 40;
	path = malloc(n);
	snprintf(path, n, "%s/tests/data/gmpp/%s", root, name);
	return path;
}

/* Read one year into ds; the call must succeed. */
static void
read_year(struct dataset *ds, int year, struct gmpp_summary *sum)
{
	struct error err = ERROR_INIT;
	char *path = shared_file(year);
	char buf[1100];

	if (gmpp_read(path, year, ds, sum, &err) != 0)
		fail_msg("%s", error_text(&err, buf, sizeof(buf)));
	free(path);
}

static const char *
date_str(int32_t d, char *buf)
{
	return date_format(d, buf);
}

static struct dca *
find_dca(const struct dataset *ds, const char *programme, int year)
{
	int32_t on = gmpp_snapshot_date(year);

	DS_FOREACH(ds, K_DCA, struct dca, d)
		if (strcmp(d->programme, programme) == 0 && d->assessed_on == on)
			return d;
	return NULL;
}

static struct finance *
find_finance(const struct dataset *ds, const char *programme, int64_t fy)
{
	DS_FOREACH(ds, K_FINANCE, struct finance, f)
		if (strcmp(f->programme, programme) == 0 && f->year == fy)
			return f;
	return NULL;
}

static size_t
count_dcas(const struct dataset *ds, const char *programme)
{
	size_t n = 0;

	DS_FOREACH(ds, K_DCA, struct dca, d)
		n += strcmp(d->programme, programme) == 0;
	return n;
}

static void
check_distribution(const struct dataset *ds, int year, const size_t want[7])
{
	struct gmpp_distribution d;
	size_t total = 0;

	gmpp_distribution(ds, year, &d);
	for (int i = 0; i < GMPP_NRATINGS; i++) {
		if (d.count[i] != want[i])
			fail_msg("%d %s: %zu, expected %zu", year, dca_values[i],
				 d.count[i], want[i]);
		total += want[i];
	}
	assert_int_equal(d.unknown, 0);
	assert_int_equal(d.total, total);
}

static void
check_valid(const struct dataset *ds)
{
	struct error err = ERROR_INIT;
	char buf[1100];

	if (dataset_validate(ds, "gmpp", &err) != 0)
		fail_msg("%s", error_text(&err, buf, sizeof(buf)));
}

/* --- the published files ---------------------------------------------- */

static void
test_2018(void **state)
{
	/* Green, Amber/Green, Amber, Amber/Red, Red, Exempt, Not assessed */
	static const size_t want[7] = { 2, 22, 59, 38, 8, 4, 0 };
	struct gmpp_summary sum;
	struct dataset ds;
	struct programme *p;
	struct dca *d;
	struct finance *f;
	char a[16];

	(void)state;
	dataset_init(&ds);
	gmpp_summary_init(&sum);
	read_year(&ds, 2018, &sum);
	assert_string_equal(sum.file, "uk_2018.csv");
	assert_int_equal(sum.rows, 133);
	assert_int_equal(sum.imported, 133);
	assert_int_equal(sum.refused, 0);
	/* "Amber/red" and four "Exempt under ..." texts were respelt */
	assert_int_equal(sum.normalised, 5);
	check_distribution(&ds, 2018, want);
	assert_int_equal(dataset_count(&ds, K_PROGRAMME), 133);
	assert_int_equal(dataset_count(&ds, K_DCA), 133);
	/* 16 department spellings, one portfolio each */
	assert_int_equal(dataset_count(&ds, K_PORTFOLIO), 16);
	assert_string_equal(dataset_org(&ds)->code, "GMPP");

	/* line 2: GDF, BEIS, Amber/Red, 30.06.08 - 31.12.40, £12,131.50m */
	p = dataset_find(&ds, K_PROGRAMME, "GEOLOGICAL-DISPOSAL-FACILITY");
	assert_non_null(p);
	assert_string_equal(p->name, "Geological Disposal Facility Programme (GDF)");
	assert_string_equal(p->portfolio, "BEIS");
	assert_string_equal(p->lifecycle, "active");
	assert_string_equal(date_str(p->start_date, a), "2008-06-30");
	assert_string_equal(date_str(p->end_date, a), "2040-12-31");
	assert_int_equal(p->whole_life_cost, 12131500000LL);
	assert_null(p->assumption);
	d = find_dca(&ds, p->code, 2018);
	assert_non_null(d);
	assert_string_equal(d->rating, "Amber/Red");
	assert_string_equal(d->assessor, "independent");
	assert_string_equal(date_str(d->assessed_on, a), "2017-09-30");
	assert_non_null(strstr(d->note, "In November 2017 the IPA completed"));
	assert_null(strstr(d->note, "Published rating"));
	f = find_finance(&ds, p->code, 2017);
	assert_non_null(f);
	assert_int_equal(f->capital_budget, 32240000);
	assert_int_equal(f->capital_forecast, 32250000);
	assert_true(f->revenue_budget == INT_NONE);
	assert_string_equal(((struct portfolio *)dataset_find(&ds, K_PORTFOLIO,
		"BEIS"))->name, "Department for Business, Energy and Industrial Strategy");

	/* the rating withheld: Exempt, the published text in the note */
	d = find_dca(&ds, "HEAT-NETWORKS-INVESTMENT", 2018);
	assert_non_null(d);
	assert_string_equal(d->rating, "Exempt");
	assert_non_null(strstr(d->note, "Published rating: Exempt under Section 43 "
			       "of the Freedom of Information Act 2000 (Commercial Interests)"));

	/* Astute: 17.03.97 is 1997; WLC has a no-break space before the £ */
	p = dataset_find(&ds, K_PROGRAMME, "ASTUTE-BOATS-1-7");
	assert_non_null(p);
	assert_string_equal(p->portfolio, "MOD");
	assert_string_equal(date_str(p->start_date, a), "1997-03-17");
	assert_string_equal(date_str(p->end_date, a), "2024-03-31");
	assert_int_equal(p->whole_life_cost, 9941960000LL);
	assert_string_equal(find_dca(&ds, p->code, 2018)->rating, "Red");

	/* MODnet Evolve: 29.02.16 (a leap day), end "TBD", WLC exempt */
	p = dataset_find(&ds, K_PROGRAMME, "MODNET-EVOLVE");
	assert_non_null(p);
	assert_string_equal(date_str(p->start_date, a), "2016-02-29");
	assert_int_equal(p->end_date, 0);
	assert_true(p->whole_life_cost == INT_NONE);
	assert_non_null(strstr(p->assumption, "end_date not published: TBD"));
	assert_non_null(strstr(p->assumption, "wlc_baseline_incl_NCG withheld: "
			       "Exempt under Section 43"));

	/* Windows-1252 quotes (0x93, 0x94) come out as U+201C, U+201D */
	p = dataset_find(&ds, K_PROGRAMME, "PHE-SCIENCE-HUB");
	assert_non_null(p);
	assert_non_null(strstr(p->description, "delivery of a \xE2\x80\x9C"
			       "hub and node\xE2\x80\x9D model"));
	/* bare CRs inside a field are its line breaks; 0x95 is a bullet */
	p = dataset_find(&ds, K_PROGRAMME, "UNIVERSAL-CREDIT");
	assert_non_null(p);
	assert_non_null(strstr(p->description, "Planned benefits are:\n"
			       "\xE2\x80\xA2 Improved"));
	check_valid(&ds);
	gmpp_summary_release(&sum);
	dataset_release(&ds);
}

static void
test_2019(void **state)
{
	static const size_t want[7] = { 4, 18, 66, 38, 4, 3, 0 };
	struct gmpp_summary sum;
	struct dataset ds;
	struct programme *p;
	char a[16];

	(void)state;
	dataset_init(&ds);
	gmpp_summary_init(&sum);
	read_year(&ds, 2019, &sum);
	assert_int_equal(sum.rows, 133);
	assert_int_equal(sum.imported, 133);
	assert_int_equal(sum.refused, 0);
	assert_int_equal(sum.normalised, 3);
	check_distribution(&ds, 2019, want);

	/* Crossrail: end date "Not provided", forecast £1,089.20m */
	p = dataset_find(&ds, K_PROGRAMME, "CROSSRAIL");
	assert_non_null(p);
	assert_string_equal(p->portfolio, "DFT");
	assert_string_equal(date_str(p->start_date, a), "2008-07-22");
	assert_int_equal(p->end_date, 0);
	assert_int_equal(p->whole_life_cost, 15474610000LL);
	assert_non_null(strstr(p->assumption, "end_date not published: Not provided"));
	assert_int_equal(find_finance(&ds, "CROSSRAIL", 2018)->capital_forecast,
			 1089200000LL);
	assert_string_equal(find_dca(&ds, "CROSSRAIL", 2019)->rating, "Red");

	/* a Latin-1 pound sign (0xA3) comes out as UTF-8 */
	p = dataset_find(&ds, K_PROGRAMME, "HEAT-NETWORKS-INVESTMENT");
	assert_non_null(strstr(p->description, "through \xC2\xA3" "320 million"));
	check_valid(&ds);
	gmpp_summary_release(&sum);
	dataset_release(&ds);
}

static void
test_2021(void **state)
{
	static const size_t want[7] = { 12, 29, 84, 44, 7, 5, 3 };
	struct gmpp_summary sum;
	struct dataset ds;
	struct programme *p;
	struct finance *f;
	struct dca *d;
	char a[16];

	(void)state;
	dataset_init(&ds);
	gmpp_summary_init(&sum);
	read_year(&ds, 2021, &sum);
	assert_int_equal(sum.rows, 184);
	assert_int_equal(sum.imported, 184);
	assert_int_equal(sum.refused, 0);
	/* 44 "Amber/red", 5 exempt texts, 3 sentences */
	assert_int_equal(sum.normalised, 52);
	check_distribution(&ds, 2021, want);

	/* line 2: semicolon-separated, ISO dates */
	p = dataset_find(&ds, K_PROGRAMME, "MARITIME-PATROL-AIRCRAFT");
	assert_non_null(p);
	assert_string_equal(p->portfolio, "MOD");
	assert_string_equal(date_str(p->start_date, a), "2014-07-08");
	assert_string_equal(date_str(p->end_date, a), "2024-04-01");
	assert_int_equal(p->whole_life_cost, 2013020000LL);
	d = find_dca(&ds, p->code, 2021);
	assert_non_null(d);
	assert_string_equal(d->rating, "Amber/Red");
	assert_string_equal(date_str(d->assessed_on, a), "2021-03-31");
	assert_true(strncmp(d->note, "Published rating: Amber/red\n\n", 29) == 0);
	f = find_finance(&ds, p->code, 2020);
	assert_non_null(f);
	assert_int_equal(f->capital_budget, 654460000LL);
	assert_int_equal(f->capital_forecast, 654110000LL);

	/* a sentence instead of a rating; a joint department */
	p = dataset_find(&ds, K_PROGRAMME, "NO2-REDUCTION");
	assert_non_null(p);
	assert_string_equal(p->portfolio, "DEFRA-AND-DFT");
	d = find_dca(&ds, p->code, 2021);
	assert_string_equal(d->rating, "Not assessed");
	/* the no-break spaces of the published text are kept in the note */
	assert_non_null(strstr(d->note, "Published rating: Legal sensitivity"
			       "\xC2\xA0" "around this programme"));
	check_valid(&ds);
	gmpp_summary_release(&sum);
	dataset_release(&ds);
}

static void
check_movement(const struct dataset *ds, int from, int to,
	       const struct gmpp_movement *want)
{
	struct gmpp_movement m;

	gmpp_movement(ds, from, to, &m);
	assert_int_equal(m.up, want->up);
	assert_int_equal(m.down, want->down);
	assert_int_equal(m.same, want->same);
	assert_int_equal(m.unrated, want->unrated);
	assert_int_equal(m.entered, want->entered);
	assert_int_equal(m.left, want->left);
}

/* 2018, 2019 and 2021 into one dataset: the rating history. */
static void
test_history(void **state)
{
	/* up, down, same, unrated, entered, left (from the Python survey) */
	static const struct gmpp_movement m1819 = { 32, 17, 54, 4, 26, 26 };
	static const struct gmpp_movement m1921 = { 25, 13, 29, 3, 114, 63 };
	static const int orders[2][3] = { { 2018, 2019, 2021 }, { 2021, 2018, 2019 } };
	struct gmpp_summary sum;
	struct dataset ds;
	struct programme *p;

	(void)state;
	for (int o = 0; o < 2; o++) {
		dataset_init(&ds);
		gmpp_summary_init(&sum);
		for (int i = 0; i < 3; i++)
			read_year(&ds, orders[o][i], &sum);
		/* 107 projects in 2018 and 2019, 70 in 2019 and 2021, 56 in all */
		assert_int_equal(dataset_count(&ds, K_PROGRAMME), 272);
		assert_int_equal(dataset_count(&ds, K_DCA), 133 + 133 + 184);
		assert_int_equal(dataset_count(&ds, K_ORGANISATION), 1);
		check_movement(&ds, 2018, 2019, &m1819);
		check_movement(&ds, 2019, 2021, &m1921);

		/* one programme whatever the year's spelling; latest name wins */
		p = dataset_find(&ds, K_PROGRAMME, "HOME-OFFICE-BIOMETRICS");
		assert_non_null(p);
		assert_string_equal(p->name, "Home Office Biometrics (HOB) Programme");
		assert_int_equal(count_dcas(&ds, p->code), 3);
		assert_string_equal(find_dca(&ds, p->code, 2018)->rating, "Amber/Green");
		assert_string_equal(find_dca(&ds, p->code, 2019)->rating, "Amber/Green");
		assert_string_equal(find_dca(&ds, p->code, 2021)->rating, "Amber/Red");
		/* a remark on its former name was added in 2019 */
		assert_int_equal(count_dcas(&ds, "AUTOMATIC-ENROLMENT"), 2);
		/* case, and a comma that became a semicolon */
		assert_int_equal(count_dcas(&ds, "DREADNOUGHT"), 3);
		assert_int_equal(count_dcas(&ds, "CONTRACTING-PURCHASING-AND-FINANCE"), 2);
		/* "Census & Data Collection Transformation" grew "Programme" */
		assert_int_equal(count_dcas(&ds, "CENSUS-AND-DATA-COLLECTION-TRANSFORMATION"), 3);
		/* FCO in 2018 and 2019, FCDO in 2021: the latest department */
		p = dataset_find(&ds, K_PROGRAMME, "ECHO-2");
		assert_string_equal(p->portfolio, "FCDO");
		assert_int_equal(count_dcas(&ds, p->code), 3);
		check_valid(&ds);

		/* reading a year again replaces its records, adds none */
		read_year(&ds, 2019, &sum);
		assert_int_equal(dataset_count(&ds, K_DCA), 133 + 133 + 184);
		assert_int_equal(dataset_count(&ds, K_PROGRAMME), 272);
		check_movement(&ds, 2018, 2019, &m1819);
		gmpp_summary_release(&sum);
		dataset_release(&ds);
	}
}

/*
 * Each file read under another year refuses every row (the year column
 * disagrees), which shows the line each record starts on: 2018 breaks
 * lines inside fields with bare CRs (not line ends in a CRLF file), 2019
 * and 2021 with LFs.
 */
static void
test_line_numbers(void **state)
{
	static const struct {
		int year, as;
		size_t rows;
		size_t idx[4];
		long line[4];
	} cases[] = {
		{ 2018, 2019, 133, { 0, 56, 99, 132 }, { 2, 58, 101, 134 } },
		{ 2019, 2018, 133, { 0, 56, 99, 132 }, { 2, 215, 331, 416 } },
		{ 2021, 2019, 184, { 0, 1, 56, 183 }, { 2, 9, 207, 854 } },
	};
	struct gmpp_summary sum;
	struct dataset ds;
	struct error err = ERROR_INIT;
	char want[80];

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		char *path = shared_file(cases[c].year);

		dataset_init(&ds);
		gmpp_summary_init(&sum);
		assert_int_equal(gmpp_read(path, cases[c].as, &ds, &sum, &err), 0);
		assert_int_equal(sum.rows, cases[c].rows);
		assert_int_equal(sum.imported, 0);
		assert_int_equal(sum.refused, cases[c].rows);
		snprintf(want, sizeof(want), "year column says '%d' but the file "
			 "is read as %d", cases[c].year, cases[c].as);
		for (size_t i = 0; i < sum.refused; i++)
			assert_string_equal(sum.refusals[i].reason, want);
		for (size_t i = 0; i < 4; i++)
			assert_int_equal(sum.refusals[cases[c].idx[i]].line,
					 cases[c].line[i]);
		/* nothing was imported: not even the organisation */
		assert_null(dataset_org(&ds));
		assert_int_equal(dataset_count(&ds, K_PORTFOLIO), 0);
		gmpp_summary_release(&sum);
		dataset_release(&ds);
		free(path);
	}
}

/* --- the malformed fixture --------------------------------------------- */

static void
test_malformed(void **state)
{
	static const struct {
		long line;
		const char *reason;
	} want[] = {
		{ 5, "no project name" },
		{ 6, "no department" },
		{ 7, "start_date '31.02.18' is not a real date" },
		{ 8, "end_date 'Q3 2019' is not a date" },
		{ 9, "yearly_budget '\xC2\xA3" "12.3.4' is not an amount in pounds (millions)" },
		{ 10, "rating 'Purple' is not a delivery confidence rating" },
		{ 11, "same project as line 2 (code GOOD)" },
		{ 12, "3 fields where the header has 10" },
		{ 13, "empty row (every field blank)" },
		{ 14, "end_date 2018-03-31 is before start_date 2020-04-01" },
		{ 15, "year column says '2019' but the file is read as 2018" },
		{ 19, "a quoted field is never closed: the rest of the file is inside it" },
	};
	struct gmpp_summary sum;
	struct dataset ds;
	struct error err = ERROR_INIT;
	struct programme *p;
	struct dca *d;
	char *path = fixture("malformed.csv");
	char a[16];

	(void)state;
	dataset_init(&ds);
	gmpp_summary_init(&sum);
	assert_int_equal(gmpp_read(path, 2018, &ds, &sum, &err), 0);
	assert_string_equal(sum.file, "malformed.csv");
	assert_int_equal(sum.rows, 15);
	assert_int_equal(sum.imported, 3);
	assert_int_equal(sum.refused, 12);
	assert_int_equal(sum.normalised, 3);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_int_equal(sum.refusals[i].line, want[i].line);
		assert_string_equal(sum.refusals[i].reason, want[i].reason);
	}

	/* line 2: Latin-1 £ and CRLF inside the quoted field */
	p = dataset_find(&ds, K_PROGRAMME, "GOOD");
	assert_non_null(p);
	assert_string_equal(p->name, "Good Project");
	assert_string_equal(p->portfolio, "DFT");
	assert_string_equal(p->description, "Costs \xC2\xA3" "5m\nover two\nyears");
	assert_string_equal(date_str(p->start_date, a), "2015-01-13");
	assert_int_equal(p->whole_life_cost, 1234560000LL);
	d = find_dca(&ds, "GOOD", 2018);
	assert_string_equal(d->rating, "Amber/Red");
	assert_string_equal(d->note, "Published rating: Amber/red");
	assert_int_equal(find_finance(&ds, "GOOD", 2017)->capital_budget, 1500000);

	/* line 16: Windows-1252 quotes and dash, no-break spaces, withheld */
	p = dataset_find(&ds, K_PROGRAMME, "EXEMPT-THING");
	assert_non_null(p);
	assert_string_equal(p->description,
		"\xE2\x80\x9C" "Curly" "\xE2\x80\x9D" " " "\xE2\x80\x99" "quotes"
		"\xE2\x80\x99" " " "\xE2\x80\x93" " and" "\xC2\xA0" "a" "\xC2\xA0"
		"no-break space");
	assert_int_equal(p->start_date, 0);
	assert_int_equal(p->end_date, 0);
	assert_string_equal(p->assumption,
		"GMPP 2018: start_date withheld: Exempt under Section 26 of Freedom "
		"of Information Act 2000 (Defence); end_date not published: TBD; "
		"wlc_baseline_incl_NCG withheld: Exempt under Section 43");
	assert_string_equal(find_dca(&ds, p->code, 2018)->rating, "Exempt");
	assert_true(find_finance(&ds, p->code, 2017)->capital_budget == INT_NONE);
	assert_int_equal(find_finance(&ds, p->code, 2017)->capital_forecast, 400000);
	assert_non_null(strstr(find_finance(&ds, p->code, 2017)->assumption,
			       "yearly_budget withheld: Exempt under Section 43"));

	/* line 17: an empty rating */
	d = find_dca(&ds, "NO-RATING", 2018);
	assert_non_null(d);
	assert_string_equal(d->rating, "Not assessed");
	assert_string_equal(d->note, "No rating was published.");
	check_valid(&ds);
	gmpp_summary_release(&sum);
	dataset_release(&ds);
	free(path);
}

/* --- file-level faults, formats and separators ------------------------- */

static const char header[] = "project_name,department,colour_rating,start_date,end_date\n";

static void
test_file_faults(void **state)
{
	static const char nul[] = "project_name,department,colour_rating\nA\0B,HO,Red\n";
	static const char nocol[] = "project_name;dept;colour_rating\nA;HO;Red\n";
	struct gmpp_summary sum;
	struct dataset ds;
	struct error err = ERROR_INIT;
	char *missing = fixture("no-such-file.csv");

	(void)state;
	dataset_init(&ds);
	gmpp_summary_init(&sum);
	assert_int_equal(gmpp_read(missing, 2018, &ds, &sum, &err), -1);
	assert_int_equal(err.code, ERR_IO);
	assert_int_equal(gmpp_read_mem("x.csv", header, strlen(header), 1999, &ds,
				       &sum, &err), -1);
	assert_int_equal(err.code, ERR_USAGE);
	assert_int_equal(gmpp_read_mem("x.csv", "", 0, 2018, &ds, &sum, &err), -1);
	assert_string_equal(err.msg, "empty file: no header line");
	assert_int_equal(gmpp_read_mem("x.csv", nul, sizeof(nul) - 1, 2018, &ds,
				       &sum, &err), -1);
	assert_string_equal(err.msg, "not a text file (a NUL byte at offset 39)");
	assert_int_equal(gmpp_read_mem("dir/x.csv", nocol, strlen(nocol), 2018,
				       &ds, &sum, &err), -1);
	assert_int_equal(err.code, ERR_INPUT);
	/* the file as given, not its base name */
	assert_string_equal(err.where, "dir/x.csv:1");
	assert_string_equal(err.msg, "no 'department' column (the header has: "
			    "project_name, dept, colour_rating)");
	assert_int_equal(sum.rows, 0);
	/* nothing of any of them reached the dataset */
	for (int k = 0; k < K__COUNT; k++)
		assert_int_equal(dataset_count(&ds, (enum kind)k), 0);
	gmpp_summary_release(&sum);
	dataset_release(&ds);
	free(missing);
}

static void
test_formats(void **state)
{
	/* UTF-8 with a byte-order mark, tab-separated, header in other case */
	static const char utf8[] =
		"\xEF\xBB\xBFProject Name\tDepartment\tColour Rating\tStart Date\tEnd Date\n"
		"Caf\xC3\xA9 \xE2\x82\xAC" "uro\tHO\tamber / green\t08/07/2014\tJul-24\n"
		"Serial\tHO\tAMBER-RED\t41828\t8 July 2024\n";
	/* bare CRs end lines; quoted CRs are line breaks too */
	static const char cr[] =
		"project_name;department;colour_rating\r"
		"\"One\rTwo\";HO;Red\r"
		";HO;Red\r";
	struct gmpp_summary sum;
	struct dataset ds;
	struct error err = ERROR_INIT;
	struct programme *p;
	char a[16];

	(void)state;
	dataset_init(&ds);
	gmpp_summary_init(&sum);
	assert_int_equal(gmpp_read_mem("u.csv", utf8, strlen(utf8), 2021, &ds,
				       &sum, &err), 0);
	assert_int_equal(sum.imported, 2);
	p = dataset_find(&ds, K_PROGRAMME, "CAF-URO");
	assert_non_null(p);
	/* valid UTF-8 is kept as it is, not read as Latin-1 */
	assert_string_equal(p->name, "Caf\xC3\xA9 \xE2\x82\xAC" "uro");
	assert_string_equal(date_str(p->start_date, a), "2014-07-08");
	/* a month for an end date is its last day */
	assert_string_equal(date_str(p->end_date, a), "2024-07-31");
	assert_string_equal(find_dca(&ds, p->code, 2021)->rating, "Amber/Green");
	p = dataset_find(&ds, K_PROGRAMME, "SERIAL");
	assert_string_equal(date_str(p->start_date, a), "2014-07-08");
	assert_string_equal(date_str(p->end_date, a), "2024-07-08");
	assert_string_equal(find_dca(&ds, p->code, 2021)->rating, "Amber/Red");

	assert_int_equal(gmpp_read_mem("cr.csv", cr, strlen(cr), 2021, &ds,
				       &sum, &err), 0);
	assert_int_equal(sum.imported, 1);
	assert_int_equal(sum.refused, 1);
	assert_int_equal(sum.refusals[0].line, 4);
	assert_string_equal(sum.refusals[0].reason, "no project name");
	p = dataset_find(&ds, K_PROGRAMME, "ONE-TWO");
	assert_string_equal(p->name, "One Two");
	check_valid(&ds);
	gmpp_summary_release(&sum);
	dataset_release(&ds);
}

/* --- the rules one by one ---------------------------------------------- */

static void
test_rating(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "Amber/Red", "Amber/Red" }, { "Amber/red", "Amber/Red" },
		{ "AMBER/RED", "Amber/Red" }, { "Amber / Red", "Amber/Red" },
		{ "amber-red", "Amber/Red" }, { "Amber/Green", "Amber/Green" },
		{ "GREEN", "Green" }, { "red", "Red" }, { " Amber ", "Amber" },
		{ "Exempt under Section 43 of the Freedom of Information Act", "Exempt" },
		{ "Exemption under Section 24", "Exempt" }, { "exempt", "Exempt" },
		{ "", "Not assessed" }, { "N/A", "Not assessed" },
		{ "Not provided", "Not assessed" }, { "TBC", "Not assessed" },
		{ "-", "Not assessed" },
		{ "The project is not in a position to provide this information",
		  "Not assessed" },
		{ "Purple", NULL }, { "Red/Amber", NULL }, { "Amber Green Red", NULL },
		{ "Rated Red by the review last year", NULL }, { "2018", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = gmpp_rating(cases[i].in);

		if (cases[i].out == NULL) {
			if (got != NULL)
				fail_msg("'%s' gave '%s'", cases[i].in, got);
		} else if (got == NULL || strcmp(got, cases[i].out) != 0) {
			fail_msg("'%s' gave '%s', expected '%s'", cases[i].in,
				 got ? got : "NULL", cases[i].out);
		}
		/* every answer is a spelling of the model */
		if (got)
			assert_true(enum_index(dca_values, got) >= 0);
	}
}

static void
test_dates(void **state)
{
	static const struct {
		const char *in;
		int year, end, rc;
		const char *out;
	} cases[] = {
		{ "13.01.15", 2018, 0, 0, "2015-01-13" },
		{ "17.03.97", 2018, 0, 0, "1997-03-17" },
		{ "31.12.40", 2018, 0, 0, "2040-12-31" },
		{ "01.01.68", 2018, 0, 0, "1968-01-01" },	/* year - 50 */
		{ "01.01.67", 2018, 0, 0, "2067-01-01" },	/* year + 49 */
		{ "13.01.2015", 2018, 0, 0, "2015-01-13" },
		{ "2014-07-08", 2021, 0, 0, "2014-07-08" },
		{ "2014-07-08 00:00:00", 2021, 0, 0, "2014-07-08" },
		{ "2014-07-08T00:00:00.000", 2021, 0, 0, "2014-07-08" },
		{ "08/07/2014", 2021, 0, 0, "2014-07-08" },
		{ "8/7/14", 2021, 0, 0, "2014-07-08" },
		{ "08-07-2014", 2021, 0, 0, "2014-07-08" },
		{ "8 July 2014", 2021, 0, 0, "2014-07-08" },
		{ "08-Jul-14", 2021, 0, 0, "2014-07-08" },
		{ "8 Sept 2014", 2021, 0, 0, "2014-09-08" },
		{ "Jul-14", 2021, 0, 0, "2014-07-01" },
		{ "Jul-14", 2021, 1, 0, "2014-07-31" },
		{ "February 2020", 2021, 1, 0, "2020-02-29" },
		{ "07/2014", 2021, 0, 0, "2014-07-01" },
		{ "41828", 2021, 0, 0, "2014-07-08" },	/* Excel serial */
		{ "29.02.16", 2018, 0, 0, "2016-02-29" },
		{ "31.02.18", 2018, 0, -2, NULL },
		{ "29.02.17", 2018, 0, -2, NULL },
		{ "2018-13-01", 2018, 0, -2, NULL },
		{ "32/01/2018", 2018, 0, -2, NULL },
		{ "01.01.1850", 2018, 0, -2, NULL },
		{ "Q3 2019", 2018, 0, -1, NULL },
		{ "TBD", 2018, 0, -1, NULL },
		{ "13.01-15", 2018, 0, -1, NULL },
		{ "2018", 2018, 0, -1, NULL },
		{ "12345", 2018, 0, -1, NULL },
		{ "1.2.3.4", 2018, 0, -1, NULL },
		{ "", 2018, 0, -1, NULL },
	};
	char buf[16];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int32_t d = 0;
		int rc = gmpp_parse_date(cases[i].in, cases[i].year, cases[i].end, &d);

		if (rc != cases[i].rc)
			fail_msg("'%s': %d, expected %d", cases[i].in, rc, cases[i].rc);
		if (rc == 0)
			assert_string_equal(date_format(d, buf), cases[i].out);
	}
}

static void
test_money(void **state)
{
	static const struct {
		const char *in;
		int rc;
		int64_t out;
	} cases[] = {
		{ "\xC2\xA3" "32.24", 0, 32240000 },
		{ "\xC2\xA3" "12,131.50", 0, 12131500000LL },
		{ "\xC2\xA3" "9941.96", 0, 9941960000LL },
		{ "\xC2\xA3" "0.00", 0, 0 },
		{ "12", 0, 12000000 },
		{ "1.2345675", 0, 1234568 },	/* half a pound rounds up */
		{ "1.2345674", 0, 1234567 },
		{ "-\xC2\xA3" "0.4", 0, -400000 },
		{ "\xC2\xA3" "-0.4", 0, -400000 },
		{ "(\xC2\xA3" "3.2)", 0, -3200000 },
		{ "\xC2\xA3" "1.2bn", 0, 1200000000LL },
		{ "\xC2\xA3" "5m", 0, 5000000 },
		{ "\xC2\xA3" "999,999,999,999.99", 0, 999999999999990000LL },
		{ "\xC2\xA3" "1,000,000,000,000", -1, 0 },	/* 10^18 too big */
		{ "\xC2\xA3" "12.3.4", -1, 0 },
		{ "\xC2\xA3", -1, 0 },
		{ "1.", -1, 0 },
		{ "(1.0", -1, 0 },
		{ "TBC", -1, 0 },
		{ "12 million", -1, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t v = 0;
		int rc = gmpp_parse_money(cases[i].in, &v);

		if (rc != cases[i].rc)
			fail_msg("'%s': %d, expected %d", cases[i].in, rc, cases[i].rc);
		if (rc == 0 && v != cases[i].out)
			fail_msg("'%s': %lld, expected %lld", cases[i].in,
				 (long long)v, (long long)cases[i].out);
	}
}

static void
test_codes(void **state)
{
	static const struct {
		const char *in, *project, *department;
	} cases[] = {
		{ "Home Office Biometrics (HOB) Programme", "HOME-OFFICE-BIOMETRICS", NULL },
		{ "Home Office Biometrics Programme", "HOME-OFFICE-BIOMETRICS", NULL },
		{ "home  office\xC2\xA0" "biometrics", "HOME-OFFICE-BIOMETRICS", NULL },
		{ "Census & Data Collection Transformation", "CENSUS-AND-DATA-COLLECTION-TRANSFORMATION", NULL },
		{ "30 Hrs Free Childcare Project", "30-HRS-FREE-CHILDCARE", NULL },
		{ "Columbus (formerly Aspire Replacement Programme)", "COLUMBUS", NULL },
		{ "Automatic Enrolment Programme (originally called Enabling "
		  "Retirement Savings Programme)", "AUTOMATIC-ENROLMENT", NULL },
		{ "Fleet (Previously Known As Tide) Support", "FLEET-SUPPORT", NULL },
		{ "Fleet (formerlyish thing) Support",
		  "FLEET-FORMERLYISH-THING-SUPPORT", NULL },
		{ "Fleet (Western Section)", "FLEET-WESTERN-SECTION", NULL },
		{ "Fleet (X)", "FLEET-X", NULL },	/* one letter is no label */
		{ "Prisoner Escort and Custody Services (PECS) Generation 4",
		  "PRISONER-ESCORT-AND-CUSTODY-SERVICES-GENERATION-4", NULL },
		{ "Programme", "PROGRAMME", "PROGRAMME" },
		{ "(HOB)", "HOB", "HOB" },
		{ "Type 31e", "TYPE-31E", "TYPE-31E" },
		{ "DfT", "DFT", "DFT" },
		{ "DEFRA & DfT", "DEFRA-AND-DFT", "DEFRA-AND-DFT" },
		{ " -- ", NULL, NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *p = gmpp_project_code(cases[i].in);
		char *d = gmpp_department_code(cases[i].in);

		if (cases[i].project == NULL)
			assert_null(p);
		else
			assert_string_equal(p, cases[i].project);
		if (cases[i].department)
			assert_string_equal(d, cases[i].department);
		if (cases[i].project == NULL)
			assert_null(d);
		free(p);
		free(d);
	}
}

static void
test_snapshot(void **state)
{
	char a[16];

	(void)state;
	assert_string_equal(date_format(gmpp_snapshot_date(2018), a), "2017-09-30");
	assert_string_equal(date_format(gmpp_snapshot_date(2020), a), "2019-09-30");
	assert_string_equal(date_format(gmpp_snapshot_date(2021), a), "2021-03-31");
	assert_int_equal(gmpp_financial_year(2018), 2017);
	assert_int_equal(gmpp_financial_year(2021), 2020);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_2018),
		cmocka_unit_test(test_2019),
		cmocka_unit_test(test_2021),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_line_numbers),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_file_faults),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_rating),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_snapshot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
