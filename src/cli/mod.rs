//! The subcommands, one module each group; `main.rs` parses the command line and hands over.

pub mod documents;
#[cfg(feature = "origin")]
pub mod origin;
#[cfg(feature = "signatures")]
pub mod signatures;
pub mod validate;
