/*
 * network.h - the schedule network: activities, milestones and summaries,
 * the links between them, their calendars and constraints.
 *
 * A network is built in two steps. First the caller adds calendars,
 * activities and links (sched_network_add_*, in any order, by index), then
 * sched_network_finish() checks it and compiles it: links to and from
 * summaries are carried down to the activities under them, a dependency
 * loop is refused with an error naming the activities in it, the
 * activities are put in topological order once, and the links are laid
 * out as compact arrays in that order (so a forward pass reads memory
 * front to back, and a Monte Carlo run can repeat it with sampled
 * durations without touching anything else; see cpm.h).
 *
 * Durations and lags are int64 seconds of working time on a calendar:
 * an activity's duration is on its own calendar, a lag on the network's
 * project calendar (or elapsed time when the link says so). Instants are
 * as in calendar.h. SCHED_NONE marks an absent instant.
 *
 * The network owns everything in it: calendars added to it, and copies
 * of all strings. Release it with sched_network_release().
 */
#ifndef FOLIO_SCHED_NETWORK_H
#define FOLIO_SCHED_NETWORK_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

struct error;
struct sched_calendar;

#define SCHED_NONE INT64_MIN

enum sched_link_type { SCHED_FS, SCHED_SS, SCHED_FF, SCHED_SF };

/* The constraint types of MS Project, with its meanings. */
enum sched_constraint {
	SCHED_ASAP,	/* as soon as possible (no date) */
	SCHED_ALAP,	/* as late as possible: scheduled on its late dates */
	SCHED_SNET,	/* start no earlier than */
	SCHED_SNLT,	/* start no later than */
	SCHED_FNET,	/* finish no earlier than */
	SCHED_FNLT,	/* finish no later than */
	SCHED_MSO,	/* must start on */
	SCHED_MFO	/* must finish on */
};

enum sched_kind {
	SCHED_TASK,
	SCHED_MILESTONE,	/* a task of no duration */
	SCHED_SUMMARY		/* dates rolled up from the activities under it */
};

struct sched_activity {
	const char *id;		/* unique; owned by the network */
	const char *name;	/* may be NULL */
	enum sched_kind kind;
	int64_t duration;	/* working seconds on its calendar */
	int cal;		/* calendar index */
	enum sched_constraint constraint;
	int64_t constraint_date;	/* instant, or SCHED_NONE */
	int64_t deadline;	/* instant: late finish no later than it */
	int64_t actual_start;	/* instant, or SCHED_NONE */
	int64_t actual_finish;	/* instant, or SCHED_NONE: the activity is done */
	int64_t fixed_start;	/* a manually scheduled task: its dates as */
	int64_t fixed_finish;	/* given, or SCHED_NONE (both or neither) */
	int parent;		/* index of its summary, or -1 */
	int placeholder;	/* a manually scheduled task with no duration
				   entered: placed, but never critical */
};

struct sched_link {
	uint32_t pred, succ;	/* activity indexes */
	enum sched_link_type type;
	int64_t lag;		/* seconds; negative for a lead */
	int elapsed;		/* lag in elapsed time, not working time */
};

struct sched_network {
	struct arena arena;		/* strings */
	struct sched_activity *act;
	size_t n, alloc;
	struct sched_link *link;
	size_t nlinks, alinks;
	struct sched_calendar **cal;	/* owned */
	size_t ncal, acal;
	int project_cal;		/* lags, summaries, the project's slack */
	int64_t start;			/* project start instant */
	int honour_constraints;		/* hard constraints beat links */
	int64_t critical_slack;		/* critical at or below this float */

	/* id lookup: open addressing; a slot holds the id itself and 32
	   bits of its hash, so a probe reads no activity (idx1 = index + 1,
	   0 empty) */
	struct sched_slot {
		const char *id;
		uint32_t tag;
		uint32_t idx1;
	} *hash;
	size_t hash_size;

	/* compiled by sched_network_finish(); read-only afterwards */
	int ready;
	int axis;		/* the one calendar of every activity and lag,
				   or -1: times are instants (see cpm.c) */
	size_t nleaf;		/* activities that are not summaries */
	uint32_t *order;	/* position -> activity, topological */
	int32_t *pos;		/* activity -> position, -1 for a summary */
	uint32_t *in_off;	/* nleaf + 1: links into each position */
	uint32_t *in_from;	/* predecessor position */
	uint32_t *out_off;	/* nleaf + 1: links out of each position */
	uint32_t *out_to;	/* successor position */
	uint32_t *in_link;	/* link index of each in-edge (after expansion) */
	uint32_t *out_link;	/* the in-edge index of each out-edge */
	unsigned char *e_type;	/* by in-edge: enum sched_link_type */
	unsigned char *e_elapsed;
	int64_t *e_lag;
	int64_t *dur;		/* by position */
	size_t nedges;
	uint32_t *summary_order;	/* summaries, deepest first */
	size_t nsummary;
};

void sched_network_init(struct sched_network *net);
void sched_network_release(struct sched_network *net);

/*
 * Add a calendar; the network takes ownership (and frees it even on
 * failure). Returns its index, or -1 with err if the name is taken. The
 * first calendar added becomes the project calendar unless
 * sched_network_set_project_calendar() says otherwise.
 */
int sched_network_add_calendar(struct sched_network *net,
			       struct sched_calendar *cal, struct error *err);
/* The index of the calendar of that name, or -1. */
int sched_network_find_calendar(const struct sched_network *net,
				const char *name);
/*
 * The calendar of that name, adding the built-in one of that name
 * (calendar.h) the first time; -1 with err when there is neither.
 */
int sched_network_calendar(struct sched_network *net, const char *name,
			   struct error *err);
void sched_network_set_project_calendar(struct sched_network *net, int cal);

/* Room for n activities in all, so that adding them moves nothing (a hint:
   adding more still works). */
void sched_network_reserve(struct sched_network *net, size_t n);

/*
 * The longest duration and the longest lag, either way, in seconds:
 * 2,000 years, as long as a schedule may run. Readers round with
 * sched_round_secs(), so a figure beyond it in a file reaches add() or
 * link() as a figure beyond it, and is refused there by name.
 */
#define SCHED_SPAN_MAX ((int64_t)2000 * 366 * 86400)

/* secs rounded to the nearest second, held within +-(2^62) so that a
   figure far beyond SCHED_SPAN_MAX stays beyond it and nothing added to
   it can overflow; 0 for a NaN. */
int64_t sched_round_secs(double secs);

/*
 * Add an activity with every optional field absent (ASAP, no dates, no
 * parent). Returns its index, or -1 with err for a duplicate or empty id
 * or a duration that is negative or longer than SCHED_SPAN_MAX. Strings
 * are copied.
 */
int sched_network_add(struct sched_network *net, const char *id,
		      const char *name, enum sched_kind kind,
		      int64_t duration, int cal, struct error *err);
/* The activity at index i, to set optional fields before finish(). */
struct sched_activity *sched_network_activity(struct sched_network *net,
					      size_t i);
/* The index of the activity with that id, or -1. */
int sched_network_find(const struct sched_network *net, const char *id);
/* Add a link; -1 with err for a link of an activity to itself or a lag
   longer than SCHED_SPAN_MAX either way. */
int sched_network_link(struct sched_network *net, uint32_t pred,
		       uint32_t succ, enum sched_link_type type, int64_t lag,
		       int elapsed, struct error *err);

/*
 * Check and compile the network (see the top of this file) and prepare
 * its calendars for the dates it can reach. -1 with err (ERR_INPUT) for a
 * dependency loop ("dependency loop: A -> B -> C -> A"), a link between a
 * summary and an activity under it, a summary loop, or a calendar with no
 * working time. After success the network must not change.
 */
int sched_network_finish(struct sched_network *net, struct error *err);

/* "FS" .. "SF", and back (-1 if unknown; case-insensitive). */
const char *sched_link_name(enum sched_link_type type);
int sched_link_parse(const char *s);
/* "ASAP" .. "MFO" (the schema's spellings), and back. */
const char *sched_constraint_name(enum sched_constraint c);
int sched_constraint_parse(const char *s);

#endif
