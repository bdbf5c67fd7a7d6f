//! How a run of words becomes a lookup key, and the key's hash.
//!
//! The build script writes the name table with these functions and
//! [`Gazetteer::find`](super::Gazetteer::find) looks keys up with them, so
//! the two agree byte for byte: this file uses only `std`, and the build
//! script includes it as it is.

/// Most words a name may have (`Federally Administered Tribal Areas` has
/// four); longer names are not looked up.
#[cfg_attr(not(test), allow(dead_code))] // read by `compile` (build script, tests)
pub const MAX_WORDS: usize = 12;

/// Letters, digits and combining marks make up words.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Latin with diacritics, Greek, Cyrillic, Arabic, and the punctuation,
    // superscripts and currency signs of U+2000..U+2100 (dashes, quotes,
    // footnote marks): from tables built once (the Unicode lookup behind
    // `is_alphanumeric` is slow, and the gazetteer's names ask it about
    // millions of characters).
    static BELOW_800: std::sync::OnceLock<[u64; 32]> = std::sync::OnceLock::new();
    static FROM_2000: std::sync::OnceLock<[u64; 4]> = std::sync::OnceLock::new();
    let code = u32::from(c);
    let (table, at): (&[u64], u32) = match code {
        ..0x800 => (BELOW_800.get_or_init(|| word_bits(0)), code),
        0x2000..0x2100 => (FROM_2000.get_or_init(|| word_bits(0x2000)), code - 0x2000),
        _ => return is_word_char_slow(c),
    };
    table.get((at / 64) as usize).is_some_and(|w| w >> (at % 64) & 1 == 1)
}

/// [`is_word_char_slow`] of the `64 * N` characters from `from`, one bit
/// each.
fn word_bits<const N: usize>(from: u32) -> [u64; N] {
    let mut t = [0u64; N];
    for (i, w) in t.iter_mut().enumerate() {
        for bit in 0..64 {
            let code = from + 64 * i as u32 + bit;
            if char::from_u32(code).is_some_and(is_word_char_slow) {
                *w |= 1 << bit;
            }
        }
    }
    t
}

/// [`is_word_char`] without the tables.
pub(super) fn is_word_char_slow(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\u{300}'..='\u{36f}' | '\u{64b}'..='\u{65f}' | '\u{670}' | '\u{6d6}'..='\u{6ed}' | '\u{200c}' | '\u{200d}')
}

/// True when [`push_gap`] writes `gap` as it is: ASCII with single plain
/// spaces only (nearly every name and gap).
/// One pass over the bytes: the matcher asks this of every gap it reads.
pub fn plain_gap(gap: &str) -> bool {
    let mut space = false;
    for &b in gap.as_bytes() {
        if !b.is_ascii() || matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r') || (space && b == b' ') {
            return false;
        }
        space = b == b' ';
    }
    true
}

/// Appends text the way keys write it: runs of whitespace as one space
/// (between two words, or inside a name when the table is built).
pub fn push_gap(out: &mut String, gap: &str) {
    if plain_gap(gap) {
        out.push_str(gap);
        return;
    }
    let mut space = false;
    for c in gap.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    if space {
        out.push(' ');
    }
}

/// The hash of a key, fed a piece at a time so that the matcher extends a
/// run by one word without rehashing it, and ASCII-case-insensitive so that
/// it hashes the text as written (keys are ASCII-lowercased).
#[derive(Debug, Clone, Copy)]
pub struct KeyHash(u64);

impl Default for KeyHash {
    /// The state of an empty key.
    fn default() -> Self {
        KeyHash(0xcbf2_9ce4_8422_2325)
    }
}

impl KeyHash {
    /// The finished hash of a whole key.
    #[cfg_attr(not(test), allow(dead_code))] // used by `compile` (build script, tests)
    pub fn of(key: &str) -> u64 {
        let mut h = KeyHash::default();
        h.feed(key.as_bytes());
        h.finish()
    }

    /// Adds bytes (FNV-1a over the ASCII-lowercased bytes).
    pub fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// The hash of the bytes so far, mixed so that its low bits (the slot)
    /// and high bits (the tag) both depend on every byte.
    pub fn finish(self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}
