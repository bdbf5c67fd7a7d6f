//! The map from canonical text back to the original bytes.

/// Anchors `(canonical, original)` in increasing order of both. Between two
/// anchors the texts run in step byte for byte; an anchor is written
/// wherever the reader changed the text (a dropped `\r`, a no-break space
/// made plain, an NFC recomposition, markup removed).
///
/// A canonical offset inside a changed stretch maps to the start of that
/// stretch, so a span shown in the original always covers at least the
/// original bytes it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    anchors: Vec<(u64, u64)>,
    original_len: u64,
}

impl OffsetMap {
    /// An empty map for an original of `original_len` bytes; push anchors
    /// with [`OffsetMap::anchor`].
    pub fn new(original_len: usize) -> Self {
        OffsetMap { anchors: vec![(0, 0)], original_len: original_len as u64 }
    }

    /// The identity map: canonical text equals the original.
    pub fn identity(len: usize) -> Self {
        Self::new(len)
    }

    /// Records that canonical offset `canonical` corresponds to original
    /// offset `original`. Anchors must come in increasing order; an anchor at
    /// the same canonical offset as the last replaces it.
    pub fn anchor(&mut self, canonical: usize, original: usize) {
        let (c, o) = (canonical as u64, original as u64);
        let n = self.anchors.len();
        match self.anchors.last().copied() {
            // A later anchor at the same canonical offset corrects the last
            // one, as long as the map stays monotonic.
            Some(last) if last.0 == c => {
                let floor = if n >= 2 { self.anchors[n - 2].1 } else { 0 };
                if let Some(last) = self.anchors.last_mut() {
                    last.1 = o.max(floor);
                }
            }
            // Skip anchors that the running delta already implies.
            Some(last) if last.0 < c && last.1 <= o && o - last.1 != c - last.0 => self.anchors.push((c, o)),
            None => self.anchors.push((c, o)),
            _ => {}
        }
    }

    /// The original byte offset of a canonical offset.
    pub fn to_original(&self, canonical: usize) -> usize {
        let c = canonical as u64;
        let i = self.anchors.partition_point(|a| a.0 <= c);
        let (ac, ao) = if i == 0 { (0, 0) } else { self.anchors[i - 1] };
        let mut o = ao + (c - ac);
        if let Some(next) = self.anchors.get(i) {
            o = o.min(next.1);
        }
        o.min(self.original_len) as usize
    }

    /// Number of anchors (a measure of how much the reader changed).
    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    /// True when the map holds no anchors at all.
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    /// The anchors, for storage.
    pub fn anchors(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.anchors.iter().map(|&(c, o)| (c as usize, o as usize))
    }

    /// Length of the original in bytes.
    pub fn original_len(&self) -> usize {
        self.original_len as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_through_a_shrinking_replacement() {
        // original "a\r\nb": canonical "a\nb"; '\r' dropped at original 1.
        let mut m = OffsetMap::new(4);
        m.anchor(1, 2);
        assert_eq!(m.to_original(0), 0);
        assert_eq!(m.to_original(1), 2);
        assert_eq!(m.to_original(2), 3);
        assert_eq!(m.to_original(3), 4);
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn redundant_anchors_are_not_stored() {
        let mut m = OffsetMap::new(10);
        m.anchor(3, 3);
        m.anchor(5, 5);
        assert_eq!(m.len(), 1);
    }
}
