//! `multipart/form-data` bodies (RFC 7578) for file uploads:
//! [`RequestBuilder::multipart`](crate::RequestBuilder::multipart).
//!
//! Written here rather than with a crate: the maintained Rust multipart
//! crates parse (multer, for async servers), and the encoders are either
//! tied to an async client (reqwest's) or unmaintained (`multipart`, last
//! released 2021). The encoder is small; its tests parse what it writes with
//! Python's standard `email` parser, an implementation nobody here wrote.

use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::io::{self, Read};

/// A `multipart/form-data` body: text fields and files, from bytes or from a
/// reader, sent in the order added.
///
/// ```no_run
/// # let client = restlax::Client::builder("https://api.example.com").build()?;
/// use restlax::multipart::Form;
///
/// let file = std::fs::File::open("report.pdf").expect("the file");
/// let length = file.metadata().map(|m| m.len()).ok();
/// let form = Form::new()
///     .text("title", "Quarterly report")
///     .file_reader("document", "report.pdf", "application/pdf", file, length);
/// client.post("/uploads").multipart(form).send()?;
/// # Ok::<(), restlax::Error>(())
/// ```
///
/// A form with a reader in it is sent once: as any body from a reader, it is
/// not retried after a byte left nor re-sent on a redirect. Its length is
/// known (`Content-Length`) when every reader's is; else it is sent chunked.
#[must_use = "a form does nothing until it is sent"]
pub struct Form {
    boundary: String,
    parts: Vec<Part>,
}

struct Part {
    /// The part's head, boundary line included.
    head: Vec<u8>,
    body: PartBody,
}

enum PartBody {
    Bytes(Vec<u8>),
    Reader {
        reader: Box<dyn Read + Send + Sync>,
        length: Option<u64>,
    },
}

impl Default for Form {
    fn default() -> Self {
        Form::new()
    }
}

impl Form {
    /// An empty form with a fresh random boundary.
    pub fn new() -> Form {
        let random = |salt: u64| RandomState::new().hash_one(salt);
        Form {
            boundary: format!("restlax-{:016x}{:016x}", random(1), random(2)),
            parts: Vec::new(),
        }
    }

    /// A text field.
    pub fn text(self, name: &str, value: impl Into<String>) -> Form {
        self.part(name, None, None, PartBody::Bytes(value.into().into_bytes()))
    }

    /// A file from bytes, with its file name and media type.
    pub fn file(
        self,
        name: &str,
        file_name: &str,
        content_type: &str,
        bytes: impl Into<Vec<u8>>,
    ) -> Form {
        self.part(
            name,
            Some(file_name),
            Some(content_type),
            PartBody::Bytes(bytes.into()),
        )
    }

    /// A file read as the body is sent (a file on disk, a pipe), with its
    /// file name, media type and length when known.
    pub fn file_reader(
        self,
        name: &str,
        file_name: &str,
        content_type: &str,
        reader: impl Read + Send + Sync + 'static,
        length: Option<u64>,
    ) -> Form {
        let body = PartBody::Reader {
            reader: Box::new(reader),
            length,
        };
        self.part(name, Some(file_name), Some(content_type), body)
    }

    /// The boundary between parts.
    pub fn boundary(&self) -> &str {
        &self.boundary
    }

    /// The `Content-Type` of the body: `multipart/form-data; boundary=…`.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    fn part(
        mut self,
        name: &str,
        file_name: Option<&str>,
        content_type: Option<&str>,
        body: PartBody,
    ) -> Form {
        let mut head = format!(
            "--{}\r\nContent-Disposition: form-data; name=\"{}\"",
            self.boundary,
            quoted(name)
        );
        if let Some(file_name) = file_name {
            head.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
        }
        head.push_str("\r\n");
        if let Some(content_type) = content_type {
            head.push_str(&format!(
                "Content-Type: {}\r\n",
                content_type.replace(['\r', '\n'], "")
            ));
        }
        head.push_str("\r\n");
        self.parts.push(Part {
            head: head.into_bytes(),
            body,
        });
        self
    }

    /// Whether a part held in memory contains the boundary, which would end
    /// it early: then a new boundary is drawn (a reader's content cannot be
    /// checked; 128 random bits make a clash unlikely past reason).
    fn boundary_clashes(&self) -> bool {
        let marker = format!("--{}", self.boundary);
        self.parts.iter().any(|part| match &part.body {
            PartBody::Bytes(bytes) => bytes.windows(marker.len()).any(|w| w == marker.as_bytes()),
            PartBody::Reader { .. } => false,
        })
    }

    /// The encoded body: its bytes when every part is in memory, else a
    /// reader over the parts, with the total length when every part's is
    /// known; and the content type.
    pub(crate) fn encode(mut self) -> (String, Encoded) {
        while self.boundary_clashes() {
            let fresh = Form::new().boundary;
            for part in &mut self.parts {
                let head = String::from_utf8_lossy(&part.head).replacen(&self.boundary, &fresh, 1);
                part.head = head.into_bytes();
            }
            self.boundary = fresh;
        }
        let content_type = self.content_type();
        let tail = format!("--{}--\r\n", self.boundary).into_bytes();
        if self
            .parts
            .iter()
            .all(|p| matches!(p.body, PartBody::Bytes(_)))
        {
            let mut out = Vec::new();
            for part in self.parts {
                out.extend_from_slice(&part.head);
                if let PartBody::Bytes(bytes) = part.body {
                    out.extend_from_slice(&bytes);
                }
                out.extend_from_slice(b"\r\n");
            }
            out.extend_from_slice(&tail);
            return (content_type, Encoded::Bytes(out));
        }
        let mut length = Some(tail.len() as u64);
        let mut pieces: Vec<Box<dyn Read + Send + Sync>> = Vec::new();
        for part in self.parts {
            let body_len = match &part.body {
                PartBody::Bytes(bytes) => Some(bytes.len() as u64),
                PartBody::Reader { length, .. } => *length,
            };
            length = match (length, body_len) {
                (Some(total), Some(body)) => Some(total + part.head.len() as u64 + body + 2),
                _ => None,
            };
            pieces.push(Box::new(io::Cursor::new(part.head)));
            match part.body {
                PartBody::Bytes(bytes) => pieces.push(Box::new(io::Cursor::new(bytes))),
                PartBody::Reader { reader, length } => match length {
                    // A reader shorter or longer than it said would break the
                    // framing: it is held to its length.
                    Some(length) => pieces.push(Box::new(Exact::new(reader, length))),
                    None => pieces.push(reader),
                },
            }
            pieces.push(Box::new(io::Cursor::new(b"\r\n".to_vec())));
        }
        pieces.push(Box::new(io::Cursor::new(tail)));
        (
            content_type,
            Encoded::Reader {
                reader: Box::new(Pieces { pieces, at: 0 }),
                length,
            },
        )
    }
}

impl fmt::Debug for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Form")
            .field("boundary", &self.boundary)
            .field("parts", &self.parts.len())
            .finish()
    }
}

/// An encoded form.
pub(crate) enum Encoded {
    Bytes(Vec<u8>),
    Reader {
        reader: Box<dyn Read + Send + Sync>,
        length: Option<u64>,
    },
}

/// A name or file name inside `"…"`, as browsers write it (WHATWG's form
/// encoding): `"` as `%22`, CR and LF as `%0D` and `%0A`.
fn quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The parts one after another.
struct Pieces {
    pieces: Vec<Box<dyn Read + Send + Sync>>,
    at: usize,
}

impl Read for Pieces {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while let Some(piece) = self.pieces.get_mut(self.at) {
            let n = piece.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            self.at += 1;
        }
        Ok(0)
    }
}

/// A reader held to the length it was declared with: one that ends early or
/// runs long is an error, not a body whose framing lies.
struct Exact {
    inner: Box<dyn Read + Send + Sync>,
    left: u64,
}

impl Exact {
    fn new(inner: Box<dyn Read + Send + Sync>, length: u64) -> Exact {
        Exact {
            inner,
            left: length,
        }
    }
}

impl Read for Exact {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "a multipart file reader is longer than the length it was given",
                )),
            };
        }
        let take = usize::try_from(self.left)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let n = self.inner.read(&mut buf[..take])?;
        if n == 0 && take > 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "a multipart file reader ended before the length it was given",
            ));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_and_readers_encode_the_same() {
        let bytes = Form::new()
            .text("a", "1")
            .file("f", "x.txt", "text/plain", b"hello".to_vec());
        let boundary = bytes.boundary().to_owned();
        let (_, Encoded::Bytes(expected)) = bytes.encode() else {
            panic!("bytes")
        };
        let mut reader = Form::new().text("a", "1").file_reader(
            "f",
            "x.txt",
            "text/plain",
            io::Cursor::new(b"hello".to_vec()),
            Some(5),
        );
        let fresh = reader.boundary.clone();
        reader.boundary = boundary.clone();
        for part in &mut reader.parts {
            part.head = String::from_utf8_lossy(&part.head)
                .replace(&fresh, &boundary)
                .into_bytes();
        }
        let (_, Encoded::Reader { mut reader, length }) = reader.encode() else {
            panic!("reader")
        };
        let mut got = Vec::new();
        reader.read_to_end(&mut got).unwrap();
        assert_eq!(got, expected);
        assert_eq!(length, Some(expected.len() as u64));
    }

    #[test]
    fn a_boundary_inside_a_part_is_redrawn_and_names_are_escaped() {
        let form = Form::new();
        let clash = format!("x\r\n--{}\r\ny", form.boundary());
        let old = form.boundary().to_owned();
        let form = form.text("na\"me\r\n", clash);
        let (content_type, Encoded::Bytes(body)) = form.encode() else {
            panic!("bytes")
        };
        assert!(!content_type.contains(&old));
        let text = String::from_utf8(body).unwrap();
        assert!(text.contains("name=\"na%22me%0D%0A\""), "{text}");
    }

    #[test]
    fn a_reader_not_its_length_is_an_error() {
        let form = Form::new().file_reader("f", "x", "a/b", io::Cursor::new(vec![1, 2]), Some(3));
        let (_, Encoded::Reader { mut reader, .. }) = form.encode() else {
            panic!("reader")
        };
        assert!(reader.read_to_end(&mut Vec::new()).is_err());
    }
}
