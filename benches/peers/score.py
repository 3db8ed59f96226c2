"""Link precision / recall / F1 of one tool's answers against the generator's truth.

    python score.py TRUTH.csv LIST_FILE (doikhop RESULTS.csv | splink ROWS.csv OUT.csv)

A link is (list row → resident ID). Truth links: every truth row of LIST_FILE with a resident ID
(matched, mismatch, deceased, duplicate). A tool's links: doikhop's results.csv rows with a
resident ID and a linking status; Splink's best candidate per row (probability ≥ 0.5).
Prints one line: `precision recall f1 links`.
"""

import csv
import sys

LINKING = {"matched", "mismatch", "deceased", "duplicate"}


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def main():
    truth_path, list_file, tool = sys.argv[1:4]
    truth = {
        (r["sheet"], r["row"]): r["resident_id"]
        for r in read(truth_path)
        if r["source_file"] == list_file
    }
    got = {}
    if tool == "doikhop":
        for r in read(sys.argv[4]):
            if r["source_file"] == list_file and r["status"] in LINKING and r["resident_id"]:
                got[(r["sheet"], r["row"])] = r["resident_id"]
    else:
        rows = {r["list_row"]: (r["sheet"], r["row"]) for r in read(sys.argv[4])}
        for r in read(sys.argv[5]):
            got[rows[r["list_row"]]] = r["resident_id"]
    true_links = {k: v for k, v in truth.items() if v}
    correct = sum(1 for k, v in got.items() if true_links.get(k) == v)
    precision = correct / len(got) if got else 0.0
    recall = correct / len(true_links) if true_links else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"{precision:.4f} {recall:.4f} {f1:.4f} {len(got)}")


if __name__ == "__main__":
    main()
