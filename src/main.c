/*
 * main.c - global options, then the command table.
 */
#include <stdio.h>

int
main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	puts("folio");
	return 0;
}
