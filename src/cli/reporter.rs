//! Turns progress events into what a person sees: indicatif bars on a terminal (a bar per
//! blob plus a total), or, in CI logs, one plain line every few seconds with bytes, rate
//! and ETA and no control codes.

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
}

pub struct CliReporter {
    mode: Mode,
    debug: bool,
    multi: Option<MultiProgress>,
    interval: Duration,
    state: Mutex<State>,
    /// What the plan line calls the bytes that must move ("to download" unless set).
    missing_label: std::sync::OnceLock<&'static str>,
}

fn blob_style() -> ProgressStyle {
    ProgressStyle::with_template("{prefix:>14} {bar:30.cyan/blue} {bytes:>10}/{total_bytes:<10} {msg}")
        .expect("valid template")
        .progress_chars("=> ")
}

fn total_style() -> ProgressStyle {
    ProgressStyle::with_template(
        "{prefix:>14} {bar:30.green/blue} {bytes:>10}/{total_bytes:<10} {binary_bytes_per_sec} eta {eta}",
    )
    .expect("valid template")
    .progress_chars("=> ")
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
            state: Mutex::new(State {
                blobs_total: 0,
                blobs_done: 0,
                bytes_total: 0,
                bytes_done: 0,
                bytes_moved: 0,
                blobs: HashMap::new(),
                started: Instant::now(),
                last_line: None,
                total_bar: None,
            }),
            missing_label: std::sync::OnceLock::new(),
        }
    }

    /// Labels the plan for an upload (push, copy) rather than a download.
    pub fn uploading(&self) {
        let _ = self.missing_label.set("missing in the registry");
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
        let mut st = self.state.lock().unwrap();
        st.blobs_total = 0;
        st.blobs_done = 0;
        st.bytes_total = 0;
        st.bytes_done = 0;
        st.bytes_moved = 0;
        st.blobs.clear();
        st.started = Instant::now();
        st.last_line = None;
        st.total_bar = None;
    }

    /// docker's per-layer record (`abc123def456: Pull complete`), kept on screen above the
    /// bars (or in the log) once a blob is settled.
    fn record(&self, digest: &Digest, what: &str) {
        self.println(&format!("{}: {what}", digest.short()));
    }

    fn is_upload(&self) -> bool {
        self.missing_label.get().is_some()
    }

    /// Removes the bars and prints nothing more; call before the final summary.
    pub fn finish(&self) {
        let mut st = self.state.lock().unwrap();
        for b in st.blobs.values_mut() {
            if let Some(bar) = b.bar.take() {
                bar.finish_and_clear();
            }
        }
        if let Some(t) = st.total_bar.take() {
            t.finish_and_clear();
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
        if self.mode == Mode::Quiet {
            return;
        }
        let event_from = match &event {
            Event::BlobMounted { from, .. } => Some(from.clone()),
            _ => None,
        };
        let mut st = self.state.lock().unwrap();
        match event {
            Event::Plan { blobs, total_bytes, missing_bytes } => {
                st.blobs_total += blobs;
                st.bytes_total += total_bytes;
                st.started = Instant::now();
                st.last_line = Some(st.started);
                if let Some(m) = &self.multi {
                    if missing_bytes > 0 && st.total_bar.is_none() {
                        let bar =
                            m.add(ProgressBar::new(st.bytes_total).with_style(total_style()).with_prefix("total"));
                        st.total_bar = Some(bar);
                    }
                } else {
                    eprintln!(
                        "{} blobs, {} in all, {} {}",
                        blobs,
                        human_bytes(total_bytes),
                        human_bytes(missing_bytes),
                        self.missing_label.get().copied().unwrap_or("to download")
                    );
                }
            }
            Event::BlobSkipped { digest, size } | Event::BlobMounted { digest, size, .. } => {
                let record = match &event_from {
                    Some(from) => format!("Mounted from {from}"),
                    None if self.is_upload() => "Layer already exists".to_string(),
                    None => "Already exists".to_string(),
                };
                self.record(&digest, &record);
                st.blobs_done += 1;
                st.bytes_done += size;
                if let Some(b) = st.blobs.remove(&digest).and_then(|b| b.bar) {
                    b.finish_and_clear();
                }
                if let Some(t) = &st.total_bar {
                    t.inc(size);
                }
            }
            Event::BlobStarted { digest, size, offset } => {
                st.bytes_done += offset;
                let bar = self.multi.as_ref().map(|m| {
                    let bar = match &st.total_bar {
                        Some(t) => m.insert_before(t, ProgressBar::new(size)),
                        None => m.add(ProgressBar::new(size)),
                    };
                    bar.set_style(blob_style());
                    bar.set_prefix(digest.short().to_string());
                    bar.set_position(offset);
                    if offset > 0 {
                        bar.set_message(format!("resumed at {}", human_bytes(offset)));
                    }
                    bar
                });
                if let Some(t) = &st.total_bar {
                    t.inc(offset);
                }
                if self.mode == Mode::Plain && offset > 0 {
                    eprintln!("resuming {} at {} of {}", digest.short(), human_bytes(offset), human_bytes(size));
                }
                st.blobs.insert(digest, Blob { pos: offset, bar });
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
                if let Some(bar) = st.blobs.remove(&digest).and_then(|b| b.bar) {
                    bar.finish_and_clear();
                }
                self.record(&digest, if self.is_upload() { "Pushed" } else { "Pull complete" });
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
