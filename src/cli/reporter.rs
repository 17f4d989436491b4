//! Turns progress events into what a person sees: indicatif bars on a terminal (the total
//! first, always visible, with speed and ETA; then a bar per blob that is moving, as many as
//! the terminal has rows for, and a "+N waiting" line for the rest; every line fits the
//! terminal's width), or, in CI logs, one plain line every few seconds with bytes, rate and
//! ETA and no control codes. Either way, docker's per-blob record ("abc123: Pull complete")
//! is printed once a blob is settled, and stays.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::printer::{human_bytes, human_duration};
use crate::digest::Digest;
use crate::progress::{Event, Reporter};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Bars,
    Plain,
    Quiet,
}

struct Blob {
    pos: u64,
    bar: Option<ProgressBar>,
}

struct State {
    blobs_total: usize,
    blobs_done: usize,
    bytes_total: u64,
    bytes_done: u64,
    /// Bytes that actually crossed the network this run (for the rate).
    bytes_moved: u64,
    blobs: HashMap<Digest, Blob>,
    started: Instant,
    last_line: Option<Instant>,
    total_bar: Option<ProgressBar>,
    /// "+N waiting": blobs not moving yet, or moving without a bar of their own.
    waiting_bar: Option<ProgressBar>,
}

impl State {
    fn new() -> State {
        State {
            blobs_total: 0,
            blobs_done: 0,
            bytes_total: 0,
            bytes_done: 0,
            bytes_moved: 0,
            blobs: HashMap::new(),
            started: Instant::now(),
            last_line: None,
            total_bar: None,
            waiting_bar: None,
        }
    }

    /// Blob bars on screen now.
    fn bars_shown(&self) -> usize {
        self.blobs.values().filter(|b| b.bar.is_some()).count()
    }

    /// A blob is settled: its bar, if it had one, goes.
    fn settle(&mut self, digest: &Digest) {
        if let Some(bar) = self.blobs.remove(digest).and_then(|b| b.bar) {
            bar.finish_and_clear();
        }
    }
}

/// What the blobs of this operation are for: it names the plan's bytes and docker's
/// per-blob records.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Work {
    Download,
    Upload,
    Extract,
}

impl Work {
    /// What the plan line calls the bytes that must move.
    fn missing(self) -> &'static str {
        match self {
            Work::Download => "to download",
            Work::Upload => "missing in the registry",
            Work::Extract => "to extract",
        }
    }

    /// The record of a blob that moved.
    fn done(self) -> &'static str {
        match self {
            Work::Download => "Pull complete",
            Work::Upload => "Pushed",
            Work::Extract => "Extracted",
        }
    }

    /// The record of a blob already where it had to be.
    fn present(self) -> &'static str {
        match self {
            Work::Upload => "Layer already exists",
            Work::Download | Work::Extract => "Already exists",
        }
    }
}

pub struct CliReporter {
    mode: Mode,
    debug: bool,
    multi: Option<MultiProgress>,
    interval: Duration,
    state: Mutex<State>,
    /// What the blobs are for (a download unless set).
    work: std::sync::OnceLock<Work>,
    /// Set by `finish`: events that still arrive (from transfers being torn down after
    /// Ctrl-C) draw nothing.
    closed: std::sync::atomic::AtomicBool,
    /// At most this many blob bars at once: the terminal's rows, less the total, the
    /// "+N waiting" line and the prompt's.
    max_bars: usize,
}

// `wide_bar` takes whatever the rest of the line leaves of the terminal's width, so each
// line fits: the fixed parts are under 60 columns even with a retry message.
fn blob_style() -> ProgressStyle {
    ProgressStyle::with_template("{prefix:>12} {wide_bar:.cyan/blue} {bytes:>9}/{total_bytes:<9} {msg}")
        .expect("valid template")
        .progress_chars("=> ")
}

fn total_style() -> ProgressStyle {
    ProgressStyle::with_template(
        "{prefix:>12} {wide_bar:.green/blue} {bytes:>9}/{total_bytes:<9} {binary_bytes_per_sec:>11} eta {eta}",
    )
    .expect("valid template")
    .progress_chars("=> ")
}

fn line_style() -> ProgressStyle {
    ProgressStyle::with_template("{msg}").expect("valid template")
}

/// Whether the terminal on stderr echoes a typed Ctrl-C as `^C` (`ECHO` and `ECHOCTL`).
#[cfg(target_os = "linux")]
fn terminal_echoes_control_characters() -> bool {
    // SAFETY: tcgetattr only writes the zeroed struct it is given, for a descriptor this
    // process owns (stderr); a failure (not a terminal) leaves the answer false.
    let mut t: libc::termios = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::tcgetattr(libc::STDERR_FILENO, &mut t) } == 0;
    ok && t.c_lflag & libc::ECHO != 0 && t.c_lflag & libc::ECHOCTL != 0
}

#[cfg(not(target_os = "linux"))]
fn terminal_echoes_control_characters() -> bool {
    false
}

/// Blob bars that fit under the total on a terminal of `rows` rows.
fn bars_for_rows(rows: u16) -> usize {
    usize::from(rows).saturating_sub(4).max(1)
}

impl CliReporter {
    pub fn new(mode: Mode, debug: bool) -> CliReporter {
        let interval = std::env::var("FERRY_PROGRESS_INTERVAL")
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|s| *s > 0.0)
            .map(Duration::from_secs_f64)
            .unwrap_or(Duration::from_secs(5));
        let multi =
            (mode == Mode::Bars).then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr_with_hz(10)));
        CliReporter {
            mode,
            debug,
            multi,
            interval,
            state: Mutex::new(State::new()),
            work: std::sync::OnceLock::new(),
            closed: std::sync::atomic::AtomicBool::new(false),
            max_bars: console::Term::stderr().size_checked().map_or(20, |(rows, _)| bars_for_rows(rows)),
        }
    }

    /// Keeps the "+N waiting" line true: blobs planned, not settled, and without a bar.
    fn update_waiting(&self, st: &State) {
        if let Some(w) = &st.waiting_bar {
            let n = st.blobs_total.saturating_sub(st.blobs_done).saturating_sub(st.bars_shown());
            w.set_message(if n > 0 { format!("{:>12} +{n} waiting", "") } else { String::new() });
        }
    }

    /// Labels the plan for an upload (push, copy) rather than a download.
    pub fn uploading(&self) {
        let _ = self.work.set(Work::Upload);
    }

    /// Labels what follows as an export's: layers to extract, each then `Extracted`.
    pub fn extracting(&self) {
        let _ = self.work.set(Work::Extract);
    }

    /// A line for humans that does not tear the bars.
    pub fn println(&self, line: &str) {
        match &self.multi {
            Some(m) => {
                let _ = m.println(line);
            }
            None => eprintln!("{line}"),
        }
    }

    /// Starts counting afresh for the next operation of the same command (`pull --all-tags`).
    pub fn restart(&self) {
        self.closed.store(false, std::sync::atomic::Ordering::SeqCst);
        *self.state.lock().unwrap() = State::new();
    }

    /// docker's per-layer record (`abc123def456: Pull complete`), kept on screen above the
    /// bars (or in the log) once a blob is settled.
    fn record(&self, digest: &Digest, what: &str) {
        self.println(&format!("{}: {what}", digest.short()));
    }

    fn work(&self) -> Work {
        self.work.get().copied().unwrap_or(Work::Download)
    }

    /// A blob already where it had to be, or mounted there: its record, and the count.
    fn present(&self, st: &mut State, digest: &Digest, size: u64, record: &str) {
        self.record(digest, record);
        st.blobs_done += 1;
        st.bytes_done += size;
        st.settle(digest);
        if let Some(t) = &st.total_bar {
            t.inc(size);
        }
        self.update_waiting(st);
    }

    /// Ctrl-C: removes the bars as [`CliReporter::finish`] does, after undoing the terminal's
    /// own `^C` echo. indicatif leaves the cursor at the right margin, so that echo wraps to a
    /// new line, and the bars would then be cleared one line too low (leaving the top one).
    /// (A SIGINT sent with `kill` while the bars show, which nothing echoes, costs the line
    /// above the bars instead.)
    pub fn interrupted(&self) {
        if self.mode == Mode::Bars && terminal_echoes_control_characters() {
            use std::io::Write;
            let _ = std::io::stderr().write_all(b"\r\x1b[2K\x1b[1A");
        }
        self.finish();
    }

    /// Removes the bars and prints nothing more; call before the final summary.
    pub fn finish(&self) {
        let mut st = self.state.lock().unwrap();
        self.closed.store(true, std::sync::atomic::Ordering::SeqCst);
        for b in st.blobs.values_mut() {
            if let Some(bar) = b.bar.take() {
                bar.finish_and_clear();
            }
        }
        if let Some(t) = st.total_bar.take() {
            t.finish_and_clear();
        }
        if let Some(w) = st.waiting_bar.take() {
            w.finish_and_clear();
        }
        if let Some(m) = &self.multi {
            let _ = m.clear();
        }
    }

    /// Total bytes moved over the network so far and the time since the plan.
    pub fn moved(&self) -> (u64, Duration) {
        let st = self.state.lock().unwrap();
        (st.bytes_moved, st.started.elapsed())
    }

    fn plain_line(&self, st: &mut State, force: bool) {
        let now = Instant::now();
        if !force && st.last_line.is_some_and(|t| now.duration_since(t) < self.interval) {
            return;
        }
        st.last_line = Some(now);
        let elapsed = st.started.elapsed().as_secs_f64().max(0.001);
        let rate = st.bytes_moved as f64 / elapsed;
        let remaining = st.bytes_total.saturating_sub(st.bytes_done);
        let pct = (st.bytes_done * 100).checked_div(st.bytes_total).unwrap_or(100);
        let eta = if rate > 0.0 && remaining > 0 {
            format!(", eta {}", human_duration(Duration::from_secs_f64(remaining as f64 / rate)))
        } else {
            String::new()
        };
        eprintln!(
            "progress: {} of {} ({pct}%), {} of {} blobs, {}/s{eta}",
            human_bytes(st.bytes_done),
            human_bytes(st.bytes_total),
            st.blobs_done,
            st.blobs_total,
            human_bytes(rate as u64),
        );
    }
}

impl Reporter for CliReporter {
    fn event(&self, event: Event) {
        match &event {
            // Warnings show even with -q: they may explain a slow or odd run.
            Event::Warning(w) => return self.println(&format!("warning: {w}")),
            Event::Debug(d) => {
                if self.debug {
                    self.println(&format!("debug: {d}"));
                }
                return;
            }
            _ => {}
        }
        if self.mode == Mode::Quiet || self.closed.load(std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let mut st = self.state.lock().unwrap();
        match event {
            Event::Plan { blobs, total_bytes, missing_bytes } => {
                st.blobs_total += blobs;
                st.bytes_total += total_bytes;
                st.started = Instant::now();
                st.last_line = Some(st.started);
                if let Some(m) = &self.multi {
                    if missing_bytes > 0 && st.total_bar.is_none() {
                        // The total comes first and stays at the top; blob bars go below it.
                        let bar = m
                            .insert(0, ProgressBar::new(st.bytes_total).with_style(total_style()).with_prefix("total"));
                        bar.set_position(st.bytes_done);
                        bar.reset_eta();
                        st.total_bar = Some(bar);
                        st.waiting_bar = Some(m.add(ProgressBar::new(0).with_style(line_style())));
                    } else if let Some(t) = &st.total_bar {
                        t.set_length(st.bytes_total);
                    }
                    self.update_waiting(&st);
                } else {
                    eprintln!(
                        "{} blobs, {} in all, {} {}",
                        blobs,
                        human_bytes(total_bytes),
                        human_bytes(missing_bytes),
                        self.work().missing()
                    );
                }
            }
            Event::BlobSkipped { digest, size } => self.present(&mut st, &digest, size, self.work().present()),
            Event::BlobMounted { digest, size, from } => {
                self.present(&mut st, &digest, size, &format!("Mounted from {from}"))
            }
            Event::BlobStarted { digest, size, offset } => {
                st.bytes_done += offset;
                let room = st.bars_shown() < self.max_bars;
                let bar = self.multi.as_ref().filter(|_| room).map(|m| {
                    let bar = match &st.waiting_bar {
                        Some(w) => m.insert_before(w, ProgressBar::new(size)),
                        None => m.add(ProgressBar::new(size)),
                    };
                    bar.set_style(blob_style());
                    bar.set_prefix(digest.short().to_string());
                    bar.set_position(offset);
                    if offset > 0 {
                        bar.set_message(format!("resumed at {}", human_bytes(offset)));
                        // Resumed bytes did not cross the network now: not speed.
                        bar.reset_eta();
                    }
                    bar
                });
                if let Some(t) = &st.total_bar {
                    t.inc(offset);
                    if offset > 0 {
                        t.reset_eta();
                    }
                }
                if self.mode == Mode::Plain && offset > 0 {
                    eprintln!("resuming {} at {} of {}", digest.short(), human_bytes(offset), human_bytes(size));
                }
                st.blobs.insert(digest, Blob { pos: offset, bar });
                self.update_waiting(&st);
            }
            Event::BlobProgress { digest, bytes } => {
                st.bytes_done += bytes;
                st.bytes_moved += bytes;
                if let Some(b) = st.blobs.get_mut(&digest) {
                    b.pos += bytes;
                    if let Some(bar) = &b.bar {
                        bar.inc(bytes);
                    }
                }
                if let Some(t) = &st.total_bar {
                    t.inc(bytes);
                }
                if self.mode == Mode::Plain {
                    self.plain_line(&mut st, false);
                }
            }
            Event::BlobRetry { digest, attempt, offset, reason, delay } => {
                let mut lost = 0;
                if let Some(b) = st.blobs.get_mut(&digest) {
                    lost = b.pos.saturating_sub(offset);
                    b.pos = offset;
                    if let Some(bar) = &b.bar {
                        bar.set_position(offset);
                        bar.set_message(format!("retry {attempt}"));
                    }
                }
                st.bytes_done = st.bytes_done.saturating_sub(lost);
                if let Some(t) = &st.total_bar {
                    t.set_position(st.bytes_done);
                }
                let line = format!(
                    "blob {}: {reason}; retrying from byte {offset}{}",
                    digest.short(),
                    if delay.is_zero() { String::new() } else { format!(" in {}", human_duration(delay)) }
                );
                drop(st);
                self.println(&line);
            }
            Event::BlobDone { digest } => {
                st.blobs_done += 1;
                st.settle(&digest);
                self.update_waiting(&st);
                self.record(&digest, self.work().done());
                if self.mode == Mode::Plain && st.blobs_done == st.blobs_total {
                    self.plain_line(&mut st, true);
                }
            }
            Event::BlobWaiting { digest } => {
                drop(st);
                self.println(&format!(
                    "blob {}: waiting for another ferry process that is downloading it",
                    digest.short()
                ));
            }
            Event::Warning(_) | Event::Debug(_) => unreachable!("handled above"),
        }
    }
}
