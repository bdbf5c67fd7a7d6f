//! The precomputed gazetteer's layout: one little-endian byte table and one
//! string pool, written at build time by `compile` and read in place at run
//! time, so that loading is a header check rather than a parse.
//!
//! The table is [`MAGIC`], then each section's (start, length) as two u32,
//! in [`Sec`] order, then the sections. Strings are byte ranges of the pool.
//! This file uses only `std`: the build script includes it as it is.

/// Identifies the format; bump the digit when the layout changes.
pub const MAGIC: [u8; 8] = *b"DGAZTAB2";

/// The sections, in file order.
#[cfg_attr(not(test), allow(dead_code))] // written by `compile` (build script, tests)
#[derive(Debug, Clone, Copy)]
pub enum Sec {
    /// u32: places, most words in a key, skipped rows, slots.
    Scalars,
    /// u32 per place: where each of its [`FIELDS`] starts in the pool (each
    /// ends where the next begins), then one final end.
    Fields,
    /// u8 per place: its kind's index in [`KIND_NAMES`].
    Kinds,
    /// u8 per place: [`HAS_POPULATION`], [`HAS_LAT`], [`HAS_LON`].
    Flags,
    /// u64 per place.
    Population,
    /// f64 bits per place.
    Lat,
    /// f64 bits per place.
    Lon,
    /// u32 per place: its country row, or [`NONE`].
    CountryOf,
    /// u32 per place: its admin-1 row, or [`NONE`].
    Admin1Of,
    /// u32 per place: its admin-2 row, or [`NONE`].
    Admin2Of,
    /// u32 per place: place indices sorted by id (bytewise).
    ById,
    /// (place, start, end) per note, by place.
    Notes,
    /// (region, start, end) per region with members, by region; start and
    /// end index `MemberIds`.
    Members,
    /// u32 place indices.
    MemberIds,
    /// (node, tag) per slot of the open-addressed name table (see
    /// [`Tables::lookup`]).
    Slots,
    /// u32 per key: where it starts in the pool, then one final end.
    KeyStarts,
    /// u32 per key: where its entries start, then one final end.
    EntryStarts,
    /// (place | [`PRIMARY`], exact form or [`NONE`]) per entry.
    Entries,
    /// u32 per exact (case-sensitive) form: its start in the pool, then one
    /// final end.
    ExactStarts,
    /// u64 words of the name filter (see [`Tables::may_hold`]).
    Filter,
}

/// Number of sections.
pub const SECTIONS: usize = 20;

/// "No row" in the per-place u32 columns, "not exact" in entries.
pub const NONE: u32 = u32::MAX;
/// The place's fields in the pool, in this order.
pub const FIELDS: usize = 6;
/// Field indices.
pub const F_ID: usize = 0;
/// The primary name.
pub const F_NAME: usize = 1;
/// ISO 3166-1 code.
pub const F_COUNTRY: usize = 2;
/// ISO 3166-2 code (empty: none).
pub const F_ADMIN1: usize = 3;
/// Admin-2 id (empty: none).
pub const F_ADMIN2: usize = 4;
/// Aliases joined by `|`.
pub const F_ALIASES: usize = 5;
/// Flag bits.
pub const HAS_POPULATION: u8 = 1;
/// Flag bit.
pub const HAS_LAT: u8 = 2;
/// Flag bit.
pub const HAS_LON: u8 = 4;
/// Entry bit: the name is the place's primary name (or its plain form).
pub const PRIMARY: u32 = 1 << 31;
/// Slot bit: a longer key continues this one.
pub const CONTINUED: u32 = 1 << 31;
/// Slot node of a string that only begins longer keys (with
/// [`CONTINUED`], it must still differ from [`EMPTY`]).
pub const PREFIX_ONLY: u32 = CONTINUED - 2;
/// Slot node of an empty slot.
pub const EMPTY: u32 = u32::MAX;
/// Kinds by index, as the TSV files name them.
#[cfg_attr(not(test), allow(dead_code))] // written by `compile` (build script, tests)
pub const KIND_NAMES: [&str; 5] = ["country", "admin1", "admin2", "city", "region"];

/// A key's first slot.
pub fn home(hash: u64, slots: usize) -> usize {
    (hash as usize) & slots.saturating_sub(1)
}

/// The bits of a key's hash kept in its slot.
pub fn tag(hash: u64) -> u32 {
    (hash >> 32) as u32
}

/// Bits of the name filter per table node (rounded up to whole words): a
/// quarter of a megabyte for the bundled table, so that it stays in the L2
/// cache the four-megabyte slot array misses, and about one string in
/// twenty that is no name or beginning passes it.
#[cfg_attr(not(test), allow(dead_code))] // read by `compile` (build script, tests)
pub const FILTER_BITS_PER_NODE: usize = 8;

/// The name filter's word for a key's hash, and the three bits of it the
/// key sets (blocked Bloom filter: one word, so one cache line, per probe).
/// The word comes from the hash's high half, the bits from its low bits.
pub fn filter_bits(hash: u64, words: usize) -> (usize, u64) {
    let word = (((hash >> 32) * words as u64) >> 32) as usize;
    let mask = 1u64 << (hash & 63) | 1u64 << ((hash >> 6) & 63) | 1u64 << ((hash >> 12) & 63);
    (word, mask)
}

/// A little-endian u32 array inside the table (a trailing partial element
/// is ignored).
#[derive(Debug, Clone, Copy, Default)]
pub struct U32s<'a>(&'a [[u8; 4]]);

impl<'a> U32s<'a> {
    /// The elements of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        U32s(bytes.as_chunks().0)
    }

    /// Element `i`, if there.
    #[inline]
    pub fn get(self, i: usize) -> Option<u32> {
        self.0.get(i).map(|&b| u32::from_le_bytes(b))
    }

    /// Number of elements.
    pub fn len(self) -> usize {
        self.0.len()
    }
}

/// A little-endian u64 array inside the table (a trailing partial element
/// is ignored).
#[derive(Debug, Clone, Copy, Default)]
pub struct U64s<'a>(&'a [[u8; 8]]);

impl<'a> U64s<'a> {
    /// The elements of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        U64s(bytes.as_chunks().0)
    }

    /// Number of elements.
    pub fn len(self) -> usize {
        self.0.len()
    }

    /// Element `i`, if there.
    #[inline]
    pub fn get(self, i: usize) -> Option<u64> {
        self.0.get(i).map(|&b| u64::from_le_bytes(b))
    }
}

/// The sections of a table, borrowed from it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tables<'a> {
    /// Every string.
    pub pool: &'a str,
    /// Size of the table.
    pub bytes: usize,
    /// Number of places.
    pub len: usize,
    /// Most words in any key.
    pub max_words: usize,
    /// Data rows that could not be parsed.
    pub skipped_rows: usize,
    /// The other sections, as [`Sec`] describes them.
    pub fields: U32s<'a>,
    pub kinds: &'a [u8],
    pub flags: &'a [u8],
    pub population: U64s<'a>,
    pub lat: U64s<'a>,
    pub lon: U64s<'a>,
    pub country_of: U32s<'a>,
    pub admin1_of: U32s<'a>,
    pub admin2_of: U32s<'a>,
    pub by_id: U32s<'a>,
    pub notes: U32s<'a>,
    pub members: U32s<'a>,
    pub member_ids: U32s<'a>,
    pub slots: U32s<'a>,
    pub key_starts: U32s<'a>,
    pub entry_starts: U32s<'a>,
    pub entries: U32s<'a>,
    pub exact_starts: U32s<'a>,
    pub filter: U64s<'a>,
}

impl<'a> Tables<'a> {
    /// Borrows the sections of `data`; `None` when it is not a table of
    /// this format.
    pub fn read(data: &'a [u8], pool: &'a str) -> Option<Tables<'a>> {
        if data.get(..MAGIC.len())? != MAGIC {
            return None;
        }
        let header = U32s::new(data.get(MAGIC.len()..MAGIC.len() + 8 * SECTIONS)?);
        let mut secs = [&data[..0]; SECTIONS];
        for (i, sec) in secs.iter_mut().enumerate() {
            let start = header.get(2 * i)? as usize;
            let len = header.get(2 * i + 1)? as usize;
            *sec = data.get(start..start.checked_add(len)?)?;
        }
        let [
            scalars,
            fields,
            kinds,
            flags,
            population,
            lat,
            lon,
            country_of,
            admin1_of,
            admin2_of,
            by_id,
            notes,
            members,
            member_ids,
            slots,
            key_starts,
            entry_starts,
            entries,
            exact_starts,
            filter,
        ] = secs;
        let scalars = U32s::new(scalars);
        let scalar = |i: usize| scalars.get(i).map(|v| v as usize);
        let slot_count = scalar(3)?;
        let t = Tables {
            pool,
            bytes: data.len(),
            len: scalar(0)?,
            max_words: scalar(1)?,
            skipped_rows: scalar(2)?,
            fields: U32s::new(fields),
            kinds,
            flags,
            population: U64s::new(population),
            lat: U64s::new(lat),
            lon: U64s::new(lon),
            country_of: U32s::new(country_of),
            admin1_of: U32s::new(admin1_of),
            admin2_of: U32s::new(admin2_of),
            by_id: U32s::new(by_id),
            notes: U32s::new(notes),
            members: U32s::new(members),
            member_ids: U32s::new(member_ids),
            slots: U32s::new(slots),
            key_starts: U32s::new(key_starts),
            entry_starts: U32s::new(entry_starts),
            entries: U32s::new(entries),
            exact_starts: U32s::new(exact_starts),
            filter: U64s::new(filter),
        };
        // The probe loop needs a power of two with an empty slot.
        let consistent = slot_count.is_power_of_two()
            && t.slots.len() == 2 * slot_count
            && t.fields.len() == FIELDS * t.len + 1
            && t.kinds.len() == t.len
            && t.flags.len() == t.len
            && t.country_of.len() == t.len
            && t.admin1_of.len() == t.len
            && t.admin2_of.len() == t.len
            && t.by_id.len() == t.len
            && t.filter.len() > 0;
        consistent.then_some(t)
    }

    /// The pool's bytes `start..end` of a u32 start array (`starts[i]` to
    /// `starts[i + 1]`).
    pub fn string(&self, starts: U32s<'a>, i: usize) -> &'a str {
        let (Some(a), Some(b)) = (starts.get(i), starts.get(i + 1)) else { return "" };
        self.pool.get(a as usize..b as usize).unwrap_or("")
    }

    /// Field `f` of place `i`.
    pub fn field(&self, i: usize, f: usize) -> &'a str {
        self.string(self.fields, i * FIELDS + f)
    }

    /// False only when no key and no beginning of a key has this hash (a
    /// Bloom filter over the table's nodes, see [`filter_bits`]): a cheap
    /// "no" for most of the capitalized words of a text, which are no
    /// place, where the slot array would cost a cache miss.
    #[inline]
    pub fn may_hold(&self, hash: u64) -> bool {
        let (word, mask) = filter_bits(hash, self.filter.len());
        self.filter.get(word).is_some_and(|w| w & mask == mask)
    }

    /// Looks up a run of words by its [`super::keys::KeyHash`] and text
    /// (compared ASCII-case-insensitively): the key's index if it is a
    /// name, and whether some longer name begins with it. Only names are
    /// compared in full; a string that only begins names is known by its
    /// tag, so a collision may say "continued" wrongly, which only makes
    /// the matcher look one word further (the build checks that no such
    /// tag hides a name).
    ///
    /// Most runs of words a text looks up are neither: the filter turns
    /// them away before the slot array is touched. It never turns away a
    /// key or a beginning, so it only ever changes a wrong "continued" into
    /// a right "not continued", and no name begins with such a run.
    pub fn lookup(&self, hash: u64, key: &[u8]) -> (Option<u32>, bool) {
        if !self.may_hold(hash) {
            return (None, false);
        }
        let slots = self.slots.len() / 2;
        let tag = tag(hash);
        let mut i = home(hash, slots);
        for _ in 0..slots {
            let Some(node) = self.slots.get(2 * i) else { break };
            if node == EMPTY {
                break;
            }
            if self.slots.get(2 * i + 1) == Some(tag) {
                let id = node & !CONTINUED;
                let continued = node & CONTINUED != 0;
                if id == PREFIX_ONLY {
                    return (None, continued);
                }
                // Keys are stored ASCII-lowercased (a test checks): only
                // the text's side needs lowering.
                let stored = self.string(self.key_starts, id as usize).as_bytes();
                if stored.len() == key.len() && stored.iter().zip(key).all(|(&s, &k)| s == k.to_ascii_lowercase()) {
                    return (Some(id), continued);
                }
            }
            i = (i + 1) & (slots - 1);
        }
        (None, false)
    }
}

/// Collects the sections, then writes the table.
#[cfg_attr(not(test), allow(dead_code))] // written by `compile` (build script, tests)
#[derive(Debug)]
pub struct Writer {
    sections: Vec<Vec<u8>>,
}

impl Default for Writer {
    fn default() -> Self {
        Writer { sections: vec![Vec::new(); SECTIONS] }
    }
}

#[cfg_attr(not(test), allow(dead_code))]
impl Writer {
    fn section(&mut self, s: Sec) -> &mut Vec<u8> {
        let i = s as usize;
        if self.sections.len() <= i {
            self.sections.resize(i + 1, Vec::new());
        }
        &mut self.sections[i]
    }

    /// Appends a byte.
    pub fn u8(&mut self, s: Sec, v: u8) {
        self.section(s).push(v);
    }

    /// Appends a u32.
    pub fn u32(&mut self, s: Sec, v: u32) {
        self.section(s).extend_from_slice(&v.to_le_bytes());
    }

    /// Appends a u64.
    pub fn u64(&mut self, s: Sec, v: u64) {
        self.section(s).extend_from_slice(&v.to_le_bytes());
    }

    /// The table: header, then the sections.
    pub fn finish(self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        let mut at = MAGIC.len() + 8 * SECTIONS;
        for s in &self.sections {
            out.extend_from_slice(&(at as u32).to_le_bytes());
            out.extend_from_slice(&(s.len() as u32).to_le_bytes());
            at += s.len();
        }
        for s in self.sections {
            out.extend(s);
        }
        out
    }
}
