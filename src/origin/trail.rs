//! The trail of an assessment: every step, what was found and the article it applies. The steps'
//! texts and articles live in one buffer: a fifty-material worksheet makes some thirty steps, and
//! two heap strings for each were a fifth of the assessment's time.

use std::fmt::{self, Write as _};

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

/// One step of the trail.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Step<'a> {
    /// What was found, in English.
    pub text: &'a str,
    /// The article or annex it applies.
    pub basis: &'a str,
}

/// Every step, in order; serialised as an array of [`Step`]s.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trail {
    buffer: String,
    /// Where each step's text ends and its article ends, in `buffer`.
    ends: Vec<(usize, usize)>,
}

impl Trail {
    /// An empty trail with room for a typical assessment's steps.
    pub(super) fn new() -> Trail {
        Trail {
            buffer: String::with_capacity(4096),
            ends: Vec::with_capacity(32),
        }
    }

    /// Adds a step.
    pub(super) fn push(&mut self, text: fmt::Arguments<'_>, basis: fmt::Arguments<'_>) {
        // Writing into a String cannot fail.
        let _ = self.buffer.write_fmt(text);
        let text_end = self.buffer.len();
        let _ = self.buffer.write_fmt(basis);
        self.ends.push((text_end, self.buffer.len()));
    }

    /// How many steps.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is no step.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Step `i`.
    pub fn get(&self, i: usize) -> Option<Step<'_>> {
        let start = match i.checked_sub(1) {
            Some(before) => self.ends.get(before)?.1,
            None => 0,
        };
        let (text_end, end) = *self.ends.get(i)?;
        Some(Step {
            text: self.buffer.get(start..text_end)?,
            basis: self.buffer.get(text_end..end)?,
        })
    }

    /// The steps in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Step<'_>> + '_ {
        (0..self.ends.len()).map(|i| {
            self.get(i).unwrap_or(Step {
                text: "",
                basis: "",
            })
        })
    }
}

impl Serialize for Trail {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for step in self.iter() {
            seq.serialize_element(&step)?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_come_back_as_written() {
        let mut t = Trail::new();
        assert!(t.is_empty() && t.get(0).is_none());
        t.push(format_args!("RVC {} %", 40), format_args!("Art. 29"));
        t.push(format_args!(""), format_args!("Art. {}", 30));
        t.push(format_args!("café"), format_args!(""));
        let steps: Vec<(&str, &str)> = t.iter().map(|s| (s.text, s.basis)).collect();
        assert_eq!(
            steps,
            [("RVC 40 %", "Art. 29"), ("", "Art. 30"), ("café", "")]
        );
        assert!(t.get(3).is_none());
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"[{"text":"RVC 40 %","basis":"Art. 29"},{"text":"","basis":"Art. 30"},{"text":"café","basis":""}]"#
        );
    }
}
