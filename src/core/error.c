/*
 * error.c - error records.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Both are formatted aside first: the arguments may be err's own
   message or place (a reader wrapping an inner error). */
static void
vset(struct error *err, enum error_code code, const char *where,
     const char *fmt, va_list ap)
{
	char w[sizeof(err->where)], m[sizeof(err->msg)];

	if (err == NULL)
		return;
	snprintf(w, sizeof(w), "%s", where ? where : "");
	vsnprintf(m, sizeof(m), fmt, ap);
	err->code = code;
	memcpy(err->where, w, sizeof(w));
	memcpy(err->msg, m, sizeof(m));
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
	if (err == NULL)
		return -1;
	return error_at(err, ERR_INPUT, where, "%s", err->msg);
}
