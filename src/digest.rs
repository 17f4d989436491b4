//! Content digests (`sha256:<hex>`, `sha512:<hex>`): parsing, validation,
//! formatting and hashing of in-memory bytes. This module performs no I/O;
//! callers feed it bytes. It implements the OCI image-spec "Digests" rules
//! restricted to the two registered algorithms, with the canonical
//! lowercase-hex encoding that registries compare byte for byte.

use std::fmt;
use std::str::FromStr;

use sha2::Digest as _;

/// Number of hex characters shown by [`Digest::short`], matching the
/// truncated image IDs docker prints.
const SHORT_LEN: usize = 12;

/// A validated content digest such as `sha256:e3b0c442…`.
///
/// Always canonical: a known algorithm and lowercase hex of the exact length,
/// so two equal digests are equal as strings.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest {
    /// The full `algorithm:hex` string; kept whole so `Display` and
    /// serialisation need no allocation and ordering is by that string.
    value: String,
    /// Byte index of the `:` separator in `value`.
    colon: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum DigestError {
    #[error("invalid digest {input:?}: expected \"algorithm:hex\", e.g. \"sha256:<64 hex digits>\"")]
    MissingAlgorithm { input: String },
    #[error("invalid digest {input:?}: unsupported algorithm {algorithm:?} (expected sha256 or sha512)")]
    UnsupportedAlgorithm { input: String, algorithm: String },
    #[error("invalid digest {input:?}: {algorithm} needs {expected} hex digits, got {actual}")]
    WrongLength { input: String, algorithm: String, expected: usize, actual: usize },
    #[error("invalid digest {input:?}: hex must be lowercase")]
    UppercaseHex { input: String },
    #[error("invalid digest {input:?}: {found:?} is not a hex digit")]
    NotHex { input: String, found: char },
}

/// Content that does not hash to the digest that names it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("content does not match its digest {expected}: it hashes to {actual}")]
pub struct DigestMismatch {
    pub expected: Digest,
    pub actual: Digest,
}

impl Digest {
    /// Parses `sha256:<64 lowercase hex>` or `sha512:<128 lowercase hex>`.
    pub fn parse(s: &str) -> Result<Digest, DigestError> {
        let Some((algorithm, hex)) = s.split_once(':') else {
            return Err(DigestError::MissingAlgorithm { input: s.to_owned() });
        };
        if algorithm.is_empty() {
            return Err(DigestError::MissingAlgorithm { input: s.to_owned() });
        }
        let expected = match algorithm {
            "sha256" => 64,
            "sha512" => 128,
            _ => {
                return Err(DigestError::UnsupportedAlgorithm { input: s.to_owned(), algorithm: algorithm.to_owned() });
            }
        };
        // Report the character problem before the length problem: a digest
        // pasted with a stray character is more usefully described that way.
        if let Some(found) = hex.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Err(DigestError::NotHex { input: s.to_owned(), found });
        }
        // Registries compare digests as strings, so `SHA256:ABC…` style
        // input would silently never match; reject rather than fold case.
        if hex.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(DigestError::UppercaseHex { input: s.to_owned() });
        }
        if hex.len() != expected {
            return Err(DigestError::WrongLength {
                input: s.to_owned(),
                algorithm: algorithm.to_owned(),
                expected,
                actual: hex.len(),
            });
        }
        Ok(Digest { value: s.to_owned(), colon: algorithm.len() })
    }

    /// The algorithm name, e.g. `"sha256"`.
    pub fn algorithm(&self) -> &str {
        &self.value[..self.colon]
    }

    /// The lowercase hex encoding, without the algorithm prefix.
    pub fn hex(&self) -> &str {
        &self.value[self.colon + 1..]
    }

    /// The full `algorithm:hex` form.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The first 12 hex characters, for human display only (never for
    /// lookups: it is not unique).
    pub fn short(&self) -> &str {
        &self.hex()[..SHORT_LEN]
    }

    pub fn is_sha256(&self) -> bool {
        self.algorithm() == "sha256"
    }

    /// The sha256 digest of `bytes`.
    pub fn sha256_of(bytes: &[u8]) -> Digest {
        let mut hasher = Sha256Hasher::new();
        hasher.update(bytes);
        hasher.finish()
    }

    /// The sha512 digest of `bytes`.
    pub fn sha512_of(bytes: &[u8]) -> Digest {
        Digest::from_parts("sha512", &sha2::Sha512::digest(bytes))
    }

    /// The digest of `bytes` under this digest's algorithm: what `bytes` would have to be
    /// called to be the content this digest names.
    pub fn of_same_kind(&self, bytes: &[u8]) -> Digest {
        // `parse` admits no other algorithm, so every `Digest` can be checked.
        match self.algorithm() {
            "sha512" => Digest::sha512_of(bytes),
            _ => Digest::sha256_of(bytes),
        }
    }

    /// The digest under this digest's algorithm of everything `reader` yields, read in
    /// blocks: content of any size (a stored blob) is hashed in bounded memory.
    pub fn of_same_kind_read(&self, reader: impl std::io::Read) -> std::io::Result<Digest> {
        match self.algorithm() {
            "sha512" => hash_read::<sha2::Sha512>("sha512", reader),
            _ => hash_read::<sha2::Sha256>("sha256", reader),
        }
    }

    /// The one content check: `bytes` are what this digest names. Every manifest and small
    /// blob ferry accepts (from a registry, an archive or its own store) passes here, so
    /// both algorithms ferry parses are verified alike and none is ever trusted unchecked.
    pub fn verify(&self, bytes: &[u8]) -> Result<(), DigestMismatch> {
        let actual = self.of_same_kind(bytes);
        if actual == *self { Ok(()) } else { Err(DigestMismatch { expected: self.clone(), actual }) }
    }

    /// Builds a digest from a freshly computed hash, which is valid by
    /// construction.
    fn from_parts(algorithm: &str, hash: &[u8]) -> Digest {
        let mut value = String::with_capacity(algorithm.len() + 1 + hash.len() * 2);
        value.push_str(algorithm);
        value.push(':');
        for byte in hash {
            value.push(char::from(HEX[usize::from(byte >> 4)]));
            value.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
        Digest { value, colon: algorithm.len() }
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn hash_read<H: sha2::Digest>(algorithm: &str, mut reader: impl std::io::Read) -> std::io::Result<Digest> {
    let mut hasher = H::new();
    let mut buf = vec![0u8; 256 << 10];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(Digest::from_parts(algorithm, &hasher.finalize()))
}

impl FromStr for Digest {
    type Err = DigestError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Digest::parse(s)
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

// Same as Display: the string form is the only meaningful representation,
// and it keeps assertion failures and logs readable.
impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl serde::Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}

impl<'de> serde::Deserialize<'de> for Digest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = Digest;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a digest string such as \"sha256:<64 hex digits>\"")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Digest, E> {
                Digest::parse(v).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

/// Incremental sha256, for streaming: hash bytes as they arrive.
#[derive(Clone, Default)]
pub struct Sha256Hasher {
    inner: sha2::Sha256,
}

impl Sha256Hasher {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn update(&mut self, b: &[u8]) {
        self.inner.update(b);
    }

    pub fn finish(self) -> Digest {
        Digest::from_parts("sha256", &self.inner.finalize())
    }
}

impl fmt::Debug for Sha256Hasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sha256Hasher").finish_non_exhaustive()
    }
}

/// Lets the hasher sit behind `std::io::copy` or a tee; it only consumes
/// bytes handed to it and never fails.
impl std::io::Write for Sha256Hasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_hashing_agrees_with_hashing_bytes() {
        let bytes: Vec<u8> = (0..700_000u32).map(|i| (i * 31 % 251) as u8).collect();
        for d in [Digest::sha256_of(b"x"), Digest::sha512_of(b"x")] {
            assert_eq!(d.of_same_kind_read(&bytes[..]).unwrap(), d.of_same_kind(&bytes), "{}", d.algorithm());
        }
    }

    const EMPTY_SHA256: &str = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    const ABC_SHA512: &str = "sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

    #[test]
    fn parse_valid() {
        let sha512 = format!("sha512:{}", "0".repeat(128));
        let cases: &[(&str, &str, &str)] = &[
            (EMPTY_SHA256, "sha256", &EMPTY_SHA256[7..]),
            (&sha512, "sha512", &sha512[7..]),
            (ABC_SHA512, "sha512", &ABC_SHA512[7..]),
        ];
        for &(input, algorithm, hex) in cases {
            let d = Digest::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(d.algorithm(), algorithm, "{input}");
            assert_eq!(d.hex(), hex, "{input}");
            assert_eq!(d.to_string(), input);
            assert_eq!(format!("{d:?}"), input);
            assert_eq!(d.as_str(), input);
            assert_eq!(d.is_sha256(), algorithm == "sha256");
        }
    }

    #[test]
    fn parse_invalid() {
        let upper = format!("sha256:{}", "A".repeat(64));
        let short = format!("sha256:{}", "a".repeat(63));
        let long = format!("sha256:{}", "a".repeat(65));
        let sha512_short = format!("sha512:{}", "a".repeat(64));
        let md5 = format!("md5:{}", "a".repeat(32));
        let sha384 = format!("sha384:{}", "a".repeat(96));
        let bad_char = format!("sha256:{}g", "a".repeat(63));
        let upper_alg = format!("SHA256:{}", "a".repeat(64));
        let cases: &[(&str, &str)] = &[
            ("", "expected \"algorithm:hex\""),
            ("sha256", "expected \"algorithm:hex\""),
            (&"a".repeat(64), "expected \"algorithm:hex\""),
            (":abc", "expected \"algorithm:hex\""),
            ("sha256:", "needs 64 hex digits, got 0"),
            (&upper, "hex must be lowercase"),
            (&short, "needs 64 hex digits, got 63"),
            (&long, "needs 64 hex digits, got 65"),
            (&sha512_short, "sha512 needs 128 hex digits, got 64"),
            (&md5, "unsupported algorithm \"md5\""),
            (&sha384, "unsupported algorithm \"sha384\""),
            (&upper_alg, "unsupported algorithm \"SHA256\""),
            (&bad_char, "'g' is not a hex digit"),
        ];
        for &(input, want) in cases {
            let err = Digest::parse(input).expect_err(input).to_string();
            assert!(err.contains(want), "{input}: {err}");
            assert!(err.contains(&format!("{input:?}")), "error must name the input: {err}");
        }
    }

    #[test]
    fn hashing() {
        assert_eq!(Digest::sha256_of(b"").to_string(), EMPTY_SHA256);
        assert_eq!(Digest::sha512_of(b"abc").to_string(), ABC_SHA512);

        let mut h = Sha256Hasher::new();
        for chunk in b"hello world".chunks(3) {
            h.update(chunk);
        }
        assert_eq!(h.finish(), Digest::sha256_of(b"hello world"));

        let mut h = Sha256Hasher::default();
        std::io::copy(&mut &b"streamed"[..], &mut h).unwrap();
        assert_eq!(h.finish(), Digest::sha256_of(b"streamed"));
    }

    #[test]
    fn verify_checks_each_algorithm_with_its_own_hash() {
        for d in [Digest::sha256_of(b"abc"), Digest::sha512_of(b"abc")] {
            d.verify(b"abc").unwrap();
            let err = d.verify(b"abd").unwrap_err();
            assert_eq!(err.expected, d);
            assert_eq!(err.actual.algorithm(), d.algorithm(), "compared under the same algorithm");
            assert!(err.to_string().contains(d.as_str()), "{err}");
        }
    }

    #[test]
    fn short_form() {
        assert_eq!(Digest::sha256_of(b"").short(), "e3b0c44298fc");
    }

    #[test]
    fn from_str_and_ordering() {
        let a: Digest = format!("sha256:{}", "0".repeat(64)).parse().unwrap();
        let b: Digest = format!("sha256:{}", "1".repeat(64)).parse().unwrap();
        assert!(a < b);
        assert!("nope".parse::<Digest>().is_err());
    }

    #[test]
    fn serde_round_trip_and_validation() {
        let d = Digest::parse(EMPTY_SHA256).unwrap();
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(json, format!("\"{EMPTY_SHA256}\""));
        assert_eq!(serde_json::from_str::<Digest>(&json).unwrap(), d);

        let err = serde_json::from_str::<Digest>("\"sha256:ABC\"").unwrap_err();
        assert!(err.to_string().contains("sha256:ABC"), "{err}");
        assert!(serde_json::from_str::<Digest>("42").is_err());
    }
}
