//! The `sources.offset_map` BLOB.
//!
//! Layout: the anchors as `(canonical, original)` pairs of little-endian
//! `u64`, in order, followed by `original_len` as one little-endian `u64`.
//! So the length is always `16 * anchors + 8`. Fixed-width little-endian
//! keeps it trivial to decode from any language.

use dossier_model::OffsetMap;

use crate::error::{Result, StoreError};

/// Encodes an offset map for storage.
pub fn encode_offset_map(map: &OffsetMap) -> Vec<u8> {
    let mut out = Vec::with_capacity(map.len() * 16 + 8);
    for (c, o) in map.anchors() {
        out.extend_from_slice(&(c as u64).to_le_bytes());
        out.extend_from_slice(&(o as u64).to_le_bytes());
    }
    out.extend_from_slice(&(map.original_len() as u64).to_le_bytes());
    out
}

/// Decodes what [`encode_offset_map`] wrote; a malformed blob is
/// [`StoreError::Corrupt`], never a panic.
pub fn decode_offset_map(blob: &[u8]) -> Result<OffsetMap> {
    let corrupt = |why: &str| StoreError::Corrupt(format!("offset map: {why}"));
    if blob.len() < 8 || !(blob.len() - 8).is_multiple_of(16) {
        return Err(corrupt(&format!("{} bytes is not 16 * n + 8", blob.len())));
    }
    let mut words = blob.chunks_exact(8).map(|w| {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        usize::try_from(u64::from_le_bytes(b)).map_err(|_| corrupt("offset does not fit in memory"))
    });
    let n = (blob.len() - 8) / 16;
    let mut anchors = Vec::with_capacity(n);
    for _ in 0..n {
        let (Some(c), Some(o)) = (words.next(), words.next()) else { return Err(corrupt("truncated")) };
        anchors.push((c?, o?));
    }
    let original_len = words.next().ok_or_else(|| corrupt("truncated"))??;

    let mut map = OffsetMap::new(original_len);
    let mut last: Option<(usize, usize)> = None;
    for (c, o) in anchors {
        if let Some((lc, lo)) = last
            && (c <= lc || o < lo)
        {
            return Err(corrupt("anchors out of order"));
        }
        if o > original_len {
            return Err(corrupt("anchor past the end of the original"));
        }
        map.anchor(c, o);
        last = Some((c, o));
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> OffsetMap {
        // original "a\r\nb\u{a0}c" → canonical "a\nb c": '\r' dropped, NBSP (2 bytes) made plain.
        let mut m = OffsetMap::new(7);
        m.anchor(1, 2);
        m.anchor(4, 6);
        m
    }

    #[test]
    fn offset_map_round_trips() {
        // `OffsetMap::default()` has no anchors at all; it decodes to the
        // `(0, 0)` anchor `OffsetMap::new` starts with, which maps the same.
        for map in [sample(), OffsetMap::identity(0), OffsetMap::identity(12_345_678_901), OffsetMap::default()] {
            let blob = encode_offset_map(&map);
            assert_eq!(blob.len(), map.len() * 16 + 8);
            let back = decode_offset_map(&blob).unwrap();
            if !map.is_empty() {
                assert_eq!(back, map);
            }
            assert_eq!(back.original_len(), map.original_len());
            for c in 0..8 {
                assert_eq!(back.to_original(c), map.to_original(c), "offset {c}");
            }
        }
    }

    #[test]
    fn layout_is_little_endian_pairs_then_length() {
        let blob = encode_offset_map(&sample());
        assert_eq!(&blob[..8], &0u64.to_le_bytes());
        assert_eq!(&blob[16..24], &1u64.to_le_bytes());
        assert_eq!(&blob[24..32], &2u64.to_le_bytes());
        assert_eq!(&blob[blob.len() - 8..], &7u64.to_le_bytes());
    }

    #[test]
    fn malformed_blobs_are_corrupt_not_panics() {
        for blob in [&b""[..], &[0u8; 7], &[0u8; 9], &[0u8; 23]] {
            assert!(matches!(decode_offset_map(blob), Err(StoreError::Corrupt(_))), "{} bytes", blob.len());
        }
        let mut reversed = Vec::new();
        for w in [5u64, 5, 1, 1, 10] {
            reversed.extend_from_slice(&w.to_le_bytes());
        }
        assert!(matches!(decode_offset_map(&reversed), Err(StoreError::Corrupt(_))));
    }
}
