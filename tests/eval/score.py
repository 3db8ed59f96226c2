#!/usr/bin/env python3
"""Score doikhop on an evaluation set (the second one by default) with a built binary.

Runs `doikhop match --kind <kind>` once per kind on all that kind's lists (sorted by name, as
tests/it/eval_templates.rs does), reads results.csv and run.json back and prints, per kind and per
class, the measures of eval_templates.rs: files read, person rows, rows lost (neither a result nor a
skipped row), rows in unread sheets, person rows skipped as non-person, non-person rows taken as
people (and linked), link precision and recall, status accuracy and discrepancy F1 over
(row, field) pairs. Stdlib only.

    python3 tests/eval/score.py --doikhop /path/to/doikhop [--data tests/data/eval-templates-2]
                                [--work /tmp/ev2] [--no-run] [--examples 3] [--report out.md]
"""

import argparse
import collections
import csv
import json
import os
import subprocess
import sys
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def set_of(s):
    return {x.strip() for x in (s or "").split(";") if x.strip()}


def read_truth(path):
    out = {}
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            out[(r["source_file"], r["sheet"], int(r["row"]))] = r
    return out


class Tally:
    FIELDS = ["files", "files_read", "person_rows", "unread_rows", "lost_rows", "persons_skipped",
              "non_person_rows", "non_person_as_person", "non_person_linked", "linked", "linked_right",
              "linkable", "linkable_right", "status_right", "disc_tp", "disc_fp", "disc_fn"]

    def __init__(self):
        for k in self.FIELDS:
            setattr(self, k, 0)

    @staticmethod
    def _ratio(a, b):
        return 1.0 if b == 0 else a / b

    def precision(self):
        return self._ratio(self.linked_right, self.linked)

    def recall(self):
        return self._ratio(self.linkable_right, self.linkable)

    def status(self):
        return self._ratio(self.status_right, self.person_rows)

    def disc_f1(self):
        d = 2 * self.disc_tp + self.disc_fp + self.disc_fn
        return 1.0 if d == 0 else 2 * self.disc_tp / d


def read_run(out):
    got = {}
    res = os.path.join(out, "results.csv")
    if os.path.exists(res):
        with open(res, encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                got[(r["source_file"], r["sheet"], int(r["row"]))] = r
    skipped, problems, failed = set(), [], set()
    rj = os.path.join(out, "run.json")
    if os.path.exists(rj):
        with open(rj, encoding="utf-8") as f:
            m = json.load(f)
        for s in m.get("skipped_rows") or []:
            skipped.add((s.get("file") or "", s.get("sheet") or "", int(s.get("row") or 0)))
        for i in m.get("inputs") or []:
            if i.get("error"):
                problems.append(f"{i.get('name')}: {i['error']}")
                failed.add(i.get("name"))
        for p in m.get("sheet_problems") or []:
            problems.append(f"{p.get('file')} / {p.get('sheet')} ({p.get('kind')}): {p.get('message')}")
    return got, skipped, problems, failed


def score_row(t, key, got, skipped, sheet_read, tally):
    g = got.get(key)
    if t["row_type"] != "person":
        tally.non_person_rows += 1
        if g is not None:
            tally.non_person_as_person += 1
            if g.get("resident_id"):
                tally.non_person_linked += 1
            return True
        return False
    tally.person_rows += 1
    wrong = False
    if g is None:
        if not sheet_read:
            tally.unread_rows += 1
        elif key in skipped:
            tally.persons_skipped += 1
        else:
            tally.lost_rows += 1
        wrong = True
    status = g["status"] if g else ""
    resident = g.get("resident_id", "") if g else ""
    disc = set_of(g.get("discrepancies", "")) if g else set()
    truth_disc = set_of(t["expected_discrepancies"])
    if resident:
        tally.linked += 1
        if resident == t["expected_resident_id"]:
            tally.linked_right += 1
        else:
            wrong = True
    if t["expected_resident_id"]:
        tally.linkable += 1
        if resident == t["expected_resident_id"]:
            tally.linkable_right += 1
        else:
            wrong = True
    if status == t["expected_status"]:
        tally.status_right += 1
    else:
        wrong = True
    tally.disc_tp += len(disc & truth_disc)
    tally.disc_fp += len(disc - truth_disc)
    tally.disc_fn += len(truth_disc - disc)
    return wrong or disc != truth_disc


def fmt_row(name, t):
    def metric(v, n):
        return "–" if n == 0 else f"{v:.4f}"
    files = "–" if t.files == 0 else f"{t.files_read}/{t.files}"
    npp = "–" if t.non_person_rows == 0 else f"{t.non_person_as_person}/{t.non_person_rows}"
    return (f"| {name} | {files} | {t.person_rows} | {t.lost_rows} | {t.unread_rows} | {t.persons_skipped} | "
            f"{npp} | {t.non_person_linked} | {metric(t.precision(), t.linked)} | {metric(t.recall(), t.linkable)} | "
            f"{metric(t.status(), t.person_rows)} | {metric(t.disc_f1(), t.person_rows)} |")


HEAD = ("| | files read | person rows | lost | in unread sheets | skipped as non-person | non-person rows as people "
        "| … linked | precision | recall | status acc. | disc. F1 |\n|---|---|---|---|---|---|---|---|---|---|---|---|")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--doikhop", default="/work/tgt-main/debug/doikhop")
    ap.add_argument("--data", default=os.path.join(HERE, "..", "data", "eval-templates-2"))
    ap.add_argument("--work", default="/tmp/ev2")
    ap.add_argument("--no-run", action="store_true", help="score the outputs already in --work")
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--report", help="also write the report (markdown) here")
    args = ap.parse_args()
    data = os.path.abspath(args.data)
    os.makedirs(args.work, exist_ok=True)
    truth = read_truth(os.path.join(data, "truth.csv"))
    residents = os.path.join(args.work, "residents.csv")
    if not args.no_run:
        with zipfile.ZipFile(os.path.join(data, "residents.csv.zip")) as z:
            with open(residents, "wb") as f:
                f.write(z.read("residents.csv"))
    files_of = collections.defaultdict(set)
    for (f, _, _), t in truth.items():
        files_of[t["kind"]].add(f)

    by_kind = collections.defaultdict(Tally)
    by_class = collections.defaultdict(Tally)
    by_file = collections.defaultdict(Tally)
    total = Tally()
    examples = collections.defaultdict(list)
    problems = []
    timings = []
    for kind in sorted(files_of):
        files = sorted(files_of[kind])
        out = os.path.join(args.work, kind)
        if not args.no_run:
            cmd = [args.doikhop, "match", "--residents", residents, "--kind", kind, "--out", out, "--force"]
            cmd += [os.path.join(data, f) for f in files]
            t0 = time.time()
            p = subprocess.run(cmd, capture_output=True, text=True)
            timings.append(f"{kind}: exit {p.returncode}, {time.time() - t0:.1f} s")
            if p.returncode not in (0, 3):
                problems.append(f"{kind}: doikhop exited {p.returncode}: {p.stderr.strip()[-500:]}")
        got, skipped, probs, failed = read_run(out)
        problems += probs
        read_sheets = {(f, s) for (f, s, _) in got}
        tk = by_kind[kind]
        for f in files:
            tk.files += 1
            by_file[f].files += 1
            person_sheets = {s for (tf, s, _), t in truth.items() if tf == f and t["row_type"] == "person"}
            if f not in failed and all((f, s) in read_sheets for s in person_sheets):
                tk.files_read += 1
                by_file[f].files_read += 1
        for key, t in sorted(truth.items()):
            if t["kind"] != kind:
                continue
            sheet_read = (key[0], key[1]) in read_sheets
            wrong = score_row(t, key, got, skipped, sheet_read, tk)
            score_row(t, key, got, skipped, sheet_read, total)
            score_row(t, key, got, skipped, sheet_read, by_file[key[0]])
            classes = sorted(set_of(t["classes"])) if t["row_type"] == "person" else [f"non-person:{t['skip_class']}"]
            for c in classes:
                score_row(t, key, got, skipped, sheet_read, by_class[c])
                if wrong and len(examples[c]) < args.examples:
                    g = got.get(key)
                    examples[c].append(
                        f"`{key[0]}` {key[1]}!{key[2]}: listed “{t['listed_name']}”; truth "
                        f"{t['expected_status'] or 'non-person'} {t['expected_resident_id']} "
                        f"[{t['expected_discrepancies']}] ({t['registry_name']} {t['registry_dob']} {t['registry_sex']}); "
                        f"doikhop {g['status'] if g else '(no row)'} {g.get('resident_id', '') if g else ''} "
                        f"[{g.get('discrepancies', '') if g else ''}]")
        total.files += len(files)
        total.files_read += tk.files_read

    lines = [f"# doikhop on {os.path.basename(data)}", "", "## Per kind", "", HEAD]
    for k in sorted(by_kind):
        lines.append(fmt_row(k, by_kind[k]))
    lines.append(fmt_row("**all**", total))
    lines += ["", "## Per file", "", HEAD]
    for f in sorted(by_file):
        lines.append(fmt_row(f"`{f}`", by_file[f]))
    lines += ["", "## Per class, worst first (status accuracy + recall)", "", HEAD]
    for c, t in sorted(by_class.items(), key=lambda kv: (kv[1].status() + kv[1].recall(), kv[0])):
        lines.append(fmt_row(f"`{c}`", t))
    if problems:
        lines += ["", "## Files and sheets doikhop reported", ""] + [f"- {p}" for p in problems]
    lines += ["", "## Examples of wrong rows per class", ""]
    for c in sorted(examples):
        lines.append(f"- `{c}`")
        lines += [f"  - {e}" for e in examples[c]]
    if timings:
        lines += ["", "(runs: " + "; ".join(timings) + ")"]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    sys.exit(main())
