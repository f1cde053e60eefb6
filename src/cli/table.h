/*
 * table.h - plain-text tables and CSV for command output.
 *
 * A table holds cells as heap strings until printed. Widths are measured
 * in characters (UTF-8 aware); cells wider than the column cap are cut
 * with an ellipsis in table output and never in CSV.
 */
#ifndef FOLIO_CLI_TABLE_H
#define FOLIO_CLI_TABLE_H

#include <stddef.h>
#include <stdio.h>

struct field;

struct text_table {
	size_t ncols;
	char **cells;		/* row-major, header first */
	size_t ncells;
	size_t alloc;
};

void text_table_init(struct text_table *t, size_t ncols);
void text_table_release(struct text_table *t);
/* Append a cell (copied); rows fill left to right. */
void text_table_add(struct text_table *t, const char *text);
/* Aligned columns, header underlined; cap is the widest a column may be. */
void text_table_print(const struct text_table *t, FILE *f, size_t cap);
/* RFC 4180 CSV, header included. */
void text_table_csv(const struct text_table *t, FILE *f);
/*
 * A field's value as people read it: money as "£38,000,000", booleans as
 * "yes"/"no", everything else as field_text() writes it. Returns buf.
 */
char *field_display(const void *rec, const struct field *f, char *buf,
		    size_t size);
/* Characters (not bytes) in a UTF-8 string. */
size_t utf8_width(const char *s);

#endif
