//! The routes of `gwlint serve`: the page, `POST /api/check` and
//! `POST /api/fix`. Both API routes take the raw bytes of a file (or of the
//! pasted text, as UTF-8) as the body and its name in `?name=`; the name
//! only decides how the bytes are read (`.docx` or text) and is shown back.
//!
//! The answer is the JSON diagnostic of `gwlint check --format json` for
//! each finding, plus what the page needs: the decoded text, and `from` /
//! `to` in UTF-16 code units of that text (JavaScript string offsets).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use serde_json::{json, Value};

use super::http::{Request, Response};
use super::offsets::utf16_offsets;
use crate::finding::Severity;
use crate::report::{json as report_json, FileReport};
use crate::rules::RuleSet;
use crate::source::SourceFile;
use crate::{document, engine, fix, input};

/// Everything a request may use; shared by all connections.
pub struct State {
    pub rules: RuleSet,
    /// Largest accepted request body, in bytes.
    pub max_request: usize,
    /// The page, assembled once.
    pub page: String,
    /// Host names accepted in the `Host` header (DNS-rebinding guard when
    /// bound to loopback); `None` accepts any.
    pub allowed_hosts: Option<Vec<String>>,
}

/// The name shown for pasted text.
pub const PASTED_NAME: &str = "粘贴的文本.txt";

/// Content-Security-Policy of the page: nothing from any other origin.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; \
                   connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; \
                   frame-ancestors 'none'";

pub fn handle(req: &Request, state: &State) -> Response {
    if let Some(allowed) = &state.allowed_hosts {
        if let Some(host) = req.header("host") {
            let name = host_name(host);
            if !allowed.iter().any(|a| a.eq_ignore_ascii_case(name)) {
                return Response::error(
                    403,
                    format!("拒绝访问：主机名“{name}”不是本机地址（gwlint serve 只接受本机访问）"),
                );
            }
        }
    }
    match (req.method.as_str(), req.path.as_str()) {
        ("GET", "/" | "/index.html") => {
            Response::new(200, "text/html; charset=utf-8", state.page.clone())
                .with_header("Content-Security-Policy", CSP)
                .with_header("Referrer-Policy", "no-referrer")
        }
        ("POST", "/api/check") => check(req, state, false),
        ("POST", "/api/fix") => check(req, state, true),
        (_, "/" | "/index.html" | "/api/check" | "/api/fix") => {
            Response::error(405, format!("不支持的请求方法 {}", req.method))
        }
        _ => Response::error(404, format!("没有这个页面：{}", req.path)),
    }
}

/// `Host: name:port` → `name` (IPv6 literals keep their brackets).
fn host_name(host: &str) -> &str {
    if host.starts_with('[') {
        host.split_inclusive(']').next().unwrap_or(host)
    } else {
        host.split(':').next().unwrap_or(host)
    }
}

/// The file name to show: the last path component of `?name=`.
fn display_name(req: &Request) -> String {
    req.query_param("name")
        .map(|n| {
            n.rsplit(['/', '\\'])
                .next()
                .unwrap_or("")
                .trim()
                .to_string()
        })
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| PASTED_NAME.to_string())
}

fn check(req: &Request, state: &State, apply_fixes: bool) -> Response {
    let name = display_name(req);
    let src = match input::load(&name, req.body.clone()) {
        Ok(src) => src,
        Err(message) => return Response::error(400, format!("无法读取“{name}”：{message}")),
    };
    let report = match engine::check_source(Arc::new(src), &state.rules) {
        Ok(r) => r,
        Err(e) => return Response::error(500, e.message),
    };
    if !apply_fixes {
        return Response::json(200, &result(&report, None));
    }
    let rules = &state.rules;
    let fixed = catch_unwind(AssertUnwindSafe(|| {
        let src = &report.source;
        let outcome = fix::fix_until_stable_from(
            &src.text,
            report.findings.clone(),
            false,
            fix::DEFAULT_MAX_PASSES,
            |t| {
                let s = SourceFile::new(src.path.clone(), t.to_owned(), src.encoding);
                engine::check_parsed(&s, &document::parse(&s), rules)
            },
        );
        let after = SourceFile::new(src.path.clone(), outcome.text.clone(), src.encoding);
        (outcome, engine::check_source(Arc::new(after), rules))
    }));
    match fixed {
        Ok((outcome, Ok(after))) => Response::json(
            200,
            &result(
                &after,
                Some(json!({
                    "applied": outcome.applied.len(),
                    "passes": outcome.passes,
                    "converged": outcome.converged,
                })),
            ),
        ),
        Ok((_, Err(e))) => Response::error(500, e.message),
        Err(_) => Response::error(500, "内部错误：应用修复时程序崩溃，文本未改动"),
    }
}

/// The JSON answer for one checked text.
fn result(report: &FileReport, fixed: Option<Value>) -> Value {
    let src = &report.source;
    let mut offsets = Vec::with_capacity(report.findings.len() * 2);
    for f in &report.findings {
        offsets.push(f.span.start);
        offsets.push(f.span.end);
    }
    let utf16 = utf16_offsets(&src.text, &offsets);
    let diagnostics: Vec<Value> = report
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut d = serde_json::to_value(report_json::diag(src, f)).expect("serializes");
            let obj = d.as_object_mut().expect("a diagnostic is an object");
            obj.insert("from".into(), json!(utf16[2 * i]));
            obj.insert("to".into(), json!(utf16[2 * i + 1]));
            obj.insert("category_label".into(), json!(f.rule.category.label()));
            obj.insert("severity_label".into(), json!(f.severity.label()));
            obj.insert(
                "safe_fix".into(),
                json!(f.fix.as_ref().is_some_and(|x| x.safe)),
            );
            d
        })
        .collect();
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    json!({
        "name": src.path,
        "encoding": src.encoding.name(),
        "text": src.text,
        "notices": report.gazette.notices.len(),
        "diagnostics": diagnostics,
        "summary": {
            "errors": count(Severity::Error),
            "warnings": count(Severity::Warning),
            "infos": count(Severity::Info),
            "safe_fixes": report.findings.iter().filter(|f| f.fix.as_ref().is_some_and(|x| x.safe)).count(),
        },
        "fixed": fixed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names() {
        assert_eq!(host_name("127.0.0.1:7700"), "127.0.0.1");
        assert_eq!(host_name("localhost"), "localhost");
        assert_eq!(host_name("[::1]:80"), "[::1]");
    }
}
