/*
 * render-html.c - a report as one standalone, accessible HTML5 page.
 *
 * The page carries its stylesheet inline (data/templates/report.css,
 * compiled in) so it can be mailed or archived as one file. Structure
 * follows the tree: h1 for the title, then nested <section>s whose
 * headings go h2, h3, h4 without skipping a level; tables have captions
 * and <th scope>; a DCA rating is written as words with a colour swatch
 * beside them (aria-hidden), so colour never carries meaning alone; the
 * protective marking is a banner at the top and the bottom.
 *
 * A chart is a <figure>: its caption, the chart as inline SVG (drawn by
 * chart_render(), which gives it role="img", a <title> and a <desc>, and
 * ids unique to the chart), then a <details> holding the figures in
 * words and, for charts of values, a table of them, so nothing rests on
 * the picture alone. No script, no external image: the page stays one
 * file and passes a content security policy without script.
 *
 * Every piece of text, including attribute values, goes through
 * escape_html(); the only bytes written directly are this file's own
 * markup, the stylesheet and the SVG that the chart module wrote (it
 * escapes its own text through libxml2).
 */
#include "report/report.h"
#include "report/escape.h"
#include "chart/chart.h"
#include "core/asset.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "model/schema.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

struct html {
	struct strbuf *out;
	int failed;
};

static void
put(struct html *h, const char *s)
{
	if (strbuf_addstr(h->out, s) < 0)
		h->failed = 1;
}

static void
text(struct html *h, const char *s)
{
	if (escape_html(h->out, s) < 0)
		h->failed = 1;
}

/*
 * The class of a rating's swatch. Ratings are looked up, never pasted
 * into the attribute, so data cannot reach the markup this way.
 */
static const char *
rating_class(const char *rating)
{
	static const char *const cls[] = {
		"rag-g", "rag-ag", "rag-a", "rag-ar", "rag-r", "rag-x", "rag-x"
	};
	int i = rating ? enum_index(dca_values, rating) : -1;

	return i >= 0 && i < (int)(sizeof(cls) / sizeof(cls[0])) ? cls[i] : "rag-x";
}

static void
inline_text(struct html *h, const struct report_inline *in)
{
	for (const struct report_span *sp = in->first; sp; sp = sp->next) {
		switch (sp->style) {
		case RS_PLAIN:
			text(h, sp->text);
			break;
		case RS_STRONG:
			put(h, "<strong>");
			text(h, sp->text);
			put(h, "</strong>");
			break;
		case RS_EMPH:
			put(h, "<em>");
			text(h, sp->text);
			put(h, "</em>");
			break;
		case RS_RATING:
			put(h, "<span class=\"rag ");
			put(h, rating_class(sp->text));
			put(h, "\"><span class=\"rag-swatch\" aria-hidden=\"true\"></span>");
			text(h, sp->text);
			put(h, "</span>");
			break;
		}
	}
}

static const char *
align_attr(enum report_align a)
{
	return a == RA_RIGHT ? " class=\"num\"" : a == RA_CENTRE ? " class=\"centre\"" : "";
}

static void
table(struct html *h, const struct report_block *b)
{
	put(h, "<div class=\"table-wrap\">\n<table>\n");
	if (b->caption) {
		put(h, "<caption>");
		text(h, b->caption);
		put(h, "</caption>\n");
	}
	put(h, "<thead>\n<tr>");
	for (size_t c = 0; c < b->ncols; c++) {
		put(h, "<th scope=\"col\"");
		put(h, align_attr(b->align[c]));
		put(h, ">");
		text(h, b->header[c]);
		put(h, "</th>");
	}
	put(h, "</tr>\n</thead>\n<tbody>\n");
	for (const struct report_row *row = b->rows; row; row = row->next) {
		put(h, "<tr>");
		for (size_t c = 0; c < b->ncols; c++) {
			int th = c == 0 && b->row_headers;

			put(h, th ? "<th scope=\"row\"" : "<td");
			put(h, align_attr(b->align[c]));
			put(h, ">");
			inline_text(h, &row->cells[c]);
			put(h, th ? "</th>" : "</td>");
		}
		put(h, "</tr>\n");
	}
	put(h, "</tbody>\n</table>\n</div>\n");
}

/* --- charts ------------------------------------------------------------ */

/* "1,290" from the digits of a whole number. */
static void
group_digits(char *buf, size_t size, unsigned long long u)
{
	char tmp[32];
	size_t n, j = 0;

	snprintf(tmp, sizeof(tmp), "%llu", u);
	n = strlen(tmp);
	for (size_t i = 0; i < n && j + 2 < size; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[j++] = ',';
		buf[j++] = tmp[i];
	}
	buf[j] = '\0';
}

/*
 * A chart's value as the chart writes it: its prefix and suffix,
 * thousands separators, at most two decimals, a real minus sign; "none"
 * for NAN.
 */
static void
chart_value(char *buf, size_t size, const struct chart *c, double v)
{
	char whole[40], frac[8] = "";
	double a = fabs(v), ip;
	long long cents;

	if (isnan(v)) {
		snprintf(buf, size, "none");
		return;
	}
	cents = llround(a * 100.0);
	ip = (double)(cents / 100);
	group_digits(whole, sizeof(whole), (unsigned long long)ip);
	if (cents % 100) {
		snprintf(frac, sizeof(frac), ".%02lld", cents % 100);
		if (frac[2] == '0')
			frac[2] = '\0';
	}
	snprintf(buf, size, "%s%s%s%s%s", v < 0 && cents ? "\xE2\x88\x92" : "",
		 c->value_prefix ? c->value_prefix : "", whole, frac,
		 c->value_suffix ? c->value_suffix : "");
}

static const char *
category_text(const struct chart *c, size_t k, char *buf)
{
	if (c->categories[k].label)
		return c->categories[k].label;
	if (c->categories[k].month)
		return month_format_long(c->categories[k].month, buf);
	return "";
}

static void
cell(struct html *h, const char *tag, const char *attr, const char *s)
{
	put(h, "<");
	put(h, tag);
	put(h, attr);
	put(h, ">");
	text(h, s);
	put(h, "</");
	put(h, tag);
	put(h, ">");
}

static void
table_open(struct html *h, const char *caption)
{
	put(h, "<div class=\"table-wrap\">\n<table>\n<caption>");
	text(h, caption);
	put(h, "</caption>\n");
}

static void
table_close(struct html *h)
{
	put(h, "</tbody>\n</table>\n</div>\n");
}

/* Periods down, series across: bar, monthly and slip charts. */
static void
chart_series_table(struct html *h, const struct chart *c)
{
	int dates = c->type == CHART_SLIP;
	char buf[64];

	if (c->ncategories == 0 || c->nseries == 0)
		return;
	table_open(h, c->type == CHART_MONTHLY && c->cumulative ?
		   "Each month's figure (the chart plots their running totals)" :
		   dates ? "Forecast date reported in each period" :
		   "The figures of the chart");
	put(h, "<thead>\n<tr>");
	cell(h, "th", " scope=\"col\"", c->x_label ? c->x_label : "Period");
	for (size_t i = 0; i < c->nseries; i++)
		cell(h, "th", dates ? " scope=\"col\"" : " scope=\"col\" class=\"num\"",
		     c->series[i].name);
	put(h, "</tr>\n</thead>\n<tbody>\n");
	if (dates) {
		put(h, "<tr>");
		cell(h, "th", " scope=\"row\"", "Baseline");
		for (size_t i = 0; i < c->nseries; i++)
			cell(h, "td", "", c->series[i].baseline ?
			     date_format_long(c->series[i].baseline, buf) : "none");
		put(h, "</tr>\n");
	}
	for (size_t k = 0; k < c->ncategories; k++) {
		put(h, "<tr>");
		cell(h, "th", " scope=\"row\"", category_text(c, k, buf));
		for (size_t i = 0; i < c->nseries; i++) {
			const struct chart_series *s = &c->series[i];

			if (dates) {
				int32_t d = k < s->n && s->dates ? s->dates[k] : 0;

				cell(h, "td", "", d ? date_format_long(d, buf) : "none");
			} else {
				chart_value(buf, sizeof(buf), c,
					    k < s->n && s->values ? s->values[k] : NAN);
				cell(h, "td", " class=\"num\"", buf);
			}
		}
		put(h, "</tr>\n");
	}
	table_close(h);
}

static void
chart_heat_table(struct html *h, const struct chart *c)
{
	static const char *const lk[5] = {
		"Rare", "Unlikely", "Possible", "Likely", "Almost certain"
	};
	static const char *const im[5] = {
		"Negligible", "Minor", "Moderate", "Major", "Severe"
	};
	char buf[64];

	table_open(h, "Risks in each cell: likelihood down, impact across");
	put(h, "<thead>\n<tr>");
	cell(h, "th", " scope=\"col\"", "Likelihood");
	for (int i = 0; i < 5; i++)
		cell(h, "th", " scope=\"col\" class=\"num\"",
		     c->heat.impact[i] ? c->heat.impact[i] : im[i]);
	put(h, "</tr>\n</thead>\n<tbody>\n");
	for (int l = 4; l >= 0; l--) {
		put(h, "<tr>");
		cell(h, "th", " scope=\"row\"", c->heat.likelihood[l] ? c->heat.likelihood[l] : lk[l]);
		for (int i = 0; i < 5; i++) {
			int now = c->heat.count[l][i], d = now - c->heat.previous[l][i];

			if (c->heat.has_previous && d)
				snprintf(buf, sizeof(buf), "%d (%s%d)", now,
					 d > 0 ? "+" : "\xE2\x88\x92", d > 0 ? d : -d);
			else
				snprintf(buf, sizeof(buf), "%d", now);
			cell(h, "td", " class=\"num\"", buf);
		}
		put(h, "</tr>\n");
	}
	table_close(h);
}

static void
chart_items_table(struct html *h, const struct chart *c)
{
	char buf[64];

	if (c->nitems == 0)
		return;
	table_open(h, "Milestones on the timeline");
	put(h, "<thead>\n<tr>");
	cell(h, "th", " scope=\"col\"", "Milestone");
	cell(h, "th", " scope=\"col\"", "Date");
	cell(h, "th", " scope=\"col\"", "Baseline");
	cell(h, "th", " scope=\"col\"", "Status");
	put(h, "</tr>\n</thead>\n<tbody>\n");
	for (size_t i = 0; i < c->nitems; i++) {
		const struct chart_item *it = &c->items[i];

		put(h, "<tr>");
		cell(h, "th", " scope=\"row\"", it->label);
		cell(h, "td", "", date_format_long(it->date, buf));
		cell(h, "td", "", it->baseline ? date_format_long(it->baseline, buf) : "none");
		cell(h, "td", "", chart_status_name(it->status));
		put(h, "</tr>\n");
	}
	table_close(h);
}

/*
 * A chart block. The SVG is drawn straight into the page (a page of
 * charts is megabytes); chart_render() leaves the page as it was when it
 * fails, and says why: a chart that cannot be drawn (ERR_USAGE) is said
 * in words, the page reaching its size cap (ERR_IO) fails the page.
 */
static void
chart_block(struct html *h, const struct report_block *b)
{
	const struct chart *c = b->chart;
	struct chart shown = *c;
	struct strbuf words = STRBUF_INIT;
	struct error err = ERROR_INIT;
	char msg[512];
	size_t at;
	int drawn;

	/* the words serve as the SVG's <desc> too: they are made once */
	if (report_chart_words(b, &words) == 0)
		shown.desc = words.buf;
	put(h, "<figure class=\"chart\">\n<figcaption>");
	text(h, b->caption ? b->caption : c->title);
	put(h, "</figcaption>\n");
	at = h->out->len;
	put(h, "<div class=\"chart-image\">");
	drawn = !h->failed &&
		chart_render(&shown, CHART_SVG, b->width, b->height, h->out, &err) == 0;
	if (!drawn) {
		strbuf_setlen(h->out, at);
		if (err.code == ERR_IO)
			h->failed = 1;
	}
	if (drawn) {
		put(h, "</div>\n");
		put(h, "<details class=\"chart-data\">\n<summary>The chart in words and figures</summary>\n<p>");
		text(h, words.buf);
		put(h, "</p>\n");
		switch (c->type) {
		case CHART_STACKED_BAR:
		case CHART_MONTHLY:
		case CHART_SLIP:
			chart_series_table(h, c);
			break;
		case CHART_HEATMAP:
			chart_heat_table(h, c);
			break;
		case CHART_TIMELINE:
			chart_items_table(h, c);
			break;
		case CHART_SCURVE:
			break;	/* its words give each marked date and probability */
		}
		put(h, "</details>\n");
	} else {
		put(h, "<p class=\"chart-missing\">This chart could not be drawn: ");
		text(h, error_text(&err, msg, sizeof(msg)));
		put(h, "</p>\n");
	}
	put(h, "</figure>\n");
	strbuf_release(&words);
}

static void
block(struct html *h, const struct report_block *b)
{
	switch (b->type) {
	case RB_PARA:
		put(h, "<p>");
		inline_text(h, &b->text);
		put(h, "</p>\n");
		break;
	case RB_BULLETS:
		put(h, "<ul>\n");
		for (const struct report_item *it = b->items; it; it = it->next) {
			put(h, "<li>");
			inline_text(h, &it->text);
			put(h, "</li>\n");
		}
		put(h, "</ul>\n");
		break;
	case RB_KV:
		put(h, "<dl class=\"kv\">\n");
		for (const struct report_item *it = b->items; it; it = it->next) {
			put(h, "<div><dt>");
			inline_text(h, &it->key);
			put(h, "</dt><dd>");
			inline_text(h, &it->text);
			put(h, "</dd></div>\n");
		}
		put(h, "</dl>\n");
		break;
	case RB_NOTE:
		put(h, "<div class=\"note\" role=\"note\"><p>");
		if (b->label) {
			put(h, "<strong>");
			text(h, b->label);
			put(h, ":</strong> ");
		}
		inline_text(h, &b->text);
		put(h, "</p></div>\n");
		break;
	case RB_TABLE:
		table(h, b);
		break;
	case RB_CHART:
		chart_block(h, b);
		break;
	}
}

static void
marking(struct html *h, const struct report *r)
{
	put(h, "<p class=\"marking\"><span class=\"visually-hidden\">Protective marking: </span>");
	text(h, r->marking ? r->marking : "OFFICIAL");
	put(h, "</p>\n");
}

static void
meta(struct html *h, const char *key, const char *value)
{
	put(h, "<div><dt>");
	text(h, key);
	put(h, "</dt><dd>");
	text(h, value);
	put(h, "</dd></div>\n");
}

int
report_render_html(const struct report *r, struct strbuf *out)
{
	struct html h = { out, 0 };
	const struct asset *css = asset_find("templates/report.css");
	char date[32], id[32];
	int depth = 0, n = 0;

	if (css == NULL)
		return -1;
	put(&h, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
		"<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<title>");
	text(&h, r->title ? r->title : "Report");
	if (r->date) {
		put(&h, " \xE2\x80\x93 ");	/* en dash */
		put(&h, date_format_long(r->date, date));
	}
	put(&h, "</title>\n<style>\n");
	if (strbuf_add(out, css->data, css->len) < 0)
		h.failed = 1;
	put(&h, "</style>\n</head>\n<body>\n<header class=\"masthead\">\n");
	marking(&h, r);
	if (r->board) {
		put(&h, "<p class=\"board\">");
		text(&h, r->board);
		put(&h, "</p>\n");
	}
	put(&h, "<h1>");
	text(&h, r->title ? r->title : "Report");
	put(&h, "</h1>\n");
	if (r->subtitle) {
		put(&h, "<p class=\"subtitle\">");
		text(&h, r->subtitle);
		put(&h, "</p>\n");
	}
	put(&h, "<dl class=\"meta\">\n");
	if (r->organisation)
		meta(&h, "Organisation", r->organisation);
	if (r->date)
		meta(&h, "Date", date_format_long(r->date, date));
	if (r->author)
		meta(&h, "Report by", r->author);
	meta(&h, "Protective marking", r->marking ? r->marking : "OFFICIAL");
	put(&h, "</dl>\n</header>\n<main>\n");

	for (const struct report_section *s = r->sections; s; s = s->next) {
		/* Never skip a heading level: a section opens at most one deeper. */
		int level = s->level > depth + 1 ? depth + 1 : s->level;
		char tag[16];

		while (depth >= level) {
			put(&h, "</section>\n");
			depth--;
		}
		depth = level;
		snprintf(id, sizeof(id), "s%d", ++n);
		snprintf(tag, sizeof(tag), "h%d", level + 1);
		put(&h, "<section aria-labelledby=\"");
		put(&h, id);
		put(&h, "\">\n<");
		put(&h, tag);
		put(&h, " id=\"");
		put(&h, id);
		put(&h, "\">");
		if (s->number) {
			put(&h, "<span class=\"secnum\">");
			text(&h, s->number);
			put(&h, "</span> ");
		}
		text(&h, s->heading);
		put(&h, "</");
		put(&h, tag);
		put(&h, ">\n");
		for (const struct report_block *b = s->blocks; b; b = b->next)
			block(&h, b);
	}
	while (depth-- > 0)
		put(&h, "</section>\n");
	put(&h, "</main>\n<footer>\n");
	marking(&h, r);
	put(&h, "</footer>\n</body>\n</html>\n");
	return h.failed ? -1 : 0;
}
