//! Byte-string comparison for the hot paths (names, namespaces, end tags), where `==` on slices is a
//! call to `memcmp`, which in wasm is a function call and a loop a byte at a time; and the search
//! for a short terminator (`]]>`, `?>`).

/// Whether two byte strings are equal, compared inline eight bytes at a time.
#[inline]
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut xs, mut ys) = (a.chunks_exact(8), b.chunks_exact(8));
    for (x, y) in (&mut xs).zip(&mut ys) {
        let (mut wx, mut wy) = ([0u8; 8], [0u8; 8]);
        wx.copy_from_slice(x);
        wy.copy_from_slice(y);
        if u64::from_ne_bytes(wx) != u64::from_ne_bytes(wy) {
            return false;
        }
    }
    xs.remainder()
        .iter()
        .zip(ys.remainder())
        .all(|(x, y)| x == y)
}

/// Where `needle` (a few bytes: a terminator such as `]]>`) first occurs in `hay`. Its first byte is
/// found with `memchr` and the rest compared in place, so the time is linear for such needles; a
/// general substring searcher (two-way, prefilters) would cost the wasm package several kilobytes.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut from = 0;
    while let Some(i) = memchr::memchr(first, hay.get(from..)?) {
        let at = from + i;
        if hay
            .get(at + 1..at + needle.len())
            .is_some_and(|r| same_bytes(r, rest))
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_agrees_with_a_window_search() {
        let hays: [&[u8]; 7] = [b"", b"]", b"]]>", b"a]]]>b", b"]]x]]>", b"?>", b"x?y?>?>"];
        for hay in hays {
            for needle in [&b"]]>"[..], b"?>", b"x"] {
                let expected = hay.windows(needle.len()).position(|w| w == needle);
                assert_eq!(find(hay, needle), expected, "{hay:?} {needle:?}");
            }
        }
        assert_eq!(find(b"abc", b""), None);
    }

    #[test]
    fn agrees_with_slice_equality() {
        let samples: [&[u8]; 6] = [
            b"",
            b"a",
            b"abcdefgh",
            b"abcdefghi",
            b"abcdefgX",
            b"abcdefghj",
        ];
        for a in samples {
            for b in samples {
                assert_eq!(same_bytes(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }
}
