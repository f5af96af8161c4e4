//! Code lists, dated by the issue date: countries (and agreement parties), currencies, units,
//! package types, transport modes, HS subheadings of the edition in force; item numbering.

use std::fmt::Display;

use jiff::civil::Date;

use crate::catalogue::RuleId;
use crate::codelists::{CodeLists, HsEdition};
use crate::convert::to_usize;
use crate::findings::Raw;
use crate::model::{Certificate, Item, Party};
use crate::options::Options;
use crate::profiles::Profile;
use crate::vocab::{Name, Step};

use super::{At, raise, raise_cited};

/// Whether `country` is a party to the profile's agreement on `on`. Timor-Leste's ATIGA membership
/// is the caller's policy (`Options::timor_leste_atiga_from`): it joined ASEAN but is not listed in
/// Annex 7 overleaf note 1.
fn is_party(profile: &Profile, country: &str, on: Date, options: &Options) -> bool {
    if profile.agreement == "ATIGA"
        && country == "TL"
        && let Some(from) = options.timor_leste_atiga_from
    {
        return from <= on;
    }
    profile.is_party(country, on)
}

/// Every country code must exist; the issuing, producing and importing countries must be parties
/// to the certificate's agreement (when its profile is loaded).
pub(super) fn countries(
    cert: &Certificate,
    on: Date,
    profile: Option<&Profile>,
    options: &Options,
    codes: &CodeLists,
    raws: &mut Vec<Raw>,
) {
    let h = &cert.header;
    let d = &cert.exporter_declaration;
    let member_fields = [
        (
            &h.issued_in,
            [Name::ExchangedDocument, Name::IssueCountryId],
        ),
        (
            &d.production_country,
            [Name::ExporterDeclaration, Name::ProductionCountryId],
        ),
        (
            &d.importing_country,
            [Name::ExporterDeclaration, Name::ImportingCountryId],
        ),
    ];
    for (value, names) in &member_fields {
        let Some(code) = value else { continue };
        if !codes.is_country(code) {
            raise(
                raws,
                RuleId::CodeCountry,
                At::Doc(names),
                &[("value", code)],
            );
        } else if let Some(p) = profile
            && !is_party(p, code, on, options)
        {
            let params: [(_, &dyn Display); 3] =
                [("value", code), ("agreement", &p.agreement), ("date", &on)];
            let at = At::Doc(names);
            raise_cited(raws, RuleId::CodeMemberState, at, &params, &p.parties.basis);
        }
    }
    let c = &cert.consignment;
    for (party, name) in [
        (&c.consignor, Name::Consignor),
        (&c.consignee, Name::Consignee),
        (&c.exhibition, Name::Exhibition),
    ] {
        if let Some(code) = unknown_country(party, codes) {
            let names = [
                Name::SupplyChainConsignment,
                name,
                Name::PostalAddress,
                Name::CountryId,
            ];
            raise(
                raws,
                RuleId::CodeCountry,
                At::Doc(&names),
                &[("value", code)],
            );
        }
    }
    for (i, item) in c.items.iter().enumerate() {
        for (party, name) in [
            (&item.third_party_invoicer, Name::ThirdPartyInvoicer),
            (&item.producer, Name::Producer),
        ] {
            if let Some(code) = unknown_country(party, codes) {
                let names = [name, Name::PostalAddress, Name::CountryId];
                raise(
                    raws,
                    RuleId::CodeCountry,
                    At::Item(i, &names),
                    &[("value", code)],
                );
            }
        }
        if let Some(code) = &item.origin_country
            && !codes.is_country(code)
        {
            let at = At::Item(i, &[Name::OriginCountryId]);
            raise(raws, RuleId::CodeCountry, at, &[("value", code)]);
        }
        for (p, proof) in item.original_proofs.iter().enumerate() {
            if let Some(code) = &proof.issued_in
                && !codes.is_country(code)
            {
                let mut steps = At::Item(i, &[]).steps();
                steps.push(Step::nth(Name::OriginalProof, p));
                steps.push(Step::named(Name::IssueCountryId, 0));
                raise(
                    raws,
                    RuleId::CodeCountry,
                    At::Steps(steps),
                    &[("value", code)],
                );
            }
        }
    }
}

/// A party's country code when it is not a country.
fn unknown_country<'p>(party: &'p Option<Party>, codes: &CodeLists) -> Option<&'p String> {
    party
        .as_ref()
        .and_then(|p| p.postal_address.as_ref())
        .and_then(|a| a.country.as_ref())
        .filter(|code| !codes.is_country(code))
}

/// The consignment's own codes; returns the HS nomenclature the items are checked against, when
/// one is bundled for the issue date.
pub(super) fn consignment<'c>(
    cert: &Certificate,
    on: Date,
    codes: &'c CodeLists,
    raws: &mut Vec<Raw>,
) -> Option<HsEdition<'c>> {
    let c = &cert.consignment;
    if let Some(mode) = c.transport.as_ref().and_then(|t| t.mode.as_ref())
        && !codes.is_transport_mode(mode)
    {
        let at = At::Doc(&[
            Name::SupplyChainConsignment,
            Name::MainCarriageTransportMovement,
            Name::ModeCode,
        ]);
        raise(raws, RuleId::CodeTransportMode, at, &[("value", mode)]);
    }
    let edition = codes.hs_edition(on);
    let nomenclature = edition.filter(|e| e.is_bundled());
    if nomenclature.is_none() && c.items.iter().any(|i| i.hs_code.is_some()) {
        let at = At::Doc(&[Name::ExchangedDocument, Name::IssueDate]);
        raise(raws, RuleId::CodeHsEdition, at, &[("date", &on)]);
    }
    nomenclature
}

/// One goods item's codes (`i` is its 0-based position); the HS length the form asks for comes from
/// the profile.
pub(super) fn item(
    i: usize,
    item: &Item,
    nomenclature: Option<&HsEdition<'_>>,
    profile: Option<&Profile>,
    codes: &CodeLists,
    raws: &mut Vec<Raw>,
) {
    if let Some(n) = item.number
        && to_usize(n) != i + 1
    {
        let at = At::Item(i, &[Name::SequenceNumeric]);
        let params: [(_, &dyn Display); 2] = [("value", &n), ("expected", &(i + 1))];
        raise(raws, RuleId::ItemSequence, at, &params);
    }
    if let Some(pt) = &item.package_type
        && !codes.is_package_type(pt)
    {
        let at = At::Item(i, &[Name::PackageTypeCode]);
        raise(raws, RuleId::CodePackageType, at, &[("value", pt)]);
    }
    if let (Some(hs), Some(digits)) = (&item.hs_code, item.hs_digits()) {
        let at = || At::Item(i, &[Name::HarmonisedTariffCode]);
        if let Some(e) = nomenclature
            && e.has_subheading(&digits) == Some(false)
        {
            let params: [(_, &dyn Display); 2] = [("value", hs), ("edition", &e.name)];
            raise(raws, RuleId::CodeHsSubheading, at(), &params);
        }
        if let Some(p) = profile
            && !p
                .hs_digits
                .value
                .iter()
                .any(|d| usize::from(*d) == digits.len())
        {
            let expected = Digits(&p.hs_digits.value);
            let params: [(_, &dyn Display); 4] = [
                ("value", hs),
                ("digits", &digits.len()),
                ("form", &p.form_name),
                ("expected", &expected),
            ];
            raise_cited(
                raws,
                RuleId::CodeHsLength,
                at(),
                &params,
                &p.hs_digits.basis,
            );
        }
    }
    for (measure, name) in [
        (&item.gross_weight, Name::GrossWeight),
        (&item.quantity, Name::Quantity),
    ] {
        if let Some(unit) = measure.as_ref().and_then(|m| m.unit_code.as_ref())
            && !codes.is_unit(unit)
        {
            let at = At::Item(i, &[name, Name::UnitCode]);
            raise(raws, RuleId::CodeUnit, at, &[("value", unit)]);
        }
    }
    if let Some(currency) = item.fob.as_ref().and_then(|f| f.currency.as_ref())
        && !codes.is_currency(currency)
    {
        let at = At::Item(i, &[Name::FobAmount, Name::CurrencyId]);
        raise(raws, RuleId::CodeCurrency, at, &[("value", currency)]);
    }
}

/// The digit counts a form accepts, as a message says them: `8`, `6 or 8`.
struct Digits<'d>(&'d [u8]);

impl Display for Digits<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" or ")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}
