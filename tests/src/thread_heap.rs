//! A global allocator that counts the heap of one thread: the one running a
//! measurement. Only that thread counts, so a loopback server's threads (which
//! allocate and free their copies of the bodies while the call runs) and other
//! tests of the binary do not blur the figure; a restlax call runs on its
//! caller's thread. A test binary installs it with
//! `#[global_allocator] static A: ThreadCounting = ThreadCounting;`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The system allocator, keeping the live byte count of the measuring thread
/// and its high-water mark.
pub struct ThreadCounting;

thread_local! {
    static MEASURING: Cell<bool> = const { Cell::new(false) };
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn count(delta: isize) {
    let _ = MEASURING.try_with(|on| {
        if on.get() {
            let live = LIVE.get() + delta;
            LIVE.set(live);
            PEAK.set(PEAK.get().max(live));
        }
    });
}

unsafe impl GlobalAlloc for ThreadCounting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            count(layout.size() as isize);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            count(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            // As if the old block were freed only once the new one is in
            // place: the honest worst case when realloc has to move.
            count(new_size as isize);
            count(-(layout.size() as isize));
        }
        new
    }
}

/// Counts this thread's allocations while `f` runs; returns its value, the
/// peak bytes live over the start, and the bytes still live at the end.
pub fn measured<T>(f: impl FnOnce() -> T) -> (T, usize, isize) {
    LIVE.set(0);
    PEAK.set(0);
    MEASURING.set(true);
    let value = f();
    MEASURING.set(false);
    (value, PEAK.get() as usize, LIVE.get())
}

/// The bytes this thread holds over the start of the measurement under way.
pub fn live() -> isize {
    LIVE.get()
}
