/*
 * verify.c - checking the audit log's hash chain (cycle_audit_verify).
 *
 * Every entry is hashed again with audit_hash() and compared with the
 * hash stored for it, and its prev_hash with the stored hash of the entry
 * before; seq must run 1, 2, ... without gaps. Someone who edits an entry
 * behind folio's back (the sqlite3 shell, triggers dropped) cannot also
 * make its hash match without rewriting every later entry, and even that
 * shows once the head's hash is compared with a copy kept elsewhere.
 *
 * Speed: a store holds millions of entries, and libsodium's portable
 * SHA-256 fed in eleven small pieces manages well under a million a
 * second. Where libcrypto is available (CYCLE_HAVE_LIBCRYPTO) each entry
 * is laid out once, exactly as audit_hash() feeds it, in one buffer and
 * hashed in one call, which uses the CPU's SHA instructions when it has
 * them. That layout is only a fast path: an entry whose fast hash does not
 * match is hashed again with audit_hash() itself before it is called bad,
 * so were audit.c's layout ever to change, verification would be slow,
 * never wrong.
 *
 * libcrypto is opened here, when a log is verified, not linked: mapping
 * it (and its relocations) would cost every folio command about half a
 * millisecond at start-up (core/module.h). Without it, verification uses
 * audit_hash() alone.
 */
#include "cycle/cycle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef CYCLE_HAVE_LIBCRYPTO
#include <pthread.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#endif

#include "core/error.h"
#include "core/module.h"
#include "core/strbuf.h"
#include "model/audit.h"
#include "store/store.h"

struct walk {
	struct cycle_verify *out;
	int64_t expect;
	unsigned char prev[AUDIT_HASH_LEN];
#ifdef CYCLE_HAVE_LIBCRYPTO
	EVP_MD_CTX *ctx;
	EVP_MD *md;
	struct strbuf buf;
#endif
};

#ifdef CYCLE_HAVE_LIBCRYPTO
#define STR_(x) #x
#define STR(x) STR_(x)
#define LIBCRYPTO "libcrypto.so." STR(OPENSSL_SHLIB_VERSION)

/* The libcrypto functions used, typed from its own header. */
static struct {
	__typeof__(EVP_MD_fetch) *md_fetch;
	__typeof__(EVP_MD_free) *md_free;
	__typeof__(EVP_MD_CTX_new) *ctx_new;
	__typeof__(EVP_MD_CTX_free) *ctx_free;
	__typeof__(EVP_DigestInit_ex) *init;
	__typeof__(EVP_DigestUpdate) *update;
	__typeof__(EVP_DigestFinal_ex) *final;
} ossl;
static int ossl_ok;
static pthread_once_t ossl_once = PTHREAD_ONCE_INIT;

/* Load libcrypto (once, see ossl_load()); ossl_ok when it has every function. */
static void
ossl_open(void)
{
	const struct module_fn fns[] = {
		{ "EVP_MD_fetch", (void **)&ossl.md_fetch },
		{ "EVP_MD_free", (void **)&ossl.md_free },
		{ "EVP_MD_CTX_new", (void **)&ossl.ctx_new },
		{ "EVP_MD_CTX_free", (void **)&ossl.ctx_free },
		{ "EVP_DigestInit_ex", (void **)&ossl.init },
		{ "EVP_DigestUpdate", (void **)&ossl.update },
		{ "EVP_DigestFinal_ex", (void **)&ossl.final },
	};
	char why[256];

	/* without it, verification uses audit_hash() alone */
	ossl_ok = module_lib_open(LIBCRYPTO, fns, sizeof(fns) / sizeof(fns[0]), why,
				  sizeof(why)) == 0;
}

/* 0 when libcrypto is there to use. */
static int
ossl_load(void)
{
	pthread_once(&ossl_once, ossl_open);
	return ossl_ok ? 0 : -1;
}
#endif

#ifdef CYCLE_HAVE_LIBCRYPTO
/* audit.c's put_str(): a presence byte, 8 bytes of length (LE), the text. */
static void
put_str(struct strbuf *sb, const char *s)
{
	unsigned char len[9];
	size_t n = s ? strlen(s) : 0;

	len[0] = s ? 1 : 0;
	for (int i = 0; i < 8; i++)
		len[1 + i] = (unsigned char)((uint64_t)n >> (8 * i));
	strbuf_add(sb, len, sizeof(len));
	if (n)
		strbuf_add(sb, s, n);
}

/* 1 when e's stored hash is SHA-256 of its content laid out as audit.c does. */
static int
fast_match(struct walk *w, const struct audit_entry *e)
{
	unsigned char seq[8], digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;
	const char *text[] = { e->at, e->actor, e->org, e->entity, e->key,
			       e->action, e->field, e->old_value, e->new_value };

	if (w->ctx == NULL)
		return 0;
	strbuf_reset(&w->buf);
	strbuf_add(&w->buf, e->prev, AUDIT_HASH_LEN);
	for (int i = 0; i < 8; i++)
		seq[i] = (unsigned char)((uint64_t)e->seq >> (8 * i));
	strbuf_add(&w->buf, seq, sizeof(seq));
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
		put_str(&w->buf, text[i]);
	if (ossl.init(w->ctx, w->md, NULL) != 1 ||
	    ossl.update(w->ctx, w->buf.buf, w->buf.len) != 1 ||
	    ossl.final(w->ctx, digest, &dlen) != 1 ||
	    dlen != AUDIT_HASH_LEN)
		return 0;
	return memcmp(digest, e->hash, AUDIT_HASH_LEN) == 0;
}

static void
fast_init(struct walk *w)
{
	strbuf_init(&w->buf, 1024);
	w->md = NULL;
	w->ctx = NULL;
	if (ossl_load() < 0)
		return;
	w->md = ossl.md_fetch(NULL, "SHA256", NULL);
	w->ctx = w->md ? ossl.ctx_new() : NULL;
}

static void
fast_release(struct walk *w)
{
	if (w->ctx)
		ossl.ctx_free(w->ctx);
	if (w->md)
		ossl.md_free(w->md);
	strbuf_release(&w->buf);
}
#else
static int
fast_match(struct walk *w, const struct audit_entry *e)
{
	(void)w;
	(void)e;
	return 0;
}

static void
fast_init(struct walk *w)
{
	(void)w;
}

static void
fast_release(struct walk *w)
{
	(void)w;
}
#endif

static int
bad(struct walk *w, const struct audit_entry *e)
{
	w->out->bad_seq = e->seq;
	snprintf(w->out->what, sizeof(w->out->what), "%s %s %s %s%s%s%s%s",
		 e->at ? e->at : "-", e->actor ? e->actor : "-",
		 e->action ? e->action : "-", e->entity ? e->entity : "-",
		 e->key ? " " : "", e->key ? e->key : "",
		 e->field ? " " : "", e->field ? e->field : "");
	return 1;
}

static int
check_entry(const struct audit_entry *e, void *ctx)
{
	struct walk *w = ctx;
	struct audit_entry copy;

	if (e->seq != w->expect) {
		if (e->seq > w->expect)
			snprintf(w->out->why, sizeof(w->out->why),
				 "entry %lld follows entry %lld: %s missing",
				 (long long)e->seq, (long long)(w->expect - 1),
				 e->seq == w->expect + 1 ? "one is" : "some are");
		else
			snprintf(w->out->why, sizeof(w->out->why),
				 "entry %lld comes where entry %lld should",
				 (long long)e->seq, (long long)w->expect);
		return bad(w, e);
	}
	if (memcmp(e->prev, w->prev, AUDIT_HASH_LEN) != 0) {
		snprintf(w->out->why, sizeof(w->out->why),
			 "its previous hash is not the hash of entry %lld",
			 (long long)(e->seq - 1));
		return bad(w, e);
	}
	if (fast_match(w, e))
		goto good;
	copy = *e;
	audit_hash(&copy);
	if (memcmp(copy.hash, e->hash, AUDIT_HASH_LEN) != 0) {
		snprintf(w->out->why, sizeof(w->out->why),
			 "its content does not match its hash: it was changed after it was written");
		return bad(w, e);
	}
good:
	memcpy(w->prev, e->hash, AUDIT_HASH_LEN);
	w->expect++;
	w->out->entries++;
	return 0;
}

int
cycle_audit_verify(struct store *st, struct cycle_verify *out,
		   struct error *err)
{
	struct walk w;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.out = out;
	w.expect = 1;
	fast_init(&w);
	rc = store_audit_each(st, 1, check_entry, &w, err);
	fast_release(&w);
	return rc < 0 ? -1 : 0;
}
