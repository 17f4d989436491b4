//! Option groups more than one command takes: how blobs are uploaded (`push`, `copy`) and
//! how listings are paged (`tags`, `catalog`).

use clap::Args;

use super::formats::ListFormat;
use crate::registry::ListOptions;
use crate::transfer::PushOptions;

/// How blobs are uploaded; shared by `push` and `copy`.
#[derive(Args, Debug)]
pub struct UploadArgs {
    /// Upload in PATCH requests of this size (e.g. 8MiB) instead of one PUT per blob
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub chunk_size: Option<u64>,

    /// Blobs to upload at once
    #[arg(short, long, default_value_t = 5, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
}

impl UploadArgs {
    pub fn options(&self, retries: u32) -> PushOptions {
        PushOptions { jobs: self.jobs as usize, retries, chunk_size: self.chunk_size }
    }
}

/// `1048576`, `512k`, `8M`, `8MiB`, `1G` (binary units either way).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits.parse().map_err(|_| format!("{s:?} is not a size (e.g. 8MiB)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("{s:?}: unknown unit {unit:?} (use k, M or G)")),
    };
    let size = n.checked_shl(shift).filter(|v| v >> shift == n).ok_or_else(|| format!("{s:?} is too large"))?;
    if size == 0 {
        return Err("the size must be more than 0".into());
    }
    Ok(size)
}

#[derive(Args, Debug, Clone)]
pub struct PageArgs {
    /// Stop after N entries
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,

    /// Entries to ask for per request; registries cap it (default: the registry's choice)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub page_size: Option<u32>,

    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Plain)]
    pub format: ListFormat,
}

impl PageArgs {
    pub fn options(&self) -> ListOptions {
        ListOptions { page_size: self.page_size, limit: self.limit.map(|l| l as usize) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("8MiB"), Ok(8 << 20));
        assert_eq!(parse_size("8M"), Ok(8 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert!(parse_size("0").is_err());
        assert!(parse_size("MiB").is_err());
        assert!(parse_size("3 parsecs").is_err());
        assert!(parse_size("99999999999999G").is_err());
    }
}
