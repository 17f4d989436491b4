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

/// "3 days ago" for an RFC 3339 timestamp, as docker shows `CREATED`.
pub fn time_ago(rfc3339: &str, now: std::time::SystemTime) -> String {
    let Some(then) = parse_rfc3339(rfc3339) else {
        return String::from("-");
    };
    let secs = now.duration_since(then).map(|d| d.as_secs()).unwrap_or(0);
    let (n, unit) = match secs {
        0..=59 => return "less than a minute ago".into(),
        60..=3599 => (secs / 60, "minute"),
        3600..=86_399 => (secs / 3600, "hour"),
        86_400..=1_209_599 => (secs / 86_400, "day"),
        1_209_600..=5_183_999 => (secs / 604_800, "week"),
        5_184_000..=63_071_999 => (secs / 2_592_000, "month"),
        _ => (secs / 31_536_000, "year"),
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
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

    #[test]
    fn ages() {
        let now = parse_rfc3339("2024-03-10T00:00:00Z").unwrap();
        assert_eq!(time_ago("2024-03-09T23:59:30Z", now), "less than a minute ago");
        assert_eq!(time_ago("2024-03-09T22:00:00Z", now), "2 hours ago");
        assert_eq!(time_ago("2024-03-09T00:00:00Z", now), "1 day ago");
        assert_eq!(time_ago("2024-01-01T00:00:00Z", now), "2 months ago");
        assert_eq!(time_ago("bogus", now), "-");
    }
}
