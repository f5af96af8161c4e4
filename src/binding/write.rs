//! Writing a certificate in either binding: the JSON binding is serde over the model; the XML binding
//! walks that JSON form with the vocabulary, whose declaration order is the binding's element order,
//! so the two bindings cannot drift apart.

use crate::model::Certificate;
use crate::sort::sorted_order;
use crate::vocab::{NAMESPACE, Name, XmlForm};

/// Writes a certificate in the JSON binding.
pub fn json(cert: &Certificate) -> String {
    let mut s = serde_json::to_string_pretty(cert).unwrap_or_default();
    s.push('\n');
    s
}

/// Writes a certificate in the XML binding. The JSON form of the model is walked with the vocabulary,
/// whose declaration order is the binding's element order, so the two bindings cannot drift apart.
pub fn xml(cert: &Certificate) -> String {
    let value = serde_json::to_value(cert).unwrap_or(serde_json::Value::Null);
    let mut out = String::with_capacity(4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<{} xmlns=\"{}\">\n",
        Name::CertificateOfOrigin.xml(),
        NAMESPACE
    ));
    if let serde_json::Value::Object(map) = &value {
        for (key, v) in in_binding_order(map) {
            write_member(&mut out, key, v, 1);
        }
    }
    out.push_str(&format!("</{}>\n", Name::CertificateOfOrigin.xml()));
    out
}

/// A JSON object's members in vocabulary order, which is binding order, whatever order the map
/// keeps its keys in (the one sort of the crate, stable: unknown names keep theirs).
fn in_binding_order(
    map: &serde_json::Map<String, serde_json::Value>,
) -> Vec<(&String, &serde_json::Value)> {
    let members: Vec<_> = map.iter().collect();
    let rank = |i: usize| Name::from_json(members[i].0).map(Name::rank);
    let order = sorted_order(members.len(), &|a, b| rank(a).cmp(&rank(b)));
    order.into_iter().map(|i| members[i]).collect()
}

fn write_member(out: &mut String, key: &str, value: &serde_json::Value, depth: usize) {
    use serde_json::Value;
    let Some(name) = Name::from_json(key) else {
        return;
    };
    let indent = "  ".repeat(depth);
    match value {
        Value::Array(list) => {
            for v in list {
                write_member(out, key, v, depth);
            }
        }
        Value::Object(map) => {
            let mut attrs = String::new();
            let mut text: Option<String> = None;
            let mut children = Vec::new();
            for (k, v) in in_binding_order(map) {
                match Name::from_json(k) {
                    Some(Name::Value) => text = Some(scalar_text(v)),
                    Some(n) if n.xml_form() == XmlForm::Attribute => {
                        attrs.push_str(&format!(
                            " {}=\"{}\"",
                            n.xml(),
                            escape(&scalar_text(v), true)
                        ));
                    }
                    _ => children.push((k, v)),
                }
            }
            match text {
                Some(t) => out.push_str(&format!(
                    "{indent}<{0}{attrs}>{1}</{0}>\n",
                    name.xml(),
                    escape(&t, false)
                )),
                None => {
                    out.push_str(&format!("{indent}<{}{attrs}>\n", name.xml()));
                    for (k, v) in children {
                        write_member(out, k, v, depth + 1);
                    }
                    out.push_str(&format!("{indent}</{}>\n", name.xml()));
                }
            }
        }
        Value::Null => {}
        scalar => {
            out.push_str(&format!(
                "{indent}<{0}>{1}</{0}>\n",
                name.xml(),
                escape(&scalar_text(scalar), false)
            ));
        }
    }
}

fn scalar_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            c => out.push(c),
        }
    }
    out
}
