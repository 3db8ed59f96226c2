"""Vietnamese text conventions for the independent evaluation generator.

Written from /work/shared/reference/DOMAIN.md and the tables beside it only: no doikhop code, no
doikhop rules. Folding, tone placement, legacy encoders (TCVN3, VNI-Windows) and the name
corruptions the lists carry.
"""

import csv
import os
import unicodedata

REF = os.environ.get("EVAL_REFERENCE", "/work/shared/reference")

TONES = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]  # huyền sắc ngã hỏi nặng


def read_tsv(name):
    path = os.path.join(REF, name)
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def nfc(s):
    return unicodedata.normalize("NFC", s)


def strip_diacritics(s):
    d = unicodedata.normalize("NFD", s)
    d = "".join(c for c in d if unicodedata.category(c) != "Mn")
    return d.replace("đ", "d").replace("Đ", "D")


def fold(s):
    """Accent-, case- and space-insensitive key."""
    return " ".join(strip_diacritics(s).lower().split())


def to_old_tone_style(s):
    """hoà -> hòa, thuỷ -> thủy (DOMAIN §2.2): the canonical spelling for comparison."""
    return _move_tones(s, to_new=False)


def to_new_tone_style(s):
    return _move_tones(s, to_new=True)


def _move_tones(s, to_new):
    out = []
    for word in s.split(" "):
        out.append(_move_word(word, to_new))
    return " ".join(out)


def _move_word(word, to_new):
    d = unicodedata.normalize("NFD", word)
    base = "".join(c for c in d if c not in TONES)
    tone = [c for c in d if c in TONES]
    if len(tone) != 1:
        return word
    low = strip_diacritics(base).lower()
    nb = unicodedata.normalize("NFC", base)
    # only open syllables whose rime is oa / oe / uy (not qu + y)
    rime = None
    for r in ("oa", "oe", "uy"):
        if low.endswith(r) and not (r == "uy" and low.endswith("quy")):
            rime = r
    if rime is None:
        return word
    # the base must be plain o/u + a/e/y at the end (no other marks on them)
    if strip_diacritics(nb[-2:]).lower() != nb[-2:].lower():
        return word
    pos = len(nb) - 1 if to_new else len(nb) - 2
    chars = list(nb)
    chars[pos] = unicodedata.normalize("NFC", chars[pos] + tone[0])
    return "".join(chars)


def canon(s):
    """Compare key that keeps diacritics: NFC, lower case, one tone style, single spaces."""
    return " ".join(to_old_tone_style(nfc(s)).lower().split())


# ---------------------------------------------------------------- legacy encoders

def _tcvn3_table():
    enc = {}
    for r in read_tsv("tcvn3_to_unicode.tsv"):
        if r["case_shared"] == "VN1-only":
            continue
        ch = r["xlsx_char"]
        if r["byte"] == "0xAD":
            ch = "\u00ad"
        lower = r["unicode"]
        upper = r["unicode_upper"]
        if r["case_shared"] == "no" and lower != lower.lower():
            enc[lower] = ch  # the 7 real capitals
        else:
            enc.setdefault(lower, ch)
            enc.setdefault(upper, ch)  # capitals drawn with the lower-case slot
    return enc


def _vni_table():
    enc = {}
    for r in read_tsv("vni_win_to_unicode.tsv"):
        enc.setdefault(r["unicode"], r["xlsx_seq"])
    return enc


TCVN3 = _tcvn3_table()
VNI = _vni_table()


def encode_tcvn3(s):
    return "".join(TCVN3.get(c, c) for c in nfc(s))


def encode_vni(s):
    return "".join(VNI.get(c, c) for c in nfc(s))


# ---------------------------------------------------------------- substance corruptions

def change_tone(word, rng):
    """Another tone mark on the same syllable (substance: Lan -> Lán, Bội -> Bối)."""
    d = list(unicodedata.normalize("NFD", word))
    at = [i for i, c in enumerate(d) if c in TONES]
    if at:
        i = at[0]
        old = d.pop(i)
        new = rng.choice([t for t in TONES if t != old] + [""])
        # the tone goes after every other mark of its letter (â + ́ = ấ, not ó + ̂)
        while i < len(d) and unicodedata.category(d[i]) == "Mn":
            i += 1
        if new:
            d.insert(i, new)
    else:
        vowels = [i for i, c in enumerate(d) if c.lower() in "aeiouy"]
        if not vowels:
            return None
        i = vowels[-1] + 1
        while i < len(d) and unicodedata.category(d[i]) == "Mn":
            i += 1
        d.insert(i, rng.choice(TONES))
    out = unicodedata.normalize("NFC", "".join(d))
    if any(unicodedata.category(c) == "Mn" for c in out):
        return None  # did not compose into one letter
    return out if out != word else None


TYPO_SWAPS = {
    "n": "m", "m": "n", "h": "n", "g": "q", "u": "ư", "a": "â", "o": "ô", "e": "ê",
    "i": "y", "t": "l", "l": "t", "c": "g", "d": "đ", "y": "i", "s": "x", "x": "s",
}


def typo(word, rng):
    """One letter changed in a name word (substance, also after folding)."""
    idx = list(range(len(word)))
    rng.shuffle(idx)
    for i in idx:
        c = word[i]
        low = strip_diacritics(c).lower()
        if low in TYPO_SWAPS and low not in ("u", "a", "o", "e", "d", "i", "y"):
            rep = TYPO_SWAPS[low]
            if c.isupper():
                rep = rep.upper()
            out = word[:i] + rep + word[i + 1 :]
            if fold(out) != fold(word):
                return out
    return None


def title_case(s):
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.split())
