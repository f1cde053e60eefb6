/*
 * test-audit-head.c - `folio audit verify` and the head of the log.
 *
 * The hash chain shows an entry edited, removed or reordered, but not
 * entries removed from the end: what is left is a shorter chain that
 * verifies. verify prints the head (seq and hash) so it can be kept
 * elsewhere, and --head checks a kept head against the log. This test
 * loads the demo with the folio binary ($FOLIO_BIN), keeps the head,
 * deletes the last entries with the sqlite3 library behind folio's back
 * (dropping the trigger that guards the log), and checks that plain
 * verify still passes while verify --head names the loss.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

struct fix {
	char dir[256];
	char db[300];
};

/* Run the folio binary with args; its standard output and error into
   out; the exit status. */
static int
folio(struct fix *f, const char *args, char *out, size_t size)
{
	const char *bin = getenv("FOLIO_BIN");
	char cmd[1024], path[320];
	FILE *p;
	size_t n = 0;
	int st;

	assert_non_null(bin);
	snprintf(path, sizeof(path), "%s/out.txt", f->dir);
	snprintf(cmd, sizeof(cmd), "'%s' --db '%s' %s >'%s' 2>&1", bin, f->db, args, path);
	st = system(cmd);
	p = fopen(path, "r");
	assert_non_null(p);
	n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	fclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int
setup(void **state)
{
	static struct fix f;
	const char *tmp = getenv("TMPDIR");
	char out[4096];

	snprintf(f.dir, sizeof(f.dir), "%s/folio-audit-head-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(f.dir) == NULL)
		return -1;
	snprintf(f.db, sizeof(f.db), "%s/f.db", f.dir);
	if (folio(&f, "init", out, sizeof(out)) != 0 || folio(&f, "demo", out, sizeof(out)) != 0)
		return -1;
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;
	char path[320];

	snprintf(path, sizeof(path), "%s/out.txt", f->dir);
	unlink(path);
	unlink(f->db);
	rmdir(f->dir);
	return 0;
}

/* The "head: SEQ:HASH" line of verify's output, into head. */
static void
head_of(const char *out, char *head, size_t size)
{
	const char *h = strstr(out, "head: ");
	size_t n;

	assert_non_null(h);
	h += strlen("head: ");
	n = strcspn(h, "\n");
	assert_true(n < size);
	memcpy(head, h, n);
	head[n] = '\0';
}

static void
exec_sql(struct fix *f, const char *sql)
{
	sqlite3 *db;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static void
test_truncated_tail(void **state)
{
	struct fix *f = *state;
	char out[4096], head[128], args[256], seq[32];

	assert_int_equal(folio(f, "audit verify", out, sizeof(out)), 0);
	head_of(out, head, sizeof(head));
	/* the head names the last entry */
	snprintf(seq, sizeof(seq), "%.*s:", (int)strcspn(out, " "), out);
	assert_true(strncmp(head, seq, strlen(seq)) == 0);
	snprintf(args, sizeof(args), "audit verify --head %s", head);
	assert_int_equal(folio(f, args, out, sizeof(out)), 0);

	/* a head that is not SEQ:HASH is a usage error */
	assert_int_equal(folio(f, "audit verify --head 5:abc", out, sizeof(out)), 2);
	assert_non_null(strstr(out, "is not SEQ:HASH"));

	/* the last three entries deleted behind folio's back */
	exec_sql(f, "DROP TRIGGER audit_no_delete;"
		 "DELETE FROM audit WHERE seq > (SELECT max(seq) - 3 FROM audit);");
	/* the shorter chain still verifies on its own ... */
	assert_int_equal(folio(f, "audit verify", out, sizeof(out)), 0);
	/* ... but not against the head kept before */
	assert_int_equal(folio(f, args, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "entries were removed from its end"));
}

/* The log rewritten from an entry on (every later hash made again) is
   not the one whose head was kept. */
static void
test_rewritten_head(void **state)
{
	struct fix *f = *state;
	char out[4096], head[128], args[256], other[128];

	assert_int_equal(folio(f, "audit verify", out, sizeof(out)), 0);
	head_of(out, head, sizeof(head));
	/* the same seq with another hash (the first entry's) */
	snprintf(other, sizeof(other), "%.*s:%064d", (int)strcspn(head, ":"), head, 0);
	snprintf(args, sizeof(args), "audit verify --head %s", other);
	assert_int_equal(folio(f, args, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "is not the one recorded as the head"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rewritten_head, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_tail, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
