//! eco-validator: checks electronic certificates of origin (ATIGA e-Form D first).
//!
//! A document flows one way: bytes → the XML or JSON binding's reader → a neutral tree → the model
//! (structure and format findings) → rule stages (code lists, Box 8, consistency) → the report,
//! where findings are resolved to paths, lines and columns. `ARCHITECTURE.md` draws the map.
//!
//! ```
//! let options = eco_validator::Options::new(jiff::civil::date(2026, 11, 25));
//! let report = eco_validator::validate(b"<not-a-certificate/>", &options);
//! assert!(!report.valid);
//! assert_eq!(report.findings[0].code, "parse.root");
//! ```

// The layers, from the bottom: a module uses only modules of the groups above its own (blank
// lines part the groups). `tests/layers.rs` reads this list and every `crate::…` path in `src/`,
// and fails when a module reaches up or sideways.
mod bytes;
mod convert;
#[cfg(feature = "signatures")]
mod der;
mod sort;

mod jsonwrite;

mod catalogue;
#[cfg(feature = "signatures")]
mod crypto;
mod jsonlex;
mod lexical;
mod limits;
mod loading;
mod xml;

mod codelists;
#[cfg(feature = "signatures")]
mod dsig;
mod jsondata;
mod vocab;

pub mod model;

mod findings;
mod options;
mod psr;
mod statuslist;
#[cfg(feature = "signatures")]
mod trust;

mod binding;
mod profiles;

mod data;
#[cfg(feature = "origin")]
mod origin;
mod report;
mod stages;

mod pipeline;
mod settings;

#[cfg(feature = "signatures")]
mod verification;

#[cfg(feature = "typescript")]
mod typescript;
#[cfg(feature = "wasm")]
mod wasm;

pub use crate::catalogue::{Catalogue, Rule, Severity, Stage, Status};
#[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
pub use crate::crypto::PrivateKey;
#[cfg(feature = "signatures")]
pub use crate::crypto::{Hash, KeyRefused, PublicKey, Question, Scheme};
pub use crate::data::Data;
#[cfg(feature = "signatures")]
pub use crate::dsig::{Failure as SignatureFailure, Signed, Stage as SignatureStage};
pub use crate::limits::Limits;
pub use crate::loading::LoadError;
pub use crate::options::{FobRequiredFor, Options};
#[cfg(feature = "origin")]
pub use crate::origin::{Alternative, Assessment, BreakPoint, Rvc, Step, Ticks, Trail, Used};
#[cfg(feature = "origin")]
pub use crate::pipeline::Compared;
#[cfg(feature = "bundled")]
pub use crate::pipeline::validate;
#[cfg(feature = "rustcrypto")]
pub use crate::pipeline::verify_with_keys;
pub use crate::pipeline::{
    Parsed, VERSION, Validator, ValidatorBuilder, canonicalize, canonicalize_subset, parse, rules,
    sniff, validate_with, write,
};
#[cfg(feature = "signatures")]
pub use crate::pipeline::{pem_certificates, public_key_from_pem};
#[cfg(all(feature = "signing", not(target_arch = "wasm32")))]
pub use crate::pipeline::{sign_document, sign_trust_list};
pub use crate::report::{Finding, Params, Report, Versions};
pub use crate::settings::{SETTINGS, Setting, SettingError, SettingValue};
#[cfg(feature = "signatures")]
pub use crate::trust::ListSignature;
#[cfg(feature = "signatures")]
pub use crate::verification::{
    DEMO_NOTICE, Provisional, StageResult, TrustListUsed, Verification, VerifyStep,
};
pub use crate::vocab::Syntax;
pub use crate::xml::{C14nMethod, C14nRefused, C14nSubset};

/// What the benchmark, profiling and test harnesses reach below the API. Not part of the API: it
/// changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::binding::read;

    /// The wasm package's JSON of a report and of the catalogue (compared with serde's in tests).
    pub fn report_json(report: &crate::Report) -> String {
        report.to_json()
    }

    /// See [`report_json`].
    pub fn catalogue_json(catalogue: crate::Catalogue) -> String {
        catalogue.to_json()
    }
    /// The wasm package's JSON of an origin assessment (compared with serde's in tests).
    #[cfg(feature = "origin")]
    pub fn assessment_json(assessment: &crate::Assessment) -> String {
        let mut out = String::new();
        assessment.write_json(&mut out);
        out
    }

    /// The wasm package's JSON of a comparison's rows (compared with serde's in tests).
    #[cfg(feature = "origin")]
    pub fn compared_json(rows: &[crate::Compared]) -> String {
        crate::pipeline::compared_json(rows)
    }
    #[cfg(feature = "signatures")]
    pub use crate::crypto::raw_ecdsa;
    pub use crate::pipeline::validate_oversized;
    pub use crate::psr::Rule as PsrRule;
    #[cfg(feature = "signatures")]
    pub use crate::trust::{CertificateFields, certificate_fields};
    pub use crate::xml::{Lexer, Token};

    #[cfg(feature = "typescript")]
    pub use crate::typescript::declarations as typescript_declarations;
    #[cfg(feature = "wasm")]
    pub use crate::wasm::{
        DataJs, ValidatorJs, create_validator_js, load_data_js, rules_js, validate_js, version_js,
    };
}
