/*
 * money.h - amounts of money as people type them. folio holds money as
 * whole pounds in an int64_t (model/schema.h, FT_MONEY).
 */
#ifndef FOLIO_MONEY_H
#define FOLIO_MONEY_H

#include <stdint.h>

/*
 * Whole pounds as people write them, with or without the pound sign and
 * thousands separators: "38000000", "£38,000,000", "-£1,500". A comma
 * must follow one to three digits and then come every three. 0, or -1
 * (nothing written to *out) for anything else, or past INT64_MAX.
 */
int money_parse(const char *s, int64_t *out);

#endif
