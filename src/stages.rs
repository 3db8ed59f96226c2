//! Per-stage measurement of a run: wall time, CPU time (user + system, all threads) and the peak
//! resident memory during the stage, with a line (or, on a terminal, a spinner) per stage on
//! stderr.
//!
//! Linux only, from `/proc` and without a new dependency: CPU time from `/proc/self/stat`
//! (clock ticks of `USER_HZ`, 100 on every Linux architecture doikhop runs on, so 10 ms
//! resolution), the peak from `VmHWM` in `/proc/self/status` after resetting it by writing `5` to
//! `/proc/self/clear_refs` at the start of the stage. Where any of these cannot be read (another
//! system, a locked-down `/proc`) the figure is unknown (`null` in `run.json`), never a guess and
//! never a panic.

use std::io::IsTerminal;
use std::time::Instant;

use serde::Serialize;

/// Clock ticks per second of the times in `/proc/<pid>/stat` (`USER_HZ`; the kernel ABI fixes it
/// at 100 on x86, ARM, RISC-V, POWER and s390).
const USER_HZ: f64 = 100.0;

/// The figures of one finished stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageStats {
    /// Stable identifier (`load_registry`, `read`, `normalise`, `candidates`, `decide`,
    /// `write_results_csv`, `write_workbooks`, …).
    pub stage: String,
    pub wall_seconds: f64,
    /// User + system CPU time of the whole process (every thread) during the stage.
    pub cpu_seconds: Option<f64>,
    /// Highest resident memory of the process during the stage, in bytes.
    pub peak_rss_bytes: Option<u64>,
    /// The stage that ran at the same time as this one, if any (see
    /// [`Stages::run_side_by_side`]): the peak is then of both together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alongside: Option<String>,
}

impl StageStats {
    /// One line for stderr: Vietnamese label, wall, CPU and peak memory.
    pub fn line(&self) -> String {
        let cpu = self
            .cpu_seconds
            .map_or_else(|| "không rõ".to_string(), |c| format!("{c:.2} s"));
        let rss = self
            .peak_rss_bytes
            .map_or_else(|| "không rõ".to_string(), |b| format!("{} MiB", b >> 20));
        let alongside = self.alongside.as_deref().map_or_else(String::new, |o| {
            format!(", song song với bước {}", label_vi(o))
        });
        format!(
            "{}: {:.2} s (CPU {cpu}, bộ nhớ đỉnh {rss}{alongside})",
            label_vi(&self.stage),
            self.wall_seconds
        )
    }
}

/// Vietnamese name of a stage for the user.
pub fn label_vi(stage: &str) -> &str {
    match stage {
        "load_registry" => "Nạp dữ liệu dân cư",
        "read" => "Đọc danh sách",
        "normalise" => "Chuẩn hóa",
        "candidates" => "Tìm ứng viên",
        "em" => "Ước lượng mô hình (EM)",
        "decide" => "So sánh và kết luận",
        "checksum_residents" => "Tính SHA-256 tệp dân cư",
        "write_results_csv" => "Ghi results.csv",
        "write_workbooks" => "Ghi các sổ Excel và run.json",
        other => other,
    }
}

/// How stages are shown on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// Nothing (library use, tests).
    Silent,
    /// One line per finished stage (stderr is not a terminal).
    Lines,
    /// A spinner while a stage runs, then its line (interactive terminal).
    Bars,
}

impl Show {
    /// Bars on an interactive terminal (outside CI), lines otherwise.
    pub fn for_stderr() -> Show {
        if std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() {
            Show::Bars
        } else {
            Show::Lines
        }
    }
}

/// The stages of a run, in order.
#[derive(Debug)]
pub struct Stages {
    show: Show,
    done: Vec<StageStats>,
}

impl Default for Stages {
    fn default() -> Self {
        Stages::new(Show::Silent)
    }
}

impl Stages {
    pub fn new(show: Show) -> Stages {
        Stages {
            show,
            done: Vec::new(),
        }
    }

    /// Run `work` as the stage `name`, measuring it.
    pub fn run<T>(&mut self, name: &str, work: impl FnOnce() -> T) -> T {
        // The registry's own progress bar draws while it loads: no spinner over it.
        let spinner = (self.show == Show::Bars && name != "load_registry").then(|| {
            let s = indicatif::ProgressBar::new_spinner();
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            {
                s.set_style(style);
            }
            s.set_message(label_vi(name).to_string());
            s.enable_steady_tick(std::time::Duration::from_millis(120));
            s
        });
        let probe = Probe::start();
        let out = work();
        let stats = probe.finish(name);
        if let Some(s) = spinner {
            s.finish_and_clear();
        }
        if self.show != Show::Silent {
            eprintln!("{}", stats.line());
        }
        self.done.push(stats);
        out
    }

    /// Run two independent stages at the same time: `first` on a thread of its own, `second`
    /// on this one (the registry's index loads while the lists are read). Each gets its own
    /// wall time; `first`'s CPU time is its thread's (it must not hand work to other threads),
    /// `second`'s the rest of the process's; the peak memory is of the two together. Both are
    /// recorded, `first` first, each naming the other in `alongside`.
    pub fn run_side_by_side<A: Send, B>(
        &mut self,
        (first, work_a): (&str, impl FnOnce() -> A + Send),
        (second, work_b): (&str, impl FnOnce() -> B),
    ) -> (A, B) {
        let spinner = (self.show == Show::Bars).then(|| {
            let s = indicatif::ProgressBar::new_spinner();
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            {
                s.set_style(style);
            }
            s.set_message(format!("{}, {}", label_vi(first), label_vi(second)));
            s.enable_steady_tick(std::time::Duration::from_millis(120));
            s
        });
        let probe = Probe::start();
        let ((a, wall_a, cpu_a), (b, wall_b)) = std::thread::scope(|scope| {
            let handle = scope.spawn(|| {
                let started = Instant::now();
                let cpu = thread_cpu_seconds();
                let a = work_a();
                let cpu = match (cpu, thread_cpu_seconds()) {
                    (Some(x), Some(y)) => Some((y - x).max(0.0)),
                    _ => None,
                };
                (a, started.elapsed().as_secs_f64(), cpu)
            });
            let started = Instant::now();
            let b = work_b();
            let wall_b = started.elapsed().as_secs_f64();
            let a = match handle.join() {
                Ok(a) => a,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            (a, (b, wall_b))
        });
        let both = probe.finish(second);
        if let Some(s) = spinner {
            s.finish_and_clear();
        }
        let stats_a = StageStats {
            stage: first.to_string(),
            wall_seconds: wall_a,
            cpu_seconds: cpu_a,
            peak_rss_bytes: both.peak_rss_bytes,
            alongside: Some(second.to_string()),
        };
        let stats_b = StageStats {
            stage: second.to_string(),
            wall_seconds: wall_b,
            cpu_seconds: both
                .cpu_seconds
                .zip(cpu_a)
                .map(|(all, x)| (all - x).max(0.0)),
            peak_rss_bytes: both.peak_rss_bytes,
            alongside: Some(first.to_string()),
        };
        for stats in [stats_a, stats_b] {
            if self.show != Show::Silent {
                eprintln!("{}", stats.line());
            }
            self.done.push(stats);
        }
        (a, b)
    }

    /// Record a stage measured elsewhere (kept in order).
    pub fn push(&mut self, stats: StageStats) {
        self.done.push(stats);
    }

    pub fn all(&self) -> &[StageStats] {
        &self.done
    }

    pub fn into_vec(self) -> Vec<StageStats> {
        self.done
    }

    /// Wall seconds of the named stages together.
    pub fn wall_of(&self, names: &[&str]) -> f64 {
        self.done
            .iter()
            .filter(|s| names.contains(&s.stage.as_str()))
            .map(|s| s.wall_seconds)
            .sum()
    }
}

/// A stage being measured.
#[derive(Debug)]
pub struct Probe {
    started: Instant,
    cpu: Option<f64>,
    peak_reset: bool,
}

impl Probe {
    pub fn start() -> Probe {
        let peak_reset = reset_peak_rss();
        Probe {
            cpu: process_cpu_seconds(),
            peak_reset,
            started: Instant::now(),
        }
    }

    pub fn finish(self, name: &str) -> StageStats {
        let wall_seconds = self.started.elapsed().as_secs_f64();
        let cpu_seconds = match (self.cpu, process_cpu_seconds()) {
            (Some(a), Some(b)) => Some((b - a).max(0.0)),
            _ => None,
        };
        StageStats {
            stage: name.to_string(),
            wall_seconds,
            cpu_seconds,
            peak_rss_bytes: if self.peak_reset {
                peak_rss_bytes()
            } else {
                None
            },
            alongside: None,
        }
    }
}

/// User + system CPU seconds of this process so far (every thread), from `/proc/self/stat`.
pub fn process_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/self/stat").ok()?;
    let (user, system) = parse_stat_cpu_ticks(&text)?;
    Some((user + system) as f64 / USER_HZ)
}

/// User + system CPU seconds of the calling thread so far, from `/proc/thread-self/stat`.
pub fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let (user, system) = parse_stat_cpu_ticks(&text)?;
    Some((user + system) as f64 / USER_HZ)
}

/// `utime` and `stime` (fields 14 and 15, in clock ticks) of a `/proc/<pid>/stat` line. The
/// command name (field 2) is in parentheses and may hold spaces or parentheses itself: the
/// fields are counted from the last `)`.
pub fn parse_stat_cpu_ticks(stat: &str) -> Option<(u64, u64)> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    // After ")": field 3 (state) is index 0, so utime (14) is index 11 and stime (15) index 12.
    let user = fields.nth(11)?.parse().ok()?;
    let system = fields.next()?.parse().ok()?;
    Some((user, system))
}

/// Reset the peak resident size (`VmHWM`) to the current one. False where it cannot be done.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The peak resident size (`VmHWM`) of this process, in bytes.
pub fn peak_rss_bytes() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_status_kib(&text, "VmHWM").map(|kib| kib.saturating_mul(1024))
}

/// A `kB` figure of `/proc/<pid>/status` (`VmHWM:   123456 kB`).
pub fn parse_status_kib(status: &str, key: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        if k.trim() != key {
            return None;
        }
        let mut parts = v.split_whitespace();
        let n = parts.next()?.parse().ok()?;
        match parts.next() {
            Some("kB") | None => Some(n),
            Some(_) => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const STAT: &str = "4242 (doikhop) R 1 4242 4242 0 -1 4194304 5000 0 0 0 1234 56 0 0 20 0 3 0 100 1000000 2500 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    #[test]
    fn cpu_ticks_are_fields_14_and_15() {
        assert_eq!(parse_stat_cpu_ticks(STAT), Some((1234, 56)));
    }

    #[test]
    fn a_command_name_with_spaces_and_parentheses_does_not_shift_the_fields() {
        let odd = STAT.replace("(doikhop)", "(my (odd) name x)");
        assert_eq!(parse_stat_cpu_ticks(&odd), Some((1234, 56)));
    }

    #[test]
    fn a_truncated_or_garbled_stat_is_unknown() {
        assert_eq!(parse_stat_cpu_ticks(""), None);
        assert_eq!(parse_stat_cpu_ticks("4242 (doikhop) R 1 2 3"), None);
        assert_eq!(parse_stat_cpu_ticks(&STAT.replace(" 1234 ", " x ")), None);
    }

    #[test]
    fn status_figures_in_kib() {
        let status = "Name:\tdoikhop\nVmPeak:\t  3060 kB\nVmHWM:\t    1740 kB\nVmRSS:\t 1700 kB\nThreads:\t3\n";
        assert_eq!(parse_status_kib(status, "VmHWM"), Some(1740));
        assert_eq!(parse_status_kib(status, "VmRSS"), Some(1700));
        assert_eq!(parse_status_kib(status, "VmSwap"), None);
        assert_eq!(parse_status_kib("VmHWM: lots kB\n", "VmHWM"), None);
        assert_eq!(parse_status_kib("VmHWM: 12 MB\n", "VmHWM"), None);
    }

    #[test]
    fn a_stage_is_measured_and_kept_in_order() {
        let mut stages = Stages::default();
        let v = stages.run("read", || (0..200_000u64).map(|x| x * x).sum::<u64>());
        assert!(v > 0);
        let buf = stages.run("normalise", || vec![1u8; 32 << 20]);
        assert_eq!(buf.len(), 32 << 20);
        let all = stages.all();
        assert_eq!(
            all.iter().map(|s| s.stage.as_str()).collect::<Vec<_>>(),
            ["read", "normalise"]
        );
        for s in all {
            assert!(s.wall_seconds >= 0.0);
            assert!(s.cpu_seconds.is_none_or(|c| c >= 0.0));
        }
        if cfg!(target_os = "linux")
            && let Some(peak) = all[1].peak_rss_bytes
        {
            // The 32 MiB buffer was touched during the stage.
            assert!(peak >= 32 << 20, "{peak}");
        }
        assert!(stages.wall_of(&["read", "normalise"]) >= all[1].wall_seconds);
    }

    #[test]
    fn two_stages_side_by_side_are_both_measured_and_name_each_other() {
        let mut stages = Stages::default();
        let (a, b) = stages.run_side_by_side(
            ("load_registry", || {
                (0..2_000_000u64).fold(0u64, |s, x| s.wrapping_add(x * x))
            }),
            ("read", || vec![7u8; 16 << 20].len()),
        );
        assert!(a > 0);
        assert_eq!(b, 16 << 20);
        let all = stages.all();
        assert_eq!(
            all.iter()
                .map(|s| (s.stage.as_str(), s.alongside.as_deref()))
                .collect::<Vec<_>>(),
            [
                ("load_registry", Some("read")),
                ("read", Some("load_registry"))
            ]
        );
        for s in all {
            assert!(s.wall_seconds >= 0.0);
            assert!(s.cpu_seconds.is_none_or(|c| c >= 0.0));
        }
        assert_eq!(all[0].peak_rss_bytes, all[1].peak_rss_bytes);
        assert!(
            all[1]
                .line()
                .ends_with("song song với bước Nạp dữ liệu dân cư)")
        );
    }

    #[test]
    fn the_line_names_the_stage_in_vietnamese_and_says_when_unknown() {
        let s = StageStats {
            stage: "write_results_csv".into(),
            wall_seconds: 1.5,
            cpu_seconds: None,
            peak_rss_bytes: Some(300 << 20),
            alongside: None,
        };
        assert_eq!(
            s.line(),
            "Ghi results.csv: 1.50 s (CPU không rõ, bộ nhớ đỉnh 300 MiB)"
        );
    }
}
