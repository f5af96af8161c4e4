//! The TypeScript declarations of what the npm package returns and accepts (feature `typescript`),
//! derived by tsify from the Rust types themselves so they cannot drift from the JSON the module
//! writes. They are gathered natively (`examples/typescript.rs`, run by `.ci/build-pkg.mjs`) and
//! appended to each build's `.d.ts`, instead of riding in the `.wasm` as wasm-bindgen custom
//! sections: tsify's runtime links js-sys, whose closure shims cost every build ~2 KB gzipped.

use tsify::Tsify;

use crate::catalogue::{Catalogue, Rule, Severity, Stage, Status};
use crate::model::{
    Address, Amount, Certificate, Certification, CertifiedTrueCopy, Consignment,
    ExporterDeclaration, Header, Indicators, Invoice, Item, Lifecycle, Measure, OfficialUse,
    OriginalProof, Party, Transport, Treatment,
};
use crate::report::{Finding, Report, Versions};
use crate::vocab::Syntax;

/// One agreement's row of `compareOrigin` (the rows are written by `pipeline::compared_json`).
#[cfg(feature = "origin")]
#[derive(serde::Serialize, Tsify)]
#[tsify(missing_as_null)]
#[allow(dead_code)]
struct ComparedOrigin<'a> {
    agreement: &'a str,
    assessment: Option<&'a crate::origin::Assessment>,
    error: Option<ComparedOriginError<'a>>,
}

/// Why an agreement gave no assessment.
#[cfg(feature = "origin")]
#[derive(serde::Serialize, Tsify)]
#[allow(dead_code)]
struct ComparedOriginError<'a> {
    code: &'a str,
    message: &'a str,
}

/// The declarations a build with the given parts uses, one after another: the validator's
/// (report, catalogue, the JSON binding's certificate) always, the origin assessment's and the
/// signature verification's when asked for (a part the library was built without is left out).
pub fn declarations(origin: bool, signatures: bool) -> String {
    let mut parts = vec![
        Syntax::DECL,
        Severity::DECL,
        Stage::DECL,
        Status::DECL,
        Rule::DECL,
        Catalogue::DECL,
        Finding::DECL,
        Versions::DECL,
        Report::DECL,
        Lifecycle::DECL,
        Treatment::DECL,
        Certificate::DECL,
        Header::DECL,
        CertifiedTrueCopy::DECL,
        Consignment::DECL,
        Party::DECL,
        Address::DECL,
        Transport::DECL,
        Item::DECL,
        Measure::DECL,
        Amount::DECL,
        Invoice::DECL,
        OriginalProof::DECL,
        ExporterDeclaration::DECL,
        Certification::DECL,
        Indicators::DECL,
        OfficialUse::DECL,
    ];
    #[cfg(feature = "origin")]
    if origin {
        use crate::origin::{Alternative, Assessment, BreakPoint, Rvc, Step, Ticks, Used};
        parts.extend([
            Step::DECL,
            Alternative::DECL,
            Rvc::DECL,
            Ticks::DECL,
            BreakPoint::DECL,
            Used::DECL,
            Assessment::DECL,
            ComparedOrigin::DECL,
            ComparedOriginError::DECL,
        ]);
    }
    #[cfg(feature = "signatures")]
    if signatures {
        use crate::verification::{StageResult, TrustListUsed, Verification};
        parts.extend([StageResult::DECL, TrustListUsed::DECL, Verification::DECL]);
    }
    // Read above only in builds with those parts.
    let _ = (origin, signatures);
    let mut out = String::new();
    for part in parts {
        out.push_str(part);
        out.push_str("\n\n");
    }
    out
}
