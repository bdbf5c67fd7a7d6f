//! HTML: the text a reader sees in a browser, without page chrome, with the
//! blocks, footnote markers and note definitions the markup states.
//!
//! The parser (html5ever via `scraper`) gives no source positions, so each
//! text node is found again in the source by a forward-moving match over the
//! source's character data (outside tags, comments and scripts) that
//! tolerates character references and CRLF; text that cannot be found is
//! anchored at the last position that was. The tree is flattened and walked
//! iteratively, so no nesting depth can overflow the stack.
//!
//! [`Decoded`], [`Flow`] and [`Loc`] are shared with the Markdown reader:
//! they turn located text into blocks, markers and notes the same way.

use std::borrow::Cow;
use std::collections::HashSet;

use dossier_model::{Block, BlockKind, DocMeta, Format, Layout, Marker, NoteDef, OffsetMap, PartialDate, Span};
use scraper::node::Element;
use scraper::{Html, Node};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::normalize::TextBuilder;
use crate::{Parsed, ReadErrorKind, Reader};

/// Reads HTML files.
pub struct HtmlReader;

impl Reader for HtmlReader {
    fn format(&self) -> Format {
        Format::Html
    }

    fn read(&self, bytes: &[u8]) -> Result<Parsed, ReadErrorKind> {
        let mut warnings = Vec::new();
        let declared = declared_charset(bytes);
        let dec = Decoded::new(bytes, declared.as_deref(), &mut warnings);
        let doc = Html::parse_document(&dec.text);
        if !doc.errors.is_empty() {
            warnings.push(format!("tolerated {} HTML parse errors", doc.errors.len()));
        }
        let mut found = MetaFinder::default();
        let events = flatten(&doc, &mut found);
        let mut walk = Walk {
            dec: &dec,
            loc: Locator::new(&dec.text),
            flow: Flow::new(bytes.len()),
            frames: Vec::new(),
            kinds: Vec::new(),
            row: None,
            pre: 0,
            article: 0,
            markers_open: 0,
            links_open: 0,
            has_article: found.has_article,
            first_h1: None,
            unlocated: 0,
        };
        walk.run(&events);
        if walk.unlocated > 0 {
            warnings.push(format!(
                "{} text pieces were not found verbatim in the source; they map to the preceding located text",
                walk.unlocated
            ));
        }
        let first_h1 = walk.first_h1.take();
        let (text, offsets, layout) = walk.flow.finish(&mut warnings);
        let meta = found.into_meta(first_h1);
        Ok(Parsed { text, offsets, layout, meta, warnings })
    }
}

// ---------------------------------------------------------------------------
// Decoding (shared with the Markdown reader)

/// Source text decoded from bytes, with the way back to byte offsets.
pub(crate) struct Decoded<'b> {
    /// The decoded source.
    pub(crate) text: Cow<'b, str>,
    /// Bytes skipped before `text` (a UTF-8 byte-order mark).
    base: usize,
    /// For single-byte decodes (one character per original byte): where
    /// every [`CHECKPOINT`]th character starts in `text`. `None` when `text`
    /// runs in step with the bytes.
    starts: Option<Vec<usize>>,
}

/// Characters between the checkpoints of a single-byte decode.
const CHECKPOINT: usize = 64;

fn checkpoints(text: &str) -> Vec<usize> {
    text.char_indices().step_by(CHECKPOINT).map(|(i, _)| i).collect()
}

impl<'b> Decoded<'b> {
    /// UTF-8 when valid, else the declared single-byte encoding, else
    /// Windows-1252 (every byte is then one character).
    pub(crate) fn new(bytes: &'b [u8], declared: Option<&str>, warnings: &mut Vec<String>) -> Self {
        let declared_enc = declared.and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()));
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                if let Some(enc) = declared_enc
                    && enc != encoding_rs::UTF_8
                    && !s.is_ascii()
                {
                    warnings
                        .push(format!("declares charset {} but the bytes are valid UTF-8; read as UTF-8", enc.name()));
                }
                let (text, base) = match s.strip_prefix('\u{feff}') {
                    Some(rest) => (rest, 3),
                    None => (s, 0),
                };
                Decoded { text: Cow::Borrowed(text), base, starts: None }
            }
            Err(e) => {
                let enc = match declared_enc {
                    Some(enc) if enc.is_single_byte() => enc,
                    _ => encoding_rs::WINDOWS_1252,
                };
                let (mut text, _) = enc.decode_without_bom_handling(bytes);
                let mut used = enc;
                if text.chars().count() != bytes.len() {
                    // Not one character per byte after all: fall back.
                    used = encoding_rs::WINDOWS_1252;
                    text = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0;
                }
                let starts = checkpoints(&text);
                warnings.push(format!(
                    "not valid UTF-8 (first bad byte at offset {}); decoded as {}",
                    e.valid_up_to(),
                    used.name()
                ));
                if let Some(label) = declared
                    && declared_enc.is_none_or(|d| d != used && d != encoding_rs::UTF_8)
                {
                    warnings.push(format!("declared charset {label:?} is not supported; decoded as {}", used.name()));
                }
                Decoded { text, base: 0, starts: Some(starts) }
            }
        }
    }

    /// The original byte offset of a byte offset in `text`.
    pub(crate) fn orig(&self, src: usize) -> usize {
        match &self.starts {
            None => self.base + src,
            Some(starts) => {
                let k = starts.partition_point(|&c| c <= src).saturating_sub(1);
                let from = starts.get(k).copied().unwrap_or(0);
                k * CHECKPOINT + self.text.get(from..src).map_or(0, |t| t.chars().count())
            }
        }
    }

    /// The original span of the `text` span `s..e`.
    pub(crate) fn anchor(&self, s: usize, e: usize) -> Anchor {
        let o = self.orig(s);
        Some((o, self.orig(e).saturating_sub(o)))
    }

    /// Pushes `piece`, which is `text[src..src + piece.len()]`.
    fn push_piece(&self, flow: &mut Flow, piece: &str, src: usize) {
        match &self.starts {
            None => flow.push_located(piece, self.base + src),
            Some(_) => {
                for (i, c) in piece.char_indices() {
                    let s = src + i;
                    flow.push_char_at(c, self.anchor(s, s + c.len_utf8()));
                }
            }
        }
    }
}

/// The charset a `<meta>` near the start of the file declares, either as
/// `<meta charset=…>` or in `<meta http-equiv … content="…; charset=…">`.
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head: Vec<u8> = bytes.iter().take(4096).map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = head.get(from..).and_then(|h| h.windows(5).position(|w| w == b"<meta")) {
        let tag_start = from + at;
        let tag_end = after(&head, tag_start, b'>');
        let tag = &head[tag_start..tag_end];
        if let Some(c) = tag.windows(7).position(|w| w == b"charset") {
            let rest = &tag[c + 7..];
            let rest = rest.trim_ascii_start().strip_prefix(b"=").unwrap_or(b"").trim_ascii_start();
            let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
            let label: String = rest
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                .map(|&b| char::from(b))
                .collect();
            if !label.is_empty() {
                return Some(label);
            }
        }
        from = tag_end.max(tag_start + 1);
    }
    None
}

// ---------------------------------------------------------------------------
// Text flow (shared with the Markdown reader)

/// An original span `(offset, length)`, or `None` for "at the last located
/// position".
pub(crate) type Anchor = Option<(usize, usize)>;

/// Where the characters of a piece of text come from, in `Decoded::text`
/// offsets.
#[derive(Clone, Copy)]
pub(crate) enum Loc<'l> {
    /// The text is the source from this offset on, verbatim.
    Src(usize),
    /// One source span per character (HTML text found by the locator).
    Spans(&'l [(usize, usize)]),
    /// Not verbatim: every character is anchored at this source offset.
    At(usize),
    /// Not found: anchored at the last located position.
    Unknown,
}

/// How whitespace inside text is treated.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Runs of whitespace are one space, dropped at block and line edges.
    Collapse,
    /// Preformatted: line breaks and indentation are kept.
    Pre,
}

struct OpenNote {
    label: String,
    /// Text put before the note's own text (the Markdown `[^n]` label).
    prefix: Option<(String, Anchor)>,
    /// Whether a leading copy of the label is cut from the note's span.
    strip: bool,
    start: Option<usize>,
    end: usize,
    /// The note's element has closed inside a block: end with that block.
    until_flush: bool,
}

/// Canonical text under construction, with its blocks, markers and notes.
///
/// Whitespace, line breaks and cell separators are held pending and only
/// written before the next visible character, so blocks never start or end
/// with whitespace and block spans never overlap.
pub(crate) struct Flow {
    b: TextBuilder,
    /// Original offset just past the last located push (mirrors the builder).
    orig: usize,
    blocks: Vec<Block>,
    /// Markers, with whether each came from a bare `<sup>`.
    markers: Vec<(Marker, bool)>,
    notes: Vec<NoteDef>,
    block: Option<(BlockKind, usize)>,
    space: Option<Anchor>,
    breaks: usize,
    seps: usize,
    indent: Vec<(char, Anchor)>,
    note: Option<OpenNote>,
    empty_notes: usize,
    /// Control characters dropped before they reached the builder.
    dropped: usize,
}

impl Flow {
    pub(crate) fn new(original_len: usize) -> Self {
        Flow {
            b: TextBuilder::new(original_len),
            orig: 0,
            blocks: Vec::new(),
            markers: Vec::new(),
            notes: Vec::new(),
            block: None,
            space: None,
            breaks: 0,
            seps: 0,
            indent: Vec::new(),
            note: None,
            empty_notes: 0,
            dropped: 0,
        }
    }

    /// Pushes `piece`, verbatim from original offset `orig` on.
    pub(crate) fn push_located(&mut self, piece: &str, orig: usize) {
        if orig >= self.orig {
            self.b.push_original(piece, orig);
            self.orig = orig + piece.len();
        } else {
            self.push_unlocated(piece);
        }
    }

    fn push_unlocated(&mut self, piece: &str) {
        for c in piece.nfc() {
            self.push_char_at(c, None);
        }
    }

    fn push_char_at(&mut self, c: char, at: Anchor) {
        match at {
            Some((o, l)) if o >= self.orig => {
                self.b.push_char_from(c, o, l);
                self.orig = o + l;
            }
            _ => self.b.push_char_from(c, self.orig, 0),
        }
    }

    /// Pushes a piece of text of block kind `kind`.
    pub(crate) fn push_text(&mut self, dec: &Decoded, text: &str, loc: Loc, mode: Mode, kind: BlockKind) {
        let normalized: String;
        let text = if matches!(loc, Loc::At(_) | Loc::Unknown) && is_nfc_quick(text.chars()) != IsNormalized::Yes {
            normalized = text.nfc().collect();
            normalized.as_str()
        } else {
            text
        };
        // A pending verbatim run: (start in `text`, end in `text`, source start).
        let mut run: Option<(usize, usize, usize)> = None;
        for (k, (i, c)) in text.char_indices().enumerate() {
            let end = i + c.len_utf8();
            let span = match loc {
                Loc::Src(base) => Some((base + i, base + end)),
                Loc::Spans(spans) => spans.get(k).copied(),
                Loc::At(_) | Loc::Unknown => None,
            };
            let at = match (span, loc) {
                (Some((s, e)), _) => dec.anchor(s, e),
                (None, Loc::At(s)) => Some((dec.orig(s), 0)),
                _ => None,
            };
            // Characters the builder would drop or turn into spaces are
            // handled here, so that blocks never start or end with them.
            let newline = matches!(c, '\n' | '\u{2028}' | '\u{2029}' | '\u{85}');
            if newline || c.is_whitespace() {
                self.flush_run(dec, text, &mut run);
                match mode {
                    Mode::Collapse => self.space(at),
                    Mode::Pre if newline => self.line_break(),
                    Mode::Pre if c == '\r' => {}
                    Mode::Pre => self.indent.push((if c == '\t' { '\t' } else { ' ' }, at)),
                }
                continue;
            }
            if c.is_control() || matches!(c, '\u{feff}' | '\u{200b}') {
                self.flush_run(dec, text, &mut run);
                self.dropped += 1;
                continue;
            }
            let verbatim = span.filter(|&(s, e)| dec.text.get(s..e) == text.get(i..end));
            match (verbatim, run.as_mut()) {
                (Some((s, _)), Some(r)) if r.2 + (r.1 - r.0) == s => r.1 = end,
                (Some((s, _)), _) => {
                    self.flush_run(dec, text, &mut run);
                    self.prepare(kind);
                    run = Some((i, end, s));
                }
                (None, _) => {
                    self.flush_run(dec, text, &mut run);
                    self.prepare(kind);
                    self.push_char_at(c, at);
                }
            }
        }
        self.flush_run(dec, text, &mut run);
    }

    fn flush_run(&mut self, dec: &Decoded, text: &str, run: &mut Option<(usize, usize, usize)>) {
        if let Some((a, z, s)) = run.take()
            && let Some(piece) = text.get(a..z)
        {
            dec.push_piece(self, piece, s);
        }
    }

    /// Writes what is pending before a visible character of kind `kind`,
    /// starting a block if none is open.
    fn prepare(&mut self, kind: BlockKind) {
        match self.block {
            None => {
                self.space = None;
                self.breaks = 0;
                self.indent.clear();
                self.block = Some((kind, self.b.len()));
                if self.seps > 0 {
                    self.b.push_synthetic("|");
                    for _ in 1..self.seps {
                        self.b.push_synthetic(" |");
                    }
                    self.b.push_synthetic(" ");
                    self.seps = 0;
                }
            }
            Some((open_kind, _)) => {
                if self.breaks > 0 {
                    if self.breaks >= 2 {
                        self.flush();
                        self.block = Some((open_kind, self.b.len()));
                    } else {
                        self.b.push_synthetic("\n");
                    }
                    self.breaks = 0;
                    self.space = None;
                }
                if self.seps > 0 {
                    for _ in 0..self.seps {
                        self.b.push_synthetic(" |");
                    }
                    self.b.push_synthetic(" ");
                    self.seps = 0;
                    self.space = None;
                    self.indent.clear();
                }
                if let Some(at) = self.space.take() {
                    self.push_char_at(' ', at);
                }
                for (c, at) in std::mem::take(&mut self.indent) {
                    self.push_char_at(c, at);
                }
            }
        }
        self.indent.clear();
        if let Some(note) = self.note.as_mut()
            && note.start.is_none()
        {
            if let Some((label, at)) = note.prefix.take() {
                // What the canonical rules would drop or turn into a space at
                // the label's edges goes, so the block never starts with a
                // space; a label of nothing else is not shown.
                let shown = label
                    .trim_matches(|c: char| c.is_whitespace() || c.is_control() || c == '\u{feff}' || c == '\u{200b}');
                if !shown.is_empty() {
                    match at {
                        Some((o, l)) if shown == label && l == label.len() && label.is_ascii() => {
                            self.push_located(&label, o)
                        }
                        _ => self.push_unlocated(shown),
                    }
                    self.b.push_synthetic(" ");
                }
            }
            if let Some(note) = self.note.as_mut() {
                note.start = Some(self.b.len());
            }
        }
    }

    /// Collapsible whitespace.
    pub(crate) fn space(&mut self, at: Anchor) {
        if self.block.is_some() && self.space.is_none() {
            self.space = Some(at);
        }
    }

    /// A line break (`<br>`, a Markdown hard break, a newline in
    /// preformatted text); two in a row end the block and start another of
    /// the same kind, so that a blank line always separates blocks.
    pub(crate) fn line_break(&mut self) {
        if self.block.is_some() {
            self.breaks += 1;
        }
        self.space = None;
        self.indent.clear();
    }

    /// A table cell after the first in a row: a ` | ` before what follows.
    pub(crate) fn cell(&mut self) {
        self.seps += 1;
    }

    /// Ends the open block, if any, with a blank line.
    pub(crate) fn flush(&mut self) {
        if let Some((kind, start)) = self.block.take() {
            let end = self.b.len();
            self.blocks.push(Block { kind, span: Span::new(start, end) });
            if let Some(note) = self.note.as_mut() {
                note.end = end;
            }
            self.b.end_block();
        }
        self.space = None;
        self.breaks = 0;
        self.seps = 0;
        self.indent.clear();
        if self.note.as_ref().is_some_and(|n| n.until_flush) {
            self.finish_note();
        }
    }

    /// The text of the open block so far.
    pub(crate) fn block_text(&self) -> Option<String> {
        let (_, start) = self.block?;
        self.b.as_str().get(start..).map(str::to_owned)
    }

    pub(crate) fn in_note(&self) -> bool {
        self.note.is_some()
    }

    /// Opens a note definition unless one is open; its text starts with
    /// the next visible character.
    pub(crate) fn open_note(&mut self, label: String, prefix: Option<(String, Anchor)>, strip: bool) -> bool {
        if self.note.is_some() {
            return false;
        }
        self.note = Some(OpenNote { label, prefix, strip, start: None, end: 0, until_flush: false });
        true
    }

    /// Closes the open note: now when its element was a block (and has just
    /// been flushed), else with the block it ends in.
    pub(crate) fn close_note(&mut self, now: bool) {
        if now {
            self.finish_note();
        } else if let Some(note) = self.note.as_mut() {
            note.until_flush = true;
            if self.block.is_none() {
                self.finish_note();
            }
        }
    }

    fn finish_note(&mut self) {
        let Some(note) = self.note.take() else { return };
        let Some(start) = note.start else { return };
        if note.end <= start {
            self.empty_notes += 1;
            return;
        }
        let start = if note.strip { strip_label(self.b.as_str(), start, note.end, &note.label) } else { start };
        if start < note.end {
            self.notes.push(NoteDef { label: note.label, span: Span::new(start, note.end) });
        } else {
            self.empty_notes += 1;
        }
    }

    /// The position a marker's text starts at.
    pub(crate) fn mark(&self) -> usize {
        self.b.len()
    }

    pub(crate) fn markers_len(&self) -> usize {
        self.markers.len()
    }

    /// Records the text pushed since `start` as a footnote marker. A `bare`
    /// marker (a `<sup>` without a note link) must be 1–4 digits, or a comma
    /// list of them, and is skipped if a marker was recorded inside it
    /// (`before` is the marker count at its start). Markers inside notes are
    /// not recorded.
    pub(crate) fn end_marker(&mut self, start: usize, label: Option<String>, bare: bool, before: usize) {
        if self.note.is_some() || (bare && self.markers.len() > before) {
            return;
        }
        let text = self.b.as_str();
        let Some(seg) = text.get(start..) else { return };
        let edge = |c: char| c.is_whitespace() || matches!(c, '[' | ']' | '(' | ')');
        let s = start + (seg.len() - seg.trim_start_matches(edge).len());
        let e = start + seg.trim_end_matches(edge).len();
        if s >= e {
            return;
        }
        let shown = &text[s..e];
        if shown.contains('\n') {
            return;
        }
        let digits = |t: &str| (1..=4).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
        if bare {
            let mut found = Vec::new();
            let mut at = s;
            for part in shown.split(',') {
                let lead = part.len() - part.trim_start().len();
                let p = part.trim();
                if !digits(p) {
                    return;
                }
                found.push(Marker { span: Span::new(at + lead, at + lead + p.len()), label: p.to_owned() });
                at += part.len() + 1;
            }
            self.markers.extend(found.into_iter().map(|m| (m, true)));
            return;
        }
        let label = match label {
            Some(l) => l,
            None if shown.chars().count() <= 16 => shown.to_owned(),
            None => return,
        };
        self.markers.push((Marker { span: Span::new(s, e), label }, false));
    }

    /// Finishes: canonical text, offsets and layout.
    pub(crate) fn finish(mut self, warnings: &mut Vec<String>) -> (String, OffsetMap, Layout) {
        self.flush();
        if let Some(note) = self.note.as_mut() {
            note.until_flush = true;
            self.finish_note();
        }
        let labels: HashSet<&str> = self.notes.iter().map(|n| n.label.as_str()).collect();
        let mut markers: Vec<Marker> = self
            .markers
            .into_iter()
            .filter(|(m, bare)| !bare || labels.is_empty() || labels.contains(m.label.as_str()))
            .map(|(m, _)| m)
            .collect();
        markers.sort_by_key(|m| m.span.start);
        markers.dedup_by_key(|m| m.span);
        let unresolved = markers.iter().filter(|m| !labels.contains(m.label.as_str())).count();
        if unresolved > 0 {
            warnings.push(format!("{unresolved} footnote markers point to no note definition in the file"));
        }
        if self.empty_notes > 0 {
            warnings.push(format!("{} footnote definitions have no text", self.empty_notes));
        }
        let dropped = self.dropped + self.b.dropped_controls();
        if dropped > 0 {
            warnings.push(format!("dropped {dropped} control characters"));
        }
        let layout = Layout { blocks: self.blocks, markers, notes: self.notes };
        // Drop the separator after the last block, and only that.
        let spans_end = layout.blocks.last().map_or(0, |b| b.span.end);
        if let Some(body) = self.b.as_str().strip_suffix("\n\n")
            && body.len() >= spans_end
            && !body.ends_with(char::is_whitespace)
        {
            self.b.trim_end();
        }
        let (text, offsets) = self.b.finish();
        (text, offsets, layout)
    }
}

/// Where a note's own text starts once a leading copy of its label
/// (`1`, `1.`, `[1]`, `(1)`) is skipped.
fn strip_label(text: &str, start: usize, end: usize, label: &str) -> usize {
    let Some(seg) = text.get(start..end) else { return start };
    let mut rest = seg;
    let bracketed = rest.starts_with(['[', '(']);
    if bracketed {
        rest = &rest[1..];
    }
    if label.is_empty() || !rest.get(..label.len()).is_some_and(|p| p.eq_ignore_ascii_case(label)) {
        return start;
    }
    rest = &rest[label.len()..];
    if bracketed {
        let Some(r) = rest.strip_prefix([']', ')']) else { return start };
        rest = r;
    } else if let Some(r) = rest.strip_prefix(['.', ')', ':']) {
        rest = r;
    }
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return start;
    }
    start + (seg.len() - rest.trim_start().len())
}

// ---------------------------------------------------------------------------
// Flattening the tree

/// What a subtree holds, for decisions taken when its element opens.
#[derive(Debug, Default, Clone, Copy)]
struct Info {
    /// A table, heading, list, section… below (a layout table, not data).
    structural: bool,
    h1: bool,
    /// A footnote definition below.
    note: bool,
    /// Bytes of text below, and of that inside links.
    text: usize,
    link_text: usize,
}

enum Ev<'a> {
    Open {
        el: &'a Element,
        close: usize,
        info: Info,
    },
    Close,
    /// Text; `raw` when inside a script, style or other raw-text element.
    Text {
        text: &'a str,
        raw: bool,
    },
}

/// An element open during flattening.
struct Open1<'a> {
    index: usize,
    name: &'a str,
    info: Info,
    raw: bool,
    title: bool,
    self_note: bool,
}

/// Flattens the document into open/text/close events without recursion,
/// collecting metadata on the way.
fn flatten<'a>(doc: &'a Html, meta: &mut MetaFinder) -> Vec<Ev<'a>> {
    let mut events: Vec<Ev<'a>> = Vec::new();
    let mut stack: Vec<Open1<'a>> = Vec::new();
    let mut links = 0usize;
    let root = doc.tree.root();
    let mut node = root;
    'walk: loop {
        let mut descend = false;
        match node.value() {
            Node::Document | Node::Fragment => descend = true,
            Node::Element(el) => {
                let name = el.name();
                meta.element(el);
                let title = name == "title" && !meta.title_seen && is_html(el);
                meta.title_seen |= title;
                if name == "a" {
                    links += 1;
                }
                stack.push(Open1 {
                    index: events.len(),
                    name,
                    info: Info::default(),
                    raw: is_raw_text(name),
                    title,
                    self_note: el.id().is_some_and(|id| note_label(id).is_some()),
                });
                events.push(Ev::Open { el, close: 0, info: Info::default() });
                descend = true;
            }
            Node::Text(t) => {
                let text: &'a str = t;
                let raw = stack.last().is_some_and(|p| p.raw);
                if let Some(p) = stack.last_mut() {
                    if p.title {
                        meta.title_buf.push_str(text);
                    }
                    if !raw {
                        p.info.text += text.len();
                        if links > 0 {
                            p.info.link_text += text.len();
                        }
                    }
                }
                events.push(Ev::Text { text, raw });
            }
            _ => {}
        }
        if descend {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
            if node.value().is_element() {
                close1(&mut events, &mut stack, &mut links, meta);
            }
        }
        loop {
            if node == root {
                break 'walk;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                continue 'walk;
            }
            match node.parent() {
                Some(parent) => {
                    node = parent;
                    if node.value().is_element() {
                        close1(&mut events, &mut stack, &mut links, meta);
                    }
                }
                None => break 'walk,
            }
        }
    }
    while !stack.is_empty() {
        close1(&mut events, &mut stack, &mut links, meta);
    }
    events
}

fn close1<'a>(events: &mut Vec<Ev<'a>>, stack: &mut Vec<Open1<'a>>, links: &mut usize, meta: &mut MetaFinder) {
    let Some(f) = stack.pop() else { return };
    if f.name == "a" {
        *links = links.saturating_sub(1);
    }
    if f.title {
        meta.end_title();
    }
    let close = events.len();
    if let Some(Ev::Open { close: c, info, .. }) = events.get_mut(f.index) {
        *c = close;
        *info = f.info;
    }
    events.push(Ev::Close);
    if let Some(p) = stack.last_mut() {
        p.info.text += f.info.text;
        p.info.link_text += f.info.link_text;
        p.info.structural |= f.info.structural || is_structural(f.name);
        p.info.h1 |= f.info.h1 || f.name == "h1";
        p.info.note |= f.info.note || f.self_note;
    }
}

// ---------------------------------------------------------------------------
// Metadata

#[derive(Default)]
struct MetaFinder {
    title: Option<String>,
    title_seen: bool,
    title_buf: String,
    /// Candidates with a rank: lower wins.
    alt_title: Option<(u8, String)>,
    publisher: Option<(u8, String)>,
    date: Option<(u8, PartialDate)>,
    address: Option<(u8, String)>,
    has_article: bool,
}

fn offer<T>(slot: &mut Option<(u8, T)>, rank: u8, value: T) {
    if slot.as_ref().is_none_or(|(r, _)| rank < *r) {
        *slot = Some((rank, value));
    }
}

impl MetaFinder {
    fn element(&mut self, el: &Element) {
        match el.name() {
            "meta" => self.meta(el),
            "link" => {
                let canonical = el
                    .attr("rel")
                    .is_some_and(|r| r.split_ascii_whitespace().any(|t| t.eq_ignore_ascii_case("canonical")));
                if canonical && let Some(href) = el.attr("href").map(clean).filter(|h| !h.is_empty()) {
                    offer(&mut self.address, 0, href);
                }
            }
            "article" | "main" => self.has_article = true,
            _ => {}
        }
    }

    fn meta(&mut self, el: &Element) {
        let Some(key) = el.attr("name").or_else(|| el.attr("property")).or_else(|| el.attr("itemprop")) else {
            return;
        };
        let Some(content) = el.attr("content").map(clean).filter(|c| !c.is_empty()) else { return };
        match key.trim().to_ascii_lowercase().as_str() {
            "citation_publisher" | "dc.publisher" | "dcterms.publisher" => offer(&mut self.publisher, 0, content),
            "og:site_name" => offer(&mut self.publisher, 1, content),
            "author" | "citation_author" | "dc.creator" => offer(&mut self.publisher, 2, content),
            "citation_publication_date" | "citation_date" => self.offer_date(0, &content),
            "article:published_time" | "datepublished" => self.offer_date(1, &content),
            "dc.date" | "dcterms.date" | "dc.date.issued" | "dcterms.issued" | "dcterms.created" => {
                self.offer_date(2, &content)
            }
            "citation_title" | "dc.title" | "dcterms.title" => offer(&mut self.alt_title, 0, content),
            "og:title" | "twitter:title" => offer(&mut self.alt_title, 1, content),
            "og:url" => offer(&mut self.address, 1, content),
            _ => {}
        }
    }

    fn offer_date(&mut self, rank: u8, content: &str) {
        let day = content.split(['T', ' ']).next().unwrap_or("").replace('/', "-");
        if let Some(date) = PartialDate::parse_iso(&day) {
            offer(&mut self.date, rank, date);
        }
    }

    fn end_title(&mut self) {
        let title = clean(&self.title_buf);
        self.title = (!title.is_empty()).then_some(title);
        self.title_buf.clear();
    }

    fn into_meta(self, first_h1: Option<String>) -> DocMeta {
        let h1 = first_h1.map(|h| clean(&h)).filter(|h| !h.is_empty());
        DocMeta {
            title: self.title.or(self.alt_title.map(|t| t.1)).or(h1),
            publisher: self.publisher.map(|p| p.1),
            date: self.date.map(|d| d.1),
            address: self.address.map(|a| a.1),
        }
    }
}

/// Whitespace collapsed, NFC.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").nfc().collect()
}

// ---------------------------------------------------------------------------
// The walk over the flattened tree

/// Table rows with more text than this are page layout, not data.
const MAX_ROW_TEXT: usize = 2000;

#[derive(Default)]
struct Frame {
    boundary: bool,
    kind: bool,
    row: bool,
    pre: bool,
    note: bool,
    h1: bool,
    article: bool,
    /// A marker candidate: start, label, bare `<sup>`, marker count before.
    marker: Option<(usize, Option<String>, bool, usize)>,
}

struct Walk<'a> {
    dec: &'a Decoded<'a>,
    loc: Locator<'a>,
    flow: Flow,
    frames: Vec<Frame>,
    kinds: Vec<BlockKind>,
    /// Cells seen so far in the open data row.
    row: Option<usize>,
    pre: usize,
    article: usize,
    markers_open: usize,
    links_open: usize,
    has_article: bool,
    first_h1: Option<String>,
    unlocated: usize,
}

impl Walk<'_> {
    fn run(&mut self, events: &[Ev]) {
        let mut i = 0;
        while let Some(ev) = events.get(i) {
            match ev {
                Ev::Open { el, close, info } => {
                    if self.dropped(el, info) {
                        let end = (*close).clamp(i + 1, events.len());
                        for ev in events.get(i + 1..end).unwrap_or(&[]) {
                            if let Ev::Text { text, raw: false } = ev {
                                self.loc.locate(text, !is_blank(text));
                            }
                        }
                        i = end + 1;
                        continue;
                    }
                    self.open(el, info);
                }
                Ev::Close => self.close(),
                Ev::Text { text, raw } => {
                    if !raw {
                        self.text(text);
                    }
                }
            }
            i += 1;
        }
    }

    /// Page chrome, hidden and non-text elements.
    fn dropped(&self, el: &Element, info: &Info) -> bool {
        let name = el.name();
        if matches!(
            name,
            "script"
                | "style"
                | "noscript"
                | "template"
                | "nav"
                | "form"
                | "button"
                | "svg"
                | "iframe"
                | "select"
                | "textarea"
                | "object"
                | "embed"
                | "canvas"
                | "audio"
                | "video"
                | "map"
                | "head"
                | "title"
                | "xmp"
                | "noembed"
                | "noframes"
                | "datalist"
                | "input"
        ) {
            return true;
        }
        if el.attr("hidden").is_some() || el.attr("aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        {
            return true;
        }
        let notes = info.note || el.id().is_some_and(|id| note_label(id).is_some());
        let role = el.attr("role").unwrap_or("").trim().to_ascii_lowercase();
        if !notes && matches!(role.as_str(), "navigation" | "banner" | "contentinfo" | "search" | "menu" | "menubar") {
            return true;
        }
        if let Some(style) = el.attr("style") {
            let style: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
            if style.contains("display:none") || style.contains("visibility:hidden") {
                return true;
            }
        }
        let chrome_class = el.classes().any(|c| {
            let c = c.to_ascii_lowercase();
            c.contains("backref")
                || c.contains("backlink")
                || matches!(
                    c.as_str(),
                    "sr-only" | "visually-hidden" | "screen-reader-text" | "skip-link" | "breadcrumb" | "breadcrumbs"
                )
        });
        if chrome_class {
            return true;
        }
        match name {
            // Site header and footer: outside any article, holding neither
            // the page's main heading nor its notes.
            "header" | "footer" => self.article == 0 && !notes && !(name == "header" && info.h1),
            // Navigation asides: mostly links, or beside the article.
            "aside" => {
                !notes && (info.text == 0 || info.link_text * 2 > info.text || (self.article == 0 && self.has_article))
            }
            _ => false,
        }
    }

    fn kind(&self) -> BlockKind {
        if self.row.is_some() {
            BlockKind::TableRow
        } else {
            self.kinds.last().copied().unwrap_or(BlockKind::Paragraph)
        }
    }

    /// A block edge: ends the block, or inside a data row only separates.
    fn boundary(&mut self) {
        if self.row.is_some() { self.flow.space(None) } else { self.flow.flush() }
    }

    fn open(&mut self, el: &Element, info: &Info) {
        let name = el.name();
        let mut f = Frame::default();
        if name == "br" {
            if self.row.is_some() && self.pre == 0 {
                self.flow.space(None)
            } else {
                self.flow.line_break()
            }
            self.frames.push(f);
            return;
        }
        if matches!(name, "article" | "main") {
            self.article += 1;
            f.article = true;
        }
        if name == "tr" && self.row.is_none() && !info.structural && info.text <= MAX_ROW_TEXT {
            self.flow.flush();
            self.row = Some(0);
            f.row = true;
        } else if matches!(name, "td" | "th") && self.row.is_some() {
            if let Some(cells) = self.row.as_mut() {
                if *cells > 0 {
                    self.flow.cell();
                }
                *cells += 1;
            }
        } else if is_block(name) {
            f.boundary = true;
            self.boundary();
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.kinds.push(BlockKind::Heading);
                f.kind = true;
                f.h1 = name == "h1";
            }
            "li" => {
                self.kinds.push(BlockKind::ListItem);
                f.kind = true;
            }
            "pre" | "listing" | "plaintext" => {
                self.pre += 1;
                f.pre = true;
            }
            _ => {}
        }
        if !self.flow.in_note() {
            if let Some(label) = el.id().and_then(note_label) {
                f.note = self.flow.open_note(label, None, true);
            } else {
                f.marker = self.marker(el);
            }
        }
        if let Some((_, _, bare, _)) = f.marker {
            self.markers_open += 1;
            self.links_open += usize::from(!bare);
        }
        self.frames.push(f);
    }

    /// A footnote marker candidate: a link to a note (also inside a
    /// `<sup>` candidate), or a `<sup>` outside any candidate.
    fn marker(&self, el: &Element) -> Option<(usize, Option<String>, bool, usize)> {
        let (start, before) = (self.flow.mark(), self.flow.markers_len());
        match el.name() {
            "a" if self.links_open == 0 => {
                let label = el.attr("href").and_then(|h| h.rsplit_once('#')).and_then(|(_, frag)| note_label(frag));
                let is_ref = el.classes().any(|c| c.eq_ignore_ascii_case("footnote-ref"))
                    || el.attr("role").is_some_and(|r| r.trim().eq_ignore_ascii_case("doc-noteref"));
                (label.is_some() || is_ref).then_some((start, label, false, before))
            }
            "sup" if self.markers_open == 0 => Some((start, None, true, before)),
            _ => None,
        }
    }

    fn close(&mut self) {
        let Some(f) = self.frames.pop() else { return };
        if let Some((start, label, bare, before)) = f.marker {
            self.markers_open = self.markers_open.saturating_sub(1);
            if !bare {
                self.links_open = self.links_open.saturating_sub(1);
            }
            self.flow.end_marker(start, label, bare, before);
        }
        if f.h1 && self.first_h1.is_none() {
            self.first_h1 = self.flow.block_text();
        }
        if f.row {
            self.flow.flush();
            self.row = None;
        }
        if f.boundary {
            self.boundary();
        }
        if f.note {
            let now = f.row || (f.boundary && self.row.is_none());
            self.flow.close_note(now);
        }
        if f.kind {
            self.kinds.pop();
        }
        if f.pre {
            self.pre = self.pre.saturating_sub(1);
        }
        if f.article {
            self.article = self.article.saturating_sub(1);
        }
    }

    fn text(&mut self, text: &str) {
        let blank = is_blank(text);
        let found = self.loc.locate(text, !blank);
        if !found && !blank {
            self.unlocated += 1;
        }
        if self.flow.in_note() && is_backlink_text(text) {
            return;
        }
        let kind = self.kind();
        let mode = if self.pre > 0 { Mode::Pre } else { Mode::Collapse };
        let loc = if found { Loc::Spans(&self.loc.spans) } else { Loc::Unknown };
        self.flow.push_text(self.dec, text, loc, mode, kind);
    }
}

fn is_blank(text: &str) -> bool {
    text.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'))
}

/// Back-links from a note to its marker: `↩`, `↑`, `^`.
fn is_backlink_text(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars().all(|c| matches!(c, '\u{21a9}' | '\u{2191}' | '^' | '\u{2934}' | '\u{fe0e}' | '\u{fe0f}' | ' '))
}

fn is_html(el: &Element) -> bool {
    &*el.name.ns == "http://www.w3.org/1999/xhtml"
}

fn is_raw_text(name: &str) -> bool {
    matches!(name, "script" | "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript")
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "optgroup"
            | "option"
            | "p"
            | "plaintext"
            | "pre"
            | "search"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// Elements that make a table row page layout rather than data.
fn is_structural(name: &str) -> bool {
    matches!(
        name,
        "table"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "dl"
            | "blockquote"
            | "pre"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "form"
    )
}

/// The note label an element id (or a link's `#fragment`) names:
/// `fn1`, `fn:1`, `fn-a`, `footnote-1`, `cite_note-Smith-3` (→ `3`),
/// `ftn1`/`_ftn1` (Word), `ftnt1` (Google Docs), `endnote-1`. Back-link ids
/// such as `fnref1` or `footnote-ref-1` are not notes.
fn note_label(id: &str) -> Option<String> {
    const FREE: &[&str] =
        &["cite_note-", "footnote-", "footnote_", "footnote:", "endnote-", "endnote_", "endnote:", "fn:", "fn-", "fn_"];
    const NUMBERED: &[&str] = &["footnote", "endnote", "ftnt", "_ftn", "ftn", "fn", "note-", "note"];
    let id = id.trim();
    let lower = id.to_ascii_lowercase();
    for p in FREE {
        if let Some(rest) = lower.strip_prefix(p) {
            let ok = !rest.is_empty()
                && rest.len() <= 48
                && !rest.starts_with("ref")
                && !rest.starts_with("back")
                && rest.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
            if !ok {
                return None;
            }
            let rest = id.get(p.len()..)?;
            if *p == "cite_note-"
                && let Some((_, n)) = rest.rsplit_once('-')
                && !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
            {
                return Some(n.to_owned());
            }
            return Some(rest.to_owned());
        }
    }
    for p in NUMBERED {
        if let Some(rest) = lower.strip_prefix(p)
            && (1..=6).contains(&rest.len())
            && rest.bytes().all(|b| b.is_ascii_digit())
        {
            return Some(rest.to_owned());
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Finding text nodes in the source

/// Candidate positions tried per text node before giving up.
const SEARCH_WINDOW: usize = 1 << 16;

/// Matches text nodes, in document order, against the source's character
/// data. Moves forward only.
struct Locator<'s> {
    src: &'s str,
    /// Character data: the source outside markup, comments and raw text.
    regions: Vec<(usize, usize)>,
    ri: usize,
    pos: usize,
    /// Character comparisons left for searching (keeps hostile input linear).
    budget: usize,
    /// Source span of each character of the last located text.
    spans: Vec<(usize, usize)>,
}

impl<'s> Locator<'s> {
    fn new(src: &'s str) -> Self {
        let regions = char_data(src);
        let pos = regions.first().map_or(0, |r| r.0);
        let budget = src.len().saturating_mul(64).saturating_add(1 << 20);
        Locator { src, regions, ri: 0, pos, budget, spans: Vec::new() }
    }

    /// Finds `text` at the current position, or (with `search`) a little
    /// further on; fills `spans` and moves past it.
    fn locate(&mut self, text: &str, search: bool) -> bool {
        let mut cost = 0;
        if let Some(end) = self.match_at(self.ri, self.pos, text, &mut cost) {
            (self.ri, self.pos) = end;
            return true;
        }
        let Some(first) = text.bytes().next() else { return false };
        if !search {
            return false;
        }
        let bytes = self.src.as_bytes();
        let (mut ri, mut p, mut scanned) = (self.ri, self.pos, 0usize);
        while let Some(&(rs, re)) = self.regions.get(ri) {
            p = p.max(rs);
            while p < re {
                if scanned >= SEARCH_WINDOW || self.budget == 0 {
                    return false;
                }
                let b = bytes.get(p).copied().unwrap_or(0);
                if b == first || b == b'&' || (b == b'\r' && first == b'\n') {
                    let mut cost = 0;
                    let found = self.match_at(ri, p, text, &mut cost);
                    self.budget = self.budget.saturating_sub(cost);
                    if let Some(end) = found {
                        (self.ri, self.pos) = end;
                        return true;
                    }
                }
                let step = self.src.get(p..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8);
                p += step;
                scanned += step;
            }
            ri += 1;
        }
        false
    }

    /// Matches `text` from `pos` in region `ri`, across markup between
    /// regions; character references and CRLF match what they decode to.
    fn match_at(&mut self, mut ri: usize, mut pos: usize, text: &str, cost: &mut usize) -> Option<(usize, usize)> {
        self.spans.clear();
        let src = self.src;
        for c in text.chars() {
            let re = loop {
                let &(rs, re) = self.regions.get(ri)?;
                pos = pos.max(rs);
                if pos < re {
                    break re;
                }
                ri += 1;
            };
            *cost += 1;
            let rest = src.get(pos..re)?;
            let len = if let Some((_, l)) = rest.strip_prefix('&').and_then(char_ref).filter(|&(d, _)| d == c) {
                l + 1
            } else if rest.starts_with(c) {
                c.len_utf8()
            } else if c == '\n' && rest.starts_with('\r') {
                if rest.as_bytes().get(1) == Some(&b'\n') { 2 } else { 1 }
            } else {
                return None;
            };
            self.spans.push((pos, pos + len));
            pos += len;
        }
        Some((ri, pos))
    }
}

/// The character data of an HTML source: the byte ranges outside tags,
/// comments, doctypes and raw-text elements (script, style…), in order.
pub(crate) fn char_data(src: &str) -> Vec<(usize, usize)> {
    let s = src.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while let Some(off) = s.get(i..).and_then(|t| t.iter().position(|&b| b == b'<')) {
        let lt = i + off;
        let mut inner = None;
        let end = match s.get(lt + 1).copied() {
            Some(b'!') if s[lt..].starts_with(b"<!--") => comment_end(s, lt + 4),
            Some(b'!' | b'?') => after(s, lt + 2, b'>'),
            Some(b'/') if lt + 2 < s.len() => after(s, lt + 2, b'>'),
            Some(b) if b.is_ascii_alphabetic() => {
                let (name, tag_end) = start_tag(s, lt + 1);
                match name.as_slice() {
                    b"script" | b"style" | b"xmp" | b"iframe" | b"noembed" | b"noframes" | b"noscript" => {
                        end_tag(s, tag_end, &name).1
                    }
                    b"title" | b"textarea" => {
                        let (close, after_close) = end_tag(s, tag_end, &name);
                        inner = Some((tag_end, close));
                        after_close
                    }
                    b"plaintext" => {
                        inner = Some((tag_end, s.len()));
                        s.len()
                    }
                    _ => tag_end,
                }
            }
            _ => {
                i = lt + 1;
                continue;
            }
        };
        if lt > start {
            out.push((start, lt));
        }
        if let Some((a, z)) = inner
            && a < z
        {
            out.push((a, z));
        }
        start = end;
        i = end;
    }
    if start < s.len() {
        out.push((start, s.len()));
    }
    out
}

/// Index just past the next `byte` at or after `from`, or the end.
fn after(s: &[u8], from: usize, byte: u8) -> usize {
    s.get(from..).and_then(|t| t.iter().position(|&b| b == byte)).map_or(s.len(), |p| from + p + 1)
}

fn comment_end(s: &[u8], from: usize) -> usize {
    let rest = s.get(from..).unwrap_or(&[]);
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let mut i = from;
    while i < s.len() {
        if s[i..].starts_with(b"-->") {
            return i + 3;
        }
        if s[i..].starts_with(b"--!>") {
            return i + 4;
        }
        i += 1;
    }
    s.len()
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// A start tag's lowercase name and the index just past its `>`.
fn start_tag(s: &[u8], from: usize) -> (Vec<u8>, usize) {
    let mut i = from;
    while i < s.len() && !is_space(s[i]) && s[i] != b'/' && s[i] != b'>' {
        i += 1;
    }
    let name = s[from..i].to_ascii_lowercase();
    let mut prev = 0u8;
    while i < s.len() {
        match s[i] {
            b'>' => return (name, i + 1),
            q @ (b'"' | b'\'') if prev == b'=' => {
                i = after(s, i + 1, q);
                prev = q;
                continue;
            }
            b if is_space(b) => {}
            b => prev = b,
        }
        i += 1;
    }
    (name, s.len())
}

/// The start of `</name` after `from` and the index past its `>`.
fn end_tag(s: &[u8], from: usize, name: &[u8]) -> (usize, usize) {
    let mut i = from;
    while let Some(off) = s.get(i..).and_then(|t| t.windows(2).position(|w| w == b"</")) {
        let at = i + off;
        let n = at + 2;
        let named = s.get(n..n + name.len()).is_some_and(|t| t.eq_ignore_ascii_case(name));
        if named && s.get(n + name.len()).is_none_or(|&b| is_space(b) || b == b'/' || b == b'>') {
            return (at, after(s, n + name.len(), b'>'));
        }
        i = at + 2;
    }
    (s.len(), s.len())
}

/// Decodes a character reference after its `&`: the character and the
/// bytes it took (without the `&`).
fn char_ref(body: &str) -> Option<(char, usize)> {
    if let Some(num) = body.strip_prefix('#') {
        let (hex, digits) = match num.strip_prefix(['x', 'X']) {
            Some(h) => (true, h),
            None => (false, num),
        };
        let n = digits.bytes().take_while(|b| if hex { b.is_ascii_hexdigit() } else { b.is_ascii_digit() }).count();
        if n == 0 {
            return None;
        }
        let radix = if hex { 16 } else { 10 };
        let value = digits
            .bytes()
            .take(n)
            .fold(0u32, |acc, b| acc.saturating_mul(radix).saturating_add(char::from(b).to_digit(16).unwrap_or(0)));
        let semi = usize::from(digits.as_bytes().get(n) == Some(&b';'));
        let c = match value {
            0 => '\u{fffd}',
            0x80..=0x9f => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(&[value as u8])
                .0
                .chars()
                .next()
                .unwrap_or('\u{fffd}'),
            v => char::from_u32(v).unwrap_or('\u{fffd}'),
        };
        return Some((c, 1 + usize::from(hex) + n + semi));
    }
    let n = body.bytes().take_while(u8::is_ascii_alphanumeric).count().min(32);
    let name = body.get(..n)?;
    if body.as_bytes().get(n) == Some(&b';')
        && let Some(c) = named_ref(name)
    {
        return Some((c, n + 1));
    }
    // Legacy references may omit the semicolon: the longest one that fits.
    (2..=n).rev().find_map(|k| {
        let p = name.get(..k)?;
        let legacy = matches!(p, "amp" | "AMP" | "lt" | "LT" | "gt" | "GT" | "quot" | "QUOT" | "COPY" | "REG")
            || LATIN1.contains(&p);
        legacy.then(|| named_ref(p)).flatten().map(|c| (c, k))
    })
}

/// Named references for U+00A0..=U+00FF, in order.
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf", "laquo", "not", "shy",
    "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot", "cedil", "sup1", "ordm",
    "raquo", "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig",
    "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve",
    "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN",
    "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil", "egrave", "eacute", "ecirc",
    "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml",
    "divide", "oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
];

/// The common named character references; others leave the text unlocated.
fn named_ref(name: &str) -> Option<char> {
    let c = match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "COPY" => '\u{a9}',
        "REG" => '\u{ae}',
        "OElig" => '\u{152}',
        "oelig" => '\u{153}',
        "Scaron" => '\u{160}',
        "scaron" => '\u{161}',
        "Yuml" => '\u{178}',
        "fnof" => '\u{192}',
        "circ" => '\u{2c6}',
        "tilde" => '\u{2dc}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "sbquo" => '\u{201a}',
        "ldquo" => '\u{201c}',
        "rdquo" => '\u{201d}',
        "bdquo" => '\u{201e}',
        "dagger" => '\u{2020}',
        "Dagger" => '\u{2021}',
        "bull" => '\u{2022}',
        "hellip" => '\u{2026}',
        "permil" => '\u{2030}',
        "prime" => '\u{2032}',
        "Prime" => '\u{2033}',
        "lsaquo" => '\u{2039}',
        "rsaquo" => '\u{203a}',
        "oline" => '\u{203e}',
        "euro" => '\u{20ac}',
        "trade" => '\u{2122}',
        "larr" => '\u{2190}',
        "uarr" => '\u{2191}',
        "rarr" => '\u{2192}',
        "darr" => '\u{2193}',
        "harr" => '\u{2194}',
        "crarr" => '\u{21b5}',
        "minus" => '\u{2212}',
        _ => {
            let i = LATIN1.iter().position(|&n| n == name)?;
            return char::from_u32(0xa0 + i as u32);
        }
    };
    Some(c)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn read(html: &str) -> Parsed {
        HtmlReader.read(html.as_bytes()).unwrap()
    }

    fn blocks(p: &Parsed) -> Vec<(BlockKind, &str)> {
        p.layout.blocks.iter().map(|b| (b.kind, b.span.slice(&p.text))).collect()
    }

    /// Layout invariants every reader must keep.
    pub(crate) fn assert_sound(p: &Parsed, original: &[u8]) {
        let t = &p.text;
        if let Some(broken) = p.layout.markup_violation(t) {
            panic!("{broken}");
        }
        assert!(!t.contains('\r'));
        let mut last = 0;
        for i in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
            let o = p.offsets.to_original(i);
            assert!(o >= last && o <= original.len(), "offset {i} maps to {o} after {last}");
            last = o;
        }
    }

    /// Every marker's label names a note.
    pub(crate) fn assert_markers_resolve(p: &Parsed) {
        assert!(!p.layout.markers.is_empty());
        for m in &p.layout.markers {
            assert!(p.layout.notes.iter().any(|n| n.label == m.label), "marker {m:?} has no note");
        }
    }

    /// `phrase` (plain ASCII) maps back to the same bytes in the original.
    pub(crate) fn assert_maps(p: &Parsed, original: &[u8], phrase: &str) {
        let at = p.text.find(phrase).unwrap_or_else(|| panic!("{phrase:?} not in text"));
        let o = p.offsets.to_original(at);
        assert!(
            original[o..].starts_with(phrase.as_bytes()),
            "{phrase:?} maps to {:?}",
            String::from_utf8_lossy(&original[o..(o + phrase.len()).min(original.len())])
        );
    }

    /// The first ASCII word of every block maps back to itself.
    pub(crate) fn assert_block_starts_map(p: &Parsed, original: &[u8]) {
        for b in &p.layout.blocks {
            let word: String =
                b.span.slice(&p.text).chars().take_while(|c| c.is_ascii_alphanumeric() || *c == ',').collect();
            if word.len() >= 2 {
                let o = p.offsets.to_original(b.span.start);
                assert!(original[o..].starts_with(word.as_bytes()), "block starting {word:?} maps to {o}");
            }
        }
    }

    const ARTICLE: &[u8] = include_bytes!("../tests/fixtures/html_article.html");

    #[test]
    fn news_article_blocks_and_chrome() {
        let p = HtmlReader.read(ARTICLE).unwrap();
        use BlockKind::*;
        assert_eq!(
            blocks(&p),
            vec![
                (Heading, "Militia expands control in the north"),
                (Paragraph, "By A. Reporter, 17 April 2023"),
                (
                    Paragraph,
                    "The Northern Front, an armed group active since 2014, took control of three districts in \
                     March 2023.1 Local officials said the group now fields about 2 000 fighters.2"
                ),
                (
                    Paragraph,
                    "According to a UN panel, the group\u{2019}s leader, Amadou Kone, met representatives of \
                     Al-Shabaab in 2022.[3]"
                ),
                (Heading, "Districts under control"),
                (TableRow, "District | Date taken | Source"),
                (TableRow, "Kalo | 3 March 2023 | UN panel"),
                (TableRow, "Mara | | Local media"),
                (Heading, "Known commanders"),
                (ListItem, "Amadou Kone, overall leader"),
                (ListItem, "Ibrahim Sow, deputy commander for the eastern sector"),
                (
                    Paragraph,
                    "Residents reported checkpoints on the main road.\nTravel has been restricted since April."
                ),
                (Heading, "Notes"),
                (ListItem, "UN Security Council, Report of the Panel of Experts, S/2023/123, para. 45."),
                (ListItem, "Interview with a district official, 12 April 2023."),
                (ListItem, "Ibid., annex 4."),
            ]
        );
        for junk in [
            "SCRIPT-TEXT",
            "STYLE-TEXT",
            "NAV-",
            "fake",
            "The Example Times",
            "ASIDE-LINK",
            "BUTTON-TEXT",
            "HIDDEN-TEXT",
            "FOOTER-TEXT",
            "\u{21a9}",
        ] {
            assert!(!p.text.contains(junk), "{junk:?} leaked into the text");
        }
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        assert_sound(&p, ARTICLE);
    }

    #[test]
    fn news_article_footnotes() {
        let p = HtmlReader.read(ARTICLE).unwrap();
        let markers: Vec<(&str, &str)> =
            p.layout.markers.iter().map(|m| (m.label.as_str(), m.span.slice(&p.text))).collect();
        assert_eq!(markers, vec![("1", "1"), ("2", "2"), ("3", "3")]);
        let notes: Vec<(&str, &str)> =
            p.layout.notes.iter().map(|n| (n.label.as_str(), n.span.slice(&p.text))).collect();
        assert_eq!(
            notes,
            vec![
                ("1", "UN Security Council, Report of the Panel of Experts, S/2023/123, para. 45."),
                ("2", "Interview with a district official, 12 April 2023."),
                ("3", "Ibid., annex 4."),
            ]
        );
        assert_markers_resolve(&p);
        // Markers sit in the sentence, right after the word they annotate.
        let m = &p.layout.markers[0];
        assert!(p.text[..m.span.start].ends_with("March 2023."));
        // And map back to the digit inside the <a>.
        assert!(ARTICLE[p.offsets.to_original(m.span.start)..].starts_with(b"1</a></sup>"));
    }

    #[test]
    fn news_article_meta_and_offsets() {
        let p = HtmlReader.read(ARTICLE).unwrap();
        assert_eq!(p.meta.title.as_deref(), Some("Militia expands control in the north | The Example Times"));
        assert_eq!(p.meta.publisher.as_deref(), Some("The Example Times"));
        assert_eq!(p.meta.date, PartialDate::parse_iso("2023-04-17"));
        assert_eq!(p.meta.address.as_deref(), Some("https://news.example.org/2023/04/militia-north"));
        for phrase in [
            "Militia expands control in the",
            "By A.",
            "The Northern Front, an armed group",
            "three districts in",
            "Local officials",
            "said the group now fields about 2",
            "000 fighters.",
            "s leader, Amadou Kone, met",
            "Al-Shabaab",
            "Date taken",
            "Local media",
            "deputy",
            "Travel has been restricted",
            "Interview with a district official",
            "Ibid., annex 4.",
        ] {
            assert_maps(&p, ARTICLE, phrase);
        }
        assert_block_starts_map(&p, ARTICLE);
        // A character reference maps to the reference.
        let q = p.text.find('\u{2019}').unwrap();
        assert!(ARTICLE[p.offsets.to_original(q)..].starts_with(b"&rsquo;"));
    }

    #[test]
    fn hostile_html_is_read_without_recursion() {
        let mut html = String::from("<!DOCTYPE html><title>Deep</title><body>");
        html.push_str(&"<div>".repeat(10_000));
        html.push_str("deep text");
        html.push_str(&"</div>".repeat(5_000));
        html.push_str(&"<span><b><i>".repeat(3_000));
        html.push_str("<p>unclosed <b>bold <i>italic <table><td>cell<tr><td>x</table>");
        html.push_str("<<>> & &bogus; &#xZZ; &#99999999; </p></p></div></nonsense> <!-- unclosed comment <p>gone");
        let p = read(&html);
        assert!(p.text.starts_with("deep text"), "{:?}", &p.text[..p.text.len().min(80)]);
        assert!(p.text.contains("unclosed bold italic"));
        assert!(!p.text.contains("gone"));
        assert_eq!(p.meta.title.as_deref(), Some("Deep"));
        assert_sound(&p, html.as_bytes());
        assert_maps(&p, html.as_bytes(), "deep text");

        // html5ever is quadratic in nesting depth for these (its cost, not
        // ours); 2,000 levels keep the debug test fast.
        let mut lists = "<ul><li>".repeat(2_000);
        lists.push_str("leaf");
        let p = read(&lists);
        assert_eq!(p.text, "leaf");
        assert_eq!(p.layout.blocks[0].kind, BlockKind::ListItem);

        let tables = "<table><tr><td>".repeat(2_000) + "cell";
        assert_eq!(read(&tables).text, "cell");
    }

    #[test]
    fn junk_never_panics() {
        let samples: [&[u8]; 9] = [
            b"<",
            b"</",
            b"<!--",
            b"<p>&",
            b"&#",
            b"<script>",
            b"<title>x",
            b"\xff\xfe<p>a",
            b"<p id=fn1><sup>1</sup></p><a href=#fn1><sup></sup></a><br><br><br>",
        ];
        for s in samples {
            let p = HtmlReader.read(s).unwrap();
            assert_sound(&p, s);
        }
    }

    const CP1252: &[u8] = include_bytes!("../tests/fixtures/html_windows1252.html");

    #[test]
    fn windows_1252_with_meta_charset() {
        let p = HtmlReader.read(CP1252).unwrap();
        assert_eq!(p.meta.title.as_deref(), Some("Rapport sur le caf\u{e9} \u{2013} \u{e9}dition 2021"));
        assert_eq!(
            blocks(&p),
            vec![
                (BlockKind::Heading, "Le caf\u{e9} des combattants"),
                (
                    BlockKind::Paragraph,
                    "\u{201c}Nous contr\u{f4}lons la r\u{e9}gion\u{201d}, a d\u{e9}clar\u{e9} le porte-parole le 3 mai. \
                     Co\u{fb}t estim\u{e9} : 5 000 \u{20ac}."
                ),
                (
                    BlockKind::Paragraph,
                    "Second paragraph with plain ASCII words after accents: d\u{e9}j\u{e0} vu and more."
                ),
            ]
        );
        assert!(p.warnings.iter().any(|w| w.contains("windows-1252")), "{:?}", p.warnings);
        for phrase in ["Nous contr", "lons la r", "des combattants", "mai. Co", "000 ", "vu and more"] {
            assert_maps(&p, CP1252, phrase);
        }
        assert_sound(&p, CP1252);
        // One original byte per character: the curly quote is one byte.
        let q = p.text.find("Nous").unwrap();
        assert_eq!(CP1252[p.offsets.to_original(q) - 1], 0x93);
    }

    #[test]
    fn declared_charsets() {
        assert_eq!(declared_charset(b"<meta charset=\"Windows-1252\">").as_deref(), Some("windows-1252"));
        assert_eq!(
            declared_charset(b"<META http-equiv=Content-Type content='text/html; charset = latin1'>").as_deref(),
            Some("latin1")
        );
        assert_eq!(declared_charset(b"<p>charset=koi8-r</p>"), None);
        // A declared single-byte encoding other than Windows-1252 is used.
        let koi8 = b"<meta charset=koi8-r><p>\xf7\xcf\xca\xce\xc1 war</p>";
        let p = HtmlReader.read(koi8).unwrap();
        assert_eq!(p.text, "\u{412}\u{43e}\u{439}\u{43d}\u{430} war");
        assert!(p.warnings[0].contains("KOI8-R"), "{:?}", p.warnings);
        assert_maps(&p, koi8, "war");
    }

    #[test]
    fn declared_latin1_but_valid_utf8_stays_utf8() {
        let html = "<meta charset=\"iso-8859-1\"><p>Caf\u{e9} cr\u{e8}me</p>";
        let p = read(html);
        assert_eq!(p.text, "Caf\u{e9} cr\u{e8}me");
        assert!(p.warnings[0].contains("valid UTF-8"));
    }

    #[test]
    fn whitespace_breaks_and_pre() {
        assert_eq!(read("<p>  Hello   <b>big</b>\n\t world </p>").text, "Hello big world");
        assert_eq!(read("<p>a<span> </span><span>b</span></p>").text, "a b");
        let p = read("<p>a<br>b<br> <br>c</p>");
        assert_eq!(p.text, "a\nb\n\nc");
        assert_eq!(blocks(&p), vec![(BlockKind::Paragraph, "a\nb"), (BlockKind::Paragraph, "c")]);
        let p = read("<pre>\n  x = 1  \n    y\n\n\n  z\n</pre><p>after</p>");
        assert_eq!(p.text, "x = 1\n    y\n\nz\n\nafter");
        assert_eq!(p.layout.blocks.len(), 3);
        let p = read("<div>loose text<p>para</p>tail</div>");
        assert_eq!(
            blocks(&p),
            vec![(BlockKind::Paragraph, "loose text"), (BlockKind::Paragraph, "para"), (BlockKind::Paragraph, "tail")]
        );
    }

    #[test]
    fn tables_data_and_layout() {
        let p = read(
            "<table><tr><td></td><td>2014</td><td>2015</td></tr><tr><td>a<p>b</p></td><td>c<br>d</td></tr></table>",
        );
        assert_eq!(blocks(&p), vec![(BlockKind::TableRow, "| 2014 | 2015"), (BlockKind::TableRow, "a b | c d")]);
        let p = read("<table><tr><td><h2>Title</h2><p>Body text.</p></td><td><ul><li>item</li></ul></td></tr></table>");
        assert_eq!(
            blocks(&p),
            vec![(BlockKind::Heading, "Title"), (BlockKind::Paragraph, "Body text."), (BlockKind::ListItem, "item")]
        );
    }

    #[test]
    fn crlf_and_references_map_back() {
        let html = "<p>one\r\ntwo AT&amp;T&nbsp;said &unknown; three</p>\r\n<p>four</p>";
        let p = read(html);
        assert_eq!(p.text, "one two AT&T said &unknown; three\n\nfour");
        for phrase in ["one", "two AT", "T", "said", "four"] {
            assert_maps(&p, html.as_bytes(), phrase);
        }
        let amp = p.text.find('&').unwrap();
        assert!(html[p.offsets.to_original(amp)..].starts_with("&amp;"));
        assert_sound(&p, html.as_bytes());
    }

    #[test]
    fn text_after_script_with_same_words_maps_to_the_body() {
        let html = "<script>var x = 'the group';</script><p>the group</p>";
        let p = read(html);
        assert_eq!(p.text, "the group");
        assert_eq!(p.offsets.to_original(0), html.rfind("the group").unwrap());
    }

    #[test]
    fn word_google_docs_and_wikipedia_notes() {
        let word = "<p>Claim.<a href=\"#_ftn1\" name=\"_ftnref1\">[1]</a></p>\
                    <div id=\"ftn1\"><p><a href=\"#_ftnref1\" name=\"_ftn1\">[1]</a> Word note.</p></div>";
        let gdocs = "<p>Claim.<sup><a href=\"#ftnt1\" id=\"ftnt_ref1\">[1]</a></sup></p>\
                     <div><p><a href=\"#ftnt_ref1\" id=\"ftnt1\">[1]</a>&nbsp;Docs note.</p></div>";
        let wiki = "<p>Claim.<sup class=\"reference\"><a href=\"#cite_note-Smith-1\">[1]</a></sup></p>\
                    <ol class=\"references\"><li id=\"cite_note-Smith-1\"><span class=\"mw-cite-backlink\">\
                    <a href=\"#cite_ref-Smith_1-0\">^</a></span> <span class=\"reference-text\">Wiki note.</span></li></ol>";
        for (html, note) in [(word, "Word note."), (gdocs, "Docs note."), (wiki, "Wiki note.")] {
            let p = read(html);
            assert_sound(&p, html.as_bytes());
            assert_markers_resolve(&p);
            assert_eq!(p.layout.markers.len(), 1, "{html}");
            assert_eq!(p.layout.markers[0].label, "1");
            assert_eq!(p.layout.markers[0].span.slice(&p.text), "1", "{html}");
            assert_eq!(p.layout.notes.len(), 1, "{html}");
            assert_eq!(p.layout.notes[0].span.slice(&p.text), note);
        }
    }

    #[test]
    fn python_markdown_notes_take_the_label_from_the_link() {
        let html = "<p>Claim.<sup id=\"fnref:src-a\"><a class=\"footnote-ref\" href=\"#fn:src-a\">1</a></sup></p>\
                    <div class=\"footnote\"><hr><ol><li id=\"fn:src-a\"><p>Source A.&#160;\
                    <a class=\"footnote-backref\" href=\"#fnref:src-a\">&#8617;</a></p></li></ol></div>";
        let p = read(html);
        assert_eq!(p.text, "Claim.1\n\nSource A.");
        assert_eq!(p.layout.markers.len(), 1);
        assert_eq!(p.layout.markers[0].label, "src-a");
        assert_eq!(p.layout.markers[0].span.slice(&p.text), "1");
        assert_eq!(p.layout.notes[0].span.slice(&p.text), "Source A.");
        assert_markers_resolve(&p);
    }

    #[test]
    fn bare_sups_must_resolve_when_notes_exist() {
        let p = read(
            "<p>Area 5 km<sup>2</sup>.<sup>1</sup> Also<sup>[1, 3]</sup></p><ol><li id=\"fn1\">Note.</li><li id=\"fn3\">Other.</li></ol>",
        );
        let labels: Vec<&str> = p.layout.markers.iter().map(|m| m.label.as_str()).collect();
        assert_eq!(labels, vec!["1", "1", "3"]);
        assert_markers_resolve(&p);
        // Without any notes, bare markers are kept for the segmenter.
        let p = read("<p>Claim.<sup>4</sup></p>");
        assert_eq!(p.layout.markers.len(), 1);
        assert!(p.warnings.iter().any(|w| w.contains("no note")));
    }

    #[test]
    fn meta_fallbacks() {
        let p = read(
            "<head><meta property=\"og:url\" content=\"https://x.example/a\"><meta name=\"DC.date\" content=\"2019-07\">\
             <meta name=\"author\" content=\"  Jane   Doe \"></head><body><header><h1>Headline</h1></header><p>x</p>",
        );
        assert_eq!(p.meta.title.as_deref(), Some("Headline"));
        assert_eq!(p.meta.address.as_deref(), Some("https://x.example/a"));
        assert_eq!(p.meta.date, PartialDate::parse_iso("2019-07"));
        assert_eq!(p.meta.publisher.as_deref(), Some("Jane Doe"));
        assert_eq!(p.text, "Headline\n\nx");
    }

    #[test]
    fn note_labels() {
        for (id, label) in [
            ("fn1", Some("1")),
            ("fn:a-b", Some("a-b")),
            ("fn-2", Some("2")),
            ("footnote-7", Some("7")),
            ("cite_note-Smith2010-12", Some("12")),
            ("_ftn3", Some("3")),
            ("ftnt4", Some("4")),
            ("fnref1", None),
            ("fnref:1", None),
            ("footnote-ref-1", None),
            ("footnotes", None),
            ("fname", None),
        ] {
            assert_eq!(note_label(id).as_deref(), label, "{id}");
        }
    }

    #[test]
    fn char_data_skips_markup() {
        let src = "a<b title=\"x>y\">c<!-- d -->e<script>if (x<y) f</script>g<title>h&amp;</title>";
        let parts: Vec<&str> = char_data(src).into_iter().map(|(a, z)| &src[a..z]).collect();
        assert_eq!(parts, vec!["a", "c", "e", "g", "h&amp;"]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let p = HtmlReader.read(&bytes).unwrap();
            assert_sound(&p, &bytes);
        }

        #[test]
        fn tag_soup_never_panics(s in "(<(p|div|li|td|tr|table|sup|a href=#fn1|li id=fn1|pre|br|h1|script)>|</(p|div|li|td|tr|table|sup|a|pre|h1|script)>|[a-z &;#1<>\n]){0,60}") {
            let p = HtmlReader.read(s.as_bytes()).unwrap();
            assert_sound(&p, s.as_bytes());
        }
    }
}
