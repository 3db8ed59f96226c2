//! What a cell's text looks like, before any field is parsed from it: a date, the digits of an
//! ID number. Shared by the layout finder and the column guess.

/// Longest run of digits, ignoring the spaces, dots and dashes typed inside ID numbers.
pub fn longest_digit_run(s: &str) -> usize {
    let mut best = 0;
    let mut run = 0;
    for c in s.chars() {
        if c.is_ascii_digit() {
            run += 1;
            best = best.max(run);
        } else if !matches!(c, ' ' | '.' | '-') {
            run = 0;
        }
    }
    best
}

/// The whole cell is a date: "12/03/1955", "1-5-60", "06/1960", "1955-03-12".
pub fn is_date_text(s: &str) -> bool {
    let parts: Vec<&str> = s.trim().split(['/', '-', '.']).collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
        && parts.iter().any(|p| p.len() >= 2)
}
