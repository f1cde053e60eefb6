"""Shared helpers and constants for the demo portfolio generator.

The demo is the Metropolitan Police Service's transformation portfolio as
its March 2018 oversight paper describes it. Every module of tools/demo
builds some kinds of record as plain dicts; build.py puts them in schema
order and writes data/demo/mps-2018.json. Figures that several kinds must
share (dates, money, ratings) live in one module and are imported from
there, never typed twice.
"""
import calendar
import datetime

# The portfolio is read as at the end of March 2018; the schedule's status
# date is the first working day after it.
AS_AT = "2018-03"
Q_END = "2018-03-31"
STATUS_DATE = datetime.date(2018, 4, 2)

# Reporting months of financial year 2017/18, then the open month.
FY17_MONTHS = ["2017-%02d" % m for m in range(4, 13)] + ["2018-%02d" % m for m in range(1, 4)]
OPEN_MONTH = "2018-04"
QUARTER = ["2018-01", "2018-02", "2018-03"]

# Who does what on the platform (users.username); used by several modules.
PMO_USER = "g.okafor"
PM_USER = "h.delaney"


def rec(**fields):
    """A record: the given fields, leaving out those that are None."""
    return {k: v for k, v in fields.items() if v is not None}


def day(s):
    """Check an ISO date string and return it unchanged."""
    datetime.date.fromisoformat(s)
    return s


def month_end(month):
    """'2018-02' -> '2018-02-28'."""
    y, m = int(month[:4]), int(month[5:7])
    return "%04d-%02d-%02d" % (y, m, calendar.monthrange(y, m)[1])


def next_month(month):
    y, m = int(month[:4]), int(month[5:7])
    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return "%04d-%02d" % (y, m)


def months(first, last):
    """Inclusive list of months 'YYYY-MM' from first to last."""
    out, m = [], first
    while m <= last:
        out.append(m)
        m = next_month(m)
    return out


def working_day(month, n, hour=10):
    """ISO timestamp of the n-th working day (Mon-Fri) of a month."""
    y, m = int(month[:4]), int(month[5:7])
    d, seen = datetime.date(y, m, 1), 0
    while True:
        if d.weekday() < 5:
            seen += 1
            if seen == n:
                return "%sT%02d:00:00Z" % (d.isoformat(), hour)
        d += datetime.timedelta(days=1)


# Working-day arithmetic, Monday to Friday, the same as tools/check-demo.py.
EPOCH = datetime.date(2000, 1, 3)  # a Monday


def wd_index(iso):
    d = datetime.date.fromisoformat(iso) if isinstance(iso, str) else iso
    weeks, rem = divmod((d - EPOCH).days, 7)
    return weeks * 5 + min(rem, 5)


def wd_span(start, finish):
    """Working days from start to finish, both counted."""
    return wd_index(finish) - wd_index(start) + 1


def long_date(iso):
    """'2018-11-16' -> '16 November 2018', as the papers write dates."""
    d = datetime.date.fromisoformat(iso)
    return "%d %s %d" % (d.day, calendar.month_name[d.month], d.year)


DCA_SCALE = ["Green", "Amber/Green", "Amber", "Amber/Red", "Red"]


def pounds(millions):
    """Whole pounds from a figure in millions (money fields are integers)."""
    return int(round(millions * 1_000_000))
