/*
 * cycle-cli.c - helpers of the monthly cycle's commands (cycle-cli.h).
 */
#include "cli/cycle-cli.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/date.h"
#include "model/schema.h"
#include "model/dataset.h"
#include "core/error.h"
#include "cycle/cycle.h"

static const char *
login_name(void)
{
	const struct passwd *pw = getpwuid(geteuid());
	const char *env;

	if (pw && pw->pw_name && *pw->pw_name)
		return pw->pw_name;
	env = getenv("LOGNAME");
	if (env && *env)
		return env;
	env = getenv("USER");
	return env && *env ? env : "unknown";
}

void
cycle_cli_ctx(struct cli *cli, struct cycle_ctx *c, struct cycle_who *who)
{
	const char *user = getenv("FOLIO_USER"), *now = getenv("FOLIO_NOW");

	if (user && *user)
		snprintf(who->actor, sizeof(who->actor), "%s", user);
	else
		snprintf(who->actor, sizeof(who->actor), "cli:%s", login_name());
	if (now && *now) {
		snprintf(who->now, sizeof(who->now), "%s", now);
	} else {
		time_t t = time(NULL);
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(who->now, sizeof(who->now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	c->st = cli->st;
	c->org = cli->org;
	c->actor = who->actor;
	c->now = who->now;
}

int32_t
cycle_cli_today(void)
{
	const char *now = getenv("FOLIO_NOW");
	char day[11];
	int32_t d = 0;

	if (now && strlen(now) >= 10) {
		memcpy(day, now, 10);
		day[10] = '\0';
		if (date_parse(day, &d) == 0)
			return d;
	}
	return date_today();
}

const char *
cycle_cli_cell(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	if (s == NULL)
		s = "";
	for (; *s && n + 1 < size; s++)
		buf[n++] = (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s;
	/* cut short: never in the middle of a UTF-8 sequence */
	if (*s && ((unsigned char)*s & 0xc0) == 0x80)
		while (n > 0 && ((unsigned char)buf[n - 1] & 0xc0) == 0x80)
			n--;
	if (*s && n > 0 && ((unsigned char)*s & 0xc0) == 0x80 &&
	    ((unsigned char)buf[n - 1] & 0xc0) == 0xc0)
		n--;
	buf[n] = '\0';
	return buf;
}

int
cycle_cli_check_period(const struct dataset *ds, const char *org, int32_t month,
		       struct error *err)
{
	int32_t first = 0, last = 0;
	char mb[16], fb[16], lb[16];

	DS_FOREACH(ds, K_PERIOD, const struct period, p) {
		if (p->month == month)
			return 0;
		if (first == 0 || p->month < first)
			first = p->month;
		if (p->month > last)
			last = p->month;
	}
	if (first == 0)
		return 0;
	return error_set(err, ERR_NOTFOUND, "%s has no reporting period %s: its periods run "
			 "from %s to %s (see 'folio period list')", org,
			 month_format(month, mb), month_format(first, fb),
			 month_format(last, lb));
}
