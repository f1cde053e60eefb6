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

static int __attribute__((unused))
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oversight),
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
