//! Image platforms (`os/arch[/variant]`): parsing, containerd-style
//! normalisation of architecture and variant aliases, and choosing the index
//! entry that suits a wanted platform. This module performs no I/O; the only
//! environment it consults is the compile-time target in [`Platform::host`].
//! The struct is the OCI image-index `platform` object (image-spec
//! `image-index.md`), and normalisation follows containerd's `platforms`
//! package.

use std::fmt;

/// A platform as it appears in an OCI image index entry.
///
/// Values may be un-normalised (as found in the wild); comparisons go
/// through [`Platform::normalized`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Platform {
    pub architecture: String,
    pub os: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    #[serde(rename = "os.version", default, skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
    #[serde(rename = "os.features", default, skip_serializing_if = "Option::is_none")]
    pub os_features: Option<Vec<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum PlatformError {
    #[error(
        "invalid platform {input:?}: expected \"os/arch\" or \"os/arch/variant\", e.g. \"linux/amd64\" or \"linux/arm/v7\""
    )]
    Format { input: String },
    #[error("invalid platform {input:?}: {part:?} may contain only letters, digits, '_', '.' and '-'")]
    InvalidPart { input: String, part: String },
    #[error(
        "invalid platform {input:?}: not an operating system or architecture ferry knows; write \"os/arch\", e.g. \"linux/amd64\""
    )]
    Unknown { input: String },
}

/// Operating systems Go knows (`go/build/syslist.go`), as containerd's `platforms.Parse`
/// recognises a lone word.
const KNOWN_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "windows",
    "zos",
];

/// Architectures Go knows, normalised.
const KNOWN_ARCH: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "ppc64",
    "ppc64le",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

impl Platform {
    /// Parses a platform as `docker pull --platform` takes it: `os/arch[/variant]`
    /// (`linux/arm64`, `linux/arm/v7`), or one word — an operating system (`linux`: this
    /// machine's architecture) or an architecture (`arm64`, `armhf`, `x86_64`, `i386`: on
    /// linux). The result is normalised.
    pub fn parse(s: &str) -> Result<Platform, PlatformError> {
        let parts: Vec<&str> = s.split('/').collect();
        for part in &parts {
            if part.is_empty() {
                return Err(PlatformError::Format { input: s.to_owned() });
            }
            if !part.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')) {
                return Err(PlatformError::InvalidPart { input: s.to_owned(), part: (*part).to_owned() });
            }
        }
        let platform = |os: &str, architecture: &str, variant: Option<&str>| Platform {
            architecture: architecture.to_owned(),
            os: os.to_owned(),
            variant: variant.map(str::to_owned),
            os_version: None,
            os_features: None,
        };
        let parsed = match parts[..] {
            [word] => {
                let lower = word.to_lowercase();
                let os = if lower == "macos" { "darwin" } else { lower.as_str() };
                if KNOWN_OS.contains(&os) {
                    let host = Platform::host();
                    Platform { os: os.to_owned(), ..host }
                } else {
                    let arch = platform("linux", word, None).normalized();
                    if !KNOWN_ARCH.contains(&arch.architecture.as_str()) {
                        return Err(PlatformError::Unknown { input: s.to_owned() });
                    }
                    arch
                }
            }
            [os, arch] => platform(os, arch, None),
            [os, arch, variant] => platform(os, arch, Some(variant)),
            _ => return Err(PlatformError::Format { input: s.to_owned() }),
        };
        Ok(parsed.normalized())
    }

    /// The platform of the machine ferry was compiled for, as a Linux
    /// container platform (containers are Linux even on other hosts).
    pub fn host() -> Platform {
        let little_endian = cfg!(target_endian = "little");
        // Rust's target names differ from the GOARCH names registries use.
        let architecture = match std::env::consts::ARCH {
            "x86_64" => "amd64",
            "x86" => "386",
            "aarch64" => "arm64",
            "powerpc64" if little_endian => "ppc64le",
            "powerpc64" => "ppc64",
            "mips64" if little_endian => "mips64le",
            "mips" if little_endian => "mipsle",
            "loongarch64" => "loong64",
            other => other,
        };
        Platform {
            architecture: architecture.to_owned(),
            os: "linux".to_owned(),
            variant: None,
            os_version: None,
            os_features: None,
        }
        .normalized()
    }

    /// The canonical form containerd compares: GOARCH names, lowercase OS,
    /// and the variant made explicit for 32-bit arm and dropped where it is
    /// the architecture's baseline (`arm64/v8`, `amd64/v1`).
    pub fn normalized(&self) -> Platform {
        let os = match self.os.to_lowercase().as_str() {
            "macos" => "darwin".to_owned(),
            other => other.to_owned(),
        };
        let arch = self.architecture.to_lowercase();
        let variant = self.variant.as_deref().map(str::to_lowercase).filter(|v| !v.is_empty());
        let (architecture, variant): (&str, Option<String>) = match arch.as_str() {
            "i386" | "i686" => ("386", None),
            "x86_64" | "x86-64" | "amd64" => match variant.as_deref() {
                Some("v1") => ("amd64", None),
                _ => ("amd64", variant),
            },
            "aarch64" | "arm64" => match variant.as_deref() {
                Some("8" | "v8" | "v8.0") => ("arm64", None),
                Some("9" | "9.0" | "v9.0") => ("arm64", Some("v9".to_owned())),
                _ => ("arm64", variant),
            },
            "armhf" => ("arm", Some("v7".to_owned())),
            "armel" => ("arm", Some("v6".to_owned())),
            "arm" => match variant.as_deref() {
                None | Some("7") => ("arm", Some("v7".to_owned())),
                Some(v @ ("5" | "6" | "8")) => ("arm", Some(format!("v{v}"))),
                _ => ("arm", variant),
            },
            other => (other, variant),
        };
        let mut os_features = self.os_features.clone();
        if let Some(f) = os_features.as_mut() {
            f.sort();
            f.dedup();
        }
        Platform {
            architecture: architecture.to_owned(),
            os,
            variant,
            os_version: self.os_version.clone(),
            os_features,
        }
    }

    /// Whether `candidate` (an index entry) can run where `self` (the wanted
    /// platform) is asked for: one of [`Platform::compatible`]'s platforms.
    /// `os.version` is ignored.
    pub fn matches(&self, candidate: &Platform) -> bool {
        self.rank(&self.compatible(), candidate).is_some()
    }

    /// What can run where `self` is wanted, best first, as containerd's
    /// `platforms.Only` orders it (docker's `pull --platform`): the platform itself, then
    /// older variants of its architecture, nearest first (`amd64/v3` → v2, v1; `arm/v7` → v6,
    /// v5; `arm64/v9.x` → v9.(x-1)…v9, v8.(x+5)…v8), then the 32-bit architecture it also
    /// runs (`amd64` → `386`; `arm64` → `arm/v8`…`arm/v5`). All normalised.
    pub fn compatible(&self) -> Vec<Platform> {
        let wanted = self.normalized();
        let with = |architecture: &str, variant: Option<String>| {
            Platform { architecture: architecture.to_owned(), variant, ..wanted.clone() }.normalized()
        };
        let mut vector = vec![wanted.clone()];
        match wanted.architecture.as_str() {
            "amd64" => {
                let level = wanted.variant.as_deref().and_then(|v| v.strip_prefix('v')?.parse::<u32>().ok());
                for older in (1..level.unwrap_or(1)).rev() {
                    vector.push(with("amd64", Some(format!("v{older}"))));
                }
                vector.push(with("386", None));
            }
            "arm" => {
                if let Some(n) = wanted.variant.as_deref().and_then(arm_version) {
                    for older in (5..n).rev() {
                        vector.push(with("arm", Some(format!("v{older}"))));
                    }
                }
            }
            "arm64" => {
                let variant = wanted.variant.clone().unwrap_or_else(|| "v8".to_owned());
                if let Some((mut major, mut minor)) = arm64_version(&variant) {
                    if major == 9 {
                        for m in (0..minor).rev() {
                            vector.push(with("arm64", Some(arm64_variant(9, m))));
                        }
                        // v9.0 branched from v8.5: v9.x runs what v8.(x+5) runs.
                        minor += 5;
                        major = 8;
                        vector.push(with("arm64", Some(arm64_variant(8, minor))));
                    }
                    for m in (0..minor).rev() {
                        vector.push(with("arm64", Some(arm64_variant(major, m))));
                    }
                }
                let arm =
                    if variant.starts_with("v8.") || variant.starts_with("v9.") { "v8".to_owned() } else { variant };
                vector.extend(with("arm", Some(arm)).compatible());
            }
            _ => {}
        }
        vector
    }

    /// The index of the candidate that best suits `self`: the one earliest in
    /// [`Platform::compatible`]'s order; an entry declaring an `os.features` that `self`
    /// lacks ranks after every entry that does not. The first of equally good candidates
    /// wins.
    pub fn best_match(&self, candidates: &[Platform]) -> Option<usize> {
        let vector = self.compatible();
        candidates
            .iter()
            .enumerate()
            .filter_map(|(i, c)| self.rank(&vector, c).map(|rank| (i, rank)))
            .min_by_key(|&(_, rank)| rank)
            .map(|(i, _)| i)
    }

    /// Where `candidate` stands in `vector` (`self`'s compatible platforms): whether it
    /// declares os.features `self` lacks, then its position.
    fn rank(&self, vector: &[Platform], candidate: &Platform) -> Option<(bool, usize)> {
        let c = candidate.normalized();
        let position =
            vector.iter().position(|v| v.os == c.os && v.architecture == c.architecture && v.variant == c.variant)?;
        let wanted = self.os_features.as_deref().unwrap_or_default();
        let foreign = c.os_features.as_deref().unwrap_or_default().iter().any(|f| !wanted.contains(f));
        Some((foreign, position))
    }
}

/// The number in an arm variant `v5` or later; 32-bit arm runs every older variant down to
/// v5.
fn arm_version(variant: &str) -> Option<u32> {
    let n: u32 = variant.strip_prefix('v')?.parse().ok()?;
    (n >= 5).then_some(n)
}

/// `(major, minor)` of an arm64 variant `v8`, `v8.2`, `v9`, `v9.1` (major 8 or more).
fn arm64_version(variant: &str) -> Option<(u32, u32)> {
    let v = variant.strip_prefix('v')?;
    let (major, minor) = match v.split_once('.') {
        Some((major, minor)) => (major.parse().ok()?, minor.parse().ok()?),
        None => (v.parse().ok()?, 0),
    };
    (major >= 8).then_some((major, minor))
}

/// `v8`, `v8.1`, … as written in an index (`.0` left out).
fn arm64_variant(major: u32, minor: u32) -> String {
    if minor == 0 { format!("v{major}") } else { format!("v{major}.{minor}") }
}

/// The normalised `os/arch[/variant]` form, e.g. `linux/arm/v7`.
impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.normalized();
        write!(f, "{}/{}", p.os, p.architecture)?;
        if let Some(variant) = &p.variant {
            write!(f, "/{variant}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(os, architecture, variant)` as written in an index entry.
    type Triple = (&'static str, &'static str, Option<&'static str>);

    fn plat(os: &str, arch: &str, variant: Option<&str>) -> Platform {
        Platform {
            architecture: arch.to_owned(),
            os: os.to_owned(),
            variant: variant.map(str::to_owned),
            os_version: None,
            os_features: None,
        }
    }

    #[test]
    fn normalisation_table() {
        let cases: &[(Triple, &str)] = &[
            (("linux", "amd64", None), "linux/amd64"),
            (("linux", "x86_64", None), "linux/amd64"),
            (("linux", "x86-64", None), "linux/amd64"),
            (("linux", "amd64", Some("v1")), "linux/amd64"),
            (("linux", "amd64", Some("v3")), "linux/amd64/v3"),
            (("linux", "aarch64", None), "linux/arm64"),
            (("linux", "arm64", Some("v8")), "linux/arm64"),
            (("linux", "arm64", Some("8")), "linux/arm64"),
            (("linux", "arm64", Some("v8.0")), "linux/arm64"),
            (("linux", "aarch64", Some("9")), "linux/arm64/v9"),
            (("linux", "arm64", Some("v8.2")), "linux/arm64/v8.2"),
            (("linux", "armhf", None), "linux/arm/v7"),
            (("linux", "armhf", Some("v6")), "linux/arm/v7"),
            (("linux", "armel", None), "linux/arm/v6"),
            (("linux", "arm", None), "linux/arm/v7"),
            (("linux", "arm", Some("")), "linux/arm/v7"),
            (("linux", "arm", Some("7")), "linux/arm/v7"),
            (("linux", "arm", Some("5")), "linux/arm/v5"),
            (("linux", "arm", Some("V6")), "linux/arm/v6"),
            (("linux", "arm", Some("v8")), "linux/arm/v8"),
            (("linux", "i386", None), "linux/386"),
            (("linux", "i686", None), "linux/386"),
            (("linux", "386", None), "linux/386"),
            (("Linux", "AMD64", None), "linux/amd64"),
            (("macos", "arm64", None), "darwin/arm64"),
            (("windows", "amd64", None), "windows/amd64"),
            (("linux", "ppc64le", None), "linux/ppc64le"),
            (("linux", "s390x", None), "linux/s390x"),
            (("linux", "riscv64", None), "linux/riscv64"),
        ];
        for &((os, arch, variant), want) in cases {
            let p = plat(os, arch, variant);
            let n = p.normalized();
            assert_eq!(n.to_string(), want, "{os}/{arch}/{variant:?}");
            assert_eq!(p.to_string(), want, "Display normalises {os}/{arch}/{variant:?}");
            assert_eq!(n.normalized(), n, "idempotent for {want}");
        }
    }

    #[test]
    fn normalisation_keeps_os_version_and_features() {
        let mut p = plat("windows", "x86_64", None);
        p.os_version = Some("10.0.17763.1234".to_owned());
        p.os_features = Some(vec!["win32k".to_owned()]);
        let n = p.normalized();
        assert_eq!(n.architecture, "amd64");
        assert_eq!(n.os_version, p.os_version);
        assert_eq!(n.os_features, p.os_features);
    }

    #[test]
    fn parse_valid() {
        let cases: &[(&str, &str, &str, Option<&str>)] = &[
            ("linux/amd64", "linux", "amd64", None),
            ("linux/x86_64", "linux", "amd64", None),
            ("linux/arm64/v8", "linux", "arm64", None),
            ("linux/arm64", "linux", "arm64", None),
            ("linux/arm", "linux", "arm", Some("v7")),
            ("linux/arm/v6", "linux", "arm", Some("v6")),
            ("Linux/ARM64", "linux", "arm64", None),
            ("windows/amd64", "windows", "amd64", None),
            ("linux/arm64/v8.2", "linux", "arm64", Some("v8.2")),
        ];
        for &(input, os, arch, variant) in cases {
            let p = Platform::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!((p.os.as_str(), p.architecture.as_str(), p.variant.as_deref()), (os, arch, variant), "{input}");
            assert_eq!(p.os_version, None);
        }
    }

    #[test]
    fn parse_invalid() {
        let cases: &[(&str, &str)] = &[
            ("", "expected \"os/arch\" or \"os/arch/variant\""),
            ("amd65", "not an operating system or architecture"),
            ("v7", "not an operating system or architecture"),
            ("linux/", "expected \"os/arch\""),
            ("/amd64", "expected \"os/arch\""),
            ("linux/arm/", "expected \"os/arch\""),
            ("linux/arm/v7/extra", "expected \"os/arch\""),
            ("linux//v7", "expected \"os/arch\""),
            ("linux/amd 64", "\"amd 64\" may contain only"),
            ("linux/arm64:v8", "\"arm64:v8\" may contain only"),
        ];
        for &(input, want) in cases {
            let err = Platform::parse(input).expect_err(input).to_string();
            assert!(err.contains(want), "{input:?}: {err}");
            assert!(err.contains(&format!("{input:?}")), "must name the input: {err}");
        }
    }

    #[test]
    fn parse_one_word_as_docker_does() {
        let host = Platform::host();
        let cases: &[(&str, &str)] = &[
            ("arm64", "linux/arm64"),
            ("aarch64", "linux/arm64"),
            ("arm", "linux/arm/v7"),
            ("armhf", "linux/arm/v7"),
            ("armel", "linux/arm/v6"),
            ("x86_64", "linux/amd64"),
            ("AMD64", "linux/amd64"),
            ("i386", "linux/386"),
            ("s390x", "linux/s390x"),
            ("riscv64", "linux/riscv64"),
        ];
        for &(input, want) in cases {
            assert_eq!(Platform::parse(input).unwrap().to_string(), want, "{input}");
        }
        // A lone operating system takes this machine's architecture.
        for (input, os) in [("linux", "linux"), ("windows", "windows"), ("macos", "darwin")] {
            let p = Platform::parse(input).unwrap();
            assert_eq!(
                (p.os.as_str(), &p.architecture, &p.variant),
                (os, &host.architecture, &host.variant),
                "{input}"
            );
        }
    }

    #[test]
    fn an_entry_with_os_features_the_request_lacks_never_beats_one_without() {
        let mut featured = plat("linux", "amd64", None);
        featured.os_features = Some(vec!["fancy".to_owned()]);
        let wanted = Platform::parse("linux/amd64").unwrap();
        // Even an exact match with foreign features loses to a 386 fallback without them…
        assert_eq!(wanted.best_match(&[featured.clone(), plat("linux", "386", None)]), Some(1));
        // …but is still taken when nothing else runs.
        assert_eq!(wanted.best_match(&[featured.clone(), plat("linux", "arm64", None)]), Some(0));
        // Asking for the feature makes it a plain match again.
        let mut with_feature = wanted.clone();
        with_feature.os_features = Some(vec!["fancy".to_owned()]);
        assert_eq!(with_feature.best_match(&[plat("linux", "386", None), featured]), Some(1));
    }

    #[test]
    fn compatible_lists_containerds_order() {
        let show = |p: &str| {
            Platform::parse(p).unwrap().compatible().iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")
        };
        assert_eq!(show("linux/amd64"), "linux/amd64 linux/386");
        assert_eq!(show("linux/amd64/v3"), "linux/amd64/v3 linux/amd64/v2 linux/amd64 linux/386");
        assert_eq!(show("linux/arm/v7"), "linux/arm/v7 linux/arm/v6 linux/arm/v5");
        assert_eq!(show("linux/arm64"), "linux/arm64 linux/arm/v8 linux/arm/v7 linux/arm/v6 linux/arm/v5");
        assert_eq!(
            show("linux/arm64/v8.2"),
            "linux/arm64/v8.2 linux/arm64/v8.1 linux/arm64 linux/arm/v8 linux/arm/v7 linux/arm/v6 linux/arm/v5"
        );
        assert_eq!(
            show("linux/arm64/v9.1"),
            "linux/arm64/v9.1 linux/arm64/v9 linux/arm64/v8.6 linux/arm64/v8.5 linux/arm64/v8.4 linux/arm64/v8.3 \
             linux/arm64/v8.2 linux/arm64/v8.1 linux/arm64 linux/arm/v8 linux/arm/v7 linux/arm/v6 linux/arm/v5"
        );
    }

    #[test]
    fn host_is_normalised_linux() {
        let h = Platform::host();
        assert_eq!(h.os, "linux");
        assert_eq!(h.normalized(), h);
        if cfg!(target_arch = "x86_64") {
            assert_eq!(h.to_string(), "linux/amd64");
        }
        if cfg!(target_arch = "aarch64") {
            assert_eq!(h.to_string(), "linux/arm64");
        }
        if cfg!(target_arch = "arm") {
            assert_eq!(h.to_string(), "linux/arm/v7");
        }
    }

    #[test]
    fn matching_table() {
        let cases: &[(&str, Triple, bool)] = &[
            ("linux/arm64", ("linux", "arm64", Some("v8")), true),
            ("linux/arm64/v8", ("linux", "arm64", None), true),
            ("linux/arm64", ("linux", "aarch64", None), true),
            ("linux/amd64", ("linux", "x86_64", None), true),
            ("linux/amd64", ("linux", "arm64", None), false),
            ("linux/arm64", ("linux", "amd64", None), false),
            ("linux/amd64", ("windows", "amd64", None), false),
            ("linux/arm/v7", ("linux", "arm", Some("v7")), true),
            ("linux/arm/v7", ("linux", "arm", None), true),
            ("linux/arm/v7", ("linux", "arm", Some("v6")), true),
            ("linux/arm/v7", ("linux", "arm", Some("v5")), true),
            ("linux/arm/v7", ("linux", "armel", None), true),
            ("linux/arm/v6", ("linux", "arm", Some("v7")), false),
            ("linux/arm/v6", ("linux", "armhf", None), false),
            ("linux/arm/v6", ("linux", "arm", None), false),
            ("linux/arm/v8", ("linux", "arm", Some("v7")), true),
            ("linux/arm/v8", ("linux", "arm", Some("v5")), true),
            ("linux/arm/v5", ("linux", "arm", Some("v6")), false),
            // arm64 runs 32-bit arm (docker's platforms.Only), and amd64 runs 386.
            ("linux/arm64", ("linux", "arm", Some("v7")), true),
            ("linux/arm64", ("linux", "arm", Some("v8")), true),
            ("linux/amd64", ("linux", "386", None), true),
            ("linux/386", ("linux", "amd64", None), false),
            ("linux/arm/v7", ("linux", "arm64", None), false),
            ("linux/amd64/v2", ("linux", "amd64", Some("v3")), false),
            ("linux/amd64/v3", ("linux", "amd64", Some("v2")), true),
            ("linux/arm64/v8.2", ("linux", "arm64", Some("v8.1")), true),
            ("linux/arm64/v8.2", ("linux", "arm64", Some("v8.3")), false),
            ("linux/arm64/v9.1", ("linux", "arm64", Some("v8.6")), true),
            ("linux/arm64/v9.1", ("linux", "arm64", Some("v8.7")), false),
            ("linux/amd64/v3", ("linux", "amd64", None), true),
            ("linux/amd64", ("linux", "amd64", Some("v3")), false),
            ("linux/arm64/v9", ("linux", "arm64", Some("v8")), true),
            ("linux/arm64", ("linux", "arm64", Some("v9")), false),
        ];
        for &(wanted, (os, arch, variant), want) in cases {
            let w = Platform::parse(wanted).unwrap();
            let c = plat(os, arch, variant);
            assert_eq!(w.matches(&c), want, "{wanted} wants {os}/{arch}/{variant:?}");
        }
    }

    #[test]
    fn matching_ignores_os_version() {
        let mut c = plat("windows", "amd64", None);
        c.os_version = Some("10.0.20348.1".to_owned());
        assert!(Platform::parse("windows/amd64").unwrap().matches(&c));
    }

    #[test]
    fn best_match_table() {
        let cases: &[(&str, &[Triple], Option<usize>)] = &[
            ("linux/amd64", &[], None),
            ("linux/amd64", &[("linux", "arm64", None), ("windows", "amd64", None)], None),
            ("linux/amd64", &[("linux", "arm64", None), ("linux", "amd64", None)], Some(1)),
            // Exact variant beats older variants, whatever the order.
            (
                "linux/arm/v7",
                &[("linux", "arm", Some("v5")), ("linux", "arm", Some("v6")), ("linux", "arm", Some("v7"))],
                Some(2),
            ),
            // Newest compatible older variant wins.
            (
                "linux/arm/v8",
                &[("linux", "arm", Some("v5")), ("linux", "arm", Some("v7")), ("linux", "arm", Some("v6"))],
                Some(1),
            ),
            ("linux/arm/v7", &[("linux", "arm", Some("v6")), ("linux", "arm", Some("v8"))], Some(0)),
            // Exact beats a variant-less entry, which beats nothing.
            ("linux/arm64/v9", &[("linux", "arm64", None), ("linux", "arm64", Some("v9"))], Some(1)),
            // The nearest older variant first: v9 runs v8.5 and older, v8.2 before v8.
            ("linux/arm64/v9", &[("linux", "arm64", None), ("linux", "arm64", Some("v8.2"))], Some(1)),
            ("linux/arm64/v9.2", &[("linux", "arm64", Some("v9.1")), ("linux", "arm64", Some("v8.7"))], Some(0)),
            ("linux/arm64/v9.2", &[("linux", "arm64", Some("v8.7")), ("linux", "arm64", Some("v9.1"))], Some(1)),
            // Native before 32-bit: arm64 before arm/v8, arm/v8 before arm/v7; amd64 before 386.
            ("linux/arm64", &[("linux", "arm", Some("v7")), ("linux", "arm", Some("v8"))], Some(1)),
            ("linux/arm64", &[("linux", "arm", Some("v7")), ("linux", "arm64", None)], Some(1)),
            ("linux/amd64", &[("linux", "386", None), ("linux", "amd64", None)], Some(1)),
            ("linux/amd64", &[("linux", "386", None), ("linux", "arm64", None)], Some(0)),
            ("linux/amd64/v3", &[("linux", "amd64", None), ("linux", "amd64", Some("v2"))], Some(1)),
            // Equally good: the first wins.
            (
                "linux/arm64",
                &[("linux", "amd64", None), ("linux", "arm64", Some("v8")), ("linux", "aarch64", None)],
                Some(1),
            ),
        ];
        for &(wanted, candidates, want) in cases {
            let w = Platform::parse(wanted).unwrap();
            let candidates: Vec<Platform> = candidates.iter().map(|&(os, arch, v)| plat(os, arch, v)).collect();
            assert_eq!(w.best_match(&candidates), want, "{wanted} in {candidates:?}");
        }
    }

    #[test]
    fn serde_from_real_index_json() {
        // Shape of the manifests in a multi-arch index (e.g. docker's
        // official images), including a Windows entry with os.version.
        let index = r#"[
            {"architecture": "amd64", "os": "linux"},
            {"architecture": "arm", "os": "linux", "variant": "v7"},
            {"architecture": "arm64", "os": "linux", "variant": "v8"},
            {"architecture": "amd64", "os": "windows", "os.version": "10.0.20348.2340"},
            {"architecture": "amd64", "os": "windows", "os.version": "10.0.17763.5576",
             "os.features": ["win32k"]},
            {"architecture": "unknown", "os": "unknown"}
        ]"#;
        let platforms: Vec<Platform> = serde_json::from_str(index).unwrap();
        assert_eq!(platforms.len(), 6);
        assert_eq!(platforms[2].variant.as_deref(), Some("v8"));
        assert_eq!(platforms[3].os_version.as_deref(), Some("10.0.20348.2340"));
        assert_eq!(platforms[4].os_features, Some(vec!["win32k".to_owned()]));

        let arm64 = Platform::parse("linux/arm64").unwrap();
        assert_eq!(arm64.best_match(&platforms), Some(2));
        assert_eq!(Platform::parse("linux/arm/v8").unwrap().best_match(&platforms), Some(1));
        assert_eq!(Platform::parse("windows/amd64").unwrap().best_match(&platforms), Some(3));
        assert_eq!(Platform::parse("linux/s390x").unwrap().best_match(&platforms), None);

        // Serialising writes the OCI field names and omits absent fields.
        let back = serde_json::to_value(&platforms).unwrap();
        assert_eq!(back, serde_json::from_str::<serde_json::Value>(index).unwrap());
        assert_eq!(
            serde_json::to_string(&platforms[4]).unwrap(),
            r#"{"architecture":"amd64","os":"windows","os.version":"10.0.17763.5576","os.features":["win32k"]}"#
        );
    }

    #[test]
    fn serde_requires_architecture_and_os() {
        assert!(serde_json::from_str::<Platform>(r#"{"os":"linux"}"#).is_err());
        assert!(serde_json::from_str::<Platform>(r#"{"architecture":"amd64"}"#).is_err());
    }
}
