/*
 * knock-on.c - the knock-on effects of a period's forecast changes, as a
 * section of a paper (knock-on.h): sched_impact_of_period() does the
 * tracing; this says it in the house words, by name, within need to know.
 */
#include "report/knock-on.h"
#include "report/paper.h"
#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "sched/impact.h"

static const char rule[] =
	"Each milestone forecast that moved later this period is held at its old "
	"date in one run of the schedule and at its new date in a second, "
	"everything else as it stands; what differs between the two runs is the "
	"knock-on. A successor moves only by what its float cannot take up. Slip "
	"against the baseline in force is the milestone's forecast plus the move, "
	"measured as the time tolerance is. Benefits still to be realised after a "
	"moved milestone, and the risks of the programmes that move with the "
	"portfolio risks they feed, are listed (docs/impact.md).";

static const char *
ms_name(const struct paper *pp, const char *code)
{
	const struct milestone *m = code ? dataset_find(pp->ds, K_MILESTONE, code) : NULL;

	return m && m->name ? m->name : code;
}

/* "A, B" (milestone codes) as "name of A and name of B". */
static const char *
ms_names(struct paper *pp, const char *codes)
{
	const char *parts[16];
	size_t n = 0;
	const char *p = codes;

	while (p && *p && n < 16) {
		size_t l = strcspn(p, ",");

		parts[n++] = ms_name(pp, report_printf(pp->r, "%.*s", (int)l, p));
		p += l;
		while (*p == ',' || *p == ' ')
			p++;
	}
	return paper_join_and(pp, parts, n);
}

static const char *
days(struct paper *pp, long n)
{
	return paper_count(pp, n, "day", "days");
}

static const char *
wdays(struct paper *pp, double v)
{
	return report_printf(pp->r, "%s working day%s", paper_num(pp, v),
			     fabs(v - 1) < 1e-9 ? "" : "s");
}

/* Everything the tracing names is within the reader's clearance. */
static int
all_visible(struct paper *pp, const struct impact_result *res)
{
	for (size_t k = 0; k < res->nms; k++) {
		const struct milestone *m = res->ms[k].rec;

		if (!paper_visible(pp, m->programme, m->project, m->marking))
			return 0;
	}
	for (size_t k = 0; k < res->nchanges; k++) {
		const struct milestone *m = dataset_find(pp->ds, K_MILESTONE, res->changes[k].milestone);

		if (m && !paper_visible(pp, m->programme, m->project, m->marking))
			return 0;
	}
	for (size_t k = 0; k < res->nacts; k++)
		if (res->acts[k].programme && !paper_prog_ok(pp, res->acts[k].programme))
			return 0;
	return 1;
}

static const char *
tol_words(struct paper *pp, const struct impact_milestone *m)
{
	if (m->tol_after == IMPACT_TOL_NONE)
		return m->key ? "not measured" : "not a key milestone";
	if (m->tol_after > m->tol_before)
		return report_printf(pp->r, "%s (was %s)", impact_tol_name(m->tol_after),
				     impact_tol_name(m->tol_before));
	return impact_tol_name(m->tol_after);
}

static void
moved_table(struct paper *pp, struct report_section *s, const struct impact_result *res)
{
	static const char *const hdr[] = {
		"Milestone", "Programme", "Moves", "Forecast", "New forecast",
		"Baseline in force", "Time tolerance"
	};
	struct report *r = pp->r;
	struct report_block *t = report_table(r, s, "Milestones the changes move", 7, hdr, NULL, 1);

	for (size_t k = 0; k < res->nms; k++) {
		const struct impact_milestone *m = &res->ms[k];
		struct report_inline *row = report_row(r, t);

		paper_use(pp, m->rec->programme, m->rec->project, m->rec->marking);
		report_add(r, &row[0], RS_PLAIN, m->name ? m->name : m->code);
		if (m->origin)
			report_add(r, &row[0], RS_PLAIN, " (reported)");
		report_add(r, &row[1], RS_PLAIN, paper_prog_name(pp, m->programme));
		report_add(r, &row[2], RS_PLAIN, days(pp, m->days));
		if (m->achieved || !m->forecast_before) {
			report_add(r, &row[3], RS_PLAIN, "");
			report_add(r, &row[4], RS_PLAIN, "");
		} else {
			report_add(r, &row[3], RS_PLAIN, paper_day(pp, m->forecast_before));
			report_add(r, &row[4], RS_PLAIN, paper_day(pp, m->forecast_after));
		}
		report_add(r, &row[5], RS_PLAIN, m->measurable ? paper_day(pp, m->baseline) : "none");
		report_add(r, &row[6], m->tol_after == IMPACT_TOL_BREACH ? RS_STRONG : RS_PLAIN,
			   tol_words(pp, m));
	}
}

static void
traced(struct paper *pp, struct report_section *s, const struct impact_result *res)
{
	struct report *r = pp->r;
	struct report_inline *in = report_para(r, s);
	int first = 1;

	report_add(r, in, RS_PLAIN, "Traced through the schedule's dependencies, ");
	report_add(r, in, RS_PLAIN, res->norigins == 1 ? "this moves " : "these move ");
	if (res->other_milestones) {
		report_addf(r, in, RS_PLAIN, "%s of %s",
			    paper_count(pp, (long)res->other_milestones, "milestone", "milestones"),
			    paper_count(pp, (long)res->other_programmes, "other programme",
					"other programmes"));
	} else {
		report_add(r, in, RS_PLAIN, "no milestone of another programme");
		if (res->other_activities) {
			report_addf(r, in, RS_PLAIN, ", though %s %s there that no milestone stands for: ",
				    res->norigins == 1 ? "it moves" : "they move",
				    paper_count(pp, (long)res->other_activities, "activity", "activities"));
			for (size_t k = 0; k < res->nacts; k++) {
				const struct impact_activity *a = &res->acts[k];
				int own = 0;

				for (size_t j = 0; j < res->norigins; j++)
					own |= a->programme && res->origins[j].programme &&
					       strcmp(a->programme, res->origins[j].programme) == 0;
				if (a->milestone || own || a->finish_after <= a->finish_before)
					continue;
				report_addf(r, in, RS_PLAIN, "%s%s (%s), %s", first ? "" : "; ",
					    a->name ? a->name : a->id,
					    paper_prog_name(pp, a->programme), days(pp, a->days));
				first = 0;
			}
		}
	}
	if (res->own_milestones)
		report_addf(r, in, RS_PLAIN, "; within %s it moves %s more",
			    res->norigins == 1 ? "its own programme" : "their own programmes",
			    paper_count(pp, (long)res->own_milestones, "milestone", "milestones"));
	report_add(r, in, RS_PLAIN, ".");
	if (res->nms > res->norigins)
		moved_table(pp, s, res);
	if (res->breaches) {
		in = report_para(r, s);
		report_addf(r, in, RS_PLAIN, "%s then be outside %s time tolerance: ",
			    paper_cap(pp, paper_count(pp, (long)res->breaches, "milestone would",
						      "milestones would")),
			    res->breaches == 1 ? "its programme's" : "their programmes'");
		first = 1;
		for (size_t k = 0; k < res->nms; k++) {
			const struct impact_milestone *m = &res->ms[k];

			if (m->tol_after != IMPACT_TOL_BREACH)
				continue;
			report_addf(r, in, RS_STRONG, "%s%s", first ? "" : ", ", m->name ? m->name : m->code);
			report_addf(r, in, RS_PLAIN, " (%s late against an allowance of %s%s)",
				    days(pp, m->slip_after), days(pp, (long)m->threshold),
				    m->tol_before == IMPACT_TOL_BREACH ? ", as before" : "");
			first = 0;
		}
		report_add(r, in, RS_PLAIN, ".");
	}
}

static void
absorbed(struct paper *pp, struct report_section *s, const struct impact_result *res)
{
	struct report *r = pp->r;
	struct report_block *list = NULL;

	for (size_t k = 0; k < res->nacts; k++) {
		const struct impact_activity *a = &res->acts[k];
		struct report_inline *in;

		if (a->absorbed_days <= 0)
			continue;
		if (list == NULL) {
			report_add(r, report_para(r, s), RS_PLAIN, "Float took up some of the delay:");
			list = report_bullets(r, s);
		}
		in = report_item(r, list);
		report_addf(r, in, RS_PLAIN, "%s (%s) takes up %s of the %s that reach it",
			    a->name ? a->name : a->id, paper_prog_name(pp, a->programme),
			    paper_num(pp, a->absorbed_days), wdays(pp, a->pushed_days));
		if (a->working_days > 0)
			report_addf(r, in, RS_PLAIN, " and moves %s.", wdays(pp, a->working_days));
		else
			report_add(r, in, RS_PLAIN, ", so it does not move.");
	}
	if (res->finish_after > res->finish_before) {
		int32_t b = (int32_t)((res->finish_before - 1) / 86400);
		int32_t a = (int32_t)((res->finish_after - 1) / 86400);

		report_addf(r, report_para(r, s), RS_PLAIN,
			    "The schedule as a whole finishes %s later, on %s.",
			    days(pp, a - b), paper_day(pp, a));
	}
}

static void
benefits(struct paper *pp, struct report_section *s, const struct impact_result *res)
{
	struct report *r = pp->r;
	struct report_block *list = NULL;

	for (size_t k = 0; k < res->nbenefits; k++) {
		const struct impact_benefit *b = &res->benefits[k];
		struct report_inline *in;

		if (!paper_visible(pp, b->rec->programme, NULL, b->rec->marking))
			continue;
		paper_use(pp, b->rec->programme, NULL, b->rec->marking);
		if (list == NULL) {
			report_add(r, report_para(r, s), RS_PLAIN,
				   "Benefits still to be realised after a milestone that moves:");
			list = report_bullets(r, s);
		}
		in = report_item(r, list);
		report_addf(r, in, RS_PLAIN, "%s (%s), after %s: ", b->title ? b->title : b->code,
			    paper_prog_name(pp, b->programme), ms_names(pp, b->milestones));
		if (b->npoints == 0) {
			report_addf(r, in, RS_PLAIN, "its target date is %s.", paper_day(pp, b->target_date));
			continue;
		}
		report_addf(r, in, RS_PLAIN, "%s of its profile still to come",
			    paper_count(pp, (long)b->npoints, "point", "points"));
		if (b->nwindow) {
			report_addf(r, in, RS_PLAIN, ", %s now before the milestone's new date (%s",
				    b->nwindow == 1 ? "one of them" :
				    paper_count(pp, (long)b->nwindow, "of them", "of them"),
				    paper_month(pp, b->window_first));
			if (b->window_last != b->window_first)
				report_addf(r, in, RS_PLAIN, " to %s", paper_month(pp, b->window_last));
			if (!isnan(b->window_planned))
				report_addf(r, in, RS_PLAIN, ": %s",
					    paper_qty(pp, b->window_planned, b->unit));
			report_add(r, in, RS_PLAIN, ")");
		}
		report_add(r, in, RS_PLAIN, ".");
	}
}

/* "; fed by A, B": the listed risks behind a portfolio risk that the reader may see. */
static void
fed_by(struct paper *pp, struct report_inline *in, const struct impact_result *res,
       const struct impact_risk *port)
{
	int first = 1;

	for (size_t k = 0; k < res->nrisks; k++) {
		const struct risk *x = res->risks[k].rec;
		int linked = 0;

		if (!(res->risks[k].why & IMPACT_RISK_OWN) ||
		    !paper_visible(pp, x->programme, x->project, x->marking))
			continue;
		PAPER_FOREACH(pp, K_RISK_LINK, const struct risk_link, l)
			linked |= l->portfolio_risk && l->risk &&
				  strcmp(l->portfolio_risk, port->code) == 0 &&
				  strcmp(l->risk, x->code) == 0;
		if (!linked)
			continue;
		report_addf(pp->r, in, RS_PLAIN, "%s%s", first ? "; fed by " : ", ", x->code);
		first = 0;
	}
}

static void
risks(struct paper *pp, struct report_section *s, const struct impact_result *res)
{
	struct report *r = pp->r;
	struct report_inline *in = NULL;
	int first = 1, port = 0;

	for (size_t k = 0; k < res->nrisks; k++) {
		const struct impact_risk *x = &res->risks[k];
		int is_port = x->level && strcmp(x->level, "portfolio") == 0;

		if (!paper_visible(pp, x->rec->programme, x->rec->project, x->rec->marking))
			continue;
		paper_use(pp, x->rec->programme, x->rec->project, x->rec->marking);
		if (in == NULL) {
			in = report_para(r, s);
			report_add(r, in, RS_PLAIN, "Risks tied to what moves: ");
		}
		if (is_port && !port) {
			report_add(r, in, RS_PLAIN, first ? "at portfolio level " : "; at portfolio level ");
			port = 1;
			first = 1;
		}
		report_addf(r, in, RS_PLAIN, "%s%s (", first ? "" : ", ", x->title ? x->title : x->code);
		if (!is_port)
			report_addf(r, in, RS_PLAIN, "%s, ", paper_prog_name(pp, x->programme));
		report_addf(r, in, RS_PLAIN, "score %d", x->score);
		if (x->via)
			fed_by(pp, in, res, x);
		if (x->why & IMPACT_RISK_INTERDEP)
			report_add(r, in, RS_PLAIN, "; the delay crosses programmes");
		report_add(r, in, RS_PLAIN, ")");
		first = 0;
	}
	if (in)
		report_add(r, in, RS_PLAIN, ".");
}

static void
not_traced(struct paper *pp, struct report_section *s, const struct impact_result *res)
{
	struct report *r = pp->r;
	struct report_block *list;

	if (res->nchanges == 0)
		return;
	report_add(r, report_para(r, s), RS_PLAIN, "Forecast changes not traced:");
	list = report_bullets(r, s);
	for (size_t k = 0; k < res->nchanges; k++) {
		const struct impact_change *c = &res->changes[k];

		report_addf(r, report_item(r, list), RS_PLAIN, "%s (%s), from %s to %s: %s.",
			    ms_name(pp, c->milestone), paper_prog_name(pp, c->programme),
			    paper_day(pp, c->forecast_before), paper_day(pp, c->forecast_after),
			    c->why);
	}
}

void
paper_knock_on(struct paper *pp, struct report_section *s, int32_t month)
{
	struct report *r = pp->r;
	struct impact_result res;
	struct error err = ERROR_INIT;
	struct report_inline *in;
	char msg[512];

	if (dataset_count(pp->ds, K_ACTIVITY) == 0) {
		report_add(r, report_para(r, s), RS_PLAIN,
			   "The portfolio holds no schedule network, so the knock-on of "
			   "forecast changes cannot be traced.");
		return;
	}
	PAPER_FOREACH(pp, K_ACTIVITY, const struct activity, a) {
		if (a->programme && !paper_prog_ok(pp, a->programme)) {
			report_add(r, report_para(r, s), RS_PLAIN,
				   "The schedule network includes work of programmes above this "
				   "paper's clearance, so the knock-on of forecast changes is left out.");
			return;
		}
	}
	if (sched_impact_of_period(pp->ds, month, NULL, &res, &err) < 0) {
		report_addf(r, report_para(r, s), RS_PLAIN,
			    "The knock-on of this period's forecast changes could not be traced: %s.",
			    paper_trim_stop(pp, error_text(&err, msg, sizeof(msg))));
		impact_result_release(&res);
		return;
	}
	if (!all_visible(pp, &res)) {
		report_add(r, report_para(r, s), RS_PLAIN,
			   "The forecast changes of this period move milestones above this "
			   "paper's clearance, so their knock-on is left out.");
		impact_result_release(&res);
		return;
	}
	in = report_para(r, s);
	if (res.norigins == 0) {
		report_addf(r, in, RS_PLAIN,
			    "No milestone forecast moved later in %s, so nothing else in the "
			    "schedule moves.", paper_month(pp, month));
		not_traced(pp, s, &res);
		impact_result_release(&res);
		return;
	}
	report_addf(r, in, RS_PLAIN, "In %s the returns moved %s later: ", paper_month(pp, month),
		    paper_count(pp, (long)res.norigins, "milestone forecast", "milestone forecasts"));
	for (size_t k = 0; k < res.norigins; k++) {
		const struct impact_origin *o = &res.origins[k];

		report_addf(r, in, RS_PLAIN, "%s%s (%s) by %s, from %s to %s", k ? "; " : "",
			    o->name ? o->name : o->milestone, paper_prog_name(pp, o->programme),
			    days(pp, o->days), paper_day(pp, o->forecast_before),
			    paper_day(pp, o->forecast_after));
	}
	report_add(r, in, RS_PLAIN, ".");
	traced(pp, s, &res);
	absorbed(pp, s, &res);
	benefits(pp, s, &res);
	risks(pp, s, &res);
	not_traced(pp, s, &res);
	report_add(r, report_note(r, s, "How it is traced"), RS_PLAIN, rule);
	impact_result_release(&res);
}
