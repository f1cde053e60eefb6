"""Projects of every programme, including the closed projects that hold
what the Met achieved over the four years before March 2018.
"""
from common import pounds, rec

ASSUMED = "Dates and cost are illustrative; the paper gives neither."

# (code, programme, name, lifecycle, start, end, cost £M, manager, description)
_OPEN = [
    ("SLP-BCU", "SLP", "BCU implementation", "active", "2017-01-09", "2018-12-31", 21.5,
     "Head of BCU Implementation",
     "Merges the 32 borough commands into 12 BCUs, wave by wave, after the two pathfinders."),
    ("SLP-WARD", "SLP", "Dedicated ward and schools officers", "active", "2017-04-03", "2018-12-31", 4.0,
     "Neighbourhoods Project Manager",
     "At least two dedicated ward officers and one PCSO in every ward, and twice as many schools officers."),
    ("SLP-INV", "SLP", "First-responder investigation model", "active", "2017-09-04", "2018-12-31", 3.5,
     "Investigation Model Project Manager",
     "Most crimes investigated by the officers who first respond, so victims deal with fewer people."),
    ("SLP-SAFE", "SLP", "Safeguarding in the BCU model", "active", "2017-09-04", "2018-12-31", 2.0,
     "Safeguarding Project Manager",
     "Brings public protection and safeguarding teams into each BCU, working closely with partners."),
    ("BSS-SYS", "BSS", "New HR and finance systems", "active", "2016-07-01", "2018-06-30", 17.0,
     "BSS Systems Project Manager",
     "Modern processes and technology supplied through the outsourced contract; other forces may opt in."),
    ("TIP-MIPS", "TIP", "MIPS procurement", "active", "2016-10-03", "2018-06-29", 6.5,
     "MIPS Commercial Lead",
     "Buys the Met Integrated Policing System, the core platform that replaces seven legacy systems."),
    ("TIP-MIPI", "TIP", "MIPS implementation", "pipeline", "2018-07-02", "2021-03-31", 88.0,
     "MIPS Implementation Manager",
     "Builds, migrates to and beds in MIPS once the contract is awarded."),
    ("TIP-FOR", "TIP", "Forensics target operating model", "active", "2017-05-02", "2019-03-29", 3.0,
     "Forensics Change Manager",
     "A new operating model and outline business case for forensic services, with costed delivery options."),
    ("TIP-TRD", "TIP", "Treadfinder", "active", "2017-10-02", "2018-09-28", 0.9,
     "Forensics Technology Project Manager",
     "Footwear-mark matching technology placed in custody suites."),
    ("TIP-CUS", "TIP", "Custody provision", "active", "2017-04-03", "2019-03-29", 7.5,
     "Custody Project Manager",
     "The new custody model: common standards, new policies and fewer surplus cells."),
    ("TIP-SCOM", "TIP", "Specialist crime operating model", "active", "2017-07-03", "2019-03-29", 5.0,
     "Specialist Crime Change Manager",
     "Deploys specialist resources by threat, risk and harm rather than crime type, meshed with the BCUs and the NCA."),
    ("TIP-THR", "TIP", "THRIVE+", "active", "2018-01-08", "2018-12-21", 2.5,
     "THRIVE+ Project Manager",
     "Training and tools so officers judge threat, harm, risk, investigation, vulnerability and engagement consistently."),
    ("SW-MOB", "SW", "Mobile devices for front-line staff", "active", "2017-06-05", "2018-09-28", 44.0,
     "Mobile Devices Project Manager",
     "Tablets and laptops for officers and staff so they can work out in the community."),
    ("SW-APP", "SW", "Smarter Working apps", "active", "2018-01-08", "2019-03-29", 6.0,
     "Mobile Apps Product Manager",
     "Apps on the new devices that remove paperwork and trips back to the station."),
    ("SW-SIMP", "SW", "Simpler processes and guidance", "active", "2017-10-02", "2019-03-29", 1.5,
     "Business Process Lead",
     "A monthly release of simplified policies, processes and guidance to cut bureaucracy."),
    ("OR-IVMA", "OR", "In-vehicle mobile application", "active", "2017-06-05", "2018-06-29", 9.5,
     "IVMA Project Manager",
     "IVMA terminals in response vehicles send incident details, photographs and video straight to crews."),
    ("OR-DES", "OR", "Despatch model", "active", "2017-04-03", "2018-09-28", 2.0,
     "Despatch Design Lead",
     "How calls are graded and resources despatched across London; the basis for the new command and control system."),
    ("OR-CAD", "OR", "Command and control replacement", "pipeline", "2018-07-02", "2020-03-31", 32.0,
     "Command and Control Project Manager",
     "Replaces the command and control system once the despatch model is settled."),
    ("WF-L4L", "WF", "Leading for London", "active", "2017-10-02", "2020-03-31", 9.0,
     "Leadership Development Manager",
     "Leadership development for every Met manager, delivered with Lane4 and Met trainers."),
    ("WF-DEDC", "WF", "Direct Entry Detective Constables", "active", "2017-04-03", "2019-03-29", 3.0,
     "Recruitment Project Manager",
     "A new entry route straight into detective roles to meet rising demand for qualified investigators."),
    ("WF-OPM", "WF", "Officer operating model", "active", "2017-06-01", "2018-12-31", 1.5,
     "Workforce Planning Lead",
     "The shape of a 30,000-officer front-line workforce that the other programmes plan against."),
    ("WF-SLS", "WF", "Senior leadership structures", "active", "2017-11-01", "2018-12-31", 0.8,
     "Organisation Design Lead",
     "New senior structures for officers and staff, to speed up decisions and empower leaders."),
    ("PAFC-DIG", "PAFC", "Digital contact and online reporting", "active", "2016-09-01", "2019-03-29", 6.0,
     "Digital Contact Project Manager",
     "More services and crime types online, and the digital routes that let under-used counters close."),
    ("PAFC-SOC", "PAFC", "Local social media engagement", "active", "2017-09-04", "2018-12-31", 0.6,
     "Digital Engagement Lead",
     "Helps ward and BCU teams talk to their communities on Twitter and other channels."),
    ("IF-SIU", "IF", "Strategic Insight Unit pilot", "active", "2017-10-02", "2018-09-28", 1.2,
     "Strategic Insight Lead",
     "A small analytics team using modern tools to inform strategic operational decisions."),
    ("IF-POC", "IF", "Data proofs of concept", "active", "2017-09-04", "2018-09-28", 1.8,
     "Data Innovation Lead",
     "A handful of proofs of concept, run with Digital Policing, on new uses of Met data."),
    ("IF-MAP", "IF", "Data and intelligence roadmap", "active", "2018-01-08", "2018-12-21", 0.7,
     "Information Futures Programme Manager",
     "The plan for building the capacity to use data and intelligence across the Met from 2019."),
    ("IF-BLUE", "IF", "2025/2030 blueprint", "active", "2017-10-02", "2018-09-28", 0.4,
     "Head of Strategy",
     "A long-term blueprint built from the Commissioner's vision for the Met, to anchor planning "
     "and culture change; a draft goes to Management Board for formal engagement by the end "
     "of March 2018."),
    ("EST-BCU", "EST", "BCU buildings", "active", "2017-06-01", "2019-12-20", 41.0,
     "Estates Project Director, BCU Buildings",
     "Works on the 11 buildings the new BCU model relies on."),
    ("EST-STB", "EST", "Specialist Taskforce Base", "active", "2017-09-01", "2021-03-31", 52.0,
     "Estates Project Director, Specialist Sites",
     "A new base for specialist operational units, now past its strategic outline case."),
    ("EST-WPM", "EST", "Workplace modernisation", "active", "2017-04-03", "2020-03-31", 38.0,
     "Workplace Programme Manager",
     "Refits at more than 30 retained sites for flexible, shared working."),
    ("EST-DIS", "EST", "Disposals", "active", "2016-04-01", "2021-03-31", 6.0,
     "Disposals Manager",
     "Sells under-used buildings and returns the receipts to the transformation budget."),
    ("DP-TCX", "DP", "Technology contract exit", "active", "2016-04-01", "2019-03-29", 34.0,
     "Service Transition Manager",
     "Moves IT services off the old monolithic contracts onto smaller, modern ones."),
    ("DP-ONL", "DP", "Online services for Londoners", "active", "2017-04-03", "2019-03-29", 7.0,
     "Online Services Product Manager",
     "Adds services to the public website through 2018."),
    ("BLC-CR", "BLC", "Shared control room options", "pipeline", "2018-04-02", "2019-03-29", 1.2,
     "Blue Light Collaboration Lead",
     "Appraises options for co-locating or joining the police, ambulance and fire control rooms."),
]

# Closed projects: (code, programme, name, start, end, cost £M, description, outcome, note)
_CLOSED = [
    ("BSS-OUT", "BSS", "HR and finance outsourcing", "2015-04-01", "2017-03-31", 12.0,
     "Transfers HR and finance services to an outsourced provider.",
     "HR and finance services now run under an outsourced contract, planned to "
     "save £10 million a year and open to other forces for economies of scale.",
     "Project dates and cost assumed."),
    ("MC-BO", "MC", "Back-office efficiency", "2013-04-01", "2017-03-31", 18.0,
     "Slims back-office services while protecting front-line policing.",
     "Police staff roles in back-office services fell by 4,000, with the front line "
     "shielded as far as possible.",
     ASSUMED),
    ("MC-MGT", "MC", "Leaner management", "2013-04-01", "2016-12-31", 1.0,
     "Fewer management layers so more constables are on the front line.",
     "Police manager posts were cut and constables given more say; HMIC benchmarks "
     "put the Met among the leanest forces for management, and chief officer posts "
     "are down by a quarter (25%).",
     ASSUMED),
    ("MC-CON", "MC", "Estates and IT contract restructuring", "2014-04-01", "2017-06-30", 9.0,
     "Restructures the large estates and IT contracts that held back innovation.",
     "The major estates and IT contracts were broken up and re-let, removing a "
     "barrier to new ways of working.",
     ASSUMED),
    ("MC-BWV", "MC", "Body Worn Video", "2015-10-01", "2017-06-30", 11.0,
     "Body-worn cameras for every front-line officer.",
     "All front-line officers now wear cameras: stronger evidence, more "
     "transparency and public confidence, and backing from most officers. A "
     "post-project review follows in 2018.",
     ASSUMED),
    ("MC-WEB", "MC", "New public website", "2016-04-01", "2017-09-29", 4.5,
     "A new public website, with a page for every ward.",
     "The site has had 16 million page views from 2.5 million users, and a tenth "
     "of crime (10%) is now reported online. Every ward has a local page with crime "
     "figures, prevention advice and news of its team drawn from their social "
     "media feeds.",
     ASSUMED),
    ("MC-TDIU", "MC", "Telephone and Digital Investigation Unit", "2017-01-09", "2017-09-29", 3.0,
     "A unit that records and investigates suitable crimes by phone and online.",
     "Live since September 2017, the unit has recorded and investigated more than "
     "91,000 crimes, 34% of all crime the Met records, easing the load on response "
     "teams so they can go where they make most difference.",
     ASSUMED + " The end date marks go-live."),
    ("MC-ARV", "MC", "Armed response uplift", "2016-04-01", "2017-12-29", 28.0,
     "More firearms officers and armed response vehicles after the terrorist threat grew.",
     "Six hundred more firearms officers are trained and London now routinely "
     "fields many more armed response vehicles, as the response to last year's "
     "attacks showed.",
     ASSUMED),
    ("MC-KIO", "MC", "Local forensics kiosks", "2016-10-03", "2017-11-30", 2.0,
     "Digital forensics kiosks in local stations.",
     "Investigators can now extract key digital evidence at local kiosks instead "
     "of waiting for a central laboratory.",
     ASSUMED),
    ("PAFC-FC", "PAFC", "Front counter closures", "2017-06-01", "2017-12-22", 0.4,
     "Closes under-used front counters as digital contact grows.",
     "37 under-used front counters closed by December 2017, a month after MOPAC's "
     "public access and engagement strategy announced them; further change "
     "depends on DMPC decisions and the legal process.",
     "Start date and cost assumed; the paper gives the November announcement and "
     "December completion."),
]


def projects():
    out = []
    for code, prog, name, life, start, end, cost, manager, desc in _OPEN:
        out.append(rec(code=code, programme=prog, name=name, description=desc,
                       manager=manager, lifecycle=life, start_date=start, end_date=end,
                       whole_life_cost=pounds(cost), marking="OFFICIAL", assumption=ASSUMED))
    for code, prog, name, start, end, cost, desc, outcome, note in _CLOSED:
        out.append(rec(code=code, programme=prog, name=name, description=desc,
                       lifecycle="closed", start_date=start, end_date=end,
                       whole_life_cost=pounds(cost), outcome=outcome, marking="OFFICIAL",
                       assumption=note))
    return out
