"""The hand-written fact table behind data/labour_market.csv, as code: run it to rewrite the CSV (`make data` runs it).

How many people a labour shed must hold for a plant of a given headcount to hire without
emptying its neighbours: the "pool multiple" of a `value = "pool"` labour criterion
(`siteselect/labour.py`). The multiple is

    people needed per worker = 1 / (share aged 15+ x participation x manufacturing share x hire share)

Each factor is a row with its source; the first three are INEGI figures as the author recalls
them (rounded; not re-checked against the dated release), the last is a site-selection rule of
thumb, not a measured quantity.
"""
from pathlib import Path as _Path
import os as _os
_DATA = _Path(_os.environ.get("SITESELECT_FACTS_OUT") or _Path(__file__).resolve().parents[2] / "data")
import csv, io

R = [
 ("share_15_plus", 0.747, "share",
  "INEGI, Censo de Población y Vivienda 2020: 25.3 % of the population is 0-14 years old (author's recollection of the published tabulation, rounded)",
  "medium"),
 ("participation", 0.60, "share",
  "INEGI, Encuesta Nacional de Ocupación y Empleo (ENOE) 2024: economic participation rate of the population aged 15+ about 60 % (author's recollection of the quarterly releases, rounded)",
  "medium"),
 ("manufacturing_share", 0.165, "share",
  "INEGI, ENOE 2024: manufacturing (industria manufacturera) about 16-17 % of the employed population (author's recollection, rounded)",
  "medium"),
 ("hire_share", 0.05, "share",
  "site-selection rule of thumb: a new plant should need no more than about 5 % of the manufacturing workforce within its commute shed to hire without bidding wages up (author's knowledge of consultants' practice; not a measured quantity: change it in a search by changing the criterion's best)",
  "low"),
]
cols = ["key", "value", "unit", "source", "confidence"]
rows = [{"key": k, "value": f"{v:g}", "unit": u, "source": s, "confidence": c} for k, v, u, s, c in R]
buf = io.StringIO(); w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n"); w.writeheader(); w.writerows(rows)
open(_DATA / "labour_market.csv", "w", encoding="utf-8", newline="").write(buf.getvalue())
m = 1.0
for k, v, *_ in R:
    m *= v
print(f"{len(rows)} labour market facts; pool multiple {1 / m:.1f} people per worker")
