/*
 * chart-svg.c - the SVG a chart is written as, drawn by folio itself
 * rather than by cairo's SVG surface.
 *
 * The chart types draw through cx_fill(), cx_stroke(), cx_clip(),
 * cx_save(), cx_restore() and cx_show() (chart-draw.c). For PDF and PNG
 * those are cairo's own calls. For SVG they come here: each fill or stroke
 * takes the path cairo built (cairo_copy_path()) and its pen (colour,
 * width, dash, caps) and writes one <path>; a clip opens a <g> that the
 * matching restore closes; text is written glyph by glyph as <use> of a
 * glyph outline, at the positions pango gave, as cairo's SVG surface
 * writes it. The drawing is the same; what differs is the cost. cairo
 * extracts and prints every glyph outline again for every chart and its
 * numbers with printf, and its SVG then had to be parsed again (libxml2)
 * to rename its process-wide ids and round its numbers. Here each glyph's
 * outline is extracted and printed once per process (a cache shared by
 * every chart, under a lock), numbers are written to two decimals as they
 * are made, and ids are made per chart, in order of first use, so the
 * same chart always gives the same bytes and two charts never share an id
 * (a prefix: the chart's id, else a hash of the drawing).
 */
#include "chart/chart-int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "core/strbuf.h"

/* The placeholder for the id prefix, replaced as the document is put together. */
#define PFX '\x01'
#define PFXS "\x01"

/* A font the drawing uses, and the numbers its glyphs have here. */
struct svg_font {
	const char *desc;	/* interned (see the text section) */
	GHashTable *nums;	/* glyph + 1 -> its number here */
};

struct svgw {
	struct strbuf body;	/* the drawing */
	struct strbuf defs;	/* glyph outlines it uses */
	struct svg_font *fonts;
	size_t nfonts, alloc_fonts;
	unsigned nglyphs, nclips;
	size_t npfx;		/* placeholders written, each to become the prefix */
	size_t *saved;		/* groups open at each cx_save() */
	size_t nsaved, alloc_saved;
	size_t open;		/* <g> elements open */
};


struct svgw *
svgw_new(void)
{
	struct svgw *w = g_new0(struct svgw, 1);

	strbuf_init(&w->body, 1 << 15);
	strbuf_init(&w->defs, 1 << 14);
	return w;
}

void
svgw_free(struct svgw *w)
{
	size_t i;

	if (w == NULL)
		return;
	strbuf_release(&w->body);
	strbuf_release(&w->defs);
	for (i = 0; i < w->nfonts; i++)
		g_hash_table_destroy(w->fonts[i].nums);
	g_free(w->fonts);
	g_free(w->saved);
	g_free(w);
}

/* --- numbers and colours ------------------------------------------------- */

/*
 * v to two decimals without trailing zeros ("12.5", "-0.25", "3"): a
 * hundredth of a point is finer than any screen or printer shows.
 */
static void
put_num(struct strbuf *sb, double v)
{
	char buf[48], *p = buf + sizeof(buf);
	long long c;
	int neg, frac;

	if (!isfinite(v) || fabs(v) > 1e15) {
		strbuf_addf(sb, "%.2f", isfinite(v) ? v : 0.0);
		return;
	}
	c = llround(v * 100.0);
	neg = c < 0;
	if (neg)
		c = -c;
	frac = (int)(c % 100);
	if (frac) {
		if (frac % 10)
			*--p = (char)('0' + frac % 10);
		*--p = (char)('0' + frac / 10);
		*--p = '.';
	}
	neg = neg && c != 0;	/* no "-0" */
	c /= 100;
	do {
		*--p = (char)('0' + c % 10);
		c /= 10;
	} while (c);
	if (neg)
		*--p = '-';
	strbuf_add(sb, p, (size_t)(buf + sizeof(buf) - p));
}

static void
put_uint(struct strbuf *sb, unsigned v)
{
	char buf[16], *p = buf + sizeof(buf);

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	strbuf_add(sb, p, (size_t)(buf + sizeof(buf) - p));
}

static void
put_rgb(struct strbuf *sb, double r, double g, double b)
{
	static const char hex[] = "0123456789abcdef";
	char buf[7];
	int v[3], i;

	v[0] = (int)lround(fmin(fmax(r, 0), 1) * 255);
	v[1] = (int)lround(fmin(fmax(g, 0), 1) * 255);
	v[2] = (int)lround(fmin(fmax(b, 0), 1) * 255);
	buf[0] = '#';
	for (i = 0; i < 3; i++) {
		buf[1 + 2 * i] = hex[v[i] >> 4];
		buf[2 + 2 * i] = hex[v[i] & 15];
	}
	strbuf_add(sb, buf, sizeof(buf));
}

/* ` name="#rrggbb"` and its opacity, from cairo's source (always solid here). */
static void
put_paint(struct strbuf *sb, cairo_t *cr, const char *name)
{
	double r = 0, g = 0, b = 0, a = 1;

	cairo_pattern_get_rgba(cairo_get_source(cr), &r, &g, &b, &a);
	strbuf_addch(sb, ' ');
	strbuf_addstr(sb, name);
	strbuf_addstr(sb, "=\"");
	put_rgb(sb, r, g, b);
	strbuf_addch(sb, '"');
	if (a < 1) {
		strbuf_addch(sb, ' ');
		strbuf_addstr(sb, name);
		strbuf_addstr(sb, "-opacity=\"");
		put_num(sb, a);
		strbuf_addch(sb, '"');
	}
}

/* The path cairo holds, as path data. */
static void
put_path_data(struct strbuf *sb, const cairo_path_t *path)
{
	int i, first = 1;

	for (i = 0; i < path->num_data; i += path->data[i].header.length) {
		const cairo_path_data_t *d = &path->data[i];
		int k, n = 0;

		if (!first)
			strbuf_addch(sb, ' ');
		first = 0;
		switch (d->header.type) {
		case CAIRO_PATH_MOVE_TO:
			strbuf_addch(sb, 'M');
			n = 1;
			break;
		case CAIRO_PATH_LINE_TO:
			strbuf_addch(sb, 'L');
			n = 1;
			break;
		case CAIRO_PATH_CURVE_TO:
			strbuf_addch(sb, 'C');
			n = 3;
			break;
		case CAIRO_PATH_CLOSE_PATH:
			strbuf_addch(sb, 'Z');
			break;
		}
		for (k = 1; k <= n; k++) {
			strbuf_addch(sb, ' ');
			put_num(sb, d[k].point.x);
			strbuf_addch(sb, ' ');
			put_num(sb, d[k].point.y);
		}
	}
}

/* --- fills, strokes and clips ------------------------------------------- */

void
svgw_fill(struct svgw *w, cairo_t *cr, int preserve)
{
	cairo_path_t *path = cairo_copy_path(cr);

	if (path->status == CAIRO_STATUS_SUCCESS && path->num_data > 0) {
		strbuf_addstr(&w->body, "<path");
		put_paint(&w->body, cr, "fill");
		strbuf_addstr(&w->body, " d=\"");
		put_path_data(&w->body, path);
		strbuf_addstr(&w->body, "\"/>\n");
	}
	cairo_path_destroy(path);
	if (!preserve)
		cairo_new_path(cr);
}

void
svgw_stroke(struct svgw *w, cairo_t *cr)
{
	cairo_path_t *path = cairo_copy_path(cr);
	struct strbuf *sb = &w->body;

	if (path->status == CAIRO_STATUS_SUCCESS && path->num_data > 0) {
		int ndash = cairo_get_dash_count(cr);
		cairo_line_cap_t cap = cairo_get_line_cap(cr);
		cairo_line_join_t join = cairo_get_line_join(cr);

		strbuf_addstr(sb, "<path fill=\"none\"");
		put_paint(sb, cr, "stroke");
		strbuf_addstr(sb, " stroke-width=\"");
		put_num(sb, cairo_get_line_width(cr));
		strbuf_addch(sb, '"');
		if (cap != CAIRO_LINE_CAP_BUTT)
			strbuf_addstr(sb, cap == CAIRO_LINE_CAP_ROUND ?
				      " stroke-linecap=\"round\"" : " stroke-linecap=\"square\"");
		if (join == CAIRO_LINE_JOIN_MITER) {
			strbuf_addstr(sb, " stroke-miterlimit=\"");
			put_num(sb, cairo_get_miter_limit(cr));
			strbuf_addch(sb, '"');
		} else {
			strbuf_addstr(sb, join == CAIRO_LINE_JOIN_ROUND ?
				      " stroke-linejoin=\"round\"" : " stroke-linejoin=\"bevel\"");
		}
		if (ndash > 0) {
			double dash[8], offset = 0;
			int i;

			if (ndash > 8)
				ndash = 8;	/* the charts use two */
			cairo_get_dash(cr, dash, &offset);
			strbuf_addstr(sb, " stroke-dasharray=\"");
			for (i = 0; i < ndash; i++) {
				if (i)
					strbuf_addch(sb, ',');
				put_num(sb, dash[i]);
			}
			/* an odd list repeats, as in cairo */
			for (i = 0; ndash % 2 && i < ndash; i++) {
				strbuf_addch(sb, ',');
				put_num(sb, dash[i]);
			}
			strbuf_addch(sb, '"');
			if (offset != 0) {
				strbuf_addstr(sb, " stroke-dashoffset=\"");
				put_num(sb, offset);
				strbuf_addch(sb, '"');
			}
		}
		strbuf_addstr(sb, " d=\"");
		put_path_data(sb, path);
		strbuf_addstr(sb, "\"/>\n");
	}
	cairo_path_destroy(path);
	cairo_new_path(cr);
}

void
svgw_clip(struct svgw *w, cairo_t *cr)
{
	cairo_path_t *path = cairo_copy_path(cr);
	struct strbuf *sb = &w->body;
	w->nclips++;
	w->npfx += 2;
	strbuf_addstr(sb, "<clipPath id=\"" PFXS "c");
	put_uint(sb, w->nclips);
	strbuf_addstr(sb, "\"><path d=\"");
	if (path->status == CAIRO_STATUS_SUCCESS)
		put_path_data(sb, path);
	strbuf_addstr(sb, "\"/></clipPath>\n<g clip-path=\"url(#" PFXS "c");
	put_uint(sb, w->nclips);
	strbuf_addstr(sb, ")\">\n");
	w->open++;
	cairo_path_destroy(path);
	/* cairo keeps the clip too: the state must stay as the chart left it */
	cairo_clip(cr);
}

void
svgw_save(struct svgw *w)
{
	if (w->nsaved == w->alloc_saved) {
		w->alloc_saved = w->alloc_saved ? 2 * w->alloc_saved : 16;
		w->saved = g_renew(size_t, w->saved, w->alloc_saved);
	}
	w->saved[w->nsaved++] = w->open;
}

void
svgw_restore(struct svgw *w)
{
	size_t to = w->nsaved ? w->saved[--w->nsaved] : 0;

	while (w->open > to) {
		strbuf_addstr(&w->body, "</g>\n");
		w->open--;
	}
}

/* --- text ------------------------------------------------------------------ */

/*
 * What the process keeps, under one lock: each glyph's outline ("desc\n
 * glyph" -> path data, for good: a font has so many glyphs), the fonts'
 * descriptions (interned, so that a pointer names a font), and text laid
 * out (key -> struct svg_run, up to RUNS_MAX of them; then the table
 * starts afresh, so text from the data cannot grow it without end).
 */
#define RUNS_MAX 20000

static GMutex cache_lock;
static GHashTable *outlines;
static GHashTable *descs;
static GHashTable *runs;

/* One glyph of a run, placed relative to the run's top left. */
struct svg_glyph {
	const char *desc;	/* interned: the font */
	const char *outline;	/* path data; NULL: a missing glyph, drawn as a box */
	unsigned glyph;
	double x, y;		/* origin (baseline) or, for a box, top left */
	double bw, bh;		/* a box's size */
};

/* Text laid out once, shown by any chart. Immutable once made. */
struct svg_run {
	gint refs;
	double w, h;		/* logical size */
	size_t n;
	struct svg_glyph g[];
};

static const char *
intern_desc(PangoFont *font)
{
	PangoFontDescription *fd = pango_font_describe_with_absolute_size(font);
	char *d = pango_font_description_to_string(fd);
	const char *k;

	pango_font_description_free(fd);
	g_mutex_lock(&cache_lock);
	if (descs == NULL)
		descs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	k = g_hash_table_lookup(descs, d);
	if (k == NULL) {
		g_hash_table_add(descs, d);
		k = d;
		d = NULL;
	}
	g_mutex_unlock(&cache_lock);
	g_free(d);
	return k;
}

/*
 * The outline of one glyph at the origin, as path data: from the cache or,
 * the first time, from cairo (unhinted, as the chart's fonts are set up).
 */
static const char *
glyph_outline(cairo_t *cr, PangoFont *font, const char *desc, PangoGlyph glyph)
{
	char *key = g_strdup_printf("%s\n%u", desc, (unsigned)glyph);
	char *d;

	g_mutex_lock(&cache_lock);
	if (outlines == NULL)
		outlines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	d = g_hash_table_lookup(outlines, key);
	g_mutex_unlock(&cache_lock);
	if (d == NULL) {
		cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
		cairo_glyph_t g = { glyph, 0, 0 };
		struct strbuf sb = STRBUF_INIT;
		cairo_path_t *path;
		char *had;

		cairo_save(cr);
		cairo_new_path(cr);
		if (sf)
			cairo_set_scaled_font(cr, sf);
		cairo_glyph_path(cr, &g, 1);
		path = cairo_copy_path(cr);
		if (path->status == CAIRO_STATUS_SUCCESS)
			put_path_data(&sb, path);
		cairo_path_destroy(path);
		cairo_new_path(cr);
		cairo_restore(cr);
		d = strbuf_detach(&sb, NULL);
		g_mutex_lock(&cache_lock);
		had = g_hash_table_lookup(outlines, key);
		if (had) {
			free(d);	/* another thread was first */
			d = had;
		} else {
			g_hash_table_insert(outlines, key, d);
			key = NULL;
		}
		g_mutex_unlock(&cache_lock);
	}
	g_free(key);
	return d;	/* outlines live as long as the process */
}

static void
run_unref(gpointer p)
{
	struct svg_run *r = p;

	if (r && g_atomic_int_dec_and_test(&r->refs))
		g_free(r);
}

struct svg_run *
svgw_run_find(const char *key)
{
	struct svg_run *r = NULL;

	g_mutex_lock(&cache_lock);
	if (runs && (r = g_hash_table_lookup(runs, key)) != NULL)
		g_atomic_int_inc(&r->refs);
	g_mutex_unlock(&cache_lock);
	return r;
}

/*
 * The glyphs of layout l as pango places them (as pango_cairo_show_layout()
 * would draw them), kept under key. Returns a reference.
 */
struct svg_run *
svgw_run_keep(const char *key, cairo_t *cr, PangoLayout *l)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	PangoRectangle ink, logical;
	struct svg_run *r, *had;
	size_t n = 0, alloc = 16;
	PangoFont *last_font = NULL;
	const char *last_desc = NULL;

	r = g_malloc0(sizeof(*r) + alloc * sizeof(r->g[0]));
	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
		PangoRectangle rl;
		double x0, y0;
		int xpos = 0, i;

		if (run == NULL)
			continue;	/* the end of a line */
		pango_layout_iter_get_run_extents(it, NULL, &rl);
		x0 = (double)rl.x / PANGO_SCALE;
		y0 = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		for (i = 0; i < run->glyphs->num_glyphs; i++) {
			const PangoGlyphInfo *gi = &run->glyphs->glyphs[i];
			PangoFont *font = run->item->analysis.font;
			struct svg_glyph *g;

			xpos += gi->geometry.width;
			if (gi->glyph == PANGO_GLYPH_EMPTY)
				continue;
			if (n == alloc) {
				alloc *= 2;
				r = g_realloc(r, sizeof(*r) + alloc * sizeof(r->g[0]));
			}
			g = &r->g[n++];
			memset(g, 0, sizeof(*g));
			g->x = x0 + (double)(xpos - gi->geometry.width + gi->geometry.x_offset) /
				PANGO_SCALE;
			g->y = y0 + (double)gi->geometry.y_offset / PANGO_SCALE;
			if (gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
				double gw = (double)gi->geometry.width / PANGO_SCALE;
				double gh = 0.7 * (double)rl.height / PANGO_SCALE;

				g->x += gw * 0.15;
				g->y -= gh;
				g->bw = gw * 0.7;
				g->bh = gh;
				continue;
			}
			if (font != last_font) {
				last_font = font;
				last_desc = intern_desc(font);
			}
			g->desc = last_desc;
			g->glyph = gi->glyph;
			g->outline = glyph_outline(cr, font, last_desc, gi->glyph);
		}
	} while (pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
	pango_layout_get_extents(l, &ink, &logical);
	r->w = (double)logical.width / PANGO_SCALE;
	r->h = (double)logical.height / PANGO_SCALE;
	r->n = n;
	r->refs = 2;	/* the caller's and the table's */

	g_mutex_lock(&cache_lock);
	if (runs == NULL)
		runs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, run_unref);
	had = g_hash_table_lookup(runs, key);
	if (had) {
		/* another thread laid it out first: the same glyphs */
		g_atomic_int_inc(&had->refs);
		g_free(r);
		r = had;
	} else {
		if (g_hash_table_size(runs) >= RUNS_MAX)
			g_hash_table_remove_all(runs);
		g_hash_table_insert(runs, g_strdup(key), r);
	}
	g_mutex_unlock(&cache_lock);
	return r;
}

void
svgw_run_unref(struct svg_run *r)
{
	run_unref(r);
}

void
svgw_run_size(const struct svg_run *r, double *w, double *h)
{
	if (w)
		*w = r->w;
	if (h)
		*h = r->h;
}

/* The number of a glyph in this drawing; its outline goes into defs the first time. */
static unsigned
glyph_num(struct svgw *w, const struct svg_glyph *g)
{
	struct svg_font *f = NULL;
	gpointer n;
	size_t i;

	for (i = 0; i < w->nfonts && !f; i++)
		if (w->fonts[i].desc == g->desc)
			f = &w->fonts[i];
	if (f == NULL) {
		if (w->nfonts == w->alloc_fonts) {
			w->alloc_fonts = w->alloc_fonts ? 2 * w->alloc_fonts : 8;
			w->fonts = g_renew(struct svg_font, w->fonts, w->alloc_fonts);
		}
		f = &w->fonts[w->nfonts++];
		f->desc = g->desc;
		f->nums = g_hash_table_new(g_direct_hash, g_direct_equal);
	}
	n = g_hash_table_lookup(f->nums, GUINT_TO_POINTER(g->glyph + 1));
	if (n)
		return GPOINTER_TO_UINT(n);
	w->nglyphs++;
	w->npfx++;
	strbuf_addstr(&w->defs, "<path id=\"" PFXS "g");
	put_uint(&w->defs, w->nglyphs);
	strbuf_addstr(&w->defs, "\" d=\"");
	strbuf_addstr(&w->defs, g->outline);
	strbuf_addstr(&w->defs, "\"/>\n");
	g_hash_table_insert(f->nums, GUINT_TO_POINTER(g->glyph + 1), GUINT_TO_POINTER(w->nglyphs));
	return w->nglyphs;
}

/* Run r with its top left at (left, top), in rgb: a <use> per glyph. */
void
svgw_run_show(struct svgw *w, const struct svg_run *r, double left, double top,
	      uint32_t rgb)
{
	struct strbuf *sb = &w->body;
	size_t i;

	if (r->n == 0)
		return;
	strbuf_addstr(sb, "<g fill=\"");
	put_rgb(sb, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
		(rgb & 0xff) / 255.0);
	strbuf_addstr(sb, "\">\n");
	for (i = 0; i < r->n; i++) {
		const struct svg_glyph *g = &r->g[i];

		if (g->outline == NULL) {
			strbuf_addstr(sb, "<rect fill=\"none\" stroke=\"currentColor\" "
				      "stroke-width=\"0.5\" x=\"");
			put_num(sb, left + g->x);
			strbuf_addstr(sb, "\" y=\"");
			put_num(sb, top + g->y);
			strbuf_addstr(sb, "\" width=\"");
			put_num(sb, g->bw);
			strbuf_addstr(sb, "\" height=\"");
			put_num(sb, g->bh);
			strbuf_addstr(sb, "\"/>\n");
			continue;
		}
		strbuf_addstr(sb, "<use xlink:href=\"#" PFXS "g");
		w->npfx++;
		put_uint(sb, glyph_num(w, g));
		strbuf_addstr(sb, "\" x=\"");
		put_num(sb, left + g->x);
		strbuf_addstr(sb, "\" y=\"");
		put_num(sb, top + g->y);
		strbuf_addstr(sb, "\"/>\n");
	}
	strbuf_addstr(sb, "</g>\n");
}

/* --- the document ---------------------------------------------------------- */

/* The length of s as put_xml_text() writes it. */
static size_t
xml_text_len(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += *s == '&' || *s == '\r' ? 5 : *s == '<' || *s == '>' ? 4 : 1;
	return n;
}

/* Text as XML character data: & < > escaped, C0 controls (not XML) as spaces. */
static void
put_xml_text(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '&')
			strbuf_addstr(sb, "&amp;");
		else if (ch == '<')
			strbuf_addstr(sb, "&lt;");
		else if (ch == '>')
			strbuf_addstr(sb, "&gt;");
		else if (ch == '\r')
			strbuf_addstr(sb, "&#13;");
		else if (ch < 0x20 && ch != '\t' && ch != '\n')
			strbuf_addch(sb, ' ');
		else
			strbuf_addch(sb, (char)ch);
	}
}

/* Append src to dst with each placeholder replaced by the prefix. */
static void
put_prefixed(struct strbuf *dst, const struct strbuf *src, const char *prefix)
{
	const char *p = src->buf, *end = src->buf + src->len;

	while (p < end) {
		const char *q = memchr(p, PFX, (size_t)(end - p));

		if (q == NULL) {
			strbuf_add(dst, p, (size_t)(end - p));
			break;
		}
		strbuf_add(dst, p, (size_t)(q - p));
		strbuf_addstr(dst, prefix);
		p = q + 1;
	}
}

/*
 * The finished document, appended to out: the accessible name and
 * description first, then the glyph outlines, then the drawing. No XML
 * declaration, so it can be pasted into HTML as it stands.
 */
int
svgw_finish(struct svgw *w, const struct chart *c, double width_pt,
	    double height_pt, struct strbuf *out, struct error *err)
{
	struct strbuf desc = STRBUF_INIT, *doc = out;
	size_t start = out->len;
	char prefix[80];
	int rc = -1;

	while (w->open > 0) {
		strbuf_addstr(&w->body, "</g>\n");
		w->open--;
	}
	if (c->id) {
		snprintf(prefix, sizeof(prefix), "%s-", c->id);
	} else {
		/* FNV-1a of the drawing: stable for one chart, distinct between charts */
		uint32_t h = 2166136261u;
		size_t i;

		for (i = 0; i < w->defs.len; i++)
			h = (h ^ (unsigned char)w->defs.buf[i]) * 16777619u;
		for (i = 0; i < w->body.len; i++)
			h = (h ^ (unsigned char)w->body.buf[i]) * 16777619u;
		snprintf(prefix, sizeof(prefix), "chart-%08x-", h);
	}
	if (c->desc)
		strbuf_addstr(&desc, c->desc);
	else
		chart_describe(c, &desc);
	/*
	 * Written straight into out (a page of charts is megabytes: copied
	 * once), after making room for all of it, so that out's cap fails
	 * the whole document or nothing: the opening tag takes under 512
	 * bytes besides its prefixes.
	 */
	if (strbuf_grow(doc, w->body.len + w->defs.len + (w->npfx + 4) * strlen(prefix) +
			xml_text_len(c->title) + xml_text_len(desc.buf) + 512) < 0)
		goto full;
	strbuf_addstr(doc, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		      "xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"");
	put_num(doc, width_pt);
	strbuf_addstr(doc, "pt\" height=\"");
	put_num(doc, height_pt);
	strbuf_addstr(doc, "pt\" viewBox=\"0 0 ");
	put_num(doc, width_pt);
	strbuf_addch(doc, ' ');
	put_num(doc, height_pt);
	strbuf_addf(doc, "\" version=\"1.1\" role=\"img\" aria-labelledby=\"%stitle %sdesc\">"
		    "<title id=\"%stitle\">", prefix, prefix, prefix);
	put_xml_text(doc, c->title);
	strbuf_addf(doc, "</title><desc id=\"%sdesc\">", prefix);
	put_xml_text(doc, desc.buf);
	strbuf_addstr(doc, "</desc>\n<defs>\n");
	put_prefixed(doc, &w->defs, prefix);
	strbuf_addstr(doc, "</defs>\n");
	put_prefixed(doc, &w->body, prefix);
	if (strbuf_addstr(doc, "</svg>\n") < 0)
		goto full;
	rc = 0;
	goto out;
full:
	strbuf_setlen(out, start);
	error_set(err, ERR_IO, "the output buffer is full");
out:
	strbuf_release(&desc);
	return rc;
}
