/*
 * pg.c - folio-pg.so's table (mod.h): the PostgreSQL store backend, the
 * part of folio that needs libpq.
 */
#include "mod/mod.h"

#include "store/store-internal.h"

const struct mod_pg folio_mod_pg = {
	.abi = MOD_ABI,
	.ops = &pg_store_ops,
};
