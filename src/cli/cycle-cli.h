/*
 * cycle-cli.h - what the monthly cycle's commands (cmd-return.c,
 * cmd-period.c, cmd-exception.c, cmd-risk.c, cmd-changes.c, cmd-audit.c,
 * and report and export for their periods) share: who is acting and
 * when, one-line table cells, and the months an organisation reports on.
 */
#ifndef FOLIO_CYCLE_CLI_H
#define FOLIO_CYCLE_CLI_H

#include <stddef.h>
#include <stdint.h>

struct cli;
struct cycle_ctx;
struct dataset;
struct error;

/* Room for an actor name and a timestamp. */
struct cycle_who {
	char actor[128];
	char now[64];
};

/*
 * Fill c for cli's store and organisation: the actor is $FOLIO_USER, else
 * "cli:" and the login name; the time is $FOLIO_NOW, else the clock (UTC).
 * who holds the strings c points to.
 */
void cycle_cli_ctx(struct cli *cli, struct cycle_ctx *c, struct cycle_who *who);
/* Today's date: the date of $FOLIO_NOW when set, else the clock's. */
int32_t cycle_cli_today(void);
/*
 * s as one table cell: line breaks and other control characters become
 * spaces, so a cell never breaks the table (or a terminal). Into buf.
 */
const char *cycle_cli_cell(const char *s, char *buf, size_t size);
/*
 * An organisation that runs the monthly cycle reports on and exports its
 * own periods only: a paper or an export for a month it never opened (a
 * typing slip, 2030-01 for 2018-01) would read as real. One whose ratings
 * come in rounds (the GMPP) keeps no periods, and takes any month. 0, or
 * -1 with err naming the periods it keeps (`report` and `export
 * --period`).
 */
int cycle_cli_check_period(const struct dataset *ds, const char *org, int32_t month,
			   struct error *err);

#endif
