//! residents.csv: the police's extract of the population database (clean Unicode NFC,
//! old-style tones, Title Case), streamed row by row.

use std::path::Path;

use super::people::Population;
use super::tables::TABLES;

pub const HEADER: [&str; 14] = [
    "Số định danh cá nhân",
    "Số CMND",
    "Họ, chữ đệm và tên",
    "Ngày, tháng, năm sinh",
    "Giới tính",
    "Nơi thường trú",
    "Xã/Phường",
    "Tỉnh/Thành phố",
    "Mã hộ",
    "Quan hệ với chủ hộ",
    "Họ tên cha",
    "Họ tên mẹ",
    "Tình trạng",
    "Ngày mất",
];

pub fn write_residents(path: &Path, pop: &Population) -> std::io::Result<()> {
    let file = std::fs::File::create(path)?;
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file));
    w.write_record(HEADER)?;
    let area = &TABLES.area;
    for (i, r) in pop.residents.iter().enumerate() {
        let h = pop.household_of(i);
        let (commune, hamlet) = match area.old_communes.get(h.old_commune) {
            Some(o) => (
                area.new_communes
                    .get(o.new_commune)
                    .map_or("", |c| c.name.as_str()),
                pop.hamlet_label(h),
            ),
            None => ("", String::new()),
        };
        let address = format!("{hamlet}, {commune}, {}", area.new_province);
        let dob = r.dob.ddmmyyyy();
        // a few living people have an empty status, as in real extracts
        let (status, death) = match &r.death {
            Some(d) => ("Đã chết", d.ddmmyyyy()),
            None if i % 19 == 7 => ("", String::new()),
            None => ("Còn sống", String::new()),
        };
        w.write_record([
            r.id.as_str(),
            r.cmnd.as_deref().unwrap_or(""),
            &r.name.full(),
            &dob,
            r.sex.label_vi(),
            &address,
            commune,
            &area.new_province,
            &h.code,
            r.relation,
            &r.father,
            &r.mother,
            status,
            &death,
        ])?;
    }
    w.flush()?;
    Ok(())
}
