/*
 * cli.h - what every subcommand gets from the dispatcher (src/main.c).
 *
 * Each subcommand lives in src/cli/cmd-<name>.c as
 *	int cmd_<name>(struct cli *cli, int argc, char **argv);
 * with argv[0] the command's own name, and an entry in the table in
 * main.c whose flags say what the dispatcher sets up before calling it.
 * A command parses its own options (getopt_long; "--help" prints its usage
 * to stdout and returns 0) and returns an exit status:
 *	0 success, 1 a user error (one line on stderr naming what was wrong),
 *	2 a usage error (the usage on stderr).
 * Commands print results to cli->out and diagnostics to stderr; progress
 * goes to stderr only when it is a terminal (cli->tty).
 */
#ifndef FOLIO_CLI_H
#define FOLIO_CLI_H

#include <stdio.h>

struct store;
struct error;
struct dataset;
struct strbuf;

#define CMD_STORE 0x01	/* open the store at --db before calling */
#define CMD_ORG   0x02	/* resolve --org (or the only organisation) first */

struct cli {
	const char *db;		/* --db, default var/folio.db */
	const char *org;	/* --org, or the only organisation when CMD_ORG */
	struct store *st;	/* open when CMD_STORE */
	FILE *out;		/* stdout */
	int tty;		/* stderr is a terminal: show progress */
};

/* Print "folio: <where>: <msg>" to stderr; returns 1 (a user error). */
int cli_fail(struct cli *cli, const struct error *err);
/* Print "folio <cmd>: <msg>" and the usage to stderr; returns 2. */
int cli_usage(struct cli *cli, const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Load the current organisation into ds (initialised here); 0 or -1. */
int cli_load(struct cli *cli, struct dataset *ds, struct error *err);
/*
 * The same for a command that opens a store only when it needs one (the
 * schedule commands, which also read files): the dispatcher's store if
 * there is one, else cli->db (default var/folio.db) opened and closed
 * here; the organisation is --org, or the only one the store holds.
 * A missing database file is an error (never created here); several
 * organisations and no --org is ERR_USAGE. On failure ds is released.
 */
int cli_load_org(struct cli *cli, struct dataset *ds, struct error *err);
/*
 * Open FILE for writing output ("-" or NULL for cli->out), write buf,
 * close. Returns 0 or -1 with err filled.
 */
int cli_write_out(struct cli *cli, const char *path, const char *buf,
		  size_t len, struct error *err);

/*
 * Several outputs of one command, all or none: each file is written to a
 * temporary file beside it and renamed into place only when every one
 * has been written, so a command that fails leaves no partial output and
 * earlier versions of the files as they were. A path of "-" or NULL is
 * cli->out, written last; a path that is not a regular file (/dev/null,
 * a pipe) or is a symbolic link is written in place. Returns 0 or -1
 * with err filled.
 */
struct cli_file {
	const char *path;
	const char *buf;
	size_t len;
};
int cli_write_files(struct cli *cli, const struct cli_file *files, size_t n,
		    struct error *err);

/*
 * The same, written as it is made (a large table need not sit whole in
 * memory): cli_out_open() opens FILE ("-" or NULL: cli->out);
 * cli_out_put() writes sb and empties it (call it when sb has grown, and
 * at the end); cli_out_close() closes what it opened. Each returns 0 or
 * -1 with err filled; after a failure, call cli_out_close() all the same.
 */
struct cli_out {
	FILE *f;
	const char *path;	/* NULL for cli->out */
};
int cli_out_open(struct cli *cli, const char *path, struct cli_out *o,
		 struct error *err);
int cli_out_put(struct cli_out *o, struct strbuf *sb, struct error *err);
/* Write len bytes of buf to o. */
int cli_out_write(struct cli_out *o, const char *buf, size_t len,
		  struct error *err);
int cli_out_close(struct cli_out *o, struct error *err);
/*
 * Validate ds (read from source) and write it as a new organisation in one
 * transaction; with replace, an organisation of the same code is removed
 * first in that transaction. On failure nothing is written. Prints a
 * one-line summary of what was loaded.
 */
int cli_import_dataset(struct cli *cli, struct dataset *ds, const char *source,
		       int replace, struct error *err);

int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_demo(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_list(struct cli *cli, int argc, char **argv);
int cmd_show(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_schedule(struct cli *cli, int argc, char **argv);
/* The monthly cycle (src/cycle/): cmd-period.c, cmd-return.c, ... */
int cmd_period(struct cli *cli, int argc, char **argv);
int cmd_return(struct cli *cli, int argc, char **argv);
int cmd_exception(struct cli *cli, int argc, char **argv);
int cmd_risk(struct cli *cli, int argc, char **argv);
int cmd_changes(struct cli *cli, int argc, char **argv);
int cmd_audit(struct cli *cli, int argc, char **argv);
int cmd_serve(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
/* `folio schedule simulate` (cmd-simulate.c), dispatched by cmd_schedule. */
int cmd_schedule_simulate(struct cli *cli, int argc, char **argv);
/* `folio schedule impact` (cmd-impact.c), dispatched by cmd_schedule. */
int cmd_schedule_impact(struct cli *cli, int argc, char **argv);

#endif
