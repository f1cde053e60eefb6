/*
 * cmd-simulate.c - `folio schedule simulate`: Monte Carlo schedule risk
 * analysis of a network file or of the organisation's schedule in the
 * database: P10/P50/P80/P90 dates of the milestones and the finish, the
 * probability of meeting baseline and forecast, criticality, the
 * sensitivity tornado, and (from the database) each programme's
 * quantitative delivery confidence beside its judged rating.
 *
 * Ctrl-C stops the workers at their next block: what was done is
 * reported, marked partial, and the exit status is 130.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/rollup.h"
#include "cli/cli.h"
#include "cli/cycle-cli.h"
#include "cli/table.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "model/dataset.h"
#include "sched/calendar.h"
#include "sched/dca-quant.h"
#include "sched/input.h"
#include "sched/montecarlo.h"
#include "sched/network.h"
#include "store/store.h"

static const char usage[] =
	"usage: folio schedule simulate [FILE] [--programme CODE] [--iterations N]\n"
	"                [--seed S] [--threads T] [--distribution triangular|pert]\n"
	"                [--format table|csv|json] [--start DATE] [--calendar NAME]\n"
	"                [--top N] [--thresholds T1,T2,T3,T4] [--rule joint|weakest|mean]\n"
	"                [--as-at DATE] [--no-sensitivity] [--out FILE]\n"
	"\n"
	"Monte Carlo schedule risk analysis: sample every three-point estimate,\n"
	"add the risk events that strike, run the forward pass, repeat. Reports\n"
	"the P10, P50, P80 and P90 dates of each milestone and of the finish, the\n"
	"probability of meeting the baseline and the forecast, the criticality\n"
	"index and the activities and risks that drive the finish.\n"
	"\n"
	"FILE is an activity CSV (id,duration_days,predecessors with optimistic,\n"
	"likely, pessimistic, baseline and forecast columns) or a JSON network\n"
	"(activities with min/mode/max as gen_network.py writes them, \"risks\" and\n"
	"\"correlations\"; see docs/montecarlo.md). Without FILE the network is the\n"
	"organisation's schedule in the database, and each programme's delivery\n"
	"confidence is computed from its key baselined milestones.\n"
	"\n"
	"  --programme CODE    (also --db-programme) one programme and what it\n"
	"                      depends on, from the database\n"
	"  --iterations N      iterations (default 10000)\n"
	"  --seed S            random seed (default 42): the same seed gives the\n"
	"                      same answer whatever the number of threads\n"
	"  --threads T         worker threads (default: every core)\n"
	"  --distribution D    triangular (default) or pert (PERT-beta)\n"
	"  --format F          table (default), csv or json\n"
	"  --start DATE        project start (default: the file's, else today)\n"
	"  --calendar NAME     project calendar (default england-and-wales)\n"
	"  --top N             drivers shown in the tornado (default 10)\n"
	"  --thresholds LIST   probabilities for Green, Amber/Green, Amber and\n"
	"                      Amber/Red (default 0.8,0.6,0.4,0.2)\n"
	"  --rule R            joint (default: every key milestone met), weakest\n"
	"                      or mean of the milestones' probabilities\n"
	"  --as-at DATE        judged ratings as at this date (default today)\n"
	"  --no-sensitivity    skip the correlation tornado (criticality stays)\n"
	"  --out FILE          write there instead of standard output\n"
	"\n"
	"Exit status: 0 done, 1 a user error, 2 a usage error, 130 interrupted\n"
	"(the partial result is still written, marked partial).\n"
	"\n"
	"Examples:\n"
	"  folio schedule simulate net10k.json --iterations 10000 --seed 42\n"
	"  folio schedule simulate plan.csv --distribution pert --format json\n"
	"  folio --db var/folio.db schedule simulate --programme SLP\n";

enum format { FMT_TABLE, FMT_CSV, FMT_JSON };

static atomic_int stop_flag;

static void
on_sigint(int sig)
{
	(void)sig;
	atomic_store(&stop_flag, 1);
}

struct bar {
	int shown;
	int last;
};

static void
progress(void *ctx, size_t done, size_t total)
{
	struct bar *b = ctx;
	int pct = total ? (int)(done * 100 / total) : 100, fill = pct / 4;

	if (pct == b->last)
		return;
	b->last = pct;
	b->shown = 1;
	fprintf(stderr, "\r[%.*s%*s] %3d%% %zu/%zu", fill,
		"#########################", 25 - fill, "", pct, done, total);
	fflush(stderr);
}

/* The day a finish instant falls on (a finish at midnight ends the day before). */
static void
finish_day(int64_t t, char *buf)
{
	int64_t d;

	if (t == SCHED_NONE) {
		buf[0] = '\0';
		return;
	}
	t -= 1;
	d = t >= 0 ? t / SCHED_DAY_SECONDS : -((-t + SCHED_DAY_SECONDS - 1) / SCHED_DAY_SECONDS);
	date_format((int32_t)d, buf);
}

static void
plain_day(int64_t t, char *buf)
{
	int64_t d;

	if (t == SCHED_NONE) {
		buf[0] = '\0';
		return;
	}
	d = t >= 0 ? t / SCHED_DAY_SECONDS : -((-t + SCHED_DAY_SECONDS - 1) / SCHED_DAY_SECONDS);
	date_format((int32_t)d, buf);
}

/* A probability: "81.2%" in tables, "0.8123" in CSV, "-" or "" if none. */
static void
prob(double p, char *buf, size_t n, int table)
{
	if (isnan(p))
		snprintf(buf, n, "%s", table ? "-" : "");
	else if (table)
		snprintf(buf, n, "%.1f%%", 100 * p);
	else
		snprintf(buf, n, "%.4f", p);
}

static void
pct(double p, char *buf, size_t n)
{
	prob(p, buf, n, 1);
}

static const char *
driver_name(const struct mc_model *m, const struct mc_driver *d)
{
	return d->kind == MC_DRIVER_RISK ? m->risk[d->index].id : m->net->act[d->index].id;
}

static int
judged_rating(void *ctx, const struct dataset *ds, const char *programme)
{
	struct rating_at r;
	struct error err = ERROR_INIT;

	if (rating_programme_at(ds, programme, *(int32_t *)ctx, &r, &err) < 0)
		return 0;
	return rating_is_rated(r.rating) ? (int)r.rating : 0;
}

/* The rows of the dates table: the targets, then the finish. */
static void
dates_rows(struct text_table *t, const struct mc_result *res, int table)
{
	const char *hdr[] = { "milestone", "P10", "P50", "P80", "P90", "P50 days",
			      "baseline", "P(baseline)", "forecast", "P(forecast)",
			      "criticality" };
	char buf[64];

	for (size_t i = 0; i < sizeof(hdr) / sizeof(hdr[0]); i++)
		text_table_add(t, hdr[i]);
	for (size_t k = 0; k <= res->ntargets; k++) {
		const struct mc_dates *d = k < res->ntargets ? &res->targets[k] : &res->finish;

		text_table_add(t, d->name);
		for (int q = 0; q < MC_NQ; q++) {
			finish_day(d->at[q], buf);
			text_table_add(t, buf);
		}
		/* no iteration done (stopped at once): no figure, never "nan" */
		if (isnan(d->q[1]))
			snprintf(buf, sizeof(buf), "%s", table ? "-" : "");
		else
			snprintf(buf, sizeof(buf), table ? "%.1f" : "%.4f", d->q[1]);
		text_table_add(t, buf);
		plain_day(d->baseline, buf);
		text_table_add(t, buf);
		prob(d->p_baseline, buf, sizeof(buf), table);
		text_table_add(t, buf);
		plain_day(d->forecast, buf);
		text_table_add(t, buf);
		prob(d->p_forecast, buf, sizeof(buf), table);
		text_table_add(t, buf);
		prob(d->criticality, buf, sizeof(buf), table);
		text_table_add(t, buf);
	}
}

static void
tornado_rows(struct text_table *t, const struct mc_model *m,
	     const struct mc_result *res, size_t top)
{
	const char *hdr[] = { "driver", "kind", "correlation", "SSI", "criticality", "sd days" };
	char buf[64];

	for (size_t i = 0; i < sizeof(hdr) / sizeof(hdr[0]); i++)
		text_table_add(t, hdr[i]);
	for (size_t k = 0; k < res->ntornado && k < top; k++) {
		const struct mc_driver *d = &res->tornado[k];

		text_table_add(t, driver_name(m, d));
		text_table_add(t, d->kind == MC_DRIVER_RISK ? "risk" : "activity");
		snprintf(buf, sizeof(buf), isnan(d->correlation) ? "-" : "%+.3f", d->correlation);
		text_table_add(t, buf);
		snprintf(buf, sizeof(buf), isnan(d->ssi) ? "-" : "%.3f", d->ssi);
		text_table_add(t, buf);
		pct(d->criticality, buf, sizeof(buf));
		text_table_add(t, buf);
		snprintf(buf, sizeof(buf), "%.2f", d->sd);
		text_table_add(t, buf);
	}
}

static void
dca_rows(struct text_table *t, const struct mc_dca_programme *pg, size_t n,
	 const char *only)
{
	const char *hdr[] = { "programme", "milestones", "P(on time)", "quantitative",
			      "judged", "flag", "weakest", "P50 slip days" };
	char buf[64];

	for (size_t i = 0; i < sizeof(hdr) / sizeof(hdr[0]); i++)
		text_table_add(t, hdr[i]);
	for (size_t k = 0; k < n; k++) {
		if (only && strcmp(pg[k].programme, only) != 0)
			continue;
		text_table_add(t, pg[k].programme);
		snprintf(buf, sizeof(buf), "%zu", pg[k].nmilestones);
		text_table_add(t, buf);
		pct(pg[k].p, buf, sizeof(buf));
		text_table_add(t, buf);
		text_table_add(t, mc_dca_band_name(pg[k].band));
		text_table_add(t, mc_dca_band_name(pg[k].judged));
		text_table_add(t, pg[k].disagree ? "DISAGREES" : "");
		text_table_add(t, pg[k].weakest ? pg[k].weakest : "");
		if (pg[k].weakest)
			snprintf(buf, sizeof(buf), "%+ld", pg[k].p50_slip);
		else
			buf[0] = '\0';
		text_table_add(t, buf);
	}
}

static json_t *
jnum(double x)
{
	return isnan(x) ? json_null() : json_real(round(x * 1e6) / 1e6);
}

static json_t *
dates_json(const struct mc_dates *d)
{
	static const char *const qn[MC_NQ] = { "p10", "p50", "p80", "p90" };
	json_t *o = json_object(), *days = json_object(), *dates = json_object();
	char buf[16];

	json_object_set_new(o, "name", json_string(d->name));
	for (int q = 0; q < MC_NQ; q++) {
		json_object_set_new(days, qn[q], jnum(d->q[q]));
		finish_day(d->at[q], buf);
		json_object_set_new(dates, qn[q], json_string(buf));
	}
	json_object_set_new(o, "days", days);
	json_object_set_new(o, "dates", dates);
	json_object_set_new(o, "mean_days", jnum(d->mean));
	json_object_set_new(o, "sd_days", jnum(d->sd));
	json_object_set_new(o, "deterministic_days", jnum(d->deterministic));
	if (d->baseline != SCHED_NONE) {
		plain_day(d->baseline, buf);
		json_object_set_new(o, "baseline", json_string(buf));
		json_object_set_new(o, "p_baseline", jnum(d->p_baseline));
	}
	if (d->forecast != SCHED_NONE) {
		plain_day(d->forecast, buf);
		json_object_set_new(o, "forecast", json_string(buf));
		json_object_set_new(o, "p_forecast", jnum(d->p_forecast));
	}
	json_object_set_new(o, "criticality", jnum(d->criticality));
	return o;
}

static char *
render_json(const struct mc_model *m, const struct mc_result *res,
	    const struct mc_options *opt, size_t top,
	    const struct mc_dca_report *rep, const struct mc_dca_config *cfg,
	    const char *only)
{
	json_t *root = json_object(), *arr = json_array(), *tor = json_array();
	char buf[16], *text;

	json_object_set_new(root, "iterations", json_integer((json_int_t)res->iterations));
	json_object_set_new(root, "requested", json_integer((json_int_t)res->requested));
	json_object_set_new(root, "partial", json_boolean(res->partial));
	json_object_set_new(root, "seed", json_integer((json_int_t)opt->seed));
	json_object_set_new(root, "distribution", json_string(mc_dist_name(opt->dist)));
	json_object_set_new(root, "threads", json_integer(res->threads));
	json_object_set_new(root, "seconds", json_real(round(res->seconds * 1e4) / 1e4));
	json_object_set_new(root, "activities", json_integer((json_int_t)m->net->nleaf));
	json_object_set_new(root, "one_calendar", json_boolean(res->fast));
	plain_day(res->start, buf);
	json_object_set_new(root, "start", json_string(buf));
	json_object_set_new(root, "finish", dates_json(&res->finish));
	for (size_t k = 0; k < res->ntargets; k++)
		json_array_append_new(arr, dates_json(&res->targets[k]));
	json_object_set_new(root, "milestones", arr);
	for (size_t k = 0; k < res->ntornado && k < top; k++) {
		const struct mc_driver *d = &res->tornado[k];
		json_t *o = json_object();

		json_object_set_new(o, "id", json_string(driver_name(m, d)));
		json_object_set_new(o, "kind", json_string(d->kind == MC_DRIVER_RISK ? "risk" : "activity"));
		json_object_set_new(o, "correlation", jnum(d->correlation));
		json_object_set_new(o, "ssi", jnum(d->ssi));
		json_object_set_new(o, "criticality", jnum(d->criticality));
		json_object_set_new(o, "sd_days", jnum(d->sd));
		json_array_append_new(tor, o);
	}
	json_object_set_new(root, "tornado", tor);
	if (rep) {
		json_t *progs = json_array();

		for (size_t k = 0; k < rep->nprog; k++) {
			const struct mc_dca_programme *pg = &rep->prog[k];
			json_t *o = json_object();

			if (only && strcmp(pg->programme, only) != 0)
				continue;
			json_object_set_new(o, "programme", json_string(pg->programme));
			json_object_set_new(o, "milestones", json_integer((json_int_t)pg->nmilestones));
			json_object_set_new(o, "p", jnum(pg->p));
			json_object_set_new(o, "p_joint", jnum(pg->p_joint));
			json_object_set_new(o, "p_weakest", jnum(pg->p_weakest));
			json_object_set_new(o, "p_mean", jnum(pg->p_mean));
			json_object_set_new(o, "quantitative", pg->band ? json_string(mc_dca_band_name(pg->band)) : json_null());
			json_object_set_new(o, "judged", pg->judged ? json_string(mc_dca_band_name(pg->judged)) : json_null());
			json_object_set_new(o, "disagrees", json_boolean(pg->disagree));
			if (pg->weakest) {
				json_object_set_new(o, "weakest", json_string(pg->weakest));
				json_object_set_new(o, "p50_slip_days", json_integer(pg->p50_slip));
			}
			json_array_append_new(progs, o);
		}
		json_object_set_new(root, "delivery_confidence", progs);
		json_object_set_new(root, "rule", json_string(mc_dca_rule_name(cfg->rule)));
		arr = json_array();
		for (int i = 0; i < 4; i++)
			json_array_append_new(arr, json_real(cfg->threshold[i]));
		json_object_set_new(root, "thresholds", arr);
	}
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	json_decref(root);
	return text;
}

int
cmd_schedule_simulate(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "iterations", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "threads", required_argument, NULL, 't' },
		{ "distribution", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "start", required_argument, NULL, 'S' },
		{ "calendar", required_argument, NULL, 'c' },
		{ "programme", required_argument, NULL, 'p' },
		{ "db-programme", required_argument, NULL, 'p' },
		{ "top", required_argument, NULL, 'T' },
		{ "thresholds", required_argument, NULL, 'H' },
		{ "rule", required_argument, NULL, 'r' },
		{ "as-at", required_argument, NULL, 'a' },
		{ "no-sensitivity", no_argument, NULL, 'N' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sched_input_options in = SCHED_INPUT_OPTIONS_INIT;
	struct mc_options opt = MC_OPTIONS_INIT;
	struct mc_dca_config cfg = MC_DCA_CONFIG_INIT;
	struct mc_dca_report rep;
	struct sched_network net;
	struct mc_model model;
	struct mc_result res;
	struct error err = ERROR_INIT;
	struct dataset ds;
	struct bar bar = { 0, -1 };
	struct sigaction sa, old_sa;
	const char *programme = NULL, *out = NULL, *file = NULL;
	enum format fmt = FMT_TABLE;
	size_t top = 10;
	int32_t as_at = cycle_cli_today();	/* FOLIO_NOW, as the other commands */
	int c, rc = 1, have_ds = 0, have_net = 0, have_model = 0, have_res = 0, sig = 0;
	char *end, *text = NULL;
	const struct mc_model *mm;
	const struct mc_result *rr;

	memset(&rep, 0, sizeof(rep));
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			opt.iterations = (size_t)strtoull(optarg, &end, 10);
			if (*end || opt.iterations == 0 || opt.iterations > 100000000 || *optarg == '-')
				return cli_usage(cli, usage, "schedule simulate: --iterations %s is not a count from 1 to 100,000,000", optarg);
			break;
		case 's':
			opt.seed = strtoull(optarg, &end, 0);
			if (*end || *optarg == '\0' || *optarg == '-')
				return cli_usage(cli, usage, "schedule simulate: --seed %s is not a number", optarg);
			break;
		case 't':
			opt.threads = (int)strtol(optarg, &end, 10);
			if (*end || opt.threads < 1 || opt.threads > 256)
				return cli_usage(cli, usage, "schedule simulate: --threads %s is not from 1 to 256", optarg);
			break;
		case 'd':
			if (mc_dist_parse(optarg) < 0)
				return cli_usage(cli, usage, "schedule simulate: unknown distribution %s", optarg);
			opt.dist = (enum mc_dist)mc_dist_parse(optarg);
			break;
		case 'f':
			if (strcmp(optarg, "table") == 0)
				fmt = FMT_TABLE;
			else if (strcmp(optarg, "csv") == 0)
				fmt = FMT_CSV;
			else if (strcmp(optarg, "json") == 0)
				fmt = FMT_JSON;
			else
				return cli_usage(cli, usage, "schedule simulate: unknown format %s", optarg);
			break;
		case 'S':
			if (sched_parse_when(optarg, 0, &in.start) < 0)
				return cli_usage(cli, usage, "schedule simulate: --start %s is not a date", optarg);
			break;
		case 'c':
			in.calendar = optarg;
			break;
		case 'p':
			programme = optarg;
			break;
		case 'T':
			top = (size_t)strtoul(optarg, &end, 10);
			if (*end || *optarg == '-')
				return cli_usage(cli, usage, "schedule simulate: --top %s is not a count", optarg);
			break;
		case 'H':
			if (mc_dca_parse_thresholds(&cfg, optarg, &err) < 0)
				return cli_usage(cli, usage, "schedule simulate: %s", err.msg);
			break;
		case 'r':
			if (mc_dca_parse_rule(optarg) < 0)
				return cli_usage(cli, usage, "schedule simulate: --rule %s is not joint, weakest or mean", optarg);
			cfg.rule = (enum mc_dca_rule)mc_dca_parse_rule(optarg);
			break;
		case 'a':
			if (date_parse(optarg, &as_at) < 0)
				return cli_usage(cli, usage, "schedule simulate: --as-at %s is not a date", optarg);
			break;
		case 'N':
			opt.sensitivity = 0;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			fputs(usage, cli->out);
			return 0;
		case ':':
			return cli_usage(cli, usage, "schedule simulate: %s needs a value", argv[optind - 1]);
		default:
			return cli_usage(cli, usage, "schedule simulate: unknown option %s", argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		return cli_usage(cli, usage, "schedule simulate: one FILE at most");
	if (argc - optind == 1)
		file = argv[optind];
	if (file && programme)
		return cli_usage(cli, usage, "schedule simulate: --programme is for the database, not a FILE");

	if (file) {
		struct mc_source *src = NULL;
		int r;

		/* one pass over the file: the network and the model's members */
		sched_network_init(&net);
		have_net = 1;
		r = mc_read_file(&net, file, &in, &src, &err);
		if (r == 0 && net.start == SCHED_NONE)
			net.start = (int64_t)cycle_cli_today() * SCHED_DAY_SECONDS;
		if (r == 0 && (r = sched_network_finish(&net, &err)) == 0) {
			mc_model_init(&model, &net);
			have_model = 1;
			r = mc_model_apply(&model, src, &err);
		}
		mc_source_free(src);
		if (r < 0)
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
		sched_network_init(&net);
		have_net = 1;
		if (sched_network_from_dataset(&ds, programme, &in, &net, &err) < 0 ||
		    sched_network_finish(&net, &err) < 0)
			goto fail;
		mc_model_init(&model, &net);
		have_model = 1;
		if (mc_model_from_dataset(&model, &ds, &err) < 0 ||
		    mc_model_risks_from_dataset(&model, &ds, NULL, &err) < 0)
			goto fail;
	}

	/* Ctrl-C: stop at the next block, report what was done */
	atomic_store(&stop_flag, 0);
	opt.stop = &stop_flag;
	if (cli->tty) {
		opt.progress = progress;
		opt.progress_ctx = &bar;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_sa);
	have_res = 1;
	rc = mc_run(&model, &opt, &res, &err);
	sigaction(SIGINT, &old_sa, NULL);
	sig = atomic_load(&stop_flag);
	if (bar.shown)
		fputs("\r\033[K", stderr);
	if (rc < 0)
		goto fail;
	if (have_ds && mc_dca_score(&ds, &model, &res, &cfg,
				    dataset_org(&ds) && dataset_org(&ds)->dca_scale &&
				    strcmp(dataset_org(&ds)->dca_scale, "three") == 0,
				    judged_rating, &as_at, &rep.prog, &rep.nprog, &err) < 0)
		goto fail;
	mm = &model;
	rr = &res;

	if (fmt == FMT_JSON) {
		struct strbuf sb = STRBUF_INIT;

		text = render_json(mm, rr, &opt, top, have_ds ? &rep : NULL, &cfg, programme);
		strbuf_init(&sb, 0);
		strbuf_addstr(&sb, text);
		strbuf_addch(&sb, '\n');
		rc = cli_write_out(cli, out, sb.buf, sb.len, &err);
		strbuf_release(&sb);
		if (rc < 0)
			goto fail;
	} else {
		struct text_table t;
		FILE *f = cli->out;

		if (out && strcmp(out, "-") != 0 && (f = fopen(out, "w")) == NULL) {
			error_at(&err, ERR_IO, out, "cannot write: %s", strerror(errno));
			goto fail;
		}
		if (fmt == FMT_TABLE) {
			char sd[16];

			plain_day(rr->start, sd);
			fprintf(f, "Monte Carlo: %zu iteration%s%s (seed %llu, %s, %d thread%s, %.2f s); "
				"%zu activit%s from %s%s\n\n",
				rr->iterations, rr->iterations == 1 ? "" : "s",
				rr->partial ? " - PARTIAL, interrupted" : "",
				(unsigned long long)opt.seed, mc_dist_name(opt.dist), rr->threads,
				rr->threads == 1 ? "" : "s", rr->seconds, net.nleaf,
				net.nleaf == 1 ? "y" : "ies", sd,
				rr->fast ? "" : " (several calendars)");
		}
		text_table_init(&t, 11);
		dates_rows(&t, rr, fmt == FMT_TABLE);
		if (fmt == FMT_TABLE)
			text_table_print(&t, f, 40);
		else
			text_table_csv(&t, f);
		text_table_release(&t);
		if (fmt == FMT_TABLE) {
			if (isnan(rr->finish.q[1]) || isnan(rr->finish.q[2]))
				fprintf(f, "\nDeterministic finish (most likely durations): %.1f working days; "
					"no iteration finished.\n", rr->finish.deterministic);
			else
				fprintf(f, "\nDeterministic finish (most likely durations): %.1f working days; "
					"P50 %.1f, P80 %.1f.\n", rr->finish.deterministic, rr->finish.q[1],
					rr->finish.q[2]);
			if (top && rr->ntornado) {
				fprintf(f, "\nWhat drives the finish (top %zu of %zu):\n",
					top < rr->ntornado ? top : rr->ntornado, rr->ntornado);
				text_table_init(&t, 6);
				tornado_rows(&t, mm, rr, top);
				text_table_print(&t, f, 40);
				text_table_release(&t);
			}
			if (have_ds) {
				fprintf(f, "\nDelivery confidence from the schedule (rule: %s; Green >= %g, "
					"Amber/Green >= %g, Amber >= %g, Amber/Red >= %g):\n",
					mc_dca_rule_name(cfg.rule), cfg.threshold[0], cfg.threshold[1],
					cfg.threshold[2], cfg.threshold[3]);
				text_table_init(&t, 8);
				dca_rows(&t, rep.prog, rep.nprog, programme);
				text_table_print(&t, f, 40);
				text_table_release(&t);
			}
		}
		if (f != cli->out && fclose(f) != 0) {
			error_at(&err, ERR_IO, out, "cannot write: %s", strerror(errno));
			goto fail;
		}
	}
	rc = rr->partial || sig ? 130 : 0;
	if (rc == 130)
		fprintf(stderr, "folio: interrupted: %zu of %zu iteration%s done (partial result)\n",
			rr->iterations, rr->requested, rr->requested == 1 ? "" : "s");
	goto done;
fail:
	rc = cli_fail(cli, &err);
done:
	free(text);
	free(rep.prog);
	if (have_res)
		mc_result_release(&res);
	if (have_model)
		mc_model_release(&model);
	if (have_net)
		sched_network_release(&net);
	if (have_ds)
		dataset_release(&ds);
	return rc;
}
