/*
 * test-validate.c - whole-dataset validation: one test per rule, each
 * asserting the exact message, plus the 100k-activity network.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/error.h"
#include "core/strbuf.h"
#include "import/interchange.h"
#include "model/dataset.h"
#include "model/schema.h"
#include "model/validate.h"

/* A sound document to which each test adds one fault. */
#define HEAD \
	"{ \"folio\": 1,\n" \
	"  \"organisation\": { \"code\": \"MPS\", \"name\": \"Met\" },\n" \
	"  \"users\": [ { \"username\": \"pmo\", \"name\": \"P\", \"role\": \"viewer\", \"clearance\": \"OFFICIAL\" } ],\n" \
	"  \"portfolios\": [ { \"code\": \"TP\", \"name\": \"Transformation\" } ],\n"
#define PROGRAMMES \
	"  \"programmes\": [\n" \
	"    { \"code\": \"TIP\", \"portfolio\": \"TP\", \"name\": \"T\", \"lifecycle\": \"active\" },\n" \
	"    { \"code\": \"SLP\", \"portfolio\": \"TP\", \"name\": \"S\", \"lifecycle\": \"active\" } ],\n" \
	"  \"projects\": [ { \"code\": \"DF\", \"programme\": \"TIP\", \"name\": \"D\", \"lifecycle\": \"active\" } ],\n"
#define RISKS \
	"  \"risks\": [\n" \
	"    { \"code\": \"PR1\", \"level\": \"portfolio\", \"title\": \"t\", \"current_likelihood\": 3, \"current_impact\": 3, \"status\": \"open\" },\n" \
	"    { \"code\": \"R1\", \"level\": \"programme\", \"programme\": \"TIP\", \"title\": \"t\", \"current_likelihood\": 3, \"current_impact\": 3, \"status\": \"open\" } ],\n"
#define BASE HEAD PROGRAMMES RISKS
#define END "  \"units\": [] }\n"

/* Read and validate text as demo.json; the error text, "" if sound. */
static const char *
check(const char *text, char *buf, size_t size)
{
	struct error err = ERROR_INIT;
	struct dataset ds;

	if (interchange_read(text, strlen(text), "demo.json", &ds, &err) < 0)
		fail_msg("does not read: %s", error_text(&err, buf, (unsigned)size));
	buf[0] = '\0';
	if (dataset_validate(&ds, "demo.json", &err) < 0) {
		assert_int_equal(err.code, ERR_INPUT);
		error_text(&err, buf, (unsigned)size);
	}
	dataset_release(&ds);
	return buf;
}

#define assert_check(text, want) do { \
	char buf_[1100]; \
	assert_string_equal(check(text, buf_, sizeof(buf_)), want); \
} while (0)

static void
test_sound(void **state)
{
	(void)state;
	assert_check(BASE END, "");
	/* a portfolio risk fed by a programme risk */
	assert_check(BASE "  \"risk_links\": [ { \"portfolio_risk\": \"PR1\", \"risk\": \"R1\" } ],\n" END, "");
}

static void
test_organisation(void **state)
{
	struct dataset ds;
	struct error err = ERROR_INIT;
	struct organisation *o;
	char buf[1100];

	(void)state;
	assert_check("{ \"folio\": 1 }", "demo.json: no organisation: a dataset holds exactly one");
	dataset_init(&ds);
	for (int i = 0; i < 2; i++) {
		o = dataset_add(&ds, K_ORGANISATION);
		o->code = dataset_strdup(&ds, "X");
		o->name = dataset_strdup(&ds, "X");
	}
	assert_int_equal(dataset_validate(&ds, NULL, &err), -1);
	assert_string_equal(error_text(&err, buf, sizeof(buf)),
			    "organisations[1]: a dataset holds exactly one organisation; found 2");
	dataset_release(&ds);
	assert_check("{ \"folio\": 1, \"organisation\": { \"code\": \"MPS\" } }",
		     "demo.json: organisation.name: required field is missing");
}

static void
test_required(void **state)
{
	(void)state;
	assert_check(HEAD "  \"programmes\": [ { \"code\": \"TIP\", \"portfolio\": \"TP\", \"lifecycle\": \"active\" } ],\n" END,
		     "demo.json: programmes[0].name: required field is missing");
	assert_check(HEAD "  \"programmes\": [ { \"code\": \"\", \"portfolio\": \"TP\", \"name\": \"T\", \"lifecycle\": \"active\" } ],\n" END,
		     "demo.json: programmes[0].code: required field is empty");
	/* the first missing field in descriptor order is named */
	assert_check(HEAD "  \"programmes\": [ { \"code\": \"TIP\" } ],\n" END,
		     "demo.json: programmes[0].portfolio: required field is missing");
}

static void
test_references(void **state)
{
	(void)state;
	assert_check(BASE "  \"milestones\": [\n"
		     "    { \"code\": \"M0\", \"programme\": \"TIP\", \"name\": \"m\" },\n"
		     "    { \"code\": \"M1\", \"programme\": \"TIP\", \"name\": \"m\" },\n"
		     "    { \"code\": \"M2\", \"programme\": \"SLP\", \"name\": \"m\" },\n"
		     "    { \"code\": \"M3\", \"programme\": \"TIP\", \"name\": \"m\" },\n"
		     "    { \"code\": \"M4\", \"programme\": \"XYZ\", \"name\": \"m\" } ],\n" END,
		     "demo.json: milestones[4].programme: no programme with code \"XYZ\"");
	assert_check(BASE "  \"user_scopes\": [ { \"user\": \"nobody\", \"programme\": \"TIP\" } ],\n" END,
		     "demo.json: user_scopes[0].user: no user with username \"nobody\"");
	/* a reference names a record of the referenced kind, not any code */
	assert_check(BASE "  \"milestones\": [ { \"code\": \"M0\", \"programme\": \"DF\", \"name\": \"m\" } ],\n" END,
		     "demo.json: milestones[0].programme: no programme with code \"DF\"");
	assert_check(BASE "  \"activities\": [ { \"code\": \"A\", \"programme\": \"TIP\", \"name\": \"a\", \"type\": \"task\", \"milestone\": \"M9\" } ],\n" END,
		     "demo.json: activities[0].milestone: no milestone with code \"M9\"");
}

static void
test_duplicates(void **state)
{
	(void)state;
	assert_check(HEAD "  \"programmes\": [\n"
		     "    { \"code\": \"P0\", \"portfolio\": \"TP\", \"name\": \"n\", \"lifecycle\": \"active\" },\n"
		     "    { \"code\": \"P1\", \"portfolio\": \"TP\", \"name\": \"n\", \"lifecycle\": \"active\" },\n"
		     "    { \"code\": \"SLP\", \"portfolio\": \"TP\", \"name\": \"n\", \"lifecycle\": \"active\" },\n"
		     "    { \"code\": \"P3\", \"portfolio\": \"TP\", \"name\": \"n\", \"lifecycle\": \"active\" },\n"
		     "    { \"code\": \"P4\", \"portfolio\": \"TP\", \"name\": \"n\", \"lifecycle\": \"active\" },\n"
		     "    { \"code\": \"P5\", \"portfolio\": \"TP\", \"name\": \"n\", \"lifecycle\": \"active\" },\n"
		     "    { \"code\": \"P6\", \"portfolio\": \"TP\", \"name\": \"n\", \"lifecycle\": \"active\" },\n"
		     "    { \"code\": \"SLP\", \"portfolio\": \"TP\", \"name\": \"n\", \"lifecycle\": \"active\" },\n"
		     "    { \"code\": \"SLP\", \"portfolio\": \"TP\", \"name\": \"n\", \"lifecycle\": \"active\" } ],\n" END,
		     "demo.json: programmes[7].code: duplicate programme \"SLP\" (also programmes[2])");
	assert_check(BASE "  \"user_scopes\": [\n"
		     "    { \"user\": \"pmo\", \"programme\": \"TIP\" },\n"
		     "    { \"user\": \"pmo\", \"programme\": \"SLP\" },\n"
		     "    { \"user\": \"pmo\", \"programme\": \"TIP\" } ],\n" END,
		     "demo.json: user_scopes[2]: duplicate user_scope \"pmo/TIP\" (also user_scopes[0])");
	/* composite keys with an absent part: the programme's own DCA */
	assert_check(BASE "  \"dcas\": [\n"
		     "    { \"programme\": \"TIP\", \"assessed_on\": \"2018-03-31\", \"assessor\": \"sro\", \"rating\": \"Red\" },\n"
		     "    { \"programme\": \"TIP\", \"project\": \"DF\", \"assessed_on\": \"2018-03-31\", \"assessor\": \"sro\", \"rating\": \"Red\" },\n"
		     "    { \"programme\": \"TIP\", \"assessed_on\": \"31/03/2018\", \"assessor\": \"sro\", \"rating\": \"Green\" } ],\n" END,
		     "demo.json: dcas[2]: duplicate dca \"TIP//2018-03-31/sro\" (also dcas[0])");
	assert_check(BASE "  \"periods\": [ { \"month\": \"2018-03\", \"state\": \"open\" }, { \"month\": \"03/2018\", \"state\": \"open\" } ],\n" END,
		     "demo.json: periods[1].month: duplicate period \"2018-03\" (also periods[0])");
	/* users by username */
	assert_check("{ \"folio\": 1, \"organisation\": { \"code\": \"M\", \"name\": \"M\" }, \"users\": [\n"
		     " { \"username\": \"a\", \"name\": \"A\", \"role\": \"viewer\", \"clearance\": \"OFFICIAL\" },\n"
		     " { \"username\": \"a\", \"name\": \"B\", \"role\": \"viewer\", \"clearance\": \"OFFICIAL\" } ] }",
		     "demo.json: users[1].username: duplicate user \"a\" (also users[0])");
}

static void
test_levels(void **state)
{
	(void)state;
	assert_check(BASE "  \"issues\": [ { \"code\": \"I1\", \"level\": \"portfolio\", \"programme\": \"TIP\", \"title\": \"t\", \"severity\": \"low\", \"status\": \"open\" } ],\n" END,
		     "demo.json: issues[0].programme: a portfolio-level issue belongs to no programme (got \"TIP\")");
	assert_check(HEAD PROGRAMMES "  \"risks\": [ { \"code\": \"R\", \"level\": \"portfolio\", \"programme\": \"TIP\", \"title\": \"t\", \"current_likelihood\": 3, \"current_impact\": 3, \"status\": \"open\" } ],\n" END,
		     "demo.json: risks[0].programme: a portfolio-level risk belongs to no programme (got \"TIP\")");
	assert_check(HEAD PROGRAMMES "  \"risks\": [ { \"code\": \"R\", \"level\": \"portfolio\", \"project\": \"DF\", \"title\": \"t\", \"current_likelihood\": 3, \"current_impact\": 3, \"status\": \"open\" } ],\n" END,
		     "demo.json: risks[0].project: a portfolio-level risk belongs to no project (got \"DF\")");
	assert_check(HEAD PROGRAMMES "  \"risks\": [ { \"code\": \"R\", \"level\": \"programme\", \"title\": \"t\", \"current_likelihood\": 3, \"current_impact\": 3, \"status\": \"open\" } ],\n" END,
		     "demo.json: risks[0].programme: a programme-level risk needs a programme");
	assert_check(HEAD PROGRAMMES "  \"risks\": [ { \"code\": \"R\", \"level\": \"project\", \"project\": \"DF\", \"title\": \"t\", \"current_likelihood\": 3, \"current_impact\": 3, \"status\": \"open\" } ],\n" END,
		     "demo.json: risks[0].programme: a project-level risk needs a programme");
	assert_check(HEAD PROGRAMMES "  \"risks\": [ { \"code\": \"R\", \"level\": \"project\", \"programme\": \"SLP\", \"project\": \"DF\", \"title\": \"t\", \"current_likelihood\": 3, \"current_impact\": 3, \"status\": \"open\" } ],\n" END,
		     "demo.json: risks[0].project: project \"DF\" belongs to programme \"TIP\", not \"SLP\"");
	assert_check(BASE "  \"milestones\": [ { \"code\": \"M\", \"programme\": \"SLP\", \"project\": \"DF\", \"name\": \"m\" } ],\n" END,
		     "demo.json: milestones[0].project: project \"DF\" belongs to programme \"TIP\", not \"SLP\"");
	assert_check(BASE "  \"milestones\": [ { \"code\": \"M\", \"programme\": \"TIP\", \"project\": \"DF\", \"name\": \"m\" } ],\n" END, "");
}

static void
test_risk_links(void **state)
{
	(void)state;
	assert_check(BASE "  \"risk_links\": [ { \"portfolio_risk\": \"R1\", \"risk\": \"R1\" } ],\n" END,
		     "demo.json: risk_links[0].portfolio_risk: risk \"R1\" is a programme-level risk, not a portfolio risk");
	assert_check(BASE "  \"risk_links\": [ { \"portfolio_risk\": \"PR1\", \"risk\": \"PR1\" } ],\n" END,
		     "demo.json: risk_links[0].risk: risk \"PR1\" is itself a portfolio risk; link a programme or project risk");
	assert_check(BASE "  \"risk_links\": [ { \"portfolio_risk\": \"PR1\", \"risk\": \"R2\" } ],\n" END,
		     "demo.json: risk_links[0].risk: no risk with code \"R2\"");
	assert_check(BASE "  \"risk_links\": [ { \"portfolio_risk\": \"PR1\", \"risk\": \"R1\" }, { \"portfolio_risk\": \"PR1\", \"risk\": \"R1\" } ],\n" END,
		     "demo.json: risk_links[1]: duplicate risk_link \"PR1/R1\" (also risk_links[0])");
}

/*
 * Schema 3's links: a decision's milestone, a change request's proposed
 * milestones and a risk's activity belong to the same programme; a
 * schedule impact needs its activity; a month's score of a risk does not
 * come before the risk was raised.
 */
#define MS_SLP "  \"milestones\": [ { \"code\": \"M1\", \"programme\": \"SLP\", \"name\": \"m\" } ],\n"
#define RISK_ON(extra) \
	"  \"activities\": [ { \"code\": \"A\", \"programme\": \"SLP\", \"name\": \"a\", \"type\": \"task\" } ],\n" \
	"  \"risks\": [ { \"code\": \"R\", \"level\": \"programme\", \"programme\": \"TIP\", \"title\": \"t\", " \
	"\"current_likelihood\": 3, \"current_impact\": 3, \"status\": \"open\"" extra " } ],\n"

static void
test_schema3_links(void **state)
{
	(void)state;
	assert_check(BASE MS_SLP "  \"decisions\": [ { \"code\": \"D1\", \"programme\": \"TIP\", \"milestone\": \"M1\", \"title\": \"t\", \"status\": \"pending\" } ],\n" END,
		     "demo.json: decisions[0].milestone: milestone \"M1\" belongs to programme \"SLP\", not the decision's programme \"TIP\"");
	assert_check(BASE MS_SLP "  \"decisions\": [ { \"code\": \"D1\", \"programme\": \"SLP\", \"milestone\": \"M1\", \"title\": \"t\", \"status\": \"pending\" } ],\n" END, "");
	assert_check(BASE MS_SLP "  \"change_requests\": [ { \"code\": \"CR1\", \"programme\": \"TIP\", \"title\": \"t\", \"status\": \"pending\" } ],\n"
		     "  \"change_milestones\": [ { \"change_request\": \"CR1\", \"milestone\": \"M1\", \"proposed_date\": \"2018-11-30\" } ],\n" END,
		     "demo.json: change_milestones[0].milestone: milestone \"M1\" belongs to programme \"SLP\", not the change request's programme \"TIP\"");
	assert_check(BASE MS_SLP "  \"change_requests\": [ { \"code\": \"CR1\", \"programme\": \"SLP\", \"title\": \"t\", \"status\": \"pending\" } ],\n"
		     "  \"change_milestones\": [ { \"change_request\": \"CR1\", \"milestone\": \"M1\" } ],\n" END,
		     "demo.json: change_milestones[0].proposed_date: required field is missing");
	assert_check(HEAD PROGRAMMES RISK_ON(", \"activity\": \"A\"") END,
		     "demo.json: risks[0].activity: activity \"A\" belongs to programme \"SLP\", not the risk's programme \"TIP\"");
	assert_check(HEAD PROGRAMMES RISK_ON(", \"schedule_impact_days\": 10") END,
		     "demo.json: risks[0].activity: a schedule impact (10 days) needs the activity it would delay");
	assert_check(HEAD PROGRAMMES RISK_ON(", \"raised\": \"2018-02-12\"")
		     "  \"risk_scores\": [ { \"risk\": \"R\", \"period\": \"2018-02\", \"likelihood\": 3, \"impact\": 3, \"status\": \"open\" },\n"
		     "    { \"risk\": \"R\", \"period\": \"2018-01\", \"likelihood\": 2, \"impact\": 3, \"status\": \"open\" } ],\n" END,
		     "demo.json: risk_scores[1].period: 2018-01 is before risk \"R\" was raised (2018-02-12)");
	assert_check(BASE "  \"issues\": [ { \"code\": \"I1\", \"level\": \"programme\", \"programme\": \"TIP\", \"title\": \"t\", \"severity\": \"low\", \"dimension\": \"scope\", \"status\": \"open\" } ],\n" END, "");
}

/* Calendars: week and hours syntax, bases, names activities use. */
#define CALS(body) "  \"calendars\": [\n" body " ],\n"
#define CAL(code, more) "    { \"code\": \"" code "\", \"name\": \"n\"" more " }"
#define WEEK(w) CALS(CAL("met", ", \"week\": \"" w "\""))
#define DAY(h) CALS(CAL("met", "")) \
	"  \"calendar_days\": [ { \"calendar\": \"met\", \"date\": \"2018-12-27\", \"hours\": \"" h "\" } ],\n"
#define CAL_ACT(cal) "  \"activities\": [ { \"code\": \"A1\", \"programme\": \"TIP\", \"name\": \"a\", " \
	"\"type\": \"task\", \"calendar\": \"" cal "\" } ],\n"
#define BUILTINS "(england-and-wales, weekdays, standard, days, 24x7)"
#define LIKE_WEEK "\"mon-fri 09:00-17:00; sat 08:00-12:00; sun off\""

static void
test_calendars(void **state)
{
	(void)state;
	/* sound: a chain of bases, weeks, days, names that resolve */
	assert_check("{ \"folio\": 1,\n"
		     "  \"organisation\": { \"code\": \"MPS\", \"name\": \"Met\", \"calendar\": \"met\" },\n"
		     "  \"portfolios\": [ { \"code\": \"TP\", \"name\": \"Transformation\" } ],\n"
		     PROGRAMMES
		     CALS(CAL("ops", ", \"base\": \"met\", \"week\": \"Sat,SUN 08:00-12:00, 13:00-16:00\", \"bank_holidays\": \"off\"") ",\n"
			  CAL("met", ", \"base\": \"weekdays\", \"week\": \"mon-fri 08:00-16:00 ; sat off;\", \"bank_holidays\": \"on\"") ",\n"
			  CAL("night", ", \"base\": \"ops\", \"week\": \"mon,wed-fri 00:00-06:00, 22:00-24:00; tue off\"") ",\n"
			  CAL("control", ", \"continuous\": true"))
		     "  \"calendar_days\": [ { \"calendar\": \"met\", \"date\": \"2018-12-27\" },\n"
		     "    { \"calendar\": \"met\", \"date\": \"2018-12-31\", \"hours\": \"9:00-12:00,13:00 - 15:30\" } ],\n"
		     "  \"activities\": [ { \"code\": \"A1\", \"programme\": \"TIP\", \"name\": \"a\", \"type\": \"task\", \"calendar\": \"night\" },\n"
		     "    { \"code\": \"A2\", \"programme\": \"TIP\", \"name\": \"a\", \"type\": \"task\", \"calendar\": \"24x7\" } ],\n"
		     END, "");

	/* the week */
	assert_check(BASE WEEK("mon-fri 9-17") END,
		     "demo.json: calendars[0].week: mon-fri: \"9-17\" is not a span of hours like \"09:00-17:00\"");
	assert_check(BASE WEEK("mun 09:00-17:00") END,
		     "demo.json: calendars[0].week: \"mun\" is not a day (mon, tue, wed, thu, fri, sat, sun)");
	assert_check(BASE WEEK("mon-frx 09:00-17:00") END,
		     "demo.json: calendars[0].week: \"frx\" is not a day (mon, tue, wed, thu, fri, sat, sun)");
	assert_check(BASE WEEK("fri-mon 09:00-17:00") END,
		     "demo.json: calendars[0].week: \"fri-mon\" runs backwards: a range of days runs from mon towards sun");
	assert_check(BASE WEEK("mon-fri 09:00-17:00; fri off") END,
		     "demo.json: calendars[0].week: fri is named twice");
	assert_check(BASE WEEK("mon-fri") END,
		     "demo.json: calendars[0].week: \"mon-fri\" gives no hours: name days then their hours or off, like "
		     LIKE_WEEK);
	assert_check(BASE WEEK("sat 08:00-12:00, 11:00-13:00") END,
		     "demo.json: calendars[0].week: sat: \"11:00-13:00\" starts before \"08:00-12:00\" ends: "
		     "spans go in order and do not overlap");
	assert_check(BASE WEEK(" ; ") END,
		     "demo.json: calendars[0].week: no days: expected a week like " LIKE_WEEK);
	assert_check(BASE WEEK("mon, 09:00-17:00") END,
		     "demo.json: calendars[0].week: a list of days ends with a comma");

	/* a day's hours */
	assert_check(BASE DAY("17:00-09:00") END,
		     "demo.json: calendar_days[0].hours: \"17:00-09:00\" does not end after it starts");
	assert_check(BASE DAY("09:00-25:00") END,
		     "demo.json: calendar_days[0].hours: \"09:00-25:00\": a time of day runs from 00:00 to 24:00");
	assert_check(BASE DAY("09:00-24:30") END,
		     "demo.json: calendar_days[0].hours: \"09:00-24:30\": a time of day runs from 00:00 to 24:00");
	assert_check(BASE DAY("09:00-17:00 off") END,
		     "demo.json: calendar_days[0].hours: \"09:00-17:00 off\" is not a span of hours like \"09:00-17:00\"");
	assert_check(BASE DAY("") END,
		     "demo.json: calendar_days[0].hours: no hours: expected hours like \"09:00-17:00\" or "
		     "\"09:00-12:00, 13:00-17:00\"");
	assert_check(BASE DAY("01:00-02:00, 02:00-03:00, 03:00-04:00, 04:00-05:00, 05:00-06:00, "
			      "06:00-07:00, 07:00-08:00, 08:00-09:00, 09:00-10:00") END,
		     "demo.json: calendar_days[0].hours: more than 8 working spans in a day");
	assert_check(BASE CALS(CAL("met", ""))
		     "  \"calendar_days\": [ { \"calendar\": \"ops\", \"date\": \"2018-12-27\" } ],\n" END,
		     "demo.json: calendar_days[0].calendar: no calendar with code \"ops\"");

	/* bases and codes (bank_holidays, an enum, is checked on reading) */
	assert_check(BASE CALS(CAL("met", ", \"base\": \"nowhere\"")) END,
		     "demo.json: calendars[0].base: no calendar with code \"nowhere\", nor a built-in "
		     "calendar of that name " BUILTINS);
	assert_check(BASE CALS(CAL("d", ", \"base\": \"a\"") ",\n"
			       CAL("a", ", \"base\": \"b\"") ",\n"
			       CAL("b", ", \"base\": \"c\"") ",\n"
			       CAL("c", ", \"base\": \"a\"")) END,
		     "demo.json: calendars[1].base: calendar base loop: a -> b -> c -> a");
	assert_check(BASE CALS(CAL("ok", ", \"base\": \"days\"") ",\n"
			       CAL("x", ", \"base\": \"x\"")) END,
		     "demo.json: calendars[1].base: calendar base loop: x -> x");
	assert_check(BASE CALS(CAL("weekdays", ", \"week\": \"sat off\"")) END,
		     "demo.json: calendars[0].code: \"weekdays\" is a built-in calendar's name; "
		     "give the organisation's calendar a code of its own");

	/* names that must resolve */
	assert_check(BASE CALS(CAL("ops", "")) CAL_ACT("met") END,
		     "demo.json: activities[0].calendar: no calendar with code \"met\", nor a built-in "
		     "calendar of that name " BUILTINS);
	assert_check("{ \"folio\": 1,\n"
		     "  \"organisation\": { \"code\": \"MPS\", \"name\": \"Met\", \"calendar\": \"Weekdays\" },\n"
		     END,
		     "demo.json: organisation.calendar: no calendar with code \"Weekdays\", nor a built-in "
		     "calendar of that name " BUILTINS);
}

static void
test_dates(void **state)
{
	(void)state;
	assert_check(HEAD "  \"programmes\": [ { \"code\": \"TIP\", \"portfolio\": \"TP\", \"name\": \"T\", \"lifecycle\": \"active\","
		     " \"start_date\": \"2018-01-01\", \"end_date\": \"31/12/2017\" } ],\n" END,
		     "demo.json: programmes[0].end_date: end_date 2017-12-31 is before start_date 2018-01-01");
	/* the same day is in order */
	assert_check(HEAD "  \"programmes\": [ { \"code\": \"TIP\", \"portfolio\": \"TP\", \"name\": \"T\", \"lifecycle\": \"active\","
		     " \"start_date\": \"2018-01-01\", \"end_date\": \"2018-01-01\" } ],\n" END, "");
	assert_check(BASE "  \"issues\": [ { \"code\": \"I1\", \"level\": \"programme\", \"programme\": \"TIP\", \"title\": \"t\", \"severity\": \"low\","
		     " \"status\": \"resolved\", \"raised\": \"2018-02-01\", \"resolved\": \"2018-01-31\" } ],\n" END,
		     "demo.json: issues[0].resolved: resolved 2018-01-31 is before raised 2018-02-01");
	assert_check(BASE "  \"activities\": [ { \"code\": \"A\", \"programme\": \"TIP\", \"name\": \"a\", \"type\": \"task\","
		     " \"actual_start\": \"2018-02-01\", \"actual_finish\": \"2018-01-31\" } ],\n" END,
		     "demo.json: activities[0].actual_finish: actual_finish 2018-01-31 is before actual_start 2018-02-01");
	assert_check(BASE "  \"activities\": [ { \"code\": \"A\", \"programme\": \"TIP\", \"name\": \"a\", \"type\": \"task\","
		     " \"optimistic_days\": 5, \"likely_days\": 4 } ],\n" END,
		     "demo.json: activities[0].likely_days: most likely estimate 4 is below the optimistic 5");
	assert_check(BASE "  \"activities\": [ { \"code\": \"A\", \"programme\": \"TIP\", \"name\": \"a\", \"type\": \"task\","
		     " \"optimistic_days\": 5, \"likely_days\": 6, \"pessimistic_days\": 5.5 } ],\n" END,
		     "demo.json: activities[0].pessimistic_days: pessimistic estimate 5.5 is below the most likely 6");
	assert_check(BASE "  \"activities\": [ { \"code\": \"A\", \"programme\": \"TIP\", \"name\": \"a\", \"type\": \"task\","
		     " \"optimistic_days\": 5, \"pessimistic_days\": 4.5 } ],\n" END,
		     "demo.json: activities[0].pessimistic_days: pessimistic estimate 4.5 is below the optimistic 5");
}

static void
test_dca_scale(void **state)
{
	(void)state;
	/* five-point (the default) takes every rating */
	assert_check(BASE "  \"dcas\": [ { \"programme\": \"TIP\", \"assessed_on\": \"2018-03-31\", \"assessor\": \"sro\", \"rating\": \"Amber/Green\" } ],\n" END, "");
	assert_check("{ \"folio\": 1, \"organisation\": { \"code\": \"M\", \"name\": \"M\", \"dca_scale\": \"three\" },\n"
		     "  \"portfolios\": [ { \"code\": \"TP\", \"name\": \"Transformation\" } ],\n" PROGRAMMES
		     "  \"dcas\": [ { \"programme\": \"TIP\", \"assessed_on\": \"2018-03-31\", \"assessor\": \"sro\", \"rating\": \"Amber\" },\n"
		     "    { \"programme\": \"SLP\", \"assessed_on\": \"2018-03-31\", \"assessor\": \"sro\", \"rating\": \"Amber/Green\" } ] }",
		     "demo.json: dcas[1].rating: \"Amber/Green\" is not on the organisation's three-point DCA scale "
		     "(Green, Amber, Red, Exempt, Not assessed)");
	assert_check("{ \"folio\": 1, \"organisation\": { \"code\": \"M\", \"name\": \"M\", \"dca_scale\": \"three\" },\n"
		     "  \"portfolios\": [ { \"code\": \"TP\", \"name\": \"Transformation\" } ],\n" PROGRAMMES
		     "  \"returns\": [ { \"programme\": \"TIP\", \"period\": \"2018-03\", \"version\": 1, \"status\": \"draft\","
		     " \"dca\": \"Exempt\", \"sro_dca\": \"Amber/Red\" } ] }",
		     "demo.json: returns[0].sro_dca: \"Amber/Red\" is not on the organisation's three-point DCA scale "
		     "(Green, Amber, Red, Exempt, Not assessed)");
}

#define ACT(c) "    { \"code\": \"" c "\", \"programme\": \"TIP\", \"name\": \"a\", \"type\": \"task\" }"
#define DEP(p, s) "    { \"predecessor\": \"" p "\", \"successor\": \"" s "\", \"type\": \"FS\" }"

static void
test_loops(void **state)
{
	(void)state;
	assert_check(BASE "  \"activities\": [\n" ACT("A0") ",\n" ACT("A1") ",\n" ACT("A2") ",\n" ACT("A3") ",\n" ACT("A4") " ],\n"
		     "  \"dependencies\": [\n" DEP("A0", "A1") ",\n" DEP("A2", "A3") ",\n" DEP("A3", "A1") ",\n"
		     DEP("A1", "A2") ",\n" DEP("A3", "A4") " ],\n" END,
		     "demo.json: dependencies: dependency loop: A1 -> A2 -> A3 -> A1");
	assert_check(BASE "  \"activities\": [\n" ACT("A1") " ],\n"
		     "  \"dependencies\": [\n" DEP("A1", "A1") " ],\n" END,
		     "demo.json: dependencies: dependency loop: A1 -> A1");
	/* a diamond is no loop */
	assert_check(BASE "  \"activities\": [\n" ACT("A") ",\n" ACT("B") ",\n" ACT("C") ",\n" ACT("D") " ],\n"
		     "  \"dependencies\": [\n" DEP("A", "B") ",\n" DEP("A", "C") ",\n" DEP("B", "D") ",\n"
		     DEP("C", "D") " ],\n" END, "");
	/* loops are looked for only once every dependency resolves */
	assert_check(BASE "  \"activities\": [\n" ACT("A1") " ],\n"
		     "  \"dependencies\": [\n" DEP("A1", "A1") ",\n" DEP("A1", "A9") " ],\n" END,
		     "demo.json: dependencies[1].successor: no activity with code \"A9\"");
	assert_check(BASE "  \"activities\": [\n" ACT("A1") ",\n" ACT("A2") " ],\n"
		     "  \"dependencies\": [\n" DEP("A1", "A2") ",\n" DEP("A1", "A2") " ],\n" END,
		     "demo.json: dependencies[1]: duplicate dependency \"A1/A2\" (also dependencies[0])");
}

/* Values that did not come through the reader are checked too. */
static void
test_values(void **state)
{
	struct dataset ds;
	struct error err = ERROR_INIT;
	struct organisation *o;
	struct portfolio *pf;
	struct programme *p;
	struct activity *a;
	struct risk *r;
	char buf[1100];

	(void)state;
	dataset_init(&ds);
	o = dataset_add(&ds, K_ORGANISATION);
	o->code = dataset_strdup(&ds, "M");
	o->name = dataset_strdup(&ds, "M");
	pf = dataset_add(&ds, K_PORTFOLIO);
	pf->code = dataset_strdup(&ds, "TP");
	pf->name = dataset_strdup(&ds, "T");
	p = dataset_add(&ds, K_PROGRAMME);
	p->code = dataset_strdup(&ds, "TIP");
	p->portfolio = dataset_strdup(&ds, "TP");
	p->name = dataset_strdup(&ds, "T");
	p->lifecycle = dataset_strdup(&ds, "live");
	assert_int_equal(dataset_validate(&ds, "db", &err), -1);
	assert_string_equal(error_text(&err, buf, sizeof(buf)),
			    "db: programmes[0].lifecycle: expected one of pipeline, active, closed; got \"live\"");
	p->lifecycle = dataset_strdup(&ds, "active");
	assert_int_equal(dataset_validate(&ds, "db", &err), 0);

	r = dataset_add(&ds, K_RISK);
	r->code = dataset_strdup(&ds, "R");
	r->level = dataset_strdup(&ds, "programme");
	r->programme = dataset_strdup(&ds, "TIP");
	r->title = dataset_strdup(&ds, "t");
	r->status = dataset_strdup(&ds, "open");
	r->current_likelihood = 6;
	r->current_impact = 1;
	assert_int_equal(dataset_validate(&ds, "db", &err), -1);
	assert_string_equal(error_text(&err, buf, sizeof(buf)),
			    "db: risks[0].current_likelihood: expected an integer from 1 to 5, got 6");
	r->current_likelihood = 5;

	a = dataset_add(&ds, K_ACTIVITY);
	a->code = dataset_strdup(&ds, "A");
	a->programme = dataset_strdup(&ds, "TIP");
	a->name = dataset_strdup(&ds, "a");
	a->type = dataset_strdup(&ds, "task");
	a->duration_days = INFINITY;
	assert_int_equal(dataset_validate(&ds, "db", &err), -1);
	assert_string_equal(error_text(&err, buf, sizeof(buf)),
			    "db: activities[0].duration_days: expected a number from 0 to 100000, got inf");
	a->duration_days = -1;
	assert_int_equal(dataset_validate(&ds, "db", &err), -1);
	assert_string_equal(error_text(&err, buf, sizeof(buf)),
			    "db: activities[0].duration_days: expected a number from 0 to 100000, got -1");
	a->duration_days = 1;
	/* the earliest kind's problem is the one reported */
	p->name = NULL;
	assert_int_equal(dataset_validate(&ds, "db", &err), -1);
	assert_string_equal(error_text(&err, buf, sizeof(buf)),
			    "db: programmes[0].name: required field is missing");
	p->name = dataset_strdup(&ds, "T");
	assert_int_equal(dataset_validate(&ds, NULL, &err), 0);
	/* sorting changes nothing about soundness */
	dataset_sort(&ds);
	assert_int_equal(dataset_validate(&ds, NULL, &err), 0);
	dataset_release(&ds);
}

static void
test_record_sort(void **state)
{
	struct dataset ds;
	void *rows[5];
	const char *codes[] = { "B", "A", "C", "A", "B" };

	(void)state;
	dataset_init(&ds);
	for (int i = 0; i < 5; i++) {
		struct unit *u = dataset_add(&ds, K_UNIT);

		u->code = dataset_strdup(&ds, codes[i]);
		u->name = dataset_strdup(&ds, i % 2 ? "odd" : "even");
		rows[i] = u;
	}
	record_sort(entity_of(K_UNIT), rows, 5);
	/* by key, equal keys in their given order */
	assert_ptr_equal(rows[0], dataset_row(&ds, K_UNIT, 1));
	assert_ptr_equal(rows[1], dataset_row(&ds, K_UNIT, 3));
	assert_ptr_equal(rows[2], dataset_row(&ds, K_UNIT, 0));
	assert_ptr_equal(rows[3], dataset_row(&ds, K_UNIT, 4));
	assert_ptr_equal(rows[4], dataset_row(&ds, K_UNIT, 2));
	/* the dataset's own order is untouched */
	assert_string_equal(((struct unit *)dataset_row(&ds, K_UNIT, 0))->code, "B");
	dataset_release(&ds);
}

/* --- scale ------------------------------------------------------------ */

#define BIG 100000

static void
build_network(struct dataset *ds, int loop)
{
	struct organisation *o;
	struct portfolio *pf;
	struct programme *p;
	char code[16];

	dataset_init(ds);
	o = dataset_add(ds, K_ORGANISATION);
	o->code = dataset_strdup(ds, "M");
	o->name = dataset_strdup(ds, "M");
	pf = dataset_add(ds, K_PORTFOLIO);
	pf->code = dataset_strdup(ds, "TP");
	pf->name = dataset_strdup(ds, "T");
	p = dataset_add(ds, K_PROGRAMME);
	p->code = dataset_strdup(ds, "TIP");
	p->portfolio = dataset_strdup(ds, "TP");
	p->name = dataset_strdup(ds, "T");
	p->lifecycle = dataset_strdup(ds, "active");
	/* activities in reverse key order, so sorting has work to do */
	for (int i = BIG - 1; i >= 0; i--) {
		struct activity *a = dataset_add(ds, K_ACTIVITY);

		snprintf(code, sizeof(code), "A%06d", i);
		a->code = dataset_strdup(ds, code);
		a->programme = p->code;
		a->name = a->code;
		a->type = dataset_strdup(ds, "task");
		a->duration_days = 1;
	}
	/* one chain through all of them: the deepest search there is */
	for (int i = 0; i + 1 < BIG + (loop ? 1 : 0); i++) {
		struct dependency *d = dataset_add(ds, K_DEPENDENCY);

		snprintf(code, sizeof(code), "A%06d", i);
		d->predecessor = dataset_strdup(ds, code);
		snprintf(code, sizeof(code), "A%06d", (i + 1) % BIG);
		d->successor = dataset_strdup(ds, code);
		d->type = dataset_strdup(ds, "FS");
		d->lag_days = 0;
	}
}

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_big_network(void **state)
{
	struct dataset ds;
	struct error err = ERROR_INIT;
	const char *want_head = "dependency loop of 100000 activities: A099999 -> A000000 -> A000001 -> ";
	const char *want_tail = " -> ... -> A099998 -> A099999";
	char buf[1100];
	double t0;
	size_t len;

	(void)state;
	build_network(&ds, 0);
	t0 = seconds();
	assert_int_equal(dataset_validate(&ds, NULL, &err), 0);
	fprintf(stderr, "# validate: %d activities, %d dependencies in a chain: %.3f s\n",
		BIG, BIG - 1, seconds() - t0);
	dataset_release(&ds);

	build_network(&ds, 1);
	t0 = seconds();
	assert_int_equal(dataset_validate(&ds, "big.json", &err), -1);
	fprintf(stderr, "# validate: loop through %d activities found in %.3f s\n",
		BIG, seconds() - t0);
	assert_string_equal(err.where, "big.json: dependencies");
	/* the search starts at the first row, A099999, and the message
	 * keeps the loop's two ends */
	assert_memory_equal(err.msg, want_head, strlen(want_head));
	len = strlen(err.msg);
	assert_true(len < 700);
	assert_string_equal(err.msg + len - strlen(want_tail), want_tail);
	(void)buf;
	dataset_release(&ds);
}

static void
test_big_duplicates(void **state)
{
	struct dataset ds;
	struct error err = ERROR_INIT;
	char code[16], buf[1100];
	double t0;

	(void)state;
	build_network(&ds, 0);
	for (int i = 0; i < BIG; i++) {
		struct unit *u = dataset_add(&ds, K_UNIT);

		snprintf(code, sizeof(code), "U%d", i == BIG - 1 ? 4242 : i);
		u->code = dataset_strdup(&ds, code);
		u->name = u->code;
		u->type = dataset_strdup(&ds, "BCU");
	}
	t0 = seconds();
	assert_int_equal(dataset_validate(&ds, NULL, &err), -1);
	fprintf(stderr, "# validate: %d activities and %d units: %.3f s\n",
		BIG, BIG, seconds() - t0);
	assert_string_equal(error_text(&err, buf, sizeof(buf)),
			    "units[99999].code: duplicate unit \"U4242\" (also units[4242])");
	dataset_release(&ds);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sound),
		cmocka_unit_test(test_organisation),
		cmocka_unit_test(test_required),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_risk_links),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_dca_scale),
		cmocka_unit_test(test_loops),
		cmocka_unit_test(test_schema3_links),
		cmocka_unit_test(test_calendars),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_record_sort),
		cmocka_unit_test(test_big_network),
		cmocka_unit_test(test_big_duplicates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
