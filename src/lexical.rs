//! Lexical forms of values, shared by the bindings, the Box 8 grammar and the skins' options: plain
//! decimals, ISO dates, HS code shapes. A leaf: it knows no model, binding or report, so anything may
//! use it.

use crate::bytes::sub;
use jiff::civil::Date;
use rust_decimal::Decimal;

/// 6, 8 or 10 digits, optionally dotted after the heading: `850440`, `8504.40`, `8504.40.90`, `8504.40.90.00`.
pub fn hs_well_formed(s: &str) -> bool {
    HsCode::parse(s).is_some()
}

/// A caller's value as a message quotes it: cut to 40 bytes at a character boundary, with `…` when
/// cut, since a value can be megabytes.
pub fn shown(given: &str) -> String {
    let mut end = given.len().min(40);
    while !given.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = sub(given, ..end).to_owned();
    if end < given.len() {
        out.push('…');
    }
    out
}

/// An agreement code: 2 to 16 capital letters, digits and hyphens, starting with a letter (`ATIGA`,
/// `RCEP`, `AKFTA`). Agreements are data (profiles), so only the shape is fixed.
pub fn agreement_code_well_formed(s: &str) -> bool {
    (2..=16).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// Builds a decimal from `digits[.digits]` (anything else is `None`) through its integer
/// mantissa and scale, in one pass over the bytes: exact, and without the scientific-notation
/// machinery of `Decimal`'s `FromStr`, which would cost the wasm package a few kilobytes. `None`
/// beyond 28 significant places. Every amount of a certificate and a worksheet is read here.
#[inline(never)]
pub fn plain_decimal(s: &str) -> Option<Decimal> {
    let bytes = s.as_bytes();
    // Digits gather in a u64 while they fit (every real amount): 128-bit overflow checks are a
    // library call per digit in wasm.
    let mut small: u64 = 0;
    let mut wide: Option<i128> = None;
    let mut point: Option<usize> = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                let digit = b - b'0';
                match wide {
                    None if small < 1_000_000_000_000_000_000 => {
                        small = small * 10 + u64::from(digit);
                    }
                    None => wide = Some(i128::from(small) * 10 + i128::from(digit)),
                    Some(m) => wide = Some(m.checked_mul(10)?.checked_add(i128::from(digit))?),
                }
            }
            // The point needs a digit before it; it may end the text (`5.` is 5).
            b'.' if point.is_none() && i > 0 => point = Some(i + 1),
            _ => return None,
        }
    }
    if bytes.is_empty() {
        return None;
    }
    let scale = point.map_or(0, |p| bytes.len() - p);
    let scale = u32::try_from(scale).ok().filter(|s| *s <= 28)?;
    Decimal::try_from_i128_with_scale(wide.unwrap_or(i128::from(small)), scale).ok()
}

/// A decimal as its plain text (`1000.00`, `0.14392`, `-3`), the same as `Decimal`'s own
/// `Display` without its formatter options: written from a 64-bit mantissa by hand, as nearly
/// every amount has one, since rust_decimal's writer divides all 96 bits for each digit. An
/// origin trail prints some hundred of them.
#[cfg(any(test, feature = "origin"))]
#[derive(Clone, Copy)]
pub struct PlainDecimal(pub Decimal);

#[cfg(any(test, feature = "origin"))]
impl std::fmt::Display for PlainDecimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.0;
        let Ok(mantissa) = u64::try_from(d.mantissa().unsigned_abs()) else {
            return std::fmt::Display::fmt(&d, f);
        };
        // 20 digits of a u64, a point, up to 28 leading zeros and a sign.
        let mut buf = [b'0'; 52];
        let mut at = buf.len();
        let mut rest = mantissa;
        let scale = usize::try_from(d.scale()).unwrap_or(0);
        let mut written = 0;
        while rest > 0 || written <= scale {
            if written == scale && scale > 0 {
                at -= 1;
                buf[at] = b'.';
            }
            at -= 1;
            buf[at] = b'0' + u8::try_from(rest % 10).unwrap_or(0);
            rest /= 10;
            written += 1;
        }
        if d.is_sign_negative() && mantissa != 0 {
            at -= 1;
            buf[at] = b'-';
        }
        f.write_str(std::str::from_utf8(&buf[at..]).unwrap_or(""))
    }
}

/// An HS code's digits (6, 8 or 10), held inline: a bill of materials has one per material, and
/// a heap string for each cost as much as reading the rest of the material. The default is no
/// code (empty), a reader's placeholder until the code is read.
#[cfg_attr(not(any(test, feature = "origin")), allow(dead_code))]
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct HsCode {
    digits: [u8; 10],
    len: u8,
}

impl HsCode {
    /// The digits of a code of 6, 8 or 10 digits, dotted or not (`2106.90`, `210690`,
    /// `2106.90.99`), in one pass: the groups between dots are 4 digits, then 2 each; `None` for
    /// anything else.
    pub fn parse(s: &str) -> Option<HsCode> {
        let mut digits = [0u8; 10];
        let (mut n, mut group, mut dots) = (0usize, 0usize, 0usize);
        for b in s.bytes() {
            match b {
                b'0'..=b'9' => {
                    *digits.get_mut(n)? = b;
                    n += 1;
                    group += 1;
                }
                b'.' if group == if dots == 0 { 4 } else { 2 } => {
                    dots += 1;
                    group = 0;
                }
                _ => return None,
            }
        }
        let shaped = (dots == 0 || group == 2) && matches!(n, 6 | 8 | 10);
        shaped.then(|| HsCode {
            digits,
            len: u8::try_from(n).unwrap_or(10),
        })
    }

    /// The digits, as bytes (comparing them needs no UTF-8 check).
    #[cfg(any(test, feature = "origin"))]
    pub fn digits(&self) -> &[u8] {
        self.digits.get(..usize::from(self.len)).unwrap_or(&[])
    }

    /// The digits.
    #[cfg(any(test, feature = "origin"))]
    pub fn as_str(&self) -> &str {
        let digits = self.digits.get(..usize::from(self.len)).unwrap_or(&[]);
        // Only ASCII digits are stored.
        std::str::from_utf8(digits).unwrap_or("")
    }
}

#[cfg(any(test, feature = "origin"))]
impl std::fmt::Display for HsCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(any(test, feature = "origin"))]
impl std::fmt::Debug for HsCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HsCode({})", self.as_str())
    }
}

/// Strict ISO calendar date `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    // Dates are ASCII; anything else is not one, whatever its bytes.
    if b.len() != 10 || !s.is_ascii() || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i32> {
        let part = sub(s, r);
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let narrow = |n: i32| i8::try_from(n).ok();
    Date::new(i16::try_from(y).ok()?, narrow(m)?, narrow(d)?).ok()
}

/// A non-negative decimal in plain notation (`12000.50`), or a JSON number's exponent notation.
pub fn parse_decimal(s: &str) -> Option<Decimal> {
    let plain = !s.is_empty()
        && s.bytes().all(|c| c.is_ascii_digit() || c == b'.')
        && s.bytes().filter(|c| *c == b'.').count() <= 1
        && !s.starts_with('.')
        && !s.ends_with('.');
    if plain {
        return plain_decimal(s);
    }
    // A JSON number may come in exponent form (`1.5e3`): shift the plain mantissa's scale.
    let (mantissa, exponent) = s.split_once(['e', 'E'])?;
    let exponent: i32 = exponent
        .strip_prefix('+')
        .unwrap_or(exponent)
        .parse()
        .ok()?;
    let mut value = parse_decimal(mantissa).filter(|_| !mantissa.contains(['e', 'E']))?;
    if exponent >= 0 {
        let factor =
            Decimal::try_from_i128_with_scale(10i128.checked_pow(exponent.try_into().ok()?)?, 0)
                .ok()?;
        value = value.checked_mul(factor)?;
    } else {
        let scale = value.scale().checked_add(exponent.unsigned_abs())?;
        if scale > 28 {
            return None;
        }
        value.set_scale(scale).ok()?;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2026-02-28").is_some());
        assert!(parse_date("2026-02-29").is_none());
        assert!(parse_date("2026-2-28").is_none());
        assert!(parse_date("28/02/2026").is_none());
        assert!(parse_date("+026-02-28").is_none());
        // Multi-byte characters in the digit places.
        assert!(parse_date("\u{e9}12-\u{e9}-34").is_none());
        assert!(parse_date("20\u{e9}-1-\u{e9}45").is_none());
    }

    #[test]
    fn decimals_keep_their_scale() {
        assert_eq!(parse_decimal("12000.00").unwrap().to_string(), "12000.00");
        assert_eq!(parse_decimal("1.5e3").unwrap().to_string(), "1500.0");
        assert_eq!(parse_decimal("15E-1").unwrap().to_string(), "1.5");
        assert_eq!(parse_decimal("2e+2").unwrap().to_string(), "200");
        assert!(parse_decimal("1e999999").is_none());
        assert!(parse_decimal("1e-40").is_none());
        assert!(parse_decimal("1e2e3").is_none());
        assert!(parse_decimal("e3").is_none());
        assert_eq!(plain_decimal("0.50").unwrap().to_string(), "0.50");
        assert_eq!(plain_decimal("007").unwrap().to_string(), "7");
        assert!(plain_decimal("79228162514264337593543950336").is_none());
        // Past 19 digits the digits carry on in 128 bits, exactly.
        for digits in [
            "9999999999999999999",
            "10000000000000000000",
            "79228162514264337593543950335",
            "1234567890123456789.0123456789",
        ] {
            assert_eq!(plain_decimal(digits).unwrap().to_string(), digits);
        }
        assert!(plain_decimal(&"9".repeat(40)).is_none());
        assert!(parse_decimal("1e38").is_none() && parse_decimal("1e39").is_none());
        assert!(parse_decimal("-1").is_none());
        assert!(parse_decimal("12,000").is_none());
        assert!(parse_decimal("1.").is_none());
        assert!(parse_decimal("").is_none());
    }

    #[test]
    fn hs_codes() {
        for ok in [
            "850440",
            "85044090",
            "8504409000",
            "8504.40",
            "8504.40.90",
            "8504.40.90.00",
        ] {
            assert!(hs_well_formed(ok), "{ok}");
        }
        for bad in [
            "8504",
            "8504409",
            "85.04.40",
            "8504.4090",
            "850440x0",
            "8504..4090",
            "8504.",
            ".850440",
            "8504.40.",
            "8504.40.9",
            "8504.40.900",
        ] {
            assert!(!hs_well_formed(bad), "{bad}");
            assert!(HsCode::parse(bad).is_none(), "{bad}");
        }
        for (given, digits) in [
            ("850440", "850440"),
            ("8504.40.90", "85044090"),
            ("8504.40.90.00", "8504409000"),
        ] {
            assert_eq!(
                HsCode::parse(given).map(|h| h.to_string()).as_deref(),
                Some(digits)
            );
        }
        assert!(HsCode::parse("85044090001").is_none());
    }

    /// The hand-written printer against rust_decimal's `Display`, on every scale and on
    /// mantissas at the edges of 64 bits (and past them, where it defers).
    #[test]
    fn plain_decimals_print_as_rust_decimal_does() {
        let mut mantissas: Vec<i128> = vec![0, 1, 5, 9, 10, 99, 100, 14392, 100000];
        mantissas.extend([u64::MAX, u64::MAX - 1].map(i128::from));
        mantissas.push(i128::from(u64::MAX) + 1);
        mantissas.push(79_228_162_514_264_337_593_543_950_335);
        for m in mantissas.clone() {
            mantissas.push(-m);
        }
        for m in mantissas {
            for scale in 0..=28 {
                let d = Decimal::from_i128_with_scale(m, scale);
                assert_eq!(PlainDecimal(d).to_string(), d.to_string(), "{m} {scale}");
            }
        }
    }

    /// The one-pass reader against rust_decimal's own exact parser on every shape it takes, and
    /// the shapes it refuses.
    #[test]
    fn plain_decimals_agree_with_rust_decimal() {
        let mut texts = Vec::new();
        for whole in [
            "0",
            "7",
            "007",
            "1000",
            "18446744073709551615",
            "999999999999999999",
        ] {
            texts.push(whole.to_owned());
            for fraction in ["0", "50", "00000001", "1234567890123456789"] {
                texts.push(format!("{whole}.{fraction}"));
            }
        }
        for text in &texts {
            let ours = plain_decimal(text);
            let theirs = Decimal::from_str_exact(text).ok();
            assert_eq!(
                ours.map(|d| d.to_string()),
                theirs.map(|d| d.to_string()),
                "{text}"
            );
            // The scale too (a string compares it only through the digits shown).
            assert_eq!(ours.map(|d| d.scale()), theirs.map(|d| d.scale()), "{text}");
        }
        assert_eq!(
            plain_decimal("5.").map(|d| d.to_string()).as_deref(),
            Some("5")
        );
        for bad in [
            "", ".5", "1.2.3", "-1", "+1", "1e3", "1,5", " 1", "1 ", "\u{661}",
        ] {
            assert!(plain_decimal(bad).is_none(), "{bad}");
        }
    }
}
