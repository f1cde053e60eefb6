/*
 * test-cycle.c - the monthly cycle (src/cycle/): the return file's readers
 * and template, submitting returns in one transaction, the period's states,
 * publication with its frozen snapshot and reading a month back as
 * published, corrections, re-baselining, risk acceptance, exception
 * reports and the audit chain check.
 *
 * Every test starts from tests/data/cycle/org.json ($FOLIO_SOURCE) loaded
 * into a temporary SQLite store.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assess/slip.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "cycle/cycle-internal.h"
#include "cycle/cycle.h"
#include "cycle/return-file.h"
#include "import/interchange.h"
#include "model/audit.h"
#include "model/dataset.h"
#include "model/validate.h"
#include "store/store.h"

#define NOW "2018-05-08T10:00:00Z"

static int32_t apr, may, mar;

/* --- fixtures ------------------------------------------------------------- */

struct fix {
	char path[512];
	struct store *st;
	struct cycle_ctx c;
};

static void
fix_remove(struct fix *f)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char p[600];

	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, suffix[i]);
		unlink(p);
	}
}

static int
setup(void **state)
{
	static struct fix f;
	struct error err = ERROR_INIT;
	struct dataset ds;
	const char *src = getenv("FOLIO_SOURCE"), *dir = getenv("TMPDIR");
	char json[600];
	int fd;

	memset(&f, 0, sizeof(f));
	snprintf(f.path, sizeof(f.path), "%s/folio-cycle-XXXXXX",
		 dir && *dir ? dir : "/tmp");
	fd = mkstemp(f.path);
	assert_true(fd >= 0);
	close(fd);
	if (store_open(&f.st, f.path, &err) < 0)
		fail_msg("store_open: %s", err.msg);
	snprintf(json, sizeof(json), "%s/tests/data/cycle/org.json", src ? src : ".");
	if (interchange_read_file(json, &ds, &err) < 0 ||
	    dataset_validate(&ds, json, &err) < 0)
		fail_msg("%s: %s", err.where, err.msg);
	dataset_sort(&ds);
	if (store_create_org(f.st, &ds, &err) < 0)
		fail_msg("create: %s", err.msg);
	dataset_release(&ds);
	f.c.st = f.st;
	f.c.org = "TFC";
	f.c.actor = "tester";
	f.c.now = NOW;
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	store_close(f->st);
	fix_remove(f);
	return 0;
}

static void
load(struct fix *f, struct dataset *ds)
{
	struct error err = ERROR_INIT;

	dataset_init(ds);
	if (store_load(f->st, "TFC", ds, &err) < 0)
		fail_msg("load: %s", err.msg);
}

static void
export_live(struct fix *f, struct strbuf *sb)
{
	struct error err = ERROR_INIT;
	struct dataset ds;

	load(f, &ds);
	assert_int_equal(interchange_write(&ds, sb, &err), 0);
	dataset_release(&ds);
}

static int
count_entry(const struct audit_entry *e, void *ctx)
{
	(void)e;
	(*(int64_t *)ctx)++;
	return 0;
}

static int64_t
audit_count(struct fix *f)
{
	struct error err = ERROR_INIT;
	int64_t n = 0;

	assert_int_equal(store_audit_each(f->st, 1, count_entry, &n, &err), 0);
	return n;
}

/* Read a return from text; the test fails on any error. */
static void
read_ok(struct cycle_return *r, const char *text)
{
	struct error err = ERROR_INIT;

	cycle_return_init(r);
	if (cycle_return_read(r, text, strlen(text), "r.json", &err) < 0)
		fail_msg("%s: %s", err.where, err.msg);
}

/* The template of programme for month, as text (caller releases). */
static void
template_of(struct fix *f, const char *programme, int32_t month,
	    struct strbuf *json, struct strbuf *csv)
{
	struct error err = ERROR_INIT;
	struct dataset ds;

	load(f, &ds);
	if (cycle_return_template(&ds, programme, month, json, csv, &err) < 0)
		fail_msg("template: %s", err.msg);
	dataset_release(&ds);
}

/* Replace the first occurrence of a by b in sb. */
static void
replace(struct strbuf *sb, const char *a, const char *b)
{
	char *p = strstr(sb->buf, a);
	struct strbuf out = STRBUF_INIT;

	if (p == NULL)
		fail_msg("'%s' is not in the text", a);
	strbuf_add(&out, sb->buf, (size_t)(p - sb->buf));
	strbuf_addstr(&out, b);
	strbuf_addstr(&out, p + strlen(a));
	strbuf_release(sb);
	*sb = out;
}

static void
submit_ok(struct fix *f, const char *text, unsigned flags)
{
	struct error err = ERROR_INIT;
	struct cycle_return r, *pr = &r;
	struct cycle_submit res;

	read_ok(&r, text);
	if (cycle_returns_submit(&f->c, &pr, 1, flags, &res, &err) < 0)
		fail_msg("submit: %s: %s", err.where, err.msg);
	cycle_submit_release(&res);
	cycle_return_release(&r);
}

/* Open April and submit ALPHA's (forecast of ALPHA-M2 slipped) and BETA's. */
static void
april_returns(struct fix *f)
{
	struct error err = ERROR_INIT;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	assert_int_equal(cycle_period_open(&f->c, apr, &err), 0);
	template_of(f, "ALPHA", apr, &a, NULL);
	replace(&a, "\"forecast_date\": \"2018-10-15\"", "\"forecast_date\": \"2018-12-31\"");
	submit_ok(f, a.buf, 0);
	template_of(f, "BETA", apr, &b, NULL);
	submit_ok(f, b.buf, 0);
	strbuf_release(&a);
	strbuf_release(&b);
}

/* --- the return file -------------------------------------------------------- */

static void
test_read_errors(void **state)
{
	static const struct {
		const char *text, *where, *msg;
	} cases[] = {
		{ "{}", "r.json",
		  "this is not a folio return: \"folio_return\": 1 is missing" },
		{ "{\"folio_return\": 2}", "r.json: folio_return",
		  "expected the format version 1, got 2" },
		{ "[1]", "r.json", "expected a JSON object at the top level, got an array" },
		{ "{\"folio_return\": 1, \"programme\": \"ALPHA\",\n \"period\": }",
		  "r.json:2:12", NULL },
		{ "{\"folio_return\": 1, \"programme\": \"ALPHA\", \"period\": \"2018-04\", \"colour\": 1}",
		  "r.json", "unknown member \"colour\" in a return" },
		{ "{\"folio_return\": 1, \"period\": \"2018-04\"}", "r.json",
		  "the return names no programme (\"programme\")" },
		{ "{\"folio_return\": 1, \"programme\": \"ALPHA\", \"period\": \"April\"}",
		  "r.json: period", "expected a month (YYYY-MM), got \"April\"" },
		{ "{\"folio_return\": 1, \"programme\": \"ALPHA\", \"period\": \"2018-04\","
		  " \"milestones\": [{\"code\": \"ALPHA-M1\"}, {\"code\": \"ALPHA-M2\","
		  " \"forecast_date\": \"2018-02-30\"}]}",
		  "r.json: milestones[1].forecast_date",
		  "expected a date (YYYY-MM-DD or DD/MM/YYYY), got \"2018-02-30\"" },
		{ "{\"folio_return\": 1, \"programme\": \"ALPHA\", \"period\": \"2018-04\","
		  " \"risks\": [{\"code\": \"ALPHA-R1\", \"current_impact\": 6}]}",
		  "r.json: risks[0].current_impact", "expected an integer from 1 to 5, got 6" },
		{ "{\"folio_return\": 1, \"programme\": \"ALPHA\", \"period\": \"2018-04\","
		  " \"risks\": [{\"code\": \"ALPHA-R1\", \"status\": \"maybe\"}]}",
		  "r.json: risks[0].status", "expected one of open, closed; got \"maybe\"" },
		{ "{\"folio_return\": 1, \"programme\": \"ALPHA\", \"period\": \"2018-04\","
		  " \"milestones\": [{\"code\": \"ALPHA-M1\"}, {\"code\": \"ALPHA-M1\"}]}",
		  "r.json: milestones[1]",
		  "milestone ALPHA-M1 is given twice (first at r.json: milestones[0])" },
		{ "{\"folio_return\": 1, \"programme\": \"ALPHA\", \"period\": \"2018-04\","
		  " \"milestones\": [{\"forecast_date\": \"2018-06-30\"}]}",
		  "r.json: milestones[0]", "a milestone needs its code" },
		{ "{\"folio_return\": 1, \"programme\": \"ALPHA\", \"period\": \"2018-04\","
		  " \"milestones\": [{\"code\": \"ALPHA-M1\", \"owner\": \"me\"}]}",
		  "r.json: milestones[0]",
		  "unknown field \"owner\" for a milestone in a return (a return may change forecast_date and the like)" },
		{ "{\"folio_return\": 1, \"programme\": \"ALPHA\", \"period\": \"2018-04\","
		  " \"return\": {\"status\": \"published\"}}",
		  "r.json: return", "field \"status\" is set by folio, not by a return" },
		{ "{\"folio_return\": 1, \"programme\": \"ALPHA\", \"period\": \"2018-04\","
		  " \"return\": {\"spend_to_date\": 1.5}}",
		  "r.json: return.spend_to_date",
		  "expected a whole number of pounds, got 1.5" },
		{ "{\"folio_return\": 1, \"programme\": \"ALPHA\", \"period\": \"2018-04\","
		  " \"finance\": []}",
		  "r.json: finance", "expected an object (one finance line), got an array" },
	};
	struct error err;
	struct cycle_return r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		error_clear(&err);
		cycle_return_init(&r);
		if (cycle_return_read(&r, cases[i].text, strlen(cases[i].text), "r.json",
				      &err) == 0)
			fail_msg("case %zu was read", i);
		assert_int_equal(err.code, ERR_INPUT);
		if (strcmp(err.where, cases[i].where) != 0)
			fail_msg("case %zu: where '%s', wanted '%s' (%s)", i, err.where,
				 cases[i].where, err.msg);
		if (cases[i].msg && strcmp(err.msg, cases[i].msg) != 0)
			fail_msg("case %zu: '%s', wanted '%s'", i, err.msg, cases[i].msg);
		cycle_return_release(&r);
	}
}

static void
test_csv(void **state)
{
	struct fix *f = *state;
	static const struct {
		const char *text, *where, *msg;
	} cases[] = {
		{ "", "m.csv:1",
		  "the file is empty: expected a header row (code,forecast_date,...)" },
		{ "code,colour\r\n", "m.csv:1:6",
		  "unknown column \"colour\" (expected code, name, key, baseline_date, forecast_date or actual_date)" },
		{ "name,forecast_date\n", "m.csv:1", "the header has no \"code\" column" },
		{ "code,forecast_date\nALPHA-M1,2018-07-31\nALPHA-M2\n", "m.csv:3",
		  "expected 2 fields, as the header has, got 1" },
		{ "code,forecast_date\n\"ALPHA-M1\nstill\",2018-07-31\nALPHA-M2,31/02/2018\n",
		  "m.csv:4:10",
		  "forecast_date: expected a date (YYYY-MM-DD or DD/MM/YYYY), got \"31/02/2018\"" },
		{ "code,key\nALPHA-M1,perhaps\n", "m.csv:2:10",
		  "key: expected true or false, got \"perhaps\"" },
		{ "code,forecast_date\n\"ALPHA-M1,2018-07-31\n", "m.csv:2",
		  "a quoted field is not closed" },
		{ "code,forecast_date\nALPHA-M1,2018-07-31\nALPHA-M1,2018-08-31\n", "m.csv:3",
		  "milestone ALPHA-M1 is given twice (first at m.csv:2)" },
		/* a cell after a quoted line break: its own line and column */
		{ "code,name,key\nALPHA-M1,\"two\nlines\",maybe\n", "m.csv:3:8",
		  "key: expected true or false, got \"maybe\"" },
		{ "\xef\xbb\xbf" "code,key\n,true\n", "m.csv:2:1", "code: a milestone needs its code" },
	};
	struct strbuf json = STRBUF_INIT, csv = STRBUF_INIT;
	struct error err;
	struct cycle_return r;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		error_clear(&err);
		cycle_return_init(&r);
		if (cycle_return_read_csv(&r, cases[i].text, strlen(cases[i].text),
					  "m.csv", &err) == 0)
			fail_msg("case %zu was read", i);
		if (strcmp(err.where, cases[i].where) != 0 ||
		    strcmp(err.msg, cases[i].msg) != 0)
			fail_msg("case %zu: '%s: %s', wanted '%s: %s'", i, err.where,
				 err.msg, cases[i].where, cases[i].msg);
		cycle_return_release(&r);
	}

	/* BETA-M1's name looks like a formula and holds a comma and quotes */
	template_of(f, "BETA", apr, &json, &csv);
	assert_string_equal(csv.buf,
		"code,name,key,baseline_date,forecast_date,actual_date\r\n"
		"BETA-M1,\"'=Beta, \"\"launch\"\"\",true,2018-05-31,2018-05-31,\r\n");
	read_ok(&r, json.buf);
	if (cycle_return_read_csv(&r, csv.buf, csv.len, "m.csv", &err) < 0)
		fail_msg("%s: %s", err.where, err.msg);
	assert_int_equal(r.nrows[RS_MILESTONES], 1);
	assert_string_equal(((struct milestone *)r.rows[RS_MILESTONES][0].rec)->name,
			    "=Beta, \"launch\"");
	assert_true(r.milestones_from_csv);
	cycle_return_release(&r);
	strbuf_release(&json);
	strbuf_release(&csv);
}

static void
test_template(void **state)
{
	struct fix *f = *state;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct error err = ERROR_INIT;
	struct dataset ds;
	int64_t before;

	template_of(f, "ALPHA", apr, &a, NULL);
	template_of(f, "ALPHA", apr, &b, NULL);
	assert_string_equal(a.buf, b.buf);	/* deterministic */
	/* pre-filled from March's published return */
	assert_non_null(strstr(a.buf, "\"dca\": \"Amber\""));
	assert_non_null(strstr(a.buf,
		"\"commentary\": \"The pilot went live on 20 February.\\nPhase two depends on the supplier.\""));
	/* a new financial year: no spend carried over */
	assert_non_null(strstr(a.buf, "\"spend_to_date\": null"));
	/* achieved before April: left out; the project's risk is in; the
	 * portfolio's is not */
	assert_null(strstr(a.buf, "ALPHA-M3"));
	assert_non_null(strstr(a.buf, "\"code\": \"ALPHA-R2\""));
	assert_null(strstr(a.buf, "PR-1"));
	assert_non_null(strstr(a.buf, "\"benefit\": \"ALPHA-B1\",\n"
				      "      \"title\": \"Hours released to the front line\",\n"
				      "      \"planned\": 100,\n"
				      "      \"actual\": null\n"));
	assert_non_null(strstr(a.buf, "\"year\": 2018,\n    \"capital_budget\": 1000000"));
	assert_int_equal(a.buf[a.len - 1], '\n');

	load(f, &ds);
	assert_int_equal(cycle_return_template(&ds, "NOPE", apr, &b, NULL, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	dataset_release(&ds);

	/* sent back as it is, only the return itself is new, with the
	 * month's score of its two risks (the month's report of them) */
	assert_int_equal(cycle_period_open(&f->c, apr, &err), 0);
	before = audit_count(f);
	submit_ok(f, a.buf, 0);
	assert_int_equal(audit_count(f), before + 3);
	strbuf_release(&a);
	strbuf_release(&b);
}

/* --- submitting ---------------------------------------------------------- */

static void
test_submit(void **state)
{
	struct fix *f = *state;
	struct strbuf a = STRBUF_INIT;
	struct dataset ds;
	const struct milestone *m;
	const struct risk *rk;
	const struct monthly_return *ret;
	int found_mf = 0;

	assert_int_equal(cycle_period_open(&f->c, apr, NULL), 0);
	template_of(f, "ALPHA", apr, &a, NULL);
	replace(&a, "\"forecast_date\": \"2018-10-15\"", "\"forecast_date\": \"2018-12-31\"");
	replace(&a, "\"current_likelihood\": 3", "\"current_likelihood\": 4");
	replace(&a, "\"actual\": null", "\"actual\": 80.5");
	replace(&a, "\"headline\": \"Pilot live, \\\"phase two\\\" being planned\"",
		"\"headline\": \"Phase two late\"");
	replace(&a, "\"capital_actual\": null", "\"capital_actual\": 250000");
	submit_ok(f, a.buf, 0);

	load(f, &ds);
	m = dataset_find(&ds, K_MILESTONE, "ALPHA-M2");
	assert_int_equal(m->forecast_date, date_from_ymd(2018, 12, 31));
	assert_int_equal(m->baseline_date, date_from_ymd(2018, 9, 30));
	DS_FOREACH(&ds, K_MILESTONE_FORECAST, const struct milestone_forecast, mf)
		if (strcmp(mf->milestone, "ALPHA-M2") == 0 && mf->period == apr) {
			assert_int_equal(mf->forecast_date, date_from_ymd(2018, 12, 31));
			found_mf = 1;
		}
	assert_true(found_mf);
	/* unchanged milestones get no history row */
	DS_FOREACH(&ds, K_MILESTONE_FORECAST, const struct milestone_forecast, mf)
		assert_string_not_equal(mf->milestone, "ALPHA-M1");
	rk = dataset_find(&ds, K_RISK, "ALPHA-R1");
	assert_int_equal(rk->current_likelihood, 4);
	/* the month's score of every risk reported, changed or not, and of
	 * no other */
	assert_int_equal(dataset_count(&ds, K_RISK_SCORE), 2);
	DS_FOREACH(&ds, K_RISK_SCORE, const struct risk_score, rs) {
		assert_int_equal(rs->period, apr);
		assert_string_equal(rs->status, "open");
		if (strcmp(rs->risk, "ALPHA-R1") == 0) {
			assert_int_equal(rs->likelihood, 4);
			assert_int_equal(rs->impact, 4);
		} else {
			assert_string_equal(rs->risk, "ALPHA-R2");
			assert_int_equal(rs->likelihood, 2);
		}
	}
	DS_FOREACH(&ds, K_BENEFIT_VALUE, const struct benefit_value, v)
		if (v->period == apr) {
			assert_true(v->actual == 80.5);
			assert_true(v->planned == 100);	/* the plan is kept */
		}
	DS_FOREACH(&ds, K_FINANCE, const struct finance, fin)
		if (strcmp(fin->programme, "ALPHA") == 0)
			assert_int_equal(fin->capital_actual, 250000);
	ret = NULL;
	DS_FOREACH(&ds, K_RETURN, const struct monthly_return, x)
		if (x->period == apr)
			ret = x;
	assert_non_null(ret);
	assert_string_equal(ret->status, "submitted");
	assert_string_equal(ret->submitted_by, "tester");
	assert_string_equal(ret->submitted_at, NOW);
	assert_string_equal(ret->headline, "Phase two late");
	assert_int_equal(ret->version, 1);
	assert_string_equal(cycle_find_period(&ds, apr)->state, "open");
	dataset_release(&ds);

	/* the same return again changes nothing, score rows included */
	{
		struct error err = ERROR_INIT;
		struct cycle_return r, *pr = &r;
		struct cycle_submit res;
		int64_t before = audit_count(f);

		read_ok(&r, a.buf);
		assert_int_equal(cycle_returns_submit(&f->c, &pr, 1, 0, &res, &err), 0);
		assert_int_equal(res.v[0].changes, 0);
		assert_int_equal(audit_count(f), before);
		cycle_submit_release(&res);
		cycle_return_release(&r);
	}
	strbuf_release(&a);
}

/* A batch with one good return and one bad writes nothing at all. */
static void
test_bad_input_writes_nothing(void **state)
{
	static const struct {
		const char *text, *where, *msg;
	} bad[] = {
		{ "{\"folio_return\": 1, \"programme\": \"BETA\", \"period\": \"2018-04\","
		  " \"milestones\": [{\"code\": \"ALPHA-M1\", \"forecast_date\": \"2018-07-01\"}]}",
		  "b.json: milestones[0].code", "milestone ALPHA-M1 belongs to programme ALPHA, not BETA" },
		{ "{\"folio_return\": 1, \"programme\": \"BETA\", \"period\": \"2018-04\","
		  " \"milestones\": [{\"code\": \"BETA-M1\", \"name\": \"Launch\"}]}",
		  "b.json: milestones[0].name",
		  "name is not changed by a return: folio holds \"=Beta, \"launch\"\" for BETA-M1, the file says \"Launch\"" },
		{ "{\"folio_return\": 1, \"programme\": \"BETA\", \"period\": \"2018-04\","
		  " \"milestones\": [{\"code\": \"BETA-M1\", \"actual_date\": \"2018-05-01\"}]}",
		  "b.json: milestones[0].actual_date",
		  "2018-05-01 is after the end of 2018-04: a return reports what was achieved by then" },
		{ "{\"folio_return\": 1, \"programme\": \"BETA\", \"period\": \"2018-04\","
		  " \"risks\": [{\"code\": \"PR-1\", \"current_impact\": 2}]}",
		  "b.json: risks[0].code", "risk PR-1 is not on the register of programme BETA or its projects" },
		{ "{\"folio_return\": 1, \"programme\": \"BETA\", \"period\": \"2018-04\","
		  " \"benefits\": [{\"benefit\": \"ALPHA-B1\", \"actual\": 1}]}",
		  "b.json: benefits[0].benefit", "benefit ALPHA-B1 belongs to programme ALPHA, not BETA" },
		{ "{\"folio_return\": 1, \"programme\": \"BETA\", \"period\": \"2018-04\","
		  " \"finance\": {\"year\": 2017}}",
		  "b.json: finance.year", "expected 2018 (2018/19, the financial year of 2018-04), got 2017" },
		{ "{\"folio_return\": 1, \"programme\": \"BETA\", \"period\": \"2018-05\"}",
		  "b.json: period", "no reporting period 2018-05 has been opened" },
		{ "{\"folio_return\": 1, \"programme\": \"BETA\", \"period\": \"2018-03\"}",
		  "b.json: period",
		  "2018-03 is published: a change to it now is a correction, recorded as a new version" },
		{ "{\"folio_return\": 1, \"organisation\": \"XYZ\", \"programme\": \"BETA\", \"period\": \"2018-04\"}",
		  "b.json: organisation", "this return is for organisation XYZ, not TFC" },
		{ "{\"folio_return\": 1, \"programme\": \"BETA\", \"period\": \"2018-04\", \"version\": 2}",
		  "b.json: version", "expected 1, got 2: this is BETA's first return for 2018-04" },
		{ "{\"folio_return\": 1, \"programme\": \"ALPHA\", \"period\": \"2018-04\"}",
		  "b.json: programme", "ALPHA's return for this month is also in a.json" },
	};
	struct fix *f = *state;
	struct error err;
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT;
	struct cycle_return r[2], *pr[2] = { &r[0], &r[1] };
	struct cycle_submit res;
	const char *good = "{\"folio_return\": 1, \"programme\": \"ALPHA\", \"period\": \"2018-04\","
		" \"return\": {\"headline\": \"fine\"},"
		" \"milestones\": [{\"code\": \"ALPHA-M1\", \"forecast_date\": \"2018-07-31\"}]}";
	const char *csv = "code,forecast_date\r\nALPHA-M1,2018-08-31\r\nBETA-M1,2018-08-31\r\n";
	int64_t entries;

	assert_int_equal(cycle_period_open(&f->c, apr, NULL), 0);
	export_live(f, &before);
	entries = audit_count(f);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		error_clear(&err);
		cycle_return_init(&r[0]);
		cycle_return_init(&r[1]);
		assert_int_equal(cycle_return_read(&r[0], good, strlen(good), "a.json",
						   &err), 0);
		if (cycle_return_read(&r[1], bad[i].text, strlen(bad[i].text),
				      "b.json", &err) < 0)
			fail_msg("case %zu: %s: %s", i, err.where, err.msg);
		if (cycle_returns_submit(&f->c, pr, 2, 0, &res, &err) == 0)
			fail_msg("case %zu was recorded", i);
		if (strcmp(err.where, bad[i].where) != 0 ||
		    strcmp(err.msg, bad[i].msg) != 0)
			fail_msg("case %zu: '%s: %s', wanted '%s: %s'", i, err.where,
				 err.msg, bad[i].where, bad[i].msg);
		cycle_return_release(&r[0]);
		cycle_return_release(&r[1]);
	}
	export_live(f, &after);
	assert_string_equal(before.buf, after.buf);
	assert_int_equal(audit_count(f), entries);

	/* and the CSV names its line and column */
	cycle_return_init(&r[0]);
	assert_int_equal(cycle_return_read(&r[0], good, strlen(good), "a.json", &err), 0);
	assert_int_equal(cycle_return_read_csv(&r[0], csv, strlen(csv), "a.csv", &err), 0);
	assert_int_equal(cycle_returns_submit(&f->c, pr, 1, 0, &res, &err), -1);
	assert_string_equal(err.where, "a.csv:3");
	assert_string_equal(err.msg, "code: milestone BETA-M1 belongs to programme BETA, not ALPHA");
	cycle_return_release(&r[0]);
	assert_int_equal(audit_count(f), entries);
	strbuf_release(&before);
	strbuf_release(&after);
}

/* A benefit reported without a figure for a month with no row adds none. */
static void
test_benefit_without_figure(void **state)
{
	struct fix *f = *state;
	struct error err = ERROR_INIT;
	struct dataset ds;
	size_t n;

	assert_int_equal(cycle_period_open(&f->c, may, &err), 0);
	load(f, &ds);
	n = dataset_count(&ds, K_BENEFIT_VALUE);
	dataset_release(&ds);
	submit_ok(f, "{\"folio_return\": 1, \"programme\": \"ALPHA\", \"period\": \"2018-05\","
		  " \"benefits\": [{\"benefit\": \"ALPHA-B1\", \"planned\": null, \"actual\": null}]}", 0);
	load(f, &ds);
	assert_int_equal(dataset_count(&ds, K_BENEFIT_VALUE), n);
	dataset_release(&ds);
	submit_ok(f, "{\"folio_return\": 1, \"programme\": \"ALPHA\", \"period\": \"2018-05\","
		  " \"benefits\": [{\"benefit\": \"ALPHA-B1\", \"actual\": 40}]}", 0);
	load(f, &ds);
	assert_int_equal(dataset_count(&ds, K_BENEFIT_VALUE), n + 1);
	dataset_release(&ds);
}

/*
 * A closed programme sends no returns; a return it sent while it ran can
 * still be corrected.
 */
static void
test_closed_programme(void **state)
{
	struct fix *f = *state;
	struct error err = ERROR_INIT;
	struct cycle_return r, *pr = &r;
	struct cycle_submit res;
	struct dataset ds;
	struct programme p;
	int64_t entries;
	const char *april = "{\"folio_return\": 1, \"programme\": \"BETA\", \"period\": \"2018-04\","
		" \"return\": {\"headline\": \"still here\"}}";

	assert_int_equal(cycle_period_open(&f->c, apr, &err), 0);
	load(f, &ds);
	p = *(struct programme *)dataset_find(&ds, K_PROGRAMME, "BETA");
	p.lifecycle = "closed";
	assert_int_equal(store_put(f->st, "TFC", K_PROGRAMME, &p, &err), 0);
	dataset_release(&ds);
	entries = audit_count(f);
	read_ok(&r, april);
	assert_int_equal(cycle_returns_submit(&f->c, &pr, 1, 0, &res, &err), -1);
	assert_string_equal(err.where, "r.json: programme");
	assert_string_equal(err.msg, "BETA is closed: a closed programme sends no returns");
	cycle_return_release(&r);
	assert_int_equal(audit_count(f), entries);
	/* nor is it given a template for a month it did not report */
	{
		struct strbuf t = STRBUF_INIT;

		load(f, &ds);
		assert_int_equal(cycle_return_template(&ds, "BETA", apr, &t, NULL, &err), -1);
		assert_int_equal(err.code, ERR_CONFLICT);
		assert_string_equal(err.msg, "BETA is closed: a closed programme sends no returns");
		/* March's, to correct, it is */
		assert_int_equal(cycle_return_template(&ds, "BETA", mar, &t, NULL, &err), 0);
		strbuf_release(&t);
		dataset_release(&ds);
	}
	/* March, published while BETA ran: corrected as version 2 */
	submit_ok(f, "{\"folio_return\": 1, \"programme\": \"BETA\", \"period\": \"2018-03\","
		  " \"return\": {\"headline\": \"Behind plan, corrected\"}}", CYCLE_CORRECTION);
	load(f, &ds);
	assert_int_equal(cycle_latest_return(&ds, "BETA", mar)->version, 2);
	assert_null(cycle_latest_return(&ds, "BETA", apr));
	dataset_release(&ds);
}

/*
 * A correction to April after May was reported changes April's own records
 * only: the milestone keeps May's dates, and April's history row says what
 * April should have said.
 */
static void
test_late_correction(void **state)
{
	struct fix *f = *state;
	struct error err = ERROR_INIT;
	struct strbuf a = STRBUF_INIT;
	struct cycle_publish pub;
	struct cycle_return r, *pr = &r;
	struct cycle_submit res;
	struct dataset ds;
	const struct milestone *m;
	int rows = 0;

	april_returns(f);
	assert_int_equal(cycle_period_review(&f->c, apr, 0, NULL, &err), 0);
	assert_int_equal(cycle_period_publish(&f->c, apr, 0, &pub, &err), 0);
	assert_int_equal(cycle_period_open(&f->c, may, &err), 0);
	template_of(f, "ALPHA", may, &a, NULL);
	replace(&a, "\"forecast_date\": \"2018-06-30\"", "\"forecast_date\": \"2018-07-31\"");
	submit_ok(f, a.buf, 0);

	/* a risk raised in May, on the register (and the template) now */
	{
		struct risk nr;

		record_clear(&nr, entity_of(K_RISK));
		nr.code = "ALPHA-R3";
		nr.level = "programme";
		nr.programme = "ALPHA";
		nr.title = "Contract dispute";
		nr.current_likelihood = 2;
		nr.current_impact = 5;
		nr.status = "open";
		nr.raised = date_from_ymd(2018, 5, 10);
		assert_int_equal(store_put(f->st, "TFC", K_RISK, &nr, &err), 0);
	}
	strbuf_reset(&a);
	template_of(f, "ALPHA", apr, &a, NULL);
	/* the template shows the dates held now: April's return says June */
	replace(&a, "\"forecast_date\": \"2018-07-31\"", "\"forecast_date\": \"2018-06-15\"");
	/* and ALPHA-R1's impact was 5 in April, not 4 */
	replace(&a, "\"current_impact\": 4", "\"current_impact\": 5");
	read_ok(&r, a.buf);
	assert_int_equal(cycle_returns_submit(&f->c, &pr, 1, CYCLE_CORRECTION, &res, &err), 0);
	assert_int_equal(res.v[0].version, 2);
	assert_int_equal(res.v[0].current, 0);
	cycle_submit_release(&res);
	cycle_return_release(&r);

	load(f, &ds);
	m = dataset_find(&ds, K_MILESTONE, "ALPHA-M1");
	assert_int_equal(m->forecast_date, date_from_ymd(2018, 7, 31));	/* May's */
	DS_FOREACH(&ds, K_MILESTONE_FORECAST, const struct milestone_forecast, mf) {
		if (strcmp(mf->milestone, "ALPHA-M1") != 0)
			continue;
		rows++;
		if (mf->period == apr)
			assert_int_equal(mf->forecast_date, date_from_ymd(2018, 6, 15));
		else
			assert_int_equal(mf->forecast_date, date_from_ymd(2018, 7, 31));
	}
	assert_int_equal(rows, 2);
	/* April's score as corrected, May's and the register's as they were;
	 * no April score for a risk raised in May */
	assert_int_equal(((struct risk *)dataset_find(&ds, K_RISK, "ALPHA-R1"))->current_impact, 4);
	rows = 0;
	DS_FOREACH(&ds, K_RISK_SCORE, const struct risk_score, rs) {
		assert_string_not_equal(rs->risk, "ALPHA-R3");
		if (strcmp(rs->risk, "ALPHA-R1") != 0)
			continue;
		rows++;
		assert_int_equal(rs->likelihood, 3);
		assert_int_equal(rs->impact, rs->period == apr ? 5 : 4);
	}
	assert_int_equal(rows, 2);
	dataset_release(&ds);
	strbuf_release(&a);
}

/* --- the period ---------------------------------------------------------- */

/* Months are published in order: May waits for April. */
static void
test_publish_in_order(void **state)
{
	struct fix *f = *state;
	struct error err = ERROR_INIT;
	struct cycle_publish pub;

	april_returns(f);
	assert_int_equal(cycle_period_open(&f->c, may, &err), 0);
	assert_int_equal(cycle_period_review(&f->c, may, 1, NULL, &err), 0);
	assert_int_equal(cycle_period_publish(&f->c, may, 1, &pub, &err), -1);
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_string_equal(err.msg,
		"cannot publish 2018-05 before 2018-04, which is submitted: months are published in order");
	assert_int_equal(cycle_period_review(&f->c, apr, 0, NULL, &err), 0);
	assert_int_equal(cycle_period_publish(&f->c, apr, 0, &pub, &err), 0);
	assert_int_equal(cycle_period_publish(&f->c, may, 1, &pub, &err), 0);
	assert_int_equal(pub.revision, 1);
}

/*
 * A correction to April published after May was: revision 2 is revision 1
 * with the correction, not the organisation as it stands after May (May's
 * forecasts, a renamed programme, words written since, an exception May
 * resolved).
 */
static void
test_correction_revision(void **state)
{
	struct fix *f = *state;
	struct error err = ERROR_INIT;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct cycle_exception_words w = { 0 };
	struct cycle_publish pub;
	struct dataset ds;
	struct programme p;
	const struct milestone *m;
	const struct exception *ex;
	const struct monthly_return *r;
	size_t findings;
	int rev = 0;

	april_returns(f);	/* ALPHA-M2 forecast 31 December: a breach */
	assert_int_equal(cycle_period_review(&f->c, apr, 0, NULL, &err), 0);
	assert_int_equal(cycle_period_publish(&f->c, apr, 0, &pub, &err), 0);
	findings = pub.findings;
	assert_int_equal(cycle_period_open(&f->c, may, &err), 0);
	template_of(f, "ALPHA", may, &a, NULL);
	replace(&a, "\"forecast_date\": \"2018-12-31\"", "\"forecast_date\": \"2018-10-15\"");
	submit_ok(f, a.buf, 0);
	template_of(f, "BETA", may, &b, NULL);
	submit_ok(f, b.buf, 0);
	assert_int_equal(cycle_period_review(&f->c, may, 0, NULL, &err), 0);
	assert_int_equal(cycle_period_publish(&f->c, may, 0, &pub, &err), 0);
	assert_int_equal(pub.resolved, 1);	/* ALPHA's time exception */
	w.cause = "Supplier late";
	assert_int_equal(cycle_exception_update(&f->c, "EX-2018-04-BETA-risk", &w, NULL, &err), 0);
	load(f, &ds);
	p = *(struct programme *)dataset_find(&ds, K_PROGRAMME, "ALPHA");
	p.name = "Alpha Programme (renamed)";
	assert_int_equal(store_put(f->st, "TFC", K_PROGRAMME, &p, &err), 0);
	dataset_release(&ds);

	/* BETA corrects April's headline */
	submit_ok(f, "{\"folio_return\": 1, \"programme\": \"BETA\", \"period\": \"2018-04\","
		  " \"return\": {\"headline\": \"Corrected\"}}", CYCLE_CORRECTION);
	assert_int_equal(cycle_period_publish(&f->c, apr, 0, &pub, &err), 0);
	assert_int_equal(pub.revision, 2);
	assert_int_equal(pub.findings, findings);
	assert_int_equal(pub.exceptions, 0);
	assert_int_equal(pub.resolved, 0);	/* May has spoken since */

	assert_int_equal(cycle_dataset_as_at_rev(f->st, "TFC", apr, &ds, &rev, &err), 0);
	assert_int_equal(rev, 2);
	r = cycle_latest_return(&ds, "BETA", apr);
	assert_int_equal(r->version, 2);
	assert_string_equal(r->headline, "Corrected");
	assert_string_equal(r->status, "published");
	assert_string_equal(cycle_find_period(&ds, apr)->state, "published");
	/* nothing of May, nor of what changed by hand since April */
	assert_null(cycle_find_period(&ds, may));
	assert_null(cycle_latest_return(&ds, "ALPHA", may));
	assert_string_equal(((struct programme *)dataset_find(&ds, K_PROGRAMME, "ALPHA"))->name,
			    "Alpha Programme");
	m = dataset_find(&ds, K_MILESTONE, "ALPHA-M2");
	assert_int_equal(m->forecast_date, date_from_ymd(2018, 12, 31));
	ex = dataset_find(&ds, K_EXCEPTION, "EX-2018-04-ALPHA-time");
	assert_string_equal(ex->status, "open");
	ex = dataset_find(&ds, K_EXCEPTION, "EX-2018-04-BETA-risk");
	assert_null(ex->cause);
	dataset_release(&ds);
	/* the live data keeps all of it */
	load(f, &ds);
	assert_string_equal(((struct exception *)dataset_find(&ds, K_EXCEPTION,
			     "EX-2018-04-ALPHA-time"))->status, "resolved");
	assert_int_equal(((struct milestone *)dataset_find(&ds, K_MILESTONE, "ALPHA-M2"))->forecast_date,
			 date_from_ymd(2018, 10, 15));
	dataset_release(&ds);
	strbuf_release(&a);
	strbuf_release(&b);
}

/*
 * An exception still running is resolved when a later month's publication
 * no longer finds its breach; one still breached stays open, no duplicate
 * is raised, and the month it was raised in still reads as published.
 */
static void
test_exception_resolved_when_cured(void **state)
{
	struct fix *f = *state;
	struct error err = ERROR_INIT;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct cycle_publish pub;
	struct dataset ds;
	const struct exception *ex;

	/* raised by a person in March on grounds the measure may not see */
	{
		struct exception hx;

		record_clear(&hx, entity_of(K_EXCEPTION));
		hx.code = "BETA-E1";
		hx.programme = "BETA";
		hx.period = mar;
		hx.dimension = "time";
		hx.type = "forecast_breach";
		hx.status = "escalated";
		assert_int_equal(store_put(f->st, "TFC", K_EXCEPTION, &hx, &err), 0);
	}
	april_returns(f);
	assert_int_equal(cycle_period_review(&f->c, apr, 0, NULL, &err), 0);
	assert_int_equal(cycle_period_publish(&f->c, apr, 0, &pub, &err), 0);
	assert_int_equal(pub.exceptions, 2);
	assert_int_equal(pub.resolved, 0);

	/* May: ALPHA-M2 back to 15 October (15 days: within both levels);
	   BETA-R1 still scores 20, at its tolerance */
	assert_int_equal(cycle_period_open(&f->c, may, &err), 0);
	template_of(f, "ALPHA", may, &a, NULL);
	replace(&a, "\"forecast_date\": \"2018-12-31\"", "\"forecast_date\": \"2018-10-15\"");
	submit_ok(f, a.buf, 0);
	template_of(f, "BETA", may, &b, NULL);
	submit_ok(f, b.buf, 0);
	assert_int_equal(cycle_period_review(&f->c, may, 0, NULL, &err), 0);
	assert_int_equal(cycle_period_publish(&f->c, may, 0, &pub, &err), 0);
	assert_int_equal(pub.exceptions, 0);
	assert_int_equal(pub.resolved, 1);

	load(f, &ds);
	ex = dataset_find(&ds, K_EXCEPTION, "EX-2018-04-ALPHA-time");
	assert_non_null(ex);
	assert_string_equal(ex->status, "resolved");
	ex = dataset_find(&ds, K_EXCEPTION, "EX-2018-04-BETA-risk");
	assert_non_null(ex);
	assert_string_equal(ex->status, "open");
	assert_string_equal(((struct exception *)dataset_find(&ds, K_EXCEPTION, "BETA-E1"))->status,
			    "escalated");
	assert_int_equal(dataset_count(&ds, K_EXCEPTION), 3);
	dataset_release(&ds);
	/* April as published still shows it open */
	assert_int_equal(cycle_dataset_as_at(f->st, "TFC", apr, &ds, &err), 0);
	ex = dataset_find(&ds, K_EXCEPTION, "EX-2018-04-ALPHA-time");
	assert_non_null(ex);
	assert_string_equal(ex->status, "open");
	dataset_release(&ds);
	strbuf_release(&a);
	strbuf_release(&b);
}

static void
test_publish_and_as_at(void **state)
{
	struct fix *f = *state;
	struct error err = ERROR_INIT;
	struct strbuf snap1 = STRBUF_INIT, snap2 = STRBUF_INIT, x = STRBUF_INIT;
	struct strbuf a = STRBUF_INIT;
	struct cycle_publish pub;
	struct dataset ds;
	struct programme p;
	char *json = NULL;
	size_t len = 0, reviewed = 0;
	int rev = -1;
	const struct exception *ex;

	assert_int_equal(cycle_period_open(&f->c, apr, &err), 0);
	assert_int_equal(cycle_period_open(&f->c, apr, &err), -1);
	assert_string_equal(err.msg, "2018-04 is already open");
	template_of(f, "ALPHA", apr, &a, NULL);
	replace(&a, "\"forecast_date\": \"2018-10-15\"", "\"forecast_date\": \"2018-12-31\"");
	submit_ok(f, a.buf, 0);

	/* BETA has not returned */
	assert_int_equal(cycle_period_review(&f->c, apr, 0, &reviewed, &err), -1);
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_string_equal(err.msg,
		"cannot review 2018-04: 1 return is missing (BETA); allow that with --allow-missing");
	assert_int_equal(cycle_period_publish(&f->c, apr, 1, &pub, &err), -1);
	assert_string_equal(err.msg, "2018-04 is open: review it before publishing");
	strbuf_reset(&a);
	template_of(f, "BETA", apr, &a, NULL);
	submit_ok(f, a.buf, 0);
	load(f, &ds);
	assert_string_equal(cycle_find_period(&ds, apr)->state, "submitted");
	dataset_release(&ds);
	assert_int_equal(cycle_period_review(&f->c, apr, 0, &reviewed, &err), 0);
	assert_int_equal(reviewed, 2);
	assert_int_equal(cycle_period_publish(&f->c, apr, 0, &pub, &err), 0);
	assert_int_equal(pub.revision, 1);
	assert_int_equal(pub.returns, 2);
	assert_int_equal(pub.exceptions, 2);

	load(f, &ds);
	ex = dataset_find(&ds, K_EXCEPTION, "EX-2018-04-ALPHA-time");
	assert_non_null(ex);
	assert_string_equal(ex->type, "breach");
	assert_non_null(strstr(ex->evidence, "ALPHA-M2"));
	assert_null(ex->cause);
	assert_non_null(dataset_find(&ds, K_EXCEPTION, "EX-2018-04-BETA-risk"));
	assert_string_equal(cycle_find_period(&ds, apr)->state, "published");
	assert_string_equal(cycle_find_period(&ds, apr)->published_by, "tester");
	DS_FOREACH(&ds, K_RETURN, const struct monthly_return, r)
		if (r->period == apr)
			assert_string_equal(r->status, "published");
	dataset_release(&ds);

	/* the snapshot is the store as published, byte for byte */
	export_live(f, &snap1);
	assert_int_equal(store_snapshot_get(f->st, "TFC", apr, 0, &json, &len, &rev,
					    &err), 0);
	assert_int_equal(rev, 1);
	assert_int_equal(len, snap1.len);
	assert_memory_equal(json, snap1.buf, len);
	free(json);

	/* live data moves on; April as at April does not */
	load(f, &ds);
	p = *(struct programme *)dataset_find(&ds, K_PROGRAMME, "ALPHA");
	p.name = "Alpha Programme (renamed)";
	assert_int_equal(store_put(f->st, "TFC", K_PROGRAMME, &p, &err), 0);
	dataset_release(&ds);
	assert_int_equal(cycle_dataset_as_at_rev(f->st, "TFC", apr, &ds, &rev, &err), 0);
	assert_int_equal(rev, 1);
	assert_int_equal(interchange_write(&ds, &x, &err), 0);
	assert_string_equal(x.buf, snap1.buf);
	dataset_release(&ds);
	/* a month not published, and one published before snapshots: live */
	strbuf_reset(&x);
	assert_int_equal(cycle_dataset_as_at_rev(f->st, "TFC", may, &ds, &rev, &err), 0);
	assert_int_equal(rev, 0);
	assert_string_equal(((struct programme *)dataset_find(&ds, K_PROGRAMME, "ALPHA"))->name,
			    "Alpha Programme (renamed)");
	dataset_release(&ds);
	assert_int_equal(cycle_dataset_as_at_rev(f->st, "TFC", mar, &ds, &rev, &err), 0);
	assert_int_equal(rev, 0);
	dataset_release(&ds);
	assert_int_equal(cycle_dataset_as_at(f->st, "NOPE", apr, &ds, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	dataset_release(&ds);

	/* nothing to publish again */
	assert_int_equal(cycle_period_publish(&f->c, apr, 0, &pub, &err), -1);
	assert_string_equal(err.msg,
		"2018-04 is already published (snapshot revision 1) and no correction is waiting");

	/* a correction: refused as an ordinary return, then version 2 */
	strbuf_reset(&a);
	template_of(f, "ALPHA", apr, &a, NULL);
	assert_non_null(strstr(a.buf, "\"version\": 2"));
	replace(&a, "\"dca\": \"Amber\"", "\"dca\": \"Amber/Red\"");
	{
		struct cycle_return r, *pr = &r;
		struct cycle_submit res;

		read_ok(&r, a.buf);
		assert_int_equal(cycle_returns_submit(&f->c, &pr, 1, 0, &res, &err), -1);
		assert_string_equal(err.where, "r.json: period");
		assert_int_equal(cycle_returns_submit(&f->c, &pr, 1, CYCLE_CORRECTION,
						      &res, &err), 0);
		assert_int_equal(res.v[0].version, 2);
		cycle_submit_release(&res);
		cycle_return_release(&r);
	}
	assert_int_equal(cycle_period_publish(&f->c, apr, 0, &pub, &err), 0);
	assert_int_equal(pub.revision, 2);
	assert_int_equal(pub.returns, 1);
	assert_int_equal(cycle_dataset_as_at_rev(f->st, "TFC", apr, &ds, &rev, &err), 0);
	assert_int_equal(rev, 2);
	{
		const struct monthly_return *v2 = cycle_latest_return(&ds, "ALPHA", apr);

		assert_int_equal(v2->version, 2);
		assert_string_equal(v2->dca, "Amber/Red");
		assert_string_equal(v2->status, "published");
	}
	assert_int_equal(interchange_write(&ds, &snap2, &err), 0);
	assert_string_not_equal(snap1.buf, snap2.buf);
	dataset_release(&ds);
	/* revision 1 is still there as it was */
	assert_int_equal(store_snapshot_get(f->st, "TFC", apr, 1, &json, &len, &rev,
					    &err), 0);
	assert_memory_equal(json, snap1.buf, snap1.len);
	free(json);
	strbuf_release(&snap1);
	strbuf_release(&snap2);
	strbuf_release(&x);
	strbuf_release(&a);
}

static void
test_allow_missing(void **state)
{
	struct fix *f = *state;
	struct error err = ERROR_INIT;
	struct cycle_publish pub;
	struct cycle_status s;
	struct dataset ds;
	size_t n = 0;

	assert_int_equal(cycle_period_open(&f->c, apr, &err), 0);
	assert_int_equal(cycle_period_review(&f->c, apr, 1, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(cycle_period_publish(&f->c, apr, 0, &pub, &err), -1);
	assert_string_equal(err.msg,
		"cannot publish 2018-04: 2 returns are missing (ALPHA, BETA); allow that with --allow-missing");
	assert_int_equal(cycle_period_publish(&f->c, apr, 1, &pub, &err), 0);
	assert_int_equal(pub.missing, 2);
	load(f, &ds);
	cycle_status_build(&ds, apr, &s);
	assert_string_equal(s.state, "published");
	assert_int_equal(s.n, 2);	/* GAMMA is in the pipeline: not due */
	assert_int_equal(s.missing, 2);
	cycle_status_release(&s);
	dataset_release(&ds);
}

/* --- decisions ------------------------------------------------------------ */

static void
test_change_approve(void **state)
{
	struct fix *f = *state;
	struct error err = ERROR_INIT;
	struct cycle_baseline b;
	struct slip_baseline sb;
	struct dataset ds;
	const struct milestone *m;

	april_returns(f);
	assert_int_equal(cycle_change_approve(&f->c, "ALPHA-CR1", "PIB",
					      date_from_ymd(2018, 4, 1), &b, &err), -1);
	assert_int_equal(err.code, ERR_INPUT);	/* before it was raised */
	assert_int_equal(cycle_change_approve(&f->c, "ALPHA-CR1", "Portfolio Investment Board",
					      date_from_ymd(2018, 5, 15), &b, &err), 0);
	assert_true(b.recorded_previous);
	assert_string_equal(b.code, "ALPHA-B2");
	assert_int_equal(b.version, 2);
	assert_int_equal(b.milestones, 3);
	assert_int_equal(b.moved, 1);	/* M2 to its forecast */

	load(f, &ds);
	m = dataset_find(&ds, K_MILESTONE, "ALPHA-M2");
	assert_int_equal(m->baseline_date, date_from_ymd(2018, 12, 31));
	/* M3, achieved 8 days early in February, keeps the plan it was
	   delivered against, in the milestone and in the new baseline */
	assert_int_equal(((struct milestone *)dataset_find(&ds, K_MILESTONE, "ALPHA-M3"))->baseline_date,
			 date_from_ymd(2018, 2, 28));
	DS_FOREACH(&ds, K_BASELINE_MILESTONE, const struct baseline_milestone, bm)
		if (strcmp(bm->baseline, "ALPHA-B2") == 0 && strcmp(bm->milestone, "ALPHA-M3") == 0)
			assert_int_equal(bm->date, date_from_ymd(2018, 2, 28));
	/* April is still measured against the plan then in force */
	assert_int_equal(slip_baseline_at(&ds, m, apr, &sb, &err), 0);
	assert_int_equal(sb.date, date_from_ymd(2018, 9, 30));
	assert_int_equal(slip_baseline_at(&ds, m, may, &sb, &err), 0);
	assert_int_equal(sb.date, date_from_ymd(2018, 12, 31));
	assert_true(sb.rebaselined);
	assert_string_equal(sb.change_request, "ALPHA-CR1");
	assert_int_equal(sb.previous_date, date_from_ymd(2018, 9, 30));
	assert_string_equal(((struct change_request *)dataset_find(&ds, K_CHANGE_REQUEST,
								   "ALPHA-CR1"))->status, "approved");
	dataset_release(&ds);

	assert_int_equal(cycle_change_approve(&f->c, "ALPHA-CR1", "PIB",
					      date_from_ymd(2018, 5, 16), &b, &err), -1);
	assert_int_equal(err.code, ERR_CONFLICT);
	assert_string_equal(err.msg, "change request ALPHA-CR1 is approved, not pending");
	assert_int_equal(cycle_change_approve(&f->c, "NOPE", "PIB",
					      date_from_ymd(2018, 5, 16), &b, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
}

/*
 * A baseline drawn up for a request that was then rejected carries no
 * milestone: approving the next request records the plan in force
 * before it for every milestone, that one's included, at the date it
 * really had (the rejected baseline's date is no plan).
 */
static void
test_change_approve_after_rejected(void **state)
{
	struct fix *f = *state;
	struct error err = ERROR_INIT;
	struct cycle_baseline b;
	struct change_request cr;
	struct baseline bl;
	struct baseline_milestone bm;
	struct dataset ds;
	int32_t m2 = 0;

	april_returns(f);
	record_clear(&cr, entity_of(K_CHANGE_REQUEST));
	cr.code = "ALPHA-CR0";
	cr.programme = "ALPHA";
	cr.title = "An earlier re-plan, turned down";
	cr.status = "rejected";
	cr.raised = date_from_ymd(2018, 2, 1);
	cr.decided = date_from_ymd(2018, 3, 1);
	assert_int_equal(store_put(f->st, "TFC", K_CHANGE_REQUEST, &cr, &err), 0);
	record_clear(&bl, entity_of(K_BASELINE));
	bl.code = "ALPHA-B1";
	bl.programme = "ALPHA";
	bl.version = 1;
	bl.change_request = "ALPHA-CR0";
	bl.approved_on = date_from_ymd(2018, 3, 1);
	assert_int_equal(store_put(f->st, "TFC", K_BASELINE, &bl, &err), 0);
	record_clear(&bm, entity_of(K_BASELINE_MILESTONE));
	bm.baseline = "ALPHA-B1";
	bm.milestone = "ALPHA-M2";
	bm.date = date_from_ymd(2019, 3, 31);
	assert_int_equal(store_put(f->st, "TFC", K_BASELINE_MILESTONE, &bm, &err), 0);

	assert_int_equal(cycle_change_approve(&f->c, "ALPHA-CR1", "Portfolio Investment Board",
					      date_from_ymd(2018, 5, 15), &b, &err), 0);
	assert_true(b.recorded_previous);
	assert_string_equal(b.code, "ALPHA-B3");
	load(f, &ds);
	DS_FOREACH(&ds, K_BASELINE_MILESTONE, const struct baseline_milestone, x)
		if (strcmp(x->baseline, "ALPHA-B2") == 0 && strcmp(x->milestone, "ALPHA-M2") == 0)
			m2 = x->date;
	assert_int_equal(m2, date_from_ymd(2018, 9, 30));
	dataset_release(&ds);
}

/* A request's proposed dates are what the new baseline carries. */
static void
test_change_approve_proposed(void **state)
{
	struct fix *f = *state;
	struct error err = ERROR_INIT;
	struct cycle_baseline b;
	struct change_milestone cm;
	struct dataset ds;
	const struct baseline *bl;

	april_returns(f);	/* ALPHA-M2 forecast 31 December */
	record_clear(&cm, entity_of(K_CHANGE_MILESTONE));
	cm.change_request = "ALPHA-CR1";
	cm.milestone = "ALPHA-M2";
	cm.proposed_date = date_from_ymd(2019, 1, 31);
	cm.note = "A month of contingency after the supplier's date";
	assert_int_equal(store_put(f->st, "TFC", K_CHANGE_MILESTONE, &cm, &err), 0);
	assert_int_equal(cycle_change_approve(&f->c, "ALPHA-CR1", "Portfolio Investment Board",
					      date_from_ymd(2018, 5, 15), &b, &err), 0);
	assert_int_equal(b.milestones, 3);
	assert_int_equal(b.proposed, 1);
	assert_int_equal(b.moved, 1);	/* M2 to its proposed date; M3 achieved */

	load(f, &ds);
	/* the proposed date, not the forecast; the forecast stays */
	assert_int_equal(((struct milestone *)dataset_find(&ds, K_MILESTONE, "ALPHA-M2"))->baseline_date,
			 date_from_ymd(2019, 1, 31));
	assert_int_equal(((struct milestone *)dataset_find(&ds, K_MILESTONE, "ALPHA-M2"))->forecast_date,
			 date_from_ymd(2018, 12, 31));
	/* M1, with no proposal, at its forecast */
	assert_int_equal(((struct milestone *)dataset_find(&ds, K_MILESTONE, "ALPHA-M1"))->baseline_date,
			 date_from_ymd(2018, 6, 30));
	DS_FOREACH(&ds, K_BASELINE_MILESTONE, const struct baseline_milestone, bm)
		if (strcmp(bm->baseline, "ALPHA-B2") == 0 && strcmp(bm->milestone, "ALPHA-M2") == 0)
			assert_int_equal(bm->date, date_from_ymd(2019, 1, 31));
	bl = dataset_find(&ds, K_BASELINE, "ALPHA-B2");
	assert_non_null(bl);
	assert_string_equal(bl->note,
		"Made by ALPHA-CR1 (Re-plan phase two): milestone dates are those it proposed, "
		"as Portfolio Investment Board approved them; milestones it proposed no date "
		"for keep their forecasts in force then (their baseline dates when achieved by then).");
	dataset_release(&ds);
}

static void
test_risk_accept(void **state)
{
	struct fix *f = *state;
	struct error err = ERROR_INIT;
	struct dataset ds;
	int linked = 0;

	assert_int_equal(cycle_risk_accept(&f->c, "PR-1", "PR-1", &err), -1);
	assert_int_equal(err.code, ERR_INPUT);
	assert_int_equal(cycle_risk_accept(&f->c, "BETA-R1", "ALPHA-R1", &err), -1);
	assert_string_equal(err.msg,
		"ALPHA-R1 is a programme risk, not a portfolio risk: name the portfolio risk it feeds");
	assert_int_equal(cycle_risk_accept(&f->c, "NOPE", "PR-1", &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	assert_int_equal(cycle_risk_accept(&f->c, "BETA-R1", "PR-1", &err), 0);
	assert_int_equal(cycle_risk_accept(&f->c, "BETA-R1", "PR-1", &err), -1);
	assert_int_equal(err.code, ERR_CONFLICT);
	load(f, &ds);
	DS_FOREACH(&ds, K_RISK_LINK, const struct risk_link, l)
		linked += strcmp(l->risk, "BETA-R1") == 0 &&
			  strcmp(l->portfolio_risk, "PR-1") == 0;
	assert_int_equal(linked, 1);
	dataset_release(&ds);
}

static void
test_exception_update(void **state)
{
	struct fix *f = *state;
	struct error err = ERROR_INIT;
	struct cycle_exception_words w = { 0 };
	struct cycle_publish pub;
	struct dataset ds;
	const struct exception *ex;
	size_t changed = 0;

	april_returns(f);
	assert_int_equal(cycle_period_review(&f->c, apr, 0, NULL, &err), 0);
	assert_int_equal(cycle_period_publish(&f->c, apr, 0, &pub, &err), 0);
	w.cause = "The supplier is late.";
	w.recommendation = "Approve ALPHA-CR1.";
	w.status = "escalated";
	assert_int_equal(cycle_exception_update(&f->c, "EX-2018-04-ALPHA-time", &w,
						&changed, &err), 0);
	assert_int_equal(changed, 3);
	assert_int_equal(cycle_exception_update(&f->c, "EX-2018-04-ALPHA-time", &w,
						&changed, &err), 0);
	assert_int_equal(changed, 0);
	w.status = "finished";
	assert_int_equal(cycle_exception_update(&f->c, "EX-2018-04-ALPHA-time", &w,
						&changed, &err), -1);
	assert_int_equal(err.code, ERR_USAGE);
	w.status = NULL;
	assert_int_equal(cycle_exception_update(&f->c, "EX-NONE", &w, &changed, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	load(f, &ds);
	ex = dataset_find(&ds, K_EXCEPTION, "EX-2018-04-ALPHA-time");
	assert_string_equal(ex->cause, "The supplier is late.");
	assert_string_equal(ex->status, "escalated");
	assert_null(ex->options);
	dataset_release(&ds);
}

/* --- the audit chain ------------------------------------------------------- */

static void
test_audit_verify(void **state)
{
	struct fix *f = *state;
	struct error err = ERROR_INIT;
	struct cycle_verify v;
	sqlite3 *db;
	char *msg = NULL;
	int64_t n;

	april_returns(f);
	n = audit_count(f);
	assert_int_equal(cycle_audit_verify(f->st, &v, &err), 0);
	assert_int_equal(v.bad_seq, 0);
	assert_int_equal(v.entries, n);

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	if (sqlite3_exec(db, "DROP TRIGGER audit_no_update;"
			 "UPDATE audit SET new_value = '2019-01-31' WHERE seq = 30",
			 NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("tampering: %s", msg);
	assert_int_equal(cycle_audit_verify(f->st, &v, &err), 0);
	assert_int_equal(v.bad_seq, 30);
	assert_int_equal(v.entries, 29);
	assert_string_equal(v.why,
		"its content does not match its hash: it was changed after it was written");
	/* put it back, then take an entry away */
	assert_int_equal(sqlite3_exec(db, "DROP TRIGGER audit_no_delete;"
				      "DELETE FROM audit WHERE seq = 30", NULL, NULL, &msg),
			 SQLITE_OK);
	assert_int_equal(cycle_audit_verify(f->st, &v, &err), 0);
	assert_int_equal(v.bad_seq, 31);
	assert_string_equal(v.why, "entry 31 follows entry 29: one is missing");
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_template, setup, teardown),
		cmocka_unit_test_setup_teardown(test_submit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closed_programme, setup, teardown),
		cmocka_unit_test_setup_teardown(test_benefit_without_figure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_publish_and_as_at, setup, teardown),
		cmocka_unit_test_setup_teardown(test_allow_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exception_resolved_when_cured, setup, teardown),
		cmocka_unit_test_setup_teardown(test_correction_revision, setup, teardown),
		cmocka_unit_test_setup_teardown(test_publish_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_late_correction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_approve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_approve_after_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_approve_proposed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_risk_accept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exception_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_verify, setup, teardown),
	};

	mar = month_from_ym(2018, 3);
	apr = month_from_ym(2018, 4);
	may = month_from_ym(2018, 5);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
