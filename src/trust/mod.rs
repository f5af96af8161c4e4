//! The trust list: which keys speak for the issuing authority of each member state, signed by a
//! list operator whose key the caller pins. Loaded once into a validator — its envelope's signature
//! checked and every certificate and key parsed then — and asked per signed document: which keys to
//! try, and whether the key that verified chains to an anchor *of the state the signed document
//! names*, at the document's signed issue date, unrevoked.
//!
//! Format `eco-validator/trust-list/1` (JSON), the payload of a JWS envelope ([`jws`]):
//!
//! ```json
//! {
//!   "format": "eco-validator/trust-list/1",
//!   "version": 7,
//!   "issued": "2026-11-01",
//!   "nextUpdate": "2027-02-01",
//!   "demo": false,
//!   "operator": "ASEAN trust list operator",
//!   "authorities": [
//!     { "state": "SG", "name": "Singapore Customs",
//!       "anchors": ["-----BEGIN CERTIFICATE-----\n…"],
//!       "intermediates": ["-----BEGIN CERTIFICATE-----\n…"],
//!       "keys": [{ "spki": "-----BEGIN PUBLIC KEY-----\n…", "validFrom": "2026-01-01", "validTo": "2028-12-31" }],
//!       "revoked": [{ "serial": "0a3f", "date": "2026-10-02", "reason": "keyCompromise" }] }
//!   ]
//! }
//! ```
//!
//! `anchors` are trusted for their state: roots, or signing certificates trusted directly;
//! `intermediates` only help build paths; `keys` are pinned public keys with their validity;
//! `revoked` serials are matched within the state's paths, by value (leading zero bytes aside).
//! A revocation counts when dated on or before the document's issue date, and whatever its date
//! for `keyCompromise`, `cACompromise` and `aACompromise`.

mod certificate;
mod chain;
mod jws;

pub use certificate::{Fields as CertificateFields, fields as certificate_fields};
pub use chain::subject_key;
#[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
pub use jws::sign as sign_list;

use std::borrow::Cow;

use jiff::civil::Date;
use rustls_pki_types::{CertificateDer, TrustAnchor, UnixTime};

use crate::codelists::CodeLists;
use crate::crypto::{Arithmetic, PublicKey, pem_blocks};
use crate::jsondata::{self, At, Fail};
use crate::lexical::parse_date;
use crate::loading::LoadError;

const FORMAT: &str = "eco-validator/trust-list/1";

/// Whether the list's own signature was checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListSignature {
    /// The envelope's signature verified with the operator key the caller pinned.
    Verified,
    /// A bare list, with no envelope: nothing vouches for it.
    Unsigned,
    /// An envelope, but no operator key was given to check it with.
    NotChecked,
}

/// A stage's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Checked and passed.
    Passed,
    /// Checked and failed.
    Failed,
    /// Not checked, and why says so: nothing was supplied to check with, or an earlier stage failed.
    NotChecked,
}

/// One stage's result, its stable code and the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// Passed, failed or not checked.
    pub status: Status,
    /// The stable code (`trust.*`).
    pub code: &'static str,
    /// Why, in English.
    pub reason: Cow<'static, str>,
}

impl Check {
    fn passed(code: &'static str, reason: impl Into<Cow<'static, str>>) -> Check {
        Check {
            status: Status::Passed,
            code,
            reason: reason.into(),
        }
    }

    fn failed(code: &'static str, reason: impl Into<Cow<'static, str>>) -> Check {
        Check {
            status: Status::Failed,
            code,
            reason: reason.into(),
        }
    }

    fn not_checked(code: &'static str, reason: impl Into<Cow<'static, str>>) -> Check {
        Check {
            status: Status::NotChecked,
            code,
            reason: reason.into(),
        }
    }
}

#[derive(Debug)]
struct Pinned {
    key: PublicKey,
    from: Date,
    to: Date,
}

#[derive(Debug)]
struct Revoked {
    serial: Vec<u8>,
    date: Date,
    whatever_the_date: bool,
}

#[derive(Debug)]
struct Anchor {
    der: Vec<u8>,
    anchor: TrustAnchor<'static>,
    key: Option<PublicKey>,
    serial: Vec<u8>,
}

#[derive(Debug)]
struct Authority {
    state: String,
    name: String,
    anchors: Vec<Anchor>,
    intermediates: Vec<CertificateDer<'static>>,
    keys: Vec<Pinned>,
    revoked: Vec<Revoked>,
}

/// A loaded trust list.
#[derive(Debug)]
pub struct TrustList {
    version: u32,
    issued: Date,
    next_update: Date,
    demo: bool,
    signature: ListSignature,
    rolled_back: bool,
    authorities: Vec<Authority>,
    /// Certificate signatures known to verify (checked at load, or recently).
    memo: chain::Memo,
}

/// The authority a key was found to belong to, and the serial numbers of its path.
type Found = Option<(usize, Vec<Vec<u8>>)>;

/// Where a key to try comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    /// A certificate of the document's `KeyInfo` (a hint, to be chained), by its position.
    Hint(usize),
    /// A pinned key of an authority.
    Pinned { authority: usize, key: usize },
    /// An anchor of an authority, trusted directly.
    Direct { authority: usize, anchor: usize },
}

/// A key to check a document's signature with.
pub struct Candidate<'t> {
    /// The key.
    pub key: Cow<'t, PublicKey>,
    source: Source,
}

/// What the trust list says about the key that verified.
pub struct Judgement {
    /// A path to an anchor (or a pinned key's validity), at the issue date.
    pub chain: Check,
    /// The anchor's state is the document's; the list is signed, current and not rolled back.
    pub trust: Check,
    /// The signed issue date is not after the caller's clock.
    pub time: Check,
    /// No certificate of the path revoked.
    pub revocation: Check,
}

/// The instant a certificate is judged at for a document issued on `date`: noon UTC that day, so
/// that a certificate valid on the day in any ASEAN time zone is valid then.
fn instant(date: Date) -> u64 {
    let days = days_since_epoch(
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    );
    u64::try_from(days).unwrap_or(0) * 86_400 + 43_200
}

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar (the civil-from-days
/// inverse of H. Hinnant's algorithm), without the calendar arithmetic a `Span` would bring into
/// the wasm.
fn days_since_epoch(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn trimmed(serial: &[u8]) -> &[u8] {
    let zeros = serial.iter().take_while(|b| **b == 0).count();
    &serial[zeros.min(serial.len().saturating_sub(1))..]
}

impl TrustList {
    /// Reads a trust list — an envelope, or a bare list (then [`ListSignature::Unsigned`]) — and
    /// checks the envelope's signature with `operator`, the key the caller pins (none: the
    /// signature is [`ListSignature::NotChecked`]). A signature that does not verify with the
    /// pinned key, and any malformed part, is a load error. `last_seen`: the highest version the
    /// caller accepted before; a lower one is loaded, and reported as rolled back.
    #[cold]
    pub fn load(
        text: &str,
        source: &str,
        operator: Option<&PublicKey>,
        last_seen: Option<u32>,
        codes: &CodeLists,
        arithmetic: &dyn Arithmetic,
    ) -> Result<TrustList, LoadError> {
        read(text, source, operator, last_seen, codes, arithmetic).map_err(|e| *e)
    }

    /// The list's version.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The list's issue date.
    pub fn issued(&self) -> Date {
        self.issued
    }

    /// When the list says the next one is due.
    pub fn next_update(&self) -> Date {
        self.next_update
    }

    /// Flagged as demo material: nothing it vouches for is authoritative.
    pub fn is_demo(&self) -> bool {
        self.demo
    }

    /// Whether the list's own signature was checked.
    pub fn signature(&self) -> ListSignature {
        self.signature
    }

    /// Remembers a certificate signature the runtime answered "valid" (see `chain::Memo`).
    pub(crate) fn remember(&self, key: [u8; 32]) {
        self.memo.remember(key);
    }

    /// The keys to try for a document issued in `state`: the keys of the `KeyInfo` certificates
    /// (`hints`; the one that verifies is the signing certificate), then the state's pinned keys and anchors, then other states' (so
    /// that a key of another state is found, and refused at the trust stage, not taken for a
    /// forgery).
    pub fn candidates<'t>(&'t self, state: Option<&str>, hints: &[Vec<u8>]) -> Vec<Candidate<'t>> {
        let mut out = Vec::new();
        for (i, cert) in hints.iter().enumerate() {
            if let Some(key) =
                chain::subject_key(cert).and_then(|spki| PublicKey::from_spki_der(&spki).ok())
            {
                out.push(Candidate {
                    key: Cow::Owned(key),
                    source: Source::Hint(i),
                });
            }
        }
        let own = |a: &Authority| Some(a.state.as_str()) == state;
        for pass in [true, false] {
            for (i, authority) in self.authorities.iter().enumerate() {
                if own(authority) != pass {
                    continue;
                }
                for (k, pinned) in authority.keys.iter().enumerate() {
                    out.push(Candidate {
                        key: Cow::Borrowed(&pinned.key),
                        source: Source::Pinned {
                            authority: i,
                            key: k,
                        },
                    });
                }
                for (k, anchor) in authority.anchors.iter().enumerate() {
                    if let Some(key) = &anchor.key {
                        out.push(Candidate {
                            key: Cow::Borrowed(key),
                            source: Source::Direct {
                                authority: i,
                                anchor: k,
                            },
                        });
                    }
                }
            }
        }
        out
    }

    /// Judges the key that verified (`candidate`) for a document issued in `state` on `issued`,
    /// with the caller's `clock`: chain, trust, time and revocation.
    pub fn judge(
        &self,
        candidate: &Candidate<'_>,
        hints: &[Vec<u8>],
        state: Option<&str>,
        issued: Option<Date>,
        clock: Date,
        arithmetic: &dyn Arithmetic,
    ) -> Judgement {
        let time = match issued {
            None => Check::failed(
                "trust.no-issue-date",
                "the signed document has no issue date to judge its key at",
            ),
            Some(d) if d > clock => Check::failed(
                "trust.future",
                "the signed issue date is after the caller's clock",
            ),
            Some(_) => Check::passed(
                "trust.time",
                "the signed issue date is not after the caller's clock",
            ),
        };
        let Some(issued) = issued else {
            let later = || Check::not_checked("trust.no-issue-date", "no issue date to judge at");
            return Judgement {
                chain: later(),
                trust: later(),
                time,
                revocation: later(),
            };
        };
        let at = instant(issued);
        // The chain stage: which authority the key belongs to, and the path's serials.
        let (chain, found) = match candidate.source {
            Source::Hint(leaf) => self.chain_of(hints, leaf, state, at, arithmetic),
            Source::Pinned { authority, key } => {
                let pinned = &self.authorities[authority].keys[key];
                if pinned.from <= issued && issued <= pinned.to {
                    (
                        Check::passed("trust.pinned", "a pinned key, valid at the issue date"),
                        Some((authority, Vec::new())),
                    )
                } else {
                    (
                        Check::failed(
                            "trust.pinned-validity",
                            "a pinned key outside its validity at the issue date",
                        ),
                        Some((authority, Vec::new())),
                    )
                }
            }
            Source::Direct { authority, anchor } => {
                let a = &self.authorities[authority].anchors[anchor];
                let chain = if !chain::valid_at(&a.der, at) {
                    Check::failed(
                        "trust.expired",
                        "a directly trusted certificate not valid at the issue date",
                    )
                } else if !chain::may_sign(&a.der) {
                    Check::failed(
                        "trust.key-usage",
                        "a certificate whose key usage does not allow signing documents",
                    )
                } else {
                    Check::passed(
                        "trust.direct",
                        "a certificate of the trust list, trusted directly, valid at the issue date",
                    )
                };
                (chain, Some((authority, vec![a.serial.clone()])))
            }
        };
        let trust = match &found {
            None => Check::not_checked("trust.no-anchor", "no anchor of the list was reached"),
            Some((authority, _)) => self.trust_of(&self.authorities[*authority], state, clock),
        };
        let revocation = match &found {
            Some((authority, serials)) if chain.status == Status::Passed => {
                let authority = &self.authorities[*authority];
                let revoked = serials.iter().find_map(|s| {
                    authority.revoked.iter().find(|r| {
                        trimmed(&r.serial) == trimmed(s)
                            && (r.whatever_the_date || r.date <= issued)
                    })
                });
                match revoked {
                    Some(_) => Check::failed(
                        "trust.revoked",
                        "a certificate of the path is revoked (on or before the issue date, or for key compromise)",
                    ),
                    None => {
                        Check::passed("trust.not-revoked", "no certificate of the path is revoked")
                    }
                }
            }
            _ => Check::not_checked("trust.no-path", "no valid path to check for revocation"),
        };
        Judgement {
            chain,
            trust,
            time,
            revocation,
        }
    }

    /// The path of a `KeyInfo` signing certificate: to the anchors of `state` first, then of the
    /// other states (so that another state's key is named as such).
    fn chain_of(
        &self,
        hints: &[Vec<u8>],
        leaf: usize,
        state: Option<&str>,
        at: u64,
        arithmetic: &dyn Arithmetic,
    ) -> (Check, Found) {
        let Some(signing) = hints.get(leaf) else {
            return (
                Check::failed("trust.no-certificate", "no signing certificate"),
                None,
            );
        };
        let time = UnixTime::since_unix_epoch(std::time::Duration::from_secs(at));
        // The document's state first, then the others, each in list order.
        let own = |i: &usize| Some(self.authorities[*i].state.as_str()) == state;
        let order: Vec<usize> = (0..self.authorities.len())
            .filter(own)
            .chain((0..self.authorities.len()).filter(|i| !own(i)))
            .collect();
        let mut first_error = None;
        for i in order {
            let authority = &self.authorities[i];
            let anchors: Vec<TrustAnchor<'_>> =
                authority.anchors.iter().map(|a| a.anchor.clone()).collect();
            let mut intermediates = authority.intermediates.clone();
            intermediates.extend(
                hints
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != leaf)
                    .map(|(_, h)| CertificateDer::from(h.clone())),
            );
            match chain::path(
                signing,
                &intermediates,
                &anchors,
                time,
                &self.memo,
                arithmetic,
            ) {
                Ok(path) => {
                    let check = if chain::may_sign(signing) {
                        Check::passed(
                            "trust.path",
                            format!(
                                "a path to an anchor of {} ({}), valid at the issue date",
                                authority.name, authority.state
                            ),
                        )
                    } else {
                        Check::failed(
                            "trust.key-usage",
                            "the signing certificate's key usage does not allow signing documents",
                        )
                    };
                    let mut serials = path.serials;
                    if let Some(a) = path.anchor.and_then(|a| authority.anchors.get(a)) {
                        serials.push(a.serial.clone());
                    }
                    return (check, Some((i, serials)));
                }
                Err(reason) => {
                    first_error.get_or_insert(reason);
                }
            }
        }
        let reason = first_error.unwrap_or(Cow::Borrowed("no anchor in the trust list"));
        (Check::failed("trust.path", reason), None)
    }

    fn trust_of(&self, authority: &Authority, state: Option<&str>, clock: Date) -> Check {
        if Some(authority.state.as_str()) != state {
            return Check::failed(
                "trust.state",
                format!(
                    "the key is trusted for {} ({}), not for the state the document names in Issued in",
                    authority.name, authority.state
                ),
            );
        }
        if self.rolled_back {
            return Check::failed(
                "trust.rollback",
                "the trust list's version is lower than the last one seen",
            );
        }
        if self.next_update < clock {
            return Check::failed(
                "trust.stale",
                "the trust list is past its nextUpdate at the caller's clock",
            );
        }
        match self.signature {
            ListSignature::Verified => Check::passed(
                "trust.anchor",
                format!(
                    "an anchor of {} ({}) in a trust list signed by its operator",
                    authority.name, authority.state
                ),
            ),
            ListSignature::Unsigned => Check::failed(
                "trust.unsigned",
                "the trust list is not signed: nothing vouches for its anchors",
            ),
            ListSignature::NotChecked => Check::not_checked(
                "trust.operator",
                "the trust list's signature was not checked: no operator key was given",
            ),
        }
    }
}

#[cold]
fn read(
    text: &str,
    source: &str,
    operator: Option<&PublicKey>,
    last_seen: Option<u32>,
    codes: &CodeLists,
    arithmetic: &dyn Arithmetic,
) -> Result<TrustList, Fail> {
    let tree = jsondata::parse(text, source, "trust-list.json")?;
    let (payload, signature) = if jws::is_envelope(&tree) {
        let envelope = jws::read(At::root(&tree, source, "trust-list.envelope"), source)?;
        let signature = match operator {
            Some(key) => {
                envelope.verify(key, arithmetic).map_err(|e| {
                    Box::new(LoadError::new(
                        "trust-list.signature",
                        source,
                        "/signature",
                        format!(
                            "the list's signature does not verify with the operator key: {}",
                            e.reason
                        ),
                    ))
                })?;
                ListSignature::Verified
            }
            None => ListSignature::NotChecked,
        };
        (Cow::Owned(envelope.payload), signature)
    } else {
        (Cow::Borrowed(text), ListSignature::Unsigned)
    };
    let tree = jsondata::parse(&payload, source, "trust-list.json")?;
    let root = At::root(&tree, source, "trust-list.value");
    let mut m = root.members()?;
    m.format(FORMAT, "trust-list.format")?;
    let version = m.required("version")?.whole(0..=u32::MAX)?;
    let issued = date(&m.required("issued")?)?;
    let next_update = date(&m.required("nextUpdate")?)?;
    let demo = m.required("demo")?.bool()?;
    if let Some(o) = m.optional("operator") {
        o.str()?;
    }
    let mut authorities = Vec::new();
    for a in m.required("authorities")?.items()? {
        authorities.push(authority(&a, codes)?);
    }
    m.done()?;
    // Each intermediate's signature by its state's anchors, checked once now rather than on every
    // verification.
    let mut memo = chain::Memo::default();
    for authority in &authorities {
        for intermediate in &authority.intermediates {
            let issuers = authority.anchors.iter().map(|a| &a.der[..]);
            let others = authority
                .intermediates
                .iter()
                .filter(|c| *c != intermediate);
            for issuer in issuers.chain(others.map(|c| &c[..])) {
                if let Some(spki) = chain::subject_key(issuer) {
                    memo.learn(intermediate, &spki, arithmetic);
                }
            }
        }
    }
    Ok(TrustList {
        version,
        issued,
        next_update,
        demo,
        signature,
        rolled_back: last_seen.is_some_and(|seen| version < seen),
        authorities,
        memo,
    })
}

#[cold]
fn certificates(at: &At<'_>) -> Result<Vec<Vec<u8>>, Fail> {
    let mut out = Vec::new();
    for c in at.items()? {
        let blocks = pem_blocks(c.str()?).map_err(|e| c.error(e.reason))?;
        match blocks.as_slice() {
            [(label, der)] if label == "CERTIFICATE" => out.push(der.clone()),
            _ => return Err(c.error("must be one PEM CERTIFICATE")),
        }
    }
    Ok(out)
}

#[cold]
fn authority(at: &At<'_>, codes: &CodeLists) -> Result<Authority, Fail> {
    let mut m = at.members()?;
    let state_at = m.required("state")?;
    let state = state_at.str()?;
    if !codes.is_country(state) {
        return Err(state_at.refuse("an ISO 3166-1 alpha-2 code"));
    }
    let name = m.required("name")?.str()?.to_owned();
    let anchors_at = m.required("anchors")?;
    let mut anchors = Vec::new();
    for der in certificates(&anchors_at)? {
        let anchor = webpki::anchor_from_trusted_cert(&CertificateDer::from(der.as_slice()))
            .map_err(|_| anchors_at.error("holds a certificate webpki cannot read as an anchor"))?
            .to_owned();
        let key = chain::subject_key(&der).and_then(|spki| PublicKey::from_spki_der(&spki).ok());
        let serial = chain::serial(&der).unwrap_or_default();
        anchors.push(Anchor {
            der,
            anchor,
            key,
            serial,
        });
    }
    let intermediates = match m.optional("intermediates") {
        Some(i) => certificates(&i)?
            .into_iter()
            .map(CertificateDer::from)
            .collect(),
        None => Vec::new(),
    };
    let mut keys = Vec::new();
    if let Some(k) = m.optional("keys") {
        for entry in k.items()? {
            let mut e = entry.members()?;
            let spki_at = e.required("spki")?;
            let key =
                PublicKey::from_pem(spki_at.str()?).map_err(|err| spki_at.error(err.reason))?;
            let from = date(&e.required("validFrom")?)?;
            let to = date(&e.required("validTo")?)?;
            e.done()?;
            keys.push(Pinned { key, from, to });
        }
    }
    let mut revoked = Vec::new();
    if let Some(r) = m.optional("revoked") {
        for entry in r.items()? {
            let mut e = entry.members()?;
            let serial_at = e.required("serial")?;
            let serial =
                hex(serial_at.str()?).ok_or_else(|| serial_at.refuse("a serial number in hex"))?;
            let date = date(&e.required("date")?)?;
            let reason_at = e.required("reason")?;
            let whatever_the_date = match reason_at.str()? {
                "keyCompromise" | "cACompromise" | "aACompromise" => true,
                "unspecified"
                | "affiliationChanged"
                | "superseded"
                | "cessationOfOperation"
                | "certificateHold"
                | "privilegeWithdrawn" => false,
                _ => return Err(reason_at.refuse("a revocation reason as RFC 5280 names it")),
            };
            e.done()?;
            revoked.push(Revoked {
                serial,
                date,
                whatever_the_date,
            });
        }
    }
    if anchors.is_empty() && keys.is_empty() {
        return Err(at.error("has neither anchors nor keys"));
    }
    m.done()?;
    Ok(Authority {
        state: state.to_owned(),
        name,
        anchors,
        intermediates,
        keys,
        revoked,
    })
}

/// Hex digits (an odd count read with a leading zero), as serial numbers are written.
fn hex(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = text
        .bytes()
        .map(|b| {
            char::from(b)
                .to_digit(16)
                .and_then(|d| u8::try_from(d).ok())
        })
        .collect::<Option<_>>()?;
    if digits.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len().div_ceil(2));
    let (head, rest) = digits.split_at(digits.len() % 2);
    if let [d] = head {
        out.push(*d);
    }
    for pair in rest.chunks(2) {
        out.push(pair[0] << 4 | pair[1]);
    }
    Some(out)
}

#[cold]
fn date(at: &At<'_>) -> Result<Date, Fail> {
    parse_date(at.str()?).ok_or_else(|| at.refuse("a date YYYY-MM-DD"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Noon UTC of the day, as jiff's own arithmetic counts the seconds.
    #[test]
    fn the_instant_is_noon_utc_of_the_issue_date() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2000, 2, 29),
            (2026, 11, 20),
            (2100, 3, 1),
            (2399, 12, 31),
        ] {
            let day = jiff::civil::date(y, m, d);
            let seconds = jiff::tz::Offset::UTC
                .to_timestamp(day.at(0, 0, 0, 0))
                .unwrap()
                .as_second();
            assert_eq!(
                instant(day),
                u64::try_from(seconds).unwrap() + 43_200,
                "{day}"
            );
        }
    }

    #[test]
    fn serials_compare_by_value() {
        assert_eq!(hex("0a3f"), Some(vec![0x0a, 0x3f]));
        assert_eq!(hex("a3f"), Some(vec![0x0a, 0x3f]));
        assert_eq!(hex(""), None);
        assert_eq!(hex("0x12"), None);
        assert_eq!(trimmed(&[0, 0, 0x11]), &[0x11]);
        assert_eq!(trimmed(&[0]), &[0]);
    }
}
