/*
 * csvout.h - one CSV field written for a spreadsheet to open: RFC 4180
 * quoting, and no formula run. The one writer of every CSV folio makes
 * (export --format csv, schedule cpm --format csv, a return's template);
 * reading CSV is libcsv's.
 */
#ifndef FOLIO_CSVOUT_H
#define FOLIO_CSVOUT_H

struct strbuf;

/*
 * Whether a spreadsheet would run s as a formula: it starts with = + - @,
 * tab or CR, and is not a negative number ("-12", "-1.5").
 */
int csvout_formula(const char *s);

/*
 * Append s as one CSV field: quoted when it holds a comma, a quote or a
 * line break (quotes doubled), and, when csvout_formula(s), quoted with
 * an apostrophe first, which spreadsheets show as text (OWASP's advice on
 * CSV injection). A reader of folio's own files drops that apostrophe
 * again before a character csvout_formula() looks for.
 */
void csvout_field(struct strbuf *sb, const char *s);
/* The same, quoted whatever s holds (a reader that splits on more than
   commas: the GMPP files, on semicolons too). */
void csvout_quoted(struct strbuf *sb, const char *s);

#endif
