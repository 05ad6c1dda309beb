//! Codes people read, type and scan: certificate verification codes and voucher codes.
//! 12 characters from 32 that are hard to confuse (no 0/O, 1/I), in groups of four: 60 random
//! bits, not guessable.

use rand::Rng;

const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

pub fn new_code() -> String {
    let mut rng = rand::rng();
    let chars: Vec<char> = (0..12)
        .map(|_| {
            let i = rng.random_range(0..CODE_ALPHABET.len());
            CODE_ALPHABET.get(i).map_or('X', |b| char::from(*b))
        })
        .collect();
    group(&chars)
}

fn group(chars: &[char]) -> String {
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A code as typed (any case, with or without dashes or spaces) in its stored form, or None
/// when it cannot be a code.
pub fn normalize_code(typed: &str) -> Option<String> {
    let chars: Vec<char> = typed
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let valid = chars.len() == 12
        && chars
            .iter()
            .all(|c| c.is_ascii() && CODE_ALPHABET.contains(&(*c as u8)));
    valid.then(|| group(&chars))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_and_read_back_however_typed() {
        let code = new_code();
        assert_eq!(code.len(), 14, "{code}");
        assert_eq!(normalize_code(&code).as_deref(), Some(code.as_str()));
        let typed = code.replace('-', " ").to_lowercase();
        assert_eq!(normalize_code(&typed).as_deref(), Some(code.as_str()));
        assert_ne!(new_code(), code);
        assert_eq!(normalize_code("0000-1111-OOOO"), None, "confusable letters");
        assert_eq!(normalize_code("ABCD-EFGH"), None, "too short");
        assert_eq!(normalize_code("ÄBCD-EFGH-JKLM"), None);
    }
}
