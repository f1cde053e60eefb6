"""Money (finance lines and the spend figures returns quote), tolerances,
BCUs and OCUs, and each unit's readiness for the changes landing on it.

The paper gives no programme finances: every figure here is illustrative
and says so. The spend in each return is derived from the same figures,
so returns and finance lines agree.
"""
from common import FY17_MONTHS, pounds, rec

FIN_NOTE = ("Illustrative figures; the paper publishes no programme budgets. "
            "2017/18 actuals are the provisional year-end outturn.")

# code: 2017/18 (capital budget, revenue budget, capital outturn, revenue outturn),
#       full-year forecast reported in January and February (£M),
#       2018/19 (capital budget, revenue budget, capital forecast, revenue forecast)
_FIN = {
    "SLP": ((2.0, 6.5, 1.8, 6.3), (8.4, 8.2), (3.0, 7.5, 3.0, 7.6)),
    "BSS": ((3.5, 9.0, 3.4, 8.8), (12.4, 12.3), (1.0, 4.0, 1.0, 3.8)),
    "TIP": ((12.0, 8.0, 9.5, 7.6), (18.2, 17.5), (24.0, 10.0, 22.5, 10.0)),
    "SW": ((28.0, 4.0, 28.9, 4.2), (32.6, 32.9), (14.0, 5.0, 14.0, 5.5)),
    "OR": ((9.0, 3.0, 8.6, 2.9), (11.8, 11.6), (8.0, 3.5, 8.0, 3.5)),
    "WF": ((0.5, 7.5, 0.4, 7.4), (7.9, 7.8), (0.3, 8.0, 0.3, 8.0)),
    "PAFC": ((1.5, 2.5, 1.2, 2.3), (3.7, 3.6), (2.0, 2.5, 2.0, 2.4)),
    "IF": ((0.8, 2.2, 0.6, 1.9), (2.8, 2.6), (2.5, 3.0, 2.5, 3.0)),
    "EST": ((95.0, 6.0, 71.0, 5.8), (84.0, 79.0), (110.0, 6.5, 96.0, 6.5)),
    "DP": ((30.0, 12.0, 27.5, 11.6), (40.5, 39.8), (26.0, 12.0, 26.0, 12.0)),
}

# Share of the year's spend in each month, April to March (per cent):
# slow to start, with the usual push before the year end.
_PROFILE = [6, 7, 7, 8, 8, 8, 8, 8, 9, 9, 10, 12]
assert sum(_PROFILE) == 100


def outturn(code):
    """2017/18 outturn, capital plus revenue, in pounds."""
    y = _FIN[code][0]
    return pounds(y[2]) + pounds(y[3])


def budget(code):
    """2017/18 budget, capital plus revenue, in pounds."""
    y = _FIN[code][0]
    return pounds(y[0]) + pounds(y[1])


def spend_to_date(code, month):
    """Spend in 2017/18 up to the end of month, as a return reports it."""
    n = FY17_MONTHS.index(month) + 1
    return round(outturn(code) * sum(_PROFILE[:n]) / 100)


def full_year_forecast(code, month):
    """The full-year forecast a 2018 return gives."""
    jan, feb = _FIN[code][1]
    return {"2018-01": pounds(jan), "2018-02": pounds(feb)}.get(month, outturn(code))


def finances():
    out = []
    for code, (y17, _, y18) in _FIN.items():
        out.append(rec(programme=code, year=2017,
                       capital_budget=pounds(y17[0]), revenue_budget=pounds(y17[1]),
                       capital_forecast=pounds(y17[2]), revenue_forecast=pounds(y17[3]),
                       capital_actual=pounds(y17[2]), revenue_actual=pounds(y17[3]),
                       assumption=FIN_NOTE))
        out.append(rec(programme=code, year=2018,
                       capital_budget=pounds(y18[0]), revenue_budget=pounds(y18[1]),
                       capital_forecast=pounds(y18[2]), revenue_forecast=pounds(y18[3]),
                       assumption="Illustrative 2018/19 budget and forecast."))
    return out


def tolerances():
    t = [
        (None, "time", 30, 15, "Days a key milestone may run past its baseline date."),
        (None, "cost", 5, 2.5, "Per cent the full-year forecast may exceed the year's budget."),
        (None, "scope", 1, 1, "Any scope exception the programme raises goes to PIB."),
        (None, "quality", 1, 1, "Any quality exception the programme raises goes to PIB."),
        (None, "risk", 20, 16, "Current risk score (likelihood x impact) that triggers escalation."),
        (None, "benefits", 10, 5, "Per cent shortfall of realised benefits against the profile."),
        (None, "confidence", 4, None, "DCA level, Green 1 to Red 5: Amber/Red or worse goes to PIB."),
        ("EST", "time", 60, 40, "Building works carry a longer allowance for planning and contractors."),
        ("SLP", "time", 14, 7, "BCU waves run back to back, so little slip can be absorbed."),
        ("TIP", "cost", 3, 1.5, "The MIPS contract is large enough that small overruns matter."),
        ("OR", "confidence", 3, None, "The despatch decision is critical: Amber is escalated."),
    ]
    return [rec(programme=p, dimension=d, threshold=th, forecast_threshold=ft, note=n)
            for p, d, th, ft, n in t]


# --- units ----------------------------------------------------------------

# (code, name with its boroughs, local change manager; the names are fictional)
_BCUS = [
    ("BCU-CN", "Central North BCU (Camden and Islington)", "Aisha Mensah"),
    ("BCU-CE", "Central East BCU (Hackney and Tower Hamlets)", "Tom Brannigan"),
    ("BCU-AS", "Central South BCU (Lambeth and Southwark)", "Grace Adeyemi"),
    ("BCU-AW", "Central West BCU (Westminster, Kensington and Chelsea, Hammersmith and Fulham)",
     "Oliver Kettering"),
    ("BCU-EA", "East Area BCU (Barking and Dagenham, Havering, Redbridge)", "Rachel Summerby"),
    ("BCU-NA", "North Area BCU (Enfield and Haringey)", "Daniel Okoro"),
    ("BCU-NE", "North East BCU (Newham and Waltham Forest)", "Fatima Rahman"),
    ("BCU-NW", "North West BCU (Barnet, Brent, Harrow)", "Chris Havelock"),
    ("BCU-SN", "South Area BCU (Bromley, Croydon, Sutton)", "Helen Marchetti"),
    ("BCU-SE", "South East BCU (Bexley, Greenwich, Lewisham)", "Kwame Osei"),
    ("BCU-SW", "South West BCU (Kingston upon Thames, Merton, Richmond upon Thames, Wandsworth)",
     "Laura Pennington"),
    ("BCU-WA", "West Area BCU (Ealing, Hillingdon, Hounslow)", "Imran Chaudhry"),
]
_OCUS = [
    ("OCU-METCC", "Met Command and Control", "Siobhan Carraway"),
    ("OCU-SC", "Specialist Crime", "Peter Lindqvist"),
    ("OCU-CUS", "Met Detention (custody)", "Nadia Farouk"),
    ("OCU-FIRE", "Specialist Firearms Command", "Mark Ellery"),
]


def units():
    return ([rec(code=c, name=n, type="BCU", change_manager=m) for c, n, m in _BCUS] +
            [rec(code=c, name=n, type="OCU", change_manager=m) for c, n, m in _OCUS])


# BCU go-live dates: the two pathfinders in January 2017, then waves
# through 2018. Dates chosen for the demo; the paper gives only the start
# of the roll-out and completion by the end of 2018.
BCU_GO_LIVE = {
    "BCU-CN": ("2017-01-16", "ready"), "BCU-EA": ("2017-01-16", "ready"),
    "BCU-SE": ("2018-02-05", "ready"), "BCU-NE": ("2018-03-12", "ready"),
    "BCU-SW": ("2018-05-14", "on_track"), "BCU-SN": ("2018-06-18", "on_track"),
    "BCU-NA": ("2018-07-16", "on_track"), "BCU-WA": ("2018-09-03", "at_risk"),
    "BCU-NW": ("2018-10-01", "on_track"), "BCU-CE": ("2018-10-29", "on_track"),
    "BCU-AS": ("2018-11-19", "at_risk"), "BCU-AW": ("2018-12-10", "on_track"),
}


def bcus_live_on(date):
    return sum(1 for d, _ in BCU_GO_LIVE.values() if d <= date)


_READY_NOTE = "Rating and dates assumed for the demo."


def readiness():
    out = []
    notes = {"BCU-WA": "Depends on building works the estates re-baseline has moved.",
             "BCU-AS": "Largest merger of the programme; staff consultation running late."}
    for code, (go, rating) in BCU_GO_LIVE.items():
        out.append(rec(unit=code, programme="SLP", change="BCU go-live", rating=rating,
                       assessed_on="2018-03-31", go_live=go, note=notes.get(code),
                       assumption=_READY_NOTE))
    ivma = [("BCU-NE", "ready", "2018-01-15"), ("BCU-SN", "at_risk", "2018-05-21")]
    for code, rating, go in ivma:
        out.append(rec(unit=code, programme="OR", change="IVMA in response vehicles",
                       rating=rating, assessed_on="2018-03-31", go_live=go,
                       note="Vehicle availability for fitting is tight." if rating == "at_risk" else None,
                       assumption=_READY_NOTE))
    mob = [("BCU-SE", "ready", "2018-02-12"), ("BCU-NE", "on_track", "2018-04-09"),
           ("BCU-AS", "not_ready", "2018-06-11")]
    for code, rating, go in mob:
        out.append(rec(unit=code, programme="SW", change="Mobile devices for front-line staff",
                       rating=rating, assessed_on="2018-03-31", go_live=go,
                       note="Training slots not yet booked." if rating == "not_ready" else None,
                       assumption=_READY_NOTE))
    out += [
        rec(unit="OCU-METCC", programme="OR", change="New despatch model", rating="not_ready",
            assessed_on="2018-03-31",
            note="Waits for the Commissioner's decision on the model.", assumption=_READY_NOTE),
        rec(unit="OCU-SC", programme="TIP", change="Specialist crime operating model",
            rating="on_track", assessed_on="2018-03-31", go_live="2018-09-03", assumption=_READY_NOTE),
        rec(unit="OCU-CUS", programme="TIP", change="Treadfinder in custody suites",
            rating="on_track", assessed_on="2018-03-31", go_live="2018-08-31", assumption=_READY_NOTE),
    ]
    return out
