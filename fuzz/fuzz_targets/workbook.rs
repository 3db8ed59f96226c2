//! Reading a workbook from bytes (calamine's format detection, our zip checks and the streaming
//! sheet reader), then the table detection on every sheet read.
#![no_main]
use doikhop::ingest::{ReadLimits, SheetRead, layout, workbook};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = ReadLimits {
        max_area: 1 << 20,
        ..ReadLimits::default()
    };
    let Ok(sheets) = workbook::read_workbook_bytes(data, &limits) else {
        return;
    };
    let Ok(rules) = doikhop::rules::Rules::builtin("ho-ngheo") else {
        return;
    };
    for s in sheets {
        if let SheetRead::Grid(mut grid) = s {
            grid.decode_legacy_text();
            let _ = layout::find_table(&grid, &rules);
        }
    }
});
