//! The crate's one sort. A sort is big code, and each element type sorted directly would put
//! another copy of it into the wasm package (-9 KB when they were merged), so every sort goes
//! through [`sorted_order`].

use std::cmp::Ordering;

/// The order that sorts `n` things by `cmp` (ties by position, so the order is stable), as positions.
pub fn sorted_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
    order
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
}
