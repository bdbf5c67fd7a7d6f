//! Recognising a file by its first line, and finding the columns the
//! importer reads. Column names are matched case-insensitively and by
//! name, never by position (except for header-less UCDP files, which have
//! no names), so a reordered export still reads correctly.

use csv::ByteRecord;

use crate::parse::decode;
use crate::row::Layout;

/// The 49 UCDP GED columns in their standard order: the names header-less
/// candidate files are read with (see `HEADERS.md`).
pub(crate) const UCDP_GED_COLUMNS: [&str; 49] = [
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
];

/// A header line's column names, trimmed and lower-cased.
pub(crate) struct Header {
    names: Vec<String>,
}

impl Header {
    /// Reads names from the file's first record, dropping a UTF-8 byte-order
    /// mark (Excel writes one; the csv crate keeps it when it is not told
    /// the file has headers).
    pub(crate) fn from_record(record: &ByteRecord) -> Self {
        Header::from_names(record.iter().enumerate().map(|(i, field)| {
            let field = if i == 0 { field.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(field) } else { field };
            decode(field).into_owned()
        }))
    }

    /// Names from any strings.
    pub(crate) fn from_names<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Self {
        Header {
            names: names
                .into_iter()
                .map(|n| n.as_ref().trim_start_matches('\u{feff}').trim().to_ascii_lowercase())
                .collect(),
        }
    }

    /// The standard UCDP GED names, for header-less files.
    pub(crate) fn ucdp_standard() -> Self {
        Header::from_names(UCDP_GED_COLUMNS)
    }

    /// The index of a column.
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// How many columns.
    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    /// The first few names, for an error message.
    pub(crate) fn preview(&self) -> String {
        let mut shown: Vec<String> = self.names.iter().take(6).map(|n| crate::error::one_line(n)).collect();
        if self.names.len() > shown.len() {
            shown.push("…".to_string());
        }
        format!("{} column(s): {}", self.names.len(), shown.join(", "))
    }

    /// Which layout this first line announces, if any.
    ///
    /// - ACLED: `event_id_cnty`; the 2023 layout has `disorder_type`, the
    ///   older one does not (it has `data_id`, `event_id_no_cnty`, `iso3`).
    /// - GTD: `eventid` and `iyear`.
    /// - UCDP GED: `relid`, or `id` with `date_prec`.
    /// - Header-less UCDP GED candidate: exactly 49 fields whose first is a
    ///   number (an event id, where a header would have a name).
    pub(crate) fn detect(&self) -> Option<Layout> {
        if self.has("event_id_cnty") {
            return Some(if self.has("disorder_type") { Layout::AcledCurrent } else { Layout::AcledLegacy });
        }
        if self.has("eventid") && self.has("iyear") {
            return Some(Layout::Gtd);
        }
        if self.has("relid") || (self.has("id") && self.has("date_prec")) {
            return Some(Layout::UcdpGed);
        }
        let first_is_id = self.names.first().is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        (self.names.len() == UCDP_GED_COLUMNS.len() && first_is_id).then_some(Layout::UcdpGedHeaderless)
    }
}

/// Collects the indices of required columns and the names of those missing.
pub(crate) struct Resolver<'h> {
    header: &'h Header,
    missing: Vec<&'static str>,
}

impl<'h> Resolver<'h> {
    pub(crate) fn new(header: &'h Header) -> Self {
        Resolver { header, missing: Vec::new() }
    }

    /// A column the importer cannot do without.
    pub(crate) fn required(&mut self, name: &'static str) -> usize {
        self.header.find(name).unwrap_or_else(|| {
            self.missing.push(name);
            0
        })
    }

    /// A column read when present.
    pub(crate) fn optional(&self, name: &str) -> Option<usize> {
        self.header.find(name)
    }

    /// The columns found, or the names of those missing.
    pub(crate) fn finish<T>(self, columns: T) -> Result<T, Vec<&'static str>> {
        if self.missing.is_empty() { Ok(columns) } else { Err(self.missing) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_by_names_ignores_case_order_and_bom() {
        let h = Header::from_record(&ByteRecord::from(vec!["\u{feff}EVENT_ID_CNTY", "event_date", "disorder_type"]));
        assert_eq!(h.detect(), Some(Layout::AcledCurrent));
        let h = Header::from_names(["data_id", "iso", "event_id_cnty", "event_id_no_cnty", "iso3"]);
        assert_eq!(h.detect(), Some(Layout::AcledLegacy));
        let h = Header::from_names(["eventid", "iyear", "imonth", "iday"]);
        assert_eq!(h.detect(), Some(Layout::Gtd));
        assert_eq!(Header::ucdp_standard().detect(), Some(Layout::UcdpGed));
    }

    #[test]
    fn headerless_ucdp_needs_49_fields_and_a_numeric_first() {
        let mut fields = vec!["244657".to_string()];
        fields.extend((1..49).map(|i| format!("v{i}")));
        assert_eq!(Header::from_names(&fields).detect(), Some(Layout::UcdpGedHeaderless));
        fields[0] = "ident".into();
        assert_eq!(Header::from_names(&fields).detect(), None);
        assert_eq!(Header::from_names(&fields[..48]).detect(), None);
    }
}
