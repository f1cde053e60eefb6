/*
 * test-interchange.c - the JSON interchange format: reading, writing,
 * the round trip, and every way the reader refuses a document.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "import/interchange.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "model/validate.h"

static char *
source_path(const char *rel)
{
	const char *root = getenv("FOLIO_SOURCE");
	char *p;

	assert_non_null(root);
	p = malloc(strlen(root) + strlen(rel) + 2);
	assert_non_null(p);
	snprintf(p, strlen(root) + strlen(rel) + 2, "%s/%s", root, rel);
	return p;
}

static void
read_fixture(const char *rel, struct dataset *ds)
{
	struct error err = ERROR_INIT;
	char *path = source_path(rel), buf[1100];

	if (interchange_read_file(path, ds, &err) < 0)
		fail_msg("%s", error_text(&err, buf, sizeof(buf)));
	free(path);
}

static void
write_ok(const struct dataset *ds, struct strbuf *out)
{
	struct error err = ERROR_INIT;
	char buf[1100];

	if (interchange_write(ds, out, &err) < 0)
		fail_msg("%s", error_text(&err, buf, sizeof(buf)));
}

/* Read text as demo.json and return the error text ("" on success). */
static const char *
read_error(const char *text, char *buf, size_t size)
{
	struct error err = ERROR_INIT;
	struct dataset ds;
	int ret;

	ret = interchange_read(text, strlen(text), "demo.json", &ds, &err);
	buf[0] = '\0';
	if (ret < 0) {
		error_text(&err, buf, (unsigned)size);
		assert_int_equal(err.code, ERR_INPUT);
		/* a failed read leaves no records behind */
		for (int k = 0; k < K__COUNT; k++)
			assert_int_equal(dataset_count(&ds, k), 0);
	}
	dataset_release(&ds);
	return buf;
}

#define assert_read_error(text, want) do { \
	char buf_[1100]; \
	assert_string_equal(read_error(text, buf_, sizeof(buf_)), want); \
} while (0)

/* --- the round trip --------------------------------------------------- */

static void
test_round_trip(void **state)
{
	struct dataset a, b;
	struct strbuf w1 = STRBUF_INIT, w2 = STRBUF_INIT, golden = STRBUF_INIT;
	struct error err = ERROR_INIT;
	char *gpath = source_path("tests/data/interchange/full.expected.json");
	char buf[1100];

	(void)state;
	read_fixture("tests/data/interchange/full.json", &a);
	if (dataset_validate(&a, "full.json", &err) < 0)
		fail_msg("%s", error_text(&err, buf, sizeof(buf)));
	write_ok(&a, &w1);
	assert_int_equal(interchange_read(w1.buf, w1.len, "w1", &b, &err), 0);
	write_ok(&b, &w2);
	assert_int_equal(w1.len, w2.len);
	assert_memory_equal(w1.buf, w2.buf, w1.len);
	/* and the canonical form is the one checked in */
	assert_int_equal(strbuf_read_file(&golden, gpath, 0), 0);
	if (golden.len != w1.len || memcmp(golden.buf, w1.buf, w1.len) != 0)
		fail_msg("export of full.json differs from full.expected.json:\n%s", w1.buf);
	assert_int_equal(w1.buf[w1.len - 1], '\n');
	assert_int_equal(w1.buf[w1.len - 2], '}');

	/* the fixture exercises every field of every kind */
	for (int k = 0; k < K__COUNT; k++) {
		const struct entity *e = entity_of(k);

		for (size_t i = 0; i < e->nfields; i++) {
			const struct field *f = &e->fields[i];
			int seen = 0;

			for (size_t r = 0; r < dataset_count(&b, k); r++) {
				void *rec = dataset_row(&b, k, r);

				if (f->type == FT_BOOL ? *field_bool(rec, f) : field_present(rec, f))
					seen = 1;
			}
			if (!seen)
				fail_msg("full.json never sets %s.%s", e->name, f->name);
		}
	}
	dataset_release(&a);
	dataset_release(&b);
	strbuf_release(&w1);
	strbuf_release(&w2);
	strbuf_release(&golden);
	free(gpath);
}

/* The example in docs/format.md is sound and in its exported form. */
static void
test_doc_example(void **state)
{
	struct strbuf doc = STRBUF_INIT, w = STRBUF_INIT;
	struct error err = ERROR_INIT;
	struct dataset ds;
	char *path = source_path("docs/format.md"), buf[1100];
	const char *start, *end;

	(void)state;
	assert_int_equal(strbuf_read_file(&doc, path, 0), 0);
	start = strstr(doc.buf, "```json\n");
	assert_non_null(start);
	start += strlen("```json\n");
	end = strstr(start, "\n```\n");
	assert_non_null(end);
	end++;
	if (interchange_read(start, (size_t)(end - start), "format.md", &ds, &err) < 0 ||
	    dataset_validate(&ds, "format.md", &err) < 0)
		fail_msg("%s", error_text(&err, buf, sizeof(buf)));
	assert_true(dataset_count(&ds, K_DEPENDENCY) > 0);
	write_ok(&ds, &w);
	if (w.len != (size_t)(end - start) || memcmp(w.buf, start, w.len) != 0)
		fail_msg("the example in docs/format.md is not as folio exports it:\n%s", w.buf);
	dataset_release(&ds);
	strbuf_release(&doc);
	strbuf_release(&w);
	free(path);
}

/* Values survive the trip unchanged, and reals stay reals. */
static void
test_values(void **state)
{
	struct dataset a, b;
	struct strbuf w = STRBUF_INIT;
	struct error err = ERROR_INIT;
	const struct organisation *org;
	const struct programme *p;
	const struct dependency *d;
	const struct benefit *ben;
	const struct finance *fin;
	char buf[32];

	(void)state;
	read_fixture("tests/data/interchange/full.json", &a);
	write_ok(&a, &w);
	assert_int_equal(interchange_read(w.buf, w.len, "w", &b, &err), 0);

	org = dataset_org(&b);
	assert_string_equal(org->description,
			    "London's police force: \"Met\" for short.\nSecond line; tab\there. "
			    "<script>alert('x')</script> & \xc2\xa3 \xc3\xa9 \xf0\x9f\x9a\x93 \\ back");
	assert_string_equal(org->oversight_board, "MOPAC\xe2\x80\x93MPS Oversight Board");
	/* escaped as JSON wants, nothing more */
	assert_non_null(strstr(w.buf, "\\\"Met\\\" for short.\\nSecond line; tab\\there. <script>"));

	/* DD/MM/YYYY in, ISO out; rows written by key */
	p = dataset_row(&b, K_PROGRAMME, 0);
	assert_string_equal(p->code, "SLP");
	assert_string_equal(date_format(p->end_date, buf), "2017-12-31");
	assert_null(strstr(w.buf, "/2016\""));
	assert_non_null(strstr(w.buf, "\"start_date\": \"2016-04-01\""));
	assert_non_null(strstr(w.buf, "\"month\": \"2018-02\""));
	p = dataset_row(&b, K_PROGRAMME, 1);
	assert_int_equal(p->whole_life_cost, 1000000000000LL);

	/* negative lag, and 800.0 written as 800 but read as a real */
	d = dataset_row(&b, K_DEPENDENCY, 0);
	assert_string_equal(d->predecessor, "A1");
	assert_true(d->lag_days == 800.0);
	assert_non_null(strstr(w.buf, "\"lag_days\": 800\n"));
	d = dataset_row(&b, K_DEPENDENCY, 1);
	assert_true(d->lag_days == -2.5);

	ben = dataset_row(&b, K_BENEFIT, 0);
	assert_true(ben->baseline == 0.1);
	assert_true(ben->target == 62.5);
	assert_non_null(strstr(w.buf, "\"baseline\": 0.1,"));
	assert_non_null(strstr(w.buf, "\"planned\": 1e-07,"));
	assert_non_null(strstr(w.buf, "\"actual\": -0.30000000000000004\n"));

	fin = dataset_row(&b, K_FINANCE, 0);
	assert_int_equal(fin->capital_budget, 1000000000000LL);
	assert_int_equal(fin->year, 2018);

	/* absent values stay absent: no "project" on the programme DCA */
	assert_null(((struct dca *)dataset_row(&b, K_DCA, 0))->project);
	assert_true(isnan(((struct activity *)dataset_row(&b, K_ACTIVITY, 0))->optimistic_days));
	dataset_release(&a);
	dataset_release(&b);
	strbuf_release(&w);
}

static void
test_format_real(void **state)
{
	static const struct {
		double v;
		const char *s;
	} cases[] = {
		{ 800.0, "800" }, { 0.1, "0.1" }, { 62.5, "62.5" }, { -2.5, "-2.5" },
		{ -0.0, "0" }, { 1e15, "1e+15" }, { 123456789012345.0, "123456789012345" },
		{ 1e-7, "1e-07" }, { 1.0 / 3, "0.3333333333333333" },
		{ 0.1 + 0.2, "0.30000000000000004" }, { 1e21, "1e+21" },
		{ 5e-324, "5e-324" }, { 1.7976931348623157e308, "1.7976931348623157e+308" },
	};
	char buf[32];
	unsigned seed = 20180331;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(interchange_format_real(cases[i].v, buf), cases[i].s);
	/* random bit patterns read back exactly */
	for (int i = 0; i < 100000; i++) {
		uint64_t bits = 0;
		double v;

		for (int j = 0; j < 4; j++) {
			seed = seed * 1103515245u + 12345u;
			bits = bits << 16 | (seed >> 8 & 0xffff);
		}
		memcpy(&v, &bits, sizeof(v));
		if (!isfinite(v))
			continue;
		interchange_format_real(v, buf);
		assert_true(strtod(buf, NULL) == v || (v == 0 && strtod(buf, NULL) == 0));
	}
}

/* A document written from records built in code reads back the same. */
static void
test_write_built(void **state)
{
	struct dataset ds, back;
	struct strbuf w = STRBUF_INIT;
	struct error err = ERROR_INIT;
	struct organisation *org;
	struct benefit *b;
	char buf[1100];

	(void)state;
	dataset_init(&ds);
	org = dataset_add(&ds, K_ORGANISATION);
	org->code = dataset_strdup(&ds, "X");
	org->name = dataset_strdup(&ds, "ctl \x01 del \x7f");
	write_ok(&ds, &w);
	assert_string_equal(w.buf,
			    "{\n  \"folio\": 1,\n  \"organisation\": {\n    \"code\": \"X\",\n"
			    "    \"name\": \"ctl \\u0001 del \x7f\"\n  }\n}\n");
	assert_int_equal(interchange_read(w.buf, w.len, NULL, &back, &err), 0);
	assert_string_equal(dataset_org(&back)->name, "ctl \x01 del \x7f");
	dataset_release(&back);

	/* what JSON cannot carry is refused, and out is left as it was */
	strbuf_reset(&w);
	strbuf_addstr(&w, "keep");
	b = dataset_add(&ds, K_BENEFIT);
	b->code = dataset_strdup(&ds, "B1");
	b->target = INFINITY;
	assert_int_equal(interchange_write(&ds, &w, &err), -1);
	assert_string_equal(error_text(&err, buf, sizeof(buf)),
			    "cannot write benefit \"B1\": target is infinite");
	assert_string_equal(w.buf, "keep");
	b->target = 1;
	b->title = dataset_strdup(&ds, "Latin-1 \xa3");
	assert_int_equal(interchange_write(&ds, &w, &err), -1);
	assert_string_equal(error_text(&err, buf, sizeof(buf)),
			    "cannot write benefit \"B1\": title is not valid UTF-8");
	b->title = dataset_strdup(&ds, "ok");

	/* a capped buffer fails cleanly */
	strbuf_reset(&w);
	w.max = 40;
	assert_int_equal(interchange_write(&ds, &w, &err), -1);
	assert_int_equal(err.code, ERR_IO);
	assert_int_equal(w.len, 0);
	w.max = 0;
	assert_int_equal(interchange_write(&ds, &w, &err), 0);

	dataset_add(&ds, K_ORGANISATION);
	assert_int_equal(interchange_write(&ds, &w, &err), -1);
	assert_string_equal(error_text(&err, buf, sizeof(buf)),
			    "cannot write 2 organisations in one document");
	dataset_release(&ds);
	strbuf_release(&w);
}

/* --- refusals --------------------------------------------------------- */

#define ORG "\"organisation\": { \"code\": \"MPS\", \"name\": \"Met\" }"

static void
test_malformed(void **state)
{
	(void)state;
	assert_read_error("{\n  \"folio\": 1,\n  \"units\": [,]\n}\n",
			  "demo.json:3:13: malformed JSON: unexpected token near ','");
	assert_read_error("", "demo.json:1:0: malformed JSON: '[' or '{' expected near end of file");
	assert_read_error("{ \"folio\": 1, \"folio\": 1 }",
			  "demo.json:1:21: malformed JSON: duplicate object key near '\"folio\"'");
	assert_read_error("{ \"folio\": 1 } x",
			  "demo.json:1:16: malformed JSON: end of file expected near 'x'");
	assert_read_error("{ \"folio\": 1, \"organisation\": { \"name\": \"\xa3\" } }",
			  "demo.json:1:41: malformed JSON: unable to decode byte 0xa3 near '\"'");
	assert_read_error("{ \"folio\": 1, \"finances\": [ { \"year\": 99999999999999999999 } ] }",
			  "demo.json:1:58: malformed JSON: too big integer near '99999999999999999999'");
}

static void
test_version(void **state)
{
	(void)state;
	assert_read_error("[1]", "demo.json: expected a JSON object at the top level, got an array");
	assert_read_error("{ " ORG " }",
			  "demo.json: not a folio document: it has no \"folio\": 1 member");
	assert_read_error("{ \"folio\": 2 }",
			  "demo.json: folio: format version 2 is not supported (this folio reads version 1)");
	assert_read_error("{ \"folio\": \"1\" }",
			  "demo.json: folio: expected the format version 1, got \"1\"");
	assert_read_error("{ \"folio\": 1.0 }",
			  "demo.json: folio: expected the format version 1, got 1.0");
	assert_read_error("{ \"folio\": 1 }", "");
	/* a UTF-8 byte-order mark is skipped */
	assert_read_error("\xef\xbb\xbf{ \"folio\": 1 }", "");
}

static void
test_unknown_names(void **state)
{
	(void)state;
	assert_read_error("{ \"folio\": 1, " ORG ", \"widgets\": [] }",
			  "demo.json: unknown member \"widgets\" (members are \"folio\", "
			  "\"organisation\" and the plural names of kinds, such as "
			  "\"programmes\"; see docs/format.md)");
	assert_read_error("{ \"folio\": 1, \"organisations\": [] }",
			  "demo.json: unknown member \"organisations\" (members are \"folio\", "
			  "\"organisation\" and the plural names of kinds, such as "
			  "\"programmes\"; see docs/format.md)");
	assert_read_error("{ \"folio\": 1, \"programmes\": [ {}, { \"code\": \"A\", \"colour\": \"red\" } ] }",
			  "demo.json: programmes[1]: unknown field \"colour\" for a programme");
	assert_read_error("{ \"folio\": 1, \"activities\": [ { \"Code\": \"A\" } ] }",
			  "demo.json: activities[0]: unknown field \"Code\" for an activity");
	assert_read_error("{ \"folio\": 1, \"organisation\": { \"code\": \"M\", \"size\": 1 } }",
			  "demo.json: organisation: unknown field \"size\" for an organisation");
}

#define C8 "cccccccc"
#define C56 C8 C8 C8 C8 C8 C8 C8

static void
test_wrong_types(void **state)
{
	(void)state;
	assert_read_error("{ \"folio\": 1, \"milestones\": [ {}, {}, {},"
			  " { \"code\": \"M4\", \"baseline_date\": \"31/02/2018\" } ] }",
			  "demo.json: milestones[3].baseline_date: expected a date "
			  "(YYYY-MM-DD or DD/MM/YYYY), got \"31/02/2018\"");
	assert_read_error("{ \"folio\": 1, \"milestones\": [ { \"forecast_date\": 20180331 } ] }",
			  "demo.json: milestones[0].forecast_date: expected a date "
			  "(YYYY-MM-DD or DD/MM/YYYY), got 20180331");
	assert_read_error("{ \"folio\": 1, \"returns\": [ { \"dca\": \"Purple\" } ] }",
			  "demo.json: returns[0].dca: expected one of Green, Amber/Green, Amber, "
			  "Amber/Red, Red, Exempt, Not assessed; got \"Purple\"");
	/* enum spellings are exact */
	assert_read_error("{ \"folio\": 1, \"returns\": [ { \"dca\": \"green\" } ] }",
			  "demo.json: returns[0].dca: expected one of Green, Amber/Green, Amber, "
			  "Amber/Red, Red, Exempt, Not assessed; got \"green\"");
	assert_read_error("{ \"folio\": 1, \"risks\": [ { \"current_likelihood\": 7 } ] }",
			  "demo.json: risks[0].current_likelihood: expected an integer from 1 to 5, got 7");
	assert_read_error("{ \"folio\": 1, \"risks\": [ { \"current_impact\": 0 } ] }",
			  "demo.json: risks[0].current_impact: expected an integer from 1 to 5, got 0");
	assert_read_error("{ \"folio\": 1, \"risks\": [ { \"current_impact\": 2.5 } ] }",
			  "demo.json: risks[0].current_impact: expected an integer from 1 to 5, got 2.5");
	assert_read_error("{ \"folio\": 1, \"risks\": [ { \"current_impact\": 4.0 } ] }",
			  "demo.json: risks[0].current_impact: expected an integer from 1 to 5, got 4.0");
	assert_read_error("{ \"folio\": 1, \"risks\": [ { \"current_impact\": \"3\" } ] }",
			  "demo.json: risks[0].current_impact: expected an integer from 1 to 5, got \"3\"");
	assert_read_error("{ \"folio\": 1, \"finances\": [ { \"year\": 2200 } ] }",
			  "demo.json: finances[0].year: expected an integer from 1990 to 2100, got 2200");
	assert_read_error("{ \"folio\": 1, \"finances\": [ { \"capital_budget\": 1.5e6 } ] }",
			  "demo.json: finances[0].capital_budget: expected a whole number of pounds, got 1500000.0");
	assert_read_error("{ \"folio\": 1, \"finances\": [ { \"capital_budget\": -9223372036854775808 } ] }",
			  "demo.json: finances[0].capital_budget: expected a whole number of pounds, "
			  "got -9223372036854775808");
	assert_read_error("{ \"folio\": 1, \"dependencies\": [ { \"lag_days\": -100000.5 } ] }",
			  "demo.json: dependencies[0].lag_days: expected a number from -100000 to 100000, "
			  "got -100000.5");
	assert_read_error("{ \"folio\": 1, \"activities\": [ { \"duration_days\": \"5\" } ] }",
			  "demo.json: activities[0].duration_days: expected a number from 0 to 100000, "
			  "got \"5\"");
	assert_read_error("{ \"folio\": 1, \"benefits\": [ { \"target\": true } ] }",
			  "demo.json: benefits[0].target: expected a number, got true");
	assert_read_error("{ \"folio\": 1, \"users\": [ { \"active\": \"yes\" } ] }",
			  "demo.json: users[0].active: expected true or false, got \"yes\"");
	assert_read_error("{ \"folio\": 1, \"users\": [ { \"active\": 1 } ] }",
			  "demo.json: users[0].active: expected true or false, got 1");
	assert_read_error("{ \"folio\": 1, \"periods\": [ { \"month\": \"2018-13\" } ] }",
			  "demo.json: periods[0].month: expected a month (YYYY-MM), got \"2018-13\"");
	assert_read_error("{ \"folio\": 1, \"periods\": [ { \"month\": \"2018-03-01\" } ] }",
			  "demo.json: periods[0].month: expected a month (YYYY-MM), got \"2018-03-01\"");
	assert_read_error("{ \"folio\": 1, \"programmes\": [ { \"name\": [\"a\"] } ] }",
			  "demo.json: programmes[0].name: expected a string, got an array");
	assert_read_error("{ \"folio\": 1, \"programmes\": [ { \"portfolio\": 7 } ] }",
			  "demo.json: programmes[0].portfolio: expected the code of a portfolio, got 7");
	assert_read_error("{ \"folio\": 1, \"user_scopes\": [ { \"user\": {} } ] }",
			  "demo.json: user_scopes[0].user: expected the username of a user, got an object");
	assert_read_error("{ \"folio\": 1, \"programmes\": { \"code\": \"A\" } }",
			  "demo.json: programmes: expected an array of programme records, got an object");
	assert_read_error("{ \"folio\": 1, \"programmes\": [ \"TIP\" ] }",
			  "demo.json: programmes[0]: expected an object (one programme), got \"TIP\"");
	assert_read_error("{ \"folio\": 1, \"organisation\": [] }",
			  "demo.json: organisation: expected an object (one organisation), got an array");
	/* long strings are cut short in messages, escapes shown */
	assert_read_error("{ \"folio\": 1, \"returns\": [ { \"status\": \"a\\\"b\\ncccccccccccccccccccc"
			  "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\" } ] }",
			  "demo.json: returns[0].status: expected one of draft, submitted, reviewed, "
			  "published; got \"a\\\"b\\u000a" C56 "...\"");
}

static void
test_nulls_and_order(void **state)
{
	struct dataset ds;
	struct error err = ERROR_INIT;
	const char *doc = "{ \"programmes\": [ { \"code\": \"B\", \"sro\": null },"
			  " { \"code\": \"A\" } ], \"folio\": 1 }";

	(void)state;
	assert_int_equal(interchange_read(doc, strlen(doc), NULL, &ds, &err), 0);
	/* file order, unsorted, null as absent */
	assert_int_equal(dataset_count(&ds, K_PROGRAMME), 2);
	assert_string_equal(((struct programme *)dataset_row(&ds, K_PROGRAMME, 0))->code, "B");
	assert_null(((struct programme *)dataset_row(&ds, K_PROGRAMME, 0))->sro);
	assert_false(ds.t[K_PROGRAMME].sorted);
	dataset_release(&ds);
}

static void
test_files(void **state)
{
	struct dataset ds;
	struct error err = ERROR_INIT;
	char path[] = "/tmp/folio-big-XXXXXX", buf[1100], want[1200];
	int fd;

	(void)state;
	assert_int_equal(interchange_read_file("/nonexistent/x.json", &ds, &err), -1);
	assert_int_equal(err.code, ERR_IO);
	assert_string_equal(error_text(&err, buf, sizeof(buf)),
			    "/nonexistent/x.json: cannot read: No such file or directory");
	dataset_release(&ds);

	fd = mkstemp(path);
	assert_true(fd >= 0);
	/* sparse: costs no disk */
	assert_int_equal(ftruncate(fd, (off_t)INTERCHANGE_MAX_FILE + 1), 0);
	close(fd);
	assert_int_equal(interchange_read_file(path, &ds, &err), -1);
	snprintf(want, sizeof(want), "%s: file is larger than 256 MiB", path);
	assert_string_equal(error_text(&err, buf, sizeof(buf)), want);
	dataset_release(&ds);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_doc_example),
		cmocka_unit_test(test_format_real),
		cmocka_unit_test(test_write_built),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_unknown_names),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_nulls_and_order),
		cmocka_unit_test(test_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
