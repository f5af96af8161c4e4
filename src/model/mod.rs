//! The semantic model of a certificate of origin, independent of any binding: a public namespace
//! (`eco_validator::model`), as `jiff::civil` is.
//!
//! Agreement-aware without knowing any agreement: the header names the agreement by its code (the
//! agreement profiles say what it means), Box 8 is kept as printed and read with the form's own
//! vocabulary by the rule stages, and the boxes that only later forms use (producer, country of
//! origin, remarks, other ticks) already have a place, so RCEP, AKFTA, ACFTA and Korea–China
//! certificates fit without reshaping. Every value that can be missing or malformed in a submitted
//! document is an `Option`: a certificate with a bad field still yields a model, so one bad item never
//! hides the findings of the others (OCP Rule 16). Money and quantities are decimals, dates are dates.
//!
//! Serialising the model with serde gives the JSON binding (camelCase names of the binding vocabulary);
//! amounts are written as decimal strings so no consumer reads them through binary floating point.

mod certificate;
mod criterion;

pub use certificate::{
    Address, Amount, Certificate, Certification, CertifiedTrueCopy, Consignment,
    ExporterDeclaration, Header, Indicators, Invoice, Item, Lifecycle, Measure, OfficialUse,
    OriginalProof, Party, Transport, Treatment,
};
pub use criterion::{
    Code, CriterionError, Meaning, OriginCriterion, Part, Percent, Printed, TariffShift, Vocabulary,
};
