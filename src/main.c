/*
 * main.c - folio's front door: global options, then the command table.
 *
 * Like git.c's commands[], each entry names a subcommand, the function
 * that runs it (src/cli/cmd-*.c) and what the dispatcher must set up
 * first: an open store, a chosen organisation.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "store/store.h"

#define CMD_CREATE 0x04	/* may create the database, kept if it succeeds */
#define CMD_READ   0x08	/* only reads: the store is opened read-only */

struct command {
	const char *name;
	int (*fn)(struct cli *cli, int argc, char **argv);
	unsigned flags;
	const char *summary;
};

static const struct command commands[] = {
	{ "init", cmd_init, CMD_STORE | CMD_CREATE,
	  "create the database, or bring its schema up to date" },
	{ "demo", cmd_demo, CMD_STORE | CMD_CREATE,
	  "load the demo portfolio (Metropolitan Police, March 2018)" },
	{ "import", cmd_import, CMD_STORE | CMD_CREATE,
	  "load an organisation from a JSON or GMPP file" },
	{ "export", cmd_export, CMD_STORE | CMD_ORG | CMD_READ,
	  "write the organisation as JSON, its registers as XLSX or CSV, or GMPP" },
	{ "list", cmd_list, CMD_STORE | CMD_ORG | CMD_READ,
	  "list records of one kind, with filters" },
	{ "show", cmd_show, CMD_STORE | CMD_ORG | CMD_READ,
	  "show one record and what refers to it" },
	{ "report", cmd_report, CMD_STORE | CMD_ORG | CMD_READ,
	  "write a board paper (oversight, pmg, pib)" },
	{ "schedule", cmd_schedule, 0,
	  "critical path, Monte Carlo and knock-on of a schedule network" },
	{ "period", cmd_period, CMD_STORE | CMD_ORG,
	  "open, review and publish a reporting month" },
	{ "return", cmd_return, CMD_STORE | CMD_ORG,
	  "write a programme's return template, submit returns" },
	{ "exception", cmd_exception, CMD_STORE | CMD_ORG,
	  "list exceptions, show one, write its report" },
	{ "risk", cmd_risk, CMD_STORE | CMD_ORG,
	  "risks proposed for escalation; accept one onto the portfolio register" },
	{ "changes", cmd_changes, CMD_STORE | CMD_ORG,
	  "approve a change request into a new baseline" },
	{ "audit", cmd_audit, CMD_STORE | CMD_READ,
	  "verify the audit log's hash chain; show who changed what" },
	{ "serve", cmd_serve, CMD_STORE | CMD_ORG,
	  "run the web application (pages and JSON API)" },
	{ "user", cmd_user, CMD_STORE | CMD_ORG,
	  "set a user's password for the web application" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char usage_text[] =
	"usage: folio [--db PATH] [--org CODE] COMMAND [ARGS...]\n"
	"       folio COMMAND --help\n";

static void
print_help(FILE *f)
{
	fputs(usage_text, f);
	fputs("\nfolio keeps a portfolio of change programmes and writes its board papers.\n"
	      "\nGlobal options:\n"
	      "  --db PATH     the database (default var/folio.db; env FOLIO_DB)\n"
	      "  --org CODE    the organisation (default: the only one in the database)\n"
	      "  --help        this help\n"
	      "  --version     the version\n"
	      "\nCommands:\n", f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nExit status: 0 success, 1 a user error, 2 a usage error, 130 interrupted\n"
	      "(schedule simulate, which still writes its partial result).\n", f);
}

static int
wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

/*
 * Create the directory holding path, one level, if missing. Returns that
 * directory (heap) if it was made here, else NULL; a failure to make it
 * is left for store_open() to report with the path.
 */
static char *
make_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;

	if (slash == NULL || slash == path)
		return NULL;
	dir = xstrndup(path, (size_t)(slash - path));
	if (mkdir(dir, 0755) != 0) {
		free(dir);
		return NULL;
	}
	return dir;
}

/*
 * Remove the database file this run created (with SQLite's side files)
 * and the directory made for it: a command that fails must not leave an
 * empty database behind for the next command to find.
 */
static void
remove_created(const char *path, char *dir)
{
	static const char *const side[] = { "", "-wal", "-shm", "-journal" };

	for (size_t i = 0; i < sizeof(side) / sizeof(side[0]); i++) {
		char *p = xasprintf("%s%s", path, side[i]);

		unlink(p);
		free(p);
	}
	if (dir)
		rmdir(dir);
}

static int
choose_org(struct cli *cli, struct error *err)
{
	char **codes = NULL;
	size_t n = 0;
	int ret = -1;

	if (store_orgs(cli->st, &codes, &n, err) < 0)
		goto out;
	if (cli->org) {
		for (size_t i = 0; i < n; i++)
			if (strcmp(codes[i], cli->org) == 0)
				ret = 0;
		if (ret < 0)
			error_set(err, ERR_NOTFOUND,
				  "no organisation \"%s\" in %s", cli->org, cli->db);
		goto out;
	}
	if (n == 0) {
		error_set(err, ERR_NOTFOUND,
			  "no organisation in %s: load one with 'folio demo' or 'folio import'",
			  cli->db);
		goto out;
	}
	if (n > 1) {
		error_set(err, ERR_USAGE,
			  "%s holds %zu organisations (%s, %s%s): choose one with --org",
			  cli->db, n, codes[0], codes[1], n > 2 ? ", ..." : "");
		goto out;
	}
	cli->org = xstrdup(codes[0]);
	ret = 0;
out:
	store_free_list(codes);
	return ret;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "org", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli cli = { 0 };
	struct error err = ERROR_INIT;
	char prog[32];
	const struct command *cmd = NULL;
	char *org_owned = NULL, *made_dir = NULL;
	int c, ret = 1, created = 0;

	/* FOLIO_DB= (set but empty) is the default, as an unset variable */
	cli.db = getenv("FOLIO_DB") && *getenv("FOLIO_DB") ? getenv("FOLIO_DB") : "var/folio.db";
	cli.out = stdout;
	cli.tty = isatty(STDERR_FILENO);
	/* getopt names argv[0] in its messages: "folio", not the path run */
	argv[0] = (char *)"folio";
	/* "+": stop at the first non-option, the command */
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (*optarg == '\0') {
				fputs("folio: --db needs a path (or a postgresql: URI)\n", stderr);
				fputs(usage_text, stderr);
				return 2;
			}
			cli.db = optarg;
			break;
		case 'o':
			cli.org = optarg;
			break;
		case 'h':
			print_help(stdout);
			return 0;
		case 'V':
			printf("folio %s\n", FOLIO_VERSION);
			return 0;
		default:
			fputs(usage_text, stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		print_help(stderr);
		return 2;
	}
	if (strcmp(argv[optind], "help") == 0) {
		if (optind + 1 >= argc) {
			print_help(stdout);
			return 0;
		}
		argv[optind] = argv[optind + 1];
		argv[optind + 1] = "--help";
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[optind], commands[i].name) == 0)
			cmd = &commands[i];
	if (cmd == NULL) {
		fprintf(stderr, "folio: '%s' is not a folio command (see 'folio --help')\n",
			argv[optind]);
		return 2;
	}
	argc -= optind;
	argv += optind;
	optind = 0;	/* reset getopt for the command (GNU: 0 re-initialises) */
	/* ... and "folio COMMAND: unrecognized option" from the command's */
	snprintf(prog, sizeof(prog), "folio %s", cmd->name);
	argv[0] = prog;

	if (!wants_help(argc, argv) && (cmd->flags & CMD_STORE)) {
		struct stat sb;

		/* a PostgreSQL URI is no file: the server says if it is there */
		if (store_target_is_file(cli.db) && stat(cli.db, &sb) != 0) {
			if (!(cmd->flags & CMD_CREATE)) {
				fprintf(stderr, "folio: no database at %s: create one with 'folio init' "
					"or 'folio demo'\n", cli.db);
				return 1;
			}
			made_dir = make_parent(cli.db);
			created = 1;
		}
		/* a reader needs no write permission on the database or its folder */
		if (((cmd->flags & CMD_READ) ? store_open_readonly(&cli.st, cli.db, &err)
					     : store_open(&cli.st, cli.db, &err)) < 0) {
			ret = cli_fail(&cli, &err);
			goto out;
		}
		if (cmd->flags & CMD_ORG) {
			const char *given = cli.org;

			if (choose_org(&cli, &err) < 0) {
				ret = err.code == ERR_USAGE ? (cli_fail(&cli, &err), 2)
							    : cli_fail(&cli, &err);
				goto out;
			}
			if (cli.org != given)
				org_owned = (char *)cli.org;
		}
	}
	ret = cmd->fn(&cli, argc, argv);
out:
	if (cli.st)
		store_close(cli.st);
	/*
	 * Only a command that succeeds leaves a database it created: a failed
	 * or mistyped import or demo at a new path creates nothing.
	 */
	if (created && ret != 0)
		remove_created(cli.db, made_dir);
	free(made_dir);
	free(org_owned);
	if (fflush(stdout) != 0 && ret == 0) {
		fprintf(stderr, "folio: writing output: %s\n", strerror(errno));
		ret = 1;
	}
	return ret;
}
