/*
 * arena.h - a bump allocator for lifetimes that end all at once: a loaded
 * dataset, a report, a request, a simulation.
 *
 * Memory from an arena is freed only by arena_release(), which frees all
 * of it. Allocation failure aborts (see xmalloc.h).
 */
#ifndef FOLIO_ARENA_H
#define FOLIO_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used;	/* bytes handed out, for reporting */
};

#define ARENA_INIT { NULL, 0 }

void arena_init(struct arena *a);
void arena_release(struct arena *a);
/* Zeroed memory aligned for any type. */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
