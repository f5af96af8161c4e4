//! XML 1.0 and Namespaces in XML 1.0, and nothing of any vocabulary: the strict tokenizer, which
//! hands out every piece of a document with its byte range, and the namespace scopes over its names.
//! The Form D binding reads documents through this layer; canonicalisation will be written over it.

mod c14n;
mod lexer;
mod namespaces;

pub use c14n::{Method as C14nMethod, Refused as C14nRefused, Subset as C14nSubset, canonicalize};
pub use lexer::{Attribute, Error, ErrorKind, Lexer, Token, is_space, line_ends};
pub use namespaces::{Resolved, Scopes, declared_prefix, split_qname};
