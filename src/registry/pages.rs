//! Large registry columns on 2 MiB pages.
//!
//! Matching reads the registry's columns at random positions (a row's candidates are scattered
//! over the whole extract). With 4 KiB pages every such read of a 10-million-resident column
//! also misses the TLB and walks the page tables; the kernel's transparent huge pages make the
//! columns a few hundred TLB entries instead of half a million. Many systems enable them only
//! for ranges that ask (`/sys/kernel/mm/transparent_hugepage/enabled` = `madvise`), so the
//! columns ask, before they are filled. Only a hint: where the kernel declines, nothing changes.

/// Below this a column fits the TLB anyway.
const MIN_BYTES: usize = 8 << 20;

/// Ask for huge pages for the (not yet touched) capacity of `v`.
pub fn advise_huge<T>(v: &Vec<T>) {
    #[cfg(target_os = "linux")]
    {
        let bytes = v.capacity().saturating_mul(std::mem::size_of::<T>());
        if bytes < MIN_BYTES {
            return;
        }
        const PAGE: usize = 4096;
        let start = v.as_ptr() as usize;
        let first = start.div_ceil(PAGE) * PAGE;
        let end = (start + bytes) / PAGE * PAGE;
        if end > first {
            // SAFETY: madvise(MADV_HUGEPAGE) is advice about how to back the pages of a range
            // that lies inside this live allocation (page-aligned inward); it changes neither
            // the contents nor the validity of the memory, and its failure is harmless.
            unsafe {
                libc::madvise(first as *mut libc::c_void, end - first, libc::MADV_HUGEPAGE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = v;
}

/// A vector with room for `n` items, on huge pages where the kernel allows.
pub fn with_capacity<T>(n: usize) -> Vec<T> {
    let v = Vec::with_capacity(n);
    advise_huge(&v);
    v
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_large_column_is_usable_after_the_advice() {
        let mut v: Vec<u64> = super::with_capacity(3 << 20);
        v.extend(0..3u64 << 20);
        assert_eq!(v.len(), 3 << 20);
        assert_eq!(v[12345], 12345);
        assert_eq!(v.iter().sum::<u64>(), ((3u64 << 20) - 1) * (3 << 20) / 2);
    }
}
