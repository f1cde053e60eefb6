/*
 * test-pdf.c - the PDF renderer (src/report/render-pdf.c), read back with
 * poppler's pdfinfo and pdftotext as a person's PDF reader would.
 *
 * The demo's Oversight Board paper (and the PMG and PIB packs when the
 * report module has them) are rendered, and every page is checked: the
 * protective marking at its top and bottom, "Page N of M", every section
 * heading somewhere, each contents entry's page number pointing at the
 * page its heading is on. A generated 200-row table must run over pages
 * with its header repeated and every row set exactly once; a cell longer
 * than a page must be split without losing a word; hostile text must come
 * out literally; the same report must give the same bytes. The first
 * pages of each paper are written as PNG under
 * $FOLIO_BUILD/test-output/pdf/ for a person to look at.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "chart/chart.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "import/interchange.h"
#include "model/dataset.h"
#include "report/report.h"

static char outdir[1024];

static int32_t
M(const char *s)
{
	int32_t m = 0;

	assert_int_equal(month_parse(s, &m), 0);
	return m;
}

static void
make_outdir(void)
{
	const char *b = getenv("FOLIO_BUILD");

	snprintf(outdir, sizeof(outdir), "%s/test-output", b ? b : ".");
	mkdir(outdir, 0777);
	snprintf(outdir, sizeof(outdir), "%s/test-output/pdf", b ? b : ".");
	mkdir(outdir, 0777);
}

static void
write_file(const char *path, const char *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Run a shell command and return its standard output (caller frees). */
static char *
run(const char *fmt, ...)
{
	struct strbuf out = STRBUF_INIT;
	char cmd[4096], buf[65536];
	va_list ap;
	FILE *f;
	size_t n;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	f = popen(cmd, "r");
	assert_non_null(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&out, buf, n);
	st = pclose(f);
	if (st != 0) {
		print_error("command failed (%d): %s\n", st, cmd);
		fail();
	}
	return strbuf_detach(&out, NULL);
}

/* Render r, write it to outdir/name.pdf, return the path (static). */
static const char *
render_to(const struct report *r, const char *name, struct strbuf *pdf)
{
	static char path[1200];
	struct error err = ERROR_INIT;
	char msg[1100];

	if (report_render_pdf(r, pdf, &err) < 0) {
		print_error("%s\n", error_text(&err, msg, sizeof(msg)));
		fail();
	}
	assert_true(pdf->len > 1000);
	assert_memory_equal(pdf->buf, "%PDF-", 5);
	snprintf(path, sizeof(path), "%s/%s.pdf", outdir, name);
	write_file(path, pdf->buf, pdf->len);
	return path;
}

/* The value of "Key:" in pdfinfo's output (static buffer). */
static const char *
info(const char *pdfinfo, const char *key)
{
	static char val[512];
	const char *p = pdfinfo;
	size_t klen = strlen(key);

	while (p && *p) {
		if (strncmp(p, key, klen) == 0 && p[klen] == ':') {
			const char *v = p + klen + 1, *e;

			while (*v == ' ')
				v++;
			e = strchr(v, '\n');
			snprintf(val, sizeof(val), "%.*s", (int)(e ? e - v : (long)strlen(v)), v);
			return val;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	print_error("pdfinfo has no %s:\n%s\n", key, pdfinfo);
	fail();
	return NULL;
}

/* The text of a PDF's pages (pdftotext -layout), split on form feeds. */
struct pages {
	char *text;
	char **page;
	int n;
};

static void
pages_read(struct pages *pg, const char *path)
{
	char *p;

	pg->text = run("pdftotext -layout -enc UTF-8 '%s' -", path);
	pg->page = NULL;
	pg->n = 0;
	p = pg->text;
	while (*p) {
		char *ff = strchr(p, '\f');

		pg->page = xrealloc(pg->page, (size_t)(pg->n + 1) * sizeof(*pg->page));
		pg->page[pg->n++] = p;
		if (ff == NULL)
			break;
		*ff = '\0';
		p = ff + 1;
	}
}

static void
pages_release(struct pages *pg)
{
	free(pg->text);
	free(pg->page);
}

/* s with every run of white space made one space (caller frees). */
static char *
squeeze(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	int space = 0;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			space = 1;
			continue;
		}
		if (space && sb.len)
			strbuf_addch(&sb, ' ');
		space = 0;
		strbuf_addch(&sb, *s);
	}
	return strbuf_detach(&sb, NULL);
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* The first and last non-blank lines of a page (static buffers). */
static void
edges(const char *page, char *first, char *last, size_t size)
{
	const char *p = page;

	first[0] = last[0] = '\0';
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		int blank = 1;

		for (size_t i = 0; i < len; i++)
			if (p[i] != ' ')
				blank = 0;
		if (!blank) {
			if (!first[0])
				snprintf(first, size, "%.*s", (int)len, p);
			snprintf(last, size, "%.*s", (int)len, p);
		}
		if (!e)
			break;
		p = e + 1;
	}
}

/*
 * The checks every paper must pass: A4, its title in the metadata, the
 * marking first and last on every page, "Page i of n", and every section
 * heading in the text. Returns the number of pages.
 */
static int
check_paper(const struct report *r, const char *path, struct pages *pg)
{
	char *pdfinfo = run("pdfinfo '%s'", path);
	char first[512], last[512], want[64], *all, *flat;
	int n;

	n = atoi(info(pdfinfo, "Pages"));
	assert_true(n >= 1);
	assert_non_null(strstr(info(pdfinfo, "Page size"), "(A4)"));
	assert_string_equal(info(pdfinfo, "Title"), r->title);
	assert_string_equal(info(pdfinfo, "Subject"), r->marking);
	free(pdfinfo);

	pages_read(pg, path);
	/* pdftotext ends the last page with a form feed too */
	assert_int_equal(pg->n - (pg->page[pg->n - 1][0] == '\0'), n);
	for (int i = 0; i < n; i++) {
		edges(pg->page[i], first, last, sizeof(first));
		if (strstr(first, r->marking) == NULL || strstr(last, r->marking) == NULL) {
			print_error("page %d: marking not first and last:\n%s\n", i + 1,
				    pg->page[i]);
			fail();
		}
		snprintf(want, sizeof(want), "Page %d of %d", i + 1, n);
		if (strstr(pg->page[i], want) == NULL) {
			print_error("page %d lacks '%s'\n", i + 1, want);
			fail();
		}
	}
	all = run("pdftotext -enc UTF-8 '%s' -", path);
	flat = squeeze(all);
	for (const struct report_section *s = r->sections; s; s = s->next) {
		char *h = s->number ? xasprintf("%s %s", s->number, s->heading) :
			xstrdup(s->heading);
		char *hs = squeeze(h);

		if (strstr(flat, hs) == NULL) {
			print_error("heading '%s' not in the PDF's text\n", hs);
			fail();
		}
		free(h);
		free(hs);
	}
	free(all);
	free(flat);
	return n;
}

/*
 * Every contents entry (sections of levels 1 and 2) gives the page its
 * heading is on. The contents come before the first section's page.
 */
static void
check_contents(const struct report *r, const struct pages *pg)
{
	char *flat0 = squeeze(pg->page[0]);
	int entries = 0;

	assert_non_null(strstr(flat0, "Contents"));
	free(flat0);
	for (const struct report_section *s = r->sections; s; s = s->next) {
		char *h, *hs, *page, *line = NULL;
		const char *at;
		int n = 0;

		if (s->level > 2)
			continue;
		h = s->number ? xasprintf("%s %s", s->number, s->heading) : xstrdup(s->heading);
		hs = squeeze(h);
		/* the entry: on a contents page, the heading then its page number */
		for (int i = 0; i < pg->n && !line; i++) {
			char *flat = squeeze(pg->page[i]);

			if (strstr(flat, "Contents") && (at = strstr(flat, hs))) {
				at += strlen(hs);
				while (*at == ' ')
					at++;
				n = atoi(at);
				line = xstrdup(at);
			}
			free(flat);
		}
		if (line == NULL || n < 1 || n > pg->n) {
			print_error("no contents entry with a page number for '%s'\n", hs);
			fail();
		}
		/* the heading itself is on that page (not as a contents entry) */
		page = squeeze(pg->page[n - 1]);
		if (strstr(page, "Contents") || strstr(page, hs) == NULL) {
			print_error("contents say '%s' is on page %d, but it is not there\n", hs, n);
			fail();
		}
		free(page);
		free(line);
		free(h);
		free(hs);
		entries++;
	}
	assert_true(entries > 0);
}

/* Pages as PNG for a person to look at: the first three at 60 dpi. */
static void
preview(const char *path, const char *name)
{
	free(run("pdftoppm -r 60 -l 3 -png '%s' '%s/%s'", path, outdir, name));
}

static int
load_demo(struct dataset *ds)
{
	const char *src = getenv("FOLIO_SOURCE");
	struct error err = ERROR_INIT;
	char path[1024], msg[1100];

	snprintf(path, sizeof(path), "%s/data/demo/mps-2018.json", src ? src : ".");
	if (interchange_read_file(path, ds, &err) < 0) {
		print_error("%s\n", error_text(&err, msg, sizeof(msg)));
		return -1;
	}
	return 0;
}

/* --- the demo's papers ------------------------------------------------------ */

static void
test_oversight(void **state)
{
	struct dataset ds;
	struct report r;
	struct error err = ERROR_INIT;
	struct strbuf pdf = STRBUF_INIT, again = STRBUF_INIT;
	struct pages pg;
	const char *path;
	char msg[1100];
	int n;

	(void)state;
	assert_int_equal(load_demo(&ds), 0);
	if (report_oversight(&ds, M("2018-03"), "OFFICIAL-SENSITIVE", &r, &err) < 0) {
		print_error("%s\n", error_text(&err, msg, sizeof(msg)));
		fail();
	}
	r.toc = 1;
	path = render_to(&r, "oversight-2018-03", &pdf);
	n = check_paper(&r, path, &pg);
	assert_true(n >= 4);
	check_contents(&r, &pg);
	preview(path, "oversight-2018-03");

	/* the same report gives the same bytes */
	assert_int_equal(report_render_pdf(&r, &again, &err), 0);
	assert_int_equal(again.len, pdf.len);
	assert_memory_equal(again.buf, pdf.buf, pdf.len);

	pages_release(&pg);
	strbuf_release(&pdf);
	strbuf_release(&again);
	report_release(&r);
	dataset_release(&ds);
}

/* A paper of a reporting period (PMG, PIB), checked as every paper is. */
static void
period_paper(int (*build)(const struct dataset *, int32_t, const char *,
			  struct report *, struct error *),
	     const char *name, int want_toc)
{
	struct dataset ds;
	struct report r;
	struct error err = ERROR_INIT;
	struct strbuf pdf = STRBUF_INIT;
	struct pages pg;
	const char *path;
	char msg[1100];

	assert_int_equal(load_demo(&ds), 0);
	if (build(&ds, M("2018-03"), "OFFICIAL-SENSITIVE", &r, &err) < 0) {
		print_error("%s\n", error_text(&err, msg, sizeof(msg)));
		fail();
	}
	assert_int_equal(r.toc, want_toc);
	path = render_to(&r, name, &pdf);
	check_paper(&r, path, &pg);
	if (want_toc)
		check_contents(&r, &pg);
	preview(path, name);
	pages_release(&pg);
	strbuf_release(&pdf);
	report_release(&r);
	dataset_release(&ds);
}

static void
test_pmg(void **state)
{
	(void)state;
	period_paper(report_pmg, "pmg-2018-03", 1);
}

static void
test_pib(void **state)
{
	(void)state;
	period_paper(report_pib, "pib-2018-03", 0);
}

/* --- generated reports ------------------------------------------------------ */

static void
start(struct report *r, const char *title)
{
	report_init(r);
	report_set(r, &r->title, title);
	report_set(r, &r->organisation, "Test Constabulary");
	report_set(r, &r->author, "Portfolio Office");
	r->date = date_from_ymd(2018, 3, 31);
}

/*
 * 200 rows cannot fit on a page: the table runs over several, each with
 * the caption marked "(continued)" and the header row again, and every
 * row is set exactly once, in order.
 */
static void
test_long_table(void **state)
{
	static const char *const head[] = { "Code", "Milestone", "Forecast", "Cost" };
	static const enum report_align align[] = { RA_LEFT, RA_LEFT, RA_LEFT, RA_RIGHT };
	struct report r;
	struct report_section *s;
	struct report_block *t;
	struct strbuf pdf = STRBUF_INIT;
	struct pages pg;
	const char *path;
	char *all, code[16];
	int n, with_rows = 0, prev = 0;

	(void)state;
	start(&r, "Milestone register");
	report_mark(&r, "OFFICIAL-SENSITIVE");
	s = report_section(&r, 1, "1.", "Every milestone");
	report_add(&r, report_para(&r, s), RS_PLAIN, "The register in full, by code.");
	t = report_table(&r, s, "Milestones by code", 4, head, align, 1);
	for (int i = 1; i <= 200; i++) {
		struct report_inline *c = report_row(&r, t);

		report_addf(&r, &c[0], RS_PLAIN, "MS-%03d", i);
		report_addf(&r, &c[1], RS_PLAIN, "Milestone number %d of the register%s", i,
			    i % 7 == 0 ? ", with a longer name that needs two lines in its column" : "");
		report_addf(&r, &c[2], RS_PLAIN, "%d June 2019", 1 + i % 28);
		report_addf(&r, &c[3], RS_PLAIN, "\xC2\xA3%d,%03d", i * 3, i % 1000);
	}
	s = report_section(&r, 1, "2.", "After the table");
	report_add(&r, report_para(&r, s), RS_PLAIN, "Text after the table.");
	path = render_to(&r, "long-table", &pdf);
	n = check_paper(&r, path, &pg);
	assert_true(n >= 4);
	for (int i = 0; i < pg.n; i++) {
		int first = 0, last = 0;

		for (int k = 1; k <= 200; k++) {
			snprintf(code, sizeof(code), "MS-%03d ", k);
			if (strstr(pg.page[i], code)) {
				if (!first)
					first = k;
				last = k;
			}
		}
		if (!first)
			continue;
		with_rows++;
		/* rows run on from the page before, in order */
		assert_int_equal(first, prev + 1);
		prev = last;
		assert_non_null(strstr(pg.page[i], "Forecast"));
		assert_non_null(strstr(pg.page[i], "Milestone"));
		if (with_rows > 1)
			assert_non_null(strstr(pg.page[i], "Milestones by code (continued)"));
	}
	assert_int_equal(prev, 200);
	assert_true(with_rows >= 3);
	/* each row once: no row lost, none drawn twice */
	all = run("pdftotext -enc UTF-8 '%s' -", path);
	for (int k = 1; k <= 200; k++) {
		snprintf(code, sizeof(code), "MS-%03d", k);
		assert_int_equal(count(all, code), 1);
	}
	/* the numbers sit at the right edge of their column */
	assert_non_null(strstr(pg.page[1], "\xC2\xA3"));
	free(all);
	pages_release(&pg);
	preview(path, "long-table");
	strbuf_release(&pdf);
	report_release(&r);
}

/*
 * A heading, a paragraph introducing a table ("...soonest first:") and a
 * short table stay on one page wherever the page would break: with
 * filler before them of every length across a page, the heading, the
 * lead-in and the table's caption and last row always share a page (the
 * PMG pack's 1.3 had its heading and lead-in at the foot of one page and
 * its three-row table on the next).
 */
static void
test_lead_in_table(void **state)
{
	static const char *const head[] = { "Milestone", "Programme", "Forecast",
		"Baseline in force", "Status" };
	struct strbuf pdf = STRBUF_INIT;
	char name[64];

	(void)state;
	for (int k = 20; k <= 70; k++) {
		struct report r;
		struct report_section *s;
		struct report_block *t;
		struct pages pg;
		const char *path;
		int on = -1;

		start(&r, "Lead-ins");
		s = report_section(&r, 1, "1.", "Filler");
		for (int i = 0; i < k; i++)
			report_addf(&r, report_para(&r, s), RS_PLAIN, "Filler line %d.", i + 1);
		s = report_section(&r, 2, "1.1", "Milestones ahead");
		report_add(&r, report_para(&r, s), RS_PLAIN,
			   "Three key milestones fall due, soonest first:");
		t = report_table(&r, s, "Milestones due table", 5, head, NULL, 1);
		for (int i = 0; i < 3; i++) {
			struct report_inline *c = report_row(&r, t);

			report_addf(&r, &c[0], RS_STRONG, "Row %d milestone with a name long enough to wrap", i + 1);
			report_add(&r, &c[1], RS_PLAIN, "Transforming Investigation and Prosecution");
			report_add(&r, &c[2], RS_PLAIN, "29 June 2018");
			report_add(&r, &c[3], RS_PLAIN, "29 June 2018");
			report_add(&r, &c[4], RS_PLAIN, "on track");
		}
		strbuf_reset(&pdf);
		snprintf(name, sizeof(name), "lead-in-%d", k);
		path = render_to(&r, name, &pdf);
		check_paper(&r, path, &pg);
		for (int i = 0; i < pg.n; i++) {
			char *flat = squeeze(pg.page[i]);

			if (strstr(flat, "1.1 Milestones ahead")) {
				on = i;
				if (!strstr(flat, "soonest first:") || !strstr(flat, "Milestones due table") ||
				    !strstr(flat, "Row 3 milestone")) {
					print_error("with %d filler lines, page %d parts the heading, "
						    "lead-in and table:\n%s\n", k, i + 1, pg.page[i]);
					fail();
				}
			}
			free(flat);
		}
		assert_true(on >= 0);
		pages_release(&pg);
		report_release(&r);
		unlink(path);
	}
	strbuf_release(&pdf);
}

/*
 * A cell longer than a page and a paragraph of several pages: both run
 * over, line by line, and not a word is lost or repeated.
 */
static void
test_long_text(void **state)
{
	static const char *const head[] = { "Item", "Narrative" };
	struct report r;
	struct report_section *s;
	struct report_block *t;
	struct report_inline *c;
	struct strbuf words = STRBUF_INIT, pdf = STRBUF_INIT;
	struct pages pg;
	const char *path;
	char *all, w[16];
	int n;

	(void)state;
	start(&r, "Long narratives");
	for (int i = 1; i <= 1500; i++)
		strbuf_addf(&words, "w%04d ", i);
	s = report_section(&r, 1, "1.", "A long paragraph");
	report_add(&r, report_para(&r, s), RS_PLAIN, words.buf);
	s = report_section(&r, 1, "2.", "A long cell");
	t = report_table(&r, s, "One tall row", 2, head, NULL, 0);
	c = report_row(&r, t);
	report_add(&r, &c[0], RS_STRONG, "The only row");
	strbuf_reset(&words);
	for (int i = 1; i <= 1500; i++)
		strbuf_addf(&words, "c%04d ", i);
	report_add(&r, &c[1], RS_PLAIN, words.buf);
	path = render_to(&r, "long-text", &pdf);
	n = check_paper(&r, path, &pg);
	assert_true(n >= 5);
	all = run("pdftotext -enc UTF-8 '%s' -", path);
	for (int i = 1; i <= 1500; i++) {
		snprintf(w, sizeof(w), "w%04d", i);
		assert_int_equal(count(all, w), 1);
		snprintf(w, sizeof(w), "c%04d", i);
		assert_int_equal(count(all, w), 1);
	}
	/* the tall row's header comes again on the page it runs on to */
	n = 0;
	for (int i = 0; i < pg.n; i++)
		if (strstr(pg.page[i], "One tall row (continued)"))
			n++;
	assert_true(n >= 1);
	free(all);
	pages_release(&pg);
	strbuf_release(&words);
	strbuf_release(&pdf);
	report_release(&r);
}

/*
 * Text is text: markup-like strings come out as written, bytes that are
 * not UTF-8 and control characters become U+FFFD, and nothing breaks.
 */
static void
test_hostile(void **state)
{
	struct report r;
	struct report_section *s;
	struct report_block *b;
	struct report_inline *in;
	struct strbuf pdf = STRBUF_INIT;
	struct pages pg;
	const char *path;
	char *all;

	(void)state;
	start(&r, "<b>Bold</b> & <i>italic</i> (not) \\ %PDF");
	report_set(&r, &r.author, "O'Brien & \"Partners\"");
	s = report_section(&r, 1, "1.", "<span foreground=\"red\">markup</span>");
	in = report_para(&r, s);
	report_add(&r, in, RS_PLAIN, "bad bytes \xff\xfe here, a control \x01 char, ");
	report_add(&r, in, RS_STRONG, "&amp; <script>alert(1)</script>");
	report_add(&r, in, RS_RATING, "Purple");
	b = report_bullets(&r, s);
	report_add(&r, report_item(&r, b), RS_EMPH, ") Tj (injected) Tj (");
	report_add(&r, report_note(&r, s, "Note <b>"), RS_PLAIN, "endstream endobj");
	path = render_to(&r, "hostile", &pdf);
	check_paper(&r, path, &pg);
	all = run("pdftotext -enc UTF-8 '%s' -", path);
	assert_non_null(strstr(all, "<span foreground=\"red\">markup</span>"));
	assert_non_null(strstr(all, "&amp; <script>alert(1)</script>"));
	assert_non_null(strstr(all, "bad bytes \xEF\xBF\xBD\xEF\xBF\xBD here"));
	assert_non_null(strstr(all, "a control \xEF\xBF\xBD char"));
	assert_non_null(strstr(all, ") Tj (injected) Tj ("));
	assert_non_null(strstr(all, "Note <b>: endstream endobj"));
	assert_non_null(strstr(all, "Purple"));
	free(all);
	all = run("pdfinfo '%s'", path);
	assert_string_equal(info(all, "Author"), "O'Brien & \"Partners\"");
	free(all);
	pages_release(&pg);
	strbuf_release(&pdf);
	report_release(&r);
}

/* A capped buffer fails cleanly; an empty report is one good page. */
static void
test_edges(void **state)
{
	struct report r;
	struct strbuf pdf = STRBUF_INIT, capped = STRBUF_INIT;
	struct error err = ERROR_INIT;
	struct pages pg;
	const char *path;

	(void)state;
	start(&r, "Nothing to report");
	path = render_to(&r, "empty", &pdf);
	assert_int_equal(check_paper(&r, path, &pg), 1);
	pages_release(&pg);
	capped.max = 2000;
	assert_int_equal(report_render_pdf(&r, &capped, &err), -1);
	assert_int_equal(err.code, ERR_IO);
	assert_true(capped.len <= 2000);
	strbuf_release(&pdf);
	strbuf_release(&capped);
	report_release(&r);
}

/*
 * Charts are drawn as vectors (their words are in the text layer); one
 * that cannot be drawn says so instead of failing the paper.
 */
static void
test_charts(void **state)
{
	static const struct chart_category months[3] = {
		{ NULL, 0 }, { NULL, 0 }, { NULL, 0 }
	};
	struct chart_category cat[3];
	double green[3] = { 1, 2, 3 }, red[3] = { 2, 1, 0 };
	struct chart_series series[2] = {
		{ .name = "Green", .ink = CHART_INK_GREEN, .values = green, .n = 3 },
		{ .name = "Red", .ink = CHART_INK_RED, .values = red, .n = 3 },
	};
	struct chart c = {
		.type = CHART_STACKED_BAR,
		.title = "Ratings by month",
		.x_label = "Month",
		.y_label = "Programmes",
		.categories = cat, .ncategories = 3,
		.series = series, .nseries = 2,
	};
	struct report r;
	struct report_section *s;
	struct strbuf pdf = STRBUF_INIT;
	struct pages pg;
	const char *path;
	char *all;

	(void)state;
	memcpy(cat, months, sizeof(cat));
	for (int i = 0; i < 3; i++)
		cat[i].month = month_from_ym(2018, 1 + i);
	start(&r, "Charts");
	s = report_section(&r, 1, "1.", "A chart");
	report_chart(&r, s, &c, "Delivery confidence, January to March", 600, 360);
	series[1].n = 2;	/* malformed: fewer values than months */
	c.title = "A broken chart";
	report_chart(&r, s, &c, NULL, 600, 360);
	path = render_to(&r, "charts", &pdf);
	check_paper(&r, path, &pg);
	all = run("pdftotext -enc UTF-8 '%s' -", path);
	assert_non_null(strstr(all, "Delivery confidence, January to March"));
	assert_non_null(strstr(all, "Ratings by month"));
	assert_non_null(strstr(all, "Programmes"));
	assert_non_null(strstr(all, "This chart could not be drawn"));
	free(all);
	pages_release(&pg);
	preview(path, "charts");
	strbuf_release(&pdf);
	report_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oversight),
		cmocka_unit_test(test_pmg),
		cmocka_unit_test(test_pib),
		cmocka_unit_test(test_long_table),
		cmocka_unit_test(test_long_text),
		cmocka_unit_test(test_lead_in_table),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_charts),
	};
	int rc;

	make_outdir();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	/* What the libraries keep for the life of the process, handed back. */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
	return rc;
}
