"""Second set: how the new layouts write a row's fields (hamlets, IDs, dates, names).

Everything here is format unless it says otherwise: the truth of a row is still decided by
entries.decide / entries.finish_status on what the row says in substance.
"""

import re

import entries as E
import vn

LIST_YEAR = 2025  # the year the second set's lists are drawn up (ages are counted from it)

NUM_WORDS = {1: "Một", 2: "Hai", 3: "Ba", 4: "Bốn", 5: "Năm", 6: "Sáu", 7: "Bảy", 8: "Tám", 9: "Chín",
             10: "Mười", 11: "Mười một", 12: "Mười hai"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX", 10: "X",
         11: "XI", 12: "XII"}
ALIASES = ["Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười", "Út"]


# ---------------------------------------------------------------- hamlets

def hamlet_variant(h, rng):
    """Another spelling of the registry's hamlet that a clerk would write: 'Thôn Ba' for 'Thôn 3',
    'TDP số 5' for 'Tổ dân phố 5', 'Ấp Phú Hoà' for 'Ấp Phú Hòa', 'Xóm IV', 'Khóm 03' …"""
    m = re.match(r"^(Thôn|Xóm|Ấp|Tổ dân phố|Khóm|Khu phố) (.+)$", h)
    if not m:
        return None
    word, rest = m.groups()
    opts = []
    if rest.isdigit():
        n = int(rest)
        if word in ("Thôn", "Xóm", "Ấp"):
            opts += [f"{word} {NUM_WORDS[n]}", f"{word} {ROMAN[n]}", f"{word.lower()} {n:02d}"]
        elif word == "Tổ dân phố":
            opts += [f"TDP số {n}", f"TDP {n:02d}", f"Tổ dân phố số {n}", f"Tổ {n}"]
        elif word == "Khóm":
            opts += [f"Khóm {n:02d}", f"Khóm số {n}", f"khóm {ROMAN[n]}"]
        elif word == "Khu phố":
            opts += [f"KP{n}", f"Khu phố số {n}"]
    else:
        nv = vn.to_new_tone_style(h)
        if nv != h:
            opts += [nv, nv]
        opts += [f"{word.lower()} {rest}", rest]
    return rng.choice(opts) if opts else None


def hamlet_text(e, h, rng, rate):
    """The hamlet cell for the row (class hamlet_variant when it differs from the registry's)."""
    if rng.random() < rate:
        v = hamlet_variant(h, rng)
        if v and v != h:
            e.cls("hamlet_variant")
            return v
    return h


# ---------------------------------------------------------------- IDs

def id_style_hook(weights):
    """An `extra` hook choosing how the ID cell is written. 'sci' is a 12-digit number shown as
    Excel's General format shows it in a narrow column and then kept as text ('3.4085E+10'):
    the digits are gone, so the row gives no ID (not a discrepancy either)."""
    def hook(e, rng):
        e.id_style = "plain"
        if not e.id or "id" not in e.given:
            return
        x = rng.random()
        acc = 0.0
        style = "plain"
        for s, w in weights:
            acc += w
            if x < acc:
                style = s
                break
        if style == "sci" and not (len(e.id) == 12 and "id" not in e.disc):
            style = "plain"
        if style == "number" and not e.id.startswith("0"):
            style = "plain"
        e.id_style = style
        if style == "sci":
            e.given.discard("id")
            e.cls("id_scientific")
        elif style == "number":
            e.cls("lost_leading_zero")
        elif style == "dotted":
            e.cls("id_dotted")
        elif style == "label":
            e.cls("id_with_label")
        elif style == "spaced":
            e.cls("id_spaced")
    return hook


def id_text(e, rng):
    """The ID cell as the hook decided."""
    if not e.id:
        return None
    st = getattr(e, "id_style", "plain")
    if st == "sci":
        s = f"{int(e.id):.5E}"
        m, ex = s.split("E")
        m = m.rstrip("0").rstrip(".")
        return f"{m}E{ex}"
    if st == "number":
        return int(e.id)
    if st == "dotted":
        if len(e.id) == 12:
            return ".".join(e.id[i:i + 3] for i in range(0, 12, 3))
        return ".".join([e.id[:3], e.id[3:6], e.id[6:]])
    if st == "label":
        if e.id_kind == "cmnd":
            return rng.choice(["CMND: ", "CMND số ", "CMND số: "]) + e.id
        return rng.choice(["CCCD: ", "CCCD số ", "Số ĐDCN: ", "CCCD: "]) + e.id
    if st == "spaced":
        return " ".join(e.id[i:i + 3] for i in range(0, len(e.id), 3))
    return e.id


# ---------------------------------------------------------------- dates

def dob_plan(weights):
    """A plan of how the date is written: (style, weight). Styles: 'text' dd/mm/yyyy, 'date_cell',
    'words' ('ngày 05 tháng 3 năm 1960'), 'three' (day | month | year columns), 'year' (a
    Năm sinh column), 'year_only' (the year alone in a date column), 'three_year' (only the year
    column of three filled), 'zero_day_month', 'age' (a Tuổi column)."""
    def plan(e, rng):
        x = rng.random()
        acc = 0.0
        style = weights[-1][0]
        for s, w in weights:
            acc += w
            if x < acc:
                style = s
                break
        e.dob_style = style
        if style in ("year", "year_only", "zero_day_month", "age", "three_year"):
            e.dob_prec = "year"
        cls = {"year_only": "year_only", "three_year": "year_only", "zero_day_month": "dob_zero_day_month",
               "words": "dob_in_words", "age": "age_instead_of_year", "three": "dob_three_columns"}.get(style)
        if cls:
            e.cls(cls)
    return plan


def words_date(d, rng):
    k = rng.random()
    if k < 0.5:
        return f"ngày {d.day:02d} tháng {d.month} năm {d.year}"
    if k < 0.75:
        return f"Ngày {d.day} tháng {d.month:02d} năm {d.year}"
    return f"{d.day:02d} tháng {d.month:02d} năm {d.year}"


def dob_text(e, rng):
    st = e.dob_style
    if st == "age":
        return LIST_YEAR - e.dob.year
    if st == "words":
        return words_date(e.dob, rng)
    if st == "text":
        return e.dob.strftime("%d/%m/%Y")
    if st == "year":
        return e.dob.year if rng.random() < 0.5 else str(e.dob.year)
    return E.dob_cell(e, rng)


def dob_three(e):
    """(day, month, year) cells of three date columns."""
    if e.dob_prec == "year":
        return None, None, e.dob.year
    return e.dob.day, e.dob.month, e.dob.year


# ---------------------------------------------------------------- names

def split_name(cell):
    """'Họ và chữ đệm' | 'Tên' as a clerk splits the name: the last word is the given name."""
    s = cell.rstrip()
    if " " not in s:
        return None, s
    head, _, given = s.rpartition(" ")
    return head, given


def alias_hook(rate):
    """'Nguyễn Văn Ba (Tư)': the name people call someone by (their rank among siblings), in
    parentheses after the registered name. Format: the registered name is all there."""
    def hook(e, rng):
        if rng.random() >= rate:
            return
        a = rng.choice(ALIASES)
        form = rng.choice(["({})", "({})", "(tức {})", "(thường gọi {})"])
        a = form.format(a)
        # typed with the name: the same case and encoding as the rest of the cell
        if "all_caps" in e.format:
            a = a.upper()
        if "no_diacritics" in e.format:
            a = vn.strip_diacritics(a)
        elif "mixed_encoding_tcvn3" in e.format:
            a = vn.encode_tcvn3(a)
        elif "mixed_encoding_vni" in e.format:
            a = vn.encode_vni(a)
        e.name_cell = f"{e.name_cell.rstrip()} {a}"
        e.cls("alias_in_parentheses")
    return hook


def hooks(*fns):
    """Run several `extra` hooks (each hook(e, rng)) in order, with the context's rng."""
    def extra_for(rng):
        def run(e):
            for f in fns:
                f(e, rng)
        return run
    return extra_for
