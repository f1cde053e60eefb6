/*
 * html.h - the web application's one way of writing markup: a tiny
 * template engine whose every substitution goes through the escaping
 * writer (report/escape.h's escape_html), after kcgi's khtml_puts.
 *
 * Templates are files under data/templates/web/ compiled into the binary.
 * They are rendered against a stack of jansson values (the page's own
 * context at the bottom, the view a route built on top), so the HTML page
 * and the JSON API answer are made from the same data.
 *
 * Syntax, a subset of Mustache:
 *	{{name}}  {{a.b.c}}  {{.}}	the value, HTML-escaped
 *	{{name|filter}}			the value through a filter, escaped:
 *					date ("2018-03-31" -> "31 March 2018"),
 *					month ("2018-03" -> "March 2018"),
 *					money (1234567 -> "£1,234,567"),
 *					num (12345 -> "12,345"; reals to 2 places),
 *					rag (a DCA rating -> its CSS class),
 *					yesno (true -> "Yes"),
 *					time ("2018-04-11T16:00:00Z" ->
 *					"11 April 2018 at 16:00 UTC")
 *	{{#name}}...{{/name}}		for each element of an array, for an
 *					object once (pushed), for any other true
 *					value once; nothing when false, null,
 *					missing, 0, "" or empty
 *	{{^name}}...{{/name}}		once when name is false as above
 *	{{>name}}			another template (a partial)
 *	{{! comment }}
 * There is deliberately no way to write a value unescaped ("{{{x}}}" and
 * "{{&x}}" are compile errors): the only bytes that reach the page
 * unescaped are the templates' own.
 */
#ifndef FOLIO_WEB_HTML_H
#define FOLIO_WEB_HTML_H

#include <stddef.h>

#include <jansson.h>

struct strbuf;
struct error;
struct tpl_set;

/*
 * Compile every asset under data/templates/web/ ending in ".html"; a
 * template is named by its file name without the extension ("dashboard").
 * Returns 0 and *out (free with tpl_set_free()), or -1 with err naming the
 * template and line at fault.
 */
int tpl_set_load(struct tpl_set **out, struct error *err);
void tpl_set_free(struct tpl_set *set);
/* Compile one template from text (for tests); same contract. */
int tpl_set_add(struct tpl_set *set, const char *name, const char *text,
		struct error *err);
struct tpl_set *tpl_set_new(void);

/*
 * Render template name against the context stack ctx[0..depth) (the last
 * is the top, searched first), appending to out. The values are only
 * read. Returns 0, or -1 with err filled: an unknown template or partial,
 * partials nested too deep, or out's size cap reached.
 */
int tpl_render(const struct tpl_set *set, const char *name,
	       json_t *const *ctx, size_t depth, struct strbuf *out,
	       struct error *err);

/* Append s to out escaped for HTML text and attribute values. */
int html_text(struct strbuf *out, const char *s);

/*
 * The CSS class of a DCA rating's tag ("rag-ag" for "Amber/Green"),
 * looked up, never built from the text; "rag-x" for anything else.
 */
const char *html_rag_class(const char *rating);

#endif
