/*
 * fileout.c - temporary files beside their targets (see fileout.h).
 */
#include "core/fileout.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/xmalloc.h"

int
fileout_temp(const char *path, char **tmp, struct error *err)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL ? xstrdup(".") :
		    slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
	struct stat sb;
	int fd = -1, saved = 0;

	*tmp = NULL;
	for (int i = 0; fd < 0 && i < 100; i++) {
		free(*tmp);
		*tmp = xasprintf("%s/.%s.%ld.%d", dir, slash ? slash + 1 : path,
				 (long)getpid(), i);
		fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
		saved = errno;
		if (fd < 0 && saved != EEXIST)
			break;
	}
	if (fd < 0) {
		if (stat(dir, &sb) != 0 && errno == ENOENT)
			error_set(err, ERR_IO, "cannot write %s: there is no folder %s", path, dir);
		else if (stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode))
			error_set(err, ERR_IO, "cannot write %s: %s is not a folder", path, dir);
		else
			error_set(err, ERR_IO, "cannot write %s: %s", path, strerror(saved));
		free(*tmp);
		*tmp = NULL;
	}
	free(dir);
	return fd;
}
