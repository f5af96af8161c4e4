//! The binding vocabulary: one table naming every element of the certificate in both bindings.
//!
//! The XML binding uses UN/CEFACT-style element names; the JSON binding uses the same names in camelCase
//! (plural where the element repeats). Because both bindings are read into the same neutral tree
//! (the binding's tree) and named through this one table, the model mapping, the source map and the path
//! rendering are written once and cannot disagree between XML and JSON. Each entry also carries the
//! Form D box it belongs to, so that a finding about any element can say which box it concerns.

/// How an element appears in XML: as a child element or as an attribute of its parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XmlForm {
    Element,
    Attribute,
}

macro_rules! vocabulary {
    ($($id:ident = $xml:literal, $json:literal, $bx:expr, $form:ident;)*) => {
        /// One name of the vocabulary. Declaration order is binding order: inside every element, child
        /// elements appear in the order their names are declared here (the XML writer relies on it).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        // `PartyName` is the party's `Name` element: `Name::Name` would say less.
        #[allow(clippy::enum_variant_names)]
        pub enum Name { $($id,)* }

        impl Name {
            /// The name's position in the vocabulary, which is binding order.
            // A `repr(u8)` discriminant: lossless by construction.
            #[allow(clippy::as_conversions)]
            #[inline]
            pub const fn rank(self) -> u8 {
                self as u8
            }

            /// The name's position, as an index into a table with an entry per name.
            #[inline]
            pub fn index(self) -> usize {
                usize::from(self.rank())
            }

            /// Every name, in declaration order.
            pub const ALL: &'static [Name] = &[$(Name::$id,)*];

            /// The XML element or attribute name.
            #[inline]
            pub const fn xml(self) -> &'static str {
                match self { $(Name::$id => $xml,)* }
            }

            /// The JSON property name.
            #[inline]
            pub const fn json(self) -> &'static str {
                match self { $(Name::$id => $json,)* }
            }

            /// The Form D box this element belongs to, when it belongs to one box; children inherit it.
            pub const fn form_box(self) -> Option<&'static str> {
                match self { $(Name::$id => $bx,)* }
            }

            /// Whether XML carries this name as an attribute.
            pub const fn xml_form(self) -> XmlForm {
                match self { $(Name::$id => XmlForm::$form,)* }
            }

            /// Looks an XML name up. Attributes and elements share the table; the caller knows which it read.
            #[inline]
            pub fn from_xml(s: &str) -> Option<Name> {
                lookup(&INDEX.xml, s, Name::xml)
            }

            /// Looks a JSON property name up.
            #[inline]
            pub fn from_json(s: &str) -> Option<Name> {
                lookup(&INDEX.json, s, Name::json)
            }
        }
    };
}

const HEADER: Option<&str> = Some("header");
const B1: Option<&str> = Some("1");
const B2: Option<&str> = Some("2");
const B3: Option<&str> = Some("3");
const B4: Option<&str> = Some("4");
const B5: Option<&str> = Some("5");
const B6: Option<&str> = Some("6");
const B7: Option<&str> = Some("7");
const B8: Option<&str> = Some("8");
const B9: Option<&str> = Some("9");
const B10: Option<&str> = Some("10");
const B11: Option<&str> = Some("11");
const B12: Option<&str> = Some("12");
const B13: Option<&str> = Some("13");

vocabulary! {
    CertificateOfOrigin = "CertificateOfOrigin", "certificateOfOrigin", None, Element;
    // Header
    ExchangedDocument = "ExchangedDocument", "exchangedDocument", HEADER, Element;
    Id = "ID", "id", None, Element;
    AgreementId = "AgreementID", "agreementId", HEADER, Element;
    FormTypeCode = "FormTypeCode", "formTypeCode", HEADER, Element;
    IssueDate = "IssueDate", "issueDate", None, Element;
    IssueCountryId = "IssueCountryID", "issueCountryId", None, Element;
    StatusCode = "StatusCode", "statusCode", HEADER, Element;
    ReplacedById = "ReplacedByID", "replacedById", HEADER, Element;
    CertifiedTrueCopy = "CertifiedTrueCopy", "certifiedTrueCopy", B12, Element;
    ReplacingId = "ReplacingID", "replacingId", B12, Element;
    OriginalIssueDate = "OriginalIssueDate", "originalIssueDate", B12, Element;
    // Parties
    SupplyChainConsignment = "SupplyChainConsignment", "supplyChainConsignment", None, Element;
    Consignor = "Consignor", "consignor", B1, Element;
    Consignee = "Consignee", "consignee", B2, Element;
    Exhibition = "Exhibition", "exhibition", B2, Element;
    PartyName = "Name", "name", None, Element;
    PostalAddress = "PostalAddress", "postalAddress", None, Element;
    LineOne = "LineOne", "lineOne", None, Element;
    LineTwo = "LineTwo", "lineTwo", None, Element;
    CityName = "CityName", "cityName", None, Element;
    PostcodeCode = "PostcodeCode", "postcodeCode", None, Element;
    CountryId = "CountryID", "countryId", None, Element;
    // Box 3
    MainCarriageTransportMovement = "MainCarriageTransportMovement", "mainCarriageTransportMovement", B3, Element;
    DepartureDate = "DepartureDate", "departureDate", B3, Element;
    ModeCode = "ModeCode", "modeCode", B3, Element;
    TransportMeansName = "TransportMeansName", "transportMeansName", B3, Element;
    LoadingPortName = "LoadingPortName", "loadingPortName", B3, Element;
    UnloadingPortName = "UnloadingPortName", "unloadingPortName", B3, Element;
    // Items, boxes 5-10
    IncludedConsignmentItem = "IncludedConsignmentItem", "includedConsignmentItems", None, Element;
    SequenceNumeric = "SequenceNumeric", "sequenceNumeric", B5, Element;
    MarksText = "MarksText", "marksText", B6, Element;
    PackageQuantity = "PackageQuantity", "packageQuantity", B7, Element;
    PackageTypeCode = "PackageTypeCode", "packageTypeCode", B7, Element;
    Description = "Description", "description", B7, Element;
    ManufacturerName = "ManufacturerName", "manufacturerName", B7, Element;
    HarmonisedTariffCode = "HarmonisedTariffCode", "harmonisedTariffCode", B7, Element;
    OriginCriteriaText = "OriginCriteriaText", "originCriteriaText", B8, Element;
    OriginCountryId = "OriginCountryID", "originCountryId", B8, Element;
    GrossWeight = "GrossWeight", "grossWeight", B9, Element;
    Quantity = "Quantity", "quantity", B9, Element;
    FobAmount = "FOBAmount", "fobAmount", B9, Element;
    Value = "value", "value", None, Element;
    UnitCode = "unitCode", "unitCode", None, Attribute;
    CurrencyId = "currencyID", "currencyId", None, Attribute;
    Invoice = "Invoice", "invoices", B10, Element;
    ThirdPartyInvoicer = "ThirdPartyInvoicer", "thirdPartyInvoicer", B7, Element;
    OriginalProof = "OriginalProof", "originalProofs", B7, Element;
    Producer = "Producer", "producer", None, Element;
    // Box 11
    ExporterDeclaration = "ExporterDeclaration", "exporterDeclaration", B11, Element;
    ProductionCountryId = "ProductionCountryID", "productionCountryId", B11, Element;
    ImportingCountryId = "ImportingCountryID", "importingCountryId", B11, Element;
    TreatmentCode = "TreatmentCode", "treatmentCode", B4, Element;
    Reason = "Reason", "reasons", B4, Element;
    RefusedItemNumber = "RefusedItemNumber", "refusedItemNumbers", B4, Element;
    PlaceName = "PlaceName", "placeName", None, Element;
    SignatureDate = "SignatureDate", "signatureDate", None, Element;
    AuthorityName = "AuthorityName", "authorityName", B12, Element;
    SignatoryName = "SignatoryName", "signatoryName", None, Element;
    // Box 12
    Certification = "Certification", "certification", B12, Element;
    // Box 13
    Indicators = "Indicators", "indicators", B13, Element;
    ThirdCountryInvoicing = "ThirdCountryInvoicing", "thirdCountryInvoicing", B13, Element;
    ExhibitionTick = "ExhibitionIndicator", "exhibitionIndicator", B13, Element;
    Accumulation = "Accumulation", "accumulation", B13, Element;
    DeMinimis = "DeMinimis", "deMinimis", B13, Element;
    BackToBack = "BackToBack", "backToBack", B13, Element;
    IssuedRetroactively = "IssuedRetroactively", "issuedRetroactively", B13, Element;
    PartialCumulation = "PartialCumulation", "partialCumulation", B13, Element;
    MovementCertificate = "MovementCertificate", "movementCertificate", B13, Element;
    OtherIndicator = "OtherIndicator", "otherIndicators", B13, Element;
    // Box 4
    OfficialUse = "OfficialUse", "officialUse", B4, Element;
    Remarks = "Remarks", "remarks", None, Element;
}

/// Open-addressing hash tables from name text to `Name` (slot = index in `Name::ALL` + 1, 0 = empty):
/// one per binding. Name lookups run once per element read, so they cost one short hash and usually
/// one comparison, not a search.
struct Index {
    xml: [u8; SLOTS],
    json: [u8; SLOTS],
}

const SLOTS: usize = 256;

/// Built by the compiler: nothing to set up at run time, nothing to check on every lookup.
static INDEX: Index = build_index();

// A const context, where `From` cannot be called: the casts widen bytes and lengths of names
// (a few dozen bytes) and cut a hash to the table's size.
#[allow(clippy::as_conversions)]
const fn slot_of(s: &str) -> usize {
    // Length and three bytes tell the vocabulary's names apart well enough for a table a third full;
    // the one comparison after the probe decides.
    let b = s.as_bytes();
    if b.is_empty() {
        return 0;
    }
    let (first, last, middle) = (b[0] as u32, b[b.len() - 1] as u32, b[b.len() / 2] as u32);
    let h = (b.len() as u32)
        .wrapping_mul(0x9E37_79B1)
        .wrapping_add(first.wrapping_mul(0x85EB_CA77))
        .wrapping_add(last.wrapping_mul(0xC2B2_AE3D))
        .wrapping_add(middle.wrapping_mul(0x27D4_EB2F));
    (h ^ (h >> 15) ^ (h >> 23)) as usize % SLOTS
}

// A const context: the slot numbers are below the table's 256 entries (a test checks the sizes).
#[allow(clippy::as_conversions)]
const fn build_index() -> Index {
    let mut index = Index {
        xml: [0; SLOTS],
        json: [0; SLOTS],
    };
    let mut i = 0;
    while i < Name::ALL.len() {
        let name = Name::ALL[i];
        let mut slot = slot_of(name.xml());
        while index.xml[slot] != 0 {
            slot = (slot + 1) % SLOTS;
        }
        index.xml[slot] = (i + 1) as u8;
        let mut slot = slot_of(name.json());
        while index.json[slot] != 0 {
            slot = (slot + 1) % SLOTS;
        }
        index.json[slot] = (i + 1) as u8;
        i += 1;
    }
    index
}

#[inline]
fn lookup(table: &[u8; SLOTS], s: &str, text: fn(Name) -> &'static str) -> Option<Name> {
    let mut slot = slot_of(s);
    loop {
        let entry = table[slot];
        if entry == 0 {
            return None;
        }
        let name = Name::ALL[usize::from(entry) - 1];
        if crate::bytes::same_bytes(text(name).as_bytes(), s.as_bytes()) {
            return Some(name);
        }
        slot = (slot + 1) % SLOTS;
    }
}

/// The project's own XML namespace. Versioned: a breaking change of the binding gets a new one.
pub const NAMESPACE: &str = "urn:eco-validator:certificate-of-origin:1";

/// Where the box of an element nested in items is decided by its position, not its name
/// (a `Name` under `Consignor` is Box 1, under `Consignee` Box 2), children inherit their parent's box.
pub fn box_of_chain(chain: &[Name]) -> Option<&'static str> {
    chain.iter().rev().find_map(|n| n.form_box())
}

/// Which binding a tree was read from; decides how paths are written.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Syntax {
    /// The XML binding (XPath-like paths).
    Xml,
    /// The JSON binding (JSON Pointers).
    Json,
}

impl Syntax {
    /// The name reports give it (`xml`, `json`).
    pub fn word(self) -> &'static str {
        match self {
            Syntax::Xml => "xml",
            Syntax::Json => "json",
        }
    }
}

/// A name as the given syntax spells it: the vocabulary's spelling, or as written outside it.
pub fn label(name: Option<Name>, raw: Option<&str>, syntax: Syntax) -> &str {
    match (name, syntax) {
        (Some(n), Syntax::Xml) => n.xml(),
        (Some(n), Syntax::Json) => n.json(),
        (None, _) => raw.unwrap_or(""),
    }
}

/// Names that repeat by design; their index is always part of a path.
pub fn is_repeating(name: Option<Name>) -> bool {
    matches!(
        name,
        Some(
            Name::IncludedConsignmentItem
                | Name::Invoice
                | Name::OriginalProof
                | Name::Reason
                | Name::RefusedItemNumber
                | Name::OtherIndicator
        )
    )
}

/// One step of a canonical (model) path: a vocabulary name or an unknown name, with an index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub name: Option<Name>,
    /// The name as written, for names outside the vocabulary only.
    pub raw: Option<Box<str>>,
    pub index: u32,
}

impl Step {
    pub fn named(name: Name, index: u32) -> Step {
        Step {
            name: Some(name),
            raw: None,
            index,
        }
    }

    /// The `index`-th (0-based) element named `name`.
    pub fn nth(name: Name, index: usize) -> Step {
        Step::named(name, u32::try_from(index).unwrap_or(u32::MAX))
    }

    /// The step's name as the given syntax spells it.
    pub fn label(&self, syntax: Syntax) -> &str {
        label(self.name, self.raw.as_deref(), syntax)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_in_each_binding() {
        for (i, a) in Name::ALL.iter().enumerate() {
            for b in &Name::ALL[i + 1..] {
                assert_ne!(a.xml(), b.xml(), "{a:?} and {b:?}");
                assert_ne!(a.json(), b.json(), "{a:?} and {b:?}");
            }
            assert_eq!(Name::from_xml(a.xml()), Some(*a));
            assert_eq!(Name::from_json(a.json()), Some(*a));
        }
        for unknown in [
            "",
            "Colour",
            "id ",
            "ID2",
            "includedConsignmentItem",
            "x".repeat(300).as_str(),
        ] {
            assert_eq!(Name::from_xml(unknown), None, "{unknown}");
            assert_eq!(Name::from_json(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn the_name_tables_probe_little() {
        let index = build_index();
        type Spelling = fn(Name) -> &'static str;
        let spellings: [(&[u8; SLOTS], Spelling); 2] =
            [(&index.xml, Name::xml), (&index.json, Name::json)];
        for (table, text) in spellings {
            let longest = Name::ALL
                .iter()
                .map(|n| {
                    let mut slot = slot_of(text(*n));
                    let mut probes = 1;
                    while Name::ALL[usize::from(table[slot]) - 1] != *n {
                        slot = (slot + 1) % SLOTS;
                        probes += 1;
                    }
                    probes
                })
                .max()
                .unwrap();
            assert!(longest <= 8, "a name needs {longest} probes");
        }
    }

    #[test]
    fn inner_box_wins() {
        let chain = [
            Name::SupplyChainConsignment,
            Name::Consignor,
            Name::PartyName,
        ];
        assert_eq!(box_of_chain(&chain), Some("1"));
        assert_eq!(box_of_chain(&[Name::CertificateOfOrigin]), None);
    }
}
