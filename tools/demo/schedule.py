"""The schedule network: activities with durations (some with three-point
estimates) and the links between them, including the cross-programme
dependencies the paper implies.

Durations are not typed in: each task names the date it should finish (a
milestone's forecast), and a forward pass with the same rules as
tools/check-demo.py (Monday to Friday, status date 2 April 2018) works out
the duration that lands it there. Change a milestone's forecast and the
network follows.
"""
from common import STATUS_DATE, rec, wd_index
from milestones import SPEC, current_forecast

_ACTS = []
CAL = "weekdays"  # a built-in calendar of src/sched: Monday to Friday, no holidays


def _a(code, prog, name, milestone=None, start=None, finish=None, target=None, days=None,
       preds=(), three=False, snet=None, note=None):
    """A task (or, with milestone and no dates, a milestone activity).

    start/finish: actual dates; target: planned finish when not finished;
    days: a fixed duration instead of a target; preds: (code, type, lag).
    """
    if start is None and snet is None:
        # Not started by the status date: it cannot start before it, in
        # any engine (folio's CPM has no status date of its own).
        snet = STATUS_DATE.isoformat()
    _ACTS.append(dict(code=code, programme=prog, name=name, milestone=milestone, start=start,
                      finish=finish, target=target, days=days, preds=list(preds), three=three,
                      snet=snet, note=note))


def _ms(code, prog, name, milestone, preds):
    """A zero-length milestone activity standing for a reporting milestone."""
    m = SPEC[milestone]
    _ACTS.append(dict(code=code, programme=prog, name=name, milestone=milestone,
                      start=m["actual"], finish=m["actual"], target=None, days=0,
                      preds=list(preds), three=False, snet=None, note=None, is_ms=True))


FC = current_forecast

# Strengthening Local Policing
_a("SLP-A3", "SLP", "Prepare the South East go-live", start="2017-12-04", finish="2018-02-02")
_ms("SLP-A4", "SLP", "Roll-out starts", "SLP-M1", [("SLP-A3", "FS", 0)])
_a("SLP-A5", "SLP", "Merge the remaining borough commands in waves", start="2018-02-05",
   target=FC("SLP-M2"), preds=[("SLP-A4", "FS", 0)], three=True)
# Estates
_a("EST-A1", "EST", "Prepare the BCU buildings OBC", start="2017-06-01", finish="2018-02-26")
_ms("EST-A2", "EST", "BCU buildings OBC approved", "EST-M2", [("EST-A1", "FS", 0)])
_a("EST-A3", "EST", "Design and first BCU building works", target=FC("EST-M4"),
   preds=[("EST-A2", "FS", 0)], three=True)
_ms("EST-A4", "EST", "First BCU building works complete", "EST-M4", [("EST-A3", "FS", 0)])
_a("EST-A5", "EST", "Prepare the estates re-baseline", start="2018-03-14", target=FC("EST-M3"))
_ms("EST-A6", "EST", "Re-baseline approved", "EST-M3", [("EST-A5", "FS", 0)])
_ms("SLP-A6", "SLP", "BCU implementation complete", "SLP-M2",
    [("SLP-A5", "FS", 0), ("EST-A4", "FS", 0)])
# Transforming Investigation and Prosecution
_a("TIP-A1", "TIP", "MIPS competitive dialogue", start="2017-06-05", finish="2018-01-26")
_a("TIP-A2", "TIP", "MIPS final tenders", start="2018-01-29", finish="2018-03-08",
   preds=[("TIP-A1", "FS", 0)])
_ms("TIP-A3", "TIP", "MIPS final tenders received", "TIP-M7", [("TIP-A2", "FS", 0)])
_a("TIP-A4", "TIP", "Evaluate MIPS tenders and approve the FBC", start="2018-03-12",
   target=FC("TIP-M1"), preds=[("TIP-A3", "FS", 0)], three=True)
_ms("TIP-A5", "TIP", "MIPS contract award", "TIP-M1", [("TIP-A4", "FS", 0)])
_a("TIP-A6", "TIP", "MIPS implementation", days=620, preds=[("TIP-A5", "FS", 0)], three=True,
   note="Length assumed: award in June 2018 to go-live by March 2021.")
_a("TIP-A7", "TIP", "Forensics operating model design and OBC", start="2017-05-02",
   target=FC("TIP-M5"), three=True)
_ms("TIP-A8", "TIP", "Forensics TOM and OBC agreed", "TIP-M5", [("TIP-A7", "FS", 0)])
_a("TIP-A9", "TIP", "Deploy Treadfinder to custody suites", start="2018-01-08", target=FC("TIP-M3"))
_ms("TIP-A10", "TIP", "Treadfinder in custody suites", "TIP-M3", [("TIP-A9", "FS", 0)])
_a("TIP-A11", "TIP", "Design the specialist crime operating model", start="2017-07-03",
   target="2018-08-31", three=True)
_ms("TIP-A12", "TIP", "Specialist crime model implementation starts", "TIP-M2",
    [("TIP-A11", "FS", 0)])
_a("TIP-A13", "TIP", "Prepare the next custody phase", start="2018-01-08", target=FC("TIP-M4"))
_ms("TIP-A14", "TIP", "Next custody phase live", "TIP-M4", [("TIP-A13", "FS", 0)])
_a("TIP-A15", "TIP", "THRIVE+ training and roll-out", target=FC("TIP-M6"),
   preds=[("SLP-A5", "SS", 0)], snet="2018-05-01", three=True,
   note="Starts with the BCU waves under way and not before May, once the first have "
        "settled; the May start is assumed.")
_ms("TIP-A16", "TIP", "THRIVE+ implemented", "TIP-M6", [("TIP-A15", "FS", 0)])
# Smarter Working
_a("SW-A1", "SW", "Roll out mobile devices", start="2017-10-02", target=FC("SW-M1"), three=True)
_ms("SW-A2", "SW", "Over 20,000 devices rolled out", "SW-M1", [("SW-A1", "FS", 0)])
_a("SW-A3", "SW", "Develop the first Smarter Working app", target="2018-08-17")
_a("SW-A4", "SW", "Pilot the app on issued devices", target=FC("SW-M2"),
   preds=[("SW-A3", "FS", 0), ("SW-A2", "FS", 0)])
_ms("SW-A5", "SW", "First app released", "SW-M2", [("SW-A4", "FS", 0)])
# Optimising Response and Public Access
_a("OR-A1", "OR", "Fit IVMA to the current fleet", start="2017-09-04", target=FC("OR-M1"))
_ms("OR-A2", "OR", "Current fleet fitted", "OR-M1", [("OR-A1", "FS", 0)])
_a("OR-A3", "OR", "Fit IVMA to vehicles joining the fleet", target=FC("OR-M2"),
   preds=[("OR-A2", "FS", 0)])
_ms("OR-A4", "OR", "IVMA in every vehicle", "OR-M2", [("OR-A3", "FS", 0)])
_a("OR-A5", "OR", "Despatch model design and engagement", start="2017-04-03",
   target=FC("OR-M3"), three=True)
_ms("OR-A6", "OR", "Despatch model decided", "OR-M3", [("OR-A5", "FS", 0)])
_a("OR-A7", "OR", "Command and control requirements", days=80, preds=[("OR-A6", "FS", 0)],
   three=True, note="Length assumed.")
_a("PAFC-A1", "PAFC", "First-contact channel design for the new despatch model", days=60,
   preds=[("OR-A6", "FS", 0)], note="Length assumed.")
_a("PAFC-A2", "PAFC", "Build the July online reporting release", start="2018-02-05",
   target=FC("PAFC-M2"))
_ms("PAFC-A3", "PAFC", "More crime types reportable online", "PAFC-M2", [("PAFC-A2", "FS", 0)])

_NOTES = {  # why the cross-programme links exist
    ("EST-A4", "SLP-A6"): "The BCU model needs its buildings.",
    ("SLP-A5", "TIP-A15"): "THRIVE+ is built on the new BCU structures.",
    ("OR-A6", "PAFC-A1"): "First-contact design depends on the despatch model.",
    ("OR-A6", "OR-A7"): "Command and control is specified around the despatch model.",
    ("TIP-A5", "TIP-A6"): "Implementation starts on contract award.",
    ("SW-A2", "SW-A4"): "Apps need the devices in officers' hands.",
}


def _plan():
    """Forward pass: each activity's duration and its early start/finish."""
    status = wd_index(STATUS_DATE)
    es, ef, dur = {}, {}, {}
    for a in _ACTS:
        c = a["code"]
        if a["finish"]:
            ef[c] = wd_index(a["finish"]) + 1
            es[c] = wd_index(a["start"])
            dur[c] = 0 if a.get("is_ms") else ef[c] - es[c]
            continue
        if a["start"]:
            es[c] = wd_index(a["start"])
        else:
            s = status
            if a["snet"]:
                s = max(s, wd_index(a["snet"]))
            for p, t, lag in a["preds"]:
                s = max(s, (ef[p] if t == "FS" else es[p]) + lag)
            es[c] = s
        if a.get("is_ms"):
            dur[c] = 0
        elif a["days"] is not None:
            dur[c] = a["days"]
        else:
            dur[c] = wd_index(a["target"]) + 1 - es[c]
            assert dur[c] > 0, c
        ef[c] = es[c] + dur[c] if not a["start"] else max(es[c] + dur[c], status)
    return dur


def activities():
    dur = _plan()
    out = []
    for a in _ACTS:
        d = dur[a["code"]]
        three = a["three"] and not a["finish"]
        out.append(rec(
            code=a["code"], programme=a["programme"], name=a["name"],
            type="milestone" if a.get("is_ms") else "task", milestone=a["milestone"],
            duration_days=d,
            optimistic_days=round(d * 0.85) if three else None,
            likely_days=d if three else None,
            pessimistic_days=round(d * 1.4) if three else None,
            calendar=CAL, constraint_type="SNET" if a["snet"] else None,
            constraint_date=a["snet"], actual_start=a["start"], actual_finish=a["finish"],
            assumption=a["note"] or ("Durations derived from the milestone dates; three-point "
                                     "spread assumed." if three else None)))
    return out


def dependencies():
    out = []
    for a in _ACTS:
        for p, t, lag in a["preds"]:
            out.append(rec(predecessor=p, successor=a["code"], type=t, lag_days=lag,
                           note=_NOTES.get((p, a["code"]))))
    return out
