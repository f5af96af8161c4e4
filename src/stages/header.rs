//! Consistency of the header: the agreement the caller expects and the form it has, the issue date
//! against the clock, the lifecycle status and its replacement.

use std::fmt::Display;

use crate::catalogue::RuleId;
use crate::findings::Raw;
use crate::model::{Agreement, Certificate, Lifecycle};
use crate::options::Options;
use crate::vocab::Name;

use super::{At, raise};

pub(super) fn run(cert: &Certificate, options: &Options, raws: &mut Vec<Raw>) {
    let h = &cert.header;
    let agreement_id = At::Doc(&[Name::ExchangedDocument, Name::AgreementId]);
    if let (Some(expected), Some(claimed)) = (options.agreement, h.agreement)
        && expected != claimed
    {
        let params: [(_, &dyn Display); 2] =
            [("value", &claimed.code()), ("expected", &expected.code())];
        raise(raws, RuleId::HeaderAgreementExpected, agreement_id, &params);
    }
    if let Some(agreement) = h.agreement {
        if agreement != Agreement::Atiga {
            let at = At::Doc(&[Name::ExchangedDocument, Name::AgreementId]);
            raise(
                raws,
                RuleId::HeaderAgreement,
                at,
                &[("value", &agreement.code())],
            );
        }
        if let Some(form) = &h.form_type
            && form != agreement.form_type()
        {
            let at = At::Doc(&[Name::ExchangedDocument, Name::FormTypeCode]);
            let params: [(_, &dyn Display); 3] = [
                ("value", form),
                ("agreement", &agreement.code()),
                ("expected", &agreement.form_type()),
            ];
            raise(raws, RuleId::HeaderFormType, at, &params);
        }
    }
    if let Some(date) = h.issue_date
        && date > options.as_of
    {
        let at = At::Doc(&[Name::ExchangedDocument, Name::IssueDate]);
        let params: [(_, &dyn Display); 2] = [("date", &date), ("asOf", &options.as_of)];
        raise(raws, RuleId::HeaderIssueDateFuture, at, &params);
    }
    let replaced = h.status == Some(Lifecycle::Replaced);
    if replaced != h.replaced_by.is_some() {
        let at = if replaced {
            Name::StatusCode
        } else {
            Name::ReplacedById
        };
        let status = h.status.unwrap_or(Lifecycle::Issued).code();
        let at = At::Doc(&[Name::ExchangedDocument, at]);
        raise(
            raws,
            RuleId::LifecycleReplacedBy,
            at,
            &[("status", &status)],
        );
    }
}
