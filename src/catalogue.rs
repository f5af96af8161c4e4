//! The rule catalogue: every finding the validator can raise, as data with a stable identity.
//!
//! Codes are never reused and never renamed; a rule that is dropped stays here with `Status::Retired`,
//! so that a portal's translation table and a stored report keep their meaning. Messages are English
//! templates whose `{placeholders}` are the finding's parameters, so callers can localise by code.

use serde::Serialize;

/// How bad a finding is. Errors make a certificate invalid; warnings are minor discrepancies in the sense
/// of OCP Rule 16 or advice; infos record what could not be checked.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// Makes the certificate invalid.
    Error,
    /// A minor discrepancy (OCP Rule 16) or advice; the certificate stays valid.
    Warning,
    /// Records what could not be checked.
    Info,
}

/// Which stage of the pipeline raises the rule.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Stage {
    /// Reading bytes into a tree: well-formedness, refused constructs, limits.
    Parse,
    /// Mapping the tree onto the model: required, repeated, unknown and misplaced elements.
    Structure,
    /// Lexical form of a value: dates, numbers, code shapes. What an XSD also checks.
    Format,
    /// Membership of a code in its code list, at the certificate's issue date.
    Codelist,
    /// The Box 8 origin-criterion grammar.
    Grammar,
    /// Relations between fields.
    Consistency,
    /// The agreement's certification procedure (ATIGA Annex 8): validity, retroactive issue,
    /// back-to-back and replacement certificates, ticks and what they require.
    Certification,
}

impl Severity {
    /// The name reports give it (`error`, `warning`, `info`).
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl Stage {
    /// The name the catalogue gives it (`parse`, `codelist`…).
    pub fn word(self) -> &'static str {
        match self {
            Stage::Parse => "parse",
            Stage::Structure => "structure",
            Stage::Format => "format",
            Stage::Codelist => "codelist",
            Stage::Grammar => "grammar",
            Stage::Consistency => "consistency",
            Stage::Certification => "certification",
        }
    }

    /// Stages whose findings an XML Schema would also report; used by the xmllint cross-check.
    pub fn is_structural(self) -> bool {
        matches!(self, Stage::Parse | Stage::Structure | Stage::Format)
    }
}

/// Whether a rule is still raised. Retired rules keep their code, so stored reports keep their meaning.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Raised by this version.
    Active,
    /// No longer raised; the code is never reused.
    Retired,
}

/// One rule of the catalogue.
///
/// A build without the bundled data (cargo feature `bundled` off, as the npm package's module is)
/// compiles no basis, description or message: they are the larger part of the catalogue and only
/// text, so the package's data file carries them ([`crate::Data`]), and reports and `rules()` take
/// them from there. Such a build's `Rule`s have them empty.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Rule {
    /// The stable public identity (`box8.syntax`): what portals localise by.
    #[cfg_attr(feature = "typescript", tsify(type = "RuleCode"))]
    pub code: &'static str,
    /// How bad a finding of this rule is.
    pub severity: Severity,
    /// Which stage raises it.
    pub stage: Stage,
    /// The box the rule concerns; `None` when it depends on the element (structural rules).
    #[serde(rename = "box")]
    pub form_box: Option<&'static str>,
    /// The legal text or standard the rule enforces.
    pub basis: &'static str,
    /// What the rule checks, in one English sentence.
    pub description: &'static str,
    /// English message template; `{name}` is replaced by the finding's parameter `name`.
    pub message: &'static str,
    /// Active or retired.
    pub status: Status,
}

/// Bumped whenever a rule is added, retired or changes meaning.
pub const CATALOGUE_VERSION: &str = "2026.12.2";

const BINDING: &str =
    "eco-validator XML/JSON binding v1 (its XSD and JSON Schema are published with the validator)";
const SECURITY: &str = "eco-validator input policy (no DTD, bounded input)";
const NOTE3: &str = "ATIGA Annex 7, overleaf note 3";
/// Rules whose content comes from the agreement's profile: a finding cites the profile's own text,
/// this says where it comes from for Form D.
const PROFILE: &str = "the agreement's profile (for Form D: ATIGA Annexes 7 and 8)";
const R16: &str = "ATIGA Annex 8 (OCP), Rule 16; ASEAN matrix of minor discrepancies";

macro_rules! catalogue {
    ($($id:ident: $code:literal, $sev:ident, $stage:ident, $bx:expr, $basis:expr, $desc:literal, $msg:literal;)*) => {
        /// Identity of a rule inside the crate; its `code` is the public, stable identity.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RuleId { $($id,)* }

        /// The whole catalogue, active and retired rules, in code order of declaration.
        pub static CATALOGUE: &[Rule] = &[$(Rule {
            code: $code,
            severity: Severity::$sev,
            stage: Stage::$stage,
            form_box: $bx,
            basis: if cfg!(feature = "bundled") { $basis } else { "" },
            description: if cfg!(feature = "bundled") { $desc } else { "" },
            message: if cfg!(feature = "bundled") { $msg } else { "" },
            status: Status::Active,
        },)*];

        /// The TypeScript union of every code, for the npm package's declarations: a `Finding`'s
        /// `code` with a typo does not compile.
        // Read by the wasm skin's `typescript_custom_section`, a use the lint does not see.
        #[allow(dead_code)]
        pub const TS_RULE_CODES: &str = concat!(
            "/** Every rule code of the catalogue. */\nexport type RuleCode =",
            $("\n  | \"", $code, "\"",)*
            ";\n"
        );

        impl RuleId {
            /// The rule's entry in the catalogue.
            pub fn rule(self) -> &'static Rule {
                &CATALOGUE[self.index()]
            }

            /// Its place in the catalogue.
            // A fieldless enum's discriminant as the index of its entry: lossless by construction.
            #[allow(clippy::as_conversions)]
            pub fn index(self) -> usize {
                self as usize
            }
        }
    };
}

catalogue! {
    ParseMalformed: "parse.malformed", Error, Parse, None, "W3C XML 1.0 §2.1; RFC 8259",
        "The document is not well-formed XML or JSON.", "The document is not well-formed {syntax}: {detail}";
    ParseUnknownFormat: "parse.unknown-format", Error, Parse, None, BINDING,
        "The input is neither XML nor JSON.", "The input is neither an XML nor a JSON document";
    ParseEncoding: "parse.encoding", Error, Parse, None, BINDING,
        "The input is not UTF-8 text.", "The document is not valid UTF-8 text";
    ParseDoctype: "parse.doctype", Error, Parse, None, SECURITY,
        "A DOCTYPE or DTD is present; DTDs are never processed.", "A DOCTYPE declaration is not allowed";
    ParseEntity: "parse.entity", Error, Parse, None, SECURITY,
        "A reference to an entity other than the five predefined ones or a character reference.",
        "The entity reference &{entity}; is not allowed";
    ParseRoot: "parse.root", Error, Parse, None, BINDING,
        "A well-formed document that is not a certificate of origin of the binding: another XML root element or namespace, or JSON that is not an object.",
        "Expected {expected}, found {found}";
    ParseNamespace: "parse.namespace", Error, Parse, None, BINDING,
        "An element of another namespace than the binding's, or a prefix no declaration binds.",
        "Element or attribute {found} is not in the binding's namespace";
    LimitSize: "limit.size", Error, Parse, None, SECURITY,
        "The document is larger than the configured limit.", "The document has {size} bytes; the limit is {limit}";
    LimitDepth: "limit.depth", Error, Parse, None, SECURITY,
        "Elements are nested deeper than the configured limit.", "Nesting is deeper than the limit of {limit}";
    LimitAttributes: "limit.attributes", Error, Parse, None, SECURITY,
        "An element has more attributes than the configured limit.", "An element has more than {limit} attributes";
    LimitNamespaces: "limit.namespaces", Error, Parse, None, SECURITY,
        "More namespace declarations than the configured limit.", "More than {limit} namespace declarations";
    LimitItems: "limit.items", Error, Parse, Some("5"), SECURITY,
        "More goods items than the configured limit.", "The certificate has {count} items; the limit is {limit}";
    LimitNodes: "limit.nodes", Error, Parse, None, SECURITY,
        "More elements, attributes or JSON members than the configured limit.",
        "The document has more than {limit} elements, attributes or JSON members";
    LimitFindings: "limit.findings", Warning, Parse, None, SECURITY,
        "More findings than the configured limit; the report lists the first ones found.",
        "The document has {count} findings; the first {limit} found are reported";
    StructMissing: "struct.missing", Error, Structure, None, BINDING,
        "A required element is missing.", "{element} is required here";
    StructUnknown: "struct.unknown", Error, Structure, None, BINDING,
        "An element the binding does not define at this place.", "{element} is not expected here";
    StructRepeated: "struct.repeated", Error, Structure, None, BINDING,
        "An element that may appear once appears more often.", "{element} may appear only once";
    StructOrder: "struct.order", Error, Structure, None, BINDING,
        "XML elements out of the binding's order.", "{element} must come before {after}";
    StructEmpty: "struct.empty", Error, Structure, None, BINDING,
        "A required value is empty.", "{element} must not be empty";
    StructShape: "struct.shape", Error, Structure, None, BINDING,
        "A value where a group is expected, or a group where a value is expected.",
        "{element} must be {expected}";
    FormatDate: "format.date", Error, Format, None, "ISO 8601 calendar date (YYYY-MM-DD)",
        "A date that is not a calendar date in the form YYYY-MM-DD.", "{element} '{value}' is not a date of the form YYYY-MM-DD";
    FormatDecimal: "format.decimal", Error, Format, None, BINDING,
        "An amount or quantity that is not a non-negative decimal number.", "{element} '{value}' is not a non-negative decimal number";
    FormatInteger: "format.integer", Error, Format, None, BINDING,
        "A count or number that is not a positive whole number.", "{element} '{value}' is not a positive whole number";
    FormatBoolean: "format.boolean", Error, Format, Some("13"), BINDING,
        "A tick that is not true or false.", "{element} '{value}' must be true or false";
    FormatCode: "format.code", Error, Format, None, BINDING,
        "A code that does not have its code list's shape (e.g. two capital letters for a country).",
        "{element} '{value}' is not a well-formed {list} code";
    FormatEnum: "format.enum", Error, Format, None, BINDING,
        "A value outside the binding's enumeration.", "{element} '{value}' must be one of {allowed}";
    FormatJsonType: "format.json-type", Error, Format, None, BINDING,
        "A JSON value of the wrong type (e.g. a number where the binding has a string).",
        "{element} must be {expected}";
    FormatHs: "format.hs", Error, Format, Some("7"), "ATIGA Annex 7, overleaf note 6",
        "An HS code that is not 6, 8 or 10 digits (dots allowed between digit pairs).",
        "HS code '{value}' must have 6, 8 or 10 digits";
    CodeCountry: "code.country", Error, Codelist, None, "ISO 3166-1 alpha-2",
        "A country code that is not an ISO 3166-1 alpha-2 code.", "{element} '{value}' is not an ISO 3166-1 country code";
    CodeMemberState: "code.member-state", Error, Codelist, None, PROFILE,
        "A country that must be a party to the agreement at the issue date, and is not.",
        "{element} '{value}' is not a party to {agreement} on {date}";
    CodeCurrency: "code.currency", Error, Codelist, Some("9"), "ISO 4217",
        "A currency code that is not an ISO 4217 code in use.", "Currency '{value}' is not an ISO 4217 currency code";
    CodeUnit: "code.unit", Warning, Codelist, Some("9"), R16,
        "A unit of measure that is not a UN/ECE Recommendation 20 code (a minor discrepancy).",
        "Unit '{value}' is not a UN/ECE Recommendation 20 code";
    CodePackageType: "code.package-type", Error, Codelist, Some("7"), "UN/ECE Recommendation 21",
        "A package type that is not a UN/ECE Recommendation 21 code.", "Package type '{value}' is not a UN/ECE Recommendation 21 code";
    CodeTransportMode: "code.transport-mode", Error, Codelist, Some("3"), "UN/ECE Recommendation 19",
        "A transport mode that is not a UN/ECE Recommendation 19 code.", "Transport mode '{value}' is not a UN/ECE Recommendation 19 code";
    CodeHsSubheading: "code.hs-subheading", Error, Codelist, Some("7"), "ATIGA Annex 7, overleaf note 6; HS 2022 nomenclature",
        "An HS code whose first six digits are not a subheading of the HS edition in force at the issue date.",
        "HS code '{value}' does not start with an {edition} subheading";
    CodeHsEdition: "code.hs-edition", Info, Codelist, Some("7"), "WCO HS editions (effective dates)",
        "No HS edition is bundled for the issue date, so HS codes were not checked against a nomenclature.",
        "HS codes were not checked: no HS edition is bundled for {date}";
    CodeHsLength: "code.hs-length", Warning, Codelist, Some("7"), "ATIGA Annex 7, overleaf note 6",
        "An HS code of another length than the form asks for (Form D: the importing country's 8-digit AHTN code; RCEP and Korea–China: 6 digits).",
        "HS code '{value}' has {digits} digits; {form} asks for {expected}";
    Box8Syntax: "box8.syntax", Error, Grammar, Some("8"), NOTE3,
        "An origin criterion that is not one of its form's (Form D: WO, a percentage, CC/CTH/CTSH, SP, a combination, or PC x%).",
        "Origin criterion '{value}' is not a {form} origin criterion";
    Box8NotOnForm: "box8.not-on-form", Error, Grammar, Some("8"), NOTE3,
        "A criterion code of another loaded form (PE, CR, ACU, DMI, WP, PSR… on Form D) that the certificate's form does not use.",
        "'{token}' is not a {form} origin criterion (it is used on {forms})";
    Box8Percentage: "box8.percentage", Error, Grammar, Some("8"), NOTE3,
        "A regional value content outside 0 < x ≤ 100.", "Regional value content {percent}% must be above 0 and at most 100";
    Box8PartialCumulation: "box8.partial-cumulation", Error, Grammar, Some("8"),
        "ATIGA Art. 30(2); Annex 7, overleaf note 3(c)",
        "A partial-cumulation percentage outside the agreement's range (ATIGA: 20 ≤ x < 40).",
        "Partial cumulation {percent}% must be at least {from} and below {below}";
    Box8Noncanonical: "box8.noncanonical", Warning, Grammar, Some("8"), R16,
        "A recognised criterion written in a non-standard way (a minor discrepancy).",
        "Origin criterion '{value}' is usually written '{canonical}'";
    HeaderAgreement: "header.agreement", Error, Consistency, Some("header"), BINDING,
        "An agreement for which no profile is loaded, so nothing else about the agreement can be checked.",
        "No profile for agreement '{value}' is loaded";
    HeaderAgreementExpected: "header.agreement-expected", Error, Consistency, Some("header"), BINDING,
        "The certificate names another agreement than the one the caller expects.",
        "The certificate claims {value}; {expected} was expected";
    HeaderFormType: "header.form-type", Error, Consistency, Some("header"), PROFILE,
        "The form type does not belong to the agreement.", "Form '{value}' is not the form of {agreement} (expected {expected})";
    HeaderIssueDateFuture: "header.issue-date-future", Error, Consistency, Some("header"), "ATIGA Annex 8 (OCP), Rule 10",
        "The certificate is dated after the validation clock.", "Issue date {date} is after the validation date {asOf}";
    ItemSequence: "item.sequence", Error, Consistency, Some("5"), "ATIGA Annex 7, box 5",
        "Item numbers are not 1, 2, 3… in document order.", "Item number {value} should be {expected}";
    RetroactiveTickRequired: "retroactive.tick-required", Error, Certification, Some("13"), "ATIGA Annex 8 (OCP), Rule 10(2)",
        "Issued after the departure date (box 3) without the Issued Retroactively tick.",
        "Issued on {date}, after the departure on {departure}: the certificate must be ticked Issued Retroactively";
    RetroactiveNotLate: "retroactive.not-late", Error, Certification, Some("13"), "ATIGA Annex 8 (OCP), Rule 10",
        "Ticked Issued Retroactively, yet issued on or before the departure date.",
        "Ticked Issued Retroactively, but issued on {date}, not after the departure on {departure}";
    RetroactiveTooLate: "retroactive.too-late", Error, Certification, Some("header"), "ATIGA Annex 8 (OCP), Rule 10(2)",
        "Issued retroactively more than the agreement allows after shipment (Form D: one year).",
        "Issued on {date}, more than {months} months after the departure on {departure} (at the latest {until})";
    BackToBackOriginals: "back-to-back.originals", Error, Certification, Some("13"), "ATIGA Annex 8 (OCP), Rule 11(1)(i)",
        "Ticked back-to-back, but no item names its original proof of origin (reference and date in box 7).",
        "A back-to-back certificate names the reference and date of its original proof(s) of origin in box 7; no item does";
    BackToBackTick: "back-to-back.tick", Error, Certification, Some("7"), "ATIGA Annex 8 (OCP), Rule 11",
        "An original proof of origin is named, but the certificate is not ticked back-to-back.",
        "Item names original proof {reference}, but the certificate is not ticked {tick}";
    BackToBackExpired: "back-to-back.original-expired", Error, Certification, Some("7"), "ATIGA Annex 8 (OCP), Rule 11(1)(c) and (e)",
        "A back-to-back certificate issued after the validity of its original proof (the earliest, for several).",
        "Issued on {date}, after original proof {reference} of {original} expired on {until}";
    BackToBackQuantity: "back-to-back.quantity", Error, Certification, Some("9"), "ATIGA Annex 8 (OCP), Rule 11(1)(f)",
        "More goods re-exported than the original proof of origin covers (same unit).",
        "Quantity {quantity} {unit} is more than the {original} {unit} of original proof {reference}";
    CertifiedCopyLate: "certified-copy.late", Error, Certification, Some("12"), "ATIGA Annex 8 (OCP), Rule 12",
        "A certified true copy issued more than one year after the original.",
        "The certified true copy of {date} is more than one year after the original of {original}";
    CertifiedCopyBeforeOriginal: "certified-copy.before-original", Error, Certification, Some("12"), "ATIGA Annex 8 (OCP), Rule 12",
        "A certified true copy dated before the original it replaces.",
        "The certified true copy of {date} is dated before the original of {original}";
    ThirdCountryInvoicer: "third-country.invoicer", Error, Certification, Some("13"), "ATIGA Annex 8 (OCP), Rule 23",
        "Ticked third-country invoicing, but no item names the invoicing company.",
        "Ticked third-country invoicing: box 7 must name the invoicing company and its country; no item does";
    ThirdCountryTick: "third-country.tick", Error, Certification, Some("7"), "ATIGA Annex 8 (OCP), Rule 23",
        "An invoicing company is named, but the certificate is not ticked third-country invoicing.",
        "An invoicing company is named, but the certificate is not ticked third-country invoicing";
    ExhibitionDetails: "exhibition.details", Error, Certification, Some("13"), "ATIGA Annex 8 (OCP), Rule 22",
        "Ticked exhibition, but box 2 does not name the exhibition.",
        "Ticked exhibition: box 2 must give the exhibition's name and address";
    ExhibitionTick: "exhibition.tick", Error, Certification, Some("2"), "ATIGA Annex 8 (OCP), Rule 22",
        "An exhibition is named, but the certificate is not ticked exhibition.",
        "Box 2 names an exhibition, but the certificate is not ticked exhibition";
    FobMissing: "fob.missing", Error, Certification, Some("9"), "ATIGA Annex 7, overleaf note 10; Annex 8 (OCP), Rule 25",
        "An RVC criterion without the FOB value where the agreement requires it (Form D: goods exported from or imported by KH, ID, LA, read as the fobRequiredFor setting says).",
        "Origin criterion '{criterion}' applies RVC: box 9 must show the FOB value for {reason}";
    PartialCumulationTick: "cumulation.partial-tick", Error, Certification, Some("13"), "ATIGA Art. 30(2); Annex 7, overleaf note 3(c)",
        "Ticked partial cumulation, but no item's criterion is PC x%.",
        "Ticked partial cumulation, but no item's origin criterion is PC x%";
    PartialCumulationCriterion: "cumulation.partial-criterion", Error, Certification, Some("8"), "ATIGA Art. 30(2); Annex 7, overleaf note 3(c)",
        "An item's criterion is PC x%, but the certificate is not ticked partial cumulation.",
        "Origin criterion '{criterion}' is partial cumulation, but the certificate is not ticked partial cumulation";
    DeMinimisCriterion: "de-minimis.criterion", Error, Certification, Some("13"), "ATIGA Art. 33",
        "Ticked de minimis, but no item's criterion is a change in tariff classification (de minimis only rescues a CTC).",
        "Ticked de minimis, but no item's origin criterion is a change in tariff classification";
    CountryExporting: "country.exporting", Error, Consistency, None, "ATIGA Annex 7, boxes 1 and 11",
        "The exporter's country (box 1) or the country of production (box 11) is not the country the certificate was issued in (back-to-back certificates name the first producer's).",
        "{element} '{value}' is not the country the certificate was issued in ({issuedIn})";
    CountryImporting: "country.importing", Error, Consistency, Some("11"), "ATIGA Annex 7, box 11",
        "The importing country is the exporting country.",
        "The importing country {value} is the country the certificate was issued in";
    CountryConsignee: "country.consignee", Error, Consistency, Some("2"), "ATIGA Annex 7, boxes 2 and 11",
        "The consignee's country (box 2) is not the importing country (box 11), outside an exhibition.",
        "The consignee's country {value} is not the importing country {importing}";
    InvoiceAfterIssue: "invoice.after-issue", Warning, Consistency, Some("10"), R16,
        "An invoice dated after the certificate was issued (a warning: invoices may follow in practice).",
        "Invoice {number} is dated {date}, after the certificate was issued on {issued}";
    WaiverLowValue: "waiver.low-value", Info, Certification, Some("9"), "ATIGA Annex 8 (OCP), Rule 15",
        "The consignment's total FOB is at most the agreement's waiver (Form D: US$200): no proof of origin is needed.",
        "The total FOB is {total} {currency}, at most {limit}: no proof of origin is needed for this consignment";
    PsrNotAdmissible: "psr.not-admissible", Error, Grammar, Some("8"), "ATIGA Arts 26-28 and Annex 3 (product-specific rules)",
        "A criterion that neither the general rule nor the product-specific rule of the item's HS code admits (where the loaded PSR table has a line for it).",
        "Origin criterion '{value}' is not admissible for HS {hs} under {rules}";
    PsrOtherEdition: "psr.other-edition", Info, Grammar, Some("7"), "WCO HS editions; the agreement's PSR annex",
        "The agreement's PSR table is in another HS edition than the certificate's codes, so the criterion was not compared with it.",
        "Not compared with the {agreement} product-specific rules: they are in {table}, the certificate's HS codes in {edition}";
    EvidenceNotOriginating: "evidence.not-originating", Error, Certification, Some("8"), "ATIGA Arts 26-28 (the caller's origin assessment)",
        "The item's worksheet, assessed, does not support origin.",
        "Box 8 says '{value}', but the item's worksheet does not meet {rule}";
    EvidenceCriterion: "evidence.criterion", Error, Certification, Some("8"), "ATIGA Art. 28; Annex 7, overleaf note 3 (the caller's origin assessment)",
        "Box 8 names a criterion the item's worksheet does not meet.",
        "Box 8 says '{value}', but the item's worksheet meets {met}";
    EvidenceRvc: "evidence.rvc", Error, Certification, Some("8"), "ATIGA Art. 29 (the caller's origin assessment)",
        "Box 8 states a higher RVC than the item's worksheet gives.",
        "Box 8 states {claimed}%, but the item's worksheet gives an RVC of {actual}%";
    EvidenceDeMinimis: "evidence.de-minimis", Error, Certification, Some("13"), "ATIGA Art. 33 (the caller's origin assessment)",
        "The item's worksheet qualifies only with de minimis, and the certificate is not ticked De Minimis.",
        "Item {item} qualifies only by de minimis: the certificate must be ticked De Minimis";
    ItemCount: "item.count", Error, Certification, Some("5"), PROFILE,
        "More goods items than the form allows (Korea–China: 20).",
        "{form} lists at most {limit} items; this certificate has {count}";
    TickNotOnForm: "tick.not-on-form", Error, Certification, Some("13"), PROFILE,
        "A tick box ticked that the certificate's form does not have (Movement Certificate on Form D, any tick on the Korea–China form).",
        "{form} has no '{tick}' tick box";
    ValidityExpired: "validity.expired", Error, Certification, Some("header"), "ATIGA Annex 8 (OCP), Rule 14",
        "Presented after the validity period from the issue date (Form D: 12 months), against the caller's clock.",
        "Issued on {date}, the certificate was valid for {months} months, until {until}; on {asOf} it has expired. It remains acceptable only if the goods were imported before it expired, or where force majeure or other valid causes beyond the exporter's control kept it from being submitted in time";
    LifecycleCancelled: "lifecycle.cancelled", Error, Certification, Some("header"), "ATIGA Annex 8 (OCP), Rules 26-30",
        "The certificate was cancelled: by the caller's status list, or by its own status.",
        "Certificate {reference} was cancelled{when}{source}";
    LifecycleReplaced: "lifecycle.replaced", Error, Certification, Some("header"), "ATIGA Annex 8 (OCP), Rules 26-30",
        "The certificate was replaced by another (an amendment is a new e-Form D): by the caller's status list, or by its own status.",
        "Certificate {reference} was replaced by {replacement}{when}{source}: present the replacement";
    LifecycleReplacedBy: "lifecycle.replaced-by", Error, Consistency, Some("header"), "ATIGA Annex 8 (OCP), Rule 27",
        "A replaced e-Form D must name its replacement, and only a replaced one may.",
        "Status {status} does not fit the replacement reference";
}

/// The rule catalogue with its version: what `eco-validator rules --format json` prints and the npm
/// package's `rules()` returns, one shape for both.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, Serialize)]
#[non_exhaustive]
pub struct Catalogue {
    /// Bumped whenever a rule is added, retired or changes meaning.
    pub version: &'static str,
    /// Every rule, active and retired, in declaration order.
    pub rules: &'static [Rule],
}

/// The rules' texts — basis, message and description — where the build does not compile them
/// in: read from the npm package's data file, one line `CODE<TAB>BASIS<TAB>MESSAGE<TAB>DESCRIPTION`
/// per rule in catalogue order. Empty where the build has them, and then each text is the
/// compiled rule's own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Texts {
    /// Basis, message and description of each rule, by catalogue index.
    rules: Vec<[String; 3]>,
}

impl Texts {
    /// Reads the lines; `None` when a line names another rule than the catalogue's next, lacks a
    /// field, or a rule is missing or repeated.
    pub fn read(text: &str) -> Option<Texts> {
        let mut lines = text.lines();
        let mut rules = Vec::with_capacity(CATALOGUE.len());
        for rule in CATALOGUE {
            let mut fields = lines.next()?.split('\t');
            if fields.next()? != rule.code {
                return None;
            }
            let mut next = || fields.next().map(str::to_owned);
            rules.push([next()?, next()?, next()?]);
            if fields.next().is_some() {
                return None;
            }
        }
        lines.next().is_none().then_some(Texts { rules })
    }

    /// The text `field` (0 basis, 1 message, 2 description) of the rule at `index`.
    fn field(&self, index: usize, field: usize, compiled: fn(&Rule) -> &'static str) -> &str {
        match self.rules.get(index) {
            Some(texts) => &texts[field],
            None => CATALOGUE.get(index).map_or("", compiled),
        }
    }

    /// The legal basis a finding of `rule` cites unless its profile gives its own.
    pub fn basis(&self, rule: RuleId) -> &str {
        self.field(rule.index(), 0, |r| r.basis)
    }

    /// The message template of `rule`.
    pub fn message(&self, rule: RuleId) -> &str {
        self.field(rule.index(), 1, |r| r.message)
    }
}

impl Catalogue {
    /// The catalogue as JSON, member for member what serde writes (compared in the tests): the
    /// wasm package's `rules()`, written without serde's serialisers (see `jsonwrite`).
    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    pub(crate) fn to_json(self) -> String {
        self.to_json_with(&Texts::default())
    }

    /// [`to_json`](Self::to_json) with each rule's texts from `texts`.
    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    pub(crate) fn to_json_with(self, texts: &Texts) -> String {
        use crate::jsonwrite::{key, optional, string};
        let mut o = String::with_capacity(400 * self.rules.len());
        o.push('{');
        key(&mut o, true, "version");
        string(&mut o, self.version);
        key(&mut o, false, "rules");
        o.push('[');
        for (i, r) in self.rules.iter().enumerate() {
            if i > 0 {
                o.push(',');
            }
            o.push('{');
            key(&mut o, true, "code");
            string(&mut o, r.code);
            key(&mut o, false, "severity");
            string(&mut o, r.severity.word());
            key(&mut o, false, "stage");
            string(&mut o, r.stage.word());
            key(&mut o, false, "box");
            optional(&mut o, r.form_box);
            key(&mut o, false, "basis");
            string(&mut o, texts.field(i, 0, |r| r.basis));
            key(&mut o, false, "description");
            string(&mut o, texts.field(i, 2, |r| r.description));
            key(&mut o, false, "message");
            string(&mut o, texts.field(i, 1, |r| r.message));
            key(&mut o, false, "status");
            string(
                &mut o,
                if r.status == Status::Active {
                    "active"
                } else {
                    "retired"
                },
            );
            o.push('}');
        }
        o.push_str("]}");
        o
    }

    /// The catalogue this version of the validator enforces.
    pub const fn bundled() -> Catalogue {
        Catalogue {
            version: CATALOGUE_VERSION,
            rules: CATALOGUE,
        }
    }

    /// Looks a rule up by its public code.
    pub fn by_code(&self, code: &str) -> Option<&'static Rule> {
        self.rules.iter().find(|r| r.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        for (i, a) in CATALOGUE.iter().enumerate() {
            assert!(
                a.code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-'),
                "{}",
                a.code
            );
            assert!(a.code.contains('.'), "{}", a.code);
            for b in &CATALOGUE[i + 1..] {
                assert_ne!(a.code, b.code);
            }
        }
    }

    #[test]
    fn rule_ids_index_the_catalogue() {
        assert_eq!(RuleId::ParseMalformed.rule().code, "parse.malformed");
        assert_eq!(
            RuleId::LifecycleReplacedBy.rule().code,
            "lifecycle.replaced-by"
        );
        let catalogue = Catalogue::bundled();
        assert_eq!(
            catalogue.by_code("box8.syntax").unwrap().form_box,
            Some("8")
        );
        assert!(catalogue.by_code("no.such-rule").is_none());
    }
}
