"""Splits a Groove `tcnwta classify --out R.json` by session: for the selected row and every baseline, the held-out
pieces right among the eval_session pieces (four drummers playing the same 10 grooves, a session in neither train nor
validation) and among the others. Usage: python3 scripts/classify-by-session.py R.json [R2.json ...]"""
import json
import sys


def right_by_session(row, truth, in_session):
    right = [predicted == label for predicted, label in zip(row["predicted"], truth)]
    session = sum(r for r, s in zip(right, in_session) if s)
    other = sum(r for r, s in zip(right, in_session) if not s)
    return f"{session}/{sum(in_session)} session | {other}/{len(in_session) - sum(in_session)} other"


for path in sys.argv[1:]:
    result = json.load(open(path))
    truth = [piece["label"] for piece in result["pieces"]]
    in_session = ["eval_session" in piece["path"] for piece in result["pieces"]]
    rows = {row["features"]: row for row in result["probes"]}
    shown = ([result["selected"]["features"]] if result["selected"] else []) + \
        [name for name, row in rows.items() if not row["from_code"]]
    for name in shown:
        print(f"{path}: {name}: {right_by_session(rows[name], truth, in_session)}")
