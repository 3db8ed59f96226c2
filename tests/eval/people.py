"""The synthetic population: geography, households, names, dates, IDs, deaths.

Conventions from /work/shared/reference (DOMAIN.md §3–§5 and the TSVs), nothing from doikhop.
"""

import collections
import datetime

import vn

REF_DATE = datetime.date(2026, 11, 1)

PROVINCES = ["Thành phố Hà Nội", "Tỉnh Nghệ An", "Tỉnh Đồng Tháp"]
REGION = {"Thành phố Hà Nội": "north", "Tỉnh Nghệ An": "central", "Tỉnh Đồng Tháp": "south"}
CMND_PREFIX = {"01": "01", "40": "18", "82": "31", "87": "34",  # old GSO code -> CMND prefix
               # second set (cmnd9_prefixes.tsv): Hưng Yên, Thái Bình, Quảng Bình, Quảng Trị, An Giang, Kiên Giang
               "33": "14", "34": "15", "44": "19", "45": "19", "89": "35", "91": "37"}


class Unit:
    """A 2025 commune with the pre-2025 communes it was made from."""

    def __init__(self, province, name, code, kind):
        self.province = province
        self.name = name  # "Xã Tân Thới"
        self.code = code
        self.kind = kind  # xã / phường
        self.olds = []  # (old_ward, old_district, old_province, old_province_code)
        self.hamlets = {}  # old_ward -> [hamlet names]


def load_geography(rng):
    communes = vn.read_tsv("communes_2025.tsv")
    mapping = vn.read_tsv("ward_mapping_2025.tsv")
    by_prov = collections.defaultdict(dict)
    for c in communes:
        by_prov[c["province"]][c["ward"]] = c
    # the mapping's province names use the other tone style in places: match by fold
    fold_prov = {vn.fold(p): p for p in PROVINCES}
    units = {}
    olds_of = collections.defaultdict(list)
    for m in mapping:
        prov = fold_prov.get(vn.fold(m["new_province"]))
        if prov is None:
            continue
        if m["relation"] == "split" and m["default"] != "default":
            continue
        olds_of[(prov, vn.fold(m["new_ward"]))].append(
            (m["old_ward"], m["old_district"], m["old_province"], m["old_province_code"])
        )
    chosen = []
    for prov in PROVINCES:
        names = by_prov[prov]
        fold_names = {vn.fold(n): n for n in names}
        collisions = []
        for (p, new_fold), olds in sorted(olds_of.items()):
            if p != prov:
                continue
            for o in olds:
                of = vn.fold(o[0])
                if of in fold_names and of != new_fold and new_fold in fold_names:
                    collisions.append((fold_names[new_fold], fold_names[of], o))
        collisions.sort()
        rng.shuffle(collisions)
        picked = []
        for target, other, o in collisions:
            if target in picked or other in picked:
                continue
            picked += [target, other]
            if len(picked) >= 4:
                break
        rest = sorted(n for n in names if n not in picked and (prov, vn.fold(n)) in olds_of)
        rng.shuffle(rest)
        picked += rest[: 8 - len(picked)]
        for n in picked:
            c = names[n]
            u = Unit(prov, n, c["ward_code"], c["division_type"])
            u.olds = sorted(set(olds_of[(prov, vn.fold(n))]))
            units[(prov, n)] = u
            chosen.append(u)
    for u in chosen:
        for o in u.olds:
            u.hamlets[o[0]] = hamlet_names(rng, REGION[u.province], u.kind, o[0])
    return chosen


SOUTH_HAMLETS = ["Phú Hòa", "Tân Lợi", "Bình Thạnh", "Long Hưng", "Mỹ Phú", "Hòa Khánh", "Tân Bình",
                 "An Thạnh", "Phú Thuận", "Thạnh Lợi", "Bình Hòa", "Tân Hưng", "Mỹ Lợi", "Long Thạnh"]
NORTH_HAMLETS = ["Đông", "Đoài", "Trung", "Thượng", "Hạ", "Nam", "Bắc", "Cầu", "Chùa", "Đình",
                 "Văn", "Ngọc", "Phú", "An"]


def hamlet_names(rng, region, kind, old_ward):
    n = rng.randint(5, 9)
    if kind == "phường":
        word = "Khu phố" if region == "south" else "Tổ dân phố"
        return [f"{word} {i}" for i in range(1, n + 1)]
    if region == "south":
        names = rng.sample(SOUTH_HAMLETS, min(n, len(SOUTH_HAMLETS)) // 2)
        return [f"Ấp {i}" for i in range(1, n - len(names) + 1)] + [f"Ấp {x}" for x in names]
    if region == "central":
        return [f"Xóm {i}" for i in range(1, n + 1)]
    names = rng.sample(NORTH_HAMLETS, n // 2)
    return [f"Thôn {x}" for x in names] + [f"Thôn {i}" for i in range(1, n - len(names) + 1)]


# ---------------------------------------------------------------- names

class Names:
    def __init__(self):
        sur = vn.read_tsv("surnames_vn.tsv")
        self.surnames = []
        for r in sur:
            nat = (r["pct_national_2005"] or "").split(" ")[0]
            w = float(nat or 0) * (0.5 if "combined" in r["pct_national_2005"] else 1.0)
            w = w or float(r["uit_pct"] or 0) * 0.6
            if w > 0:
                self.surnames.append((r["surname"], w))
        self.rare_surnames = ["Văn", "Đình", "Ngọc"]
        mid = vn.read_tsv("middle_names_vn.tsv")
        self.middles = [(r["middle_token"], float(r["count"])) for r in mid
                        if r["middle_token"] not in ("Văn", "Thị") and r["middle_token"] not in dict(self.surnames)]
        giv = vn.read_tsv("given_names_freq_uit.tsv")
        f = collections.Counter()
        m = collections.Counter()
        for r in giv:
            if r["sex_hint"].startswith("female"):
                f[r["given"]] += int(r["count"])
            elif r["sex_hint"].startswith("male"):
                m[r["given"]] += int(r["count"])
        for w in _words("given_name_words_female_duyet.txt"):
            f[w] += 1
        for w in _words("given_name_words_male_duyet.txt"):
            m[w] += 1
        self.given = {"F": sorted(f.items()), "M": sorted(m.items())}

    def surname(self, rng):
        if rng.random() < 0.012:
            return rng.choice(self.rare_surnames)
        return weighted(rng, self.surnames)

    def middle_given(self, rng, sex, year):
        trad = 0.9 if year < 1970 else 0.6 if year < 1990 else 0.3
        if rng.random() < trad:
            middle = ["Thị" if sex == "F" else "Văn"]
        else:
            middle = [weighted(rng, self.middles)]
            if rng.random() < 0.15:
                middle.append(weighted(rng, self.middles))
        return middle, weighted(rng, self.given[sex])


def _words(name):
    with open(f"{vn.REF}/{name}", encoding="utf-8") as f:
        # the source writes some Đ as the look-alike Icelandic eth (DOMAIN §2.4): registry names use Đ
        return [line.strip().replace("Ð", "Đ").replace("ð", "đ") for line in f
                if line.strip() and not line.startswith("#")]


def weighted(rng, items):
    total = sum(w for _, w in items)
    x = rng.random() * total
    for v, w in items:
        x -= w
        if x <= 0:
            return v
    return items[-1][0]


# ---------------------------------------------------------------- residents

class Resident:
    __slots__ = ("rid", "cmnd", "surname", "middle", "given", "dob", "sex", "unit", "old", "hamlet",
                 "household", "relation", "father", "mother", "dead", "death_date", "id_prov")

    @property
    def name(self):
        return " ".join([self.surname] + self.middle + [self.given])


class Population:
    def __init__(self, rng, units, per_unit):
        self.rng = rng
        self.names = Names()
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

    def new_id(self, prefix, sex, year):
        s = (year // 100 - 19) * 2 + (1 if sex == "F" else 0)
        while True:
            v = f"{prefix}{s}{year % 100:02d}{self.rng.randrange(10**6):06d}"
            if v not in self.used_ids:
                self.used_ids.add(v)
                return v

    def new_cmnd(self, gso):
        pre = CMND_PREFIX.get(gso, "12")
        while True:
            v = pre + "".join(str(self.rng.randrange(10)) for _ in range(9 - len(pre)))
            if v not in self.used_cmnd:
                self.used_cmnd.add(v)
                return v

    def person(self, u, old, hamlet, sex, year, surname=None, hh=None, rel=None, register=True):
        rng = self.rng
        p = Resident()
        p.surname = surname or self.names.surname(rng)
        p.middle, p.given = self.names.middle_given(rng, sex, year)
        p.sex = sex
        start = datetime.date(year, 1, 1)
        p.dob = start + datetime.timedelta(days=rng.randrange(365))
        p.unit, p.old, p.hamlet = u, old, hamlet
        gso = old[3]
        if rng.random() < 0.08:
            p.id_prov = rng.choice(self.all_prefixes)
        else:
            p.id_prov = "0" + gso
        p.rid = self.new_id(p.id_prov, sex, year)
        p.cmnd = self.new_cmnd(gso) if year <= 1995 and rng.random() < 0.7 else ""
        p.household, p.relation = hh, rel
        p.father = p.mother = ""
        age = REF_DATE.year - year
        pd = 0.03 if age > 70 else 0.012 if age > 50 else 0.003
        p.dead = rng.random() < pd
        p.death_date = None
        if p.dead:
            d0 = datetime.date(2021, 1, 1)
            p.death_date = d0 + datetime.timedelta(days=rng.randrange((REF_DATE - d0).days))
        if register:
            self.people.append(p)
        return p

    def household(self, u):
        rng = self.rng
        old = rng.choice(u.olds)
        hamlet = rng.choice(u.hamlets[old[0]])
        self.household_seq += 1
        hh = f"{u.code}{self.household_seq:07d}"
        head_year = REF_DATE.year - rng.randint(24, 88)
        head_sex = "M" if rng.random() < 0.72 else "F"
        head = self.person(u, old, hamlet, head_sex, head_year, hh=hh, rel="Chủ hộ")
        self._parents(head)
        members = [head]
        spouse = None
        if rng.random() < 0.75 and head_year < REF_DATE.year - 22:
            s_sex = "F" if head_sex == "M" else "M"
            s_year = min(REF_DATE.year - 19, head_year + rng.randint(-4, 6))
            spouse = self.person(u, old, hamlet, s_sex, s_year, hh=hh, rel="Vợ" if s_sex == "F" else "Chồng")
            self._parents(spouse)
            members.append(spouse)
        father = head if head_sex == "M" else spouse
        mother = head if head_sex == "F" else spouse
        fam = father.surname if father else head.surname
        for _ in range(rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4])):
            y = head_year + rng.randint(20, 40)
            if y > REF_DATE.year - 1:
                continue
            c = self.person(u, old, hamlet, rng.choice("MF"), y, surname=fam, hh=hh, rel="Con")
            c.father = father.name if father else ""
            c.mother = mother.name if mother else ""
            members.append(c)
        if rng.random() < 0.12 and head_year > 1950:
            g = self.person(u, old, hamlet, rng.choice("MF"), head_year - rng.randint(20, 30),
                            surname=head.surname, hh=hh, rel="Bố" if rng.random() < 0.4 else "Mẹ")
            g.sex = "M" if g.relation == "Bố" else "F"
            members.append(g)
        return members

    def _parents(self, p):
        y = p.dob.year
        m, g = self.names.middle_given(self.rng, "M", y - 25)
        p.father = " ".join([p.surname] + m + [g])
        ms = self.names.surname(self.rng)
        m, g = self.names.middle_given(self.rng, "F", y - 25)
        p.mother = " ".join([ms] + m + [g])

    def twin(self, p, unit=None, hamlet_differs=True):
        """Another resident with the same name, birth year and sex (a namesake), elsewhere."""
        rng = self.rng
        u = unit or p.unit
        old = rng.choice(u.olds)
        hams = u.hamlets[old[0]]
        choices = [h for h in hams if not (hamlet_differs and h == p.hamlet)] or hams
        hamlet = rng.choice(choices)
        self.household_seq += 1
        hh = f"{u.code}{self.household_seq:07d}"
        t = self.person(u, old, hamlet, p.sex, p.dob.year, surname=p.surname, hh=hh, rel="Chủ hộ")
        t.middle, t.given = list(p.middle), p.given
        t.dead = False
        t.death_date = None
        while t.dob == p.dob:
            t.dob = datetime.date(p.dob.year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        self._parents(t)
        return t
