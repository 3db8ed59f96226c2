//! Sorted 64-bit key → resident multimaps: compact (12 bytes an entry), built with a parallel
//! sort, searched by binary search, and saved to the index file as they are.

use rayon::prelude::*;

/// FNV-1a over bytes with a final avalanche; stable across runs and machines (saved in indexes).
pub fn hash_bytes(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (k, p) in parts.iter().enumerate() {
        if k > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        for &b in *p {
            h ^= b as u64;
            h = h.wrapping_mul(0x100_0000_01b3);
        }
    }
    // splitmix64 finaliser
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

pub fn hash_str(s: &str) -> u64 {
    hash_bytes(&[s.as_bytes()])
}

/// Key of a text and a number (a name and a birth year, a given name and a packed date).
pub fn hash_with(s: &str, n: u32) -> u64 {
    hash_bytes(&[s.as_bytes(), &n.to_le_bytes()])
}

/// key → residents, sorted by key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyIndex {
    pub keys: Vec<u64>,
    pub vals: Vec<u32>,
}

impl KeyIndex {
    pub fn from_pairs(mut pairs: Vec<(u64, u32)>) -> Self {
        pairs.par_sort_unstable();
        let (keys, vals) = pairs.into_iter().unzip();
        KeyIndex { keys, vals }
    }

    pub fn get(&self, key: u64) -> &[u32] {
        let lo = self.keys.partition_point(|&k| k < key);
        let hi = lo + self.keys[lo..].partition_point(|&k| k == key);
        &self.vals[lo..hi]
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Keys that occur more than once, counted once per extra occurrence.
    pub fn repeated(&self) -> usize {
        self.keys.windows(2).filter(|w| w[0] == w[1]).count()
    }
}

/// key → count (frequency tables), sorted by key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountIndex {
    pub keys: Vec<u64>,
    pub counts: Vec<u32>,
}

impl CountIndex {
    pub fn from_keys(mut keys: Vec<u64>) -> Self {
        keys.par_sort_unstable();
        let mut out = CountIndex::default();
        for k in keys {
            if out.keys.last() == Some(&k) {
                if let Some(c) = out.counts.last_mut() {
                    *c += 1;
                }
            } else {
                out.keys.push(k);
                out.counts.push(1);
            }
        }
        out
    }

    pub fn get(&self, key: u64) -> u32 {
        match self.keys.binary_search(&key) {
            Ok(i) => self.counts[i],
            Err(_) => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multimap_lookups() {
        let idx = KeyIndex::from_pairs(vec![(5, 1), (3, 0), (5, 2), (9, 3)]);
        assert_eq!(idx.get(5), &[1, 2]);
        assert_eq!(idx.get(3), &[0]);
        assert!(idx.get(4).is_empty());
        assert!(idx.get(10).is_empty());
        assert_eq!(idx.repeated(), 1);
        let c = CountIndex::from_keys(vec![7, 7, 1, 7]);
        assert_eq!(c.get(7), 3);
        assert_eq!(c.get(1), 1);
        assert_eq!(c.get(2), 0);
    }

    const PINNED_NGUYEN_VAN_AN: u64 = 10_568_995_984_369_938_586;

    #[test]
    fn hashes_are_stable() {
        // Saved in index files: must never change between versions without a format bump.
        assert_eq!(hash_str("nguyen van an"), hash_str("nguyen van an"));
        assert_ne!(hash_with("nguyen van an", 1960), hash_with("nguyen van an", 1961));
        assert_ne!(hash_bytes(&[b"ab", b"c"]), hash_bytes(&[b"a", b"bc"]));
        assert_eq!(hash_str("nguyen van an"), PINNED_NGUYEN_VAN_AN);
    }
}
