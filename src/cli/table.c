/*
 * table.c - aligned text tables and CSV.
 */
#include "cli/table.h"

#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "model/dataset.h"
#include "model/schema.h"

#include <inttypes.h>
#include <stdio.h>

void
text_table_init(struct text_table *t, size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
}

void
text_table_release(struct text_table *t)
{
	for (size_t i = 0; i < t->ncells; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

void
text_table_add(struct text_table *t, const char *text)
{
	char *s = xstrdup(text ? text : "");

	/* one line per cell: newlines become spaces */
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	ALLOC_GROW(t->cells, t->ncells + 1, t->alloc);
	t->cells[t->ncells++] = s;
}

size_t
utf8_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Print at most w characters of s, then pad to w. */
static void
put_cell(FILE *f, const char *s, size_t w, int last)
{
	size_t len = utf8_width(s);

	if (len > w) {
		size_t chars = 0;
		const char *p = s;

		while (*p && chars < w - 1) {
			p++;
			while (((unsigned char)*p & 0xC0) == 0x80)
				p++;
			chars++;
		}
		fwrite(s, 1, (size_t)(p - s), f);
		fputs("\u2026", f);
		len = w;
	} else {
		fputs(s, f);
	}
	if (!last)
		for (size_t i = len; i < w + 2; i++)
			fputc(' ', f);
}

void
text_table_print(const struct text_table *t, FILE *f, size_t cap)
{
	size_t *w = xcalloc(t->ncols, sizeof(*w));

	for (size_t i = 0; i < t->ncells; i++) {
		size_t c = i % t->ncols, len = utf8_width(t->cells[i]);

		if (len > w[c])
			w[c] = len;
	}
	for (size_t c = 0; c < t->ncols; c++)
		if (w[c] > cap)
			w[c] = cap;
	for (size_t i = 0; i < t->ncells; i++) {
		size_t c = i % t->ncols;

		put_cell(f, t->cells[i], w[c], c + 1 == t->ncols);
		if (c + 1 == t->ncols) {
			fputc('\n', f);
			if (i + 1 == t->ncols) {
				for (size_t k = 0; k < t->ncols; k++) {
					for (size_t j = 0; j < w[k]; j++)
						fputc('-', f);
					if (k + 1 < t->ncols)
						fputs("  ", f);
				}
				fputc('\n', f);
			}
		}
	}
	free(w);
}

void
text_table_csv(const struct text_table *t, FILE *f)
{
	for (size_t i = 0; i < t->ncells; i++) {
		const char *s = t->cells[i];
		size_t c = i % t->ncols;

		if (strpbrk(s, ",\"\r\n") || (s[0] && strchr("=+-@", s[0]))) {
			/* quote; and keep spreadsheet formulas inert */
			fputc('"', f);
			if (s[0] && strchr("=+-@", s[0]) && !(s[0] == '-' && s[1] >= '0' && s[1] <= '9'))
				fputc('\'', f);
			for (; *s; s++) {
				if (*s == '"')
					fputc('"', f);
				fputc(*s, f);
			}
			fputc('"', f);
		} else {
			fputs(s, f);
		}
		fputs(c + 1 == t->ncols ? "\r\n" : ",", f);
	}
}

char *
field_display(const void *rec, const struct field *f, char *buf, size_t size)
{
	void *r = (void *)rec;

	if (f->type == FT_BOOL) {
		snprintf(buf, size, "%s", *field_bool(r, f) ? "yes" : "no");
	} else if (f->type == FT_MONEY && field_present(rec, f)) {
		int64_t v = *field_i64(r, f);
		char digits[32], grouped[48];
		size_t n, j = 0;

		snprintf(digits, sizeof(digits), "%" PRIu64,
			 v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
		n = strlen(digits);
		for (size_t i = 0; i < n; i++) {
			if (i && (n - i) % 3 == 0)
				grouped[j++] = ',';
			grouped[j++] = digits[i];
		}
		grouped[j] = '\0';
		snprintf(buf, size, "%s\u00a3%s", v < 0 ? "-" : "", grouped);
	} else {
		field_text(rec, f, buf, size);
	}
	return buf;
}
