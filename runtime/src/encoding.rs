//! Compressed answers: which encodings are asked for, who decodes each, and
//! the body limit counted in decoded bytes. ureq decodes gzip and brotli
//! itself (its limit counts what it hands out); `deflate` is decoded here; an
//! encoding nobody decodes is an error that names it, never bytes handed to
//! a JSON parser as if they were text.

use std::io::{self, Read};

use flate2::read::{DeflateDecoder, ZlibDecoder};
use ureq::http::HeaderMap;

/// What every request accepts (`Accept-Encoding`), unless it says otherwise.
pub(crate) const ACCEPTED: &str = "gzip, br, deflate";

/// How an answer's body is encoded, as far as restlax must act on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// Not encoded, or decoded by ureq (gzip, brotli).
    Plain,
    /// `deflate`: zlib-wrapped as RFC 9110 says, or raw as some servers send.
    Deflate,
    /// An encoding no one here decodes (`zstd`, `compress`, a stack of two).
    Unsupported(String),
}

impl Encoding {
    pub(crate) fn of(headers: &HeaderMap) -> Encoding {
        let Some(value) = headers.get("content-encoding") else {
            return Encoding::Plain;
        };
        let value = value.to_str().unwrap_or("(not text)");
        match value {
            // What ureq decodes, spelled exactly as it matches them.
            "gzip" | "br" => Encoding::Plain,
            _ if value.trim().is_empty() || value.trim().eq_ignore_ascii_case("identity") => {
                Encoding::Plain
            }
            _ if value.trim().eq_ignore_ascii_case("deflate") => Encoding::Deflate,
            _ => Encoding::Unsupported(value.trim().to_owned()),
        }
    }

    /// Why the body cannot be read, for an encoding no one decodes.
    pub(crate) fn refusal(&self) -> Option<String> {
        match self {
            Encoding::Unsupported(name) => Some(format!(
                "the answer is encoded as `{name}` (Content-Encoding), which restlax cannot decode; \
                 it asks for {ACCEPTED} only"
            )),
            _ => None,
        }
    }
}

/// `body` decoded as `encoding` says; `Plain` passes it through (no
/// allocation: most answers are not deflated).
pub(crate) fn decoder<R: Read>(encoding: &Encoding, body: R) -> Decoded<R> {
    match encoding {
        Encoding::Deflate => Decoded::Deflate(Box::new(Deflate::new(body))),
        _ => Decoded::Plain(body),
    }
}

/// A body as it reads once decoded.
pub(crate) enum Decoded<R: Read> {
    Plain(R),
    Deflate(Box<Deflate<R>>),
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Decoded::Plain(body) => body.read(buf),
            Decoded::Deflate(body) => body.read(buf),
        }
    }
}

/// HTTP's `deflate`: a zlib stream (RFC 1950), or a raw deflate stream, told
/// apart by the zlib header on the first two bytes.
pub(crate) enum Deflate<R: Read> {
    Start(Option<R>),
    Zlib(ZlibDecoder<io::Chain<io::Cursor<Vec<u8>>, R>>),
    Raw(DeflateDecoder<io::Chain<io::Cursor<Vec<u8>>, R>>),
}

impl<R: Read> Deflate<R> {
    fn new(body: R) -> Self {
        Deflate::Start(Some(body))
    }
}

impl<R: Read> Read for Deflate<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Deflate::Start(body) = self {
            let Some(mut body) = body.take() else {
                return Ok(0);
            };
            let mut head = Vec::with_capacity(2);
            (&mut body).take(2).read_to_end(&mut head)?;
            // A zlib header: compression method 8, and the two bytes a
            // multiple of 31 (RFC 1950, 2.2).
            let zlib = head.len() == 2
                && head[0] & 0x0f == 8
                && (u16::from(head[0]) << 8 | u16::from(head[1])) % 31 == 0;
            let stream = io::Cursor::new(head).chain(body);
            *self = if zlib {
                Deflate::Zlib(ZlibDecoder::new(stream))
            } else {
                Deflate::Raw(DeflateDecoder::new(stream))
            };
        }
        match self {
            Deflate::Zlib(decoder) => decoder.read(buf),
            Deflate::Raw(decoder) => decoder.read(buf),
            Deflate::Start(_) => Ok(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn deflate_zlib_and_raw() {
        let text = b"hello deflate, hello deflate, hello deflate";
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        zlib.write_all(text).unwrap();
        let mut raw =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        raw.write_all(text).unwrap();
        for encoded in [zlib.finish().unwrap(), raw.finish().unwrap()] {
            let mut out = Vec::new();
            decoder(&Encoding::Deflate, &encoded[..])
                .read_to_end(&mut out)
                .unwrap();
            assert_eq!(out, text);
        }
    }

    #[test]
    fn encodings_by_header() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert("content-encoding", value.parse().unwrap());
            Encoding::of(&headers)
        };
        assert_eq!(with("gzip"), Encoding::Plain);
        assert_eq!(with("Deflate"), Encoding::Deflate);
        assert_eq!(with("zstd"), Encoding::Unsupported("zstd".into()));
        assert!(with("gzip, br").refusal().unwrap().contains("`gzip, br`"));
    }
}
