//! Output helpers: human sizes and times, aligned tables, JSON, and writes to stdout that
//! turn a closed pipe into a quiet exit rather than a panic.

use std::io::Write;
use std::time::Duration;

use anyhow::Result;

pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

pub fn human_duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 1.0 {
        format!("{}ms", d.as_millis())
    } else if s < 60.0 {
        format!("{s:.1}s")
    } else if s < 3600.0 {
        format!("{}m{:02}s", d.as_secs() / 60, d.as_secs() % 60)
    } else {
        format!("{}h{:02}m", d.as_secs() / 3600, (d.as_secs() % 3600) / 60)
    }
}

/// Parses the RFC 3339 timestamps image configs carry (`2024-01-02T03:04:05.123456Z`,
/// offsets allowed). Only what image configs use; no calendar crate for that.
pub fn parse_rfc3339(s: &str) -> Option<std::time::SystemTime> {
    let s = s.trim();
    if s.len() < 19 {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d, h, mi, se) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.chars().take_while(|c| c.is_ascii_digit()).count();
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" | "" => 0,
        o if o.len() == 6 => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            sign * (o[1..3].parse::<i64>().ok()? * 3600 + o[4..6].parse::<i64>().ok()? * 60)
        }
        _ => return None,
    };
    // Days from civil (Howard Hinnant's algorithm).
    let (y2, m2) = if mo <= 2 { (y - 1, mo + 9) } else { (y, mo - 3) };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * m2 + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + h * 3600 + mi * 60 + se - offset;
    if secs < 0 {
        return None;
    }
    Some(std::time::UNIX_EPOCH + Duration::from_secs(secs as u64))
}

/// Terminal cells a character takes (Unicode East Asian Width: 2 for wide characters, 0 for
/// combining marks). Control characters, which have no width of their own, count as 1.
pub fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(1)
}

pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Cuts `s` to at most `max` terminal cells, ending in `…` when cut, exactly as docker's
/// `formatter.Ellipsis` does (so `ferry search` truncates descriptions where docker does).
pub fn ellipsis(s: &str, max: usize) -> String {
    if display_width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut width = 0;
    for c in s.chars() {
        let w = char_width(c);
        if width + w > max - 1 {
            break;
        }
        width += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Writes aligned columns (two spaces apart, last column unpadded) to stdout.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(display_width(cell));
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<&str>| {
        let last = cells.len() - 1;
        for (i, c) in cells.iter().enumerate() {
            if i == last {
                out.push_str(c);
            } else {
                out.push_str(c);
                out.push_str(&" ".repeat(widths[i] - display_width(c) + 2));
            }
        }
        // An empty last cell would leave the padding of the one before it dangling.
        out.truncate(out.trim_end_matches(' ').len());
        out.push('\n');
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
    stdout(&out)
}

pub fn stdout(s: &str) -> Result<()> {
    stdout_bytes(s.as_bytes())
}

pub fn stdout_bytes(b: &[u8]) -> Result<()> {
    let mut o = std::io::stdout().lock();
    o.write_all(b)?;
    o.flush()?;
    Ok(())
}

pub fn json(v: &impl serde::Serialize) -> Result<()> {
    let mut s = serde_json::to_string_pretty(v)?;
    s.push('\n');
    stdout(&s)
}

/// docker's sizes (go-units `HumanSizeWithPrecision`): powers of 1000 and Go's `%.*g`,
/// so `1982259` is `1.98MB` at precision 3 (docker's `SIZE`) and `1.982MB` at 4.
pub fn docker_size(n: u64, precision: usize) -> String {
    const UNITS: [&str; 7] = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1000.0 && unit < UNITS.len() - 1 {
        v /= 1000.0;
        unit += 1;
    }
    format!("{}{}", go_g(v, precision), UNITS[unit])
}

/// Go's `%.*g` for a non-negative number: `precision` significant digits, trailing zeros
/// dropped, the exponent form when the exponent is below -4 or at least `precision`.
fn go_g(v: f64, precision: usize) -> String {
    let precision = precision.max(1);
    let sci = format!("{v:.*e}", precision - 1);
    let (mantissa, exp) = sci.split_once('e').expect("exponent form");
    let exp: i32 = exp.parse().expect("exponent");
    let trim = |s: &str| {
        if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s.to_string() }
    };
    if exp < -4 || exp >= precision as i32 {
        format!("{}e{}{:02}", trim(mantissa), if exp < 0 { '-' } else { '+' }, exp.abs())
    } else {
        trim(&format!("{v:.*}", (precision as i32 - 1 - exp) as usize))
    }
}

/// docker's `CREATED` (go-units `HumanDuration` + " ago"): "2 weeks ago", "About an hour ago".
pub fn docker_since(then: std::time::SystemTime, now: std::time::SystemTime) -> String {
    let d = now.duration_since(then).unwrap_or_default();
    let seconds = d.as_secs();
    let minutes = seconds / 60;
    let hours = (d.as_secs_f64() / 3600.0 + 0.5) as u64;
    let text = if seconds < 1 {
        "Less than a second".to_string()
    } else if seconds == 1 {
        "1 second".to_string()
    } else if seconds < 60 {
        format!("{seconds} seconds")
    } else if minutes == 1 {
        "About a minute".to_string()
    } else if minutes < 60 {
        format!("{minutes} minutes")
    } else if hours == 1 {
        "About an hour".to_string()
    } else if hours < 48 {
        format!("{hours} hours")
    } else if hours < 24 * 7 * 2 {
        format!("{} days", hours / 24)
    } else if hours < 24 * 30 * 2 {
        format!("{} weeks", hours / 24 / 7)
    } else if hours < 24 * 365 * 2 {
        format!("{} months", hours / 24 / 30)
    } else {
        format!("{} years", seconds / 3600 / 24 / 365)
    };
    format!("{text} ago")
}

/// A time as UTC calendar fields: (year, month, day, hour, minute, second).
fn civil(t: std::time::SystemTime) -> (i64, i64, i64, i64, i64, i64) {
    let secs = t.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil from days (Howard Hinnant's algorithm), the inverse of `parse_rfc3339`'s.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
}

/// docker's `CreatedAt` in `images` (Go's `time.Time.String`, whole seconds), in UTC:
/// `2024-01-01 00:00:00 +0000 UTC`.
pub fn docker_time(t: std::time::SystemTime) -> String {
    let (y, mo, d, h, mi, s) = civil(t);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} +0000 UTC")
}

/// RFC 3339 in whole seconds, UTC (docker's `CreatedAt` in `history`): `2024-01-01T00:00:00Z`.
pub fn rfc3339_seconds(t: std::time::SystemTime) -> String {
    let (y, mo, d, h, mi, s) = civil(t);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1023), "1023 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(128 << 20), "128.0 MiB");
    }

    #[test]
    fn ellipsis_matches_docker() {
        let long = "x".repeat(50);
        assert_eq!(ellipsis(&long, 45), format!("{}…", "x".repeat(44)));
        assert_eq!(ellipsis(&"y".repeat(45), 45), "y".repeat(45));
        assert_eq!(ellipsis("short", 45), "short");
        // Wide characters count two cells: 22 of them fill 44, then the ellipsis.
        let wide = "漢".repeat(30);
        assert_eq!(ellipsis(&wide, 45), format!("{}…", "漢".repeat(22)));
        assert_eq!(display_width(&ellipsis(&wide, 45)), 45);
    }

    #[test]
    fn timestamps() {
        let t = parse_rfc3339("1970-01-02T00:00:01Z").unwrap();
        assert_eq!(t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs(), 86_401);
        let a = parse_rfc3339("2024-03-01T12:00:00.123456789Z").unwrap();
        let b = parse_rfc3339("2024-03-01T14:00:00+02:00").unwrap();
        assert_eq!(
            a.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs(),
            b.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
        );
        assert_eq!(a.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs(), 1_709_294_400);
        assert!(parse_rfc3339("yesterday").is_none());
    }

    /// Pinned from docker 28's output (`docker images`, `docker history`).
    #[test]
    fn docker_units() {
        assert_eq!(docker_size(1_982_259, 3), "1.98MB");
        assert_eq!(docker_size(1_982_259, 4), "1.982MB");
        assert_eq!(docker_size(3, 3), "3B");
        assert_eq!(docker_size(0, 3), "0B");
        assert_eq!(docker_size(7_800_000, 3), "7.8MB");
        assert_eq!(docker_size(1000, 3), "1kB");
        assert_eq!(docker_size(20_766, 3), "20.8kB");
        assert_eq!(docker_size(999_999, 3), "1e+03kB");
        assert_eq!(docker_size(123_456_789_012, 3), "123GB");
        let now = parse_rfc3339("2024-03-10T00:00:00Z").unwrap();
        let ago = |s: &str| docker_since(parse_rfc3339(s).unwrap(), now);
        assert_eq!(ago("2024-03-10T00:00:00Z"), "Less than a second ago");
        assert_eq!(ago("2024-03-09T23:59:59Z"), "1 second ago");
        assert_eq!(ago("2024-03-09T23:59:15Z"), "45 seconds ago");
        assert_eq!(ago("2024-03-09T23:58:30Z"), "About a minute ago");
        assert_eq!(ago("2024-03-09T23:15:00Z"), "45 minutes ago");
        assert_eq!(ago("2024-03-09T22:50:00Z"), "About an hour ago");
        assert_eq!(ago("2024-03-08T00:00:00Z"), "2 days ago");
        assert_eq!(ago("2024-02-20T00:00:00Z"), "2 weeks ago");
        assert_eq!(ago("2024-01-01T00:00:00Z"), "2 months ago");
        assert_eq!(ago("2021-01-01T00:00:00Z"), "3 years ago");
        let t = parse_rfc3339("2026-11-30T13:26:38.357Z").unwrap();
        assert_eq!(docker_time(t), "2026-11-30 13:26:38 +0000 UTC");
        assert_eq!(rfc3339_seconds(t), "2026-11-30T13:26:38Z");
        assert_eq!(rfc3339_seconds(parse_rfc3339("2024-02-29T23:59:59Z").unwrap()), "2024-02-29T23:59:59Z");
    }
}
