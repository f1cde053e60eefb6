/*
 * knock-on.h - the knock-on effects of a period's milestone forecast
 * changes, traced through the schedule (sched/impact.h), as a section of
 * a paper; internal to src/report (the PMG pack's 1.4).
 */
#ifndef FOLIO_REPORT_KNOCK_ON_H
#define FOLIO_REPORT_KNOCK_ON_H

#include <stdint.h>

struct paper;
struct report_section;

/*
 * Fill s with what the forecast changes reported in month did to the rest
 * of the schedule (sched_impact_of_period): the changes, the milestones
 * of other programmes and of their own that move and by how much, which
 * are then outside their programme's time tolerance, what float took up,
 * the benefits and risks tied to what moved, and the changes not traced.
 * Need to know as in every paper: when the network, or a milestone it
 * moves, is above the reader's clearance, the section says it is left
 * out; risks and benefits above it are left out one by one. A dataset
 * with no network, or one the engine refuses, gives the reason in words,
 * never a failed paper.
 */
void paper_knock_on(struct paper *pp, struct report_section *s, int32_t month);

#endif
