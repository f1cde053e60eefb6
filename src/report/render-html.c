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
 * Every piece of text, including attribute values, goes through
 * escape_html(); the only bytes written directly are this file's own
 * markup and the stylesheet.
 */
#include "report/report.h"
#include "report/escape.h"
#include "core/asset.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "model/schema.h"

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
