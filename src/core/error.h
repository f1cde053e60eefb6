/*
 * error.h - errors as values.
 *
 * Core, model, store, import and report code never prints or exits: it
 * fills a struct error and returns -1. Only the CLI and web layers turn
 * one into an exit status or an HTTP status. `where` locates the fault in
 * the input when there is one: "file.json: programmes[3].start_date" or
 * "uk_2018.csv:41".
 */
#ifndef FOLIO_ERROR_H
#define FOLIO_ERROR_H

enum error_code {
	ERR_NONE = 0,
	ERR_USAGE,	/* the caller asked for something malformed */
	ERR_INPUT,	/* bad input data: a user error */
	ERR_NOTFOUND,	/* a named record does not exist */
	ERR_CONFLICT,	/* duplicate or state conflict */
	ERR_DENIED,	/* not allowed */
	ERR_IO,		/* file or database failure */
	ERR_INTERNAL	/* a bug */
};

struct error {
	enum error_code code;
	char where[256];
	char msg[768];
};

#define ERROR_INIT { ERR_NONE, "", "" }

/* Fill err (which may be NULL) and return -1. */
int error_set(struct error *err, enum error_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* As error_set, with a location. The arguments may be err's own message
   or place ("%s", err->msg): both are formatted before err is written. */
int error_at(struct error *err, enum error_code code, const char *where,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/*
 * Keep err's message, put it at where and make it ERR_INPUT: a reader's
 * inner error (an id, a date) placed in the file, line or JSON path it
 * came from. err may be NULL. Returns -1.
 */
int error_move(struct error *err, const char *where);
void error_clear(struct error *err);
/* "where: msg" or "msg" into buf. */
const char *error_text(const struct error *err, char *buf, unsigned size);

#endif
