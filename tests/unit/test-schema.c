/*
 * test-schema.c - the model's descriptors and the dataset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "model/audit.h"
#include "model/dataset.h"
#include "model/schema.h"

static void
test_descriptors(void **state)
{
	(void)state;
	for (int k = 0; k < K__COUNT; k++) {
		const struct entity *e = entity_of(k);
		int keys = 0;

		assert_int_equal(e->kind, k);
		assert_ptr_equal(entity_by_name(e->name), e);
		assert_ptr_equal(entity_by_name(e->plural), e);
		for (size_t i = 0; i < e->nfields; i++) {
			const struct field *f = &e->fields[i];

			assert_true(f->offset < e->size);
			if (f->flags & F_KEY)
				keys++;
			if (f->type == FT_REF)
				/* references point backwards (or to the own kind) */
				assert_true(f->ref <= (enum kind)k);
			if (f->type == FT_ENUM)
				assert_non_null(f->values);
			/* names are unique within a kind */
			for (size_t j = 0; j < i; j++)
				assert_string_not_equal(f->name, e->fields[j].name);
		}
		assert_true(keys >= 1);
		if (e->date_field)
			assert_non_null(entity_field(e, e->date_field));
	}
	assert_ptr_equal(entity_by_name("business-cases"), entity_of(K_BUSINESS_CASE));
	assert_null(entity_by_name("nonsense"));
}

static void
test_dataset(void **state)
{
	struct dataset ds;
	const char *codes[] = { "TIP", "SLP", "BSS", "IVMA" };

	(void)state;
	dataset_init(&ds);
	for (int i = 0; i < 4; i++) {
		struct programme *p = dataset_add(&ds, K_PROGRAMME);

		assert_int_equal(p->whole_life_cost, INT_NONE);
		assert_int_equal(p->start_date, 0);
		p->code = dataset_strdup(&ds, codes[i]);
	}
	for (int i = 0; i < 3; i++) {
		struct activity *a = dataset_add(&ds, K_ACTIVITY);

		assert_true(isnan(a->duration_days));
	}
	assert_non_null(dataset_find(&ds, K_PROGRAMME, "SLP"));
	dataset_sort(&ds);
	assert_string_equal(((struct programme *)dataset_row(&ds, K_PROGRAMME, 0))->code, "BSS");
	assert_string_equal(((struct programme *)dataset_find(&ds, K_PROGRAMME, "TIP"))->code, "TIP");
	assert_null(dataset_find(&ds, K_PROGRAMME, "XYZ"));
	dataset_release(&ds);
}

static void
test_audit_chain(void **state)
{
	struct audit_entry a = { .seq = 1, .at = "2018-03-31T10:00:00Z",
		.actor = "pmo", .org = "MPS", .entity = "risk", .key = "PR-01",
		.action = "update", .field = "owner", .old_value = "A",
		.new_value = "B" };
	struct audit_entry b = a;
	char hex[65];
	unsigned char back[AUDIT_HASH_LEN];

	(void)state;
	memset(a.prev, 0, sizeof(a.prev));
	audit_hash(&a);
	b = a;
	b.old_value = "AB";
	b.new_value = "";
	audit_hash(&b);
	/* moving text between fields changes the hash */
	assert_memory_not_equal(a.hash, b.hash, AUDIT_HASH_LEN);
	b = a;
	b.field = NULL;
	audit_hash(&b);
	assert_memory_not_equal(a.hash, b.hash, AUDIT_HASH_LEN);
	audit_hex(a.hash, hex);
	assert_int_equal(strlen(hex), 64);
	assert_int_equal(audit_unhex(hex, back), 0);
	assert_memory_equal(back, a.hash, AUDIT_HASH_LEN);
	assert_int_equal(audit_unhex("zz", back), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_descriptors),
		cmocka_unit_test(test_dataset),
		cmocka_unit_test(test_audit_chain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
