//! Mainland China resident ID numbers (居民身份证号, GB 11643-1999): parsing, checksum, the
//! birth date and gender they carry, and the masked form shown to other people.
//!
//! The number is `RRRRRR YYYYMMDD SSS C`: a 6-digit region code, the birth date, a sequence
//! number whose last digit is odd for men and even for women, and a check character.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Duration, NaiveDate, Utc};

/// The gender recorded on the card; the API type, re-exported for convenience.
pub use youai_types::Gender;

/// Why a string is not a valid ID number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdError {
    WrongLength,
    InvalidCharacters,
    BadChecksum,
    InvalidBirthDate,
    InvalidRegion,
}

impl IdError {
    /// A stable snake_case code for API errors.
    pub fn code(self) -> &'static str {
        match self {
            IdError::WrongLength => "wrong_length",
            IdError::InvalidCharacters => "invalid_characters",
            IdError::BadChecksum => "bad_checksum",
            IdError::InvalidBirthDate => "invalid_birth_date",
            IdError::InvalidRegion => "invalid_region",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            IdError::WrongLength => "身份证号须为 18 位",
            IdError::InvalidCharacters => "身份证号前 17 位须为数字，最后一位为数字或 X",
            IdError::BadChecksum => "身份证号校验位不正确，请检查是否输错",
            IdError::InvalidBirthDate => "身份证号中的出生日期无效",
            IdError::InvalidRegion => "身份证号开头的地区代码无效",
        }
    }
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for IdError {}

/// A valid 18-character ID number, normalised (trimmed, check character `X` upper-case).
///
/// The birth date is kept alongside the text so that reading it back cannot fail.
/// `Debug` prints the masked form, so a number that ends up in a log is not disclosed.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber {
    number: String,
    birth_date: NaiveDate,
}

/// Weights of the first 17 digits for ISO 7064 MOD 11-2: the weight of the digit at position
/// i (counting from the right, the check character being position 1) is 2^(i-1) mod 11.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The check character for each value of (weighted sum mod 11): the value that makes the
/// whole number, check character included (X = 10), sum to 1 mod 11.
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// Province-level codes (the first two digits) in use: 11–15 north, 21–23 north-east, 31–37
/// east, 41–46 south-central, 50–54 south-west, 61–65 north-west, 71 Taiwan, 81 Hong Kong,
/// 82 Macao.
fn is_province_code(code: u32) -> bool {
    matches!(
        code,
        11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82
    )
}

/// The check character for the first 17 digits (which must be ASCII digits).
fn check_char(first17: &[u8]) -> Option<u8> {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK_CHARS.get((sum % 11) as usize).copied()
}

/// The full number for its first 17 digits: those digits and their check character.
///
/// For numbers made up rather than typed in (the demo's volunteers, test fixtures); the result
/// is not otherwise checked (region, birth date), [`parse_on`] does that.
pub fn with_checksum(first17: &str) -> Result<String, IdError> {
    if first17.len() != 17 {
        return Err(if first17.chars().count() == 17 {
            IdError::InvalidCharacters
        } else {
            IdError::WrongLength
        });
    }
    if !first17.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IdError::InvalidCharacters);
    }
    let check = check_char(first17.as_bytes()).ok_or(IdError::InvalidCharacters)?;
    Ok(format!("{first17}{}", char::from(check)))
}

/// The decimal value of a run of ASCII digits.
fn decimal(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

/// Today in Beijing time: the numbers are Chinese, so "born in the future" is judged there.
fn today_in_china() -> NaiveDate {
    (Utc::now() + Duration::hours(8)).date_naive()
}

/// Parses and checks an ID number, taking today's date (Beijing time) as "now".
pub fn parse(s: &str) -> Result<IdNumber, IdError> {
    parse_on(s, today_in_china())
}

/// Parses and checks an ID number; a birth date after `today` is invalid.
///
/// Surrounding whitespace is ignored and a lower-case `x` accepted. The more specific
/// errors are checked first, so a mistyped birth date is reported as such rather than as a
/// checksum failure.
pub fn parse_on(s: &str, today: NaiveDate) -> Result<IdNumber, IdError> {
    let s = s.trim();
    if s.chars().count() != 18 {
        return Err(IdError::WrongLength);
    }
    let number = s.to_ascii_uppercase();
    let b = number.as_bytes();
    // 18 characters but more bytes: something non-ASCII.
    let (Some(first17), Some(&last)) = (b.get(..17), b.get(17)) else {
        return Err(IdError::InvalidCharacters);
    };
    if b.len() != 18
        || !first17.iter().all(u8::is_ascii_digit)
        || !(last.is_ascii_digit() || last == b'X')
    {
        return Err(IdError::InvalidCharacters);
    }

    if !is_province_code(number_at(first17, 0..2)) {
        return Err(IdError::InvalidRegion);
    }

    let year = number_at(first17, 6..10);
    let month = number_at(first17, 10..12);
    let day = number_at(first17, 12..14);
    let birth_date = i32::try_from(year)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, month, day))
        .filter(|d| d.year() >= 1900 && *d <= today)
        .ok_or(IdError::InvalidBirthDate)?;

    if check_char(first17) != Some(last) {
        return Err(IdError::BadChecksum);
    }
    Ok(IdNumber { number, birth_date })
}

fn number_at(digits: &[u8], range: std::ops::Range<usize>) -> u32 {
    digits.get(range).map_or(0, decimal)
}

impl IdNumber {
    /// The full normalised number. Handle with care: show [`IdNumber::masked`] to people.
    pub fn as_str(&self) -> &str {
        &self.number
    }

    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// From the 17th digit: odd for men, even for women.
    pub fn gender(&self) -> Gender {
        match self.number.as_bytes().get(16) {
            Some(d) if (d - b'0') % 2 == 1 => Gender::Male,
            _ => Gender::Female,
        }
    }

    /// The first 4 and last 4 characters with the 10 between hidden: `3205**********1234`.
    pub fn masked(&self) -> String {
        self.number
            .chars()
            .enumerate()
            .map(|(i, c)| if (4..14).contains(&i) { '*' } else { c })
            .collect()
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IdNumber").field(&self.masked()).finish()
    }
}

impl FromStr for IdNumber {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

/// Completed years of age on `today`; 0 if `today` is before `birth`.
///
/// Someone born on 29 February completes a year on 1 March in common years.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    if today < birth {
        return 0;
    }
    let years = today.year() - birth.year();
    let before_birthday = (today.month(), today.day()) < (birth.month(), birth.day());
    u32::try_from(years - i32::from(before_birthday)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2026, 6, 15);

    fn today() -> NaiveDate {
        date(TODAY.0, TODAY.1, TODAY.2)
    }

    #[test]
    fn weights_are_powers_of_two_mod_11() {
        for (i, w) in WEIGHTS.iter().enumerate() {
            assert_eq!(*w, 2u32.pow(17 - i as u32) % 11, "position {i}");
        }
    }

    #[test]
    fn valid_numbers() {
        // (input, normalised, birth date, gender); check characters computed independently.
        for (input, normalised, birth, gender) in [
            // The widely published sample (Beijing, Chaoyang).
            (
                "11010519491231002X",
                "11010519491231002X",
                date(1949, 12, 31),
                Gender::Female,
            ),
            (
                "11010519491231002x",
                "11010519491231002X",
                date(1949, 12, 31),
                Gender::Female,
            ),
            (
                "  11010519491231002X\n",
                "11010519491231002X",
                date(1949, 12, 31),
                Gender::Female,
            ),
            // Zhangjiagang (320582).
            (
                "320582199003071232",
                "320582199003071232",
                date(1990, 3, 7),
                Gender::Male,
            ),
            (
                "320582199003071240",
                "320582199003071240",
                date(1990, 3, 7),
                Gender::Female,
            ),
            // 29 February in a leap year.
            (
                "320582200002290041",
                "320582200002290041",
                date(2000, 2, 29),
                Gender::Female,
            ),
            (
                "440306198510158717",
                "440306198510158717",
                date(1985, 10, 15),
                Gender::Male,
            ),
            // The earliest allowed year.
            (
                "650101190001010036",
                "650101190001010036",
                date(1900, 1, 1),
                Gender::Male,
            ),
            // Same date, another sequence number: male.
            (
                "110105194912310038",
                "110105194912310038",
                date(1949, 12, 31),
                Gender::Male,
            ),
            // Hong Kong residence permit.
            (
                "810000202002295567",
                "810000202002295567",
                date(2020, 2, 29),
                Gender::Female,
            ),
            (
                "530102201206149998",
                "530102201206149998",
                date(2012, 6, 14),
                Gender::Male,
            ),
        ] {
            let id = parse_on(input, today()).unwrap_or_else(|e| panic!("{input}: {e:?}"));
            assert_eq!(id.as_str(), normalised, "{input}");
            assert_eq!(id.birth_date(), birth, "{input}");
            assert_eq!(id.gender(), gender, "{input}");
        }
    }

    #[test]
    fn invalid_numbers() {
        for (input, err) in [
            ("", IdError::WrongLength),
            ("11010519491231002", IdError::WrongLength),
            ("11010519491231002X0", IdError::WrongLength),
            // The old 15-digit numbers are not accepted.
            ("110105491231002", IdError::WrongLength),
            ("11010519491231002Y", IdError::InvalidCharacters),
            ("1101051949123100X2", IdError::InvalidCharacters),
            ("A1010519491231002X", IdError::InvalidCharacters),
            ("11010519491231002-", IdError::InvalidCharacters),
            // Full-width digits: 18 characters, but not ASCII.
            (
                "１１０１０５１９４９１２３１００２Ｘ",
                IdError::InvalidCharacters,
            ),
            ("11010519491231002中", IdError::InvalidCharacters),
            // Last character wrong.
            ("110105194912310021", IdError::BadChecksum),
            // Two digits swapped (a typical typo).
            ("320582199003071322", IdError::BadChecksum),
            ("320582199003071230", IdError::BadChecksum),
            // Dates that do not exist.
            ("320582199002301234", IdError::InvalidBirthDate),
            ("320582190002290041", IdError::InvalidBirthDate), // 1900 was not a leap year
            ("320582200113011234", IdError::InvalidBirthDate),
            ("320582200100001234", IdError::InvalidBirthDate),
            ("320582200104311234", IdError::InvalidBirthDate),
            ("320582189912311234", IdError::InvalidBirthDate),
            // Born after "today" (2026-06-15).
            ("320582202606161234", IdError::InvalidBirthDate),
            ("320582203001011234", IdError::InvalidBirthDate),
            // Province codes not in use.
            ("000000199003071232", IdError::InvalidRegion),
            ("100105194912310020", IdError::InvalidRegion),
            ("160105194912310020", IdError::InvalidRegion),
            ("240105194912310020", IdError::InvalidRegion),
            ("380105194912310020", IdError::InvalidRegion),
            ("550105194912310020", IdError::InvalidRegion),
            ("660105194912310020", IdError::InvalidRegion),
            ("720105194912310020", IdError::InvalidRegion),
            ("830105194912310020", IdError::InvalidRegion),
            ("910105194912310020", IdError::InvalidRegion),
        ] {
            assert_eq!(parse_on(input, today()), Err(err), "{input}");
        }
    }

    #[test]
    fn born_today_is_valid_born_tomorrow_is_not() {
        // 320582 2026-06-15 / 2026-06-16, check characters computed from the algorithm.
        let with_check = |first17: &str| {
            let c = check_char(first17.as_bytes()).unwrap() as char;
            format!("{first17}{c}")
        };
        let born_today = with_check("32058220260615001");
        assert_eq!(
            parse_on(&born_today, today()).map(|id| id.birth_date()),
            Ok(today())
        );
        let born_tomorrow = with_check("32058220260616001");
        assert_eq!(
            parse_on(&born_tomorrow, today()),
            Err(IdError::InvalidBirthDate)
        );
    }

    #[test]
    fn parse_uses_the_clock() {
        assert!(parse("11010519491231002X").is_ok());
        assert_eq!(parse("320582299901011234"), Err(IdError::InvalidBirthDate));
        assert_eq!(
            "11010519491231002x"
                .parse::<IdNumber>()
                .map(|id| id.gender()),
            Ok(Gender::Female)
        );
    }

    #[test]
    fn every_province_code_is_accepted() {
        for code in [
            11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50,
            51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
        ] {
            let first17 = format!("{code}010119900101001");
            let c = check_char(first17.as_bytes()).unwrap() as char;
            let id = format!("{first17}{c}");
            assert!(parse_on(&id, today()).is_ok(), "{id}");
        }
    }

    #[test]
    fn with_checksum_completes_numbers() {
        // The standard's worked example, and numbers from the table above.
        for full in [
            "11010519491231002X",
            "320582199003071232",
            "320582199003071240",
            "440306198510158717",
            "650101190001010036",
        ] {
            assert_eq!(with_checksum(&full[..17]).as_deref(), Ok(full));
        }
        for (first17, err) in [
            ("", IdError::WrongLength),
            ("1101051949123100", IdError::WrongLength),
            ("110105194912310021", IdError::WrongLength),
            ("11010519491231X02", IdError::InvalidCharacters),
            (
                "１１０１０５１９４９１２３１００２",
                IdError::InvalidCharacters,
            ),
        ] {
            assert_eq!(with_checksum(first17), Err(err), "{first17}");
        }
        // Whatever the digits, the result passes the checksum.
        for seq in 0..1000 {
            let id = with_checksum(&format!("32058219900307{seq:03}")).unwrap();
            assert!(parse_on(&id, today()).is_ok(), "{id}");
        }
    }

    #[test]
    fn masked_keeps_four_and_four() {
        for (input, masked) in [
            ("11010519491231002X", "1101**********002X"),
            ("320582199003071232", "3205**********1232"),
        ] {
            let id = parse_on(input, today()).unwrap();
            assert_eq!(id.masked(), masked);
            assert_eq!(id.masked().len(), 18);
            assert_eq!(format!("{id:?}"), format!("IdNumber({masked:?})"));
        }
    }

    #[test]
    fn error_codes_and_messages() {
        for (err, code) in [
            (IdError::WrongLength, "wrong_length"),
            (IdError::InvalidCharacters, "invalid_characters"),
            (IdError::BadChecksum, "bad_checksum"),
            (IdError::InvalidBirthDate, "invalid_birth_date"),
            (IdError::InvalidRegion, "invalid_region"),
        ] {
            assert_eq!(err.code(), code);
            assert!(err.message().contains("身份证号"));
            assert_eq!(err.to_string(), err.message());
        }
    }

    #[test]
    fn ages() {
        for (birth, today, age) in [
            (date(1990, 3, 7), date(2026, 3, 6), 35),
            (date(1990, 3, 7), date(2026, 3, 7), 36),
            (date(1990, 3, 7), date(2026, 3, 8), 36),
            (date(1990, 3, 7), date(1990, 3, 7), 0),
            (date(1990, 3, 7), date(1991, 3, 6), 0),
            (date(1990, 3, 7), date(1991, 3, 7), 1),
            (date(1990, 12, 31), date(2026, 1, 1), 35),
            (date(1990, 1, 1), date(2025, 12, 31), 35),
            // Born on 29 February: a year completes on 1 March in common years…
            (date(2000, 2, 29), date(2001, 2, 28), 0),
            (date(2000, 2, 29), date(2001, 3, 1), 1),
            (date(2000, 2, 29), date(2018, 2, 28), 17),
            (date(2000, 2, 29), date(2018, 3, 1), 18),
            // …and on 29 February in leap years.
            (date(2000, 2, 29), date(2004, 2, 28), 3),
            (date(2000, 2, 29), date(2004, 2, 29), 4),
            // Someone born on 28 February or 1 March is unaffected by leap days.
            (date(2003, 2, 28), date(2004, 2, 28), 1),
            (date(2003, 3, 1), date(2004, 2, 29), 0),
            (date(2003, 3, 1), date(2004, 3, 1), 1),
            // Not yet born.
            (date(2020, 5, 1), date(2019, 5, 1), 0),
            (date(1900, 1, 1), date(2026, 6, 15), 126),
        ] {
            assert_eq!(age_on(birth, today), age, "{birth} on {today}");
        }
    }
}
