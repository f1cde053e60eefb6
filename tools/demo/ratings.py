"""Delivery confidence: the portfolio office's ratings of each programme at
31 December 2017 and 31 March 2018, the path the monthly returns took
between them, the SROs' own ratings, and a few project-level ratings.

The paper says only that confidence across the portfolio improved over the
quarter; every rating here is chosen to show that (six programmes up, one
down, three unchanged) and is marked as an assumption.
"""
from common import QUARTER, rec

AG, A, AR = "Amber/Green", "Amber", "Amber/Red"

# code: (31 Dec 2017, January, February, March = 31 Mar 2018), SRO's own (Jan, Feb, Mar)
_PATH = {
    "SLP": ((A, A, AG, AG), (AG, AG, AG)),
    "BSS": ((A, A, AG, AG), (A, AG, "Green")),
    "TIP": ((A, A, A, A), (AG, AG, AG)),
    "SW": ((A, A, A, AG), (AG, AG, AG)),
    "OR": ((AG, AG, A, A), (AG, AG, A)),
    "WF": ((A, AG, AG, AG), (AG, AG, AG)),
    "PAFC": ((AR, A, A, A), (A, A, A)),
    "IF": ((A, A, A, A), (AG, AG, AG)),
    "EST": ((AR, AR, A, A), (A, A, A)),
    "DP": ((A, A, A, A), (A, A, A)),
}

_WHY = {
    "SLP": ("Roll-out plan for the remaining BCUs still being finalised.",
            "Roll-out under way with the first post-pathfinder BCU live and waves planned to December."),
    "BSS": ("Go-live of the new systems close, with data migration the main concern.",
            "New HR and finance systems live and stable; benefits review planned."),
    "TIP": ("MIPS procurement on plan; the forensics model is behind.",
            "MIPS timetable holds but the forensics model and its OBC have slipped to the summer."),
    "SW": ("Device supply and training capacity not yet proven at scale.",
           "Device roll-out running at the pace needed for 20,000 by June."),
    "OR": ("IVMA fitting on plan; despatch design close to decision.",
           "IVMA on plan but the despatch model decision is three months late."),
    "WF": ("Leadership and direct-entry launches both imminent.",
           "Direct-entry detectives in training and Leading for London started."),
    "PAFC": ("Front counters closed but the legal challenge and DMPC decisions unresolved.",
             "Closures complete and digital channels taking the demand."),
    "IF": ("New programme still mobilising.",
           "Insight Unit pilot launched; roadmap work started."),
    "EST": ("Business cases held up by the public access consultation.",
            "Key business cases approved; a re-baseline will reset the plan."),
    "DP": ("Contract exit on plan with some tower transitions at risk.",
           "Steady; one service tower transition has moved a month."),
}

NOTE = "Rating chosen for the demo to reflect the paper's narrative; the paper publishes no ratings."


def rating(code, month):
    """The programme's rating in its return for a 2018 month."""
    return _PATH[code][0][1 + QUARTER.index(month)]


def sro_rating(code, month):
    return _PATH[code][1][QUARTER.index(month)]


def dcas():
    out = []
    for code, ((dec, _, _, mar), _) in _PATH.items():
        out.append(rec(programme=code, assessed_on="2017-12-31", assessor="portfolio_office",
                       rating=dec, note=_WHY[code][0], assumption=NOTE))
        out.append(rec(programme=code, assessed_on="2018-03-31", assessor="portfolio_office",
                       rating=mar, note=_WHY[code][1], assumption=NOTE))
    projects = [
        ("TIP", "TIP-FOR", "2017-12-31", "portfolio_office", A,
         "Design engagement taking longer than planned."),
        ("TIP", "TIP-FOR", "2018-03-31", "portfolio_office", AR,
         "Model and OBC now due in June; service options still being costed."),
        ("TIP", "TIP-MIPS", "2018-02-15", "independent", AG,
         "Gateway review before contract award: procurement well run, award date realistic."),
        ("TIP", "TIP-MIPS", "2018-03-31", "portfolio_office", AG,
         "Final tenders received on time."),
        ("OR", "OR-DES", "2017-12-31", "portfolio_office", A,
         "Options narrowed; engagement with control room staff continuing."),
        ("OR", "OR-DES", "2018-03-31", "portfolio_office", AR,
         "Decision three months late and command and control work waiting on it."),
        ("EST", "EST-BCU", "2017-12-31", "portfolio_office", AR,
         "OBC delayed by the public access consultation."),
        ("EST", "EST-BCU", "2018-03-31", "portfolio_office", A,
         "OBC approved; first works now expected in November."),
        ("SW", "SW-MOB", "2018-03-31", "portfolio_office", AG,
         "Devices going out faster than the monthly plan; supply secured to June."),
    ]
    for prog, proj, on, who, r, why in projects:
        out.append(rec(programme=prog, project=proj, assessed_on=on, assessor=who,
                       rating=r, note=why, assumption=NOTE))
    return out
