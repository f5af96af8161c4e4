//! Why the caller's data could not be loaded into a validator: profiles, status lists, and the data
//! the next parts load the same way. Loading happens once, before any certificate is seen, so it
//! fails loudly with a stable code instead of raising findings on every document.

use std::fmt;

/// Data a validator is built from that could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoadError {
    /// The stable code (`profile.json`, `profile.value`, `profile.duplicate`…).
    pub code: &'static str,
    /// Which input: the caller's name for it (a file name), or its position among the inputs.
    pub source: String,
    /// Where inside it, as a JSON Pointer (`/parties/3/from`); empty for the whole input.
    pub path: String,
    /// What is wrong, in English.
    pub message: String,
}

impl LoadError {
    /// A load error of `code` at `path` in `source`.
    #[cold]
    pub fn new(code: &'static str, source: &str, path: &str, message: impl Into<String>) -> Self {
        LoadError {
            code,
            source: source.to_owned(),
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.source)?;
        if !self.path.is_empty() {
            write!(f, " at {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for LoadError {}
