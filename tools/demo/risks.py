"""Risks: the seven portfolio risks the paper lists, the programme risks
that feed them (risk_links), the actions on the portfolio risks, which
are the improvement work the paper describes as under way, and the scores
each risk was given in the January, February and March 2018 returns
(risk_scores).

The paper names each portfolio risk and nothing more: causes, owners,
scores, dates and responses are assumed and say so. So is the month-by-month
story of the scores: resourcing and the interdependencies around the late
despatch decision worsen over the quarter, while business change readiness,
benefits and the BCU go-lives improve as the work the paper describes takes
hold. March's scores are the register's current ones.
"""
from common import QUARTER, rec

P_NOTE = "The paper names this risk; cause, owner, scores, dates and response are assumed."
R_NOTE = "Illustrative programme risk; scores and dates assumed."

# code: (title, cause, event, effect, owner, category,
#        inherent (L, I), current (L, I), target (L, I), proximity, raised)
_PORTFOLIO = {
    "PR1": ("Business change readiness",
            "Many changes reach the same front-line teams within months of each other, and "
            "business change capacity is thin.",
            "Teams are not ready for new ways of working when a change goes live.",
            "Benefits arrive late, staff lose faith in the changes and service suffers.",
            "Head of Business Change", "Business change", (4, 4), (3, 4), (2, 3),
            "2018-06-30", "2017-04-12"),
    "PR2": ("Performance dips at go-live",
            "Go-lives take officers away for training and move them between teams while "
            "demand stays high.",
            "Operational performance falls at critical points of delivery and the fall is "
            "not spotted or dealt with quickly.",
            "Poorer service to Londoners, lost confidence and pressure to pause change.",
            "AC Frontline Policing", "Operational", (4, 5), (3, 4), (2, 4),
            "2018-12-31", "2017-04-12"),
    "PR3": ("Securing delivery resources",
            "Programme, commercial, digital and data skills are scarce in London and front-line "
            "posts are under pressure.",
            "The portfolio cannot recruit or keep enough people with the right skills.",
            "Programmes slow down and costs rise through reliance on contractors.",
            "Director of People and Change", "Resources", (5, 4), (4, 4), (2, 3),
            "2018-09-30", "2017-04-12"),
    "PR4": ("External stakeholder engagement",
            "Changes such as counter closures and borough mergers affect communities, "
            "partners and MOPAC.",
            "Stakeholders outside the Met are not engaged well enough to accept the changes.",
            "Challenge, legal delay or reversal, and savings that arrive late.",
            "Director of Media and Communications", "Reputation", (4, 4), (3, 4), (2, 3),
            "2018-06-30", "2017-06-01"),
    "PR5": ("Prioritising spend and resources",
            "Demand for change exceeds the money and people to deliver it, and capital plans "
            "are still maturing.",
            "Spend and people are not directed to the changes that matter most.",
            "Low-value work crowds out critical change; budgets are over- or under-spent.",
            "Director of Strategy and Governance", "Financial", (4, 4), (3, 4), (2, 3),
            "2018-09-30", "2017-04-12"),
    "PR6": ("Immature benefits realisation",
            "Benefit plans and baselines vary in quality and tracking after go-live is patchy.",
            "Planned benefits are not realised, or cannot be shown to have been.",
            "Savings in the budget are not secured and business cases lose credibility.",
            "Head of Portfolio Office", "Benefits", (4, 4), (4, 3), (2, 3),
            "2018-12-31", "2017-04-12"),
    "PR7": ("Complex programme interdependencies",
            "Programmes rely on each other: estates for BCUs, the despatch model for command "
            "and control, devices for apps.",
            "A delay in one programme cascades because the links between them are not managed.",
            "Several programmes miss milestones at once, with rework and extra cost.",
            "Director of Transformation", "Delivery", (4, 4), (4, 4), (2, 3),
            "2018-06-30", "2017-04-12"),
}

# Actions on the portfolio risks: (risk, action, owner, due, done)
_ACTIONS = [
    ("PR1", "Give every BCU and OCU a Local Change Manager as its single point of contact "
            "for change, and grow the Local Change Network", "Head of Business Change",
     "2018-04-30", None),
    ("PR1", "Publish one change calendar per BCU so teams see every change coming their way",
     "Head of Business Change", "2018-05-31", None),
    ("PR2", "Agree go-live performance thresholds and daily monitoring with each BCU command team",
     "AC Frontline Policing", "2018-04-30", None),
    ("PR2", "Have Local Change Managers report early signs of a dip after each go-live",
     "Head of Business Change", "2018-06-30", None),
    ("PR3", "Move delivery capacity and skills from consultants and contractors to Met staff, "
            "so the Deloitte strategic partnership leaves a lasting in-house capability",
     "Director of Transformation", "2018-12-31", None),
    ("PR3", "Run targeted recruitment for programme, commercial and digital roles",
     "Director of Human Resources", "2018-09-30", None),
    ("PR4", "Agree a joint engagement plan with MOPAC for public access and BCU changes",
     "Director of Media and Communications", "2018-05-31", None),
    ("PR5", "Introduce demand management and prioritisation measures so new capability, "
            "systems and policies help officers manage demand", "Director of Strategy and Governance",
     "2018-09-30", None),
    ("PR5", "Start a monthly PIB review of capital spend against the prioritised plan",
     "Director of Commercial and Finance", "2018-01-31", "2018-01-24"),
    ("PR6", "Bring in the new programme and project assurance framework that internal and "
            "external audit called for", "Head of Portfolio Office", "2018-06-30", None),
    ("PR6", "Post-project review of Body Worn Video to confirm its benefits",
     "Head of Portfolio Office", "2018-09-28", None),
    ("PR6", "Post-project review and evaluation of Business Support Services",
     "Head of Portfolio Office", "2018-12-14", None),
    ("PR7", "Draft the 2025/2030 blueprint from the Commissioner's vision so that Management "
            "Board can formally engage with it", "Director of Transformation", "2018-03-31", None),
    ("PR7", "Keep one map of cross-programme dependencies and review it monthly at PMG",
     "Head of Portfolio Office", "2018-04-30", None),
]

# Programme risks: (code, programme, project, title, cause, event, effect, owner, category,
#                   inherent, current, target, proximity, response, raised, feeds, marking)
_PROGRAMME = [
    ("SLP-R1", "SLP", "SLP-BCU", "BCU go-lives strain response", "Officers move teams and train in the weeks around each go-live.",
     "Response times worsen in a newly merged BCU.", "Public confidence falls and the roll-out is paused.",
     "AC Frontline Policing", "Operational", (4, 4), (3, 4), (2, 3), "2018-05-14", "treat", "2017-06-05", ["PR2"], None),
    ("SLP-R2", "SLP", "SLP-BCU", "West Area buildings not ready", "Estates works for West Area were re-timed by the consultation.",
     "Buildings are not ready for the September go-live.", "Go-live slips or runs from temporary sites.",
     "Head of BCU Implementation", "Delivery", (3, 4), (3, 3), (2, 2), "2018-09-03", "treat", "2018-01-15", ["PR7"], None),
    ("SLP-R3", "SLP", "SLP-BCU", "Central South staff consultation overruns", "The largest merger affects the most staff.",
     "Consultation takes longer than planned.", "Central South go-live moves into 2019.",
     "Head of BCU Implementation", "People", (3, 3), (3, 3), (2, 2), "2018-11-19", "treat", "2018-02-12", ["PR1"], None),
    ("BSS-R1", "BSS", None, "Outsourcing savings fall short", "Some retained tasks still run alongside the outsourced service.",
     "Savings stay below the planned £10 million a year.", "The budget gap must be filled elsewhere.",
     "Director of Commercial and Finance", "Benefits", (3, 4), (3, 3), (1, 3), "2018-12-14", "treat", "2017-05-02", ["PR6"], None),
    ("BSS-R2", "BSS", None, "Few forces opt in to the platform", "Other forces are tied into existing contracts.",
     "No other force joins in 2018.", "Economies of scale are not shared.",
     "BSS Programme Manager", "Commercial", (3, 2), (3, 2), (2, 2), "2018-12-31", "tolerate", "2017-09-04", ["PR4"], None),
    ("TIP-R1", "TIP", "TIP-MIPI", "MIPS implementation capacity", "MIPS needs business and technical staff while legacy systems still run.",
     "The Met cannot staff implementation once the contract is let.", "Go-live slips and supplier costs rise.",
     "TIP Programme Director", "Resources", (4, 4), (3, 4), (2, 3), "2018-07-02", "treat", "2017-10-02", ["PR3"], None),
    ("TIP-R2", "TIP", "TIP-MIPS", "MIPS price above the affordability envelope", "Final tenders may price risk the Met holds in the draft contract.",
     "The best tender exceeds the approved envelope.", "Award is delayed for re-scoping or further approval.",
     "MIPS Commercial Lead", "Commercial", (3, 5), (3, 4), (2, 3), "2018-05-31", "treat", "2018-03-12", ["PR5"], "OFFICIAL-SENSITIVE"),
    ("TIP-R3", "TIP", "TIP-FOR", "Forensic demand outruns capacity", "Digital evidence volumes grow faster than budgets.",
     "Backlogs build before the new model is in place.", "Investigations and charging decisions slow.",
     "AC Specialist Crime and Operations", "Operational", (4, 4), (4, 3), (2, 3), "2018-06-29", "treat", "2017-11-06", ["PR5", "PR7"], None),
    ("SW-R1", "SW", "SW-APP", "Devices under-used", "Devices arrive before the apps and training that make them useful.",
     "Officers keep working the old way.", "The 10% productivity gain is not realised.",
     "Chief Operating Officer", "Benefits", (4, 4), (3, 3), (2, 2), "2018-09-28", "treat", "2017-09-04", ["PR6", "PR1"], None),
    ("SW-R2", "SW", "SW-MOB", "Device supply interrupted", "A single supplier provides the tablets.",
     "Deliveries pause for several weeks.", "The June target of 20,000 is missed.",
     "Mobile Devices Project Manager", "Supply", (3, 3), (2, 3), (2, 2), "2018-06-29", "treat", "2017-08-07", ["PR7"], None),
    ("OR-R1", "OR", "OR-DES", "Despatch decision holds up command and control", "The new command and control system is specified around the despatch model.",
     "The decision slips beyond April.", "Command and control procurement and PAFC first-contact work slip.",
     "AC Met Operations", "Delivery", (4, 4), (4, 4), (2, 3), "2018-04-30", "treat", "2018-01-31", ["PR7"], None),
    ("OR-R2", "OR", "OR-IVMA", "Vehicles unavailable for fitting", "Response demand keeps vehicles on the road.",
     "Fitting slots are missed.", "Vehicles joining the fleet are not fitted by June.",
     "IVMA Project Manager", "Operational", (3, 3), (2, 3), (2, 2), "2018-06-15", "treat", "2017-09-04", ["PR2"], None),
    ("OR-R3", "OR", "OR-DES", "Control room staff resist the new model", "The model changes roles and shift patterns in MetCC.",
     "Staff do not support the change.", "Adoption is slow and call handling suffers.",
     "Optimising Response Programme Manager", "People", (3, 4), (3, 3), (2, 2), "2018-09-28", "treat", "2017-11-06", ["PR1"], None),
    ("WF-R1", "WF", "WF-DEDC", "Direct-entry recruits leave during training", "The route is new and its support untested.",
     "More recruits leave than planned.", "Fewer qualified investigators than demand needs.",
     "Recruitment Project Manager", "People", (3, 3), (3, 3), (2, 2), "2018-07-31", "treat", "2017-12-04", ["PR3"], None),
    ("WF-R2", "WF", "WF-L4L", "Managers cannot be released for training", "Operational demand peaks in summer.",
     "Managers miss their Leading for London workshops.", "The programme runs late and loses momentum.",
     "Leadership Development Manager", "Resources", (3, 3), (3, 2), (2, 2), "2018-08-31", "tolerate", "2018-01-15", ["PR3", "PR2"], None),
    ("PAFC-R1", "PAFC", "PAFC-FC", "Legal challenge to counter closures", "Closures are contested under the legal process the paper mentions.",
     "A challenge succeeds or runs long.", "Further public access changes are delayed.",
     "DAC Frontline Policing", "Legal", (3, 4), (3, 3), (2, 3), "2018-06-30", "treat", "2017-11-13", ["PR4"], None),
    ("PAFC-R2", "PAFC", "PAFC-DIG", "Online reports outgrow handling capacity", "Online reporting is growing fast.",
     "Reports wait too long to be assessed.", "Victims get a poor first experience.",
     "Public Access Programme Manager", "Operational", (3, 3), (3, 3), (2, 2), "2018-07-31", "treat", "2018-02-05", ["PR2"], None),
    ("IF-R1", "IF", "IF-SIU", "Data quality limits insight", "Source systems hold incomplete and inconsistent records.",
     "Insight products are wrong or untrusted.", "Leaders ignore the unit and the benefits case weakens.",
     "Strategic Insight Lead", "Benefits", (4, 3), (3, 3), (2, 2), "2018-09-28", "treat", "2017-10-02", ["PR6"], None),
    ("IF-R2", "IF", "IF-SIU", "Shortage of data scientists", "Analytics skills command high salaries in London.",
     "The unit cannot recruit or keep analysts.", "The pilot cannot scale.",
     "Information Futures Programme Manager", "Resources", (4, 3), (4, 3), (2, 3), "2018-09-28", "treat", "2017-10-02", ["PR3"], None),
    ("EST-R1", "EST", None, "Consultation delays the estate plan again", "Public access decisions decide which buildings are kept.",
     "Further decisions are delayed.", "The re-baselined plan slips and receipts arrive late.",
     "Director of Property Services", "Delivery", (4, 4), (3, 4), (2, 3), "2018-05-31", "treat", "2017-11-06", ["PR4", "PR7"], None),
    ("EST-R2", "EST", "EST-DIS", "Disposal receipts below forecast", "London's property market is softening.",
     "Sales achieve less than forecast.", "Less money to reinvest in the estate.",
     "Disposals Manager", "Financial", (3, 4), (3, 4), (2, 3), "2018-12-31", "tolerate", "2017-06-05", ["PR5"], None),
    ("EST-R3", "EST", "EST-BCU", "Construction costs rise", "Building cost inflation is running above plan.",
     "Tender prices for BCU building works exceed the OBC.", "Scope cuts or more capital needed.",
     "Estates Project Director, BCU Buildings", "Financial", (3, 3), (3, 3), (2, 2), "2018-09-28", "treat", "2018-02-27", ["PR5"], None),
    ("DP-R1", "DP", "DP-TCX", "Service disruption during tower transition", "Services move between suppliers.",
     "A transition causes an outage.", "Operational systems are unavailable to officers.",
     "Service Transition Manager", "Operational", (3, 4), (2, 4), (1, 4), "2018-07-31", "treat", "2017-04-03", ["PR2", "PR7"], None),
    ("DP-R2", "DP", None, "Supporting a much larger mobile estate", "Tens of thousands of new devices need support and security updates.",
     "Support and patching cannot keep up.", "Devices go out of service and security weakens.",
     "Director of Digital Policing", "Technology", (3, 4), (3, 3), (2, 2), "2018-06-29", "treat", "2017-10-02", ["PR7"], None),
]


# Risks held on a project's register; the rest sit on the programme's own
# register (their project column above says which project they mostly touch,
# for readers of this file only).
_PROJECT_LEVEL = {"TIP-R2", "SW-R2", "OR-R2"}


# A risk event's schedule impact for the Monte Carlo run: (activity it
# delays, working days added if it happens). Assumed.
_SCHEDULE = {
    "SLP-R2": ("SLP-A5", 15),   # West Area waves wait for their buildings
    "OR-R1": ("OR-A5", 20),     # the despatch decision slips past April
}

# Scores reported in January and February where they differ from March's
# (the register's current ones), with what moved them. A risk raised during
# the quarter is scored from its first month.
_EARLIER = {
    "PR1": {"2018-01": ((4, 4), None),
            "2018-02": ((3, 4), "Local Change Managers named for most BCUs; readiness "
                                "reviews now run before each go-live.")},
    "PR3": {"2018-01": ((3, 4), None),
            "2018-02": ((4, 4), "Two senior programme roles left vacant after a failed "
                                "campaign; contractor rates rising.")},
    "PR4": {"2018-02": ((4, 4), "Front counter closures drew local challenge and "
                                "press attention.")},
    "PR6": {"2018-01": ((4, 4), None),
            "2018-02": ((4, 3), "Assurance framework drafted and benefits owners "
                                "named for every programme.")},
    "PR7": {"2018-01": ((3, 4), None), "2018-02": ((3, 4), None)},
    "SLP-R1": {"2018-01": ((4, 4), None), "2018-02": ((4, 4), None)},
    "SLP-R2": {"2018-01": ((3, 4), None),
               "2018-02": ((3, 3), "Temporary accommodation found for two West Area teams.")},
    "TIP-R1": {"2018-01": ((3, 3), None),
               "2018-02": ((3, 4), "Legacy systems need more support than planned while "
                                   "the MIPS bids are evaluated.")},
    "TIP-R3": {"2018-01": ((3, 3), None),
               "2018-02": ((4, 3), "Digital evidence backlogs grew again in January.")},
    "OR-R1": {"2018-01": ((3, 4), None),
              "2018-02": ((4, 4), "The decision slipped a second time, into March.")},
    "SW-R2": {"2018-01": ((3, 3), None),
              "2018-02": ((2, 3), "A second supplier agreed to cover any gap in "
                                  "tablet deliveries.")},
    "DP-R1": {"2018-01": ((3, 4), None), "2018-02": ((3, 4), None)},
    "EST-R1": {"2018-01": ((4, 4), None), "2018-02": ((4, 4), None)},
    "IF-R1": {"2018-01": ((4, 3), None),
              "2018-02": ((3, 3), "The pilot's first data sources were cleansed and "
                                  "signed off.")},
}

# Why March's score moved from February's.
_MARCH_NOTES = {
    "PR4": "Closures completed; the joint engagement plan with MOPAC is being agreed.",
    "PR7": "The despatch decision slipped again and now holds up command and control "
           "and first-contact design.",
    "SLP-R1": "The South East go-live in February held response times; later waves "
              "follow its plan.",
    "DP-R1": "The last towers move with rehearsed cut-overs and fall-back plans.",
    "EST-R1": "A re-baseline has been put to PIB with the consultation's outcome "
              "built in.",
}


def risks():
    out = []
    for code, (title, cause, event, effect, owner, cat, inh, cur, tgt, prox, raised) in _PORTFOLIO.items():
        out.append(rec(code=code, level="portfolio", title=title, cause=cause, event=event,
                       effect=effect, owner=owner, category=cat,
                       inherent_likelihood=inh[0], inherent_impact=inh[1],
                       current_likelihood=cur[0], current_impact=cur[1],
                       target_likelihood=tgt[0], target_impact=tgt[1], proximity=prox,
                       response="treat", status="open", raised=raised, marking="OFFICIAL",
                       assumption=P_NOTE))
    for (code, prog, proj, title, cause, event, effect, owner, cat, inh, cur, tgt, prox,
         resp, raised, _, marking) in _PROGRAMME:
        proj = proj if code in _PROJECT_LEVEL else None
        act, days = _SCHEDULE.get(code, (None, None))
        out.append(rec(code=code, level="project" if proj else "programme", programme=prog,
                       project=proj, title=title, cause=cause, event=event, effect=effect,
                       owner=owner, category=cat,
                       inherent_likelihood=inh[0], inherent_impact=inh[1],
                       current_likelihood=cur[0], current_impact=cur[1],
                       target_likelihood=tgt[0], target_impact=tgt[1], proximity=prox,
                       schedule_impact_days=days, activity=act,
                       response=resp, status="open", raised=raised,
                       marking=marking or "OFFICIAL",
                       assumption=R_NOTE if act is None else
                       R_NOTE + " Schedule impact on %s assumed." % act))
    return out


def risk_scores():
    """Each open risk's score as reported in each month of the quarter,
    from the month it was raised; March's is the register's."""
    out = []
    for r in risks():
        if r["status"] != "open":
            continue
        earlier = _EARLIER.get(r["code"], {})
        now = (r["current_likelihood"], r["current_impact"])
        prev = None
        for month in QUARTER:
            if r["raised"][:7] > month:
                continue
            if month == QUARTER[-1]:
                score, note = now, (_MARCH_NOTES.get(r["code"]) if prev != now else None)
            else:
                score, note = earlier.get(month, (now, None))
            if prev is not None and score != prev:
                assert note, "%s %s: a move needs a note" % (r["code"], month)
            out.append(rec(risk=r["code"], period=month, likelihood=score[0],
                           impact=score[1], status="open",
                           note=note if prev is not None and score != prev else None))
            prev = score
    return out


def risk_actions():
    out, seq = [], {}
    for risk, action, owner, due, done in _ACTIONS:
        seq[risk] = seq.get(risk, 0) + 1
        out.append(rec(risk=risk, seq=seq[risk], action=action, owner=owner, due=due, done=done))
    return out


def risk_links():
    return [rec(portfolio_risk=p, risk=r[0]) for r in _PROGRAMME for p in r[15]]
