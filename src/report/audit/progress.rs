//! The progress bar drawn on standard error while files are checked: only
//! when standard error is a terminal and `--quiet` was not given.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub fn bar(files: usize, visible: bool) -> ProgressBar {
    if !visible {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{prefix} [{bar:32.red/white}] {pos}/{len} 个文件 {elapsed}")
            .expect("valid template")
            .progress_chars("━╸─"),
    );
    bar.set_prefix("检查中");
    bar
}
