//! Swagger UI's files, compressed. They are built into the binary under fixed names, so each is
//! compressed once, on its first request, kept in memory, and then served in the encoding the
//! browser asks for, with an ETag that makes a repeat visit a `304` with no body.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use actix_web::body::{BoxBody, MessageBody, to_bytes};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::ErrorInternalServerError;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use actix_web::{HttpResponse, HttpResponseBuilder};
use sha2::{Digest, Sha256};

use crate::spa::{Encoding, accepted_encodings};

const PREFIX: &str = "/api/docs/";

/// One file in every encoding served.
struct Variants {
    content_type: Option<HeaderValue>,
    identity: Bytes,
    brotli: Bytes,
    gzip: Bytes,
    etag: String,
}

impl Variants {
    fn of(content_type: Option<HeaderValue>, body: Bytes) -> std::io::Result<Variants> {
        let mut brotli = brotli::CompressorWriter::new(Vec::new(), 4096, 9, 22);
        brotli.write_all(&body)?;
        let brotli = brotli.into_inner();
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gzip.write_all(&body)?;
        let gzip = gzip.finish()?;
        let digest = Sha256::digest(&body);
        Ok(Variants {
            content_type,
            etag: format!("\"{}\"", hex::encode(digest.get(..8).unwrap_or_default())),
            identity: body,
            brotli: brotli.into(),
            gzip: gzip.into(),
        })
    }

    fn pick(&self, accepted: &[Encoding]) -> (Option<Encoding>, &Bytes) {
        if accepted.contains(&Encoding::Brotli) {
            (Some(Encoding::Brotli), &self.brotli)
        } else if accepted.contains(&Encoding::Gzip) {
            (Some(Encoding::Gzip), &self.gzip)
        } else {
            (None, &self.identity)
        }
    }
}

fn cache() -> &'static Mutex<HashMap<String, Arc<Variants>>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Variants>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn cached(path: &str) -> Option<Arc<Variants>> {
    cache().lock().ok()?.get(path).cloned()
}

/// Middleware: the Swagger UI's answers for `GET /api/docs/…`, compressed and revalidated.
pub async fn docs_assets(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if req.method() != Method::GET || !req.path().starts_with(PREFIX) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let path = req.path().to_owned();
    let accepted = accepted_encodings(req.headers());
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let variants = match cached(&path) {
        Some(v) => v,
        None => {
            let res = next.call(req).await?;
            if res.status() != StatusCode::OK {
                return Ok(res.map_into_boxed_body());
            }
            let (req, res) = res.into_parts();
            let content_type = res.headers().get(header::CONTENT_TYPE).cloned();
            let body = to_bytes(res.into_body())
                .await
                .map_err(|e| ErrorInternalServerError(e.into()))?;
            let variants = Arc::new(
                web::block(move || Variants::of(content_type, body))
                    .await?
                    .map_err(ErrorInternalServerError)?,
            );
            if let Ok(mut c) = cache().lock() {
                c.insert(path, variants.clone());
            }
            return Ok(ServiceResponse::new(
                req,
                respond(&variants, &accepted, if_none_match.as_ref()),
            ));
        }
    };
    let (req, _) = req.into_parts();
    Ok(ServiceResponse::new(
        req,
        respond(&variants, &accepted, if_none_match.as_ref()),
    ))
}

fn respond(
    variants: &Variants,
    accepted: &[Encoding],
    if_none_match: Option<&HeaderValue>,
) -> HttpResponse {
    let fresh = if_none_match
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == variants.etag));
    let mut res = HttpResponseBuilder::new(if fresh {
        StatusCode::NOT_MODIFIED
    } else {
        StatusCode::OK
    });
    res.insert_header((header::ETAG, variants.etag.as_str()))
        // Fixed names, so not immutable: revalidate every time (a 304 when unchanged).
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::VARY, "Accept-Encoding"));
    if fresh {
        return res.finish();
    }
    if let Some(ct) = &variants.content_type {
        res.insert_header((header::CONTENT_TYPE, ct.clone()));
    }
    let (encoding, body) = variants.pick(accepted);
    if let Some(e) = encoding {
        res.insert_header((header::CONTENT_ENCODING, e.token()));
    }
    res.body(body.clone())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use actix_web::http::header::HeaderMap;

    fn headers_with(value: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(value));
        h
    }

    #[test]
    fn variants_round_trip_and_pick_the_best_encoding() {
        let body = Bytes::from("window.ui = SwaggerUIBundle({});\n".repeat(200));
        let v = Variants::of(None, body.clone()).unwrap();
        assert!(v.brotli.len() < body.len() / 10 && v.gzip.len() < body.len() / 10);
        let mut unzipped = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(&v.gzip[..]),
            &mut unzipped,
        )
        .unwrap();
        assert_eq!(unzipped, body);
        let mut unbrotli = Vec::new();
        brotli::BrotliDecompress(&mut &v.brotli[..], &mut unbrotli).unwrap();
        assert_eq!(unbrotli, body);

        let both = accepted_encodings(&headers_with("gzip, deflate, br"));
        assert_eq!(v.pick(&both).0, Some(Encoding::Brotli));
        let gzip = accepted_encodings(&headers_with("gzip, br;q=0"));
        assert_eq!(v.pick(&gzip).0, Some(Encoding::Gzip));
        assert_eq!(v.pick(&[]).0, None);
    }
}
