"""One listed person: what the row says about them, how it is written, and its truth.

The truth is decided here by the generator's own rules: a row names a resident R; every field
the row gives is compared with every resident that could be meant (same folded name, same ID);
if another resident agrees with the row on everything R agrees on, the row is `ambiguous`
(equal) or re-drawn (better). Substance changes are discrepancies; format changes are not.
"""

import collections
import datetime

import vn

WELFARE = {"ho-ngheo", "bao-tro-xa-hoi", "nguoi-co-cong"}


class Index:
    def __init__(self, people):
        self.by_fold = collections.defaultdict(list)
        self.by_id = {}
        for p in people:
            self.by_fold[vn.fold(p.name)].append(p)
            self.by_id[p.rid] = p
            if p.cmnd:
                self.by_id[p.cmnd] = p


class Entry:
    """What a row lists (substance level) and how it is written (format)."""

    def __init__(self, person, resident):
        self.person = person  # the real person the row is about (maybe not in the registry)
        self.resident = resident  # the registry resident (None: not in the registry)
        self.name = person.name
        self.dob = person.dob
        self.dob_prec = "full"
        self.sex = person.sex
        self.id = ""
        self.id_kind = ""
        self.hamlet = person.hamlet
        self.commune = None  # the 2025 unit the row (or its list) places the person in
        self.given = set()  # fields the row gives: name dob sex id commune hamlet
        self.disc = set()
        self.classes = []
        self.format = []  # format-only operations on the name cell
        self.honorific = ""
        self.status = None
        self.rid = ""
        self.candidates = []

    def cls(self, c):
        if c not in self.classes:
            self.classes.append(c)


def name_agrees(e, x):
    if "no_diacritics" in e.format:
        return vn.fold(e.name) == vn.fold(x.name)
    return vn.canon(e.name) == vn.canon(x.name)


def agreement(e, x):
    a = set()
    if "name" in e.given and name_agrees(e, x):
        a.add("name")
    if "dob" in e.given:
        if e.dob_prec == "year":
            if x.dob.year == e.dob.year:
                a.add("dob")
        elif x.dob == e.dob:
            a.add("dob")
    if "sex" in e.given and x.sex == e.sex:
        a.add("sex")
    if "id" in e.given and e.id and e.id in (x.rid, x.cmnd):
        a.add("id")
    if "commune" in e.given and e.commune is x.unit:
        a.add("commune")
    if "hamlet" in e.given and x.hamlet == e.hamlet and (e.commune is None or e.commune is x.unit):
        a.add("hamlet")
    return a


def decide(e, index):
    """Truth for the entry. Returns False when the row points at someone else (re-draw it)."""
    cands = {id(p): p for p in index.by_fold.get(vn.fold(e.name), [])}
    if e.id and e.id in index.by_id:
        p = index.by_id[e.id]
        cands[id(p)] = p
    r = e.resident
    if r is None:
        # not in the registry: nobody may agree on the name and the date of birth
        for x in cands.values():
            a = agreement(e, x)
            if "id" in a or {"name", "dob"} <= a:
                return False
        e.status = "not_found"
        return True
    mine = agreement(e, r)
    ties = [r]
    for x in cands.values():
        if x is r:
            continue
        a = agreement(e, x)
        if a > mine:
            return False
        if a == mine:
            ties.append(x)
    if "name" not in mine and "id" not in mine:
        return False
    if len(ties) > 1:
        e.status = "ambiguous"
        e.candidates = sorted(x.rid for x in ties)
        e.disc = set()
        e.cls("true_ambiguity")
        return True
    e.rid = r.rid
    return True


def finish_status(e, kind, seen):
    """Status precedence of DESIGN.md: duplicate, deceased, mismatch, matched."""
    if e.status in ("not_found", "ambiguous"):
        return
    if kind in WELFARE and e.rid in seen:
        e.status = "duplicate"
    elif e.resident.dead:
        e.status = "deceased"
    elif e.disc:
        e.status = "mismatch"
    else:
        e.status = "matched"
    seen.add(e.rid)


# ---------------------------------------------------------------- corruptions

def substance(e, rng, rate, fields):
    """Maybe change one listed field in substance (a discrepancy)."""
    if rng.random() >= rate:
        return
    options = []
    parts = e.name.split()
    if "name" in fields:
        options += ["typo", "wrong_tone"]
        if len(parts) >= 3:
            options.append("missing_middle")
    if "dob" in fields and e.dob_prec == "full":
        if e.dob.day <= 12 and e.dob.day != e.dob.month:
            options.append("day_month_swap")
        options.append("wrong_day")
    if "dob" in fields:
        options.append("wrong_year")
    if "sex" in fields:
        options.append("wrong_sex")
    if "id" in fields and e.id:
        options.append("wrong_id")
    anchor = bool(e.id) and "id" in e.given
    full = e.dob_prec == "full"
    weak = {"typo", "wrong_tone", "missing_middle"} if not (anchor or full) else set()
    weak |= {"day_month_swap", "wrong_day", "wrong_year"} if not anchor else set()
    weak |= {"wrong_id"} if not full else set()
    options = [o for o in options if o not in weak]
    if not options:
        return
    op = rng.choice(options)
    if "day_month_swap" in options and rng.random() < 0.3:
        op = "day_month_swap"
    if op == "wrong_sex" and len(options) > 1 and rng.random() < 0.6:
        op = rng.choice([o for o in options if o != "wrong_sex"])
    if op == "typo":
        i = rng.randrange(1, len(parts))
        t = vn.typo(parts[i], rng)
        if not t:
            return
        parts[i] = t
        e.name = " ".join(parts)
        e.disc.add("name")
    elif op == "wrong_tone":
        t = vn.change_tone(parts[-1], rng)
        if not t or vn.canon(t) == vn.canon(parts[-1]):
            return
        parts[-1] = t
        e.name = " ".join(parts)
        e.disc.add("name")
    elif op == "missing_middle":
        e.name = " ".join([parts[0], parts[-1]]) if len(parts) == 3 else " ".join(parts[:1] + parts[2:])
        e.disc.add("name")
    elif op == "day_month_swap":
        e.dob = datetime.date(e.dob.year, e.dob.day, e.dob.month)
        e.disc.add("dob")
    elif op == "wrong_day":
        d = e.dob + datetime.timedelta(days=rng.choice([-9, -3, 4, 10]))
        if d.year != e.dob.year:
            return
        e.dob = d
        e.disc.add("dob")
    elif op == "wrong_year":
        try:
            e.dob = e.dob.replace(year=e.dob.year + rng.choice([-2, -1, 1, 3]))
        except ValueError:
            return
        e.disc.add("dob")
    elif op == "wrong_sex":
        e.sex = "F" if e.sex == "M" else "M"
        e.disc.add("gender")
    elif op == "wrong_id":
        i = rng.randrange(6, len(e.id))
        e.id = e.id[:i] + str((int(e.id[i]) + rng.randint(1, 9)) % 10) + e.id[i + 1 :]
        e.disc.add("id")
    e.cls(op)


def name_format(e, rng, caps_rate=0.1, legacy=True):
    """Format-only changes of the name cell; returns the cell text."""
    s = e.name
    x = rng.random()
    if x < 0.08:
        e.format.append("no_diacritics")
        s = vn.strip_diacritics(s)
    elif vn.to_new_tone_style(s) != s and rng.random() < 0.4:
        e.format.append("tone_style")
        s = vn.to_new_tone_style(s)
    if rng.random() < caps_rate:
        e.format.append("all_caps")
        s = s.upper()
    if legacy and "no_diacritics" not in e.format:
        y = rng.random()
        if y < 0.03:
            e.format.append("mixed_encoding_tcvn3")
            s = vn.encode_tcvn3(s)
        elif y < 0.06:
            e.format.append("mixed_encoding_vni")
            s = vn.encode_vni(s)
    if rng.random() < 0.03:
        e.format.append("extra_spaces")
        s = s.replace(" ", "  ", 1) + " "
    for f in e.format:
        e.cls(f)
    return s


def id_format(e, rng, resident, allow_cmnd=True):
    """The ID as written: CCCD, or the old CMND, maybe as a number that lost its zero."""
    p = resident
    if p is None:
        return
    if allow_cmnd and p.cmnd and rng.random() < 0.25:
        e.id, e.id_kind = p.cmnd, "cmnd"
        e.cls("cmnd_instead")
    else:
        e.id, e.id_kind = p.rid, "cccd"


def id_cell(e, rng):
    if not e.id:
        return None
    if rng.random() < 0.12 and e.id.startswith("0"):
        e.cls("lost_leading_zero")
        return int(e.id)
    if rng.random() < 0.03:
        e.cls("id_spaced")
        return " ".join(e.id[i : i + 3] for i in range(0, len(e.id), 3))
    return e.id


def plan_dob(e, rng, column="full"):
    """How the date will be written; sets the precision the row gives (before substance)."""
    e.dob_style = "year"
    if column == "year":
        e.dob_prec = "year"
        return
    x = rng.random()
    if x < 0.05:
        e.dob_prec, e.dob_style = "year", "year_only"
        e.cls("year_only")
    elif x < 0.07:
        e.dob_prec, e.dob_style = "year", "zero_day_month"
        e.cls("dob_zero_day_month")
    elif x < 0.09:
        e.dob_style = "serial_general"
        e.cls("dob_serial_general")
    elif x < 0.5:
        e.dob_style = "date_cell"
    else:
        e.dob_style = "text"


def dob_cell(e, rng):
    st = e.dob_style
    if st in ("year", "year_only"):
        return e.dob.year if rng.random() < 0.5 else str(e.dob.year)
    if st == "zero_day_month":
        return f"00/00/{e.dob.year}"
    if st == "serial_general":
        return (e.dob - datetime.date(1899, 12, 30)).days
    if st == "date_cell":
        return e.dob
    return e.dob.strftime("%d/%m/%Y")


SEX_VI = {"M": "Nam", "F": "Nữ"}
