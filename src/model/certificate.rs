//! The certificate's boxes as types.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

/// Where the e-Form D stands in its life: an amendment is a new certificate that cancels or replaces
/// the earlier one (OCP Rules 26–30).
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Lifecycle {
    /// In force.
    Issued,
    /// Withdrawn by the issuing authority, without a replacement.
    Cancelled,
    /// Withdrawn and replaced by the certificate `replaced_by` names.
    Replaced,
}

impl Lifecycle {
    /// The binding codes, in declaration order.
    pub const CODES: [&'static str; 3] = ["ISSUED", "CANCELLED", "REPLACED"];

    /// The status a binding code names.
    pub fn from_code(s: &str) -> Option<Lifecycle> {
        match s {
            "ISSUED" => Some(Lifecycle::Issued),
            "CANCELLED" => Some(Lifecycle::Cancelled),
            "REPLACED" => Some(Lifecycle::Replaced),
            _ => None,
        }
    }

    /// The binding code.
    pub fn code(self) -> &'static str {
        match self {
            Lifecycle::Issued => "ISSUED",
            Lifecycle::Cancelled => "CANCELLED",
            Lifecycle::Replaced => "REPLACED",
        }
    }
}

/// Box 4: the importing customs authority's answer.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Treatment {
    /// Preferential treatment given.
    Given,
    /// Preferential treatment not given (the reasons say why).
    NotGiven,
}

impl Treatment {
    /// The binding codes, in declaration order.
    pub const CODES: [&'static str; 2] = ["GIVEN", "NOT_GIVEN"];

    /// The answer a binding code names.
    pub fn from_code(s: &str) -> Option<Treatment> {
        match s {
            "GIVEN" => Some(Treatment::Given),
            "NOT_GIVEN" => Some(Treatment::NotGiven),
            _ => None,
        }
    }

    /// The binding code.
    pub fn code(self) -> &'static str {
        match self {
            Treatment::Given => "GIVEN",
            Treatment::NotGiven => "NOT_GIVEN",
        }
    }
}

/// A whole certificate of origin.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Certificate {
    /// The header: reference, agreement, form, issue date and country, lifecycle.
    #[serde(rename = "exchangedDocument")]
    pub header: Header,
    /// Boxes 1–3 and the goods items (boxes 5–10).
    #[serde(rename = "supplyChainConsignment")]
    pub consignment: Consignment,
    /// Box 11.
    pub exporter_declaration: ExporterDeclaration,
    /// Box 12.
    pub certification: Certification,
    /// Box 13.
    pub indicators: Indicators,
    /// Box 4, filled in by the importing customs authority.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub official_use: Option<OfficialUse>,
}

/// The header: "Reference No.", "Issued in", the agreement and form, and the e-Form D lifecycle.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Header {
    /// Reference No.; numbering is national, so no regional format is imposed.
    #[serde(rename = "id", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The code of the agreement preference is claimed under (`ATIGA`, `RCEP`…): what it means is
    /// the agreement profile's business, so a new agreement needs no new model.
    #[serde(rename = "agreementId", skip_serializing_if = "Option::is_none")]
    pub agreement: Option<String>,
    /// The form type as printed (`D` for Form D).
    #[serde(rename = "formTypeCode", skip_serializing_if = "Option::is_none")]
    pub form_type: Option<String>,
    /// The date the issuing authority issued the certificate.
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_date")]
    pub issue_date: Option<Date>,
    /// "Issued in (Country)", ISO 3166-1 alpha-2.
    #[serde(rename = "issueCountryId", skip_serializing_if = "Option::is_none")]
    pub issued_in: Option<String>,
    /// The e-Form D lifecycle status; absent means issued.
    #[serde(rename = "statusCode", skip_serializing_if = "Option::is_none")]
    pub status: Option<Lifecycle>,
    /// The reference number of the certificate that replaces this one.
    #[serde(rename = "replacedById", skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    /// Box 12's "CERTIFIED TRUE COPY", for a copy replacing a lost or stolen original.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certified_true_copy: Option<CertifiedTrueCopy>,
    /// Remarks box of later forms (RCEP, Korea–China).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// Box 12 "CERTIFIED TRUE COPY" of a lost or stolen original (OCP Rule 12).
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CertifiedTrueCopy {
    /// "REPLACING CO Ref …": the original's reference number.
    #[serde(rename = "replacingId", skip_serializing_if = "Option::is_none")]
    pub replacing: Option<String>,
    /// The original's issue date.
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_date")]
    pub original_issue_date: Option<Date>,
}

/// Boxes 1–3 and the goods items.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Consignment {
    /// Box 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consignor: Option<Party>,
    /// Box 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consignee: Option<Party>,
    /// Box 2, for goods sent to an exhibition (OCP Rule 22).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exhibition: Option<Party>,
    /// Box 3.
    #[serde(
        rename = "mainCarriageTransportMovement",
        skip_serializing_if = "Option::is_none"
    )]
    pub transport: Option<Transport>,
    /// Boxes 5–10, one per goods item.
    #[serde(rename = "includedConsignmentItems")]
    pub items: Vec<Item>,
}

/// A named party with an address (exporter, consignee, exhibition, invoicing company, producer).
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Party {
    /// The party's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The party's address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_address: Option<Address>,
}

/// A postal address.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// First address line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_one: Option<String>,
    /// Second address line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_two: Option<String>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city_name: Option<String>,
    /// Postcode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode_code: Option<String>,
    /// Country, ISO 3166-1 alpha-2.
    #[serde(rename = "countryId", skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// Box 3: means of transport and route, as far as known.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Transport {
    /// The shipment date the retroactive-issue rule (OCP Rule 10) measures from.
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_date")]
    pub departure_date: Option<Date>,
    /// UN/ECE Recommendation 19 mode code.
    #[serde(rename = "modeCode", skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Vessel's name / aircraft.
    #[serde(rename = "transportMeansName", skip_serializing_if = "Option::is_none")]
    pub means: Option<String>,
    /// Port of loading.
    #[serde(rename = "loadingPortName", skip_serializing_if = "Option::is_none")]
    pub port_of_loading: Option<String>,
    /// Port of discharge.
    #[serde(rename = "unloadingPortName", skip_serializing_if = "Option::is_none")]
    pub port_of_discharge: Option<String>,
}

/// Boxes 5–10 of one goods item.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    /// Box 5.
    #[serde(rename = "sequenceNumeric", skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// Box 6.
    #[serde(rename = "marksText", skip_serializing_if = "Option::is_none")]
    pub marks: Option<String>,
    /// Box 7: number of packages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package_quantity: Option<u32>,
    /// Box 7: UN/ECE Recommendation 21 package type.
    #[serde(rename = "packageTypeCode", skip_serializing_if = "Option::is_none")]
    pub package_type: Option<String>,
    /// Box 7: description of goods.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Box 7: manufacturer or trade mark (overleaf note 5).
    #[serde(rename = "manufacturerName", skip_serializing_if = "Option::is_none")]
    pub manufacturer: Option<String>,
    /// Box 7: HS number as given (the importing country's AHTN code on Form D); dots are kept.
    #[serde(
        rename = "harmonisedTariffCode",
        skip_serializing_if = "Option::is_none"
    )]
    pub hs_code: Option<String>,
    /// Box 8 as printed: each form has its own vocabulary, so it is read by the rule stages with the
    /// profile of the certificate's agreement (`OriginCriterion::parse`).
    #[serde(rename = "originCriteriaText", skip_serializing_if = "Option::is_none")]
    pub origin_criterion: Option<String>,
    /// Country of origin, a box of later forms (RCEP).
    #[serde(rename = "originCountryId", skip_serializing_if = "Option::is_none")]
    pub origin_country: Option<String>,
    /// Box 9.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gross_weight: Option<Measure>,
    /// Box 9: other quantity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Measure>,
    /// Box 9: FOB value where an RVC criterion is applied (overleaf note 10).
    #[serde(rename = "fobAmount", skip_serializing_if = "Option::is_none")]
    pub fob: Option<Amount>,
    /// Box 10.
    pub invoices: Vec<Invoice>,
    /// Box 7: the invoicing company for third-country invoicing (OCP Rule 23).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub third_party_invoicer: Option<Party>,
    /// Box 7: the original proofs of origin of a back-to-back certificate (OCP Rule 11).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub original_proofs: Vec<OriginalProof>,
    /// Producer, a box of later forms (RCEP, Korea–China).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub producer: Option<Party>,
}

impl Item {
    /// The HS code's digits, dots removed.
    pub fn hs_digits(&self) -> Option<String> {
        self.hs_code
            .as_ref()
            .map(|s| s.chars().filter(|c| c.is_ascii_digit()).collect())
    }
}

/// A quantity with its UN/ECE Recommendation 20 unit.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Measure {
    /// The quantity.
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_decimal"
    )]
    pub value: Option<Decimal>,
    /// UN/ECE Recommendation 20 unit code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_code: Option<String>,
}

/// An amount of money with its ISO 4217 currency.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Amount {
    /// The amount, as a decimal.
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_decimal"
    )]
    pub value: Option<Decimal>,
    /// ISO 4217 currency code.
    #[serde(rename = "currencyId", skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

/// Box 10: one invoice.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Invoice {
    /// The invoice number.
    #[serde(rename = "id", skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The invoice date.
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_date")]
    pub issue_date: Option<Date>,
}

/// An original proof of origin behind a back-to-back certificate.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OriginalProof {
    /// The original proof's reference number.
    #[serde(rename = "id", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The original proof's issue date.
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_date")]
    pub issue_date: Option<Date>,
    /// Where the original proof was issued, ISO 3166-1 alpha-2.
    #[serde(rename = "issueCountryId", skip_serializing_if = "Option::is_none")]
    pub issued_in: Option<String>,
    /// The quantity the original proof covers, where given: a back-to-back certificate may not
    /// re-export more (OCP Rule 11(1)(f)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Measure>,
}

/// Box 11: the exporter's declaration.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExporterDeclaration {
    /// "all the goods were produced in (Country)".
    #[serde(
        rename = "productionCountryId",
        skip_serializing_if = "Option::is_none"
    )]
    pub production_country: Option<String>,
    /// "… for the goods exported to (Importing Country)".
    #[serde(rename = "importingCountryId", skip_serializing_if = "Option::is_none")]
    pub importing_country: Option<String>,
    /// Place of the declaration.
    #[serde(rename = "placeName", skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Date of the declaration.
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    #[serde(
        rename = "signatureDate",
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_date"
    )]
    pub date: Option<Date>,
    /// Who signed the declaration.
    #[serde(rename = "signatoryName", skip_serializing_if = "Option::is_none")]
    pub signatory: Option<String>,
}

/// Box 12: certification by the issuing authority.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Certification {
    /// Place of certification.
    #[serde(rename = "placeName", skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Date of certification.
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    #[serde(
        rename = "signatureDate",
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_date"
    )]
    pub date: Option<Date>,
    /// The issuing authority.
    #[serde(rename = "authorityName", skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// Who signed for the authority.
    #[serde(rename = "signatoryName", skip_serializing_if = "Option::is_none")]
    pub signatory: Option<String>,
}

/// Box 13 of Form D: its seven ticks, the Movement Certificate of Form E, and any other tick a
/// form has, by the code its agreement profile gives it. An absent tick is not ticked.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Indicators {
    /// "Third-Country Invoicing" (OCP Rule 23).
    pub third_country_invoicing: bool,
    /// "Exhibition" (OCP Rule 22).
    #[serde(rename = "exhibitionIndicator")]
    pub exhibition: bool,
    /// "Accumulation" (ATIGA Art. 30).
    pub accumulation: bool,
    /// "De Minimis" (ATIGA Art. 33).
    pub de_minimis: bool,
    /// "Back-to-Back CO" (OCP Rule 11).
    pub back_to_back: bool,
    /// "Issued Retroactively" (OCP Rule 10).
    pub issued_retroactively: bool,
    /// "Partial Cumulation" (ATIGA Art. 30(2)).
    pub partial_cumulation: bool,
    /// "Movement Certificate" (Form E: a back-to-back certificate under ACFTA).
    #[serde(skip_serializing_if = "is_false")]
    pub movement_certificate: bool,
    /// Other ticks of other forms, ticked, by the code their profile names.
    #[serde(rename = "otherIndicators", skip_serializing_if = "Vec::is_empty")]
    pub other: Vec<String>,
}

/// Box 4: for official use by the importing customs authority.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OfficialUse {
    /// Whether preferential treatment was given.
    #[serde(rename = "treatmentCode", skip_serializing_if = "Option::is_none")]
    pub treatment: Option<Treatment>,
    /// Why it was not, as written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    /// Items refused preference (overleaf note 9: circled in Box 5).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refused_item_numbers: Vec<u32>,
    /// Date of the answer.
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    #[serde(
        rename = "signatureDate",
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_date"
    )]
    pub date: Option<Date>,
    /// Who signed for the importing customs authority.
    #[serde(rename = "signatoryName", skip_serializing_if = "Option::is_none")]
    pub signatory: Option<String>,
}

/// Serde's test for ticks only later forms have: an unticked one is not written, so a Form D
/// document converts to the same document.
fn is_false(b: &bool) -> bool {
    !*b
}

fn ser_date<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

fn ser_decimal<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}
