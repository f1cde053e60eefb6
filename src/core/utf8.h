/*
 * utf8.h - well-formed UTF-8 (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF), for the writers that must not pass on bytes a
 * reader or pango would choke on.
 */
#ifndef FOLIO_CORE_UTF8_H
#define FOLIO_CORE_UTF8_H

#include <stddef.h>

/* Length of the well-formed sequence at p (at most n bytes), or 0 when the
   bytes there are not one. */
size_t utf8_seq(const unsigned char *p, size_t n);
/* 1 when the NUL-terminated s is well-formed throughout. */
int utf8_valid(const char *s);
/* 1 when p[0..n) is (a NUL byte counts as a character). */
int utf8_valid_n(const unsigned char *p, size_t n);

#endif
