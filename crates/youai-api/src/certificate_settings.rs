//! What certificates need from the deployment, held in the app state: the font and the
//! public address printed on them.

use std::sync::{Arc, OnceLock};

use youai_certificate::Font;

use crate::error::{ApiError, ApiResult};

/// What certificates need from the deployment: the font (loaded once, on first use) and the
/// public address printed on them.
pub struct Settings {
    font_spec: Option<String>,
    pub public_url: Option<String>,
    font: OnceLock<Result<Arc<Font>, String>>,
}

impl Settings {
    pub fn new(font_spec: Option<String>, public_url: Option<String>) -> Settings {
        Settings {
            font_spec,
            public_url,
            font: OnceLock::new(),
        }
    }

    /// The font, or 503 naming what is missing (blocking: reads the font file once).
    pub fn font(&self) -> ApiResult<Arc<Font>> {
        self.font
            .get_or_init(|| {
                Font::find(self.font_spec.as_deref())
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
            .map_err(|e| {
                tracing::error!(error = %e, "certificate font");
                ApiError::new(
                    actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
                    "certificate_font_missing",
                    "服务器未安装中文字体，暂不能生成 PDF 证明；HTML 证明可用",
                )
            })
    }
}
