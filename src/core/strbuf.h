/*
 * strbuf.h - a growable byte string, after git's strbuf.
 *
 * Invariants: after strbuf_init() `buf` is never NULL and is always
 * NUL-terminated at buf[len]. A strbuf may carry a size cap (`max`, 0 for
 * none); an append that would pass it fails with -1 and leaves the
 * contents unchanged, so hostile input cannot grow a buffer without bound.
 * strbuf_detach() hands the bytes to the caller, who frees them.
 */
#ifndef FOLIO_STRBUF_H
#define FOLIO_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t max;	/* cap on len, 0 for unlimited */
};

#define STRBUF_INIT { strbuf_empty_, 0, 0, 0 }
extern char strbuf_empty_[];

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* Return the buffer (caller frees) and reset sb to empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_reset(struct strbuf *sb);
int strbuf_grow(struct strbuf *sb, size_t extra);
int strbuf_add(struct strbuf *sb, const void *data, size_t len);
int strbuf_addstr(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, int c);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_setlen(struct strbuf *sb, size_t len);
/* Read a whole file into sb; -1 with errno set on failure. */
int strbuf_read_file(struct strbuf *sb, const char *path, size_t max);

#endif
