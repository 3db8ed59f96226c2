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

/// key → residents, sorted by key, with a bucket table over the key range so that a look-up
/// binary-searches a handful of entries instead of the whole array (the keys are hashes, or ID
/// numbers spread over their range; the table costs one byte per entry and is rebuilt on load).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyIndex {
    pub keys: Vec<u64>,
    pub vals: Vec<u32>,
    buckets: Buckets,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Buckets {
    min: u64,
    shift: u32,
    /// `starts[b]` = first entry whose bucket is `b` or later; one more than the buckets.
    starts: Vec<u32>,
}

impl Buckets {
    fn build(keys: &[u64]) -> Buckets {
        let (Some(&min), Some(&max)) = (keys.first(), keys.last()) else {
            return Buckets::default();
        };
        // About four entries a bucket.
        let bits = (keys.len() / 4)
            .max(2)
            .next_power_of_two()
            .trailing_zeros()
            .min(30);
        let span_bits = 64 - (max - min).leading_zeros();
        let shift = span_bits.saturating_sub(bits);
        let count = (((max - min) >> shift) + 1) as usize;
        let mut starts = crate::pages::with_capacity(count + 1);
        let mut e = 0usize;
        for b in 0..count as u64 {
            while e < keys.len() && (keys[e] - min) >> shift < b {
                e += 1;
            }
            starts.push(e as u32);
        }
        starts.push(keys.len() as u32);
        Buckets { min, shift, starts }
    }

    /// The range of entries that may hold `key`.
    fn range(&self, key: u64) -> std::ops::Range<usize> {
        if key < self.min || self.starts.len() < 2 {
            return 0..0;
        }
        let b = ((key - self.min) >> self.shift) as usize;
        match (self.starts.get(b), self.starts.get(b + 1)) {
            (Some(&lo), Some(&hi)) => lo as usize..hi as usize,
            _ => 0..0,
        }
    }
}

impl KeyIndex {
    pub fn from_pairs(mut pairs: Vec<(u64, u32)>) -> Self {
        pairs.par_sort_unstable();
        let (keys, vals) = pairs.into_iter().unzip();
        KeyIndex::from_sorted(keys, vals)
    }

    /// From keys already sorted (as saved in an index file) and their residents.
    pub fn from_sorted(keys: Vec<u64>, vals: Vec<u32>) -> Self {
        let buckets = Buckets::build(&keys);
        KeyIndex {
            keys,
            vals,
            buckets,
        }
    }

    pub fn get(&self, key: u64) -> &[u32] {
        let r = self.buckets.range(key);
        let Some(slice) = self.keys.get(r.clone()) else {
            return &[];
        };
        let lo = r.start + slice.partition_point(|&k| k < key);
        let hi = lo + self.keys[lo..r.end].partition_point(|&k| k == key);
        &self.vals[lo..hi]
    }

    /// The residents of every key in `keys`, appended to `out` in the order of `keys` (as
    /// repeated [`KeyIndex::get`]). The keys' buckets and first entries are read first, in loops
    /// whose reads do not depend on each other, so that the processor fetches them from memory
    /// side by side (a hundred one-edit neighbours of an ID lie all over the index).
    pub fn get_many(&self, keys: &[u64], out: &mut Vec<u32>) {
        let ranges: Vec<std::ops::Range<usize>> =
            keys.iter().map(|&k| self.buckets.range(k)).collect();
        let touched = ranges.iter().fold(0u64, |acc, r| {
            acc.wrapping_add(self.keys.get(r.start).copied().unwrap_or(0))
        });
        std::hint::black_box(touched);
        for (&key, r) in keys.iter().zip(ranges) {
            let Some(slice) = self.keys.get(r.clone()) else {
                continue;
            };
            let lo = r.start + slice.partition_point(|&k| k < key);
            let hi = lo + self.keys[lo..r.end].partition_point(|&k| k == key);
            out.extend_from_slice(&self.vals[lo..hi]);
        }
    }

    /// Bytes held (keys, residents, bucket table).
    pub fn heap_bytes(&self) -> usize {
        self.keys.capacity() * 8 + self.vals.capacity() * 4 + self.buckets.starts.capacity() * 4
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
    fn many_lookups_at_once_are_the_single_lookups_in_order() {
        let pairs: Vec<(u64, u32)> = (0..5000u32)
            .map(|i| ((u64::from(i) * 7919) % 10_007, i))
            .collect();
        let idx = KeyIndex::from_pairs(pairs);
        let keys = [5u64, 0, 10_006, 3, 5, 99_999, 7919, 1, u64::MAX];
        let mut many = Vec::new();
        idx.get_many(&keys, &mut many);
        let one_by_one: Vec<u32> = keys.iter().flat_map(|&k| idx.get(k).to_vec()).collect();
        assert_eq!(many, one_by_one);
        assert!(!many.is_empty());
        let mut none = vec![42];
        KeyIndex::default().get_many(&keys, &mut none);
        assert_eq!(none, [42]);
    }

    #[test]
    fn multimap_lookups() {
        let idx = KeyIndex::from_pairs(vec![(5, 1), (3, 0), (5, 2), (9, 3)]);
        assert_eq!(idx.get(5), &[1, 2]);
        assert_eq!(idx.get(3), &[0]);
        assert!(idx.get(4).is_empty());
        assert!(idx.get(10).is_empty());
        assert!(idx.get(0).is_empty());
        assert!(idx.get(u64::MAX).is_empty());
        assert!(KeyIndex::default().get(5).is_empty());
        assert_eq!(idx.repeated(), 1);
        let c = CountIndex::from_keys(vec![7, 7, 1, 7]);
        assert_eq!(c.get(7), 3);
        assert_eq!(c.get(1), 1);
        assert_eq!(c.get(2), 0);
    }

    #[test]
    fn bucketed_lookups_agree_with_a_linear_scan() {
        // hashes over the whole range, ID-like numbers in a narrow one, and repeats
        for keys in [
            (0..5000u64)
                .map(|i| hash_with("k", i as u32 % 3000))
                .collect::<Vec<_>>(),
            (0..5000u64)
                .map(|i| 79_000_000_000 + (i * 7919) % 4000)
                .collect(),
            vec![u64::MAX, 0, u64::MAX, 1],
        ] {
            let idx = KeyIndex::from_pairs(
                keys.iter()
                    .enumerate()
                    .map(|(i, &k)| (k, i as u32))
                    .collect(),
            );
            for &k in keys.iter().chain(&[2, 3, u64::MAX - 1, 79_000_000_001]) {
                let mut want: Vec<u32> = keys
                    .iter()
                    .enumerate()
                    .filter(|&(_, &x)| x == k)
                    .map(|(i, _)| i as u32)
                    .collect();
                want.sort_unstable();
                assert_eq!(idx.get(k), want.as_slice(), "{k}");
            }
        }
    }

    const PINNED_NGUYEN_VAN_AN: u64 = 10_568_995_984_369_938_586;

    #[test]
    fn hashes_are_stable() {
        // Saved in index files: must never change between versions without a format bump.
        assert_eq!(hash_str("nguyen van an"), hash_str("nguyen van an"));
        assert_ne!(
            hash_with("nguyen van an", 1960),
            hash_with("nguyen van an", 1961)
        );
        assert_ne!(hash_bytes(&[b"ab", b"c"]), hash_bytes(&[b"a", b"bc"]));
        assert_eq!(hash_str("nguyen van an"), PINNED_NGUYEN_VAN_AN);
    }
}
