/*
 * test-core.c - dates, the financial calendar, strbuf and arena.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>

#include "core/arena.h"
#include "core/csvout.h"
#include "core/date.h"
#include "core/error.h"
#include "core/fileout.h"
#include "core/money.h"
#include "core/strbuf.h"
#include "core/utf8.h"

static void
test_date_roundtrip(void **state)
{
	(void)state;
	for (int32_t d = date_from_ymd(1899, 12, 25); d < date_from_ymd(2101, 1, 7); d++) {
		int y, m, dd;

		date_to_ymd(d, &y, &m, &dd);
		assert_int_equal(date_from_ymd(y, m, dd), d);
		assert_int_equal(date_valid(y, m, dd), 0);
	}
	assert_true(date_from_ymd(1, 1, 1) > 0);
}

static void
test_date_parse(void **state)
{
	int32_t d;
	char buf[32];

	(void)state;
	assert_int_equal(date_parse("2018-03-31", &d), 0);
	assert_string_equal(date_format(d, buf), "2018-03-31");
	assert_int_equal(date_parse("31/03/2018", &d), 0);
	assert_string_equal(date_format(d, buf), "2018-03-31");
	assert_int_equal(date_parse("1/4/2018", &d), 0);
	assert_string_equal(date_format(d, buf), "2018-04-01");
	assert_string_equal(date_format_long(d, buf), "1 April 2018");
	assert_int_equal(date_parse("29/02/2020", &d), 0);
	assert_int_equal(date_parse("29/02/2018", &d), -1);
	assert_int_equal(date_parse("31/02/2018", &d), -1);
	assert_int_equal(date_parse("2018-13-01", &d), -1);
	assert_int_equal(date_parse("2018-03-31x", &d), -1);
	assert_int_equal(date_parse("", &d), -1);
	assert_int_equal(date_parse("March 2018", &d), -1);
	/* 2018-03-05 was a Monday */
	assert_int_equal(date_parse("2018-03-05", &d), 0);
	assert_int_equal(date_weekday(d), 0);
}

static void
test_financial_year(void **state)
{
	int32_t m;
	char buf[16];

	(void)state;
	assert_int_equal(month_parse("2018-03", &m), 0);
	assert_int_equal(fy_of_month(m), 2017);
	assert_int_equal(fq_of_month(m), 4);
	assert_string_equal(quarter_months_name(m), "January to March");
	assert_string_equal(fy_label(fy_of_month(m), buf), "2017/18");
	assert_int_equal(month_parse("04/2018", &m), 0);
	assert_int_equal(fy_of_month(m), 2018);
	assert_int_equal(fq_of_month(m), 1);
	assert_string_equal(quarter_months_name(m), "April to June");
	assert_string_equal(quarter_months_name(m + 3), "July to September");
	assert_string_equal(quarter_months_name(m + 6), "October to December");
	assert_int_equal(fq_first_month(2018, 3), m + 6);
	assert_string_equal(month_format_long(m, buf), "April 2018");
	assert_string_equal(date_format(month_last_day(m - 2), buf), "2018-02-28");
	assert_int_equal(month_parse("2018-00", &m), -1);
	assert_string_equal(fy_label(1999, buf), "1999/00");
}

static void
test_strbuf(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *p;
	size_t len;

	(void)state;
	assert_non_null(sb.buf);
	assert_string_equal(sb.buf, "");
	strbuf_addstr(&sb, "folio");
	strbuf_addf(&sb, " %d", 42);
	assert_string_equal(sb.buf, "folio 42");
	sb.max = 10;
	assert_int_equal(strbuf_addstr(&sb, "toolong"), -1);
	assert_int_equal(errno, EFBIG);
	assert_string_equal(sb.buf, "folio 42");
	assert_int_equal(strbuf_addstr(&sb, "!!"), 0);
	p = strbuf_detach(&sb, &len);
	assert_int_equal(len, 10);
	assert_string_equal(p, "folio 42!!");
	assert_string_equal(sb.buf, "");
	free(p);
	strbuf_release(&sb);
}

static void
test_arena(void **state)
{
	struct arena a = ARENA_INIT;
	char *big;

	(void)state;
	for (int i = 0; i < 10000; i++) {
		char *s = arena_printf(&a, "item %d", i);

		assert_string_equal(s, i == 0 ? "item 0" : s);
	}
	big = arena_alloc(&a, 1 << 20);
	memset(big, 'x', 1 << 20);
	assert_string_equal(arena_strdup(&a, "after"), "after");
	arena_release(&a);
}

static void
test_error(void **state)
{
	struct error err = ERROR_INIT;
	char buf[1100];

	(void)state;
	assert_int_equal(error_at(&err, ERR_INPUT, "f.json: programmes[2].code",
				  "expected %s", "text"), -1);
	assert_string_equal(error_text(&err, buf, sizeof(buf)),
			    "f.json: programmes[2].code: expected text");
	assert_int_equal(error_set(NULL, ERR_IO, "ignored"), -1);
	/* an inner error wrapped in its own message and place */
	error_set(&err, ERR_INPUT, "link a -> b: its lag is too long");
	error_at(&err, ERR_INPUT, "plan.xml", "task 7: %s", err.msg);
	assert_string_equal(error_text(&err, buf, sizeof(buf)),
			    "plan.xml: task 7: link a -> b: its lag is too long");
	error_at(&err, ERR_INPUT, err.where, "%s (%s)", err.msg, err.where);
	assert_string_equal(error_text(&err, buf, sizeof(buf)),
			    "plan.xml: task 7: link a -> b: its lag is too long (plan.xml)");
	error_move(&err, "net.csv:4");
	assert_string_equal(error_text(&err, buf, sizeof(buf)),
			    "net.csv:4: task 7: link a -> b: its lag is too long (plan.xml)");
}

/* RFC 3629 at the edges: each sequence's length, or 0 when it is not one. */
static void
test_utf8(void **state)
{
	static const struct {
		const char *s;
		size_t len;
	} cases[] = {
		{ "a", 1 }, { "\xC2\xA3", 2 }, { "\xE2\x82\xAC", 3 },
		{ "\xF0\x9F\x98\x80", 4 }, { "\xF4\x8F\xBF\xBF", 4 },
		{ "\xC0\xAF", 0 }, { "\xC1\xBF", 0 },		/* overlong */
		{ "\xE0\x9F\xBF", 0 }, { "\xF0\x8F\xBF\xBF", 0 },	/* overlong */
		{ "\xED\xA0\x80", 0 }, { "\xED\xBF\xBF", 0 },	/* surrogates */
		{ "\xF4\x90\x80\x80", 0 }, { "\xF5\x80\x80\x80", 0 }, /* past U+10FFFF */
		{ "\x80", 0 }, { "\xBF", 0 },			/* stray continuation */
		{ "\xE2\x82", 0 }, { "\xF0\x9F\x98", 0 },		/* cut short */
		{ "\xE2\x28\xA1", 0 },				/* bad second byte */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const unsigned char *p = (const unsigned char *)cases[i].s;

		if (utf8_seq(p, strlen(cases[i].s)) != cases[i].len)
			fail_msg("case %zu: length %zu, want %zu", i,
				 utf8_seq(p, strlen(cases[i].s)), cases[i].len);
		assert_int_equal(utf8_valid(cases[i].s), cases[i].len != 0);
	}
	assert_true(utf8_valid(""));
	assert_true(utf8_valid("Caf\xC3\xA9 \xE2\x82\xAC" "5"));
	assert_false(utf8_valid("Caf\xC3 \xE2\x82\xAC" "5"));
	/* a buffer may hold NUL bytes: they are characters */
	assert_true(utf8_valid_n((const unsigned char *)"a\0\xC2\xA3", 4));
	assert_false(utf8_valid_n((const unsigned char *)"a\0\xC2", 3));
}

/* CSV fields: quoted when they must be, formulas kept inert, numbers not. */
static void
test_csvout(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "plain", "plain" },
		{ "", "" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "two\nlines", "\"two\nlines\"" },
		{ "=SUM(A1)", "\"'=SUM(A1)\"" },
		{ "@a", "\"'@a\"" },
		{ "+b", "\"'+b\"" },
		{ "\tx", "\"'\tx\"" },
		{ "-2 days", "\"'-2 days\"" },
		{ "-12", "-12" },
		{ "-1.5", "-1.5" },
		{ "-1.5.2", "\"'-1.5.2\"" },
		{ "-", "\"'-\"" },
	};
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_setlen(&sb, 0);
		csvout_field(&sb, cases[i].in);
		assert_string_equal(sb.buf, cases[i].out);
	}
	strbuf_setlen(&sb, 0);
	csvout_quoted(&sb, "a;b");
	assert_string_equal(sb.buf, "\"a;b\"");
	strbuf_setlen(&sb, 0);
	csvout_quoted(&sb, "=x");
	assert_string_equal(sb.buf, "\"'=x\"");
	strbuf_release(&sb);
}

/* Money as people type it; a misplaced separator or an overflow refused. */
static void
test_money(void **state)
{
	static const char *const bad[] = { "", "-", "\xc2\xa3", "12a", "1,2345", "12,34",
		",123", "1,234,", "1,,234", "1.5", " 12", "9223372036854775808" };
	int64_t v = 7;

	(void)state;
	assert_int_equal(money_parse("38000000", &v), 0);
	assert_int_equal(v, 38000000);
	assert_int_equal(money_parse("\xc2\xa3" "38,000,000", &v), 0);
	assert_int_equal(v, 38000000);
	assert_int_equal(money_parse("-\xc2\xa3" "1,500", &v), 0);
	assert_int_equal(v, -1500);
	assert_int_equal(money_parse("9223372036854775807", &v), 0);
	assert_true(v == INT64_MAX);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 7;
		assert_int_equal(money_parse(bad[i], &v), -1);
		assert_true(v == 7);
	}
}

/* A temporary file beside its target, or the reason there cannot be one. */
static void
test_fileout(void **state)
{
	const char *env = getenv("TMPDIR");
	char dir[256], path[320], file[320];
	struct error err = ERROR_INIT;
	char *tmp = NULL, *tmp2 = NULL;
	struct stat sb;
	int fd, fd2;
	FILE *f;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/folio-fileout-%ld", env && *env ? env : "/tmp", (long)getpid());
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/out.csv", dir);
	fd = fileout_temp(path, &tmp, &err);
	assert_true(fd >= 0);
	assert_non_null(strstr(tmp, "/.out.csv."));
	assert_true(strncmp(tmp, dir, strlen(dir)) == 0);
	/* a second one beside it is another file */
	fd2 = fileout_temp(path, &tmp2, &err);
	assert_true(fd2 >= 0);
	assert_string_not_equal(tmp, tmp2);
	close(fd);
	close(fd2);
	assert_int_equal(stat(path, &sb), -1);	/* the target is not touched */
	unlink(tmp);
	unlink(tmp2);
	free(tmp);
	free(tmp2);

	snprintf(file, sizeof(file), "%s/no/out.csv", dir);
	assert_int_equal(fileout_temp(file, &tmp, &err), -1);
	assert_null(tmp);
	assert_non_null(strstr(err.msg, "there is no folder"));
	snprintf(file, sizeof(file), "%s/plain", dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/plain/out.csv", dir);
	assert_int_equal(fileout_temp(path, &tmp, &err), -1);
	assert_non_null(strstr(err.msg, "is not a folder"));
	unlink(file);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_roundtrip),
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_financial_year),
		cmocka_unit_test(test_strbuf),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_error),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_csvout),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_fileout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
