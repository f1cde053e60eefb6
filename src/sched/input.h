/*
 * input.h - building a schedule network from a file or from a dataset.
 *
 * Three file formats (docs/schedule.md has the details):
 *   - an activity CSV with a header row: id, duration_days, predecessors
 *     (space-separated ids, each optionally "id:SS" or "id:FF:-2" for
 *     the link type and a lag in days), and optionally name, type,
 *     calendar, constraint, constraint_date, deadline, actual_start,
 *     actual_finish;
 *   - a JSON network: {"start", "calendar", "calendars", "activities",
 *     "links"}; gen_network.py's files (activities with min/mode/max,
 *     links with from/to/lag) are read as they are, with the most likely
 *     duration. The reader walks the text in place (no tree of values)
 *     and is as strict as jansson: UTF-8, escapes, numbers, duplicate
 *     keys, nesting depth;
 *   - Microsoft Project XML (MSPDI), parsed by libxml2 without network
 *     access, without entity expansion and without any DTD.
 * Durations and lags in the CSV and JSON formats are in days of the
 * calendar they are on (a working day's hours, or 24 hours on the "days"
 * calendar). Every reader fills a fresh, initialised network and leaves it
 * unfinished: the caller calls sched_network_finish().
 */
#ifndef FOLIO_SCHED_INPUT_H
#define FOLIO_SCHED_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct dataset;
struct error;
struct sched_network;

#define SCHED_MAX_INPUT (64u << 20)	/* bytes of one input file */

/*
 * A JSON value as the JSON reader passes it to a hook. Everything in it
 * lives only during the call.
 */
enum sched_json_type {
	SCHED_JSON_NULL, SCHED_JSON_FALSE, SCHED_JSON_TRUE, SCHED_JSON_NUMBER,
	SCHED_JSON_STRING, SCHED_JSON_ARRAY, SCHED_JSON_OBJECT
};

struct sched_json_value {
	enum sched_json_type type;
	double number;		/* SCHED_JSON_NUMBER */
	const char *string;	/* SCHED_JSON_STRING: decoded UTF-8 (never
				   holds a NUL), NUL-terminated */
	const char *text;	/* the value as the file spells it (for an
				   array or object, all of it: valid JSON) */
	size_t len;
};

/*
 * Hooks through which one reading of a file also serves a caller that
 * keeps more of each activity than the network does (montecarlo.h's
 * model: three-point estimates, targets, risks), so that nobody parses
 * the file a second time. Each may be NULL; each returns 0, or -1 with
 * err to stop the reading (the reader then fails with that error).
 */
struct sched_read_hooks {
	void *ctx;
	/* JSON: every member of activities[index], in file order, once
	   the activity has been added to the network as index act */
	int (*activity_member)(void *ctx, int act, size_t index, const char *key,
			       const struct sched_json_value *v, struct error *err);
	/* JSON: every top-level member the reader has no use for, in
	   file order, after the activities and links have been read */
	int (*root_member)(void *ctx, const char *key,
			   const struct sched_json_value *v, struct error *err);
	/* CSV: the header row (act -1, line 1), then the row of each
	   activity once it has been added as index act; line counts from 1 */
	int (*csv_row)(void *ctx, int act, size_t line, const char *const *cell,
		       size_t ncell, struct error *err);
};

struct sched_input_options {
	const char *calendar;	/* project calendar for CSV, JSON and
				   datasets; NULL: the file's, else
				   "england-and-wales" */
	int64_t start;		/* project start instant, or SCHED_NONE:
				   the file's own */
	const char *calendars_json;	/* extra calendar definitions (a JSON
				   array, as the "calendars" member of a JSON
				   network): per-organisation calendars */
	const struct sched_read_hooks *hooks;	/* may be NULL; not used
				   for MSPDI or datasets */
};

#define SCHED_INPUT_OPTIONS_INIT { NULL, INT64_MIN, NULL, NULL }

/*
 * What MS Project computed for an activity, as its file says (for checking
 * folio's answers against it). Instants are SCHED_NONE where absent.
 */
struct sched_mspdi_task {
	int uid;
	int64_t start, finish, early_start, early_finish, late_start, late_finish;
	int64_t total_slack, free_slack;	/* seconds; SCHED_NONE if absent */
	int critical;				/* 0, 1, or -1 if absent */
	int manual, summary, elapsed;		/* as the file says */
	int placeholder;	/* a manual task whose dates were never entered */
	int resource_driven;	/* work resources on calendars of their own */
};

struct sched_mspdi {
	struct sched_mspdi_task *task;	/* by network index */
	size_t n;
	int64_t minutes_per_day;
	int has_computed;	/* the file carries MS Project's late dates and slack */
	int null_tasks;		/* blank rows skipped */
};

void sched_mspdi_release(struct sched_mspdi *info);

/*
 * Read buf (len bytes; `where` names it in errors) into net. 0 or -1
 * with err; on failure net holds whatever was read so far and must still
 * be released.
 */
int sched_read_csv(struct sched_network *net, const char *buf, size_t len,
		   const char *where, const struct sched_input_options *opt,
		   struct error *err);
int sched_read_json(struct sched_network *net, const char *buf, size_t len,
		    const char *where, const struct sched_input_options *opt,
		    struct error *err);
/* info may be NULL; if not, it is filled (release it) on success. */
int sched_read_mspdi(struct sched_network *net, const char *buf, size_t len,
		     const char *where, const struct sched_input_options *opt,
		     struct sched_mspdi *info, struct error *err);
/*
 * Read a file of any of the three formats, told apart by its first
 * non-blank byte ('<' MSPDI, '{' JSON, anything else CSV). Refuses files
 * larger than SCHED_MAX_INPUT. info as for sched_read_mspdi (left empty
 * for CSV and JSON).
 */
int sched_read_file(struct sched_network *net, const char *path,
		    const struct sched_input_options *opt,
		    struct sched_mspdi *info, struct error *err);

/*
 * Add calendars defined in JSON text (an array of objects; see
 * docs/schedule.md) to net. 0 or -1 with err.
 */
int sched_add_calendars_json(struct sched_network *net, const char *text,
			     const char *where, struct error *err);

/*
 * The network of a dataset's activities and dependencies: those of one
 * programme (with, from other programmes, every activity they depend on,
 * directly or not), or of the whole portfolio when programme is NULL.
 * Durations are duration_days (else likely_days) in working days of the
 * activity's calendar (else opt->calendar, else England and Wales);
 * dependency lags are working days of the project calendar. The start is
 * opt->start, else the earliest start_date of the programmes concerned.
 * Dates that name a day mean its start for starts and its end for
 * finishes.
 */
int sched_network_from_dataset(const struct dataset *ds, const char *programme,
			       const struct sched_input_options *opt,
			       struct sched_network *net, struct error *err);

/* --- helpers the readers share ------------------------------------------- */

/*
 * An instant from "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]". A bare date
 * is the start of the day, or its end (the next midnight) when finish is
 * set. 0 or -1.
 */
int sched_parse_when(const char *s, int finish, int64_t *out);
/* days of calendar cal as seconds of its working time. */
int64_t sched_days(const struct sched_network *net, int cal, double days);
/*
 * Link the activities listed in `list` to successor succ: ids separated
 * by spaces, commas or semicolons, each "id", "id:TYPE" or
 * "id:TYPE:LAG" with LAG in days of the project calendar ("a:SS:2",
 * "b:FS:-1.5"). 0 or -1 with err naming the unknown id.
 */
int sched_link_list(struct sched_network *net, uint32_t succ, const char *list,
		    const char *where, struct error *err);

#endif
