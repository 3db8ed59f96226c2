"""The ten lists. Each function returns a ListFile whose sheets carry the rows and their truth."""

import datetime

import vn
from layouts import (address, draw, entry, finish, header, national_header, numbering_row,
                     old_is_collision, sex_text, short, signature, stranger, title, upper_unit)
from sheets import ListFile


def _twin_rows(ctx, unit, role):
    return ctx.pop.twins.get((unit.name, role), [])


def _base_people(ctx, kind, unit, role, pool, n, dead_share):
    """Twins' bases first (namesakes), then others from the pool."""
    used = ctx.used_set(kind)
    out = []
    for base, twin, where in _twin_rows(ctx, unit, role):
        if base.rid not in used and not base.dead:
            used.add(base.rid)
            out.append((base, where))
    rest = draw(ctx, kind, pool, n - len(out), dead_share)
    out += [(p, None) for p in rest]
    ctx.rng.shuffle(out)
    return out


def _mix(ctx, kind, unit, people, not_found_share, dup_share, stranger_fn):
    """Interleave residents, strangers and duplicates: a list of (kind_of_row, person)."""
    rng = ctx.rng
    rows = [("resident", p, w) for p, w in people]
    n = len(rows)
    for _ in range(int(n * not_found_share)):
        rows.insert(rng.randrange(len(rows) + 1), ("stranger", stranger_fn(), None))
    for _ in range(int(n * dup_share)):
        rows.insert(rng.randrange(len(rows) // 2, len(rows) + 1), ("dup", None, None))
    return rows


def _dup_person(ctx, kind, unit):
    """A resident already given a row in this list (same commune: the same file)."""
    linked = [e for e in ctx.rows_of.get(kind, []) if e.resident.unit is unit]
    if not linked:
        return None
    return ctx.rng.choice(linked).resident


def _row_entry(ctx, kind, unit, what, p, where, fields, blank_same=False, **kw):
    """The Entry for one list row of a resident / stranger / duplicate."""
    if blank_same and where == "same" and ctx.rng.random() < 0.45:
        fields = set(fields) - {"hamlet", "id"}
    if what == "dup":
        p = p or _dup_person(ctx, kind, unit)
        if p is None:
            return None
        e = entry(ctx, kind, p, p, fields, unit, sub_rate=0.0, **kw)
        e.cls("duplicate_row")
    elif what == "stranger":
        for _ in range(20):
            try:
                e = entry(ctx, kind, p, None, fields, unit, **kw)
                break
            except RuntimeError:
                p = stranger(ctx, unit, year=p.dob.year)
        else:
            return None
        e.cls("not_in_registry")
    else:
        e = entry(ctx, kind, p, p, fields, unit, **kw)
        if where == "same":
            e.cls("namesake_same_commune")
            if "hamlet" not in e.given:
                e.cls("no_address")
        elif where == "other":
            e.cls("namesake_other_commune")
        if p.dead:
            e.cls("deceased_person")
        if p.surname in ("Văn", "Đình", "Ngọc"):
            e.cls("rare_surname")
        if p.id_prov != "0" + p.old[3] and e.id and e.id == p.rid:
            e.cls("id_from_other_province")
    finish(ctx, kind, e)
    return e


# ---------------------------------------------------------------- 1. ho-ngheo, TT 07/2021

def ho_ngheo_tt07(ctx, unit, fname):
    kind = "ho-ngheo"
    rng = ctx.rng
    lf = ListFile(fname, kind,
                  "Danh sách hộ nghèo, hộ cận nghèo của xã (phụ lục Thông tư 07/2021/TT-BLĐTBXH, "
                  "hợp nhất 1315/VBHN-BLĐTBXH): quốc hiệu, UBND xã, tiêu đề có tên xã và năm, "
                  "hai tầng tiêu đề (Năm sinh: Nam | Nữ), hàng đánh số (1)…(11), mục I/II, Cộng, "
                  "Tổng cộng, chữ ký; trang 'Tổng hợp' số hộ theo thôn",
                  "DOMAIN.md §6 (cột thường gặp); bố cục phụ lục theo mẫu danh sách của thông tư")
    lf.layout_classes = ["layout:two_level_header", "layout:numbering_row", "layout:section_rows",
                         "commune_title_only", "hamlet_only", "sex_by_year_column", "summary_sheet_beside"]
    sh = lf.sheet("DS ho ngheo")
    nc = 11
    national_header(sh, nc, f"UBND {upper_unit(unit)}")
    title(sh, nc, f"DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO {upper_unit(unit)} NĂM 2025")
    title(sh, nc, f"(Kèm theo Quyết định số 245/QĐ-UBND ngày 15/12/2025 của UBND {_lower_type(unit)})", "title")
    sh.blank()
    header(sh, ["STT", "Họ và tên chủ hộ", "Năm sinh", None, "Số CCCD/CMND/ĐDCN", "Dân tộc",
                "Địa chỉ\n(thôn, ấp)", "Số nhân khẩu", "Tổng số chỉ số thiếu hụt", "Nguyên nhân nghèo", "Ghi chú"],
           group=[(3, 4, "Năm sinh", ["Nam", "Nữ"])])
    numbering_row(sh, nc)
    pool = ctx.pool(unit, lambda p: p.relation == "Chủ hộ" and 1930 < p.dob.year < 2000)
    people = _base_people(ctx, kind, unit, "head", pool, 300, 0.03)
    rows = _mix(ctx, kind, unit, people, 0.04, 0.02, lambda: stranger(ctx, unit))
    fields = {"name", "dob", "sex", "id", "commune", "hamlet"}
    sections = [("I", "HỘ NGHÈO", rows[: len(rows) * 3 // 5]), ("II", "HỘ CẬN NGHÈO", rows[len(rows) * 3 // 5:])]
    stt = 0
    hh_size = _household_sizes(ctx)
    for roman, label, part in sections:
        r = sh.add([roman, label], skip="section_row", bold=True)
        sh.merge(r, 2, r, nc)
        count = 0
        for what, p, where in part:
            no_hamlet = where == "same" and rng.random() < 0.5
            f = set(fields) - ({"hamlet"} if no_hamlet else set())
            if no_hamlet:
                f.discard("id")
            e = _row_entry(ctx, kind, unit, what, p, where, f, dob_column="year", id_share=0.7)
            if e is None:
                continue
            for c in lf.layout_classes[:6]:
                e.cls(c)
            stt += 1
            count += 1
            year = e.dob.year
            size = hh_size.get(e.person.household, 1) if e.person.household else rng.randint(1, 5)
            if rng.random() < 0.1:
                size += rng.choice([-1, 1, 2]) if size > 1 else 1
                e.cls("household_size_differs")
            from entries import id_cell
            cells = [stt, e.name_cell, year if e.sex == "M" else None, year if e.sex == "F" else None,
                     id_cell(e, rng) if "id" in e.given else None, "Kinh",
                     None if no_hamlet else e.person.hamlet, size, rng.randint(3, 7) if roman == "I" else rng.randint(1, 2),
                     rng.choice(["Thiếu vốn", "Thiếu đất sản xuất", "Ốm đau, bệnh tật", "Không có lao động"]), None]
            sh.add(cells, entry=e)
        r = sh.add([None, f"Cộng {roman}", None, None, None, None, None, count], skip="subtotal", bold=True)
    sh.add([None, "Tổng cộng (I + II)", None, None, None, None, None, stt], skip="total", bold=True)
    signature(sh, nc, unit, ["NGƯỜI LẬP BIỂU", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"])
    _summary_sheet(lf, unit, "Tổng hợp", rng)
    return lf


def _household_sizes(ctx):
    if not hasattr(ctx, "_hh"):
        sizes = {}
        for p in ctx.pop.people:
            sizes[p.household] = sizes.get(p.household, 0) + 1
        ctx._hh = sizes
    return ctx._hh


def _summary_sheet(lf, unit, name, rng):
    sh = lf.sheet(name)
    title(sh, 7, "BIỂU TỔNG HỢP KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025", "summary_sheet")
    title(sh, 7, f"{unit.name}, {unit.province}", "summary_sheet")
    sh.add(["STT", "Thôn, ấp, tổ dân phố", "Tổng số hộ", "Số hộ nghèo", "Tỷ lệ (%)", "Số hộ cận nghèo", "Tỷ lệ (%)"],
           skip="summary_sheet")
    tot = [0, 0, 0]
    hamlets = sorted({h for hs in unit.hamlets.values() for h in hs})
    for i, h in enumerate(hamlets, 1):
        n = rng.randint(120, 600)
        a = rng.randint(3, 40)
        b = rng.randint(3, 40)
        tot = [tot[0] + n, tot[1] + a, tot[2] + b]
        sh.add([i, h, n, a, round(100 * a / n, 2), b, round(100 * b / n, 2)], skip="summary_sheet")
    sh.add([None, "Tổng cộng", tot[0], tot[1], round(100 * tot[1] / tot[0], 2), tot[2],
            round(100 * tot[2] / tot[0], 2)], skip="summary_sheet")


# ---------------------------------------------------------------- 2. ho-ngheo, household members

def ho_ngheo_members(ctx, unit, fname):
    kind = "ho-ngheo"
    rng = ctx.rng
    lf = ListFile(fname, kind,
                  "Danh sách thành viên hộ nghèo theo hộ (bản xuất từ phần mềm quản lý hộ nghèo, "
                  "in theo trang): khối hộ (chủ hộ + thành viên, 'Quan hệ với chủ hộ'), số nhân khẩu "
                  "gộp ô theo hộ, tiêu đề lặp lại mỗi trang, địa chỉ theo đơn vị cũ (xã, huyện trước 2025)",
                  "DOMAIN.md §6 (danh sách giữ chủ hộ và thành viên); dạng xuất theo trang của phần mềm")
    lf.layout_classes = ["household_block", "layout:repeated_header", "old_unit_name"]
    sh = lf.sheet("Sheet1")
    nc = 10
    title(sh, nc, f"UBND {upper_unit(unit)}")
    title(sh, nc, "DANH SÁCH THÀNH VIÊN HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025")
    sh.blank()
    head = ["STT hộ", "Họ và tên thành viên", "Quan hệ với chủ hộ", "Ngày sinh", "Giới tính",
            "Số định danh cá nhân", "Địa chỉ thường trú", "Số nhân khẩu", "Phân loại", "Ghi chú"]
    header(sh, head)
    pool_heads = ctx.pool(unit, lambda p: p.relation == "Chủ hộ" and not p.dead)
    members_of = {}
    for p in ctx.pop.people:
        if p.unit is unit:
            members_of.setdefault(p.household, []).append(p)
    rng.shuffle(pool_heads)
    used = ctx.used_set(kind)
    fields = {"name", "dob", "sex", "id", "commune", "hamlet"}
    n_rows = 0
    stt = 0
    page = 0
    for h in pool_heads:
        if n_rows >= 420:
            break
        block = [m for m in members_of.get(h.household, []) if m.rid not in used]
        if not block or h.rid in used:
            continue
        stt += 1
        r0 = sh.next_row
        size = len(members_of[h.household])
        for i, m in enumerate(sorted(block, key=lambda m: 0 if m.relation == "Chủ hộ" else 1)):
            used.add(m.rid)
            collision = old_is_collision(m, ctx.pop.units)
            e = _row_entry(ctx, kind, unit, "resident", m, None, fields, id_share=0.6)
            for c in lf.layout_classes:
                e.cls(c)
            if collision:
                e.cls("old_name_collision")
            from entries import id_cell
            addr = address(unit, m, "old", ctx) if rng.random() < 0.8 else address(unit, m, "old_bare", ctx)
            sh.add([stt if i == 0 else None, e.name_cell, m.relation, _dob(ctx, e), sex_text(e),
                    id_cell(e, rng) if "id" in e.given else None, addr, size if i == 0 else None,
                    "Hộ nghèo" if stt % 3 else "Hộ cận nghèo", None], entry=e)
            n_rows += 1
            if n_rows % 40 == 0:
                page += 1
                sh.add([None] * 8 + [f"Trang {page}"], skip="page_footer")
                sh.add(head, skip="repeated_header")
        if sh.next_row - 1 > r0:
            sh.merge(r0, 8, sh.next_row - 1, 8)
    signature(sh, nc, unit, ["NGƯỜI LẬP", "CHỦ TỊCH UBND"])
    return lf


def _addr(e, text):
    """The address cell: empty when the clerk left it out."""
    return text if "hamlet" in e.given else None


def _lower_type(u):
    """'Xã Tân Thới' -> 'xã Tân Thới' (in running text)."""
    head, _, rest = u.name.partition(" ")
    return f"{head.lower()} {rest}"


def _dob(ctx, e):
    from entries import dob_cell
    return dob_cell(e, ctx.rng)


# ---------------------------------------------------------------- 3. bao-tro-xa-hoi, NĐ 20/2021 decision annex

def btxh_decision(ctx, unit, fname):
    kind = "bao-tro-xa-hoi"
    rng = ctx.rng
    lf = ListFile(fname, kind,
                  "Danh sách đối tượng được hưởng trợ cấp xã hội hằng tháng kèm quyết định của Chủ tịch "
                  "UBND (Nghị định 20/2021/NĐ-CP): tiêu đề có tên xã, cột có diễn giải ('Họ và tên người "
                  "được trợ cấp', 'Ngày, tháng, năm sinh (dd/mm/yyyy)', 'Số CCCD/CMND/ĐDCN'), diện theo "
                  "khoản Điều 5, hệ số, mức trợ cấp; danh xưng 'Cụ ông/Cụ bà' trong ô tên người cao tuổi",
                  "DOMAIN.md §6 (cột thường gặp của danh sách bảo trợ xã hội)")
    lf.layout_classes = ["layout:qualified_header", "bare_commune_name"]
    sh = lf.sheet("Danh sach")
    nc = 11
    national_header(sh, nc, f"UBND {upper_unit(unit)}")
    title(sh, nc, "DANH SÁCH ĐỐI TƯỢNG ĐƯỢC HƯỞNG TRỢ CẤP XÃ HỘI HẰNG THÁNG")
    title(sh, nc, f"(Kèm theo Quyết định số 112/QĐ-UBND ngày 03/10/2025 của Chủ tịch UBND {_lower_type(unit)})")
    sh.blank()
    head = ["Số TT", "Họ và tên người được trợ cấp", "Ngày, tháng, năm sinh\n(dd/mm/yyyy)", "Giới tính",
            "Số CCCD/CMND/ĐDCN", "Nơi cư trú", "Đối tượng\n(khoản, Điều 5 NĐ 20/2021)", "Hệ số",
            "Mức trợ cấp\n(đồng/tháng)", "Thời điểm hưởng", "Ghi chú"]
    header(sh, head)
    numbering_row(sh, nc, "plain")
    lf.layout_classes.append("layout:numbering_row")
    pool = ctx.pool(unit, lambda p: p.dob.year < 1950 or (p.dob.year > 2008) or ctx.rng.random() < 0.03)
    people = _base_people(ctx, kind, unit, "elder", pool, 320, 0.03)
    rows = _mix(ctx, kind, unit, people, 0.04, 0.02, lambda: stranger(ctx, unit, year=rng.randint(1930, 1950)))
    fields = {"name", "dob", "sex", "id", "commune", "hamlet"}
    stt = 0
    for what, p, where in rows:
        e = _row_entry(ctx, kind, unit, what, p, where, fields, id_share=0.8, blank_same=True,
                       extra=lambda e: _honorific(e, rng, 0.2))
        if e is None:
            continue
        for c in lf.layout_classes:
            e.cls(c)
        stt += 1
        from entries import id_cell
        collision = old_is_collision(e.person, ctx.pop.units)
        style = rng.choice(["commune", "commune", "old_bare", "hamlet"])
        if style == "old_bare" and collision:
            e.cls("old_name_collision")
        if style == "hamlet":
            e.cls("hamlet_only")
        coef, amount = (1.5, 750000) if e.dob.year < 1946 else (2.5, 1250000) if e.dob.year > 2008 else (1.0, 500000)
        sh.add([stt, e.name_cell, _dob(ctx, e), sex_text(e), id_cell(e, rng) if "id" in e.given else None,
                _addr(e, address(unit, e.person, style, ctx)), rng.choice(["Khoản 5", "Khoản 6", "Khoản 1", "Khoản 3"]),
                coef, amount, "10/2025", None], entry=e)
    signature(sh, nc, unit, ["NGƯỜI LẬP DANH SÁCH", "CHỦ TỊCH"])
    return lf


def _honorific(e, rng, rate):
    """'Cụ ông' / 'Cụ bà' / 'Ông' / 'Bà' before the name: the person's sex as the clerk saw it."""
    if rng.random() >= rate or e.dob.year > 2006:
        return  # honorifics are for adults
    old = e.dob.year < 1950
    word = ("Cụ ông" if old else "Ông") if e.sex == "M" else ("Cụ bà" if old else "Bà")
    if rng.random() < 0.15 and "sex" in e.given and "gender" not in e.disc:
        # the honorific contradicts the registry's sex (and the sex column follows it)
        word = ("Cụ bà" if old else "Bà") if e.sex == "M" else ("Cụ ông" if old else "Ông")
        e.sex = "F" if e.sex == "M" else "M"
        e.disc.add("gender")
        e.cls("honorific_sex_clash")
    e.honorific = word
    if "mixed_encoding_tcvn3" in e.format:
        word = vn.encode_tcvn3(word)  # the whole cell was copied from the old file
    elif "mixed_encoding_vni" in e.format:
        word = vn.encode_vni(word)
    if "all_caps" in e.format:
        word = word.upper()
    e.name_cell = f"{word} {e.name_cell}"
    e.cls("honorific_in_name")


# ---------------------------------------------------------------- 4. bao-tro-xa-hoi, payment list

def btxh_payment(ctx, unit, fname):
    kind = "bao-tro-xa-hoi"
    rng = ctx.rng
    lf = ListFile(fname, kind,
                  "Danh sách chi trả trợ cấp xã hội hằng tháng (ký nhận): mục theo thôn/ấp làm ngữ cảnh, "
                  "'Cộng', 'Tổng cộng', '(Số tiền bằng chữ: …)', chữ ký người lập biểu, kế toán, chủ tịch; "
                  "tên xã chỉ ở tên trang tính và dòng đơn vị; người đã chết vẫn còn trong danh sách (cắt chết)",
                  "DOMAIN.md §6 (bảo trợ xã hội: cột, trạng thái 'cắt chết' của phần mềm chi trả)")
    lf.layout_classes = ["layout:section_rows", "hamlet_from_section", "commune_in_sheet_name", "layout:amount_in_words"]
    sh = lf.sheet(unit.name)
    nc = 8
    title(sh, nc, f"UBND {upper_unit(unit)}")
    title(sh, nc, "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI THÁNG 11 NĂM 2025")
    sh.blank()
    header(sh, ["STT", "Họ và tên người hưởng", "Năm sinh", "Số CCCD", "Diện hưởng", "Số tiền (đồng)", "Ký nhận", "Ghi chú"])
    pool = ctx.pool(unit, lambda p: p.dob.year < 1951)
    people = _base_people(ctx, kind, unit, "elder", pool, 290, 0.08)
    rows = _mix(ctx, kind, unit, people, 0.03, 0.03, lambda: stranger(ctx, unit, year=rng.randint(1930, 1950)))
    by_hamlet = {}
    for row in rows:
        if row[0] == "dup":
            by_hamlet.setdefault(None, []).append(row)
        else:
            by_hamlet.setdefault(row[1].hamlet, []).append(row)
    dups = by_hamlet.pop(None, [])
    fields = {"name", "dob", "id", "commune", "hamlet"}
    stt = 0
    total = 0
    for hamlet in sorted(by_hamlet, key=lambda h: (len(h), h)):
        part = by_hamlet[hamlet]
        if dups:
            part.append(dups.pop())
        r = sh.add([hamlet], skip="section_row", bold=True)
        sh.merge(r, 1, r, nc)
        sub = 0
        for what, p, where in part:
            if what == "dup":
                same = [x.resident for x in ctx.rows_of.get(kind, []) if x.resident.hamlet == hamlet
                        and x.resident.unit is unit]
                if not same:
                    continue
                p = rng.choice(same)
            e = _row_entry(ctx, kind, unit, what, p, where, fields, dob_column="year", id_share=0.5)
            if e is None:
                continue
            for c in lf.layout_classes:
                e.cls(c)
            stt += 1
            amt = 750000 if e.dob.year < 1946 else 500000
            sub += amt
            from entries import id_cell
            sh.add([stt, e.name_cell, _dob(ctx, e), id_cell(e, rng) if "id" in e.given else None,
                    "Người cao tuổi", amt, None, None], entry=e)
        sh.add([None, f"Cộng {hamlet.lower()}", None, None, None, sub], skip="subtotal", bold=True)
        total += sub
    sh.add([None, "Tổng cộng", None, None, None, total], skip="total", bold=True)
    sh.add([None, f"(Số tiền bằng chữ: {_words(total)})"], skip="amount_in_words")
    signature(sh, nc, unit, ["NGƯỜI LẬP BIỂU", "KẾ TOÁN", "CHỦ TỊCH"])
    return lf


def _words(n):
    units = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
    m = n // 1_000_000
    k = (n % 1_000_000) // 1000
    parts = []
    if m:
        parts.append(f"{_three(m, units)} triệu")
    if k:
        parts.append(f"{_three(k, units)} nghìn")
    return (" ".join(parts) + " đồng chẵn").capitalize()


def _three(n, units):
    h, t, u = n // 100, (n // 10) % 10, n % 10
    out = []
    if h:
        out.append(f"{units[h]} trăm")
    if t > 1:
        out.append(f"{units[t]} mươi")
    elif t == 1:
        out.append("mười")
    elif h and u:
        out.append("lẻ")
    if u:
        out.append(units[u])
    return " ".join(out)


# ---------------------------------------------------------------- 5. nguoi-co-cong list

def ncc_list(ctx, unit, fname):
    kind = "nguoi-co-cong"
    rng = ctx.rng
    lf = ListFile(fname, kind,
                  "Danh sách người có công với cách mạng đang hưởng trợ cấp ưu đãi hằng tháng "
                  "(Pháp lệnh 02/2020/UBTVQH14, Nghị định 131/2021/NĐ-CP): cột danh xưng Ông/Bà riêng, "
                  "quê quán (một xã khác) bên cạnh nơi thường trú, diện đối tượng, số hồ sơ, mức trợ cấp",
                  "DOMAIN.md §6 (cột của danh sách người có công)")
    lf.layout_classes = ["honorific_column", "hometown_beside_address", "layout:qualified_header"]
    sh = lf.sheet("NCC")
    nc = 11
    national_header(sh, nc, f"UBND {upper_unit(unit)}")
    title(sh, nc, f"DANH SÁCH NGƯỜI CÓ CÔNG VỚI CÁCH MẠNG ĐANG HƯỞNG TRỢ CẤP HẰNG THÁNG - {upper_unit(unit)}")
    sh.blank()
    header(sh, ["STT", "Danh xưng", "Họ và tên người có công", "Năm sinh", "Số CCCD/CMND", "Quê quán",
                "Nơi thường trú", "Diện đối tượng", "Tỷ lệ tổn thương cơ thể (%)", "Số hồ sơ", "Mức trợ cấp (đồng)"])
    pool = ctx.pool(unit, lambda p: p.dob.year < 1960)
    people = _base_people(ctx, kind, unit, "elder", pool, 290, 0.04)
    rows = _mix(ctx, kind, unit, people, 0.04, 0.02, lambda: stranger(ctx, unit, year=rng.randint(1930, 1958)))
    fields = {"name", "dob", "sex", "id", "commune", "hamlet"}
    other_units = [u for u in ctx.pop.units if u is not unit]
    stt = 0
    for what, p, where in rows:
        e = _row_entry(ctx, kind, unit, what, p, where, fields, dob_column="year", id_share=0.45,
                       blank_same=True, extra=lambda e: _honorific_column(e, rng))
        if e is None:
            continue
        for c in lf.layout_classes:
            e.cls(c)
        stt += 1
        from entries import id_cell
        home = rng.choice(other_units)
        diện = rng.choice(["Thương binh", "Bệnh binh", "Thân nhân liệt sĩ", "Người hoạt động kháng chiến bị nhiễm chất độc hóa học", "Người có công giúp đỡ cách mạng"])
        style = rng.choice(["commune", "full", "old"])
        if style == "old":
            e.cls("old_unit_name")
            if old_is_collision(e.person, ctx.pop.units):
                e.cls("old_name_collision")
        sh.add([stt, e.honorific, e.name_cell, _dob(ctx, e), id_cell(e, rng) if "id" in e.given else None,
                f"{home.name}, {home.province}", _addr(e, address(unit, e.person, style, ctx)), diện,
                rng.choice([21, 41, 61, 81]) if diện.startswith(("Thương", "Bệnh")) else None,
                f"HS-{rng.randint(1000, 9999)}", rng.choice([2055000, 2789000, 3645000])], entry=e)
    signature(sh, nc, unit, ["NGƯỜI LẬP BIỂU", "TM. UBND\nCHỦ TỊCH"])
    return lf


def _honorific_column(e, rng):
    word = "Ông" if e.sex == "M" else "Bà"
    if rng.random() < 0.03 and "gender" not in e.disc:
        word = "Bà" if e.sex == "M" else "Ông"
        e.sex = "F" if e.sex == "M" else "M"
        e.disc.add("gender")
        e.cls("honorific_sex_clash")
    e.honorific = word


# ---------------------------------------------------------------- 6. nguoi-co-cong, relatives of martyrs (CSV export)

def ncc_relatives_csv(ctx, unit, fname):
    kind = "nguoi-co-cong"
    rng = ctx.rng
    lf = ListFile(fname, kind,
                  "Danh sách thân nhân liệt sĩ hưởng trợ cấp (bản CSV xuất từ phần mềm, dấu ';'): "
                  "tên thân nhân và tên liệt sĩ trong cùng một dòng ('Họ và tên thân nhân' / 'Họ và tên liệt sĩ'), "
                  "quan hệ với liệt sĩ; địa chỉ thường chỉ có thôn/xóm (tên xã chỉ ở tên tệp)",
                  "DOMAIN.md §6 (người có công: thân nhân liệt sĩ)")
    lf.layout_classes = ["other_person_name_column", "csv_export"]
    sh = lf.sheet("")
    sh.add(["STT", "Họ và tên liệt sĩ", "Năm hy sinh", "Họ và tên thân nhân", "Năm sinh thân nhân", "Giới tính",
            "Quan hệ với liệt sĩ", "Số CCCD thân nhân", "Địa chỉ thân nhân", "Mức trợ cấp"], skip="header")
    pool = ctx.pool(unit, lambda p: p.dob.year < 1965)
    people = _base_people(ctx, kind, unit, "none", pool, 240, 0.03)
    rows = _mix(ctx, kind, unit, people, 0.04, 0.0, lambda: stranger(ctx, unit, year=rng.randint(1935, 1962)))
    fields = {"name", "dob", "sex", "id", "commune", "hamlet"}
    names = ctx.pop.names
    stt = 0
    for what, p, where in rows:
        e = _row_entry(ctx, kind, unit, what, p, where, fields, dob_column="year", id_share=0.6, legacy=False)
        if e is None:
            continue
        for c in lf.layout_classes:
            e.cls(c)
        stt += 1
        m, g = names.middle_given(rng, "M", 1945)
        martyr = " ".join([e.person.surname if rng.random() < 0.6 else names.surname(rng)] + m + [g])
        from entries import id_cell
        idv = id_cell(e, rng) if "id" in e.given else ""
        if rng.random() < 0.6:
            addr = address(unit, e.person, "hamlet", ctx)
            e.cls("commune_in_file_name")
            e.cls("hamlet_only")
        else:
            addr = address(unit, e.person, "full", ctx)
        sh.add([stt, martyr, rng.randint(1965, 1979), e.name_cell, _dob(ctx, e), sex_text(e),
                rng.choice(["Con", "Vợ", "Em", "Anh", "Con"]), idv, addr,
                2055000], entry=e)
    return lf


# ---------------------------------------------------------------- 7. dat-dai, sổ cấp GCN (TT 10/2024)

def land_gcn_book(ctx, unit, fname):
    kind = "dat-dai"
    rng = ctx.rng
    lf = ListFile(fname, kind,
                  "Sổ cấp Giấy chứng nhận quyền sử dụng đất (mẫu sổ của Thông tư 10/2024/TT-BTNMT): "
                  "'Tên người được cấp Giấy chứng nhận', năm sinh, giấy tờ nhân thân viết kèm loại "
                  "('CCCD số …', 'CMND số …'), địa chỉ, số phát hành, số vào sổ; 'Ông A và bà B' "
                  "(vợ chồng cùng đứng tên), một người nhiều thửa; hàng đánh số (1)…(11)",
                  "DOMAIN.md §6 (người sử dụng đất: trường, 'Ông … và bà …')")
    lf.layout_classes = ["layout:numbering_row", "owner_many_parcels", "id_with_label", "honorific_in_name"]
    sh = lf.sheet("So cap GCN")
    nc = 11
    title(sh, nc, f"VĂN PHÒNG ĐĂNG KÝ ĐẤT ĐAI - CHI NHÁNH KHU VỰC {short(unit).upper()}")
    title(sh, nc, f"SỔ CẤP GIẤY CHỨNG NHẬN - {upper_unit(unit)}, {unit.province.upper()}")
    sh.blank()
    header(sh, ["Số thứ tự", "Tên người được cấp Giấy chứng nhận", "Năm sinh", "Giấy tờ nhân thân",
                "Địa chỉ thường trú", "Số phát hành Giấy chứng nhận", "Số vào sổ cấp GCN", "Thửa đất số",
                "Tờ bản đồ số", "Ngày ký GCN", "Người nhận GCN\n(ký, ghi rõ họ tên)"])
    numbering_row(sh, nc)
    pool = ctx.pool(unit, lambda p: p.relation in ("Chủ hộ", "Vợ", "Chồng") and p.dob.year < 1998)
    people = _base_people(ctx, kind, unit, "head", pool, 270, 0.03)
    rows = _mix(ctx, kind, unit, people, 0.04, 0.0, lambda: stranger(ctx, unit, year=rng.randint(1940, 1995)))
    spouse_of = {}
    for p in ctx.pop.people:
        if p.unit is unit and p.relation in ("Vợ", "Chồng"):
            spouse_of[p.household] = p
    fields = {"name", "dob", "id", "commune", "hamlet"}
    stt = 0
    repeat = []
    for what, p, where in rows:
        reps = 1 + (1 if rng.random() < 0.2 else 0)
        for k in range(reps):
            e = _row_entry(ctx, kind, unit, what, p, where, fields, dob_column="year", id_share=0.7,
                           allow_cmnd=True, blank_same=k == 0)
            if e is None:
                continue
            for c in lf.layout_classes[:1]:
                e.cls(c)
            if k:
                e.cls("owner_many_parcels")
            stt += 1
            cell = e.name_cell
            sp = spouse_of.get(p.household) if what == "resident" and p.relation == "Chủ hộ" else None
            if sp is not None and rng.random() < 0.3:
                w1 = "Ông" if e.sex == "M" else "Bà"
                w2 = "bà" if sp.sex == "F" else "ông"
                sp_name = sp.name
                if rng.random() < 0.3:
                    sp_name = vn.encode_tcvn3(sp_name)
                    e.cls("couple_halves_encodings")
                cell = f"{w1} {cell} và {w2} {sp_name}"
                e.cls("couple_cell")
            elif rng.random() < 0.3:
                word = "Ông" if e.sex == "M" else "Bà"
                if "mixed_encoding_tcvn3" in e.format:
                    word = vn.encode_tcvn3(word)
                elif "mixed_encoding_vni" in e.format:
                    word = vn.encode_vni(word)
                cell = f"{word} {cell}"
                e.cls("honorific_in_name")
            e.name_cell = cell  # the truth shows the cell as written
            from entries import id_cell
            idv = id_cell(e, rng) if "id" in e.given else None
            if idv is not None:
                label = "CMND số" if e.id_kind == "cmnd" else "CCCD số"
                idv = f"{label} {idv}" if rng.random() < 0.6 else idv
            outside = rng.random() < 0.1
            style = "full" if outside else rng.choice(["commune", "hamlet", "old"])
            if style == "old":
                e.cls("old_unit_name")
                if old_is_collision(e.person, ctx.pop.units):
                    e.cls("old_name_collision")
            if style == "hamlet":
                e.cls("hamlet_only")
            serial = f"{rng.choice(['AA', 'CS', 'DL'])} {rng.randint(10**7, 10**8 - 1)}"
            signed = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(300))
            sh.add([stt, cell, _dob(ctx, e), idv, _addr(e, address(unit, e.person, style, ctx)), serial,
                    f"CS{rng.randint(10000, 99999)}", rng.randint(1, 900), rng.randint(1, 60),
                    signed, None], entry=e)
    sh.blank()
    sh.add([None, f"Sổ này có {stt} trang, đánh số từ 01 đến {stt:02d}"], skip="note")
    signature(sh, nc, unit, ["NGƯỜI LẬP SỔ", "GIÁM ĐỐC"])
    return lf


# ---------------------------------------------------------------- 8. dat-dai, sổ địa chính-like register by commune

def land_register(ctx, unit, fname):
    kind = "dat-dai"
    rng = ctx.rng
    lf = ListFile(fname, kind,
                  "Danh sách người sử dụng đất theo thửa (trích sổ địa chính, Thông tư 10/2024/TT-BTNMT): "
                  "hai tầng tiêu đề 'Người sử dụng đất' (Tên chủ hộ (cá nhân) | Năm sinh | Số giấy tờ) và "
                  "'Thửa đất' (Tờ | Thửa | Diện tích | Mục đích), hàng đánh số A, B, C…, tên xã chỉ ở tên "
                  "trang tính và tên tệp, địa chỉ chỉ có thôn/ấp",
                  "DOMAIN.md §6 (trường của người sử dụng đất và thửa đất)")
    lf.layout_classes = ["layout:two_level_header", "layout:numbering_row", "commune_in_sheet_name", "hamlet_only"]
    sh = lf.sheet(unit.name)
    nc = 10
    title(sh, nc, "DANH SÁCH NGƯỜI SỬ DỤNG ĐẤT THEO THỬA")
    sh.blank()
    header(sh, ["STT", "Người sử dụng đất", None, None, "Địa chỉ", "Thửa đất", None, None, None, "Ghi chú"],
           group=[(2, 4, "Người sử dụng đất", ["Tên chủ hộ\n(cá nhân)", "Năm sinh", "Số giấy tờ\n(CCCD/CMND)"]),
                  (6, 9, "Thửa đất", ["Tờ bản đồ số", "Thửa số", "Diện tích (m²)", "Mục đích sử dụng"])])
    numbering_row(sh, nc, "letters")
    pool = ctx.pool(unit, lambda p: p.relation in ("Chủ hộ", "Vợ", "Chồng") and p.dob.year < 1998)
    people = _base_people(ctx, kind, unit, "head", pool, 250, 0.03)
    rows = _mix(ctx, kind, unit, people, 0.04, 0.0, lambda: stranger(ctx, unit, year=rng.randint(1940, 1995)))
    fields = {"name", "dob", "id", "commune", "hamlet"}
    stt = 0
    for what, p, where in rows:
        for k in range(1 + (1 if rng.random() < 0.25 else 0)):
            e = _row_entry(ctx, kind, unit, what, p, where, fields, dob_column="year", id_share=0.5,
                           blank_same=k == 0)
            if e is None:
                continue
            for c in lf.layout_classes:
                e.cls(c)
            if k:
                e.cls("owner_many_parcels")
            stt += 1
            from entries import id_cell
            sh.add([stt, e.name_cell, _dob(ctx, e), id_cell(e, rng) if "id" in e.given else None,
                    _addr(e, e.person.hamlet), rng.randint(1, 60), rng.randint(1, 900), round(rng.uniform(80, 3000), 1),
                    rng.choice(["ONT", "CLN", "LUC", "ONT+CLN", "BHK"]), None], entry=e)
    signature(sh, nc, unit, ["NGƯỜI LẬP", "CÁN BỘ ĐỊA CHÍNH", "CHỦ TỊCH UBND"])
    return lf


# ---------------------------------------------------------------- 9. ho-tich, sổ đăng ký khai sinh (TT 04/2020)

def birth_register(ctx, unit, fname):
    kind = "ho-tich"
    rng = ctx.rng
    lf = ListFile(fname, kind,
                  "Sổ đăng ký khai sinh (mẫu sổ hộ tịch của Thông tư 04/2020/TT-BTP, sửa đổi 04/2024/TT-BTP): "
                  "'Họ, chữ đệm, tên người được đăng ký khai sinh', ngày sinh, giới tính, dân tộc, quốc tịch, "
                  "nơi sinh, quê quán, số định danh cá nhân, họ tên và năm sinh của mẹ và của cha, người đi "
                  "đăng ký; dòng khóa sổ 'Sổ này có … trường hợp đăng ký khai sinh', người giữ sổ",
                  "DOMAIN.md §6 (nội dung đăng ký khai sinh, Luật Hộ tịch Điều 14)")
    lf.layout_classes = ["layout:qualified_header", "other_person_name_column", "commune_title_only", "layout:closing_note"]
    sh = lf.sheet("So khai sinh 2024")
    nc = 17
    title(sh, nc, f"UBND {upper_unit(unit)}")
    title(sh, nc, "SỔ ĐĂNG KÝ KHAI SINH")
    title(sh, nc, "Quyển số: 01/2024")
    sh.blank()
    header(sh, ["Số", "Ngày, tháng, năm đăng ký", "Họ, chữ đệm, tên người được đăng ký khai sinh",
                "Ngày, tháng, năm sinh", "Giới tính", "Dân tộc", "Quốc tịch", "Nơi sinh", "Quê quán",
                "Số định danh cá nhân", "Họ, chữ đệm, tên người mẹ", "Năm sinh của mẹ",
                "Họ, chữ đệm, tên người cha", "Năm sinh của cha", "Họ, chữ đệm, tên người đi đăng ký khai sinh",
                "Quan hệ với người được khai sinh", "Ghi chú"])
    numbering_row(sh, nc)
    lf.layout_classes.append("layout:numbering_row")
    pool = ctx.pool(unit, lambda p: p.dob.year >= 2012 and p.father and p.mother)
    people = _base_people(ctx, kind, unit, "child", pool, 290, 0.0)
    rows = _mix(ctx, kind, unit, people, 0.03, 0.0, lambda: stranger(ctx, unit, year=rng.randint(2012, 2024)))
    fields = {"name", "dob", "sex", "id", "commune"}
    stt = 0
    for what, p, where in rows:
        e = _row_entry(ctx, kind, unit, what, p, where, fields, id_share=0.85, caps_rate=0.05)
        if e is None:
            continue
        for c in lf.layout_classes:
            e.cls(c)
        stt += 1
        from entries import id_cell
        reg = e.person.dob + datetime.timedelta(days=rng.randint(3, 50))
        mother = e.person.mother or "Lê Thị Hoa"
        father = e.person.father or ""
        sh.add([stt, reg.strftime("%d/%m/%Y"), e.name_cell, _dob(ctx, e), sex_text(e), "Kinh", "Việt Nam",
                f"Bệnh viện đa khoa {e.person.unit.province.replace('Tỉnh ', 'tỉnh ')}",
                f"{e.person.unit.name}, {e.person.unit.province}", id_cell(e, rng) if "id" in e.given else None,
                mother, e.person.dob.year - rng.randint(20, 32), father,
                e.person.dob.year - rng.randint(22, 36) if father else None,
                father or mother, "Cha" if father else "Mẹ", None], entry=e)
    sh.blank()
    sh.add([None, f"Sổ này có {stt} trường hợp đăng ký khai sinh"], skip="note")
    sh.add([None, "Ngày 31 tháng 12 năm 2024"], skip="signature_place_date")
    sh.add([None, "NGƯỜI GIỮ SỔ", None, None, None, None, None, None, None, None, "CHỦ TỊCH"], skip="signature_roles")
    return lf


# ---------------------------------------------------------------- 10. ho-tich, digitisation import template

def birth_digitisation(ctx, unit, fname):
    kind = "ho-tich"
    rng = ctx.rng
    lf = ListFile(fname, kind,
                  "Mẫu tệp nhập dữ liệu số hóa sổ hộ tịch (khai sinh) vào phần mềm hộ tịch (Công văn "
                  "1437/BTP-CNTT 2019 hướng dẫn số hóa sổ hộ tịch): tiêu đề là khóa trường nksHoTen, "
                  "nksGioiTinh, nksNgaySinh, meHoTen, chaHoTen, nycHoTen, soDinhDanh…; nơi đăng ký "
                  "'UBND xã …' trong mỗi dòng",
                  "khóa trường theo lớp HT_KHAISINH của một phần mềm số hóa công khai trên GitHub "
                  "(so, quyenSo, trangSo, ngayDangKy, noiDangKy, nksHoTen, … nycQuanHe)")
    lf.layout_classes = ["layout:import_keys", "other_person_name_column"]
    sh = lf.sheet("KhaiSinh")
    keys = ["so", "quyenSo", "trangSo", "ngayDangKy", "loaiDangKy", "noiDangKy", "nksHoTen", "nksGioiTinh",
            "nksNgaySinh", "nksDanToc", "nksQuocTich", "nksNoiSinh", "nksQueQuan", "soDinhDanh", "meHoTen",
            "meNgaySinh", "meDanToc", "meNoiCuTru", "chaHoTen", "chaNgaySinh", "chaDanToc", "chaNoiCuTru",
            "nycHoTen", "nycQuanHe", "nguoiKy", "chucVuNguoiKy", "ghiChu"]
    sh.add(keys, skip="header")
    pool = ctx.pool(unit, lambda p: p.dob.year >= 2008 and p.father and p.mother)
    people = _base_people(ctx, kind, unit, "child", pool, 240, 0.0)
    rows = _mix(ctx, kind, unit, people, 0.03, 0.0, lambda: stranger(ctx, unit, year=rng.randint(2008, 2024)))
    fields = {"name", "dob", "sex", "id", "commune"}
    n = 0
    for what, p, where in rows:
        e = _row_entry(ctx, kind, unit, what, p, where, fields, id_share=0.7, caps_rate=0.0)
        if e is None:
            continue
        for c in lf.layout_classes:
            e.cls(c)
        n += 1
        from entries import id_cell
        reg = e.person.dob + datetime.timedelta(days=rng.randint(3, 50))
        e.dob_style = "text" if e.dob_style in ("date_cell", "serial_general") else e.dob_style
        mother = e.person.mother or "Lê Thị Hoa"
        father = e.person.father or ""
        sh.add([n, "01/2010" if reg.year < 2015 else f"01/{reg.year}", (n - 1) // 10 + 1, reg.strftime("%d/%m/%Y"),
                "Đúng hạn", f"UBND {_lower_type(unit)}", e.name_cell, sex_text(e), _dob(ctx, e), "Kinh",
                "Việt Nam", f"Trạm y tế {_lower_type(unit)}", unit.province,
                id_cell(e, rng) if "id" in e.given else None,
                mother, str(e.person.dob.year - rng.randint(20, 32)), "Kinh", f"{e.person.hamlet}, {unit.name}",
                father, str(e.person.dob.year - rng.randint(22, 36)) if father else None, "Kinh" if father else None,
                f"{e.person.hamlet}, {unit.name}" if father else None, father or mother, "Cha" if father else "Mẹ",
                "Nguyễn Văn Nam", "Phó Chủ tịch", None], entry=e)
    return lf
