/*
 * cpm.h - the critical path method over a finished network.
 *
 * sched_cpm() runs the forward pass (early start and finish) and the
 * backward pass (late start and finish), then float, the critical flags
 * and the critical paths, and rolls the dates up into summaries. The
 * rules are MS Project's where it has them (docs/schedule.md): FS, SS, FF
 * and SF links with lags; a finish-to-finish or start-to-finish link
 * fixes the finish and the start is worked back from it; the eight
 * constraint types; deadlines; actual dates; manually scheduled tasks.
 *
 * Inside the passes a time is a "tick". When every activity and lag of the
 * network shares one calendar (net->axis >= 0), a tick is 2 * (working
 * seconds on that calendar) + form, where form 1 means "the start of the
 * next working span" and 0 "the end of the last one" (calendar.h), so the
 * passes are pure integer additions and maxima, and calendars are
 * consulted only to turn the answers into instants. Otherwise a tick is 2
 * * instant, and each step goes through the activity's calendar.
 *
 * For Monte Carlo: sched_forward() repeats the forward pass with other
 * durations (by topological position, in working seconds) and touches
 * nothing but its output arrays, so threads may share one network.
 */
#ifndef FOLIO_SCHED_CPM_H
#define FOLIO_SCHED_CPM_H

#include <stddef.h>
#include <stdint.h>

struct error;
struct sched_network;

struct sched_result {
	size_t n;		/* activities, by network index */
	int64_t *es, *ef;	/* early start and finish: instants */
	int64_t *ls, *lf;	/* late start and finish */
	int64_t *start, *finish; /* as scheduled: early dates, late dates for
				   ALAP, actual dates where there are some */
	int64_t *total_float;	/* working seconds on the activity's calendar;
				   negative when a constraint cannot be met */
	int64_t *free_float;
	unsigned char *critical;
	unsigned char *driving;	/* by compiled edge: the link sets its
				   successor's date and both ends are critical */
	int64_t project_start, project_finish;	/* instants */
	/* critical paths: path i is path_act[path_off[i] .. path_off[i+1]) */
	size_t npaths;
	size_t *path_off;
	uint32_t *path_act;
	int paths_truncated;	/* more paths than SCHED_MAX_PATHS */
};

#define SCHED_MAX_PATHS 100

/*
 * Schedule net (finished). Fills res, which the caller releases with
 * sched_result_release(). Returns 0, or -1 with err if net is not
 * finished.
 */
int sched_cpm(const struct sched_network *net, struct sched_result *res,
	      struct error *err);
void sched_result_release(struct sched_result *res);

/*
 * The forward pass alone, in ticks: dur[p] is the duration of the activity
 * at topological position p (NULL: the network's own), es/ef receive the
 * early ticks by position. Returns the project finish tick.
 */
int64_t sched_forward(const struct sched_network *net, const int64_t *dur,
		      int64_t *es, int64_t *ef);
/* A tick of net as an instant. */
int64_t sched_tick_instant(const struct sched_network *net, int64_t tick);

/*
 * Working time of an activity's calendar between two instants (b - a),
 * in seconds: the measure of float.
 */
int64_t sched_work_between(const struct sched_network *net, size_t act,
			   int64_t a, int64_t b);

#endif
