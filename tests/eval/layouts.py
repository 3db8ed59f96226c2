"""The lists, each a copy of a published template's layout, with its rows' truth.

Every builder takes the list's commune (a 2025 unit), draws people from the registry (or people
who are not in it), writes them the way clerks do and records for every row either an Entry
(a person, with expected status/resident/discrepancies/classes) or a skip class.
"""

import datetime

import entries as E
import vn
from sheets import ListFile

SEX = E.SEX_VI


class Ctx:
    def __init__(self, rng, pop, index):
        self.rng = rng
        self.pop = pop
        self.index = index
        self.used = {}  # kind -> set of resident ids already listed
        self.seen = {}  # kind -> set of resident ids already given a row (for duplicates)
        self.rows_of = {}  # kind -> list of (Entry) linked rows, for duplicates

    def used_set(self, kind):
        return self.used.setdefault(kind, set())

    def pool(self, unit, pred):
        return [p for p in self.pop.people if p.unit is unit and pred(p)]


def age(p):
    return 2026 - p.dob.year


def upper_unit(u):
    return u.name.upper()


def short(u):
    """'Xã Tân Thới' -> 'Tân Thới'."""
    for w in ("Xã ", "Phường ", "Đặc khu "):
        if u.name.startswith(w):
            return u.name[len(w):]
    return u.name


def national_header(sh, ncols, unit_line):
    half = max(2, ncols // 2)
    r = sh.add([unit_line] + [None] * (half - 1) + ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], skip="title")
    sh.merge(r, 1, r, half)
    sh.merge(r, half + 1, r, ncols)
    r = sh.add([None] * half + ["Độc lập - Tự do - Hạnh phúc"], skip="title")
    sh.merge(r, half + 1, r, ncols)
    sh.blank()


def title(sh, ncols, text, cls="title"):
    r = sh.add([text], skip=cls, bold=True)
    sh.merge(r, 1, r, ncols)
    return r


def signature(sh, ncols, unit, roles, date_text=None):
    rng_names = ["Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Quang Vinh", "Phạm Thị Hoa"]
    sh.blank()
    place = short(unit)
    sh.add([None] * (ncols - 3) + [date_text or f"{place}, ngày 20 tháng 11 năm 2025"], skip="signature_place_date")
    step = max(1, ncols // len(roles))
    cells = [None] * ncols
    for i, role in enumerate(roles):
        cells[min(ncols - 1, i * step + 1)] = role
    sh.add(cells, skip="signature_roles")
    cells = [None] * ncols
    for i, _ in enumerate(roles):
        cells[min(ncols - 1, i * step + 1)] = "(Ký, ghi rõ họ tên)"
    sh.add(cells, skip="signature_roles")
    sh.blank()
    sh.blank()
    cells = [None] * ncols
    for i, _ in enumerate(roles):
        cells[min(ncols - 1, i * step + 1)] = rng_names[i % len(rng_names)]
    sh.add(cells, skip="signature_names")


def numbering_row(sh, ncols, style="paren"):
    if style == "paren":
        cells = [f"({i})" for i in range(1, ncols + 1)]
    elif style == "letters":
        cells = [chr(ord("A") + i) for i in range(ncols)]
    else:
        cells = [i for i in range(1, ncols + 1)]
    return sh.add(cells, skip="numbering_row")


def header(sh, cells, group=None):
    """One header row, or two when `group` gives (start_col, end_col, text) spans above."""
    if group:
        top = list(cells)
        sub = [None] * len(cells)
        r1 = sh.next_row
        for (c1, c2, text, subs) in group:
            top[c1 - 1] = text
            for k in range(c1, c2 + 1):
                if k != c1:
                    top[k - 1] = None
                sub[k - 1] = subs[k - c1]
        sh.add(top, skip="header")
        sh.add(sub, skip="header")
        for i in range(len(cells)):
            if sub[i] is None:
                sh.merge(r1, i + 1, r1 + 1, i + 1)
        for (c1, c2, _, _) in group:
            sh.merge(r1, c1, r1, c2)
        return r1
    return sh.add(list(cells), skip="header")


# ---------------------------------------------------------------- drawing people

def draw(ctx, kind, pool, n, dead_share=0.0):
    """n distinct residents of the pool not yet listed in this kind (some dead)."""
    rng = ctx.rng
    used = ctx.used_set(kind)
    alive = [p for p in pool if not p.dead and p.rid not in used]
    dead = [p for p in pool if p.dead and p.rid not in used]
    rng.shuffle(alive)
    rng.shuffle(dead)
    k = min(len(dead), int(round(n * dead_share)))
    out = dead[:k] + alive[: n - k]
    rng.shuffle(out)
    for p in out:
        used.add(p.rid)
    return out


def stranger(ctx, unit, sex=None, year=None):
    """A person who is not in the registry (moved in, never registered, a typo'd record)."""
    rng = ctx.rng
    old = rng.choice(unit.olds)
    hamlet = rng.choice(unit.hamlets[old[0]])
    sex = sex or rng.choice("MF")
    year = year or rng.randint(1935, 2000)
    return ctx.pop.person(unit, old, hamlet, sex, year, register=False)


def entry(ctx, kind, person, resident, fields, unit, dob_column="full", sub_rate=0.12,
          caps_rate=0.1, legacy=True, allow_cmnd=True, id_share=1.0, extra=None, dob_plan=None,
          sub_fields=None):
    """Build the row's Entry (retrying corruptions that would point at someone else).

    dob_plan(e, rng) replaces the default plan of how the date is written; sub_fields limits the
    fields a substance change may touch (both None: the first set's behaviour, unchanged)."""
    rng = ctx.rng
    if resident is None or resident.dead:
        sub_rate = 0.0  # no discrepancy on a row that is not_found or deceased
    for attempt in range(12):
        e = E.Entry(person, resident)
        e.given = set(fields)
        if "commune" in fields:
            e.commune = unit if person.unit is unit else person.unit
        if "id" in fields:
            if resident is not None and rng.random() < id_share:
                E.id_format(e, rng, resident, allow_cmnd)
            elif resident is None and rng.random() < id_share * 0.5:
                e.id = person.rid  # an ID the registry does not know
            if not e.id:
                e.given.discard("id")
        if "dob" in fields:
            if dob_plan is None:
                E.plan_dob(e, rng, dob_column)
            else:
                dob_plan(e, rng)
        if attempt < 8:
            E.substance(e, rng, sub_rate, e.given if sub_fields is None else e.given & set(sub_fields))
        e.name_cell = E.name_format(e, rng, caps_rate, legacy)
        if "name" in e.disc and "no_diacritics" in e.format and vn.fold(e.name) == vn.fold(resident.name):
            # another tone mark written without diacritics: nothing of it is left to see
            e.disc.discard("name")
            e.classes = [c for c in e.classes if c != "wrong_tone"]
        if extra:
            extra(e)
        if E.decide(e, ctx.index):
            return e
    raise RuntimeError(f"no consistent row for {person.name}")


def finish(ctx, kind, e):
    E.finish_status(e, kind, ctx.seen.setdefault(kind, set()))
    if e.status in ("matched", "mismatch", "deceased") and e.rid:
        ctx.rows_of.setdefault(kind, []).append(e)


def dob_value(ctx, e):
    return E.dob_cell(e, ctx.rng)


def sex_text(e):
    return SEX[e.sex]


def address(unit, p, style, ctx):
    """The address as the row writes it."""
    rng = ctx.rng
    old_ward, old_district, old_prov, _ = p.old
    if style == "hamlet":
        return p.hamlet
    if style == "commune":
        return f"{p.hamlet}, {p.unit.name}"
    if style == "full":
        return f"{p.hamlet}, {p.unit.name}, {p.unit.province}"
    if style == "old":
        return f"{p.hamlet}, {old_ward}, {old_district}, {old_prov}"
    if style == "old_bare":
        return f"{p.hamlet}, {old_ward.lower() if rng.random() < 0.3 else old_ward}"
    raise ValueError(style)


def old_is_collision(p, units):
    """The person's pre-2025 commune name is the 2025 name of another unit."""
    of = vn.fold(p.old[0])
    return any(vn.fold(u.name) == of and u is not p.unit and u.province == p.unit.province for u in units)
