#!/usr/bin/env python3
"""Independent evaluation generator: template-shaped lists, a resident extract and their truth.

Independent of doikhop on purpose: it imports nothing from the crate and reads neither its src/
nor its rules/. Conventions come from /work/shared/reference (DOMAIN.md and the TSVs); layouts copy
published forms (see the README written next to the data). Deterministic for a seed.

    python3 tests/eval/generate.py --out tests/data/eval-templates [--seed 2025] [--residents 120000]
    python3 tests/eval/generate.py --set 2 --out tests/data/eval-templates-2   (the second set, set2.py)
    python3 tests/eval/generate.py --set 3 --out tests/data/eval-templates-3   (the third set, set3.py)

Needs openpyxl (pip install openpyxl).
"""

import argparse
import csv
import hashlib
import io
import os
import random
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import builders  # noqa: E402
import entries as E  # noqa: E402
import people  # noqa: E402
from layouts import Ctx  # noqa: E402
from sheets import write_csv, write_xlsx  # noqa: E402

RESIDENT_HEADER = ["Số định danh cá nhân", "Số CMND", "Họ, chữ đệm và tên", "Ngày, tháng, năm sinh", "Giới tính",
                   "Nơi thường trú", "Xã/Phường", "Tỉnh/Thành phố", "Mã hộ", "Quan hệ với chủ hộ", "Họ tên cha",
                   "Họ tên mẹ", "Tình trạng", "Ngày mất"]

# (builder, province index, unit slot, file name pattern)
PLAN = [
    (builders.ho_ngheo_tt07, 2, 0, "ho-ngheo-tt07-{slug}-2025.xlsx"),
    (builders.ho_ngheo_members, 0, 0, "ho-ngheo-thanh-vien-{slug}.xls"),
    (builders.btxh_decision, 1, 0, "bao-tro-xa-hoi-quyet-dinh-{slug}.xlsx"),
    (builders.btxh_payment, 2, 2, "bao-tro-xa-hoi-chi-tra-t11-{slug}.xlsx"),
    (builders.ncc_list, 0, 2, "nguoi-co-cong-{slug}.xlsx"),
    (builders.ncc_relatives_csv, 1, 4, "nguoi-co-cong-than-nhan-liet-si-{slug}.csv"),
    (builders.land_gcn_book, 1, 2, "dat-dai-so-cap-gcn-{slug}.xlsx"),
    (builders.land_register, 2, 4, "dat-dai-{slug}.xlsx"),
    (builders.birth_register, 0, 4, "ho-tich-so-khai-sinh-{slug}-2024.xlsx"),
    (builders.birth_digitisation, 2, 5, "ho-tich-so-hoa-khai-sinh-{slug}.xlsx"),
]

ROLE = {
    builders.ho_ngheo_tt07: "head", builders.ho_ngheo_members: "none", builders.btxh_decision: "elder",
    builders.btxh_payment: "elder", builders.ncc_list: "elder", builders.ncc_relatives_csv: "none",
    builders.land_gcn_book: "head", builders.land_register: "head", builders.birth_register: "child",
    builders.birth_digitisation: "child",
}

ROLE_PRED = {
    "head": lambda p: p.relation == "Chủ hộ" and 1935 < p.dob.year < 1996,
    "elder": lambda p: p.dob.year < 1950,
    "child": lambda p: p.dob.year >= 2012 and p.father and p.mother,
}


GLOSSARY = {
    "layout:two_level_header": "two header rows (a group over its columns, merged cells)",
    "layout:numbering_row": "a row of column numbers under the header: (1) (2) …, 1 2 …, or A B C …",
    "layout:section_rows": "section rows inside the table (I — HỘ NGHÈO, hamlet names) with subtotals",
    "layout:repeated_header": "the header repeated every 40 rows (page-by-page export) with page footers",
    "layout:qualified_header": "headers with a role, unit or format hint ('Họ và tên người được trợ cấp', '(dd/mm/yyyy)')",
    "layout:import_keys": "field keys instead of words (nksHoTen, nksNgaySinh, meHoTen, soDinhDanh …)",
    "layout:amount_in_words": "a total and '(Số tiền bằng chữ: …)' under the table",
    "layout:closing_note": "a closing line 'Sổ này có … trường hợp …' under the table",
    "commune_title_only": "the commune is only in the title rows (UBND XÃ …, DANH SÁCH … XÃ …)",
    "commune_in_sheet_name": "the commune is only in the sheet name (and a title line)",
    "commune_in_file_name": "the commune is only in the file name",
    "hamlet_only": "the row's address is a hamlet only (Thôn 3, Ấp Phú Hòa, Xóm 2, Tổ dân phố 5)",
    "hamlet_from_section": "the hamlet is given by the section row above (payment lists by hamlet)",
    "old_unit_name": "the address uses the pre-2025 commune and district",
    "old_name_collision": "that pre-2025 commune name is the 2025 name of another unit of the province",
    "bare_commune_name": "addresses name a commune without district or province",
    "hometown_beside_address": "a 'Quê quán' column (another commune) beside the residence",
    "no_address": "the clerk left the address (and ID) empty",
    "household_block": "household head and members in a block, household size merged over it",
    "household_size_differs": "the listed household size differs from the registry household (not a discrepancy)",
    "owner_many_parcels": "the same land user on another parcel's row (not a duplicate)",
    "couple_cell": "'Ông A và bà B' in the name cell; the row's person is the first named",
    "couple_halves_encodings": "the second half of the couple cell is TCVN3 inside a Unicode cell",
    "honorific_in_name": "'Ông' / 'Bà' / 'Cụ ông' / 'Cụ bà' before the name",
    "honorific_column": "a separate Danh xưng column (Ông / Bà): the only sex the row gives",
    "honorific_sex_clash": "the honorific (and sex) contradicts the registry's sex: a gender discrepancy",
    "sex_by_year_column": "the birth year is written under 'Nam' or under 'Nữ'",
    "other_person_name_column": "another person's name in the row (martyr, mother, father, declarant, signer)",
    "csv_export": "a ';'-separated UTF-8 CSV export with a BOM",
    "mixed_encoding_tcvn3": "this name cell is TCVN3 in a Unicode column",
    "mixed_encoding_vni": "this name cell is VNI-Windows in a Unicode column",
    "no_diacritics": "name without diacritics (format)",
    "all_caps": "name in capitals (format)",
    "tone_style": "the other tone placement style (hoà / hòa; format)",
    "extra_spaces": "doubled and trailing spaces (format)",
    "cmnd_instead": "the old 9-digit CMND instead of the CCCD (format)",
    "lost_leading_zero": "the ID written as a number that lost its leading zero (format)",
    "id_spaced": "the ID written in groups of three digits (format)",
    "id_from_other_province": "the CCCD's prefix is another province than the residence",
    "year_only": "only the year in a date column (format)",
    "dob_zero_day_month": "00/00/yyyy (format)",
    "dob_serial_general": "the date as a bare Excel serial number (format)",
    "typo": "one letter changed in the name (name discrepancy)",
    "wrong_tone": "another tone mark on the given name (name discrepancy)",
    "missing_middle": "a middle name left out (name discrepancy)",
    "day_month_swap": "day and month swapped (dob discrepancy)",
    "wrong_day": "another day in the same year (dob discrepancy)",
    "wrong_year": "another year (dob discrepancy)",
    "wrong_sex": "the other sex in the sex column (gender discrepancy)",
    "wrong_id": "one digit of the ID changed (id discrepancy)",
    "deceased_person": "the registry marks the person dead",
    "duplicate_row": "the person's second row in the same list",
    "not_in_registry": "the person is not in the extract",
    "namesake_same_commune": "a planted namesake (same name, year, sex) lives in another hamlet of the commune",
    "namesake_other_commune": "a planted namesake lives in another commune of the province",
    "true_ambiguity": "several residents agree equally with everything the row says",
    "rare_surname": "family name Văn, Đình or Ngọc (common middle names)",
}


def slug(name):
    from vn import fold
    return fold(name).replace(" ", "-")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--set", type=int, choices=(1, 2, 3), default=1,
                    help="1: tests/data/eval-templates (default); 2: the held-out second set, see set2.py; "
                         "3: the third, see set3.py")
    ap.add_argument("--seed", type=int, default=None, help="default 2025 (set 1), 5702 (set 2), 9317 (set 3)")
    ap.add_argument("--residents", type=int, default=None, help="default 80000 (set 1), 90000 (set 2), 92000 (set 3)")
    args = ap.parse_args()
    if args.set == 2:
        import set2
        set2.main(args)
        return
    if args.set == 3:
        import set3
        set3.main(args)
        return
    if args.seed is None:
        args.seed = 2025
    if args.residents is None:
        args.residents = 80000
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)

    units = people.load_geography(rng)
    by_prov = [[u for u in units if u.province == p] for p in people.PROVINCES]
    list_units = {id(by_prov[pi][slot]) for _, pi, slot, _ in PLAN}
    # the lists' communes are the big ones (namesakes are dense there), the others smaller
    per_list = args.residents * 45 // 800
    per_other = args.residents * 25 // 800
    pop = people.Population(rng, units, lambda u: per_list if id(u) in list_units else per_other)

    # namesakes: for every list, residents of its role get a twin in the same commune (another
    # hamlet) and in the commune whose 2025 name collides / another commune of the province
    pop.twins = {}
    for fn, pi, slot, _ in PLAN:
        role = ROLE[fn]
        if role == "none":
            continue
        u = by_prov[pi][slot]
        other = by_prov[pi][slot + 1] if slot + 1 < len(by_prov[pi]) else by_prov[pi][0]
        pool = [p for p in pop.people if p.unit is u and ROLE_PRED[role](p) and not p.dead]
        rng.shuffle(pool)
        pairs = pop.twins.setdefault((u.name, role), [])
        for base in pool[:12]:
            pairs.append((base, pop.twin(base), "same"))
        for base in pool[12:24]:
            pairs.append((base, pop.twin(base, unit=other), "other"))

    index = E.Index(pop.people)
    ctx = Ctx(rng, pop, index)
    files = []
    for fn, pi, slot, pattern in PLAN:
        u = by_prov[pi][slot]
        lf = fn(ctx, u, pattern.format(slug=slug(u.name)))
        files.append(lf)

    truth_rows = []
    for lf in files:
        path = os.path.join(args.out, lf.name)
        if lf.name.endswith(".csv"):
            write_csv(lf, path)
        elif lf.name.endswith(".xls"):
            write_xls(lf, path)
        else:
            write_xlsx(lf, path)
        for sh in lf.sheets:
            for r, e in sh.entries:
                truth_rows.append(_truth_person(lf, sh, r, e))
            for r, cls, text in sh.skips:
                truth_rows.append(_truth_skip(lf, sh, r, cls, text))
    truth_rows.sort(key=lambda t: (t["source_file"], t["sheet"], int(t["row"])))
    write_truth(os.path.join(args.out, "truth.csv"), truth_rows)
    write_residents(os.path.join(args.out, "residents.csv.zip"), pop.people)
    write_readme(os.path.join(args.out, "README.md"), files, truth_rows, pop, args)
    n_person = sum(1 for t in truth_rows if t["row_type"] == "person")
    print(f"{len(pop.people)} residents, {len(files)} lists, {n_person} person rows, "
          f"{len(truth_rows) - n_person} non-person rows")


def write_xls(lf, path):
    """Old-format workbook (.xls, BIFF8) as many office exports still are: LibreOffice converts."""
    import shutil
    import subprocess
    import tempfile
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("generate.py: LibreOffice (soffice) is needed for the .xls list: "
                 "apt-get install -y --no-install-recommends libreoffice-calc")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, os.path.basename(path)[:-4] + ".xlsx")
        write_xlsx(lf, src)
        subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", "xls", "--outdir", tmp, src], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.copyfile(os.path.join(tmp, os.path.basename(path)), path)


def _truth_person(lf, sh, r, e):
    p = e.resident
    return {
        "source_file": lf.name, "sheet": sh.name, "row": r, "kind": lf.kind, "row_type": "person",
        "expected_status": e.status, "expected_resident_id": e.rid,
        "expected_discrepancies": ";".join(sorted(e.disc)) if e.status in ("mismatch",) or e.disc else "",
        "candidates": ";".join(e.candidates), "classes": ";".join(sorted(set(e.classes))), "skip_class": "",
        "listed_name": e.name_cell, "registry_name": p.name if p else "",
        "registry_dob": p.dob.strftime("%d/%m/%Y") if p else "", "registry_sex": E.SEX_VI[p.sex] if p else "",
    }


def _truth_skip(lf, sh, r, cls, text):
    return {
        "source_file": lf.name, "sheet": sh.name, "row": r, "kind": lf.kind, "row_type": "skipped",
        "expected_status": "", "expected_resident_id": "", "expected_discrepancies": "", "candidates": "",
        "classes": "", "skip_class": cls, "listed_name": text[:80], "registry_name": "", "registry_dob": "",
        "registry_sex": "",
    }


TRUTH_COLUMNS = ["source_file", "sheet", "row", "kind", "row_type", "expected_status", "expected_resident_id",
                 "expected_discrepancies", "candidates", "classes", "skip_class", "listed_name", "registry_name",
                 "registry_dob", "registry_sex"]


def write_truth(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, TRUTH_COLUMNS, lineterminator="\n")
        w.writeheader()
        for t in rows:
            w.writerow(t)


def write_residents(path, pop_people):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(RESIDENT_HEADER)
    for p in pop_people:
        w.writerow([p.rid, p.cmnd, p.name, p.dob.strftime("%d/%m/%Y"), E.SEX_VI[p.sex],
                    f"{p.hamlet}, {p.unit.name}, {p.unit.province}", p.unit.name, p.unit.province, p.household,
                    p.relation, p.father, p.mother, "Đã chết" if p.dead else "Còn sống",
                    p.death_date.strftime("%d/%m/%Y") if p.dead else ""])
    data = buf.getvalue().encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        zi = zipfile.ZipInfo("residents.csv", date_time=(2025, 11, 20, 8, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(zi, data)


def write_readme(path, files, truth, pop, args):
    import collections
    by_class = collections.Counter()
    by_status = collections.Counter()
    by_skip = collections.Counter()
    for t in truth:
        if t["row_type"] == "person":
            by_status[(t["kind"], t["expected_status"])] += 1
            for c in t["classes"].split(";"):
                if c:
                    by_class[c] += 1
        else:
            by_skip[t["skip_class"]] += 1
    lines = [
        "# eval-templates: template-shaped lists with independent truth",
        "",
        "Generated by `tests/eval/generate.py` (Python, stdlib + openpyxl) with "
        f"`--seed {args.seed} --residents {args.residents}`. The generator is independent of doikhop: "
        "it imports nothing from the crate and never reads its `src/` or `rules/`. Names, dates, IDs, "
        "units and legacy encodings follow `/work/shared/reference/DOMAIN.md` and its tables; the truth "
        "is decided by the generator's own rules (below). Scored by `tests/it/eval_templates.rs`.",
        "",
        "Regenerate: `python3 -m venv /tmp/evalvenv && /tmp/evalvenv/bin/pip install openpyxl && "
        "/tmp/evalvenv/bin/python tests/eval/generate.py --out tests/data/eval-templates`.",
        "",
        "## Files",
        "",
        f"- `residents.csv.zip`: the extract ({len(pop.people):,} residents, one `residents.csv` inside, "
        "columns as doikhop's `--residents` CSV). Provinces: " + ", ".join(people.PROVINCES) + "; "
        f"{len(pop.units)} communes (2025 units) each built from its pre-2025 communes (ward_mapping_2025.tsv), "
        "hamlets per old commune, households (mã hộ, chủ hộ, vợ/chồng, con, bố/mẹ), parents' names, "
        "~8% of IDs from another province's prefix, old 9-digit CMND for most adults born ≤ 1995, deaths "
        "(Tình trạng 'Đã chết', Ngày mất), and planted namesakes (same name, year and sex) in the same "
        "commune and in a neighbouring one.",
        "- `truth.csv`: one line per person row and per non-person row of every list.",
        "",
        "The extract is sized for the scoring test to stay fast in a debug build (loading it is most of "
        "the test's time); the lists' communes hold ~4,500 residents each, so namesakes are as dense "
        "there as in a real commune.",
        "",
        "| list | kind | copies | layout source |",
        "|---|---|---|---|",
    ]
    for lf in files:
        lines.append(f"| `{lf.name}` | {lf.kind} | {lf.copies} | {lf.source} |")
    lines += [
        "",
        "Layouts: the searchable corpus did not hold the annex forms themselves; the column sets follow "
        "DOMAIN.md §6 and the contents the laws prescribe (Luật Hộ tịch Điều 14 for birth registers), the "
        "digitisation keys come from a public hộ-tịch digitisation tool (class `HT_KHAISINH`), and the "
        "title blocks, numbering rows, section rows, subtotals, notes and signature blocks are those every "
        "such annex carries. Treat the layouts as faithful in kind, not as facsimiles.",
        "",
        "## truth.csv",
        "",
        "`source_file, sheet, row` (1-based as the spreadsheet shows it; CSV: line number), `kind`, "
        "`row_type` (`person` / `skipped`), `expected_status` (matched / mismatch / deceased / duplicate / "
        "not_found / ambiguous), `expected_resident_id`, `expected_discrepancies` (name;dob;gender;id — "
        "substance only), `candidates` (ambiguous rows: the residents that agree equally), `classes`, "
        "`skip_class` (non-person rows), `listed_name` (the name cell as written), and the registry's "
        "name/dob/sex of the expected resident (for reading failures).",
        "",
        "Rules of the truth:",
        "- A row names one resident R (or a person not in the registry). Every field the row gives "
        "(name, date/year of birth, sex from a column or an honorific, ID — CCCD or old CMND —, the commune "
        "from the row or else the list's title/sheet name, the hamlet) is compared with every resident of "
        "the same folded name or the same ID. If another resident agrees on all R agrees on, the row is "
        "`ambiguous` (candidates listed); if one agrees on more, the row is re-drawn. A name written without "
        "diacritics only agrees by its folded form.",
        "- Status precedence of DESIGN.md: `duplicate` (welfare kinds only: the resident already had a "
        "row earlier in the same kind's run — all lists of a kind are one run), `deceased`, `mismatch` "
        "(a substance change: typo, another tone mark, a missing middle name, another date/day-month swap/"
        "year, another sex — also an honorific of the other sex —, a wrong ID digit), `matched`.",
        "- Format only, never a discrepancy: no diacritics, capitals, TCVN3/VNI cells, the other tone style, "
        "extra spaces, a lost leading zero, the CMND instead of the CCCD, an ID with spaces or a label, "
        "year-only / 00/00/yyyy / Excel-serial dates, honorifics of the right sex, addresses (old units, "
        "hamlet only, another commune).",
        "- Land books: one owner on several parcels is not a duplicate; in a couple cell "
        "('Ông A và bà B') the row's person is the first named.",
        "",
        "## Counts",
        "",
        "| kind | status | rows |",
        "|---|---|---|",
    ]
    for (k, s), n in sorted(by_status.items()):
        lines.append(f"| {k} | {s} | {n} |")
    lines += ["", "## Classes (person rows; a row has several)", "", "| class | rows | what the row does |", "|---|---|---|"]
    for c, n in sorted(by_class.items()):
        lines.append(f"| `{c}` | {n} | {GLOSSARY.get(c, '')} |")
    lines += ["", "## Non-person rows", "", "| class | rows |", "|---|---|"]
    for c, n in sorted(by_skip.items()):
        lines.append(f"| `{c}` | {n} |")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
