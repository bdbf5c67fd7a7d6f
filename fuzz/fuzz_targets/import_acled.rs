//! ACLED rows (2023 layout, or the older one when the first byte is odd)
//! after a real header.
#![no_main]

use dossier_fuzz::headers;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let file = if first % 2 == 0 { headers::ACLED } else { headers::ACLED_LEGACY };
    dossier_fuzz::import(&headers::first_line(file), rest);
});
