//! The text encoding of an upload: UTF-8 (with or without a BOM), else GBK/GB18030.

use std::borrow::Cow;
use std::fmt;

/// Why the bytes of an upload are not readable text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// Contains NUL bytes: a binary file such as `.xlsx`, or UTF-16 text.
    Binary,
    /// Neither UTF-8 nor GBK/GB18030.
    UnknownEncoding,
}

impl DecodeError {
    pub fn code(self) -> &'static str {
        match self {
            DecodeError::Binary => "not_csv",
            DecodeError::UnknownEncoding => "unknown_encoding",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            DecodeError::Binary => {
                "文件不是 CSV 文本文件：Excel 表格请先“另存为”CSV（逗号分隔）格式再上传"
            }
            DecodeError::UnknownEncoding => {
                "无法识别文件编码：请将文件另存为 UTF-8 或 GBK 编码的 CSV 后再上传"
            }
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for DecodeError {}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes an uploaded file: UTF-8 (with or without a BOM), else GBK.
///
/// Excel on Chinese Windows saves "CSV" in the ANSI code page, which is GBK (code page 936),
/// while WPS, LibreOffice and Numbers usually write UTF-8, often with a BOM. Any non-ASCII
/// text that is valid UTF-8 is very unlikely to be intended as GBK, so UTF-8 is tried first.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    // GB18030 is a superset of GBK (and of GB2312), so one decoder reads all three; encoding_rs
    // follows the WHATWG Encoding Standard, where the "GBK" label uses this same decoder.
    // Without replacement, malformed input gives None instead of U+FFFD characters, so a file
    // in some third encoding is rejected rather than imported as mojibake.
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(Cow::into_owned)
        .ok_or(DecodeError::UnknownEncoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "姓名,手机号\n张三,13800138000\n";

    #[test]
    fn decodes_utf8_and_gbk() {
        let with_bom = [UTF8_BOM, SAMPLE.as_bytes()].concat();
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(SAMPLE);
        assert!(!unmappable);
        assert!(
            std::str::from_utf8(&gbk).is_err(),
            "the GBK bytes are not UTF-8"
        );
        // 𠮷 is outside GBK: GB18030 writes it in four bytes.
        let rare = "姓名\n𠮷\n";
        let (gb18030, _, unmappable) = encoding_rs::GB18030.encode(rare);
        assert!(!unmappable);

        for (name, bytes, text) in [
            ("utf-8", SAMPLE.as_bytes(), SAMPLE),
            ("utf-8 with BOM", &with_bom[..], SAMPLE),
            ("gbk", &gbk[..], SAMPLE),
            ("gb18030", &gb18030[..], rare),
            ("ascii", b"name,phone\r\n".as_slice(), "name,phone\r\n"),
            ("empty", b"".as_slice(), ""),
            ("only a BOM", UTF8_BOM, ""),
        ] {
            assert_eq!(decode(bytes).as_deref(), Ok(text), "{name}");
        }
    }

    #[test]
    fn rejects_what_is_not_text() {
        // Excel's "Unicode text": UTF-16LE with a BOM.
        let mut utf16le = vec![0xFF, 0xFE];
        for unit in SAMPLE.encode_utf16() {
            utf16le.extend(unit.to_le_bytes());
        }
        for (name, bytes, err) in [
            (
                "xlsx (zip)",
                &b"PK\x03\x04\x14\x00\x06\x00"[..],
                DecodeError::Binary,
            ),
            ("utf-16", &utf16le[..], DecodeError::Binary),
            (
                "truncated GBK",
                &[b'a', 0xD5][..],
                DecodeError::UnknownEncoding,
            ),
            (
                "0xFF is never GBK",
                &[0xFF, 0x41][..],
                DecodeError::UnknownEncoding,
            ),
            (
                "bad trail byte",
                &[0x41, 0xA1, 0x20][..],
                DecodeError::UnknownEncoding,
            ),
            (
                "truncated four-byte sequence",
                &[0x81, 0x30, 0x81][..],
                DecodeError::UnknownEncoding,
            ),
        ] {
            assert_eq!(decode(bytes), Err(err), "{name}");
        }
        assert_eq!(DecodeError::UnknownEncoding.code(), "unknown_encoding");
        assert!(DecodeError::Binary.message().contains("CSV"));
    }
}
