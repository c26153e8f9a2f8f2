//! The structure-recovery evaluation: runs `../shared/eval/score.py` on the dev sets with the
//! freshly built binary. Ignored by default (it needs Python and the eval material, which is
//! not part of the repository); run it with
//!
//! ```text
//! cargo test --release --test integration eval -- --ignored --nocapture
//! ```
//!
//! It skips (passes) when `../shared/eval` or `python3` is missing.

use std::path::Path;
use std::process::Command;

/// Regression floors, well under the scores at the time of writing.
const MIN_F1: f64 = 0.55;

#[test]
#[ignore = "needs ../shared/eval and python3; run with --ignored"]
fn dev_sets_score() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let eval = root.join("../shared/eval");
    let script = eval.join("score.py");
    if !script.is_file() {
        eprintln!("skipped: {} not found", script.display());
        return;
    }
    let mut cmd = Command::new("python3");
    cmd.arg(&script)
        .arg("--bin")
        .arg(env!("CARGO_BIN_EXE_folio"));
    for set in ["readability", "scrapinghub"] {
        cmd.arg("--set").arg(eval.join("dev").join(set));
    }
    let Ok(out) = cmd.output() else {
        eprintln!("skipped: python3 not available");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    assert!(
        out.status.success(),
        "score.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in text.lines().filter(|l| l.contains("headings P=")) {
        assert!(line.contains("failed=0"), "{line}");
        let f1: f64 = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("F1="))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0);
        assert!(f1 >= MIN_F1, "{line}");
    }
}
