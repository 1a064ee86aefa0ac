"""The hand-written fact table behind data/establishment_review.csv, as code: run it to rewrite the CSV (`make data` runs it).

RETC 2022 records whose SCIAN activity code does not describe what the establishment makes, found
when the profiles' clusters were reviewed against SCIAN (issue 17): the establishments builder
(`tools/build_establishments.py`) uses `scian_used` for them and keeps RETC's own code in the
`scian_retc` column. Only clear cases are listed: a firm known for one product line coded in an
unrelated class. The names are read from the RETC file (`../shared/data`), which the embedded
table leaves out; the reason says what the firm makes.
"""
from pathlib import Path as _Path
import os as _os
_DATA = _Path(_os.environ.get("SITESELECT_FACTS_OUT") or _Path(__file__).resolve().parents[2] / "data")
import csv, io

# id (RETC NRA), RETC's SCIAN, the SCIAN used, reason, source
R = [
 ("BSM1902600058", "339111", "339920",
  "BRG Sports México (Guadalupe, Nuevo León) makes sports protective equipment (Riddell / Bell helmets): "
  "SCIAN 339920, sporting goods, not 339111 medical equipment",
  "RETC 2022 record (name BRG SPORTS MÉXICO); the firm's products from the author's knowledge of BRG Sports (Riddell, Bell)"),
]
cols = ["id", "scian_retc", "scian_used", "reason", "source"]
rows = [dict(zip(cols, r)) for r in sorted(R)]
buf = io.StringIO(); w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n"); w.writeheader(); w.writerows(rows)
open(_DATA / "establishment_review.csv", "w", encoding="utf-8", newline="").write(buf.getvalue())
print(f"{len(rows)} reviewed establishments")
