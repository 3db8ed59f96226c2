//! Dates of birth: free text, typed cells (serials, dates), under varied contexts.
#![no_main]
use doikhop::fields::date::{self, DateContext};
use doikhop::model::Cell;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (flags, rest) = data.split_first().map(|(f, r)| (*f, r)).unwrap_or((0, data));
    let ctx = DateContext {
        date1904: flags & 1 != 0,
        numbers_are_serials: flags & 2 != 0,
        typical_age: if flags & 4 != 0 { (60, 110) } else { (0, 110) },
        id_birth_year: (flags & 8 != 0).then_some(1900 + i32::from(flags)),
        ..DateContext::default()
    };
    let text = String::from_utf8_lossy(rest);
    let _ = date::parse_date_text(&text, &ctx);
    let _ = date::parse_date_cell(&Cell::Text(text.to_string()), &ctx);
    if rest.len() >= 8 {
        let bytes: [u8; 8] = rest[..8].try_into().unwrap_or([0; 8]);
        let _ = date::parse_date_cell(&Cell::Float(f64::from_le_bytes(bytes)), &ctx);
        let _ = date::parse_date_cell(&Cell::Int(i64::from_le_bytes(bytes)), &ctx);
        let serial = i64::from_le_bytes(bytes);
        if let Some((dob, _)) = date::serial_to_date(serial, ctx.date1904) {
            let _ = date::date_to_serial(&dob, ctx.date1904);
        }
        let year = i32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        let _ = date::parse_date_cell(
            &Cell::Date {
                year,
                month: bytes[4],
                day: bytes[5],
            },
            &ctx,
        );
    }
});
