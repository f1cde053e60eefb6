/*
 * audit.c - hashing audit entries into a chain (SHA-256, libsodium).
 */
#include "model/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Length-prefixed, with a distinct marker for NULL. */
static void
put_str(crypto_hash_sha256_state *st, const char *s)
{
	unsigned char len[9];
	size_t n = s ? strlen(s) : 0;

	len[0] = s ? 1 : 0;
	for (int i = 0; i < 8; i++)
		len[1 + i] = (unsigned char)(n >> (8 * i));
	crypto_hash_sha256_update(st, len, sizeof(len));
	if (n)
		crypto_hash_sha256_update(st, (const unsigned char *)s, n);
}

void
audit_hash(struct audit_entry *e)
{
	crypto_hash_sha256_state st;
	unsigned char seq[8];

	for (int i = 0; i < 8; i++)
		seq[i] = (unsigned char)((uint64_t)e->seq >> (8 * i));
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, e->prev, AUDIT_HASH_LEN);
	crypto_hash_sha256_update(&st, seq, sizeof(seq));
	put_str(&st, e->at);
	put_str(&st, e->actor);
	put_str(&st, e->org);
	put_str(&st, e->entity);
	put_str(&st, e->key);
	put_str(&st, e->action);
	put_str(&st, e->field);
	put_str(&st, e->old_value);
	put_str(&st, e->new_value);
	crypto_hash_sha256_final(&st, e->hash);
}

char *
audit_hex(const unsigned char *hash, char *out)
{
	sodium_bin2hex(out, 2 * AUDIT_HASH_LEN + 1, hash, AUDIT_HASH_LEN);
	return out;
}

int
audit_unhex(const char *hex, unsigned char *hash)
{
	size_t n = 0;

	if (hex == NULL || strlen(hex) != 2 * AUDIT_HASH_LEN)
		return -1;
	if (sodium_hex2bin(hash, AUDIT_HASH_LEN, hex, 2 * AUDIT_HASH_LEN,
			   NULL, &n, NULL) != 0 || n != AUDIT_HASH_LEN)
		return -1;
	return 0;
}
