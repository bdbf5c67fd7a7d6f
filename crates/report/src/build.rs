//! The templates: each section's sentences made from the profile's fields
//! (claims grouped into values by the figure ledger), the incidents of the
//! period and the conflicts. Every sentence is built from claims and ends
//! with their footnotes; the wording depends only on the data.

use std::collections::{BTreeMap, BTreeSet};

use dossier_model::{ClaimValue, PartialDate, Predicate};
use dossier_query::{Conflict, Field, FieldValue, Profile};
use dossier_resolve::ledger::{Figure, Policy, Statement, Verdict, ledger};
use dossier_store::{ActorRow, Citation, ClaimRow, SourceDetail, SourceRef, Store};

use crate::notes::{Notes, Origin, Target, cited_notes, narrow};
use crate::text::{collapse, find_folded, long_date, numbers};
use crate::{Backed, Block, Inline, Period, Phrase, Report, ReportActor, ReportError, Section, SourceMeta};

/// A phrase under construction.
#[derive(Default)]
pub(crate) struct P(Vec<Inline>);

impl P {
    /// Appends plain text.
    pub fn t(&mut self, s: impl AsRef<str>) -> &mut Self {
        let s = s.as_ref();
        if s.is_empty() {
            return self;
        }
        match self.0.last_mut() {
            Some(Inline::Text { text }) => text.push_str(s),
            _ => self.0.push(Inline::Text { text: s.to_string() }),
        }
        self
    }

    /// Appends a work's title.
    pub fn title(&mut self, s: &str) -> &mut Self {
        self.0.push(Inline::Title { text: s.to_string() });
        self
    }

    /// Appends quoted words.
    pub fn quote(&mut self, s: &str) -> &mut Self {
        self.0.push(Inline::Quote { text: s.to_string() });
        self
    }

    /// Appends a footnote marker (once per run of markers).
    pub fn note(&mut self, n: u32) -> &mut Self {
        let dup = self
            .0
            .iter()
            .rev()
            .take_while(|x| matches!(x, Inline::Note { .. }))
            .any(|x| *x == Inline::Note { number: n });
        if !dup {
            self.0.push(Inline::Note { number: n });
        }
        self
    }

    /// Appends several markers.
    pub fn notes(&mut self, ns: &[u32]) -> &mut Self {
        for n in ns {
            self.note(*n);
        }
        self
    }

    /// The finished phrase; each run of markers in ascending order.
    pub fn done(mut self) -> Phrase {
        let mut i = 0;
        while i < self.0.len() {
            let run = self.0[i..].iter().take_while(|x| matches!(x, Inline::Note { .. })).count();
            if run > 1 {
                self.0[i..i + run].sort_by_key(|x| if let Inline::Note { number } = x { *number } else { 0 });
            }
            i += run.max(1);
        }
        Phrase::new(self.0)
    }
}

/// The policy's rule in words.
pub(crate) fn policy_rule(p: Policy) -> &'static str {
    match p {
        Policy::Conservative => "the lowest figure any source gives",
        Policy::Recent => "the figure of the most recently dated statement",
        Policy::Median => "the middle figure of the sources, the lower of the two middle ones for an even count",
    }
}

/// `According to a single source` / `According to 3 sources`.
fn according(n: usize) -> String {
    if n == 1 { "According to a single source".into() } else { format!("According to {n} sources") }
}

/// What a claim itself states, in the form the claim record gives it.
pub(crate) fn stated(c: &ClaimRow) -> String {
    match &c.value {
        ClaimValue::Date { date } => date.to_string(),
        ClaimValue::Range { min, max } => Figure::Range { min: *min, max: *max }.to_string(),
        ClaimValue::Count { count } => Figure::number(*count).to_string(),
        ClaimValue::Actor { .. } => c.object.as_ref().map(|o| o.name.clone()).unwrap_or_default(),
        ClaimValue::Place { place } => place.surface.clone(),
        ClaimValue::Text { text } => text.clone(),
    }
}

/// A claim with the value it states.
type Item<'a> = (&'a ClaimRow, String);

/// The claims of a value, one per (source, stated value), in ledger order.
fn items(v: &FieldValue) -> Vec<Item<'_>> {
    let mut seen = BTreeSet::new();
    v.claims
        .iter()
        .filter_map(|e| {
            let s = stated(&e.claim);
            seen.insert((e.claim.evidence.source.id.clone(), s.clone())).then_some((&e.claim, s))
        })
        .collect()
}

/// The first claim of each source.
fn first_per_source(v: &FieldValue) -> Vec<Item<'_>> {
    let mut seen = BTreeSet::new();
    v.claims
        .iter()
        .filter(|e| seen.insert(e.claim.evidence.source.id.clone()))
        .map(|e| (&e.claim, stated(&e.claim)))
        .collect()
}

fn distinct_sources(items: &[Item<'_>]) -> usize {
    items.iter().map(|(c, _)| c.evidence.source.id.as_str()).collect::<BTreeSet<_>>().len()
}

/// `2015 (26 January 2015)`: the least precise form a value's claims give,
/// then the more precise ones.
fn date_group_words(forms: &[String]) -> String {
    let mut forms: Vec<&String> = forms.iter().collect();
    forms.sort_by_key(|f| (f.len(), (*f).clone()));
    forms.dedup();
    match forms.split_first() {
        None => String::new(),
        Some((first, [])) => long_date(first),
        Some((first, rest)) => {
            let rest: Vec<String> = rest.iter().map(|f| long_date(f)).collect();
            format!("{} ({})", long_date(first), rest.join("; "))
        }
    }
}

/// Removes a quotation mark without its partner, so a quoted value does
/// not open a quote it never closes.
fn balanced(s: &str) -> String {
    let mut out = s.trim().to_string();
    for (open, close) in [('“', '”'), ('‘', '’')] {
        if out.matches(open).count() != out.matches(close).count() {
            out = out.replace([open, close], "");
        }
    }
    if out.matches('"').count() % 2 == 1 {
        out = out.replace('"', "");
    }
    collapse(&out)
}

/// The words for one kind of set-valued field.
struct SetWords {
    lead: &'static str,
    lead_also: &'static str,
    quoted: bool,
    field: &'static str,
}

pub(crate) struct Ctx<'a> {
    pub store: &'a Store,
    pub policy: Policy,
    pub notes: Notes,
    details: BTreeMap<String, Option<SourceDetail>>,
    aliases: BTreeMap<String, Vec<String>>,
    /// Incident reports' footnote spans, by report id.
    pub spans: BTreeMap<i64, (usize, usize, String)>,
}

impl<'a> Ctx<'a> {
    /// A source in full (cached); `None` if it cannot be read.
    pub fn detail(&mut self, id: &str) -> Option<&SourceDetail> {
        if !self.details.contains_key(id) {
            let d = self.store.source(id).ok();
            self.details.insert(id.to_string(), d);
        }
        self.details.get(id).and_then(Option::as_ref)
    }

    /// A source's metadata for the references.
    pub fn meta(&mut self, s: &SourceRef) -> SourceMeta {
        let address = self.detail(&s.id).and_then(|d| d.summary.address.clone());
        SourceMeta {
            title: s.title.clone(),
            publisher: s.publisher.clone(),
            date: s.date.clone(),
            path: s.path.clone(),
            address,
        }
    }

    /// A source as claims cite it.
    pub fn source_ref(&mut self, id: &str) -> Option<SourceRef> {
        let d = &self.detail(id)?.summary;
        Some(SourceRef {
            id: d.id.clone(),
            title: d.title.clone(),
            path: d.path.clone(),
            publisher: d.publisher.clone(),
            date: d.date.clone(),
        })
    }

    /// Every alias of an actor (cached).
    pub fn aliases_of(&mut self, key: &str) -> Vec<String> {
        if !self.aliases.contains_key(key) {
            let v = match self.store.actor(key) {
                Ok(a) => {
                    let mut v: Vec<String> = a.aliases.into_iter().map(|x| x.alias).collect();
                    v.push(a.name);
                    v
                }
                Err(_) => Vec::new(),
            };
            self.aliases.insert(key.to_string(), v);
        }
        self.aliases.get(key).cloned().unwrap_or_default()
    }

    /// Where in its quote a claim states its value, to tell which of the
    /// passage's notes backs it.
    fn value_at(&mut self, c: &ClaimRow) -> Option<usize> {
        let q = &c.evidence.quote;
        let number = |n: u64| numbers(q).into_iter().find(|x| x.1 == n).map(|x| x.0);
        match &c.value {
            ClaimValue::Range { min, max } => number(min.or(*max)?),
            ClaimValue::Count { count } => number(*count),
            ClaimValue::Date { date } => number(date.year as u64),
            ClaimValue::Place { place } => place.span.start.checked_sub(c.evidence.start).filter(|i| *i < q.len()),
            ClaimValue::Text { text } => find_folded(q, text, true),
            ClaimValue::Actor { .. } => {
                let key = c.object.as_ref()?.key.clone();
                self.aliases_of(&key).iter().filter_map(|a| find_folded(q, a, false)).min()
            }
        }
    }

    /// The notes of the claim's passage that back it.
    fn citations_for(&mut self, c: &ClaimRow) -> Vec<Citation> {
        let at = self.value_at(c);
        narrow(&c.evidence.quote, at, &c.evidence.citations).into_iter().cloned().collect()
    }

    /// `UN Security Council`: who the backing notes cite.
    fn citing_names(&mut self, c: &ClaimRow) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for cit in self.citations_for(c) {
            for r in &cit.references {
                if let Some(w) = r.author.as_deref().or(r.publisher.as_deref()) {
                    let w = collapse(w);
                    if !out.contains(&w) {
                        out.push(w);
                    }
                }
            }
        }
        out
    }

    /// The footnote for a claim, standing behind the report's words
    /// `shown` for `field`.
    pub fn claim_note(&mut self, c: &ClaimRow, field: &str, shown: &str) -> u32 {
        let value = value_of(c, field);
        let cits = self.citations_for(c);
        let refs: Vec<&Citation> = cits.iter().collect();
        let src = c.evidence.source.id.clone();
        let detail_notes: Vec<(String, String)> = self
            .detail(&src)
            .map(|d| d.notes.iter().map(|n| (n.label.clone(), n.text.clone())).collect())
            .unwrap_or_default();
        let note_text = |l: &str| detail_notes.iter().find(|(x, _)| x == l).map(|(_, t)| t.clone());
        let citing = cited_notes(&refs, &note_text);
        let meta = self.meta(&c.evidence.source);
        let target = Target {
            source_id: &src,
            meta: &meta,
            start: c.evidence.start,
            end: c.evidence.end,
            quote: &c.evidence.quote,
            own: None,
            citations: citing,
        };
        self.notes.add(target, Origin::Claim(c.id), Backed { field: field.into(), value, shown: shown.into() })
    }

    /// A footnote on a span that is no claim (where a source uses a name).
    pub fn text_note(&mut self, source: &SourceRef, start: usize, end: usize, field: &str, value: &str) -> Option<u32> {
        let quote = self.detail(&source.id)?.text.get(start..end)?.to_string();
        let meta = self.meta(source);
        let target =
            Target { source_id: &source.id, meta: &meta, start, end, quote: &quote, own: None, citations: Vec::new() };
        let backed = Backed { field: field.into(), value: value.into(), shown: value.into() };
        Some(self.notes.add(target, Origin::Text, backed))
    }

    /// `a single source, European Union Agency for Asylum (2026), citing US, CRS[2]`
    /// / `2 sources, A[1] and B[2]`: who says it, with the footnotes.
    fn named(&mut self, p: &mut P, items: &[Item<'_>], field: &str, dates: bool) {
        let mut order: Vec<&str> = Vec::new();
        for (c, _) in items {
            if !order.contains(&c.evidence.source.id.as_str()) {
                order.push(&c.evidence.source.id);
            }
        }
        let n = order.len();
        p.t(if n == 1 { "a single source, ".to_string() } else { format!("{n} sources, ") });
        for (i, id) in order.iter().enumerate() {
            let mine: Vec<&Item<'_>> = items.iter().filter(|(c, _)| c.evidence.source.id == *id).collect();
            let Some((first, _)) = mine.first() else { continue };
            let s = &first.evidence.source;
            match &s.publisher {
                Some(pb) => p.t(pb),
                None => p.title(&s.title),
            };
            let mut citing: Vec<String> = Vec::new();
            for (c, _) in &mine {
                for w in self.citing_names(c) {
                    if !citing.contains(&w) {
                        citing.push(w);
                    }
                }
            }
            let mut paren: Vec<String> = Vec::new();
            if dates {
                paren.push(s.date.as_deref().map(long_date).unwrap_or_else(|| "undated".into()));
            }
            if !citing.is_empty() {
                paren.push(format!("citing {}", crate::text::and_list(&citing)));
            }
            if !paren.is_empty() {
                p.t(format!(" ({})", paren.join(", ")));
            }
            for (c, _) in &mine {
                let shown = shown_for(field, &value_of(c, field));
                let no = self.claim_note(c, field, &shown);
                p.note(no);
            }
            if i + 2 < n {
                p.t(", ");
            } else if i + 2 == n {
                p.t(" and ");
            }
        }
    }

    /// Footnotes for claims, in order.
    fn claim_notes(&mut self, items: &[Item<'_>], field: &str, shown: &str) -> Vec<u32> {
        items.iter().map(|(c, _)| self.claim_note(c, field, shown)).collect()
    }

    /// A list `A,[1] B[2] and C.[3]` of values with their footnotes.
    fn value_list(&mut self, p: &mut P, values: &[&FieldValue], w: &SetWords) {
        let n = values.len();
        for (i, v) in values.iter().enumerate() {
            let shown = if w.quoted { balanced(&v.value) } else { v.value.clone() };
            if w.quoted {
                p.quote(&shown);
            } else {
                p.t(&shown);
            }
            let its = first_per_source(v);
            let notes = self.claim_notes(&its, w.field, &shown);
            if i + 2 < n {
                p.t(",").notes(&notes).t(" ");
            } else if i + 2 == n {
                p.notes(&notes).t(" and ");
            } else {
                p.t(".").notes(&notes);
            }
        }
    }

    /// A set-valued field: one sentence per value two or more sources
    /// give, then one sentence for the values of single sources.
    fn set_field(&mut self, f: &Field, w: &SetWords) -> Vec<Phrase> {
        let mut out = Vec::new();
        let (multi, single): (Vec<&FieldValue>, Vec<&FieldValue>) = f.values.iter().partition(|v| v.sources > 1);
        for v in &multi {
            let mut p = P::default();
            p.t(format!("{}, {} ", according(v.sources), w.lead));
            self.value_list(&mut p, &[v], w);
            out.push(p.done());
        }
        let lead = if multi.is_empty() { w.lead } else { w.lead_also };
        match single.len() {
            0 => {}
            1 => {
                let mut p = P::default();
                p.t(format!("According to a single source, {lead} "));
                self.value_list(&mut p, &single, w);
                out.push(p.done());
            }
            _ => {
                let mut p = P::default();
                p.t(format!("According to a single source each, {lead} "));
                self.value_list(&mut p, &single, w);
                out.push(p.done());
            }
        }
        out
    }
}

fn field(p: &Profile, pred: Predicate) -> Option<&Field> {
    p.fields.iter().find(|f| f.predicate == pred && f.qualifier.is_none())
}

/// `ISKP`: the most used alias that is an abbreviation.
fn short_name(a: &ActorRow) -> Option<String> {
    a.aliases
        .iter()
        .map(|x| x.alias.as_str())
        .find(|s| {
            *s != a.name
                && s.chars().count() <= 8
                && s.chars().filter(|c| c.is_uppercase()).count() >= 2
                && s.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '-' | '–'))
        })
        .map(str::to_string)
}

pub(crate) fn build(store: &Store, name: &str, period: Period, policy: Policy) -> Result<Report, ReportError> {
    let profile = dossier_query::profile(store, name, policy)?;
    let actor = profile.actor.clone();
    let mut ctx = Ctx {
        store,
        policy,
        notes: Notes::default(),
        details: BTreeMap::new(),
        aliases: BTreeMap::new(),
        spans: BTreeMap::new(),
    };

    let mut sections = Vec::new();
    let mut push = |id: &str, title: &str, blocks: Vec<Block>| {
        let number = sections.len() + 1;
        sections.push(Section { id: id.into(), number, title: title.into(), blocks });
    };
    push("overview", "Overview", overview(&mut ctx, &profile));
    push("leadership", "Leadership", leadership(&mut ctx, &profile));
    push("strength", "Strength", strength(&mut ctx, &profile));
    push("areas", "Areas of operation", areas(&mut ctx, &profile));
    push("relations", "Relations with other groups", relations(&mut ctx, &profile)?);
    let short = short_name(&actor);
    let (blocks, in_period) = crate::incidents::section(&mut ctx, &actor, short.as_deref(), &period)?;
    push("incidents", "Incidents in the period", blocks);
    let conflicts = dossier_query::conflicts(store, Some(&actor.key), policy)?;
    push("contested", "Contested figures", contested(&mut ctx, &profile, &conflicts, &in_period)?);

    let title = match &short {
        Some(s) => format!("{} ({s})", actor.name),
        None => actor.name.clone(),
    };
    let preface = vec![
        format!(
            "Actor report compiled by Dossier from its knowledge base. Incidents: {}. Figures shown under the {} \
             policy ({}).",
            period.words(),
            policy,
            policy_rule(policy)
        ),
        "Every sentence restates what the cited sources say, attributed to them through the numbered footnotes; \
         the report takes no position on those statements. Where sources disagree, each value is given with its \
         sources; a statement only one source makes is marked as such."
            .to_string(),
    ];
    Ok(Report {
        actor: ReportActor {
            key: actor.key.clone(),
            name: actor.name.clone(),
            short_name: short,
            kind: actor.kind.clone(),
            aliases: actor.aliases.clone(),
        },
        title,
        period,
        policy,
        preface,
        sections,
        footnotes: ctx.notes.list,
    })
}

fn paragraph(sentences: Vec<Phrase>) -> Option<Block> {
    (!sentences.is_empty()).then_some(Block::Paragraph { sentences })
}

fn nothing(what: &str) -> Block {
    Block::Remark { text: format!("The sources in the knowledge base make no statement on {what}.") }
}

/// `Sources refer to the group as A,[1] B[2] …`: each name footnoted where
/// a source uses it.
fn names(ctx: &mut Ctx<'_>, p: &Profile) -> Option<Phrase> {
    let mut names: Vec<String> = vec![p.actor.name.clone()];
    for a in &p.actor.aliases {
        if !names.contains(&a.alias) {
            names.push(a.alias.clone());
        }
    }
    let mut found: Vec<(String, u32)> = Vec::new();
    for name in names {
        let mut hit = None;
        for s in &p.sources {
            let Some(d) = ctx.detail(&s.id) else { continue };
            let Some(at) = find_folded(&d.text, &name, false) else { continue };
            // The passage (or note) the name stands in.
            let span = d
                .passages
                .iter()
                .map(|x| (x.start, x.end))
                .chain(d.notes.iter().map(|x| (x.start, x.end)))
                .find(|(a, b)| *a <= at && at < *b)
                .unwrap_or((at, at + name.len()));
            hit = Some((s.clone(), span));
            break;
        }
        // Not in the sources that make claims about it: the passages of any
        // source that use the name, by full-text search (best match first).
        if hit.is_none() {
            let phrase = format!("\"{}\"", name.replace('"', " "));
            let hits = ctx.store.search(&phrase, 20).unwrap_or_default();
            if let Some(h) = hits.iter().find(|h| find_folded(&h.text, &name, false).is_some())
                && let Some(s) = ctx.source_ref(&h.source_id)
            {
                hit = Some((s, (h.start, h.end)));
            }
        }
        if let Some((s, (a, b))) = hit
            && let Some(no) = ctx.text_note(&s, a, b, "alias", &name)
        {
            found.push((name, no));
        }
    }
    if found.is_empty() {
        return None;
    }
    let mut ph = P::default();
    ph.t(match p.actor.kind.as_str() {
        "armed_group" | "political_party" => "Sources refer to the group as ",
        "person" => "Sources refer to this person as ",
        _ => "Sources refer to it as ",
    });
    let n = found.len();
    for (i, (name, no)) in found.iter().enumerate() {
        ph.t(name);
        if i + 2 < n {
            ph.t(",").note(*no).t(" ");
        } else if i + 2 == n {
            ph.note(*no).t(" and ");
        } else {
            ph.t(".").note(*no);
        }
    }
    Some(ph.done())
}

fn founded(ctx: &mut Ctx<'_>, f: &Field) -> Vec<Phrase> {
    let mut out = Vec::new();
    if f.verdict == Verdict::Conflict {
        let mut p = P::default();
        p.t("Sources differ on when it was founded: ");
        let n = f.values.len();
        for (i, v) in f.values.iter().enumerate() {
            let its = items(v);
            let forms: Vec<String> = its.iter().map(|x| x.1.clone()).collect();
            p.t(format!("{} according to ", date_group_words(&forms)));
            ctx.named(&mut p, &its, "founded", false);
            p.t(if i + 1 < n { "; " } else { "." });
        }
        out.push(p.done());
        return out;
    }
    let Some(v) = f.values.first() else { return out };
    let its = items(v);
    let mut forms: Vec<String> = its.iter().map(|x| x.1.clone()).collect();
    forms.sort_by_key(|f| (f.len(), f.clone()));
    forms.dedup();
    let (least, most) = (forms.first().cloned().unwrap_or_default(), forms.last().cloned().unwrap_or_default());
    let mut p = P::default();
    p.t(format!("{}, it was founded in {}.", according(v.sources), long_date(&least)));
    let all = ctx.claim_notes(&its, "founded", &long_date(&least));
    p.notes(&all);
    out.push(p.done());
    if least != most {
        let precise: Vec<Item<'_>> = its.iter().filter(|x| x.1 == most).cloned().collect();
        let k = distinct_sources(&precise);
        let mut p = P::default();
        let who = if k == 1 { "A single source gives".to_string() } else { format!("{k} sources give") };
        p.t(format!("{who} the date as {}.", long_date(&most)));
        let ns = ctx.claim_notes(&precise, "founded", &long_date(&most));
        p.notes(&ns);
        out.push(p.done());
    }
    out
}

fn overview(ctx: &mut Ctx<'_>, p: &Profile) -> Vec<Block> {
    let mut s = Vec::new();
    s.extend(names(ctx, p));
    if let Some(f) = field(p, Predicate::PartOf) {
        let w = SetWords {
            lead: "it is part of",
            lead_also: "it is also described as part of",
            quoted: false,
            field: "part_of",
        };
        s.extend(ctx.set_field(f, &w));
    }
    if let Some(f) = field(p, Predicate::Founded) {
        s.extend(founded(ctx, f));
    }
    let mut blocks: Vec<Block> = paragraph(s).into_iter().collect();
    if let Some(f) = field(p, Predicate::Ideology) {
        let w = SetWords {
            lead: "its ideology or aims are described as",
            lead_also: "its ideology or aims are also described as",
            quoted: true,
            field: "ideology",
        };
        blocks.extend(paragraph(ctx.set_field(f, &w)));
    }
    if blocks.is_empty() {
        blocks.push(nothing("its names, founding, ideology or parent organisation"));
    }
    blocks
}

fn leadership(ctx: &mut Ctx<'_>, p: &Profile) -> Vec<Block> {
    let Some(f) = field(p, Predicate::Leader) else { return vec![nothing("its leadership")] };
    let mut out = Vec::new();
    let qualified = |v: &FieldValue| {
        v.claims.iter().any(|e| e.claim.until.is_some() || e.claim.role.is_some() || e.claim.as_of.is_some())
    };
    let mut plain: Vec<&FieldValue> = Vec::new();
    for v in &f.values {
        if !qualified(v) {
            plain.push(v);
            continue;
        }
        let its = first_per_source(v);
        let until: Vec<&ClaimRow> = v.claims.iter().map(|e| &e.claim).filter(|c| c.until.is_some()).collect();
        let mut ph = P::default();
        if let Some(c) = until.first() {
            let role = c.role.as_deref().map(|r| format!(" ({r})")).unwrap_or_default();
            let u = c.until.as_deref().map(long_date).unwrap_or_default();
            ph.t(format!("{}, {} was its leader{role} until {u}", according(v.sources), v.value));
            if until.len() == 1 && v.sources == 1 {
                let q = collapse(&c.evidence.quote);
                let end = if q.ends_with(['.', '!', '?']) { "" } else { "." };
                ph.t("; the source states: ").quote(&q).t(end);
            } else {
                ph.t(".");
            }
        } else {
            let c = v.claims.iter().map(|e| &e.claim).find(|c| c.role.is_some() || c.as_of.is_some());
            let role = c.and_then(|c| c.role.as_deref()).map(|r| format!(", with the title {r}")).unwrap_or_default();
            let as_of =
                c.and_then(|c| c.as_of.as_deref()).map(|d| format!(", as of {}", long_date(d))).unwrap_or_default();
            ph.t(format!("{}, {} has been named as its leader{role}{as_of}.", according(v.sources), v.value));
        }
        let ns = ctx.claim_notes(&its, "leader", &v.value);
        ph.notes(&ns);
        out.push(ph.done());
    }
    let (multi, single): (Vec<&FieldValue>, Vec<&FieldValue>) = plain.into_iter().partition(|v| v.sources > 1);
    for v in multi {
        let its = first_per_source(v);
        let mut ph = P::default();
        ph.t(format!("{}, {} has been named as its leader.", according(v.sources), v.value));
        let ns = ctx.claim_notes(&its, "leader", &v.value);
        ph.notes(&ns);
        out.push(ph.done());
    }
    match single.len() {
        0 => {}
        1 => {
            let its = first_per_source(single[0]);
            let mut ph = P::default();
            ph.t(format!("According to a single source, {} has been named as its leader.", single[0].value));
            let ns = ctx.claim_notes(&its, "leader", &single[0].value);
            ph.notes(&ns);
            out.push(ph.done());
        }
        _ => {
            let mut ph = P::default();
            ph.t("According to a single source each, the following have been named as its leaders: ");
            let w = SetWords { lead: "", lead_also: "", quoted: false, field: "leader" };
            ctx.value_list(&mut ph, &single, &w);
            out.push(ph.done());
        }
    }
    vec![Block::Paragraph { sentences: out }]
}

/// `between 2019 and 2022`, `in 2023`, `since 2019`, `in KP`.
fn count_scope(c: &ClaimRow) -> String {
    let mut s = String::new();
    if let Some(p) = &c.period {
        let (a, b) = p.split_once('/').unwrap_or((p.as_str(), p.as_str()));
        s = match (a, b) {
            ("..", "..") => String::new(),
            (a, "..") => format!(" since {}", long_date(a)),
            ("..", b) => format!(" until {}", long_date(b)),
            (a, b) if a == b => format!(" in {}", long_date(a)),
            (a, b) => format!(" between {} and {}", long_date(a), long_date(b)),
        };
    }
    if let Some(pl) = &c.place {
        s.push_str(&format!(" in {pl}"));
    }
    s
}

fn strength(ctx: &mut Ctx<'_>, p: &Profile) -> Vec<Block> {
    let mut blocks = Vec::new();
    if let Some(f) = field(p, Predicate::SizeEstimate) {
        blocks.extend(paragraph(size(ctx, f)));
    }
    let mut counts = Vec::new();
    for f in p.fields.iter().filter(|f| f.predicate == Predicate::AttackCount) {
        let Some(c0) = f.values.first().and_then(|v| v.claims.first()).map(|e| e.claim.clone()) else { continue };
        let scope = count_scope(&c0);
        let mut ph = P::default();
        if f.verdict == Verdict::Conflict {
            ph.t(format!("Sources differ on the number of attacks attributed to it{scope}: "));
            let n = f.values.len();
            for (i, v) in f.values.iter().enumerate() {
                let its = items(v);
                ph.t(format!("{} according to ", v.value));
                ctx.named(&mut ph, &its, "attack_count", true);
                ph.t(if i + 1 < n { "; " } else { "." });
            }
        } else if let Some(v) = f.values.first() {
            let its = items(v);
            ph.t(format!("{}, {} attacks are attributed to it{scope}.", according(v.sources), v.value));
            let ns = ctx.claim_notes(&its, "attack_count", &v.value);
            ph.notes(&ns);
        }
        counts.push(ph.done());
    }
    blocks.extend(paragraph(counts));
    if blocks.is_empty() {
        blocks.push(nothing("its size"));
    }
    blocks
}

/// The size: the range over all estimates, who gives each figure, and
/// the figure the policy picks.
fn size(ctx: &mut Ctx<'_>, f: &Field) -> Vec<Phrase> {
    let all: Vec<Item<'_>> = f.values.iter().flat_map(items).collect();
    let mut figures: Vec<String> = Vec::new();
    for (_, s) in &all {
        if !figures.contains(s) {
            figures.push(s.clone());
        }
    }
    let mut out = Vec::new();
    if figures.len() > 1 {
        let mut p = P::default();
        let (lo, hi) = (f.low.clone().unwrap_or_default(), f.high.clone().unwrap_or_default());
        p.t(format!(
            "Estimates of its size (fighters or members, as each source counts them) range from {lo} to {hi}."
        ));
        let ns = ctx.claim_notes(&all, "size_estimate", &format!("{lo} to {hi}"));
        p.notes(&ns);
        out.push(p.done());
        let mut p = P::default();
        let n = figures.len();
        for (i, fig) in figures.iter().enumerate() {
            let its: Vec<Item<'_>> = all.iter().filter(|x| &x.1 == fig).cloned().collect();
            if i == 0 {
                p.t(format!("A figure of {fig} is given by "));
            } else {
                p.t(format!("a figure of {fig} by "));
            }
            ctx.named(&mut p, &its, "size_estimate", true);
            p.t(if i + 1 < n { "; " } else { "." });
        }
        out.push(p.done());
        if let Some(best) = &f.best {
            let its: Vec<Item<'_>> = all.iter().filter(|x| &x.1 == best).cloned().collect();
            let mut p = P::default();
            p.t(format!(
                "Under the {} policy ({}), this report gives the size as {best}.",
                ctx.policy,
                policy_rule(ctx.policy)
            ));
            let ns = ctx.claim_notes(&its, "size_estimate", best);
            p.notes(&ns);
            out.push(p.done());
        }
    } else if let Some(fig) = figures.first() {
        let mut p = P::default();
        p.t(format!("{}, its size is estimated at {fig}.", according(distinct_sources(&all))));
        let ns = ctx.claim_notes(&all, "size_estimate", fig);
        p.notes(&ns);
        out.push(p.done());
    }
    out
}

fn areas(ctx: &mut Ctx<'_>, p: &Profile) -> Vec<Block> {
    let mut s = Vec::new();
    if let Some(f) = field(p, Predicate::Headquarters) {
        let w = SetWords {
            lead: "its headquarters are given as",
            lead_also: "its headquarters are also given as",
            quoted: false,
            field: "headquarters",
        };
        s.extend(ctx.set_field(f, &w));
    }
    if let Some(f) = field(p, Predicate::ActiveIn) {
        let w =
            SetWords { lead: "it is active in", lead_also: "it is also active in", quoted: false, field: "active_in" };
        s.extend(ctx.set_field(f, &w));
    }
    match paragraph(s) {
        Some(b) => vec![b],
        None => vec![nothing("where it operates")],
    }
}

/// The value a claim states for `field` (a split's date for `split_date`).
fn value_of(c: &ClaimRow, field: &str) -> String {
    if field == "split_date" { c.date.clone().unwrap_or_default() } else { stated(c) }
}

/// The report's words for a value: dates in words.
fn shown_for(field: &str, value: &str) -> String {
    if matches!(field, "founded" | "split_date") { long_date(value) } else { value.to_string() }
}

/// Whether the dates claims give agree (one value, maybe refined).
fn dates_alike(dated: &[Item<'_>], policy: Policy) -> bool {
    let statements: Vec<Statement> = dated
        .iter()
        .filter_map(|(c, _)| c.date.as_deref().and_then(PartialDate::parse_iso))
        .map(|d| Statement { source: 0, dated: None, value: Figure::Date(d) })
        .collect();
    !statements.is_empty() && statements.len() == dated.len() && ledger(&statements, policy).values.len() == 1
}

/// `A single source dates this to 2014.` / `Sources differ on when: …`.
fn split_dates(ctx: &mut Ctx<'_>, dated: &[Item<'_>], out: &mut Vec<Phrase>) {
    if dated.is_empty() {
        return;
    }
    let statements: Vec<Statement> = dated
        .iter()
        .filter_map(|(c, _)| {
            let d = c.date.as_deref().and_then(PartialDate::parse_iso)?;
            Some(Statement { source: 0, dated: None, value: Figure::Date(d) })
        })
        .collect();
    let l = ledger(&statements, ctx.policy);
    let mut p = P::default();
    if l.verdict == Verdict::Conflict {
        p.t("Sources differ on when this happened: ");
        let n = l.values.len();
        for (i, v) in l.values.iter().enumerate() {
            let its: Vec<Item<'_>> = v.statements.iter().filter_map(|&k| dated.get(k).cloned()).collect();
            let forms: Vec<String> = its.iter().filter_map(|(c, _)| c.date.clone()).collect();
            p.t(format!("{} according to ", date_group_words(&forms)));
            ctx.named(&mut p, &its, "split_date", false);
            p.t(if i + 1 < n { "; " } else { "." });
        }
    } else {
        let forms: Vec<String> = dated.iter().filter_map(|(c, _)| c.date.clone()).collect();
        let k = distinct_sources(dated);
        let who = if k == 1 { "A single source dates".to_string() } else { format!("{k} sources date") };
        p.t(format!("{who} this to {}.", date_group_words(&forms)));
        let dated_items: Vec<Item<'_>> = dated.iter().map(|(c, _)| (*c, c.date.clone().unwrap_or_default())).collect();
        let ns = ctx.claim_notes(&dated_items, "split_date", &date_group_words(&forms));
        p.notes(&ns);
    }
    out.push(p.done());
}

fn relations(ctx: &mut Ctx<'_>, p: &Profile) -> Result<Vec<Block>, ReportError> {
    let mut blocks = Vec::new();
    let mut s = Vec::new();
    if let Some(f) = field(p, Predicate::SplitFrom) {
        for v in &f.values {
            let its = first_per_source(v);
            let dated: Vec<Item<'_>> =
                v.claims.iter().filter(|e| e.claim.date.is_some()).map(|e| (&e.claim, stated(&e.claim))).collect();
            let mut ph = P::default();
            // Every source dates it, alike: one sentence.
            if dates_alike(&dated, ctx.policy) && distinct_sources(&dated) == v.sources {
                let forms: Vec<String> = dated.iter().filter_map(|(c, _)| c.date.clone()).collect();
                ph.t(format!("{}, it split from {} in {}.", according(v.sources), v.value, date_group_words(&forms)));
                let mut seen = BTreeSet::new();
                for (c, name) in dated.iter().filter(|(c, _)| seen.insert(c.evidence.source.id.clone())) {
                    ctx.claim_note(c, "split_from", name);
                    let n = ctx.claim_note(c, "split_date", &date_group_words(&forms));
                    ph.note(n);
                }
                s.push(ph.done());
                continue;
            }
            ph.t(format!("{}, it split from {}.", according(v.sources), v.value));
            let ns = ctx.claim_notes(&its, "split_from", &v.value);
            ph.notes(&ns);
            s.push(ph.done());
            split_dates(ctx, &dated, &mut s);
        }
    }
    // Groups that split from this one, per their own claims.
    let me = &p.actor.key;
    let mut offshoots: BTreeMap<(String, String), Vec<ClaimRow>> = BTreeMap::new();
    for a in ctx.store.actors()? {
        if a.key == *me || a.kind == "person" {
            continue;
        }
        for c in ctx.store.claims(&a.key)? {
            if c.predicate == Predicate::SplitFrom && c.object.as_ref().is_some_and(|o| o.key == *me) {
                offshoots.entry((a.name.clone(), a.key.clone())).or_default().push(c);
            }
        }
    }
    for ((name, _), claims) in &offshoots {
        let its: Vec<Item<'_>> = claims.iter().map(|c| (c, name.clone())).collect();
        let mut ph = P::default();
        let dated: Vec<Item<'_>> = claims.iter().filter(|c| c.date.is_some()).map(|c| (c, name.clone())).collect();
        if dates_alike(&dated, ctx.policy) && distinct_sources(&dated) == distinct_sources(&its) {
            let forms: Vec<String> = dated.iter().filter_map(|(c, _)| c.date.clone()).collect();
            ph.t(format!(
                "{}, {name} split from it in {}.",
                according(distinct_sources(&its)),
                date_group_words(&forms)
            ));
            for (c, _) in &dated {
                ctx.claim_note(c, "split_from_it", name);
                let n = ctx.claim_note(c, "split_date", &date_group_words(&forms));
                ph.note(n);
            }
            s.push(ph.done());
            continue;
        }
        ph.t(format!("{}, {name} split from it.", according(distinct_sources(&its))));
        let ns = ctx.claim_notes(&its, "split_from_it", name);
        ph.notes(&ns);
        s.push(ph.done());
        let dated: Vec<Item<'_>> = claims.iter().filter(|c| c.date.is_some()).map(|c| (c, name.clone())).collect();
        split_dates(ctx, &dated, &mut s);
    }
    blocks.extend(paragraph(s));
    let mut s = Vec::new();
    if let Some(f) = field(p, Predicate::Ally) {
        let w =
            SetWords { lead: "its allies include", lead_also: "its allies also include", quoted: false, field: "ally" };
        s.extend(ctx.set_field(f, &w));
    }
    if let Some(f) = field(p, Predicate::Opponent) {
        let w = SetWords {
            lead: "its opponents include",
            lead_also: "its opponents also include",
            quoted: false,
            field: "opponent",
        };
        s.extend(ctx.set_field(f, &w));
    }
    blocks.extend(paragraph(s));
    if blocks.is_empty() {
        blocks.push(nothing("its relations with other groups"));
    }
    Ok(blocks)
}

/// A heading for a contested field.
fn conflict_title(c: &Conflict, rows: &crate::incidents::Listed) -> String {
    if let Some(e) = c.event {
        return match rows.get(&e) {
            Some((row, what)) => format!("Toll of incident {row} ({what})"),
            None => format!("Toll of event {e}"),
        };
    }
    let f = c.field.as_str();
    if let Some(rest) = f.strip_prefix("split_from ") {
        return format!("Date of the split from {}", rest.trim_end_matches(": date"));
    }
    if let Some(rest) = f.strip_prefix("attack_count") {
        return format!("Number of attacks{}", rest);
    }
    match f {
        "founded" => "Founding date".into(),
        "size_estimate" => "Size".into(),
        other => other.replace('_', " "),
    }
}

/// Contested figures: each conflict with its values and who gives them.
fn contested(
    ctx: &mut Ctx<'_>,
    p: &Profile,
    conflicts: &[Conflict],
    in_period: &crate::incidents::Listed,
) -> Result<Vec<Block>, ReportError> {
    let mut blocks = Vec::new();
    for c in conflicts {
        if c.event.is_some_and(|e| !in_period.contains_key(&e)) {
            continue;
        }
        let is_date = c.field == "founded" || c.field.ends_with(": date");
        let predicate = Predicate::parse(c.field.split(' ').next().unwrap_or(""));
        // The claims (or reports) behind each side, matched by source and quote.
        let reports = match c.event {
            Some(e) => ctx.store.event(e)?.report_list,
            None => Vec::new(),
        };
        let claims: Vec<&ClaimRow> = p
            .fields
            .iter()
            .filter(|f| Some(f.predicate) == predicate)
            .flat_map(|f| f.values.iter().flat_map(|v| v.claims.iter().map(|e| &e.claim)))
            .collect();
        let mut ph = P::default();
        ph.t("Sources differ: ");
        let n = c.sides.len();
        let mut best_notes = Vec::new();
        for (i, side) in c.sides.iter().enumerate() {
            if c.event.is_some() {
                ph.t(format!("{} according to ", side.value));
                let mut srcs: Vec<&str> = side.sources.iter().map(|(s, _)| s.id.as_str()).collect();
                srcs.dedup();
                let k = srcs.len();
                ph.t(if k == 1 { "a single source, ".to_string() } else { format!("{k} sources, ") });
                for (j, (s, quote)) in side.sources.iter().enumerate() {
                    match &s.publisher {
                        Some(pb) => ph.t(pb),
                        None => ph.title(&s.title),
                    };
                    if let Some(r) = reports.iter().find(|r| r.evidence.source.id == s.id && &r.evidence.quote == quote)
                    {
                        let fig = Figure::Range { min: r.fatalities_min, max: r.fatalities_max }.to_string();
                        let no = crate::incidents::report_note(ctx, r, "incident_toll", &fig, &side.value);
                        ph.note(no);
                        if c.best.as_deref() == Some(side.value.as_str()) {
                            best_notes.push(no);
                        }
                    }
                    let m = side.sources.len();
                    ph.t(if j + 2 < m {
                        ", "
                    } else if j + 2 == m {
                        " and "
                    } else {
                        ""
                    });
                }
            } else {
                let its: Vec<Item<'_>> = side
                    .sources
                    .iter()
                    .filter_map(|(s, quote)| {
                        let cands: Vec<&&ClaimRow> = claims
                            .iter()
                            .filter(|cl| cl.evidence.source.id == s.id && &cl.evidence.quote == quote)
                            .collect();
                        let pick = |cl: &&&ClaimRow| {
                            let v = if is_date && c.field != "founded" {
                                cl.date.clone().unwrap_or_default()
                            } else {
                                stated(cl)
                            };
                            v == side.value
                        };
                        let cl = cands.iter().find(|x| pick(x)).or(cands.first())?;
                        let v = if is_date && c.field != "founded" {
                            cl.date.clone().unwrap_or_default()
                        } else {
                            stated(cl)
                        };
                        Some((**cl, v))
                    })
                    .collect();
                let words = if is_date {
                    let forms: Vec<String> = its.iter().map(|x| x.1.clone()).collect();
                    if forms.is_empty() { long_date(&side.value) } else { date_group_words(&forms) }
                } else {
                    side.value.clone()
                };
                ph.t(format!("{words} according to "));
                let field = if c.field == "founded" || !is_date {
                    predicate.map(|p| p.as_str()).unwrap_or("claim")
                } else {
                    "split_date"
                };
                ctx.named(&mut ph, &its, field, !is_date);
                if c.best.as_deref() == Some(side.value.as_str()) {
                    let shown = if is_date { long_date(&side.value) } else { side.value.clone() };
                    for (cl, _) in &its {
                        best_notes.push(ctx.claim_note(cl, field, &shown));
                    }
                }
            }
            ph.t(if i + 1 < n { "; " } else { "." });
        }
        let mut sentences = vec![ph.done()];
        if let Some(best) = &c.best {
            let mut ph = P::default();
            if is_date {
                ph.t(format!("The value most sources support is {}.", long_date(best)));
            } else {
                let range = match (&c.low, &c.high) {
                    (Some(l), Some(h)) if l != h => format!("The figures range from {l} to {h}; under"),
                    _ => "Under".into(),
                };
                ph.t(format!("{range} the {} policy this report gives {best}.", ctx.policy));
            }
            ph.notes(&best_notes);
            if !best_notes.is_empty() {
                sentences.push(ph.done());
            }
        }
        blocks.push(Block::Heading { text: conflict_title(c, in_period) });
        blocks.push(Block::Paragraph { sentences });
    }
    if blocks.is_empty() {
        blocks.push(Block::Remark {
            text: "The sources in the knowledge base do not disagree on any figure about it (for incidents, in the \
                   period)."
                .into(),
        });
    }
    Ok(blocks)
}
