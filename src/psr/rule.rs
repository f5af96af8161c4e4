//! The rule language of product-specific rules: one line of a PSR table, parsed once into a typed
//! rule and printed back in the same words.
//!
//! ```text
//! rule      = all { "or" all }                  alternatives: the exporter may choose
//! all       = term { "and" term }               conditions met together ("and" binds tighter)
//! term      = "(" rule ")" | criterion
//! criterion = "WO"                              wholly obtained (Art. 27)
//!           | "PE"                              produced entirely from originating materials
//!           | "RVC(" number ")"                 regional value content of at least number %
//!           | ("CC" | "CTH" | "CTSH") [ "except" codes ]
//!           | "CR"                              a chemical reaction
//!           | "TP(" process { "|" process } ")" a textile process done in the exporting party
//! codes     = code { "," code }                 code = 2, 4 or 6 digits, or a range "01-05"
//! process   = fibre-making | spinning | weaving | knitting | fabric-forming | dyeing |
//!             printing | finishing | cutting-and-assembly | embroidery | coating
//! ```
//!
//! The canonical spelling is the printed one (`RVC(40) or CTH except 2403`); the spellings of the
//! published texts that leave no doubt are read too (`RVC40`, `RVC 40%`, `except from heading
//! 2403`, `except 01-02`), as Australia's FTA portal writes `CC or CTH and RVC(50)`.

use std::fmt;

use rust_decimal::Decimal;

use crate::bytes::sub;
use crate::lexical::plain_decimal;
use crate::model::TariffShift;

/// A textile process (ATIGA Annex 3, Attachment 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Process {
    /// Polymerisation, polycondensation and extrusion into fibre.
    FibreMaking,
    /// Spinning, twisting, texturising or braiding fibre into yarn.
    Spinning,
    /// Weaving.
    Weaving,
    /// Knitting.
    Knitting,
    /// Weaving, knitting or otherwise forming fabric.
    FabricForming,
    /// Dyeing with a finishing operation.
    Dyeing,
    /// Printing with a finishing operation.
    Printing,
    /// Finishing.
    Finishing,
    /// Cutting fabric into parts and assembling them into a completed article.
    CuttingAndAssembly,
    /// Embroidery of at least five per cent of the area.
    Embroidery,
    /// Impregnation or coating making a new product.
    Coating,
}

/// Every process with its word, in the grammar's order.
pub const PROCESSES: [(Process, &str); 11] = [
    (Process::FibreMaking, "fibre-making"),
    (Process::Spinning, "spinning"),
    (Process::Weaving, "weaving"),
    (Process::Knitting, "knitting"),
    (Process::FabricForming, "fabric-forming"),
    (Process::Dyeing, "dyeing"),
    (Process::Printing, "printing"),
    (Process::Finishing, "finishing"),
    (Process::CuttingAndAssembly, "cutting-and-assembly"),
    (Process::Embroidery, "embroidery"),
    (Process::Coating, "coating"),
];

impl Process {
    /// The word the language spells it with.
    pub fn word(self) -> &'static str {
        PROCESSES
            .iter()
            .find(|(p, _)| *p == self)
            .map_or("", |(_, w)| w)
    }

    /// The process a word names.
    pub fn from_word(word: &str) -> Option<Process> {
        PROCESSES.iter().find(|(_, w)| *w == word).map(|(p, _)| *p)
    }
}

/// A classification excepted from a change-of-classification rule: materials of these codes must
/// not be non-originating. Codes are 2 (chapter), 4 (heading) or 6 (subheading) digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Except {
    /// The first code of the range, digits only.
    pub from: String,
    /// The last code, the same as `from` for one code.
    pub to: String,
}

impl Except {
    /// Whether a material's HS code (digits) falls under this exception.
    #[cfg(any(test, feature = "origin"))]
    pub fn covers(&self, hs: &str) -> bool {
        let n = self.from.len();
        hs.get(..n)
            .is_some_and(|prefix| self.from.as_str() <= prefix && prefix <= self.to.as_str())
    }
}

/// One criterion of a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Criterion {
    /// Wholly obtained.
    WhollyObtained,
    /// Produced entirely from originating materials.
    ProducedEntirely,
    /// Regional value content of at least this percentage.
    RegionalValueContent(Decimal),
    /// A change of classification at this level, except from the listed codes.
    Change(TariffShift, Vec<Except>),
    /// A chemical reaction.
    ChemicalReaction,
    /// One of these textile processes done in the exporting party.
    Process(Vec<Process>),
}

/// A parsed rule: alternatives, each a set of conditions met together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// One criterion.
    One(Criterion),
    /// All of these.
    All(Vec<Rule>),
    /// Any of these.
    Any(Vec<Rule>),
}

/// Why a rule line was not understood, with the byte offset where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    /// Where in the line.
    pub at: usize,
    /// What was expected there.
    pub expected: &'static str,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {} at character {}", self.expected, self.at + 1)
    }
}

/// Rules nest at most this deep (a rule line is a line, not a program).
const MAX_DEPTH: usize = 16;

/// A rule has at most this many alternatives.
const MAX_ALTERNATIVES: usize = 64;

impl Rule {
    /// Parses a rule line.
    pub fn parse(text: &str) -> Result<Rule, RuleError> {
        let mut p = Parser { s: text, at: 0 };
        let rule = p.rule(0)?;
        p.space();
        if p.at < text.len() {
            return Err(p.fail("'or', 'and' or the end of the rule"));
        }
        // `(A or B) and (C or D) and …` doubles its alternatives with each bracket: a line of a
        // table is a rule, not a way to make an assessment enumerate millions of them.
        if rule.count() > MAX_ALTERNATIVES {
            return Err(RuleError {
                at: 0,
                expected: "a rule of at most 64 alternatives",
            });
        }
        Ok(rule)
    }

    /// How many alternatives [`Rule::alternatives`] gives, saturating.
    pub fn count(&self) -> usize {
        match self {
            Rule::One(_) => 1,
            Rule::Any(rules) => rules.iter().fold(0, |n, r| n.saturating_add(r.count())),
            Rule::All(rules) => rules.iter().fold(1, |n, r| n.saturating_mul(r.count())),
        }
    }

    /// Every alternative the exporter may choose, each the criteria met together: the rule in
    /// disjunctive form (`A and (B or C)` is `A and B`, `A and C`).
    pub fn alternatives(&self) -> Vec<Vec<&Criterion>> {
        match self {
            Rule::One(c) => vec![vec![c]],
            Rule::Any(rules) => rules.iter().flat_map(Rule::alternatives).collect(),
            Rule::All(rules) => {
                let mut out: Vec<Vec<&Criterion>> = vec![Vec::new()];
                for r in rules {
                    let choices = r.alternatives();
                    let mut next = Vec::with_capacity(out.len() * choices.len());
                    for prefix in &out {
                        for choice in &choices {
                            let mut both = prefix.clone();
                            both.extend(choice.iter().copied());
                            next.push(both);
                        }
                    }
                    out = next;
                }
                out
            }
        }
    }
}

struct Parser<'s> {
    s: &'s str,
    at: usize,
}

impl Parser<'_> {
    fn fail(&self, expected: &'static str) -> RuleError {
        RuleError {
            at: self.at,
            expected,
        }
    }

    fn space(&mut self) {
        while sub(self.s, self.at..).starts_with([' ', '\t']) {
            self.at += 1;
        }
    }

    /// Takes `word` (case-insensitive, as a whole word) if it comes next.
    fn word(&mut self, word: &str) -> bool {
        self.space();
        let rest = sub(self.s, self.at..);
        // The word is ASCII, so where it matches, the byte after it is a character boundary.
        let matches = rest
            .get(..word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word));
        let whole = matches
            && !sub(rest, word.len()..)
                .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-');
        if whole {
            self.at += word.len();
            true
        } else {
            false
        }
    }

    fn symbol(&mut self, c: char) -> bool {
        self.space();
        if sub(self.s, self.at..).starts_with(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn rule(&mut self, depth: usize) -> Result<Rule, RuleError> {
        if depth > MAX_DEPTH {
            return Err(self.fail("a rule nested less deeply"));
        }
        // `(A or B) or C` is `A or B or C`: bracketed alternatives join their parent's, so a rule
        // has one shape whatever the brackets, the shape its printed text parses to (found by the
        // fuzzer: the nested shape printed flat and parsed back as another rule).
        let mut any = Vec::new();
        loop {
            match self.all(depth)? {
                Rule::Any(inner) => any.extend(inner),
                other => any.push(other),
            }
            if !self.word("or") {
                break;
            }
        }
        Ok(if any.len() == 1 {
            any.remove(0)
        } else {
            Rule::Any(any)
        })
    }

    fn all(&mut self, depth: usize) -> Result<Rule, RuleError> {
        let mut all = Vec::new();
        loop {
            match self.term(depth)? {
                Rule::All(inner) => all.extend(inner),
                other => all.push(other),
            }
            if !self.word("and") {
                break;
            }
        }
        Ok(if all.len() == 1 {
            all.remove(0)
        } else {
            Rule::All(all)
        })
    }

    fn term(&mut self, depth: usize) -> Result<Rule, RuleError> {
        if self.symbol('(') {
            let inner = self.rule(depth + 1)?;
            if !self.symbol(')') {
                return Err(self.fail("')'"));
            }
            return Ok(inner);
        }
        Ok(Rule::One(self.criterion()?))
    }

    fn criterion(&mut self) -> Result<Criterion, RuleError> {
        if self.word("WO") {
            return Ok(Criterion::WhollyObtained);
        }
        if self.word("PE") {
            return Ok(Criterion::ProducedEntirely);
        }
        if self.word("CR") {
            return Ok(Criterion::ChemicalReaction);
        }
        for (word, level) in [
            ("CTSH", TariffShift::Subheading),
            ("CTH", TariffShift::Heading),
            ("CC", TariffShift::Chapter),
        ] {
            if self.word(word) {
                let excepts = if self.word("except") {
                    self.excepts(level)?
                } else {
                    Vec::new()
                };
                return Ok(Criterion::Change(level, excepts));
            }
        }
        if self.word("TP") {
            return self.processes();
        }
        // `RVC(40)`, `RVC 40`, `RVC40`, `RVC 40%`.
        self.space();
        let rest = sub(self.s, self.at..);
        if rest.get(..3).is_some_and(|w| w.eq_ignore_ascii_case("RVC")) {
            self.at += 3;
            let open = self.symbol('(');
            self.space();
            let start = self.at;
            let len = sub(self.s, start..)
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(self.s.len() - start);
            let percent = plain_decimal(sub(self.s, start..start + len))
                .filter(|p| !p.is_zero() && *p <= Decimal::ONE_HUNDRED)
                .ok_or_else(|| self.fail("a percentage above 0 and at most 100"))?;
            self.at += len;
            self.symbol('%');
            if open && !self.symbol(')') {
                return Err(self.fail("')'"));
            }
            return Ok(Criterion::RegionalValueContent(percent));
        }
        Err(self.fail("a criterion (WO, PE, RVC(n), CC, CTH, CTSH, CR or TP(…))"))
    }

    fn processes(&mut self) -> Result<Criterion, RuleError> {
        if !self.symbol('(') {
            return Err(self.fail("'(' and a textile process"));
        }
        let mut list = Vec::new();
        loop {
            self.space();
            let start = self.at;
            let len = sub(self.s, start..)
                .find(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
                .unwrap_or(self.s.len() - start);
            let word = sub(self.s, start..start + len).to_ascii_lowercase();
            let process =
                Process::from_word(&word).ok_or_else(|| self.fail("a textile process"))?;
            if list.contains(&process) {
                return Err(self.fail("a process not already listed"));
            }
            list.push(process);
            self.at += len;
            if self.symbol(')') {
                return Ok(Criterion::Process(list));
            }
            if !self.symbol('|') {
                return Err(self.fail("'|' or ')'"));
            }
        }
    }

    /// `2403`, `from heading 2403`, `01-02`, `0301, 0302`, `chapters 01-05`: codes no shorter
    /// than the level they except from (a CTH cannot except a subheading).
    fn excepts(&mut self, level: TariffShift) -> Result<Vec<Except>, RuleError> {
        self.word("from");
        for noise in [
            "chapters",
            "chapter",
            "headings",
            "heading",
            "subheadings",
            "subheading",
        ] {
            if self.word(noise) {
                break;
            }
        }
        let mut list = Vec::new();
        loop {
            self.space();
            let start = self.at;
            let from = self.code()?;
            let to = if self.symbol('-') {
                self.code()?
            } else {
                from.clone()
            };
            if to.len() != from.len() || to < from || from.len() > level.digits() {
                self.at = start;
                return Err(
                    self.fail("codes of one length, ascending, no longer than the change's level")
                );
            }
            list.push(Except { from, to });
            if !self.symbol(',') {
                return Ok(list);
            }
        }
    }

    fn code(&mut self) -> Result<String, RuleError> {
        self.space();
        let start = self.at;
        let len = sub(self.s, start..)
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(self.s.len() - start);
        let digits: String = sub(self.s, start..start + len)
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        if !matches!(digits.len(), 2 | 4 | 6) {
            return Err(self.fail("a chapter, heading or subheading (2, 4 or 6 digits)"));
        }
        self.at += len;
        Ok(digits)
    }
}

impl fmt::Display for Criterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Criterion::WhollyObtained => f.write_str("WO"),
            Criterion::ProducedEntirely => f.write_str("PE"),
            Criterion::ChemicalReaction => f.write_str("CR"),
            Criterion::RegionalValueContent(p) => write!(f, "RVC({p})"),
            Criterion::Change(level, excepts) => {
                f.write_str(level.code())?;
                for (i, e) in excepts.iter().enumerate() {
                    f.write_str(if i == 0 { " except " } else { ", " })?;
                    f.write_str(&e.from)?;
                    if e.to != e.from {
                        write!(f, "-{}", e.to)?;
                    }
                }
                Ok(())
            }
            Criterion::Process(list) => {
                f.write_str("TP(")?;
                for (i, p) in list.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" | ")?;
                    }
                    f.write_str(p.word())?;
                }
                f.write_str(")")
            }
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::One(c) => c.fmt(f),
            Rule::All(rules) => {
                for (i, r) in rules.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" and ")?;
                    }
                    // An alternative inside a conjunction needs its brackets back.
                    if let Rule::Any(_) = r {
                        write!(f, "({r})")?;
                    } else {
                        r.fmt(f)?;
                    }
                }
                Ok(())
            }
            Rule::Any(rules) => {
                for (i, r) in rules.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" or ")?;
                    }
                    r.fmt(f)?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(s: &str) -> String {
        Rule::parse(s)
            .unwrap_or_else(|e| panic!("{s}: {e}"))
            .to_string()
    }

    #[test]
    fn canonical_lines_print_back_the_same() {
        for line in [
            "WO",
            "RVC(40) or CTH",
            "RVC(40) or CTH except 2403",
            "RVC(40) or CTSH",
            "CC or CTH and RVC(50)",
            "CTH except 01-02, 0401 or RVC(45)",
            "WO or PE or CR",
            "TP(fibre-making | spinning) or RVC(40)",
            "CTSH and (RVC(35) or TP(dyeing))",
            "RVC(40.5) or CC except 50-63",
        ] {
            assert_eq!(printed(line), line);
            let once = Rule::parse(line).unwrap();
            assert_eq!(Rule::parse(&once.to_string()).unwrap(), once);
        }
    }

    /// Brackets that change nothing leave no trace: the rule is the one its printed text parses
    /// to. The first line is the fuzzer's (`psr_rule`), which once parsed to a nested rule.
    #[test]
    fn redundant_brackets_are_flattened() {
        for (bracketed, flat) in [
            (
                "((RvC87.7777) or RVC(4) or RvC87.7777) or RvC7",
                "RVC(87.7777) or RVC(4) or RVC(87.7777) or RVC(7)",
            ),
            (
                "(RVC(40) or CTH) or (CC or WO)",
                "RVC(40) or CTH or CC or WO",
            ),
            (
                "(CTSH and RVC(35)) and TP(dyeing)",
                "CTSH and RVC(35) and TP(dyeing)",
            ),
            ("((CTH))", "CTH"),
        ] {
            let rule = Rule::parse(bracketed).unwrap();
            assert_eq!(rule, Rule::parse(flat).unwrap(), "{bracketed}");
            assert_eq!(rule.to_string(), flat);
        }
        // Brackets that do change the meaning stay.
        assert_eq!(
            printed("CTSH and (RVC(35) or TP(dyeing))"),
            "CTSH and (RVC(35) or TP(dyeing))"
        );
    }

    #[test]
    fn published_spellings_are_read() {
        assert_eq!(printed("RVC40 or CTH"), "RVC(40) or CTH");
        assert_eq!(
            printed("RVC 40% or CTH except from heading 2403"),
            "RVC(40) or CTH except 2403"
        );
        assert_eq!(printed("rvc(40) OR cth"), "RVC(40) or CTH");
        assert_eq!(printed("CC except chapters 50-63"), "CC except 50-63");
        assert_eq!(printed("CTH except 24.03"), "CTH except 2403");
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let r = Rule::parse("CC or CTH and RVC(50)").unwrap();
        let alts: Vec<String> = r
            .alternatives()
            .iter()
            .map(|a| {
                a.iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(" + ")
            })
            .collect();
        assert_eq!(alts, ["CC", "CTH + RVC(50)"]);
        let r = Rule::parse("CTSH and (RVC(35) or TP(dyeing))").unwrap();
        assert_eq!(r.alternatives().len(), 2);
    }

    #[test]
    fn exceptions_cover_their_codes() {
        let Rule::One(Criterion::Change(_, ex)) = Rule::parse("CTH except 01-02, 2403").unwrap()
        else {
            panic!()
        };
        assert!(ex[0].covers("010121") && ex[0].covers("020130") && !ex[0].covers("030111"));
        assert!(ex[1].covers("240311") && !ex[1].covers("240411"));
    }

    #[test]
    fn mistakes_say_where() {
        for (bad, at) in [
            ("", 0),
            ("RVC(0)", 4),
            ("RVC(101)", 4),
            ("RVC(40", 6),
            ("CTH except", 10),
            ("CTH except 240311", 11),
            ("CTSH except 03-01", 12),
            ("CTH or", 6),
            ("CTH CC", 4),
            ("TP(sewing)", 3),
            ("TP(dyeing | dyeing)", 12),
            ("(CTH", 4),
            ("XYZ", 0),
        ] {
            let e = Rule::parse(bad).unwrap_err();
            assert_eq!(e.at, at, "{bad}: {e}");
        }
        let deep = format!("{}CTH{}", "(".repeat(40), ")".repeat(40));
        assert!(Rule::parse(&deep).is_err());
        // Alternatives multiply: six brackets of two make 64, seven 128.
        let brackets = |n: usize| vec!["(WO or PE)"; n].join(" and ");
        assert_eq!(Rule::parse(&brackets(6)).unwrap().alternatives().len(), 64);
        assert_eq!(
            Rule::parse(&brackets(7)).unwrap_err().expected,
            "a rule of at most 64 alternatives"
        );
        // Found by the fuzzer: a word compared with text whose next character is not ASCII.
        for odd in [
            "RV\u{fffd}(40)",
            "CT\u{fffd}",
            "C\u{fffd}",
            "TP(\u{fffd})",
            "CTH except \u{fffd}",
        ] {
            assert!(Rule::parse(odd).is_err(), "{odd}");
        }
    }
}
