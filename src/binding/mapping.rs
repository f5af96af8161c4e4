//! From the neutral tree to the model: the structural and format stages.
//!
//! One hand-written walk per model type, in the binding's element order, for both bindings. Each field
//! access says whether the element is required and how its text is read; what does not fit becomes a
//! finding at that element and leaves the field empty, and the walk goes on, so every problem of every
//! item is reported in one pass. A value that fails its format is not stored, so later stages never
//! report the same field twice.

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::catalogue::{RuleId, Severity};
use crate::findings::{Overflow, Raw};
use crate::lexical::{agreement_code_well_formed, hs_well_formed, parse_date, parse_decimal};
use crate::model::*;
use crate::vocab::{Name, Step, Syntax, is_repeating};

use super::tree::{Document, JsonType, Kind, Node, NodeId};

/// Maps a document onto a certificate, collecting findings.
/// Keeps findings in `raws` up to `limit` of them; the rest are only counted, in the overflow.
pub fn map(doc: &Document<'_>, raws: &mut Vec<Raw>, limit: usize) -> (Certificate, Overflow) {
    let mut m = Mapper {
        doc,
        raws,
        syntax: doc.syntax,
        order: doc.syntax == Syntax::Xml,
        limit,
        overflow: Overflow::default(),
        spare: None,
    };
    let cert = m.certificate(doc.node(Document::ROOT));
    (cert, m.overflow)
}

struct Mapper<'r, 'd, 'a> {
    doc: &'d Document<'a>,
    raws: &'r mut Vec<Raw>,
    limit: usize,
    overflow: Overflow,
    /// Where a finding beyond the limit is written, and dropped with the next one.
    spare: Option<Raw>,
    syntax: Syntax,
    /// XML elements have an order; JSON members do not.
    order: bool,
}

/// The names asked of a container, in binding order; no container has more fields than this holds.
#[derive(Default)]
struct Asked {
    names: [Option<Name>; 20],
    len: usize,
}

impl Asked {
    fn push(&mut self, name: Name) {
        debug_assert!(
            self.len < self.names.len(),
            "a container with more fields than Asked holds"
        );
        if self.len < self.names.len() {
            self.names[self.len] = Some(name);
            self.len += 1;
        }
    }

    fn position(&self, name: Name) -> Option<usize> {
        self.names[..self.len].iter().position(|n| *n == Some(name))
    }
}

/// A container being read: its node, its place (a link to its parent's, so opening a container
/// costs no allocation; the path is written out only for a finding) and the names asked of it so
/// far, in binding order.
struct Obj<'d, 'a, 'p> {
    node: &'d Node<'a>,
    parent: Option<&'p Obj<'d, 'a, 'p>>,
    step: Option<Step>,
    asked: Asked,
    /// Children in vocabulary order (`Node::children_in_order`): where to look for the next field,
    /// just past the last one asked for.
    cursor: NodeId,
}

impl Obj<'_, '_, '_> {
    /// The path from the root to this container.
    fn steps(&self) -> Vec<Step> {
        let mut chain = Vec::with_capacity(8);
        let mut at = Some(self);
        while let Some(o) = at {
            if let Some(step) = &o.step {
                chain.push(step.clone());
            }
            at = o.parent;
        }
        chain.reverse();
        chain
    }
}

fn step_of(node: &Node<'_>) -> Step {
    Step {
        name: node.name,
        raw: node.raw.clone(),
        index: node.index,
    }
}

#[cold]
#[inline(never)]
fn child_steps(o: &Obj<'_, '_, '_>, node: &Node<'_>) -> Vec<Step> {
    let mut s = o.steps();
    s.push(step_of(node));
    s
}

#[cold]
#[inline(never)]
fn missing_steps(o: &Obj<'_, '_, '_>, name: Name) -> Vec<Step> {
    let mut s = o.steps();
    s.push(Step::named(name, 0));
    s
}

/// What a value field expects; decides the JSON types it accepts (XML values are all text).
#[derive(Clone, Copy)]
enum Want {
    Text,
    Decimal,
    Integer,
    Boolean,
}

impl Want {
    fn accepts(self, t: JsonType) -> bool {
        match self {
            Want::Text => t == JsonType::String,
            // Amounts are decimal strings; a number is accepted and read from its text.
            Want::Decimal => t != JsonType::Boolean,
            Want::Integer => t == JsonType::Number,
            Want::Boolean => t == JsonType::Boolean,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Want::Text => "a string",
            Want::Decimal => "a decimal string",
            Want::Integer => "a whole number",
            Want::Boolean => "true or false",
        }
    }
}

/// The code shapes the format stage checks (membership is the code-list stage's job).
#[derive(Clone, Copy)]
enum Shape {
    Country,
    Currency,
    Unit,
    PackageType,
    TransportMode,
    Agreement,
}

impl Shape {
    fn fits(self, s: &str) -> bool {
        let upper_alnum = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit();
        match self {
            Shape::Country => s.len() == 2 && s.chars().all(|c| c.is_ascii_uppercase()),
            Shape::Currency => s.len() == 3 && s.chars().all(|c| c.is_ascii_uppercase()),
            Shape::Unit => (2..=3).contains(&s.len()) && s.chars().all(upper_alnum),
            Shape::PackageType => s.len() == 2 && s.chars().all(upper_alnum),
            Shape::TransportMode => {
                (1..=2).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit())
            }
            Shape::Agreement => agreement_code_well_formed(s),
        }
    }

    fn list(self) -> &'static str {
        match self {
            Shape::Country => "ISO 3166-1 alpha-2",
            Shape::Currency => "ISO 4217",
            Shape::Unit => "UN/ECE Recommendation 20",
            Shape::PackageType => "UN/ECE Recommendation 21",
            Shape::TransportMode => "UN/ECE Recommendation 19",
            Shape::Agreement => "agreement",
        }
    }
}

impl<'r, 'd, 'a> Mapper<'r, 'd, 'a> {
    #[cold]
    #[inline(never)]
    fn label(&self, node: &Node<'_>) -> String {
        node.label(self.syntax).to_owned()
    }

    #[cold]
    #[inline(never)]
    fn raise(&mut self, rule: RuleId, steps: Vec<Step>) -> &mut Raw {
        if self.raws.len() >= self.limit {
            self.overflow.count += 1;
            self.overflow.errors |= rule.rule().severity == Severity::Error;
            return self.spare.insert(Raw::new(rule, steps));
        }
        self.raws.push(Raw::new(rule, steps));
        self.raws.last_mut().expect("just pushed")
    }

    // The field readers below are inlined at every field of the mapping; their findings are built
    // out of line here, so that each inlined copy carries a call, not the building. (Less code for
    // V8 to compile on a first validation, and less to skip over on every one.)

    /// `name` is required in `o` and absent.
    #[cold]
    #[inline(never)]
    fn missing(&mut self, o: &Obj<'_, '_, '_>, name: Name) {
        let element = spell(self.order, name);
        self.raise(RuleId::StructMissing, missing_steps(o, name))
            .params
            .push(("element", element));
    }

    /// `name` occurs again (`extra`) where it may occur once.
    #[cold]
    #[inline(never)]
    fn repeated(&mut self, o: &Obj<'_, '_, '_>, extra: &Node<'_>, name: Name) {
        let element = spell(self.order, name);
        self.raise(RuleId::StructRepeated, child_steps(o, extra))
            .params
            .push(("element", element));
    }

    /// A finding about `node` itself: its shape, its JSON type, or its emptiness (no `expected`).
    #[cold]
    #[inline(never)]
    fn about(
        &mut self,
        o: &Obj<'_, '_, '_>,
        node: &Node<'_>,
        rule: RuleId,
        expected: Option<&str>,
    ) {
        let element = self.label(node);
        let r = self.raise(rule, child_steps(o, node));
        r.params.push(("element", element));
        if let Some(expected) = expected {
            r.params.push(("expected", expected.to_owned()));
        }
    }

    fn root<'p>(node: &'d Node<'a>) -> Obj<'d, 'a, 'p> {
        Obj {
            node,
            parent: None,
            step: None,
            asked: Asked::default(),
            cursor: node.first_child(),
        }
    }

    /// A container inside `o`, linked to it (no path is copied).
    fn inside<'p>(o: &'p Obj<'d, 'a, '_>, node: &'d Node<'a>) -> Obj<'d, 'a, 'p> {
        Obj {
            node,
            parent: Some(o),
            step: Some(step_of(node)),
            asked: Asked::default(),
            cursor: node.first_child(),
        }
    }

    /// Opens a child container; reports a value where a group is expected.
    fn open_child<'p>(
        &mut self,
        o: &'p Obj<'d, 'a, '_>,
        node: &'d Node<'a>,
    ) -> Option<Obj<'d, 'a, 'p>> {
        if node.kind != Kind::Container {
            self.about(o, node, RuleId::StructShape, Some("a group of elements"));
            return None;
        }
        if node.text.as_deref().is_some_and(|t| !t.trim().is_empty()) {
            let expected = Some("elements only, without text");
            self.about(o, node, RuleId::StructShape, expected);
        }
        Some(Self::inside(o, node))
    }

    /// In JSON a repeating element must be an array and any other must not be; reports the first
    /// node that breaks this and says whether all were fine. XML has no arrays: nothing to check,
    /// decided here without a call for every field.
    #[inline]
    fn json_shape_ok<'n>(
        &mut self,
        o: &Obj<'_, '_, '_>,
        name: Name,
        nodes: impl IntoIterator<Item = &'n Node<'n>>,
    ) -> bool {
        self.order || self.json_arrays_fit(o, name, nodes)
    }

    fn json_arrays_fit<'n>(
        &mut self,
        o: &Obj<'_, '_, '_>,
        name: Name,
        nodes: impl IntoIterator<Item = &'n Node<'n>>,
    ) -> bool {
        let Some(wrong) = nodes
            .into_iter()
            .find(|c| c.in_array != is_repeating(Some(name)))
        else {
            return true;
        };
        let steps = child_steps(o, wrong);
        let expected = if wrong.in_array {
            "a single value or object, not an array"
        } else {
            "an array"
        };
        let r = self.raise(RuleId::StructShape, steps);
        r.params.push(("element", name.json().to_owned()));
        r.params.push(("expected", expected.into()));
        false
    }

    /// The children named `name`, JSON `null` counting as absent.
    fn named(
        &self,
        o: &Obj<'d, 'a, '_>,
        name: Name,
    ) -> impl Iterator<Item = &'d Node<'a>> + use<'d, 'a> {
        self.doc
            .children_of(o.node)
            .filter(move |c| c.name == Some(name) && c.kind != Kind::Null)
    }

    /// The one child named `name` of a container whose children are in vocabulary order, found by
    /// looking on from the cursor: at most one step past each child over all the fields asked.
    #[inline]
    fn in_order(&self, o: &mut Obj<'d, 'a, '_>, name: Name) -> Option<&'d Node<'a>> {
        let wanted = name.rank();
        // A field asked again, or before one already passed (never in the mapping's own order):
        // start over.
        if o.asked.len > 1 && o.asked.names[o.asked.len - 2].is_some_and(|n| n.rank() >= wanted) {
            o.cursor = o.node.first_child();
        }
        for (id, child) in self.doc.siblings_from(o.cursor) {
            let rank = child.name.map_or(u8::MAX, Name::rank);
            if rank >= wanted {
                o.cursor = id;
                if rank == wanted {
                    o.cursor = child.next_sibling();
                    return Some(child);
                }
                return None;
            }
        }
        o.cursor = u32::MAX;
        None
    }

    fn all(&mut self, o: &mut Obj<'d, 'a, '_>, name: Name) -> Vec<&'d Node<'a>> {
        o.asked.push(name);
        let found: Vec<&'d Node<'a>> = if o.node.children_in_order() {
            self.in_order(o, name).into_iter().collect()
        } else {
            self.named(o, name).collect()
        };
        if self.json_shape_ok(o, name, found.iter().copied()) {
            found
        } else {
            Vec::new()
        }
    }

    /// The one child named `name`, without collecting: this runs for every field of every item.
    #[inline]
    fn one(&mut self, o: &mut Obj<'d, 'a, '_>, name: Name, required: bool) -> Option<&'d Node<'a>> {
        o.asked.push(name);
        let (first, second) = if o.node.children_in_order() {
            (self.in_order(o, name), None)
        } else {
            let mut found = self.named(o, name);
            (found.next(), found.next())
        };
        if !self.json_shape_ok(o, name, first.into_iter().chain(second)) {
            return None;
        }
        if let Some(extra) = second {
            self.repeated(o, extra, name);
        }
        if first.is_none() && required {
            self.missing(o, name);
        }
        first
    }

    fn many(&mut self, o: &mut Obj<'d, 'a, '_>, name: Name, min: usize) -> Vec<&'d Node<'a>> {
        let found = self.all(o, name);
        if found.len() < min {
            self.missing(o, name);
        }
        found
    }

    /// Reports children nobody asked for and, in XML, children out of order.
    fn close(&mut self, o: Obj<'_, '_, '_>) {
        let mut last: Option<(usize, &Node<'_>)> = None;
        for child in self.doc.children_of(o.node) {
            let pos = child.name.and_then(|n| o.asked.position(n));
            let Some(pos) = pos else {
                let steps = child_steps(&o, child);
                let element = self.label(child);
                self.raise(RuleId::StructUnknown, steps)
                    .params
                    .push(("element", element));
                continue;
            };
            if self.order && !child.is_attr {
                if let Some((prev, prev_node)) = last
                    && pos < prev
                {
                    let steps = child_steps(&o, child);
                    let (element, after) = (self.label(child), self.label(prev_node));
                    let r = self.raise(RuleId::StructOrder, steps);
                    r.params.push(("element", element));
                    r.params.push(("after", after));
                }
                if last.is_none_or(|(p, _)| pos >= p) {
                    last = Some((pos, child));
                }
            }
        }
    }

    /// The text of a value node, or a finding if it is a group, empty, or (JSON) of the wrong type.
    #[inline]
    fn scalar(&mut self, o: &Obj<'_, '_, '_>, node: &'d Node<'a>, want: Want) -> Option<&'d str> {
        if node.kind != Kind::Scalar {
            self.about(o, node, RuleId::StructShape, Some("a single value"));
            return None;
        }
        if let Some(t) = node.json_type
            && !want.accepts(t)
        {
            self.about(o, node, RuleId::FormatJsonType, Some(want.describe()));
            return None;
        }
        let text = node.text.as_deref().unwrap_or("");
        // Most values start with a visible ASCII character; only the others need the Unicode trim.
        let blank =
            !text.as_bytes().first().is_some_and(u8::is_ascii_graphic) && text.trim().is_empty();
        if blank {
            self.about(o, node, RuleId::StructEmpty, None);
            return None;
        }
        Some(text)
    }

    #[inline]
    fn text(&mut self, o: &mut Obj<'d, 'a, '_>, name: Name, required: bool) -> Option<String> {
        let node = self.one(o, name, required)?;
        self.scalar(o, node, Want::Text).map(str::to_owned)
    }

    fn texts(&mut self, o: &mut Obj<'d, 'a, '_>, name: Name) -> Vec<String> {
        let nodes = self.many(o, name, 0);
        nodes
            .into_iter()
            .filter_map(|n| self.scalar(o, n, Want::Text).map(str::to_owned))
            .collect()
    }

    #[cold]
    #[inline(never)]
    fn format_error(
        &mut self,
        rule: RuleId,
        o: &Obj<'_, '_, '_>,
        node: &Node<'_>,
        value: &str,
    ) -> &mut Raw {
        let steps = child_steps(o, node);
        let element = self.label(node);
        let r = self.raise(rule, steps);
        r.params.push(("element", element));
        r.params.push(("value", value.to_owned()));
        r
    }

    #[inline]
    fn date(&mut self, o: &mut Obj<'d, 'a, '_>, name: Name, required: bool) -> Option<Date> {
        let node = self.one(o, name, required)?;
        let text = self.scalar(o, node, Want::Text)?;
        let parsed = parse_date(text);
        if parsed.is_none() {
            self.format_error(RuleId::FormatDate, o, node, text);
        }
        parsed
    }

    fn integer_of(&mut self, o: &Obj<'_, '_, '_>, node: &'d Node<'a>) -> Option<u32> {
        let text = self.scalar(o, node, Want::Integer)?;
        let parsed = text
            .parse::<u32>()
            .ok()
            .filter(|n| *n > 0 && text.bytes().all(|b| b.is_ascii_digit()));
        if parsed.is_none() {
            self.format_error(RuleId::FormatInteger, o, node, text);
        }
        parsed
    }

    fn integer(&mut self, o: &mut Obj<'d, 'a, '_>, name: Name, required: bool) -> Option<u32> {
        let node = self.one(o, name, required)?;
        self.integer_of(o, node)
    }

    fn boolean(&mut self, o: &mut Obj<'d, 'a, '_>, name: Name) -> bool {
        let Some(node) = self.one(o, name, false) else {
            return false;
        };
        let Some(text) = self.scalar(o, node, Want::Boolean) else {
            return false;
        };
        match text {
            "true" | "1" => true,
            "false" | "0" => false,
            _ => {
                self.format_error(RuleId::FormatBoolean, o, node, text);
                false
            }
        }
    }

    fn code(
        &mut self,
        o: &mut Obj<'d, 'a, '_>,
        name: Name,
        required: bool,
        shape: Shape,
    ) -> Option<String> {
        let node = self.one(o, name, required)?;
        let text = self.scalar(o, node, Want::Text)?;
        if !shape.fits(text) {
            self.format_error(RuleId::FormatCode, o, node, text)
                .params
                .push(("list", shape.list().into()));
            return None;
        }
        Some(text.to_owned())
    }

    fn enumerated<T>(
        &mut self,
        o: &mut Obj<'d, 'a, '_>,
        name: Name,
        required: bool,
        allowed: &[&str],
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let node = self.one(o, name, required)?;
        let text = self.scalar(o, node, Want::Text)?;
        let parsed = parse(text);
        if parsed.is_none() {
            self.format_error(RuleId::FormatEnum, o, node, text)
                .params
                .push(("allowed", allowed.join(", ")));
        }
        parsed
    }

    /// A value with attributes: XML `<GrossWeight unitCode="KGM">12.5</GrossWeight>`, JSON
    /// `{"value": "12.5", "unitCode": "KGM"}`.
    fn quantity(
        &mut self,
        o: &mut Obj<'d, 'a, '_>,
        name: Name,
        attr: Name,
        shape: Shape,
    ) -> Option<(Option<Decimal>, Option<String>)> {
        let node = self.one(o, name, false)?;
        let mut inner = Self::inside(o, node);
        let value = match node.kind {
            // XML: the element's text is the value, attributes are its children.
            Kind::Scalar if self.order => {
                let text = node.text.as_deref().unwrap_or("");
                if text.is_empty() {
                    let element = self.label(node);
                    self.raise(RuleId::StructEmpty, inner.steps())
                        .params
                        .push(("element", element));
                    None
                } else {
                    let parsed = parse_decimal(text);
                    if parsed.is_none() {
                        self.format_error(RuleId::FormatDecimal, o, node, text);
                    }
                    parsed
                }
            }
            // JSON: an object with `value` and the unit or currency.
            Kind::Container if !self.order => {
                let v = self.one(&mut inner, Name::Value, true);
                v.and_then(|v| {
                    let text = self.scalar(&inner, v, Want::Decimal)?;
                    let parsed = parse_decimal(text);
                    if parsed.is_none() {
                        self.format_error(RuleId::FormatDecimal, &inner, v, text);
                    }
                    parsed
                })
            }
            _ => {
                let element = self.label(node);
                let expected = if self.order {
                    "a value with its attribute"
                } else {
                    "an object with value and its unit or currency"
                };
                let r = self.raise(RuleId::StructShape, inner.steps());
                r.params.push(("element", element));
                r.params.push(("expected", expected.into()));
                return None;
            }
        };
        let unit = self.code(&mut inner, attr, true, shape);
        if node.kind == Kind::Scalar && !node.is_attr {
            // In XML the text is the value; only attributes are children.
            inner.asked.push(Name::Value);
        }
        self.close(inner);
        Some((value, unit))
    }

    fn certificate(&mut self, root: &'d Node<'a>) -> Certificate {
        let mut o = Self::root(root);
        let mut cert = Certificate::default();
        if let Some(n) = self.one(&mut o, Name::ExchangedDocument, true)
            && let Some(mut h) = self.open_child(&o, n)
        {
            cert.header = self.header(&mut h);
            self.close(h);
        }
        if let Some(n) = self.one(&mut o, Name::SupplyChainConsignment, true)
            && let Some(mut c) = self.open_child(&o, n)
        {
            cert.consignment = self.consignment(&mut c);
            self.close(c);
        }
        if let Some(n) = self.one(&mut o, Name::ExporterDeclaration, true)
            && let Some(mut d) = self.open_child(&o, n)
        {
            cert.exporter_declaration = ExporterDeclaration {
                production_country: self.code(
                    &mut d,
                    Name::ProductionCountryId,
                    true,
                    Shape::Country,
                ),
                importing_country: self.code(
                    &mut d,
                    Name::ImportingCountryId,
                    true,
                    Shape::Country,
                ),
                place: self.text(&mut d, Name::PlaceName, true),
                date: self.date(&mut d, Name::SignatureDate, true),
                signatory: self.text(&mut d, Name::SignatoryName, false),
            };
            self.close(d);
        }
        if let Some(n) = self.one(&mut o, Name::Certification, true)
            && let Some(mut c) = self.open_child(&o, n)
        {
            cert.certification = Certification {
                place: self.text(&mut c, Name::PlaceName, true),
                date: self.date(&mut c, Name::SignatureDate, true),
                authority: self.text(&mut c, Name::AuthorityName, true),
                signatory: self.text(&mut c, Name::SignatoryName, false),
            };
            self.close(c);
        }
        if let Some(n) = self.one(&mut o, Name::Indicators, false)
            && let Some(mut i) = self.open_child(&o, n)
        {
            cert.indicators = Indicators {
                third_country_invoicing: self.boolean(&mut i, Name::ThirdCountryInvoicing),
                exhibition: self.boolean(&mut i, Name::ExhibitionTick),
                accumulation: self.boolean(&mut i, Name::Accumulation),
                de_minimis: self.boolean(&mut i, Name::DeMinimis),
                back_to_back: self.boolean(&mut i, Name::BackToBack),
                issued_retroactively: self.boolean(&mut i, Name::IssuedRetroactively),
                partial_cumulation: self.boolean(&mut i, Name::PartialCumulation),
                movement_certificate: self.boolean(&mut i, Name::MovementCertificate),
                other: self.texts(&mut i, Name::OtherIndicator),
            };
            self.close(i);
        }
        if let Some(n) = self.one(&mut o, Name::OfficialUse, false)
            && let Some(mut u) = self.open_child(&o, n)
        {
            let treatment = self.enumerated(
                &mut u,
                Name::TreatmentCode,
                true,
                &Treatment::CODES,
                Treatment::from_code,
            );
            let reasons = self.texts(&mut u, Name::Reason);
            let refused = self.many(&mut u, Name::RefusedItemNumber, 0);
            let refused_item_numbers = refused
                .into_iter()
                .filter_map(|n| self.integer_of(&u, n))
                .collect();
            cert.official_use = Some(OfficialUse {
                treatment,
                reasons,
                refused_item_numbers,
                date: self.date(&mut u, Name::SignatureDate, false),
                signatory: self.text(&mut u, Name::SignatoryName, false),
            });
            self.close(u);
        }
        self.close(o);
        cert
    }

    fn header(&mut self, h: &mut Obj<'d, 'a, '_>) -> Header {
        let reference = self.text(h, Name::Id, true);
        let agreement = self.code(h, Name::AgreementId, true, Shape::Agreement);
        let form_type = self.text(h, Name::FormTypeCode, true);
        let issue_date = self.date(h, Name::IssueDate, true);
        let issued_in = self.code(h, Name::IssueCountryId, true, Shape::Country);
        let status = self.enumerated(
            h,
            Name::StatusCode,
            false,
            &Lifecycle::CODES,
            Lifecycle::from_code,
        );
        let replaced_by = self.text(h, Name::ReplacedById, false);
        let mut certified_true_copy = None;
        if let Some(n) = self.one(h, Name::CertifiedTrueCopy, false)
            && let Some(mut c) = self.open_child(h, n)
        {
            certified_true_copy = Some(CertifiedTrueCopy {
                replacing: self.text(&mut c, Name::ReplacingId, true),
                original_issue_date: self.date(&mut c, Name::OriginalIssueDate, true),
            });
            self.close(c);
        }
        let remarks = self.text(h, Name::Remarks, false);
        Header {
            reference,
            agreement,
            form_type,
            issue_date,
            issued_in,
            status,
            replaced_by,
            certified_true_copy,
            remarks,
        }
    }

    fn consignment(&mut self, c: &mut Obj<'d, 'a, '_>) -> Consignment {
        let consignor = self.party(c, Name::Consignor, true, true);
        let consignee = self.party(c, Name::Consignee, true, true);
        let exhibition = self.party(c, Name::Exhibition, false, true);
        let mut transport = None;
        if let Some(n) = self.one(c, Name::MainCarriageTransportMovement, true)
            && let Some(mut t) = self.open_child(c, n)
        {
            transport = Some(Transport {
                departure_date: self.date(&mut t, Name::DepartureDate, true),
                mode: self.code(&mut t, Name::ModeCode, false, Shape::TransportMode),
                means: self.text(&mut t, Name::TransportMeansName, false),
                port_of_loading: self.text(&mut t, Name::LoadingPortName, false),
                port_of_discharge: self.text(&mut t, Name::UnloadingPortName, false),
            });
            self.close(t);
        }
        let item_nodes = self.many(c, Name::IncludedConsignmentItem, 1);
        let mut items = Vec::with_capacity(item_nodes.len());
        for node in item_nodes {
            match self.open_child(c, node) {
                Some(mut i) => {
                    items.push(self.item(&mut i));
                    self.close(i);
                }
                None => items.push(Item::default()),
            }
        }
        Consignment {
            consignor,
            consignee,
            exhibition,
            transport,
            items,
        }
    }

    fn party(
        &mut self,
        o: &mut Obj<'d, 'a, '_>,
        name: Name,
        required: bool,
        address_required: bool,
    ) -> Option<Party> {
        let node = self.one(o, name, required)?;
        let mut p = self.open_child(o, node)?;
        let party_name = self.text(&mut p, Name::PartyName, true);
        let mut postal_address = None;
        if let Some(n) = self.one(&mut p, Name::PostalAddress, address_required)
            && let Some(mut a) = self.open_child(&p, n)
        {
            postal_address = Some(Address {
                line_one: self.text(&mut a, Name::LineOne, false),
                line_two: self.text(&mut a, Name::LineTwo, false),
                city_name: self.text(&mut a, Name::CityName, false),
                postcode_code: self.text(&mut a, Name::PostcodeCode, false),
                country: self.code(&mut a, Name::CountryId, true, Shape::Country),
            });
            self.close(a);
        }
        self.close(p);
        Some(Party {
            name: party_name,
            postal_address,
        })
    }

    fn item(&mut self, i: &mut Obj<'d, 'a, '_>) -> Item {
        let number = self.integer(i, Name::SequenceNumeric, true);
        let marks = self.text(i, Name::MarksText, false);
        let package_quantity = self.integer(i, Name::PackageQuantity, false);
        let package_type = self.code(i, Name::PackageTypeCode, false, Shape::PackageType);
        let description = self.text(i, Name::Description, true);
        let manufacturer = self.text(i, Name::ManufacturerName, false);
        let hs_code = self.hs(i);
        let origin_criterion = self.text(i, Name::OriginCriteriaText, true);
        let origin_country = self.code(i, Name::OriginCountryId, false, Shape::Country);
        let gross_weight = self.quantity(i, Name::GrossWeight, Name::UnitCode, Shape::Unit);
        let quantity = self.quantity(i, Name::Quantity, Name::UnitCode, Shape::Unit);
        let doc = self.doc;
        let present = |n: Name| {
            doc.children_of(i.node)
                .any(|c| c.name == Some(n) && c.kind != Kind::Null)
        };
        if !present(Name::GrossWeight) && !present(Name::Quantity) {
            let steps = missing_steps(i, Name::GrossWeight);
            let element = format!(
                "{} or {}",
                spell(self.order, Name::GrossWeight),
                spell(self.order, Name::Quantity)
            );
            self.raise(RuleId::StructMissing, steps)
                .params
                .push(("element", element));
        }
        let fob = self.quantity(i, Name::FobAmount, Name::CurrencyId, Shape::Currency);
        let invoice_nodes = self.many(i, Name::Invoice, 1);
        let mut invoices = Vec::with_capacity(invoice_nodes.len());
        for node in invoice_nodes {
            if let Some(mut v) = self.open_child(i, node) {
                invoices.push(Invoice {
                    number: self.text(&mut v, Name::Id, true),
                    issue_date: self.date(&mut v, Name::IssueDate, true),
                });
                self.close(v);
            }
        }
        let third_party_invoicer = self.party(i, Name::ThirdPartyInvoicer, false, true);
        let proof_nodes = self.many(i, Name::OriginalProof, 0);
        let mut original_proofs = Vec::with_capacity(proof_nodes.len());
        for node in proof_nodes {
            if let Some(mut p) = self.open_child(i, node) {
                let reference = self.text(&mut p, Name::Id, true);
                let issue_date = self.date(&mut p, Name::IssueDate, true);
                let issued_in = self.code(&mut p, Name::IssueCountryId, false, Shape::Country);
                let quantity = self
                    .quantity(&mut p, Name::Quantity, Name::UnitCode, Shape::Unit)
                    .map(|(value, unit_code)| Measure { value, unit_code });
                original_proofs.push(OriginalProof {
                    reference,
                    issue_date,
                    issued_in,
                    quantity,
                });
                self.close(p);
            }
        }
        let producer = self.party(i, Name::Producer, false, false);
        Item {
            number,
            marks,
            package_quantity,
            package_type,
            description,
            manufacturer,
            hs_code,
            origin_criterion,
            origin_country,
            gross_weight: gross_weight.map(|(value, unit_code)| Measure { value, unit_code }),
            quantity: quantity.map(|(value, unit_code)| Measure { value, unit_code }),
            fob: fob.map(|(value, currency)| Amount { value, currency }),
            invoices,
            third_party_invoicer,
            original_proofs,
            producer,
        }
    }

    fn hs(&mut self, i: &mut Obj<'d, 'a, '_>) -> Option<String> {
        let node = self.one(i, Name::HarmonisedTariffCode, true)?;
        let text = self.scalar(i, node, Want::Text)?;
        if !hs_well_formed(text) {
            self.format_error(RuleId::FormatHs, i, node, text);
            return None;
        }
        Some(text.to_owned())
    }
}

/// The element's name as the document's binding spells it, for messages.
#[cold]
#[inline(never)]
fn spell(xml: bool, name: Name) -> String {
    if xml { name.xml() } else { name.json() }.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The look-on-from-the-last-field search answers as a full search would, whatever order
    /// fields are asked in, and says absent for what is not there.
    #[test]
    fn fields_are_found_in_any_order_asked() {
        use super::super::tree::Builder;
        let mut b = Builder::new(Syntax::Xml, 8);
        b.open(Node::new("", Some(Name::ExchangedDocument), Some(0)));
        for (name, offset) in [(Name::AgreementId, 1), (Name::IssueDate, 2)] {
            b.open(Node::new("", Some(name), Some(offset)));
            b.close();
        }
        b.close();
        let doc = b.finish();
        let root = doc.node(Document::ROOT);
        assert!(root.children_in_order());
        let mut raws = Vec::new();
        let mut m = Mapper {
            doc: &doc,
            raws: &mut raws,
            limit: 10,
            overflow: Overflow::default(),
            spare: None,
            syntax: Syntax::Xml,
            order: true,
        };
        let mut o = Mapper::root(root);
        let offset = |n: Option<&Node<'_>>| n.and_then(|n| n.offset);
        assert_eq!(offset(m.one(&mut o, Name::IssueDate, true)), Some(2));
        assert_eq!(offset(m.one(&mut o, Name::AgreementId, true)), Some(1));
        assert_eq!(offset(m.one(&mut o, Name::AgreementId, true)), Some(1));
        assert_eq!(offset(m.one(&mut o, Name::FormTypeCode, false)), None);
        assert_eq!(offset(m.one(&mut o, Name::IssueDate, true)), Some(2));
        assert!(m.raws.is_empty());
    }
}
