"""Milestones, their forecasts month by month, and the estates baseline.

Each milestone is stated once with its baseline, the forecast each 2018
return gave (January, February, March) and its actual date; the milestone
record, its milestone_forecast rows and the baseline's rows all come from
that one statement, so they cannot disagree.
"""
from common import QUARTER, rec
from orgs_programmes import whole_life_cost

_MS = []


def _m(code, prog, proj, name, owner, key, base, fc, actual=None, desc=None, note=None):
    """fc: the forecast reported in January, February and March 2018."""
    _MS.append(dict(code=code, programme=prog, project=proj, name=name, owner=owner,
                    key=key, baseline=base, fc=dict(zip(QUARTER, fc)), actual=actual,
                    desc=desc, note=note))


DATE_NOTE = "Day within the month chosen for the demo; the paper gives the month or quarter."

# --- key milestones achieved in January to March 2018 ----------------------
_m("SLP-M1", "SLP", "SLP-BCU", "Roll-out of the strengthened local policing model starts",
   "Head of BCU Implementation", True, "2018-02-05",
   ("2018-02-05", "2018-02-05", "2018-02-05"), "2018-02-05",
   "The first BCUs after the two pathfinders went live; the remaining commands follow "
   "in waves to the end of 2018.", DATE_NOTE)
_m("BSS-M1", "BSS", "BSS-SYS", "New HR and finance systems live", "BSS Programme Manager",
   True, "2018-01-31", ("2018-02-12", "2018-02-12", "2018-02-12"), "2018-02-12",
   "Streamlined HR and finance processes now run on the new platform delivered "
   "through the outsourced contract.", DATE_NOTE + " The slip of 12 days is assumed.")
_m("WF-M1", "WF", "WF-DEDC", "First Direct Entry Detective Constables start training",
   "Recruitment Project Manager", True, "2018-01-08",
   ("2018-01-08", "2018-01-08", "2018-01-08"), "2018-01-08",
   "The first cohort from the Met's first direct-entry detective campaign began basic "
   "training; half of them are women.", DATE_NOTE)
_m("WF-M2", "WF", "WF-L4L", "Leading for London roll-out starts", "Leadership Development Manager",
   True, "2018-01-15", ("2018-01-15", "2018-01-15", "2018-01-15"), "2018-01-15",
   "First cohorts began the programme of workshops, one-to-one coaching, psychometrics, "
   "digital learning and personal pledges.", DATE_NOTE)
_m("WF-M3", "WF", "WF-OPM", "Operating model for a 30,000-officer workforce agreed",
   "Workforce Planning Lead", True, "2018-02-28", ("2018-02-28", "2018-02-20", "2018-02-20"),
   "2018-02-20",
   "Management Board agreed the basic shape of a front-line workforce of 30,000 "
   "officers, the planning basis for the other programmes.", DATE_NOTE)
_m("IF-M1", "IF", "IF-SIU", "Strategic Insight Unit pilot launched", "Strategic Insight Lead",
   True, "2018-03-01", ("2018-03-01", "2018-02-19", "2018-02-19"), "2018-02-19",
   "Phase 1 of the data-driven organisation: a small team applying modern analytics "
   "to strategic operational decisions.", DATE_NOTE)
_m("EST-M1", "EST", "EST-STB", "Specialist Taskforce Base SOC approved",
   "Estates Project Director, Specialist Sites", True, "2018-02-28",
   ("2018-02-28", "2018-02-13", "2018-02-13"), "2018-02-13",
   "Strategic outline case for major investment in a new specialist base approved.", DATE_NOTE)
_m("EST-M2", "EST", "EST-BCU", "OBC for 11 BCU buildings approved",
   "Estates Project Director, BCU Buildings", True, "2018-01-31",
   ("2018-02-27", "2018-02-27", "2018-02-27"), "2018-02-27",
   "Outline business case approved for the 11 buildings the BCU model cannot run without.",
   DATE_NOTE)

# --- the look-forward: key milestones due April to December 2018 -----------
_m("SW-M1", "SW", "SW-MOB", "Over 20,000 mobile devices rolled out", "Mobile Devices Project Manager",
   True, "2018-06-29", ("2018-06-29", "2018-06-29", "2018-06-29"), None,
   "Tablets and laptops with front-line officers and staff so they can work in the "
   "community; pilots pointed to response teams gaining 10% or more in productivity.",
   DATE_NOTE)
_m("OR-M2", "OR", "OR-IVMA", "IVMA in every vehicle, new fleet included", "IVMA Project Manager",
   True, "2018-06-29", ("2018-06-29", "2018-06-15", "2018-06-15"), None,
   "In-vehicle mobile data in all vehicles, so crews get incident details and images "
   "while on the move and handle calls more safely.",
   "The paper expects the current fleet fitted by the end of March 2018 yet lists IVMA "
   "under April to June: modelled as the current fleet by 29 March (OR-M1) and every "
   "vehicle, including those joining the fleet, by mid-June.")
_m("TIP-M1", "TIP", "TIP-MIPS", "MIPS contract award", "MIPS Commercial Lead", True, "2018-06-29",
   ("2018-06-29", "2018-06-29", "2018-06-29"), None,
   "Contract let for the new core policing system that replaces seven legacy systems and "
   "underpins intelligence-led, data-driven policing.", DATE_NOTE)
_m("TIP-M2", "TIP", "TIP-SCOM", "Specialist crime operating model: implementation starts",
   "Specialist Crime Change Manager", True, "2018-09-03",
   ("2018-09-03", "2018-09-03", "2018-09-03"), None,
   "Specialist teams start moving to a structure driven by threat, risk and harm, "
   "fitted to the BCUs and closer to the NCA.", DATE_NOTE)
_m("TIP-M3", "TIP", "TIP-TRD", "Treadfinder in custody suites", "Forensics Technology Project Manager",
   True, "2018-08-31", ("2018-08-31", "2018-08-31", "2018-08-31"), None,
   "Footwear marks taken in custody are matched against crime scenes.", DATE_NOTE)
_m("TIP-M4", "TIP", "TIP-CUS", "Custody provision: next phase live", "Custody Project Manager",
   True, "2018-09-28", ("2018-09-28", "2018-09-28", "2018-09-28"), None,
   "New custody policies for consistent standards, and surplus capacity removed to "
   "cut cost and improve outcomes.", DATE_NOTE)
_m("TIP-M6", "TIP", "TIP-THR", "THRIVE+ implemented", "THRIVE+ Project Manager", True, "2018-11-30",
   ("2018-11-30", "2018-11-30", "2018-11-30"), None,
   "A hard task at the Met's scale, but it gives officers the skills and confidence to "
   "prioritise, manage cases firmly and give victims a good service.", DATE_NOTE)
_m("SLP-M2", "SLP", "SLP-BCU", "BCU implementation complete", "Head of BCU Implementation", True,
   "2018-12-31", ("2018-12-31", "2018-12-31", "2018-12-31"), None,
   "All 12 BCUs live in place of the 32 borough commands.", DATE_NOTE)

# --- decisions that slipped from January-March into April-June ---------------
_m("OR-M3", "OR", "OR-DES", "Despatch model decision", "Despatch Design Lead", False, "2018-01-31",
   ("2018-02-28", "2018-03-29", "2018-04-30"), None,
   "Final choice of despatch model; a paper is with the Commissioner.",
   "Monthly forecasts assumed; the paper says only that the decision slipped into "
   "April to June because internal engagement took longer than planned.")
_m("TIP-M5", "TIP", "TIP-FOR", "Forensics TOM and OBC agreed", "Forensics Change Manager", False,
   "2018-02-28", ("2018-02-28", "2018-04-30", "2018-06-29"), None,
   "Target operating model and outline business case for forensics, with costed "
   "service options to keep up with demand.",
   "Monthly forecasts assumed; the paper says only that this slipped into April to June.")

# --- other milestones ---------------------------------------------------------
_m("OR-M1", "OR", "OR-IVMA", "IVMA fitted to the current response fleet", "IVMA Project Manager",
   False, "2018-03-29", ("2018-03-29", "2018-03-29", "2018-03-29"), None,
   "About 1,290 vehicles in the fleet at the start of the roll-out.",
   "Confirmation of completion is due in the April return, after this data closes.")
_m("SLP-M0", "SLP", "SLP-BCU", "BCU pathfinders evaluated", "Head of BCU Implementation", False,
   "2017-10-31", ("2017-11-30",) * 3, "2017-11-30",
   "Lessons from the Central North and East Area pathfinders fed into the roll-out.", DATE_NOTE)
_m("PAFC-M1", "PAFC", "PAFC-FC", "37 front counters closed", "Public Access Programme Manager", False,
   "2017-12-22", ("2017-12-22",) * 3, "2017-12-22",
   "Closures announced in November 2017 and completed in December.", DATE_NOTE)
_m("TIP-M7", "TIP", "TIP-MIPS", "MIPS final tenders received", "MIPS Commercial Lead", False,
   "2018-03-09", ("2018-03-09",) * 3, "2018-03-09",
   "Final bids in, keeping the contract award timetable intact.", DATE_NOTE)
_m("PAFC-M2", "PAFC", "PAFC-DIG", "More crime types reportable online", "Digital Contact Project Manager",
   False, "2018-07-31", ("2018-07-31",) * 3, None,
   "The next release of online reporting.", DATE_NOTE)
_m("SW-M2", "SW", "SW-APP", "First Smarter Working app released", "Mobile Apps Product Manager",
   False, "2018-09-28", ("2018-09-28",) * 3, None,
   "An app that moves a routine paper process onto the new devices.", DATE_NOTE)
_m("BSS-M2", "BSS", "BSS-SYS", "BSS post-project review complete", "BSS Programme Manager",
   False, "2018-11-30", ("2018-11-30",) * 3, None,
   "Confirms whether the planned savings are being realised, under the new assurance "
   "framework.", DATE_NOTE)
_m("IF-M2", "IF", "IF-MAP", "Data and intelligence roadmap agreed", "Information Futures Programme Manager",
   False, "2018-10-31", ("2018-10-31",) * 3, None,
   "The plan that shapes the data-driven part of the portfolio from 2019.", DATE_NOTE)
_m("EST-M3", "EST", None, "Estates re-baseline approved", "Estates Transformation Programme Director",
   False, "2018-05-31", ("2018-05-31",) * 3, None,
   "PIB approves a new, realistic plan for the estates programme.",
   "Added when the re-baseline was proposed; its baseline date is its first forecast.")
_m("EST-M4", "EST", "EST-BCU", "First BCU building works complete",
   "Estates Project Director, BCU Buildings", False, "2018-09-28",
   ("2018-10-31", "2018-11-16", "2018-11-16"), None,
   "The first of the 11 BCU buildings ready for its new teams.",
   "Slip assumed, reflecting the public access consultation the re-baseline answers.")
_m("EST-M5", "EST", "EST-STB", "Specialist Taskforce Base OBC", "Estates Project Director, Specialist Sites",
   False, "2018-10-31", ("2018-10-31",) * 3, None,
   "The outline business case that follows the approved SOC.", DATE_NOTE)
_m("DP-M1", "DP", "DP-TCX", "Last service tower moved to a new contract", "Service Transition Manager",
   False, "2018-06-29", ("2018-06-29", "2018-07-31", "2018-07-31"), None,
   "Ends reliance on the old single IT contract.", DATE_NOTE)
_m("DP-M2", "DP", "DP-ONL", "Online services release 2018.1", "Online Services Product Manager",
   False, "2018-05-31", ("2018-05-31",) * 3, None,
   "More services for Londoners on the website.", DATE_NOTE)
_m("WF-M4", "WF", "WF-DEDC", "Second direct-entry detective cohort starts", "Recruitment Project Manager",
   False, "2018-09-03", ("2018-09-03",) * 3, None,
   "The second intake of the new recruitment route.", DATE_NOTE)
_m("BLC-M1", "BLC", "BLC-CR", "Shared control room options appraised", "Blue Light Collaboration Lead",
   False, "2018-10-31", ("2018-10-31",) * 3, None,
   "Options for joint police, ambulance and fire control rooms ready for decision.", DATE_NOTE)

SPEC = {m["code"]: m for m in _MS}

# Milestones whose month-by-month forecasts are recorded: every key one,
# the two late decisions and the estates works the re-baseline answers.
TRACKED = [m["code"] for m in _MS if m["key"]] + ["OR-M3", "TIP-M5", "EST-M4"]


def current_forecast(code):
    m = SPEC[code]
    return m["actual"] or m["fc"]["2018-03"]


def milestones():
    out = []
    for m in _MS:
        out.append(rec(code=m["code"], programme=m["programme"], project=m["project"],
                       name=m["name"], description=m["desc"], owner=m["owner"], key=m["key"],
                       baseline_date=m["baseline"], forecast_date=current_forecast(m["code"]),
                       actual_date=m["actual"], marking="OFFICIAL", assumption=m["note"]))
    return out


def milestone_forecasts():
    out = []
    for code in TRACKED:
        m = SPEC[code]
        for month in QUARTER:
            done = m["actual"] if m["actual"] and m["actual"][:7] <= month else None
            out.append(rec(milestone=code, period=month,
                           forecast_date=done or m["fc"][month], actual_date=done))
    return out


# The estates programme's first baseline (PIB, March 2017).
EST_BASELINE = "EST-B1"
_EST_IN_BASELINE = ["EST-M1", "EST-M2", "EST-M4", "EST-M5"]


def baselines():
    return [rec(code=EST_BASELINE, programme="EST", version=1, approved_by="Portfolio Investment Board",
                approved_on="2017-03-21", end_date="2021-03-31", whole_life_cost=whole_life_cost("EST"),
                note="The plan in force until PIB decides on the re-baseline (EST-CR1); "
                     "approval date assumed.")]


def baseline_milestones():
    return [rec(baseline=EST_BASELINE, milestone=c, date=SPEC[c]["baseline"]) for c in _EST_IN_BASELINE]
