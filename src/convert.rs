//! Named conversions between the widths the crate counts in: byte offsets, limits and node ids are
//! `u32` (they are stored by the million), positions in memory are `usize`. The crate builds for 32-
//! and 64-bit targets, where `u32` → `usize` is exact; offsets come from documents bounded far below
//! 4 GiB by the size limit, and saturate rather than wrap if a caller lifts it that far.

/// A count, limit or id as a position in memory.
#[inline]
pub fn to_usize(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// A position in memory as a stored offset or count, saturating.
#[inline]
pub fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_within_range_saturating_beyond() {
        assert_eq!(to_usize(u32::MAX), 4_294_967_295);
        assert_eq!(to_u32(17), 17);
        assert_eq!(to_u32(usize::MAX), u32::MAX);
    }
}
