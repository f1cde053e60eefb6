/*
 * cmd-serve.c - `folio serve`: run the web application (src/web/) on an
 * address until SIGINT or SIGTERM.
 *
 * The signals are blocked before the server's threads start, so they
 * inherit the mask and only this thread, waiting in sigwait(), receives
 * them: stopping is an orderly web_stop(), never a handler interrupting
 * a request.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/error.h"
#include "web/web.h"

static const char usage[] =
	"usage: folio [--db PATH] [--org CODE] serve [--listen ADDRESS:PORT]\n"
	"                 [--threads N] [--secure-cookies] [--log FILE]\n"
	"                 [--max-body BYTES] [--max-upload BYTES] [--timeout SECONDS]\n"
	"\n"
	"Serve the organisation's pages and JSON API over HTTP until interrupted\n"
	"(Ctrl-C or SIGTERM). See docs/web.md and docs/api.md.\n"
	"\n"
	"  --listen A:P        address and port (default 127.0.0.1:8080; port 0 picks\n"
	"                      a free one; [::1]:8080 for IPv6)\n"
	"  --threads N         worker threads (default: one per CPU)\n"
	"  --secure-cookies    mark cookies Secure: use behind a TLS proxy\n"
	"  --log FILE          a line per request to FILE (\"-\": standard error)\n"
	"  --max-body BYTES    largest request body accepted (default 65536)\n"
	"  --max-upload BYTES  largest return file accepted (default 1048576)\n"
	"  --timeout SECONDS   close connections idle this long (default 15)\n";

static int
parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

int
cmd_serve(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "secure-cookies", no_argument, NULL, 's' },
		{ "log", required_argument, NULL, 'L' },
		{ "max-body", required_argument, NULL, 'b' },
		{ "max-upload", required_argument, NULL, 'u' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct web_config cfg;
	struct error err = ERROR_INIT;
	struct web *w = NULL;
	const char *log_path = NULL;
	FILE *log = NULL;
	sigset_t set;
	unsigned long v;
	int c, sig = 0, ret = 1;

	web_config_init(&cfg);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			cfg.listen = optarg;
			break;
		case 't':
			if (parse_uint(optarg, 64, &v) < 0 || v == 0)
				return cli_usage(cli, usage, "--threads wants 1 to 64");
			cfg.threads = (unsigned)v;
			break;
		case 's':
			cfg.secure_cookies = 1;
			break;
		case 'L':
			log_path = optarg;
			break;
		case 'b':
			if (parse_uint(optarg, 256UL << 20, &v) < 0 || v < 1024)
				return cli_usage(cli, usage, "--max-body wants 1024 to 268435456 bytes");
			cfg.max_body = v;
			break;
		case 'u':
			if (parse_uint(optarg, 256UL << 20, &v) < 0 || v < 1024)
				return cli_usage(cli, usage, "--max-upload wants 1024 to 268435456 bytes");
			cfg.max_upload = v;
			break;
		case 'T':
			if (parse_uint(optarg, 3600, &v) < 0 || v == 0)
				return cli_usage(cli, usage, "--timeout wants 1 to 3600 seconds");
			cfg.timeout = (unsigned)v;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return cli_usage(cli, usage, NULL);
		}
	}
	if (optind != argc)
		return cli_usage(cli, usage, "serve takes no arguments");
	if (log_path) {
		log = strcmp(log_path, "-") == 0 ? stderr : fopen(log_path, "a");
		if (log == NULL) {
			error_set(&err, ERR_IO, "cannot open %s: %s", log_path, strerror(errno));
			return cli_fail(cli, &err);
		}
		cfg.log = log;
	}
	cfg.db = cli->db;
	cfg.org = cli->org;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	signal(SIGPIPE, SIG_IGN);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0) {
		error_set(&err, ERR_INTERNAL, "cannot block signals");
		ret = cli_fail(cli, &err);
		goto out;
	}
	if (web_start(&cfg, &w, &err) < 0) {
		ret = err.code == ERR_USAGE ? cli_usage(cli, usage, "%s", err.msg)
					    : cli_fail(cli, &err);
		goto out;
	}
	{
		const char *colon = strrchr(cfg.listen, ':');
		int hl = colon ? (int)(colon - cfg.listen) : (int)strlen(cfg.listen);

		fprintf(cli->out, "folio: serving %s at http://%.*s:%u/ (Ctrl-C stops)\n",
			cli->org, hl, cfg.listen, web_port(w));
	}
	fflush(cli->out);
	if (sigwait(&set, &sig) != 0)
		sig = 0;
	fprintf(stderr, "folio: %s, stopping\n", sig == SIGINT ? "interrupted" : "terminated");
	web_stop(w);
	ret = 0;
out:
	if (log && log != stderr)
		fclose(log);
	return ret;
}
