#!/usr/bin/env python3
"""Check a folio interchange file, by default the demo portfolio.

usage: check-demo.py [--generic] [--quiet] [--seed FILE] [FILE]

The model is read from src/model/schema.h (the order of `enum kind`) and
src/model/schema.c (the enum spellings, the field tables and the entity
table), so the check follows the descriptors rather than a copy of them.

Three groups of checks:

  format    every member and field known, in schema order; types, enum
            spellings, ranges, dates and months; required fields; rows in
            natural-key order with no duplicate keys; references that
            resolve; the rules model/validate.h states (levels of risks and
            issues, projects inside their programme, a decision's milestone,
            a change request's proposed milestones and a risk's activity
            inside the same programme, a schedule impact with its activity,
            no risk score before the risk was raised, date order,
            three-point estimates, DCA scale, no dependency loop); and the
            file is
            byte for byte what `folio export` writes (2-space indent,
            shortest reals, trailing newline).
  demo      (not with --generic) the facts the March 2018 oversight paper
            needs: the portfolio shape, three portfolio issues, seven
            portfolio risks, returns and DCAs for every active programme,
            confidence that improved over the quarter, the look-forward key
            milestones, and so on; and figures stated twice agree (a
            milestone and its latest forecast row, March spend to date and
            the 2017/18 finance actuals).
  wording   (not with --generic) no run of 8 or more words copied from the
            seed paper (/work/shared/seed/... or --seed), so the demo is
            written in its own words.

A small critical-path pass over the schedule network also compares each
milestone activity's computed date with its milestone's forecast and
warns where they are more than 15 working days apart.

Prints one line per problem ("where: what") and a summary; exits 0 when
there are no errors (warnings do not fail), 1 otherwise, 2 on bad usage.
"""
import argparse
import datetime
import json
import math
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_FILE = os.path.join(ROOT, "data", "demo", "mps-2018.json")
DEFAULT_SEED = "/work/shared/seed/transformation-portfolio-update-2018-03.txt"

F_KEY, F_REQ, F_LIST, F_LONG = 1, 2, 4, 8
FLAG_NAMES = {"K": F_KEY, "R": F_REQ, "L": F_LIST, "LG": F_LONG, "0": 0}
MACRO_TYPES = {
    "TEXT": "text", "ENUM": "enum", "REF": "ref", "DATE": "date",
    "MONTH": "month", "INT": "int", "MONEY": "money", "REAL": "real",
    "BOOL": "bool",
}


# --- the model, read from the C sources -----------------------------------

class Field:
    def __init__(self, name, ftype, flags, values=None, ref=None, lo=0, hi=0):
        self.name, self.type, self.flags = name, ftype, flags
        self.values, self.ref, self.lo, self.hi = values, ref, lo, hi

    def has(self, flag):
        return bool(self.flags & flag)


class Entity:
    def __init__(self, kind, name, plural, fields):
        self.kind, self.name, self.plural, self.fields = kind, name, plural, fields
        self.by_name = {f.name: f for f in fields}
        self.keys = [f for f in fields if f.has(F_KEY)]


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def split_args(s):
    """Split a macro's argument text at top-level commas, minding strings."""
    args, depth, cur, i = [], 0, [], 0
    while i < len(s):
        ch = s[i]
        if ch == '"':
            j = i + 1
            while s[j] != '"':
                j += 2 if s[j] == "\\" else 1
            cur.append(s[i:j + 1])
            i = j + 1
            continue
        if ch in "({":
            depth += 1
        elif ch in ")}":
            depth -= 1
        if ch == "," and depth == 0:
            args.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
        i += 1
    if "".join(cur).strip():
        args.append("".join(cur).strip())
    return args


def macro_calls(body, names):
    """Yield (macro, [args]) for each NAME(...) call in body."""
    pat = re.compile(r"\b(%s)\s*\(" % "|".join(names))
    pos = 0
    while True:
        m = pat.search(body, pos)
        if not m:
            return
        i, depth = m.end(), 1
        while depth:
            if body[i] == '"':
                i += 1
                while body[i] != '"':
                    i += 2 if body[i] == "\\" else 1
            elif body[i] == "(":
                depth += 1
            elif body[i] == ")":
                depth -= 1
            i += 1
        yield m.group(1), split_args(body[m.end():i - 1])
        pos = i


def parse_int(expr):
    expr = expr.strip()
    return int(expr, 0)


def load_model(src_dir):
    with open(os.path.join(src_dir, "model", "schema.h")) as f:
        header = strip_comments(f.read())
    with open(os.path.join(src_dir, "model", "schema.c")) as f:
        source = strip_comments(f.read())

    m = re.search(r"enum\s+kind\s*\{(.*?)\}", header, re.S)
    kinds = [k.strip() for k in m.group(1).split(",") if k.strip()]
    kinds = [k for k in kinds if k != "K__COUNT"]

    enums = {}
    for m in re.finditer(r"const\s+char\s*\*\s*const\s+(\w+)\s*\[\]\s*=\s*\{(.*?)\};",
                         source, re.S):
        enums[m.group(1)] = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(2))

    tables = {}
    for m in re.finditer(r"static\s+const\s+struct\s+field\s+(\w+)\s*\[\]\s*=\s*\{(.*?)\n\};",
                         source, re.S):
        fields = []
        for macro, a in macro_calls(m.group(2), list(MACRO_TYPES)):
            ftype = MACRO_TYPES[macro]
            name = a[1]
            if macro in ("TEXT", "DATE", "MONTH", "MONEY", "BOOL"):
                flags = a[2]
                fld = Field(name, ftype, 0)
            elif macro == "ENUM":
                flags = a[3]
                fld = Field(name, ftype, 0, values=enums[a[2]])
            elif macro == "REF":
                flags = a[3]
                fld = Field(name, ftype, 0, ref=a[2])
            else:  # INT, REAL
                flags = a[4]
                fld = Field(name, ftype, 0, lo=parse_int(a[2]), hi=parse_int(a[3]))
            for part in flags.split("|"):
                fld.flags |= FLAG_NAMES[part.strip()]
            fields.append(fld)
        tables[m.group(1)] = fields

    entities = {}
    for macro, a in macro_calls(source, ["ENT"]):
        if len(a) != 7 or not a[0].startswith("K_"):
            continue  # the #define itself
        entities[a[0]] = Entity(a[0], json.loads(a[2]), json.loads(a[3]), tables[a[4]])
    missing = [k for k in kinds if k not in entities]
    if missing:
        raise SystemExit("check-demo: no descriptor for %s in schema.c" % ", ".join(missing))
    return [entities[k] for k in kinds], enums


# --- reporting ------------------------------------------------------------

class Report:
    def __init__(self, quiet):
        self.errors, self.warnings, self.quiet = 0, 0, quiet

    def error(self, where, msg):
        self.errors += 1
        print("error: %s: %s" % (where, msg))

    def warn(self, where, msg):
        self.warnings += 1
        if not self.quiet:
            print("warning: %s: %s" % (where, msg))


# --- values ---------------------------------------------------------------

DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_date(s):
    m = DATE_RE.match(s) if isinstance(s, str) else None
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_month(s):
    m = MONTH_RE.match(s) if isinstance(s, str) else None
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return (int(m.group(1)), int(m.group(2)))


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def check_value(rep, where, f, v):
    """Check one present value against its field; True when usable."""
    t = f.type
    if t in ("text", "enum", "ref"):
        if not isinstance(v, str):
            rep.error(where, "expected a string, got %s" % json.dumps(v))
            return False
        if v == "":
            rep.error(where, "empty string (leave the field out instead)")
            return False
        if v != v.strip():
            rep.error(where, "leading or trailing white space")
        if t == "enum" and v not in f.values:
            rep.error(where, '"%s" is not one of %s' % (v, ", ".join(f.values)))
            return False
        return True
    if t == "date":
        if parse_date(v) is None:
            rep.error(where, "expected a date YYYY-MM-DD, got %s" % json.dumps(v))
            return False
        return True
    if t == "month":
        if parse_month(v) is None:
            rep.error(where, "expected a month YYYY-MM, got %s" % json.dumps(v))
            return False
        return True
    if t in ("int", "money"):
        if not is_int(v):
            rep.error(where, "expected an integer, got %s" % json.dumps(v))
            return False
        if t == "int" and f.lo < f.hi and not f.lo <= v <= f.hi:
            rep.error(where, "%d is outside %d..%d" % (v, f.lo, f.hi))
            return False
        if abs(v) >= 2 ** 63:
            rep.error(where, "%d does not fit in 64 bits" % v)
            return False
        return True
    if t == "real":
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            rep.error(where, "expected a number, got %s" % json.dumps(v))
            return False
        if not math.isfinite(v):
            rep.error(where, "%s is not a finite number (JSON has no NaN or Infinity)" % v)
            return False
        if f.lo < f.hi and not f.lo <= v <= f.hi:
            rep.error(where, "%g is outside %d..%d" % (v, f.lo, f.hi))
            return False
        return True
    if t == "bool":
        if not isinstance(v, bool):
            rep.error(where, "expected true or false, got %s" % json.dumps(v))
            return False
        return True
    raise AssertionError(t)


def sort_value(f, v):
    """A value as record_key_cmp orders it: absent first, then by type."""
    if v is None:
        return (0,)
    if f.type in ("text", "enum", "ref"):
        return (1, v.encode("utf-8"))
    return (1, v)  # dates and months order as their ISO text


def key_of(ent, rec):
    return tuple(rec.get(f.name) for f in ent.keys)


def sort_key(ent, rec):
    return tuple(sort_value(f, rec.get(f.name)) for f in ent.keys)


def key_text(ent, rec):
    return "/".join("" if rec.get(f.name) is None else str(rec.get(f.name))
                    for f in ent.keys)


# --- the canonical text, as src/import/json-write.c writes it -------------

def fmt_real(v):
    if not math.isfinite(v):
        return str(v)  # already reported by check_value; JSON cannot hold it
    if v == 0:
        return "0"
    if float(v) == int(v) and abs(v) < 1e15:
        return "%d" % int(v)
    for prec in range(1, 18):
        s = "%.*g" % (prec, v)
        if float(s) == v:
            return s
    return repr(v)


def fmt_string(s):
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch in "\b\f\n\r\t":
            out.append({"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def fmt_record(ent, rec, indent):
    parts = []
    for f in ent.fields:
        if f.name not in rec:
            continue
        v = rec[f.name]
        if f.type in ("text", "enum", "ref", "date", "month"):
            text = fmt_string(v)
        elif f.type in ("int", "money"):
            text = "%d" % v
        elif f.type == "real":
            text = fmt_real(v)
        else:
            text = "true" if v else "false"
        parts.append("\n%s%s: %s" % (" " * indent, fmt_string(f.name), text))
    if not parts:
        return "{}"
    return "{" + ",".join(parts) + "\n" + " " * (indent - 2) + "}"


def canonical_text(model, doc):
    out = ['{\n  "folio": %d' % doc["folio"]]
    org = model[0]
    if "organisation" in doc:
        out.append(',\n  "organisation": ' + fmt_record(org, doc["organisation"], 4))
    for ent in model[1:]:
        rows = doc.get(ent.plural) or []
        if not rows:
            continue
        rows = sorted(rows, key=lambda r: sort_key(ent, r))
        out.append(',\n  "%s": [' % ent.plural)
        out.append(",".join("\n    " + fmt_record(ent, r, 6) for r in rows))
        out.append("\n  ]")
    out.append("\n}\n")
    return "".join(out)


# --- format checks ----------------------------------------------------------

def check_format(rep, model, enums, doc, raw_text, source):
    ents = {e.kind: e for e in model}
    tables = {}     # kind -> list of records (well-formed objects only)
    index = {}      # kind -> {first key value: record}

    if not isinstance(doc, dict):
        rep.error(source, "the document is not a JSON object")
        return tables
    members = list(doc)
    if members[:1] != ["folio"]:
        rep.error(source, 'the first member must be "folio"')
    if doc.get("folio") != 1 or not is_int(doc.get("folio")):
        rep.error(source + ": folio", "expected 1, got %s" % json.dumps(doc.get("folio")))
    if "organisation" not in doc:
        rep.error(source, 'no "organisation" member')
    elif members[1:2] != ["organisation"]:
        rep.error(source, '"organisation" must come second')
    order = ["folio", "organisation"] + [e.plural for e in model[1:]]
    last = -1
    for name in members:
        if name not in order:
            rep.error(source, 'unknown member "%s"' % name)
            continue
        pos = order.index(name)
        if pos < last:
            rep.error(source, 'member "%s" is out of order (kinds go in enum kind order)' % name)
        last = pos

    for ent in model:
        if ent.kind == "K_ORGANISATION":
            org = doc.get("organisation")
            if org is None:
                rows = []
            elif isinstance(org, dict):
                rows = [org]
            else:
                rep.error(source + ": organisation", "expected an object")
                rows = []
        else:
            rows = doc.get(ent.plural, [])
            if not isinstance(rows, list):
                rep.error(source + ": " + ent.plural, "expected an array")
                rows = []
            elif ent.plural in doc and not rows:
                rep.warn(source + ": " + ent.plural, "empty array (export leaves it out)")
        good = []
        for i, rec in enumerate(rows):
            where = "organisation" if ent.kind == "K_ORGANISATION" else "%s[%d]" % (ent.plural, i)
            if not isinstance(rec, dict):
                rep.error(where, "expected an object")
                continue
            names = list(rec)
            pos = -1
            for name in names:
                f = ent.by_name.get(name)
                if f is None:
                    rep.error(where, 'unknown field "%s" for %s' % (name, ent.name))
                    continue
                p = ent.fields.index(f)
                if p < pos:
                    rep.error(where + "." + name, "field out of descriptor order")
                pos = p
            ok = True
            for f in ent.fields:
                v = rec.get(f.name)
                if f.name not in rec:
                    if f.has(F_REQ):
                        rep.error(where + "." + f.name, "required field is missing")
                        ok = False
                    continue
                if v is None:
                    rep.error(where + "." + f.name, "null (leave the field out instead)")
                    ok = False
                    continue
                if not check_value(rep, where + "." + f.name, f, v):
                    ok = False
            if ok:
                good.append((i, rec))
        tables[ent.kind] = good

        # unique keys and key order
        seen = {}
        prev = None
        for i, rec in good:
            where = "%s[%d]" % (ent.plural, i)
            k = key_of(ent, rec)
            if k in seen:
                rep.error(where, 'duplicate %s "%s" (also %s[%d])'
                          % (ent.name, key_text(ent, rec), ent.plural, seen[k]))
            else:
                seen[k] = i
            sk = sort_key(ent, rec)
            if prev is not None and sk < prev:
                rep.error(where, '%s "%s" is out of natural-key order'
                          % (ent.name, key_text(ent, rec)))
            prev = sk
        if ent.keys and ent.keys[0].type in ("text", "ref"):
            index[ent.kind] = {}
            for i, rec in good:
                if rec.get(ent.keys[0].name) is not None:
                    index[ent.kind].setdefault(rec[ent.keys[0].name], rec)

    # references
    for ent in model:
        for i, rec in tables.get(ent.kind, []):
            for f in ent.fields:
                if f.type != "ref" or f.name not in rec:
                    continue
                target = ents[f.ref]
                if rec[f.name] not in index.get(f.ref, {}):
                    rep.error("%s[%d].%s" % (ent.plural, i, f.name),
                              'no %s with %s "%s"' % (target.name, target.keys[0].name, rec[f.name]))

    check_rules(rep, tables, index)
    if raw_text is not None:
        canon = canonical_text(model, doc)
        if canon != raw_text:
            a, b = raw_text.splitlines(), canon.splitlines()
            for n, (x, y) in enumerate(zip(a, b)):
                if x != y:
                    break
            else:
                n = min(len(a), len(b))
            rep.error("%s:%d" % (source, n + 1),
                      "not in the form `folio export` writes; expected %s"
                      % json.dumps(b[n] if n < len(b) else "<end of file>"))
    return tables


def rows_of(tables, kind):
    return [r for _, r in tables.get(kind, [])]


def check_rules(rep, tables, index):
    orgs = rows_of(tables, "K_ORGANISATION")
    scale = orgs[0].get("dca_scale", "five") if orgs else "five"
    projects = index.get("K_PROJECT", {})

    date_orders = [
        ("K_PROGRAMME", "programmes", "start_date", "end_date"),
        ("K_PROJECT", "projects", "start_date", "end_date"),
        ("K_ACTIVITY", "activities", "actual_start", "actual_finish"),
        ("K_ISSUE", "issues", "raised", "resolved"),
        ("K_BUSINESS_CASE", "business_cases", "submitted", "decided"),
        ("K_CHANGE_REQUEST", "change_requests", "raised", "decided"),
    ]
    for kind, plural, a, b in date_orders:
        for i, r in tables.get(kind, []):
            if a in r and b in r and r[b] < r[a]:
                rep.error("%s[%d].%s" % (plural, i, b), "%s %s is before %s %s" % (b, r[b], a, r[a]))

    for kind, plural in [("K_DCA", "dcas"), ("K_MILESTONE", "milestones"), ("K_RISK", "risks"),
                         ("K_ISSUE", "issues"), ("K_BUSINESS_CASE", "business_cases")]:
        for i, r in tables.get(kind, []):
            p = projects.get(r.get("project"))
            if p and r.get("programme") and p["programme"] != r["programme"]:
                rep.error("%s[%d].project" % (plural, i), 'project "%s" belongs to programme "%s", not "%s"'
                          % (p["code"], p["programme"], r["programme"]))

    for kind, plural in [("K_RISK", "risks"), ("K_ISSUE", "issues")]:
        for i, r in tables.get(kind, []):
            if r["level"] == "portfolio":
                if "programme" in r or "project" in r:
                    rep.error("%s[%d]" % (plural, i), "a portfolio-level record names no programme or project")
            elif "programme" not in r:
                rep.error("%s[%d].programme" % (plural, i), "a %s-level record needs a programme" % r["level"])
            if r["level"] == "project" and "project" not in r:
                rep.error("%s[%d].project" % (plural, i), "a project-level record should name its project")

    risks = index.get("K_RISK", {})
    for i, r in tables.get("K_RISK_LINK", []):
        p, q = risks.get(r["portfolio_risk"]), risks.get(r["risk"])
        if p and p["level"] != "portfolio":
            rep.error("risk_links[%d].portfolio_risk" % i, '"%s" is not a portfolio risk' % p["code"])
        if q and q["level"] == "portfolio":
            rep.error("risk_links[%d].risk" % i, '"%s" is itself a portfolio risk' % q["code"])

    # schema 3's links stay within a programme
    milestones, activities = index.get("K_MILESTONE", {}), index.get("K_ACTIVITY", {})
    crs = index.get("K_CHANGE_REQUEST", {})
    for i, d in tables.get("K_DECISION", []):
        m = milestones.get(d.get("milestone"))
        if m and d.get("programme") and m["programme"] != d["programme"]:
            rep.error("decisions[%d].milestone" % i, 'milestone "%s" belongs to programme "%s", not "%s"'
                      % (m["code"], m["programme"], d["programme"]))
    for i, c in tables.get("K_CHANGE_MILESTONE", []):
        m, cr = milestones.get(c["milestone"]), crs.get(c["change_request"])
        if m and cr and m["programme"] != cr["programme"]:
            rep.error("change_milestones[%d].milestone" % i, 'milestone "%s" belongs to programme "%s", not "%s"'
                      % (m["code"], m["programme"], cr["programme"]))
    for i, r in tables.get("K_RISK", []):
        if "schedule_impact_days" in r and "activity" not in r:
            rep.error("risks[%d].activity" % i, "a schedule impact needs the activity it would delay")
        a = activities.get(r.get("activity"))
        if a and r.get("programme") and a["programme"] != r["programme"]:
            rep.error("risks[%d].activity" % i, 'activity "%s" belongs to programme "%s", not "%s"'
                      % (a["code"], a["programme"], r["programme"]))
    for i, sc in tables.get("K_RISK_SCORE", []):
        r = risks.get(sc["risk"])
        if r and "raised" in r and sc["period"] < r["raised"][:7]:
            rep.error("risk_scores[%d].period" % i, "%s is before risk %s was raised (%s)"
                      % (sc["period"], r["code"], r["raised"]))

    for i, a in tables.get("K_ACTIVITY", []):
        o, m, p = a.get("optimistic_days"), a.get("likely_days"), a.get("pessimistic_days")
        if o is not None and m is not None and m < o:
            rep.error("activities[%d].likely_days" % i, "below the optimistic estimate")
        if m is not None and p is not None and p < m:
            rep.error("activities[%d].pessimistic_days" % i, "below the most likely estimate")
        if o is not None and p is not None and p < o:
            rep.error("activities[%d].pessimistic_days" % i, "below the optimistic estimate")

    if scale == "three":
        allowed = {"Green", "Amber", "Red", "Exempt", "Not assessed"}
        for kind, plural, fields in [("K_DCA", "dcas", ["rating"]), ("K_RETURN", "returns", ["dca", "sro_dca"])]:
            for i, r in tables.get(kind, []):
                for f in fields:
                    if f in r and r[f] not in allowed:
                        rep.error("%s[%d].%s" % (plural, i, f), '"%s" is not on the three-point scale' % r[f])

    # dependency loops (iterative colouring)
    succ = {}
    for i, d in tables.get("K_DEPENDENCY", []):
        if d["predecessor"] == d["successor"]:
            rep.error("dependencies[%d]" % i, "activity %s depends on itself" % d["predecessor"])
        succ.setdefault(d["predecessor"], []).append(d["successor"])
    colour = {}
    for start in sorted(succ):
        if colour.get(start):
            continue
        stack = [(start, iter(succ.get(start, [])))]
        path = [start]
        colour[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                colour[node] = 2
                stack.pop()
                path.pop()
                continue
            c = colour.get(nxt, 0)
            if c == 1:
                loop = path[path.index(nxt):] + [nxt]
                rep.error("dependencies", "dependency loop: " + " -> ".join(loop))
            elif c == 0:
                colour[nxt] = 1
                stack.append((nxt, iter(succ.get(nxt, []))))
                path.append(nxt)


# --- a small critical-path pass (Monday to Friday, no holidays) ------------

EPOCH = datetime.date(2000, 1, 3)  # a Monday


def wd_index(d):
    """Working-day index of a date; a weekend day counts as the Monday after."""
    days = (d - EPOCH).days
    weeks, rem = divmod(days, 7)
    return weeks * 5 + min(rem, 5)


def wd_date(i):
    weeks, rem = divmod(i, 5)
    return EPOCH + datetime.timedelta(days=weeks * 7 + rem)


def check_schedule(rep, tables, status_date):
    acts = {a["code"]: a for a in rows_of(tables, "K_ACTIVITY")}
    preds = {c: [] for c in acts}
    for d in rows_of(tables, "K_DEPENDENCY"):
        if d["successor"] in preds and d["predecessor"] in acts:
            preds[d["successor"]].append(d)
    status = wd_index(status_date)
    es, ef, busy = {}, {}, set()

    def schedule(code):
        # iterative post-order so deep chains do not recurse
        stack = [code]
        while stack:
            c = stack[-1]
            if c in ef:
                stack.pop()
                continue
            todo = [d["predecessor"] for d in preds[c] if d["predecessor"] not in ef]
            if todo:
                if c in busy:  # a loop: reported by check_rules
                    ef[c] = es[c] = status
                    stack.pop()
                    continue
                busy.add(c)
                stack.extend(todo)
                continue
            a = acts[c]
            dur = a.get("duration_days", 0) or 0
            if a.get("actual_finish"):
                f = wd_index(parse_date(a["actual_finish"])) + 1
                s = wd_index(parse_date(a["actual_start"])) if a.get("actual_start") else f - dur
            elif a.get("actual_start"):
                s = wd_index(parse_date(a["actual_start"]))
                f = max(s + dur, status)
            else:
                s = status
                if a.get("constraint_type") == "SNET" and a.get("constraint_date"):
                    s = max(s, wd_index(parse_date(a["constraint_date"])))
                for d in preds[c]:
                    lag = d.get("lag_days", 0) or 0
                    p = d["predecessor"]
                    if d["type"] == "FS":
                        s = max(s, ef[p] + lag)
                    elif d["type"] == "SS":
                        s = max(s, es[p] + lag)
                    elif d["type"] == "FF":
                        s = max(s, ef[p] + lag - dur)
                    else:  # SF
                        s = max(s, es[p] + lag - dur)
                s = int(round(s))
                f = s + dur
            es[c], ef[c] = s, f
            stack.pop()

    milestones = {m["code"]: m for m in rows_of(tables, "K_MILESTONE")}
    for code in sorted(acts):
        schedule(code)
    for code in sorted(acts):
        a = acts[code]
        m = milestones.get(a.get("milestone"))
        if not m:
            continue
        want = m.get("actual_date") or m.get("forecast_date") or m.get("baseline_date")
        if not want:
            continue
        got = wd_date(int(round(ef[code])) - 1)
        gap = abs(wd_index(parse_date(want)) - wd_index(got))
        if gap > 15:
            rep.warn("activities %s" % code, "network gives %s but milestone %s says %s (%d working days apart)"
                     % (got.isoformat(), m["code"], want, gap))
    return es, ef


# --- the demo's content -------------------------------------------------------

DCA_ORDER = ["Green", "Amber/Green", "Amber", "Amber/Red", "Red"]


def check_demo(rep, tables):
    R = lambda k: rows_of(tables, k)  # noqa: E731
    org = R("K_ORGANISATION")
    org = org[0] if org else {}
    want = {"code": "MPS", "name": "Metropolitan Police Service", "dca_scale": "five",
            "oversight_board": "MOPAC-MPS Oversight Board"}
    for k, v in want.items():
        if org.get(k) != v:
            rep.error("organisation.%s" % k, "expected %s" % json.dumps(v))
    ports = R("K_PORTFOLIO")
    if len(ports) != 1:
        rep.error("portfolios", "expected one portfolio, found %d" % len(ports))
    else:
        p = ports[0]
        for k, v in {"owner": "Director of People and Change", "directorate": "Transformation Directorate",
                     "board": "Portfolio Investment Board"}.items():
            if p.get(k) != v:
                rep.error("portfolios[0].%s" % k, "expected %s" % json.dumps(v))

    progs = {p["code"]: p for p in R("K_PROGRAMME")}
    named = {"SLP": "Strengthening Local Policing", "BSS": "Business Support Services",
             "TIP": "Transforming Investigation and Prosecution", "SW": "Smarter Working",
             "OR": "Optimising Response", "WF": "Workforce Futures",
             "PAFC": "Improving Public Access and First Contact", "IF": "Information Futures",
             "EST": "Transforming the MPS Estate", "DP": "Digital Policing"}
    for code, name in named.items():
        if code not in progs:
            rep.error("programmes", "no programme %s (%s)" % (code, name))
        elif progs[code]["name"] != name or progs[code]["lifecycle"] != "active":
            rep.error("programmes %s" % code, "expected the active programme %s" % json.dumps(name))
    active = sorted(c for c, p in progs.items() if p["lifecycle"] == "active")
    for c in sorted(progs):
        p = progs[c]
        for f in ("sro", "manager", "start_date", "end_date", "whole_life_cost"):
            if f not in p:
                rep.error("programmes %s" % c, "no %s" % f)
        if p["lifecycle"] == "closed" and "outcome" not in p:
            rep.error("programmes %s" % c, "a closed programme needs its outcome")
    for j in R("K_PROJECT"):
        if j["lifecycle"] == "closed" and "outcome" not in j:
            rep.error("projects %s" % j["code"], "a closed project needs its outcome")

    # periods: 2017-04 .. 2018-03 published, 2018-04 open
    periods = {p["month"]: p for p in R("K_PERIOD")}
    months = ["2017-%02d" % m for m in range(4, 13)] + ["2018-%02d" % m for m in range(1, 5)]
    for m in months:
        p = periods.get(m)
        if p is None:
            rep.error("periods", "no period %s" % m)
        elif m == "2018-04":
            if p["state"] != "open" or "published_by" in p:
                rep.error("periods %s" % m, "should be open and unpublished")
        elif p["state"] != "published" or "published_by" not in p or "published_at" not in p:
            rep.error("periods %s" % m, "should be published, with published_by and published_at")

    # returns: every active programme, 2018-01..03, published, with the narrative filled
    rets = {(r["programme"], r["period"]): r for r in R("K_RETURN")}
    for c in active:
        for m in ("2018-01", "2018-02", "2018-03"):
            r = rets.get((c, m))
            if r is None:
                rep.error("returns", "no return for %s %s" % (c, m))
                continue
            if r["status"] != "published":
                rep.error("returns %s/%s" % (c, m), "status should be published")
            for f in ("dca", "sro_dca", "headline", "commentary", "achievements", "next_period"):
                if f not in r:
                    rep.error("returns %s/%s" % (c, m), "no %s" % f)
    for (c, m), r in rets.items():
        if m not in periods:
            rep.error("returns %s/%s" % (c, m), "no such period")

    # DCAs: portfolio office at both quarter ends; improvement; a project worse than its programme
    dcas = R("K_DCA")
    prog_dca = {(d["programme"], d["assessed_on"]): d["rating"] for d in dcas
                if "project" not in d and d["assessor"] == "portfolio_office"}
    up = down = 0
    for c in active:
        a, b = prog_dca.get((c, "2017-12-31")), prog_dca.get((c, "2018-03-31"))
        if a is None or b is None:
            rep.error("dcas", "%s needs portfolio-office DCAs at 2017-12-31 and 2018-03-31" % c)
            continue
        if a in DCA_ORDER and b in DCA_ORDER:
            delta = DCA_ORDER.index(a) - DCA_ORDER.index(b)
            up += delta > 0
            down += delta < 0
        r = rets.get((c, "2018-03"))
        if r and r.get("dca") != b:
            rep.error("returns %s/2018-03" % c, "dca %s differs from the 31 March DCA %s" % (r.get("dca"), b))
    if up <= down:
        rep.error("dcas", "confidence should improve over the quarter (%d up, %d down)" % (up, down))
    worse = [d for d in dcas if "project" in d and d["assessed_on"] == "2018-03-31"
             and d["rating"] in DCA_ORDER
             and prog_dca.get((d["programme"], "2018-03-31")) in DCA_ORDER
             and DCA_ORDER.index(d["rating"]) > DCA_ORDER.index(prog_dca[(d["programme"], "2018-03-31")])]
    if not worse:
        rep.error("dcas", "no project rated worse than its programme at 2018-03-31")
    for d in dcas:
        if "assumption" not in d:
            rep.error("dcas %s/%s" % (d["programme"], d["assessed_on"]), "a chosen rating needs an assumption note")

    # milestones: key = look-forward (Apr-Dec 2018) plus achieved Jan-Mar 2018
    ms = R("K_MILESTONE")
    for m in ms:
        where = "milestones %s" % m["code"]
        for f in ("owner", "description", "baseline_date"):
            if f not in m:
                rep.error(where, "no %s" % f)
        if not m["key"]:
            continue
        if "actual_date" in m:
            if not "2018-01-01" <= m["actual_date"] <= "2018-03-31":
                rep.error(where, "a key milestone achieved outside January to March 2018")
        elif not "2018-04-01" <= m.get("forecast_date", "") <= "2018-12-31":
            rep.error(where, "a key milestone forecast outside April to December 2018")
    lookfwd = {"2018-04": 0, "2018-07": 0, "2018-10": 0}
    for m in ms:
        if m["key"] and "actual_date" not in m and "forecast_date" in m:
            q = m["forecast_date"][:5] + "%02d" % ((int(m["forecast_date"][5:7]) - 1) // 3 * 3 + 1)
            lookfwd[q] = lookfwd.get(q, 0) + 1
    if (lookfwd["2018-04"], lookfwd["2018-07"], lookfwd["2018-10"]) != (3, 3, 2):
        rep.error("milestones", "look-forward should hold 3, 3 and 2 key milestones, has %s" % lookfwd)
    slipped = [m for m in ms if "actual_date" not in m and "2018-01-01" <= m.get("baseline_date", "") <= "2018-03-31"
               and m.get("forecast_date", "") >= "2018-04-01"]
    if len(slipped) < 2:
        rep.error("milestones", "expected the late decisions to slip from January-March into April-June")
    fc = {(f["milestone"], f["period"]) for f in R("K_MILESTONE_FORECAST")}
    for m in [m for m in ms if m["key"]] + slipped:
        for p in ("2018-01", "2018-02", "2018-03"):
            if (m["code"], p) not in fc:
                rep.error("milestone_forecasts", "no %s forecast for %s" % (p, m["code"]))

    # issues and risks at portfolio level
    pis = [i for i in R("K_ISSUE") if i["level"] == "portfolio" and i["status"] == "open"]
    if len(pis) != 3:
        rep.error("issues", "expected 3 open portfolio issues, found %d" % len(pis))
    for i in R("K_ISSUE"):
        for f in ("owner", "resolution", "raised"):
            if f not in i:
                rep.error("issues %s" % i["code"], "no %s" % f)
    prisks = [r for r in R("K_RISK") if r["level"] == "portfolio"]
    if len(prisks) != 7:
        rep.error("risks", "expected 7 portfolio risks, found %d" % len(prisks))
    need = ("cause", "event", "effect", "owner", "category", "inherent_likelihood", "inherent_impact",
            "target_likelihood", "target_impact", "proximity", "response", "raised", "assumption")
    for r in R("K_RISK"):
        for f in need:
            if f not in r:
                rep.error("risks %s" % r["code"], "no %s" % f)
        if r["current_likelihood"] * r["current_impact"] > r.get("inherent_likelihood", 5) * r.get("inherent_impact", 5):
            rep.error("risks %s" % r["code"], "current score above inherent score")
    linked = {l["portfolio_risk"] for l in R("K_RISK_LINK")}
    feeding = {l["risk"] for l in R("K_RISK_LINK")}
    for r in prisks:
        if r["code"] not in linked:
            rep.error("risks %s" % r["code"], "no programme risk feeds this portfolio risk")
        if not any(a["risk"] == r["code"] for a in R("K_RISK_ACTION")):
            rep.error("risks %s" % r["code"], "no action on this portfolio risk")
    for r in R("K_RISK"):
        if r["level"] != "portfolio" and r["code"] not in feeding:
            rep.warn("risks %s" % r["code"], "feeds no portfolio risk")

    # the quarter's risk scores: every open risk in every month since it was
    # raised, March's the register's, and movement both ways at portfolio level
    scores = {}
    for sc in R("K_RISK_SCORE"):
        scores.setdefault(sc["risk"], {})[sc["period"]] = sc
    moved = {"up": 0, "down": 0, "same": 0}
    for r in R("K_RISK"):
        if r["status"] != "open":
            continue
        mine = scores.get(r["code"], {})
        for p in ("2018-01", "2018-02", "2018-03"):
            if r["raised"][:7] <= p and p not in mine:
                rep.error("risk_scores", "no %s score for %s" % (p, r["code"]))
        mar = mine.get("2018-03")
        if mar and (mar["likelihood"], mar["impact"]) != (r["current_likelihood"], r["current_impact"]):
            rep.error("risk_scores", "%s: March's score is not the register's current score" % r["code"])
        if r["level"] == "portfolio" and mar and "2018-01" in mine:
            jan = mine["2018-01"]
            d = mar["likelihood"] * mar["impact"] - jan["likelihood"] * jan["impact"]
            moved["up" if d > 0 else "down" if d < 0 else "same"] += 1
    if not moved["up"] or not moved["down"]:
        rep.error("risk_scores", "expected some portfolio risks rising and some falling over "
                  "the quarter, found %s" % moved)
    # the late decisions name their milestones, whose dates they carry
    for d in R("K_DECISION"):
        m = next((m for m in ms if m["code"] == d.get("milestone")), None)
        if d["code"] in ("OR-D1", "TIP-D1") and m is None:
            rep.error("decisions %s" % d["code"], "names no milestone")
        if m and (d.get("original_due") != m.get("baseline_date") or
                  (d["status"] == "pending" and d.get("due") != m.get("forecast_date"))):
            rep.error("decisions %s" % d["code"], "dates differ from milestone %s's" % m["code"])
    if not any(c["change_request"] == "EST-CR1" for c in R("K_CHANGE_MILESTONE")):
        rep.error("change_milestones", "EST-CR1 proposes no milestone dates")

    sens = [k for k in ("K_PROGRAMME", "K_PROJECT", "K_RISK", "K_ISSUE", "K_DECISION", "K_BUSINESS_CASE",
                        "K_MILESTONE", "K_BENEFIT") for r in R(k) if r.get("marking") == "OFFICIAL-SENSITIVE"]
    if not 1 <= len(sens) <= 3:
        rep.error("marking", "expected one to three OFFICIAL-SENSITIVE records, found %d" % len(sens))
    users = R("K_USER")
    roles = sorted(u["role"] for u in users)
    if roles != sorted(["administrator", "portfolio_office", "programme_manager", "board_member", "viewer"]):
        rep.error("users", "expected one user per role, found %s" % roles)
    if sum(u["clearance"] == "OFFICIAL-SENSITIVE" for u in users) != 1:
        rep.error("users", "expected exactly one user cleared to OFFICIAL-SENSITIVE")
    scopes = R("K_USER_SCOPE")
    pm = [u["username"] for u in users if u["role"] == "programme_manager"]
    if pm and sum(s["user"] == pm[0] for s in scopes) != 2:
        rep.error("user_scopes", "the programme manager should be scoped to two programmes")

    fin = {(f["programme"], f["year"]) for f in R("K_FINANCE")}
    for c in active:
        for y in (2017, 2018):
            if (c, y) not in fin:
                rep.error("finances", "no %s line for %d/%02d" % (c, y, (y + 1) % 100))
    dims = {t["dimension"] for t in R("K_TOLERANCE") if "programme" not in t}
    if len(dims) != 7:
        rep.error("tolerances", "portfolio defaults should cover all seven dimensions, cover %s" % sorted(dims))
    units = [u for u in R("K_UNIT") if u["type"] == "BCU"]
    if len(units) != 12:
        rep.error("units", "expected 12 BCUs, found %d" % len(units))
    for u in R("K_UNIT"):
        if "change_manager" not in u:
            rep.error("units %s" % u["code"], "no local change manager")

    # figures stated in two places agree
    last_fc = {}
    for f in R("K_MILESTONE_FORECAST"):
        if f["period"] <= "2018-03" and f["period"] >= last_fc.get(f["milestone"], ("",))[0]:
            last_fc[f["milestone"]] = (f["period"], f)
    for m in ms:
        got = last_fc.get(m["code"])
        if got is None:
            continue
        f = got[1]
        if f.get("actual_date") != m.get("actual_date"):
            rep.error("milestones %s" % m["code"], "actual %s, but the %s forecast says %s"
                      % (m.get("actual_date"), got[0], f.get("actual_date")))
        if f.get("forecast_date") != m.get("forecast_date"):
            rep.error("milestones %s" % m["code"], "forecast %s, but the %s forecast says %s"
                      % (m.get("forecast_date"), got[0], f.get("forecast_date")))
    money = {(f["programme"], f["year"]): f for f in R("K_FINANCE")}
    for c in active:
        f, r = money.get((c, 2017)), rets.get((c, "2018-03"))
        if not f or not r or "spend_to_date" not in r:
            continue
        if "capital_actual" in f and "revenue_actual" in f:
            spent = f["capital_actual"] + f["revenue_actual"]
            if spent != r["spend_to_date"]:
                rep.error("returns %s/2018-03" % c, "spend to date %d, but the 2017/18 finance "
                          "line's actuals total %d" % (r["spend_to_date"], spent))

    # records that carry chosen figures say so
    for kind in ("K_FINANCE", "K_MEASURE", "K_BENEFIT", "K_READINESS"):
        for r in R(kind):
            if "assumption" not in r:
                ent_key = r.get("code") or r.get("programme") or r.get("unit")
                rep.warn("%s %s" % (kind[2:].lower(), ent_key), "no assumption note")


# --- own words ---------------------------------------------------------------

WORD_RE = re.compile(r"[a-z0-9£%]+(?:['’][a-z]+)?")


def words(text):
    return WORD_RE.findall(text.lower())


def strings_of(doc):
    if isinstance(doc, dict):
        for v in doc.values():
            yield from strings_of(v)
    elif isinstance(doc, list):
        for v in doc:
            yield from strings_of(v)
    elif isinstance(doc, str):
        yield doc


def check_wording(rep, doc, seed_path, n=8):
    try:
        with open(seed_path, encoding="utf-8") as f:
            seed = words(f.read())
    except OSError as e:
        rep.warn(seed_path, "cannot read the seed paper (%s); wording not checked" % e.strerror)
        return
    grams = {tuple(seed[i:i + n]) for i in range(len(seed) - n + 1)}
    hits = set()
    for s in strings_of(doc):
        w = words(s)
        for i in range(len(w) - n + 1):
            g = tuple(w[i:i + n])
            if g in grams and g not in hits:
                hits.add(g)
                rep.error("wording", 'copies the seed paper: "%s" (in "%s")' % (" ".join(g), s[:60]))


# --- main -------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description="Check a folio interchange file (default: the demo).")
    ap.add_argument("file", nargs="?", default=DEFAULT_FILE)
    ap.add_argument("--generic", action="store_true", help="format checks only (any organisation)")
    ap.add_argument("--quiet", action="store_true", help="do not print warnings")
    ap.add_argument("--seed", default=DEFAULT_SEED, help="the seed paper, for the wording check")
    ap.add_argument("--src", default=os.path.join(ROOT, "src"), help="source tree holding model/schema.[ch]")
    args = ap.parse_args()

    model, enums = load_model(args.src)
    try:
        with open(args.file, encoding="utf-8") as f:
            raw = f.read()
    except (OSError, UnicodeDecodeError) as e:
        print("error: %s: %s" % (args.file, e))
        return 1

    def no_dup_object(pairs):
        seen = set()
        for k, _ in pairs:
            if k in seen:
                raise ValueError('duplicate member "%s"' % k)
            seen.add(k)
        return dict(pairs)

    try:
        doc = json.loads(raw, object_pairs_hook=no_dup_object)
    except ValueError as e:
        print("error: %s: %s" % (args.file, e))
        return 1

    rep = Report(args.quiet)
    source = os.path.basename(args.file)
    tables = check_format(rep, model, enums, doc, raw, source)
    check_schedule(rep, tables, datetime.date(2018, 4, 2))
    if not args.generic:
        check_demo(rep, tables)
        check_wording(rep, doc, args.seed)

    counts = [(e.plural, len(tables.get(e.kind, []))) for e in model]
    total = sum(n for _, n in counts)
    print("%s: %d records (%s); %d errors, %d warnings"
          % (source, total, ", ".join("%s %d" % (p, n) for p, n in counts if n),
             rep.errors, rep.warnings))
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
