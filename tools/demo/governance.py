"""Issues, decisions, business cases, the estates change request with the
milestone dates it proposes, and the exceptions raised to PIB in the
quarter.

Decision dates come from the milestones that stand for them (each decision
names its milestone), so the "first due" and "now due" a paper quotes agree
with the milestone slip. An issue names the tolerance dimension it bears on
where one is plain from what it says.
"""
from common import long_date, rec
from milestones import SPEC, current_forecast

# --- issues -------------------------------------------------------------------

ISSUE_NOTE = "The paper names the issue; severity, owner and dates are assumed."


def issues():
    out = [
        rec(code="PI1", level="portfolio",
            title="Financial reporting and capital spend oversight still maturing",
            description="Programme finance reports do not yet reconcile cleanly to the ledger, "
                        "and capital spend is hard to follow against approved business cases.",
            severity="high", dimension="cost", owner="Director of Commercial and Finance",
            raised="2017-10-02",
            status="open",
            resolution="One portfolio finance report reconciled to the ledger each month, a "
                       "monthly capital review at PIB, and a finance business partner for "
                       "each major programme.",
            marking="OFFICIAL", assumption=ISSUE_NOTE),
        rec(code="PI2", level="portfolio",
            title="Planning and tracking of benefits",
            description="Benefit plans differ in quality between programmes and few are "
                        "tracked after go-live, so delivery of planned benefits cannot be "
                        "shown with confidence.",
            severity="medium", dimension="benefits", owner="Head of Portfolio Office",
            raised="2017-10-02",
            status="open",
            resolution="A benefits profile and owner for every programme, monthly actuals in "
                       "returns, and post-project reviews under the new assurance framework, "
                       "starting with Body Worn Video and BSS.",
            marking="OFFICIAL", assumption=ISSUE_NOTE),
        rec(code="PI3", level="portfolio",
            title="Recruiting and keeping specialist and front-line people",
            description="Specialist delivery roles and front-line posts are hard to fill and "
                        "to keep filled, putting time, cost and quality at risk.",
            severity="high", owner="Director of Human Resources", raised="2017-07-03",
            status="open",
            resolution="Targeted campaigns for scarce skills, new entry routes such as direct-"
                       "entry detectives, and building in-house change capability to replace "
                       "contractors.",
            marking="OFFICIAL", assumption=ISSUE_NOTE),
        rec(code="OR-I1", level="programme", programme="OR", title="Despatch model decision late",
            description="More internal engagement on the design than planned has delayed the "
                        "decision by three months.",
            severity="high", dimension="time", owner="AC Met Operations", raised="2018-01-31",
            status="open",
            resolution="Decision paper submitted to the Commissioner; command and control "
                       "requirements work resumes as soon as it is decided.",
            marking="OFFICIAL", assumption="Dates assumed."),
        rec(code="TIP-I1", level="project", programme="TIP", project="TIP-FOR",
            title="Forensics TOM and OBC late",
            description="Engagement with practitioners has taken longer than planned and more "
                        "service options need costing.",
            severity="medium", dimension="time", owner="Forensics Change Manager",
            raised="2018-02-26",
            status="open", resolution="Costed options agreed by May; model and OBC to PIB in June.",
            marking="OFFICIAL", assumption="Dates assumed."),
        rec(code="TIP-I2", level="project", programme="TIP", project="TIP-MIPS",
            title="Clarification volumes stretch the MIPS evaluation team",
            description="Bidders raised far more clarification questions on the final tenders "
                        "than planned.",
            severity="medium", dimension="time", owner="MIPS Commercial Lead",
            raised="2018-03-16", status="open",
            resolution="Two evaluators seconded from Digital Policing until award.",
            marking="OFFICIAL-SENSITIVE",
            assumption="Illustrative commercial issue, marked OFFICIAL-SENSITIVE as it "
                       "concerns a live procurement."),
        rec(code="EST-I1", level="programme", programme="EST",
            title="Public access consultation has moved estates works",
            description="Decisions on which buildings stay open came later than the estates "
                        "baseline assumed.",
            severity="high", dimension="time", owner="Director of Property Services",
            raised="2017-12-04",
            status="open", resolution="Formal re-baseline (EST-CR1) for PIB approval by May.",
            marking="OFFICIAL", assumption="Dates assumed."),
        rec(code="BSS-I1", level="programme", programme="BSS",
            title="Personnel data cleansing behind plan",
            description="Data cleansing needed more time before cut-over to the new systems.",
            severity="medium", dimension="quality", owner="BSS Programme Manager",
            raised="2018-01-10",
            status="resolved", resolution="Cut-over moved twelve days; data signed off.",
            resolved=SPEC["BSS-M1"]["actual"], marking="OFFICIAL", assumption="Dates assumed."),
        rec(code="SW-I1", level="project", programme="SW", project="SW-MOB",
            title="Training slots short in Central South",
            description="Not enough trainer time booked for the Central South device hand-over.",
            severity="low", dimension="quality", owner="Mobile Devices Project Manager",
            raised="2018-03-19",
            status="open", resolution="Extra sessions being booked with the BCU.",
            marking="OFFICIAL", assumption="Dates assumed."),
    ]
    return out


# --- decisions ----------------------------------------------------------------

def decisions():
    des, tom = SPEC["OR-M3"], SPEC["TIP-M5"]
    return [
        rec(code="OR-D1", programme="OR", milestone="OR-M3", title="Despatch model",
            description="More time than planned went on internal engagement so that the chosen "
                        "design fits best; a paper asking for a final decision is with the "
                        "Commissioner.",
            board="the Commissioner", original_due=des["baseline"], due=current_forecast("OR-M3"),
            status="pending", marking="OFFICIAL",
            assumption="Due dates follow milestone OR-M3; the paper gives only the quarter."),
        rec(code="TIP-D1", programme="TIP", milestone="TIP-M5",
            title="Forensics target operating model",
            description="Extra engagement on the design pushed the decision back; the model "
                        "and its OBC will set out costed service options so forensic services "
                        "keep pace with demand.",
            board="Portfolio Investment Board", original_due=tom["baseline"],
            due=current_forecast("TIP-M5"), status="pending", marking="OFFICIAL",
            assumption="Due dates follow milestone TIP-M5; the paper gives only the quarter."),
        rec(code="WF-D1", programme="WF", milestone="WF-M3",
            title="Operating model for a 30,000-officer workforce",
            description="The basic shape of the front-line officer workforce.",
            board="Management Board", original_due=SPEC["WF-M3"]["baseline"],
            due=SPEC["WF-M3"]["baseline"], decided=SPEC["WF-M3"]["actual"], status="made",
            outcome="Agreed, giving every programme a firm basis for planning.",
            marking="OFFICIAL", assumption="Decision date assumed."),
        rec(code="SLP-D1", programme="SLP", title="Order of the BCU roll-out waves",
            description="Which borough commands merge in which wave during 2018.",
            board="Management Board", original_due="2018-01-16", due="2018-01-16",
            decided="2018-01-16", status="made",
            outcome="South East and North East first, Central West last, completing by December.",
            marking="OFFICIAL", assumption="Decision and its date assumed."),
    ]


# --- business cases -----------------------------------------------------------

def business_cases():
    pib = "Portfolio Investment Board"
    return [
        rec(code="EST-BC1", programme="EST", project="EST-STB", title="Specialist Taskforce Base",
            stage="SOC", value=48_000_000, board=pib, submitted="2018-01-17",
            decided=SPEC["EST-M1"]["actual"], outcome="approved", marking="OFFICIAL",
            assumption="Value and submission date assumed."),
        rec(code="EST-BC2", programme="EST", project="EST-BCU",
            title="Investment in 11 buildings for the BCU model", stage="OBC", value=38_000_000,
            board=pib, submitted="2017-11-15", decided=SPEC["EST-M2"]["actual"],
            outcome="approved", marking="OFFICIAL", assumption="Value and submission date assumed."),
        rec(code="EST-BC3", programme="EST", project="EST-WPM",
            title="Workplace modernisation at 18 sites", stage="FBC", value=14_500_000, board=pib,
            submitted="2018-01-05", decided="2018-01-30", outcome="approved", marking="OFFICIAL",
            assumption="One of the several estates cases the paper mentions; details assumed."),
        rec(code="EST-BC4", programme="EST", project="EST-WPM",
            title="Flexible-working refits at 14 further sites", stage="OBC", value=11_000_000,
            board=pib, submitted="2018-02-20", decided="2018-03-13", outcome="approved",
            marking="OFFICIAL",
            assumption="One of the several estates cases the paper mentions; details assumed."),
        rec(code="TIP-BC1", programme="TIP", project="TIP-FOR",
            title="Forensic services target operating model", stage="OBC", board=pib,
            outcome="pending", marking="OFFICIAL",
            assumption="Not yet submitted; due with the operating model (TIP-M5). Value not "
                       "yet known."),
        rec(code="TIP-BC2", programme="TIP", project="TIP-MIPS", title="MIPS contract award",
            stage="FBC", board=pib, outcome="pending", marking="OFFICIAL",
            assumption="Goes to PIB once tenders are evaluated, before the June award; value "
                       "withheld until then."),
    ]


def change_requests():
    return [rec(code="EST-CR1", programme="EST", title="Re-baseline the estates programme",
                reason="The public access consultation changed when several buildings can be "
                       "vacated, sold or refitted; a new baseline gives the programme a "
                       "realistic plan to report against.",
                board="Portfolio Investment Board", raised="2018-03-14",
                decision_due=current_forecast("EST-M3"), status="pending",
                assumption="Raised date assumed; the paper says PIB decides in April to June.")]


# The dates EST-CR1 asks PIB to baseline: (milestone, proposed date, why).
# Milestones it does not name keep their forecasts when it is approved.
_EST_PROPOSED = [
    ("EST-M4", "2018-11-30",
     "The works' forecast of 16 November plus two weeks for snagging and handover."),
    ("EST-M5", "2019-01-31",
     "The OBC now follows the consultation's decisions on the specialist sites."),
]


def change_milestones():
    return [rec(change_request="EST-CR1", milestone=m, proposed_date=d, note=why)
            for m, d, why in _EST_PROPOSED]


def exceptions():
    m = SPEC["EST-M4"]
    return [
        rec(code="EST-E0", programme="EST", period="2018-01", dimension="confidence",
            type="breach",
            evidence="Delivery confidence rated Amber/Red at 31 December 2017 and in the January "
                     "return, at the portfolio's escalation level.",
            cause="Business cases held up by the public access consultation.",
            consequences="Works for the BCU buildings and the wider estate plan start late.",
            options="Hold the plan and wait for the consultation; or approve the cases that do "
                    "not depend on it now and re-baseline the rest.",
            recommendation="Approve the independent cases now and prepare a re-baseline.",
            status="resolved", marking="OFFICIAL"),
        rec(code="OR-E1", programme="OR", period="2018-02", dimension="confidence", type="breach",
            evidence="Delivery confidence fell from Amber/Green to Amber in the February return; "
                     "the programme's confidence tolerance escalates Amber.",
            cause="The despatch model decision slipped twice.",
            consequences="Command and control procurement and first-contact work in PAFC cannot "
                         "start until the model is chosen.",
            options="Wait for the Commissioner's decision; or start procurement on the likelier "
                    "model and accept rework.",
            recommendation="Wait for the decision, expected in April, and hold the procurement "
                           "team together meanwhile.",
            status="escalated", marking="OFFICIAL"),
        rec(code="EST-E1", programme="EST", period="2018-03", dimension="time",
            type="forecast_breach",
            evidence="First BCU building works forecast for %s against a baseline of %s."
                     % (long_date(current_forecast("EST-M4")), long_date(m["baseline"])),
            cause="The public access consultation moved the timing of several works.",
            consequences="West Area's BCU go-live depends on these works.",
            options="Re-baseline the programme; or accelerate works at extra cost.",
            recommendation="Approve the re-baseline, EST-CR1.",
            status="escalated", marking="OFFICIAL"),
    ]
