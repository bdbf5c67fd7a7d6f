//! Number words, shared by extraction (reading "seventy-two") and the
//! report's checks of its own sentences.

/// Number words from zero to nineteen, at their values.
pub const NUMBER_UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
/// The tens, twenty to ninety.
pub const NUMBER_TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/// The value of one number word, zero to nineteen or a ten ("seventy"),
/// up to ASCII case; `None` for any other word.
pub fn small_number(w: &str) -> Option<u64> {
    // Most words are none of these: reject them on length and first letter
    // before comparing with 28 names (extraction asks it of every word).
    let first = w.as_bytes().first().map(u8::to_ascii_lowercase);
    if !(3..=9).contains(&w.len()) || !matches!(first, Some(b'z' | b'o' | b't' | b'f' | b's' | b'e' | b'n')) {
        return None;
    }
    if let Some(k) = NUMBER_UNITS.iter().position(|u| u.eq_ignore_ascii_case(w)) {
        return u64::try_from(k).ok();
    }
    let k = NUMBER_TENS.iter().position(|t| t.eq_ignore_ascii_case(w))?;
    u64::try_from(k * 10 + 20).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_number_word_and_no_other() {
        for (k, w) in NUMBER_UNITS.iter().enumerate() {
            assert_eq!(small_number(w), u64::try_from(k).ok(), "{w}");
            assert_eq!(small_number(&w.to_uppercase()), u64::try_from(k).ok(), "{w}");
        }
        for (k, w) in NUMBER_TENS.iter().enumerate() {
            assert_eq!(small_number(w), u64::try_from(k * 10 + 20).ok(), "{w}");
        }
        for w in ["", "a", "hundred", "seventy-two", "tenth", "twelves", "Kabul", "é"] {
            assert_eq!(small_number(w), None, "{w}");
        }
    }
}
