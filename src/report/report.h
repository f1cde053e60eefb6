/*
 * report.h - the report model: one read-only tree that every renderer
 * walks, after cmark's node tree and its html.c / man.c / latex.c.
 *
 * A builder (report_oversight() and its kin) reads a dataset, never a
 * store, and fills a struct report; a renderer (report_render_md(),
 * report_render_html(), later PDF and XLSX) turns the same tree into
 * bytes. Builders decide what is said; renderers decide only how it looks,
 * so the words are the same in every format.
 *
 * Shape:
 *	report: title, subtitle, organisation, board, author, date, marking
 *	  section (level 1..3, optional number, heading)
 *	    block: paragraph | bullet list | table | key/value list | note
 *	           | chart
 *	      inline text: a chain of spans (plain, strong, emphasis, rating)
 *
 * All text is plain UTF-8 exactly as the data holds it: renderers escape
 * it for their format, builders never do. A span of style RS_RATING holds
 * a delivery confidence rating ("Amber/Green") so that a renderer may add
 * a colour swatch beside the words; the words are always there too.
 *
 * A chart block holds a struct chart (chart/chart.h) that every renderer
 * draws its own way: HTML as inline SVG with the figures in words and in
 * a table, Markdown as the caption and the figures in words (it has no
 * pictures), PDF with chart_draw() into the page. The chart is a deep
 * copy in the report's arena, so a builder may fill it from locals.
 *
 * Memory: the report owns everything reachable from it, in its arena
 * (strings, sections, blocks, spans, charts). Nothing is freed until
 * report_release(). Builders copy the strings they are given.
 */
#ifndef FOLIO_REPORT_H
#define FOLIO_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

struct chart;
struct dataset;
struct error;
struct strbuf;

enum report_style {
	RS_PLAIN,
	RS_STRONG,
	RS_EMPH,
	RS_RATING	/* a DCA rating: words, plus a swatch where a format can */
};

struct report_span {
	struct report_span *next;
	enum report_style style;
	const char *text;
};

/* A run of text; empty when first is NULL. */
struct report_inline {
	struct report_span *first, *last;
};

enum report_block_type {
	RB_PARA,	/* text */
	RB_BULLETS,	/* items: text */
	RB_KV,		/* items: key, text */
	RB_TABLE,	/* header, align, rows */
	RB_NOTE,	/* label (may be NULL), text: an aside, e.g. a rule */
	RB_CHART	/* chart, caption, width, height */
};

enum report_align {
	RA_LEFT,
	RA_RIGHT,
	RA_CENTRE
};

struct report_item {
	struct report_item *next;
	struct report_inline key;	/* RB_KV only */
	struct report_inline text;
};

struct report_row {
	struct report_row *next;
	struct report_inline *cells;	/* ncols of them */
};

struct report_block {
	struct report_block *next;
	enum report_block_type type;
	const char *label;		/* RB_NOTE: "Roll-up rule"; may be NULL */
	struct report_inline text;	/* RB_PARA, RB_NOTE */
	struct report_item *items, *items_last;	/* RB_BULLETS, RB_KV */
	size_t nitems;
	/* RB_TABLE */
	const char *caption;		/* says what the table shows */
	size_t ncols;
	const char **header;		/* ncols column headings */
	enum report_align *align;	/* ncols alignments */
	int row_headers;		/* the first cell of a row names the row */
	struct report_row *rows, *rows_last;
	size_t nrows;
	/*
	 * RB_CHART: the chart (caption above says what it shows). Everything
	 * it points to is in the report's arena; its id is set (unique in
	 * the report), so two charts on one page never share an SVG id.
	 * width x height is the size the builder drew it for, in points: a
	 * renderer may scale it to its page, keeping the proportions.
	 */
	const struct chart *chart;
	double width, height;
};

struct report_section {
	struct report_section *next;
	int level;		/* 1 top (after the title), 2, 3 */
	const char *number;	/* "3.6", or NULL */
	const char *heading;
	struct report_block *blocks, *blocks_last;
};

struct report {
	struct arena arena;
	const char *title;
	const char *subtitle;
	const char *organisation;
	const char *board;	/* the body the paper goes to */
	const char *author;
	int32_t date;		/* the paper's date (core/date.h), 0 for none */
	const char *marking;	/* highest marking of anything included */
	struct report_section *sections, *sections_last;
	size_t nsections;
	/*
	 * Non-zero when the paper wants a table of contents: the PDF renderer
	 * then lists the sections of levels 1 and 2 with their page numbers.
	 */
	int toc;
	size_t ncharts;		/* chart blocks so far: numbers their ids */
};

/* Start an empty report: no sections, marking "OFFICIAL", date 0. */
void report_init(struct report *r);
/* Free everything the report holds; it may be initialised again. */
void report_release(struct report *r);

/* Copy s into the report's arena (NULL stays NULL). */
const char *report_strdup(struct report *r, const char *s);
const char *report_printf(struct report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Set a header field to a copy of s. */
void report_set(struct report *r, const char **field, const char *s);
/*
 * Raise the report's marking to `marking` if that is higher (see
 * marking_values in model/schema.h). NULL means OFFICIAL. A marking that
 * is not one of marking_values is an error of the caller: the report is
 * then marked with it verbatim, so that it is never under-marked.
 */
void report_mark(struct report *r, const char *marking);

/* --- building ---------------------------------------------------------- */

/* Append a section; level is clamped to 1..3. number may be NULL. */
struct report_section *report_section(struct report *r, int level,
				      const char *number, const char *heading);
/* Append a paragraph to s; add its text with report_add(). */
struct report_inline *report_para(struct report *r, struct report_section *s);
/*
 * Append one paragraph per blank-line-separated part of text (free text
 * from a return or a description may run to several). Nothing is added
 * for NULL or blank text. Returns the number of paragraphs added.
 */
int report_paras(struct report *r, struct report_section *s, const char *text);
/* Append a bullet list; add items with report_item(). */
struct report_block *report_bullets(struct report *r, struct report_section *s);
struct report_inline *report_item(struct report *r, struct report_block *list);
/* Append a key/value list; add pairs with report_kv_item(). */
struct report_block *report_kv(struct report *r, struct report_section *s);
/* A pair whose key is the plain text key; returns the value to fill. */
struct report_inline *report_kv_item(struct report *r, struct report_block *kv,
				     const char *key);
/* Append a note (an aside); label may be NULL. Returns its text. */
struct report_inline *report_note(struct report *r, struct report_section *s,
				  const char *label);
/*
 * Append a table of ncols columns with the given headings and alignments
 * (align may be NULL: all left). caption says what it shows. When
 * row_headers is set the first cell of each row names it (<th scope=row>).
 */
struct report_block *report_table(struct report *r, struct report_section *s,
				  const char *caption, size_t ncols,
				  const char *const *header,
				  const enum report_align *align, int row_headers);
/* Append a row; returns its ncols cells, each empty, to fill. */
struct report_inline *report_row(struct report *r, struct report_block *table);

/*
 * Append a chart: c (chart/chart.h) is copied deeply into the report's
 * arena, every string and array it points to included, so the caller's
 * description may go out of scope. caption says what the chart shows
 * (NULL: the chart's title). width and height are the size it is drawn
 * at, in points (50..20000). When c->id is NULL the copy gets "figN", N
 * counting the report's charts. The chart is not checked here: a renderer
 * that cannot draw it says so in words instead of failing.
 */
struct report_block *report_chart(struct report *r, struct report_section *s,
				  const struct chart *c, const char *caption,
				  double width, double height);

/*
 * Append to sb the figures of a chart block in words: the chart's own
 * desc when it has one, else chart_describe(). Every renderer says the
 * same words. Returns 0, or -1 when the chart fails chart_check() or sb's
 * cap is reached (sb may then hold part of the text).
 */
int report_chart_words(const struct report_block *b, struct strbuf *sb);

/* Append a span of text to an inline; empty or NULL text adds nothing. */
void report_add(struct report *r, struct report_inline *in,
		enum report_style style, const char *text);
void report_addf(struct report *r, struct report_inline *in,
		 enum report_style style, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Non-zero when the inline holds no text. */
int report_inline_empty(const struct report_inline *in);

/* --- builders ---------------------------------------------------------- */

/*
 * The quarterly Oversight Board paper as at the end of month as_at
 * (core/date.h month number), for a reader cleared to `clearance` (one of
 * marking_values; NULL means OFFICIAL). Records marked above the
 * clearance, and everything belonging to a programme or project marked
 * above it, are left out entirely; the paper is marked with the highest
 * marking of what it includes. Every sentence is built from ds: see
 * docs/reports.md for what each section is made of.
 *
 * out is initialised here (it need not be beforehand). On success the
 * caller owns it and frees it with report_release(). The paper is dated
 * the last day of as_at; a caller that wants another date on it sets
 * out->date afterwards. The result depends only on ds, as_at and
 * clearance: no clock is read. On failure returns -1 with err filled
 * (ERR_USAGE for a bad clearance or month, ERR_DENIED when no portfolio
 * is visible at that clearance) and out holds nothing (releasing it
 * again is harmless).
 */
int report_oversight(const struct dataset *ds, int32_t as_at,
		     const char *clearance, struct report *out,
		     struct error *err);
/*
 * The same paper compared with the day `compare` (core/date.h day number,
 * before the end of as_at) instead of the rule's choice: movement and
 * "then" are read at that day, or, when the ratings come in assessment
 * rounds, in the latest round on or before it. compare 0 is
 * report_oversight(). ERR_USAGE when compare is not before the as-at day.
 */
int report_oversight_compare(const struct dataset *ds, int32_t as_at,
			     int32_t compare, const char *clearance,
			     struct report *out, struct error *err);

/*
 * The monthly pack for the Portfolio Management Group, for reporting
 * period `period` (a month; core/date.h), read as at its last day, for a
 * reader cleared to `clearance` (need to know as for report_oversight()).
 * PMG sees everything: a portfolio summary (delivery confidence, its
 * distribution and movement since last period and last quarter with the
 * counts; the exceptions of the period; the key milestones due in the
 * next three months), then a dashboard for each active programme (rating
 * and trend beside the SRO's own and worse project ratings; its return;
 * milestones due and slipped against the baseline in force; top risks;
 * open issues; spend against budget; benefits against profile; tolerance
 * findings with their evidence; charts of milestone forecasts, spend and
 * benefits), and the schedule's own delivery confidence from a Monte
 * Carlo run over the network (sched/dca-quant.h) beside the judged
 * rating. docs/reports.md says what each part is built from. Ownership,
 * determinism and errors as for report_oversight() (ERR_USAGE for a bad
 * clearance or period, ERR_DENIED when no portfolio is visible).
 */
int report_pmg(const struct dataset *ds, int32_t period, const char *clearance,
	       struct report *out, struct error *err);
/*
 * The iterations of the Monte Carlo run behind the PMG pack's section 3
 * for ds (the pack states the number it used; docs/reports.md).
 */
size_t report_pmg_iterations(const struct dataset *ds);

struct mc_dca_report;
/*
 * The schedule's delivery confidence of every programme (sched/dca-quant.h)
 * exactly as the PMG pack computes it: seed, iterations
 * (report_pmg_iterations()), rule and bands; judged ratings as at day. So
 * any other view of it (the programme's page) agrees with the pack. rep
 * is filled (release it with mc_dca_report_release()) on 0; -1 with err
 * when the network is refused. *iterations gets the number run.
 */
int report_schedule_dca(const struct dataset *ds, int32_t day,
			struct mc_dca_report *rep, size_t *iterations,
			struct error *err);

/*
 * The exception report for the Portfolio Investment Board for reporting
 * period `period`: only what PIB decides on. The exceptions of the period
 * (exception records of the month, and tolerance findings not yet
 * recorded as exceptions), each with its evidence, cause, consequences,
 * options, recommendation and the decision asked for; exceptions still
 * open from earlier months; programmes (and projects) rated Amber/Red or
 * Red; change requests (re-baselines) and business cases awaiting
 * decision; decisions due. When nothing is outside tolerance it says so
 * plainly. Arguments, ownership and errors as for report_pmg().
 */
int report_pib(const struct dataset *ds, int32_t period, const char *clearance,
	       struct report *out, struct error *err);

/* --- renderers --------------------------------------------------------- */

/*
 * Append the report to out as CommonMark (with GFM pipe tables). Every
 * piece of text is escaped so it reads literally. Returns 0, or -1 when
 * out's size cap was reached (out then holds a truncated rendering).
 */
int report_render_md(const struct report *r, struct strbuf *out);
/*
 * Append the report to out as one standalone HTML5 page, CSS inline, every
 * piece of text through the escaping writer (escape.h). Returns 0, or -1
 * when out's size cap was reached or the stylesheet asset is missing.
 */
int report_render_html(const struct report *r, struct strbuf *out);
/*
 * Append the report to out as a PDF document typeset on A4 with cairo and
 * pango (render-pdf.c, docs/outputs.md): the protective marking at the top
 * and bottom of every page, "Page N of M", a contents list when r->toc is
 * set, tables split across pages with their header rows repeated. The
 * bytes depend only on r (the creation date is the report's date).
 * Returns 0, or -1 with err filled: ERR_IO when out's size cap is reached
 * or cairo fails (out then holds a truncated document), ERR_INTERNAL if
 * the layout does not settle.
 */
int report_render_pdf(const struct report *r, struct strbuf *out,
		      struct error *err);

#endif
