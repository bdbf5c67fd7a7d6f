//! Byte scans that jump over the bytes a rule never stops at (the reader's
//! normalizer and the segmenter's rules).

/// A set of byte values, as a lookup table.
#[derive(Debug, Clone, Copy)]
pub struct ByteSet([bool; 256]);

impl ByteSet {
    /// The set of `bytes`.
    pub const fn new(bytes: &[u8]) -> Self {
        let mut table = [false; 256];
        let mut i = 0;
        while i < bytes.len() {
            table[bytes[i] as usize] = true;
            i += 1;
        }
        ByteSet(table)
    }

    /// The set of the bytes whose entry in `table` is true.
    pub const fn from_table(table: [bool; 256]) -> Self {
        ByteSet(table)
    }

    /// Whether `b` is in the set.
    pub const fn contains(&self, b: u8) -> bool {
        self.0[b as usize]
    }

    /// The first index at or after `from` whose byte is in the set, else
    /// `bytes.len()`. Looks at eight bytes per branch.
    #[inline]
    pub fn find_from(&self, bytes: &[u8], from: usize) -> usize {
        let t = &self.0;
        let mut i = from;
        while let Some(chunk) = bytes.get(i..i + 8) {
            if chunk.iter().fold(false, |hit, &b| hit | t[usize::from(b)]) {
                break;
            }
            i += 8;
        }
        while i < bytes.len() && !t[usize::from(bytes[i])] {
            i += 1;
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_member_at_or_after() {
        const SET: ByteSet = ByteSet::new(b"[.");
        let s = b"abcdefghijklmnop.qrstuvwxyz[";
        assert_eq!(SET.find_from(s, 0), 16);
        assert_eq!(SET.find_from(s, 16), 16);
        assert_eq!(SET.find_from(s, 17), s.len() - 1);
        assert_eq!(SET.find_from(b"abc", 0), 3);
        assert_eq!(SET.find_from(b"abc", 3), 3);
        for n in 0..20 {
            let mut v = vec![b'x'; n];
            v.push(b'.');
            assert_eq!(SET.find_from(&v, 0), n);
        }
    }
}
