/*
 * cmd-schedule.c - `folio schedule` and its first action, `folio schedule
 * cpm` (simulate is in cmd-simulate.c, impact in cmd-impact.c): the
 * critical path of a schedule network from a file (MS Project XML,
 * activity CSV, JSON network) or from the database (one programme, or the
 * whole portfolio), as a table, CSV or JSON.
 */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cycle-cli.h"
#include "core/csvout.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "model/dataset.h"
#include "sched/calendar.h"
#include "sched/cpm.h"
#include "sched/input.h"
#include "sched/network.h"
#include "store/store.h"

static const char usage[] =
	"usage: folio schedule cpm [FILE] [--format table|csv|json] [--start DATE]\n"
	"                          [--calendar NAME] [--programme CODE] [--out FILE]\n"
	"\n"
	"Schedule a network by the critical path method: early and late start and\n"
	"finish, total and free float, the critical activities and the critical\n"
	"path(s).\n"
	"\n"
	"FILE is Microsoft Project XML (.xml), an activity CSV (id,duration_days,\n"
	"predecessors) or a JSON network; without FILE the network is the\n"
	"organisation's activities and dependencies in the database (--db, --org).\n"
	"\n"
	"  --format F        table (default), csv or json\n"
	"  --start DATE      project start, YYYY-MM-DD or YYYY-MM-DDTHH:MM (default:\n"
	"                    the file's own; for CSV, today)\n"
	"  --calendar NAME   project calendar: england-and-wales (default), weekdays,\n"
	"                    standard (MS Project's), or days (calendar days, 24x7)\n"
	"  --programme CODE  from the database: one programme and what it depends on\n"
	"  --out FILE        write there instead of standard output\n"
	"\n"
	"Durations and lags in CSV and JSON files are days of their calendar. Times\n"
	"are local clock times; a finish is the instant work ends (17:00 on working\n"
	"days, midnight on the days calendar). Float is in working days.\n"
	"\n"
	"Examples:\n"
	"  folio schedule cpm plan.xml\n"
	"  folio schedule cpm net.csv --calendar days --start 2025-01-06 --format csv\n"
	"  folio --db var/folio.db schedule cpm --programme SLP\n";

enum format { FMT_TABLE, FMT_CSV, FMT_JSON };

static void
when(int64_t t, char *buf, int table)
{
	/* A network's dates fall on a few hundred days, written tens of
	   thousands of times: the last instant formatted per slot of a small
	   table is kept (the CLI runs this on one thread). */
	static struct {
		int64_t t;
		char text[SCHED_INSTANT_LEN];
	} memo[512];
	size_t k = (size_t)((uint64_t)t * 0x9e3779b97f4a7c15ULL >> 55);

	if (memo[k].text[0] != '\0' && memo[k].t == t) {
		memcpy(buf, memo[k].text, SCHED_INSTANT_LEN);
	} else {
		sched_instant_format(t, buf);
		memo[k].t = t;
		memcpy(memo[k].text, buf, SCHED_INSTANT_LEN);
	}
	if (table && buf[0]) {
		buf[10] = ' ';
		buf[16] = '\0';	/* minutes are enough to read */
	}
}

static double
days_of(const struct sched_network *net, size_t i, int64_t secs)
{
	const struct sched_calendar *c = net->cal[net->act[i].cal];
	int64_t day = sched_calendar_day_seconds(c);

	return day > 0 ? (double)secs / (double)day : 0;
}

static const char *
kind_name(enum sched_kind k)
{
	return k == SCHED_MILESTONE ? "milestone" : k == SCHED_SUMMARY ? "summary" : "task";
}

/*
 * ord[0..n) = the activities in schedule order: by early start, then as
 * given. A stable radix sort on the start (its bits, sign flipped, a byte
 * a pass, passes where every start shares the byte skipped): a 5,000
 * activity network was a tenth of a millisecond in qsort's comparisons.
 */
static void
schedule_order(const int64_t *es, size_t n, size_t *ord)
{
	size_t *tmp = xmalloc((n ? n : 1) * sizeof(*tmp)), *from = ord, *to = tmp;

	for (size_t i = 0; i < n; i++)
		ord[i] = i;
	for (int shift = 0; shift < 64; shift += 8) {
		size_t count[257] = { 0 };

		for (size_t i = 0; i < n; i++)
			count[(((uint64_t)es[i] ^ (1ULL << 63)) >> shift & 0xff) + 1]++;
		if (n == 0 || count[(((uint64_t)es[0] ^ (1ULL << 63)) >> shift & 0xff) + 1] == n)
			continue;
		for (int b = 0; b < 256; b++)
			count[b + 1] += count[b];
		for (size_t i = 0; i < n; i++) {
			size_t a = from[i];

			to[count[((uint64_t)es[a] ^ (1ULL << 63)) >> shift & 0xff]++] = a;
		}
		from = to;
		to = to == tmp ? ord : tmp;
	}
	if (from != ord)
		memcpy(ord, from, n * sizeof(*ord));
	free(tmp);
}

/* Text for a table cell or a CSV field: no control characters. */
static void
clean(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++)
		strbuf_addch(sb, (unsigned char)*s < 0x20 ? ' ' : *s);
}

/* One CSV field (csvout_field()); none for a NULL. */
static void
csv_field(struct strbuf *sb, const char *s)
{
	if (s)
		csvout_field(sb, s);
}

static void
render_table(struct strbuf *sb, const struct sched_network *net,
	     const struct sched_result *res, const size_t *ord)
{
	char a[SCHED_INSTANT_LEN], b[SCHED_INSTANT_LEN], c[SCHED_INSTANT_LEN],
	     d[SCHED_INSTANT_LEN];
	size_t ncrit = 0, idw = 2;

	for (size_t k = 0; k < net->n; k++) {
		size_t l = strlen(net->act[k].id);

		if (l > idw)
			idw = l > 24 ? 24 : l;
		ncrit += res->critical[k];
	}
	when(res->project_start, a, 1);
	when(res->project_finish, b, 1);
	strbuf_addf(sb, "Project start %s, finish %s; %zu activit%s, %zu critical.\n\n",
		    a, b, net->n, net->n == 1 ? "y" : "ies", ncrit);
	strbuf_addf(sb, "%-*s  %-28s %8s  %-16s  %-16s  %-16s  %-16s  %8s %8s  %s\n",
		    (int)idw, "id", "name", "days", "early start", "early finish",
		    "late start", "late finish", "float", "free", "crit");
	for (size_t k = 0; k < net->n; k++) {
		size_t i = ord[k];
		const struct sched_activity *act = &net->act[i];
		struct strbuf name = STRBUF_INIT;
		char nm[29];

		strbuf_init(&name, 32);
		clean(&name, act->name ? act->name : "");
		snprintf(nm, sizeof(nm), "%s", name.buf);
		strbuf_release(&name);
		when(res->es[i], a, 1);
		when(res->ef[i], b, 1);
		when(res->ls[i], c, 1);
		when(res->lf[i], d, 1);
		strbuf_addf(sb, "%-*.*s  %-28s %8.2f  %-16s  %-16s  %-16s  %-16s  %8.2f %8.2f  %s\n",
			    (int)idw, (int)idw, act->id, nm,
			    days_of(net, i, act->duration), a, b, c, d,
			    days_of(net, i, res->total_float[i]),
			    days_of(net, i, res->free_float[i]),
			    res->critical[i] ? "yes" : "");
	}
	for (size_t p = 0; p < res->npaths; p++) {
		strbuf_addf(sb, "\nCritical path %zu: ", p + 1);
		for (size_t k = res->path_off[p]; k < res->path_off[p + 1]; k++) {
			if (k > res->path_off[p])
				strbuf_addstr(sb, " -> ");
			clean(sb, net->act[res->path_act[k]].id);
		}
		strbuf_addch(sb, '\n');
	}
	if (res->paths_truncated)
		strbuf_addf(sb, "(only the first %zu critical path%s shown)\n", res->npaths,
			    res->npaths == 1 ? " is" : "s are");
}

/*
 * ",%.4g" of v, without printf for the usual case: whole numbers of days
 * below 10,000 print as integers (what %.4g prints for them); anything
 * else goes through printf. A network's CSV spent a third of its time in
 * printf's floating point before.
 */
static void
put_g4(struct strbuf *sb, double v)
{
	char buf[16], *p = buf + sizeof(buf);
	long n;

	if (!(v > -10000.0 && v < 10000.0) || v != (double)(long)v ||
	    (v == 0 && signbit(v))) {
		strbuf_addf(sb, ",%.4g", v);
		return;
	}
	n = (long)v;
	do {
		*--p = (char)('0' + labs(n % 10));
		n /= 10;
	} while (n != 0);
	if (v < 0)
		*--p = '-';
	*--p = ',';
	strbuf_add(sb, p, (size_t)(buf + sizeof(buf) - p));
}

/* Bytes of CSV made before they are written out (see render_csv()). */
#define CSV_CHUNK 65536

/*
 * The CSV, written to o a chunk at a time as it is made: a network's is
 * about 170 bytes an activity, and a buffer of it all was a few hundred
 * pages for the kernel to find and clear.
 */
static int
render_csv(struct strbuf *sb, struct cli_out *o, const struct sched_network *net,
	   const struct sched_result *res, const size_t *ord, struct error *err)
{
	strbuf_addstr(sb, "id,name,type,duration_days,early_start,early_finish,"
		      "late_start,late_finish,start,finish,total_float_days,"
		      "free_float_days,critical\n");
	for (size_t k = 0; k < net->n; k++) {
		size_t i = ord[k];
		const struct sched_activity *act = &net->act[i];
		const int64_t *t[6] = { res->es, res->ef, res->ls, res->lf,
					res->start, res->finish };
		char buf[6][SCHED_INSTANT_LEN];

		csv_field(sb, act->id);
		strbuf_addch(sb, ',');
		csv_field(sb, act->name ? act->name : "");
		strbuf_addch(sb, ',');
		strbuf_addstr(sb, kind_name(act->kind));
		put_g4(sb, days_of(net, i, act->duration));
		for (int j = 0; j < 6; j++) {
			/* start and finish are mostly the early dates again */
			if (j >= 4 && t[j][i] == t[j - 4][i])
				memcpy(buf[j], buf[j - 4], sizeof(buf[j]));
			else
				when(t[j][i], buf[j], 0);
			strbuf_addch(sb, ',');
			strbuf_addstr(sb, buf[j]);
		}
		put_g4(sb, days_of(net, i, res->total_float[i]));
		put_g4(sb, days_of(net, i, res->free_float[i]));
		strbuf_addstr(sb, res->critical[i] ? ",yes\n" : ",no\n");
		if (sb->len >= CSV_CHUNK && cli_out_put(o, sb, err) < 0)
			return -1;
	}
	return cli_out_put(o, sb, err);
}

static double
round4(double v)
{
	return round(v * 10000.0) / 10000.0;
}

static int
render_json(struct strbuf *sb, const struct sched_network *net,
	    const struct sched_result *res, const size_t *ord)
{
	json_t *root = json_object(), *acts = json_array(), *paths = json_array();
	char t[SCHED_INSTANT_LEN];
	char *text;

	when(res->project_start, t, 0);
	json_object_set_new(root, "start", json_string(t));
	when(res->project_finish, t, 0);
	json_object_set_new(root, "finish", json_string(t));
	for (size_t k = 0; k < net->n; k++) {
		size_t i = ord[k];
		const struct sched_activity *act = &net->act[i];
		json_t *o = json_object();

		json_object_set_new(o, "id", json_string(act->id));
		if (act->name)
			json_object_set_new(o, "name", json_string(act->name));
		json_object_set_new(o, "type", json_string(kind_name(act->kind)));
		json_object_set_new(o, "duration_days",
				    json_real(round4(days_of(net, i, act->duration))));
		when(res->es[i], t, 0);
		json_object_set_new(o, "early_start", json_string(t));
		when(res->ef[i], t, 0);
		json_object_set_new(o, "early_finish", json_string(t));
		when(res->ls[i], t, 0);
		json_object_set_new(o, "late_start", json_string(t));
		when(res->lf[i], t, 0);
		json_object_set_new(o, "late_finish", json_string(t));
		when(res->start[i], t, 0);
		json_object_set_new(o, "start", json_string(t));
		when(res->finish[i], t, 0);
		json_object_set_new(o, "finish", json_string(t));
		json_object_set_new(o, "total_float_days",
				    json_real(round4(days_of(net, i, res->total_float[i]))));
		json_object_set_new(o, "free_float_days",
				    json_real(round4(days_of(net, i, res->free_float[i]))));
		json_object_set_new(o, "critical", json_boolean(res->critical[i]));
		json_array_append_new(acts, o);
	}
	for (size_t p = 0; p < res->npaths; p++) {
		json_t *path = json_array();

		for (size_t k = res->path_off[p]; k < res->path_off[p + 1]; k++)
			json_array_append_new(path, json_string(net->act[res->path_act[k]].id));
		json_array_append_new(paths, path);
	}
	json_object_set_new(root, "activities", acts);
	json_object_set_new(root, "critical_paths", paths);
	json_object_set_new(root, "critical_paths_truncated",
			    json_boolean(res->paths_truncated));
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	json_decref(root);
	if (text == NULL)
		return -1;
	strbuf_addstr(sb, text);
	strbuf_addch(sb, '\n');
	free(text);
	return 0;
}

static int
cpm(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "start", required_argument, NULL, 's' },
		{ "calendar", required_argument, NULL, 'c' },
		{ "programme", required_argument, NULL, 'p' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sched_input_options opt = SCHED_INPUT_OPTIONS_INIT;
	struct sched_network net;
	struct sched_result res;
	struct error err = ERROR_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct dataset ds;
	enum format fmt = FMT_TABLE;
	const char *programme = NULL, *out = NULL;
	size_t *ord = NULL;
	int c, rc = 1, have_ds = 0, have_res = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "table") == 0)
				fmt = FMT_TABLE;
			else if (strcmp(optarg, "csv") == 0)
				fmt = FMT_CSV;
			else if (strcmp(optarg, "json") == 0)
				fmt = FMT_JSON;
			else
				return cli_usage(cli, usage, "schedule cpm: unknown format %s", optarg);
			break;
		case 's':
			if (sched_parse_when(optarg, 0, &opt.start) < 0)
				return cli_usage(cli, usage, "schedule cpm: --start %s is not a date",
						 optarg);
			break;
		case 'c':
			opt.calendar = optarg;
			break;
		case 'p':
			programme = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			fputs(usage, cli->out);
			return 0;
		case ':':
			return cli_usage(cli, usage, "schedule cpm: %s needs a value", argv[optind - 1]);
		default:
			return cli_usage(cli, usage, "schedule cpm: unknown option %s", argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		return cli_usage(cli, usage, "schedule cpm: one FILE at most");
	if (argc - optind == 1 && programme)
		return cli_usage(cli, usage, "schedule cpm: --programme is for the database, not a FILE");

	sched_network_init(&net);
	if (argc - optind == 1) {
		const char *path = argv[optind];
		size_t l = strlen(path);

		/* a CSV carries no start of its own: default to today */
		if (opt.start == SCHED_NONE && l > 4 && strcmp(path + l - 4, ".csv") == 0)
			opt.start = (int64_t)cycle_cli_today() * SCHED_DAY_SECONDS;
		if (sched_read_file(&net, path, &opt, NULL, &err) < 0)
			goto fail;
	} else {
		if (cli_load_org(cli, &ds, &err) < 0) {
			/* no --org among several: a usage error, as for other commands */
			if (err.code == ERR_USAGE) {
				cli_fail(cli, &err);
				rc = 2;
				goto done;
			}
			goto fail;
		}
		have_ds = 1;
		if (sched_network_from_dataset(&ds, programme, &opt, &net, &err) < 0)
			goto fail;
	}
	if (sched_network_finish(&net, &err) < 0 || sched_cpm(&net, &res, &err) < 0)
		goto fail;
	have_res = 1;
	ord = xmalloc((net.n ? net.n : 1) * sizeof(*ord));
	schedule_order(res.es, net.n, ord);
	if (fmt == FMT_CSV) {
		struct cli_out o;
		int r;

		strbuf_init(&sb, CSV_CHUNK + 4096);
		if (cli_out_open(cli, out, &o, &err) < 0)
			goto fail;
		r = render_csv(&sb, &o, &net, &res, ord, &err);
		if (cli_out_close(&o, r < 0 ? NULL : &err) < 0 || r < 0)
			goto fail;
		rc = 0;
		goto done;
	}
	strbuf_init(&sb, 4096 + net.n * 192);	/* a table row is about 150 bytes */
	if (fmt == FMT_TABLE)
		render_table(&sb, &net, &res, ord);
	else if (render_json(&sb, &net, &res, ord) < 0) {
		error_set(&err, ERR_INTERNAL, "cannot write JSON");
		goto fail;
	}
	if (cli_write_out(cli, out, sb.buf, sb.len, &err) < 0)
		goto fail;
	rc = 0;
	goto done;
fail:
	rc = cli_fail(cli, &err);
done:
	free(ord);
	strbuf_release(&sb);
	if (have_res)
		sched_result_release(&res);
	sched_network_release(&net);
	if (have_ds)
		dataset_release(&ds);
	return rc;
}

static const char schedule_usage[] =
	"usage: folio schedule cpm [FILE] [options]\n"
	"       folio schedule simulate [FILE] [options]\n"
	"       folio schedule impact MILESTONE --slip N[d|w|wd] [options]\n"
	"\n"
	"The schedule engine, on a file (MS Project XML, activity CSV, JSON\n"
	"network) or on the organisation's activities and dependencies in the\n"
	"database:\n"
	"\n"
	"  cpm       critical path: early and late dates, float, critical paths\n"
	"  simulate  Monte Carlo: P10-P90 dates, chance of meeting each baseline,\n"
	"            criticality, what drives the finish, delivery confidence\n"
	"  impact    knock-on: what moves, and what breaches, if a milestone slips\n"
	"\n"
	"`folio schedule ACTION --help` describes each. Exit status: 0 done, 1 a\n"
	"user error, 2 a usage error (simulate: 130 when stopped by Ctrl-C).\n";

int
cmd_schedule(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(cli, schedule_usage, "schedule: say what to do (cpm, simulate, impact)");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(schedule_usage, cli->out);
		return 0;
	}
	if (strcmp(argv[1], "cpm") == 0)
		return cpm(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "simulate") == 0)
		return cmd_schedule_simulate(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "impact") == 0)
		return cmd_schedule_impact(cli, argc - 1, argv + 1);
	return cli_usage(cli, schedule_usage, "schedule: unknown action %s", argv[1]);
}
