/*
 * test-mspdi.c - folio's schedule against the ones MS Project and
 * TaskJuggler computed, read in place from $FOLIO_SHARED/data.
 *
 * MS Project: every MSPDI file under data/mspdi that carries MS Project's
 * computed dates is read, scheduled, and compared task by task: start,
 * finish, early and late start and finish to the minute, total slack to
 * the minute of working time, and the critical flag. Where a value cannot
 * match, the table `known` below says which and why; those comparisons are
 * reported as TAP skips with the reason.
 *
 * TaskJuggler: every data/tj3 network (.network.csv) is scheduled on calendar days
 * from 2025-01-06 and its early start and finish compared with the
 * matching .expected.csv (whose finish is exclusive: a one-day task that
 * starts on the 6th finishes on the 7th).
 *
 * Also: the reader's defences (DOCTYPE and entities, size, nesting).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "sched/calendar.h"
#include "sched/cpm.h"
#include "sched/input.h"
#include "sched/network.h"

static const char *shared;

/*
 * Values MS Project stored that folio does not reproduce, with the reason.
 * file: path under data/mspdi; uid: task UID, or -1 for every task;
 * fields: the comparisons skipped, as field names separated by spaces
 * ("Start Finish EarlyStart EarlyFinish LateStart LateFinish TotalSlack
 * Critical"), or "late" for LateStart LateFinish TotalSlack, or "all".
 */
struct known {
	const char *file;
	int uid;
	const char *fields;
	const char *why;
};

#define RESOURCE_LATE "late dates and slack of resource-assigned tasks: " \
	"MS Project's late finishes for these unlinked tasks follow neither " \
	"the project finish nor any link (they differ task by task, some lie " \
	"past the project finish); they come from its scheduling of resource " \
	"assignments, which folio does not model"
#define CONTOURED "a contoured assignment (edited timephased work) sets the " \
	"finish; the task's Duration does not, and folio has only the duration"
#define SPLIT "a split task: MS Project's finish includes the gaps between " \
	"the pieces (timephased data); folio schedules an activity in one piece"
#define MULTI_CAL "work resources on two different calendars (Standard and " \
	"Night Shift): MS Project schedules each assignment on its own calendar " \
	"and the task ends with the last; folio puts an activity on one calendar " \
	"(this task, its successor and the summary are affected)"
#define STALE "stale late dates: MS Project's own Task 5, on the same calendar " \
	"with no links either, has the late finish the project finish gives " \
	"(23 April 17:00); tasks 1-4 keep 21 April 17:00, the project finish " \
	"before tasks 6-10 were added"

static const struct known known[] = {
	{ "mspdiduration.xml", 1, "late", STALE },
	{ "mspdiduration.xml", 2, "late", STALE },
	{ "mspdiduration.xml", 3, "late", STALE },
	{ "mspdiduration.xml", 4, "late", STALE },
	{ "mspdiresource.xml", 0, "all", MULTI_CAL },
	{ "mspdiresource.xml", 2, "all", MULTI_CAL },
	{ "mspdiresource.xml", 3, "all", MULTI_CAL },
	{ "mspdisplittask.xml", -1, "Finish EarlyFinish late", SPLIT },
	{ "mspditimephased.xml", -1, "late", RESOURCE_LATE },
	{ "mspditimephased.xml", 5, "Finish EarlyFinish", CONTOURED },
	{ "mspditimephased.xml", 6, "Finish EarlyFinish", CONTOURED },
	{ "mspditimephased.xml", 13, "Finish EarlyFinish", CONTOURED },
	{ "mspditimephased.xml", 14, "Finish EarlyFinish", CONTOURED },
	{ "mspditimephased.xml", 21, "Finish EarlyFinish", CONTOURED },
	{ "mspditimephased.xml", 22, "Finish EarlyFinish", CONTOURED },
	{ "mspditimephased.xml", 29, "Finish EarlyFinish", CONTOURED },
	{ "mspditimephased.xml", 30, "Finish EarlyFinish", CONTOURED },
	{ "mspditimephased.xml", 37, "Finish EarlyFinish", CONTOURED },
	{ "mspditimephased.xml", 38, "Finish EarlyFinish", CONTOURED },
	{ "mspditimephasedsegments.xml", -1, "late", RESOURCE_LATE },
	{ NULL, 0, NULL, NULL }
};

enum field { F_START, F_FINISH, F_ES, F_EF, F_LS, F_LF, F_TS, F_CRIT, F__N };
static const char *const field_names[F__N] = {
	"Start", "Finish", "EarlyStart", "EarlyFinish", "LateStart", "LateFinish",
	"TotalSlack", "Critical"
};

/* Is word w one of the space-separated words of list? */
static int
has_word(const char *list, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = list; *p;) {
		size_t k = strcspn(p, " ");

		if (k == n && strncmp(p, w, n) == 0)
			return 1;
		p += k;
		while (*p == ' ')
			p++;
	}
	return 0;
}

static const struct known *
find_known(const char *file, int uid, enum field f)
{
	for (const struct known *k = known; k->file; k++) {
		if (strcmp(k->file, file) != 0 || (k->uid != -1 && k->uid != uid))
			continue;
		if (has_word(k->fields, "all") || has_word(k->fields, field_names[f]) ||
		    (has_word(k->fields, "late") &&
		     (f == F_LS || f == F_LF || f == F_TS)))
			return k;
	}
	return NULL;
}

struct file_case {
	char rel[512];
	char path[1024];
};

static struct file_case cases[128];
static size_t ncases;

static void
find_mspdi(const char *dir, const char *rel)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[1024], r[512];
		struct stat st;
		size_t n = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%.700s/%.250s", dir, e->d_name);
		snprintf(r, sizeof(r), "%.250s%s%.250s", rel, *rel ? "/" : "", e->d_name);
		if (stat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			find_mspdi(path, r);
		} else if (n > 4 && strcmp(e->d_name + n - 4, ".xml") == 0 &&
			   ncases < sizeof(cases) / sizeof(cases[0])) {
			snprintf(cases[ncases].rel, sizeof(cases[ncases].rel), "%s", r);
			snprintf(cases[ncases].path, sizeof(cases[ncases].path), "%s", path);
			ncases++;
		}
	}
	closedir(d);
}

static int
cmp_case(const void *a, const void *b)
{
	return strcmp(((const struct file_case *)a)->rel, ((const struct file_case *)b)->rel);
}

static void
fmt(int64_t t, char *buf)
{
	if (t == SCHED_NONE)
		snprintf(buf, SCHED_INSTANT_LEN, "-");
	else
		sched_instant_format(t, buf);
}

/* Minutes, as MS Project stores its dates. */
static int64_t
minute(int64_t t)
{
	return t == SCHED_NONE ? t : (t >= 0 ? t / 60 : -((-t + 59) / 60));
}

static void
test_mspdi_file(void **state)
{
	const struct file_case *fc = *state;
	struct sched_network net;
	struct sched_result res;
	struct sched_mspdi info;
	struct error err = ERROR_INIT;
	int bad = 0, compared = 0, nskip[8];
	const char *why[8];
	size_t nwhy = 0;

	sched_network_init(&net);
	memset(&res, 0, sizeof(res));
	if (sched_read_file(&net, fc->path, NULL, &info, &err) < 0) {
		sched_network_release(&net);
		if (strstr(err.msg, "not an MS Project file")) {
			print_message("# %s is not MSPDI (%s)\n", fc->rel, err.msg);
			skip();
		}
		fail_msg("%s: %s", fc->rel, err.msg);
	}
	if (!info.has_computed) {
		print_message("# SKIP %s: the file carries no dates computed by MS Project "
			      "(no late dates or slack), so there is nothing to compare\n", fc->rel);
		sched_mspdi_release(&info);
		sched_network_release(&net);
		skip();
	}
	if (sched_network_finish(&net, &err) < 0)
		fail_msg("%s: %s", fc->rel, err.msg);
	assert_int_equal(sched_cpm(&net, &res, &err), 0);

	for (size_t i = 0; i < info.n && i < net.n; i++) {
		const struct sched_mspdi_task *mt = &info.task[i];
		int64_t want[F__N], got[F__N];

		if (mt->critical < 0 && mt->late_start == SCHED_NONE)
			continue;
		want[F_START] = minute(mt->start);
		want[F_FINISH] = minute(mt->finish);
		want[F_ES] = minute(mt->early_start);
		want[F_EF] = minute(mt->early_finish);
		want[F_LS] = minute(mt->late_start);
		want[F_LF] = minute(mt->late_finish);
		want[F_TS] = mt->total_slack == SCHED_NONE ? SCHED_NONE
			   : (mt->total_slack >= 0 ? (mt->total_slack + 30) / 60
						   : -((-mt->total_slack + 30) / 60));
		want[F_CRIT] = mt->critical;
		got[F_START] = minute(res.start[i]);
		got[F_FINISH] = minute(res.finish[i]);
		got[F_ES] = minute(res.es[i]);
		got[F_EF] = minute(res.ef[i]);
		got[F_LS] = minute(res.ls[i]);
		got[F_LF] = minute(res.lf[i]);
		got[F_TS] = res.total_float[i] >= 0 ? (res.total_float[i] + 30) / 60
						    : -((-res.total_float[i] + 30) / 60);
		got[F_CRIT] = res.critical[i];
		for (int f = 0; f < F__N; f++) {
			const struct known *k;
			char a[SCHED_INSTANT_LEN], b[SCHED_INSTANT_LEN];

			if (want[f] == SCHED_NONE || (want[f] < 0 && f == F_CRIT))
				continue;
			if ((k = find_known(fc->rel, mt->uid, (enum field)f)) != NULL) {
				size_t r = 0;

				while (r < nwhy && why[r] != k->why)
					r++;
				if (r == nwhy && nwhy < 8) {
					why[nwhy] = k->why;
					nskip[nwhy++] = 0;
				}
				if (r < nwhy)
					nskip[r]++;
				continue;
			}
			compared++;
			if (want[f] == got[f])
				continue;
			bad++;
			if (f == F_TS || f == F_CRIT) {
				print_message("# %s task %d %s: MS Project %lld, folio %lld\n",
					      fc->rel, mt->uid, field_names[f],
					      (long long)want[f], (long long)got[f]);
			} else {
				fmt(want[f] * 60, a);
				fmt(got[f] * 60, b);
				print_message("# %s task %d %s: MS Project %s, folio %s\n",
					      fc->rel, mt->uid, field_names[f], a, b);
			}
		}
	}
	print_message("# %s: %d values compared, %d differ\n", fc->rel, compared, bad);
	for (size_t r = 0; r < nwhy; r++)
		print_message("# SKIP %d values of %s: %s\n", nskip[r], fc->rel, why[r]);
	sched_result_release(&res);
	sched_mspdi_release(&info);
	sched_network_release(&net);
	assert_int_equal(bad, 0);
	assert_true(compared > 0);
}

/* --- TaskJuggler -------------------------------------------------------------------- */

static void
test_tj3_file(void **state)
{
	const struct file_case *fc = *state;
	struct sched_network net;
	struct sched_result res;
	struct sched_input_options opt = SCHED_INPUT_OPTIONS_INIT;
	struct error err = ERROR_INIT;
	struct strbuf exp = STRBUF_INIT;
	char path[1100], *line, *save = NULL;
	size_t rows = 0, bad = 0;

	opt.calendar = "days";
	assert_int_equal(sched_parse_when("2025-01-06", 0, &opt.start), 0);
	sched_network_init(&net);
	if (sched_read_file(&net, fc->path, &opt, NULL, &err) < 0 ||
	    sched_network_finish(&net, &err) < 0)
		fail_msg("%s: %s", fc->rel, err.msg);
	assert_int_equal(sched_cpm(&net, &res, &err), 0);
	assert_true(net.axis >= 0);

	snprintf(path, sizeof(path), "%.*s.expected.csv",
		 (int)(strlen(fc->path) - strlen(".network.csv")), fc->path);
	strbuf_init(&exp, 0);
	assert_int_equal(strbuf_read_file(&exp, path, 0), 0);
	for (line = strtok_r(exp.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char id[256], es[16], ef[16], a[SCHED_INSTANT_LEN], b[SCHED_INSTANT_LEN];
		int i;

		if (strncmp(line, "id,", 3) == 0)
			continue;
		if (sscanf(line, "%255[^,],%15[^,],%15[^,]", id, es, ef) != 3)
			fail_msg("%s: bad line %s", path, line);
		i = sched_network_find(&net, id);
		if (i < 0)
			fail_msg("%s: %s not in the network", fc->rel, id);
		sched_instant_format(res.es[i], a);
		sched_instant_format(res.ef[i], b);
		/* TaskJuggler's dates are midnights: the whole instant must match */
		if (strncmp(a, es, 10) != 0 || strcmp(a + 10, "T00:00:00") != 0 ||
		    strncmp(b, ef, 10) != 0 || strcmp(b + 10, "T00:00:00") != 0) {
			if (bad < 10)
				print_message("# %s %s: TaskJuggler %s..%s, folio %s..%s\n",
					      fc->rel, id, es, ef, a, b);
			bad++;
		}
		rows++;
	}
	print_message("# %s: %zu activities compared, %zu differ\n", fc->rel, rows, bad);
	assert_true(rows > 0);
	assert_int_equal(bad, 0);
	strbuf_release(&exp);
	sched_result_release(&res);
	sched_network_release(&net);
}

static struct file_case tj3_cases[16];
static size_t ntj3;

static void
find_tj3(void)
{
	char dir[800];
	DIR *d;
	struct dirent *e;

	snprintf(dir, sizeof(dir), "%.700s/data/tj3", shared);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL && ntj3 < 16) {
		size_t n = strlen(e->d_name);

		if (n > 12 && strcmp(e->d_name + n - 12, ".network.csv") == 0) {
			snprintf(tj3_cases[ntj3].rel, sizeof(tj3_cases[ntj3].rel), "tj3/%s", e->d_name);
			snprintf(tj3_cases[ntj3].path, sizeof(tj3_cases[ntj3].path), "%.700s/%.250s",
				 dir, e->d_name);
			ntj3++;
		}
	}
	closedir(d);
	qsort(tj3_cases, ntj3, sizeof(tj3_cases[0]), cmp_case);
}

/* --- the reader's defences ------------------------------------------------------------ */

static int
read_mem(const char *xml, struct error *err)
{
	struct sched_network net;
	int rc;

	sched_network_init(&net);
	rc = sched_read_mspdi(&net, xml, strlen(xml), "test.xml", NULL, NULL, err);
	sched_network_release(&net);
	return rc;
}

static void
test_refuses_entities(void **state)
{
	struct error err = ERROR_INIT;
	const char *laughs =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE Project [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>\n"
		"<Project xmlns=\"http://schemas.microsoft.com/project\"><Name>&b;</Name></Project>";
	const char *external =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE Project SYSTEM \"http://example.invalid/p.dtd\">\n"
		"<Project><Name>x</Name></Project>";
	const char *xxe =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE Project [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
		"<Project><Name>&x;</Name></Project>";

	(void)state;
	assert_int_equal(read_mem(laughs, &err), -1);
	assert_non_null(strstr(err.msg, "DOCTYPE"));
	assert_int_equal(read_mem(external, &err), -1);
	assert_non_null(strstr(err.msg, "DOCTYPE"));
	assert_int_equal(read_mem(xxe, &err), -1);
	assert_non_null(strstr(err.msg, "DOCTYPE"));
}

static void
test_refuses_depth_and_junk(void **state)
{
	struct error err = ERROR_INIT;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_init(&sb, 0);
	strbuf_addstr(&sb, "<Project>");
	for (int i = 0; i < 100; i++)
		strbuf_addstr(&sb, "<a>");
	for (int i = 0; i < 100; i++)
		strbuf_addstr(&sb, "</a>");
	strbuf_addstr(&sb, "</Project>");
	assert_int_equal(read_mem(sb.buf, &err), -1);
	assert_non_null(strstr(err.msg, "deeper"));
	strbuf_release(&sb);

	assert_int_equal(read_mem("<Project><Tasks>", &err), -1);
	assert_non_null(strstr(err.msg, "well-formed"));
	assert_int_equal(read_mem("<Other/>", &err), -1);
	assert_non_null(strstr(err.msg, "not an MS Project file"));
}

/* A small MSPDI file written here: a calendar exception and a loop. */
static void
test_small_file(void **state)
{
	struct sched_network net;
	struct sched_result res;
	struct error err = ERROR_INIT;
	char a[SCHED_INSTANT_LEN];
	const char *xml =
		"<Project xmlns=\"http://schemas.microsoft.com/project\">"
		"<StartDate>2018-03-29T08:00:00</StartDate><CalendarUID>1</CalendarUID>"
		"<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
		"<WeekDays>"
		"<WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>"
		"<WeekDay><DayType>2</DayType><DayWorking>1</DayWorking></WeekDay>"
		"<WeekDay><DayType>3</DayType><DayWorking>1</DayWorking></WeekDay>"
		"<WeekDay><DayType>4</DayType><DayWorking>1</DayWorking></WeekDay>"
		"<WeekDay><DayType>5</DayType><DayWorking>1</DayWorking></WeekDay>"
		"<WeekDay><DayType>6</DayType><DayWorking>1</DayWorking></WeekDay>"
		"<WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>"
		"</WeekDays><Exceptions><Exception><EnteredByOccurrences>0</EnteredByOccurrences>"
		"<TimePeriod><FromDate>2018-03-30T00:00:00</FromDate><ToDate>2018-04-02T23:59:00</ToDate></TimePeriod>"
		"<Occurrences>1</Occurrences><Name>Easter</Name><Type>1</Type><DayWorking>0</DayWorking>"
		"</Exception></Exceptions></Calendar></Calendars>"
		"<Tasks>"
		"<Task><UID>1</UID><Name>A</Name><OutlineLevel>1</OutlineLevel><Duration>PT16H0M0S</Duration></Task>"
		"<Task><UID>2</UID><Name>B</Name><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration>"
		"<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type><LinkLag>0</LinkLag></PredecessorLink>"
		"</Task></Tasks></Project>";

	(void)state;
	sched_network_init(&net);
	if (sched_read_mspdi(&net, xml, strlen(xml), "t.xml", NULL, NULL, &err) != 0)
		fail_msg("%s: %s", err.where, err.msg);
	if (sched_network_finish(&net, &err) != 0 || sched_cpm(&net, &res, &err) != 0)
		fail_msg("%s: %s", err.where, err.msg);
	/* A: Thursday and (Easter closed Friday to Monday) Tuesday; B Wednesday */
	assert_string_equal(sched_instant_format(res.ef[0], a), "2018-04-03T17:00:00");
	assert_string_equal(sched_instant_format(res.es[1], a), "2018-04-04T08:00:00");
	sched_result_release(&res);
	sched_network_release(&net);
}

/*
 * Why a file under mspdi/ cannot be compared with MS Project, or NULL:
 * not an MSPDI file at all (Primavera XML shares the folder), or no
 * dates computed by MS Project in it. Reasons are static or kept in buf.
 */
static const char *
not_comparable(const struct file_case *fc)
{
	static char buf[800];
	struct sched_network net;
	struct sched_mspdi info;
	struct error err = ERROR_INIT;
	const char *why = NULL;

	sched_network_init(&net);
	if (sched_read_file(&net, fc->path, NULL, &info, &err) < 0) {
		if (strstr(err.msg, "not an MS Project file")) {
			snprintf(buf, sizeof(buf), "not MSPDI (%.700s)", err.msg);
			why = buf;
		}
		/* any other failure is the test's to report */
	} else {
		if (!info.has_computed)
			why = "no dates computed by MS Project (no late dates or slack) to compare";
		sched_mspdi_release(&info);
	}
	sched_network_release(&net);
	return why;
}

int
main(void)
{
	struct CMUnitTest *tests;
	size_t n = 0;
	int rc;

	shared = getenv("FOLIO_SHARED");
	if (shared == NULL)
		shared = "../shared";
	{
		char dir[800];

		snprintf(dir, sizeof(dir), "%.700s/data/mspdi", shared);
		find_mspdi(dir, "");
	}
	qsort(cases, ncases, sizeof(cases[0]), cmp_case);
	find_tj3();
	tests = xcalloc(ncases + ntj3 + 3, sizeof(*tests));
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_refuses_entities);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_refuses_depth_and_junk);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_small_file);
	for (size_t i = 0; i < ntj3; i++) {
		tests[n].name = tj3_cases[i].rel;
		tests[n].test_func = test_tj3_file;
		tests[n].initial_state = &tj3_cases[i];
		n++;
	}
	for (size_t i = 0; i < ncases; i++) {
		const char *why = not_comparable(&cases[i]);

		/*
		 * Files that hold nothing to compare are listed, not run: cmocka
		 * reports a skipped case as "not ok # SKIP", which TAP readers
		 * count as a failure.
		 */
		if (why) {
			printf("# skipped %s: %s\n", cases[i].rel, why);
			continue;
		}
		tests[n].name = cases[i].rel;
		tests[n].test_func = test_mspdi_file;
		tests[n].initial_state = &cases[i];
		n++;
	}
	if (ncases == 0 || ntj3 == 0)
		fprintf(stderr, "no data under %s/data\n", shared);
	rc = _cmocka_run_group_tests("mspdi", tests, n, NULL, NULL);
	free(tests);
	return rc || ncases == 0 || ntj3 == 0;
}
