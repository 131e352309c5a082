//! `gwlint serve`: a local web page for editors. Paste a draft or drop a
//! .txt/.docx file, see every finding highlighted in place, apply the safe
//! fixes, download the corrected text.
//!
//! The server binds to 127.0.0.1 unless told otherwise, reads nothing from
//! disk after start-up (the rule packs are loaded once, as for `gwlint
//! check`), keeps every upload in memory only for the time of its request,
//! and refuses bodies over the configured size before reading them.

pub mod api;
pub mod http;
pub mod offsets;
pub mod page;

use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::error::Error;
use crate::rules::RuleSet;
use api::State;
use http::{ReadError, Response};

/// Default `--max-request-size`.
pub const DEFAULT_MAX_REQUEST: usize = 5 * 1024 * 1024;
/// Default `--port`.
pub const DEFAULT_PORT: u16 = 7700;
/// Connections handled at once; more are answered 503 straight away.
const MAX_CONNECTIONS: usize = 32;

/// `gwlint serve`, validated.
#[derive(Debug)]
pub struct ServeSettings {
    pub host: String,
    /// 0 picks a free port.
    pub port: u16,
    /// Largest request body accepted, in bytes.
    pub max_request: usize,
    pub rules: RuleSet,
}

/// A running server (the listener thread and its connections).
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Bind and start serving in the background.
    pub fn start(settings: ServeSettings) -> Result<Server, Error> {
        let where_ = format!("{}:{}", settings.host, settings.port);
        let addrs: Vec<SocketAddr> = (settings.host.as_str(), settings.port)
            .to_socket_addrs()
            .map_err(|e| Error::usage(format!("无法解析监听地址 {where_}：{e}")))?
            .collect();
        let listener = TcpListener::bind(&addrs[..]).map_err(|e| {
            Error::usage_help(
                format!("无法在 {where_} 上监听：{e}"),
                "端口可能已被占用：用 --port 换一个端口（--port 0 自动选择）",
            )
        })?;
        let addr = listener.local_addr()?;
        let allowed_hosts = addr.ip().is_loopback().then(|| {
            let mut hosts = vec![
                "127.0.0.1".to_string(),
                "localhost".to_string(),
                "[::1]".to_string(),
            ];
            hosts.push(settings.host.clone());
            hosts
        });
        let state = Arc::new(State {
            page: page::html(settings.max_request),
            max_request: settings.max_request,
            rules: settings.rules,
            allowed_hosts,
        });
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let stop = Arc::clone(&stop);
            std::thread::Builder::new()
                .name("gwlint-serve".into())
                .spawn(move || accept_loop(listener, state, stop))?
        };
        Ok(Server {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The page's address, for a browser.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Serve until the process ends.
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    /// Stop accepting connections (those in progress finish on their own).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.thread.is_some() {
            self.shutdown();
        }
    }
}

/// `gwlint serve`: start, say where, serve until interrupted.
pub fn run(settings: ServeSettings) -> Result<(), Error> {
    let rules = settings.rules.rules.len();
    let loopback = settings.host == "localhost"
        || settings
            .host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    let server = Server::start(settings)?;
    eprintln!(
        "gwlint serve：已加载 {rules} 条规则，请用浏览器打开 {}（按 Ctrl+C 停止）",
        server.url()
    );
    if !loopback {
        eprintln!(
            "注意：服务监听在 {}，局域网内的其他电脑也能访问此页面",
            server.addr()
        );
    }
    server.wait();
    Ok(())
}

/// `5MB`, `512KB`, `5M`, `1048576` → bytes (KB and MB are 1024-based).
pub fn parse_size(s: &str) -> Option<usize> {
    let t = s.trim().to_ascii_uppercase();
    let t = t.strip_suffix('B').unwrap_or(&t);
    let (num, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => t.split_at(i),
        None => (t, ""),
    };
    let n: usize = num.parse().ok()?;
    let factor = match unit.trim() {
        "" => 1,
        "K" | "KI" => 1024,
        "M" | "MI" => 1024 * 1024,
        "G" | "GI" => 1024 * 1024 * 1024,
        _ => return None,
    };
    n.checked_mul(factor).filter(|&n| n > 0)
}

fn accept_loop(listener: TcpListener, state: Arc<State>, stop: Arc<AtomicBool>) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(mut stream) = stream else { continue };
        if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            active.fetch_sub(1, Ordering::SeqCst);
            let busy = Response::error(503, "服务器正忙，请稍后再试");
            let _ = http::write_response(&mut stream, &busy, false);
            continue;
        }
        let state = Arc::clone(&state);
        let active = Arc::clone(&active);
        let spawned = std::thread::Builder::new()
            .name("gwlint-conn".into())
            .spawn(move || {
                connection(stream, &state);
                active.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // The closure (and with it the stream) is gone; nothing to answer.
            eprintln!("gwlint serve：无法创建处理连接的线程");
        }
    }
}

/// One connection: one request, one response.
fn connection(mut stream: TcpStream, state: &State) {
    let _ = stream.set_read_timeout(Some(http::IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(http::IO_TIMEOUT));
    let mb = |n: u64| format!("{:.1} MB", n as f64 / 1024.0 / 1024.0);
    let (response, drain) = match http::read_request(&mut stream, state.max_request) {
        Ok(req) => {
            let resp = catch_unwind(AssertUnwindSafe(|| api::handle(&req, state)))
                .unwrap_or_else(|_| Response::error(500, "内部错误：处理请求时程序崩溃"));
            (resp, false)
        }
        Err(ReadError::Gone) => return,
        Err(ReadError::TooLarge(n)) => (
            Response::error(
                413,
                format!(
                    "上传的内容过大（{}），超过了 {} 的上限；请只上传一篇公文，或用 gwlint serve --max-request-size 调高上限",
                    mb(n),
                    mb(state.max_request as u64)
                ),
            ),
            true,
        ),
        Err(ReadError::HeadTooLarge) => (Response::error(431, "请求头过大"), true),
        Err(ReadError::LengthRequired) => (
            Response::error(411, "请求必须带有 Content-Length（不接受分块传输）"),
            true,
        ),
        Err(ReadError::Bad(why)) => (Response::error(400, why), true),
    };
    let _ = http::write_response(&mut stream, &response, drain);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("5MB"), Some(5 * 1024 * 1024));
        assert_eq!(parse_size("512kb"), Some(512 * 1024));
        assert_eq!(parse_size("2M"), Some(2 * 1024 * 1024));
        assert_eq!(parse_size("1000"), Some(1000));
        assert_eq!(parse_size("0"), None);
        assert_eq!(parse_size("5 TB"), None);
        assert_eq!(parse_size("MB"), None);
    }
}
