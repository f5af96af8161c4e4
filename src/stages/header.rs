//! The header: the agreement the caller expects, whether a profile for the certificate's agreement
//! is loaded and the form is its form, the issue date against the clock, the lifecycle status and
//! its replacement. Returns the profile the rest of the certificate is checked against.

use std::fmt::Display;

use crate::catalogue::RuleId;
use crate::findings::Raw;
use crate::model::{Certificate, Lifecycle};
use crate::profiles::Profile;
use crate::statuslist::Status;
use crate::vocab::Name;

use super::{At, Context, raise, raise_cited};

pub(super) fn run<'v>(
    cert: &Certificate,
    ctx: &Context<'v>,
    raws: &mut Vec<Raw>,
) -> Option<&'v Profile> {
    let h = &cert.header;
    let agreement_id = || At::Doc(&[Name::ExchangedDocument, Name::AgreementId]);
    if let (Some(expected), Some(claimed)) = (&ctx.options.agreement, &h.agreement)
        && expected != claimed
    {
        let params: [(_, &dyn Display); 2] = [("value", claimed), ("expected", expected)];
        raise(
            raws,
            RuleId::HeaderAgreementExpected,
            agreement_id(),
            &params,
        );
    }
    let mut profile = None;
    if let Some(agreement) = &h.agreement {
        profile = ctx.profiles.get(agreement);
        match profile {
            None => raise(
                raws,
                RuleId::HeaderAgreement,
                agreement_id(),
                &[("value", agreement)],
            ),
            Some(p) => {
                if let Some(form) = &h.form_type
                    && *form != p.form.value
                {
                    let at = At::Doc(&[Name::ExchangedDocument, Name::FormTypeCode]);
                    let params: [(_, &dyn Display); 3] = [
                        ("value", form),
                        ("agreement", agreement),
                        ("expected", &p.form.value),
                    ];
                    raise_cited(raws, RuleId::HeaderFormType, at, &params, &p.form.basis);
                }
            }
        }
    }
    if let Some(date) = h.issue_date
        && date > ctx.as_of
    {
        let at = At::Doc(&[Name::ExchangedDocument, Name::IssueDate]);
        let params: [(_, &dyn Display); 2] = [("date", &date), ("asOf", &ctx.as_of)];
        raise(raws, RuleId::HeaderIssueDateFuture, at, &params);
    }
    lifecycle(cert, ctx, raws);
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
    profile
}

/// Rules 26–30: a cancelled or replaced e-Form D is no longer valid, whether the caller's status
/// list says so (a certificate cannot say it afterwards) or the certificate's own status does.
fn lifecycle(cert: &Certificate, ctx: &Context<'_>, raws: &mut Vec<Raw>) {
    let h = &cert.header;
    let Some(reference) = &h.reference else {
        return;
    };
    let listed = ctx.statuses.and_then(|list| {
        list.find(reference, h.issued_in.as_deref(), ctx.as_of)
            .map(|e| (list, e))
    });
    let at = || At::Doc(&[Name::ExchangedDocument, Name::Id]);
    if let Some((list, entry)) = listed {
        let when = entry.date.map(|d| format!(" on {d}")).unwrap_or_default();
        let source = match &list.issuer {
            Some(issuer) => format!(" (status list of {issuer}, {})", list.updated),
            None => format!(" (status list of {})", list.updated),
        };
        match entry.status {
            Status::Cancelled => {
                let params: [(_, &dyn Display); 3] = [
                    ("reference", reference),
                    ("when", &when),
                    ("source", &source),
                ];
                raise(raws, RuleId::LifecycleCancelled, at(), &params);
            }
            Status::Replaced => {
                let replacement = entry.replaced_by.as_deref().unwrap_or("");
                let params: [(_, &dyn Display); 4] = [
                    ("reference", reference),
                    ("replacement", &replacement),
                    ("when", &when),
                    ("source", &source),
                ];
                raise(raws, RuleId::LifecycleReplaced, at(), &params);
            }
        }
        return;
    }
    let own = " (its own status)";
    match (h.status, &h.replaced_by) {
        (Some(Lifecycle::Cancelled), _) => {
            let params: [(_, &dyn Display); 3] =
                [("reference", reference), ("when", &""), ("source", &own)];
            raise(raws, RuleId::LifecycleCancelled, at(), &params);
        }
        (Some(Lifecycle::Replaced), Some(replacement)) => {
            let params: [(_, &dyn Display); 4] = [
                ("reference", reference),
                ("replacement", replacement),
                ("when", &""),
                ("source", &own),
            ];
            raise(raws, RuleId::LifecycleReplaced, at(), &params);
        }
        _ => {}
    }
}
