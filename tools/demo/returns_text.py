"""What each programme said in its January, February and March 2018
returns: (headline, commentary, achievements, next period).

Figures are pulled from the series they belong to, so a return never
quotes a number the measures, benefits or milestones contradict.
"""
from benefits_measures import (BSS_ACTUAL, DEVICES, DEVICE_TARGET, FLEET, IVMA_FITTED,
                               L4L_MANAGERS, POSTS_RELEASED, POSTS_TARGET, pct)
from finance_units import bcus_live_on, budget, outturn


def _n(x):
    return "{:,}".format(x)


def _words(n):
    """Counts under ten in words, at the start of a headline."""
    return ["No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine"][n] \
        if n < 10 else _n(n)


_ivma_jan, _ivma_feb = IVMA_FITTED[-2][1], IVMA_FITTED[-1][1]
_dev = dict((d[:7], n) for d, n in DEVICES)
_posts = dict((m, a) for m, _, a in POSTS_RELEASED)
_l4l = dict((d[:7], n) for d, n in L4L_MANAGERS)

TEXT = {
    "SLP": [
        ("BCU wave plan confirmed; South East on course for February",
         "Management Board confirmed the order in which the remaining borough commands merge. "
         "South East is ready to go live in early February, with postings and building moves "
         "in hand.",
         "Wave plan agreed; South East postings issued; recruitment of extra schools officers opened.",
         "South East go-live; readiness checks for North East."),
        ("Roll-out under way: South East BCU live",
         "South East went live on 5 February with call handling holding steady. Numbers of "
         "dedicated ward officers are rising as postings settle.",
         "South East BCU live; %s officer posts released so far." % _n(_posts["2018-02"]),
         "North East go-live in March."),
        ("%s BCUs live; the rest on course for December" % _words(bcus_live_on("2018-03-31")),
         "North East joined South East and the two pathfinders on 12 March. The model gives every "
         "ward at least two dedicated ward officers and a PCSO, doubles schools officers to 600 "
         "and lets first responders investigate most crime, while %s officer posts go through "
         "efficiency. Safeguarding teams are moving into each BCU. West Area depends on estates "
         "works and Central South on staff consultation, so both are watched closely."
         % _n(POSTS_TARGET),
         "North East BCU live; %s of %s officer posts released; 372 schools officers in post."
         % (_n(_posts["2018-03"]), _n(POSTS_TARGET)),
         "Prepare South West (May) and South Area (June); settle the BCU buildings plan with "
         "the estates programme."),
    ],
    "BSS": [
        ("Final checks before the new HR and finance systems go live",
         "Parallel payroll runs passed. Cut-over moved twelve days, to 12 February, to finish "
         "cleansing personnel data.",
         "Parallel payroll runs passed; cut-over plan approved.",
         "Go-live and hypercare."),
        ("New HR and finance systems live",
         "The systems went live on 12 February. Service desk demand is within forecast and the "
         "first payroll on the new platform ran cleanly.",
         "Go-live; first payroll run.",
         "Close hypercare; fix the benefits baseline for the post-project review."),
        ("Systems stable; focus moves to proving the savings",
         "Simpler processes are bedding in on a standard platform that other forces can join "
         "to share costs. Outsourcing savings reached a run-rate of £%s million a year against "
         "the £10 million planned." % BSS_ACTUAL[-1],
         "Hypercare closed; two forces briefed on joining the platform.",
         "Scope the post-project review that will confirm the savings."),
    ],
    "TIP": [
        ("MIPS procurement on time; forensics design behind",
         "Competitive dialogue with the MIPS bidders closed on schedule. Practitioners need more "
         "time to shape the forensics operating model, so its decision moves beyond February.",
         "MIPS dialogue closed; THRIVE+ training design started.",
         "Call for final MIPS tenders; forensics option workshops."),
        ("Final MIPS tenders invited; forensics model now due April",
         "The call for final tenders went out on time. Forensics option workshops found more "
         "service variants worth costing than expected.",
         "Final tender call issued; Treadfinder supplier agreed.",
         "Receive final tenders; cost the forensics service options."),
        ("MIPS award on course for June; forensics model and OBC now June",
         "Final MIPS tenders arrived on 9 March and evaluation has started, keeping the award "
         "on course for June. The forensics model and OBC will offer several costed ways of "
         "running forensic services so capacity keeps up with demand, with the cost of each "
         "made clear; extra engagement on the design has moved the decision to June. "
         "Treadfinder, the next custody phase and the specialist crime model are on plan for "
         "the summer, and THRIVE+ for the autumn.",
         "MIPS final tenders received; draft custody policies issued for consultation.",
         "Evaluate MIPS tenders and take the FBC to PIB; agree the forensics options."),
    ],
    "SW": [
        ("Device roll-out gathering pace",
         "%s devices issued. Trainer numbers went up to match supply." % _n(_dev["2018-01"]),
         "Training capacity doubled; first app candidates shortlisted.",
         "Roll-out to South East; first simplified-guidance release."),
        ("%s devices issued; app priorities set" % _n(_dev["2018-02"]),
         "Supply and training are keeping pace with the plan. The first app will target a "
         "paper process that costs response officers most time.",
         "South East equipped; first monthly release of simpler guidance.",
         "Continue roll-out; confirm the first app."),
        ("Mobile roll-out on course for %s by June" % _n(DEVICE_TARGET),
         "%s tablets and laptops are now with officers and staff, who can stay in the "
         "community instead of returning to base. Pilots pointed to response teams becoming at "
         "least 10%% more productive; the effect on other teams will be studied so the "
         "investment earns its full return. Simpler processes and guidance keep coming out "
         "monthly. Bringing device orders forward leaves the year %.0f%% over budget, which "
         "PIB has accepted." % (_n(_dev["2018-03"]), 100 * (outturn("SW") / budget("SW") - 1)),
         "%s devices issued in March; third monthly guidance release."
         % _n(_dev["2018-03"] - _dev["2018-02"]),
         "Equip North East and West Area; choose the first app for release."),
    ],
    "OR": [
        ("IVMA fitting on plan; despatch decision pushed to February",
         "%s vehicles fitted. Extra engagement with control room staff on the design has moved "
         "the despatch model decision a month." % _n(_ivma_jan),
         "%s vehicles fitted; despatch options narrowed to two." % _n(_ivma_jan),
         "Present the despatch model for decision."),
        ("IVMA passes 60%; despatch decision slips again",
         "%s of about %s vehicles (%d%%) now carry IVMA. The despatch decision is now expected "
         "in March; confidence is lowered to Amber and an exception has gone to PIB."
         % (_n(_ivma_feb), _n(FLEET), pct(_ivma_feb, FLEET)),
         "%s vehicles fitted." % _n(_ivma_feb),
         "Finish fitting the current fleet; submit the despatch paper."),
        ("IVMA nearly complete; despatch model awaits the Commissioner",
         "Officers rate IVMA highly: it is the second most talked-about topic on the intranet "
         "forums, because crews now receive incident reports, photographs and video of missing "
         "people in the vehicle. The current fleet was on course to be fitted by the end of "
         "March, with vehicles joining the fleet fitted by June. The Commissioner now has a "
         "paper recommending a despatch model; a decision is expected in April and the command "
         "and control replacement waits on it.",
         "Despatch paper submitted; fitting of the current fleet on course.",
         "Fit vehicles joining the fleet; act on the despatch decision."),
    ],
    "WF": [
        ("Direct-entry detectives and Leading for London launched",
         "The first direct-entry detective constables started basic training on 8 January; "
         "half of the cohort are women. Leading for London began on 15 January.",
         "First direct-entry cohort in training; Leading for London launched.",
         "Agree the officer operating model."),
        ("Operating model for 30,000 officers agreed",
         "On 20 February Management Board settled the core operating model for 30,000 "
         "front-line officers, giving the other programmes a firm planning basis.",
         "Operating model agreed; %s managers started Leading for London." % _n(_l4l["2018-02"]),
         "Plan the second direct-entry cohort; design senior structures."),
        ("Leading for London passes 1,000 managers",
         "Leading for London, delivered with Lane4 and Met trainers together, mixes five days "
         "of small-group workshops with five coaching sessions, psychometrics, online learning "
         "and personal pledges; %s of the 10,000 managers have started. The second "
         "direct-entry cohort is planned for September and new senior structures are being "
         "designed." % _n(_l4l["2018-03"]),
         "%s managers started; second cohort campaign approved." % _n(_l4l["2018-03"]),
         "Open recruitment for the September cohort; consult on senior structures."),
    ],
    "PAFC": [
        ("Counter closures complete; digital channels taking the demand",
         "All 37 closures finished in December. Visitor numbers at the remaining counters and "
         "online reports are being tracked for displaced demand.",
         "Post-closure monitoring in place.",
         "Plan the next online reporting release."),
        ("Online reporting keeps growing",
         "About one crime in ten is now reported online. Further counter changes depend on "
         "DMPC decisions and the legal process.",
         "Online release scope agreed.",
         "Build the next release; support local social media training."),
        ("Digital contact growing; next online release in July",
         "With 37 counters closed, around 10% of crime now arrives online. Further change waits "
         "on DMPC decisions and on how the legal process ends. First-contact work with the "
         "Optimising Response programme waits on the despatch model decision.",
         "Social media training for ward teams started in two BCUs.",
         "Build the July online release; extend social media training."),
    ],
    "IF": [
        ("Data-driven organisation work mobilised",
         "Team in place; proofs of concept chosen with Digital Policing.",
         "Two proofs of concept started.",
         "Launch the Strategic Insight Unit pilot."),
        ("Strategic Insight Unit pilot launched",
         "The pilot unit started work on 19 February using modern analytics tools.",
         "Pilot unit launched.",
         "First insight products for the Management Board."),
        ("Insight pilot producing first products; roadmap started",
         "The Strategic Insight Unit is bringing modern analytics to strategic operational "
         "questions. Proofs of concept with Digital Policing continue. The roadmap for using "
         "data and intelligence more widely, due in October, will shape the portfolio from 2019.",
         "First two insight products delivered to the Management Board.",
         "Evaluate the proofs of concept; draft the roadmap's scope."),
    ],
    "EST": [
        ("BCU buildings OBC held up by the public access consultation",
         "The OBC for the 11 BCU buildings waits on the consultation's effect on which sites "
         "stay open.",
         "FBC for workplace modernisation at 18 sites approved.",
         "Take the Specialist Taskforce Base SOC and the BCU buildings OBC to PIB."),
        ("Specialist Taskforce Base SOC and BCU buildings OBC approved",
         "PIB approved the SOC for the Specialist Taskforce Base on 13 February and the OBC for "
         "the 11 BCU buildings on 27 February.",
         "Two business cases approved.",
         "OBC for flexible-working refits at 14 more sites."),
        ("Business cases approved for more than 30 sites; re-baseline to PIB",
         "Alongside the Specialist Taskforce Base SOC and the BCU buildings OBC, PIB approved "
         "refits at 18 sites in January and 14 more in March, so work is moving at more than "
         "30 sites. The public access consultation has moved the timing of several works, so "
         "a formal re-baseline goes to PIB by the end of May to give a realistic plan.",
         "OBC for 14 more sites approved; re-baseline change request raised.",
         "Re-baseline decision at PIB; BCU buildings FBCs; next disposals to market."),
    ],
    "DP": [
        ("Contract exit on plan",
         "Two service towers moved to new suppliers; the remaining one is in test.",
         "Two service towers transitioned.",
         "Test the last tower; plan the May online release."),
        ("Last service tower moves to July",
         "Supplier readiness moved the final tower transition a month; no service impact.",
         "Online release 2018.1 scope agreed.",
         "Build the online release; proofs of concept with Information Futures."),
        ("Technology foundations steady; online release due in May",
         "More services for Londoners go online in May. The final tower transition is now "
         "planned for July, and the data platform proofs of concept with Information Futures "
         "are on track.",
         "Online release in test; proofs of concept data loaded.",
         "Release online services 2018.1; prepare the final tower transition."),
    ],
}
