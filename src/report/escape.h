/*
 * escape.h - the one place report text meets markup.
 *
 * Every piece of text a renderer writes goes through one of these
 * writers, never through a bare strbuf_addf: after cmark's
 * houdini_html_e.c and kcgi's khtml_puts. Both also make the bytes safe
 * to carry: invalid UTF-8 and control characters (other than tab and
 * newline) become U+FFFD, so a stray byte in an imported file cannot
 * break the page or the document around it.
 */
#ifndef FOLIO_ESCAPE_H
#define FOLIO_ESCAPE_H

#include <stddef.h>

struct strbuf;

/*
 * Append s as HTML character data, safe both between tags and inside a
 * double- or single-quoted attribute value: & < > " ' become character
 * references. Returns 0, or -1 when out's size cap is reached.
 */
int escape_html(struct strbuf *out, const char *s);

/*
 * Append s as CommonMark inline text that reads literally: every
 * character that could open markup (\ ` * _ [ ] < > & # ~ |, and at the
 * start of a line - + = and "1." / "1)") is backslash-escaped, and line
 * breaks become spaces, since a block's text is one line of the output.
 * Pipes are escaped everywhere, so text can go into a GFM table cell.
 * *bol is non-zero when the text starts a line; it is cleared once
 * something other than white space has been written, and white space at
 * the start of a line is dropped (it could make a code block). Returns 0,
 * or -1 when out's size cap is reached.
 */
int escape_md(struct strbuf *out, const char *s, int *bol);

#endif
