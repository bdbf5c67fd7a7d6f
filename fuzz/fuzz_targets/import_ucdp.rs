//! UCDP GED rows after a real header, or header-less (the candidate files)
//! when the first byte is odd.
#![no_main]

use dossier_fuzz::headers;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let header = if first % 2 == 0 { headers::first_line(headers::UCDP) } else { String::new() };
    dossier_fuzz::import(&header, rest);
});
