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
}

/// How well a candidate's variant suits the wanted one; smaller is better,
/// so the derived ordering ranks candidates directly.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum VariantFit {
    Exact,
    /// The candidate does not declare a variant, so it claims to run on any.
    Unspecified,
    /// An older arm variant; the distance favours the newest compatible one.
    OlderArm {
        distance: u32,
    },
}

impl Platform {
    /// Parses `os/arch[/variant]` (e.g. `linux/arm64`, `linux/arm/v7`) and
    /// returns the normalised platform.
    pub fn parse(s: &str) -> Result<Platform, PlatformError> {
        let parts: Vec<&str> = s.split('/').collect();
        let (os, architecture, variant) = match parts[..] {
            [os, arch] => (os, arch, None),
            [os, arch, variant] => (os, arch, Some(variant)),
            _ => {
                return Err(PlatformError::Format { input: s.to_owned() });
            }
        };
        for part in &parts {
            if part.is_empty() {
                return Err(PlatformError::Format { input: s.to_owned() });
            }
            if !part.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')) {
                return Err(PlatformError::InvalidPart { input: s.to_owned(), part: (*part).to_owned() });
            }
        }
        Ok(Platform {
            architecture: architecture.to_owned(),
            os: os.to_owned(),
            variant: variant.map(str::to_owned),
            os_version: None,
            os_features: None,
        }
        .normalized())
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
        Platform {
            architecture: architecture.to_owned(),
            os,
            variant,
            os_version: self.os_version.clone(),
            os_features: self.os_features.clone(),
        }
    }

    /// Whether `candidate` (an index entry) can run where `self` (the wanted
    /// platform) is asked for. `os.version` and `os.features` are ignored.
    pub fn matches(&self, candidate: &Platform) -> bool {
        self.fit(candidate).is_some()
    }

    /// The index of the candidate that best suits `self`: an exact variant
    /// match, else a candidate declaring no variant, else the newest older
    /// arm variant. The first of equally good candidates wins.
    pub fn best_match(&self, candidates: &[Platform]) -> Option<usize> {
        candidates
            .iter()
            .enumerate()
            .filter_map(|(i, c)| self.fit(c).map(|fit| (i, fit)))
            .min_by_key(|&(_, fit)| fit)
            .map(|(i, _)| i)
    }

    fn fit(&self, candidate: &Platform) -> Option<VariantFit> {
        let wanted = self.normalized();
        let candidate = candidate.normalized();
        if wanted.os != candidate.os || wanted.architecture != candidate.architecture {
            return None;
        }
        match (wanted.variant.as_deref(), candidate.variant.as_deref()) {
            (w, c) if w == c => Some(VariantFit::Exact),
            (_, None) => Some(VariantFit::Unspecified),
            // 32-bit arm is backward compatible: v8 runs v7, v7 runs v6, …
            (Some(w), Some(c)) if wanted.architecture == "arm" => {
                let (w, c) = (arm_version(w)?, arm_version(c)?);
                (c < w).then(|| VariantFit::OlderArm { distance: w - c })
            }
            _ => None,
        }
    }
}

/// The number in an arm variant `v5`…`v8`; other variants have no known
/// compatibility ordering.
fn arm_version(variant: &str) -> Option<u32> {
    let n: u32 = variant.strip_prefix('v')?.parse().ok()?;
    (5..=8).contains(&n).then_some(n)
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
            ("amd64", "expected \"os/arch\""),
            ("linux", "expected \"os/arch\""),
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
            ("linux/arm64", ("linux", "arm", Some("v7")), false),
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
            ("linux/arm64/v9", &[("linux", "arm64", Some("v8.2")), ("linux", "arm64", None)], Some(1)),
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
