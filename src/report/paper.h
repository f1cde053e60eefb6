/*
 * paper.h - what the paper builders (oversight.c, pmg.c, pib.c) share;
 * internal to src/report.
 *
 * A struct paper is one builder's view of a dataset for one reader: the
 * records of each kind in natural-key order (so a paper never depends on
 * the order a file or a store handed them over), need to know against the
 * reader's clearance, and the report whose marking rises with everything
 * that goes in. The words and numbers follow the house conventions of
 * docs/reports.md; every string returned lives in the report's arena.
 */
#ifndef FOLIO_REPORT_PAPER_H
#define FOLIO_REPORT_PAPER_H

#include <stddef.h>
#include <stdint.h>

#include "assess/rollup.h"
#include "model/schema.h"

struct dataset;
struct error;
struct report;
struct report_inline;
struct report_section;
struct risk_move;

struct paper {
	const struct dataset *ds;
	struct report *r;
	struct error *err;
	int clr;		/* index of the clearance in marking_values */
	enum rating_scale scale;
	struct {
		void **rows;
		size_t n;
	} by_key[K__COUNT];
};

/*
 * Start a paper: out is initialised (report_init), the clearance checked
 * (NULL means OFFICIAL) and every kind indexed by natural key. Returns 0,
 * or -1 with err filled: ERR_USAGE for an unknown clearance, ERR_DENIED
 * when no portfolio is visible at it. Release with paper_release()
 * whatever the result (the report is the caller's).
 */
int paper_init(struct paper *pp, const struct dataset *ds, const char *clearance,
	       struct report *out, struct error *err);
void paper_release(struct paper *pp);

/* Every record of kind k in natural-key order. */
#define PAPER_FOREACH(pp, k, type, var) \
	for (size_t var##_i_ = 0; var##_i_ < (pp)->by_key[k].n; var##_i_++) \
		for (type *var = (pp)->by_key[k].rows[var##_i_]; var; var = NULL)

/* --- need to know ------------------------------------------------------ */

int paper_mark_ok(const struct paper *pp, const char *marking);
const struct programme *paper_prog_find(const struct paper *pp, const char *code);
const struct project *paper_proj_find(const struct paper *pp, const char *code);
/* A programme the reader may see: it, and its portfolio, within clearance. */
int paper_prog_ok(const struct paper *pp, const char *code);
int paper_proj_ok(const struct paper *pp, const char *code);
/* A record with its own marking that may belong to a programme/project. */
int paper_visible(const struct paper *pp, const char *programme,
		  const char *project, const char *marking);
/* Something goes into the paper: its marking, and its owners', count. */
void paper_use(struct paper *pp, const char *programme, const char *project,
	       const char *marking);

/* --- words and numbers ------------------------------------------------- */

/* "31 March 2018" */
const char *paper_day(struct paper *pp, int32_t day);
/* "March 2018" */
const char *paper_month(struct paper *pp, int32_t month);
/* "1,290", "12.5" */
const char *paper_num(struct paper *pp, double v);
/* "£450,000", "£1.25 million", "£1.2 billion" */
const char *paper_money(struct paper *pp, double pounds);
/* The rest of a unit that means pounds ("£ a year" -> "a year"), else NULL. */
const char *paper_money_unit(const char *unit);
/* Is the unit a percentage ("per cent", "percent", "%")? */
int paper_percent_unit(const char *unit);
/* "800 vehicles", "£10 million a year", "10%", "12" */
const char *paper_qty(struct paper *pp, double v, const char *unit);
/* "800 of 1,290 vehicles" */
const char *paper_of(struct paper *pp, double v, double target, const char *unit);
/* v as a whole per cent of of (0 when of is 0). */
int paper_percent(double v, double of);
const char *paper_plural(long n, const char *one, const char *many);
/* "no", "one" .. "nine", then figures. */
const char *paper_num_word(struct paper *pp, long n);
/* "one programme", "12 programmes", "no programmes" */
const char *paper_count(struct paper *pp, long n, const char *one, const char *many);
/* A copy with the first letter in capitals. */
const char *paper_cap(struct paper *pp, const char *s);
/* "a", "a and b", "a, b and c" */
const char *paper_join_and(struct paper *pp, const char *const *parts, size_t n);
/* The programme's name, else the code itself. */
const char *paper_prog_name(const struct paper *pp, const char *code);
/* "cash_releasing" -> "cash-releasing" */
const char *paper_humanise(struct paper *pp, const char *enumval);
/* "Outline Business Case" for "OBC" */
const char *paper_stage_name(const char *stage);
/* Add text as a sentence: a full stop unless it ends in punctuation. */
void paper_sentence(struct report *r, struct report_inline *in, const char *text);
/* text without a closing full stop, to carry a sentence on. */
const char *paper_trim_stop(struct paper *pp, const char *text);
/* "+3", "−2" (U+2212), "0" */
const char *paper_signed(struct paper *pp, long d);
/* The portfolio's name with "the", or "the change portfolio". */
const char *paper_portfolio_name(struct paper *pp);
/* The only visible portfolio, or NULL when there are several. */
const struct portfolio *paper_portfolio(const struct paper *pp);
/* Does hay contain needle, ignoring case? */
int paper_contains_nocase(const char *hay, const char *needle);

/* --- ratings ----------------------------------------------------------- */

/* Where a rating came from. */
enum rating_src { SRC_NONE, SRC_DCA, SRC_RETURN };

/* 0 Green .. 4 Red; -1 for Exempt, Not assessed and anything else. */
int paper_rating_rank(const char *rating);
/* A return counts once submitted: drafts are still the programme's own. */
int paper_return_counts(const struct monthly_return *rt);
/*
 * The latest return of a programme for a month in [from, to], the highest
 * version of that month. want_dca: only returns carrying a rating.
 */
const struct monthly_return *paper_return_in(const struct paper *pp,
					     const char *programme, int32_t from,
					     int32_t to, int want_dca);
/* A rating on the organisation's scale, spelt as in dca_values; NULL: none. */
const char *paper_rating_text(const struct paper *pp, enum rating r);
/*
 * A programme's rating on a day by the rule of assess/rollup.h. *src
 * (may be NULL) says where it came from. 0, or -1 with pp->err filled.
 */
int paper_prog_rating(const struct paper *pp, const char *programme, int32_t day,
		      const char **rating, enum rating_src *src);

/* --- records as at a day ------------------------------------------------ */

int paper_decision_pending(const struct decision *d, int32_t day);
int paper_cr_pending(const struct change_request *c, int32_t day);
int paper_bc_pending(const struct business_case *b, int32_t day);
int paper_issue_open(const struct issue *is, int32_t day);
/* critical 0, high 1, medium 2, low 3, anything else 4 */
int paper_severity_rank(const char *severity);
/* Default bands of DOMAIN.md: "low" 1-4, "medium" 5-12, "high" 15-25. */
const char *paper_band(int64_t score);
/*
 * A risk's move from the end of month `from` (assess/risk.h's
 * risk_move_between) in words: "up from 9", "down from 16" or
 * "unchanged", with " since January 2018" when the score compared with is
 * a later month's (the risk's first); "new", "closed", "not known".
 */
const char *paper_risk_move(struct paper *pp, const struct risk_move *mv,
			    int32_t from);

/*
 * A programme is active on day: not closed by then (lifecycle closed and
 * ended on or before day), not in the pipeline (lifecycle pipeline, or a
 * start after day).
 */
int paper_prog_active(const struct programme *p, int32_t day);
/* "time tolerance breached", "cost tolerance forecast to be breached" */
const char *paper_exception_words(struct paper *pp, const char *dimension,
				  const char *type);
/* An exception still in front of the boards: status open or escalated. */
int paper_exception_open(const struct exception *x);

/* --- lists ------------------------------------------------------------- */

int paper_cmp_i32(int32_t a, int32_t b);

/* A growable list of record pointers. */
struct picks {
	const void **v;
	size_t n, alloc;
};

void paper_pick(struct picks *p, const void *rec);
void paper_picks_sort(struct picks *p, int (*cmp)(const void *, const void *));

/* --- charts (paper-charts.c) --------------------------------------------- */

/*
 * A stacked bar of the ratings of programmes codes[0..n) at the end of
 * each month, up to last and at most max_months back, starting at the
 * first month any of them was rated (so a chart never opens on months of
 * nothing but "Not assessed"). The scale's ratings always have a series;
 * Exempt and Not assessed only when some programme holds them. 0, or -1
 * with pp->err filled (a rating that is not a DCA spelling).
 */
int paper_chart_dca(struct paper *pp, struct report_section *s,
		    const char *const *codes, size_t n, int32_t last,
		    int max_months, const char *caption);

/*
 * The 5 x 5 heat map of the open risks the reader may see at day, by
 * current likelihood and impact: the portfolio register (level
 * portfolio) when portfolio_only, else every register. Counts risks not
 * scored in the note, and, when since is a month, how the same risks'
 * scores moved from its end to the end of day's month by their history
 * (assess/risk.h). Returns how many risks it placed.
 */
size_t paper_chart_heat(struct paper *pp, struct report_section *s,
			int portfolio_only, const char *programme, int32_t day,
			int32_t since, const char *caption);

#endif
