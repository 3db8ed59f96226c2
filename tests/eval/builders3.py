"""The third set's lists: nine new layouts. Each function takes the context, the list's spec and
the file name and returns a ListFile whose sheets carry the rows and their truth (an Entry per
person row, a skip class per other row)."""

import datetime

import vn
from builders import _base_people, _mix
from builders2 import _row
from forms3 import (SEX, dash_alias_hook, dob_plan3, dob_text3, hooks, id_hook3, id_text3, note_hook,
                    split_given_first)
from layouts import header, national_header, numbering_row, short, signature, stranger, title, upper_unit
from sheets import ListFile

WELFARE_FIELDS = {"name", "dob", "sex", "id", "commune", "hamlet"}
LAND_FIELDS = {"name", "dob", "id", "commune", "hamlet"}


def _tag(e, classes):
    for c in classes:
        e.cls(c)


# ---------------------------------------------------------------- precision traps

def near_namesakes(ctx, kind, unit, pred, n, mode):
    """People NOT in the registry who have a close namesake R in the same commune, another hamlet:
    mode 'year': same name and sex, born a year before or after R; mode 'letter': one letter of
    the given name off, the same full date and sex, and an ID of their own the registry does not
    know. Returns [(stranger, R)]."""
    rng = ctx.rng
    pool = [p for p in ctx.pop.people if p.unit is unit and pred(p) and not p.dead]
    rng.shuffle(pool)
    out = []
    for r in pool:
        if len(out) >= n:
            break
        hams = [(o, h) for o in unit.olds for h in unit.hamlets[o[0]] if h != r.hamlet]
        if not hams:
            continue
        old, ham = rng.choice(hams)
        if mode == "year":
            s = ctx.pop.person(unit, old, ham, r.sex, r.dob.year + rng.choice([-1, 1]), register=False)
            s.surname, s.middle, s.given = r.surname, list(r.middle), r.given
        else:
            g = vn.typo(r.given, rng)
            if not g:
                continue
            s = ctx.pop.person(unit, old, ham, r.sex, r.dob.year, register=False)
            s.surname, s.middle, s.given = r.surname, list(r.middle), g
            s.dob = r.dob
        ctx.pop._parents(s)  # their own parents: nothing but the name, date and sex is shared
        if r.father and vn.fold(s.father) == vn.fold(r.father):
            continue
        out.append((s, r))
    return out


def _own_id_hook(s):
    def hook(e, rng):
        if e.person is s:
            e.id, e.id_kind = s.rid, "cccd"
            e.given.add("id")
    return hook


def _trap_rows(rows, traps, tag, rng):
    for s, _ in traps:
        rows.insert(rng.randrange(len(rows) + 1), (tag, s, None))


def _row3(ctx, kind, unit, what, p, where, fields, **kw):
    """_row for the trap kinds too ('trap_year', 'trap_letter' are strangers)."""
    w = "stranger" if what.startswith("trap") else what
    e = _row(ctx, kind, unit, w, p, where, fields, **kw)
    if e is not None and what.startswith("trap") and e.person is p:
        e.cls("near_namesake_not_in_registry" if what == "trap_year" else "namesake_letter_off")
    return e


# ---------------------------------------------------------------- 1. ho-ngheo: one sheet per hamlet, commune only in the footer

def ho_ngheo_by_hamlet(ctx, spec, fname):
    kind = "ho-ngheo"
    rng = ctx.rng
    unit = spec["unit"]
    lf = ListFile(fname, kind,
                  "Danh sách hộ nghèo, hộ cận nghèo do thôn lập (bản rà soát gửi UBND xã): một trang tính cho "
                  "mỗi thôn (tên trang 'Thôn 3', 'Thôn Đông'), tiêu đề chỉ ghi thôn, tên xã chỉ có ở dòng nơi "
                  "ký cuối trang ('Xã …, ngày … tháng … năm 2025') — không ở tên tệp; mỗi thành viên một dòng, "
                  "ô STT, phân loại hộ và số khẩu gộp dọc theo hộ; ghi chú viết ngay trong ô họ tên ('(đã chết)', "
                  "'(đi làm ăn xa)'); CSDL dân cư của xã này phần lớn còn ghi đơn vị cũ và 'Thôn 03'",
                  "Quyết định 24/2021/QĐ-TTg Điều 4 (rà soát từ thôn: trưởng thôn lập danh sách, UBND xã tổng "
                  "hợp), cột thành viên hộ theo DOMAIN.md §6; chia trang tính theo thôn như các bản rà soát gửi xã")
    members_of = {}
    for p in ctx.pop.people:
        if p.unit is unit:
            members_of.setdefault(p.household, []).append(p)
    heads = [p for p in ctx.pop.people if p.unit is unit and p.relation == "Chủ hộ" and not p.dead]
    rng.shuffle(heads)
    by_hamlet = {}
    for h in heads:
        by_hamlet.setdefault(h.hamlet, []).append(h)
    hamlets = sorted(by_hamlet, key=lambda x: (-len(by_hamlet[x]), x))[:6]
    hamlets.sort()
    traps = near_namesakes(ctx, kind, unit, lambda p: 1940 < p.dob.year < 2005, 12, "year")
    order = {"Chủ hộ": 0, "Vợ": 1, "Chồng": 1, "Con": 2, "Bố": 3, "Mẹ": 3}
    used = ctx.used_set(kind)
    plan = dob_plan3([("year", 0.7), ("text", 0.3)])
    layout = ["sheet_per_hamlet", "hamlet_in_sheet_name", "commune_in_footer_only", "merged_stt_block",
              "household_block"]
    nc = 10
    for ham in hamlets:
        sh = lf.sheet(ham)
        title(sh, nc, "BAN CÔNG TÁC MẶT TRẬN " + ham.upper())
        title(sh, nc, f"DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025 - {ham.upper()}")
        sh.blank()
        header(sh, ["STT", "Họ và tên", "Quan hệ với chủ hộ", "Năm sinh", "Giới tính", "Số CCCD/ĐDCN",
                    "Dân tộc", "Phân loại hộ", "Số khẩu", "Ghi chú"])
        hts = [t for t in traps if t[1].hamlet != ham]
        stt = 0
        n_rows = 0
        for h in by_hamlet[ham]:
            if n_rows >= 56:
                break
            block = sorted((m for m in members_of.get(h.household, []) if m.rid not in used),
                           key=lambda m: (order.get(m.relation, 4), m.dob))
            if not block or block[0] is not h or len(block) < 2:
                continue
            rows = [("resident", m) for m in block]
            if hts and rng.random() < 0.25:
                s, _ = hts.pop()
                traps.remove((s, _))
                s.hamlet = ham  # listed in this household: its hamlet is the sheet's
                rows.insert(1 + rng.randrange(len(rows)), ("trap_year", s))
            stt += 1
            first_r = sh.next_row
            cls_cell = rng.choice(["Hộ nghèo", "Hộ cận nghèo", "Hộ cận nghèo"])
            written = 0
            for what, m in rows:
                if what == "resident":
                    used.add(m.rid)
                ex = hooks(id_hook3([("plain", 0.85), ("letter_o", 0.05), ("eleven", 0.1)]),
                           note_hook(0.8, 0.06))(rng)
                e = _row3(ctx, kind, unit, what, m, None, WELFARE_FIELDS, id_share=0.6, dob_plan=plan,
                          extra=ex, caps_rate=0.05)
                if e is None:
                    continue
                _tag(e, layout)
                rel = m.relation if what == "resident" else rng.choice(["Con dâu", "Cháu", "Con rể"])
                sh.add([stt if written == 0 else None, e.name_cell, rel, dob_text3(e, rng), SEX[e.sex],
                        id_text3(e, rng) if "id" in e.given else None, "Kinh" if rng.random() < 0.9 else "Mường",
                        cls_cell if written == 0 else None, len(rows) if written == 0 else None, None], entry=e)
                written += 1
                n_rows += 1
            last = sh.next_row - 1
            if last > first_r:
                for c in (1, 8, 9):
                    sh.merge(first_r, c, last, c)
        sh.add([None, f"Tổng số: {stt} hộ"], skip="total", bold=True)
        signature(sh, nc, unit, ["NGƯỜI LẬP DANH SÁCH", "TRƯỞNG THÔN"],
                  date_text=f"{unit.name}, ngày {rng.randint(10, 20)} tháng 12 năm 2025")
    return lf


# ---------------------------------------------------------------- 2. bao-tro-xa-hoi: continued on a second sheet, hidden rows, autofilter

def btxh_two_sheets(ctx, spec, fname):
    kind = "bao-tro-xa-hoi"
    rng = ctx.rng
    unit = spec["unit"]
    lf = ListFile(fname, kind,
                  "Danh sách đối tượng hưởng trợ cấp xã hội hằng tháng dài hơn một trang tính: trang 'Trang 1' có "
                  "quốc hiệu, tiêu đề, hàng tiêu đề có bộ lọc (AutoFilter); trang 'Trang 2' chép tiếp các dòng, "
                  "không có hàng tiêu đề, STT nối tiếp, tổng cộng và chữ ký ở cuối; vài dòng bị ẩn (lọc); ngày "
                  "sinh gõ kiểu dd.mm.yy và dd-mm-yy (năm hai chữ số), số CCCD có chữ O thay số 0 hoặc mất số 0 "
                  "đầu (11 chữ số dạng chữ); ghi chú '(đã chết)' trong ô họ tên; CSDL dân cư có người không có "
                  "địa chỉ thường trú",
                  "Nghị định 20/2021/NĐ-CP (danh sách đối tượng, cột theo DOMAIN.md §6); ngày hai chữ số và lỗi "
                  "số CCCD theo DOMAIN.md §3.4 và §7")
    nc = 9
    s1 = lf.sheet("Trang 1")
    national_header(s1, nc, f"UBND {upper_unit(unit)}")
    title(s1, nc, "DANH SÁCH ĐỐI TƯỢNG HƯỞNG TRỢ CẤP XÃ HỘI HẰNG THÁNG - QUÝ IV NĂM 2025")
    s1.blank()
    hr = header(s1, ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Thôn, buôn", "Diện hưởng",
                     "Mức hưởng", "Ghi chú"])
    s1.autofilter = f"A{hr}:I{hr}"
    s1.hidden_rows = set()
    s2 = lf.sheet("Trang 2")
    s2.hidden_rows = set()
    pool = ctx.pool(unit, lambda p: 1930 <= p.dob.year < 1952 or (1960 < p.dob.year < 2018 and rng.random() < 0.02))
    people = _base_people(ctx, kind, unit, "elder", pool, 300, 0.06)
    rows = _mix(ctx, kind, unit, people, 0.03, 0.02, lambda: stranger(ctx, unit, year=rng.randint(1932, 1950)))
    traps = near_namesakes(ctx, kind, unit, lambda p: 1932 <= p.dob.year < 1950, 10, "year")
    _trap_rows(rows, traps, "trap_year", rng)
    plan = dob_plan3([("dot_yy", 0.35), ("dash_yy", 0.15), ("text", 0.3), ("date_cell", 0.1), ("year_only", 0.1)])
    ex = hooks(id_hook3([("plain", 0.75), ("letter_o", 0.15), ("eleven", 0.1)]), note_hook(0.7, 0.04))(rng)
    half = len(rows) * 5 // 9
    stt = 0
    for i, (what, p, where) in enumerate(rows):
        sh = s1 if i < half else s2
        e = _row3(ctx, kind, unit, what, p, where, WELFARE_FIELDS, id_share=0.75, dob_plan=plan, extra=ex,
                  blank_same=True)
        if e is None:
            continue
        _tag(e, ["commune_title_only", "autofilter_header"])
        if sh is s2:
            e.cls("continued_sheet_no_header")
        stt += 1
        r = sh.add([stt, e.name_cell, dob_text3(e, rng), SEX[e.sex], id_text3(e, rng) if "id" in e.given else None,
                    e.person.hamlet if "hamlet" in e.given else None,
                    rng.choice(["Người cao tuổi", "Người khuyết tật nặng", "Người đơn thân nghèo"]),
                    rng.choice([500000, 750000, 1000000]), None], entry=e)
        if rng.random() < 0.04:
            sh.hidden_rows.add(r)
            e.cls("hidden_row")
    s2.add([None, "Tổng cộng", None, None, None, None, None, None], skip="total", bold=True)
    signature(s2, nc, unit, ["NGƯỜI LẬP BIỂU", "CÔNG CHỨC VĂN HÓA - XÃ HỘI", "CHỦ TỊCH UBND"])
    return lf


# ---------------------------------------------------------------- 3. bao-tro-xa-hoi: CSV with title lines, ';'

def btxh_csv_titled(ctx, spec, fname):
    kind = "bao-tro-xa-hoi"
    rng = ctx.rng
    unit = spec["unit"]
    lf = ListFile(fname, kind,
                  "Danh sách chi trả trợ cấp xã hội xuất ra CSV (UTF-8, dấu ';') từ phần mềm chi trả của bưu "
                  "điện: hai dòng tiêu đề trước hàng tiêu đề ('DANH SÁCH CHI TRẢ …', 'Xã …, Thành phố …, kỳ "
                  "10/2025'), ngày sinh 'dd-mm-yy' hoặc số ngày kiểu Excel (đã thành chữ), số CCCD 11 chữ số "
                  "(mất số 0 đầu), có ô ghi cả 'CMND: …; CCCD: …'",
                  "chi trả trợ cấp qua bưu điện (Nghị định 20/2021/NĐ-CP Điều 30); CSV có dòng tiêu đề như các "
                  "bản xuất báo cáo; ngày và số theo DOMAIN.md §3.4, §7")
    sh = lf.sheet("")
    sh.add(["DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI HẰNG THÁNG"], skip="title")
    sh.add([f"{unit.name}, {unit.province}, kỳ chi trả 10/2025"], skip="title")
    sh.blank()
    sh.add(["STT", "Mã đối tượng", "Họ tên", "Ngày sinh", "Giới tính", "CCCD/CMND", "Ấp", "Số tiền",
            "Ký nhận"], skip="header")
    pool = ctx.pool(unit, lambda p: 1930 <= p.dob.year < 1950)
    people = _base_people(ctx, kind, unit, "elder", pool, 280, 0.05)
    rows = _mix(ctx, kind, unit, people, 0.03, 0.03, lambda: stranger(ctx, unit, year=rng.randint(1932, 1949)))
    plan = dob_plan3([("dash_yy", 0.4), ("serial_text", 0.15), ("text", 0.35), ("dash", 0.1)])
    ex = hooks(id_hook3([("plain", 0.6), ("eleven", 0.2), ("both", 0.2)]), note_hook(0.3, 0.0))(rng)
    stt = 0
    for what, p, where in rows:
        e = _row3(ctx, kind, unit, what, p, where, WELFARE_FIELDS, id_share=0.85, dob_plan=plan, extra=ex,
                  legacy=False, blank_same=True)
        if e is None:
            continue
        _tag(e, ["csv_title_lines", "csv_semicolon_utf8", "commune_title_only"])
        stt += 1
        sh.add([stt, f"BT{rng.randint(100000, 999999)}", e.name_cell, dob_text3(e, rng), SEX[e.sex],
                id_text3(e, rng) if "id" in e.given else "", e.person.hamlet if "hamlet" in e.given else "",
                rng.choice([500000, 750000]), ""], entry=e)
    sh.add(["", "Tổng cộng", "", "", "", "", "", "", ""], skip="total")
    return lf


# ---------------------------------------------------------------- 4. nguoi-co-cong: a blank column between fields

def ncc_spacer_columns(ctx, spec, fname):
    kind = "nguoi-co-cong"
    rng = ctx.rng
    unit = spec["unit"]
    lf = ListFile(fname, kind,
                  "Danh sách người có công hưởng trợ cấp hằng tháng kẻ bảng để in: một cột trống hẹp giữa mọi "
                  "cột dữ liệu; tên nhiều dòng viết hoa (có khi không dấu), tên gọi sau gạch ngang ('Nguyễn Văn "
                  "Ba - Tư'), ô giấy tờ ghi cả hai số 'CMND: …; CCCD: …', ngày sinh là số ngày kiểu Excel trong "
                  "cột định dạng chữ; CSDL dân cư của xã này phần lớn còn ghi đơn vị cũ",
                  "cột người có công theo DOMAIN.md §6 (Nghị định 131/2021/NĐ-CP); bảng in có cột đệm như các "
                  "biểu kẻ tay chuyển sang Excel")
    sh = lf.sheet("NCC")
    cols = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Giấy tờ tùy thân", "Thôn", "Diện đối tượng",
            "Mức trợ cấp"]
    nc = len(cols) * 2 - 1

    def spaced(vals):
        out = []
        for i, v in enumerate(vals):
            if i:
                out.append(None)
            out.append(v)
        return out

    national_header(sh, nc, f"UBND {upper_unit(unit)}")
    title(sh, nc, "DANH SÁCH NGƯỜI CÓ CÔNG VỚI CÁCH MẠNG ĐANG HƯỞNG TRỢ CẤP ƯU ĐÃI HẰNG THÁNG")
    sh.blank()
    header(sh, spaced(cols))
    for c in range(2, nc + 1, 2):
        sh.widths[c] = 1.5
    pool = ctx.pool(unit, lambda p: 1930 <= p.dob.year < 1958)
    people = _base_people(ctx, kind, unit, "elder", pool, 290, 0.05)
    rows = _mix(ctx, kind, unit, people, 0.03, 0.02, lambda: stranger(ctx, unit, year=rng.randint(1932, 1956)))
    plan = dob_plan3([("serial_text", 0.25), ("text", 0.45), ("year", 0.3)])
    ex = hooks(id_hook3([("plain", 0.5), ("both", 0.3), ("label", 0.2)]), dash_alias_hook(0.15),
               note_hook(0.6, 0.03))(rng)
    stt = 0
    for what, p, where in rows:
        e = _row3(ctx, kind, unit, what, p, where, WELFARE_FIELDS, id_share=0.8, dob_plan=plan, extra=ex,
                  caps_rate=0.3, blank_same=True)
        if e is None:
            continue
        _tag(e, ["blank_spacer_columns", "commune_title_only"])
        stt += 1
        sh.add(spaced([stt, e.name_cell, dob_text3(e, rng), SEX[e.sex], id_text3(e, rng) if "id" in e.given else None,
                       e.person.hamlet if "hamlet" in e.given else None,
                       rng.choice(["Thương binh", "Bệnh binh", "Thân nhân liệt sĩ", "Người HĐKC bị nhiễm CĐHH"]),
                       rng.choice([2055000, 2789000, 3645000])]), entry=e)
    signature(sh, nc, unit, ["NGƯỜI LẬP", "CHỦ TỊCH UBND"])
    return lf


# ---------------------------------------------------------------- 5. nguoi-co-cong: one record per block of rows

def ncc_form_blocks(ctx, spec, fname):
    kind = "nguoi-co-cong"
    rng = ctx.rng
    unit = spec["unit"]
    lf = ListFile(fname, kind,
                  "Phiếu thông tin đối tượng người có công chép liền nhau trên một trang tính (mẫu phiếu rà soát, "
                  "hai cột: nhãn | giá trị): mỗi người một khối 'ĐỐI TƯỢNG SỐ n' rồi các dòng 'Họ và tên', "
                  "'Ngày sinh', 'Giới tính', 'Số CCCD/CMND', 'Nơi thường trú', 'Diện đối tượng', 'Số hồ sơ', "
                  "cách nhau một dòng trống",
                  "phiếu rà soát thông tin người có công (Nghị định 131/2021/NĐ-CP, hồ sơ người có công); dạng "
                  "phiếu theo khối dòng như các biểu thu thập thông tin của xã")
    sh = lf.sheet("Phieu")
    title(sh, 2, f"UBND {upper_unit(unit)}")
    title(sh, 2, "PHIẾU THÔNG TIN ĐỐI TƯỢNG NGƯỜI CÓ CÔNG (RÀ SOÁT NĂM 2025)")
    sh.blank()
    pool = ctx.pool(unit, lambda p: 1930 <= p.dob.year < 1958)
    people = _base_people(ctx, kind, unit, "elder", pool, 150, 0.05)
    rows = _mix(ctx, kind, unit, people, 0.04, 0.02, lambda: stranger(ctx, unit, year=rng.randint(1932, 1956)))
    plan = dob_plan3([("text", 0.6), ("date_cell", 0.2), ("year_only", 0.2)])
    ex = hooks(id_hook3([("plain", 1.0)]))(rng)
    n = 0
    for what, p, where in rows:
        e = _row3(ctx, kind, unit, what, p, where, WELFARE_FIELDS, id_share=0.8, dob_plan=plan, extra=ex,
                  blank_same=True)
        if e is None:
            continue
        _tag(e, ["form_block_record", "commune_title_only"])
        n += 1
        sh.add([f"ĐỐI TƯỢNG SỐ {n}"], skip="form_block_heading", bold=True)
        sh.add(["Họ và tên:", e.name_cell], entry=e)
        sh.add(["Ngày sinh:", dob_text3(e, rng)], skip="form_field_line")
        sh.add(["Giới tính:", SEX[e.sex]], skip="form_field_line")
        sh.add(["Số CCCD/CMND:", id_text3(e, rng) if "id" in e.given else None], skip="form_field_line")
        sh.add(["Nơi thường trú:", f"{e.person.hamlet}, {unit.name}" if "hamlet" in e.given else None],
               skip="form_field_line")
        sh.add(["Diện đối tượng:", rng.choice(["Thương binh", "Bệnh binh", "Thân nhân liệt sĩ"])],
               skip="form_field_line")
        sh.add(["Số hồ sơ:", f"{rng.randint(100, 9999)}/NCC-{short(unit)[:2].upper()}"], skip="form_field_line")
        sh.blank()
    sh.add([f"{short(unit)}, ngày 30 tháng 10 năm 2025"], skip="signature_place_date")
    sh.add(["NGƯỜI TỔNG HỢP"], skip="signature_roles")
    return lf


# ---------------------------------------------------------------- 6. dat-dai: a big urban ward, only birth years

def land_big_ward(ctx, spec, fname):
    kind = "dat-dai"
    rng = ctx.rng
    unit = spec["unit"]
    lf = ListFile(fname, kind,
                  "Danh sách người sử dụng đất đăng ký biến động của một phường đông dân: chỉ có năm sinh, số "
                  "giấy tờ thường để trống, địa chỉ viết tắt 'KP2', 'Kp.2', 'khu phố 2' (CSDL dân cư của phường "
                  "lại ghi 'KP2' hoặc 'Khu phố 2'); họ tên phổ biến, nhiều người trùng tên trùng năm sinh; người "
                  "không có trong CSDL mà có người trùng họ tên, lệch một năm sinh ở khu phố khác",
                  "Thông tư 10/2024/TT-BTNMT (đăng ký biến động: người sử dụng đất, năm sinh, giấy tờ nhân thân, "
                  "địa chỉ); viết tắt khu phố theo DOMAIN.md §4.1")
    sh = lf.sheet("DS bien dong")
    nc = 9
    national_header(sh, nc, f"UBND {upper_unit(unit)}")
    title(sh, nc, "DANH SÁCH NGƯỜI SỬ DỤNG ĐẤT ĐĂNG KÝ BIẾN ĐỘNG NĂM 2025")
    sh.blank()
    header(sh, ["STT", "Tên người sử dụng đất", "Năm sinh", "Số CCCD/CMND", "Địa chỉ", "Tờ bản đồ", "Thửa",
                "Diện tích (m2)", "Nội dung biến động"])
    pool = ctx.pool(unit, lambda p: p.relation in ("Chủ hộ", "Vợ", "Chồng") and 1940 < p.dob.year < 1998)
    people = _base_people(ctx, kind, unit, "head", pool, 400, 0.03)
    rows = _mix(ctx, kind, unit, people, 0.02, 0.0, lambda: stranger(ctx, unit, year=rng.randint(1945, 1995)))
    traps = near_namesakes(ctx, kind, unit, lambda p: 1945 < p.dob.year < 1996, 16, "year")
    _trap_rows(rows, traps, "trap_year", rng)
    plan = dob_plan3([("year", 1.0)])
    ex = hooks(id_hook3([("plain", 0.85), ("eleven", 0.15)]))(rng)
    stt = 0
    for what, p, where in rows:
        e = _row3(ctx, kind, unit, what, p, where, LAND_FIELDS, id_share=0.4, dob_plan=plan, extra=ex,
                  sub_fields={"name", "id"})
        if e is None:
            continue
        _tag(e, ["big_urban_ward", "commune_title_only"])
        stt += 1
        h = e.person.hamlet
        n = h.rsplit(" ", 1)[-1]
        if "hamlet" in e.given:
            hc = rng.choice([h, f"KP{n}", f"Kp.{n}", f"khu phố {n}", f"KP {n}"])
            if hc != h:
                e.cls("hamlet_abbreviated")
            addr = rng.choice([hc, f"{hc}, {short(unit)}", f"{hc}, P. {short(unit)}"])
        else:
            addr = None
        sh.add([stt, e.name_cell, dob_text3(e, rng), id_text3(e, rng) if "id" in e.given else None, addr,
                rng.randint(1, 60), rng.randint(1, 900), round(rng.uniform(40, 300), 1),
                rng.choice(["Chuyển nhượng", "Tặng cho", "Thừa kế", "Cấp đổi"])], entry=e)
    signature(sh, nc, unit, ["NGƯỜI LẬP", "CHỦ TỊCH UBND"])
    return lf


# ---------------------------------------------------------------- 7. dat-dai: given name first ('Tên' | 'Họ và chữ đệm')

def land_given_first(ctx, spec, fname):
    kind = "dat-dai"
    rng = ctx.rng
    unit = spec["unit"]
    lf = ListFile(fname, kind,
                  "Danh sách chủ sử dụng đất xếp theo vần tên (A, B, C …): cột 'Tên' đứng trước cột 'Họ và chữ "
                  "đệm' (để sắp xếp), ngày sinh gõ 'dd-mm-yyyy', 'dd.mm.yy' hoặc số ngày kiểu Excel trong cột "
                  "chữ, số CCCD có chữ O thay số 0 hoặc 11 chữ số; dòng vần ('A', 'B' …) giữa bảng",
                  "Thông tư 10/2024/TT-BTNMT (người sử dụng đất); danh sách xếp theo tên như sổ theo dõi của cán "
                  "bộ địa chính")
    sh = lf.sheet("Theo ten")
    nc = 9
    national_header(sh, nc, f"UBND {upper_unit(unit)}")
    title(sh, nc, "DANH SÁCH CHỦ SỬ DỤNG ĐẤT (XẾP THEO TÊN)")
    sh.blank()
    header(sh, ["STT", "Tên", "Họ và chữ đệm", "Ngày sinh", "Số CCCD", "Thôn", "Số thửa", "Tờ bản đồ", "Ghi chú"])
    pool = ctx.pool(unit, lambda p: p.relation == "Chủ hộ" and 1935 < p.dob.year < 1998)
    people = _base_people(ctx, kind, unit, "head", pool, 300, 0.04)
    rows = _mix(ctx, kind, unit, people, 0.03, 0.0, lambda: stranger(ctx, unit, year=rng.randint(1945, 1995)))
    rows.sort(key=lambda r: (vn.fold(r[1].given), vn.fold(r[1].name)))
    plan = dob_plan3([("dash", 0.2), ("dot_yy", 0.25), ("serial_text", 0.1), ("text", 0.3), ("year_only", 0.15)])
    ex = hooks(id_hook3([("plain", 0.7), ("letter_o", 0.15), ("eleven", 0.15)]))(rng)
    stt = 0
    letter = None
    for what, p, where in rows:
        e = _row3(ctx, kind, unit, what, p, where, LAND_FIELDS, id_share=0.7, dob_plan=plan, extra=ex,
                  caps_rate=0.05)
        if e is None:
            continue
        _tag(e, ["given_name_first_columns", "commune_title_only"])
        first = vn.strip_diacritics(p.given)[:1].upper()
        if first != letter:
            letter = first
            sh.add([None, letter], skip="section_row", bold=True)
        stt += 1
        given, fam = split_given_first(e.name_cell)
        sh.add([stt, given, fam, dob_text3(e, rng), id_text3(e, rng) if "id" in e.given else None,
                e.person.hamlet if "hamlet" in e.given else None, rng.randint(1, 900), rng.randint(1, 60), None],
               entry=e)
    signature(sh, nc, unit, ["CÁN BỘ ĐỊA CHÍNH", "CHỦ TỊCH UBND"])
    return lf


# ---------------------------------------------------------------- 8. ho-tich: birth register with twins

def birth_twins(ctx, spec, fname):
    kind = "ho-tich"
    rng = ctx.rng
    unit = spec["unit"]
    lf = ListFile(fname, kind,
                  "Sổ đăng ký khai sinh (Thông tư 04/2020/TT-BTP) có các cặp sinh đôi (cùng cha mẹ, cùng ngày "
                  "sinh, tên khác nhau) đăng ký liền nhau; ngày sinh có khi gõ 'dd.mm.yy'; nơi cư trú 'Ấp …, Xã …'; "
                  "trẻ không có trong CSDL có khi trùng tên với một trẻ khác chỉ lệch một chữ, cùng ngày sinh",
                  "Luật Hộ tịch 2014 Điều 14, mẫu sổ đăng ký khai sinh (Thông tư 04/2020/TT-BTP)")
    sh = lf.sheet("So khai sinh 2024")
    nc = 14
    title(sh, nc, f"UBND {upper_unit(unit)}")
    title(sh, nc, "SỔ ĐĂNG KÝ KHAI SINH - Quyển số 01/2024")
    sh.blank()
    header(sh, ["Số", "Ngày đăng ký", "Họ, chữ đệm, tên người được đăng ký khai sinh", "Ngày, tháng, năm sinh",
                "Giới tính", "Dân tộc", "Nơi sinh", "Số định danh cá nhân", "Họ, chữ đệm, tên người mẹ",
                "Họ, chữ đệm, tên người cha", "Nơi cư trú", "Người đi đăng ký", "Quan hệ", "Ghi chú"])
    numbering_row(sh, nc)
    twins = list(ctx.pop.twin_pairs.get(unit.name, []))
    used = ctx.used_set(kind)
    for a, b in twins:
        used.add(a.rid)
        used.add(b.rid)
    pool = ctx.pool(unit, lambda p: p.dob.year >= 2012 and p.father and p.mother)
    people = _base_people(ctx, kind, unit, "child", pool, 250, 0.0)
    rows = _mix(ctx, kind, unit, people, 0.02, 0.0, lambda: stranger(ctx, unit, year=rng.randint(2012, 2024)))
    for a, b in twins:
        i = rng.randrange(len(rows) + 1)
        rows[i:i] = [("twin", a, None), ("twin", b, None)]
    traps = near_namesakes(ctx, kind, unit, lambda p: p.dob.year >= 2012 and p.father and p.mother, 14, "letter")
    _trap_rows(rows, traps, "trap_letter", rng)
    plan = dob_plan3([("dot_yy", 0.3), ("text", 0.5), ("date_cell", 0.2)])
    fields = {"name", "dob", "sex", "id", "commune", "hamlet"}
    stt = 0
    for what, p, where in rows:
        hs = [id_hook3([("plain", 1.0)])]
        if what == "trap_letter":
            hs.insert(0, _own_id_hook(p))
        e = _row3(ctx, kind, unit, "resident" if what == "twin" else what, p, where, fields, id_share=0.7,
                  dob_plan=plan, extra=hooks(*hs)(rng), caps_rate=0.05)
        if e is None:
            continue
        _tag(e, ["commune_title_only", "other_person_name_column", "layout:numbering_row"])
        if what == "twin":
            e.cls("twin_sibling")
        stt += 1
        per = e.person
        reg = per.dob + datetime.timedelta(days=rng.randint(3, 60))
        sh.add([stt, reg.strftime("%d/%m/%Y"), e.name_cell, dob_text3(e, rng), SEX[e.sex], "Kinh",
                f"Bệnh viện đa khoa {per.unit.province.replace('Thành phố ', 'thành phố ')}",
                id_text3(e, rng) if "id" in e.given else None, per.mother or None, per.father or None,
                f"{per.hamlet}, {unit.name}" if "hamlet" in e.given else None,
                per.father or per.mother, "Cha" if per.father else "Mẹ", None], entry=e)
    sh.blank()
    sh.add([None, f"Sổ này có {stt} trường hợp đăng ký khai sinh"], skip="note")
    sh.add([None, "NGƯỜI GIỮ SỔ", None, None, None, None, None, None, None, "CHỦ TỊCH"], skip="signature_roles")
    return lf


# ---------------------------------------------------------------- 9. ho-tich: marriage register, both spouses on one row

def marriage_register(ctx, spec, fname):
    kind = "ho-tich"
    rng = ctx.rng
    unit = spec["unit"]
    lf = ListFile(fname, kind,
                  "Sổ đăng ký kết hôn (mẫu sổ của Thông tư 04/2020/TT-BTP): hai nhóm cột 'Bên chồng' và 'Bên vợ' "
                  "cùng một dòng, mỗi nhóm có 'Họ, chữ đệm, tên', 'Ngày, tháng, năm sinh', 'Dân tộc', 'Nơi cư "
                  "trú', 'Giấy tờ tùy thân' (tiêu đề con giống hệt nhau ở hai nhóm); nơi cư trú theo đơn vị cũ "
                  "hoặc mới; người vợ ở xã khác hoặc tỉnh khác",
                  "Luật Hộ tịch 2014 Điều 17–18 (nội dung đăng ký kết hôn), mẫu sổ đăng ký kết hôn của Thông tư "
                  "04/2020/TT-BTP")
    sh = lf.sheet("So ket hon 2025")
    nc = 13
    title(sh, nc, f"UBND {upper_unit(unit)}")
    title(sh, nc, "SỔ ĐĂNG KÝ KẾT HÔN - Quyển số 01/2025")
    sh.blank()
    sub = ["Họ, chữ đệm, tên", "Ngày, tháng, năm sinh", "Dân tộc", "Nơi cư trú", "Giấy tờ tùy thân"]
    header(sh, ["Số", "Ngày đăng ký"] + [None] * 10 + ["Ghi chú"],
           group=[(3, 7, "Bên chồng", sub), (8, 12, "Bên vợ", sub)])
    pool = ctx.pool(unit, lambda p: p.sex == "M" and 1985 <= p.dob.year <= 2003)
    people = _base_people(ctx, kind, unit, "groom", pool, 250, 0.0)
    rows = _mix(ctx, kind, unit, people, 0.04, 0.0, lambda: stranger(ctx, unit, sex="M", year=rng.randint(1988, 2002)))
    brides = [p for p in ctx.pop.people if p.sex == "F" and 1988 <= p.dob.year <= 2005
              and p.unit.province == unit.province]
    rng.shuffle(brides)
    plan = dob_plan3([("text", 0.7), ("date_cell", 0.2), ("dot_yy", 0.1)])
    ex = hooks(id_hook3([("plain", 0.7), ("label", 0.3)]))(rng)
    fields = {"name", "dob", "id", "commune", "hamlet"}
    stt = 0
    for what, p, where in rows:
        e = _row3(ctx, kind, unit, what, p, where, fields, id_share=0.9, dob_plan=plan, extra=ex, caps_rate=0.03,
                  allow_cmnd=False)
        if e is None:
            continue
        _tag(e, ["marriage_both_spouses", "other_person_name_column", "commune_title_only",
                 "layout:two_level_header"])
        stt += 1
        w = brides.pop()
        per = e.person
        if "hamlet" in e.given:
            if rng.random() < 0.5:
                res = f"{per.hamlet}, {per.old[0]}, {per.old[1]}"
                e.cls("old_unit_name")
            else:
                res = f"{per.hamlet}, {unit.name}"
        else:
            res = None
        wres = f"{w.hamlet}, {w.unit.name}, {w.unit.province}"
        wd = w.dob.strftime("%d/%m/%Y")
        reg = datetime.date(2025, 1, 2) + datetime.timedelta(days=rng.randrange(320))
        sh.add([stt, reg.strftime("%d/%m/%Y"), e.name_cell, dob_text3(e, rng), "Kinh", res,
                id_text3(e, rng) if "id" in e.given else None, w.name, wd, "Kinh", wres, w.rid, None], entry=e)
    sh.blank()
    sh.add([None, f"Sổ này có {stt} trường hợp đăng ký kết hôn"], skip="note")
    sh.add([None, "NGƯỜI GIỮ SỔ", None, None, None, None, None, None, "CHỦ TỊCH"], skip="signature_roles")
    return lf
