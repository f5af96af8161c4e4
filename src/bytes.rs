//! Byte-string comparison for the hot paths (names, namespaces, end tags), where `==` on slices is a
//! call to `memcmp`, which in wasm is a function call and a loop a byte at a time; and the search
//! for a short terminator (`]]>`, `?>`); and the scan for the bytes a JSON string must escape,
//! which both the JSON tokenizer and the JSON writer run over every string. And slicing text
//! without a panic path.

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

/// The bytes that end a run of plain string characters: the quote, the backslash and the control
/// characters, which RFC 8259 requires escaped.
// Byte values as indices in a constant: `usize::from` is not `const`, and `u8` to `usize` is exact.
#[allow(clippy::as_conversions)]
static STOPS: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// The high bit of each byte of eight where that byte is a quote, a backslash or below 0x20.
/// The first flagged byte is exact (the borrow of the subtraction runs only upwards, past it),
/// which is all [`json_special`] reads.
#[inline]
fn stops_in(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
    below_space | zero(x ^ (ONES * u64::from(b'"'))) | zero(x ^ (ONES * u64::from(b'\\')))
}

/// A bit position (at most 64) as a byte count.
fn to_usize_bits(n: u32) -> usize {
    usize::try_from(n).unwrap_or(64)
}

/// Where the next quote, backslash or control character is in `bytes`, from `at` (the end when
/// there is none): eight bytes at a time, then a table look-up per byte.
pub fn json_special(bytes: &[u8], at: usize) -> usize {
    let mut i = at;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mask = stops_in(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
        if mask != 0 {
            return i + to_usize_bits(mask.trailing_zeros()) / 8;
        }
        i += 8;
    }
    let rest = bytes.get(i..).unwrap_or(&[]);
    i + rest
        .iter()
        .position(|b| STOPS[usize::from(*b)])
        .unwrap_or(rest.len())
}

/// `text[range]`, or `""` where the range does not fall on character boundaries within the text.
/// The readers cut text only next to the ASCII bytes they found, so the fallback is never taken;
/// it is there because `&text[range]` panics otherwise, and the panic's message (it shows the
/// character it cut, escaped) brings the formatting of characters and Unicode's printable tables
/// into the wasm module: ~2 KB of the gzipped validator, and a panic path in every reader.
#[inline]
pub fn sub<R: std::slice::SliceIndex<str, Output = str>>(text: &str, range: R) -> &str {
    text.get(range).unwrap_or_default()
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

    #[test]
    fn json_special_finds_the_first_byte_to_escape() {
        let plain = "abcdefghijklmnopqrstuvwxyz é 中";
        for special in ["\"", "\\", "\n", "\u{0}", "\u{1f}"] {
            for at in 0..=plain.len() {
                if !plain.is_char_boundary(at) {
                    continue;
                }
                let text = format!("{}{special}{}", &plain[..at], &plain[at..]);
                for from in 0..=at {
                    assert_eq!(
                        json_special(text.as_bytes(), from),
                        at,
                        "{text:?} from {from}"
                    );
                }
            }
        }
        assert_eq!(json_special(plain.as_bytes(), 0), plain.len());
        assert_eq!(json_special(b"", 0), 0);
        assert_eq!(json_special(b"ab", 5), 5);
    }
}
