//! Bounded work on adversarial input: doubling the input at most about
//! doubles the work. Work is counted, not timed (a wall-clock assertion would
//! fail on a loaded CI machine and pass on a quadratic algorithm with a small
//! input): allocations and bytes allocated (a counting global allocator),
//! bytes scanned to compute columns (`gwlint::source::COLUMN_SCAN`), and
//! bytes of report written — over the whole pipeline of one file: decode,
//! parse, every built-in rule, JSON and human reports.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, LazyLock, Mutex};

use gwlint::report::{human, json, FileReport};
use gwlint::rules::{builtin_packs, load, RuleSet};
use gwlint::source::{SourceFile, COLUMN_SCAN};

struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size(), Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size, Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| load(&builtin_packs()).unwrap());

/// The counters are global: one measurement at a time.
static SERIAL: Mutex<()> = Mutex::new(());

#[derive(Debug, Clone, Copy)]
struct Work {
    allocs: usize,
    bytes: usize,
    column_scan: usize,
    output: usize,
    findings: usize,
}

fn work(text: &str) -> Work {
    let reset = || {
        ALLOCS.store(0, Relaxed);
        BYTES.store(0, Relaxed);
        COLUMN_SCAN.store(0, Relaxed);
    };
    reset();
    let src = SourceFile::from_bytes("t.txt", text.as_bytes()).unwrap();
    let gazette = gwlint::document::parse(&src);
    let findings = gwlint::engine::check_parsed(&src, &gazette, &RULES);
    let n = findings.len();
    let reports = vec![FileReport {
        source: Arc::new(src),
        gazette: Arc::new(gazette),
        findings,
    }];
    let style = human::Style {
        color: false,
        width: 100,
    };
    let output = json::render(&reports, &[]).len() + human::render(&reports, &[], style).len();
    Work {
        allocs: ALLOCS.load(Relaxed),
        bytes: BYTES.load(Relaxed),
        column_scan: COLUMN_SCAN.load(Relaxed),
        output,
        findings: n,
    }
}

/// `make(n)` and `make(2n)` cost at most about twice as much.
fn about_linear(what: &str, make: impl Fn(usize) -> String, n: usize) {
    let _guard = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    LazyLock::force(&RULES);
    work(&make(n)); // warm up lazily built automata
    let small = work(&make(n));
    let big = work(&make(2 * n));
    eprintln!("{what}: {small:?} → {big:?}");
    assert!(
        small.findings > 0,
        "{what}: nothing to report, nothing measured"
    );
    let pairs = [
        ("allocations", small.allocs, big.allocs),
        ("bytes allocated", small.bytes, big.bytes),
        ("column scan", small.column_scan, big.column_scan),
        ("report bytes", small.output, big.output),
    ];
    for (name, a, b) in pairs {
        // 2.5 rather than 2: vectors grow by doubling, hash maps by steps.
        assert!(
            b as f64 <= 2.5 * a as f64 + 4096.0,
            "{what}: {name} grew from {a} to {b} when the input doubled"
        );
    }
}

const HEAD: &str = "关于开展工作的通知\n县府发〔2013〕1号\n各镇人民政府：\n";
const TAIL: &str = "\n县人民政府\n2013年1月1日\n";

#[test]
fn unmatched_brackets() {
    about_linear(
        "brackets",
        |n| {
            format!(
                "{HEAD}{}\n{}{TAIL}",
                "）》”〕".repeat(n),
                "（《“〔".repeat(n)
            )
        },
        2_500,
    );
}

#[test]
fn one_long_line() {
    // Something for the rules every few hundred characters.
    let unit = "现将有关事项通知如下请认真贯彻执行".repeat(20) + "关于,（的通知二0一三年";
    about_linear(
        "long line",
        |n| format!("{HEAD}{}{TAIL}", unit.repeat(n)),
        250,
    );
}

#[test]
fn many_tiny_notices() {
    about_linear(
        "notices",
        |n| {
            (1..=n)
                .map(|i| {
                    format!("关于开展工作的通知\n县府发[2013]{i}号\n各镇人民政府：\n请遵照执行。\n县人民政府\n2013年1月1日\n")
                })
                .collect()
        },
        1_000,
    );
}

#[test]
fn table_of_contents_that_matches_nothing() {
    // Titles that differ from every notice's: each entry is compared with
    // notices by similarity, the costly path.
    let title = |i: usize, salt: u32| {
        let s: String = (0..8)
            .map(|k| {
                let x = (i as u32)
                    .wrapping_mul(2_654_435_761)
                    .rotate_left(k * 4 + salt);
                char::from_u32(0x4e00 + x % 0x5000).unwrap()
            })
            .collect();
        format!("关于{s}的通知")
    };
    about_linear(
        "table of contents",
        |n| {
            let toc: String = (0..n)
                .map(|i| format!("{}\n县府发〔2013〕{}号\n…… (3)\n", title(i, 1), i + 100_000))
                .collect();
            let notices: String = (0..n)
                .map(|i| {
                    format!(
                        "{}\n县府发〔2013〕{}号\n各镇人民政府：\n正文。\n县人民政府\n2013年1月1日\n",
                        title(i, 2),
                        i + 1
                    )
                })
                .collect();
            format!("目 录\n{toc}{notices}")
        },
        400,
    );
}

#[test]
fn the_same_notice_over_and_over() {
    // One number and one title, n times: no duplicate to report, and each
    // notice must not be compared with all those before it.
    let notice =
        "关于开展工作的通知\n县府发[2013]1号\n各镇人民政府：\n请遵照执行。\n县人民政府\n2013年1月1日\n";
    about_linear("same notice", |n| notice.repeat(n), 1_000);
}
