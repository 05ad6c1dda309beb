//! The Chinese font a PDF certificate embeds: found on the system or named by the operator.

use std::path::{Path, PathBuf};

/// Fonts tried in order when none is configured: Debian's `fonts-wqy-microhei` (which
/// `make run` and `make test` install), then other common CJK fonts.
pub const SYSTEM_FONTS: &[&str] = &[
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
];

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("no Chinese font found (tried {0}); install fonts-wqy-microhei or set YOUAI_CERT_FONT")]
    NotFound(String),
    #[error("cannot read font {0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("{0} is not a usable font: {1}")]
    Parse(PathBuf, String),
    #[error("{0} has no Chinese glyphs")]
    NotChinese(PathBuf),
}

/// A parsed-once font file (a `.ttf`/`.otf`, or face `index` of a `.ttc` collection).
pub struct Font {
    pub(crate) data: Vec<u8>,
    pub(crate) index: u32,
    pub(crate) path: PathBuf,
}

impl std::fmt::Debug for Font {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Font({}#{})", self.path.display(), self.index)
    }
}

impl Font {
    /// The configured font if any (`path` or `path#index`), else the first system font found.
    pub fn find(configured: Option<&str>) -> Result<Font, FontError> {
        if let Some(spec) = configured.filter(|s| !s.is_empty()) {
            let (path, index) = match spec.rsplit_once('#') {
                Some((p, i)) if i.parse::<u32>().is_ok() => (p, i.parse().unwrap_or(0)),
                _ => (spec, 0),
            };
            return Font::load(Path::new(path), index);
        }
        for path in SYSTEM_FONTS {
            if Path::new(path).exists() {
                return Font::load(Path::new(path), 0);
            }
        }
        Err(FontError::NotFound(SYSTEM_FONTS.join(", ")))
    }

    pub fn load(path: &Path, index: u32) -> Result<Font, FontError> {
        let data = std::fs::read(path).map_err(|e| FontError::Read(path.to_path_buf(), e))?;
        let font = Font {
            data,
            index,
            path: path.to_path_buf(),
        };
        let face = font
            .face()
            .map_err(|e| FontError::Parse(path.to_path_buf(), e.to_string()))?;
        // The certificate's own words must be there.
        if "志愿服务证明"
            .chars()
            .any(|c| face.glyph_index(c).is_none())
        {
            return Err(FontError::NotChinese(path.to_path_buf()));
        }
        Ok(font)
    }

    pub(crate) fn face(&self) -> Result<ttf_parser::Face<'_>, ttf_parser::FaceParsingError> {
        ttf_parser::Face::parse(&self.data, self.index)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}
