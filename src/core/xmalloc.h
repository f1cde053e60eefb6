/*
 * xmalloc.h - allocation that never returns NULL.
 *
 * folio treats running out of memory as fatal, like git and tmux: every
 * allocation goes through these wrappers, which abort with a message on
 * failure, so callers never test for NULL.
 */
#ifndef FOLIO_XMALLOC_H
#define FOLIO_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grow an array to hold at least `need` elements of `size` bytes. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh heap string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Ensure array `a` (with `alloc` slots) can hold `nr` elements. */
#define ALLOC_GROW(a, nr, alloc) do { \
	if ((nr) > (alloc)) { \
		size_t grow_ = (alloc) ? (alloc) * 2 : 16; \
		if (grow_ < (nr)) grow_ = (nr); \
		(a) = xreallocarray((a), grow_, sizeof(*(a))); \
		(alloc) = grow_; \
	} \
} while (0)

#endif
