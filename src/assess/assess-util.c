/*
 * assess-util.c - row indexes and evidence wording for src/assess.
 */
#include "assess/assess-util.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "model/dataset.h"

static int
cmp_entry(const void *a, const void *b)
{
	const struct rowidx_entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

void
rowidx_build(struct rowidx *ix, const struct dataset *ds, enum kind k,
	     size_t offset)
{
	size_t n = dataset_count(ds, k);

	ix->v = xcalloc(n ? n : 1, sizeof(*ix->v));
	ix->n = 0;
	for (size_t i = 0; i < n; i++) {
		void *row = dataset_row(ds, k, i);
		const char *key = *(char **)((char *)row + offset);

		if (key == NULL)
			continue;
		ix->v[ix->n].key = key;
		ix->v[ix->n].row = row;
		ix->v[ix->n].pos = i;
		ix->n++;
	}
	if (ix->n > 1)
		qsort(ix->v, ix->n, sizeof(*ix->v), cmp_entry);
}

void
rowidx_release(struct rowidx *ix)
{
	free(ix->v);
	ix->v = NULL;
	ix->n = 0;
}

void
rowidx_range(const struct rowidx *ix, const char *key, size_t *lo, size_t *hi)
{
	size_t a = 0, b = ix->n;

	*lo = *hi = 0;
	if (key == NULL)
		return;
	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (strcmp(ix->v[mid].key, key) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	b = a;
	while (b < ix->n && strcmp(ix->v[b].key, key) == 0)
		b++;
	*hi = b;
}

void
fmt_money(struct strbuf *sb, int64_t pounds)
{
	char digits[32];
	uint64_t mag;
	int len;

	if (pounds < 0) {
		strbuf_addch(sb, '-');
		mag = (uint64_t)(-(pounds + 1)) + 1;
	} else {
		mag = (uint64_t)pounds;
	}
	strbuf_addstr(sb, "\xc2\xa3");
	len = snprintf(digits, sizeof(digits), "%" PRIu64, mag);
	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			strbuf_addch(sb, ',');
		strbuf_addch(sb, digits[i]);
	}
}

void
fmt_num(struct strbuf *sb, double v)
{
	char buf[64];
	char *dot;
	size_t n;

	if (isnan(v)) {
		strbuf_addstr(sb, "none");
		return;
	}
	snprintf(buf, sizeof(buf), "%.2f", v);
	dot = strchr(buf, '.');
	if (dot) {
		n = strlen(buf);
		while (n > 0 && buf[n - 1] == '0')
			buf[--n] = '\0';
		if (n > 0 && buf[n - 1] == '.')
			buf[--n] = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		strbuf_addstr(sb, "0");
	else
		strbuf_addstr(sb, buf);
}

/* fmt_num with thousands separators in the whole part. */
static void
fmt_num_sep(struct strbuf *sb, double v)
{
	struct strbuf t = STRBUF_INIT;
	const char *p, *dot;
	size_t whole;

	fmt_num(&t, v);
	p = t.buf;
	if (*p == '-') {
		strbuf_addch(sb, '-');
		p++;
	}
	dot = strchr(p, '.');
	whole = dot ? (size_t)(dot - p) : strlen(p);
	if (isnan(v) || strcmp(p, "none") == 0) {
		strbuf_addstr(sb, p);
		strbuf_release(&t);
		return;
	}
	for (size_t i = 0; i < whole; i++) {
		if (i > 0 && (whole - i) % 3 == 0)
			strbuf_addch(sb, ',');
		strbuf_addch(sb, p[i]);
	}
	strbuf_addstr(sb, p + whole);
	strbuf_release(&t);
}

void
fmt_qty(struct strbuf *sb, double v, const char *unit)
{
	static const char *const money[] = { "\xc2\xa3", "GBP", "pounds" };

	for (size_t i = 0; unit && i < sizeof(money) / sizeof(money[0]); i++) {
		size_t n = strlen(money[i]);

		if (strncmp(unit, money[i], n) == 0) {
			const char *rest = unit + n;

			if (v < 0) {
				strbuf_addch(sb, '-');
				v = -v;
			}
			strbuf_addstr(sb, "\xc2\xa3");
			fmt_num_sep(sb, v);
			while (*rest == ' ')
				rest++;
			if (*rest)
				strbuf_addf(sb, " %s", rest);
			return;
		}
	}
	fmt_num_sep(sb, v);
	if (unit && *unit)
		strbuf_addf(sb, " %s", unit);
}

void
fmt_count(struct strbuf *sb, long n, const char *one, const char *many)
{
	strbuf_addf(sb, "%ld %s", n, (n == 1 || n == -1) ? one : many);
}

void
fmt_date(struct strbuf *sb, int32_t date)
{
	char buf[32];

	if (date == DATE_NONE)
		strbuf_addstr(sb, "no date");
	else
		strbuf_addstr(sb, date_format_long(date, buf));
}

void
fmt_month(struct strbuf *sb, int32_t month)
{
	char buf[32];

	strbuf_addstr(sb, month_format_long(month, buf));
}

char *
sb_to_arena(struct strbuf *sb, struct arena *a)
{
	char *s = arena_strndup(a, sb->buf, sb->len);

	strbuf_reset(sb);
	return s;
}

int
text_eq_ci(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	while (*a && *b) {
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
	return *a == *b;
}
