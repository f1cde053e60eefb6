/*
 * report-golden.h - golden files for the papers' tests (test-report.c,
 * test-packs.c): compare a rendering with tests/golden/NAME, rewrite it
 * under FOLIO_UPDATE_GOLDEN=1, and keep inline SVG out of the HTML
 * goldens.
 *
 * A chart's SVG is glyph outlines from whatever fonts the machine has;
 * its bytes belong to the chart module's tests, not to a paper's golden
 * file. svg_elided() keeps each <svg> element's opening tag, <title> and
 * <desc> (the words a screen reader hears, which do belong to the paper)
 * and leaves the drawing out, so the golden still shows where each chart
 * stands, its size, id and text alternative.
 *
 * Static functions in a header: each test binary includes it once.
 */
#ifndef FOLIO_TEST_REPORT_GOLDEN_H
#define FOLIO_TEST_REPORT_GOLDEN_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

/* Compare got with the golden file; rewrite it under FOLIO_UPDATE_GOLDEN=1. */
static void
golden(const char *got, size_t len, const char *name)
{
	const char *src = getenv("FOLIO_SOURCE");
	char path[4096];
	struct strbuf want = STRBUF_INIT;
	const char *update = getenv("FOLIO_UPDATE_GOLDEN");

	assert_non_null(src);
	snprintf(path, sizeof(path), "%s/tests/golden/%s", src, name);
	if (update && strcmp(update, "1") == 0) {
		FILE *f = fopen(path, "wb");

		assert_non_null(f);
		assert_int_equal(fwrite(got, 1, len, f), len);
		assert_int_equal(fclose(f), 0);
		print_message("# rewrote %s\n", path);
		return;
	}
	if (strbuf_read_file(&want, path, 0) < 0) {
		print_error("cannot read %s: %s (run with FOLIO_UPDATE_GOLDEN=1 to create it)\n",
			    path, strerror(errno));
		fail();
	}
	if (want.len != len || memcmp(want.buf, got, len) != 0) {
		size_t line = 1, i = 0, start = 0;

		while (i < len && i < want.len && got[i] == want.buf[i]) {
			if (got[i] == '\n') {
				line++;
				start = i + 1;
			}
			i++;
		}
		print_error("%s differs from the rendering at line %zu:\n"
			    "  golden: %.*s\n  got:    %.*s\n"
			    "see the whole difference with: FOLIO_UPDATE_GOLDEN=1 meson test -C <build> <test>; "
			    "git diff tests/golden/%s\n",
			    path, line,
			    (int)strcspn(want.buf + (start < want.len ? start : want.len), "\n"),
			    want.buf + (start < want.len ? start : want.len),
			    (int)strcspn(got + start, "\n"), got + start, name);
		strbuf_release(&want);
		fail();
	}
	strbuf_release(&want);
}

/* Append s[a..b) to sb. */
static void
golden_add(struct strbuf *sb, const char *a, const char *b)
{
	assert_int_equal(strbuf_add(sb, a, (size_t)(b - a)), 0);
}

/* Copy the element <tag ...>...</tag> that starts at p, if it does. */
static const char *
golden_keep(struct strbuf *sb, const char *p, const char *tag)
{
	char open[32], close[32];
	const char *end;

	snprintf(open, sizeof(open), "<%s", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	if (strncmp(p, open, strlen(open)) != 0 || (end = strstr(p, close)) == NULL)
		return p;
	end += strlen(close);
	golden_add(sb, p, end);
	return end;
}

/*
 * html with each <svg ...>...</svg> cut down to its opening tag, <title>
 * and <desc> (see the top of this file). Every <svg> must be closed.
 * Caller frees.
 */
static char *
svg_elided(const char *html)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = html, *s;

	while ((s = strstr(p, "<svg")) != NULL) {
		const char *tag_end = strchr(s, '>'), *close;

		assert_non_null(tag_end);
		close = strstr(tag_end, "</svg>");
		assert_non_null(close);
		golden_add(&sb, p, tag_end + 1);
		p = golden_keep(&sb, tag_end + 1, "title");
		p = golden_keep(&sb, p, "desc");
		assert_int_equal(strbuf_addstr(&sb, "<!-- the drawing is left out of the golden file -->"), 0);
		p = close;
	}
	assert_int_equal(strbuf_addstr(&sb, p), 0);
	return strbuf_detach(&sb, NULL);
}

/* The HTML golden: as rendered, with the SVG drawings left out. */
static void
golden_html(const char *html, const char *name)
{
	char *cut = svg_elided(html);

	golden(cut, strlen(cut), name);
	free(cut);
}

#endif
