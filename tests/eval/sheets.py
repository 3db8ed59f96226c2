"""A sheet as rows of cells plus merges, written to .xlsx (openpyxl) or .csv, deterministically."""

import csv
import datetime
import io
import re
import zipfile

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FIXED_TIME = datetime.datetime(2025, 11, 20, 8, 0, 0)


class Sheet:
    def __init__(self, name):
        self.name = name
        self.rows = []  # list of lists of cell values
        self.merges = []  # (row1, col1, row2, col2), 1-based
        self.bold = set()
        self.wrap = set()
        self.widths = {}
        self.skips = []  # (row, class, text)
        self.entries = []  # (row, Entry)
        self.hidden_cols = set()  # 1-based columns hidden in the workbook (second set)

    @property
    def next_row(self):
        return len(self.rows) + 1

    def add(self, cells, skip=None, entry=None, bold=False):
        r = self.next_row
        self.rows.append(list(cells))
        if skip:
            text = " ".join(str(c) for c in cells if c not in (None, ""))
            self.skips.append((r, skip, text))
        if entry is not None:
            self.entries.append((r, entry))
        if bold:
            self.bold.add(r)
        return r

    def blank(self):
        return self.add([])

    def merge(self, r1, c1, r2, c2):
        if (r1, c1) != (r2, c2):
            self.merges.append((r1, c1, r2, c2))


class ListFile:
    def __init__(self, name, kind, copies, source):
        self.name = name
        self.kind = kind
        self.copies = copies  # which template it reproduces
        self.source = source  # where the layout comes from
        self.sheets = []
        self.layout_classes = []

    def sheet(self, name):
        s = Sheet(name)
        self.sheets.append(s)
        return s


def write_xlsx(lf, path):
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
        for c in sorted(sh.hidden_cols):
            ws.column_dimensions[get_column_letter(c)].hidden = True
    wb.properties.creator = "eval-templates generator"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    _rezip(buf.getvalue(), path)


def _rezip(data, path):
    """Same content, fixed timestamps and order: the same seed gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time: use the fixed one
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2025-11-20T08:00:00Z", body)
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 11, 20, 8, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(zi, body)


def write_csv(lf, path, delimiter=";"):
    sh = lf.sheets[0]
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        for row in sh.rows:
            out = []
            for v in row:
                if v is None:
                    out.append("")
                elif isinstance(v, datetime.date):
                    out.append(v.strftime("%d/%m/%Y"))
                else:
                    out.append(str(v))
            w.writerow(out)


# ---------------------------------------------------------------- second set: other CSV encodings

def encode_cp1258(text):
    """Windows-1258 as Vietnamese software of the 2000s wrote it: the code page's precomposed
    letters where it has them (à, á, ê, ơ, ư, ă, đ …), otherwise base letter + combining tone."""
    import unicodedata
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
        tone = "".join(c for c in d if c in tones)
        out += base.encode("cp1258", errors="replace") + tone.encode("cp1258")
    return bytes(out)


def csv_text(sh, delimiter):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for row in sh.rows:
        out = []
        for v in row:
            if v is None:
                out.append("")
            elif isinstance(v, datetime.date):
                out.append(v.strftime("%d/%m/%Y"))
            else:
                out.append(str(v))
        w.writerow(out)
    return buf.getvalue()


def write_csv_as(lf, path, delimiter, encoding):
    """encoding: 'cp1258' (no BOM, as old desktop software exported) or 'utf-16' (Excel's
    'Unicode Text': UTF-16LE with a BOM, tab-separated)."""
    text = csv_text(lf.sheets[0], delimiter)
    if encoding == "cp1258":
        data = encode_cp1258(text)
    elif encoding == "utf-16":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        data = text.encode(encoding)
    with open(path, "wb") as f:
        f.write(data)
