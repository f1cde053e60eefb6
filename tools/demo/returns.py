"""Monthly returns of every active programme for January to March 2018.

Ratings come from ratings.py, money from finance_units.py and words from
returns_text.py; this module only puts them together.
"""
from common import PMO_USER, QUARTER, next_month, rec, working_day
from finance_units import full_year_forecast, spend_to_date
from orgs_programmes import ACTIVE, MANAGERS
from ratings import rating, sro_rating
from returns_text import TEXT


def returns():
    out = []
    for code in ACTIVE:
        for i, month in enumerate(QUARTER):
            head, comm, ach, nxt = TEXT[code][i]
            after = next_month(month)
            out.append(rec(
                programme=code, period=month, version=1, status="published",
                dca=rating(code, month), sro_dca=sro_rating(code, month),
                headline=head, commentary=comm, achievements=ach, next_period=nxt,
                spend_to_date=spend_to_date(code, month),
                forecast=full_year_forecast(code, month),
                submitted_by=MANAGERS[code], submitted_at=working_day(after, 4),
                reviewed_by=PMO_USER, reviewed_at=working_day(after, 6, 15),
                assumption="Spend, forecast and ratings are illustrative; the narrative "
                           "follows the March 2018 oversight paper.",
            ))
    return out
