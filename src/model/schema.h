/*
 * schema.h - the portfolio model: one struct per kind of record, and a
 * descriptor table that says what each field is.
 *
 * The descriptors are the single statement of the model. The JSON
 * interchange format, validation, the store's parameter binding, the
 * audit log's field-by-field comparison and `folio list/show` all walk
 * them, so adding a field means adding it here, to the struct, and to the
 * SQL files; nothing else.
 *
 * Records refer to each other by natural key (a programme's code, a
 * user's username), never by database id: a record means the same thing in
 * a file, in memory and in any store.
 *
 * Field representation by type:
 *   FT_TEXT, FT_ENUM, FT_REF  char *, NULL when absent
 *   FT_DATE                   int32_t day number (core/date.h), 0 absent
 *   FT_MONTH                  int32_t month number (core/date.h), 0 absent
 *   FT_INT, FT_MONEY          int64_t, INT_NONE when absent; money is in
 *                             whole pounds
 *   FT_REAL                   double, NAN when absent
 *   FT_BOOL                   int, 0 or 1
 * All strings in a record belong to the dataset's arena.
 */
#ifndef FOLIO_SCHEMA_H
#define FOLIO_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#define INT_NONE INT64_MIN

enum ftype {
	FT_TEXT,
	FT_ENUM,
	FT_REF,
	FT_DATE,
	FT_MONTH,
	FT_INT,
	FT_MONEY,
	FT_REAL,
	FT_BOOL
};

/* Field flags. */
#define F_KEY	0x01	/* part of the record's natural key */
#define F_REQ	0x02	/* must be present */
#define F_LIST	0x04	/* a column of `folio list` */
#define F_LONG	0x08	/* free text that may run to paragraphs */

/*
 * Kinds of record, in the order a dataset is written: every kind refers
 * only to kinds before it (risk_link and dependency refer to their own
 * kind's earlier rows, which are all written first).
 */
enum kind {
	K_ORGANISATION,
	K_USER,
	K_PORTFOLIO,
	K_PROGRAMME,
	K_PROJECT,
	K_USER_SCOPE,
	K_PERIOD,
	K_DCA,
	K_RETURN,
	K_MILESTONE,
	K_MILESTONE_FORECAST,
	K_CALENDAR,
	K_CALENDAR_DAY,
	K_ACTIVITY,
	K_DEPENDENCY,
	K_RISK,
	K_RISK_SCORE,
	K_RISK_ACTION,
	K_RISK_LINK,
	K_ISSUE,
	K_DECISION,
	K_BENEFIT,
	K_BENEFIT_VALUE,
	K_FINANCE,
	K_BUSINESS_CASE,
	K_CHANGE_REQUEST,
	K_CHANGE_MILESTONE,
	K_BASELINE,
	K_BASELINE_MILESTONE,
	K_UNIT,
	K_READINESS,
	K_MEASURE,
	K_MEASURE_VALUE,
	K_TOLERANCE,
	K_EXCEPTION,
	K__COUNT
};

struct field {
	const char *name;	/* JSON member and SQL column */
	enum ftype type;
	unsigned flags;
	size_t offset;		/* in the record struct */
	const char *const *values; /* FT_ENUM: NULL-terminated spellings */
	enum kind ref;		/* FT_REF: the kind referred to */
	int64_t min, max;	/* FT_INT/FT_REAL: range when min < max */
	const char *help;	/* one line for docs and --help */
};

struct entity {
	enum kind kind;
	const char *name;	/* "programme" */
	const char *plural;	/* "programmes": JSON member, `folio list` */
	size_t size;		/* sizeof the record struct */
	const struct field *fields;
	size_t nfields;
	const char *date_field;	/* filtered by --from/--to, or NULL */
	const char *help;
};

/* Protective markings, lowest first. */
extern const char *const marking_values[];
/* DCA ratings: five-point, three-point, then the two non-ratings. */
extern const char *const dca_values[];

/* --- the records ------------------------------------------------------ */

struct organisation {
	char *code;
	char *name;
	char *dca_scale;	/* "five" or "three" */
	char *oversight_board;
	char *description;
	char *calendar;		/* default project calendar, or NULL */
};

struct user {
	char *username;
	char *name;
	char *email;
	char *role;
	char *clearance;
	int active;
};

struct portfolio {
	char *code;
	char *name;
	char *owner;
	char *directorate;
	char *board;
	char *description;
	char *marking;
};

struct programme {
	char *code;
	char *portfolio;
	char *name;
	char *description;
	char *sro;
	char *manager;
	char *board;
	char *lifecycle;
	int32_t start_date;
	int32_t end_date;
	int64_t whole_life_cost;
	char *outcome;
	char *marking;
	char *assumption;
};

struct project {
	char *code;
	char *programme;
	char *name;
	char *description;
	char *manager;
	char *lifecycle;
	int32_t start_date;
	int32_t end_date;
	int64_t whole_life_cost;
	char *outcome;
	char *marking;
	char *assumption;
};

struct user_scope {
	char *user;
	char *programme;
};

struct period {
	int32_t month;
	char *state;
	char *published_by;
	char *published_at;	/* ISO 8601 timestamp */
};

struct dca {
	char *programme;
	char *project;		/* NULL: the programme itself */
	int32_t assessed_on;
	char *assessor;		/* sro, portfolio_office, independent */
	char *rating;
	char *note;
	char *assumption;
};

struct monthly_return {
	char *programme;
	int32_t period;
	int64_t version;	/* 1, then 2.. for corrections */
	char *status;
	char *dca;
	char *sro_dca;
	char *headline;
	char *commentary;
	char *achievements;
	char *next_period;
	int64_t spend_to_date;
	int64_t forecast;
	char *submitted_by;
	char *submitted_at;
	char *reviewed_by;
	char *reviewed_at;
	char *assumption;
};

struct milestone {
	char *code;
	char *programme;
	char *project;
	char *name;
	char *description;
	char *owner;
	int key;
	int32_t baseline_date;
	int32_t forecast_date;
	int32_t actual_date;
	char *marking;
	char *assumption;
};

struct milestone_forecast {
	char *milestone;
	int32_t period;
	int32_t forecast_date;
	int32_t actual_date;
};

/*
 * A working calendar of the organisation's own (see docs/schedule.md):
 * a base calendar's rules with the week's hours and the bank holidays
 * changed as its fields say, and dated days off or with other hours
 * (calendar_day).
 */
struct calendar {
	char *code;
	char *name;
	char *base;		/* built-in name or a calendar's code; NULL:
				   england-and-wales */
	char *week;		/* "mon-fri 09:00-17:00; sat off" (calendar-text.h) */
	char *bank_holidays;	/* "on", "off", or NULL: as the base */
	int continuous;		/* works around the clock */
	char *note;
};

struct calendar_day {
	char *calendar;
	int32_t date;
	char *hours;		/* "09:00-13:00"; NULL: a day off */
	char *note;
};

struct activity {
	char *code;
	char *programme;
	char *name;
	char *type;		/* task, milestone */
	char *milestone;	/* the reporting milestone it stands for */
	double duration_days;
	double optimistic_days;
	double likely_days;
	double pessimistic_days;
	char *calendar;
	char *constraint_type;
	int32_t constraint_date;
	int32_t actual_start;
	int32_t actual_finish;
	char *assumption;
};

struct dependency {
	char *predecessor;
	char *successor;
	char *type;		/* FS, SS, FF, SF */
	double lag_days;
	char *note;
};

struct risk {
	char *code;
	char *level;
	char *programme;
	char *project;
	char *title;
	char *cause;
	char *event;
	char *effect;
	char *owner;
	char *category;
	int64_t inherent_likelihood;
	int64_t inherent_impact;
	int64_t current_likelihood;
	int64_t current_impact;
	int64_t target_likelihood;
	int64_t target_impact;
	int32_t proximity;
	double schedule_impact_days;	/* working days it adds if it happens */
	char *activity;		/* the activity it would delay */
	char *response;
	char *status;
	int32_t raised;
	char *marking;
	char *assumption;
};

/* A risk's current assessment as reported in a month: its history. */
struct risk_score {
	char *risk;
	int32_t period;
	int64_t likelihood;
	int64_t impact;
	char *status;
	char *note;
};

struct risk_action {
	char *risk;
	int64_t seq;
	char *action;
	char *owner;
	int32_t due;
	int32_t done;
};

struct risk_link {
	char *portfolio_risk;
	char *risk;
};

struct issue {
	char *code;
	char *level;
	char *programme;
	char *project;
	char *title;
	char *description;
	char *severity;
	char *dimension;	/* tolerance dimension it bears on, or NULL */
	char *owner;
	int32_t raised;
	char *status;
	char *resolution;
	int32_t resolved;
	char *marking;
	char *assumption;
};

struct decision {
	char *code;
	char *programme;
	char *milestone;	/* the milestone it gates, or NULL */
	char *title;
	char *description;
	char *board;
	int32_t original_due;
	int32_t due;
	int32_t decided;
	char *status;
	char *outcome;
	char *marking;
	char *assumption;
};

struct benefit {
	char *code;
	char *programme;
	char *title;
	char *owner;
	char *type;
	char *measure;
	char *unit;
	double baseline;
	double target;
	int32_t target_date;
	char *evaluation;
	char *marking;
	char *assumption;
};

struct benefit_value {
	char *benefit;
	int32_t period;
	double planned;
	double actual;
};

struct finance {
	char *programme;
	int64_t year;		/* financial year by its first calendar year */
	int64_t capital_budget;
	int64_t revenue_budget;
	int64_t capital_forecast;
	int64_t revenue_forecast;
	int64_t capital_actual;
	int64_t revenue_actual;
	char *assumption;
};

struct business_case {
	char *code;
	char *programme;
	char *project;
	char *title;
	char *stage;		/* SOC, OBC, FBC */
	int64_t value;
	char *board;
	int32_t submitted;
	int32_t decided;
	char *outcome;
	char *marking;
	char *assumption;
};

struct change_request {
	char *code;
	char *programme;
	char *title;
	char *reason;
	char *board;
	int32_t raised;
	int32_t decision_due;
	int32_t decided;
	char *status;
	char *assumption;
};

/* A milestone date a change request proposes for the new baseline. */
struct change_milestone {
	char *change_request;
	char *milestone;
	int32_t proposed_date;
	char *note;
};

struct baseline {
	char *code;
	char *programme;
	int64_t version;
	char *change_request;
	char *approved_by;
	int32_t approved_on;
	int32_t end_date;
	int64_t whole_life_cost;
	char *note;
};

struct baseline_milestone {
	char *baseline;
	char *milestone;
	int32_t date;
};

struct unit {
	char *code;
	char *name;
	char *type;		/* BCU, OCU, other */
	char *change_manager;
};

struct readiness {
	char *unit;
	char *programme;
	char *change;
	char *rating;
	int32_t assessed_on;
	int32_t go_live;
	char *note;
	char *assumption;
};

struct measure {
	char *code;
	char *programme;
	char *name;
	char *unit;
	double baseline;
	double target;
	int32_t target_date;
	char *assumption;
};

struct measure_value {
	char *measure;
	int32_t on;
	double value;
	char *assumption;
};

struct tolerance {
	char *programme;	/* NULL: the portfolio default */
	char *dimension;
	double threshold;
	double forecast_threshold;
	char *note;
};

struct exception {
	char *code;
	char *programme;
	int32_t period;
	char *dimension;
	char *type;		/* breach, forecast_breach */
	char *evidence;
	char *cause;
	char *consequences;
	char *options;
	char *recommendation;
	char *status;
	char *marking;
};

/* --- the descriptors -------------------------------------------------- */

/* The descriptor of a kind. */
const struct entity *entity_of(enum kind k);
/* Look a kind up by singular or plural name; NULL if none. */
const struct entity *entity_by_name(const char *name);
const struct field *entity_field(const struct entity *e, const char *name);

/* Index of value in a NULL-terminated list, or -1. */
int enum_index(const char *const *values, const char *value);

/* Typed access to a record's field through its descriptor. */
char **field_str(void *rec, const struct field *f);
int32_t *field_i32(void *rec, const struct field *f);
int64_t *field_i64(void *rec, const struct field *f);
double *field_real(void *rec, const struct field *f);
int *field_bool(void *rec, const struct field *f);
/* Non-zero when the field holds a value (FT_BOOL always does). */
int field_present(const void *rec, const struct field *f);
/* Set every field of a fresh record to "absent". */
void record_clear(void *rec, const struct entity *e);

#endif
