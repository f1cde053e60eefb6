/*
 * cmd-audit.c - `folio audit`: check the audit log's hash chain, and show
 * who changed what.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cycle-cli.h"
#include "cli/table.h"
#include "core/date.h"
#include "core/error.h"
#include "cycle/cycle.h"
#include "model/audit.h"
#include "model/schema.h"
#include "store/store.h"

static const char usage[] =
	"usage: folio [--db PATH] audit verify [--head SEQ:HASH]\n"
	"       folio [--db PATH] [--org CODE] audit log [--entity KIND] [--key KEY]\n"
	"                 [--since DATE] [--actor NAME]\n"
	"\n"
	"verify recomputes the hash of every audit entry and checks that each\n"
	"names the one before: an entry edited, removed or reordered behind\n"
	"folio's back is named (exit status 1). It then prints the head (the\n"
	"last entry's seq and hash): kept somewhere else and given back with\n"
	"--head, it shows entries removed from the end of the log too, which\n"
	"the chain alone cannot (exit status 1).\n"
	"log shows the entries as a table, oldest first, filtered by organisation\n"
	"(--org), kind of record, record key, first day, or who made the change.\n"
	"\n"
	"  --head SEQ:HASH  a head printed by an earlier verify\n"
	"  --entity KIND   e.g. programme, milestone, return, period, user\n"
	"  --key KEY       the record's key as the log shows it (SLP, SLP/2018-04/1)\n"
	"  --since DATE    entries on or after DATE (YYYY-MM-DD or DD/MM/YYYY)\n"
	"  --actor NAME    entries made by NAME\n";

/* The entry of a given seq (or the last one, seq 0): its seq and hash. */
struct head {
	int64_t want;
	int64_t seq;
	unsigned char hash[AUDIT_HASH_LEN];
};

static int
head_entry(const struct audit_entry *e, void *ctx)
{
	struct head *h = ctx;

	if (h->want && e->seq != h->want)
		return 0;
	h->seq = e->seq;
	memcpy(h->hash, e->hash, AUDIT_HASH_LEN);
	return h->want ? 1 : 0;
}

/* "SEQ:HASH" as printed by verify; 0, or -1 when it is not one. */
static int
parse_head(const char *s, struct head *h)
{
	char *end;
	long long seq;

	memset(h, 0, sizeof(*h));
	seq = strtoll(s, &end, 10);
	if (end == s || *end != ':' || seq < 1 || audit_unhex(end + 1, h->hash) < 0)
		return -1;
	h->want = seq;
	return 0;
}

/*
 * The chain (cycle_audit_verify), then the head: the chain alone cannot
 * tell a log whose last entries were deleted from one that ended there,
 * so verify prints the head for keeping elsewhere, and --head checks
 * that the entry it names is still there with the same hash.
 */
static int
audit_verify(struct cli *cli, const char *recorded)
{
	struct error err = ERROR_INIT;
	struct cycle_verify v;
	struct head want, last;
	char hex[2 * AUDIT_HASH_LEN + 1];

	if (recorded && parse_head(recorded, &want) < 0)
		return cli_usage(cli, usage, "--head: '%s' is not SEQ:HASH as verify prints it",
				 recorded);
	if (cycle_audit_verify(cli->st, &v, &err) < 0)
		return cli_fail(cli, &err);
	if (v.bad_seq) {
		fprintf(stderr, "folio: audit entry %lld does not verify: %s\n",
			(long long)v.bad_seq, v.why);
		fprintf(stderr, "folio: entry %lld reads: %s\n", (long long)v.bad_seq, v.what);
		fprintf(stderr, "folio: %lld entr%s before it verified\n",
			(long long)v.entries, v.entries == 1 ? "y" : "ies");
		return 1;
	}
	memset(&last, 0, sizeof(last));
	if (v.entries && store_audit_each(cli->st, v.entries, head_entry, &last, &err) < 0)
		return cli_fail(cli, &err);
	if (recorded) {
		struct head got = want;

		got.seq = 0;
		if (want.want > v.entries) {
			fprintf(stderr, "folio: the audit log ends at entry %lld, but its head was "
				"recorded at entry %lld: entries were removed from its end\n",
				(long long)v.entries, (long long)want.want);
			return 1;
		}
		if (store_audit_each(cli->st, want.want, head_entry, &got, &err) < 0)
			return cli_fail(cli, &err);
		if (got.seq != want.want || memcmp(got.hash, want.hash, AUDIT_HASH_LEN) != 0) {
			fprintf(stderr, "folio: audit entry %lld is not the one recorded as the "
				"head (its hash is %s): the log was rewritten from there on\n",
				(long long)want.want, audit_hex(got.hash, hex));
			return 1;
		}
	}
	fprintf(cli->out, "%lld entr%s verified\n", (long long)v.entries,
		v.entries == 1 ? "y" : "ies");
	if (last.seq)
		fprintf(cli->out, "head: %lld:%s\n", (long long)last.seq, audit_hex(last.hash, hex));
	return 0;
}

struct log_filter {
	const char *org;
	const char *entity;
	const char *key;
	const char *actor;
	char since[11];		/* "YYYY-MM-DD" or "" */
	struct text_table *t;
	size_t shown;
};

static int
same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static int
log_entry(const struct audit_entry *e, void *ctx)
{
	struct log_filter *f = ctx;
	char seq[24], cell[400], change[900], a[300], b[300];

	if (f->org && !same(e->org, f->org))
		return 0;
	if (f->entity && !same(e->entity, f->entity))
		return 0;
	if (f->key && !same(e->key, f->key))
		return 0;
	if (f->actor && !same(e->actor, f->actor))
		return 0;
	if (f->since[0] && (e->at == NULL || strncmp(e->at, f->since, 10) < 0))
		return 0;
	snprintf(seq, sizeof(seq), "%lld", (long long)e->seq);
	text_table_add(f->t, seq);
	text_table_add(f->t, e->at);
	text_table_add(f->t, cycle_cli_cell(e->actor, cell, sizeof(cell)));
	text_table_add(f->t, e->entity);
	text_table_add(f->t, cycle_cli_cell(e->key, cell, sizeof(cell)));
	text_table_add(f->t, e->action);
	text_table_add(f->t, e->field ? e->field : "");
	if (strcmp(e->action, "update") == 0)
		snprintf(change, sizeof(change), "%s \u2192 %s",
			 e->old_value ? cycle_cli_cell(e->old_value, a, sizeof(a)) : "(none)",
			 e->new_value ? cycle_cli_cell(e->new_value, b, sizeof(b)) : "(none)");
	else
		snprintf(change, sizeof(change), "%s",
			 cycle_cli_cell(e->new_value ? e->new_value : e->old_value,
					a, sizeof(a)));
	text_table_add(f->t, change);
	f->shown++;
	return 0;
}

static int
audit_log(struct cli *cli, struct log_filter *f)
{
	struct error err = ERROR_INIT;
	struct text_table t;
	static const char *const head[] = { "seq", "at", "actor", "entity",
		"key", "action", "field", "change" };

	text_table_init(&t, 8);
	for (size_t i = 0; i < 8; i++)
		text_table_add(&t, head[i]);
	f->t = &t;
	if (store_audit_each(cli->st, 1, log_entry, f, &err) < 0) {
		text_table_release(&t);
		return cli_fail(cli, &err);
	}
	if (f->shown)
		text_table_print(&t, cli->out, 48);
	else
		fputs("No audit entries match.\n", cli->out);
	text_table_release(&t);
	return 0;
}

int
cmd_audit(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "entity", required_argument, NULL, 'e' },
		{ "key", required_argument, NULL, 'k' },
		{ "since", required_argument, NULL, 's' },
		{ "actor", required_argument, NULL, 'a' },
		{ "head", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct log_filter f;
	const char *since = NULL, *head = NULL;
	int c, filtered = 0;

	memset(&f, 0, sizeof(f));
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'e': {
			const struct entity *e = entity_by_name(optarg);

			/* "period" and "user" entries are made beside records too */
			if (e == NULL)
				return cli_usage(cli, usage, "--entity: '%s' is not a kind of record",
						 optarg);
			f.entity = e->name;
			filtered = 1;
			break;
		}
		case 'k':
			f.key = optarg;
			filtered = 1;
			break;
		case 's':
			since = optarg;
			filtered = 1;
			break;
		case 'a':
			f.actor = optarg;
			filtered = 1;
			break;
		case 'H':
			head = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return cli_usage(cli, usage, NULL);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(cli, usage, "audit needs verify or log");
	if (strcmp(argv[optind], "verify") == 0) {
		if (filtered)
			return cli_usage(cli, usage, "audit verify checks the whole log: it takes no filters");
		return audit_verify(cli, head);
	}
	if (head)
		return cli_usage(cli, usage, "--head goes with audit verify");
	if (strcmp(argv[optind], "log") != 0)
		return cli_usage(cli, usage, "'%s' is not an audit command", argv[optind]);
	if (since) {
		int32_t d;

		if (date_parse(since, &d) < 0)
			return cli_usage(cli, usage, "--since: '%s' is not a date (YYYY-MM-DD or DD/MM/YYYY)", since);
		date_format(d, f.since);
	}
	f.org = cli->org;
	return audit_log(cli, &f);
}
