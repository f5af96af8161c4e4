//! What a caller decides: the validation clock, input limits and policy. Nothing is read from the
//! environment; the same document and options always give the same report.

use jiff::civil::Date;

use crate::limits::Limits;

/// Whom Annex 7 overleaf note 10 ("exported from and imported by Cambodia, Indonesia, Lao PDR")
/// makes show the FOB value when an RVC criterion is used: the note lists states, and its words read
/// either way. The default takes the states at their word on both sides: a certificate leaving or
/// entering one of them must show FOB.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum FobRequiredFor {
    /// When the exporting or the importing state is listed (the default).
    #[default]
    ExportingOrImporting,
    /// Only when the importing state is listed.
    Importing,
    /// Only when the exporting state is listed.
    Exporting,
}

/// Options of one validation.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The validation clock: "today" for the rules that compare with the present.
    pub as_of: Date,
    /// Bounds on what one document may cost.
    pub limits: Limits,
    /// The date from which Timor-Leste is treated as an ATIGA party. `None` (the default) keeps it out:
    /// it joined ASEAN on 26 Oct 2025 but is not listed in Annex 7 overleaf note 1.
    pub timor_leste_atiga_from: Option<Date>,
    /// The code of the agreement the caller expects (a portal for Form D expects `ATIGA`). `None`
    /// accepts whatever agreement the certificate names.
    pub agreement: Option<String>,
    /// How the profile's FOB states (ATIGA overleaf note 10) are read.
    pub fob_required_for: FobRequiredFor,
}

impl Options {
    /// Options with the given clock and the defaults: default limits, no policy, any agreement.
    pub fn new(as_of: Date) -> Options {
        Options {
            as_of,
            limits: Limits::default(),
            timor_leste_atiga_from: None,
            agreement: None,
            fob_required_for: FobRequiredFor::default(),
        }
    }
}
