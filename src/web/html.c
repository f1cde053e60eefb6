/*
 * html.c - the template engine and the escaping writer of the web
 * application (see html.h).
 *
 * A template is compiled once, when the server starts, into a tree of
 * nodes: literal text, a value, a section (with its inverse) and a
 * partial. Rendering walks the tree; a value is looked up in the context
 * stack and written through html_text(), the only path by which data
 * reaches the page.
 */
#include "web/html.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/asset.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "model/schema.h"
#include "report/escape.h"

#define TPL_DIR "templates/web/"
#define TPL_EXT ".html"
/* Partials may include partials, but not without end. */
#define TPL_MAX_DEPTH 8
/* Context stack depth while rendering (sections push). */
#define CTX_MAX 64

enum node_type {
	N_TEXT,
	N_VAR,
	N_SECTION,
	N_INVERTED,
	N_PARTIAL
};

enum filter {
	F_NONE,
	F_DATE,
	F_MONTH,
	F_MONEY,
	F_NUM,
	F_RAG,
	F_YESNO,
	F_TIME,
	F_WORDS,
	F_PHRASE
};

static const char *const filter_names[] = {
	"", "date", "month", "money", "num", "rag", "yesno", "time", "words", "phrase", NULL
};

struct node {
	enum node_type type;
	char *text;		/* N_TEXT: the bytes; N_PARTIAL: the name */
	size_t len;		/* N_TEXT */
	char **path;		/* N_VAR, sections: segments; NULL for "." */
	size_t npath;
	enum filter filter;
	struct node *children;	/* sections */
	size_t nchildren;
};

struct tpl {
	char *name;
	struct node root;	/* a section that always renders once */
};

struct tpl_set {
	struct tpl *v;
	size_t n, alloc;
};

/* --- the escaping writer ------------------------------------------------ */

int
html_text(struct strbuf *out, const char *s)
{
	return escape_html(out, s);
}

const char *
html_rag_class(const char *rating)
{
	static const char *const cls[] = {
		"rag-g", "rag-ag", "rag-a", "rag-ar", "rag-r", "rag-x", "rag-x"
	};
	int i = rating ? enum_index(dca_values, rating) : -1;

	return i >= 0 && i < (int)(sizeof(cls) / sizeof(cls[0])) ? cls[i] : "rag-x";
}

/* --- compiling ----------------------------------------------------------- */

static void
node_release(struct node *n)
{
	free(n->text);
	for (size_t i = 0; i < n->npath; i++)
		free(n->path[i]);
	free(n->path);
	for (size_t i = 0; i < n->nchildren; i++)
		node_release(&n->children[i]);
	free(n->children);
}

static struct node *
node_add(struct node *parent, size_t *alloc, enum node_type type)
{
	struct node *n;

	ALLOC_GROW(parent->children, parent->nchildren + 1, *alloc);
	n = &parent->children[parent->nchildren++];
	memset(n, 0, sizeof(*n));
	n->type = type;
	return n;
}

static int
line_of(const char *start, const char *p)
{
	int line = 1;

	for (; start < p; start++)
		if (*start == '\n')
			line++;
	return line;
}

static int
name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

/* Split "a.b.c" into segments; "." alone is the top of the stack. */
static int
parse_path(struct node *n, const char *s, size_t len)
{
	size_t start = 0;

	if (len == 1 && s[0] == '.')
		return 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			if (i == start)
				return -1;
			n->path = xreallocarray(n->path, n->npath + 1, sizeof(*n->path));
			n->path[n->npath++] = xstrndup(s + start, i - start);
			start = i + 1;
		}
	}
	return 0;
}

/*
 * Compile src into parent's children up to the closing tag of section
 * `open` (NULL at the top level). *pp advances past what was read.
 */
static int
compile(const char *name, const char *src, const char **pp, struct node *parent,
	const char *open, size_t openlen, struct error *err)
{
	const char *p = *pp;
	size_t alloc = 0;

	for (;;) {
		const char *tag = strstr(p, "{{");
		const char *end, *body;
		size_t blen;
		struct node *n;
		char sigil;

		if (tag == NULL) {
			if (open)
				return error_at(err, ERR_INTERNAL, name,
						"line %d: section \"%.*s\" is not closed",
						line_of(src, p), (int)openlen, open);
			if (*p) {
				n = node_add(parent, &alloc, N_TEXT);
				n->len = strlen(p);
				n->text = xstrndup(p, n->len);
			}
			*pp = p + strlen(p);
			return 0;
		}
		if (tag > p) {
			n = node_add(parent, &alloc, N_TEXT);
			n->len = (size_t)(tag - p);
			n->text = xstrndup(p, n->len);
		}
		if (tag[2] == '{' || tag[2] == '&')
			return error_at(err, ERR_INTERNAL, name,
					"line %d: unescaped output is not supported",
					line_of(src, tag));
		end = strstr(tag + 2, "}}");
		if (end == NULL)
			return error_at(err, ERR_INTERNAL, name, "line %d: \"{{\" without \"}}\"",
					line_of(src, tag));
		p = end + 2;
		sigil = tag[2];
		body = tag + 2;
		if (sigil == '!')
			continue;
		if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '>')
			body++;
		while (*body == ' ')
			body++;
		blen = (size_t)(end - body);
		while (blen > 0 && body[blen - 1] == ' ')
			blen--;
		if (blen == 0)
			return error_at(err, ERR_INTERNAL, name, "line %d: empty tag",
					line_of(src, tag));
		if (sigil == '/') {
			if (open == NULL || blen != openlen || memcmp(body, open, blen) != 0)
				return error_at(err, ERR_INTERNAL, name,
						"line %d: \"{{/%.*s}}\" closes nothing open",
						line_of(src, tag), (int)blen, body);
			*pp = p;
			return 0;
		}
		if (sigil == '>') {
			n = node_add(parent, &alloc, N_PARTIAL);
			n->text = xstrndup(body, blen);
			continue;
		}
		{
			const char *bar = memchr(body, '|', blen);
			size_t plen = bar ? (size_t)(bar - body) : blen;
			enum node_type type = sigil == '#' ? N_SECTION :
					      sigil == '^' ? N_INVERTED : N_VAR;

			for (size_t i = 0; i < plen; i++)
				if (!name_char((unsigned char)body[i]))
					return error_at(err, ERR_INTERNAL, name,
							"line %d: bad name \"%.*s\"",
							line_of(src, tag), (int)blen, body);
			n = node_add(parent, &alloc, type);
			if (parse_path(n, body, plen) < 0)
				return error_at(err, ERR_INTERNAL, name, "line %d: bad name \"%.*s\"",
						line_of(src, tag), (int)blen, body);
			if (bar) {
				size_t flen = blen - plen - 1;
				int f = -1;

				for (int i = 1; filter_names[i]; i++)
					if (strlen(filter_names[i]) == flen &&
					    memcmp(filter_names[i], bar + 1, flen) == 0)
						f = i;
				if (f < 0 || type != N_VAR)
					return error_at(err, ERR_INTERNAL, name,
							"line %d: unknown filter in \"%.*s\"",
							line_of(src, tag), (int)blen, body);
				n->filter = (enum filter)f;
			}
			if (type != N_VAR) {
				/* n may move as parent grows: compile into a local */
				struct node sec = *n;
				int rc;

				rc = compile(name, src, &p, &sec, body, plen, err);
				parent->children[parent->nchildren - 1] = sec;
				if (rc < 0)
					return -1;
			}
		}
	}
}

struct tpl_set *
tpl_set_new(void)
{
	return xcalloc(1, sizeof(struct tpl_set));
}

void
tpl_set_free(struct tpl_set *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->n; i++) {
		free(set->v[i].name);
		node_release(&set->v[i].root);
	}
	free(set->v);
	free(set);
}

int
tpl_set_add(struct tpl_set *set, const char *name, const char *text,
	    struct error *err)
{
	struct tpl t;
	const char *p = text;

	memset(&t, 0, sizeof(t));
	t.root.type = N_SECTION;
	if (compile(name, text, &p, &t.root, NULL, 0, err) < 0) {
		node_release(&t.root);
		return -1;
	}
	t.name = xstrdup(name);
	ALLOC_GROW(set->v, set->n + 1, set->alloc);
	set->v[set->n++] = t;
	return 0;
}

int
tpl_set_load(struct tpl_set **out, struct error *err)
{
	struct tpl_set *set = tpl_set_new();
	const struct asset *all;
	size_t n, dl = strlen(TPL_DIR), el = strlen(TPL_EXT);

	all = asset_all(&n);
	for (size_t i = 0; i < n; i++) {
		const char *nm = all[i].name;
		size_t len = strlen(nm);
		char *short_name;
		int rc;

		if (strncmp(nm, TPL_DIR, dl) != 0 || len <= dl + el ||
		    strcmp(nm + len - el, TPL_EXT) != 0)
			continue;
		short_name = xstrndup(nm + dl, len - dl - el);
		rc = tpl_set_add(set, short_name, (const char *)all[i].data, err);
		free(short_name);
		if (rc < 0) {
			tpl_set_free(set);
			return -1;
		}
	}
	*out = set;
	return 0;
}

static const struct tpl *
tpl_find(const struct tpl_set *set, const char *name)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->v[i].name, name) == 0)
			return &set->v[i];
	return NULL;
}

/* --- rendering ----------------------------------------------------------- */

struct render {
	const struct tpl_set *set;
	json_t *stack[CTX_MAX];
	size_t depth;
	struct strbuf *out;
	struct error *err;
	int partials;
	int failed;
};

static json_t *
lookup(struct render *r, const struct node *n)
{
	json_t *v = NULL;

	if (n->npath == 0)
		return r->depth ? r->stack[r->depth - 1] : NULL;
	for (size_t i = r->depth; i-- > 0;) {
		if (json_is_object(r->stack[i])) {
			v = json_object_get(r->stack[i], n->path[0]);
			if (v)
				break;
		}
	}
	for (size_t i = 1; v && i < n->npath; i++) {
		const char *seg = n->path[i];

		if (json_is_array(v) && seg[0] >= '0' && seg[0] <= '9' &&
		    strspn(seg, "0123456789") == strlen(seg) && strlen(seg) < 9)
			v = json_array_get(v, (size_t)atoi(seg));
		else
			v = json_is_object(v) ? json_object_get(v, seg) : NULL;
	}
	return v;
}

static int
truthy(const json_t *v)
{
	if (v == NULL)
		return 0;
	switch (json_typeof(v)) {
	case JSON_NULL:
	case JSON_FALSE:
		return 0;
	case JSON_TRUE:
		return 1;
	case JSON_STRING:
		return json_string_length(v) > 0;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_OBJECT:
		return json_object_size(v) > 0;
	}
	return 0;
}

static void
put(struct render *r, const char *s, size_t len)
{
	if (strbuf_add(r->out, s, len) < 0)
		r->failed = 1;
}

static void
text(struct render *r, const char *s)
{
	if (html_text(r->out, s) < 0)
		r->failed = 1;
}

/* Digits of mag grouped by thousands into buf. */
static void
group_digits(char *buf, size_t size, uint64_t mag)
{
	char digits[32];
	int len = snprintf(digits, sizeof(digits), "%" PRIu64, mag);
	size_t o = 0;

	for (int i = 0; i < len && o + 2 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

static void
format_number(char *buf, size_t size, const json_t *v, int money)
{
	char grouped[48];

	if (json_is_integer(v)) {
		json_int_t x = json_integer_value(v);
		uint64_t mag = x < 0 ? (uint64_t)(-(x + 1)) + 1 : (uint64_t)x;

		group_digits(grouped, sizeof(grouped), mag);
		snprintf(buf, size, "%s%s%s", x < 0 ? "-" : "", money ? "\xc2\xa3" : "",
			 grouped);
	} else {
		double x = json_real_value(v);
		double mag = fabs(x);
		char frac[16];
		double ip;
		double fp = modf(mag, &ip);
		int cents = (int)llround(fp * 100);

		if (!isfinite(x) || mag >= 1e18) {
			snprintf(buf, size, "%g", x);
			return;
		}
		if (cents == 100) {
			ip += 1;
			cents = 0;
		}
		group_digits(grouped, sizeof(grouped), (uint64_t)ip);
		frac[0] = '\0';
		if (!money && cents)
			snprintf(frac, sizeof(frac), cents % 10 ? ".%02d" : ".%d",
				 cents % 10 ? cents : cents / 10);
		snprintf(buf, size, "%s%s%s%s", x < 0 && (ip > 0 || cents) ? "-" : "",
			 money ? "\xc2\xa3" : "", grouped, frac);
	}
}

/*
 * A stored timestamp ("2018-04-11T16:00:00Z", UTC) as people read it:
 * "11 April 2018 at 16:00 UTC". The zone is written because the server
 * keeps UTC and a reader in London is an hour ahead half the year. NULL
 * for anything else (the value is then shown as it is).
 */
static const char *
format_time(const char *s, char *buf, size_t size)
{
	char day[11], when[32];
	int32_t d;
	int hh, mm;

	if (strlen(s) < 17 || s[10] != 'T' || s[13] != ':' ||
	    sscanf(s + 11, "%2d:%2d", &hh, &mm) != 2 || hh > 23 || mm > 59)
		return NULL;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (date_parse(day, &d) < 0)
		return NULL;
	snprintf(buf, size, "%s at %02d:%02d UTC", date_format_long(d, when), hh, mm);
	return buf;
}

/*
 * An enum value as people write it: "forecast_breach" -> "Forecast
 * breach", "portfolio_office" -> "Portfolio office". Only a value of
 * lower-case letters, digits and underscores is changed (a marking such
 * as "OFFICIAL-SENSITIVE", a rating such as "Amber/Green" or free text
 * is left as it is); NULL then. Without capital, for the middle of a
 * sentence: "portfolio office".
 */
static const char *
format_words(const char *s, char *buf, size_t size, int capital)
{
	size_t n = strlen(s);

	if (n == 0 || n >= size || strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") != n)
		return NULL;
	for (size_t i = 0; i <= n; i++)
		buf[i] = s[i] == '_' ? ' ' : s[i];
	if (capital)
		buf[0] = (char)toupper((unsigned char)buf[0]);
	return buf;
}

static void
write_value(struct render *r, const json_t *v, enum filter f)
{
	char buf[64];
	const char *s = NULL;

	if (v == NULL || json_is_null(v))
		return;
	switch (f) {
	case F_DATE:
		if (json_is_string(v)) {
			int32_t d;

			s = json_string_value(v);
			if (date_parse(s, &d) == 0)
				s = date_format_long(d, buf);
		}
		break;
	case F_MONTH:
		if (json_is_string(v)) {
			int32_t m;

			s = json_string_value(v);
			if (month_parse(s, &m) == 0)
				s = month_format_long(m, buf);
		}
		break;
	case F_MONEY:
	case F_NUM:
		if (json_is_number(v)) {
			format_number(buf, sizeof(buf), v, f == F_MONEY);
			s = buf;
		}
		break;
	case F_RAG:
		s = html_rag_class(json_string_value(v));
		break;
	case F_YESNO:
		s = truthy(v) ? "Yes" : "No";
		break;
	case F_TIME:
		if (json_is_string(v))
			s = format_time(json_string_value(v), buf, sizeof(buf));
		break;
	case F_WORDS:
	case F_PHRASE:
		if (json_is_string(v))
			s = format_words(json_string_value(v), buf, sizeof(buf), f == F_WORDS);
		break;
	case F_NONE:
		break;
	}
	if (s == NULL) {
		switch (json_typeof(v)) {
		case JSON_STRING:
			s = json_string_value(v);
			break;
		case JSON_INTEGER:
			snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			s = buf;
			break;
		case JSON_REAL:
			format_number(buf, sizeof(buf), v, 0);
			s = buf;
			break;
		case JSON_TRUE:
			s = "true";
			break;
		case JSON_FALSE:
			s = "false";
			break;
		default:
			return;	/* arrays and objects have no text */
		}
	}
	text(r, s);
}

static int render_nodes(struct render *r, const struct node *parent);

static int
push(struct render *r, json_t *v)
{
	if (r->depth >= CTX_MAX) {
		r->failed = 1;
		return error_set(r->err, ERR_INTERNAL, "templates nest too deep");
	}
	r->stack[r->depth++] = v;
	return 0;
}

static int
render_node(struct render *r, const struct node *n)
{
	json_t *v;

	switch (n->type) {
	case N_TEXT:
		put(r, n->text, n->len);
		break;
	case N_VAR:
		write_value(r, lookup(r, n), n->filter);
		break;
	case N_INVERTED:
		if (!truthy(lookup(r, n)))
			return render_nodes(r, n);
		break;
	case N_SECTION:
		v = lookup(r, n);
		if (!truthy(v))
			break;
		if (json_is_array(v)) {
			size_t i;
			json_t *el;

			json_array_foreach(v, i, el) {
				if (push(r, el) < 0)
					return -1;
				if (render_nodes(r, n) < 0)
					return -1;
				r->depth--;
			}
		} else {
			if (push(r, v) < 0)
				return -1;
			if (render_nodes(r, n) < 0)
				return -1;
			r->depth--;
		}
		break;
	case N_PARTIAL: {
		const struct tpl *t = tpl_find(r->set, n->text);
		int rc;

		if (t == NULL)
			return error_set(r->err, ERR_INTERNAL, "no template \"%s\"", n->text);
		if (r->partials >= TPL_MAX_DEPTH)
			return error_set(r->err, ERR_INTERNAL,
					 "partials nest too deep at \"%s\"", n->text);
		r->partials++;
		rc = render_nodes(r, &t->root);
		r->partials--;
		return rc;
	}
	}
	return 0;
}

static int
render_nodes(struct render *r, const struct node *parent)
{
	for (size_t i = 0; i < parent->nchildren; i++) {
		if (render_node(r, &parent->children[i]) < 0)
			return -1;
		if (r->failed)
			return error_set(r->err, ERR_IO, "the page is too large");
	}
	return 0;
}

int
tpl_render(const struct tpl_set *set, const char *name, json_t *const *ctx,
	   size_t depth, struct strbuf *out, struct error *err)
{
	struct render r;
	const struct tpl *t = tpl_find(set, name);

	if (t == NULL)
		return error_set(err, ERR_INTERNAL, "no template \"%s\"", name);
	if (depth > CTX_MAX / 2)
		return error_set(err, ERR_INTERNAL, "context stack too deep");
	memset(&r, 0, sizeof(r));
	r.set = set;
	r.out = out;
	r.err = err;
	for (size_t i = 0; i < depth; i++)
		r.stack[r.depth++] = ctx[i];
	return render_nodes(&r, &t->root);
}
