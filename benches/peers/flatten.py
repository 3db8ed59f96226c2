"""Flatten the generated poor-household workbook to one CSV row per person row, for Splink.

This gives the peer every benefit of the doubt: the person rows are exactly the truth's rows
(no header finding, no footer or sub-header mistakes), the columns are the ones `doikhop
inspect --json` mapped, TCVN3 cells are decoded with the project's table (data/tcvn3_to_unicode.tsv),
and the commune, which the list only gives in its title block ("UBND XÃ …"), is copied into every
row.

    python flatten.py LIST.xlsx INSPECT.json TRUTH.csv TCVN3.tsv OUT.csv
"""

import csv
import json
import re
import sys

import openpyxl

UNIT = re.compile(r"\b(XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\s+([^,;()]+)", re.IGNORECASE)


def tcvn3_table(path):
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("byte"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 6 and parts[5] and "VN1" not in line:
                table[parts[1]] = (parts[3], parts[5])
    return table


def decode(text, table):
    if not any(ch in table for ch in text):
        return text
    words = []
    for word in text.split(" "):
        caps = sum(c.isupper() for c in word if c.isascii()) >= 2 and not any(
            c.islower() for c in word if c.isascii()
        )
        out = "".join(table[c][1 if caps else 0] if c in table else c for c in word)
        words.append(out.upper() if caps else out)
    return " ".join(words)


def text(v, table):
    if v is None:
        return ""
    if hasattr(v, "strftime"):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return decode(str(v), table)


def column_index(letter):
    n = 0
    for ch in letter:
        n = n * 26 + ord(ch) - 64
    return n - 1


def main():
    xlsx, inspect_json, truth_csv, tcvn3, out_csv = sys.argv[1:6]
    table = tcvn3_table(tcvn3)
    info = json.load(open(inspect_json, encoding="utf-8"))[0]
    list_file = info["file"]
    with open(truth_csv, newline="", encoding="utf-8-sig") as f:
        wanted = {}
        for r in csv.DictReader(f):
            if r["source_file"] == list_file:
                wanted.setdefault(r["sheet"], []).append(int(r["row"]))
    wb = openpyxl.load_workbook(xlsx, read_only=True, data_only=True)
    n = 0
    with open(out_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["list_row", "sheet", "row", "full_name", "pid", "dob_text", "sex", "commune"])
        for sheet in info["sheets"]:
            name = sheet.get("sheet")
            if name not in wanted:
                continue
            fields = {c["field"]: column_index(c["column"]) for c in sheet["columns"] if c["field"]}
            rows = {}
            for i, values in enumerate(wb[name].iter_rows(values_only=True), start=1):
                rows[i] = [text(v, table) for v in values]
            commune = ""
            for i in range(1, 12):
                m = UNIT.search(" ".join(rows.get(i, [])))
                if m:
                    commune = f"{m.group(1).capitalize()} {m.group(2).strip().title()}"
                    break
            for r in wanted[name]:
                cells = rows.get(r, [])

                def get(field):
                    i = fields.get(field)
                    return cells[i].strip() if i is not None and i < len(cells) else ""

                dob, sex = get("dob"), get("sex")
                if get("dob_male"):
                    dob, sex = get("dob_male"), "Nam"
                elif get("dob_female"):
                    dob, sex = get("dob_female"), "Nữ"
                w.writerow([n, name, r, get("full_name"), get("id"), dob, sex, commune])
                n += 1
    print(f"{n} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
