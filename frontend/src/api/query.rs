//! Query strings for list endpoints: `?q=理论&kind=squad`, each value percent-encoded (UTF-8).

/// Builds a query string from the pairs that have a value; empty when none has.
#[derive(Debug, Default)]
pub struct Query(String);

impl Query {
    pub fn new() -> Self {
        Query::default()
    }

    /// Adds `key=value`, unless the value is absent or blank.
    pub fn opt(mut self, key: &str, value: Option<impl ToString>) -> Self {
        if let Some(value) = value {
            let value = value.to_string();
            if !value.trim().is_empty() {
                self.0.push(if self.0.is_empty() { '?' } else { '&' });
                self.0.push_str(key);
                self.0.push('=');
                encode_into(&mut self.0, &value);
            }
        }
        self
    }

    pub fn finish(self) -> String {
        self.0
    }
}

/// One path segment, percent-encoded (a code typed by a person may hold anything).
pub fn encode_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    encode_into(&mut out, value);
    out
}

/// RFC 3986 percent-encoding: everything but the unreserved characters.
fn encode_into(out: &mut String, value: &str) {
    let hex = |n: u8| char::from_digit(u32::from(n), 16).map_or('0', |c| c.to_ascii_uppercase());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(hex(b >> 4));
            out.push(hex(b & 0x0f));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Query;

    #[test]
    fn skips_absent_and_blank_values_and_encodes_the_rest() {
        let q = Query::new()
            .opt("q", Some("理论 宣讲"))
            .opt("kind", None::<&str>)
            .opt("specialty", Some("  "))
            .opt("within", Some(17))
            .opt("cursor", Some("a+b/c=="))
            .finish();
        assert_eq!(
            q,
            "?q=%E7%90%86%E8%AE%BA%20%E5%AE%A3%E8%AE%B2&within=17&cursor=a%2Bb%2Fc%3D%3D"
        );
        assert_eq!(Query::new().opt("q", None::<String>).finish(), "");
    }
}
