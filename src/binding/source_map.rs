//! The source map: where in the document a finding's model path is, in the binding's own terms —
//! an XPath-like path for XML, a JSON Pointer for JSON, a byte offset, a line and a column.
//!
//! Stages name fields by model path ([`Step`]s) and never see the document; the report asks here,
//! once per report, for the place of every finding.

use crate::convert::to_usize;
use crate::sort::sorted_order;
use crate::vocab::{Name, Step, Syntax, XmlForm, is_repeating};

use super::tree::{ChildIndex, Document, NodeId};

/// Where a finding is, as the report shows it.
pub struct Place {
    pub path: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

/// Places findings, each given by its model path and, where the stage knew it better than the path
/// does (parse errors), its byte offset: each at its own node, or at the deepest node of its path
/// that exists. Lines and columns come in one sweep over the offsets in order: thousands of
/// findings cost one scan each.
pub fn place(
    doc: Option<&Document<'_>>,
    syntax: Option<Syntax>,
    source: &[u8],
    wanted: &[(&[Step], Option<u32>)],
) -> Vec<Place> {
    let mut index = doc.map(ChildIndex::new);
    // Input told to be neither XML nor JSON has no path syntax: a finding is about all of it.
    let paths: Vec<String> = match syntax {
        Some(syntax) => wanted
            .iter()
            .map(|(steps, _)| render(syntax, steps, index.as_mut()))
            .collect(),
        None => vec![String::new(); wanted.len()],
    };
    let syntax = syntax.unwrap_or(Syntax::Xml);
    // Nodes of both bindings carry their offsets.
    let offsets: Vec<Option<u32>> = wanted
        .iter()
        .map(|(steps, offset)| {
            offset.or_else(|| {
                let index = index.as_mut()?;
                let (id, _) = locate(index, steps, syntax);
                index.document().node(id).offset
            })
        })
        .collect();
    let positions = line_columns(source, &offsets);
    paths
        .into_iter()
        .zip(positions)
        .map(|(path, position)| {
            let (line, column) = position.unzip();
            Place { path, line, column }
        })
        .collect()
}

/// Writes a step list as a path in the given syntax: XPath-like for XML (1-based positions on repeating
/// elements, `@` for attributes), JSON Pointer for JSON (array indexes where the source had an array).
/// With the document's index, names are spelled as the document has them.
pub fn render(
    syntax: Syntax,
    steps: &[Step],
    mut index: Option<&mut ChildIndex<'_, '_>>,
) -> String {
    let mut out = String::new();
    let mut at = index.as_ref().map(|_| Document::ROOT);
    if syntax == Syntax::Xml {
        out.push('/');
        out.push_str(Name::CertificateOfOrigin.xml());
    }
    for step in steps {
        let found = match (index.as_deref_mut(), at) {
            (Some(ix), Some(id)) => ix.find(id, step),
            _ => None,
        };
        let name = found
            .map(|(_, f)| f.label(syntax))
            .unwrap_or_else(|| step.label(syntax));
        match syntax {
            Syntax::Xml => {
                if step.name == Some(Name::Value) {
                    // XML carries the value as the element's text.
                    continue;
                }
                let attr = match found {
                    Some((_, f)) => f.is_attr,
                    None => step.name.map(|n| n.xml_form()) == Some(XmlForm::Attribute),
                };
                out.push('/');
                if attr {
                    out.push('@');
                }
                out.push_str(name);
                if !attr && (is_repeating(step.name) || step.index > 0) {
                    out.push_str(&format!("[{}]", step.index + 1));
                }
            }
            Syntax::Json => {
                crate::jsonwrite::pointer_step(&mut out, name);
                // A member that is not in an array has no index in a pointer, even when the source
                // repeats its name (a pointer cannot tell repeated members apart; the position can).
                let in_array = match found {
                    Some((_, f)) => f.in_array,
                    None => is_repeating(step.name) || step.index > 0,
                };
                if in_array {
                    out.push_str(&format!("/{}", step.index));
                }
            }
        }
        at = found.map(|(id, _)| id);
    }
    if out.is_empty() && syntax == Syntax::Xml {
        out.push('/');
    }
    out
}

/// Finds the node a step list names, as far as it exists; returns the deepest node found and whether
/// the whole path was found. XML carries a `value` as its element's text, so that step is no node
/// there.
pub fn locate(index: &mut ChildIndex<'_, '_>, steps: &[Step], syntax: Syntax) -> (NodeId, bool) {
    let mut id = Document::ROOT;
    for step in steps {
        if syntax == Syntax::Xml && step.name == Some(Name::Value) {
            continue;
        }
        match index.find(id, step) {
            Some((c, _)) => id = c,
            None => return (id, false),
        }
    }
    (id, true)
}

/// Line and column (1-based, column in characters) of each byte offset, in one sweep over the source
/// in offset order: the cost is the source's length plus sorting, however many offsets there are.
pub fn line_columns(source: &[u8], offsets: &[Option<u32>]) -> Vec<Option<(u32, u32)>> {
    let at_of = |i: usize| offsets[i].map(|o| to_usize(o).min(source.len()));
    let order = sorted_order(offsets.len(), &|a, b| at_of(a).cmp(&at_of(b)));
    let mut out = vec![None; offsets.len()];
    let (mut at, mut line, mut column) = (0usize, 1u32, 1u32);
    for (offset, i) in order.into_iter().filter_map(|i| Some((at_of(i)?, i))) {
        for &b in &source[at..offset] {
            if b == b'\n' {
                line += 1;
                column = 1;
            } else if b & 0xC0 != 0x80 {
                column += 1;
            }
        }
        at = offset;
        out[i] = Some((line, column));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let s = "ab\ncé\nxyz".as_bytes();
        // Out of order, repeated and missing offsets; 'é' is two bytes: the offset after it is column 3.
        let got = line_columns(
            s,
            &[Some(7), Some(0), None, Some(6), Some(3), Some(0), Some(99)],
        );
        assert_eq!(
            got,
            [
                Some((3, 1)),
                Some((1, 1)),
                None,
                Some((2, 3)),
                Some((2, 1)),
                Some((1, 1)),
                Some((3, 4))
            ]
        );
    }

    #[test]
    fn paths_in_both_syntaxes() {
        let steps = [
            Step::named(Name::SupplyChainConsignment, 0),
            Step::named(Name::IncludedConsignmentItem, 2),
            Step::named(Name::GrossWeight, 0),
            Step::named(Name::UnitCode, 0),
        ];
        assert_eq!(
            render(Syntax::Xml, &steps, None),
            "/CertificateOfOrigin/SupplyChainConsignment/IncludedConsignmentItem[3]/GrossWeight/@unitCode"
        );
        assert_eq!(
            render(Syntax::Json, &steps, None),
            "/supplyChainConsignment/includedConsignmentItems/2/grossWeight/unitCode"
        );
    }
}
