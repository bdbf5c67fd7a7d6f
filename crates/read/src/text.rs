//! Plain text: UTF-8, or Windows-1252 when the bytes are not valid UTF-8.

use dossier_model::Format;

use crate::normalize::TextBuilder;
use crate::{Parsed, ReadErrorKind, Reader};

/// Reads `.txt` files.
pub struct TextReader;

impl Reader for TextReader {
    fn format(&self) -> Format {
        Format::Text
    }

    fn read(&self, bytes: &[u8]) -> Result<Parsed, ReadErrorKind> {
        let mut warnings = Vec::new();
        let mut b = TextBuilder::new(bytes.len());
        push_decoded(bytes, &mut b, &mut warnings);
        if b.dropped_controls() > 0 {
            warnings.push(format!("dropped {} control characters", b.dropped_controls()));
        }
        let (text, offsets) = b.finish();
        Ok(Parsed { text, offsets, warnings, ..Parsed::default() })
    }
}

/// Decodes `bytes` into the builder: UTF-8 (a leading BOM is dropped by the
/// builder), else Windows-1252, whose every byte is one character.
pub(crate) fn push_decoded(bytes: &[u8], b: &mut TextBuilder, warnings: &mut Vec<String>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => b.push_original(s, 0),
        Err(e) => {
            warnings.push(format!(
                "not valid UTF-8 (first bad byte at offset {}); decoded as Windows-1252",
                e.valid_up_to()
            ));
            let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            // Windows-1252 maps every byte to exactly one character.
            for (i, c) in decoded.chars().enumerate() {
                b.push_char_from(c, i, 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_is_decoded_with_offsets_per_byte() {
        // "Caf\xe9 \x93quoted\x94 \x96 10\xa0000"
        let bytes = b"Caf\xe9 \x93quoted\x94 \x96 10\xa0000";
        // "000" after the no-break space is byte 19 of the original.
        let p = TextReader.read(bytes).unwrap();
        assert_eq!(p.text, "Caf\u{e9} \u{201c}quoted\u{201d} \u{2013} 10 000");
        assert!(p.warnings[0].contains("Windows-1252"));
        let q = p.text.find("quoted").unwrap();
        assert_eq!(p.offsets.to_original(q), 6);
        assert_eq!(p.offsets.to_original(p.text.len()), bytes.len());
        assert_eq!(p.offsets.to_original(p.text.rfind("000").unwrap()), 19);
    }

    #[test]
    fn bom_is_dropped() {
        let p = TextReader.read("\u{feff}Title\r\n".as_bytes()).unwrap();
        assert_eq!(p.text, "Title\n");
        assert_eq!(p.offsets.to_original(0), 3);
    }
}
