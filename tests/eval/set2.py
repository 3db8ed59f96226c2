"""The second evaluation set (tests/data/eval-templates-2): other provinces, other communes, eleven
new layouts and new failure classes, the same truth rules. Run through generate.py:

    python3 tests/eval/generate.py --set 2 --out tests/data/eval-templates-2

Nothing here changes what the first set's generation draws: the first set never reaches this module.
"""

import collections
import datetime
import os
import random

import builders2 as B
import entries as E
import generate as G
import people
import vn
from layouts import Ctx
from sheets import write_csv_as, write_xlsx

PROVINCES2 = ["Tỉnh Hưng Yên", "Tỉnh Quảng Trị", "Tỉnh An Giang"]
REGION2 = {"Tỉnh Hưng Yên": "north", "Tỉnh Quảng Trị": "central", "Tỉnh An Giang": "south"}
OLD_THAI_BINH = "34"  # the district list is one of Thái Bình's, a province merged into Hưng Yên in 2025

NORTH2 = ["Đông", "Đoài", "Trung", "Thượng", "Hạ", "Nam", "Bắc", "Cầu", "Chùa", "Đình", "Nội", "Ngoại",
          "Tiền", "Hậu"]
CENTRAL2 = ["An Lợi", "Tân Định", "Hòa Bình", "Phú Xuân", "Thủy Bạn", "Đông Dương", "Tây Hòa", "Mỹ Thủy",
            "Hải Lộc", "Xuân Lộc", "Duy Phiên", "Lệ Xuyên"]
SOUTH2 = ["Phú Hòa", "Tân Lợi", "Bình Thạnh", "Long Hưng", "Mỹ Phú", "Hòa Khánh", "Tân Bình", "An Thạnh",
          "Phú Thuận", "Thạnh Lợi", "Bình Hòa", "Tân Hưng", "Mỹ Lợi", "Long Thạnh", "Hòa Thuận", "Vĩnh Thủy"]


def hamlet_names2(rng, region, kind):
    n = rng.randint(5, 9)
    if kind == "phường":
        word = "Khóm" if region == "south" else "Tổ dân phố"
        return [f"{word} {i}" for i in range(1, n + 1)]
    if region == "south":
        names = rng.sample(SOUTH2, n // 2)
        return [f"Ấp {i}" for i in range(1, n - len(names) + 1)] + [f"Ấp {x}" for x in names]
    if region == "central":
        names = rng.sample(CENTRAL2, n // 3)
        return [f"Thôn {i}" for i in range(1, n - len(names) + 1)] + [f"Thôn {x}" for x in names]
    names = rng.sample(NORTH2, n // 2)
    return [f"Thôn {x}" for x in names] + [f"Thôn {i}" for i in range(1, n - len(names) + 1)]


# ---------------------------------------------------------------- geography

def load_geography2(rng):
    """24–26 2025 communes of three provinces, with the roles the lists need."""
    communes = vn.read_tsv("communes_2025.tsv")
    mapping = vn.read_tsv("ward_mapping_2025.tsv")
    fold_prov = {vn.fold(p): p for p in PROVINCES2}
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
    made = {}

    def unit(prov, name):
        if (prov, name) not in made:
            c = rows[prov][name]
            u = people.Unit(prov, name, c["ward_code"], c["division_type"])
            u.olds = sorted(olds_of[(prov, vn.fold(name))])
            made[(prov, name)] = u
        return made[(prov, name)]

    def avail(prov, kind=None, min_olds=1, exclude=()):
        out = [n for n in sorted(rows[prov]) if len(olds_of.get((prov, vn.fold(n)), ())) >= min_olds
               and (kind is None or rows[prov][n]["division_type"] == kind) and n not in exclude]
        return out

    def collision_partner(prov, name):
        """Another 2025 unit of the province named like one of `name`'s old communes."""
        names = {vn.fold(n): n for n in rows[prov]}
        for o in sorted(olds_of[(prov, vn.fold(name))]):
            of = vn.fold(o[0])
            if of in names and names[of] != name and len(olds_of.get((prov, of), ())) >= 1:
                return names[of]
        return None

    roles = {}
    picked = {p: [] for p in PROVINCES2}

    def take(prov, names):
        for n in names:
            if n not in picked[prov]:
                picked[prov].append(n)

    # Hưng Yên: three xã of one old Thái Bình district, a phường, two more xã
    hy = "Tỉnh Hưng Yên"
    by_district = collections.defaultdict(list)
    for n in avail(hy, "xã", 2):
        ds = {(o[1], o[3]) for o in olds_of[(hy, vn.fold(n))]}
        if len(ds) == 1:
            d, code = next(iter(ds))
            if code == OLD_THAI_BINH:
                by_district[d].append(n)
    districts = sorted(d for d, ns in by_district.items() if len(ns) >= 3)
    district = rng.choice(districts)
    dn = sorted(by_district[district])
    rng.shuffle(dn)
    roles["district_units"] = dn[:3]
    roles["district"] = district
    take(hy, dn[:3])
    ph = avail(hy, "phường", 2, picked[hy])
    roles["hy_phuong"] = rng.choice(ph)
    take(hy, [roles["hy_phuong"]])
    xa = avail(hy, "xã", 2, picked[hy])
    rng.shuffle(xa)
    roles["hy_elderly"], roles["hy_death"] = xa[0], xa[1]
    take(hy, xa[:2])
    # Quảng Trị: three list communes, the others are where people moved to
    qt = "Tỉnh Quảng Trị"
    xa = avail(qt, "xã", 2)
    rng.shuffle(xa)
    roles["qt_vneid"], roles["qt_land"], roles["qt_birth"] = xa[:3]
    take(qt, xa[:3])
    # An Giang: near-poor members, aliases, digitised births; four communes of the province export
    ag = "Tỉnh An Giang"
    xa = avail(ag, "xã", 2)
    rng.shuffle(xa)
    roles["ag_members"], roles["ag_alias"], roles["ag_digitised"] = xa[:3]
    take(ag, xa[:3])
    rest = avail(ag, None, 1, picked[ag])
    rng.shuffle(rest)
    roles["ag_province"] = rest[:4]
    take(ag, rest[:4])
    # the 2025 namesakes of the list communes' old communes, then others up to the provinces' sizes
    size = {hy: 8, qt: 8, ag: 9}
    for prov in PROVINCES2:
        for n in list(picked[prov]):
            partner = collision_partner(prov, n)
            if partner and len(picked[prov]) < size[prov]:
                take(prov, [partner])
        rest = avail(prov, None, 1, picked[prov])
        rng.shuffle(rest)
        take(prov, rest[: max(0, size[prov] - len(picked[prov]))])
    units = [unit(p, n) for p in PROVINCES2 for n in picked[p]]
    for u in units:
        for o in u.olds:
            u.hamlets[o[0]] = hamlet_names2(rng, REGION2[u.province], u.kind)
    by = {(u.province, u.name): u for u in units}
    R = {}
    R["district"] = district
    R["district_units"] = [by[(hy, n)] for n in roles["district_units"]]
    R["district_old_province"] = R["district_units"][0].olds[0][2]
    for k in ("hy_phuong", "hy_elderly", "hy_death"):
        R[k] = by[(hy, roles[k])]
    for k in ("qt_vneid", "qt_land", "qt_birth"):
        R[k] = by[(qt, roles[k])]
    for k in ("ag_members", "ag_alias", "ag_digitised"):
        R[k] = by[(ag, roles[k])]
    R["ag_province"] = [by[(ag, n)] for n in roles["ag_province"]]
    return units, R


# ---------------------------------------------------------------- the population

def _clean(word):
    """A name word of the reference tables that is Vietnamese letters (a few surnames there are
    VNI-Windows bytes read as Latin-1, 'Buøi', 'Huøynh': the registry never holds those)."""
    return vn.strip_diacritics(word).isascii()


class Population2(people.Population):
    """The first set's population with two things a registry never holds left out: name words that
    are legacy-encoding garbage, and a grandparent whose sex is set after the name and the ID were
    drawn for the other sex (the first set's household() does that; it stays as it is there)."""

    def __init__(self, rng, units, per_unit):
        self.rng = rng
        self.names = people.Names()
        self.names.surnames = [(w, x) for w, x in self.names.surnames if _clean(w)]
        self.names.middles = [(w, x) for w, x in self.names.middles if _clean(w)]
        self.names.given = {k: [(w, x) for w, x in v if _clean(w)] for k, v in self.names.given.items()}
        self.units = units
        self.people = []
        self.used_ids = set()
        self.used_cmnd = set()
        self.household_seq = 0
        cccd = vn.read_tsv("cccd_province_codes.tsv")
        self.all_prefixes = sorted(r["prefix"] for r in cccd)
        for u in units:
            n = per_unit(u)
            while n > 0:
                n -= len(self.household(u))

    def household(self, u):
        rng = self.rng
        old = rng.choice(u.olds)
        hamlet = rng.choice(u.hamlets[old[0]])
        self.household_seq += 1
        hh = f"{u.code}{self.household_seq:07d}"
        y0 = people.REF_DATE.year
        head_year = y0 - rng.randint(24, 88)
        head_sex = "M" if rng.random() < 0.72 else "F"
        head = self.person(u, old, hamlet, head_sex, head_year, hh=hh, rel="Chủ hộ")
        self._parents(head)
        members = [head]
        spouse = None
        if rng.random() < 0.75 and head_year < y0 - 22:
            s_sex = "F" if head_sex == "M" else "M"
            s_year = min(y0 - 19, head_year + rng.randint(-4, 6))
            spouse = self.person(u, old, hamlet, s_sex, s_year, hh=hh, rel="Vợ" if s_sex == "F" else "Chồng")
            self._parents(spouse)
            members.append(spouse)
        father = head if head_sex == "M" else spouse
        mother = head if head_sex == "F" else spouse
        fam = father.surname if father else head.surname
        for _ in range(rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4])):
            y = head_year + rng.randint(20, 40)
            if y > y0 - 1:
                continue
            c = self.person(u, old, hamlet, rng.choice("MF"), y, surname=fam, hh=hh, rel="Con")
            c.father = father.name if father else ""
            c.mother = mother.name if mother else ""
            members.append(c)
        if rng.random() < 0.12 and head_year > 1950:
            rel = "Bố" if rng.random() < 0.4 else "Mẹ"
            g = self.person(u, old, hamlet, "M" if rel == "Bố" else "F", head_year - rng.randint(20, 30),
                            surname=head.surname if rel == "Bố" else None, hh=hh, rel=rel)
            members.append(g)
        return members


# ---------------------------------------------------------------- the plan

def plan2(R):
    """(builder, spec, file name, namesake role, units given namesakes)."""
    return [
        (B.ho_can_ngheo_members, {"unit": R["ag_members"]}, "ho-can-ngheo-{slug}-2025.xlsx", None),
        (B.ho_ngheo_district, {"units": R["district_units"], "district": R["district"],
                               "old_province": R["district_old_province"]},
         "ho-ngheo-" + G.slug(R["district"]) + "-2024.xlsx", "head"),
        (B.btxh_vneid, {"unit": R["qt_vneid"]}, "bao-tro-xa-hoi-doi-chieu-vneid-{slug}.xlsx", "elder"),
        (B.btxh_elderly_ods, {"unit": R["hy_elderly"]}, "bao-tro-xa-hoi-tu-80-tuoi-{slug}.ods", "elder80"),
        (B.ncc_province_csv, {"units": R["ag_province"]}, "nguoi-co-cong-tro-cap-thang-12-tinh-an-giang.csv", "elder"),
        (B.ncc_alias_xls, {"unit": R["ag_alias"]}, "nguoi-co-cong-{slug}.xls", "elder"),
        (B.land_posting, {"unit": R["qt_land"]}, "dat-dai-cong-khai-cap-gcn-{slug}.xlsx", "head"),
        (B.land_by_group_sheets, {"unit": R["hy_phuong"]}, "dat-dai-ke-khai-theo-to-{slug}.xlsx", "head"),
        (B.birth_export_utf16, {"unit": R["qt_birth"]}, "ho-tich-khai-sinh-{slug}-2025.csv", "child"),
        (B.birth_digitised_words, {"unit": R["ag_digitised"]}, "ho-tich-nhap-lieu-so-khai-sinh-giay-{slug}.xlsx", "child_old"),
        (B.death_register, {"unit": R["hy_death"]}, "ho-tich-so-khai-tu-{slug}-2025.xlsx", None),
    ]


ROLE_PRED2 = {
    "head": lambda p: p.relation == "Chủ hộ" and 1935 < p.dob.year < 1996,
    "elder": lambda p: p.dob.year < 1950,
    "elder80": lambda p: p.dob.year <= 1945,
    "child": lambda p: p.dob.year >= 2012 and p.father and p.mother,
    "child_old": lambda p: 2008 <= p.dob.year <= 2015 and p.father and p.mother,
}


def spec_units(spec):
    return spec["units"] if "units" in spec else [spec["unit"]]


def main(args):
    seed = 5702 if args.seed is None else args.seed
    n_res = 90000 if args.residents is None else args.residents
    rng = random.Random(seed)
    os.makedirs(args.out, exist_ok=True)
    units, R = load_geography2(rng)
    plan = plan2(R)
    big = set()
    for fn, spec, _, _ in plan:
        if fn is not B.ncc_province_csv:
            big |= {id(u) for u in spec_units(spec)}
    per_list = n_res // 20
    per_other = n_res // 40
    pop = Population2(rng, units, lambda u: per_list if id(u) in big else per_other)

    # the death register's commune: the deaths of 2025 the register records (also in the registry)
    du = R["hy_death"]
    old_alive = [p for p in pop.people if p.unit is du and not p.dead and p.dob.year < 1958]
    rng.shuffle(old_alive)
    for p in old_alive[:130]:
        p.dead = True
        p.death_date = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(300))

    # namesakes: residents of each list's role get a twin in the same commune and in another one
    pop.twins = {}
    for fn, spec, _, role in plan:
        if role is None:
            continue
        us = spec_units(spec)
        k = 12 if len(us) == 1 else 5
        for u in us:
            others = [x for x in units if x.province == u.province and x is not u]
            other = rng.choice(others)
            pool = [p for p in pop.people if p.unit is u and ROLE_PRED2[role](p) and not p.dead]
            rng.shuffle(pool)
            pairs = pop.twins.setdefault((u.name, role), [])
            for base in pool[:k]:
                pairs.append((base, pop.twin(base), "same"))
            for base in pool[k:2 * k]:
                pairs.append((base, pop.twin(base, unit=other), "other"))

    index = E.Index(pop.people)
    ctx = Ctx(rng, pop, index)
    files = []
    for fn, spec, pattern, _ in plan:
        name = pattern.format(slug=G.slug(spec_units(spec)[0].name))
        files.append(fn(ctx, spec, name))

    truth_rows = []
    for lf in files:
        path = os.path.join(args.out, lf.name)
        if lf.name.endswith(".csv"):
            if "csv_cp1258" in _file_classes(lf):
                write_csv_as(lf, path, ",", "cp1258")
            else:
                write_csv_as(lf, path, "\t", "utf-16")
        elif lf.name.endswith(".xls"):
            G.write_xls(lf, path)
        elif lf.name.endswith(".ods"):
            write_converted(lf, path, "ods")
        else:
            write_xlsx(lf, path)
        for sh in lf.sheets:
            for r, e in sh.entries:
                truth_rows.append(G._truth_person(lf, sh, r, e))
            for r, cls, text in sh.skips:
                truth_rows.append(G._truth_skip(lf, sh, r, cls, text))
    truth_rows.sort(key=lambda t: (t["source_file"], t["sheet"], int(t["row"])))
    G.write_truth(os.path.join(args.out, "truth.csv"), truth_rows)
    G.write_residents(os.path.join(args.out, "residents.csv.zip"), pop.people)
    write_readme2(os.path.join(args.out, "README.md"), files, truth_rows, pop, units, R, seed, n_res)
    n_person = sum(1 for t in truth_rows if t["row_type"] == "person")
    print(f"{len(pop.people)} residents, {len(files)} lists, {n_person} person rows, "
          f"{len(truth_rows) - n_person} non-person rows")


def _file_classes(lf):
    out = set()
    for sh in lf.sheets:
        for _, e in sh.entries:
            out |= set(e.classes)
    return out


def write_converted(lf, path, fmt):
    """An .ods (or another LibreOffice format) converted from the .xlsx the sheets make."""
    import shutil
    import subprocess
    import sys
    import tempfile
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("set2: LibreOffice (soffice) is needed for the .ods and .xls lists")
    with tempfile.TemporaryDirectory() as tmp:
        stem = os.path.splitext(os.path.basename(path))[0]
        src = os.path.join(tmp, stem + ".xlsx")
        write_xlsx(lf, src)
        subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", fmt, "--outdir", tmp, src], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _rezip_fixed(os.path.join(tmp, f"{stem}.{fmt}"), path)


def _rezip_fixed(src, dst):
    """The same archive with fixed timestamps (LibreOffice stamps the conversion time on every
    entry; the contents are the same for a seed). Order and compression (ODF's first entry
    'mimetype' stored) are kept."""
    import zipfile
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 11, 20, 8, 0, 0))
            zi.compress_type = info.compress_type
            zi.external_attr = info.external_attr
            zout.writestr(zi, zin.read(info.filename))


# ---------------------------------------------------------------- README

GLOSSARY2 = dict(G.GLOSSARY)
GLOSSARY2.update({
    "household_block": "household head and members in a block (STT on the head's row, 'Quan hệ với chủ hộ')",
    "commune_in_two_line_title": "the commune is only on the second line of the merged top-left cell "
                                 "('ỦY BAN NHÂN DÂN' / 'XÃ …'), six rows above the header; the title names no commune",
    "split_name_columns": "the name is split over 'Họ và chữ đệm' | 'Tên' (under a merged 'Họ và tên thành viên')",
    "dob_three_columns": "the date of birth in three columns Ngày | Tháng | Năm under a merged group header",
    "sex_x_mark": "the sex as an x under 'Nam' or under 'Nữ' (two columns under 'Giới tính')",
    "spouse_listed_as_head": "the wife (or husband) is the list's household head though the registry's head is "
                             "the spouse; the row is still the named person",
    "member_in_two_households": "an old parent listed again in another child's household (duplicate)",
    "district_list": "a district's list (before the 2025 reform) covering several communes",
    "commune_from_group_row": "the commune is only in the group row above ('1. Xã …', 'THỊ TRẤN …')",
    "old_province_name": "the title names the pre-2025 province (Thái Bình), now part of another one",
    "id_scientific": "the ID cell is text like '3.4085E+10' (a number shown in scientific notation and kept as "
                     "text): the digits are lost, the row gives no ID (and no ID discrepancy)",
    "id_dotted": "the ID written in groups with dots (034.085.001.234; format)",
    "id_with_label": "the ID cell carries its kind: 'CCCD: 0…', 'CMND số …', 'Số ĐDCN: …' (format)",
    "id_first_column": "the personal ID is the first column (VNeID / residence-software style)",
    "hidden_columns": "the sheet has hidden columns (a name without diacritics for look-ups, codes, a spouse)",
    "full_address": "'Nơi thường trú' and 'Nơi ở hiện tại' as full addresses (hamlet, commune, district, province)",
    "moved_same_province": "the registry has the person in another commune of the province; the row still gives "
                           "the list's commune and one of its hamlets (matched: an address is never a discrepancy)",
    "owner_lives_elsewhere": "a land user living in another commune of the province (the row says so)",
    "age_instead_of_year": "a 'Tuổi' column instead of the birth year: year = 2025 (the list's year) − age; "
                           "never a date discrepancy",
    "honorific_neutral": "'Cụ' before the name (said of very old men and women alike: gives no sex)",
    "ods_file": "an OpenDocument spreadsheet (.ods) made with LibreOffice Calc",
    "xls_file": "an Excel 97–2003 workbook (.xls, BIFF8)",
    "csv_cp1258": "a ','-separated CSV in Windows-1258 (precomposed letters where the code page has them, "
                  "otherwise letter + combining tone), no BOM",
    "csv_utf16_tab": "Excel 'Unicode Text' saved as .csv: UTF-16LE with a BOM, tab-separated",
    "commune_column": "a 'Xã, phường' column (the list covers several communes); some cells keep the old name",
    "province_list": "a province-level export covering several communes",
    "alias_in_parentheses": "the name people call someone by after the name: 'Nguyễn Văn Ba (Tư)', '(tức Hai)' "
                            "(format)",
    "dob_in_words": "the date written in words: 'ngày 05 tháng 3 năm 1960' (format)",
    "hamlet_variant": "the hamlet written otherwise than the registry: 'Thôn Ba' / 'Thôn III' for 'Thôn 3', "
                      "'TDP số 5' for 'Tổ dân phố 5', 'Ấp Phú Hoà' for 'Ấp Phú Hòa', the name without 'Ấp' (format)",
    "hamlet_in_sheet_name": "the hamlet (residential group) is only in the sheet name and its title line",
    "parcel_address_column": "the parcel's address (always the list's commune) beside the user's residence",
    "household_prefix": "'Hộ ông …' / 'Hộ bà …' before the land user's name (the right sex)",
    "death_register": "a death register: the row's person is the deceased",
    "death_date_column": "a date of death ('14 giờ 30 phút, ngày 03/05/2025') beside the date of birth",
    "death_not_in_registry": "the death is registered but the registry still has the person alive: matched",
})

TRUTH_RULES2 = [
    "- A row names one resident R (or a person not in the registry). Every field the row gives "
    "(name, date/year of birth, sex from a column, an x mark or an honorific, ID — CCCD or old CMND —, the "
    "commune from the row, its group row, its 'Xã, phường' column or else the list's title/sheet/file name, "
    "the hamlet from the row or the sheet) is compared with every resident of the same folded name or the "
    "same ID. If another resident agrees on all R agrees on, the row is `ambiguous` (candidates listed); if "
    "one agrees on more, the row is re-drawn. A name written without diacritics only agrees by its folded form.",
    "- Status precedence of DESIGN.md: `duplicate` (welfare kinds only: the resident already had a row earlier "
    "in the same kind's run — all lists of a kind are one run; no resident has rows in two lists of a kind), "
    "`deceased` (also in a death register: the registry marks the person dead), `mismatch` (a substance change: "
    "typo, another tone mark, a missing middle name, another date/day-month swap/year, another sex — also an "
    "honorific of the other sex —, a wrong ID digit), `matched`.",
    "- Format only, never a discrepancy: no diacritics, capitals, TCVN3/VNI cells, Windows-1258/UTF-16 files, "
    "the other tone style, extra spaces, a lost leading zero, the CMND instead of the CCCD, an ID with spaces, "
    "dots or a label, year-only / 00/00/yyyy / Excel-serial / three-column / in-words dates, honorifics of the "
    "right sex ('Cụ' gives no sex), a nickname in parentheses, the hamlet spelled otherwise, addresses (old "
    "units, hamlet only, another commune, a person who moved).",
    "- New in this set: an age ('Tuổi') gives the year 2025 − age, at year precision, and is never changed in "
    "substance; an ID shown in scientific notation ('3.4085E+10') gives no ID; a person who moved to another "
    "commune of the province is still that resident (the row's commune and hamlet are the list's and agree "
    "with nobody the person is); a death registered but not yet in the registry is `matched`.",
    "- Land books: one owner on several parcels is not a duplicate; 'Hộ ông A' / 'Ông A' is A.",
]


def write_readme2(path, files, truth, pop, units, R, seed, n_res):
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
    units_txt = "; ".join(f"{p}: " + ", ".join(u.name for u in units if u.province == p) for p in PROVINCES2)
    lines = [
        "# eval-templates-2: a second, held-out set of template-shaped lists",
        "",
        "A second evaluation set, built because doikhop had been tuned on the failures of the first "
        "(`tests/data/eval-templates`, ~0.999 there). Same generator code and the same rules of the truth, "
        "extended with eleven new layouts and new failure classes, other provinces and communes, another seed. "
        "Generated by `tests/eval/generate.py --set 2` (Python, stdlib + openpyxl; LibreOffice converts the "
        f".xls and .ods) with `--seed {seed} --residents {n_res}`. Independent of doikhop: the generator "
        "imports nothing from the crate and never reads its `src/` or `rules/`; conventions come from "
        "`/work/shared/reference/DOMAIN.md` and its tables. Scored by `tests/eval/score.py` (same measures as "
        "`tests/it/eval_templates.rs`).",
        "",
        "Regenerate: `python3 -m venv /tmp/evalvenv2 && /tmp/evalvenv2/bin/pip install openpyxl && "
        "/tmp/evalvenv2/bin/python tests/eval/generate.py --set 2 --out tests/data/eval-templates-2`.",
        "",
        "Score (no cargo: a built binary): `python3 tests/eval/score.py --doikhop <path to doikhop> "
        "--data tests/data/eval-templates-2 --work /tmp/ev2` — runs `doikhop match --kind <kind>` once per kind "
        "on all that kind's lists (sorted by name, as the Rust test does) and prints the tables.",
        "",
        "## Files",
        "",
        f"- `residents.csv.zip`: the extract ({len(pop.people):,} residents, one `residents.csv` inside, the "
        "same columns as the first set). Provinces: " + ", ".join(PROVINCES2) + f"; {len(units)} communes "
        f"(2025 units) — {units_txt}. Each is built from its pre-2025 communes (ward_mapping_2025.tsv) with "
        "hamlets per old commune (north: Thôn Đông / Thôn 3; central: Thôn 3 / Thôn An Lợi; south: Ấp 3 / "
        "Ấp Phú Hòa; wards: Tổ dân phố 3, Khóm 3), households, parents' names, ~8% of IDs from another "
        "province's prefix, old CMND for most adults born ≤ 1995, deaths (the death register's commune also "
        "has its 2025 deaths), and planted namesakes (same name, year and sex) in the list's commune and in "
        "another commune of the province. Two things of the first set's extract are left out here: name words "
        "that are legacy-encoding garbage in the reference tables ('Buøi', 'Huøynh'), and grandparents whose sex "
        "was set after their name and ID were drawn for the other sex (a woman named 'Dương Văn Huy' with a "
        "male ID); the first set keeps them, to stay reproducible.",
        f"- `truth.csv`: one line per person row and per non-person row of every list (same columns as the "
        f"first set). Person rows: " + ", ".join(f"{k} {n}" for k, n in sorted(per_kind.items())) + ".",
        "",
        "| list | kind | copies | layout source |",
        "|---|---|---|---|",
    ]
    for lf in files:
        lines.append(f"| `{lf.name}` | {lf.kind} | {lf.copies} | {lf.source} |")
    lines += [
        "",
        "Layouts: as for the first set, the searchable corpus did not hold the annex forms themselves; "
        "the column sets follow DOMAIN.md §6, the contents the laws and circulars prescribe (named per list), "
        "and what such office lists carry (title blocks, group rows, subtotals, signature blocks, hidden helper "
        "columns, exports in old encodings). Treat them as faithful in kind, not as facsimiles.",
        "",
        "## truth.csv",
        "",
        "Columns as in the first set: `source_file, sheet, row` (1-based as the spreadsheet shows it; CSV: "
        "line number; CSV sheet is empty), `kind`, `row_type` (`person` / `skipped`), `expected_status`, "
        "`expected_resident_id`, `expected_discrepancies` (name;dob;gender;id), `candidates`, `classes`, "
        "`skip_class`, `listed_name` (the name cell as written; split names: the two cells joined), and the "
        "registry's name/dob/sex of the expected resident.",
        "",
        "Rules of the truth (the first set's, extended only where a new class needs it):",
    ]
    lines += TRUTH_RULES2
    lines += ["", "## Counts", "", "| kind | status | rows |", "|---|---|---|"]
    for (k, s), n in sorted(by_status.items()):
        lines.append(f"| {k} | {s} | {n} |")
    lines += ["", "## Classes (person rows; a row has several)", "", "| class | rows | what the row does |",
              "|---|---|---|"]
    for c, n in sorted(by_class.items()):
        lines.append(f"| `{c}` | {n} | {GLOSSARY2.get(c, '')} |")
    lines += ["", "## Non-person rows", "", "| class | rows |", "|---|---|"]
    for c, n in sorted(by_skip.items()):
        lines.append(f"| `{c}` | {n} |")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
