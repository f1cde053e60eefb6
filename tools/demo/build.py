#!/usr/bin/env python3
"""Build data/demo/mps-2018.json, the demo portfolio, from the modules of
tools/demo.

usage: python3 tools/demo/build.py [OUTPUT]

The model (kinds, their plural names, field order and natural keys) is read
from src/model/schema.[ch] by tools/check-demo.py's loader, so the file
comes out exactly as `folio export` would write it: kinds in enum order,
rows sorted by natural key, fields in descriptor order, 2-space indent and
a trailing newline. Run tools/check-demo.py afterwards.
"""
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import benefits_measures  # noqa: E402
import finance_units  # noqa: E402
import governance  # noqa: E402
import milestones  # noqa: E402
import orgs_programmes  # noqa: E402
import projects  # noqa: E402
import ratings  # noqa: E402
import returns  # noqa: E402
import risks  # noqa: E402
import schedule  # noqa: E402


def load_checker():
    spec = importlib.util.spec_from_file_location(
        "check_demo", os.path.join(ROOT, "tools", "check-demo.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def records():
    """Every record of the demo, by the kind's plural name."""
    measures, measure_values = benefits_measures.measures_and_values()
    benefits, benefit_values = benefits_measures.benefits_and_values()
    return {
        "users": orgs_programmes.USERS,
        "portfolios": orgs_programmes.PORTFOLIOS,
        "programmes": orgs_programmes.programmes(),
        "projects": projects.projects(),
        "user_scopes": orgs_programmes.user_scopes(),
        "periods": orgs_programmes.periods(),
        "dcas": ratings.dcas(),
        "returns": returns.returns(),
        "milestones": milestones.milestones(),
        "milestone_forecasts": milestones.milestone_forecasts(),
        "activities": schedule.activities(),
        "dependencies": schedule.dependencies(),
        "risks": risks.risks(),
        "risk_scores": risks.risk_scores(),
        "risk_actions": risks.risk_actions(),
        "risk_links": risks.risk_links(),
        "issues": governance.issues(),
        "decisions": governance.decisions(),
        "benefits": benefits,
        "benefit_values": benefit_values,
        "finances": finance_units.finances(),
        "business_cases": governance.business_cases(),
        "change_requests": governance.change_requests(),
        "change_milestones": governance.change_milestones(),
        "baselines": milestones.baselines(),
        "baseline_milestones": milestones.baseline_milestones(),
        "units": finance_units.units(),
        "readiness": finance_units.readiness(),
        "measures": measures,
        "measure_values": measure_values,
        "tolerances": finance_units.tolerances(),
        "exceptions": governance.exceptions(),
    }


def shape(ent, r):
    """One record with its fields in descriptor order and JSON-ready values."""
    unknown = set(r) - set(ent.by_name)
    if unknown:
        raise SystemExit("build: %s has unknown fields %s" % (ent.name, sorted(unknown)))
    out = {}
    for f in ent.fields:
        if f.name not in r:
            continue
        v = r[f.name]
        if f.type == "real" and isinstance(v, float) and v.is_integer():
            v = int(v)  # `folio export` writes 800, not 800.0
        if f.type in ("int", "money") and not (isinstance(v, int) and not isinstance(v, bool)):
            raise SystemExit("build: %s.%s is not an integer: %r" % (ent.name, f.name, v))
        out[f.name] = v
    return out


def document():
    cd = load_checker()
    model, _ = cd.load_model(os.path.join(ROOT, "src"))
    recs = records()
    known = {e.plural for e in model[1:]}
    extra = set(recs) - known
    if extra:
        raise SystemExit("build: no kind called %s in schema.c" % sorted(extra))
    doc = {"folio": 1, "organisation": shape(model[0], orgs_programmes.ORG)}
    for ent in model[1:]:
        rows = [shape(ent, r) for r in recs.get(ent.plural, [])]
        if rows:
            doc[ent.plural] = sorted(rows, key=lambda r: cd.sort_key(ent, r))
    return doc


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "data", "demo", "mps-2018.json")
    doc = document()
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    n = sum(len(v) for k, v in doc.items() if isinstance(v, list)) + 1
    print("%s: %d records" % (os.path.relpath(out), n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
