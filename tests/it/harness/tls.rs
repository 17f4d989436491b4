//! Test PKI generated with the `openssl` CLI: a per-registry CA plus a server
//! certificate for 127.0.0.1/localhost (BasicTls mode), and the self-signed
//! ES256 key/certificate the token server signs JWTs with (Token mode). Also
//! owns ES256 signing itself, done through `openssl dgst` so the harness needs
//! no crypto crate of its own.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64::Engine;

/// `args` is split on whitespace, so no argument may contain a space.
fn openssl(dir: &Path, args: &str) {
    let out = Command::new("openssl")
        .args(args.split_whitespace())
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run openssl (is the openssl CLI installed?)");
    if !out.status.success() {
        panic!("openssl {:?} failed: {}\n{}", args, out.status, String::from_utf8_lossy(&out.stderr));
    }
}

/// A CA and a server certificate signed by it, all PEM files in `dir`.
pub struct TestCa {
    pub ca_cert: PathBuf,
    pub ca_key: PathBuf,
    pub server_cert: PathBuf,
    pub server_key: PathBuf,
}

impl TestCa {
    pub fn generate(dir: &Path) -> TestCa {
        std::fs::create_dir_all(dir).unwrap();
        // rustls/webpki insists on a v3 CA with basicConstraints and a leaf
        // with a SAN; openssl's defaults give neither reliably, so spell them out.
        std::fs::write(
            dir.join("server.ext"),
            "basicConstraints=critical,CA:FALSE\n\
             keyUsage=critical,digitalSignature,keyEncipherment\n\
             extendedKeyUsage=serverAuth\n\
             subjectAltName=IP:127.0.0.1,DNS:localhost\n",
        )
        .unwrap();
        openssl(
            dir,
            "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
             -keyout ca.key -out ca.crt -days 3650 -subj /CN=ferry-test-CA -addext \
             basicConstraints=critical,CA:TRUE -addext \
             keyUsage=critical,keyCertSign,cRLSign",
        );
        openssl(
            dir,
            "req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout \
             server.key -out server.csr -subj /CN=localhost",
        );
        openssl(
            dir,
            "x509 -req -in server.csr -CA ca.crt -CAkey ca.key -set_serial 2 -days \
             3650 -extfile server.ext -out server.crt",
        );
        TestCa {
            ca_cert: dir.join("ca.crt"),
            ca_key: dir.join("ca.key"),
            server_cert: dir.join("server.crt"),
            server_key: dir.join("server.key"),
        }
    }
}

/// ES256 signer for the token server. The certificate is self-signed and is
/// itself the registry's `rootcertbundle`: distribution 2.8 verifies the
/// `x5c` chain with Go's x509, which accepts a leaf that is in the root pool.
pub struct TokenSigner {
    pub key: PathBuf,
    pub cert: PathBuf,
    /// Standard (padded) base64 of the certificate's DER, as `x5c` wants it.
    pub x5c: String,
}

impl TokenSigner {
    pub fn generate(dir: &Path) -> TokenSigner {
        std::fs::create_dir_all(dir).unwrap();
        openssl(
            dir,
            "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
             -keyout token.key -out token.crt -days 3650 -subj \
             /CN=ferry-test-token-signer",
        );
        let pem = std::fs::read_to_string(dir.join("token.crt")).unwrap();
        // The PEM body already is base64(DER); only the armour and newlines go.
        let x5c: String = pem.lines().filter(|l| !l.starts_with("-----")).collect::<Vec<_>>().concat();
        base64::engine::general_purpose::STANDARD.decode(&x5c).expect("certificate PEM body is base64");
        TokenSigner { key: dir.join("token.key"), cert: dir.join("token.crt"), x5c }
    }

    /// JWS ES256 signature (raw r||s, 64 bytes) of `input`.
    pub fn sign(&self, input: &[u8]) -> Vec<u8> {
        let mut child = Command::new("openssl")
            .args(["dgst", "-sha256", "-sign"])
            .arg(&self.key)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn openssl dgst");
        child.stdin.take().unwrap().write_all(input).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "openssl dgst -sign: {}", String::from_utf8_lossy(&out.stderr));
        der_ecdsa_to_raw(&out.stdout, 32)
    }
}

/// openssl emits ECDSA-Sig-Value (SEQUENCE of two INTEGERs); JWS wants the two
/// integers as fixed-width big-endian, concatenated.
fn der_ecdsa_to_raw(der: &[u8], width: usize) -> Vec<u8> {
    fn read_len(d: &[u8], i: &mut usize) -> usize {
        let b = d[*i] as usize;
        *i += 1;
        if b < 0x80 {
            return b;
        }
        let n = b & 0x7f;
        let mut len = 0;
        for _ in 0..n {
            len = (len << 8) | d[*i] as usize;
            *i += 1;
        }
        len
    }
    let mut i = 0;
    assert_eq!(der[i], 0x30, "ECDSA signature is not a DER SEQUENCE");
    i += 1;
    read_len(der, &mut i);
    let mut out = Vec::with_capacity(2 * width);
    for _ in 0..2 {
        assert_eq!(der[i], 0x02, "expected DER INTEGER");
        i += 1;
        let len = read_len(der, &mut i);
        let mut int = &der[i..i + len];
        i += len;
        while int.len() > width && int[0] == 0 {
            int = &int[1..];
        }
        assert!(int.len() <= width, "ECDSA integer too wide");
        out.extend(std::iter::repeat_n(0u8, width - int.len()));
        out.extend_from_slice(int);
    }
    out
}
