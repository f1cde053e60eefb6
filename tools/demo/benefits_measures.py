"""Benefits with their monthly profiles and actuals, and the roll-out
measures the portfolio tracks toward a target.

The series below are the single source for figures that also appear in
returns and milestones (vehicles fitted, devices issued, officer posts
released); returns.py imports them from here.
"""
from common import FY17_MONTHS, month_end, pounds, rec
from finance_units import bcus_live_on

# --- series shared with the returns ----------------------------------------

# IVMA: a fleet of about 1,290 vehicles, since "more than 800 ... (62%)".
FLEET = 1290
IVMA_FITTED = [("2017-10-31", 190), ("2017-11-30", 370),
               ("2017-12-31", 520), ("2018-01-31", 660), ("2018-02-28", 805)]
DEVICES = [("2017-10-31", 1200), ("2017-11-30", 2900), ("2017-12-31", 4800),
           ("2018-01-31", 7900), ("2018-02-28", 11300), ("2018-03-31", 14600)]
DEVICE_TARGET = 20000
L4L_MANAGERS = [("2018-01-31", 160), ("2018-02-28", 540), ("2018-03-31", 1020)]
TDIU_CRIMES = [("2017-10-31", 17800), ("2017-12-31", 54300), ("2018-02-28", 91400)]
# Officer posts released by SLP's efficiency and productivity measures:
# (month, planned, actual) — both the benefit and the measure read it.
POSTS_RELEASED = [("2018-01", 150, 145), ("2018-02", 280, 270), ("2018-03", 420, 410)]
POSTS_TARGET = 1583


def pct(part, whole):
    return round(100 * part / whole)


# --- measures ---------------------------------------------------------------

def _measure(code, prog, name, unit, base, target, by, series, note):
    m = rec(code=code, programme=prog, name=name, unit=unit, baseline=base, target=target,
            target_date=by, assumption=note)
    vals = [rec(measure=code, on=on, value=v) for on, v in series]
    return m, vals


def measures_and_values():
    ms = [
        _measure("OR-MS1", "OR", "Vehicles fitted with IVMA", "vehicles", 0, FLEET, "2018-03-31",
                 IVMA_FITTED,
                 "Fleet size derived from the paper's 800 vehicles being 62%; monthly counts "
                 "before February assumed. The end-of-March count arrives with April's return."),
        _measure("SW-MS1", "SW", "Mobile devices issued to front-line staff", "devices", 0,
                 DEVICE_TARGET, "2018-06-29", DEVICES,
                 "Monthly counts assumed; the target is the paper's 20,000-plus by June."),
        _measure("PAFC-MS1", "PAFC", "Front counters closed", "front counters", 0, 37, "2017-12-22",
                 [("2017-11-30", 11), ("2017-12-22", 37)],
                 "The November count is assumed."),
        _measure("SLP-MS1", "SLP", "BCUs live (12 replacing 32 borough commands)", "BCUs", 0, 12,
                 "2018-12-31",
                 [(d, bcus_live_on(d)) for d in ("2017-01-31", "2017-12-31", "2018-02-28", "2018-03-31")],
                 "Counts follow the go-live dates assumed in the BCU readiness records."),
        _measure("SLP-MS2", "SLP", "Dedicated schools officers", "officers", 300, 600, "2018-12-31",
                 [("2017-12-31", 300), ("2018-03-31", 372)],
                 "The paper gives the doubling to 600; the March count is assumed."),
        _measure("SLP-MS3", "SLP", "Wards with at least two dedicated ward officers", "wards", 0, 629,
                 "2018-12-31", [("2017-12-31", 571), ("2018-03-31", 598)],
                 "629 wards assumed; counts assumed."),
        _measure("SLP-MS4", "SLP", "Wards with a dedicated PCSO", "wards", 0, 629, "2018-12-31",
                 [("2017-12-31", 540), ("2018-03-31", 571)],
                 "629 wards assumed; counts assumed."),
        _measure("SLP-MS5", "SLP", "Officer posts released through efficiency and productivity",
                 "officer posts", 0, POSTS_TARGET, "2018-12-31",
                 [(month_end(m), a) for m, _, a in POSTS_RELEASED],
                 "The 1,583 total is the paper's; the pace of release is assumed."),
        _measure("WF-MS1", "WF", "Managers started on Leading for London", "managers", 0, 10000,
                 "2020-03-31", L4L_MANAGERS,
                 "Target is all 10,000 Met managers; completion date and counts assumed."),
        _measure("WF-MS2", "WF", "Police officers in post", "officers", 31300, 30000, "2018-12-31",
                 [("2017-03-31", 30850), ("2017-09-30", 30490), ("2018-03-31", 30070)],
                 "The 30,000 model is the paper's; headcounts and the starting figure are assumed."),
        _measure("PAFC-MS2", "PAFC", "Share of crime reported online", "per cent", 2, None, None,
                 [("2017-09-30", 7), ("2018-02-28", 10)],
                 "The 10% is the paper's; the 2016 baseline and the September figure are "
                 "assumed. No target is published."),
        _measure("MC-MS1", "MC", "Crimes recorded by the TDIU since go-live", "crimes", 0, None, None,
                 TDIU_CRIMES,
                 "The paper gives more than 91,000 (34% of recorded crime); monthly counts assumed. "
                 "No target was set."),
        _measure("MC-MS2", "MC", "Additional firearms officers trained", "officers", 0, 600,
                 "2017-12-29", [("2017-06-30", 410), ("2017-12-29", 600)],
                 "The 600 is the paper's; dates and the interim count are assumed."),
    ]
    return [m for m, _ in ms], [v for _, vs in ms for v in vs]


# --- benefits ----------------------------------------------------------------

BSS_PLANNED = [6.0, 6.4, 6.8, 7.2, 7.6, 8.0, 8.4, 8.8, 9.2, 9.5, 9.8, 10.0]
BSS_ACTUAL = [5.8, 6.1, 6.4, 6.8, 7.1, 7.5, 7.8, 8.2, 8.5, 8.8, 9.0, 9.1]


def benefits_and_values():
    bens, vals = [], []

    def add(b, series):
        bens.append(b)
        for month, planned, actual in series:
            vals.append(rec(benefit=b["code"], period=month, planned=planned, actual=actual))

    add(rec(code="BSS-B1", programme="BSS", title="Savings from outsourced HR and finance services",
            owner="Director of Commercial and Finance", type="cash_releasing",
            measure="Annual cost of HR and finance services against the cost before outsourcing",
            unit="£ a year", baseline=0, target=pounds(10), target_date="2018-03-31",
            evaluation="A post-project review under the new assurance framework will confirm "
                       "the saving during 2018.", marking="OFFICIAL",
            assumption="The £10 million a year is the paper's; the monthly run-rate is assumed."),
        [(m, pounds(p), pounds(a)) for m, p, a in zip(FY17_MONTHS, BSS_PLANNED, BSS_ACTUAL)])
    add(rec(code="SLP-B1", programme="SLP", title="Officer posts released by the local policing model",
            owner="AC Frontline Policing", type="cash_releasing",
            measure="Officer posts removed through efficiency and productivity", unit="officer posts",
            baseline=0, target=POSTS_TARGET, target_date="2018-12-31", marking="OFFICIAL",
            assumption="The 1,583 is the paper's; the profile is assumed and matches measure SLP-MS5."),
        [(m, p, a) for m, p, a in POSTS_RELEASED] +
        [("2018-06", 800, None), ("2018-09", 1200, None), ("2018-12", POSTS_TARGET, None)])
    add(rec(code="SW-B1", programme="SW", title="More productive response teams",
            owner="Chief Operating Officer", type="non_cash_releasing",
            measure="Rise in response team productivity against the pre-device baseline", unit="per cent",
            baseline=0, target=10, target_date="2019-03-31",
            evaluation="Pilots suggested a gain of at least 10% for response teams; the effect "
                       "on other teams is being studied.", marking="OFFICIAL",
            assumption="Profile assumed; the 10% is the paper's pilot finding."),
        [("2018-06", 3, None), ("2018-09", 6, None), ("2018-12", 8, None), ("2019-03", 10, None)])
    add(rec(code="PAFC-B1", programme="PAFC", title="Lower cost of running front counters",
            owner="DAC Frontline Policing", type="cash_releasing",
            measure="Annual running cost saved by the closed counters", unit="£ a year",
            baseline=0, target=pounds(1.0), target_date="2018-12-31", marking="OFFICIAL",
            assumption="Saving and profile assumed; the paper gives none."),
        [("2018-01", pounds(0.9), pounds(0.86)), ("2018-02", pounds(0.95), pounds(0.92)),
         ("2018-03", pounds(1.0), pounds(0.95))])
    add(rec(code="EST-B1", programme="EST", title="Lower estate running costs",
            owner="Director of Property Services", type="cash_releasing",
            measure="Annual revenue cost of the estate against 2015/16", unit="£ a year",
            baseline=0, target=pounds(21), target_date="2021-03-31", marking="OFFICIAL",
            assumption="Target and profile assumed; the paper says only that revenue spend falls."),
        [("2017-06", pounds(4.0), pounds(3.9)), ("2017-09", pounds(5.0), pounds(4.7)),
         ("2017-12", pounds(6.0), pounds(5.5)), ("2018-03", pounds(7.5), pounds(6.6))])
    add(rec(code="TIP-B1", programme="TIP", title="Legacy policing systems retired",
            owner="AC Specialist Crime and Operations", type="non_cash_releasing",
            measure="Legacy systems switched off after moving to MIPS", unit="systems",
            baseline=0, target=7, target_date="2021-03-31", marking="OFFICIAL",
            assumption="The seven systems are the paper's; the profile is assumed."),
        [("2020-09", 3, None), ("2021-03", 7, None)])
    return bens, vals

