/*
 * cycle.h - the monthly reporting cycle: periods, returns, publication,
 * corrections, and the frozen history that reports are written from.
 *
 * A reporting period (one month) moves open -> submitted -> reviewed ->
 * published. Each programme expected to report (lifecycle active, started
 * by the end of the month) submits one return for it (return-file.h reads
 * the file). Publishing measures tolerances (assess/tolerance.h), stores
 * the exceptions they call for, marks the returns published and freezes
 * the whole organisation as an interchange document in the store
 * (store_snapshot_put), so that any report "as at" that month can be
 * written again, byte for byte, from cycle_dataset_as_at() whatever has
 * changed since. A correction after publication is a new version of the
 * return; publishing the month again makes the next snapshot revision.
 *
 * Also here, because they are steps of the same cycle: writing an
 * exception report's words, accepting a programme risk onto the portfolio
 * register, approving a change request into a new baseline, and checking
 * the audit log's hash chain. docs/cycle.md describes all of it.
 *
 * Every function writes through the store in one transaction (nothing is
 * written when it fails), names ctx->actor in the audit log, never prints
 * and never reads the clock: ctx->now is the time to record. Functions
 * return 0, or -1 with err filled.
 */
#ifndef FOLIO_CYCLE_H
#define FOLIO_CYCLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

struct dataset;
struct error;
struct store;
struct cycle_return;

/* Who acts, where and when: shared by every writing call. */
struct cycle_ctx {
	struct store *st;
	const char *org;	/* organisation code */
	const char *actor;	/* named in the audit log and on returns */
	const char *now;	/* ISO 8601 UTC time to record, "2018-05-08T10:00:00Z" */
};

/* --- the frozen history -------------------------------------------------- */

/*
 * The organisation as it stood for reporting at month: for a month with a
 * published snapshot, the latest revision of that snapshot (exactly what
 * was published, whatever has changed since); otherwise the live data. ds
 * is initialised here; release it with dataset_release() whatever the
 * result. Months published before folio kept snapshots (imported
 * history) have none and give the live data. *revision (may be NULL) is
 * set to the snapshot revision used, 0 for live data.
 */
int cycle_dataset_as_at(struct store *st, const char *org, int32_t month,
			struct dataset *ds, struct error *err);
int cycle_dataset_as_at_rev(struct store *st, const char *org, int32_t month,
			    struct dataset *ds, int *revision,
			    struct error *err);

/* --- periods ------------------------------------------------------------- */

/* One programme expected to report for a month, and what it has sent. */
struct cycle_due {
	const char *programme;
	int64_t version;	/* latest version of its return, 0: none */
	const char *status;	/* status of that version, NULL: none */
	const char *dca;	/* rating in it, NULL: none */
	int corrected;		/* version > 1 */
};

struct cycle_status {
	struct arena arena;	/* owns v and the strings */
	int32_t month;
	const char *state;	/* open .. published; NULL: no such period */
	struct cycle_due *v;	/* by programme code */
	size_t n;
	size_t missing;		/* programmes in v without a return */
	size_t pending;		/* latest versions not yet published */
	size_t other;		/* returns from programmes not expected */
};

/*
 * Where month stands in ds: its state and each expected programme's
 * return. out is initialised here; release it with
 * cycle_status_release() whatever the result.
 */
void cycle_status_build(const struct dataset *ds, int32_t month,
			struct cycle_status *out);
void cycle_status_release(struct cycle_status *s);

/* Programmes expected to report at month: active and started by its end. */
int cycle_programme_reports(const struct dataset *ds, const char *programme,
			    int32_t month);

/*
 * Open month for returns: a new period record in state open. ERR_CONFLICT
 * if the period exists (naming its state).
 */
int cycle_period_open(const struct cycle_ctx *c, int32_t month,
		      struct error *err);

/*
 * Review month: every latest return not yet reviewed is marked reviewed
 * (reviewed_by ctx->actor, reviewed_at ctx->now) and the period becomes
 * reviewed. Refused (ERR_CONFLICT) for a period that is not open or
 * submitted, and while a return is missing, naming the programmes, unless
 * allow_missing. *reviewed (may be NULL) is set to the returns marked.
 */
int cycle_period_review(const struct cycle_ctx *c, int32_t month,
			int allow_missing, size_t *reviewed,
			struct error *err);

struct cycle_publish {
	int revision;		/* snapshot revision made */
	size_t findings;	/* tolerance findings at month */
	size_t exceptions;	/* exceptions raised and stored */
	size_t resolved;	/* exceptions running before, now cured */
	size_t returns;		/* returns marked published */
	size_t missing;		/* programmes published without a return */
	size_t bytes;		/* size of the snapshot */
	char sha256[65];	/* its SHA-256, hex */
};

/*
 * Publish month. The period must be reviewed, or already published with
 * a correction waiting (a return version not yet published); refused
 * while a return is missing, naming the programmes, unless allow_missing.
 * In one transaction: measure tolerances as at month, store the
 * exceptions they call for (assess_exceptions_from_findings), set to
 * resolved those open or escalated that the month shows cured
 * (assess_exceptions_cured), mark the
 * latest returns published, set the period published (by ctx->actor at
 * ctx->now), then keep the whole organisation as it now stands as
 * snapshot revision 1. After a correction the next revision is the last
 * one with the month's own records (period, returns, benefit values,
 * forecast and score rows) as they now stand, and the present state of
 * the programmes whose correction is their latest report; tolerances are
 * measured on it. Exceptions are resolved only when no later month is
 * published.
 */
int cycle_period_publish(const struct cycle_ctx *c, int32_t month,
			 int allow_missing, struct cycle_publish *out,
			 struct error *err);

/* --- returns -------------------------------------------------------------- */

#define CYCLE_CORRECTION 0x1	/* a correction to a published month */

struct cycle_submitted {
	const char *programme;	/* in the return's dataset */
	int64_t version;	/* the version recorded */
	size_t changes;		/* records written (new or changed) */
	int current;		/* milestones, risks, issues and finance were
				   updated (the return is the programme's
				   latest); 0: only the month's own records */
};

struct cycle_submit {
	struct cycle_submitted *v;	/* one per return, in order given */
	size_t n;
	int period_submitted;	/* the period moved to submitted: every
				   expected programme has now returned */
};

void cycle_submit_release(struct cycle_submit *s);

/*
 * Record returns (each read by cycle_return_read(), all for the
 * organisation ctx->org) in ONE transaction: for each, the return record
 * (status submitted, submitted_by ctx->actor, submitted_at ctx->now), the
 * milestones' forecasts and actuals with a milestone_forecast row for the
 * month for each milestone whose reported dates differ from those held,
 * the risks' and issues' updates, a risk_score row for the month for each
 * risk reported (changed or not; none for a risk raised after the month),
 * benefit actuals for the month and the finance line. Everything is checked before anything is written and a
 * fault is reported with its place in the file (the row's JSON path or
 * CSV line, the field, what was expected); then nothing is written.
 *
 * Without CYCLE_CORRECTION the month must be open, submitted or reviewed
 * (a return to a reviewed month sends it back to submitted); sending a
 * return again before publication updates it in place. With
 * CYCLE_CORRECTION the month must be published, and the return is
 * recorded as the next version. Milestones, risks, issues and finance
 * hold only their present state, so they are changed only by a return
 * for the programme's latest reported month; a return (or correction) for
 * an earlier month writes only that month's own records (its return,
 * benefit actuals, milestone forecast and risk score rows). out is filled
 * (release with cycle_submit_release()) on success.
 */
int cycle_returns_submit(const struct cycle_ctx *c,
			 struct cycle_return *const *v, size_t n,
			 unsigned flags, struct cycle_submit *out,
			 struct error *err);

/* --- exceptions, risks, baselines ------------------------------------------ */

/* The words of an exception report; NULL members are left as they are. */
struct cycle_exception_words {
	const char *cause;
	const char *consequences;
	const char *options;
	const char *recommendation;
	const char *status;	/* open, escalated, resolved, closed */
};

/* Write the words of exception code (audited per field changed). */
int cycle_exception_update(const struct cycle_ctx *c, const char *code,
			   const struct cycle_exception_words *w,
			   size_t *changed, struct error *err);

/*
 * Link programme (or project) risk `risk` to portfolio risk `portfolio_risk`
 * with a risk_link record. ERR_NOTFOUND for an unknown code, ERR_INPUT
 * when the levels are wrong, ERR_CONFLICT when already linked.
 */
int cycle_risk_accept(const struct cycle_ctx *c, const char *risk,
		      const char *portfolio_risk, struct error *err);

struct cycle_baseline {
	char code[64];		/* the new baseline's code */
	int64_t version;
	size_t milestones;	/* baseline_milestone rows */
	size_t proposed;	/* of them, at a date the request proposed */
	int recorded_previous;	/* the plan before had no baseline record:
				   it was recorded as version 1 first */
	size_t moved;		/* milestones whose baseline date moved */
};

/*
 * Approve change request cr on date by board: the request becomes
 * approved (decided date, board), and the programme gets a new baseline
 * version made by it, carrying every milestone of the programme at the
 * date the request proposes for it (its change_milestone rows), or, for a
 * milestone it proposes none for, at its date now (its forecast, else its
 * baseline date; a milestone achieved by date keeps its baseline date:
 * the re-baseline re-plans the work still to do); each milestone's baseline_date
 * is set to match (docs/cycle.md). When no baseline record held the
 * programme's plan before, that plan is recorded first, as version 1, so
 * history keeps both. ERR_CONFLICT unless the request is pending.
 */
int cycle_change_approve(const struct cycle_ctx *c, const char *cr,
			 const char *board, int32_t date,
			 struct cycle_baseline *out, struct error *err);

/* --- the audit log -------------------------------------------------------- */

struct cycle_verify {
	int64_t entries;	/* entries checked */
	int64_t bad_seq;	/* first entry that fails, 0 when none */
	char why[160];		/* what failed there */
	char what[256];		/* that entry as stored: "2018-04-03T09:00:00Z
				   cli:pmo update programme SLP sro" */
};

/*
 * Check the whole audit chain: seq runs 1, 2, ... without gaps, each
 * entry's prev_hash is the hash of the entry before, and each entry's
 * hash is audit_hash() of its content. Stops at the first entry that
 * fails (out->bad_seq, out->why); returns 0 either way, -1 only when the
 * log cannot be read.
 */
int cycle_audit_verify(struct store *st, struct cycle_verify *out,
		       struct error *err);

#endif
