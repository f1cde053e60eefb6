/*
 * utf8.c - well-formed UTF-8 (utf8.h).
 */
#include "core/utf8.h"

#include <string.h>

size_t
utf8_seq(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t len, i;
	unsigned lo = 0x80, hi = 0xBF;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return len;
}

int
utf8_valid_n(const unsigned char *p, size_t n)
{
	while (n > 0) {
		size_t len = utf8_seq(p, n);

		if (len == 0)
			return 0;
		p += len;
		n -= len;
	}
	return 1;
}

int
utf8_valid(const char *s)
{
	return utf8_valid_n((const unsigned char *)s, strlen(s));
}
