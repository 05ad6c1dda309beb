//! A QR code drawn as SVG (one path of dark modules), for the check-in token.

use leptos::prelude::*;
use leptos::text_prop::TextProp;
use qrcodegen::{QrCode as Code, QrCodeEcc};

/// The quiet zone scanners need around the code, in modules.
const BORDER: i32 = 4;

/// `text` as a QR code (medium error correction) that scales to its box; labelled for screen
/// readers, since the picture itself says nothing to them.
#[component]
pub fn QrCode(#[prop(into)] text: Signal<String>, #[prop(into)] label: TextProp) -> impl IntoView {
    let drawn = move || text.with(|t| svg_path(t));
    view! {
        {move || drawn().map(|(size, d)| {
            let side = size + 2 * BORDER;
            view! {
                <svg
                    class="qr-code"
                    viewBox=format!("0 0 {side} {side}")
                    role="img"
                    aria-label=label.clone()
                    shape-rendering="crispEdges"
                >
                    <rect width=side.to_string() height=side.to_string() fill="#fff"></rect>
                    <path d=d fill="#000"></path>
                </svg>
            }
        })}
    }
}

/// The code's size in modules and an SVG path of its dark modules (offset by the border);
/// `None` when the text is empty or too long for a QR code.
pub fn svg_path(text: &str) -> Option<(i32, String)> {
    if text.is_empty() {
        return None;
    }
    let code = Code::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let mut d = String::new();
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                d.push_str(&format!("M{},{}h1v1h-1z", x + BORDER, y + BORDER));
            }
        }
    }
    Some((size, d))
}

#[cfg(test)]
mod tests {
    use super::svg_path;

    #[test]
    fn tokens_draw_as_a_path_of_modules() {
        let (size, d) = svg_path("v1.12.59836360.pfEsewyfVLjKrP2BwmdpAA").unwrap();
        // 37 characters at medium correction: version 3 (29 modules).
        assert_eq!(size, 29);
        assert!(d.starts_with("M4,4h1v1h-1z"), "{d}");
        assert!(svg_path("").is_none());
    }
}
