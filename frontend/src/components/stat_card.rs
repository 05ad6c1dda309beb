//! One figure with its label, as on the home page's platform figures.

use leptos::prelude::*;
use leptos::text_prop::TextProp;

/// A card showing one count, e.g. 阵地 120: a `<dt>`/`<dd>` pair, so put it inside a `<dl>`.
#[component]
pub fn StatCard(
    /// What is counted (reactive, so it follows the language).
    #[prop(into)]
    label: TextProp,
    value: i64,
) -> impl IntoView {
    view! {
        <div class="stat-card">
            <dt class="stat-label">{move || label.get()}</dt>
            <dd class="stat-value">{group_digits(value)}</dd>
        </div>
    }
}

/// `3084` → `3,084`: thousands grouping reads the same in Chinese and English.
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::group_digits;

    #[test]
    fn groups_thousands() {
        for (n, s) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1000, "1,000"),
            (1084, "1,084"),
            (100000, "100,000"),
            (7406123, "7,406,123"),
            (-1234, "-1,234"),
        ] {
            assert_eq!(group_digits(n), s);
        }
        assert_eq!(group_digits(i64::MIN), "-9,223,372,036,854,775,808");
    }
}
