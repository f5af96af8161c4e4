//! The project's XML and JSON bindings of the certificate: both read into one neutral tree, which is
//! also the source map (paths in each binding's syntax, byte offsets, lines and columns); the tree
//! mapped onto the model; the model written back in either binding.
//!
//! Below it: the XML layer (syntax and namespaces, no vocabulary), the vocabulary, the model and the
//! findings it raises. Above it, the stages see only the model, and the report asks [`place`] where
//! its findings are.

mod json;
mod mapping;
mod source_map;
mod tree;
mod write;
mod xml;

pub use mapping::map;
pub use source_map::place;
pub use tree::Document;
pub use write::{json as write_json, xml as write_xml};

use crate::findings::Raw;
use crate::limits::Limits;
use crate::vocab::Syntax;

/// Reads a document of either binding (UTF-8 text, already size-checked, without its byte order
/// mark) into the tree, or the finding that stopped the reader.
pub fn read<'a>(syntax: Syntax, text: &'a str, limits: &Limits) -> Result<Document<'a>, Raw> {
    match syntax {
        Syntax::Xml => xml::read(text, limits),
        Syntax::Json => json::read(text, limits),
    }
}
