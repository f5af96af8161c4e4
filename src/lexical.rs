//! Lexical forms of values, shared by the bindings, the Box 8 grammar and the skins' options: plain
//! decimals, ISO dates, HS code shapes. A leaf: it knows no model, binding or report, so anything may
//! use it.

use jiff::civil::Date;
use rust_decimal::Decimal;

/// 6, 8 or 10 digits, optionally dotted after the heading: `850440`, `8504.40`, `8504.40.90`, `8504.40.90.00`.
pub fn hs_well_formed(s: &str) -> bool {
    // One pass: the groups between dots are 4 digits, then 2 each (where there are dots at all).
    let (mut digits, mut group, mut dots) = (0usize, 0usize, 0usize);
    for b in s.bytes() {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                group += 1;
            }
            b'.' if group == if dots == 0 { 4 } else { 2 } => {
                dots += 1;
                group = 0;
            }
            _ => return false,
        }
    }
    (dots == 0 || group == 2) && matches!(digits, 6 | 8 | 10)
}

/// A caller's value as a message quotes it: cut to 40 bytes at a character boundary, with `…` when
/// cut, since a value can be megabytes.
pub fn shown(given: &str) -> String {
    let mut end = given.len().min(40);
    while !given.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = given[..end].to_owned();
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

/// Builds a decimal from `digits[.digits]` (already checked to be only that) through its integer
/// mantissa and scale: exact, and without the scientific-notation machinery of `Decimal`'s `FromStr`,
/// which would cost the wasm package a few kilobytes. `None` beyond 28 significant places.
#[inline]
pub fn plain_decimal(s: &str) -> Option<Decimal> {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // Digits gather in a u64 while they fit (every real amount): 128-bit overflow checks are a
    // library call per digit in wasm.
    let mut small: u64 = 0;
    let mut mantissa: Option<i128> = None;
    for b in whole.bytes().chain(fraction.bytes()) {
        let digit = b - b'0';
        match mantissa {
            None if small < 1_000_000_000_000_000_000 => small = small * 10 + u64::from(digit),
            None => mantissa = Some(i128::from(small) * 10 + i128::from(digit)),
            Some(m) => mantissa = Some(m.checked_mul(10)?.checked_add(i128::from(digit))?),
        }
    }
    let mantissa = mantissa.unwrap_or(i128::from(small));
    let scale = u32::try_from(fraction.len()).ok().filter(|s| *s <= 28)?;
    Decimal::try_from_i128_with_scale(mantissa, scale).ok()
}

/// Strict ISO calendar date `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    // Dates are ASCII; anything else is not one, whatever its bytes.
    if b.len() != 10 || !s.is_ascii() || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i32> {
        let part = &s[r];
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
        }
    }
}
