/*
 * fileout.h - writing a file whole or not at all: the new content goes
 * to a temporary file beside the old one, which a rename() then puts in
 * its place (cli_write_files(), the XLSX export).
 */
#ifndef FOLIO_FILEOUT_H
#define FOLIO_FILEOUT_H

struct error;

/*
 * Create a new file beside path to be renamed onto it: "DIR/.NAME.PID.N",
 * made with O_EXCL and the mode fopen() would give a new file (0666 less
 * the umask, which is left alone). Returns its descriptor, open for
 * writing, and its name in *tmp (heap, caller frees); or -1 with *tmp
 * NULL and err saying why path cannot be written: no such folder, not a
 * folder, or the system's reason.
 */
int fileout_temp(const char *path, char **tmp, struct error *err);

#endif
