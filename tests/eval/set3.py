"""The third evaluation set (tests/data/eval-templates-3): other provinces and communes, nine new
layouts, a messier extract (old units, 'Thôn 03' / 'Tổ 5' / 'KP2' hamlets, residents without an
address) and precision traps (close namesakes not in the registry, twins, a big urban ward).
Run through generate.py:

    python3 tests/eval/generate.py --set 3 --out tests/data/eval-templates-3

Nothing here changes what the first two sets draw: they never reach this module.
"""

import collections
import datetime
import io
import os
import random
import re
import zipfile

import builders3 as B
import entries as E
import forms3 as F
import generate as G
import people
import set2
import vn
from layouts import Ctx
from sheets import write_csv_as

PROVINCES3 = ["Tỉnh Thanh Hoá", "Tỉnh Đắk Lắk", "Thành phố Cần Thơ"]
CMND_PREFIX3 = {"38": "17", "66": "24", "67": "245", "54": "22", "92": "36", "93": "36", "94": "36"}
NAMED = {"Tỉnh Thanh Hoá": ["Đông", "Trung", "Nam", "Bắc", "Thượng", "Hạ", "Tiến Thành", "Quyết Thắng"],
         "Tỉnh Đắk Lắk": ["Buôn Ea Kmát", "Buôn Cuôr Đăng", "Buôn Ko Sier", "Buôn Tơng Jú", "Buôn Ea Bông"],
         "Thành phố Cần Thơ": ["Phú Hòa", "Tân Lợi", "Thới Hòa", "Long Thạnh", "Mỹ Phước", "Thạnh Lợi",
                               "Hòa Thuận", "Trường Thọ"]}


VNI_AS_LATIN1 = set("öøñïûæäëÖØÑÏÛÆÄË")


def _clean3(word):
    """set2's filter lets VNI-Windows bytes read as Latin-1 through when they fold to ASCII ('Döông',
    'Ñinh', 'Ñoã'): those letters are never in a Vietnamese name, the extract holds none."""
    return set2._clean(word) and not (set(word) & VNI_AS_LATIN1)


class Population3(set2.Population2):
    def __init__(self, rng, units, per_unit):
        self.rng = rng
        self.names = people.Names()
        self.names.surnames = [(w, x) for w, x in self.names.surnames if _clean3(w)]
        self.names.middles = [(w, x) for w, x in self.names.middles if _clean3(w)]
        self.names.given = {k: [(w, x) for w, x in v if _clean3(w)] for k, v in self.names.given.items()}
        self.units = units
        self.people = []
        self.used_ids = set()
        self.used_cmnd = set()
        self.household_seq = 0
        self.all_prefixes = sorted(r["prefix"] for r in vn.read_tsv("cccd_province_codes.tsv"))
        for u in units:
            n = per_unit(u)
            while n > 0:
                n -= len(self.household(u))


def hamlet_names3(rng, prov, kind):
    n = rng.randint(5, 9)
    if kind == "phường":
        word = "Khu phố" if prov == "Thành phố Cần Thơ" else "Tổ dân phố"
        return [f"{word} {i}" for i in range(1, n + 1)]
    names = rng.sample(NAMED[prov], min(len(NAMED[prov]), n // 3))
    if prov == "Thành phố Cần Thơ":
        return [f"Ấp {i}" for i in range(1, n - len(names) + 1)] + [f"Ấp {x}" for x in names]
    if prov == "Tỉnh Đắk Lắk":
        return [f"Thôn {i}" for i in range(1, n - len(names) + 1)] + names
    return [f"Thôn {i}" for i in range(1, n - len(names) + 1)] + [f"Thôn {x}" for x in names]


def load_geography3(rng):
    communes = vn.read_tsv("communes_2025.tsv")
    mapping = vn.read_tsv("ward_mapping_2025.tsv")
    fold_prov = {vn.fold(p): p for p in PROVINCES3}
    rows = collections.defaultdict(dict)
    for c in communes:
        p = fold_prov.get(vn.fold(c["province"]))
        if p:
            rows[p][c["ward"]] = c
    olds_of = collections.defaultdict(set)
    for m in mapping:
        p = fold_prov.get(vn.fold(m["new_province"]))
        if p is None or (m["relation"] == "split" and m["default"] != "default"):
            continue
        olds_of[(p, vn.fold(m["new_ward"]))].add(
            (m["old_ward"], m["old_district"], m["old_province"], m["old_province_code"]))

    def avail(prov, kind, min_olds):
        return [n for n in sorted(rows[prov]) if len(olds_of.get((prov, vn.fold(n)), ())) >= min_olds
                and (kind is None or rows[prov][n]["division_type"] == kind)]

    R = {}
    picked = {}
    th, dl, ct = PROVINCES3
    xa = avail(th, "xã", 2)
    rng.shuffle(xa)
    R["th_hamlets"], R["th_ncc"], R["th_marriage"] = xa[:3]
    picked[th] = xa[:3]
    xa = avail(dl, "xã", 2)
    rng.shuffle(xa)
    R["dl_btxh"], R["dl_form"], R["dl_land"] = xa[:3]
    picked[dl] = xa[:3]
    ph = avail(ct, "phường", 3)
    rng.shuffle(ph)
    R["ct_ward"] = ph[0]
    xa = avail(ct, "xã", 2)
    rng.shuffle(xa)
    R["ct_csv"], R["ct_birth"] = xa[:2]
    picked[ct] = [ph[0]] + xa[:2]
    for prov in PROVINCES3:
        rest = [n for n in avail(prov, None, 1) if n not in picked[prov]]
        rng.shuffle(rest)
        picked[prov] += rest[:5]
    units = []
    by = {}
    for prov in PROVINCES3:
        for n in picked[prov]:
            c = rows[prov][n]
            u = people.Unit(prov, n, c["ward_code"], c["division_type"])
            u.olds = sorted(olds_of[(prov, vn.fold(n))])
            units.append(u)
            by[n] = u
    for u in units:
        for o in u.olds:
            u.hamlets[o[0]] = hamlet_names3(rng, u.province, u.kind)
    return units, {k: by[v] for k, v in R.items()}


def plan3(R):
    """(builder, spec, file name, namesake role)."""
    return [
        (B.ho_ngheo_by_hamlet, {"unit": R["th_hamlets"]}, "ho-ngheo-danh-sach-theo-thon-2025.xlsx", None),
        (B.btxh_two_sheets, {"unit": R["dl_btxh"]}, "bao-tro-xa-hoi-quy-iv-{slug}.xlsx", "elder"),
        (B.btxh_csv_titled, {"unit": R["ct_csv"]}, "bao-tro-xa-hoi-chi-tra-buu-dien-{slug}.csv", "elder"),
        (B.ncc_spacer_columns, {"unit": R["th_ncc"]}, "nguoi-co-cong-bang-in-{slug}.xlsx", "elder"),
        (B.ncc_form_blocks, {"unit": R["dl_form"]}, "nguoi-co-cong-phieu-ra-soat-{slug}.xlsx", "elder"),
        (B.land_big_ward, {"unit": R["ct_ward"]}, "dat-dai-dang-ky-bien-dong-{slug}.xlsx", "head"),
        (B.land_given_first, {"unit": R["dl_land"]}, "dat-dai-chu-su-dung-theo-ten-{slug}.xlsx", "head"),
        (B.birth_twins, {"unit": R["ct_birth"]}, "ho-tich-so-khai-sinh-{slug}-2024.xlsx", "child"),
        (B.marriage_register, {"unit": R["th_marriage"]}, "ho-tich-so-ket-hon-{slug}-2025.xlsx", "groom"),
    ]


ROLE_PRED3 = {
    "head": lambda p: p.relation in ("Chủ hộ", "Vợ", "Chồng") and 1940 < p.dob.year < 1996,
    "elder": lambda p: 1930 <= p.dob.year < 1950,
    "child": lambda p: p.dob.year >= 2012 and p.father and p.mother,
    "groom": lambda p: p.sex == "M" and 1985 <= p.dob.year <= 2003,
}


def main(args):
    seed = 9317 if args.seed is None else args.seed
    n_res = 92000 if args.residents is None else args.residents
    rng = random.Random(seed)
    os.makedirs(args.out, exist_ok=True)
    people.CMND_PREFIX.update(CMND_PREFIX3)  # this process only draws the third set
    E.agreement = F.agreement3
    units, R = load_geography3(rng)
    plan = plan3(R)
    list_units = {id(spec["unit"]) for _, spec, _, _ in plan}
    big = R["ct_ward"]
    per_list = n_res // 18
    per_big = n_res * 2 // 9
    per_other = n_res // 45
    pop = Population3(rng, units, lambda u: per_big if u is big else per_list if id(u) in list_units
                           else per_other)

    # twins: children of the birth register's commune get a twin sibling (same parents and date)
    bu = R["ct_birth"]
    kids = [p for p in pop.people if p.unit is bu and p.dob.year >= 2012 and p.father and p.mother and not p.dead]
    rng.shuffle(kids)
    pop.twin_pairs = {bu.name: []}
    for k in kids[:28]:
        t = pop.person(bu, k.old, k.hamlet, rng.choice("MF"), k.dob.year, surname=k.surname, hh=k.household,
                       rel="Con")
        for _ in range(20):
            if vn.fold(t.given) != vn.fold(k.given):
                break
            t.middle, t.given = pop.names.middle_given(rng, t.sex, t.dob.year)
        if vn.fold(t.given) == vn.fold(k.given):
            continue
        if rng.random() < 0.6:
            t.middle = list(k.middle) if t.sex == k.sex else t.middle
        t.dob = k.dob
        t.father, t.mother = k.father, k.mother
        t.dead = False
        t.death_date = None
        pop.twin_pairs[bu.name].append((k, t))

    # namesakes (same name, year, sex) in the list's commune and in another of the province
    pop.twins = {}
    for fn, spec, _, role in plan:
        if role is None:
            continue
        u = spec["unit"]
        others = [x for x in units if x.province == u.province and x is not u]
        other = rng.choice(others)
        pool = [p for p in pop.people if p.unit is u and ROLE_PRED3[role](p) and not p.dead]
        rng.shuffle(pool)
        pairs = pop.twins.setdefault((u.name, role), [])
        for base in pool[:12]:
            pairs.append((base, pop.twin(base), "same"))
        for base in pool[12:24]:
            pairs.append((base, pop.twin(base, unit=other), "other"))

    # the extract's own messiness
    th, dl, ct = PROVINCES3
    for p in pop.people:
        if p.unit.province == th and rng.random() < 0.45:
            F.REG_OLD.add(p.rid)
        if p.unit.province == dl and rng.random() < 0.05:
            F.REG_NOADDR.add(p.rid)
        style = "zero" if p.unit is R["th_hamlets"] or p.unit is R["dl_land"] else "words"
        if (p.unit is R["th_hamlets"] or p.unit is R["dl_land"] or p.unit.kind == "phường") and rng.random() < 0.5:
            v = F.reg_hamlet_variant(p.hamlet, style)
            if v:
                F.REG_HAMLET[p.rid] = v

    index = E.Index(pop.people)
    ctx = Ctx(rng, pop, index)
    files = []
    for fn, spec, pattern, _ in plan:
        files.append(fn(ctx, spec, pattern.format(slug=G.slug(spec["unit"].name))))

    truth_rows = []
    for lf in files:
        for sh in lf.sheets:
            for _, e in sh.entries:
                p = e.resident
                if p is None:
                    continue
                if p.rid in F.REG_OLD:
                    e.cls("registry_old_units")
                if p.rid in F.REG_NOADDR:
                    e.cls("registry_no_address")
                if p.rid in F.REG_HAMLET:
                    e.cls("registry_hamlet_variant")
    for lf in files:
        path = os.path.join(args.out, lf.name)
        if lf.name.endswith(".csv"):
            write_csv_as(lf, path, ";", "utf-8")
        else:
            write_xlsx3(lf, path)
        for sh in lf.sheets:
            for r, e in sh.entries:
                truth_rows.append(G._truth_person(lf, sh, r, e))
            for r, cls, text in sh.skips:
                truth_rows.append(G._truth_skip(lf, sh, r, cls, text))
    truth_rows.sort(key=lambda t: (t["source_file"], t["sheet"], int(t["row"])))
    G.write_truth(os.path.join(args.out, "truth.csv"), truth_rows)
    write_residents3(os.path.join(args.out, "residents.csv.zip"), pop.people)
    write_readme3(os.path.join(args.out, "README.md"), files, truth_rows, pop, units, seed, n_res)
    n_person = sum(1 for t in truth_rows if t["row_type"] == "person")
    print(f"{len(pop.people)} residents, {len(files)} lists, {n_person} person rows, "
          f"{len(truth_rows) - n_person} non-person rows")


def write_residents3(path, pop_people):
    import csv
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(G.RESIDENT_HEADER)
    for p in pop_people:
        ham = F.REG_HAMLET.get(p.rid, p.hamlet)
        commune, prov = p.unit.name, p.unit.province
        if p.rid in F.REG_NOADDR:
            addr = ""
        elif p.rid in F.REG_OLD:
            commune, prov = p.old[0], p.old[2]
            addr = f"{ham}, {p.old[0]}, {p.old[1]}, {p.old[2]}"
        else:
            addr = f"{ham}, {commune}, {prov}"
        w.writerow([p.rid, p.cmnd, p.name, p.dob.strftime("%d/%m/%Y"), E.SEX_VI[p.sex], addr, commune, prov,
                    p.household, p.relation, p.father, p.mother, "Đã chết" if p.dead else "Còn sống",
                    p.death_date.strftime("%d/%m/%Y") if p.dead else ""])
    data = buf.getvalue().encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        zi = zipfile.ZipInfo("residents.csv", date_time=(2025, 11, 20, 8, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(zi, data)


def write_xlsx3(lf, path):
    """sheets.write_xlsx plus what the third set's sheets add: hidden rows and an AutoFilter."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from sheets import FIXED_TIME, _rezip
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sh in lf.sheets:
        ws = wb.create_sheet(sh.name)
        for r, row in enumerate(sh.rows, start=1):
            for c, v in enumerate(row, start=1):
                if v is None or v == "":
                    continue
                cell = ws.cell(row=r, column=c)
                if isinstance(v, datetime.date):
                    cell.value = datetime.datetime(v.year, v.month, v.day)
                    cell.number_format = "dd/mm/yyyy"
                elif isinstance(v, str):
                    cell.value = v
                    cell.data_type = "s"
                    cell.number_format = "@"
                    if "\n" in v:
                        cell.alignment = Alignment(wrap_text=True, vertical="center")
                else:
                    cell.value = v
                if r in sh.bold:
                    cell.font = Font(bold=True)
        for (r1, c1, r2, c2) in sh.merges:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        for c, w in sh.widths.items():
            ws.column_dimensions[get_column_letter(c)].width = w
        for r in sorted(getattr(sh, "hidden_rows", ())):
            ws.row_dimensions[r].hidden = True
        if getattr(sh, "autofilter", None):
            ws.auto_filter.ref = sh.autofilter
    wb.properties.creator = "eval-templates generator"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    _rezip(buf.getvalue(), path)


# ---------------------------------------------------------------- README

GLOSSARY3 = dict(set2.GLOSSARY2)
GLOSSARY3.update({
    "registry_old_units": "the extract still writes this resident's 'Nơi thường trú' and 'Xã/Phường' with the "
                          "pre-2025 commune, district and province (the resident is in the 2025 unit all the same)",
    "registry_hamlet_variant": "the extract writes this resident's hamlet otherwise than the list: 'Thôn 03' for "
                               "'Thôn 3', 'Tổ 5' for 'Tổ dân phố 5', 'KP2' for 'Khu phố 2' (format)",
    "registry_no_address": "the extract has no 'Nơi thường trú' for this resident (the commune column is filled): "
                           "the resident agrees with no hamlet",
    "near_namesake_not_in_registry": "NOT in the extract; a resident of the same name and sex, born a year "
                                     "before or after, lives in another hamlet of the same commune: not_found",
    "namesake_letter_off": "NOT in the extract; a resident one letter off in the given name has the same full "
                           "date and sex in another hamlet, and the row's own ID is unknown: not_found",
    "twin_sibling": "one of twins (same parents, same date of birth, other given names), listed next to each other",
    "big_urban_ward": "a ward of ~20,000 residents in the extract; the row gives only a birth year",
    "hamlet_abbreviated": "the list abbreviates the hamlet: 'KP2', 'Kp.2', 'khu phố 2' for 'Khu phố 2' (format)",
    "sheet_per_hamlet": "one sheet per hamlet, named after it ('Thôn 3')",
    "commune_in_footer_only": "the commune is only in the signing place under the table ('Xã …, ngày … tháng …'), "
                              "neither in the title nor in the file name",
    "merged_stt_block": "STT, household class and size merged vertically over the household's rows",
    "note_in_name_cell": "a clerk's note after the name in the same cell: '(đã chết)', '(chết 2024)', "
                         "'- chết T3/2024', '(đã chuyển đi)', '(mới bổ sung)' (format: the name is all there)",
    "alias_after_dash": "the name people call someone by after a dash: 'Nguyễn Văn Ba - Tư' (format)",
    "dob_two_digit_year": "the date with a two-digit year, 'dd.mm.yy' or 'dd-mm-yy' (Excel's rule: 00–29 is "
                          "20xx, 30–99 is 19xx; only used where it holds) (format)",
    "dob_dashes": "the date as 'dd-mm-yyyy' or 'dd-mm-yy' text (format)",
    "dob_serial_text": "the date as an Excel serial number kept as text ('22345' in a text cell or a CSV) (format)",
    "id_letter_o": "the letter O typed for the digit 0 in the ID ('O38O85…') (format)",
    "id_eleven_digits_text": "a CCCD that lost its leading zero, kept as 11-digit text (format)",
    "id_cmnd_and_cccd": "both numbers in one cell: 'CMND: 17…; CCCD: 038…' (format; the CCCD is the ID given)",
    "continued_sheet_no_header": "the list goes on in a second sheet with no header row (STT continues)",
    "autofilter_header": "the header row carries an AutoFilter",
    "hidden_row": "the row is hidden in the workbook (filtered out); it is still a row of the list",
    "csv_title_lines": "a CSV whose table starts under title lines (list name, commune, period) and a blank line",
    "csv_semicolon_utf8": "';'-separated UTF-8 CSV without a BOM, CRLF lines",
    "blank_spacer_columns": "an empty narrow column between every two columns of data (a printed form)",
    "form_block_record": "one person per block of rows: a heading 'ĐỐI TƯỢNG SỐ n' and label | value lines; "
                         "the person row is the 'Họ và tên:' line, the other lines are non-person rows",
    "given_name_first_columns": "the name split with 'Tên' before 'Họ và chữ đệm' (a list sorted by given name, "
                                "letter rows between)",
    "marriage_both_spouses": "a marriage register row holds both spouses ('Bên chồng' | 'Bên vợ' column groups "
                             "with the same sub-headers): the row's person is the husband",
})

TRUTH_RULES3 = set2.TRUTH_RULES2[:3] + [
    "- Format only, also in this set: dates 'dd.mm.yy', 'dd-mm-yy' (two-digit years read by Excel's rule; the set "
    "uses them only for years 1930–2024), 'dd-mm-yyyy', Excel serials kept as text; IDs with the letter O for 0, "
    "11-digit text CCCDs, 'CMND: …; CCCD: …' cells (the ID given is the CCCD; the CMND is the same resident's); "
    "notes and nicknames after the name in its cell ('(đã chết)', '(đã chuyển đi)', '- Tư'); the name split with "
    "the given name first; a hidden row, a continuation sheet without a header; the extract's own spellings of "
    "units and hamlets (old units, 'Thôn 03', 'Tổ 5', 'KP2').",
    "- New in this set: a resident whose extract has no 'Nơi thường trú' agrees with no hamlet (the "
    "extract's commune column still places them in their commune); a person not in the extract is `not_found` "
    "even when a resident of the same commune has the same name and sex and was born a year off (another hamlet), "
    "or has the same date and sex, a given name one letter off (another hamlet) and the row shows an ID the "
    "extract does not know — the rule of the first set (a person not in the extract: nobody agrees on both name "
    "and date, nor on the ID) decides these rows; twins are two residents, each row is its named twin; in a "
    "marriage register the row's person is the husband (the first named, as in a couple cell), the wife's columns "
    "are another person's; in a form-like record (one person per block of rows) the person row is the 'Họ và "
    "tên:' line and the block's other lines are non-person rows (`form_block_heading`, `form_field_line`): a "
    "reader that cannot take the block's fields must still report the name line (as a result or a skipped row).",
    "- Land books: one owner on several parcels is not a duplicate; 'Hộ ông A' / 'Ông A' is A.",
]


def write_readme3(path, files, truth, pop, units, seed, n_res):
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
    per_kind = collections.Counter(t["kind"] for t in truth if t["row_type"] == "person")
    units_txt = "; ".join(f"{p}: " + ", ".join(u.name for u in units if u.province == p) for p in PROVINCES3)
    n_unit = collections.Counter(p.unit.name for p in pop.people)
    biggest = max(n_unit.items(), key=lambda kv: kv[1])
    lines = [
        "# eval-templates-3: a third, held-out set of template-shaped lists",
        "",
        "A third evaluation set, built because doikhop had been tuned on the failures of the first two "
        "(`tests/data/eval-templates`, `tests/data/eval-templates-2`, ~0.999 on both). Same generator code and the "
        "same rules of the truth, extended with nine new layouts, new failure classes (a messier extract, precision "
        "traps: close namesakes who are not in the extract, twins, a big urban ward with birth years only), other "
        "provinces and communes, another seed. Generated by `tests/eval/generate.py --set 3` (Python, stdlib + "
        f"openpyxl) with `--seed {seed} --residents {n_res}`. Independent of doikhop: the generator imports "
        "nothing from the crate and never reads its `src/` or `rules/`; conventions come from "
        "`/work/shared/reference/DOMAIN.md` and its tables. Scored by `tests/eval/score.py`.",
        "",
        "Regenerate: `python3 -m venv /tmp/evalvenv3 && /tmp/evalvenv3/bin/pip install openpyxl && "
        "/tmp/evalvenv3/bin/python tests/eval/generate.py --set 3 --out tests/data/eval-templates-3`.",
        "",
        "Score (no cargo: a built binary): `python3 tests/eval/score.py --doikhop <path to doikhop> "
        "--data tests/data/eval-templates-3 --work /tmp/ev3`.",
        "",
        "## Files",
        "",
        f"- `residents.csv.zip`: the extract ({len(pop.people):,} residents, the same columns as the first sets). "
        f"Provinces: " + ", ".join(PROVINCES3) + f"; {len(units)} communes (2025 units) — {units_txt}. "
        f"{biggest[0]} is a big urban ward ({biggest[1]:,} residents). The extract is messier than the first "
        "sets': in Tỉnh Thanh Hoá ~45% of residents still have 'Nơi thường trú' and 'Xã/Phường' in pre-2025 units "
        "(old commune, district, province); in Tỉnh Đắk Lắk ~5% have no 'Nơi thường trú' (the 'Xã/Phường' "
        "column is filled); about half the residents of two list communes and of every ward have their hamlet "
        "written 'Thôn 03', 'Tổ 5', 'KP2' (the lists write 'Thôn 3', 'Tổ dân phố 5', 'Khu phố 2'); twins in "
        "the birth register's commune; planted namesakes (same name, year and sex) in the list's commune and "
        "another commune of the province.",
        f"- `truth.csv`: one line per person row and per non-person row of every list (same columns as the first "
        f"sets; blank rows are not listed). Person rows: " +
        ", ".join(f"{k} {n}" for k, n in sorted(per_kind.items())) + ".",
        "",
        "| list | kind | copies | layout source |",
        "|---|---|---|---|",
    ]
    for lf in files:
        lines.append(f"| `{lf.name}` | {lf.kind} | {lf.copies} | {lf.source} |")
    lines += [
        "",
        "Layouts: as for the first sets, faithful in kind, not facsimiles: the column sets follow DOMAIN.md §6 and "
        "the contents the laws and circulars prescribe (named per list); title blocks, sheets, notes and "
        "signatures are those such office lists carry.",
        "",
        "## truth.csv",
        "",
        "Columns as in the first sets: `source_file, sheet, row` (1-based as the spreadsheet shows it; CSV: line "
        "number; CSV sheet is empty), `kind`, `row_type`, `expected_status`, `expected_resident_id`, "
        "`expected_discrepancies`, `candidates`, `classes`, `skip_class`, `listed_name`, and the registry's "
        "name/dob/sex of the expected resident (split names: as the cells read in order of the name).",
        "",
        "Rules of the truth (the first sets', extended only where a new class needs it):",
    ]
    lines += TRUTH_RULES3
    lines += ["", "## Counts", "", "| kind | status | rows |", "|---|---|---|"]
    for (k, s), n in sorted(by_status.items()):
        lines.append(f"| {k} | {s} | {n} |")
    lines += ["", "## Classes (person rows; a row has several)", "", "| class | rows | what the row does |",
              "|---|---|---|"]
    for c, n in sorted(by_class.items()):
        lines.append(f"| `{c}` | {n} | {GLOSSARY3.get(c, '')} |")
    lines += ["", "## Non-person rows", "", "| class | rows |", "|---|---|"]
    for c, n in sorted(by_skip.items()):
        lines.append(f"| `{c}` | {n} |")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
