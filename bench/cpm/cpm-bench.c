/*
 * cpm-bench.c - time folio's CPM in process: reading and compiling a
 * network once, then the full CPM (both passes, float, critical paths)
 * and the forward pass alone, each repeated, in nanoseconds per activity.
 *
 * usage: cpm-bench FILE CALENDAR START [REPS]
 * Prints "name value unit" lines for bench/cpm/run to collect.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "sched/cpm.h"
#include "sched/input.h"
#include "sched/network.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int
main(int argc, char **argv)
{
	struct sched_input_options opt = SCHED_INPUT_OPTIONS_INIT;
	struct sched_network net;
	struct sched_result res;
	struct error err = ERROR_INIT;
	int reps = argc > 4 ? atoi(argv[4]) : 200;
	double t0, t1, t2, t3;
	int64_t *es, *ef, sink = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: cpm-bench FILE CALENDAR START [REPS]\n");
		return 2;
	}
	opt.calendar = argv[2];
	if (sched_parse_when(argv[3], 0, &opt.start) < 0) {
		fprintf(stderr, "bad start %s\n", argv[3]);
		return 2;
	}
	sched_network_init(&net);
	t0 = now();
	if (sched_read_file(&net, argv[1], &opt, NULL, &err) < 0) {
		fprintf(stderr, "%s: %s\n", argv[1], err.msg);
		return 1;
	}
	t1 = now();
	if (sched_network_finish(&net, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	t2 = now();
	printf("activities %zu\n", net.nleaf);
	printf("links %zu\n", net.nedges);
	printf("read_ms %.3f\n", (t1 - t0) * 1e3);
	printf("compile_ms %.3f\n", (t2 - t1) * 1e3);

	t0 = now();
	for (int r = 0; r < reps; r++) {
		if (sched_cpm(&net, &res, &err) < 0)
			return 1;
		sink += res.project_finish;
		sched_result_release(&res);
	}
	t1 = now();
	printf("cpm_ms %.4f\n", (t1 - t0) * 1e3 / reps);
	printf("cpm_ns_per_activity %.1f\n", (t1 - t0) * 1e9 / reps / (double)net.nleaf);

	es = xmalloc(net.nleaf * sizeof(*es));
	ef = xmalloc(net.nleaf * sizeof(*ef));
	reps *= 10;
	t2 = now();
	for (int r = 0; r < reps; r++)
		sink += sched_forward(&net, NULL, es, ef);
	t3 = now();
	printf("forward_ms %.4f\n", (t3 - t2) * 1e3 / reps);
	printf("forward_ns_per_activity %.2f\n", (t3 - t2) * 1e9 / reps / (double)net.nleaf);
	fprintf(stderr, "(checksum %lld)\n", (long long)(sink & 0xffff));
	free(es);
	free(ef);
	sched_network_release(&net);
	return 0;
}
