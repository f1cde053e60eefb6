/*
 * error.c - error records.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void
vset(struct error *err, enum error_code code, const char *where,
     const char *fmt, va_list ap)
{
	if (err == NULL)
		return;
	err->code = code;
	snprintf(err->where, sizeof(err->where), "%s", where ? where : "");
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

int
error_set(struct error *err, enum error_code code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(err, code, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int
error_at(struct error *err, enum error_code code, const char *where,
	 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(err, code, where, fmt, ap);
	va_end(ap);
	return -1;
}

void
error_clear(struct error *err)
{
	if (err == NULL)
		return;
	err->code = ERR_NONE;
	err->where[0] = '\0';
	err->msg[0] = '\0';
}

const char *
error_text(const struct error *err, char *buf, unsigned size)
{
	if (err->where[0])
		snprintf(buf, size, "%s: %s", err->where, err->msg);
	else
		snprintf(buf, size, "%s", err->msg);
	return buf;
}

int
error_move(struct error *err, const char *where)
{
	char msg[sizeof(err->msg)];

	if (err == NULL)
		return -1;
	snprintf(msg, sizeof(msg), "%s", err->msg);
	return error_at(err, ERR_INPUT, where, "%s", msg);
}
