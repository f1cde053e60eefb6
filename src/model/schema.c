/*
 * schema.c - the field descriptors of every kind of record.
 *
 * Order of fields here is the order of JSON members on export, of SQL
 * parameters in data/sql/<backend>/records.sql and of columns in `folio
 * show`. Key fields come first.
 */
#include "schema.h"

#include <math.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define TEXT(S, N, FL, H) { #N, FT_TEXT, FL, offsetof(struct S, N), NULL, 0, 0, 0, H }
#define ENUM(S, N, V, FL, H) { #N, FT_ENUM, FL, offsetof(struct S, N), V, 0, 0, 0, H }
#define REF(S, N, K, FL, H) { #N, FT_REF, FL, offsetof(struct S, N), NULL, K, 0, 0, H }
#define DATE(S, N, FL, H) { #N, FT_DATE, FL, offsetof(struct S, N), NULL, 0, 0, 0, H }
#define MONTH(S, N, FL, H) { #N, FT_MONTH, FL, offsetof(struct S, N), NULL, 0, 0, 0, H }
#define INT(S, N, LO, HI, FL, H) { #N, FT_INT, FL, offsetof(struct S, N), NULL, 0, LO, HI, H }
#define MONEY(S, N, FL, H) { #N, FT_MONEY, FL, offsetof(struct S, N), NULL, 0, 0, 0, H }
#define REAL(S, N, LO, HI, FL, H) { #N, FT_REAL, FL, offsetof(struct S, N), NULL, 0, LO, HI, H }
#define BOOL(S, N, FL, H) { #N, FT_BOOL, FL, offsetof(struct S, N), NULL, 0, 0, 0, H }

#define K F_KEY
#define R F_REQ
#define L F_LIST
#define LG F_LONG

const char *const marking_values[] = { "OFFICIAL", "OFFICIAL-SENSITIVE", NULL };
const char *const dca_values[] = {
	"Green", "Amber/Green", "Amber", "Amber/Red", "Red",
	"Exempt", "Not assessed", NULL
};
static const char *const scale_values[] = { "five", "three", NULL };
static const char *const role_values[] = {
	"administrator", "portfolio_office", "programme_manager",
	"board_member", "viewer", NULL
};
static const char *const lifecycle_values[] = { "pipeline", "active", "closed", NULL };
static const char *const period_values[] = { "open", "submitted", "reviewed", "published", NULL };
static const char *const assessor_values[] = { "sro", "portfolio_office", "independent", NULL };
static const char *const return_values[] = { "draft", "submitted", "reviewed", "published", NULL };
static const char *const on_off_values[] = { "on", "off", NULL };
static const char *const activity_values[] = { "task", "milestone", NULL };
static const char *const constraint_values[] = {
	"ASAP", "ALAP", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO", NULL
};
static const char *const link_values[] = { "FS", "SS", "FF", "SF", NULL };
static const char *const level_values[] = { "project", "programme", "portfolio", NULL };
static const char *const response_values[] = { "treat", "tolerate", "transfer", "terminate", NULL };
static const char *const risk_status_values[] = { "open", "closed", NULL };
static const char *const severity_values[] = { "low", "medium", "high", "critical", NULL };
static const char *const issue_status_values[] = { "open", "resolved", "closed", NULL };
static const char *const decision_values[] = { "pending", "made", "deferred", NULL };
static const char *const benefit_values[] = {
	"cash_releasing", "non_cash_releasing", "dis_benefit", NULL
};
static const char *const stage_values[] = { "SOC", "OBC", "FBC", NULL };
static const char *const outcome_values[] = { "pending", "approved", "rejected", "deferred", NULL };
static const char *const cr_values[] = { "pending", "approved", "rejected", "withdrawn", NULL };
static const char *const unit_values[] = { "BCU", "OCU", "other", NULL };
static const char *const readiness_values[] = { "ready", "on_track", "at_risk", "not_ready", NULL };
static const char *const dimension_values[] = {
	"time", "cost", "scope", "quality", "risk", "benefits", "confidence", NULL
};
static const char *const exception_values[] = { "breach", "forecast_breach", NULL };
static const char *const exception_status_values[] = {
	"open", "escalated", "resolved", "closed", NULL
};

static const struct field organisation_fields[] = {
	TEXT(organisation, code, K | R | L, "short code, e.g. MPS"),
	TEXT(organisation, name, R | L, "full name"),
	ENUM(organisation, dca_scale, scale_values, 0, "five-point (default) or three-point DCA scale"),
	TEXT(organisation, oversight_board, 0, "the body quarterly updates go to"),
	TEXT(organisation, description, LG, "what the organisation is"),
	TEXT(organisation, calendar, 0, "default project calendar of its schedules: a calendar's code or a built-in calendar (else england-and-wales)"),
};

static const struct field user_fields[] = {
	TEXT(user, username, K | R | L, "login name"),
	TEXT(user, name, R | L, "full name"),
	TEXT(user, email, 0, "e-mail address"),
	ENUM(user, role, role_values, R | L, "what the user may do"),
	ENUM(user, clearance, marking_values, R | L, "highest marking the user may see"),
	BOOL(user, active, L, "may log in"),
};

static const struct field portfolio_fields[] = {
	TEXT(portfolio, code, K | R | L, "short code"),
	TEXT(portfolio, name, R | L, "name"),
	TEXT(portfolio, owner, L, "accountable owner"),
	TEXT(portfolio, directorate, 0, "directorate that runs it"),
	TEXT(portfolio, board, 0, "board that decides on it"),
	TEXT(portfolio, description, LG, "purpose"),
	ENUM(portfolio, marking, marking_values, 0, "protective marking"),
};

static const struct field programme_fields[] = {
	TEXT(programme, code, K | R | L, "short code, e.g. SLP"),
	REF(programme, portfolio, K_PORTFOLIO, R, "portfolio it belongs to"),
	TEXT(programme, name, R | L, "name"),
	TEXT(programme, description, LG, "what it will change"),
	TEXT(programme, sro, L, "senior responsible owner"),
	TEXT(programme, manager, 0, "programme manager"),
	TEXT(programme, board, 0, "programme board"),
	ENUM(programme, lifecycle, lifecycle_values, R | L, "pipeline, active or closed"),
	DATE(programme, start_date, L, "start"),
	DATE(programme, end_date, L, "planned end"),
	MONEY(programme, whole_life_cost, 0, "whole-life cost in pounds"),
	TEXT(programme, outcome, LG, "what it delivered (closed programmes)"),
	ENUM(programme, marking, marking_values, 0, "protective marking"),
	TEXT(programme, assumption, 0, "what was assumed where the source gave no figure"),
};

static const struct field project_fields[] = {
	TEXT(project, code, K | R | L, "short code"),
	REF(project, programme, K_PROGRAMME, R | L, "programme it belongs to"),
	TEXT(project, name, R | L, "name"),
	TEXT(project, description, LG, "what it will deliver"),
	TEXT(project, manager, 0, "project manager"),
	ENUM(project, lifecycle, lifecycle_values, R | L, "pipeline, active or closed"),
	DATE(project, start_date, 0, "start"),
	DATE(project, end_date, L, "planned end"),
	MONEY(project, whole_life_cost, 0, "whole-life cost in pounds"),
	TEXT(project, outcome, LG, "what it delivered (closed projects)"),
	ENUM(project, marking, marking_values, 0, "protective marking"),
	TEXT(project, assumption, 0, "what was assumed"),
};

static const struct field user_scope_fields[] = {
	REF(user_scope, user, K_USER, K | R | L, "the user"),
	REF(user_scope, programme, K_PROGRAMME, K | R | L, "a programme the user may work on"),
};

static const struct field period_fields[] = {
	MONTH(period, month, K | R | L, "the month, YYYY-MM"),
	ENUM(period, state, period_values, R | L, "open, submitted, reviewed or published"),
	TEXT(period, published_by, L, "who published it"),
	TEXT(period, published_at, 0, "when it was published (ISO 8601)"),
};

static const struct field dca_fields[] = {
	REF(dca, programme, K_PROGRAMME, K | R | L, "programme assessed"),
	REF(dca, project, K_PROJECT, K | L, "project assessed, if not the whole programme"),
	DATE(dca, assessed_on, K | R | L, "date of the assessment"),
	ENUM(dca, assessor, assessor_values, K | R | L, "sro, portfolio_office or independent"),
	ENUM(dca, rating, dca_values, R | L, "delivery confidence rating"),
	TEXT(dca, note, LG, "reasoning"),
	TEXT(dca, assumption, 0, "what was assumed"),
};

static const struct field return_fields[] = {
	REF(monthly_return, programme, K_PROGRAMME, K | R | L, "programme reporting"),
	MONTH(monthly_return, period, K | R | L, "reporting month"),
	INT(monthly_return, version, 1, 1000, K | R, "1, or higher for a correction"),
	ENUM(monthly_return, status, return_values, R | L, "draft, submitted, reviewed or published"),
	ENUM(monthly_return, dca, dca_values, L, "delivery confidence as assessed"),
	ENUM(monthly_return, sro_dca, dca_values, 0, "the SRO's own rating"),
	TEXT(monthly_return, headline, L, "one-line summary"),
	TEXT(monthly_return, commentary, LG, "narrative"),
	TEXT(monthly_return, achievements, LG, "achieved this period"),
	TEXT(monthly_return, next_period, LG, "planned for next period"),
	MONEY(monthly_return, spend_to_date, 0, "spend this financial year to date"),
	MONEY(monthly_return, forecast, 0, "full-year forecast"),
	TEXT(monthly_return, submitted_by, 0, "who submitted it"),
	TEXT(monthly_return, submitted_at, 0, "when (ISO 8601)"),
	TEXT(monthly_return, reviewed_by, 0, "who reviewed it"),
	TEXT(monthly_return, reviewed_at, 0, "when (ISO 8601)"),
	TEXT(monthly_return, assumption, 0, "what was assumed"),
};

static const struct field milestone_fields[] = {
	TEXT(milestone, code, K | R | L, "short code"),
	REF(milestone, programme, K_PROGRAMME, R | L, "programme"),
	REF(milestone, project, K_PROJECT, 0, "project, if any"),
	TEXT(milestone, name, R | L, "name"),
	TEXT(milestone, description, LG, "what it means for the organisation"),
	TEXT(milestone, owner, 0, "owner"),
	BOOL(milestone, key, L, "a key milestone, shown in the look-forward"),
	DATE(milestone, baseline_date, L, "date in the baseline in force"),
	DATE(milestone, forecast_date, L, "current forecast"),
	DATE(milestone, actual_date, L, "when it was achieved"),
	ENUM(milestone, marking, marking_values, 0, "protective marking"),
	TEXT(milestone, assumption, 0, "what was assumed"),
};

static const struct field milestone_forecast_fields[] = {
	REF(milestone_forecast, milestone, K_MILESTONE, K | R | L, "milestone"),
	MONTH(milestone_forecast, period, K | R | L, "reporting month"),
	DATE(milestone_forecast, forecast_date, L, "forecast reported that month"),
	DATE(milestone_forecast, actual_date, L, "actual, once achieved"),
};

static const struct field calendar_fields[] = {
	TEXT(calendar, code, K | R | L, "short code: the name activities and --calendar use"),
	TEXT(calendar, name, R | L, "name"),
	TEXT(calendar, base, L, "calendar it starts from: england-and-wales (default), weekdays, standard, days or a calendar's code"),
	TEXT(calendar, week, L, "hours of the weekdays it names, replacing the base's, e.g. \"mon-fri 08:00-16:00; sat 08:00-12:00; sun off\""),
	ENUM(calendar, bank_holidays, on_off_values, 0, "England and Wales bank holidays on or off (else as the base)"),
	BOOL(calendar, continuous, 0, "works around the clock, every day"),
	TEXT(calendar, note, 0, "note"),
};

static const struct field calendar_day_fields[] = {
	REF(calendar_day, calendar, K_CALENDAR, K | R | L, "calendar"),
	DATE(calendar_day, date, K | R | L, "the day"),
	TEXT(calendar_day, hours, L, "working hours that day, e.g. \"09:00-12:00, 13:00-17:00\"; none: a day off"),
	TEXT(calendar_day, note, 0, "why, e.g. a holiday's name"),
};

static const struct field activity_fields[] = {
	TEXT(activity, code, K | R | L, "short code"),
	REF(activity, programme, K_PROGRAMME, R | L, "programme"),
	TEXT(activity, name, R | L, "name"),
	ENUM(activity, type, activity_values, R | L, "task or milestone"),
	REF(activity, milestone, K_MILESTONE, 0, "reporting milestone it stands for"),
	REAL(activity, duration_days, 0, 100000, L, "planned duration in working days"),
	REAL(activity, optimistic_days, 0, 100000, 0, "three-point estimate: optimistic"),
	REAL(activity, likely_days, 0, 100000, 0, "three-point estimate: most likely"),
	REAL(activity, pessimistic_days, 0, 100000, 0, "three-point estimate: pessimistic"),
	TEXT(activity, calendar, 0, "working calendar: a calendar's code or a built-in calendar (else the project calendar)"),
	ENUM(activity, constraint_type, constraint_values, 0, "date constraint"),
	DATE(activity, constraint_date, 0, "constraint date"),
	DATE(activity, actual_start, 0, "actual start"),
	DATE(activity, actual_finish, 0, "actual finish"),
	TEXT(activity, assumption, 0, "what was assumed"),
};

static const struct field dependency_fields[] = {
	REF(dependency, predecessor, K_ACTIVITY, K | R | L, "activity that comes first"),
	REF(dependency, successor, K_ACTIVITY, K | R | L, "activity that depends on it"),
	ENUM(dependency, type, link_values, R | L, "FS, SS, FF or SF"),
	REAL(dependency, lag_days, -100000, 100000, L, "lag in days (negative for lead)"),
	TEXT(dependency, note, 0, "why the link exists"),
};

static const struct field risk_fields[] = {
	TEXT(risk, code, K | R | L, "short code"),
	ENUM(risk, level, level_values, R | L, "project, programme or portfolio"),
	REF(risk, programme, K_PROGRAMME, L, "programme (not for portfolio risks)"),
	REF(risk, project, K_PROJECT, 0, "project, for project risks"),
	TEXT(risk, title, R | L, "short statement"),
	TEXT(risk, cause, LG, "cause"),
	TEXT(risk, event, LG, "event"),
	TEXT(risk, effect, LG, "effect"),
	TEXT(risk, owner, L, "owner"),
	TEXT(risk, category, 0, "category"),
	INT(risk, inherent_likelihood, 1, 5, 0, "before controls, 1-5"),
	INT(risk, inherent_impact, 1, 5, 0, "before controls, 1-5"),
	INT(risk, current_likelihood, 1, 5, R | L, "now, 1-5"),
	INT(risk, current_impact, 1, 5, R | L, "now, 1-5"),
	INT(risk, target_likelihood, 1, 5, 0, "after actions, 1-5"),
	INT(risk, target_impact, 1, 5, 0, "after actions, 1-5"),
	DATE(risk, proximity, 0, "when it could happen"),
	REAL(risk, schedule_impact_days, 0, 100000, 0, "working days it adds to the activity's duration if it happens"),
	REF(risk, activity, K_ACTIVITY, 0, "the schedule activity it would delay"),
	ENUM(risk, response, response_values, 0, "treat, tolerate, transfer or terminate"),
	ENUM(risk, status, risk_status_values, R | L, "open or closed"),
	DATE(risk, raised, 0, "when it was raised"),
	ENUM(risk, marking, marking_values, 0, "protective marking"),
	TEXT(risk, assumption, 0, "what was assumed"),
};

static const struct field risk_score_fields[] = {
	REF(risk_score, risk, K_RISK, K | R | L, "risk"),
	MONTH(risk_score, period, K | R | L, "reporting month"),
	INT(risk_score, likelihood, 1, 5, R | L, "current likelihood reported that month, 1-5"),
	INT(risk_score, impact, 1, 5, R | L, "current impact reported that month, 1-5"),
	ENUM(risk_score, status, risk_status_values, R | L, "open or closed that month"),
	TEXT(risk_score, note, 0, "what moved the score"),
};

static const struct field risk_action_fields[] = {
	REF(risk_action, risk, K_RISK, K | R | L, "risk"),
	INT(risk_action, seq, 1, 1000, K | R | L, "number within the risk"),
	TEXT(risk_action, action, R | L, "what is being done"),
	TEXT(risk_action, owner, L, "owner"),
	DATE(risk_action, due, L, "due"),
	DATE(risk_action, done, L, "completed"),
};

static const struct field risk_link_fields[] = {
	REF(risk_link, portfolio_risk, K_RISK, K | R | L, "portfolio-level risk"),
	REF(risk_link, risk, K_RISK, K | R | L, "programme or project risk feeding it"),
};

static const struct field issue_fields[] = {
	TEXT(issue, code, K | R | L, "short code"),
	ENUM(issue, level, level_values, R | L, "project, programme or portfolio"),
	REF(issue, programme, K_PROGRAMME, L, "programme"),
	REF(issue, project, K_PROJECT, 0, "project"),
	TEXT(issue, title, R | L, "short statement"),
	TEXT(issue, description, LG, "detail"),
	ENUM(issue, severity, severity_values, R | L, "low, medium, high or critical"),
	ENUM(issue, dimension, dimension_values, 0, "tolerance it bears on: time, cost, scope, quality, risk, benefits or confidence"),
	TEXT(issue, owner, L, "owner"),
	DATE(issue, raised, 0, "raised"),
	ENUM(issue, status, issue_status_values, R | L, "open, resolved or closed"),
	TEXT(issue, resolution, LG, "how it was or will be resolved"),
	DATE(issue, resolved, 0, "when resolved"),
	ENUM(issue, marking, marking_values, 0, "protective marking"),
	TEXT(issue, assumption, 0, "what was assumed"),
};

static const struct field decision_fields[] = {
	TEXT(decision, code, K | R | L, "short code"),
	REF(decision, programme, K_PROGRAMME, L, "programme"),
	REF(decision, milestone, K_MILESTONE, 0, "milestone the decision gates"),
	TEXT(decision, title, R | L, "what must be decided"),
	TEXT(decision, description, LG, "detail"),
	TEXT(decision, board, L, "who decides"),
	DATE(decision, original_due, 0, "first planned decision date"),
	DATE(decision, due, L, "currently due"),
	DATE(decision, decided, 0, "when decided"),
	ENUM(decision, status, decision_values, R | L, "pending, made or deferred"),
	TEXT(decision, outcome, LG, "what was decided"),
	ENUM(decision, marking, marking_values, 0, "protective marking"),
	TEXT(decision, assumption, 0, "what was assumed"),
};

static const struct field benefit_fields[] = {
	TEXT(benefit, code, K | R | L, "short code"),
	REF(benefit, programme, K_PROGRAMME, R | L, "programme"),
	TEXT(benefit, title, R | L, "the benefit"),
	TEXT(benefit, owner, 0, "owner"),
	ENUM(benefit, type, benefit_values, R | L, "cash_releasing, non_cash_releasing or dis_benefit"),
	TEXT(benefit, measure, 0, "how it is measured"),
	TEXT(benefit, unit, L, "unit of the measure"),
	REAL(benefit, baseline, 0, 0, 0, "value before the change"),
	REAL(benefit, target, 0, 0, L, "value aimed for"),
	DATE(benefit, target_date, L, "by when"),
	TEXT(benefit, evaluation, LG, "post-project review findings"),
	ENUM(benefit, marking, marking_values, 0, "protective marking"),
	TEXT(benefit, assumption, 0, "what was assumed"),
};

static const struct field benefit_value_fields[] = {
	REF(benefit_value, benefit, K_BENEFIT, K | R | L, "benefit"),
	MONTH(benefit_value, period, K | R | L, "month"),
	REAL(benefit_value, planned, 0, 0, L, "profile: planned value"),
	REAL(benefit_value, actual, 0, 0, L, "realised value"),
};

static const struct field finance_fields[] = {
	REF(finance, programme, K_PROGRAMME, K | R | L, "programme"),
	INT(finance, year, 1990, 2100, K | R | L, "financial year by its first year (2018 = 2018/19)"),
	MONEY(finance, capital_budget, L, "capital budget, pounds"),
	MONEY(finance, revenue_budget, L, "revenue budget, pounds"),
	MONEY(finance, capital_forecast, 0, "capital forecast outturn"),
	MONEY(finance, revenue_forecast, 0, "revenue forecast outturn"),
	MONEY(finance, capital_actual, 0, "capital spent"),
	MONEY(finance, revenue_actual, 0, "revenue spent"),
	TEXT(finance, assumption, 0, "what was assumed"),
};

static const struct field business_case_fields[] = {
	TEXT(business_case, code, K | R | L, "short code"),
	REF(business_case, programme, K_PROGRAMME, R | L, "programme"),
	REF(business_case, project, K_PROJECT, 0, "project"),
	TEXT(business_case, title, R | L, "title"),
	ENUM(business_case, stage, stage_values, R | L, "SOC, OBC or FBC"),
	MONEY(business_case, value, L, "investment sought, pounds"),
	TEXT(business_case, board, 0, "approving board"),
	DATE(business_case, submitted, 0, "submitted"),
	DATE(business_case, decided, L, "decided"),
	ENUM(business_case, outcome, outcome_values, R | L, "pending, approved, rejected or deferred"),
	ENUM(business_case, marking, marking_values, 0, "protective marking"),
	TEXT(business_case, assumption, 0, "what was assumed"),
};

static const struct field change_request_fields[] = {
	TEXT(change_request, code, K | R | L, "short code"),
	REF(change_request, programme, K_PROGRAMME, R | L, "programme"),
	TEXT(change_request, title, R | L, "what changes"),
	TEXT(change_request, reason, LG, "why"),
	TEXT(change_request, board, 0, "deciding board"),
	DATE(change_request, raised, 0, "raised"),
	DATE(change_request, decision_due, L, "decision due"),
	DATE(change_request, decided, 0, "decided"),
	ENUM(change_request, status, cr_values, R | L, "pending, approved, rejected or withdrawn"),
	TEXT(change_request, assumption, 0, "what was assumed"),
};

static const struct field change_milestone_fields[] = {
	REF(change_milestone, change_request, K_CHANGE_REQUEST, K | R | L, "change request"),
	REF(change_milestone, milestone, K_MILESTONE, K | R | L, "milestone"),
	DATE(change_milestone, proposed_date, R | L, "date proposed for the new baseline"),
	TEXT(change_milestone, note, 0, "why that date"),
};

static const struct field baseline_fields[] = {
	TEXT(baseline, code, K | R | L, "short code"),
	REF(baseline, programme, K_PROGRAMME, R | L, "programme"),
	INT(baseline, version, 1, 1000, R | L, "1 for the first baseline"),
	REF(baseline, change_request, K_CHANGE_REQUEST, 0, "change request that made it"),
	TEXT(baseline, approved_by, L, "approving board"),
	DATE(baseline, approved_on, L, "approved"),
	DATE(baseline, end_date, 0, "baselined end date"),
	MONEY(baseline, whole_life_cost, 0, "baselined whole-life cost"),
	TEXT(baseline, note, 0, "note"),
};

static const struct field baseline_milestone_fields[] = {
	REF(baseline_milestone, baseline, K_BASELINE, K | R | L, "baseline"),
	REF(baseline_milestone, milestone, K_MILESTONE, K | R | L, "milestone"),
	DATE(baseline_milestone, date, R | L, "baselined date"),
};

static const struct field unit_fields[] = {
	TEXT(unit, code, K | R | L, "short code"),
	TEXT(unit, name, R | L, "name"),
	ENUM(unit, type, unit_values, R | L, "BCU, OCU or other"),
	TEXT(unit, change_manager, L, "local change manager"),
};

static const struct field readiness_fields[] = {
	REF(readiness, unit, K_UNIT, K | R | L, "unit"),
	REF(readiness, programme, K_PROGRAMME, K | R | L, "programme whose change lands"),
	TEXT(readiness, change, K | R | L, "the change landing"),
	ENUM(readiness, rating, readiness_values, R | L, "ready, on_track, at_risk or not_ready"),
	DATE(readiness, assessed_on, 0, "assessed"),
	DATE(readiness, go_live, L, "when the change lands"),
	TEXT(readiness, note, 0, "note"),
	TEXT(readiness, assumption, 0, "what was assumed"),
};

static const struct field measure_fields[] = {
	TEXT(measure, code, K | R | L, "short code"),
	REF(measure, programme, K_PROGRAMME, L, "programme"),
	TEXT(measure, name, R | L, "what is counted"),
	TEXT(measure, unit, L, "unit"),
	REAL(measure, baseline, 0, 0, 0, "starting value"),
	REAL(measure, target, 0, 0, L, "target"),
	DATE(measure, target_date, L, "by when"),
	TEXT(measure, assumption, 0, "what was assumed"),
};

static const struct field measure_value_fields[] = {
	REF(measure_value, measure, K_MEASURE, K | R | L, "measure"),
	DATE(measure_value, on, K | R | L, "date"),
	REAL(measure_value, value, 0, 0, R | L, "value"),
	TEXT(measure_value, assumption, 0, "what was assumed"),
};

static const struct field tolerance_fields[] = {
	REF(tolerance, programme, K_PROGRAMME, K | L, "programme, or none for the portfolio default"),
	ENUM(tolerance, dimension, dimension_values, K | R | L, "time, cost, scope, quality, risk, benefits or confidence"),
	REAL(tolerance, threshold, 0, 0, R | L, "breach threshold"),
	REAL(tolerance, forecast_threshold, 0, 0, L, "forecast-breach threshold"),
	TEXT(tolerance, note, 0, "how the threshold reads"),
};

static const struct field exception_fields[] = {
	TEXT(exception, code, K | R | L, "short code"),
	REF(exception, programme, K_PROGRAMME, R | L, "programme"),
	MONTH(exception, period, R | L, "period it was raised in"),
	ENUM(exception, dimension, dimension_values, R | L, "tolerance breached"),
	ENUM(exception, type, exception_values, R | L, "breach or forecast_breach"),
	TEXT(exception, evidence, LG, "the figures"),
	TEXT(exception, cause, LG, "cause"),
	TEXT(exception, consequences, LG, "consequences"),
	TEXT(exception, options, LG, "options"),
	TEXT(exception, recommendation, LG, "recommendation"),
	ENUM(exception, status, exception_status_values, R | L, "open, escalated, resolved or closed"),
	ENUM(exception, marking, marking_values, 0, "protective marking"),
};

#define ENT(KND, S, NAME, PLURAL, FIELDS, DATEF, HELP) \
	[KND] = { KND, NAME, PLURAL, sizeof(struct S), FIELDS, \
		  ARRAY_SIZE(FIELDS), DATEF, HELP }

static const struct entity entities[K__COUNT] = {
	ENT(K_ORGANISATION, organisation, "organisation", "organisations", organisation_fields, NULL, "a body using folio"),
	ENT(K_USER, user, "user", "users", user_fields, NULL, "a person who logs in"),
	ENT(K_PORTFOLIO, portfolio, "portfolio", "portfolios", portfolio_fields, NULL, "a portfolio of programmes"),
	ENT(K_PROGRAMME, programme, "programme", "programmes", programme_fields, "end_date", "a change programme"),
	ENT(K_PROJECT, project, "project", "projects", project_fields, "end_date", "a project within a programme"),
	ENT(K_USER_SCOPE, user_scope, "user_scope", "user_scopes", user_scope_fields, NULL, "a programme a user works on"),
	ENT(K_PERIOD, period, "period", "periods", period_fields, NULL, "a monthly reporting period"),
	ENT(K_DCA, dca, "dca", "dcas", dca_fields, "assessed_on", "a delivery confidence assessment"),
	ENT(K_RETURN, monthly_return, "return", "returns", return_fields, NULL, "a programme's monthly return"),
	ENT(K_MILESTONE, milestone, "milestone", "milestones", milestone_fields, "forecast_date", "a milestone"),
	ENT(K_MILESTONE_FORECAST, milestone_forecast, "milestone_forecast", "milestone_forecasts", milestone_forecast_fields, "forecast_date", "a milestone's forecast as reported in a month"),
	ENT(K_CALENDAR, calendar, "calendar", "calendars", calendar_fields, NULL, "a working calendar"),
	ENT(K_CALENDAR_DAY, calendar_day, "calendar_day", "calendar_days", calendar_day_fields, "date", "a calendar's day off or day with other hours"),
	ENT(K_ACTIVITY, activity, "activity", "activities", activity_fields, NULL, "an activity of the schedule network"),
	ENT(K_DEPENDENCY, dependency, "dependency", "dependencies", dependency_fields, NULL, "a link between activities"),
	ENT(K_RISK, risk, "risk", "risks", risk_fields, "proximity", "a risk"),
	ENT(K_RISK_SCORE, risk_score, "risk_score", "risk_scores", risk_score_fields, NULL, "a risk's score as reported in a month"),
	ENT(K_RISK_ACTION, risk_action, "risk_action", "risk_actions", risk_action_fields, "due", "an action on a risk"),
	ENT(K_RISK_LINK, risk_link, "risk_link", "risk_links", risk_link_fields, NULL, "a programme risk feeding a portfolio risk"),
	ENT(K_ISSUE, issue, "issue", "issues", issue_fields, "raised", "an issue"),
	ENT(K_DECISION, decision, "decision", "decisions", decision_fields, "due", "a decision to be made"),
	ENT(K_BENEFIT, benefit, "benefit", "benefits", benefit_fields, "target_date", "a benefit"),
	ENT(K_BENEFIT_VALUE, benefit_value, "benefit_value", "benefit_values", benefit_value_fields, NULL, "a benefit's planned and actual value in a month"),
	ENT(K_FINANCE, finance, "finance", "finances", finance_fields, NULL, "a programme's money in a financial year"),
	ENT(K_BUSINESS_CASE, business_case, "business_case", "business_cases", business_case_fields, "decided", "a business case"),
	ENT(K_CHANGE_REQUEST, change_request, "change_request", "change_requests", change_request_fields, "decision_due", "a request to change a baseline"),
	ENT(K_CHANGE_MILESTONE, change_milestone, "change_milestone", "change_milestones", change_milestone_fields, "proposed_date", "a milestone date a change request proposes"),
	ENT(K_BASELINE, baseline, "baseline", "baselines", baseline_fields, "approved_on", "a version of a programme's baseline"),
	ENT(K_BASELINE_MILESTONE, baseline_milestone, "baseline_milestone", "baseline_milestones", baseline_milestone_fields, "date", "a milestone date in a baseline"),
	ENT(K_UNIT, unit, "unit", "units", unit_fields, NULL, "a BCU or OCU"),
	ENT(K_READINESS, readiness, "readiness", "readiness", readiness_fields, "go_live", "a unit's readiness for a change"),
	ENT(K_MEASURE, measure, "measure", "measures", measure_fields, "target_date", "a roll-out or KPI measure"),
	ENT(K_MEASURE_VALUE, measure_value, "measure_value", "measure_values", measure_value_fields, "on", "a measure's value on a date"),
	ENT(K_TOLERANCE, tolerance, "tolerance", "tolerances", tolerance_fields, NULL, "a tolerance"),
	ENT(K_EXCEPTION, exception, "exception", "exceptions", exception_fields, NULL, "a tolerance exception"),
};

const struct entity *
entity_of(enum kind k)
{
	return &entities[k];
}

const struct entity *
entity_by_name(const char *name)
{
	for (int k = 0; k < K__COUNT; k++)
		if (strcmp(name, entities[k].name) == 0 ||
		    strcmp(name, entities[k].plural) == 0)
			return &entities[k];
	/* "business-cases" as people type it */
	for (int k = 0; k < K__COUNT; k++) {
		const char *a = name, *b = entities[k].plural;

		while (*a && *b && (*a == *b || (*a == '-' && *b == '_'))) {
			a++;
			b++;
		}
		if (*a == '\0' && *b == '\0')
			return &entities[k];
	}
	return NULL;
}

const struct field *
entity_field(const struct entity *e, const char *name)
{
	for (size_t i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].name, name) == 0)
			return &e->fields[i];
	return NULL;
}

int
enum_index(const char *const *values, const char *value)
{
	for (int i = 0; values[i]; i++)
		if (strcmp(values[i], value) == 0)
			return i;
	return -1;
}

char **
field_str(void *rec, const struct field *f)
{
	return (char **)((char *)rec + f->offset);
}

int32_t *
field_i32(void *rec, const struct field *f)
{
	return (int32_t *)((char *)rec + f->offset);
}

int64_t *
field_i64(void *rec, const struct field *f)
{
	return (int64_t *)((char *)rec + f->offset);
}

double *
field_real(void *rec, const struct field *f)
{
	return (double *)((char *)rec + f->offset);
}

int *
field_bool(void *rec, const struct field *f)
{
	return (int *)((char *)rec + f->offset);
}

int
field_present(const void *crec, const struct field *f)
{
	void *rec = (void *)crec;

	switch (f->type) {
	case FT_TEXT:
	case FT_ENUM:
	case FT_REF:
		return *field_str(rec, f) != NULL;
	case FT_DATE:
	case FT_MONTH:
		return *field_i32(rec, f) != 0;
	case FT_INT:
	case FT_MONEY:
		return *field_i64(rec, f) != INT_NONE;
	case FT_REAL:
		return !isnan(*field_real(rec, f));
	case FT_BOOL:
		return 1;
	}
	return 0;
}

void
record_clear(void *rec, const struct entity *e)
{
	memset(rec, 0, e->size);
	for (size_t i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];

		if (f->type == FT_INT || f->type == FT_MONEY)
			*field_i64(rec, f) = INT_NONE;
		else if (f->type == FT_REAL)
			*field_real(rec, f) = NAN;
	}
}
