#!/usr/bin/env python3
"""gen.py - generate the monthly-cycle benchmark portfolio as folio
interchange documents, one file per organisation.

    gen.py OUTDIR [ORGS] [PROGRAMMES] [PROJECTS] [MILESTONES] [MONTHS] [NETWORK]

Defaults: 40 organisations x 25 programmes x 10 projects x 50 milestones,
36 published months (April 2018 to March 2021) of history: a return per
programme per month, milestone forecasts that move and milestones achieved
as the months pass, benefit plans and actuals, finance lines, risks and
issues. April 2021, the month the benchmark reports, is left unopened.
NETWORK 1 (default 0: none) adds a schedule network: each project a chain
of tasks, one up to each milestone and a milestone activity standing for
it (three-point estimates around the baseline spacing; achieved ones with
their actual dates), and each programme's first project waiting on a
milestone of the programme before (interdependencies). The rest of the
organisation is the same with or without it.
Fixed seeds: the same arguments always give the same files.
"""
import datetime as dt
import json
import os
import random
import sys

FIRST = (2018, 4)
RATINGS = ["Green", "Amber/Green", "Amber", "Amber/Red", "Red"]
WORDS = ("delivery design supplier rollout training estates data devices "
         "officers wards systems contract testing cutover readiness users "
         "benefits funding recruitment vetting network licences").split()


def month_add(ym, n):
    y, m = ym
    k = y * 12 + (m - 1) + n
    return (k // 12, k % 12 + 1)


def mtext(ym):
    return "%04d-%02d" % ym


def month_end(ym):
    y, m = month_add(ym, 1)
    return dt.date(y, m, 1) - dt.timedelta(days=1)


def month_of(d):
    return (d.year, d.month)


def sentence(rnd, n):
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."


def workdays(a, b):
    """Weekdays from a to b (b after a), at least one."""
    n = 0
    d = a
    while d < b:
        if d.weekday() < 5:
            n += 1
        d += dt.timedelta(days=1)
    return max(n, 1)


def gen_network(doc, now):
    """The schedule network of NETWORK 1 (see the top of the file)."""
    rnd = random.Random(doc["organisation"]["code"])
    acts, deps = [], []
    by_proj = {}
    for m in doc["milestones"]:
        by_proj.setdefault(m["project"], []).append(m)
    start = dt.date(2018, 4, 2)
    prev_prog_ms = None
    for proj in doc["projects"]:
        pc, jc = proj["programme"], proj["code"]
        ms = sorted(by_proj.get(jc, []), key=lambda m: (m["baseline_date"], m["code"]))
        before, prev = start, None
        open_tasks, open_ms = [], []
        for k, m in enumerate(ms):
            base = dt.date.fromisoformat(m["baseline_date"])
            d = workdays(before, base) if base > before else 1
            t = {"code": "%s-T%02d" % (jc, k + 1), "programme": pc,
                 "name": "Work towards %s" % m["name"], "type": "task",
                 "duration_days": d, "optimistic_days": max(1, round(d * 0.9)),
                 "likely_days": d, "pessimistic_days": round(d * rnd.uniform(1.2, 1.6)),
                 "calendar": "weekdays"}
            a = {"code": "%s-A%02d" % (jc, k + 1), "programme": pc, "name": m["name"],
                 "type": "milestone", "milestone": m["code"], "duration_days": 0,
                 "calendar": "weekdays"}
            if prev is None:
                t["constraint_type"] = "SNET"
                t["constraint_date"] = start.isoformat()
            else:
                deps.append({"predecessor": prev, "successor": t["code"], "type": "FS",
                             "lag_days": 0})
            if "actual_date" in m:
                t["actual_start"] = before.isoformat()
                t["actual_finish"] = m["actual_date"]
                a["actual_start"] = a["actual_finish"] = m["actual_date"]
            else:
                open_tasks.append(t["code"])
                open_ms.append(a["code"])
            deps.append({"predecessor": t["code"], "successor": a["code"], "type": "FS",
                         "lag_days": 0})
            acts += [t, a]
            prev, before = a["code"], base
        # work still to do in a programme's first project waits on a
        # milestone still to come in the programme before: interdependencies
        if jc.endswith("-J01"):
            if prev_prog_ms is not None and len(open_tasks) > 2:
                deps.append({"predecessor": prev_prog_ms, "successor": open_tasks[2],
                             "type": "FS", "lag_days": 0})
            prev_prog_ms = open_ms[1] if len(open_ms) > 1 else None
    acts.sort(key=lambda a: a["code"])
    deps.sort(key=lambda x: (x["predecessor"], x["successor"]))
    doc["activities"] = acts
    doc["dependencies"] = deps


def gen_org(i, nprog, nproj, nms, nmonths):
    rnd = random.Random(1000 + i)
    code = "ORG%02d" % i
    months = [month_add(FIRST, k) for k in range(nmonths)]
    now = month_end(months[-1])            # the end of the last published month
    doc = {"folio": 1,
           "organisation": {"code": code, "name": "Benchmark body %d" % i,
                            "dca_scale": "five",
                            "oversight_board": "Oversight Board"}}
    doc["users"] = [{"username": "pmo", "name": "Portfolio Office",
                     "role": "portfolio_office", "clearance": "OFFICIAL",
                     "active": True}]
    doc["portfolios"] = [{"code": "TP", "name": "Transformation Portfolio",
                          "board": "Portfolio Investment Board"}]
    progs, projs, periods, returns = [], [], [], []
    mss, mfs, risks, links, issues = [], [], [], [], []
    bens, bvals, fins, crs = [], [], [], []
    for ym in months:
        periods.append({"month": mtext(ym), "state": "published",
                        "published_by": "pmo",
                        "published_at": month_end(ym).isoformat() + "T16:00:00Z"})
    start = dt.date(2016, 4, 1)
    for p in range(1, nprog + 1):
        pc = "P%02d" % p
        end = dt.date(2024, 3, 31)
        progs.append({"code": pc, "portfolio": "TP", "name": "Programme %d" % p,
                      "sro": "SRO %d" % p, "manager": "Manager %d" % p,
                      "board": "Programme board %d" % p, "lifecycle": "active",
                      "start_date": start.isoformat(), "end_date": end.isoformat(),
                      "whole_life_cost": rnd.randrange(20, 400) * 1000000})
        for j in range(1, nproj + 1):
            jc = "%s-J%02d" % (pc, j)
            projs.append({"code": jc, "programme": pc, "name": "Project %d.%d" % (p, j),
                          "lifecycle": "active"})
            for k in range(1, nms + 1):
                mc = "%s-M%02d" % (jc, k)
                base = dt.date(2018, 5, 1) + dt.timedelta(days=rnd.randrange(0, 2100))
                m = {"code": mc, "programme": pc, "project": jc,
                     "name": "Milestone %d.%d.%d" % (p, j, k),
                     "key": rnd.random() < 0.1, "baseline_date": base.isoformat()}
                forecast = base
                # a third slip, in one to three moves reported in past months
                if rnd.random() < 0.33:
                    moves = rnd.randrange(1, 4)
                    report = month_of(base - dt.timedelta(days=rnd.randrange(60, 400)))
                    for _ in range(moves):
                        forecast = forecast + dt.timedelta(days=rnd.randrange(5, 45))
                        if FIRST <= report <= months[-1]:
                            mfs.append({"milestone": mc, "period": mtext(report),
                                        "forecast_date": forecast.isoformat()})
                        report = month_add(report, rnd.randrange(1, 4))
                m["forecast_date"] = forecast.isoformat()
                if forecast <= now:
                    m["actual_date"] = forecast.isoformat()
                    got = month_of(forecast)
                    if FIRST <= got:
                        mfs.append({"milestone": mc, "period": mtext(got),
                                    "forecast_date": forecast.isoformat(),
                                    "actual_date": forecast.isoformat()})
                mss.append(m)
        # returns: a rating that wanders, spend within each financial year
        r = rnd.randrange(0, 3)
        spend = 0
        budget = rnd.randrange(5, 40) * 1000000
        for ym in months:
            if ym[1] == 4:
                spend = 0
            spend += budget // 12 + rnd.randrange(-100000, 100000)
            r = min(4, max(0, r + rnd.choice([-1, 0, 0, 0, 1])))
            returns.append({"programme": pc, "period": mtext(ym), "version": 1,
                            "status": "published", "dca": RATINGS[r],
                            "sro_dca": RATINGS[max(0, r - rnd.randrange(0, 2))],
                            "headline": sentence(rnd, 8),
                            "commentary": sentence(rnd, 40),
                            "achievements": sentence(rnd, 15),
                            "next_period": sentence(rnd, 15),
                            "spend_to_date": spend,
                            "forecast": budget + rnd.randrange(-1000000, 2000000),
                            "submitted_by": "Manager %d" % p,
                            "submitted_at": month_end(ym).isoformat() + "T10:00:00Z"})
        for fy in range(2018, 2022):
            fins.append({"programme": pc, "year": fy,
                         "capital_budget": budget // 2, "revenue_budget": budget // 2,
                         "capital_forecast": budget // 2,
                         "revenue_forecast": budget // 2 + rnd.randrange(0, 1000000),
                         "capital_actual": budget // 3 if fy < 2021 else None,
                         "revenue_actual": budget // 3 if fy < 2021 else None})
        for b in range(1, 3):
            bc = "%s-B%d" % (pc, b)
            bens.append({"code": bc, "programme": pc, "title": "Benefit %d of %s" % (b, pc),
                         "type": "cash_releasing", "unit": "pounds"})
            for ym in months + [month_add(months[-1], k) for k in range(1, 13)]:
                plan = 10000 * (1 + months.index(ym) if ym in months else 40)
                v = {"benefit": bc, "period": mtext(ym), "planned": plan}
                if ym in months:
                    v["actual"] = round(plan * rnd.uniform(0.85, 1.05))
                bvals.append(v)
        for k in range(1, 21):
            lik, imp = rnd.randrange(1, 6), rnd.randrange(1, 6)
            risks.append({"code": "%s-R%02d" % (pc, k), "level": "programme",
                          "programme": pc, "title": "Risk %d of %s: %s" % (k, pc, sentence(rnd, 4)),
                          "current_likelihood": lik, "current_impact": imp,
                          "proximity": (now + dt.timedelta(days=rnd.randrange(-30, 400))).isoformat(),
                          "response": "treat", "status": "open",
                          "raised": "2018-01-15"})
        for k in range(1, 6):
            issues.append({"code": "%s-I%d" % (pc, k), "level": "programme", "programme": pc,
                           "title": "Issue %d of %s" % (k, pc), "severity": "medium",
                           "raised": "2019-06-01", "status": "open"})
        crs.append({"code": "%s-CR1" % pc, "programme": pc, "title": "Re-plan %s" % pc,
                    "raised": "2021-03-15", "status": "pending"})
    for k in range(1, 6):
        risks.append({"code": "PR-%d" % k, "level": "portfolio",
                      "title": "Portfolio risk %d" % k, "current_likelihood": 3,
                      "current_impact": 4, "status": "open", "raised": "2018-01-15"})
        links.append({"portfolio_risk": "PR-%d" % k, "risk": "P%02d-R01" % k})
    # one row per milestone and month: the last report of the month stands
    mfs = list({(r["milestone"], r["period"]): r for r in mfs}.values())
    doc.update({"programmes": progs, "projects": projs, "periods": periods,
                "returns": returns, "milestones": mss, "milestone_forecasts": mfs,
                "risks": risks, "risk_links": links, "issues": issues,
                "benefits": bens, "benefit_values": bvals, "finances": fins,
                "change_requests": crs,
                "tolerances": [
                    {"dimension": "benefits", "threshold": 10, "forecast_threshold": 5},
                    {"dimension": "confidence", "threshold": 5, "forecast_threshold": 4},
                    {"dimension": "cost", "threshold": 10, "forecast_threshold": 5},
                    {"dimension": "risk", "threshold": 25, "forecast_threshold": 20},
                    {"dimension": "time", "threshold": 60, "forecast_threshold": 30}]})
    nrec = 1 + sum(len(v) for k, v in doc.items() if isinstance(v, list))
    return code, doc, nrec


def main():
    out = sys.argv[1]
    args = [int(a) for a in sys.argv[2:8]]
    orgs, nprog, nproj, nms, nmonths, network = (args + [40, 25, 10, 50, 36, 0][len(args):])[:6]
    os.makedirs(out, exist_ok=True)
    total = 0
    for i in range(1, orgs + 1):
        code, doc, nrec = gen_org(i, nprog, nproj, nms, nmonths)
        if network:
            gen_network(doc, None)
            nrec += len(doc["activities"]) + len(doc["dependencies"])
        with open(os.path.join(out, code + ".json"), "w") as f:
            json.dump(doc, f, separators=(",", ":"))
        total += nrec
    print("%d organisations, %d records" % (orgs, total))


if __name__ == "__main__":
    main()
