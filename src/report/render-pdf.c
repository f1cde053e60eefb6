/*
 * render-pdf.c - a report typeset as an A4 PDF with cairo and pango.
 *
 * The look follows the HTML rendering (data/templates/report.css), which
 * follows the GOV.UK Design System: black on white, one sans-serif face,
 * bold headings, tables with plain rules, ratings as words with a swatch,
 * and the protective marking in a box at the top and the bottom of every
 * page.
 *
 * Typesetting runs twice over the same code. The first pass only measures:
 * it finds where every page breaks, on which page each section starts
 * and how many pages there are. The second pass draws, now able to write
 * "Page 3 of 12" and the page numbers of the contents list. Both passes
 * make the same decisions because they measure the same text with the
 * same pango context; the second checks that it ended on the page the
 * first did. Nothing is kept per line or per cell between the passes but
 * the column widths of each table (measuring them is the costly part),
 * so memory does not grow with the length of the paper.
 *
 * Text is drawn line by line (pango_cairo_show_layout_line), never as a
 * clipped whole, so a paragraph or a table cell that runs over a page
 * appears once in the PDF's text layer. All text reaches pango as plain
 * text with attributes, never as markup, after invalid UTF-8 and control
 * characters have been replaced: nothing in the data can change the
 * typesetting.
 */
#include "report/report.h"
#include "chart/chart-cairo.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "model/schema.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A4 in points, 20 mm side margins. */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN_X 56.693
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define BODY_TOP 76.0
#define BODY_BOTTOM (PAGE_H - 76.0)
#define EPS 0.01

#define FONT_FAMILY "DejaVu Sans,Liberation Sans,Arial,sans-serif"

/* GOV.UK colours (report.css). */
#define C_TEXT 0x0b0c0c
#define C_SECONDARY 0x505a5f
#define C_BORDER 0xb1b4b6
#define C_PANEL 0xf3f2f1
#define C_BLUE 0x1d70b8

enum font {
	F_BODY,
	F_TABLE,
	F_TABLE_BOLD,
	F_CAPTION,
	F_H1,
	F_H2,
	F_H3,
	F_TITLE,
	F_SUBTITLE,
	F_ORG,
	F_MARKING,
	F_SMALL,
	F__COUNT
};

static const struct {
	double size;
	int bold;
	double spacing;		/* baseline to baseline, in line heights */
} fonts[F__COUNT] = {
	[F_BODY] = { 10, 0, 1.3 },
	[F_TABLE] = { 8.5, 0, 1.15 },
	[F_TABLE_BOLD] = { 8.5, 1, 1.15 },
	[F_CAPTION] = { 10, 1, 1.2 },
	[F_H1] = { 15, 1, 1.15 },
	[F_H2] = { 12.5, 1, 1.15 },
	[F_H3] = { 11, 1, 1.15 },
	[F_TITLE] = { 24, 1, 1.1 },
	[F_SUBTITLE] = { 13, 0, 1.2 },
	[F_ORG] = { 12, 1, 1.15 },
	[F_MARKING] = { 9.5, 1, 1.0 },
	[F_SMALL] = { 8, 0, 1.0 },
};

/* The lines of a layout, in points from the layout's top. */
struct lines {
	size_t n;
	double *top, *bottom, *base, *x;
	PangoLayoutLine **line;	/* borrowed from the layout */
};

struct pdf {
	const struct report *r;
	struct strbuf *out;
	int write_failed;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *pc;
	PangoFontDescription *font[F__COUNT];

	int drawing;		/* 0: measuring pass, 1: drawing pass */
	int page;		/* the page being set, from 1 */
	int npages;		/* known in the drawing pass */
	double y;		/* the cursor, points from the top of the page */

	/* Where each section starts (filled when measuring). */
	int *sec_page;
	double *sec_y;
	size_t sec;		/* index of the section being set */
	int outline[4];		/* the latest outline item of each level */

	/*
	 * Column widths of every table, measured once (the costly part of a
	 * long table) and found again by the block they belong to.
	 */
	struct widths {
		const void *key;
		double *w;
	} *widths;
	size_t nwidths, awidths;
	int chart_failed;	/* charts chart_draw() refused after checking */
};

/* --- text ----------------------------------------------------------------- */

#define REPLACEMENT "\xEF\xBF\xBD"
#define BULLET "\xE2\x80\xA2\t"

/*
 * Append s to sb as text pango can take: valid UTF-8 without control
 * characters. Invalid bytes and controls become U+FFFD; line breaks and
 * tabs become spaces (a block's text is one run of words).
 */
static void
clean(struct strbuf *sb, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	while (*u) {
		unsigned c = *u;
		uint32_t cp;
		size_t n, i;

		if (c < 0x80) {
			if (c == '\n' || c == '\t' || c == '\r')
				strbuf_addch(sb, ' ');
			else if (c < 0x20 || c == 0x7f)
				strbuf_addstr(sb, REPLACEMENT);
			else
				strbuf_addch(sb, (int)c);
			u++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			strbuf_addstr(sb, REPLACEMENT);
			u++;
			continue;
		}
		for (i = 1; i <= n; i++) {
			if ((u[i] & 0xC0) != 0x80)
				break;
			cp = cp << 6 | (u[i] & 0x3F);
		}
		if (i <= n || (n == 2 && cp < 0x800) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp <= 0x9F)) {
			strbuf_addstr(sb, REPLACEMENT);
			u++;
			continue;
		}
		strbuf_add(sb, u, n + 1);
		u += n + 1;
	}
}

/* A clean copy of s (the caller frees it). */
static char *
clean_dup(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	clean(&sb, s ? s : "");
	return strbuf_detach(&sb, NULL);
}

static void
set_rgb(cairo_t *cr, unsigned rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0,
			     ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

/* The index of a rating in dca_values, or -1. */
static int
rating_index(const char *text)
{
	return text ? enum_index(dca_values, text) : -1;
}

/*
 * Draw a rating's swatch: the shape pango left room for before the
 * rating's words, in the colour the charts give the rating (chart.h's
 * inks), so a paper's tables and charts agree.
 */
static void
draw_swatch(cairo_t *cr, PangoAttrShape *attr, gboolean do_path, gpointer data)
{
	int i = GPOINTER_TO_INT(attr->data) - 1;
	double x, y, s, top;
	static const unsigned ink[] = { 0x00703c, 0x85994b, 0xffdd00, 0xf47738, 0xd4351c };
	unsigned fill = i >= 0 && i < 5 ? ink[i] : C_BORDER;

	(void)data;
	if (do_path)
		return;
	cairo_get_current_point(cr, &x, &y);
	x += (double)attr->ink_rect.x / PANGO_SCALE;
	top = y + (double)attr->ink_rect.y / PANGO_SCALE;
	s = (double)attr->ink_rect.width / PANGO_SCALE;
	cairo_save(cr);
	cairo_new_path(cr);
	cairo_rectangle(cr, x, top, s, s);
	set_rgb(cr, fill);
	cairo_fill(cr);
	cairo_rectangle(cr, x + 0.3, top + 0.3, s - 0.6, s - 0.6);
	cairo_set_line_width(cr, 0.6);
	set_rgb(cr, C_TEXT);
	cairo_stroke(cr);
	cairo_restore(cr);
	cairo_new_path(cr);
}

static PangoLayout *
layout_new(struct pdf *p, enum font f, double width, PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(p->pc);

	pango_layout_set_font_description(l, p->font[f]);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	pango_layout_set_line_spacing(l, (float)fonts[f].spacing);
	if (width > 0)
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	return l;
}

/* A layout of plain text (cleaned here). */
static PangoLayout *
layout_plain(struct pdf *p, enum font f, const char *text, double width,
	     PangoAlignment align)
{
	PangoLayout *l = layout_new(p, f, width, align);
	char *s = clean_dup(text);

	pango_layout_set_text(l, s, -1);
	free(s);
	return l;
}

static void
attr_range(PangoAttrList *al, PangoAttribute *a, size_t start, size_t end)
{
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_insert(al, a);
}

/*
 * A layout of an inline run, prefix (plain, may be NULL; BULLET is a
 * bullet and a tab) first. Strong
 * and rating spans are bold, emphasis italic; a rating has its swatch.
 */
static PangoLayout *
layout_inline(struct pdf *p, enum font f, const char *prefix,
	      const struct report_inline *in, double width, PangoAlignment align)
{
	PangoLayout *l = layout_new(p, f, width, align);
	PangoAttrList *al = pango_attr_list_new();
	struct strbuf sb = STRBUF_INIT;
	double em = fonts[f].size * PANGO_SCALE;

	if (prefix && strcmp(prefix, BULLET) == 0)
		strbuf_addstr(&sb, prefix);	/* ours: its tab stays a tab */
	else if (prefix)
		clean(&sb, prefix);
	for (const struct report_span *sp = in ? in->first : NULL; sp; sp = sp->next) {
		size_t start, swatch = sb.len;

		if (sp->style == RS_RATING) {
			PangoRectangle r = { 0, (int)(-0.74 * em), (int)(0.78 * em),
					     (int)(0.78 * em) };
			PangoRectangle lr = { 0, (int)(-0.74 * em), (int)(1.0 * em),
					      (int)(0.78 * em) };

			start = sb.len;
			strbuf_addstr(&sb, "\xEF\xBF\xBC");	/* U+FFFC */
			attr_range(al, pango_attr_shape_new_with_data(&r, &lr,
				GINT_TO_POINTER(rating_index(sp->text) + 1), NULL, NULL),
				start, sb.len);
		}
		start = sb.len;
		clean(&sb, sp->text);
		if (sp->style == RS_RATING)	/* swatch and words stay together */
			attr_range(al, pango_attr_allow_breaks_new(FALSE), swatch, sb.len);
		if (sp->style == RS_STRONG || sp->style == RS_RATING)
			attr_range(al, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, sb.len);
		else if (sp->style == RS_EMPH)
			attr_range(al, pango_attr_style_new(PANGO_STYLE_ITALIC), start, sb.len);
	}
	pango_layout_set_text(l, sb.buf, (int)sb.len);
	pango_layout_set_attributes(l, al);
	pango_attr_list_unref(al);
	strbuf_release(&sb);
	return l;
}

static double
layout_height(PangoLayout *l)
{
	PangoRectangle r;

	pango_layout_get_extents(l, NULL, &r);
	return (double)r.height / PANGO_SCALE;
}

static double
line_width(PangoLayoutLine *line)
{
	PangoRectangle r;

	pango_layout_line_get_extents(line, NULL, &r);
	return (double)r.width / PANGO_SCALE;
}

static double
layout_width(PangoLayout *l)
{
	PangoRectangle r;

	pango_layout_get_extents(l, NULL, &r);
	return (double)(r.x + r.width) / PANGO_SCALE;
}

static void
lines_get(PangoLayout *l, struct lines *ls)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	size_t n = (size_t)pango_layout_get_line_count(l), i = 0;

	ls->n = 0;
	ls->top = xcalloc(n ? n : 1, 4 * sizeof(double));
	ls->bottom = ls->top + n;
	ls->base = ls->top + 2 * n;
	ls->x = ls->top + 3 * n;
	ls->line = xcalloc(n ? n : 1, sizeof(*ls->line));
	do {
		PangoRectangle logical;
		int y0, y1;

		if (i >= n)
			break;
		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		ls->top[i] = (double)y0 / PANGO_SCALE;
		ls->bottom[i] = (double)y1 / PANGO_SCALE;
		ls->base[i] = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		ls->x[i] = (double)logical.x / PANGO_SCALE;
		ls->line[i] = pango_layout_iter_get_line_readonly(it);
		i++;
	} while (pango_layout_iter_next_line(it));
	ls->n = i;
	pango_layout_iter_free(it);
}

static void
lines_release(struct lines *ls)
{
	free(ls->top);
	free(ls->line);
	memset(ls, 0, sizeof(*ls));
}

/* Draw lines [from, to) of ls with line `from`'s top at (x, y). */
static void
lines_draw(struct pdf *p, const struct lines *ls, size_t from, size_t to,
	   double x, double y, unsigned colour)
{
	if (!p->drawing || from >= to)
		return;
	set_rgb(p->cr, colour);
	for (size_t i = from; i < to; i++) {
		cairo_move_to(p->cr, x + ls->x[i], y + ls->base[i] - ls->top[from]);
		pango_cairo_show_layout_line(p->cr, ls->line[i]);
	}
	cairo_new_path(p->cr);
}

/* Draw a whole layout with its top left at (x, y). */
static void
layout_draw(struct pdf *p, PangoLayout *l, double x, double y, unsigned colour)
{
	struct lines ls;

	if (!p->drawing)
		return;
	lines_get(l, &ls);
	lines_draw(p, &ls, 0, ls.n, x, y, colour);
	lines_release(&ls);
}

/* --- pages ---------------------------------------------------------------- */

/* The marking in a box, centred, its top at y. */
static void
marking_box(struct pdf *p, double y)
{
	const char *m = p->r->marking ? p->r->marking : "OFFICIAL";
	PangoLayout *l = layout_plain(p, F_MARKING, m, -1, PANGO_ALIGN_LEFT);
	double w = layout_width(l), h = layout_height(l);
	double x = (PAGE_W - w) / 2;

	cairo_set_line_width(p->cr, 1.5);
	set_rgb(p->cr, C_TEXT);
	cairo_rectangle(p->cr, x - 8, y, w + 16, h + 8);
	cairo_stroke(p->cr);
	layout_draw(p, l, x, y + 4, C_TEXT);
	g_object_unref(l);
}

/* The furniture of a page: the marking top and bottom, the page number. */
static void
furniture(struct pdf *p)
{
	char num[64];
	PangoLayout *l;
	double foot = PAGE_H - 46;

	marking_box(p, 26);
	marking_box(p, foot);
	snprintf(num, sizeof(num), "Page %d of %d", p->page, p->npages);
	l = layout_plain(p, F_SMALL, num, CONTENT_W, PANGO_ALIGN_RIGHT);
	layout_draw(p, l, MARGIN_X, foot + 5, C_SECONDARY);
	g_object_unref(l);
	if (p->r->title) {
		l = layout_plain(p, F_SMALL, p->r->title, CONTENT_W / 2 - 80, PANGO_ALIGN_LEFT);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		layout_draw(p, l, MARGIN_X, foot + 5, C_SECONDARY);
		g_object_unref(l);
	}
}

static void
begin_page(struct pdf *p)
{
	p->page++;
	p->y = BODY_TOP;
	if (p->drawing)
		furniture(p);
}

static void
end_page(struct pdf *p)
{
	if (p->drawing)
		cairo_show_page(p->cr);
}

static void
new_page(struct pdf *p)
{
	end_page(p);
	begin_page(p);
}

static int
at_top(const struct pdf *p)
{
	return p->y <= BODY_TOP + EPS;
}

/* Start a new page unless h more points fit on this one (or it is empty). */
static void
ensure(struct pdf *p, double h)
{
	if (p->y + h > BODY_BOTTOM + EPS && !at_top(p))
		new_page(p);
}

/* Leave h points of space, unless at the top of a page. */
static void
space(struct pdf *p, double h)
{
	if (!at_top(p))
		p->y += h;
	if (p->y > BODY_BOTTOM)
		p->y = BODY_BOTTOM;
}

/* --- flowing text ----------------------------------------------------------- */

/*
 * Called for each part of a text set on one page, from y0 to y1, before
 * its lines are drawn (a background goes under them).
 */
typedef void (*frag_fn)(struct pdf *p, double y0, double y1, void *ctx);

/*
 * Set the lines of l at x, breaking pages between lines. A page never
 * ends after the first line of a text of several, nor starts with its
 * last line alone, when that can be helped.
 */
static void
flow(struct pdf *p, PangoLayout *l, double x, unsigned colour, frag_fn frag,
     void *ctx)
{
	struct lines ls;
	size_t i = 0;

	lines_get(l, &ls);
	while (i < ls.n) {
		double avail = BODY_BOTTOM - p->y;
		size_t k = i;

		while (k < ls.n && ls.bottom[k] - ls.top[i] <= avail + EPS)
			k++;
		if (k < ls.n) {
			if (k - i < 2 && ls.n - i >= 2 && !at_top(p))
				k = i;		/* one line alone at the foot */
			else if (ls.n - k == 1 && k - i > 2)
				k--;		/* one line alone at the head */
			if (k == i) {
				if (!at_top(p)) {
					new_page(p);
					continue;
				}
				k = i + 1;	/* a line taller than a page */
			}
		}
		if (frag && p->drawing)
			frag(p, p->y, p->y + ls.bottom[k - 1] - ls.top[i], ctx);
		lines_draw(p, &ls, i, k, x, p->y, colour);
		p->y += ls.bottom[k - 1] - ls.top[i];
		i = k;
		if (i < ls.n)
			new_page(p);
	}
	lines_release(&ls);
}

/* The height of the first n lines of l (all of them if fewer). */
static double
first_lines(PangoLayout *l, size_t n)
{
	struct lines ls;
	double h;

	lines_get(l, &ls);
	if (ls.n == 0)
		h = 0;
	else
		h = ls.bottom[(n < ls.n ? n : ls.n) - 1] - ls.top[0];
	lines_release(&ls);
	return h;
}

/* --- tables ----------------------------------------------------------------- */

#define CELL_PAD_X 5.0
#define CELL_PAD_Y 4.0

/* A table as the typesetter sees it: RB_TABLE and RB_KV both become one. */
struct tview {
	const char *caption;
	size_t ncols;
	const char *const *header;	/* NULL: no header row */
	const enum report_align *align;	/* NULL: all left */
	int row_headers;		/* first cells bold */
	const double *shares;		/* fixed column shares, or NULL */
	const void *first;
	const void *(*next)(const void *row);
	const struct report_inline *(*cell)(const void *row, size_t col);
};

static PangoAlignment
palign(const struct tview *t, size_t c)
{
	enum report_align a = t->align ? t->align[c] : RA_LEFT;

	return a == RA_RIGHT ? PANGO_ALIGN_RIGHT : a == RA_CENTRE ? PANGO_ALIGN_CENTER :
		PANGO_ALIGN_LEFT;
}

static enum font
cell_font(const struct tview *t, size_t c)
{
	return c == 0 && t->row_headers ? F_TABLE_BOLD : F_TABLE;
}

/*
 * Natural (one-line) and least width of a layout: the widest run of text
 * between spaces. Codes such as "BSS-R1" and dates stay whole unless the
 * table cannot be set otherwise, though pango may break at hyphens.
 */
static void
measure(PangoLayout *l, double *natural, double *least)
{
	PangoLayoutLine *line;
	PangoRectangle r;
	const char *text = pango_layout_get_text(l), *p = text;
	int widest = 0;

	pango_layout_set_width(l, -1);
	pango_layout_get_extents(l, NULL, &r);
	*natural = (double)r.width / PANGO_SCALE;
	line = pango_layout_get_line_readonly(l, 0);
	while (line && *p) {
		const char *q;
		int x0, x1;

		while (*p == ' ')
			p++;
		for (q = p; *q && *q != ' '; q++)
			;
		if (q > p) {
			pango_layout_line_index_to_x(line, (int)(p - text), 0, &x0);
			pango_layout_line_index_to_x(line, (int)(q - text), 0, &x1);
			if (x1 - x0 > widest)
				widest = x1 - x0;
		}
		p = q;
	}
	*least = (double)widest / PANGO_SCALE;
	if (*least > *natural)
		*least = *natural;
}

/* A cell this wide or less (a date, a sum, a code) is kept on one line. */
#define SHORT_CELL 72.0

/*
 * Column widths from the content, after the automatic table layout of
 * CSS: every column gets at least its longest word and at most what it
 * needs on one line, the spare width shared in proportion to how much
 * more each could use. Text widths only: the padding comes on top.
 */
static void
table_widths(struct pdf *p, const struct tview *t, double *w)
{
	double avail = CONTENT_W - 2 * CELL_PAD_X * (double)t->ncols;
	double *mx = xcalloc(t->ncols, 3 * sizeof(double)), *mn = mx + t->ncols;
	double *whole = mn + t->ncols;	/* least, short cells kept on one line */
	double smax = 0, smin = 0, swhole = 0;

	if (t->shares) {
		for (size_t c = 0; c < t->ncols; c++)
			w[c] = avail * t->shares[c];
		goto out;
	}
	for (size_t c = 0; c < t->ncols && t->header; c++) {
		PangoLayout *l = layout_plain(p, F_TABLE_BOLD, t->header[c], -1,
					      PANGO_ALIGN_LEFT);

		measure(l, &mx[c], &mn[c]);
		g_object_unref(l);
	}
	for (const void *row = t->first; row; row = t->next(row)) {
		for (size_t c = 0; c < t->ncols; c++) {
			PangoLayout *l = layout_inline(p, cell_font(t, c), NULL,
						       t->cell(row, c), -1, PANGO_ALIGN_LEFT);
			double a, b;

			measure(l, &a, &b);
			if (a > mx[c])
				mx[c] = a;
			if (b > mn[c])
				mn[c] = b;
			if ((a <= SHORT_CELL ? a : b) > whole[c])
				whole[c] = a <= SHORT_CELL ? a : b;
			g_object_unref(l);
		}
	}
	for (size_t c = 0; c < t->ncols; c++) {
		mx[c] = ceil(mx[c] + 0.5);
		mn[c] = ceil(mn[c] + 0.5);
		whole[c] = ceil((whole[c] > mn[c] ? whole[c] : mn[c]) + 0.5);
		smax += mx[c];
		smin += mn[c];
		swhole += whole[c];
	}
	/* dates, sums and codes on one line, when the page is wide enough */
	if (swhole <= avail) {
		memcpy(mn, whole, t->ncols * sizeof(*mn));
		smin = swhole;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		if (smax <= avail)
			w[c] = mx[c] + (avail - smax) * (smax > 0 ? mx[c] / smax :
							1.0 / (double)t->ncols);
		else if (smin <= avail)
			w[c] = mn[c] + (avail - smin) * (mx[c] - mn[c]) / (smax - smin);
		else
			w[c] = avail * mn[c] / smin;
	}
out:
	free(mx);
}

/* One row's cells laid out at the table's widths. */
struct trow {
	PangoLayout **l;
	double h;	/* text height of the tallest cell */
};

static void
row_layout(struct pdf *p, const struct tview *t, const void *row, const double *w,
	   struct trow *tr)
{
	tr->h = 0;
	for (size_t c = 0; c < t->ncols; c++) {
		double h;

		if (row)
			tr->l[c] = layout_inline(p, cell_font(t, c), NULL, t->cell(row, c),
						 w[c], palign(t, c));
		else
			tr->l[c] = layout_plain(p, F_TABLE_BOLD, t->header[c], w[c],
						palign(t, c));
		h = layout_height(tr->l[c]);
		if (h > tr->h)
			tr->h = h;
	}
}

static void
row_release(const struct tview *t, struct trow *tr)
{
	for (size_t c = 0; c < t->ncols; c++) {
		if (tr->l[c])
			g_object_unref(tr->l[c]);
		tr->l[c] = NULL;
	}
}

static void
rule(struct pdf *p, double y, double width, unsigned colour)
{
	if (!p->drawing)
		return;
	cairo_set_line_width(p->cr, width);
	set_rgb(p->cr, colour);
	cairo_move_to(p->cr, MARGIN_X, y);
	cairo_line_to(p->cr, PAGE_W - MARGIN_X, y);
	cairo_stroke(p->cr);
}

/* Draw a row's cells whole, the row's top at p->y, and its rule. */
static void
row_draw(struct pdf *p, const struct tview *t, const double *w, struct trow *tr,
	 int header)
{
	double x = MARGIN_X;

	for (size_t c = 0; c < t->ncols; c++) {
		layout_draw(p, tr->l[c], x + CELL_PAD_X, p->y + CELL_PAD_Y, C_TEXT);
		x += w[c] + 2 * CELL_PAD_X;
	}
	p->y += tr->h + 2 * CELL_PAD_Y;
	rule(p, p->y, header ? 1.5 : 0.5, header ? C_TEXT : C_BORDER);
}

/* The caption (with "(continued)" after a break) and the header row. */
static void
table_head(struct pdf *p, const struct tview *t, const double *w, struct trow *hr,
	   int continued)
{
	if (t->caption) {
		PangoLayout *l;
		char *s = xasprintf("%s%s", t->caption, continued ? " (continued)" : "");

		l = layout_plain(p, F_CAPTION, s, CONTENT_W, PANGO_ALIGN_LEFT);
		layout_draw(p, l, MARGIN_X, p->y, C_TEXT);
		p->y += layout_height(l) + 4;
		g_object_unref(l);
		free(s);
	}
	if (t->header)
		row_draw(p, t, w, hr, 1);
}

static double
caption_height(struct pdf *p, const struct tview *t)
{
	PangoLayout *l;
	double h;

	if (!t->caption)
		return 0;
	l = layout_plain(p, F_CAPTION, t->caption, CONTENT_W, PANGO_ALIGN_LEFT);
	h = layout_height(l) + 4;
	g_object_unref(l);
	return h;
}

/*
 * A row too tall for a page of its own: its cells run on line by line,
 * each page taking what fits of every cell, the header repeated.
 */
static void
row_split(struct pdf *p, const struct tview *t, const double *w, struct trow *tr,
	  struct trow *hr)
{
	struct lines *ls = xcalloc(t->ncols, sizeof(*ls));
	size_t *from = xcalloc(t->ncols, sizeof(*from)), left = 0;

	for (size_t c = 0; c < t->ncols; c++) {
		lines_get(tr->l[c], &ls[c]);
		left += ls[c].n;
	}
	while (left > 0) {
		double avail = BODY_BOTTOM - p->y - 2 * CELL_PAD_Y, used = 0, x = MARGIN_X;
		size_t took = 0;

		for (size_t c = 0; c < t->ncols; c++) {
			size_t k = from[c];

			while (k < ls[c].n &&
			       ls[c].bottom[k] - ls[c].top[from[c]] <= avail + EPS)
				k++;
			if (k == from[c] && k < ls[c].n && at_top(p))
				k++;
			lines_draw(p, &ls[c], from[c], k, x + CELL_PAD_X,
				   p->y + CELL_PAD_Y, C_TEXT);
			if (k > from[c] && ls[c].bottom[k - 1] - ls[c].top[from[c]] > used)
				used = ls[c].bottom[k - 1] - ls[c].top[from[c]];
			took += k - from[c];
			from[c] = k;
			x += w[c] + 2 * CELL_PAD_X;
		}
		left -= took;
		p->y += used + 2 * CELL_PAD_Y;
		if (left > 0) {
			new_page(p);
			table_head(p, t, w, hr, 1);
		}
	}
	rule(p, p->y, 0.5, C_BORDER);
	for (size_t c = 0; c < t->ncols; c++)
		lines_release(&ls[c]);
	free(ls);
	free(from);
}

/* A table of at most this many rows is short. */
#define SHORT_TABLE 12

/*
 * The height the table needs before it can start on a page: its caption,
 * header and the rows table_moves() wants on the same page (the first
 * three, and half of a short table), so that a heading or a lead-in kept
 * with it is not left behind when the table moves on.
 */
static double
table_start_height(struct pdf *p, const struct tview *t, const double *w)
{
	struct trow tr = { xcalloc(t->ncols, sizeof(PangoLayout *)), 0 };
	double h = caption_height(p, t);
	size_t n = 0, want;

	for (const void *row = t->first; row; row = t->next(row))
		n++;
	want = n < 3 ? n : 3;
	if (n <= SHORT_TABLE && (n + 1) / 2 > want)
		want = (n + 1) / 2;
	if (t->header) {
		row_layout(p, t, NULL, w, &tr);
		h += tr.h + 2 * CELL_PAD_Y;
		row_release(t, &tr);
	}
	for (const void *row = t->first; row && want > 0; row = t->next(row), want--) {
		row_layout(p, t, row, w, &tr);
		h += tr.h + 2 * CELL_PAD_Y;
		row_release(t, &tr);
	}
	free(tr.l);
	return h;
}

/*
 * Whether a table should start on a new page rather than here: when not
 * even its caption, header and first rows fit, or when it is short and
 * more than half of it would run over anyway (a short table reads best
 * whole). tr is scratch.
 */
static int
table_moves(struct pdf *p, const struct tview *t, const double *w,
	    struct trow *tr, double header_h)
{
	double y = p->y + caption_height(p, t) + (t->header ? header_h + 2 * CELL_PAD_Y : 0);
	size_t n = 0, fit = 0;

	if (at_top(p))
		return 0;
	for (const void *row = t->first; row; row = t->next(row)) {
		n++;
		if (fit + 1 < n || n > 3 * SHORT_TABLE)
			continue;	/* counting the rows only */
		row_layout(p, t, row, w, tr);
		y += tr->h + 2 * CELL_PAD_Y;
		row_release(t, tr);
		if (y <= BODY_BOTTOM + EPS)
			fit++;
	}
	if (fit == n)
		return 0;
	if (fit < (n < 3 ? n : 3))
		return 1;
	return n <= SHORT_TABLE && 2 * fit < n;
}

/*
 * The column widths of the table of block key: measured the first time
 * they are asked for, in either pass, and kept. Papers hold tens of
 * tables, so a scan finds them soon enough.
 */
static const double *
widths_of(struct pdf *p, const void *key, const struct tview *t)
{
	double *w;

	for (size_t i = p->nwidths; i-- > 0;)
		if (p->widths[i].key == key)
			return p->widths[i].w;
	w = xcalloc(t->ncols ? t->ncols : 1, sizeof(*w));
	table_widths(p, t, w);
	ALLOC_GROW(p->widths, p->nwidths + 1, p->awidths);
	p->widths[p->nwidths].key = key;
	p->widths[p->nwidths++].w = w;
	return w;
}

static void
table(struct pdf *p, const void *key, const struct tview *t)
{
	const double *w;
	struct trow hr = { NULL, 0 }, tr = { NULL, 0 };
	double capacity;

	if (t->ncols == 0)
		return;
	w = widths_of(p, key, t);
	hr.l = xcalloc(t->ncols, sizeof(PangoLayout *));
	tr.l = xcalloc(t->ncols, sizeof(PangoLayout *));
	if (t->header)
		row_layout(p, t, NULL, w, &hr);
	if (table_moves(p, t, w, &tr, hr.h))
		new_page(p);
	table_head(p, t, w, &hr, 0);
	/* what a fresh page holds below the caption and header */
	capacity = BODY_BOTTOM - BODY_TOP - caption_height(p, t) -
		(t->header ? hr.h + 2 * CELL_PAD_Y : 0);
	for (const void *row = t->first; row; row = t->next(row)) {
		double h;

		row_layout(p, t, row, w, &tr);
		h = tr.h + 2 * CELL_PAD_Y;
		if (p->y + h > BODY_BOTTOM + EPS && h <= capacity + EPS) {
			new_page(p);
			table_head(p, t, w, &hr, 1);
		}
		if (p->y + h > BODY_BOTTOM + EPS)
			row_split(p, t, w, &tr, &hr);
		else
			row_draw(p, t, w, &tr, 0);
		row_release(t, &tr);
	}
	if (t->header)
		row_release(t, &hr);
	free(hr.l);
	free(tr.l);
	p->y += 14;
}

static const void *
trow_next(const void *row)
{
	return ((const struct report_row *)row)->next;
}

static const struct report_inline *
trow_cell(const void *row, size_t c)
{
	return &((const struct report_row *)row)->cells[c];
}

static const void *
kv_next(const void *row)
{
	return ((const struct report_item *)row)->next;
}

static const struct report_inline *
kv_cell(const void *row, size_t c)
{
	const struct report_item *it = row;

	return c == 0 ? &it->key : &it->text;
}

static const double kv_shares[2] = { 0.32, 0.68 };

static void
tview_of(const struct report_block *b, struct tview *t)
{
	memset(t, 0, sizeof(*t));
	if (b->type == RB_KV) {
		t->ncols = 2;
		t->row_headers = 1;
		t->shares = kv_shares;
		t->first = b->items;
		t->next = kv_next;
		t->cell = kv_cell;
		return;
	}
	t->caption = b->caption;
	t->ncols = b->ncols;
	t->header = b->header;
	t->align = b->align;
	t->row_headers = b->row_headers;
	t->first = b->rows;
	t->next = trow_next;
	t->cell = trow_cell;
}

/* --- blocks ----------------------------------------------------------------- */

#define BULLET_INDENT 16.0
#define NOTE_BAR 5.0
#define NOTE_PAD 12.0

static PangoLayout *
bullet_layout(struct pdf *p, const struct report_item *it)
{
	PangoLayout *l = layout_inline(p, F_BODY, BULLET, &it->text,
				       CONTENT_W, PANGO_ALIGN_LEFT);
	PangoTabArray *tabs = pango_tab_array_new_with_positions(1, FALSE,
		PANGO_TAB_LEFT, (int)(BULLET_INDENT * PANGO_SCALE));

	pango_layout_set_tabs(l, tabs);
	pango_tab_array_free(tabs);
	pango_layout_set_indent(l, (int)(-BULLET_INDENT * PANGO_SCALE));
	return l;
}

static PangoLayout *
note_layout(struct pdf *p, const struct report_block *b)
{
	char *label = b->label ? xasprintf("%s: ", b->label) : NULL;
	PangoLayout *l = layout_inline(p, F_BODY, label, &b->text,
				       CONTENT_W - NOTE_BAR - 2 * NOTE_PAD, PANGO_ALIGN_LEFT);

	if (label) {
		PangoAttrList *al = pango_attr_list_copy(pango_layout_get_attributes(l));

		if (al == NULL)
			al = pango_attr_list_new();
		attr_range(al, pango_attr_weight_new(PANGO_WEIGHT_BOLD), 0, strlen(label));
		pango_layout_set_attributes(l, al);
		pango_attr_list_unref(al);
		free(label);
	}
	return l;
}

/* The panel and bar of a note, under the part of it on this page. */
static void
note_frag(struct pdf *p, double y0, double y1, void *ctx)
{
	(void)ctx;
	set_rgb(p->cr, C_PANEL);
	cairo_rectangle(p->cr, MARGIN_X, y0 - NOTE_PAD / 2, CONTENT_W,
			y1 - y0 + NOTE_PAD);
	cairo_fill(p->cr);
	set_rgb(p->cr, C_BORDER);
	cairo_rectangle(p->cr, MARGIN_X, y0 - NOTE_PAD / 2, NOTE_BAR, y1 - y0 + NOTE_PAD);
	cairo_fill(p->cr);
}

/* --- charts ------------------------------------------------------------------ */

/* The scale a chart is drawn at: its own size, shrunk to fit a page. */
static double
chart_scale(const struct report_block *b)
{
	double s = 1, room = BODY_BOTTOM - BODY_TOP - 40;

	if (b->width <= 0 || b->height <= 0)
		return 0;
	if (b->width > CONTENT_W)
		s = CONTENT_W / b->width;
	if (b->height * s > room)
		s = room / b->height;
	return s;
}

/*
 * The caption over a chart, or NULL when it would only repeat the
 * chart's own title, which the chart draws in large type just below.
 */
static PangoLayout *
chart_caption(struct pdf *p, const struct report_block *b)
{
	const char *title = b->chart ? b->chart->title : NULL;

	if (b->caption == NULL || (title && strcmp(b->caption, title) == 0))
		return NULL;
	return layout_plain(p, F_CAPTION, b->caption, CONTENT_W, PANGO_ALIGN_LEFT);
}

/* The whole height of a chart block: it is never split. */
static double
chart_height(struct pdf *p, const struct report_block *b)
{
	PangoLayout *l = chart_caption(p, b);
	double h = b->height * chart_scale(b);

	if (l) {
		h += layout_height(l) + 6;
		g_object_unref(l);
	}
	return h;
}

/*
 * A chart: its caption, then the chart drawn as vectors by chart_draw()
 * at the size the builder chose (shrunk to the page if need be), kept on
 * one page. A chart that cannot be drawn is said so in words, as in the
 * HTML, so the paper still comes out.
 */
static void
chart_block(struct pdf *p, const struct report_block *b)
{
	struct error err = ERROR_INIT;
	double s = chart_scale(b), x;
	PangoLayout *l;
	char msg[512];

	if (b->chart == NULL || s <= 0 || chart_check(b->chart, &err) < 0) {
		char *text = xasprintf("This chart could not be drawn: %s",
				       b->chart ? error_text(&err, msg, sizeof(msg)) :
				       "there is no chart");

		l = layout_plain(p, F_BODY, text, CONTENT_W, PANGO_ALIGN_LEFT);
		flow(p, l, MARGIN_X, C_SECONDARY, NULL, NULL);
		g_object_unref(l);
		free(text);
		p->y += 8;
		return;
	}
	ensure(p, chart_height(p, b));
	if ((l = chart_caption(p, b))) {
		layout_draw(p, l, MARGIN_X, p->y, C_TEXT);
		p->y += layout_height(l) + 6;
		g_object_unref(l);
	}
	if (p->drawing) {
		x = MARGIN_X + (CONTENT_W - b->width * s) / 2;
		cairo_save(p->cr);
		cairo_translate(p->cr, x, p->y);
		cairo_scale(p->cr, s, s);
		if (chart_draw(b->chart, p->cr, 0, 0, b->width, b->height, &err) < 0)
			p->chart_failed++;
		cairo_restore(p->cr);
	}
	p->y += b->height * s + 14;
}

/* A paragraph that introduces what follows ("Targets reached:"). */
static int
lead_in(const struct report_inline *in)
{
	const char *t = in->last ? in->last->text : NULL;
	size_t n = t ? strlen(t) : 0;

	while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\n'))
		n--;
	return n > 0 && t[n - 1] == ':';
}

/* The least height a block needs on the page its heading is set on. */
static double
block_start_height(struct pdf *p, const struct report_block *b)
{
	PangoLayout *l = NULL;
	struct tview t;
	double h = 0;

	switch (b->type) {
	case RB_PARA:
		l = layout_inline(p, F_BODY, NULL, &b->text, CONTENT_W, PANGO_ALIGN_LEFT);
		h = first_lines(l, 2);
		break;
	case RB_BULLETS:
		if (b->items) {
			l = bullet_layout(p, b->items);
			h = first_lines(l, 2);
		}
		break;
	case RB_NOTE:
		l = note_layout(p, b);
		h = first_lines(l, 2) + NOTE_PAD;
		break;
	case RB_KV:
	case RB_TABLE:
		tview_of(b, &t);
		if (t.ncols > 0)
			h = table_start_height(p, &t, widths_of(p, b, &t));
		break;
	case RB_CHART:
		h = chart_height(p, b);
		break;
	}
	if (l)
		g_object_unref(l);
	return h;
}

/*
 * The least height a block needs with what it must not be parted from: a
 * lead-in paragraph whole with the start of the block it introduces,
 * anything else its own start.
 */
static double
block_keep_height(struct pdf *p, const struct report_block *b)
{
	PangoLayout *l;
	double h;

	if (b->type != RB_PARA || !b->next || !lead_in(&b->text))
		return block_start_height(p, b);
	l = layout_inline(p, F_BODY, NULL, &b->text, CONTENT_W, PANGO_ALIGN_LEFT);
	h = layout_height(l) + 8 + block_start_height(p, b->next);
	g_object_unref(l);
	return h;
}

static void
block(struct pdf *p, const struct report_block *b)
{
	PangoLayout *l;
	struct tview t;

	switch (b->type) {
	case RB_PARA:
		l = layout_inline(p, F_BODY, NULL, &b->text, CONTENT_W, PANGO_ALIGN_LEFT);
		if (b->next && lead_in(&b->text))
			ensure(p, block_keep_height(p, b));
		flow(p, l, MARGIN_X, C_TEXT, NULL, NULL);
		g_object_unref(l);
		p->y += 8;
		break;
	case RB_BULLETS:
		for (const struct report_item *it = b->items; it; it = it->next) {
			l = bullet_layout(p, it);
			flow(p, l, MARGIN_X, C_TEXT, NULL, NULL);
			g_object_unref(l);
			p->y += 4;
		}
		p->y += 4;
		break;
	case RB_NOTE:
		l = note_layout(p, b);
		ensure(p, first_lines(l, 2) + NOTE_PAD);
		p->y += NOTE_PAD / 2;
		flow(p, l, MARGIN_X + NOTE_BAR + NOTE_PAD, C_TEXT, note_frag, NULL);
		p->y += NOTE_PAD / 2 + 10;
		g_object_unref(l);
		break;
	case RB_KV:
	case RB_TABLE:
		tview_of(b, &t);
		table(p, b, &t);
		break;
	case RB_CHART:
		chart_block(p, b);
		break;
	}
}

/* --- sections ----------------------------------------------------------------- */

static enum font
heading_font(int level)
{
	return level <= 1 ? F_H1 : level == 2 ? F_H2 : F_H3;
}

static char *section_title(const struct report_section *s);

static PangoLayout *
heading_layout(struct pdf *p, const struct report_section *s)
{
	char *text = section_title(s);
	PangoLayout *l = layout_plain(p, heading_font(s->level), text, CONTENT_W,
				      PANGO_ALIGN_LEFT);

	free(text);
	return l;
}

static double
heading_space(int level)
{
	return level <= 1 ? 22 : level == 2 ? 14 : 10;
}

/*
 * The height a heading needs with what follows it: the start of its
 * first block or, for a section with none, the next heading and its own
 * start (a few levels down at most).
 */
static double
keep_height(struct pdf *p, const struct report_section *s, int depth)
{
	PangoLayout *l = heading_layout(p, s);
	double h = layout_height(l) + 6;

	g_object_unref(l);
	if (s->blocks)
		h += block_keep_height(p, s->blocks);
	else if (s->next && depth < 3)
		h += heading_space(s->next->level) + keep_height(p, s->next, depth + 1);
	return h;
}

/* "3.1 What the portfolio has achieved", cleaned; the caller frees it. */
static char *
section_title(const struct report_section *s)
{
	char *num = s->number ? xasprintf("%s %s", s->number, s->heading) : NULL;
	char *t = clean_dup(num ? num : s->heading);

	free(num);
	return t;
}

static void
outline(struct pdf *p, const struct report_section *s)
{
	char *name = section_title(s);
	char *dest = xasprintf("page=%d pos=[%.2f %.2f]", p->page, MARGIN_X, p->y);
	int level = s->level < 1 ? 1 : s->level > 3 ? 3 : s->level;
	int parent = level == 1 ? CAIRO_PDF_OUTLINE_ROOT : p->outline[level - 1];

	p->outline[level] = cairo_pdf_surface_add_outline(p->surface, parent, name,
		dest, level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
	for (int i = level + 1; i < 4; i++)
		p->outline[i] = p->outline[level];
	free(name);
	free(dest);
}

static void
section(struct pdf *p, const struct report_section *s)
{
	PangoLayout *l;

	space(p, heading_space(s->level));
	ensure(p, keep_height(p, s, 0));
	if (s->level <= 1 && !at_top(p)) {
		rule(p, p->y - 8, 1.5, C_TEXT);
	}
	if (!p->drawing) {
		p->sec_page[p->sec] = p->page;
		p->sec_y[p->sec] = p->y;
	} else {
		outline(p, s);
	}
	l = heading_layout(p, s);
	layout_draw(p, l, MARGIN_X, p->y, C_TEXT);
	p->y += layout_height(l) + 6;
	g_object_unref(l);
	for (const struct report_block *b = s->blocks; b; b = b->next)
		block(p, b);
}

/* --- the first page ------------------------------------------------------------- */

static void
title_block(struct pdf *p)
{
	const struct report *r = p->r;
	struct report meta;
	struct report_section *s;
	struct report_block *kv;
	struct tview t;
	PangoLayout *l;
	char date[32];

	if (r->organisation) {
		l = layout_plain(p, F_ORG, r->organisation, CONTENT_W, PANGO_ALIGN_LEFT);
		layout_draw(p, l, MARGIN_X, p->y, C_TEXT);
		p->y += layout_height(l) + 6;
		g_object_unref(l);
	}
	if (p->drawing) {
		set_rgb(p->cr, C_BLUE);
		cairo_rectangle(p->cr, MARGIN_X, p->y, CONTENT_W, 4);
		cairo_fill(p->cr);
	}
	p->y += 26;
	if (r->board) {
		l = layout_plain(p, F_SUBTITLE, r->board, CONTENT_W, PANGO_ALIGN_LEFT);
		layout_draw(p, l, MARGIN_X, p->y, C_SECONDARY);
		p->y += layout_height(l) + 6;
		g_object_unref(l);
	}
	l = layout_plain(p, F_TITLE, r->title ? r->title : "Report", CONTENT_W,
			 PANGO_ALIGN_LEFT);
	layout_draw(p, l, MARGIN_X, p->y, C_TEXT);
	p->y += layout_height(l) + 8;
	g_object_unref(l);
	if (r->subtitle) {
		l = layout_plain(p, F_SUBTITLE, r->subtitle, CONTENT_W, PANGO_ALIGN_LEFT);
		layout_draw(p, l, MARGIN_X, p->y, C_SECONDARY);
		p->y += layout_height(l) + 6;
		g_object_unref(l);
	}
	p->y += 14;

	/* Date, author and marking as a summary list, like the HTML's. */
	report_init(&meta);
	s = report_section(&meta, 1, NULL, "");
	kv = report_kv(&meta, s);
	if (r->date)
		report_add(&meta, report_kv_item(&meta, kv, "Date"), RS_PLAIN,
			   date_format_long(r->date, date));
	if (r->author)
		report_add(&meta, report_kv_item(&meta, kv, "Report by"), RS_PLAIN, r->author);
	report_add(&meta, report_kv_item(&meta, kv, "Protective marking"), RS_STRONG,
		   r->marking ? r->marking : "OFFICIAL");
	tview_of(kv, &t);
	table(p, kv, &t);
	report_release(&meta);
	p->y += 10;
}

/* --- contents --------------------------------------------------------------------- */

#define TOC_NUM_W 36.0

static void
contents(struct pdf *p)
{
	PangoLayout *l;
	size_t i = 0;

	space(p, heading_space(1));
	l = layout_plain(p, F_H1, "Contents", CONTENT_W, PANGO_ALIGN_LEFT);
	ensure(p, layout_height(l) + 40);
	layout_draw(p, l, MARGIN_X, p->y, C_TEXT);
	p->y += layout_height(l) + 10;
	g_object_unref(l);
	for (const struct report_section *s = p->r->sections; s; s = s->next, i++) {
		double indent = s->level <= 1 ? 0 : 18, h;
		char *title;
		struct lines ls;

		if (s->level > 2)
			continue;
		title = section_title(s);
		l = layout_plain(p, s->level <= 1 ? F_CAPTION : F_BODY, title,
				 CONTENT_W - indent - TOC_NUM_W - 12, PANGO_ALIGN_LEFT);
		free(title);
		h = layout_height(l);
		if (s->level <= 1)
			space(p, 6);
		ensure(p, h);
		if (p->drawing) {
			char num[16], *link;
			PangoLayout *n;
			double end, base;

			lines_get(l, &ls);
			link = xasprintf("page=%d pos=[%.2f %.2f]", p->sec_page[i],
					 MARGIN_X, p->sec_y[i]);
			cairo_tag_begin(p->cr, CAIRO_TAG_LINK, link);
			lines_draw(p, &ls, 0, ls.n, MARGIN_X + indent, p->y, C_TEXT);
			snprintf(num, sizeof(num), "%d", p->sec_page[i]);
			n = layout_plain(p, F_BODY, num, TOC_NUM_W, PANGO_ALIGN_RIGHT);
			base = p->y + ls.base[ls.n - 1] - ls.top[0];
			layout_draw(p, n, PAGE_W - MARGIN_X - TOC_NUM_W,
				    base - (double)pango_layout_get_baseline(n) / PANGO_SCALE,
				    C_TEXT);
			cairo_tag_end(p->cr, CAIRO_TAG_LINK);
			/* a dotted leader from the title to its page number */
			end = MARGIN_X + indent + ls.x[ls.n - 1] +
				line_width(ls.line[ls.n - 1]) + 6;
			cairo_save(p->cr);
			set_rgb(p->cr, C_SECONDARY);
			cairo_set_line_width(p->cr, 0.9);
			cairo_set_line_cap(p->cr, CAIRO_LINE_CAP_ROUND);
			cairo_set_dash(p->cr, (const double[]){ 0, 3.2 }, 2, 0);
			cairo_move_to(p->cr, end, base - 1);
			cairo_line_to(p->cr, PAGE_W - MARGIN_X - TOC_NUM_W + 4, base - 1);
			cairo_stroke(p->cr);
			cairo_restore(p->cr);
			g_object_unref(n);
			free(link);
			lines_release(&ls);
		}
		p->y += h + 3;
		g_object_unref(l);
	}
}

/* --- the document ------------------------------------------------------------------ */

static void
typeset(struct pdf *p)
{
	p->page = 0;
	p->sec = 0;
	memset(p->outline, 0, sizeof(p->outline));
	begin_page(p);
	title_block(p);
	if (p->r->toc && p->r->sections) {
		contents(p);
		new_page(p);
	}
	for (const struct report_section *s = p->r->sections; s; s = s->next, p->sec++)
		section(p, s);
	end_page(p);
}

static cairo_status_t
write_out(void *closure, const unsigned char *data, unsigned int length)
{
	struct pdf *p = closure;

	if (strbuf_add(p->out, data, length) < 0) {
		p->write_failed = 1;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static void
metadata(struct pdf *p)
{
	const struct report *r = p->r;
	const char *author = r->author ? r->author : r->organisation;
	char *s;

	if (r->title) {
		s = clean_dup(r->title);
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, s);
		free(s);
	}
	if (author) {
		s = clean_dup(author);
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_AUTHOR, s);
		free(s);
	}
	s = clean_dup(r->marking ? r->marking : "OFFICIAL");
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_SUBJECT, s);
	free(s);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR,
				       "folio " FOLIO_VERSION);
	if (r->date) {
		char iso[32], stamp[48];

		/* the paper's own date, so the same paper gives the same bytes */
		snprintf(stamp, sizeof(stamp), "%sT00:00:00Z", date_format(r->date, iso));
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATE_DATE, stamp);
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_MOD_DATE, stamp);
	}
}

static void
fonts_init(struct pdf *p)
{
	cairo_font_options_t *fo = cairo_font_options_create();

	p->pc = pango_cairo_create_context(p->cr);
	/* Unhinted metrics, as the charts: lines break where they measure. */
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p->pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_language(p->pc, pango_language_from_string("en-gb"));
	pango_cairo_context_set_shape_renderer(p->pc, draw_swatch, NULL, NULL);
	for (int i = 0; i < F__COUNT; i++) {
		p->font[i] = pango_font_description_new();
		pango_font_description_set_family(p->font[i], FONT_FAMILY);
		pango_font_description_set_absolute_size(p->font[i],
							 fonts[i].size * PANGO_SCALE);
		pango_font_description_set_weight(p->font[i], fonts[i].bold ?
						  PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	}
}

int
report_render_pdf(const struct report *r, struct strbuf *out, struct error *err)
{
	struct pdf p;
	cairo_status_t st;
	int ret = -1, measured;

	memset(&p, 0, sizeof(p));
	p.r = r;
	p.out = out;
	p.surface = cairo_pdf_surface_create_for_stream(write_out, &p, PAGE_W, PAGE_H);
	metadata(&p);
	p.cr = cairo_create(p.surface);
	fonts_init(&p);
	p.sec_page = xcalloc(r->nsections + 1, sizeof(*p.sec_page));
	p.sec_y = xcalloc(r->nsections + 1, sizeof(*p.sec_y));

	typeset(&p);
	measured = p.page;
	p.npages = measured;
	p.drawing = 1;
	typeset(&p);

	st = cairo_status(p.cr);
	cairo_destroy(p.cr);
	cairo_surface_finish(p.surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(p.surface);
	cairo_surface_destroy(p.surface);
	if (p.write_failed)
		error_set(err, ERR_IO, "the PDF is larger than the output allows");
	else if (st != CAIRO_STATUS_SUCCESS)
		error_set(err, ERR_IO, "cairo: %s", cairo_status_to_string(st));
	else if (p.page != measured)
		error_set(err, ERR_INTERNAL, "the layout did not settle: %d pages, then %d",
			  measured, p.page);
	else
		ret = 0;

	for (int i = 0; i < F__COUNT; i++)
		pango_font_description_free(p.font[i]);
	g_object_unref(p.pc);
	for (size_t i = 0; i < p.nwidths; i++)
		free(p.widths[i].w);
	free(p.widths);
	free(p.sec_page);
	free(p.sec_y);
	return ret;
}
