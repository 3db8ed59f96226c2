"""The second set's lists: eleven new layouts. Each function takes the context, the list's spec
(its commune or communes) and the file name, and returns a ListFile whose sheets carry the rows
and their truth (an Entry per person row, a skip class per other row)."""

import datetime

import entries as E
import vn
from builders import _base_people, _mix, _row_entry, _words
from forms2 import (LIST_YEAR, alias_hook, dob_plan, dob_text, dob_three, hamlet_text, hamlet_variant, hooks,
                    id_style_hook, id_text, split_name)
from layouts import header, national_header, numbering_row, old_is_collision, sex_text, short, signature, stranger, \
    title, upper_unit
from sheets import ListFile

WELFARE_FIELDS = {"name", "dob", "sex", "id", "commune", "hamlet"}
LAND_FIELDS = {"name", "dob", "id", "commune", "hamlet"}


def _row(ctx, kind, unit, what, p, where, fields, **kw):
    """builders._row_entry, with a resident row that cannot be written consistently dropped."""
    try:
        return _row_entry(ctx, kind, unit, what, p, where, fields, **kw)
    except RuntimeError:
        return None


def _lower_type(u):
    head, _, rest = u.name.partition(" ")
    return f"{head.lower()} {rest}"


def _old_addr(p, hamlet_cell, with_province=True):
    """'Thôn 3, Xã Hải Lâm, Huyện Hải Lăng, Tỉnh Quảng Trị' (pre-2025 units)."""
    w, d, prov, _ = p.old
    parts = [hamlet_cell, w, d] + ([prov] if with_province else [])
    return ", ".join(x for x in parts if x)


def _new_addr(p, hamlet_cell, unit=None, with_province=True):
    u = unit or p.unit
    parts = [hamlet_cell, u.name] + ([u.province] if with_province else [])
    return ", ".join(x for x in parts if x)


def _tag_old(e, p, units, cls="old_unit_name"):
    e.cls(cls)
    if old_is_collision(p, units):
        e.cls("old_name_collision")


def _moved_hook(list_unit, hamlet):
    """The row still places the person in the list's commune (the registry moved them to another
    commune of the province): the row's commune and hamlet are the list's; they agree with nobody
    the person is, and an address is never a discrepancy."""
    def hook(e, rng):
        e.commune = list_unit
        e.hamlet = hamlet
        e.cls("moved_same_province")
    return hook


def _other_units(ctx, unit):
    return [u for u in ctx.pop.units if u.province == unit.province and u is not unit]


def _moved_people(ctx, kind, unit, pred, n):
    """Residents of other communes of the province (alive, not yet listed) who moved out of `unit`."""
    pool = [p for p in ctx.pop.people if p.unit.province == unit.province and p.unit is not unit and pred(p)
            and not p.dead and p.rid not in ctx.used_set(kind)]
    ctx.rng.shuffle(pool)
    out = pool[:n]
    for p in out:
        ctx.used_set(kind).add(p.rid)
    return out


# ---------------------------------------------------------------- 1. ho-ngheo: near-poor households, every member a row

def ho_can_ngheo_members(ctx, spec, fname):
    kind = "ho-ngheo"
    rng = ctx.rng
    unit = spec["unit"]
    lf = ListFile(fname, kind,
                  "Danh sách hộ cận nghèo kèm quyết định công nhận của Chủ tịch UBND xã, mỗi thành viên "
                  "của hộ một dòng (danh sách dùng để cấp thẻ BHYT cho người thuộc hộ cận nghèo): ô tiêu đề "
                  "gộp hai dòng 'ỦY BAN NHÂN DÂN / XÃ …' ở góc trái là chỗ duy nhất có tên xã; 'Họ và tên "
                  "chủ hộ' lặp lại ở mọi dòng; tên thành viên tách 'Họ và chữ đệm' | 'Tên'; ngày sinh ba cột "
                  "Ngày | Tháng | Năm; giới tính đánh dấu x dưới 'Nam' / 'Nữ'; 'Quan hệ với chủ hộ'; "
                  "có hộ do người vợ đứng tên chủ hộ; người già có tên trong hai hộ con",
                  "Quyết định 24/2021/QĐ-TTg (quy trình rà soát, quyết định công nhận hộ cận nghèo) và "
                  "Luật BHYT (người thuộc hộ cận nghèo được hỗ trợ mua thẻ: danh sách theo từng thành viên); "
                  "tách họ/tên và ba cột ngày sinh như mẫu danh sách đề nghị cấp thẻ BHYT (mẫu D03-TS của BHXH)")
    sh = lf.sheet("DS can ngheo")
    nc = 14
    r = sh.add(["ỦY BAN NHÂN DÂN\n" + unit.name.upper(), None, None, None, None,
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"], skip="title", bold=True)
    sh.merge(r, 1, r, 4)
    sh.merge(r, 6, r, nc)
    sh.add(["Số: 318/DS-UBND"], skip="title")
    sh.blank()
    title(sh, nc, "DANH SÁCH HỘ CẬN NGHÈO NĂM 2025")
    title(sh, nc, "(Kèm theo Quyết định số 318/QĐ-UBND ngày 20/12/2025 của Chủ tịch Ủy ban nhân dân xã)")
    sh.blank()
    header(sh, ["STT hộ", "Họ và tên chủ hộ", "Họ và tên thành viên", None, "Ngày tháng năm sinh", None, None,
                "Giới tính", None, "Quan hệ với chủ hộ", "Số định danh cá nhân", "Dân tộc", "Ấp", "Ghi chú"],
           group=[(3, 4, "Họ và tên thành viên", ["Họ và chữ đệm", "Tên"]),
                  (5, 7, "Ngày tháng năm sinh", ["Ngày", "Tháng", "Năm"]),
                  (8, 9, "Giới tính", ["Nam", "Nữ"])])
    layout = ["commune_in_two_line_title", "split_name_columns", "sex_x_mark", "household_block",
              "layout:two_level_header", "other_person_name_column"]
    members_of = {}
    for p in ctx.pop.people:
        if p.unit is unit:
            members_of.setdefault(p.household, []).append(p)
    heads = [p for p in ctx.pop.people if p.unit is unit and p.relation == "Chủ hộ" and not p.dead]
    rng.shuffle(heads)
    used = ctx.used_set(kind)
    order = {"Chủ hộ": 0, "Vợ": 1, "Chồng": 1, "Con": 2, "Bố": 3, "Mẹ": 3}
    plan = dob_plan([("three", 0.88), ("three_year", 0.12)])
    extra = hooks(id_style_hook([("plain", 0.8), ("number", 0.15), ("dotted", 0.05)]))(rng)
    listed_elders = []  # (resident, household stt) of parents already given a row: some reappear
    n_rows = 0
    stt = 0
    for h in heads:
        if n_rows >= 330:
            break
        block = sorted((m for m in members_of.get(h.household, []) if m.rid not in used),
                       key=lambda m: (order.get(m.relation, 4), m.dob))
        if not block or block[0] is not h or len(block) < 2:
            continue
        stt += 1
        spouse = next((m for m in block if m.relation == "Vợ"), None)
        wife_head = spouse is not None and rng.random() < 0.15
        listed_head = spouse if wife_head else h
        if wife_head:
            block = [spouse] + [m for m in block if m is not spouse]
        head_cell = listed_head.name if rng.random() < 0.9 else listed_head.name.upper()
        variant = None
        if rng.random() < 0.45:
            variant = hamlet_variant(h.hamlet, rng)
            if variant == h.hamlet:
                variant = None
        hamlet_cell = variant or h.hamlet
        rows = [("resident", m) for m in block]
        if rng.random() < 0.05:
            baby = ctx.pop.person(unit, h.old, h.hamlet, rng.choice("MF"), 2025, surname=h.surname, register=False)
            rows.append(("stranger", baby))
        if listed_elders and stt > 20 and rng.random() < 0.12:
            rows.append(("dup", listed_elders.pop(rng.randrange(len(listed_elders)))))
        first = True
        for what, m in rows:
            if what == "resident":
                used.add(m.rid)
            ex = extra
            if what == "dup":
                # listed in this household: its hamlet is this household's
                ex = hooks(id_style_hook([("plain", 0.8), ("number", 0.15), ("dotted", 0.05)]),
                           _hamlet_hook(h.hamlet))(rng)
            e = _row(ctx, kind, unit, what, m, None, WELFARE_FIELDS, id_share=0.7, dob_plan=plan, extra=ex,
                     caps_rate=0.05)
            if e is None:
                continue
            for c in layout:
                e.cls(c)
            if what == "dup":
                e.cls("member_in_two_households")
            if wife_head:
                e.cls("spouse_listed_as_head")
            if variant:
                e.cls("hamlet_variant")
            rel = m.relation if what == "resident" else ("Con" if what == "stranger" else "Mẹ")
            if wife_head:
                rel = {"Chủ hộ": "Chồng", "Vợ": "Chủ hộ", "Bố": "Bố chồng", "Mẹ": "Mẹ chồng"}.get(rel, rel)
            if what == "dup":
                rel = "Mẹ" if m.sex == "F" else "Bố"
            if what == "resident" and m.relation in ("Bố", "Mẹ"):
                listed_elders.append(m)
            fam, given = split_name(e.name_cell)
            d, mo, y = dob_three(e)
            sex = e.sex
            sh.add([stt if first else None, head_cell, fam, given, d, mo, y,
                    ("x" if rng.random() < 0.8 else "X") if sex == "M" else None,
                    ("x" if rng.random() < 0.8 else "X") if sex == "F" else None,
                    rel, id_text(e, rng) if "id" in e.given or getattr(e, "id_style", "") == "sci" else None,
                    "Kinh" if rng.random() < 0.93 else "Khmer", hamlet_cell, None], entry=e)
            first = False
            n_rows += 1
    signature(sh, nc, unit, ["NGƯỜI LẬP BIỂU", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"],
              date_text="ngày 20 tháng 12 năm 2025")
    return lf


def _hamlet_hook(hamlet):
    def hook(e, rng):
        e.hamlet = hamlet
    return hook


# ---------------------------------------------------------------- 2. ho-ngheo: a district's list of 2024, group rows per commune

def ho_ngheo_district(ctx, spec, fname):
    kind = "ho-ngheo"
    rng = ctx.rng
    units = spec["units"]
    district = spec["district"]
    old_prov = spec["old_province"]
    lf = ListFile(fname, kind,
                  "Danh sách hộ nghèo, hộ cận nghèo cuối năm 2024 của một huyện (trước sáp nhập 2025), tổng "
                  "hợp từ các xã: dòng nhóm theo xã/thị trấn cũ ('1. Xã …', 'THỊ TRẤN …'), 'Cộng: … hộ' sau "
                  "mỗi xã, tên tỉnh cũ trong tiêu đề; không có cột xã; người vợ có khi đứng tên chủ hộ; số "
                  "CMND/CCCD lẫn lộn, có ô đã thành số dạng khoa học ('3.4085E+10') khi dán từ tệp CSV",
                  "Quyết định 24/2021/QĐ-TTg Điều 4 (UBND huyện tổng hợp kết quả rà soát của các xã) và "
                  "phụ lục danh sách của Thông tư 07/2021/TT-BLĐTBXH; đơn vị hành chính cũ theo ward_mapping_2025.tsv")
    sh = lf.sheet("Toan huyen")
    nc = 10
    national_header(sh, nc, f"UBND {district.upper()}\nBAN CHỈ ĐẠO GIẢM NGHÈO")
    title(sh, nc, f"DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2024 - {district.upper()}, {old_prov.upper()}")
    title(sh, nc, "(Kết quả rà soát hộ nghèo, hộ cận nghèo cuối năm 2024)")
    sh.blank()
    header(sh, ["STT", "Họ và tên chủ hộ", "Năm sinh", "Giới tính", "Dân tộc", "Số CMND/CCCD", "Thôn, xóm",
                "Phân loại hộ", "Số khẩu", "Ghi chú"])
    numbering_row(sh, nc, "plain")
    layout = ["district_list", "commune_from_group_row", "old_unit_name", "layout:numbering_row",
              "layout:section_rows"]
    if vn.fold(old_prov) != vn.fold(units[0].province):
        layout.append("old_province_name")
    groups = {}
    for u in units:
        pool = ctx.pool(u, lambda p: (p.relation == "Chủ hộ" or (p.relation == "Vợ" and rng.random() < 0.12))
                        and 1935 < p.dob.year < 1998 and p.old[1] == district)
        people = _base_people(ctx, kind, u, "head", pool, 110, 0.03)
        rows = _mix(ctx, kind, u, people, 0.04, 0.0, lambda u=u: stranger(ctx, u))
        for row in rows:
            groups.setdefault(row[1].old[0], []).append((u, row))
    plan = dob_plan([("year", 1.0)])
    extra = hooks(id_style_hook([("plain", 0.55), ("number", 0.15), ("sci", 0.2), ("dotted", 0.05),
                                 ("spaced", 0.05)]))(rng)
    hh_size = {}
    for p in ctx.pop.people:
        hh_size[p.household] = hh_size.get(p.household, 0) + 1
    stt = 0
    for gi, old_ward in enumerate(sorted(groups), 1):
        label = rng.choice([f"{gi}. {old_ward}", old_ward.upper(), f"{_roman(gi)}. {old_ward.upper()}"])
        r = sh.add([None, label], skip="section_row", bold=True)
        sh.merge(r, 2, r, nc)
        count = 0
        done = []
        part = groups[old_ward]
        for u, (what, p, where) in part:
            e = _row(ctx, kind, u, what, p, where, WELFARE_FIELDS, dob_plan=plan, extra=extra, id_share=0.8,
                     blank_same=True)
            if e is None:
                continue
            for c in layout:
                e.cls(c)
            if old_is_collision(e.person, ctx.pop.units):
                e.cls("old_name_collision")
            if what == "resident" and p.relation == "Vợ":
                e.cls("spouse_listed_as_head")
            stt += 1
            count += 1
            hcell = hamlet_text(e, e.person.hamlet, rng, 0.4) if "hamlet" in e.given else None
            size = hh_size.get(e.person.household, 1) if e.person.household else rng.randint(1, 5)
            sh.add([stt, e.name_cell, dob_text(e, rng), sex_text(e), "Kinh",
                    id_text(e, rng) if e.id and ("id" in e.given or e.id_style == "sci") else None,
                    hcell, rng.choice(["Hộ nghèo", "Hộ cận nghèo", "Hộ cận nghèo"]), size, None], entry=e)
            if what == "resident" and e.status in ("matched", "mismatch"):
                done.append(e.resident)
        if done and rng.random() < 0.5:
            p = rng.choice(done)
            e = _row(ctx, kind, p.unit, "dup", p, None, WELFARE_FIELDS, dob_plan=plan, extra=extra, id_share=0.8)
            if e is not None:
                for c in layout:
                    e.cls(c)
                stt += 1
                count += 1
                sh.add([stt, e.name_cell, dob_text(e, rng), sex_text(e), "Kinh",
                        id_text(e, rng) if e.id and ("id" in e.given or e.id_style == "sci") else None,
                        hamlet_text(e, e.person.hamlet, rng, 0.4), "Hộ cận nghèo", hh_size.get(p.household, 1),
                        None], entry=e)
        sh.add([None, f"Cộng: {count} hộ"], skip="subtotal", bold=True)
    sh.add([None, f"Tổng cộng toàn huyện: {stt} hộ"], skip="total", bold=True)
    signature(sh, nc, units[0], ["NGƯỜI TỔNG HỢP", "TM. UBND HUYỆN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"],
              date_text=f"{district.split(' ', 1)[1]}, ngày 28 tháng 12 năm 2024")
    return lf


def _roman(n):
    return {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX", 10: "X", 11: "XI",
            12: "XII", 13: "XIII", 14: "XIV", 15: "XV"}.get(n, str(n))


# ---------------------------------------------------------------- 3. bao-tro-xa-hoi: checked against VNeID, ID first

def btxh_vneid(ctx, spec, fname):
    kind = "bao-tro-xa-hoi"
    rng = ctx.rng
    unit = spec["unit"]
    lf = ListFile(fname, kind,
                  "Danh sách đối tượng bảo trợ xã hội đối chiếu với CSDLQG về dân cư (bản xuất kiểu VNeID / "
                  "phần mềm quản lý cư trú, Đề án 06): số định danh cá nhân ở cột đầu, 'Họ, chữ đệm và tên' "
                  "(phần lớn chữ hoa), 'Ngày, tháng, năm sinh', 'Nơi thường trú' đầy đủ có huyện/tỉnh cũ, "
                  "'Nơi ở hiện tại'; hai cột ẩn (mã đối tượng, họ tên không dấu để dò tìm); người đã chuyển "
                  "khẩu sang xã khác trong tỉnh vẫn còn trong danh sách",
                  "trường của bản trích xuất thông tin công dân (Luật Cư trú 2020, Nghị định 137/2015/NĐ-CP: "
                  "số định danh cá nhân, họ chữ đệm và tên, ngày tháng năm sinh, giới tính, nơi thường trú, "
                  "nơi ở hiện tại); cột của danh sách bảo trợ xã hội theo DOMAIN.md §6")
    sh = lf.sheet("Doi chieu CSDLQG")
    nc = 12
    national_header(sh, nc, f"UBND {upper_unit(unit)}")
    title(sh, nc, "DANH SÁCH ĐỐI TƯỢNG BẢO TRỢ XÃ HỘI ĐỐI CHIẾU VỚI CƠ SỞ DỮ LIỆU QUỐC GIA VỀ DÂN CƯ")
    title(sh, nc, f"(Thực hiện Đề án 06 - {unit.name}, {unit.province})")
    sh.blank()
    header(sh, ["STT", "Số định danh cá nhân", "Họ, chữ đệm và tên", "HO TEN KHONG DAU", "Ngày, tháng, năm sinh",
                "Giới tính", "Nơi thường trú", "Nơi ở hiện tại", "Mã ĐT", "Diện hưởng", "Mức hưởng (đồng)",
                "Ghi chú"])
    sh.hidden_cols |= {4, 9}
    layout = ["id_first_column", "hidden_columns", "full_address", "layout:qualified_header"]
    pool = ctx.pool(unit, lambda p: p.dob.year < 1950 or p.dob.year > 2008 or rng.random() < 0.03)
    people = _base_people(ctx, kind, unit, "elder", pool, 280, 0.04)
    rows = _mix(ctx, kind, unit, people, 0.04, 0.02, lambda: stranger(ctx, unit, year=rng.randint(1930, 1950)))
    moved = _moved_people(ctx, kind, unit, lambda p: p.dob.year < 1950, 22)
    for p in moved:
        rows.insert(rng.randrange(len(rows) + 1), ("moved", p, None))
    plan = dob_plan([("text", 0.85), ("year_only", 0.1), ("zero_day_month", 0.05)])
    base_hooks = [id_style_hook([("plain", 0.9), ("number", 0.1)])]
    stt = 0
    for what, p, where in rows:
        hs = list(base_hooks)
        mhamlet = None
        if what == "moved":
            old = rng.choice(unit.olds)
            mhamlet = rng.choice(unit.hamlets[old[0]])
            hs.append(_moved_hook(unit, mhamlet))
        e = _row(ctx, kind, unit, "resident" if what == "moved" else what, p, where, WELFARE_FIELDS,
                 id_share=1.0, dob_plan=plan, extra=hooks(*hs)(rng), caps_rate=0.55, legacy=False,
                 allow_cmnd=False)
        if e is None:
            continue
        for c in layout:
            e.cls(c)
        stt += 1
        note = None
        if what == "moved":
            old = next(o for o in unit.olds if mhamlet in unit.hamlets[o[0]])
            hcell = hamlet_text(e, mhamlet, rng, 0.3)
            fake = _FakeOld(old)
            residence = _old_addr(fake, hcell) if rng.random() < 0.6 else _new_addr(None, hcell, unit=unit)
            current = _new_addr(p, p.hamlet) if rng.random() < 0.5 else None
            if rng.random() < 0.4:
                note = f"Đã chuyển khẩu đến {p.unit.name}"
        else:
            hcell = hamlet_text(e, e.person.hamlet, rng, 0.3)
            if rng.random() < 0.6:
                residence = _old_addr(e.person, hcell)
                _tag_old(e, e.person, ctx.pop.units)
            else:
                residence = _new_addr(e.person, hcell)
            current = residence if rng.random() < 0.5 else None
        if "hamlet" not in e.given:
            residence = current = None
            e.cls("no_address")
        coef, amount = (1.5, 750000) if e.dob.year < 1946 else (2.5, 1250000) if e.dob.year > 2008 else (1.0, 500000)
        sh.add([stt, id_text(e, rng) if "id" in e.given else None, e.name_cell, vn.strip_diacritics(e.name).upper(),
                dob_text(e, rng), sex_text(e), residence, current, f"BTXH{rng.randint(10000, 99999)}",
                rng.choice(["Khoản 5 Điều 5", "Khoản 6 Điều 5", "Khoản 1 Điều 5"]), amount, note], entry=e)
    signature(sh, nc, unit, ["CÔNG AN XÃ", "CÔNG CHỨC VĂN HÓA - XÃ HỘI", "CHỦ TỊCH UBND"])
    return lf


class _FakeOld:
    def __init__(self, old):
        self.old = old


# ---------------------------------------------------------------- 4. bao-tro-xa-hoi: 80+ elderly, ages, .ods

def btxh_elderly_ods(ctx, spec, fname):
    kind = "bao-tro-xa-hoi"
    rng = ctx.rng
    unit = spec["unit"]
    lf = ListFile(fname, kind,
                  "Danh sách người cao tuổi từ đủ 80 tuổi trở lên hưởng trợ cấp xã hội hằng tháng, lập bằng "
                  "LibreOffice Calc (.ods): cột 'Tuổi' thay cho năm sinh (tuổi tính theo năm lập danh sách "
                  "2025), danh xưng 'Cụ' (không cho biết giới) trước tên, thôn viết kiểu 'Thôn Ba' / 'Thôn 03' "
                  "khác sổ hộ khẩu; người đã mất chưa được cắt khỏi danh sách",
                  "Nghị định 20/2021/NĐ-CP Điều 5 khoản 5 (người từ đủ 80 tuổi không có lương hưu); cơ quan "
                  "nhà nước dùng phần mềm nguồn mở (Thông tư 20/2014/TT-BTTTT) nên có tệp .ods")
    sh = lf.sheet("Nguoi cao tuoi")
    nc = 10
    national_header(sh, nc, f"UBND {upper_unit(unit)}")
    title(sh, nc, "DANH SÁCH NGƯỜI CAO TUỔI TỪ ĐỦ 80 TUỔI TRỞ LÊN HƯỞNG TRỢ CẤP XÃ HỘI HẰNG THÁNG NĂM 2025")
    sh.blank()
    header(sh, ["TT", "Họ và tên", "Tuổi", "Giới tính", "Thôn", "Số CCCD", "Diện hưởng", "Mức hưởng (đồng)",
                "Thời điểm hưởng", "Ghi chú"])
    layout = ["commune_title_only", "age_instead_of_year", "ods_file"]
    pool = ctx.pool(unit, lambda p: p.dob.year <= LIST_YEAR - 80)
    people = _base_people(ctx, kind, unit, "elder80", pool, 250, 0.1)
    rows = _mix(ctx, kind, unit, people, 0.04, 0.02,
                lambda: stranger(ctx, unit, year=rng.randint(1928, LIST_YEAR - 80)))
    plan = dob_plan([("age", 1.0)])
    extra = hooks(id_style_hook([("plain", 0.8), ("number", 0.15), ("spaced", 0.05)]), _cu_hook(0.3))(rng)
    # sorted by hamlet as the list is kept
    rows.sort(key=lambda r: (r[0] == "dup", (r[1].hamlet if r[1] else "")))
    stt = 0
    for what, p, where in rows:
        e = _row(ctx, kind, unit, what, p, where, WELFARE_FIELDS, id_share=0.6, dob_plan=plan,
                 sub_fields={"name", "sex", "id"}, extra=extra, blank_same=True)
        if e is None:
            continue
        for c in layout:
            e.cls(c)
        stt += 1
        sh.add([stt, e.name_cell, dob_text(e, rng), sex_text(e),
                hamlet_text(e, e.person.hamlet, rng, 0.55) if "hamlet" in e.given else None,
                id_text(e, rng) if "id" in e.given else None, "Người cao tuổi từ đủ 80 tuổi", 500000,
                f"{rng.randint(1, 12):02d}/{rng.randint(2006, 2025)}", None], entry=e)
    sh.add([None, "Tổng cộng", None, None, None, None, None, stt * 500000], skip="total", bold=True)
    sh.add([None, f"(Bằng chữ: {_words(stt * 500000)})"], skip="amount_in_words")
    signature(sh, nc, unit, ["NGƯỜI LẬP BIỂU", "CHỦ TỊCH UBND"])
    return lf


def _cu_hook(rate):
    """'Cụ Nguyễn Văn A': the honorific for the very old, the same for men and women."""
    def hook(e, rng):
        if rng.random() >= rate:
            return
        word = "CỤ" if "all_caps" in e.format else "Cụ"
        if "no_diacritics" in e.format:
            word = vn.strip_diacritics(word)
        elif "mixed_encoding_tcvn3" in e.format:
            word = vn.encode_tcvn3(word)
        elif "mixed_encoding_vni" in e.format:
            word = vn.encode_vni(word)
        e.name_cell = f"{word} {e.name_cell}"
        e.cls("honorific_neutral")
    return hook


# ---------------------------------------------------------------- 5. nguoi-co-cong: a province export, Windows-1258 CSV

def ncc_province_csv(ctx, spec, fname):
    kind = "nguoi-co-cong"
    rng = ctx.rng
    units = spec["units"]
    lf = ListFile(fname, kind,
                  "Danh sách người có công hưởng trợ cấp hằng tháng của nhiều xã trong tỉnh (bản CSV xuất từ "
                  "phần mềm quản lý đối tượng người có công cũ của Sở, mã Windows-1258, dấu ','): cột "
                  "'Xã, phường' (có dòng còn tên xã cũ trước 2025), địa chỉ chỉ có ấp/khóm, sắp theo tên "
                  "trong từng xã; không có dòng tiêu đề nào khác",
                  "DOMAIN.md §6 (cột người có công) và §1.1 (Windows-1258: chữ cái + dấu thanh tổ hợp); "
                  "dạng danh sách cấp tỉnh: Nghị định 131/2021/NĐ-CP (Sở quản lý hồ sơ, chi trả qua xã)")
    sh = lf.sheet("")
    sh.add(["STT", "Mã ĐT", "Họ và tên", "Năm sinh", "Giới tính", "Số CCCD/CMND", "Xã, phường", "Địa chỉ",
            "Loại đối tượng", "Mức trợ cấp (đồng)"], skip="header")
    layout = ["csv_cp1258", "commune_column", "province_list"]
    plan = dob_plan([("year", 0.6), ("text", 0.4)])
    extra = hooks(id_style_hook([("plain", 0.85), ("number", 0.15)]))(rng)
    stt = 0
    for u in units:
        pool = ctx.pool(u, lambda p: p.dob.year < 1962)
        people = _base_people(ctx, kind, u, "elder", pool, 72, 0.04)
        rows = _mix(ctx, kind, u, people, 0.04, 0.02, lambda u=u: stranger(ctx, u, year=rng.randint(1930, 1960)))
        # the software sorts by given name inside a commune; duplicates stay after the first row
        firsts = sorted([r for r in rows if r[0] != "dup"], key=lambda r: (vn.fold(r[1].given), vn.fold(r[1].name)))
        dups = [r for r in rows if r[0] == "dup"]
        for what, p, where in firsts + dups:
            e = _row(ctx, kind, u, what, p, where, WELFARE_FIELDS, id_share=0.7, dob_plan=plan, extra=extra,
                     legacy=False, blank_same=True)
            if e is None:
                continue
            for c in layout:
                e.cls(c)
            stt += 1
            if rng.random() < 0.25:
                commune_cell = e.person.old[0]
                _tag_old(e, e.person, ctx.pop.units)
            else:
                commune_cell = u.name
            sh.add([stt, f"NCC{rng.randint(100000, 999999)}", e.name_cell, dob_text(e, rng), sex_text(e),
                    id_text(e, rng) if "id" in e.given else "", commune_cell,
                    hamlet_text(e, e.person.hamlet, rng, 0.35) if "hamlet" in e.given else "",
                    rng.choice(["Thương binh", "Bệnh binh", "Thân nhân liệt sĩ", "Người HĐKC bị nhiễm CĐHH",
                                "Người có công giúp đỡ cách mạng"]), rng.choice([2055000, 2789000, 3645000])],
                   entry=e)
    return lf


# ---------------------------------------------------------------- 6. nguoi-co-cong: aliases, labelled IDs, text dates, .xls

def ncc_alias_xls(ctx, spec, fname):
    kind = "nguoi-co-cong"
    rng = ctx.rng
    unit = spec["unit"]
    lf = ListFile(fname, kind,
                  "Danh sách người có công với cách mạng của xã (Excel 97-2003 .xls): tên gọi thường ngày "
                  "trong ngoặc sau họ tên ('Nguyễn Văn Ba (Tư)', '(Út)', '(tức Hai)'), cột 'Giấy tờ tùy thân' "
                  "ghi kèm loại ('CCCD: 089…', 'CMND số 35…') hoặc có dấu chấm ('089.045.012.345'), ngày sinh "
                  "viết chữ 'ngày 05 tháng 3 năm 1948' từ hồ sơ gốc, ấp viết theo kiểu bỏ dấu mới ('Ấp Phú Hoà'); "
                  "một cột ẩn (số sổ lĩnh tiền)",
                  "DOMAIN.md §6 (cột người có công); tên gọi theo thứ trong gia đình (Hai, Ba, Tư … Út) ở Nam "
                  "Bộ; ngày tháng viết bằng chữ như trong hồ sơ người có công, giấy tờ hộ tịch")
    sh = lf.sheet("DS NCC")
    nc = 11
    national_header(sh, nc, f"UBND {upper_unit(unit)}")
    title(sh, nc, "DANH SÁCH NGƯỜI CÓ CÔNG VỚI CÁCH MẠNG HƯỞNG TRỢ CẤP ƯU ĐÃI HẰNG THÁNG")
    title(sh, nc, f"{unit.name}, {unit.province} - tháng 12 năm 2025")
    sh.blank()
    header(sh, ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Giấy tờ tùy thân", "Ấp", "Diện đối tượng",
                "Số hồ sơ", "Mức trợ cấp", "Số sổ lĩnh", "Ghi chú"])
    sh.hidden_cols |= {10}
    layout = ["xls_file", "hidden_columns"]
    pool = ctx.pool(unit, lambda p: p.dob.year < 1960)
    people = _base_people(ctx, kind, unit, "elder", pool, 270, 0.04)
    rows = _mix(ctx, kind, unit, people, 0.04, 0.02, lambda: stranger(ctx, unit, year=rng.randint(1930, 1958)))
    plan = dob_plan([("words", 0.35), ("text", 0.4), ("year_only", 0.25)])
    extra = hooks(id_style_hook([("label", 0.55), ("dotted", 0.15), ("plain", 0.25), ("sci", 0.05)]),
                  alias_hook(0.22))(rng)
    stt = 0
    for what, p, where in rows:
        e = _row(ctx, kind, unit, what, p, where, WELFARE_FIELDS, id_share=0.75, dob_plan=plan, extra=extra,
                 blank_same=True)
        if e is None:
            continue
        for c in layout:
            e.cls(c)
        stt += 1
        sh.add([stt, e.name_cell, dob_text(e, rng), sex_text(e),
                id_text(e, rng) if e.id and ("id" in e.given or e.id_style == "sci") else None,
                hamlet_text(e, e.person.hamlet, rng, 0.5) if "hamlet" in e.given else None,
                rng.choice(["Thương binh", "Bệnh binh", "Thân nhân liệt sĩ", "Người HĐKC bị nhiễm CĐHH"]),
                f"{rng.randint(100, 9999)}/NCC", rng.choice([2055000, 2789000, 3645000]),
                f"SL-{rng.randint(1000, 9999)}", None], entry=e)
    signature(sh, nc, unit, ["NGƯỜI LẬP", "CÔNG CHỨC LĐ-TB&XH", "CHỦ TỊCH"])
    return lf


# ---------------------------------------------------------------- 7. dat-dai: public posting of GCN cases

def land_posting(ctx, spec, fname):
    kind = "dat-dai"
    rng = ctx.rng
    unit = spec["unit"]
    lf = ListFile(fname, kind,
                  "Danh sách công khai các trường hợp đủ điều kiện cấp Giấy chứng nhận (niêm yết tại trụ sở UBND "
                  "xã 15 ngày): 'Tên người sử dụng đất' viết 'Hộ ông …' / 'Hộ bà …' / 'Ông …' / 'Bà …', cột "
                  "'Địa chỉ thường trú' của người sử dụng đất cạnh cột 'Địa chỉ thửa đất' (luôn là xã này), "
                  "số giấy tờ ghi kèm loại hoặc có dấu chấm; chủ đất ở xã khác trong tỉnh; chủ đất đã chuyển đi "
                  "mà địa chỉ vẫn ghi xã này; một người nhiều thửa",
                  "Nghị định 101/2024/NĐ-CP (niêm yết công khai kết quả kiểm tra hồ sơ đăng ký, cấp GCN tại "
                  "UBND cấp xã), trường của người sử dụng đất và thửa đất theo DOMAIN.md §6")
    sh = lf.sheet("Cong khai")
    nc = 12
    national_header(sh, nc, f"UBND {upper_unit(unit)}")
    title(sh, nc, "DANH SÁCH CÔNG KHAI CÁC TRƯỜNG HỢP ĐỦ ĐIỀU KIỆN CẤP GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT, "
                  "QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT")
    title(sh, nc, f"(Niêm yết từ ngày 03/11/2025 đến ngày 18/11/2025 tại trụ sở UBND {_lower_type(unit)})")
    sh.blank()
    header(sh, ["STT", "Tên người sử dụng đất", "Năm sinh", "Số CCCD/CMND", "Địa chỉ thường trú", "Thửa đất số",
                "Tờ bản đồ số", "Diện tích (m²)", "Địa chỉ thửa đất", "Mục đích sử dụng", "Nguồn gốc sử dụng",
                "Ghi chú"])
    numbering_row(sh, nc, "paren")
    layout = ["parcel_address_column", "layout:numbering_row"]
    pool = ctx.pool(unit, lambda p: p.relation in ("Chủ hộ", "Vợ", "Chồng") and p.dob.year < 1998)
    people = _base_people(ctx, kind, unit, "head", pool, 240, 0.03)
    rows = _mix(ctx, kind, unit, people, 0.04, 0.0, lambda: stranger(ctx, unit, year=rng.randint(1940, 1995)))
    elsewhere = _moved_people(ctx, kind, unit, lambda p: p.relation == "Chủ hộ" and p.dob.year < 1995, 40)
    for p in elsewhere[:22]:
        rows.insert(rng.randrange(len(rows) + 1), ("elsewhere", p, None))
    for p in elsewhere[22:]:
        rows.insert(rng.randrange(len(rows) + 1), ("moved", p, None))
    plan = dob_plan([("year", 1.0)])
    idh = id_style_hook([("label", 0.45), ("dotted", 0.15), ("plain", 0.3), ("number", 0.1)])
    stt = 0
    for what, p, where in rows:
        mhamlet = None
        hs = [idh]
        if what == "moved":
            old = rng.choice(unit.olds)
            mhamlet = rng.choice(unit.hamlets[old[0]])
            hs.append(_moved_hook(unit, mhamlet))
        reps = 1 + (1 if rng.random() < 0.15 else 0)
        for k in range(reps):
            e = _row(ctx, kind, unit, "resident" if what in ("moved", "elsewhere") else what, p, where, LAND_FIELDS,
                     id_share=0.75, dob_plan=plan, extra=hooks(*hs)(rng), blank_same=k == 0)
            if e is None:
                continue
            for c in layout:
                e.cls(c)
            if k:
                e.cls("owner_many_parcels")
            stt += 1
            cell = e.name_cell
            x = rng.random()
            word = "ông" if e.sex == "M" else "bà"
            caps = "all_caps" in e.format
            prefix = None
            if x < 0.3:
                prefix = "HỘ " + word.upper() if caps else "Hộ " + word
                e.cls("household_prefix")
            elif x < 0.5:
                prefix = word.upper() if caps else word.capitalize()
                e.cls("honorific_in_name")
            if prefix:
                # typed with the name: the same encoding as the rest of the cell
                if "no_diacritics" in e.format:
                    prefix = vn.strip_diacritics(prefix)
                elif "mixed_encoding_tcvn3" in e.format:
                    prefix = vn.encode_tcvn3(prefix)
                elif "mixed_encoding_vni" in e.format:
                    prefix = vn.encode_vni(prefix)
                cell = f"{prefix} {cell}"
            e.name_cell = cell
            if what == "resident" and p.relation in ("Vợ", "Chồng"):
                e.cls("spouse_listed_as_head")
            if what == "elsewhere":
                e.cls("owner_lives_elsewhere")
                addr = _new_addr(p, hamlet_text(e, p.hamlet, rng, 0.3))
            elif what == "moved":
                addr = _new_addr(None, hamlet_text(e, mhamlet, rng, 0.3), unit=unit, with_province=False)
            else:
                style = rng.random()
                h = hamlet_text(e, e.person.hamlet, rng, 0.35)
                if style < 0.35:
                    addr = h
                    e.cls("hamlet_only")
                elif style < 0.7:
                    addr = _new_addr(e.person, h, with_province=False)
                else:
                    addr = _old_addr(e.person, h)
                    _tag_old(e, e.person, ctx.pop.units)
            if "hamlet" not in e.given:
                addr = None
            old = rng.choice(unit.olds)
            parcel = f"{rng.choice(unit.hamlets[old[0]])}, {_lower_type(unit)}"
            sh.add([stt, cell, dob_text(e, rng), id_text(e, rng) if "id" in e.given else None, addr,
                    rng.randint(1, 900), rng.randint(1, 60), round(rng.uniform(80, 2500), 1), parcel,
                    rng.choice(["ONT", "ONT+CLN", "LUC", "CLN", "NTS"]),
                    rng.choice(["Nhà nước giao đất có thu tiền", "Công nhận QSDĐ như giao đất có thu tiền",
                                "Nhận chuyển nhượng", "Nhận thừa kế"]), None], entry=e)
    signature(sh, nc, unit, ["CÔNG CHỨC ĐỊA CHÍNH - XÂY DỰNG", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"])
    return lf


# ---------------------------------------------------------------- 8. dat-dai: one sheet per residential group

def land_by_group_sheets(ctx, spec, fname):
    kind = "dat-dai"
    rng = ctx.rng
    unit = spec["unit"]
    lf = ListFile(fname, kind,
                  "Danh sách kê khai đăng ký đất đai theo tổ dân phố: một trang tính cho mỗi tổ ('TDP so 3'), "
                  "tổ ghi trong tên trang tính và dòng tiêu đề ('TỔ DÂN PHỐ SỐ 3'), tên phường chỉ có ở tên "
                  "tệp, không có cột địa chỉ; cột ẩn 'Họ tên vợ/chồng' (người cùng đứng tên); một người nhiều thửa",
                  "Thông tư 10/2024/TT-BTNMT (kê khai đăng ký đất đai lần đầu: người sử dụng đất, vợ/chồng cùng "
                  "sử dụng, thửa đất); tổ chức theo tổ dân phố như các đợt kê khai do phường tổ chức")
    layout = ["hamlet_in_sheet_name", "commune_in_file_name", "hidden_columns", "other_person_name_column"]
    by_hamlet = {}
    for o in unit.olds:
        for h in unit.hamlets[o[0]]:
            by_hamlet.setdefault(h, [])
    pool = ctx.pool(unit, lambda p: p.relation in ("Chủ hộ", "Vợ", "Chồng") and p.dob.year < 1998)
    people = _base_people(ctx, kind, unit, "head", pool, 250, 0.03)
    rows = _mix(ctx, kind, unit, people, 0.04, 0.0, lambda: stranger(ctx, unit, year=rng.randint(1940, 1995)))
    for row in rows:
        by_hamlet.setdefault(row[1].hamlet, []).append(row)
    spouse_of = {}
    for p in ctx.pop.people:
        if p.unit is unit and p.relation in ("Chủ hộ", "Vợ", "Chồng"):
            spouse_of.setdefault(p.household, []).append(p)
    names = ctx.pop.names
    plan = dob_plan([("year", 1.0)])
    extra = hooks(id_style_hook([("plain", 0.7), ("number", 0.2), ("dotted", 0.1)]))(rng)
    nc = 11
    for h in sorted(by_hamlet, key=lambda h: (len(h), h)):
        part = by_hamlet[h]
        if not part:
            continue
        n = int(h.rsplit(" ", 1)[1]) if h.rsplit(" ", 1)[1].isdigit() else None
        sname = f"TDP so {n}" if n is not None else vn.strip_diacritics(h)[:31]
        sh = lf.sheet(sname)
        title(sh, nc, "DANH SÁCH KÊ KHAI ĐĂNG KÝ ĐẤT ĐAI")
        title(sh, nc, (f"TỔ DÂN PHỐ SỐ {n}" if n is not None else h.upper()))
        sh.blank()
        header(sh, ["STT", "Họ và tên người kê khai", "Năm sinh", "Số CCCD", "Họ tên vợ/chồng", "Thửa số", "Tờ số",
                    "Diện tích (m²)", "Loại đất", "Tình trạng kê khai", "Ký tên"])
        sh.hidden_cols |= {5}
        stt = 0
        for what, p, where in part:
            for k in range(1 + (1 if rng.random() < 0.15 else 0)):
                e = _row(ctx, kind, unit, what, p, where, LAND_FIELDS, id_share=0.6, dob_plan=plan, extra=extra)
                if e is None:
                    continue
                for c in layout:
                    e.cls(c)
                if k:
                    e.cls("owner_many_parcels")
                stt += 1
                sp = [x for x in spouse_of.get(p.household, []) if x is not p] if p.household else []
                if sp:
                    spn = sp[0].name
                elif rng.random() < 0.5:
                    m, g = names.middle_given(rng, "F" if p.sex == "M" else "M", p.dob.year)
                    spn = " ".join([names.surname(rng)] + m + [g])
                else:
                    spn = None
                sh.add([stt, e.name_cell, dob_text(e, rng), id_text(e, rng) if "id" in e.given else None, spn,
                        rng.randint(1, 900), rng.randint(1, 60), round(rng.uniform(40, 400), 1),
                        rng.choice(["ODT", "ODT+CLN", "ODT"]), rng.choice(["Đã kê khai", "Đã kê khai", "Bổ sung"]),
                        None], entry=e)
        sh.blank()
        sh.add([None, f"Tổng số: {stt} trường hợp"], skip="total")
        sh.add([None, "TỔ TRƯỞNG TỔ DÂN PHỐ", None, None, None, None, None, "CÁN BỘ ĐỊA CHÍNH"], skip="signature_roles")
    return lf


# ---------------------------------------------------------------- 9. ho-tich: birth registrations, UTF-16 export

def birth_export_utf16(ctx, spec, fname):
    kind = "ho-tich"
    rng = ctx.rng
    unit = spec["unit"]
    lf = ListFile(fname, kind,
                  "Danh sách đăng ký khai sinh xuất từ phần mềm đăng ký, quản lý hộ tịch điện tử rồi lưu lại "
                  "bằng Excel 'Unicode Text' (UTF-16LE có BOM, phân cách bằng tab, đuôi .csv): một dòng tiêu đề, "
                  "họ tên và năm sinh của mẹ rồi của cha, nơi cư trú (có dòng còn đơn vị cũ), người đi đăng ký, "
                  "loại việc (đăng ký mới, đăng ký lại, quá hạn)",
                  "Luật Hộ tịch 2014 Điều 14 (nội dung đăng ký khai sinh), Thông tư 04/2020/TT-BTP; dạng tệp: "
                  "'Unicode Text' của Excel")
    sh = lf.sheet("")
    sh.add(["STT", "Số đăng ký", "Ngày đăng ký", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Quốc tịch",
            "Nơi sinh", "Số định danh cá nhân", "Họ và tên mẹ", "Năm sinh mẹ", "Họ và tên cha", "Năm sinh cha",
            "Nơi cư trú", "Người đi đăng ký", "Quan hệ", "Loại việc"], skip="header")
    layout = ["csv_utf16_tab", "other_person_name_column"]
    pool = ctx.pool(unit, lambda p: p.dob.year >= 2012 and p.father and p.mother)
    people = _base_people(ctx, kind, unit, "child", pool, 250, 0.0)
    rows = _mix(ctx, kind, unit, people, 0.03, 0.0, lambda: stranger(ctx, unit, year=rng.randint(2012, 2025)))
    plan = dob_plan([("text", 1.0)])
    extra = hooks(id_style_hook([("plain", 1.0)]))(rng)
    rows.sort(key=lambda r: r[1].dob)
    n = 0
    for what, p, where in rows:
        e = _row(ctx, kind, unit, what, p, where, WELFARE_FIELDS, id_share=0.85, dob_plan=plan, extra=extra,
                 caps_rate=0.0, legacy=False)
        if e is None:
            continue
        for c in layout:
            e.cls(c)
        n += 1
        late = rng.random() < 0.15
        reg = e.person.dob + datetime.timedelta(days=rng.randint(400, 2000) if late else rng.randint(3, 55))
        mother = e.person.mother or "Lê Thị Hoa"
        father = e.person.father or ""
        h = hamlet_text(e, e.person.hamlet, rng, 0.3)
        if rng.random() < 0.3:
            res = _old_addr(e.person, h)
            _tag_old(e, e.person, ctx.pop.units)
        else:
            res = _new_addr(e.person, h)
        sh.add([n, f"{n:03d}/{reg.year}", reg.strftime("%d/%m/%Y"), e.name_cell, dob_text(e, rng), sex_text(e),
                "Kinh", "Việt Nam", f"Trung tâm Y tế {rng.choice(['huyện', 'khu vực'])} {short(unit)}",
                id_text(e, rng) if "id" in e.given else "", mother, e.person.dob.year - rng.randint(20, 32),
                father, (e.person.dob.year - rng.randint(22, 36)) if father else "", res,
                father or mother, "Cha" if father else "Mẹ",
                "Đăng ký khai sinh quá hạn" if late else rng.choice(["Đăng ký khai sinh", "Đăng ký khai sinh",
                                                                     "Đăng ký khai sinh lại"])], entry=e)
    return lf


# ---------------------------------------------------------------- 10. ho-tich: digitised paper books, dates in words

def birth_digitised_words(ctx, spec, fname):
    kind = "ho-tich"
    rng = ctx.rng
    unit = spec["unit"]
    lf = ListFile(fname, kind,
                  "Bảng nhập liệu số hóa sổ đăng ký khai sinh giấy 2008–2015 của các xã cũ (trước 2025) nay là "
                  "một xã, mỗi xã cũ một trang tính: ngày sinh và ngày đăng ký chép nguyên văn bằng chữ "
                  "('ngày 05 tháng 3 năm 2012'), nơi cư trú của cha mẹ theo ấp/xã/huyện/tỉnh cũ, số định danh "
                  "chỉ có khi đã bổ sung; tên xã cũ ở tiêu đề mỗi trang",
                  "số hóa sổ hộ tịch (DOMAIN.md §6: sổ giấy nhập lại, ngày viết bằng chữ, lỗi đánh máy; "
                  "Nghệ An QĐ 1811/QĐ-UBND 2020), nội dung khai sinh theo Luật Hộ tịch Điều 14")
    layout = ["old_unit_name", "other_person_name_column", "commune_title_only"]
    pool = ctx.pool(unit, lambda p: 2008 <= p.dob.year <= 2015 and p.father and p.mother)
    people = _base_people(ctx, kind, unit, "child_old", pool, 230, 0.0)
    rows = _mix(ctx, kind, unit, people, 0.03, 0.0, lambda: _stranger_in_old(ctx, unit, 2008, 2015))
    by_old = {}
    for row in rows:
        by_old.setdefault(row[1].old[0], []).append(row)
    plan = dob_plan([("words", 0.75), ("text", 0.25)])
    extra = hooks(id_style_hook([("plain", 1.0)]))(rng)
    nc = 15
    for old_ward in sorted(by_old):
        old = next(o for o in unit.olds if o[0] == old_ward)
        sh = lf.sheet(vn.strip_diacritics(old_ward)[:31])
        title(sh, nc, f"SỐ HÓA SỔ ĐĂNG KÝ KHAI SINH - UBND {old_ward.upper()} - NĂM 2008 - 2015")
        header(sh, ["Số TT", "Quyển số", "Ngày đăng ký", "Họ và tên người được khai sinh", "Giới tính", "Ngày sinh",
                    "Nơi sinh", "Dân tộc", "Họ tên mẹ", "Nơi cư trú của mẹ", "Họ tên cha", "Nơi cư trú của cha",
                    "Người đi khai sinh", "Số định danh (bổ sung)", "Ghi chú"])
        part = sorted(by_old[old_ward], key=lambda r: r[1].dob)
        k = 0
        for what, p, where in part:
            e = _row(ctx, kind, unit, what, p, where, WELFARE_FIELDS, id_share=0.35, dob_plan=plan, extra=extra,
                     caps_rate=0.03)
            if e is None:
                continue
            for c in layout:
                e.cls(c)
            if old_is_collision(e.person, ctx.pop.units):
                e.cls("old_name_collision")
            k += 1
            reg = e.person.dob + datetime.timedelta(days=rng.randint(5, 60))
            h = hamlet_text(e, e.person.hamlet, rng, 0.3)
            addr = f"{h}, {_lower_type_name(old[0])}, {_lower_type_name(old[1])}, {old[2]}"
            mother = e.person.mother or "Lê Thị Hoa"
            father = e.person.father or ""
            sh.add([k, f"01/{reg.year}", _words_date_plain(reg, rng), e.name_cell, sex_text(e), dob_text(e, rng),
                    f"Trạm y tế {_lower_type_name(old[0])}", "Kinh", mother, addr, father or None,
                    addr if father else None, father or mother,
                    id_text(e, rng) if "id" in e.given else None, None], entry=e)
    return lf


def _lower_type_name(name):
    head, _, rest = name.partition(" ")
    return f"{head.lower()} {rest}"


def _words_date_plain(d, rng):
    from forms2 import words_date
    return words_date(d, rng)


def _stranger_in_old(ctx, unit, y1, y2):
    rng = ctx.rng
    old = rng.choice(unit.olds)
    hamlet = rng.choice(unit.hamlets[old[0]])
    p = ctx.pop.person(unit, old, hamlet, rng.choice("MF"), rng.randint(y1, y2), register=False)
    m, g = ctx.pop.names.middle_given(rng, "F", p.dob.year - 25)
    p.mother = " ".join([ctx.pop.names.surname(rng)] + m + [g])
    m, g = ctx.pop.names.middle_given(rng, "M", p.dob.year - 25)
    p.father = " ".join([p.surname] + m + [g])
    return p


# ---------------------------------------------------------------- 11. ho-tich: death register

def death_register(ctx, spec, fname):
    kind = "ho-tich"
    rng = ctx.rng
    unit = spec["unit"]
    lf = ListFile(fname, kind,
                  "Sổ đăng ký khai tử năm 2025 (nội dung theo tờ khai khai tử của Thông tư 04/2020/TT-BTP): họ "
                  "tên người chết, ngày sinh, giới tính, nơi cư trú cuối cùng, giấy tờ tùy thân ('CCCD số …'), "
                  "thời gian chết ('14 giờ 30 phút, ngày 03/05/2025') và nơi chết, nguyên nhân, số giấy báo tử, "
                  "người đi khai tử (thường là con, có trong CSDL) và quan hệ; dòng khóa sổ. Có người đã đăng ký "
                  "khai tử mà CSDL dân cư chưa cập nhật",
                  "Luật Hộ tịch 2014 Điều 33–34, tờ khai đăng ký khai tử (Thông tư 04/2020/TT-BTP): họ chữ đệm "
                  "tên, ngày tháng năm sinh, giới tính, nơi cư trú cuối cùng, giấy tờ tùy thân, thời gian/nơi/"
                  "nguyên nhân chết, số giấy báo tử; người yêu cầu và quan hệ với người chết")
    sh = lf.sheet("So khai tu 2025")
    nc = 16
    title(sh, nc, f"UBND {upper_unit(unit)}")
    title(sh, nc, "SỔ ĐĂNG KÝ KHAI TỬ")
    title(sh, nc, "Quyển số: 01/2025")
    sh.blank()
    header(sh, ["Số", "Ngày, tháng, năm đăng ký", "Họ, chữ đệm, tên người chết", "Ngày, tháng, năm sinh",
                "Giới tính", "Dân tộc", "Quốc tịch", "Nơi cư trú cuối cùng", "Giấy tờ tùy thân",
                "Thời gian chết", "Nơi chết", "Nguyên nhân chết", "Số Giấy báo tử",
                "Họ, chữ đệm, tên người đi khai tử", "Quan hệ với người chết", "Ghi chú"])
    numbering_row(sh, nc, "paren")
    layout = ["death_register", "death_date_column", "other_person_name_column", "layout:numbering_row",
              "layout:closing_note"]
    dead = [p for p in ctx.pop.people if p.unit is unit and p.dead and p.death_date.year == 2025]
    rng.shuffle(dead)
    dead = dead[:135]
    alive = [p for p in ctx.pop.people if p.unit is unit and not p.dead and p.dob.year < 1955]
    rng.shuffle(alive)
    alive = alive[:16]
    rows = [("resident", p, None) for p in dead] + [("unrecorded", p, None) for p in alive]
    for _ in range(6):
        rows.append(("stranger", stranger(ctx, unit, year=rng.randint(1930, 1960)), None))
    rng.shuffle(rows)
    death_of = {}
    for what, p, _ in rows:
        if what == "unrecorded":
            death_of[id(p)] = datetime.date(2025, 10, 1) + datetime.timedelta(days=rng.randrange(45))
        elif what == "stranger":
            death_of[id(p)] = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(300))
        else:
            death_of[id(p)] = p.death_date
    rows.sort(key=lambda r: death_of[id(r[1])])
    kids = {}
    for p in ctx.pop.people:
        if p.unit is unit and p.relation == "Con":
            kids.setdefault(p.household, []).append(p)
    for p in dead + alive:
        ctx.used_set(kind).add(p.rid)
    plan = dob_plan([("text", 0.65), ("year_only", 0.2), ("words", 0.1), ("zero_day_month", 0.05)])
    extra = hooks(id_style_hook([("label", 0.6), ("plain", 0.4)]))(rng)
    k = 0
    for what, p, where in rows:
        e = _row(ctx, kind, unit, "resident" if what == "unrecorded" else what, p, where, WELFARE_FIELDS,
                 id_share=0.8, dob_plan=plan, extra=extra, caps_rate=0.05)
        if e is None:
            continue
        for c in layout:
            e.cls(c)
        if what == "unrecorded":
            e.cls("death_not_in_registry")
        k += 1
        dd = death_of[id(p)]
        reg = dd + datetime.timedelta(days=rng.randint(1, 14))
        h = hamlet_text(e, e.person.hamlet, rng, 0.4)
        addr = _new_addr(e.person, h) if rng.random() < 0.6 else _old_addr(e.person, h)
        ks = kids.get(p.household) if p.household else None
        if ks:
            informant = rng.choice(ks)
            inf_name, rel = informant.name, "Con"
        else:
            names = ctx.pop.names
            m, g = names.middle_given(rng, "M", max(1950, p.dob.year + 25))
            inf_name, rel = " ".join([p.surname] + m + [g]), rng.choice(["Con", "Cháu", "Em"])
        when = (f"{rng.randint(0, 23):02d} giờ {rng.choice([0, 15, 30, 45]):02d} phút, ngày {dd.strftime('%d/%m/%Y')}"
                if rng.random() < 0.6 else dd.strftime("%d/%m/%Y"))
        sh.add([k, reg.strftime("%d/%m/%Y"), e.name_cell, dob_text(e, rng), sex_text(e), "Kinh", "Việt Nam", addr,
                id_text(e, rng) if "id" in e.given else None, when, rng.choice(["Tại nhà", "Tại nhà",
                                                                                 "Bệnh viện đa khoa tỉnh"]),
                rng.choice(["Bệnh già", "Bệnh", "Tai biến mạch máu não", "Ung thư"]),
                f"{rng.randint(1, 300)}/GBT", inf_name, rel, None], entry=e)
    sh.blank()
    sh.add([None, f"Sổ này có {k} trường hợp đăng ký khai tử"], skip="note")
    sh.add([None, "Ngày 31 tháng 12 năm 2025"], skip="signature_place_date")
    sh.add([None, "NGƯỜI GIỮ SỔ", None, None, None, None, None, None, None, None, "CHỦ TỊCH"], skip="signature_roles")
    return lf
