/*
 * cmd-user.c - `folio user`: passwords for the web application's users.
 *
 *	folio user passwd USERNAME [--password-stdin]
 *	folio user demo-passwords
 *
 * Passwords are hashed with Argon2id (web/web.h web_password_hash) and
 * kept by the store; the audit log records that a credential changed,
 * never the hash. demo-passwords gives every user of the demo portfolio
 * a known password (docs/web.md lists them) so the demo can be tried; it
 * refuses any other organisation.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "store/store.h"
#include "web/web.h"

#define DEMO_ORG "MPS"
#define DEMO_ORG_NAME "Metropolitan Police Service"

static const char usage[] =
	"usage: folio [--db PATH] [--org CODE] user passwd USERNAME [--password-stdin]\n"
	"       folio [--db PATH] [--org CODE] user demo-passwords\n"
	"\n"
	"Set passwords for signing in to the web application (folio serve).\n"
	"\n"
	"  passwd USERNAME     set USERNAME's password, asked for twice on the\n"
	"                      terminal (at least 10 characters)\n"
	"  --password-stdin    read the password from the first line of standard input\n"
	"  demo-passwords      give each user of the demo portfolio the password\n"
	"                      \"demo-\" followed by their role, and list them\n";

/* Hashing at the lowest cost is for tests only (FOLIO_TEST_FAST_HASH=1). */
static int
fast_hash(void)
{
	const char *s = getenv("FOLIO_TEST_FAST_HASH");

	return s && strcmp(s, "1") == 0;
}

/* Read one line from f into sb without its line ending. */
static int
read_line(FILE *f, struct strbuf *sb)
{
	int c;

	strbuf_reset(sb);
	while ((c = fgetc(f)) != EOF && c != '\n')
		if (strbuf_addch(sb, c) < 0)
			return -1;
	if (sb->len && sb->buf[sb->len - 1] == '\r')
		strbuf_setlen(sb, sb->len - 1);
	return c == EOF && sb->len == 0 ? -1 : 0;
}

/* Ask on the terminal without echo. */
static int
ask(const char *prompt, struct strbuf *sb)
{
	struct termios old, quiet;
	int ret;

	fputs(prompt, stderr);
	fflush(stderr);
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	ret = read_line(stdin, sb);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return ret;
}

static int
set_password(struct cli *cli, const char *username, const char *password,
	     struct error *err)
{
	char *hash = NULL;
	int ret;

	if (web_password_hash(password, fast_hash(), &hash, err) < 0)
		return -1;
	store_set_actor(cli->st, "cli");
	ret = store_credential_set(cli->st, cli->org, username, hash, err);
	/* whoever held the old password is signed out of the web */
	if (ret == 0)
		ret = store_session_end_user(cli->st, cli->org, username, NULL, err);
	free(hash);
	return ret;
}

static int
user_passwd(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "password-stdin", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct strbuf pw = STRBUF_INIT, again = STRBUF_INIT;
	struct error err = ERROR_INIT;
	int c, from_stdin = 0, ret = 1;

	pw.max = again.max = WEB_PASSWORD_MAX * 4;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			from_stdin = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return cli_usage(cli, usage, NULL);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(cli, usage, "user passwd takes one USERNAME");
	if (from_stdin) {
		if (read_line(stdin, &pw) < 0) {
			error_set(&err, ERR_INPUT, "no password on standard input");
			ret = cli_fail(cli, &err);
			goto out;
		}
	} else if (isatty(STDIN_FILENO)) {
		if (ask("New password: ", &pw) < 0 || ask("Again: ", &again) < 0) {
			error_set(&err, ERR_INPUT, "no password given");
			ret = cli_fail(cli, &err);
			goto out;
		}
		if (strcmp(pw.buf, again.buf) != 0) {
			error_set(&err, ERR_INPUT, "the two passwords are not the same");
			ret = cli_fail(cli, &err);
			goto out;
		}
	} else {
		ret = cli_usage(cli, usage, "standard input is not a terminal: use --password-stdin");
		goto out;
	}
	if (set_password(cli, argv[optind], pw.buf, &err) < 0) {
		ret = cli_fail(cli, &err);
		goto out;
	}
	fprintf(cli->out, "Password set for %s.\n", argv[optind]);
	ret = 0;
out:
	if (pw.alloc)
		memset(pw.buf, 0, pw.len);
	if (again.alloc)
		memset(again.buf, 0, again.len);
	strbuf_release(&pw);
	strbuf_release(&again);
	return ret;
}

static int
user_demo_passwords(struct cli *cli, int argc, char **argv)
{
	struct error err = ERROR_INIT;
	struct dataset ds;
	const struct organisation *org;
	int ret = 1;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc != 1)
		return cli_usage(cli, usage, "user demo-passwords takes no arguments");
	if (cli_load(cli, &ds, &err) < 0) {
		ret = cli_fail(cli, &err);
		goto out;
	}
	org = dataset_org(&ds);
	if (org == NULL || strcmp(org->code, DEMO_ORG) != 0 || org->name == NULL ||
	    strcmp(org->name, DEMO_ORG_NAME) != 0) {
		error_set(&err, ERR_DENIED,
			  "demo passwords are only for the demo portfolio (%s, loaded by 'folio demo'); "
			  "use 'folio user passwd' for %s", DEMO_ORG, cli->org);
		ret = cli_fail(cli, &err);
		goto out;
	}
	fprintf(cli->out, "%-16s %-20s %-20s %s\n", "USERNAME", "ROLE", "CLEARANCE", "PASSWORD");
	DS_FOREACH(&ds, K_USER, struct user, u) {
		char password[64];

		if (!u->active)
			continue;
		snprintf(password, sizeof(password), "demo-%s", u->role);
		if (set_password(cli, u->username, password, &err) < 0) {
			ret = cli_fail(cli, &err);
			goto out;
		}
		fprintf(cli->out, "%-16s %-20s %-20s %s\n", u->username, u->role,
			u->clearance, password);
	}
	ret = 0;
out:
	dataset_release(&ds);
	return ret;
}

int
cmd_user(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(cli, usage, "user needs passwd or demo-passwords");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (strcmp(argv[1], "passwd") == 0) {
		argv[1] = (char *)"folio user passwd";	/* named in getopt's messages */
		return user_passwd(cli, argc - 1, argv + 1);
	}
	if (strcmp(argv[1], "demo-passwords") == 0)
		return user_demo_passwords(cli, argc - 1, argv + 1);
	return cli_usage(cli, usage, "unknown user command '%s'", argv[1]);
}
