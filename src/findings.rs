//! Findings as the readers, the mapping and the stages raise them: a rule, a model path and
//! parameters, nothing resolved yet. The report ([`crate::report`]) turns them into what callers see,
//! once per document.

use crate::catalogue::RuleId;
use crate::vocab::{self, Step};

/// A finding as a stage raises it.
#[derive(Clone, Debug)]
pub struct Raw {
    pub rule: RuleId,
    /// Model path (vocabulary steps from the root element).
    pub steps: Vec<Step>,
    /// Item number (1-based position in the document) when the finding concerns a goods item.
    pub item: Option<u32>,
    pub params: Vec<(&'static str, String)>,
    /// Byte offset, when the stage knows it better than the path does (parse errors).
    pub offset: Option<u32>,
    /// The legal text, when the agreement's profile cites its own rather than the catalogue's.
    pub basis: Option<String>,
}

/// Findings a stage found beyond the report's limit (`Limits::max_findings`): counted, and whether
/// any was an error, but not kept, so a document of a million faults costs no memory for them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overflow {
    pub count: usize,
    pub errors: bool,
}

// Findings are the exception: their construction is kept out of line (`#[cold]`), so the hot
// functions that may raise them stay small, which is also what the engine compiles on the first
// validation of a page or process.
impl Raw {
    #[cold]
    #[inline(never)]
    pub fn new(rule: RuleId, steps: Vec<Step>) -> Raw {
        let item = steps
            .iter()
            .find(|s| s.name == Some(vocab::Name::IncludedConsignmentItem))
            .map(|s| s.index + 1);
        Raw {
            rule,
            steps,
            item,
            params: Vec::new(),
            offset: None,
            basis: None,
        }
    }

    #[cold]
    #[inline(never)]
    pub fn param(mut self, key: &'static str, value: impl Into<String>) -> Raw {
        self.params.push((key, value.into()));
        self
    }

    /// A document beyond a limit a reader enforces (`limit.depth`, `limit.nodes`, …), in either binding.
    #[cold]
    #[inline(never)]
    pub fn over_limit(rule: RuleId, limit: u64) -> Raw {
        Raw::new(rule, vec![]).param("limit", limit.to_string())
    }

    /// More goods items than the limit; the count is only known to be larger.
    #[cold]
    #[inline(never)]
    pub fn too_many_items(limit: u32) -> Raw {
        Raw::new(RuleId::LimitItems, vec![])
            .param("count", format!("more than {limit}"))
            .param("limit", limit.to_string())
    }

    #[cold]
    #[inline(never)]
    pub fn at_offset(mut self, offset: Option<u32>) -> Raw {
        self.offset = offset;
        self
    }
}
