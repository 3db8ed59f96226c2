//! The texts of one output row in one allocation. The big lists render every row once, in
//! parallel, and then write the rows in order (a row of the verification list is shown on two
//! sheets; the clean list measures its column widths before it writes).

/// `N` texts packed into one string.
#[derive(Debug, Clone)]
pub struct Texts<const N: usize> {
    buf: String,
    ends: [u32; N],
}

impl<const N: usize> Texts<N> {
    pub fn new<S: AsRef<str>>(parts: [S; N]) -> Self {
        let mut buf = String::with_capacity(parts.iter().map(|p| p.as_ref().len()).sum());
        let mut ends = [0u32; N];
        for (end, p) in ends.iter_mut().zip(&parts) {
            buf.push_str(p.as_ref());
            *end = buf.len() as u32;
        }
        Texts { buf, ends }
    }

    pub fn get(&self, k: usize) -> &str {
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        &self.buf[start..self.ends[k] as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..N).map(|k| self.get(k))
    }
}

#[cfg(test)]
mod tests {
    use super::Texts;

    #[test]
    fn parts_come_back_as_given() {
        let t = Texts::new(["Nguyễn Văn Hùng", "", "12/03/1985", "Xã Lộc Ninh"]);
        assert_eq!(
            t.iter().collect::<Vec<_>>(),
            ["Nguyễn Văn Hùng", "", "12/03/1985", "Xã Lộc Ninh"]
        );
        assert_eq!(t.get(2), "12/03/1985");
        let empty = Texts::new(["", ""]);
        assert_eq!(empty.get(0), "");
        assert_eq!(empty.get(1), "");
    }
}
