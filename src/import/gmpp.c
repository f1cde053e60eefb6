/*
 * gmpp.c - reading the Government Major Projects Portfolio CSV files.
 *
 * The bytes go through libcsv one at a time so that the physical line on
 * which each record starts is known exactly, however many line breaks
 * its quoted fields hold. Lines are counted by the file's own line end,
 * the one its header line ends with, as grep -n, sed and vim count them:
 * LF (also ending CRLF lines) or, in a file of bare CRs, CR. The 2018
 * file ends records with CRLF and breaks lines inside fields with bare
 * CRs, which therefore stay on their record's line. Fields are decoded to
 * UTF-8 only after the CSV structure is read: in Latin-1 and
 * Windows-1252 no byte above 0x7F can be a quote, a separator or a line
 * break, so the structure is the same either way.
 *
 * Each row is read completely into a struct row and checked before
 * anything is written to the dataset, so a refused row leaves no trace.
 */
#include "import/gmpp.h"
#include "assess/rollup.h"
#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "core/xmalloc.h"
#include "model/dataset.h"
#include "model/schema.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Far beyond any year's file (the largest is under 0.5 MB). */
#define GMPP_MAX_FILE ((size_t)64 << 20)
/* Longest stretch of a value quoted back in a refusal. */
#define QUOTE_MAX 60

/*
 * libcsv's parser state while inside a field (libcsv.c FIELD_BEGUN).
 * Non-strict mode has no error for a quote left open at the end of the
 * file, so the reader looks at the state itself; the malformed fixture
 * in tests/data/gmpp catches a libcsv that numbers its states otherwise.
 */
#define LIBCSV_FIELD_BEGUN 2

/* --- columns ------------------------------------------------------------ */

enum col {
	C_NAME,
	C_DEPT,
	C_RATING,
	C_DESC,
	C_RATING_NOTE,
	C_START,
	C_END,
	C_SCHEDULE_NOTE,
	C_BUDGET,
	C_FORECAST,
	C_WLC,
	C_VARIANCE_NOTE,
	C_COST_NOTE,
	C_YEAR,
	C__COUNT
};

/* Header names (after header_key()) each column is known by. */
static const struct column {
	const char *names[3];
	int required;
} columns[C__COUNT] = {
	[C_NAME] = { { "project_name", NULL }, 1 },
	[C_DEPT] = { { "department", NULL }, 1 },
	[C_RATING] = { { "colour_rating", NULL }, 1 },
	[C_DESC] = { { "description_aims", NULL }, 0 },
	[C_RATING_NOTE] = { { "rating_comment", NULL }, 0 },
	[C_START] = { { "start_date", NULL }, 0 },
	[C_END] = { { "end_date", NULL }, 0 },
	[C_SCHEDULE_NOTE] = { { "schedule_comment", NULL }, 0 },
	/* 2021 calls the year's budget its "total baseline" */
	[C_BUDGET] = { { "yearly_budget", "total_baseline", NULL }, 0 },
	[C_FORECAST] = { { "yearly_forecast", NULL }, 0 },
	[C_WLC] = { { "wlc_baseline_incl_ncg", NULL }, 0 },
	[C_VARIANCE_NOTE] = { { "variance_comment", NULL }, 0 },
	[C_COST_NOTE] = { { "budget_comment", NULL }, 0 },
	[C_YEAR] = { { "year", NULL }, 0 },
};

/* Full names of the departments the published files abbreviate. */
static const struct {
	const char *code;
	const char *name;
} departments[] = {
	{ "BEIS", "Department for Business, Energy and Industrial Strategy" },
	{ "CO", "Cabinet Office" },
	{ "DCMS", "Department for Digital, Culture, Media and Sport" },
	{ "DEFRA", "Department for Environment, Food and Rural Affairs" },
	{ "DFE", "Department for Education" },
	{ "DFID", "Department for International Development" },
	{ "DFT", "Department for Transport" },
	{ "DHSC", "Department of Health and Social Care" },
	{ "DWP", "Department for Work and Pensions" },
	{ "FCDO", "Foreign, Commonwealth and Development Office" },
	{ "FCO", "Foreign and Commonwealth Office" },
	{ "HMLR", "HM Land Registry" },
	{ "HMRC", "HM Revenue and Customs" },
	{ "HMT", "HM Treasury" },
	{ "HO", "Home Office" },
	{ "MHCLG", "Ministry of Housing, Communities and Local Government" },
	{ "MOD", "Ministry of Defence" },
	{ "MOJ", "Ministry of Justice" },
	{ "NCA", "National Crime Agency" },
	{ "ONS", "Office for National Statistics" },
};

/* --- text --------------------------------------------------------------- */

/* Windows-1252 at 0x80..0x9F; its five unassigned bytes keep Latin-1's. */
static const unsigned short cp1252[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static void
put_utf8(struct strbuf *sb, unsigned cp)
{
	if (cp < 0x80) {
		strbuf_addch(sb, (int)cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, (int)(0xC0 | cp >> 6));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	} else {
		strbuf_addch(sb, (int)(0xE0 | cp >> 12));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	}
}

/* Length of the white space at p (ASCII, or U+00A0 in UTF-8), or 0. */
static size_t
space_at(const char *p)
{
	if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\v' || *p == '\f')
		return 1;
	if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
		return 2;
	return 0;
}

/*
 * A field's bytes as UTF-8 in the arena, line breaks as LF, white space
 * trimmed at both ends.
 */
static char *
decode(struct arena *a, const unsigned char *s, size_t n, int utf8)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p, *end;
	char *out;

	for (size_t i = 0; i < n; i++) {
		unsigned c = s[i];

		if (c == '\r') {
			strbuf_addch(&sb, '\n');
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
		} else if (c < 0x80 || utf8) {
			strbuf_addch(&sb, (int)c);
		} else {
			put_utf8(&sb, c < 0xA0 ? cp1252[c - 0x80] : c);
		}
	}
	p = sb.buf;
	end = sb.buf + sb.len;
	for (size_t k; p < end && (k = space_at(p)) > 0;)
		p += k;
	while (end > p) {
		if (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' ||
		    end[-1] == '\v' || end[-1] == '\f')
			end--;
		else if (end - p >= 2 && (unsigned char)end[-2] == 0xC2 &&
			 (unsigned char)end[-1] == 0xA0)
			end -= 2;
		else
			break;
	}
	out = arena_strndup(a, p, (size_t)(end - p));
	strbuf_release(&sb);
	return out;
}

/* Every run of white space in s (already trimmed) becomes one space. */
static void
collapse(char *s)
{
	char *w = s;
	int gap = 0;

	for (const char *p = s; *p;) {
		size_t k = space_at(p);

		if (k) {
			gap = 1;
			p += k;
			continue;
		}
		if (gap && w > s)
			*w++ = ' ';
		gap = 0;
		*w++ = *p++;
	}
	*w = '\0';
}

static int
has_digit(const char *s)
{
	for (; *s; s++)
		if (isdigit((unsigned char)*s))
			return 1;
	return 0;
}

/* s begins with the word "exempt" (or "exemption"), any case. */
static int
is_exempt(const char *s)
{
	return strncasecmp(s, "exempt", 6) == 0;
}

/* Append s to sb in quotes, cut short when long: for messages. */
static void
add_quoted(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);

	if (n <= QUOTE_MAX) {
		strbuf_addf(sb, "'%s'", s);
		return;
	}
	n = QUOTE_MAX;
	/* do not cut a UTF-8 sequence */
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	strbuf_addf(sb, "'%.*s...'", (int)n, s);
}

/* --- codes -------------------------------------------------------------- */

/* s[0..n) begins with the word w, any case. */
static int
starts_word(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	return n >= k && strncasecmp(s, w, k) == 0 &&
	       (n == k || !isalnum((unsigned char)s[k]));
}

/*
 * Parenthesised text that is no part of a project's identity: a one-word
 * label such as "(HOB)" (2+ ASCII letters and digits, one a letter), or a
 * remark on a former name, "(formerly ...)", "(originally ...)".
 */
static int
is_label(const char *s, size_t n)
{
	int letter = 0;

	while (n > 0 && *s == ' ')
		s++, n--;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (starts_word(s, n, "formerly") || starts_word(s, n, "originally") ||
	    starts_word(s, n, "previously"))
		return 1;
	if (n < 2)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (!isalnum((unsigned char)s[i]))
			return 0;
		letter |= isalpha((unsigned char)s[i]) != 0;
	}
	return letter;
}

static int
is_suffix_word(const char *w, size_t n)
{
	return (n == 9 && strncmp(w, "PROGRAMME", 9) == 0) ||
	       (n == 7 && strncmp(w, "PROGRAM", 7) == 0) ||
	       (n == 7 && strncmp(w, "PROJECT", 7) == 0);
}

/*
 * Upper-case words of ASCII letters and digits joined by '-', '&' read as
 * "AND"; labels drops "(HOB)"-style groups, suffix drops trailing
 * PROGRAMME/PROJECT words (never the only word). NULL when empty.
 */
static char *
make_code(const char *name, int labels, int suffix)
{
	struct strbuf sb = STRBUF_INIT;
	size_t *ends = NULL, nw = 0, aw = 0;
	const char *p = name;
	char *out = NULL;

	while (*p) {
		const char *close;
		size_t start;

		if (labels && *p == '(' && (close = strchr(p, ')')) != NULL &&
		    is_label(p + 1, (size_t)(close - p - 1))) {
			p = close + 1;
			continue;
		}
		if (*p == '&' || isalnum((unsigned char)*p)) {
			if (sb.len)
				strbuf_addch(&sb, '-');
			start = sb.len;
			if (*p == '&') {
				strbuf_addstr(&sb, "AND");
				p++;
			} else {
				while (isalnum((unsigned char)*p))
					strbuf_addch(&sb, toupper((unsigned char)*p++));
			}
			ALLOC_GROW(ends, nw + 1, aw);
			ends[nw++] = start;
			continue;
		}
		p++;
	}
	while (suffix && nw > 1 &&
	       is_suffix_word(sb.buf + ends[nw - 1], sb.len - ends[nw - 1])) {
		/* drop the word and the '-' before it */
		strbuf_setlen(&sb, ends[nw - 1] - 1);
		nw--;
	}
	if (sb.len)
		out = strbuf_detach(&sb, NULL);
	strbuf_release(&sb);
	free(ends);
	return out;
}

char *
gmpp_project_code(const char *name)
{
	char *code = make_code(name, 1, 1);

	/* a name that is all label, "(HOB)", keeps its label */
	if (code == NULL)
		code = make_code(name, 0, 1);
	return code;
}

char *
gmpp_department_code(const char *name)
{
	return make_code(name, 0, 0);
}

static const char *
department_name(const char *code)
{
	for (size_t i = 0; i < ARRAY_SIZE(departments); i++)
		if (strcmp(departments[i].code, code) == 0)
			return departments[i].name;
	return NULL;
}

/* --- ratings ------------------------------------------------------------ */

const char *
gmpp_rating(const char *text)
{
	static const char *const none[] = {
		"n a", "na", "nil", "none", "not applicable", "not assessed",
		"not available", "not known", "not provided", "not rated",
		"not yet assessed", "no rating", "pending", "tbc", "tbd",
		"unknown", "unrated", NULL
	};
	char words[64];	/* the first words, lower case, space-separated */
	size_t len = 0, nw = 0;
	int colour = 0, cut = 0;
	const char *p = text ? text : "";

	words[0] = '\0';
	while (*p) {
		char w[16];
		size_t n = 0;

		if (!isalnum((unsigned char)*p)) {
			p++;
			continue;
		}
		while (isalnum((unsigned char)*p)) {
			if (n < sizeof(w) - 1)
				w[n++] = (char)tolower((unsigned char)*p);
			p++;
		}
		w[n] = '\0';
		if (strcmp(w, "green") == 0 || strcmp(w, "amber") == 0 ||
		    strcmp(w, "red") == 0)
			colour = 1;
		if (!cut && len + n + 2 <= sizeof(words)) {
			len += (size_t)snprintf(words + len, sizeof(words) - len,
						"%s%s", nw ? " " : "", w);
		} else {
			cut = 1;
		}
		nw++;
	}
	if (nw == 0)
		return "Not assessed";
	if (strncmp(words, "exempt", 6) == 0)
		return "Exempt";
	if (strcmp(words, "green") == 0)
		return "Green";
	if (strcmp(words, "amber green") == 0)
		return "Amber/Green";
	if (strcmp(words, "amber") == 0)
		return "Amber";
	if (strcmp(words, "amber red") == 0)
		return "Amber/Red";
	if (strcmp(words, "red") == 0)
		return "Red";
	for (size_t i = 0; none[i]; i++)
		if (strcmp(words, none[i]) == 0)
			return "Not assessed";
	/* A sentence saying why there is no rating, naming no colour. */
	if (nw >= 4 && !colour)
		return "Not assessed";
	return NULL;
}

/* --- dates -------------------------------------------------------------- */

/* 1..12 for a month name or its abbreviation (3+ letters), else 0. */
static int
month_word(const char *s, size_t n)
{
	if (n == 4 && strncasecmp(s, "sept", 4) == 0)
		return 9;
	if (n < 3)
		return 0;
	for (int m = 1; m <= 12; m++) {
		const char *name = month_name(m);

		if (n <= strlen(name) && strncasecmp(s, name, n) == 0)
			return m;
	}
	return 0;
}

/* A four-digit year, or a two-digit one in [year-50, year+49]. */
static int
full_year(long v, size_t ndigits, int year)
{
	int base = year - 50, y;

	if (ndigits == 4)
		return (int)v;
	y = base - base % 100 + (int)v;
	if (y < base)
		y += 100;
	return y;
}

struct dtok {
	int word;		/* letters, else digits */
	const char *s;
	size_t n;
	long v;			/* the number, for digits */
	char sep;		/* separator after it: ' ', '.', '/', '-', 0 */
};

/* Drop a time of day after a date: " 00:00", "T00:00:00.000". */
static void
strip_time(char *s)
{
	char *t = strrchr(s, ' ');
	char *tt = strrchr(s, 'T');

	if (tt && (t == NULL || tt > t) && tt > s && isdigit((unsigned char)tt[-1]))
		t = tt;
	if (t == NULL || !isdigit((unsigned char)t[1]))
		return;
	for (const char *p = t + 1; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != ':' && *p != '.')
			return;
	if (strchr(t + 1, ':') == NULL)
		return;
	*t = '\0';
}

int
gmpp_parse_date(const char *in, int year, int end, int32_t *out)
{
	struct dtok t[4];
	char buf[64];
	size_t nt = 0;
	const char *p;
	int y = 0, m = 0, d = 0, month_only = 0;

	if (in == NULL || strlen(in) >= sizeof(buf))
		return -1;
	snprintf(buf, sizeof(buf), "%s", in);
	strip_time(buf);
	p = buf;
	while (*p) {
		struct dtok *k;

		if (nt == ARRAY_SIZE(t))
			return -1;
		k = &t[nt++];
		k->s = p;
		k->word = isalpha((unsigned char)*p) != 0;
		k->v = 0;
		if (k->word) {
			while (isalpha((unsigned char)*p))
				p++;
		} else if (isdigit((unsigned char)*p)) {
			while (isdigit((unsigned char)*p)) {
				if (p - k->s < 9)
					k->v = k->v * 10 + (*p - '0');
				p++;
			}
		} else {
			return -1;
		}
		k->n = (size_t)(p - k->s);
		k->sep = 0;
		if (*p == ' ' || *p == '.' || *p == '/' || *p == '-') {
			k->sep = *p++;
			if (*p == '\0')
				return -1;
		} else if (*p != '\0' && k->word == (isalpha((unsigned char)*p) != 0)) {
			return -1;
		}
	}
#define NUM(i, lo, hi) (!t[i].word && t[i].n >= (lo) && t[i].n <= (hi))
#define YEAR(i) (NUM(i, 2, 2) || NUM(i, 4, 4))
#define DMYSEP(c) ((c) == '.' || (c) == '/' || (c) == '-')
	if (nt == 1 && NUM(0, 5, 5)) {
		/* An Excel serial day number (1899-12-30 is day 0). */
		if (t[0].v < 20000 || t[0].v > 80000)
			return -1;
		*out = date_from_ymd(1899, 12, 30) + (int32_t)t[0].v;
		return 0;
	}
	if (nt == 3 && NUM(0, 4, 4) && NUM(1, 1, 2) && NUM(2, 1, 2) &&
	    DMYSEP(t[0].sep) && t[1].sep == t[0].sep) {
		y = (int)t[0].v;
		m = (int)t[1].v;
		d = (int)t[2].v;
	} else if (nt == 3 && NUM(0, 1, 2) && NUM(1, 1, 2) && YEAR(2) &&
		   DMYSEP(t[0].sep) && t[1].sep == t[0].sep) {
		d = (int)t[0].v;
		m = (int)t[1].v;
		y = full_year(t[2].v, t[2].n, year);
	} else if (nt == 3 && NUM(0, 1, 2) && t[1].word && YEAR(2) &&
		   (m = month_word(t[1].s, t[1].n)) != 0) {
		d = (int)t[0].v;
		y = full_year(t[2].v, t[2].n, year);
	} else if (nt == 2 && t[0].word && YEAR(1) &&
		   (m = month_word(t[0].s, t[0].n)) != 0) {
		y = full_year(t[1].v, t[1].n, year);
		month_only = 1;
	} else if (nt == 2 && NUM(0, 1, 2) && NUM(1, 4, 4) &&
		   (t[0].sep == '/' || t[0].sep == '.' || t[0].sep == '-')) {
		m = (int)t[0].v;
		y = (int)t[1].v;
		month_only = 1;
	} else {
		return -1;
	}
#undef NUM
#undef YEAR
#undef DMYSEP
	if (y < 1900 || y > 2199 || m < 1 || m > 12)
		return -2;
	if (month_only) {
		int32_t first = date_from_ymd(y, m, 1);

		*out = end ? month_last_day(month_of_date(first)) : first;
		return 0;
	}
	if (date_valid(y, m, d))
		return -2;
	*out = date_from_ymd(y, m, d);
	return 0;
}

/* --- money -------------------------------------------------------------- */

int
gmpp_parse_money(const char *s, int64_t *out)
{
	const char *p = s;
	char frac[10];		/* fraction digits, zero-padded */
	int neg = 0, paren = 0, scale = 6, nint = 0, nfrac = 0;
	int64_t v = 0;

	if (s == NULL)
		return -1;
	memset(frac, '0', sizeof(frac));
	while (*p == ' ')
		p++;
	if (*p == '(') {
		paren = 1;
		p++;
	}
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA3)
		p += 2;	/* the pound sign */
	if (!neg && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	while (*p == ' ')
		p++;
	if (!isdigit((unsigned char)*p) &&
	    !(*p == '.' && isdigit((unsigned char)p[1])))
		return -1;
	for (;;) {
		if (isdigit((unsigned char)*p)) {
			if (++nint > 12)
				return -1;
			v = v * 10 + (*p++ - '0');
		} else if (*p == ',' && nint && isdigit((unsigned char)p[1])) {
			p++;
		} else {
			break;
		}
	}
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		for (; isdigit((unsigned char)*p); p++)
			if (nfrac < (int)sizeof(frac))
				frac[nfrac++] = *p;
	}
	while (*p == ' ')
		p++;
	if (strncasecmp(p, "bn", 2) == 0) {
		scale = 9;
		p += 2;
	} else if (*p == 'm' || *p == 'M') {
		p++;
	}
	if (paren) {
		if (*p != ')' || neg)
			return -1;
		p++;
		neg = 1;
	}
	if (*p != '\0' || (scale == 9 && nint > 9))
		return -1;
	/* millions (or billions) to pounds, rounding half away from zero */
	for (int i = 0; i < scale; i++)
		v = v * 10 + (frac[i] - '0');
	v += frac[scale] >= '5';
	*out = neg ? -v : v;
	return 0;
}

/* --- publication dates -------------------------------------------------- */

int32_t
gmpp_snapshot_date(int year)
{
	if (year <= 2020)
		return date_from_ymd(year - 1, 9, 30);
	return date_from_ymd(year, 3, 31);
}

int
gmpp_financial_year(int year)
{
	return year - 1;
}

/* --- distribution and movement ------------------------------------------ */

_Static_assert(GMPP_NRATINGS == 7, "dca_values has seven spellings");

/*
 * A year's publication is one assessment round of assess/rollup.h: the
 * IPA's (independent) programme-level assessments dated its snapshot.
 */
static const struct round_filter gmpp_round = { GMPP_ASSESSOR, SCALE_FIVE, NULL, NULL };

void
gmpp_distribution(const struct dataset *ds, int year,
		  struct gmpp_distribution *out)
{
	struct round_count c;

	rollup_round_count(ds, gmpp_snapshot_date(year), &gmpp_round, &c);
	memset(out, 0, sizeof(*out));
	/* dca_values[i] is enum rating i + 1 (Green .. Not assessed) */
	for (int i = 0; i < GMPP_NRATINGS; i++)
		out->count[i] = c.count[i + 1];
	out->unknown = c.unknown;
	out->total = c.total;
}

void
gmpp_movement(const struct dataset *ds, int from_year, int to_year,
	      struct gmpp_movement *out)
{
	struct round_moves m;

	rollup_round_moves(ds, gmpp_snapshot_date(from_year),
			   gmpp_snapshot_date(to_year), &gmpp_round, &m);
	out->up = m.up;
	out->down = m.down;
	out->same = m.same;
	out->unrated = m.unrated;
	out->entered = m.entered;
	out->left = m.left;
}

/* --- summary ------------------------------------------------------------ */

void
gmpp_summary_init(struct gmpp_summary *sum)
{
	memset(sum, 0, sizeof(*sum));
}

void
gmpp_summary_release(struct gmpp_summary *sum)
{
	for (size_t i = 0; i < sum->refused; i++)
		free(sum->refusals[i].reason);
	free(sum->refusals);
	free(sum->file);
	gmpp_summary_init(sum);
}

/* --- the reader --------------------------------------------------------- */

struct seen {
	char *code;
	long line;
};

struct reader {
	const char *file;	/* the file as the caller named it, for messages */
	int year;
	int32_t snapshot;
	int fy;
	int utf8;		/* the file's bytes are UTF-8 */
	struct dataset *ds;
	struct gmpp_summary *sum;
	struct error *err;
	int failed;		/* the header was unusable: read no more */
	int unclosed;		/* the last record runs into an open quote */

	/* the record being read: fields NUL-separated in rec */
	struct strbuf rec;
	size_t *off;
	size_t nf, af;
	long line;		/* physical line of the byte being read */
	long rec_line;		/* where the current record began */
	int pending;		/* waiting for a record's first byte */
	unsigned char eol;	/* the byte that ends a line: '\n' or '\r' */

	int header_done;
	size_t ncols;
	char **headers;		/* the header's names, UTF-8, for messages */
	int col[C__COUNT];	/* field index of each column, -1 if absent */

	struct seen *seen;	/* projects of this file, for duplicates */
	size_t nseen, aseen;
};

/* One row, read and checked; strings in the row arena. */
struct row {
	long line;
	const char *name, *dept, *rating, *rating_text;
	const char *code, *dept_code;
	const char *desc, *note;
	int32_t start, end;
	int64_t budget, forecast, wlc;
	struct strbuf prog_notes;	/* withheld programme values */
	struct strbuf fin_notes;	/* withheld finance values */
};

static void
on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;

	ALLOC_GROW(r->off, r->nf + 1, r->af);
	r->off[r->nf++] = r->rec.len;
	if (len)
		strbuf_add(&r->rec, s, len);
	strbuf_addch(&r->rec, '\0');
}

static const unsigned char *
raw_field(const struct reader *r, size_t i, size_t *len)
{
	size_t end = i + 1 < r->nf ? r->off[i + 1] - 1 : r->rec.len - 1;

	*len = end - r->off[i];
	return (const unsigned char *)r->rec.buf + r->off[i];
}

/* Field i of the current record, decoded; "" beyond the record's end. */
static char *
field(struct reader *r, struct arena *a, size_t i)
{
	const unsigned char *s;
	size_t n;

	if (i >= r->nf)
		return arena_strdup(a, "");
	s = raw_field(r, i, &n);
	return decode(a, s, n, r->utf8);
}

/*
 * Column c decoded, NULL if the file has no such column; a short value
 * has its white space collapsed.
 */
static char *
column(struct reader *r, struct arena *a, enum col c, int short_value)
{
	char *s;

	if (r->col[c] < 0)
		return NULL;
	s = field(r, a, (size_t)r->col[c]);
	if (short_value)
		collapse(s);
	return s;
}

/* "Start Date (£m)" -> "start_date_m": lower case, runs of others '_'. */
static char *
header_key(struct arena *a, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	char *out;

	for (const char *p = s; *p; p++) {
		if (isalnum((unsigned char)*p))
			strbuf_addch(&sb, tolower((unsigned char)*p));
		else if (sb.len && sb.buf[sb.len - 1] != '_')
			strbuf_addch(&sb, '_');
	}
	if (sb.len && sb.buf[sb.len - 1] == '_')
		strbuf_setlen(&sb, sb.len - 1);
	out = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return out;
}

static void
read_header(struct reader *r)
{
	struct arena a;
	char where[300];

	arena_init(&a);
	r->header_done = 1;
	r->ncols = r->nf;
	r->headers = xcalloc(r->nf ? r->nf : 1, sizeof(*r->headers));
	for (int c = 0; c < C__COUNT; c++)
		r->col[c] = -1;
	for (size_t i = 0; i < r->nf; i++) {
		char *name = field(r, &a, i);
		char *key;

		collapse(name);
		r->headers[i] = xstrdup(name);
		key = header_key(&a, name);
		for (int c = 0; c < C__COUNT; c++) {
			if (r->col[c] >= 0)
				continue;
			for (size_t k = 0; columns[c].names[k]; k++)
				if (strcmp(key, columns[c].names[k]) == 0)
					r->col[c] = (int)i;
		}
	}
	for (int c = 0; c < C__COUNT; c++) {
		struct strbuf have = STRBUF_INIT;

		if (r->col[c] >= 0 || !columns[c].required)
			continue;
		for (size_t i = 0; i < r->ncols; i++)
			strbuf_addf(&have, "%s%s", i ? ", " : "", r->headers[i]);
		snprintf(where, sizeof(where), "%s:%ld", r->file, r->rec_line);
		error_at(r->err, ERR_INPUT, where,
			 "no '%s' column (the header has: %s)",
			 columns[c].names[0], have.buf);
		strbuf_release(&have);
		r->failed = 1;
		break;
	}
	arena_release(&a);
}

static const char *
header_of(const struct reader *r, enum col c)
{
	return r->headers[r->col[c]];
}

/* Note that column c's value was withheld or not published. */
static void
add_note(struct strbuf *notes, const char *label, const char *what,
	 const char *text)
{
	strbuf_addf(notes, "%s%s %s: %s", notes->len ? "; " : "", label, what,
		    text);
}

/*
 * A date column: absent when empty, withheld ("Exempt under ...") or
 * plain words ("TBD", "Not provided"), noted in notes; a refusal reason
 * in why when it has digits but is no date, or no such day.
 */
static int
read_date(struct reader *r, enum col c, const char *s, int end, int32_t *out,
	  struct strbuf *notes, struct strbuf *why)
{
	int rc;

	*out = DATE_NONE;
	if (s == NULL || *s == '\0')
		return 0;
	if (is_exempt(s)) {
		add_note(notes, header_of(r, c), "withheld", s);
		return 0;
	}
	rc = gmpp_parse_date(s, r->year, end, out);
	if (rc == 0)
		return 0;
	if (rc == -1 && !has_digit(s)) {
		add_note(notes, header_of(r, c), "not published", s);
		return 0;
	}
	strbuf_addf(why, "%s ", header_of(r, c));
	add_quoted(why, s);
	strbuf_addstr(why, rc == -2 ? " is not a real date" : " is not a date");
	return -1;
}

/* A money column, by the same rules as read_date(). */
static int
read_money(struct reader *r, enum col c, const char *s, int64_t *out,
	   struct strbuf *notes, struct strbuf *why)
{
	*out = INT_NONE;
	if (s == NULL || *s == '\0')
		return 0;
	if (is_exempt(s)) {
		add_note(notes, header_of(r, c), "withheld", s);
		return 0;
	}
	if (gmpp_parse_money(s, out) == 0)
		return 0;
	*out = INT_NONE;
	if (!has_digit(s)) {
		add_note(notes, header_of(r, c), "not published", s);
		return 0;
	}
	strbuf_addf(why, "%s ", header_of(r, c));
	add_quoted(why, s);
	strbuf_addstr(why, " is not an amount in pounds (millions)");
	return -1;
}

static void
note_para(struct strbuf *sb, const char *label, const char *text)
{
	if (text == NULL || *text == '\0')
		return;
	if (sb->len)
		strbuf_addstr(sb, "\n\n");
	if (label)
		strbuf_addf(sb, "%s: ", label);
	strbuf_addstr(sb, text);
}

/*
 * Read and check the current record into row. Returns 0, or -1 with the
 * reason in why.
 */
static int
read_row(struct reader *r, struct arena *a, struct row *row, struct strbuf *why)
{
	char *year_text, *raw_rating, *code, *dept_code;
	struct strbuf note = STRBUF_INIT;
	int ret = -1, blank = 1;

	for (size_t i = 0; i < r->nf && blank; i++)
		if (*field(r, a, i) != '\0')
			blank = 0;
	if (blank) {
		strbuf_addstr(why, "empty row (every field blank)");
		goto out;
	}
	if (r->unclosed) {
		strbuf_addstr(why, "a quoted field is never closed: the rest of "
			      "the file is inside it");
		goto out;
	}
	if (r->nf < r->ncols) {
		strbuf_addf(why, "%zu fields where the header has %zu", r->nf,
			    r->ncols);
		goto out;
	}
	for (size_t i = r->ncols; i < r->nf; i++) {
		if (*field(r, a, i) != '\0') {
			strbuf_addf(why, "%zu fields where the header has %zu",
				    r->nf, r->ncols);
			goto out;
		}
	}

	row->name = column(r, a, C_NAME, 1);
	row->dept = column(r, a, C_DEPT, 1);
	if (*row->name == '\0') {
		strbuf_addstr(why, "no project name");
		goto out;
	}
	if (*row->dept == '\0') {
		strbuf_addstr(why, "no department");
		goto out;
	}
	year_text = column(r, a, C_YEAR, 1);
	if (year_text && *year_text && strtol(year_text, NULL, 10) != r->year) {
		strbuf_addstr(why, "year column says ");
		add_quoted(why, year_text);
		strbuf_addf(why, " but the file is read as %d", r->year);
		goto out;
	}
	code = gmpp_project_code(row->name);
	if (code == NULL) {
		strbuf_addstr(why, "project name ");
		add_quoted(why, row->name);
		strbuf_addstr(why, " has no letter or digit");
		goto out;
	}
	row->code = arena_strdup(a, code);
	free(code);
	dept_code = gmpp_department_code(row->dept);
	if (dept_code == NULL) {
		strbuf_addstr(why, "department ");
		add_quoted(why, row->dept);
		strbuf_addstr(why, " has no letter or digit");
		goto out;
	}
	row->dept_code = arena_strdup(a, dept_code);
	free(dept_code);
	for (size_t i = 0; i < r->nseen; i++) {
		if (strcmp(r->seen[i].code, row->code) == 0) {
			strbuf_addf(why, "same project as line %ld (code %s)",
				    r->seen[i].line, row->code);
			goto out;
		}
	}

	/* the rating: compared collapsed, quoted in the note as published */
	raw_rating = column(r, a, C_RATING, 0);
	row->rating_text = arena_strdup(a, raw_rating);
	collapse(raw_rating);
	row->rating = gmpp_rating(raw_rating);
	if (row->rating == NULL) {
		strbuf_addstr(why, "rating ");
		add_quoted(why, raw_rating);
		strbuf_addstr(why, " is not a delivery confidence rating");
		goto out;
	}
	if (strcmp(row->rating, raw_rating) == 0)
		row->rating_text = NULL;

	if (read_date(r, C_START, column(r, a, C_START, 1), 0, &row->start,
		      &row->prog_notes, why) ||
	    read_date(r, C_END, column(r, a, C_END, 1), 1, &row->end,
		      &row->prog_notes, why) ||
	    read_money(r, C_WLC, column(r, a, C_WLC, 1), &row->wlc,
		       &row->prog_notes, why) ||
	    read_money(r, C_BUDGET, column(r, a, C_BUDGET, 1), &row->budget,
		       &row->fin_notes, why) ||
	    read_money(r, C_FORECAST, column(r, a, C_FORECAST, 1),
		       &row->forecast, &row->fin_notes, why))
		goto out;
	if (row->start && row->end && row->end < row->start) {
		char s[11], e[11];

		strbuf_addf(why, "%s %s is before %s %s", header_of(r, C_END),
			    date_format(row->end, e), header_of(r, C_START),
			    date_format(row->start, s));
		goto out;
	}

	row->desc = column(r, a, C_DESC, 0);
	if (row->rating_text && *row->rating_text == '\0')
		strbuf_addstr(&note, "No rating was published.");
	else if (row->rating_text)
		strbuf_addf(&note, "Published rating: %s", row->rating_text);
	note_para(&note, NULL, column(r, a, C_RATING_NOTE, 0));
	note_para(&note, "Schedule", column(r, a, C_SCHEDULE_NOTE, 0));
	note_para(&note, "Budget variance", column(r, a, C_VARIANCE_NOTE, 0));
	note_para(&note, "Costs", column(r, a, C_COST_NOTE, 0));
	row->note = note.len ? arena_strdup(a, note.buf) : NULL;
	ret = 0;
out:
	strbuf_release(&note);
	return ret;
}

/* NULL for "", else a copy in the dataset. */
static char *
ds_text(struct dataset *ds, const char *s)
{
	return s && *s ? dataset_strdup(ds, s) : NULL;
}

/* The latest independent assessment date of a programme, or 0. */
static int32_t
latest_assessment(const struct dataset *ds, const char *code)
{
	int32_t latest = 0;

	DS_FOREACH(ds, K_DCA, struct dca, d) {
		if (d->project == NULL && d->assessor &&
		    strcmp(d->assessor, GMPP_ASSESSOR) == 0 &&
		    d->programme && strcmp(d->programme, code) == 0 &&
		    d->assessed_on > latest)
			latest = d->assessed_on;
	}
	return latest;
}

/* Write a checked row into the dataset. */
static void
merge_row(struct reader *r, const struct row *row)
{
	struct dataset *ds = r->ds;
	struct organisation *org;
	struct portfolio *pf;
	struct programme *pg;
	struct dca *dca = NULL;
	struct finance *fin = NULL;

	if (dataset_org(ds) == NULL) {
		org = dataset_add(ds, K_ORGANISATION);
		org->code = dataset_strdup(ds, GMPP_ORG_CODE);
		org->name = dataset_strdup(ds, "Government Major Projects Portfolio");
		org->dca_scale = dataset_strdup(ds, "five");
		org->description = dataset_strdup(ds,
			"The UK Government Major Projects Portfolio as departments "
			"publish it each year, with the Infrastructure and Projects "
			"Authority's delivery confidence ratings (Open Government "
			"Licence v3.0).");
	}

	pf = dataset_find(ds, K_PORTFOLIO, row->dept_code);
	if (pf == NULL) {
		const char *full = department_name(row->dept_code);

		pf = dataset_add(ds, K_PORTFOLIO);
		pf->code = dataset_strdup(ds, row->dept_code);
		pf->name = dataset_strdup(ds, full ? full : row->dept);
		pf->marking = dataset_strdup(ds, "OFFICIAL");
	}

	pg = dataset_find(ds, K_PROGRAMME, row->code);
	if (pg == NULL || r->snapshot >= latest_assessment(ds, row->code)) {
		/* the latest publication describes the project */
		if (pg == NULL) {
			pg = dataset_add(ds, K_PROGRAMME);
			pg->code = dataset_strdup(ds, row->code);
		}
		pg->portfolio = dataset_strdup(ds, row->dept_code);
		pg->name = dataset_strdup(ds, row->name);
		pg->description = ds_text(ds, row->desc);
		pg->lifecycle = dataset_strdup(ds, "active");
		pg->start_date = row->start;
		pg->end_date = row->end;
		pg->whole_life_cost = row->wlc;
		pg->marking = dataset_strdup(ds, "OFFICIAL");
		pg->assumption = NULL;
		if (row->prog_notes.len)
			pg->assumption = arena_printf(&ds->arena, "GMPP %d: %s",
						      r->year, row->prog_notes.buf);
	}

	DS_FOREACH(ds, K_DCA, struct dca, d) {
		if (d->project == NULL && d->assessed_on == r->snapshot &&
		    d->programme && strcmp(d->programme, row->code) == 0 &&
		    d->assessor && strcmp(d->assessor, GMPP_ASSESSOR) == 0)
			dca = d;
	}
	if (dca == NULL) {
		dca = dataset_add(ds, K_DCA);
		dca->programme = dataset_strdup(ds, row->code);
		dca->assessed_on = r->snapshot;
		dca->assessor = dataset_strdup(ds, GMPP_ASSESSOR);
	}
	dca->rating = dataset_strdup(ds, row->rating);
	dca->note = ds_text(ds, row->note);

	if (row->budget == INT_NONE && row->forecast == INT_NONE)
		return;
	DS_FOREACH(ds, K_FINANCE, struct finance, f) {
		if (f->year == r->fy && f->programme &&
		    strcmp(f->programme, row->code) == 0)
			fin = f;
	}
	if (fin == NULL) {
		fin = dataset_add(ds, K_FINANCE);
		fin->programme = dataset_strdup(ds, row->code);
		fin->year = r->fy;
	}
	fin->capital_budget = row->budget;
	fin->capital_forecast = row->forecast;
	fin->assumption = arena_printf(&ds->arena,
		"GMPP %d publishes one figure for the year, capital and revenue "
		"together; it is held in the capital fields%s%s", r->year,
		row->fin_notes.len ? "; " : "", row->fin_notes.buf);
}

static void
refuse(struct reader *r, long line, const char *reason)
{
	struct gmpp_summary *sum = r->sum;

	ALLOC_GROW(sum->refusals, sum->refused + 1, sum->alloc);
	sum->refusals[sum->refused].line = line;
	sum->refusals[sum->refused].reason = xstrdup(reason);
	sum->refused++;
}

static void
read_data_row(struct reader *r)
{
	struct arena a;
	struct row row;
	struct strbuf why = STRBUF_INIT;

	arena_init(&a);
	memset(&row, 0, sizeof(row));
	strbuf_init(&row.prog_notes, 0);
	strbuf_init(&row.fin_notes, 0);
	row.line = r->rec_line;
	r->sum->rows++;
	if (read_row(r, &a, &row, &why) == 0) {
		merge_row(r, &row);
		if (row.rating_text)
			r->sum->normalised++;
		ALLOC_GROW(r->seen, r->nseen + 1, r->aseen);
		r->seen[r->nseen].code = xstrdup(row.code);
		r->seen[r->nseen].line = row.line;
		r->nseen++;
		r->sum->imported++;
	} else {
		refuse(r, row.line, why.buf);
	}
	strbuf_release(&why);
	strbuf_release(&row.prog_notes);
	strbuf_release(&row.fin_notes);
	arena_release(&a);
}

static void
on_record(int c, void *data)
{
	struct reader *r = data;

	(void)c;
	if (!r->failed) {
		if (!r->header_done)
			read_header(r);
		else
			read_data_row(r);
	}
	r->nf = 0;
	strbuf_reset(&r->rec);
	r->pending = 1;
}

/* The file's line end: CR when its first line ends with a bare CR. */
static unsigned char
detect_eol(const unsigned char *s, size_t n)
{
	int quoted = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == '\n')
			return '\n';
		else if (!quoted && s[i] == '\r')
			return i + 1 < n && s[i + 1] == '\n' ? '\n' : '\r';
	}
	return '\n';
}

/* The separator most used outside quotes on the first line. */
static unsigned char
detect_separator(const unsigned char *s, size_t n)
{
	static const unsigned char cand[] = { ',', ';', '\t' };
	size_t count[3] = { 0, 0, 0 }, best = 0;
	int quoted = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && (s[i] == '\n' || s[i] == '\r'))
			break;
		else if (!quoted)
			for (size_t k = 0; k < 3; k++)
				count[k] += s[i] == cand[k];
	}
	for (size_t k = 1; k < 3; k++)
		if (count[k] > count[best])
			best = k;
	return cand[best];
}

static int
space_only(unsigned char c)
{
	return c == ' ';
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int
gmpp_read_mem(const char *name, const char *buf, size_t len, int year,
	      struct dataset *ds, struct gmpp_summary *sum, struct error *err)
{
	const unsigned char *s = (const unsigned char *)buf;
	struct csv_parser p;
	struct reader r;
	const void *nul;
	unsigned char sep;
	int ret = -1, parser = 0;

	gmpp_summary_release(sum);
	sum->file = xstrdup(base_name(name));
	sum->year = year;
	memset(&r, 0, sizeof(r));
	strbuf_init(&r.rec, 0);
	/* errors name the file as given, like the other importers' */
	r.file = name;
	if (year < 2000 || year > 2100) {
		error_at(err, ERR_USAGE, r.file,
			 "GMPP year %d is outside 2000..2100", year);
		goto out;
	}
	if ((nul = memchr(buf, '\0', len)) != NULL) {
		error_at(err, ERR_INPUT, r.file,
			 "not a text file (a NUL byte at offset %zu)",
			 (size_t)((const char *)nul - buf));
		goto out;
	}
	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		s += 3;	/* a UTF-8 byte-order mark */
		len -= 3;
	}
	r.year = year;
	r.snapshot = gmpp_snapshot_date(year);
	r.fy = gmpp_financial_year(year);
	r.utf8 = utf8_valid_n(s, len);
	r.ds = ds;
	r.sum = sum;
	r.err = err;
	r.line = 1;
	r.pending = 1;

	if (csv_init(&p, 0) != 0) {
		error_at(err, ERR_INTERNAL, r.file, "cannot start the CSV parser");
		goto out;
	}
	parser = 1;
	csv_set_realloc_func(&p, xrealloc);
	csv_set_free_func(&p, free);
	r.eol = detect_eol(s, len);
	sep = detect_separator(s, len);
	csv_set_delim(&p, sep);
	if (sep == '\t')
		csv_set_space_func(&p, space_only);

	for (size_t i = 0; i < len && !r.failed; i++) {
		unsigned char b = s[i];

		if (r.pending && b != '\r' && b != '\n') {
			r.rec_line = r.line;
			r.pending = 0;
		}
		if (csv_parse(&p, &b, 1, on_field, on_record, &r) != 1) {
			error_at(err, ERR_INTERNAL, r.file, "CSV parser: %s",
				 csv_strerror(csv_error(&p)));
			r.failed = 1;
			break;
		}
		if (b == r.eol)
			r.line++;
	}
	if (!r.failed) {
		r.unclosed = p.quoted && p.pstate == LIBCSV_FIELD_BEGUN;
		csv_fini(&p, on_field, on_record, &r);
	}
	if (!r.failed && !r.header_done) {
		error_at(err, ERR_INPUT, r.file, "empty file: no header line");
		r.failed = 1;
	}
	ret = r.failed ? -1 : 0;
out:
	if (parser)
		csv_free(&p);
	strbuf_release(&r.rec);
	free(r.off);
	for (size_t i = 0; r.headers && i < r.ncols; i++)
		free(r.headers[i]);
	free(r.headers);
	for (size_t i = 0; i < r.nseen; i++)
		free(r.seen[i].code);
	free(r.seen);
	return ret;
}

int
gmpp_read(const char *path, int year, struct dataset *ds,
	  struct gmpp_summary *sum, struct error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (strbuf_read_file(&sb, path, GMPP_MAX_FILE) < 0) {
		gmpp_summary_release(sum);
		sum->file = xstrdup(base_name(path));
		sum->year = year;
		ret = error_at(err, ERR_IO, path, "cannot read: %s",
			       errno == EFBIG ? "larger than 64 MiB" : strerror(errno));
		goto out;
	}
	ret = gmpp_read_mem(path, sb.buf, sb.len, year, ds, sum, err);
out:
	strbuf_release(&sb);
	return ret;
}
