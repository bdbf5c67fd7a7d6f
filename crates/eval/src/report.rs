//! Counts, figures and their rendering, shaped like `score.py`'s output so
//! that `dossier eval` and the reference can be diffed line by line.

use std::fmt::{self, Write as _};

use serde::Serialize;

use crate::py::str_repr;

/// `(tp, pred, gold)` for events, strict events or facts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Aligned (or right) items.
    pub tp: usize,
    /// Predicted items.
    pub pred: usize,
    /// Gold items.
    pub gold: usize,
}

/// Per-attribute `[right, predicted, gold]` over aligned event pairs, the
/// list layout `score_doc` uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AttrCounts {
    /// Event date.
    pub date: [usize; 3],
    /// Location or admin1.
    pub place: [usize; 3],
    /// Fatality range.
    pub fatalities: [usize; 3],
    /// Perpetrator actor.
    pub perpetrator: [usize; 3],
}

/// Alias-grouping numerators and denominators, summed before dividing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AliasCounts {
    /// Gold mentions found in the best predicted group.
    pub recall_num: usize,
    /// Gold mentions.
    pub recall_den: usize,
    /// Same as `recall_num`, over actors that were found at all.
    pub prec_num: usize,
    /// Size of those best predicted groups.
    pub prec_den: usize,
}

/// The raw counts of one document (or their sum): the dict `score_doc`
/// returns, key for key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DocCounts {
    /// Event detection.
    pub events: Counts,
    /// Attribute agreement over aligned events.
    pub event_attrs: AttrCounts,
    /// Events right on every attribute the gold states.
    pub strict: Counts,
    /// Fact triples.
    pub facts: Counts,
    /// Alias groups.
    pub aliases: AliasCounts,
}

impl DocCounts {
    fn add(&mut self, o: &DocCounts) {
        for (a, b) in [(&mut self.events, o.events), (&mut self.strict, o.strict), (&mut self.facts, o.facts)] {
            a.tp += b.tp;
            a.pred += b.pred;
            a.gold += b.gold;
        }
        for (a, b) in [
            (&mut self.event_attrs.date, o.event_attrs.date),
            (&mut self.event_attrs.place, o.event_attrs.place),
            (&mut self.event_attrs.fatalities, o.event_attrs.fatalities),
            (&mut self.event_attrs.perpetrator, o.event_attrs.perpetrator),
        ] {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        self.aliases.recall_num += o.aliases.recall_num;
        self.aliases.recall_den += o.aliases.recall_den;
        self.aliases.prec_num += o.aliases.prec_num;
        self.aliases.prec_den += o.aliases.prec_den;
    }
}

/// Precision, recall and F1 with their counts: `prf()` of `score.py`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    /// Precision, rounded to 4 places.
    pub p: f64,
    /// Recall, rounded to 4 places.
    pub r: f64,
    /// F1 of the unrounded precision and recall, rounded to 4 places.
    pub f1: f64,
    /// Right items.
    pub tp: usize,
    /// Predicted items.
    pub pred: usize,
    /// Gold items.
    pub gold: usize,
}

impl Prf {
    /// `prf(tp, npred, ngold)`: with nothing predicted, precision is 1 when
    /// there was nothing to find and 0 otherwise; with nothing to find,
    /// recall is 1.
    pub fn new(tp: usize, pred: usize, gold: usize) -> Prf {
        let p = if pred > 0 {
            tp as f64 / pred as f64
        } else if gold == 0 {
            1.0
        } else {
            0.0
        };
        let r = if gold > 0 { tp as f64 / gold as f64 } else { 1.0 };
        let f = if p + r != 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        Prf { p: round4(p), r: round4(r), f1: round4(f), tp, pred, gold }
    }

    fn from_counts(c: Counts) -> Prf {
        Prf::new(c.tp, c.pred, c.gold)
    }

    fn from_attr(c: [usize; 3]) -> Prf {
        Prf::new(c[0], c[1], c[2])
    }
}

/// Python's `round(x, 4)`: correctly rounded, ties to even (Rust's
/// formatting rounds the exact binary value the same way).
fn round4(x: f64) -> f64 {
    format!("{x:.4}").parse().unwrap_or(x)
}

/// P/R/F1 for each event attribute.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AttrScores {
    /// Event date.
    pub date: Prf,
    /// Location or admin1.
    pub place: Prf,
    /// Fatality range.
    pub fatalities: Prf,
    /// Perpetrator actor.
    pub perpetrator: Prf,
}

/// Alias recall and precision.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AliasScores {
    /// Share of gold mentions grouped together (1 when there are none).
    pub recall: f64,
    /// Share of the matched groups' mentions that belong (0 when no group matched).
    pub precision: f64,
}

/// The figures `score.py --json` prints, key for key and in its order.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    /// Event detection.
    pub events: Prf,
    /// Events right on every attribute the gold states.
    pub strict: Prf,
    /// Fact triples.
    pub facts: Prf,
    /// Attribute agreement over aligned events.
    pub event_attrs: AttrScores,
    /// Alias groups.
    pub aliases: AliasScores,
    /// Documents scored.
    pub docs: usize,
}

impl Scores {
    /// Figures from summed counts, as `main()` derives them.
    pub fn from_counts(c: &DocCounts, docs: usize) -> Scores {
        let a = &c.aliases;
        Scores {
            events: Prf::from_counts(c.events),
            strict: Prf::from_counts(c.strict),
            facts: Prf::from_counts(c.facts),
            event_attrs: AttrScores {
                date: Prf::from_attr(c.event_attrs.date),
                place: Prf::from_attr(c.event_attrs.place),
                fatalities: Prf::from_attr(c.event_attrs.fatalities),
                perpetrator: Prf::from_attr(c.event_attrs.perpetrator),
            },
            aliases: AliasScores {
                recall: if a.recall_den > 0 { round4(a.recall_num as f64 / a.recall_den as f64) } else { 1.0 },
                precision: if a.prec_den > 0 { round4(a.prec_num as f64 / a.prec_den as f64) } else { 0.0 },
            },
            docs,
        }
    }

    /// The summary block `score.py` prints without `--json`, byte for byte
    /// (each line ends with a newline).
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "docs {}", self.docs);
        for (k, v) in [("events", &self.events), ("strict", &self.strict), ("facts", &self.facts)] {
            let _ = writeln!(
                out,
                "{k:<12} P {:.3} R {:.3} F1 {:.3}  (tp {}, pred {}, gold {})",
                v.p, v.r, v.f1, v.tp, v.pred, v.gold
            );
        }
        let a = &self.event_attrs;
        for (k, v) in
            [("date", &a.date), ("place", &a.place), ("fatalities", &a.fatalities), ("perpetrator", &a.perpetrator)]
        {
            let _ = writeln!(out, "  {k:<10} P {:.3} R {:.3} F1 {:.3}", v.p, v.r, v.f1);
        }
        let _ = writeln!(out, "aliases      recall {:.3} precision {:.3}", self.aliases.recall, self.aliases.precision);
        out
    }
}

/// One mismatch behind the figures. The first five are `score.py
/// --verbose`'s lines; the alias ones are added (the reference prints
/// nothing for aliases).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// A gold event no prediction overlaps.
    MissedEvent {
        /// Index in the gold `events`.
        gold: usize,
        /// The gold quote (`str()` of it).
        quote: String,
    },
    /// A predicted event left unaligned.
    SpuriousEvent {
        /// Index in the predicted `events`.
        pred: usize,
        /// The predicted quote (`str()` of it, so `None` when absent).
        quote: String,
    },
    /// An aligned pair wrong on some attribute the gold states.
    WrongEvent {
        /// Index in the gold `events`.
        gold: usize,
        /// Index in the predicted `events`.
        pred: usize,
        /// The wrong attributes, in `date, place, fatalities, perpetrator` order.
        attributes: Vec<String>,
        /// The gold quote.
        quote: String,
        /// Python `repr` of the gold event's date, location, admin1, fatalities, perpetrator.
        gold_values: String,
        /// The same for the prediction.
        pred_values: String,
    },
    /// A gold fact key with no identical predicted key (Python tuple repr;
    /// free-text facts matched by word overlap are listed too, as in score.py).
    MissedFact {
        /// The key, e.g. `('g0', 'founded', '2015')`.
        fact: String,
    },
    /// A predicted fact key with no identical gold key.
    SpuriousFact {
        /// The key.
        fact: String,
    },
    /// Folded names of a gold actor missing from its best predicted group.
    AliasMentionsMissed {
        /// The gold canonical name.
        actor: String,
        /// The folded names, sorted.
        mentions: Vec<String>,
    },
    /// Folded names in a gold actor's best predicted group that are not its own.
    AliasMentionsForeign {
        /// The gold canonical name.
        actor: String,
        /// The folded names, sorted.
        mentions: Vec<String>,
    },
}

/// `s[:n]` in characters.
fn head(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

fn list_repr(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| str_repr(s)).collect::<Vec<_>>().join(", "))
}

impl fmt::Display for Finding {
    /// The `score.py --verbose` line, without its two-space indent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::MissedEvent { quote, .. } => write!(f, "missed event: {}", str_repr(head(quote, 90))),
            Finding::SpuriousEvent { quote, .. } => write!(f, "spurious event: {}", str_repr(head(quote, 90))),
            Finding::WrongEvent { attributes, quote, gold_values, pred_values, .. } => write!(
                f,
                "event wrong on {}: {} gold={gold_values} pred={pred_values}",
                list_repr(attributes),
                str_repr(head(quote, 70))
            ),
            Finding::MissedFact { fact } => write!(f, "missed fact: {fact}"),
            Finding::SpuriousFact { fact } => write!(f, "spurious fact: {fact}"),
            Finding::AliasMentionsMissed { actor, mentions } => {
                write!(f, "alias mentions of {} not in its group: {}", str_repr(actor), list_repr(mentions))
            }
            Finding::AliasMentionsForeign { actor, mentions } => {
                write!(f, "alias group of {} also holds: {}", str_repr(actor), list_repr(mentions))
            }
        }
    }
}

/// One scored document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocReport {
    /// Gold file name (`000_x.json`), or a label for in-memory documents.
    pub file: String,
    /// Counts, as `score_doc` returns them.
    pub counts: DocCounts,
    /// This document's own figures (`docs` is 1).
    pub scores: Scores,
    /// What went wrong, in `score.py --verbose` order.
    pub findings: Vec<Finding>,
}

/// Scores over a set of documents. Serializes to exactly the keys of
/// `score.py --json` (the per-document detail is left out so the two can be
/// diffed; it is in [`Report::documents`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Figures over all documents, from summed counts.
    #[serde(flatten)]
    pub overall: Scores,
    /// Summed counts behind `overall`.
    #[serde(skip)]
    pub counts: DocCounts,
    /// Each document, in gold file order.
    #[serde(skip)]
    pub documents: Vec<DocReport>,
}

impl Report {
    /// Sums the documents' counts and derives the overall figures.
    pub fn from_documents(documents: Vec<DocReport>) -> Report {
        let mut counts = DocCounts::default();
        for d in &documents {
            counts.add(&d.counts);
        }
        Report { overall: Scores::from_counts(&counts, documents.len()), counts, documents }
    }

    /// `score.py`'s text output. With `verbose`, each document's header and
    /// findings come first, as `score.py --verbose 2>&1` shows them (its
    /// verbose lines go to stderr while scoring, the summary to stdout).
    pub fn render_text(&self, verbose: bool) -> String {
        let mut out = String::new();
        if verbose {
            for d in &self.documents {
                let _ = writeln!(out, "{}:", d.file);
                for finding in &d.findings {
                    let _ = writeln!(out, "  {finding}");
                }
            }
        }
        out.push_str(&self.overall.render_text());
        out
    }

    /// `json.dumps(res, indent=1)` of `score.py --json`, byte for byte
    /// (without the trailing newline `print` adds).
    pub fn to_json(&self) -> String {
        let mut buf = Vec::new();
        let mut ser =
            serde_json::Serializer::with_formatter(&mut buf, serde_json::ser::PrettyFormatter::with_indent(b" "));
        // Plain structs of numbers: serializing into memory cannot fail.
        if self.serialize(&mut ser).is_err() {
            return String::new();
        }
        String::from_utf8(buf).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_conventions() {
        let p = Prf::new(0, 0, 0);
        assert_eq!((p.p, p.r, p.f1), (1.0, 1.0, 1.0));
        let p = Prf::new(0, 0, 3);
        assert_eq!((p.p, p.r, p.f1), (0.0, 0.0, 0.0));
        let p = Prf::new(0, 2, 0);
        assert_eq!((p.p, p.r, p.f1), (0.0, 1.0, 0.0));
        let p = Prf::new(2, 3, 4);
        assert_eq!((p.p, p.r, p.f1), (0.6667, 0.5, 0.5714));
    }

    #[test]
    fn rounding_ties_to_even_like_python() {
        assert_eq!(round4(1.0 / 32.0), 0.0312);
        assert_eq!(round4(0.00005), 0.0001);
        assert_eq!(format!("{:.3}", 0.0625), "0.062");
    }

    #[test]
    fn head_counts_characters() {
        assert_eq!(head("āb–c", 3), "āb–");
        assert_eq!(head("ab", 5), "ab");
    }
}
