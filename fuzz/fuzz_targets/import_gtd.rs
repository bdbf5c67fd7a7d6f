//! GTD rows after a real header.
#![no_main]

use dossier_fuzz::headers;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dossier_fuzz::import(&headers::first_line(headers::GTD), data);
});
