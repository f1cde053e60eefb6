/*
 * web.c - folio-web.so's table (mod.h): the web application, the part of
 * folio that needs libmicrohttpd (and through it gnutls).
 */
#include "mod/mod.h"

#include "web/web.h"

const struct mod_web folio_mod_web = {
	.abi = MOD_ABI,
	.web_config_init = web_config_init,
	.web_start = web_start,
	.web_port = web_port,
	.web_stop = web_stop,
	.web_password_hash = web_password_hash,
};
