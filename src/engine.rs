//! The engine: files in parallel (rayon, on a pool of `--jobs` threads),
//! each file read, decoded, parsed and checked under `catch_unwind` so that
//! a bug on one file is reported, not an abort. Output order is fixed:
//! files by path, findings by (offset, rule id).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::checks::Ctx;
use crate::document::{self, Gazette};
use crate::finding::Finding;
use crate::report::{FileError, FileReport};
use crate::rules::RuleSet;
use crate::source::SourceFile;

/// A file to check: where to read it, and the path shown in reports.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub display: String,
    pub path: PathBuf,
}

/// Everything a run produced.
#[derive(Debug, Default)]
pub struct Outcome {
    pub reports: Vec<FileReport>,
    pub errors: Vec<FileError>,
}

/// Check `inputs` with `rules` on `jobs` threads (0 = one per core).
pub fn run(inputs: &[Input], rules: &RuleSet, jobs: usize) -> Outcome {
    run_observed(inputs, rules, jobs, &|_| {})
}

/// [`run`], calling `done` (from any worker thread) after each file; used
/// for progress bars.
pub fn run_observed(
    inputs: &[Input],
    rules: &RuleSet,
    jobs: usize,
    done: &(dyn Fn(&Input) + Sync),
) -> Outcome {
    let mut outcome = Outcome::default();
    for_each(&pool(jobs), inputs, rules, done, |r| {
        match r {
            Ok(rep) => outcome.reports.push(rep),
            Err(e) => outcome.errors.push(e),
        }
        true
    });
    outcome
}

/// The pool a run's work goes to: `jobs` threads (0 = one per core).
pub fn pool(jobs: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .expect("a thread pool can be built")
}

/// Files checked at once by [`for_each`], per thread: enough to keep every
/// thread busy, few enough that memory stays that of a few files.
const WINDOW_PER_THREAD: usize = 4;

/// Check `inputs` and hand each result to `sink`, in order of path, as soon
/// as it and every file before it are done; `sink` returns false to stop
/// (the reader of the output went away). The files are checked a window
/// at a time on the pool while the calling thread hands the previous window
/// to `sink` (writes the output): a run over thousands of files holds the
/// reports of a few, not of all.
pub fn for_each(
    pool: &rayon::ThreadPool,
    inputs: &[Input],
    rules: &RuleSet,
    done: &(dyn Fn(&Input) + Sync),
    mut sink: impl FnMut(Result<FileReport, FileError>) -> bool,
) {
    let mut sorted: Vec<&Input> = inputs.iter().collect();
    sorted.sort_by(|a, b| a.display.cmp(&b.display));
    let window = WINDOW_PER_THREAD * pool.current_num_threads().max(1);
    // One window waits in the channel while the next is being checked.
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            pool.install(|| {
                for batch in sorted.chunks(window) {
                    let results: Vec<Result<FileReport, FileError>> = batch
                        .par_iter()
                        .map(|i| {
                            let r = check_input(i, rules);
                            done(i);
                            r
                        })
                        .collect();
                    if tx.send(results).is_err() {
                        return;
                    }
                }
            });
            drop(tx);
        });
        // Leaving the loop early drops the receiver: the checking stops
        // at the end of its window.
        'windows: for results in rx {
            for r in results {
                if !sink(r) {
                    break 'windows;
                }
            }
        }
    });
}

/// Decode, parse and check bytes that do not come from a file (standard
/// input), shown as `display`.
pub fn check_bytes(display: &str, bytes: &[u8], rules: &RuleSet) -> Result<FileReport, FileError> {
    let src = SourceFile::from_bytes(display, bytes).map_err(|e| FileError {
        path: display.to_string(),
        message: e.to_string(),
    })?;
    check_source(Arc::new(src), rules)
}

/// Read, decode, parse and check one file.
pub fn check_input(input: &Input, rules: &RuleSet) -> Result<FileReport, FileError> {
    let error = |message: String| FileError {
        path: input.display.clone(),
        message,
    };
    // Reading a FIFO blocks until someone writes to it, and a device may
    // never end: only regular files (or links to them) are read.
    let meta = std::fs::metadata(&input.path).map_err(|e| error(io_message(&e)))?;
    if !meta.is_file() {
        return Err(error(not_a_file(&meta.file_type())));
    }
    let bytes = std::fs::read(&input.path).map_err(|e| error(io_message(&e)))?;
    let src = crate::input::load(&input.display, bytes).map_err(error)?;
    check_source(Arc::new(src), rules)
}

/// Parse and check a decoded file; a panic becomes a [`FileError`].
pub fn check_source(src: Arc<SourceFile>, rules: &RuleSet) -> Result<FileReport, FileError> {
    guarded(&src.path, || {
        let gazette = Arc::new(document::parse(&src));
        let findings = check_parsed(&src, &gazette, rules);
        FileReport {
            source: Arc::clone(&src),
            gazette,
            findings,
        }
    })
}

/// Run `work` for the file at `path`; a panic becomes a [`FileError`] so
/// that one file's bug never aborts the run.
pub fn guarded<T>(path: &str, work: impl FnOnce() -> T) -> Result<T, FileError> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|panic| FileError {
        path: path.to_string(),
        message: format!(
            "内部错误：检查此文件时程序崩溃（{}），其他文件不受影响",
            panic_message(&panic)
        ),
    })
}

/// Run every rule on a parsed file; findings sorted by (offset, rule id).
///
/// Rules that look at one notice at a time run on chunks of the notices in
/// parallel, so that one large file (a year of gazettes in one text) uses
/// every core as well as many small files do; rules that look at the whole
/// file (table of contents, duplicates across notices) run once. Tasks are
/// collected rule by rule and chunk by chunk, in notice order: the findings
/// come out in the order a sequential run gives, before the (stable) sort.
pub fn check_parsed(src: &SourceFile, gazette: &Gazette, rules: &RuleSet) -> Vec<Finding> {
    let whole = [Ctx::new(src, gazette)];
    let parts: Vec<Ctx> = notice_chunks(gazette)
        .into_iter()
        .map(|r| Ctx {
            notices: &gazette.notices[r],
            ..Ctx::new(src, gazette)
        })
        .collect();
    let tasks: Vec<(&crate::rules::Rule, &Ctx)> = rules
        .rules
        .iter()
        .flat_map(|rule| {
            let ctxs: &[Ctx] = if parts.len() > 1 && rule.check.per_notice(rule.scope) {
                &parts
            } else {
                &whole
            };
            ctxs.iter().map(move |c| (rule, c))
        })
        .collect();
    let mut findings: Vec<Finding> = tasks
        .par_iter()
        .with_max_len(1)
        .flat_map_iter(|(rule, ctx)| {
            let mut out = Vec::new();
            rule.check.run(rule, ctx, &mut out);
            out
        })
        .collect();
    sort_findings(&mut findings);
    findings
}

/// About this many bytes of notices per chunk: large enough that a chunk
/// costs more than scheduling it, small enough to balance two or more cores.
const CHUNK_BYTES: usize = 256 * 1024;

/// The notices of `gazette` in consecutive ranges of about [`CHUNK_BYTES`]
/// (none when the file is small: it is checked whole). The notices are
/// not copied; a chunk's checks still see the whole gazette for facts about
/// the file.
fn notice_chunks(gazette: &Gazette) -> Vec<std::ops::Range<usize>> {
    let total: usize = gazette.notices.iter().map(|n| n.range.len()).sum();
    if total <= CHUNK_BYTES {
        return Vec::new();
    }
    let mut chunks = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, n) in gazette.notices.iter().enumerate() {
        bytes += n.range.len();
        if bytes >= CHUNK_BYTES {
            chunks.push(start..i + 1);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < gazette.notices.len() {
        chunks.push(start..gazette.notices.len());
    }
    chunks
}

/// The fixed order of findings within a file.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.span.start, &a.rule.id, a.span.end, &a.message).cmp(&(
            b.span.start,
            &b.rule.id,
            b.span.end,
            &b.message,
        ))
    });
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".into(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        _ => e.to_string(),
    }
}

fn not_a_file(t: &std::fs::FileType) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "是命名管道（FIFO），不是普通文件，已跳过".into();
        }
        if t.is_socket() {
            return "是套接字，不是普通文件，已跳过".into();
        }
        if t.is_char_device() || t.is_block_device() {
            return "是设备文件，不是普通文件，已跳过".into();
        }
    }
    if t.is_dir() {
        return "是目录，不是文件".into();
    }
    "不是普通文件，已跳过".into()
}

fn panic_message(p: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "未知原因".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_a_file_error() {
        let r: Result<(), FileError> = guarded("a.txt", || panic!("boom"));
        let e = r.unwrap_err();
        assert_eq!(e.path, "a.txt");
        assert!(e.message.contains("boom"), "{}", e.message);
        assert_eq!(guarded("b.txt", || 7).unwrap(), 7);
    }

    #[test]
    fn findings_sort_by_offset_then_rule() {
        let set = crate::rules::load(&crate::rules::builtin_packs()).unwrap();
        let text = "关于加强安全生产工作的通知\n\n山府发[2013]02号\n\n各镇人民政府:\n\n正文,内容。\n\n二0一三年五月九日\n";
        let src = Arc::new(SourceFile::new(
            "x.txt",
            text.into(),
            crate::source::Encoding::Utf8,
        ));
        let rep = check_source(src, &set).unwrap();
        let keys: Vec<_> = rep
            .findings
            .iter()
            .map(|f| (f.span.start, f.rule.id.clone()))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        assert!(keys.len() >= 4, "{keys:?}");
    }
}
