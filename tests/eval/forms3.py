"""Third set: how the new layouts write a row's fields (dates, IDs, notes and nicknames in the
name cell) and the truth rules the new classes need. Format unless it says otherwise; the truth
of a row is still decided by entries.decide / entries.finish_status."""

import entries as E
import vn

LIST_YEAR = 2025

# ---------------------------------------------------------------- the registry's own messiness

# filled by set3.main: resident id -> how the extract writes them
REG_HAMLET = {}  # rid -> the hamlet as the extract writes it ('Thôn 03', 'Tổ 5', 'KP2')
REG_OLD = set()  # rids whose 'Nơi thường trú' / 'Xã/Phường' still name the pre-2025 units
REG_NOADDR = set()  # rids with an empty 'Nơi thường trú' (the extract still gives the commune)

_orig_agreement = E.agreement


def agreement3(e, x):
    """The first sets' agreement, except that a resident whose extract has no address agrees on
    no hamlet (nothing in the extract says where in the commune they live)."""
    a = _orig_agreement(e, x)
    if x.rid in REG_NOADDR:
        a.discard("hamlet")
    return a


def reg_hamlet_variant(h, style):
    """How an extract writes a hamlet: 'Thôn 3' -> 'Thôn 03', 'Tổ dân phố 5' -> 'Tổ 5',
    'Khu phố 2' -> 'KP2', 'Ấp 3' -> 'Ấp 03'. None: the same."""
    word, _, rest = h.rpartition(" ")
    if not rest.isdigit():
        return None
    n = int(rest)
    if word in ("Thôn", "Ấp", "Xóm") and style == "zero":
        return f"{word} {n:02d}"
    if word == "Tổ dân phố":
        return f"Tổ {n}"
    if word == "Khu phố":
        return f"KP{n}"
    return None


# ---------------------------------------------------------------- dates

def dob_plan3(weights):
    """Styles: 'text' dd/mm/yyyy, 'date_cell', 'dot_yy' dd.mm.yy, 'dash_yy' dd-mm-yy, 'dash'
    dd-mm-yyyy, 'serial_text' (the Excel serial typed/pasted as text), 'year', 'year_only'."""
    def plan(e, rng):
        x = rng.random()
        acc = 0.0
        style = weights[-1][0]
        for s, w in weights:
            acc += w
            if x < acc:
                style = s
                break
        if style in ("dot_yy", "dash_yy") and not 1930 <= e.dob.year <= 2024:
            style = "text"  # two digits stay readable only where the Excel rule (00–29: 20xx) holds
        e.dob_style = style
        if style in ("year", "year_only"):
            e.dob_prec = "year"
        cls = {"year_only": "year_only", "dot_yy": "dob_two_digit_year", "dash_yy": "dob_two_digit_year",
               "serial_text": "dob_serial_text", "dash": "dob_dashes"}.get(style)
        if cls:
            e.cls(cls)
        if style == "dash_yy":
            e.cls("dob_dashes")
    return plan


def dob_text3(e, rng):
    st = e.dob_style
    d = e.dob
    if st == "text":
        return d.strftime("%d/%m/%Y")
    if st == "date_cell":
        return d
    if st in ("dot_yy", "dash_yy") and not 1930 <= d.year <= 2024:
        st = "text"  # a substance change moved the year out of the two-digit rule's range
    if st == "dot_yy":
        return f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}"
    if st == "dash_yy":
        return f"{d.day:02d}-{d.month:02d}-{d.year % 100:02d}"
    if st == "dash":
        return f"{d.day:02d}-{d.month:02d}-{d.year}"
    if st == "serial_text":
        return str((d - __import__("datetime").date(1899, 12, 30)).days)
    if st in ("year", "year_only"):
        return str(d.year) if rng.random() < 0.5 else d.year
    raise ValueError(st)


# ---------------------------------------------------------------- IDs

def id_hook3(weights):
    """How the ID cell is written. 'letter_o': the zeros (or one of them) typed as the letter O;
    'eleven': the CCCD that lost its leading zero, kept as 11-digit text; 'both': the old CMND and
    the CCCD in one cell ('CMND: 17…; CCCD: 038…'); 'label': 'CCCD số …'. All format."""
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
        p = e.resident
        if style == "letter_o" and "0" not in e.id:
            style = "plain"
        if style == "eleven" and not (len(e.id) == 12 and e.id.startswith("0")):
            style = "plain"
        if style == "both" and not (p is not None and p.cmnd and e.id_kind == "cccd" and "id" not in e.disc):
            style = "plain"
        e.id_style = style
        cls = {"letter_o": "id_letter_o", "eleven": "id_eleven_digits_text", "both": "id_cmnd_and_cccd",
               "label": "id_with_label"}.get(style)
        if cls:
            e.cls(cls)
    return hook


def id_text3(e, rng):
    if not e.id:
        return None
    st = getattr(e, "id_style", "plain")
    if st == "letter_o":
        if rng.random() < 0.5:
            return e.id.replace("0", "O")
        i = e.id.index("0")
        return e.id[:i] + "O" + e.id[i + 1:]
    if st == "eleven":
        return e.id[1:]
    if st == "both":
        p = e.resident
        sep = rng.choice(["; ", " - ", "\n"])
        return f"CMND: {p.cmnd}{sep}CCCD: {e.id}"
    if st == "label":
        return ("CMND số " if e.id_kind == "cmnd" else rng.choice(["CCCD số ", "CCCD: "])) + e.id
    return e.id


# ---------------------------------------------------------------- the name cell

def _like(e, text):
    """Text typed with the name: the same case and encoding as the rest of the cell."""
    if "all_caps" in e.format:
        text = text.upper()
    if "no_diacritics" in e.format:
        text = vn.strip_diacritics(text)
    elif "mixed_encoding_tcvn3" in e.format:
        text = vn.encode_tcvn3(text)
    elif "mixed_encoding_vni" in e.format:
        text = vn.encode_vni(text)
    return text


NOTES_ALIVE = ["(đã chuyển đi)", "(đi làm ăn xa)", "(mới bổ sung)", "(tạm vắng)", "(hộ tách)"]


def note_hook(rate_dead, rate_alive):
    """A clerk's note in the name cell: '(đã chết)', '(chết 2024)' on a dead person, '(đã chuyển
    đi)', '(mới bổ sung)' on others. The name is all there: format."""
    def hook(e, rng):
        p = e.resident
        if p is not None and p.dead and rng.random() < rate_dead:
            note = rng.choice(["(đã chết)", "(đã mất)", f"(chết {p.death_date.year})",
                               f"- chết T{p.death_date.month}/{p.death_date.year}"])
        elif rng.random() < rate_alive:
            note = rng.choice(NOTES_ALIVE)
        else:
            return
        e.name_cell = f"{e.name_cell.rstrip()} {_like(e, note)}"
        e.cls("note_in_name_cell")
    return hook


ALIASES = ["Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Út", "Tý", "Bé", "Cu"]


def dash_alias_hook(rate):
    """'Nguyễn Văn Ba - Tư', 'Lê Thị Hoa - Út': the name people call someone by after a dash."""
    def hook(e, rng):
        if rng.random() >= rate:
            return
        a = rng.choice(ALIASES)
        sep = rng.choice([" - ", " - ", " – ", "-"])
        e.name_cell = f"{e.name_cell.rstrip()}{sep}{_like(e, a)}"
        e.cls("alias_after_dash")
    return hook


def hooks(*fns):
    def extra_for(rng):
        def run(e):
            for f in fns:
                f(e, rng)
        return run
    return extra_for


def split_given_first(cell):
    """('Tên', 'Họ và đệm') of a name cell: the last word, then the rest."""
    s = cell.rstrip()
    head, _, given = s.rpartition(" ")
    return given, head or None


SEX = E.SEX_VI
