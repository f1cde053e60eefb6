/*
 * export-view.c - what the register exporters share (export.h): the
 * reader's view of a dataset, the registers and their columns, typed
 * values and text any spreadsheet can carry.
 *
 * The view applies the papers' need-to-know rule through paper.h itself
 * (paper_mark_ok, paper_prog_ok, paper_proj_ok), so an export can never
 * show what a paper for the same reader would leave out. Kinds are
 * filtered in enum order, and every kind refers only to kinds before it,
 * so a record whose reference points at something already left out (a
 * forecast of a hidden milestone, an action on a hidden risk) is found
 * out with one look-up in the part of the view already built.
 */
#include "report/export.h"
#include "report/paper.h"
#include "report/report.h"
#include "core/date.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/xmalloc.h"
#include "model/dataset.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct export_register export_registers[] = {
	{ K_PROGRAMME, "Programmes", "programmes" },
	{ K_PROJECT, "Projects", "projects" },
	{ K_MILESTONE, "Milestones", "milestones" },
	{ K_RISK, "Risks", "risks" },
	{ K_RISK_ACTION, "Risk actions", "risk_actions" },
	{ K_ISSUE, "Issues", "issues" },
	{ K_DECISION, "Decisions", "decisions" },
	{ K_BENEFIT, "Benefits", "benefits" },
	{ K_FINANCE, "Finance", "finance" },
	{ K_BUSINESS_CASE, "Business cases", "business_cases" },
	{ K_CHANGE_REQUEST, "Change requests", "change_requests" },
	{ K_MEASURE, "Measures", "measures" },
	{ K_EXCEPTION, "Exceptions", "exceptions" },
	{ K_DCA, "Delivery confidence", "delivery_confidence" },
};
const size_t export_nregisters = sizeof(export_registers) / sizeof(export_registers[0]);

/* --- the view ------------------------------------------------------------ */

/* A kept record's marking (an unknown one never passes paper_mark_ok). */
static int
rank(const char *m)
{
	int i = m ? enum_index(marking_values, m) : 0;

	return i < 0 ? 0 : i;
}

/* May the reader see rec, given what is in the view so far? */
static int
visible(const struct paper *pp, const struct dataset *view, const struct entity *e,
	const void *rec)
{
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		const char *v;

		if (f->type == FT_ENUM && f->values == marking_values) {
			if (!paper_mark_ok(pp, *field_str((void *)rec, f)))
				return 0;
			continue;
		}
		if (f->type != FT_REF || (v = *field_str((void *)rec, f)) == NULL)
			continue;
		if (f->ref == K_PROGRAMME) {
			if (!paper_prog_ok(pp, v))
				return 0;
		} else if (f->ref == K_PROJECT) {
			if (!paper_proj_ok(pp, v))
				return 0;
		} else if (f->ref < e->kind) {
			if (dataset_find(view, f->ref, v) == NULL)
				return 0;
		}
	}
	return 1;
}

int
export_view(const struct dataset *ds, const char *clearance, struct dataset *view,
	    const char **marking, struct error *err)
{
	struct dataset all;
	struct paper pp;
	struct report rep;
	int ret = -1, top = 0;

	dataset_init(view);
	/* every record, sorted, so that each look-up is a binary search */
	dataset_init(&all);
	for (int k = 0; k < K__COUNT; k++) {
		struct table *t = &all.t[k];

		t->n = t->alloc = dataset_count(ds, k);
		t->rows = xmalloc((t->n ? t->n : 1) * sizeof(void *));
		if (t->n)
			memcpy(t->rows, ds->t[k].rows, t->n * sizeof(void *));
	}
	dataset_sort(&all);
	if (paper_init(&pp, &all, clearance, &rep, err) < 0)
		goto out;
	for (int k = 0; k < K__COUNT; k++) {
		const struct entity *e = entity_of(k);
		const struct field *mf = entity_field(e, "marking");
		struct table *t = &view->t[k];

		t->rows = xmalloc((all.t[k].n ? all.t[k].n : 1) * sizeof(void *));
		t->alloc = all.t[k].n ? all.t[k].n : 1;
		for (size_t i = 0; i < all.t[k].n; i++) {
			void *rec = all.t[k].rows[i];

			if (!visible(&pp, view, e, rec))
				continue;
			t->rows[t->n++] = rec;
			if (mf && rank(*field_str(rec, mf)) > top)
				top = rank(*field_str(rec, mf));
		}
		t->sorted = 1;	/* a sorted table, filtered in order */
	}
	if (marking)
		*marking = marking_values[top];
	ret = 0;
out:
	paper_release(&pp);
	report_release(&rep);
	dataset_release(&all);
	if (ret < 0) {
		dataset_release(view);
		dataset_init(view);
	}
	return ret;
}

/* --- columns ------------------------------------------------------------- */

enum derived {
	D_NONE,
	D_CURRENT_SCORE,	/* risk: current likelihood x impact */
	D_TARGET_SCORE,		/* risk: target likelihood x impact */
	D_FINANCIAL_YEAR	/* finance: "2018/19" */
};

/* Headers for people: the field's name, with a few words spelt out. */
static const char *
title_of(const char *name, char *buf, size_t size)
{
	static const struct {
		const char *name, *title;
	} words[] = {
		{ "sro", "SRO" },
		{ "dca", "DCA rating" },
		{ "sro_dca", "SRO's DCA rating" },
		{ "whole_life_cost", "Whole-life cost" },
		{ "seq", "Number" },
		{ "year", "Year (first of the financial year)" },
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].name, name) == 0)
			return words[i].title;
	snprintf(buf, size, "%s", name);
	for (i = 0; buf[i]; i++)
		if (buf[i] == '_')
			buf[i] = ' ';
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
	return buf;
}

static void
derived(struct export_col *c, const char *name, const char *title, enum ftype t,
	enum derived d)
{
	c->name = name;
	c->title = title;
	c->type = t;
	c->f = NULL;
	c->derived = d;
}

size_t
export_columns(enum kind k, struct export_col **cols)
{
	const struct entity *e = entity_of(k);
	struct export_col *c = xcalloc(e->nfields + 3, sizeof(*c));
	size_t n = 0;

	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];

		c[n].name = f->name;
		c[n].title = title_of(f->name, c[n].title_buf, sizeof(c[n].title_buf));
		c[n].type = f->type;
		c[n].f = f;
		n++;
		if (k == K_FINANCE && strcmp(f->name, "year") == 0)
			derived(&c[n++], "financial_year", "Financial year", FT_TEXT,
				D_FINANCIAL_YEAR);
		if (k == K_RISK && strcmp(f->name, "current_impact") == 0)
			derived(&c[n++], "current_score", "Current score", FT_INT,
				D_CURRENT_SCORE);
		if (k == K_RISK && strcmp(f->name, "target_impact") == 0)
			derived(&c[n++], "target_score", "Target score", FT_INT,
				D_TARGET_SCORE);
	}
	*cols = c;
	return n;
}

void
export_value(const struct export_col *c, const void *crec, struct export_val *v,
	     char *buf, size_t size)
{
	void *rec = (void *)crec;

	memset(v, 0, sizeof(*v));
	v->type = c->type;
	if (c->f) {
		const struct field *f = c->f;

		v->present = field_present(rec, f);
		if (!v->present)
			return;
		switch (f->type) {
		case FT_TEXT:
		case FT_ENUM:
		case FT_REF:
			v->s = *field_str(rec, f);
			break;
		case FT_DATE:
		case FT_MONTH:
			v->day = *field_i32(rec, f);
			break;
		case FT_INT:
		case FT_MONEY:
			v->i = *field_i64(rec, f);
			break;
		case FT_REAL:
			v->d = *field_real(rec, f);
			v->present = isfinite(v->d);
			break;
		case FT_BOOL:
			v->b = *field_bool(rec, f);
			break;
		}
		return;
	}
	switch ((enum derived)c->derived) {
	case D_CURRENT_SCORE:
	case D_TARGET_SCORE: {
		const struct risk *r = rec;
		int64_t l = c->derived == D_CURRENT_SCORE ? r->current_likelihood :
			r->target_likelihood;
		int64_t im = c->derived == D_CURRENT_SCORE ? r->current_impact :
			r->target_impact;

		v->present = l != INT_NONE && im != INT_NONE;
		v->i = v->present ? l * im : 0;
		break;
	}
	case D_FINANCIAL_YEAR: {
		const struct finance *fi = rec;

		v->present = fi->year != INT_NONE && fi->year > 0 && fi->year < 10000;
		if (v->present && size >= 8)
			v->s = fy_label((int)fi->year, buf);
		else
			v->present = 0;
		break;
	}
	case D_NONE:
		break;
	}
}

/* --- text ---------------------------------------------------------------- */

#define REPLACEMENT "\xEF\xBF\xBD"

int
export_clean(struct strbuf *sb, const char *s, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t start = sb->len;

	while (*u) {
		unsigned c = *u;
		const char *add = NULL;
		size_t n = 0, len = 1;
		uint32_t cp = 0;

		if (c < 0x80) {
			if (c == '\r') {
				add = "\n";
				if (u[1] == '\n')
					len = 2;
			} else if (c < 0x20 && c != '\t' && c != '\n') {
				add = REPLACEMENT;
			} else if (c == 0x7f) {
				add = REPLACEMENT;
			}
		} else {
			size_t i;

			if (c >= 0xC2 && c <= 0xDF) {
				n = 1;
				cp = c & 0x1F;
			} else if (c >= 0xE0 && c <= 0xEF) {
				n = 2;
				cp = c & 0x0F;
			} else if (c >= 0xF0 && c <= 0xF4) {
				n = 3;
				cp = c & 0x07;
			}
			for (i = 1; n && i <= n; i++) {
				if ((u[i] & 0xC0) != 0x80)
					break;
				cp = cp << 6 | (u[i] & 0x3F);
			}
			if (n == 0 || i <= n || (n == 2 && cp < 0x800) ||
			    (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
			    (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp <= 0x9F) ||
			    cp == 0xFFFE || cp == 0xFFFF)
				add = REPLACEMENT;
			else
				len = n + 1;
		}
		if (max && sb->len - start + (add ? strlen(add) : len) > max)
			return 1;
		if (add)
			strbuf_addstr(sb, add);
		else
			strbuf_add(sb, u, len);
		u += add && c >= 0x80 ? 1 : len;
	}
	return 0;
}
