//! Rule stages over the model: code lists (dated by the issue date) and consistency between fields.
//!
//! These stages see only the model, never the bytes; findings name model paths, which the report
//! resolves to the source. Each item is checked on its own, so one bad item never hides another.

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::codelists;
use crate::criterion::{Criterion, OriginCriterion};
use crate::model::{Agreement, Certificate, Lifecycle, Party};
use crate::options::Options;
use crate::report::Raw;
use crate::rules::RuleId;
use crate::tree::Step;
use crate::vocab::Name;

fn path(names: &[Name]) -> Vec<Step> {
    names.iter().map(|n| Step::named(*n, 0)).collect()
}

fn item_path(index: usize, names: &[Name]) -> Vec<Step> {
    let mut steps = vec![
        Step::named(Name::SupplyChainConsignment, 0),
        Step::named(Name::IncludedConsignmentItem, index as u32),
    ];
    steps.extend(names.iter().map(|n| Step::named(*n, 0)));
    steps
}

/// Runs the code-list and consistency stages.
pub fn run(cert: &Certificate, options: &Options, raws: &mut Vec<Raw>) {
    let header = &cert.header;
    // Dated lists follow the issue date; without one, the validation clock stands in.
    let on = header.issue_date.unwrap_or(options.as_of);
    header_rules(cert, options, raws);
    countries(cert, on, options, raws);
    items(cert, on, raws);
}

fn header_rules(cert: &Certificate, options: &Options, raws: &mut Vec<Raw>) {
    let h = &cert.header;
    if let (Some(expected), Some(claimed)) = (options.agreement, h.agreement)
        && expected != claimed
    {
        raws.push(
            Raw::new(
                RuleId::HeaderAgreementExpected,
                path(&[Name::ExchangedDocument, Name::AgreementId]),
            )
            .param("value", claimed.code())
            .param("expected", expected.code()),
        );
    }
    if let Some(agreement) = h.agreement {
        if agreement != Agreement::Atiga {
            raws.push(
                Raw::new(
                    RuleId::HeaderAgreement,
                    path(&[Name::ExchangedDocument, Name::AgreementId]),
                )
                .param("value", agreement.code()),
            );
        }
        if let Some(form) = &h.form_type
            && form != agreement.form_type()
        {
            raws.push(
                Raw::new(
                    RuleId::HeaderFormType,
                    path(&[Name::ExchangedDocument, Name::FormTypeCode]),
                )
                .param("value", form.as_str())
                .param("agreement", agreement.code())
                .param("expected", agreement.form_type()),
            );
        }
    }
    if let Some(date) = h.issue_date
        && date > options.as_of
    {
        raws.push(
            Raw::new(
                RuleId::HeaderIssueDateFuture,
                path(&[Name::ExchangedDocument, Name::IssueDate]),
            )
            .param("date", date.to_string())
            .param("asOf", options.as_of.to_string()),
        );
    }
    let replaced = h.status == Some(Lifecycle::Replaced);
    if replaced != h.replaced_by.is_some() {
        let at = if replaced {
            Name::StatusCode
        } else {
            Name::ReplacedById
        };
        raws.push(
            Raw::new(
                RuleId::LifecycleReplacedBy,
                path(&[Name::ExchangedDocument, at]),
            )
            .param("status", h.status.unwrap_or(Lifecycle::Issued).code()),
        );
    }
}

/// Every country code must exist; the issuing, producing and importing countries must be parties.
fn countries(cert: &Certificate, on: Date, options: &Options, raws: &mut Vec<Raw>) {
    let h = &cert.header;
    let d = &cert.exporter_declaration;
    let agreement = h.agreement.unwrap_or(Agreement::Atiga);
    let member_fields: [(&Option<String>, Vec<Step>); 3] = [
        (
            &h.issued_in,
            path(&[Name::ExchangedDocument, Name::IssueCountryId]),
        ),
        (
            &d.production_country,
            path(&[Name::ExporterDeclaration, Name::ProductionCountryId]),
        ),
        (
            &d.importing_country,
            path(&[Name::ExporterDeclaration, Name::ImportingCountryId]),
        ),
    ];
    for (value, steps) in member_fields {
        let Some(code) = value else { continue };
        if !codelists::is_country(code) {
            raws.push(country_raw(steps, code));
        } else if codelists::is_party(agreement, code, on, options.timor_leste_atiga_from)
            == Some(false)
        {
            raws.push(
                Raw::new(RuleId::CodeMemberState, steps)
                    .param("value", code.as_str())
                    .param("agreement", agreement.code())
                    .param("date", on.to_string()),
            );
        }
    }
    let c = &cert.consignment;
    let parties = [
        (&c.consignor, Name::Consignor),
        (&c.consignee, Name::Consignee),
        (&c.exhibition, Name::Exhibition),
    ];
    for (party, name) in parties {
        party_country(party, raws, || {
            vec![
                Step::named(Name::SupplyChainConsignment, 0),
                Step::named(name, 0),
            ]
        });
    }
    for (i, item) in c.items.iter().enumerate() {
        party_country(&item.third_party_invoicer, raws, || {
            item_path(i, &[Name::ThirdPartyInvoicer])
        });
        party_country(&item.producer, raws, || item_path(i, &[Name::Producer]));
        if let Some(code) = &item.origin_country
            && !codelists::is_country(code)
        {
            raws.push(country_raw(item_path(i, &[Name::OriginCountryId]), code));
        }
        for (p, proof) in item.original_proofs.iter().enumerate() {
            if let Some(code) = &proof.issued_in
                && !codelists::is_country(code)
            {
                let mut steps = item_path(i, &[]);
                steps.push(Step::named(Name::OriginalProof, p as u32));
                steps.push(Step::named(Name::IssueCountryId, 0));
                raws.push(country_raw(steps, code));
            }
        }
    }
}

/// `steps` is only called when there is something to report: paths cost an allocation.
fn party_country(party: &Option<Party>, raws: &mut Vec<Raw>, steps: impl FnOnce() -> Vec<Step>) {
    if let Some(code) = party
        .as_ref()
        .and_then(|p| p.postal_address.as_ref())
        .and_then(|a| a.country.as_ref())
        && !codelists::is_country(code)
    {
        let mut steps = steps();
        steps.push(Step::named(Name::PostalAddress, 0));
        steps.push(Step::named(Name::CountryId, 0));
        raws.push(country_raw(steps, code));
    }
}

fn country_raw(steps: Vec<Step>, code: &str) -> Raw {
    Raw::new(RuleId::CodeCountry, steps).param("value", code)
}

fn items(cert: &Certificate, on: Date, raws: &mut Vec<Raw>) {
    let c = &cert.consignment;
    if let Some(mode) = c.transport.as_ref().and_then(|t| t.mode.as_ref())
        && !codelists::is_transport_mode(mode)
    {
        raws.push(
            Raw::new(
                RuleId::CodeTransportMode,
                path(&[
                    Name::SupplyChainConsignment,
                    Name::MainCarriageTransportMovement,
                    Name::ModeCode,
                ]),
            )
            .param("value", mode.as_str()),
        );
    }
    let edition = codelists::hs_edition(on);
    let nomenclature = edition.filter(|e| e.is_bundled());
    if nomenclature.is_none() && c.items.iter().any(|i| i.hs_code.is_some()) {
        raws.push(
            Raw::new(
                RuleId::CodeHsEdition,
                path(&[Name::ExchangedDocument, Name::IssueDate]),
            )
            .param("date", on.to_string()),
        );
    }
    let hundred = Decimal::ONE_HUNDRED;
    for (i, item) in c.items.iter().enumerate() {
        if let Some(n) = item.number
            && n as usize != i + 1
        {
            raws.push(
                Raw::new(RuleId::ItemSequence, item_path(i, &[Name::SequenceNumeric]))
                    .param("value", n.to_string())
                    .param("expected", (i + 1).to_string()),
            );
        }
        if let Some(pt) = &item.package_type
            && !codelists::is_package_type(pt)
        {
            raws.push(
                Raw::new(
                    RuleId::CodePackageType,
                    item_path(i, &[Name::PackageTypeCode]),
                )
                .param("value", pt.as_str()),
            );
        }
        if let (Some(hs), Some(digits)) = (&item.hs_code, item.hs_digits()) {
            if let Some(e) = nomenclature
                && e.has_subheading(&digits) == Some(false)
            {
                raws.push(
                    Raw::new(
                        RuleId::CodeHsSubheading,
                        item_path(i, &[Name::HarmonisedTariffCode]),
                    )
                    .param("value", hs.as_str())
                    .param("edition", e.name),
                );
            }
            if digits.len() != 8 {
                raws.push(
                    Raw::new(
                        RuleId::CodeHsLength,
                        item_path(i, &[Name::HarmonisedTariffCode]),
                    )
                    .param("value", hs.as_str())
                    .param("digits", digits.len().to_string()),
                );
            }
        }
        for (measure, name) in [
            (&item.gross_weight, Name::GrossWeight),
            (&item.quantity, Name::Quantity),
        ] {
            if let Some(unit) = measure.as_ref().and_then(|m| m.unit_code.as_ref())
                && !codelists::is_unit(unit)
            {
                raws.push(
                    Raw::new(RuleId::CodeUnit, item_path(i, &[name, Name::UnitCode]))
                        .param("value", unit.as_str()),
                );
            }
        }
        if let Some(currency) = item.fob.as_ref().and_then(|f| f.currency.as_ref())
            && !codelists::is_currency(currency)
        {
            raws.push(
                Raw::new(
                    RuleId::CodeCurrency,
                    item_path(i, &[Name::FobAmount, Name::CurrencyId]),
                )
                .param("value", currency.as_str()),
            );
        }
        match &item.origin_criterion {
            Some(OriginCriterion::PartialCumulation { percent })
                if *percent < Decimal::from(20) || *percent >= Decimal::from(40) =>
            {
                raws.push(
                    Raw::new(
                        RuleId::Box8PartialCumulation,
                        item_path(i, &[Name::OriginCriteriaText]),
                    )
                    .param("percent", percent.to_string()),
                );
            }
            Some(OriginCriterion::NotWhollyObtained(parts)) => {
                for part in parts {
                    if let Criterion::RegionalValueContent { percent } = part
                        && (percent.is_zero() || *percent > hundred)
                    {
                        raws.push(
                            Raw::new(
                                RuleId::Box8Percentage,
                                item_path(i, &[Name::OriginCriteriaText]),
                            )
                            .param("percent", percent.to_string()),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}
