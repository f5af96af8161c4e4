//! Origin assessment for exporters (cargo feature `origin`): a worksheet — the good, its FOB, its
//! bill of materials and costs — assessed under an agreement's profile and PSR table, offline,
//! explaining itself step by step with the articles. What Korea's FTA-PASS or the EU's ROSA ask
//! as a questionnaire, computed.

mod assess;
mod worksheet;

pub use assess::{Alternative, Assessment, BreakPoint, Rvc, Step, Ticks, assess};
pub use worksheet::{Worksheet, read};
