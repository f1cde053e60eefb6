/*
 * cli.c - what the subcommands share: error and usage output, loading the
 * chosen organisation, writing a result to a file or stdout.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/fileout.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "import/interchange.h"
#include "model/dataset.h"
#include "model/validate.h"
#include "store/store.h"

int
cli_fail(struct cli *cli, const struct error *err)
{
	char buf[1100];

	(void)cli;
	fprintf(stderr, "folio: %s\n", error_text(err, buf, sizeof(buf)));
	return 1;
}

int
cli_usage(struct cli *cli, const char *usage, const char *fmt, ...)
{
	va_list ap;

	(void)cli;
	if (fmt) {
		fputs("folio: ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fputs(usage, stderr);
	return 2;
}

int
cli_load(struct cli *cli, struct dataset *ds, struct error *err)
{
	dataset_init(ds);
	return store_load(cli->st, cli->org, ds, err);
}

int
cli_load_org(struct cli *cli, struct dataset *ds, struct error *err)
{
	struct store *st = cli->st;
	char **codes = NULL;
	const char *org = cli->org, *db = cli->db ? cli->db : "var/folio.db";
	size_t n = 0;
	int rc = -1;
	struct stat sb;

	dataset_init(ds);
	/* reading a schedule must not leave an empty database behind */
	if (st == NULL && store_target_is_file(db) && stat(db, &sb) != 0)
		return error_set(err, ERR_NOTFOUND, "no database at %s: create one with "
				 "'folio init' or 'folio demo'", db);
	if (st == NULL && store_open_readonly(&st, db, err) < 0)
		return -1;
	if (store_orgs(st, &codes, &n, err) < 0)
		goto out;
	if (org != NULL) {
		size_t i = 0;

		while (i < n && strcmp(codes[i], org) != 0)
			i++;
		if (i == n) {
			error_set(err, ERR_NOTFOUND, "no organisation \"%s\" in %s", org, db);
			goto out;
		}
	} else if (n == 0) {
		error_set(err, ERR_NOTFOUND, "no organisation in %s: load one with "
			  "'folio demo' or 'folio import'", db);
		goto out;
	} else if (n > 1) {
		error_set(err, ERR_USAGE, "%s holds %zu organisations (%s, %s%s): choose one with --org",
			  db, n, codes[0], codes[1], n > 2 ? ", ..." : "");
		goto out;
	} else {
		org = codes[0];
	}
	rc = store_load(st, org, ds, err);
out:
	if (rc < 0)
		dataset_release(ds);
	store_free_list(codes);
	if (st != cli->st)
		store_close(st);
	return rc;
}

int
cli_out_open(struct cli *cli, const char *path, struct cli_out *o, struct error *err)
{
	o->f = NULL;
	o->path = NULL;
	if (path == NULL || strcmp(path, "-") == 0) {
		o->f = cli->out;
		return 0;
	}
	o->f = fopen(path, "wb");
	if (o->f == NULL)
		return error_set(err, ERR_IO, "cannot write %s: %s", path, strerror(errno));
	o->path = path;
	return 0;
}

int
cli_out_write(struct cli_out *o, const char *buf, size_t len, struct error *err)
{
	if (o->f == NULL)
		return error_set(err, ERR_IO, "writing output: not open");
	if (len && fwrite(buf, 1, len, o->f) != len)
		return error_set(err, ERR_IO, "writing %s: %s",
				 o->path ? o->path : "output", strerror(errno));
	return 0;
}

int
cli_out_put(struct cli_out *o, struct strbuf *sb, struct error *err)
{
	if (cli_out_write(o, sb->buf, sb->len, err) < 0)
		return -1;
	strbuf_reset(sb);
	return 0;
}

int
cli_out_close(struct cli_out *o, struct error *err)
{
	int ret = 0;

	if (o->f != NULL && o->path != NULL && fclose(o->f) != 0)
		ret = error_set(err, ERR_IO, "writing %s: %s", o->path, strerror(errno));
	o->f = NULL;
	return ret;
}

int
cli_write_out(struct cli *cli, const char *path, const char *buf, size_t len,
	      struct error *err)
{
	struct cli_out o;
	int rc;

	if (cli_out_open(cli, path, &o, err) < 0)
		return -1;
	rc = cli_out_write(&o, buf, len, err);
	if (cli_out_close(&o, rc < 0 ? NULL : err) < 0)
		rc = -1;
	return rc;
}

int
cli_import_dataset(struct cli *cli, struct dataset *ds, const char *source,
		   int replace, struct error *err)
{
	struct organisation *org;
	char **codes = NULL;
	size_t n = 0, records = 0;
	int exists = 0, ret = -1;

	if (dataset_validate(ds, source, err) < 0)
		return -1;
	org = dataset_org(ds);
	if (store_orgs(cli->st, &codes, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(codes[i], org->code) == 0)
			exists = 1;
	store_free_list(codes);
	if (exists && !replace)
		return error_set(err, ERR_CONFLICT,
				 "organisation %s is already in %s (use --replace to load it again)",
				 org->code, cli->db);
	if (store_begin(cli->st, err) < 0)
		return -1;
	if (exists && store_delete_org(cli->st, org->code, err) < 0)
		goto out;
	dataset_sort(ds);
	if (store_create_org(cli->st, ds, err) < 0)
		goto out;
	if (store_commit(cli->st, err) < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0) {
		store_rollback(cli->st);
		return ret;
	}
	for (int k = 0; k < K__COUNT; k++)
		records += dataset_count(ds, k);
	fprintf(cli->out, "Loaded %s (%s) into %s: %zu record%s, %zu programme%s, "
		"%zu milestone%s, %zu risk%s.\n", org->code, org->name, cli->db,
		records, records == 1 ? "" : "s",
		dataset_count(ds, K_PROGRAMME), dataset_count(ds, K_PROGRAMME) == 1 ? "" : "s",
		dataset_count(ds, K_MILESTONE), dataset_count(ds, K_MILESTONE) == 1 ? "" : "s",
		dataset_count(ds, K_RISK), dataset_count(ds, K_RISK) == 1 ? "" : "s");
	return 0;
}

/* Write all of buf to fd; 0 or -1 with errno set. */
static int
write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/*
 * Write f to a new file beside f->path (fileout_temp()); *tmp receives its
 * name (heap). It takes the mode of the file it is to replace, if any.
 */
static int
write_temp(const struct cli_file *f, const struct stat *old, int exists,
	   char **tmp, struct error *err)
{
	int fd = fileout_temp(f->path, tmp, err), ret = -1;

	if (fd < 0)
		return -1;
	if ((exists && fchmod(fd, old->st_mode & 07777) < 0) ||
	    write_all(fd, f->buf, f->len) < 0) {
		error_set(err, ERR_IO, "writing %s: %s", f->path, strerror(errno));
		close(fd);
		goto out;
	}
	if (close(fd) < 0) {
		error_set(err, ERR_IO, "writing %s: %s", f->path, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (ret < 0) {
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
	}
	return ret;
}

int
cli_write_files(struct cli *cli, const struct cli_file *files, size_t n,
		struct error *err)
{
	char **tmp = xcalloc(n ? n : 1, sizeof(*tmp));
	size_t i;
	int ret = -1;

	/* first every regular file, each to a temporary file */
	for (i = 0; i < n; i++) {
		const struct cli_file *f = &files[i];
		struct stat sb, lsb;
		int exists;

		if (f->path == NULL || strcmp(f->path, "-") == 0)
			continue;
		exists = stat(f->path, &sb) == 0;
		if (exists && (!S_ISREG(sb.st_mode) ||
			       (lstat(f->path, &lsb) == 0 && S_ISLNK(lsb.st_mode))))
			continue;
		if (write_temp(f, &sb, exists, &tmp[i], err) < 0)
			goto out;
	}
	/* then what cannot be replaced: devices, pipes, links */
	for (i = 0; i < n; i++)
		if (files[i].path && strcmp(files[i].path, "-") != 0 && tmp[i] == NULL &&
		    cli_write_out(cli, files[i].path, files[i].buf, files[i].len, err) < 0)
			goto out;
	for (i = 0; i < n; i++) {
		if (tmp[i] == NULL)
			continue;
		if (rename(tmp[i], files[i].path) < 0) {
			error_set(err, ERR_IO, "cannot write %s: %s", files[i].path,
				  strerror(errno));
			goto out;
		}
		free(tmp[i]);
		tmp[i] = NULL;
	}
	for (i = 0; i < n; i++)
		if ((files[i].path == NULL || strcmp(files[i].path, "-") == 0) &&
		    cli_write_out(cli, NULL, files[i].buf, files[i].len, err) < 0)
			goto out;
	ret = 0;
out:
	for (i = 0; i < n; i++) {
		if (tmp[i])
			unlink(tmp[i]);
		free(tmp[i]);
	}
	free(tmp);
	return ret;
}
