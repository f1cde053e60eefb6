/*
 * escape.c - the escaping writers of the renderers (see escape.h).
 *
 * Runs of bytes that need nothing are copied in one strbuf_add, as in
 * houdini_html_e: reports are mostly plain words.
 */
#include "report/escape.h"
#include "core/strbuf.h"
#include "core/utf8.h"

#include <string.h>

#define REPLACEMENT "\xEF\xBF\xBD"	/* U+FFFD */

/* A control character that has no business in a document. */
static int
is_bad_control(unsigned c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
}

int
escape_html(struct strbuf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = s ? strlen(s) : 0, i = 0, start = 0;
	int rc = 0;

	while (i < n) {
		const char *rep = NULL;
		size_t len = 1;

		switch (p[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			len = utf8_seq(p + i, n - i);
			if (len == 0 || is_bad_control(p[i])) {
				rep = REPLACEMENT;
				len = 1;
			}
		}
		if (rep == NULL) {
			i += len;
			continue;
		}
		if (i > start)
			rc |= strbuf_add(out, p + start, i - start);
		rc |= strbuf_addstr(out, rep);
		i += len;
		start = i;
	}
	if (i > start)
		rc |= strbuf_add(out, p + start, i - start);
	return rc ? -1 : 0;
}

/* Characters CommonMark could read as markup anywhere in a line. */
static int
md_special(unsigned c)
{
	switch (c) {
	case '\\': case '`': case '*': case '_': case '[': case ']':
	case '<': case '>': case '&': case '#': case '~':
	case '|':	/* a cell boundary in a GFM table */
		return 1;
	}
	return 0;
}

int
escape_md(struct strbuf *out, const char *s, int *bol)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = s ? strlen(s) : 0, i = 0;
	int rc = 0;

	while (i < n) {
		unsigned c = p[i];
		size_t len;

		if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
			/* White space at a line start would indent (a code block). */
			if (!*bol)
				rc |= strbuf_addch(out, ' ');
			while (i < n && (p[i] == '\n' || p[i] == '\r' ||
					 p[i] == '\t' || p[i] == ' '))
				i++;
			continue;
		}
		if (*bol) {
			size_t j = i;

			/* A list marker, setext underline or ordered-list number. */
			if (c == '-' || c == '+' || c == '=') {
				rc |= strbuf_addch(out, '\\');
			} else if (c >= '0' && c <= '9') {
				while (j < n && p[j] >= '0' && p[j] <= '9')
					j++;
				if (j < n && (p[j] == '.' || p[j] == ')')) {
					rc |= strbuf_add(out, p + i, j - i);
					rc |= strbuf_addch(out, '\\');
					i = j;
					c = p[i];
				}
			}
			*bol = 0;
		}
		if (md_special(c)) {
			rc |= strbuf_addch(out, '\\');
			rc |= strbuf_addch(out, (int)c);
			i++;
			continue;
		}
		len = utf8_seq(p + i, n - i);
		if (len == 0 || is_bad_control(c)) {
			rc |= strbuf_addstr(out, REPLACEMENT);
			i++;
			continue;
		}
		rc |= strbuf_add(out, p + i, len);
		i += len;
	}
	return rc ? -1 : 0;
}
