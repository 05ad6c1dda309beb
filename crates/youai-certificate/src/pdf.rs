//! The certificate as a one-page A4 PDF. Text is laid out with the font's own advances, then
//! the glyphs used are subset out of the font and embedded as a CID font (Identity-H) with a
//! ToUnicode map, so readers need no Chinese font of their own and can still copy the text.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;

use crate::{Certificate, Font, FontError, hours};

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const LEFT: f32 = 84.0;
const RIGHT: f32 = PAGE_W - 84.0;
const RED: (f32, f32, f32) = (0.70, 0.13, 0.13);
const GREY: (f32, f32, f32) = (0.35, 0.35, 0.35);
const BLACK: (f32, f32, f32) = (0.13, 0.13, 0.13);

/// One line of text placed on the page.
struct Run {
    text: String,
    x: f32,
    y: f32,
    size: f32,
    spacing: f32,
    color: (f32, f32, f32),
}

/// Places text using the font's advances (in font units) for widths.
struct Layout<'f> {
    face: ttf_parser::Face<'f>,
    runs: Vec<Run>,
}

enum Align {
    Left,
    Center,
    Right,
}

impl Layout<'_> {
    fn width(&self, text: &str, size: f32, spacing: f32) -> f32 {
        let upem = f32::from(self.face.units_per_em());
        let units: f32 = text
            .chars()
            .map(|c| {
                self.face
                    .glyph_index(c)
                    .and_then(|g| self.face.glyph_hor_advance(g))
                    .map_or(upem, f32::from)
            })
            .sum();
        units * size / upem + spacing * text.chars().count().saturating_sub(1) as f32
    }

    fn put(&mut self, text: &str, x: f32, y: f32, size: f32, align: Align) {
        self.put_styled(text, x, y, size, 0.0, BLACK, align);
    }

    #[allow(clippy::too_many_arguments)]
    fn put_styled(
        &mut self,
        text: &str,
        x: f32,
        y: f32,
        size: f32,
        spacing: f32,
        color: (f32, f32, f32),
        align: Align,
    ) {
        let w = self.width(text, size, spacing);
        let x = match align {
            Align::Left => x,
            Align::Center => x - w / 2.0,
            Align::Right => x - w,
        };
        self.runs.push(Run {
            text: text.to_string(),
            x,
            y,
            size,
            spacing,
            color,
        });
    }

    /// A paragraph wrapped to [LEFT, RIGHT], its first line indented two characters.
    /// Returns the baseline below its last line.
    fn paragraph(&mut self, text: &str, mut y: f32, size: f32, leading: f32) -> f32 {
        let mut line = String::new();
        let mut indent = 2.0 * size;
        for c in text.chars() {
            line.push(c);
            if LEFT + indent + self.width(&line, size, 0.0) > RIGHT {
                line.pop();
                let done = std::mem::replace(&mut line, c.to_string());
                self.put(&done, LEFT + indent, y, size, Align::Left);
                indent = 0.0;
                y -= leading;
            }
        }
        if !line.is_empty() {
            self.put(&line, LEFT + indent, y, size, Align::Left);
            y -= leading;
        }
        y
    }

    /// A caption and rows of "key ... N 小时", centred.
    fn table(&mut self, caption: &str, items: &[(String, f64)], mut y: f32) -> f32 {
        if items.is_empty() {
            return y;
        }
        let (left, right) = (LEFT + 60.0, RIGHT - 60.0);
        self.put_styled(caption, left, y, 12.0, 0.0, RED, Align::Left);
        y -= 20.0;
        for (key, h) in items {
            self.put(key, left + 12.0, y, 11.0, Align::Left);
            self.put(&format!("{} 小时", hours(*h)), right, y, 11.0, Align::Right);
            y -= 17.0;
        }
        y - 8.0
    }
}

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// A PDF name for the embedded font: a subset tag and the font's PostScript name.
fn font_name(face: &ttf_parser::Face<'_>) -> Vec<u8> {
    let ps: String = face
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let ps = if ps.is_empty() { "CJKFont".into() } else { ps };
    format!("YOUAIC+{ps}").into_bytes()
}

pub fn pdf(c: &Certificate, font: &Font) -> Result<Vec<u8>, FontError> {
    let parse_error = |e: String| FontError::Parse(font.path.clone(), e);
    let face = font.face().map_err(|e| parse_error(e.to_string()))?;
    let mut l = Layout {
        face: face.clone(),
        runs: Vec::new(),
    };

    l.put_styled(
        "志愿服务证明",
        PAGE_W / 2.0,
        PAGE_H - 150.0,
        30.0,
        12.0,
        RED,
        Align::Center,
    );
    let mut y = l.paragraph(&c.statement(), PAGE_H - 220.0, 14.0, 28.0);
    y = l.table("按年度", &c.by_year, y - 10.0);
    y = l.table("按服务团队", &c.by_team, y);
    l.paragraph("特此证明。", y - 4.0, 14.0, 28.0);
    l.put(&c.issuer, RIGHT, 210.0, 14.0, Align::Right);
    l.put(&c.issued_on, RIGHT, 184.0, 14.0, Align::Right);
    l.put_styled(
        &format!("验证码：{}", c.code),
        LEFT,
        112.0,
        11.0,
        0.0,
        GREY,
        Align::Left,
    );
    l.put_styled(
        &format!("核验地址：{}", c.verify_url),
        LEFT,
        94.0,
        9.0,
        0.0,
        GREY,
        Align::Left,
    );

    // The glyphs used, renumbered densely for the subset (glyph 0, .notdef, stays 0).
    let mut remapper = GlyphRemapper::new();
    let mut to_unicode: Vec<(u16, char)> = Vec::new();
    let mut encoded: Vec<Vec<u8>> = Vec::new();
    for run in &l.runs {
        let mut bytes = Vec::with_capacity(run.text.len() * 2);
        for ch in run.text.chars() {
            let old = face.glyph_index(ch).map_or(0, |g| g.0);
            let new = remapper.remap(old);
            if new != 0 && !to_unicode.iter().any(|(g, _)| *g == new) {
                to_unicode.push((new, ch));
            }
            bytes.extend_from_slice(&new.to_be_bytes());
        }
        encoded.push(bytes);
    }
    let subset = subsetter::subset(&font.data, font.index, &remapper)
        .map_err(|e| parse_error(e.to_string()))?;
    let upem = f32::from(face.units_per_em());
    let scale = |v: i16| f32::from(v) * 1000.0 / upem;
    let widths: Vec<f32> = remapper
        .remapped_gids()
        .map(|old| {
            face.glyph_hor_advance(ttf_parser::GlyphId(old))
                .map_or(1000.0, |a| f32::from(a) * 1000.0 / upem)
        })
        .collect();

    let mut content = Content::new();
    content.set_stroke_rgb(RED.0, RED.1, RED.2);
    content.set_line_width(2.5);
    content.rect(36.0, 36.0, PAGE_W - 72.0, PAGE_H - 72.0);
    content.stroke();
    content.set_line_width(0.8);
    content.rect(44.0, 44.0, PAGE_W - 88.0, PAGE_H - 88.0);
    content.stroke();
    for (run, bytes) in l.runs.iter().zip(&encoded) {
        content.set_fill_rgb(run.color.0, run.color.1, run.color.2);
        content.begin_text();
        content.set_font(Name(b"F1"), run.size);
        content.set_char_spacing(run.spacing);
        content.next_line(run.x, run.y);
        content.show(Str(bytes));
        content.end_text();
    }
    let content = deflate(&content.finish());

    let (catalog, pages, page, content_id, info) = (
        Ref::new(1),
        Ref::new(2),
        Ref::new(3),
        Ref::new(4),
        Ref::new(5),
    );
    let (type0, cid, descriptor, file, cmap) = (
        Ref::new(6),
        Ref::new(7),
        Ref::new(8),
        Ref::new(9),
        Ref::new(10),
    );
    let name = font_name(&face);
    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(pages);
    pdf.pages(pages).kids([page]).count(1);
    let mut p = pdf.page(page);
    p.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
        .parent(pages)
        .contents(content_id);
    p.resources().fonts().pair(Name(b"F1"), type0);
    p.finish();
    pdf.stream(content_id, &content).filter(Filter::FlateDecode);
    let title = format!("志愿服务证明 · {}", c.volunteer_name);
    pdf.document_info(info)
        .title(TextStr(&title))
        .producer(TextStr("youai 友爱"));

    pdf.type0_font(type0)
        .base_font(Name(&name))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    let cff = face.tables().cff.is_some();
    let mut cid_font = pdf.cid_font(cid);
    cid_font
        .subtype(if cff {
            CidFontType::Type0
        } else {
            CidFontType::Type2
        })
        .base_font(Name(&name))
        .system_info(system_info)
        .font_descriptor(descriptor)
        .default_width(1000.0);
    cid_font.widths().consecutive(0, widths);
    if !cff {
        cid_font.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    cid_font.finish();

    let bbox = face.global_bounding_box();
    let mut d = pdf.font_descriptor(descriptor);
    d.name(Name(&name))
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            scale(bbox.x_min),
            scale(bbox.y_min),
            scale(bbox.x_max),
            scale(bbox.y_max),
        ))
        .italic_angle(0.0)
        .ascent(scale(face.ascender()))
        .descent(scale(face.descender()))
        .cap_height(scale(face.capital_height().unwrap_or(face.ascender())))
        .stem_v(80.0);
    if cff {
        d.font_file3(file);
    } else {
        d.font_file2(file);
    }
    d.finish();
    let compressed = deflate(&subset);
    let mut s = pdf.stream(file, &compressed);
    s.filter(Filter::FlateDecode);
    if cff {
        s.pair(Name(b"Subtype"), Name(b"OpenType"));
    }
    s.finish();

    let mut map = pdf_writer::types::UnicodeCmap::new(Name(b"Custom"), system_info);
    for (g, ch) in to_unicode {
        map.pair(g, ch);
    }
    let map = map.finish();
    pdf.cmap(cmap, &map)
        .name(Name(b"Custom"))
        .system_info(system_info);
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::sample;

    /// Runs only where a Chinese font is installed (`make test` installs one).
    fn font() -> Option<Font> {
        match Font::find(std::env::var("YOUAI_CERT_FONT").ok().as_deref()) {
            Ok(f) => Some(f),
            Err(e) if std::env::var_os("CI").is_some() => panic!("{e}"),
            Err(e) => {
                eprintln!("skipped outside CI: {e}");
                None
            }
        }
    }

    #[test]
    fn the_pdf_embeds_a_small_subset_of_the_font() {
        let Some(font) = font() else { return };
        let bytes = pdf(&sample(), &font).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("/Identity-H"));
        assert!(text.contains("/FontFile2") || text.contains("/FontFile3"));
        assert!(text.contains("/ToUnicode"));
        // A subset of a few hundred glyphs, not the multi-megabyte font.
        assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
        assert!(font.data.len() > 10 * bytes.len());
    }
}
