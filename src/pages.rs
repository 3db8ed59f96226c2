//! Large allocations on 2 MiB pages.
//!
//! Matching reads the registry's columns at random positions (a row's candidates are scattered
//! over the whole extract). With 4 KiB pages every such read of a 10-million-resident column
//! also misses the TLB and walks the page tables; the kernel's transparent huge pages make the
//! columns a few hundred TLB entries instead of half a million. A big run also touches gigabytes
//! of fresh memory (the lists, their rows, the decisions): one fault per 2 MiB instead of one
//! per 4 KiB halves the time the kernel spends providing it (measured on the benchmark machine:
//! 4 GiB first touched in 11.6 s with 4 KiB pages, 5.3 s with 2 MiB pages).
//!
//! Many systems enable huge pages only for ranges that ask
//! (`/sys/kernel/mm/transparent_hugepage/enabled` = `madvise`), so the registry's columns ask
//! before they are filled, and the `doikhop` program's allocator ([`HugePageAlloc`]) asks for
//! every large allocation. Only a hint: where the kernel declines, nothing changes.

use std::alloc::{GlobalAlloc, Layout, System};

/// Below this an allocation gains little (it spans at most a few huge pages).
const MIN_BYTES: usize = 8 << 20;

/// Ask for huge pages for the (not yet touched) capacity of `v`.
pub fn advise_huge<T>(v: &Vec<T>) {
    advise_range(
        v.as_ptr() as usize,
        v.capacity().saturating_mul(std::mem::size_of::<T>()),
    );
}

/// Ask for huge pages for the memory at `start..start + bytes` (page-aligned inward), when it is
/// large enough to gain from them.
fn advise_range(start: usize, bytes: usize) {
    #[cfg(target_os = "linux")]
    {
        if bytes < MIN_BYTES {
            return;
        }
        const PAGE: usize = 4096;
        let first = start.div_ceil(PAGE) * PAGE;
        let end = start.saturating_add(bytes) / PAGE * PAGE;
        if end > first {
            // SAFETY: madvise(MADV_HUGEPAGE) is advice about how to back the pages of a range
            // that lies inside a live allocation of the caller (page-aligned inward); it
            // changes neither the contents nor the validity of the memory, and its failure is
            // harmless.
            unsafe {
                libc::madvise(first as *mut libc::c_void, end - first, libc::MADV_HUGEPAGE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (start, bytes);
}

/// The system allocator, asking for huge pages for every allocation of at least 8 MiB (the
/// `doikhop` program's global allocator).
pub struct HugePageAlloc;

// SAFETY: every call is passed to the system allocator unchanged; the only addition is advice
// about the pages of the block it returned (see `advise_range`).
unsafe impl GlobalAlloc for HugePageAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is the system allocator's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            advise_range(p as usize, layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is the system allocator's.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            advise_range(p as usize, layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract is the system allocator's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() && new_size > layout.size() {
            advise_range(p as usize, new_size);
        }
        p
    }
}

/// A vector with room for `n` items, on huge pages where the kernel allows.
pub fn with_capacity<T>(n: usize) -> Vec<T> {
    let v = Vec::with_capacity(n);
    advise_huge(&v);
    v
}

#[cfg(test)]
mod tests {
    use std::alloc::{GlobalAlloc, Layout};

    #[test]
    fn the_allocator_keeps_contents_through_growth_and_shrinking() {
        let a = super::HugePageAlloc;
        let small = Layout::from_size_align(64, 8).unwrap();
        let big = 16usize << 20;
        // SAFETY: layouts are non-zero sized; every block is written within its size and
        // freed once with the layout it has.
        unsafe {
            let p = a.alloc(small);
            assert!(!p.is_null());
            p.write_bytes(0xAB, 64);
            // small → large crosses the advice threshold
            let p = a.realloc(p, small, big);
            assert!(!p.is_null());
            assert!((0..64).all(|i| *p.add(i) == 0xAB));
            *p.add(big - 1) = 7;
            let big_layout = Layout::from_size_align(big, 8).unwrap();
            let p = a.realloc(p, big_layout, 128);
            assert!((0..64).all(|i| *p.add(i) == 0xAB));
            a.dealloc(p, Layout::from_size_align(128, 8).unwrap());
            let z = a.alloc_zeroed(big_layout);
            assert!(!z.is_null());
            assert!((0..big).step_by(4096).all(|i| *z.add(i) == 0));
            a.dealloc(z, big_layout);
        }
    }

    #[test]
    fn a_large_column_is_usable_after_the_advice() {
        let mut v: Vec<u64> = super::with_capacity(3 << 20);
        v.extend(0..3u64 << 20);
        assert_eq!(v.len(), 3 << 20);
        assert_eq!(v[12345], 12345);
        assert_eq!(v.iter().sum::<u64>(), ((3u64 << 20) - 1) * (3 << 20) / 2);
    }
}
