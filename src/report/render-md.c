/*
 * render-md.c - a report as CommonMark with GFM pipe tables.
 *
 * The output is meant to be read as it is (in a terminal, a diff or a
 * merge request) as much as rendered, so it stays plain: ATX headings,
 * "-" bullets, one line per paragraph or item, blank lines between
 * blocks. All text goes through escape_md(), so nothing in the data can
 * become markup.
 *
 * Markdown has no pictures, and this renderer writes no files: a chart is
 * its caption, as a table's is, and then the chart in words
 * (report_chart_words()), which states every figure the chart draws.
 */
#include "report/report.h"
#include "report/escape.h"
#include "chart/chart.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"

#include <stdlib.h>
#include <string.h>

struct md {
	struct strbuf *out;
	int failed;
};

static void
put(struct md *m, const char *s)
{
	if (strbuf_addstr(m->out, s) < 0)
		m->failed = 1;
}

static void
text(struct md *m, const char *s, int *bol)
{
	if (escape_md(m->out, s, bol) < 0)
		m->failed = 1;
}

/* Drop the blanks at the end of what has been written. */
static void
trim(struct md *m)
{
	struct strbuf *sb = m->out;
	size_t len = sb->len;

	while (len > 0 && sb->buf[len - 1] == ' ')
		len--;
	strbuf_setlen(sb, len);
}

/* End the line being written, without the blanks at its end. */
static void
end_line(struct md *m)
{
	trim(m);
	put(m, "\n");
}

static int
blank(int c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/*
 * Emphasis must hug its words ("** x**" is not strong in CommonMark), so
 * blanks at a span's edges are written outside the delimiters.
 */
static void
wrapped(struct md *m, const char *s, const char *delim, int *bol)
{
	size_t a = 0, b = strlen(s);
	char *inner;

	while (a < b && blank(s[a]))
		a++;
	while (b > a && blank(s[b - 1]))
		b--;
	if (a > 0 && !*bol)
		put(m, " ");
	if (b > a) {
		inner = xstrndup(s + a, b - a);
		put(m, delim);
		*bol = 0;
		text(m, inner, bol);
		put(m, delim);
		free(inner);
	}
	if (b < strlen(s) && !*bol)
		put(m, " ");
}

static void
inline_text(struct md *m, const struct report_inline *in, int bol)
{
	for (const struct report_span *sp = in->first; sp; sp = sp->next) {
		switch (sp->style) {
		case RS_STRONG:
			wrapped(m, sp->text, "**", &bol);
			break;
		case RS_EMPH:
			wrapped(m, sp->text, "*", &bol);
			break;
		case RS_PLAIN:
		case RS_RATING:
			text(m, sp->text, &bol);
			break;
		}
	}
}

static void
table(struct md *m, const struct report_block *b)
{
	if (b->caption) {
		int bol = 1;

		wrapped(m, b->caption, "*", &bol);
		put(m, "\n\n");
	}
	put(m, "|");
	for (size_t c = 0; c < b->ncols; c++) {
		int bol = 0;

		put(m, " ");
		text(m, b->header[c], &bol);
		put(m, " |");
	}
	put(m, "\n|");
	for (size_t c = 0; c < b->ncols; c++)
		put(m, b->align[c] == RA_RIGHT ? " ---: |" :
		       b->align[c] == RA_CENTRE ? " :---: |" : " --- |");
	put(m, "\n");
	for (const struct report_row *row = b->rows; row; row = row->next) {
		put(m, "|");
		for (size_t c = 0; c < b->ncols; c++) {
			put(m, " ");
			inline_text(m, &row->cells[c], 0);
			trim(m);
			put(m, " |");
		}
		put(m, "\n");
	}
}

/*
 * A chart: "*Chart: caption*", then its figures in words. The words open
 * with the chart's title; when the caption is that title it is not said
 * twice. A chart whose figures are malformed (it fails chart_check())
 * says so instead of failing the paper.
 */
static void
chart(struct md *m, const struct report_block *b)
{
	struct strbuf words = STRBUF_INIT;
	const char *title = b->chart->title;
	const char *caption = b->caption ? b->caption : title;
	const char *w;
	char *head;
	size_t tn = title ? strlen(title) : 0;
	int bol = 1, ok;

	head = xasprintf("Chart: %s", caption ? caption : "");
	wrapped(m, head, "*", &bol);
	free(head);
	put(m, "\n\n");
	ok = report_chart_words(b, &words) == 0;
	w = words.buf;
	if (ok && caption && title && strcmp(caption, title) == 0 &&
	    strncmp(w, title, tn) == 0 && (w[tn] == '.' || w[tn] == '\0')) {
		w += tn + (w[tn] == '.');
		while (*w == ' ')
			w++;
	}
	bol = 1;
	text(m, ok ? w : "The chart's figures are malformed, so it cannot be shown.", &bol);
	end_line(m);
	strbuf_release(&words);
}

static void
block(struct md *m, const struct report_block *b)
{
	switch (b->type) {
	case RB_PARA:
		inline_text(m, &b->text, 1);
		end_line(m);
		break;
	case RB_BULLETS:
		for (const struct report_item *it = b->items; it; it = it->next) {
			put(m, "- ");
			inline_text(m, &it->text, 1);
			end_line(m);
		}
		break;
	case RB_KV:
		for (const struct report_item *it = b->items; it; it = it->next) {
			int bol = 0;

			put(m, "- **");
			for (const struct report_span *sp = it->key.first; sp; sp = sp->next)
				text(m, sp->text, &bol);
			put(m, ":** ");
			inline_text(m, &it->text, 0);
			end_line(m);
		}
		break;
	case RB_NOTE:
		put(m, "> ");
		if (b->label) {
			int bol = 0;

			put(m, "**");
			text(m, b->label, &bol);
			put(m, ":** ");
		}
		inline_text(m, &b->text, 1);
		end_line(m);
		break;
	case RB_TABLE:
		table(m, b);
		break;
	case RB_CHART:
		chart(m, b);
		break;
	}
}

static void
marking(struct md *m, const struct report *r)
{
	int bol = 0;

	put(m, "**");
	text(m, r->marking ? r->marking : "OFFICIAL", &bol);
	put(m, "**\n");
}

int
report_render_md(const struct report *r, struct strbuf *out)
{
	struct md m = { out, 0 };
	char date[32];
	int bol;

	marking(&m, r);
	if (r->board) {
		put(&m, "\n");
		bol = 1;
		text(&m, r->board, &bol);
		end_line(&m);
	}
	put(&m, "\n# ");
	bol = 0;
	text(&m, r->title ? r->title : "Report", &bol);
	put(&m, "\n");
	if (r->subtitle) {
		put(&m, "\n");
		bol = 1;
		wrapped(&m, r->subtitle, "*", &bol);
		end_line(&m);
	}
	put(&m, "\n");
	if (r->organisation) {
		put(&m, "- **Organisation:** ");
		bol = 0;
		text(&m, r->organisation, &bol);
		end_line(&m);
	}
	if (r->date) {
		put(&m, "- **Date:** ");
		put(&m, date_format_long(r->date, date));
		end_line(&m);
	}
	if (r->author) {
		put(&m, "- **Report by:** ");
		bol = 0;
		text(&m, r->author, &bol);
		end_line(&m);
	}
	put(&m, "- **Protective marking:** ");
	bol = 0;
	text(&m, r->marking ? r->marking : "OFFICIAL", &bol);
	end_line(&m);

	for (const struct report_section *s = r->sections; s; s = s->next) {
		put(&m, "\n");
		for (int i = 0; i <= s->level; i++)
			put(&m, "#");
		put(&m, " ");
		bol = 0;
		if (s->number) {
			text(&m, s->number, &bol);
			put(&m, " ");
		}
		text(&m, s->heading, &bol);
		end_line(&m);
		for (const struct report_block *b = s->blocks; b; b = b->next) {
			put(&m, "\n");
			block(&m, b);
		}
	}
	put(&m, "\n");
	marking(&m, r);
	return m.failed ? -1 : 0;
}
