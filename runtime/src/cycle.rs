//! Cycle detection for a page walk in memory that does not grow with the walk.
//!
//! A walk follows next links x₀ → x₁ → x₂ → … (each `xᵢ` the key of a page). A
//! server whose links go round in a circle makes that sequence repeat: for some
//! tail length μ ≥ 0 and cycle length L ≥ 1, x₀ … x_{μ+L−1} are distinct and
//! x_{i+L} = xᵢ for every i ≥ μ. Remembering every key finds the first repeat
//! exactly, after μ + L pages, but costs memory in proportion to the walk and to
//! the keys' length (20,000 pages of 30 KB links held 600 MB). [`CycleCheck`]
//! keeps a fixed number of fixed-size fingerprints instead:
//!
//! - the last [`WINDOW`] keys, so a cycle of up to `WINDOW` pages (a server that
//!   ignores the page parameter, A → B → A) ends the walk at its first repeat,
//!   exactly as remembering everything would: no page is fetched twice;
//! - one key beyond the window, Brent's teleporting tortoise: the key of page
//!   2ᵏ − 1 (pages 0, 1, 3, 7, 15, …) stays remembered until page 2ᵏ⁺¹ − 1
//!   replaces it, so a cycle of any length is found once a remembered page lies
//!   on it and the next gap is at least the cycle's length.
//!
//! **Bound.** With L ≤ `WINDOW` the walk fetches μ + L pages, as before. With a
//! longer cycle it fetches 2ᵏ − 1 + L pages, where 2ᵏ is the smallest power of
//! two ≥ max(μ + 1, L): at most max(μ, 2L − 2) pages beyond the μ + L it must
//! fetch anyway, so fewer than three times as many in all. Those extra pages are
//! pages of the cycle fetched again, so their items come out a second time;
//! bounded memory cannot avoid that for a cycle longer than what it holds.
//!
//! **Collisions.** A fingerprint is two 64-bit hashes of the key from two
//! `RandomState`s made per walk (std's HashDoS-resistant hasher, with secret
//! random keys that differ between the two), so a server cannot choose links
//! that collide, and two different keys share a fingerprint with probability
//! about 2⁻¹²⁸ per comparison. A collision
//! would end a walk early as if it had gone round a circle; at `WINDOW` + 1
//! comparisons a page, that stays negligible for any walk that can be run.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

/// How many of the most recent pages are compared exactly: cycles up to this
/// long end at their first repeat. 64 fingerprints are 1 KiB.
pub(crate) const WINDOW: usize = 64;

/// A fixed-size stand-in for a page's key.
type Fingerprint = [u64; 2];

/// Remembers enough of a walk to tell when its next page is one it has already
/// fetched, in memory that depends on neither the walk's length nor the keys'
/// length (see the module documentation for what it guarantees).
#[derive(Clone)]
pub(crate) struct CycleCheck {
    hashers: [RandomState; 2],
    /// The fingerprints of the last `WINDOW` pages, `next` is where the next one goes.
    window: [Fingerprint; WINDOW],
    /// How many slots of `window` hold a fingerprint.
    filled: usize,
    next: usize,
    /// The fingerprint of page 2ᵏ − 1, the most recent such page recorded.
    remembered: Option<Fingerprint>,
    /// How many pages have been recorded.
    recorded: u64,
}

impl CycleCheck {
    pub(crate) fn new() -> Self {
        CycleCheck {
            hashers: [RandomState::new(), RandomState::new()],
            window: [[0; 2]; WINDOW],
            filled: 0,
            next: 0,
            remembered: None,
            recorded: 0,
        }
    }

    /// Called with the key of every page the walk is about to fetch: false if
    /// fetching it would go round a circle (the page is one of the last
    /// `WINDOW` visited or the remembered one), else true, and the page counts
    /// as visited. Each key is hashed once, here: keys can be 30 KB links.
    pub(crate) fn visit(&mut self, key: &str) -> bool {
        let print = [self.hashers[0].hash_one(key), self.hashers[1].hash_one(key)];
        if self.remembered == Some(print) || self.window[..self.filled].contains(&print) {
            return false;
        }
        self.record(print);
        true
    }

    fn record(&mut self, print: Fingerprint) {
        self.window[self.next] = print;
        self.next = (self.next + 1) % WINDOW;
        self.filled = (self.filled + 1).min(WINDOW);
        // Saturating: past 2⁶⁴ − 1 pages the last remembered key simply stays.
        self.recorded = self.recorded.saturating_add(1);
        if self.recorded.is_power_of_two() {
            self.remembered = Some(print);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A walk of `tail` distinct pages, then `cycle` distinct pages forever: page
    /// `i`'s key. Keys are long, as real links can be.
    fn key(tail: u64, cycle: u64, i: u64) -> String {
        let page = if i < tail {
            i
        } else {
            tail + (i - tail) % cycle
        };
        format!(
            "https://api.example.com/items?page={page}&pad={}",
            "x".repeat(200)
        )
    }

    /// Walks as `Pages` does: visit each page before fetching it. Returns how
    /// many pages were fetched, or `None` if the walk was still going after
    /// `limit`.
    fn walk(check: &mut CycleCheck, limit: u64, key: impl Fn(u64) -> String) -> Option<u64> {
        (0..limit).find(|&i| !check.visit(&key(i)))
    }

    /// Whether `key` would be visited next, leaving `check` as it is.
    fn seen(check: &CycleCheck, key: &str) -> bool {
        !check.clone().visit(key)
    }

    /// The bound the module documentation states.
    fn expected(tail: u64, cycle: u64) -> u64 {
        if cycle <= WINDOW as u64 {
            tail + cycle
        } else {
            (tail + 1).max(cycle).next_power_of_two() - 1 + cycle
        }
    }

    #[test]
    fn cycles_end_within_the_documented_bound() {
        let w = WINDOW as u64;
        let cycles = [1, 2, 3, w - 1, w, w + 1, 2 * w + 3, 5 * w, 8 * w + 1];
        let tails = [0, 1, 2, 7, w - 1, w, w + 5, 3 * w, 10 * w + 7];
        for &cycle in &cycles {
            for &tail in &tails {
                let mut check = CycleCheck::new();
                let fetched = walk(&mut check, 100 * w, |i| key(tail, cycle, i));
                let exact = tail + cycle;
                assert_eq!(
                    fetched,
                    Some(expected(tail, cycle)),
                    "tail {tail}, cycle {cycle}"
                );
                let fetched = fetched.unwrap_or(0);
                // Every distinct page is fetched before the walk ends.
                assert!(fetched >= exact, "tail {tail}, cycle {cycle}");
                assert!(
                    fetched - exact <= tail.max(2 * cycle - 2),
                    "tail {tail}, cycle {cycle}: {fetched} pages"
                );
                if cycle <= w {
                    assert_eq!(fetched, exact, "tail {tail}, cycle {cycle}");
                }
            }
        }
    }

    #[test]
    fn a_page_answered_forever_ends_at_the_first_repeat() {
        let mut check = CycleCheck::new();
        assert!(check.visit("?"));
        assert!(check.visit("https://x/items?page=2"));
        assert!(!check.visit("https://x/items?page=2"));
    }

    #[test]
    fn no_false_cycle_over_a_long_acyclic_walk() {
        let mut check = CycleCheck::new();
        let n = 200_000;
        assert_eq!(walk(&mut check, n, |i| format!("/items?page={i}")), None);
    }

    #[test]
    fn keys_that_differ_late_or_by_one_byte_differ() {
        let long = "y".repeat(30_000);
        let mut check = CycleCheck::new();
        assert!(check.visit(&format!("{long}a")));
        assert!(!seen(&check, &format!("{long}b")));
        assert!(!seen(&check, &long));
        assert!(seen(&check, &format!("{long}a")));
    }

    #[test]
    fn the_remembered_key_outlives_the_window() {
        let mut check = CycleCheck::new();
        // After pages 0..=199 the remembered page is 127 (2⁷ − 1) and the window
        // holds pages 136..=199: page 127 is seen though the window dropped it.
        for i in 0..200 {
            assert!(check.visit(&format!("p{i}")));
        }
        let seen = |i: u32| seen(&check, &format!("p{i}"));
        assert_eq!(WINDOW, 64, "the pages below assume the window's size");
        assert!(seen(127));
        assert!(seen(136) && seen(199));
        assert!(!seen(0) && !seen(63) && !seen(126) && !seen(128) && !seen(135));
    }
}
