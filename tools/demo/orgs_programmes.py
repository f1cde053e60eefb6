"""Organisation, users, the portfolio, its programmes, user scopes, periods.

Projects are in projects.py. Programme dates, costs and role titles that
the March 2018 paper does not give are chosen here once and marked in each
record's assumption.
"""
from common import (FY17_MONTHS, OPEN_MONTH, PMO_USER, PM_USER, next_month,
                    pounds, rec, working_day)

ORG = rec(
    code="MPS",
    name="Metropolitan Police Service",
    dca_scale="five",
    oversight_board="MOPAC-MPS Oversight Board",
    description="London's police force. Its transformation portfolio answers "
                "each quarter to the oversight board it shares with the Mayor's "
                "Office for Policing And Crime (MOPAC).",
)

USERS = [
    rec(username="p.natarajan", name="Priya Natarajan", email="p.natarajan@folio.example",
        role="administrator", clearance="OFFICIAL", active=True),
    rec(username=PMO_USER, name="Gareth Okafor", email="g.okafor@folio.example",
        role="portfolio_office", clearance="OFFICIAL-SENSITIVE", active=True),
    rec(username=PM_USER, name="Hannah Delaney", email="h.delaney@folio.example",
        role="programme_manager", clearance="OFFICIAL", active=True),
    rec(username="m.achterberg", name="Martin Achterberg", email="m.achterberg@folio.example",
        role="board_member", clearance="OFFICIAL", active=True),
    rec(username="s.whitlock", name="Sam Whitlock", email="s.whitlock@folio.example",
        role="viewer", clearance="OFFICIAL", active=True),
]

PORTFOLIO = "TP"
PORTFOLIOS = [rec(
    code=PORTFOLIO,
    name="Transformation Portfolio",
    owner="Director of People and Change",
    directorate="Transformation Directorate",
    board="Portfolio Investment Board",
    description="The Met's four-year programme of change: keeping London safe "
                "while living within a tighter budget, by building public "
                "confidence, equipping and leading its people, becoming more "
                "flexible, making the most of digital technology and treating "
                "data as an asset.",
    marking="OFFICIAL",
)]

ROLE_NOTE = "SRO and manager given as role titles; the paper names neither."

# code: (name, sro, start, end, whole-life cost in £M, description)
_ACTIVE = {
    "SLP": ("Strengthening Local Policing", "AC Frontline Policing",
            "2016-11-01", "2018-12-31", 38.0,
            "Replaces the 32 borough commands with 12 Basic Command Units, "
            "puts ward-based and schools officers at the heart of local "
            "policing, moves most investigation to first responders and brings "
            "safeguarding teams into each BCU."),
    "BSS": ("Business Support Services", "Director of Commercial and Finance",
            "2015-04-01", "2018-09-30", 46.0,
            "Outsourced HR and finance services and the new systems that run "
            "them: a standard platform that other forces may join."),
    "TIP": ("Transforming Investigation and Prosecution", "AC Specialist Crime and Operations",
            "2016-04-01", "2021-03-31", 124.0,
            "Changes how intelligence, investigation, custody and prosecution "
            "work, on a single integrated policing system (MIPS) that replaces "
            "seven separate legacy systems."),
    "SW": ("Smarter Working", "Chief Operating Officer",
           "2016-10-01", "2019-03-31", 72.0,
           "Laptops and tablets for front-line officers and staff, apps that "
           "take paper out of daily work, and simpler processes and guidance "
           "released month by month."),
    "OR": ("Optimising Response", "AC Met Operations",
           "2016-09-01", "2020-03-31", 58.0,
           "How emergency and priority calls are answered and resourced: "
           "in-vehicle mobile data (IVMA), a new despatch model and, after it, "
           "a replacement command and control system."),
    "WF": ("Workforce Futures", "Director of Human Resources",
           "2016-10-01", "2020-03-31", 27.0,
           "The shape, skills and leadership of the workforce: the officer "
           "operating model, new entry routes such as direct-entry detectives, "
           "the Leading for London programme and senior structures."),
    "PAFC": ("Improving Public Access and First Contact", "DAC Frontline Policing",
             "2016-06-01", "2020-03-31", 19.0,
             "How Londoners reach the police, online, by phone and in person, "
             "so that fewer and better-used front counters sit beside growing "
             "digital channels."),
    "IF": ("Information Futures", "Director of Strategy and Governance",
           "2017-06-01", "2020-03-31", 15.0,
           "Turns the Met into a data-driven organisation: proofs of concept, "
           "a Strategic Insight Unit and a roadmap for using data and "
           "intelligence across operations."),
    "EST": ("Transforming the MPS Estate", "Director of Property Services",
            "2016-04-01", "2021-03-31", 362.0,
            "Sells under-used buildings and reinvests the receipts in a "
            "smaller, modern estate built for flexible working, including the "
            "buildings the BCU model depends on."),
    "DP": ("Digital Policing", "Director of Digital Policing",
           "2016-04-01", "2020-03-31", 96.0,
           "The technology underneath the portfolio: the exit from legacy IT "
           "contracts, online services for the public and the data platform "
           "work shared with Information Futures."),
}

MANAGERS = {
    "SLP": "SLP Programme Director", "BSS": "BSS Programme Manager",
    "TIP": "TIP Programme Director", "SW": "Smarter Working Programme Manager",
    "OR": "Optimising Response Programme Manager", "WF": "Workforce Futures Programme Manager",
    "PAFC": "Public Access Programme Manager", "IF": "Information Futures Programme Manager",
    "EST": "Estates Transformation Programme Director", "DP": "Digital Policing Programme Manager",
    "BLC": "Blue Light Collaboration Lead", "MC": "Met Change Programme Director",
}

ACTIVE = list(_ACTIVE)


def whole_life_cost(code):
    return pounds(_ACTIVE[code][4])


def programmes():
    out = []
    for code, (name, sro, start, end, wlc, desc) in _ACTIVE.items():
        out.append(rec(
            code=code, portfolio=PORTFOLIO, name=name, description=desc, sro=sro,
            manager=MANAGERS[code], board=name + " Programme Board", lifecycle="active",
            start_date=start, end_date=end, whole_life_cost=pounds(wlc), marking="OFFICIAL",
            assumption=ROLE_NOTE + " Start and end dates and whole-life cost are "
                       "illustrative figures chosen for the demo.",
        ))
    out.append(rec(
        code="BLC", portfolio=PORTFOLIO, name="Blue Light Collaboration",
        description="Explores, with London's ambulance and fire services, "
                    "whether the three emergency control rooms could be shared "
                    "or joined, helped by a Home Office Police Transformation "
                    "Fund award.",
        sro="AC Met Operations", manager=MANAGERS["BLC"],
        board="Blue Light Collaboration Board", lifecycle="pipeline",
        start_date="2018-04-01", end_date="2020-03-31", whole_life_cost=pounds(4.5),
        marking="OFFICIAL",
        assumption=ROLE_NOTE + " Held in the pipeline while options are "
                   "explored; dates and cost assumed.",
    ))
    out.append(rec(
        code="MC", portfolio=PORTFOLIO, name="Met Change 2013-2017",
        description="The change work of the previous four years, held as one "
                    "closed programme so that what it delivered can be shown "
                    "beside the current portfolio.",
        sro="Deputy Commissioner", manager=MANAGERS["MC"],
        board="Met Change Board", lifecycle="closed",
        start_date="2013-04-01", end_date="2017-12-31", whole_life_cost=pounds(214.0),
        outcome="Cut back-office cost and management layers, reshaped the big "
                "estates and IT contracts, equipped every front-line officer "
                "with body-worn video, opened new online and telephone "
                "routes for reporting crime and strengthened the armed "
                "response to terrorism; its projects record each result.",
        marking="OFFICIAL",
        assumption="Grouping the earlier achievements under one closed programme "
                   "is a modelling choice; its name, dates and cost are assumed.",
    ))
    return out


# The programme manager user works on these two programmes.
SCOPED = ["OR", "PAFC"]


def user_scopes():
    return [rec(user=PM_USER, programme=p) for p in SCOPED]


def periods():
    out = []
    for m in FY17_MONTHS:
        out.append(rec(month=m, state="published", published_by=PMO_USER,
                       published_at=working_day(next_month(m), 8, 16)))
    out.append(rec(month=OPEN_MONTH, state="open"))
    return out
