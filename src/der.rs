//! A reader of DER (X.690) by position, as far as keys and certificates need it: one element at a
//! time, definite lengths in their shortest form, nothing decoded that the caller does not ask
//! for. Written by hand because the DER crates' derived decoders cost more wasm than every use of
//! them here together; tested against x509-cert (`trust/certificate.rs`) and fuzzed.

pub const SEQUENCE: u8 = 0x30;
pub const INTEGER: u8 = 0x02;
pub const BIT_STRING: u8 = 0x03;
pub const OCTET_STRING: u8 = 0x04;
pub const OID: u8 = 0x06;
pub const BOOLEAN: u8 = 0x01;

/// A DER element's tag, the whole element, its contents and what follows it.
pub type Element<'a> = (u8, &'a [u8], &'a [u8], &'a [u8]);

/// One DER element at the start of `input`. Definite lengths of at most four bytes, in their
/// shortest form.
pub fn element(input: &[u8]) -> Option<Element<'_>> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n || rest[0] == 0 {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |len, b| (len << 8) | usize::from(*b));
        if len < 0x80 {
            return None;
        }
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    let header = input.len() - rest.len();
    Some((tag, &input[..header + len], &rest[..len], &rest[len..]))
}

/// The element of `tag` at the start of `input`: (the whole element, its contents, the rest).
pub fn expect(input: &[u8], tag: u8) -> Option<(&[u8], &[u8], &[u8])> {
    let (t, whole, contents, rest) = element(input)?;
    (t == tag).then_some((whole, contents, rest))
}

/// A SubjectPublicKeyInfo's algorithm (its AlgorithmIdentifier's contents) and key (its BIT
/// STRING's bytes).
pub fn key_of(spki: &[u8]) -> Option<(&[u8], &[u8])> {
    let (_, body, trailing) = expect(spki, SEQUENCE)?;
    let (_, algorithm, rest) = expect(body, SEQUENCE)?;
    let (_, bits, rest) = expect(rest, BIT_STRING)?;
    (trailing.is_empty() && rest.is_empty()).then_some((algorithm, whole_bytes(bits)?))
}

/// A BIT STRING's contents as whole bytes (its first byte, the unused bits, zero).
pub fn whole_bytes(bits: &[u8]) -> Option<&[u8]> {
    match bits.split_first()? {
        (0, bytes) => Some(bytes),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_definite_and_shortest() {
        assert_eq!(
            element(&[0x04, 0x01, 0x07, 0x09]).map(|e| (e.0, e.2, e.3)),
            Some((0x04, &[7u8][..], &[9u8][..]))
        );
        assert!(element(&[0x04, 0x81, 0x01, 0x00]).is_none());
        assert!(element(&[0x04, 0x82, 0x00, 0x80]).is_none());
        assert!(element(&[0x04, 0x80]).is_none());
        assert!(element(&[0x04, 0x02, 0x00]).is_none());
        let long = [&[0x04, 0x81, 0x80][..], &[0u8; 0x80]].concat();
        assert_eq!(element(&long).map(|e| e.2.len()), Some(0x80));
    }
}
