/*
 * report.c - building the report tree (see report.h). Everything lives
 * in the report's arena; lists are singly linked with a tail pointer so
 * appending is O(1) and renderers walk them in order.
 */
#include "report/report.h"
#include "chart/chart.h"
#include "core/strbuf.h"
#include "model/schema.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
report_init(struct report *r)
{
	memset(r, 0, sizeof(*r));
	arena_init(&r->arena);
	r->marking = marking_values[0];
}

void
report_release(struct report *r)
{
	arena_release(&r->arena);
	memset(r, 0, sizeof(*r));
}

const char *
report_strdup(struct report *r, const char *s)
{
	return s ? arena_strdup(&r->arena, s) : NULL;
}

static const char *
report_vprintf(struct report *r, const char *fmt, va_list ap)
{
	va_list aq;
	char *p;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		n = 0;
	p = arena_alloc(&r->arena, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

const char *
report_printf(struct report *r, const char *fmt, ...)
{
	va_list ap;
	const char *s;

	va_start(ap, fmt);
	s = report_vprintf(r, fmt, ap);
	va_end(ap);
	return s;
}

void
report_set(struct report *r, const char **field, const char *s)
{
	*field = report_strdup(r, s);
}

void
report_mark(struct report *r, const char *marking)
{
	int have, want;

	if (marking == NULL)
		return;
	want = enum_index(marking_values, marking);
	have = r->marking ? enum_index(marking_values, r->marking) : 0;
	if (have < 0)
		return;		/* already carries an unknown (unlowerable) mark */
	if (want < 0 || want > have)
		r->marking = report_strdup(r, marking);
}

struct report_section *
report_section(struct report *r, int level, const char *number,
	       const char *heading)
{
	struct report_section *s = arena_alloc(&r->arena, sizeof(*s));

	s->level = level < 1 ? 1 : level > 3 ? 3 : level;
	s->number = report_strdup(r, number);
	s->heading = report_strdup(r, heading ? heading : "");
	if (r->sections_last)
		r->sections_last->next = s;
	else
		r->sections = s;
	r->sections_last = s;
	r->nsections++;
	return s;
}

static struct report_block *
block_new(struct report *r, struct report_section *s, enum report_block_type t)
{
	struct report_block *b = arena_alloc(&r->arena, sizeof(*b));

	b->type = t;
	if (s->blocks_last)
		s->blocks_last->next = b;
	else
		s->blocks = b;
	s->blocks_last = b;
	return b;
}

struct report_inline *
report_para(struct report *r, struct report_section *s)
{
	return &block_new(r, s, RB_PARA)->text;
}

int
report_paras(struct report *r, struct report_section *s, const char *text)
{
	const char *p = text;
	int n = 0;

	while (p && *p) {
		const char *end = p, *next;

		/* A paragraph ends at a line holding only white space. */
		for (;;) {
			const char *nl = strchr(end, '\n'), *q;

			if (nl == NULL) {
				end += strlen(end);
				next = end;
				break;
			}
			q = nl + 1;
			while (*q == ' ' || *q == '\t' || *q == '\r')
				q++;
			if (*q == '\n' || *q == '\0') {
				end = nl;
				next = q;
				break;
			}
			end = nl + 1;
		}
		while (p < end && isspace((unsigned char)*p))
			p++;
		while (end > p && isspace((unsigned char)end[-1]))
			end--;
		if (end > p) {
			report_add(r, report_para(r, s), RS_PLAIN,
				   arena_strndup(&r->arena, p, (size_t)(end - p)));
			n++;
		}
		p = next;
	}
	return n;
}

struct report_block *
report_bullets(struct report *r, struct report_section *s)
{
	return block_new(r, s, RB_BULLETS);
}

static struct report_item *
item_new(struct report *r, struct report_block *b)
{
	struct report_item *it = arena_alloc(&r->arena, sizeof(*it));

	if (b->items_last)
		b->items_last->next = it;
	else
		b->items = it;
	b->items_last = it;
	b->nitems++;
	return it;
}

struct report_inline *
report_item(struct report *r, struct report_block *list)
{
	return &item_new(r, list)->text;
}

struct report_block *
report_kv(struct report *r, struct report_section *s)
{
	return block_new(r, s, RB_KV);
}

struct report_inline *
report_kv_item(struct report *r, struct report_block *kv, const char *key)
{
	struct report_item *it = item_new(r, kv);

	report_add(r, &it->key, RS_PLAIN, key);
	return &it->text;
}

struct report_inline *
report_note(struct report *r, struct report_section *s, const char *label)
{
	struct report_block *b = block_new(r, s, RB_NOTE);

	b->label = report_strdup(r, label);
	return &b->text;
}

struct report_block *
report_table(struct report *r, struct report_section *s, const char *caption,
	     size_t ncols, const char *const *header,
	     const enum report_align *align, int row_headers)
{
	struct report_block *b = block_new(r, s, RB_TABLE);

	b->caption = report_strdup(r, caption);
	b->ncols = ncols;
	b->header = arena_alloc(&r->arena, ncols * sizeof(*b->header));
	b->align = arena_alloc(&r->arena, ncols * sizeof(*b->align));
	for (size_t i = 0; i < ncols; i++) {
		b->header[i] = report_strdup(r, header[i] ? header[i] : "");
		b->align[i] = align ? align[i] : RA_LEFT;
	}
	b->row_headers = row_headers;
	return b;
}

struct report_inline *
report_row(struct report *r, struct report_block *table)
{
	struct report_row *row = arena_alloc(&r->arena, sizeof(*row));

	row->cells = arena_alloc(&r->arena,
				 (table->ncols ? table->ncols : 1) * sizeof(*row->cells));
	if (table->rows_last)
		table->rows_last->next = row;
	else
		table->rows = row;
	table->rows_last = row;
	table->nrows++;
	return row->cells;
}

void
report_add(struct report *r, struct report_inline *in, enum report_style style,
	   const char *text)
{
	struct report_span *sp;

	if (text == NULL || *text == '\0')
		return;
	sp = arena_alloc(&r->arena, sizeof(*sp));
	sp->style = style;
	sp->text = report_strdup(r, text);
	if (in->last)
		in->last->next = sp;
	else
		in->first = sp;
	in->last = sp;
}

void
report_addf(struct report *r, struct report_inline *in, enum report_style style,
	    const char *fmt, ...)
{
	va_list ap;
	const char *s;

	va_start(ap, fmt);
	s = report_vprintf(r, fmt, ap);
	va_end(ap);
	report_add(r, in, style, s);
}

int
report_inline_empty(const struct report_inline *in)
{
	return in->first == NULL;
}

/* --- charts ------------------------------------------------------------- */

/* A copy of n elements of size sz in the arena (NULL for none). */
static void *
arena_copy(struct report *r, const void *p, size_t n, size_t sz)
{
	void *q;

	if (p == NULL || n == 0)
		return NULL;
	q = arena_alloc(&r->arena, n * sz);
	memcpy(q, p, n * sz);
	return q;
}

/*
 * Deep copy of c: the struct, its strings and every array it points to,
 * with the arrays' own strings, so that the report never borrows from a
 * builder's locals.
 */
static struct chart *
chart_copy(struct report *r, const struct chart *c)
{
	struct chart *d = arena_alloc(&r->arena, sizeof(*d));
	struct chart_category *cat;
	struct chart_series *ser;
	struct chart_item *it;
	struct chart_marker *mk;
	struct chart_band *bd;

	*d = *c;
	d->title = report_strdup(r, c->title);
	d->subtitle = report_strdup(r, c->subtitle);
	d->x_label = report_strdup(r, c->x_label);
	d->y_label = report_strdup(r, c->y_label);
	d->note = report_strdup(r, c->note);
	d->desc = report_strdup(r, c->desc);
	d->id = report_strdup(r, c->id);
	d->value_prefix = report_strdup(r, c->value_prefix);
	d->value_suffix = report_strdup(r, c->value_suffix);

	cat = arena_copy(r, c->categories, c->ncategories, sizeof(*cat));
	for (size_t i = 0; cat && i < c->ncategories; i++)
		cat[i].label = report_strdup(r, cat[i].label);
	d->categories = cat;

	ser = arena_copy(r, c->series, c->nseries, sizeof(*ser));
	for (size_t i = 0; ser && i < c->nseries; i++) {
		ser[i].name = report_strdup(r, ser[i].name);
		ser[i].values = arena_copy(r, ser[i].values, ser[i].n, sizeof(double));
		ser[i].dates = arena_copy(r, ser[i].dates, ser[i].n, sizeof(int32_t));
	}
	d->series = ser;

	it = arena_copy(r, c->items, c->nitems, sizeof(*it));
	for (size_t i = 0; it && i < c->nitems; i++)
		it[i].label = report_strdup(r, it[i].label);
	d->items = it;

	mk = arena_copy(r, c->markers, c->nmarkers, sizeof(*mk));
	for (size_t i = 0; mk && i < c->nmarkers; i++)
		mk[i].label = report_strdup(r, mk[i].label);
	d->markers = mk;

	bd = arena_copy(r, c->heat.bands, c->heat.nbands, sizeof(*bd));
	for (size_t i = 0; bd && i < c->heat.nbands; i++)
		bd[i].name = report_strdup(r, bd[i].name);
	d->heat.bands = bd;
	for (int i = 0; i < 5; i++) {
		d->heat.likelihood[i] = report_strdup(r, c->heat.likelihood[i]);
		d->heat.impact[i] = report_strdup(r, c->heat.impact[i]);
	}
	return d;
}

struct report_block *
report_chart(struct report *r, struct report_section *s, const struct chart *c,
	     const char *caption, double width, double height)
{
	struct report_block *b = block_new(r, s, RB_CHART);
	struct chart *copy = chart_copy(r, c);

	r->ncharts++;
	if (copy->id == NULL)
		copy->id = report_printf(r, "fig%zu", r->ncharts);
	b->chart = copy;
	b->caption = report_strdup(r, caption ? caption : c->title);
	b->width = width;
	b->height = height;
	return b;
}

int
report_chart_words(const struct report_block *b, struct strbuf *sb)
{
	if (b->type != RB_CHART || b->chart == NULL)
		return -1;
	if (b->chart->desc)
		return strbuf_addstr(sb, b->chart->desc);
	return chart_describe(b->chart, sb);
}
