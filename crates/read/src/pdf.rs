//! PDF: the text layer, page by page, through `pdf-extract` (on `lopdf`).
//!
//! What the reader does:
//!
//! - **Text.** Each page's text layer is extracted on its own; pages are
//!   separated by a block break (a blank line), and so are the paragraphs
//!   that the layout shows as blank lines. Lines inside a paragraph stay
//!   lines. A word hyphenated across a line end is rejoined ("organi-" +
//!   "sation" → "organisation") only when the letters on both sides are
//!   lowercase, so "Al-" + "Shabaab" and "2023-" + "2024" stay as they are;
//!   a soft hyphen at a line end is always dropped. The text goes through the
//!   same character rules as every other format (NFC, plain spaces, no
//!   control characters).
//! - **Offsets.** Text drawn on a PDF page has no byte range in the file
//!   (it comes out of compressed content streams, font encodings and text
//!   positioning), so it is pushed as synthetic text and the offset map
//!   points every span at the start of the file. Evidence from a PDF is
//!   located by its text and page, not by a byte offset.
//! - **Metadata.** `Title` → `meta.title`, `Author` → `meta.publisher`,
//!   `CreationDate` (`D:YYYYMMDD…`) → `meta.date` at the precision it gives,
//!   from the Info dictionary when present.
//! - **Failures.** A page that cannot be read, or on which the extractor
//!   panics, becomes a warning when other pages read; when no page reads the
//!   file is refused. `pdf-extract` panics on many malformed inputs: every
//!   call into it (and into `lopdf`'s loader) runs under `catch_unwind` (through `quiet_catch`), and
//!   a panic becomes a one-line [`ReadErrorKind::Pdf`] or page warning. The
//!   process-wide panic hook is left alone (swapping it is racy), so the
//!   default hook may still print the panic to stderr. PDFs that need a
//!   password are refused; PDFs encrypted with an empty user password (only
//!   permissions restricted) are read, with a warning.
//! - **Decompression bombs.** `lopdf` inflates streams into memory without a
//!   limit, so the reader measures before anything is inflated, with
//!   decoders that count output bytes without producing them (DEFLATE and
//!   LZW):
//!   1. before loading, every stream is counted straight from the file
//!      bytes (`lopdf` inflates cross-reference streams while loading, before
//!      any hook runs); one whose dictionary mentions `/Image` may reach
//!      [`MAX_TOTAL_DECODED`], any other [`MAX_STREAM_DECODED`];
//!   2. while loading, a load filter counts every stream except images and
//!      empties those that inflate past [`MAX_STREAM_DECODED`], so object
//!      streams are checked before `lopdf` unpacks them; filter chains
//!      (`[/FlateDecode /FlateDecode]`) are followed stage by stage, an inner
//!      stage inflated only once it is known to fit;
//!   3. after loading, every stream is measured again (streams whose
//!      `/Length` is indirect are read after the filter ran) and the PDF is
//!      refused when one inflates past [`MAX_STREAM_DECODED`] or all together
//!      past [`MAX_TOTAL_DECODED`]. Image streams are emptied instead of
//!      measured: text extraction never needs their pixels (and
//!      `pdf-extract` would otherwise parse them as content streams);
//!   4. the extracted text is written through a sink that stops at
//!      [`MAX_TEXT_BYTES`] (a font's `ToUnicode` map can turn one byte into
//!      many characters), and the PDF is refused past it.
//!
//!   Not covered: in an encrypted PDF (opened with the empty password),
//!   object streams are decrypted and inflated inside `lopdf`'s loader
//!   before any check can see their plain bytes; and the content-stream
//!   parser may use several times a stream's size in memory (up to the
//!   per-stream bound).

use std::any::Any;
use std::borrow::Cow;
use std::panic::AssertUnwindSafe;

use dossier_model::{DocMeta, Format, PartialDate};
use pdf_extract::{ConvertToFmt, Dictionary, Document, LoadOptions, Object, ObjectId, PlainTextOutput, Stream};

use crate::normalize::TextBuilder;
use crate::{Parsed, ReadErrorKind, Reader};

/// A single stream (content, font, form, cross-reference, object stream)
/// may inflate to at most this many bytes.
pub const MAX_STREAM_DECODED: u64 = 64 << 20;

/// All non-image streams together may inflate to at most this many bytes.
pub const MAX_TOTAL_DECODED: u64 = 256 << 20;

/// The extracted text may be at most this many bytes (a 1,000-page report
/// has a few MiB).
pub const MAX_TEXT_BYTES: usize = 64 << 20;

/// Dictionary key the load filter sets on a stream it emptied because it
/// inflates past [`MAX_STREAM_DECODED`]. A file that sets it itself only
/// gets itself refused.
const OVERSIZE_KEY: &[u8] = b"DossierOversizeStream";

/// Reads PDF files.
pub struct PdfReader;

impl Reader for PdfReader {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn read(&self, bytes: &[u8]) -> Result<Parsed, ReadErrorKind> {
        // The loader and each page have their own `catch_unwind`; this one
        // is the last line for everything in between.
        quiet_catch(AssertUnwindSafe(|| read_pdf(bytes)))
            .unwrap_or_else(|p| Err(pdf_err(&crashed("the PDF reader", p.as_ref()))))
    }
}

/// Everything [`PdfReader::read`] does, under its `catch_unwind`.
fn read_pdf(bytes: &[u8]) -> Result<Parsed, ReadErrorKind> {
    let mut warnings = Vec::new();
    prescan(bytes)?;
    let mut doc = load(bytes)?;
    if doc.trailer.get(b"Encrypt").is_ok() && !doc.was_encrypted() {
        return Err(pdf_err("encrypted PDF: it needs a password to open; save a decrypted copy and read that"));
    }
    if doc.was_encrypted() {
        warnings.push("encrypted PDF, opened with the empty user password".to_string());
    }
    guard_streams(&mut doc)?;
    let meta = info_meta(&doc);
    let pages = quiet_catch(AssertUnwindSafe(|| doc.get_pages()))
        .map_err(|p| pdf_err(&format!("damaged page tree: {}", crashed("the PDF parser", p.as_ref()))))?;
    if pages.is_empty() {
        return Err(pdf_err("no pages found (damaged or missing page tree)"));
    }
    fix_media_boxes(&mut doc, pages.values().copied(), &mut warnings);

    let mut text = String::new();
    let mut dropped_controls = 0;
    let mut failed = Vec::new();
    for &num in pages.keys() {
        let page = match extract_page(&doc, num, MAX_TEXT_BYTES.saturating_sub(text.len())) {
            Ok(page) => page,
            Err(PageError::TooMuchText) => {
                return Err(pdf_err(&format!(
                    "extracted text exceeds {} MiB (malformed or hostile PDF); refusing it",
                    MAX_TEXT_BYTES >> 20
                )));
            }
            Err(PageError::Failed(why)) => {
                failed.push(format!("page {num}: {why}"));
                continue;
            }
        };
        let (canonical, dropped) = canonicalize(&page);
        dropped_controls += dropped;
        for para in paragraphs(&canonical) {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&para);
        }
    }
    if failed.len() == pages.len() {
        return Err(pdf_err(&format!("no page could be read ({})", failed[0])));
    }
    if text.trim().is_empty() && !failed.is_empty() {
        return Err(pdf_err(&format!("no text could be extracted ({})", failed[0])));
    }
    const SHOWN: usize = 10;
    warnings.extend(failed.iter().take(SHOWN).map(|f| format!("{f}; page skipped")));
    if failed.len() > SHOWN {
        warnings.push(format!("{} more unreadable pages skipped", failed.len() - SHOWN));
    }
    if dropped_controls > 0 {
        warnings.push(format!("dropped {dropped_controls} control characters"));
    }

    // One synthetic push: the whole text maps to the start of the file.
    let mut b = TextBuilder::new(bytes.len());
    b.push_synthetic(&text);
    let (text, offsets) = b.finish();
    Ok(Parsed { text, offsets, meta, warnings, ..Parsed::default() })
}

fn pdf_err(msg: &str) -> ReadErrorKind {
    ReadErrorKind::Pdf(one_line(msg))
}

/// Collapses whitespace (newlines included) and caps the length, so that
/// an error renders as one line.
fn one_line(s: &str) -> String {
    const MAX_CHARS: usize = 200;
    let mut out = String::new();
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.chars().count() > MAX_CHARS {
        out = out.chars().take(MAX_CHARS).collect::<String>() + "…";
    }
    out
}

/// "`who` crashed (`panic message`)", in one line.
fn crashed(who: &str, payload: &(dyn Any + Send)) -> String {
    let msg = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let msg = one_line(&msg);
    if msg.is_empty() { format!("{who} crashed") } else { format!("{who} crashed ({msg})") }
}

/// Loads the document with the stream-size filter, catching panics.
fn load(bytes: &[u8]) -> Result<Document, ReadErrorKind> {
    let options = LoadOptions { filter: Some(load_filter), ..LoadOptions::default() };
    let encrypted = || bytes.windows(8).any(|w| w == b"/Encrypt");
    match quiet_catch(AssertUnwindSafe(|| Document::load_mem_with_options(bytes, options))) {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) if encrypted() => Err(pdf_err(&format!("encrypted PDF that cannot be opened ({e})"))),
        Ok(Err(e)) => Err(pdf_err(&format!("{e} (truncated or damaged file?)"))),
        Err(p) => Err(pdf_err(&crashed("the PDF parser", p.as_ref()))),
    }
}

/// The `lopdf` load filter: runs on every top-level object before object
/// streams are unpacked. Streams other than images that inflate past
/// [`MAX_STREAM_DECODED`] are emptied and marked with [`OVERSIZE_KEY`].
///
/// `lopdf` 0.42 uses the filter's *return value* only for objects unpacked
/// from object streams (which are never streams) and keeps the object
/// edited in place otherwise; so a stream is edited in place and returned
/// as `Null`, anything else is returned as a clone.
fn load_filter(id: ObjectId, obj: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(s) = obj {
        if !is_image(s) && decoded_size(s, MAX_STREAM_DECODED) > MAX_STREAM_DECODED {
            empty_stream(s);
            s.dict.set(OVERSIZE_KEY, true);
        }
        return Some((id, Object::Null));
    }
    Some((id, obj.clone()))
}

fn is_image(s: &Stream) -> bool {
    s.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Image")
}

fn empty_stream(s: &mut Stream) {
    s.content = Vec::new();
    s.dict.remove(b"Filter");
    s.dict.remove(b"DecodeParms");
    s.dict.set("Length", 0);
}

/// After loading: empties image streams and refuses the document when a
/// stream, or all of them together, inflate past the bounds.
fn guard_streams(doc: &mut Document) -> Result<(), ReadErrorKind> {
    let bomb = |what: &str, limit: u64| {
        pdf_err(&format!("{what} inflate past {} MiB (decompression bomb?); refusing it", limit >> 20))
    };
    let mut total: u64 = 0;
    for obj in doc.objects.values_mut() {
        let Object::Stream(s) = obj else { continue };
        if is_image(s) {
            empty_stream(s);
            continue;
        }
        if s.dict.get(OVERSIZE_KEY).is_ok() {
            return Err(bomb("a compressed stream would", MAX_STREAM_DECODED));
        }
        let size = decoded_size(s, MAX_STREAM_DECODED);
        if size > MAX_STREAM_DECODED {
            return Err(bomb("a compressed stream would", MAX_STREAM_DECODED));
        }
        total += size;
        if total > MAX_TOTAL_DECODED {
            return Err(bomb("the compressed streams together would", MAX_TOTAL_DECODED));
        }
    }
    Ok(())
}

/// How many bytes `lopdf` would hold after decoding `s` (the largest stage
/// of its filter chain; the raw bytes when it cannot decode them), or some
/// number above `limit` as soon as a stage exceeds it. Inner stages of a
/// chain are decoded for real, once their size is known to be within
/// `limit`.
fn decoded_size(s: &Stream, limit: u64) -> u64 {
    let raw = s.content.len() as u64;
    let filters = match s.filters() {
        Ok(f) if !f.is_empty() => f,
        _ => return raw,
    };
    let params = s.dict.get(b"DecodeParms").and_then(Object::as_dict).ok();
    let mut data: Cow<[u8]> = Cow::Borrowed(&s.content);
    let mut largest = 0;
    for (i, &filter) in filters.iter().enumerate() {
        let size = match filter {
            b"FlateDecode" => count::inflated_size(data.get(2..).unwrap_or_default(), limit),
            b"LZWDecode" => {
                let early = params.and_then(|p| p.get(b"EarlyChange").ok()).and_then(|o| o.as_i64().ok()) != Some(0);
                count::lzw_size(&data, early, limit)
            }
            b"ASCII85Decode" => (data.len() as u64).saturating_mul(4),
            // `lopdf` does not decode it: the whole chain falls back to the
            // raw bytes.
            _ => return largest.max(raw),
        };
        largest = largest.max(size);
        if size > limit || i + 1 == filters.len() {
            return largest;
        }
        let mut dict = Dictionary::new();
        dict.set("Filter", Object::Name(filter.to_vec()));
        if let Some(p) = params {
            dict.set("DecodeParms", Object::Dictionary(p.clone()));
        }
        match Stream::new(dict, data.to_vec()).decompressed_content() {
            Ok(out) => data = Cow::Owned(out),
            Err(_) => return largest.max(raw),
        }
    }
    largest
}

/// Refuses files with a stream that inflates past the bound, counted
/// straight from the file bytes: `lopdf` inflates cross-reference streams
/// while loading, before the load filter can see them. Every `stream`
/// keyword is counted. A stream whose dictionary says `/Image` (pixels can
/// legitimately be large, and are never inflated later) gets the larger
/// [`MAX_TOTAL_DECODED`] bound; since that is only a guess from the bytes,
/// it also bounds what a disguised stream can make `lopdf` allocate.
fn prescan(bytes: &[u8]) -> Result<(), ReadErrorKind> {
    const WINDOW: usize = 64 << 10;
    // Each stream is counted from its start to the end of its DEFLATE data;
    // `stream` keywords inside compressed data could make that quadratic,
    // so the work is capped well above what any real file needs.
    let budget = 4 * bytes.len() as u64 + (1 << 20);
    let mut work: u64 = 0;
    let mut from = 0;
    while let Some(found) = find(&bytes[from..], b"stream") {
        let at = from + found;
        // The dictionary lies between the previous keyword and this one.
        let dict = &bytes[from.max(at.saturating_sub(WINDOW))..at];
        from = at + 6;
        if at >= 3 && &bytes[at - 3..at] == b"end" {
            continue;
        }
        let start = match bytes.get(from..from + 2) {
            Some([b'\r', b'\n']) => from + 2,
            Some([b'\n', _]) | Some([b'\r', _]) => from + 1,
            _ => continue,
        };
        let limit = if find(dict, b"/Image").is_some() { MAX_TOTAL_DECODED } else { MAX_STREAM_DECODED };
        // `lopdf` inflates from the third byte on, with or without a valid
        // zlib header (it retries as raw DEFLATE).
        let data = bytes.get(start + 2..).unwrap_or_default();
        let (size, consumed) = count::inflate(data, limit);
        if size > limit {
            return Err(pdf_err(&format!(
                "a compressed stream would inflate past {} MiB (decompression bomb?); refusing it",
                limit >> 20
            )));
        }
        work += consumed as u64 + 64;
        if work > budget {
            return Err(pdf_err("too many overlapping compressed streams (malformed or hostile PDF); refusing it"));
        }
    }
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Gives pages without a (possibly inherited) `/MediaBox` a US Letter one:
/// `pdf-extract` panics on them otherwise.
fn fix_media_boxes(doc: &mut Document, pages: impl Iterator<Item = ObjectId>, warnings: &mut Vec<String>) {
    let missing: Vec<ObjectId> = pages.filter(|&id| !has_media_box(doc, id)).collect();
    for id in &missing {
        if let Some(Object::Dictionary(page)) = doc.objects.get_mut(id) {
            let letter = [0, 0, 612, 792].map(Object::Integer).to_vec();
            page.set("MediaBox", Object::Array(letter));
        }
    }
    if !missing.is_empty() {
        warnings.push(format!("{} pages had no page size; assumed US Letter", missing.len()));
    }
}

fn has_media_box(doc: &Document, mut id: ObjectId) -> bool {
    for _ in 0..64 {
        let Ok(Object::Dictionary(node)) = doc.get_object(id) else { return false };
        let media_box = node.get(b"MediaBox").and_then(|o| doc.dereference(o)).map(|(_, o)| o);
        if let Ok(Object::Array(a)) = media_box {
            return a.len() >= 4;
        }
        match node.get(b"Parent").and_then(Object::as_reference) {
            Ok(parent) => id = parent,
            Err(_) => return false,
        }
    }
    false
}

#[derive(Debug)]
enum PageError {
    /// The text budget ran out.
    TooMuchText,
    /// The page could not be read; why, in one line.
    Failed(String),
}

/// A `fmt::Write` sink that refuses to grow past its cap.
struct CappedText {
    text: String,
    cap: usize,
    over: bool,
}

impl std::fmt::Write for CappedText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.text.len() + s.len() > self.cap {
            self.over = true;
            return Err(std::fmt::Error);
        }
        self.text.push_str(s);
        Ok(())
    }
}

impl<'a> ConvertToFmt for &'a mut CappedText {
    type Writer = &'a mut CappedText;
    fn convert(self) -> Self::Writer {
        self
    }
}

/// One page's raw text, as `pdf-extract` lays it out.
fn extract_page(doc: &Document, num: u32, cap: usize) -> Result<String, PageError> {
    let mut sink = CappedText { text: String::new(), cap, over: false };
    let result = quiet_catch(AssertUnwindSafe(|| {
        let mut out = PlainTextOutput::new(&mut sink);
        pdf_extract::output_doc_page(doc, &mut out, num)
    }));
    match result {
        Ok(Ok(())) => Ok(sink.text),
        Ok(Err(_)) if sink.over => Err(PageError::TooMuchText),
        Ok(Err(e)) => Err(PageError::Failed(one_line(&format!("could not be read ({e})")))),
        Err(p) => Err(PageError::Failed(crashed("the text extractor", p.as_ref()))),
    }
}

/// Applies the shared character rules (NFC, plain spaces, line ends, no
/// controls); returns the text and how many control characters it dropped.
fn canonicalize(s: &str) -> (String, usize) {
    let mut b = TextBuilder::new(s.len());
    b.push_original(s, 0);
    let dropped = b.dropped_controls();
    (b.finish().0, dropped)
}

/// The paragraphs of a page: runs of non-blank lines, each line trimmed,
/// words hyphenated across line ends rejoined.
fn paragraphs(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in page.split('\n').map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            join_line(&mut current, line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Appends `line` to a paragraph: after a newline, or directly when the
/// paragraph ends in a word hyphenated across the line end.
fn join_line(para: &mut String, line: &str) {
    if para.is_empty() {
        para.push_str(line);
        return;
    }
    let mut tail = para.chars().rev();
    let hyphen = tail.next();
    let before = tail.next();
    let after = line.chars().next();
    let lower = |c: Option<char>| c.is_some_and(char::is_lowercase);
    match hyphen {
        // A soft hyphen only ever marks a break inside a word.
        Some('\u{ad}') => {
            para.pop();
        }
        Some('-' | '\u{2010}') if lower(before) && lower(after) => {
            para.pop();
        }
        _ => para.push('\n'),
    }
    para.push_str(line);
}

/// Title, publisher (Author) and date (CreationDate) from the Info
/// dictionary.
fn info_meta(doc: &Document) -> DocMeta {
    let info = doc.trailer.get(b"Info").ok().and_then(|o| doc.dereference(o).ok()).and_then(|(_, o)| o.as_dict().ok());
    let Some(info) = info else { return DocMeta::default() };
    let text = |key: &[u8]| {
        let obj = doc.dereference(info.get(key).ok()?).ok()?.1;
        let raw = pdf_extract::decode_text_string(obj).ok()?;
        let (canonical, _) = canonicalize(&raw);
        let clean = one_line(&canonical);
        (!clean.is_empty()).then_some(clean)
    };
    DocMeta {
        title: text(b"Title"),
        publisher: text(b"Author"),
        date: text(b"CreationDate").and_then(|d| pdf_date(&d)),
        address: None,
    }
}

/// A PDF date (`D:YYYYMMDDHHmmSSOHH'mm'`, every part after the year
/// optional) at the precision it gives; an impossible day or month lowers
/// the precision rather than dropping the date.
fn pdf_date(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: Vec<u32> = s.chars().map_while(|c| c.to_digit(10)).collect();
    let num = |r: std::ops::Range<usize>| digits.get(r).map(|d| d.iter().fold(0, |n, &x| n * 10 + x));
    let year = i32::try_from(num(0..4)?).ok().filter(|y| (1000..=9999).contains(y))?;
    let month = num(4..6).and_then(|m| u8::try_from(m).ok());
    let day = num(6..8).and_then(|d| u8::try_from(d).ok());
    month
        .zip(day)
        .and_then(|(m, d)| PartialDate::day(year, m, d))
        .or_else(|| month.and_then(|m| PartialDate::month(year, m)))
        .or(Some(PartialDate::year(year)))
}

/// Decoders that count the bytes a compressed stream inflates to without
/// producing them: a back-reference adds its length, so no window or
/// output buffer is needed, memory stays constant and time is linear in
/// the compressed size.
mod count {
    use std::sync::OnceLock;

    /// Bytes a raw DEFLATE stream (RFC 1951) inflates to, or some number
    /// above `limit` once it passes it. Damaged data counts what would be
    /// produced before the damage.
    pub fn inflated_size(data: &[u8], limit: u64) -> u64 {
        inflate(data, limit).0
    }

    /// Like [`inflated_size`], also giving how many input bytes were read.
    pub fn inflate(data: &[u8], limit: u64) -> (u64, usize) {
        let mut r = Bits::new(data);
        let mut total: u64 = 0;
        // Each block starts with BFINAL (1 bit), then BTYPE (2 bits).
        while let Some(header) = r.bits(3) {
            let (last, kind) = (header & 1, header >> 1);
            let ok = match kind {
                0 => stored(&mut r, &mut total),
                1 => {
                    let (lit, dist) = fixed();
                    codes(&mut r, lit, dist, &mut total, limit)
                }
                2 => match dynamic_tables(&mut r) {
                    Some((lit, dist)) => codes(&mut r, &lit, &dist, &mut total, limit),
                    None => false,
                },
                _ => false,
            };
            if !ok || total > limit || last == 1 {
                break;
            }
        }
        (total, r.pos.min(data.len()))
    }

    /// An LSB-first bit reader.
    struct Bits<'a> {
        data: &'a [u8],
        pos: usize,
        buf: u32,
        count: u32,
    }

    impl<'a> Bits<'a> {
        fn new(data: &'a [u8]) -> Self {
            Bits { data, pos: 0, buf: 0, count: 0 }
        }

        fn bits(&mut self, need: u32) -> Option<u32> {
            while self.count < need {
                let byte = *self.data.get(self.pos)?;
                self.pos += 1;
                self.buf |= u32::from(byte) << self.count;
                self.count += 8;
            }
            let v = self.buf & ((1u32 << need) - 1);
            self.buf >>= need;
            self.count -= need;
            Some(v)
        }
    }

    fn stored(r: &mut Bits, total: &mut u64) -> bool {
        r.buf = 0;
        r.count = 0;
        let Some(h) = r.data.get(r.pos..r.pos + 4) else { return false };
        let len = u16::from_le_bytes([h[0], h[1]]);
        let nlen = u16::from_le_bytes([h[2], h[3]]);
        if len != !nlen {
            return false;
        }
        r.pos += 4;
        let available = (r.data.len() - r.pos).min(usize::from(len));
        r.pos += available;
        *total += available as u64;
        available == usize::from(len)
    }

    /// A canonical Huffman code: how many codes of each length, and the
    /// symbols in code order.
    struct Huffman {
        count: [u16; 16],
        symbol: Vec<u16>,
    }

    impl Huffman {
        /// `None` when the lengths over-subscribe the code space.
        fn new(lengths: &[u8]) -> Option<Huffman> {
            let mut count = [0u16; 16];
            for &l in lengths {
                count[usize::from(l)] += 1;
            }
            let mut left: i32 = 1;
            for &c in &count[1..] {
                left = (left << 1) - i32::from(c);
                if left < 0 {
                    return None;
                }
            }
            let mut offs = [0u16; 16];
            for len in 1..15 {
                offs[len + 1] = offs[len] + count[len];
            }
            let mut symbol = vec![0u16; lengths.len()];
            for (sym, &l) in lengths.iter().enumerate() {
                if l != 0 {
                    symbol[usize::from(offs[usize::from(l)])] = sym as u16;
                    offs[usize::from(l)] += 1;
                }
            }
            count[0] = 0;
            Some(Huffman { count, symbol })
        }

        fn decode(&self, r: &mut Bits) -> Option<u16> {
            let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
            for len in 1..16 {
                code |= r.bits(1)? as i32;
                let count = i32::from(self.count[len]);
                if code - count < first {
                    return self.symbol.get((index + code - first) as usize).copied();
                }
                index += count;
                first = (first + count) << 1;
                code <<= 1;
            }
            None
        }
    }

    fn fixed() -> (&'static Huffman, &'static Huffman) {
        static TABLES: OnceLock<(Huffman, Huffman)> = OnceLock::new();
        let (lit, dist) = TABLES.get_or_init(|| {
            let mut lengths = [8u8; 288];
            lengths[144..256].fill(9);
            lengths[256..280].fill(7);
            let lit = Huffman::new(&lengths).unwrap_or(Huffman { count: [0; 16], symbol: Vec::new() });
            let dist = Huffman::new(&[5u8; 30]).unwrap_or(Huffman { count: [0; 16], symbol: Vec::new() });
            (lit, dist)
        });
        (lit, dist)
    }

    fn dynamic_tables(r: &mut Bits) -> Option<(Huffman, Huffman)> {
        const ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
        let nlen = r.bits(5)? as usize + 257;
        let ndist = r.bits(5)? as usize + 1;
        let ncode = r.bits(4)? as usize + 4;
        if nlen > 286 || ndist > 30 {
            return None;
        }
        let mut lengths = [0u8; 320];
        for &i in &ORDER[..ncode] {
            lengths[i] = r.bits(3)? as u8;
        }
        let lencode = Huffman::new(&lengths[..19])?;
        let mut index = 0;
        while index < nlen + ndist {
            let sym = lencode.decode(r)?;
            if sym < 16 {
                lengths[index] = sym as u8;
                index += 1;
                continue;
            }
            let (value, repeat) = match sym {
                16 => (*lengths.get(index.checked_sub(1)?)?, 3 + r.bits(2)? as usize),
                17 => (0, 3 + r.bits(3)? as usize),
                _ => (0, 11 + r.bits(7)? as usize),
            };
            if index + repeat > nlen + ndist {
                return None;
            }
            lengths[index..index + repeat].fill(value);
            index += repeat;
        }
        if lengths[256] == 0 {
            return None;
        }
        let lit = Huffman::new(&lengths[..nlen])?;
        let dist = Huffman::new(&lengths[nlen..nlen + ndist])?;
        Some((lit, dist))
    }

    fn codes(r: &mut Bits, lit: &Huffman, dist: &Huffman, total: &mut u64, limit: u64) -> bool {
        const LBASE: [u16; 29] = [
            3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
            227, 258,
        ];
        const LEXT: [u8; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
        const DBASE: [u16; 30] = [
            1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
            4097, 6145, 8193, 12289, 16385, 24577,
        ];
        const DEXT: [u8; 30] =
            [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
        loop {
            let Some(sym) = lit.decode(r) else { return false };
            match sym {
                0..=255 => *total += 1,
                256 => return true,
                _ => {
                    let i = usize::from(sym - 257);
                    let (Some(&base), Some(&extra)) = (LBASE.get(i), LEXT.get(i)) else { return false };
                    let Some(more) = r.bits(u32::from(extra)) else { return false };
                    let len = u64::from(base) + u64::from(more);
                    let Some(d) = dist.decode(r).map(usize::from) else { return false };
                    let (Some(&dbase), Some(&dextra)) = (DBASE.get(d), DEXT.get(d)) else { return false };
                    let Some(dmore) = r.bits(u32::from(dextra)) else { return false };
                    if u64::from(dbase) + u64::from(dmore) > *total {
                        return false; // distance too far back
                    }
                    *total += len;
                    if *total > limit {
                        return true;
                    }
                }
            }
        }
    }

    /// Bytes a PDF LZW stream (MSB-first, 9–12-bit codes, `early` code
    /// width change) decodes to, or some number above `limit` once it
    /// passes it.
    pub fn lzw_size(data: &[u8], early: bool, limit: u64) -> u64 {
        const CLEAR: usize = 256;
        const EOD: usize = 257;
        let mut lens = [1u32; 4096];
        let mut next = 258;
        let mut width = 9;
        let mut prev: Option<usize> = None;
        let (mut buf, mut have, mut pos) = (0u32, 0u32, 0usize);
        let mut total: u64 = 0;
        loop {
            while have < width {
                let Some(&byte) = data.get(pos) else { return total };
                pos += 1;
                buf = (buf << 8) | u32::from(byte);
                have += 8;
            }
            let code = ((buf >> (have - width)) & ((1 << width) - 1)) as usize;
            have -= width;
            buf &= (1u32 << have).wrapping_sub(1);
            if code == CLEAR {
                next = 258;
                width = 9;
                prev = None;
                continue;
            }
            if code == EOD {
                return total;
            }
            let len = match prev {
                _ if code < 256 => 1,
                Some(_) if code < next => lens[code],
                Some(p) if code == next => lens[p] + 1,
                _ => return total,
            };
            total += u64::from(len);
            if total > limit {
                return total;
            }
            if let Some(p) = prev
                && next < 4096
            {
                lens[next] = lens[p] + 1;
                next += 1;
            }
            prev = Some(code);
            let switch = next + usize::from(early);
            width = if switch >= 2048 {
                12
            } else if switch >= 1024 {
                11
            } else if switch >= 512 {
                10
            } else {
                9
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (run scripts/make-pdf-fixtures.py)", path.display()))
    }

    fn read(name: &str) -> Result<Parsed, ReadErrorKind> {
        PdfReader.read(&fixture(name))
    }

    fn pdf_message(r: Result<Parsed, ReadErrorKind>) -> String {
        match r {
            Err(ReadErrorKind::Pdf(m)) => m,
            Err(other) => panic!("expected a Pdf error, got {other:?}"),
            Ok(p) => panic!("expected a Pdf error, read {:?}", p.text),
        }
    }

    #[test]
    fn report_reads_both_pages_in_order() {
        let p = read("pdf_report.pdf").unwrap();
        let order = [
            "Armed Groups in the Northern Districts",
            "The Northern Front expanded its presence in Kassa district in early\n2023.",
            "Commander Idris Musa rejected the talks in March 2023.",
            "In June 2023 the group clashed with the Eastern Brigade near the",
            "At least twelve civilians were killed\nnear the caf\u{e9} on the market square.",
            "which its spokesman denies.",
        ];
        let mut at = 0;
        for s in order {
            let found = p.text[at..].find(s).unwrap_or_else(|| panic!("{s:?} not after {at} in {:?}", p.text));
            at += found + s.len();
        }
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    }

    #[test]
    fn pages_and_paragraphs_are_blocks() {
        let p = read("pdf_report.pdf").unwrap();
        let blocks: Vec<&str> = p.text.split("\n\n").collect();
        assert_eq!(blocks.len(), 5, "{:?}", p.text);
        assert_eq!(blocks[0], "Armed Groups in the Northern Districts");
        assert!(blocks[2].starts_with("Its leadership"));
        // The page break is a block break.
        assert!(blocks[2].ends_with("March 2023."));
        assert!(blocks[3].starts_with("In June 2023"));
        assert!(!p.text.contains("\n\n\n") && !p.text.ends_with('\n'));
    }

    #[test]
    fn hyphenated_line_ends_are_rejoined_only_between_lowercase() {
        let p = read("pdf_report.pdf").unwrap();
        assert!(p.text.contains("the armed organisation recruited"), "{:?}", p.text);
        assert!(!p.text.contains("organi-"));
        // An uppercase letter after the hyphen keeps it, and the line end.
        assert!(p.text.contains("group\u{2019}s funding to Al-\nShabaab networks"), "{:?}", p.text);

        let joined = |lines: &[&str]| {
            let mut para = String::new();
            lines.iter().for_each(|l| join_line(&mut para, l));
            para
        };
        assert_eq!(joined(&["organi-", "sation"]), "organisation");
        assert_eq!(joined(&["d\u{e9}plac\u{e9}-", "es"]), "d\u{e9}plac\u{e9}es");
        assert_eq!(joined(&["ISIS-", "K"]), "ISIS-\nK");
        assert_eq!(joined(&["2023-", "2024"]), "2023-\n2024");
        assert_eq!(joined(&["pre-", "2023"]), "pre-\n2023");
        assert_eq!(joined(&["a -", "b"]), "a -\nb");
        assert_eq!(joined(&["Kas\u{ad}", "Sa"]), "KasSa");
        assert_eq!(paragraphs(" a \n b-\nc\n\n\n d \n"), ["a\nbc", "d"]);
    }

    #[test]
    fn info_dictionary_fills_meta() {
        let p = read("pdf_report.pdf").unwrap();
        assert_eq!(p.meta.title.as_deref(), Some("Armed Groups in the Northern Districts"));
        // Written as UTF-16BE with a byte-order mark.
        assert_eq!(p.meta.publisher.as_deref(), Some("Observatoire des conflits arm\u{e9}s"));
        assert_eq!(p.meta.date, PartialDate::day(2024, 1, 12));
        assert_eq!(p.meta.address, None);
    }

    #[test]
    fn pdf_dates_keep_their_precision() {
        assert_eq!(pdf_date("D:20240112093000+01'00'"), PartialDate::day(2024, 1, 12));
        assert_eq!(pdf_date("D:20240112"), PartialDate::day(2024, 1, 12));
        assert_eq!(pdf_date("20240112"), PartialDate::day(2024, 1, 12));
        assert_eq!(pdf_date("D:202402"), PartialDate::month(2024, 2));
        assert_eq!(pdf_date("D:20240231"), PartialDate::month(2024, 2));
        assert_eq!(pdf_date("D:2024"), Some(PartialDate::year(2024)));
        assert_eq!(pdf_date("D:20241301"), Some(PartialDate::year(2024)));
        assert_eq!(pdf_date("D:0000"), None);
        assert_eq!(pdf_date("yesterday"), None);
    }

    #[test]
    fn every_offset_points_at_the_start_of_the_file() {
        let bytes = fixture("pdf_report.pdf");
        let doc = crate::read_bytes(Path::new("report.pdf"), &bytes).unwrap();
        assert_eq!(doc.format, Format::Pdf);
        for i in [0, 10, doc.text.len() / 2, doc.text.len()] {
            assert_eq!(doc.offsets.to_original(i), 0);
        }
        assert!(doc.offsets.len() <= 2);
    }

    #[test]
    fn truncated_pdf_does_not_panic_and_errs_in_one_line() {
        match read("pdf_truncated.pdf") {
            // Whatever survives of the first page may still read.
            Ok(p) => assert!(p.text.contains("Armed Groups"), "{:?}", p.text),
            Err(ReadErrorKind::Pdf(m)) => assert!(!m.is_empty() && !m.contains('\n'), "{m:?}"),
            Err(other) => panic!("unexpected {other:?}"),
        }
        let bytes = fixture("pdf_truncated.pdf");
        if let Err(e) = crate::read_bytes(Path::new("cut.pdf"), &bytes) {
            assert!(!e.to_string().contains('\n'), "{e}");
        }
    }

    #[test]
    fn scanned_pdf_has_no_text_layer() {
        let bytes = fixture("pdf_scanned.pdf");
        let err = crate::read_bytes(Path::new("scan.pdf"), &bytes).unwrap_err();
        assert!(matches!(err.kind, ReadErrorKind::NoTextLayer), "{err}");
    }

    #[test]
    fn encrypted_pdf_needing_a_password_is_refused() {
        let m = pdf_message(read("pdf_encrypted.pdf"));
        assert!(m.starts_with("encrypted PDF"), "{m}");
        assert!(!m.contains('\n'));
    }

    #[test]
    fn encrypted_pdf_with_empty_user_password_reads() {
        let p = read("pdf_encrypted_nopass.pdf").unwrap();
        assert!(p.text.contains("the armed organisation recruited"), "{:?}", p.text);
        assert_eq!(p.meta.title.as_deref(), Some("Armed Groups in the Northern Districts"));
        assert!(p.warnings.iter().any(|w| w.contains("encrypted")), "{:?}", p.warnings);
    }

    /// Peak resident memory of this process so far, from Linux's
    /// `/proc/self/status`.
    fn peak_rss_bytes() -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    }

    const BOMB_CHILD: &str = "DOSSIER_PDF_BOMB_CHILD";

    #[test]
    fn zip_bomb_is_refused_in_bounded_memory() {
        let bytes = fixture("pdf_zipbomb.pdf");
        assert!(bytes.len() < 300 * 1024);
        let started = std::time::Instant::now();
        let m = pdf_message(PdfReader.read(&bytes));
        assert!(m.contains("decompression bomb"), "{m}");
        assert!(started.elapsed().as_secs() < 30);

        // Peak memory, measured in a process of its own (this one runs
        // other tests alongside): inflating the bomb would take 200 MiB.
        let Ok(exe) = std::env::current_exe() else { return };
        let child = std::process::Command::new(exe)
            .args(["pdf::tests::zip_bomb_child", "--exact", "--nocapture", "--test-threads=1"])
            .env(BOMB_CHILD, "1")
            .output();
        let Ok(child) = child else { return };
        let stdout = String::from_utf8_lossy(&child.stdout);
        assert!(child.status.success(), "{stdout}");
        let peak = stdout.lines().find_map(|l| l.strip_prefix("PEAK_RSS ")).and_then(|n| n.trim().parse::<u64>().ok());
        if let Some(peak) = peak {
            assert!(peak < 64 << 20, "peak RSS {} MiB", peak >> 20);
        }
    }

    /// Reads the bomb and prints the process's peak memory, when
    /// [`zip_bomb_is_refused_in_bounded_memory`] runs it in a child process.
    #[test]
    fn zip_bomb_child() {
        if std::env::var_os(BOMB_CHILD).is_none() {
            return;
        }
        let m = pdf_message(read("pdf_zipbomb.pdf"));
        assert!(m.contains("decompression bomb"), "{m}");
        if let Some(peak) = peak_rss_bytes() {
            println!("PEAK_RSS {peak}");
        }
    }

    /// The bomb's compressed content stream, cut out of the fixture.
    fn bomb_stream() -> Vec<u8> {
        let bytes = fixture("pdf_zipbomb.pdf");
        let doc = Document::load_mem(&bytes).unwrap();
        let bomb = doc.objects.values().filter_map(|o| o.as_stream().ok()).find(|s| s.content.len() > 100_000);
        bomb.unwrap().content.clone()
    }

    #[test]
    fn each_bomb_guard_catches_the_bomb_on_its_own() {
        let bytes = fixture("pdf_zipbomb.pdf");
        // 1. Every stream is counted from the file bytes before lopdf loads
        //    anything, cross-reference streams included.
        let data = bomb_stream();
        let mut xref = format!(
            "%PDF-1.5\n9 0 obj\n<< /Type /XRef /Size 10 /W [1 2 1] /Filter /FlateDecode /Length {} >>\nstream\n",
            data.len()
        )
        .into_bytes();
        xref.extend_from_slice(&data);
        xref.extend_from_slice(b"\nendstream\nendobj\nstartxref\n9\n%%EOF\n");
        assert!(pdf_message(PdfReader.read(&xref)).contains("decompression bomb"));
        assert!(prescan(&bytes).is_err());
        // 2. The load filter empties and marks the stream.
        let options = LoadOptions { filter: Some(load_filter), ..LoadOptions::default() };
        let doc = Document::load_mem_with_options(&bytes, options).unwrap();
        let marked = doc.objects.values().filter_map(|o| o.as_stream().ok()).find(|s| s.dict.get(OVERSIZE_KEY).is_ok());
        assert!(marked.unwrap().content.is_empty());
        // 3. Without the filter, the check after loading refuses it.
        let mut doc = Document::load_mem(&bytes).unwrap();
        assert!(matches!(guard_streams(&mut doc), Err(ReadErrorKind::Pdf(m)) if m.contains("decompression bomb")));
    }

    #[test]
    fn extracted_text_is_capped() {
        let doc = Document::load_mem(&fixture("pdf_report.pdf")).unwrap();
        assert!(matches!(extract_page(&doc, 1, 20), Err(PageError::TooMuchText)));
        assert!(extract_page(&doc, 1, 10_000).unwrap().contains("organi-"));
        assert!(matches!(extract_page(&doc, 3, 10_000), Err(PageError::Failed(_))));
    }

    #[test]
    fn hostile_bytes_never_panic_and_errors_are_one_line() {
        let report = fixture("pdf_report.pdf");
        let mut inputs: Vec<Vec<u8>> = vec![
            b"%PDF-1.4\n".to_vec(),
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF".to_vec(),
            report[..report.len() - 40].to_vec(),
        ];
        // Damage the report at many places, one byte at a time.
        for (i, at) in (0..report.len()).step_by(37).enumerate() {
            let mut damaged = report.clone();
            damaged[at] = [b'0', b'(', b'\xff', b' ', b'R', b'>'][i % 6];
            inputs.push(damaged);
        }
        let (mut refused, mut skipped) = (0, 0);
        for bytes in &inputs {
            match PdfReader.read(bytes) {
                Ok(p) => {
                    assert!(p.warnings.iter().all(|w| !w.contains('\n')));
                    skipped += p.warnings.iter().filter(|w| w.ends_with("page skipped")).count();
                }
                Err(ReadErrorKind::Pdf(m)) => {
                    assert!(!m.is_empty() && !m.contains('\n'), "{m:?}");
                    refused += 1;
                }
                Err(other) => panic!("unexpected {other:?}"),
            }
        }
        // Some damage is fatal; some only costs a page, and the other reads.
        assert!(refused > 0 && skipped > 0, "refused {refused}, skipped {skipped}");
    }

    /// zlib-compresses `data` through `lopdf`; `None` when it does not
    /// shrink (then `lopdf` leaves it as it is).
    fn try_flate(data: &[u8]) -> Option<Vec<u8>> {
        let mut s = Stream::new(Dictionary::new(), data.to_vec());
        s.compress().unwrap();
        let compressed = s.dict.get(b"Filter").is_ok();
        compressed.then_some(s.content)
    }

    fn flate(data: &[u8]) -> Vec<u8> {
        try_flate(data).unwrap()
    }

    /// A zlib stream of stored (uncompressed) DEFLATE blocks.
    fn zlib_stored(data: &[u8]) -> Vec<u8> {
        let mut out = vec![0x78, 0x01];
        let chunks: Vec<&[u8]> = data.chunks(65535).collect();
        for (i, chunk) in chunks.iter().enumerate() {
            out.push(u8::from(i + 1 == chunks.len()));
            let len = chunk.len() as u16;
            out.extend(len.to_le_bytes());
            out.extend((!len).to_le_bytes());
            out.extend_from_slice(chunk);
        }
        let (mut a, mut b) = (1u32, 0u32);
        for &byte in data {
            a = (a + u32::from(byte)) % 65521;
            b = (b + a) % 65521;
        }
        out.extend(((b << 16) | a).to_be_bytes());
        out
    }

    /// Bytes a simple generator makes: compressible text, zeros, and noise
    /// (which zlib stores uncompressed).
    fn samples() -> Vec<Vec<u8>> {
        let mut x: u32 = 12345;
        let noise: Vec<u8> = (0..200_000)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (x >> 16) as u8
            })
            .collect();
        let text = "The Northern Front expanded its presence. ".repeat(5000).into_bytes();
        // Noise alone is not worth compressing; after text, zlib stores it.
        let mixed = [text.as_slice(), noise.as_slice(), text.as_slice()].concat();
        vec![text, vec![0u8; 1 << 20], noise, mixed, b"x".to_vec()]
    }

    #[test]
    fn deflate_counter_matches_the_real_decoder() {
        for data in samples() {
            let compressed = try_flate(&data).unwrap_or_else(|| zlib_stored(&data));
            assert_eq!(count::inflated_size(&compressed[2..], u64::MAX), data.len() as u64);
            let s = Stream::new(
                {
                    let mut d = Dictionary::new();
                    d.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                    d
                },
                compressed,
            );
            assert_eq!(decoded_size(&s, u64::MAX), s.decompressed_content().unwrap().len() as u64);
            // Past the limit it stops early.
            assert!(decoded_size(&s, 100) > 100 || data.len() <= 100);
        }
        assert_eq!(count::inflated_size(b"", 10), 0);
        assert_eq!(count::inflated_size(b"\xff\xff\xff", 10), 0);
    }

    /// A PDF-style LZW encoder (MSB-first, early change), for the test.
    fn lzw(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let (mut acc, mut nbits) = (0u64, 0u32);
        let mut emit = |code: usize, width: u32, out: &mut Vec<u8>| {
            acc = (acc << width) | code as u64;
            nbits += width;
            while nbits >= 8 {
                out.push((acc >> (nbits - 8)) as u8);
                nbits -= 8;
            }
        };
        let mut table = std::collections::HashMap::new();
        let mut next = 258;
        let mut width = 9;
        emit(256, width, &mut out);
        let mut w = data[0] as usize;
        for &c in &data[1..] {
            if let Some(&code) = table.get(&(w, c)) {
                w = code;
                continue;
            }
            emit(w, width, &mut out);
            table.insert((w, c), next);
            next += 1;
            if next >= 4000 {
                emit(256, width, &mut out);
                table.clear();
                next = 258;
                width = 9;
            }
            while next + 1 > (1 << width) && width < 12 {
                width += 1;
            }
            w = c as usize;
        }
        emit(w, width, &mut out);
        while next + 1 > (1 << width) && width < 12 {
            width += 1;
        }
        emit(257, width, &mut out);
        emit(0, 7, &mut out);
        out
    }

    #[test]
    fn lzw_counter_matches_the_real_decoder() {
        for data in samples() {
            let s = Stream::new(
                {
                    let mut d = Dictionary::new();
                    d.set("Filter", Object::Name(b"LZWDecode".to_vec()));
                    d
                },
                lzw(&data),
            );
            let real = s.decompressed_content().unwrap();
            assert_eq!(real, data, "the test encoder is wrong");
            assert_eq!(decoded_size(&s, u64::MAX), data.len() as u64);
        }
    }

    #[test]
    fn chained_filters_are_measured_stage_by_stage() {
        // 16 MiB of zeros compressed twice is a few hundred bytes.
        let inner = flate(&vec![0u8; 16 << 20]);
        let outer = flate(&inner);
        let mut d = Dictionary::new();
        let names = ["FlateDecode", "FlateDecode"].map(|n| Object::Name(n.as_bytes().to_vec()));
        d.set("Filter", Object::Array(names.to_vec()));
        let s = Stream::new(d, outer);
        assert!(decoded_size(&s, 1 << 20) > 1 << 20);
        assert_eq!(decoded_size(&s, 64 << 20), 16 << 20);
    }
}

thread_local! {
    /// Set while a PDF library call runs under `quiet_catch`.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// `catch_unwind` that keeps the caught panic's message off stderr: a
/// malformed PDF is reported as one error line, not a backtrace. Panics
/// anywhere else still reach the previous hook.
fn quiet_catch<R>(f: AssertUnwindSafe<impl FnOnce() -> R>) -> std::thread::Result<R> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = std::panic::catch_unwind(f);
    QUIET.with(|q| q.set(was));
    result
}
