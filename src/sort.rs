//! The crate's one sort. A sort is big code, and each element type sorted directly would put
//! another copy of it into the wasm package (-9 KB when they were merged), so every sort goes
//! through [`sorted_order`], a bottom-up merge sort of positions: stable by construction, and a
//! few hundred bytes where the standard library's pattern-defeating quicksort is about ten
//! kilobytes of wasm. What it sorts is small (a report's findings, an element's members).

use std::cmp::Ordering;

/// The order that sorts `n` things by `cmp` (ties by position, so the order is stable), as positions.
pub fn sorted_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut merged = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let middle = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            merge(
                &order[start..middle],
                &order[middle..end],
                &mut merged[start..end],
                cmp,
            );
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

/// Merges two sorted runs; on a tie the left run's element comes first, which keeps the sort stable.
fn merge(
    left: &[usize],
    right: &[usize],
    out: &mut [usize],
    cmp: &dyn Fn(usize, usize) -> Ordering,
) {
    let (mut l, mut r) = (left.iter().peekable(), right.iter().peekable());
    for slot in out {
        let take_right = match (l.peek(), r.peek()) {
            (Some(&&a), Some(&&b)) => cmp(b, a) == Ordering::Less,
            (None, _) => true,
            (_, None) => false,
        };
        let next = if take_right { r.next() } else { l.next() };
        *slot = next.copied().unwrap_or_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_keep_their_positions() {
        let keys = [3, 1, 3, 0, 1];
        assert_eq!(
            sorted_order(5, &|a, b| keys[a].cmp(&keys[b])),
            [3, 1, 4, 0, 2]
        );
        assert!(sorted_order(0, &|_, _| Ordering::Equal).is_empty());
    }

    /// The standard library's stable sort is the reference, on every length up to 70 and random keys.
    #[test]
    fn agrees_with_the_standard_stable_sort() {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for n in 0..70 {
            let keys: Vec<u64> = (0..n)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed % 7
                })
                .collect();
            let mut expected: Vec<usize> = (0..n).collect();
            expected.sort_by_key(|&i| keys[i]);
            assert_eq!(
                sorted_order(n, &|a, b| keys[a].cmp(&keys[b])),
                expected,
                "{n}"
            );
        }
    }
}
