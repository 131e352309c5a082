//! The smallest HTTP/1.1 that the page needs: one request per connection
//! (`Connection: close`), the head parsed by `httparse`, a body only with a
//! `Content-Length` no larger than the configured maximum, everything held
//! in memory and nothing written to disk.
//!
//! The limits are decided here, before any body byte is stored: a head over
//! [`MAX_HEAD`] bytes, a missing or oversized `Content-Length`, a chunked
//! body and a client that stalls past [`IO_TIMEOUT`] all end the request
//! with an error status.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Duration;

/// Largest request line plus headers.
pub const MAX_HEAD: usize = 16 * 1024;
/// Most headers accepted.
const MAX_HEADERS: usize = 64;
/// Read and write timeout of a connection (a stalled client is dropped).
pub const IO_TIMEOUT: Duration = Duration::from_secs(20);
/// After refusing an oversized body, read and discard at most this much of
/// it so that the client, still sending, gets to read the refusal.
const DRAIN_LIMIT: u64 = 64 * 1024 * 1024;

/// A parsed request with its body.
#[derive(Debug)]
pub struct Request {
    pub method: String,
    /// The path without the query string.
    pub path: String,
    /// The query string, without `?` (empty when absent).
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The value of query parameter `key`, percent-decoded.
    pub fn query_param(&self, key: &str) -> Option<String> {
        self.query.split('&').find_map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (k == key).then(|| percent_decode(v))
        })
    }
}

/// A response; always sent with `Connection: close`.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            content_type,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    pub fn json(status: u16, value: &serde_json::Value) -> Self {
        Self::new(
            status,
            "application/json; charset=utf-8",
            serde_json::to_vec(value).expect("JSON values serialize"),
        )
    }

    /// `{"error": message}` with `status`.
    pub fn error(status: u16, message: impl Into<String>) -> Self {
        Self::json(status, &serde_json::json!({ "error": message.into() }))
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// Why no request could be read; each maps to one error response.
#[derive(Debug)]
pub enum ReadError {
    /// Malformed request (400), with the reason in Chinese.
    Bad(String),
    /// The head is larger than [`MAX_HEAD`] (431).
    HeadTooLarge,
    /// A body without `Content-Length` (411).
    LengthRequired,
    /// `Content-Length` over the maximum (413); the declared length.
    TooLarge(u64),
    /// The client closed the connection or stalled: nothing to answer.
    Gone,
}

/// Read one request from `stream`, accepting a body of at most `max_body`
/// bytes. `Expect: 100-continue` is honoured only for a body within limits.
pub fn read_request(stream: &mut TcpStream, max_body: usize) -> Result<Request, ReadError> {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let head_len = loop {
        if let Some(i) = find_head_end(&buf) {
            break i;
        }
        if buf.len() > MAX_HEAD {
            return Err(ReadError::HeadTooLarge);
        }
        let n = stream.read(&mut chunk).map_err(|_| ReadError::Gone)?;
        if n == 0 {
            return Err(ReadError::Gone);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    if head_len > MAX_HEAD {
        return Err(ReadError::HeadTooLarge);
    }

    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(&buf[..head_len]) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return Err(ReadError::Bad("请求头不完整".into())),
        Err(httparse::Error::TooManyHeaders) => return Err(ReadError::HeadTooLarge),
        Err(e) => return Err(ReadError::Bad(format!("无法解析的 HTTP 请求（{e}）"))),
    }
    let method = parsed.method.unwrap_or_default().to_string();
    let target = parsed.path.unwrap_or("/");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let headers: Vec<(String, String)> = parsed
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_string(),
                String::from_utf8_lossy(h.value).trim().to_string(),
            )
        })
        .collect();
    let mut request = Request {
        method,
        path: path.to_string(),
        query: query.to_string(),
        headers,
        body: Vec::new(),
    };

    if request.header("transfer-encoding").is_some() {
        return Err(ReadError::LengthRequired);
    }
    let length = match request.header("content-length") {
        None => 0,
        Some(v) => v
            .parse::<u64>()
            .map_err(|_| ReadError::Bad(format!("无效的 Content-Length：{v}")))?,
    };
    if length > max_body as u64 {
        return Err(ReadError::TooLarge(length));
    }
    let length = length as usize;
    if length > 0
        && request
            .header("expect")
            .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
    {
        stream
            .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .map_err(|_| ReadError::Gone)?;
    }
    let mut body = buf.split_off(head_len);
    if body.len() > length {
        body.truncate(length);
    }
    body.reserve_exact(length - body.len());
    (&mut *stream)
        .take((length - body.len()) as u64)
        .read_to_end(&mut body)
        .map_err(|_| ReadError::Gone)?;
    if body.len() != length {
        return Err(ReadError::Gone);
    }
    request.body = body;
    Ok(request)
}

/// Offset just past the `\r\n\r\n` that ends the head, if present.
fn find_head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4)
}

/// Write `response` and close the connection. After an early refusal
/// (`drain`), the rest of the client's body is read and discarded, up to a
/// bound, so that the client is not reset before it reads the answer.
pub fn write_response(stream: &mut TcpStream, response: &Response, drain: bool) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\
         X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len()
    );
    for (k, v) in &response.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(&response.body)?;
    stream.flush()?;
    stream.shutdown(Shutdown::Write)?;
    if drain {
        stream.set_read_timeout(Some(Duration::from_secs(2)))?;
        let _ = io::copy(&mut (&mut *stream).take(DRAIN_LIMIT), &mut io::sink());
    }
    Ok(())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Decode `%XX` escapes and `+` (as space); invalid escapes are kept as
/// they are, invalid UTF-8 is replaced (this is only ever a file name).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(
            percent_decode("%E8%8D%89%E7%A8%BF.docx"),
            "草稿.docx".to_string()
        );
        assert_eq!(percent_decode("a+b%2"), "a b%2");
        assert_eq!(percent_decode("%zz%"), "%zz%");
    }

    #[test]
    fn head_end() {
        assert_eq!(find_head_end(b"GET / HTTP/1.1\r\n\r\nbody"), Some(18));
        assert_eq!(find_head_end(b"GET / HTTP/1.1\r\n"), None);
    }
}
