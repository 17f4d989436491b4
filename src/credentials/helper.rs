//! The docker-credential-helpers protocol: runs `docker-credential-NAME ACTION` for
//! `get`/`store`/`erase`/`list` (the docker-credential-helpers protocol, as docker/docker-credential-helpers documents it).
//!
//! Owns finding the helper on the PATH it is given (never the process's own, so tests can
//! inject a fake helper and run in parallel), feeding it stdin, bounding its run time, and
//! turning its output into a [`Credential`] or a typed error. Secrets travel only over the
//! helper's stdin/stdout pipes, never in argv or the environment, and never into an error
//! message: helper output quoted in an error is dropped when it echoes the secret, and the
//! stdout of a failed `get` (where a credential may stand, printed before the failure) is
//! never quoted at all, only its stderr.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{Credential, CredentialError, Env, Secret};

/// What helpers print (with a non-zero exit) when they hold nothing for the URL. It means
/// "no credentials", not a failure (docker-credential-helpers `credentials.errCredentialsNotFound`).
pub const NOT_FOUND_MESSAGE: &str = "credentials not found in native keychain";
/// The username a helper stores to mark `Secret` as an identity (refresh) token.
pub const TOKEN_USERNAME: &str = "<token>";
/// Helper output beyond this is drained and ignored: a credentials reply is tiny, and a
/// runaway helper must not exhaust memory.
const MAX_OUTPUT: u64 = 1 << 20;
/// How much helper output an error message quotes.
const MAX_QUOTED: usize = 300;

/// One credential helper, e.g. `Helper::new("pass", &env)` runs `docker-credential-pass`.
#[derive(Clone, Debug)]
pub struct Helper {
    program: String,
    path: Option<OsString>,
    timeout: Duration,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct HelperCredential {
    #[serde(rename = "ServerURL", default)]
    server_url: String,
    #[serde(rename = "Username", default)]
    username: String,
    #[serde(rename = "Secret", default)]
    secret: String,
}

struct Output {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl Helper {
    /// `name` is the suffix found in config.json (`credsStore: "desktop"` →
    /// `docker-credential-desktop`).
    pub fn new(name: &str, env: &Env) -> Helper {
        Helper { program: format!("docker-credential-{name}"), path: env.path.clone(), timeout: env.helper_timeout }
    }

    /// The binary's name, for messages.
    pub fn program(&self) -> &str {
        &self.program
    }

    /// The credential stored for `server_url`, or `None` when the helper has none.
    pub fn get(&self, server_url: &str) -> Result<Option<Credential>, CredentialError> {
        let out = self.run("get", server_url.as_bytes())?;
        if is_not_found(&out) {
            return Ok(None);
        }
        if !out.status.success() {
            // What `get` prints on stdout is a credential, or half of one: never quoted.
            return Err(self.failed("get", &out, Stdout::Withheld, None));
        }
        // The reply holds the secret: a parse error must not quote it, and serde_json's
        // messages give only line and column.
        let reply: HelperCredential = serde_json::from_slice(&out.stdout)
            .map_err(|e| self.error("get", format!("its output is not the expected JSON ({e})")))?;
        if reply.username.is_empty() && reply.secret.is_empty() {
            return Ok(None);
        }
        Ok(Some(if reply.username == TOKEN_USERNAME {
            // docker leaves the username empty for identity tokens; so do we.
            Credential::identity_token("", &reply.secret)
        } else {
            Credential { username: reply.username, secret: Secret::new(reply.secret), identity_token: false }
        }))
    }

    /// Stores `credential` for `server_url`, replacing what the helper had.
    pub fn store(&self, server_url: &str, credential: &Credential) -> Result<(), CredentialError> {
        let message = HelperCredential {
            server_url: server_url.to_string(),
            username: if credential.identity_token { TOKEN_USERNAME.to_string() } else { credential.username.clone() },
            secret: credential.secret.expose().to_string(),
        };
        let input = serde_json::to_vec(&message).expect("strings always serialise");
        let out = self.run("store", &input)?;
        if !out.status.success() {
            return Err(self.failed("store", &out, Stdout::Quoted, Some(credential.secret.expose())));
        }
        Ok(())
    }

    /// Removes what the helper has for `server_url`; having nothing is not an error.
    pub fn erase(&self, server_url: &str) -> Result<(), CredentialError> {
        let out = self.run("erase", server_url.as_bytes())?;
        if out.status.success() || is_not_found(&out) {
            return Ok(());
        }
        Err(self.failed("erase", &out, Stdout::Quoted, None))
    }

    /// Every server URL the helper holds, with its username.
    pub fn list(&self) -> Result<BTreeMap<String, String>, CredentialError> {
        let out = self.run("list", b"")?;
        if !out.status.success() {
            return Err(self.failed("list", &out, Stdout::Quoted, None));
        }
        serde_json::from_slice(&out.stdout)
            .map_err(|e| self.error("list", format!("its output is not a JSON object of URL → username ({e})")))
    }

    /// Finds the binary on the injected PATH ([`find_program`]); on Windows under the
    /// extensions of `PATHEXT`, as `docker-credential-NAME.exe` and the like.
    fn locate(&self) -> Result<PathBuf, CredentialError> {
        let not_installed = || CredentialError::HelperNotInstalled { program: self.program.clone() };
        let name = &self.program["docker-credential-".len()..];
        if name.is_empty() || name.contains(['/', '\\', '\0']) {
            return Err(CredentialError::HelperFailed {
                program: self.program.clone(),
                action: "lookup".into(),
                message: "a helper name must be a plain file name".into(),
            });
        }
        let path = self.path.as_ref().ok_or_else(not_installed)?;
        #[cfg(windows)]
        let extensions = executable_extensions(std::env::var_os("PATHEXT").as_deref());
        #[cfg(not(windows))]
        let extensions = Vec::new();
        find_program(path, &self.program, &extensions, is_executable).ok_or_else(not_installed)
    }

    fn run(&self, action: &str, input: &[u8]) -> Result<Output, CredentialError> {
        let binary = self.locate()?;
        let mut command = Command::new(&binary);
        command.arg(action).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        if let Some(path) = &self.path {
            command.env("PATH", path);
        }
        // ferry's own CI secret has no business in a helper's environment.
        command.env_remove("FERRY_PASSWORD");
        let mut child = command.spawn().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => CredentialError::HelperNotInstalled { program: self.program.clone() },
            _ => self.error(action, format!("could not start {}: {e}", binary.display())),
        })?;

        // Writer and readers run on their own threads so that a helper that talks before it
        // listens (or never listens) cannot deadlock ferry on a full pipe.
        let (tx, rx) = mpsc::channel::<(u8, Vec<u8>)>();
        if let Some(mut stdin) = child.stdin.take() {
            let input = input.to_vec();
            std::thread::spawn(move || {
                // A helper that exits without reading gives EPIPE: its exit status speaks.
                let _ = stdin.write_all(&input);
            });
        }
        for (tag, stream) in [
            (0u8, child.stdout.take().map(|s| Box::new(s) as Box<dyn Read + Send>)),
            (1u8, child.stderr.take().map(|s| Box::new(s) as Box<dyn Read + Send>)),
        ] {
            let tx = tx.clone();
            let Some(stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut limited = stream.take(MAX_OUTPUT);
                let mut buf = Vec::new();
                let _ = limited.read_to_end(&mut buf);
                let _ = tx.send((tag, buf));
                let _ = std::io::copy(&mut limited.into_inner(), &mut std::io::sink());
            });
        }
        drop(tx);

        let deadline = Instant::now() + self.timeout;
        let timed_out = || CredentialError::HelperTimeout {
            program: self.program.clone(),
            action: action.to_string(),
            seconds: self.timeout.as_secs().max(1),
        };
        let mut pause = Duration::from_millis(1);
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() >= deadline => {
                    // Only the helper we started; its own children may linger, but the reader
                    // threads are detached so they cannot hold ferry up.
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(timed_out());
                }
                Ok(None) => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(25));
                }
                Err(e) => return Err(self.error(action, format!("waiting for it: {e}"))),
            }
        };
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        for _ in 0..2 {
            // A grandchild that inherited the pipes could keep them open after the helper
            // exits; the deadline still applies.
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left.max(Duration::from_millis(100))) {
                Ok((0, buf)) => stdout = buf,
                Ok((_, buf)) => stderr = buf,
                Err(mpsc::RecvTimeoutError::Timeout) => return Err(timed_out()),
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        Ok(Output { status, stdout, stderr })
    }

    fn error(&self, action: &str, message: String) -> CredentialError {
        CredentialError::HelperFailed { program: self.program.clone(), action: action.to_string(), message }
    }

    /// Describes a failed run from the helper's own words, unless they contain the secret
    /// (some helpers echo their stdin into error messages), or may (`Stdout::Withheld`).
    fn failed(&self, action: &str, out: &Output, stdout: Stdout, secret: Option<&str>) -> CredentialError {
        let mut status = match out.status.code() {
            Some(code) => format!("exit status {code}"),
            None => "killed by a signal".to_string(),
        };
        let quoted: &[&Vec<u8>] = match stdout {
            Stdout::Quoted => &[&out.stdout, &out.stderr],
            Stdout::Withheld => &[&out.stderr],
        };
        if stdout == Stdout::Withheld && !out.stdout.iter().all(u8::is_ascii_whitespace) {
            status.push_str(&format!(
                " (its {} bytes of standard output are not shown: they may hold a credential)",
                out.stdout.len()
            ));
        }
        let said = quoted
            .iter()
            .map(|b| String::from_utf8_lossy(b).trim().to_string())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        let message = if said.is_empty() {
            status
        } else if secret.is_some_and(|s| contains_secret(&said, s)) {
            format!("{status} (its output is withheld because it contains the secret)")
        } else {
            format!("{status}: {}", quote(&said))
        };
        self.error(action, message)
    }
}

/// Whether a failed run's standard output may be quoted in its error.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stdout {
    Quoted,
    /// `get`'s: where the helper prints a credential.
    Withheld,
}

fn is_not_found(out: &Output) -> bool {
    [&out.stdout, &out.stderr]
        .iter()
        .any(|b| String::from_utf8_lossy(b).trim().to_ascii_lowercase().contains(NOT_FOUND_MESSAGE))
}

/// True when `text` shows the secret raw or JSON-escaped (how it went into the helper).
fn contains_secret(text: &str, secret: &str) -> bool {
    if secret.is_empty() {
        return false;
    }
    let escaped = serde_json::to_string(secret).unwrap_or_default();
    let escaped = escaped.trim_matches('"');
    text.contains(secret) || (!escaped.is_empty() && text.contains(escaped))
}

/// Helper output for an error message: one line, no control characters (it ends up on a
/// terminal), bounded length.
fn quote(text: &str) -> String {
    let mut out: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).take(MAX_QUOTED).collect();
    if text.chars().count() > MAX_QUOTED {
        out.push('…');
    }
    out
}

/// Finds `program` in the directories of `path`, first directory first. With `extensions`
/// (Windows: from `PATHEXT`, see [`executable_extensions`]) a file is looked for under the
/// name with each extension appended, after the bare name when that already has an extension,
/// as Go's `exec.LookPath` does for docker (so `docker-credential-wincred` is found as
/// `docker-credential-wincred.exe`); without, under the name itself. Empty `path` entries
/// (the current directory, to POSIX and Windows alike) are skipped: a helper must not be
/// picked up from wherever ferry happens to run.
fn find_program(
    path: &std::ffi::OsStr,
    program: &str,
    extensions: &[String],
    is_executable: impl Fn(&Path) -> bool,
) -> Option<PathBuf> {
    let mut names = Vec::new();
    if extensions.is_empty() || Path::new(program).extension().is_some() {
        names.push(program.to_string());
    }
    names.extend(extensions.iter().map(|ext| format!("{program}{ext}")));
    std::env::split_paths(path)
        .filter(|dir| !dir.as_os_str().is_empty())
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| is_executable(candidate))
}

/// The extensions Windows runs a program by, from `PATHEXT` (`.COM;.EXE;.BAT;.CMD` when it is
/// unset or empty, as Go's `exec.LookPath` assumes), lowercased, each with its leading dot.
#[cfg_attr(not(windows), allow(dead_code))]
fn executable_extensions(pathext: Option<&std::ffi::OsStr>) -> Vec<String> {
    let listed: Vec<String> = pathext
        .map(|v| v.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
        .split(';')
        .map(str::trim)
        .filter(|ext| !ext.is_empty())
        .map(|ext| if ext.starts_with('.') { ext.to_string() } else { format!(".{ext}") })
        .collect();
    if listed.is_empty() { [".com", ".exe", ".bat", ".cmd"].map(String::from).to_vec() } else { listed }
}

#[cfg(unix)]
fn is_executable(path: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &std::path::Path) -> bool {
    path.is_file()
}

/// Test support: a fake `docker-credential-NAME` shell script in a temp dir, and an [`Env`]
/// whose PATH finds it. Shared with the config and resolver tests.
#[cfg(all(test, unix))]
pub(crate) mod fake {
    use std::path::{Path, PathBuf};

    use super::super::Env;

    /// A helper that keeps one credential per server URL as files under `<dir>/store/`.
    /// `get` of an unknown URL prints the not-found message and exits 1, like real helpers.
    pub const STORING_HELPER: &str = r#"#!/bin/sh
store="$(dirname "$0")/store"
mkdir -p "$store"
case "$1" in
get)
  url=$(cat); key=$(printf %s "$url" | od -An -tx1 | tr -d ' \n')
  if [ -f "$store/$key" ]; then cat "$store/$key"; else echo "credentials not found in native keychain"; exit 1; fi ;;
store)
  json=$(cat)
  url=$(printf %s "$json" | sed 's/.*"ServerURL":"\([^"]*\)".*/\1/')
  key=$(printf %s "$url" | od -An -tx1 | tr -d ' \n')
  printf %s "$json" > "$store/$key" ;;
erase)
  url=$(cat); key=$(printf %s "$url" | od -An -tx1 | tr -d ' \n')
  if [ -f "$store/$key" ]; then rm "$store/$key"; else echo "credentials not found in native keychain"; exit 1; fi ;;
list)
  printf '{'; sep=''
  for f in "$store"/*; do [ -f "$f" ] || continue
    url=$(sed 's/.*"ServerURL":"\([^"]*\)".*/\1/' "$f"); user=$(sed 's/.*"Username":"\([^"]*\)".*/\1/' "$f")
    printf '%s"%s":"%s"' "$sep" "$url" "$user"; sep=','
  done
  printf '}' ;;
esac
"#;

    /// Writes `docker-credential-<name>` with `script` into `dir` (mode 0755).
    pub fn install(dir: &Path, name: &str, script: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.join(format!("docker-credential-{name}"));
        std::fs::write(&path, script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    /// An environment whose PATH is `dir` plus the system dirs the scripts' tools live in.
    pub fn env_with_path(dir: &Path) -> Env {
        let path = std::env::join_paths([dir, Path::new("/usr/bin"), Path::new("/bin")]).unwrap();
        Env { path: Some(path), ..Env::default() }
    }
}

/// The lookup rules, on any OS: fake directories, a fake PATHEXT, a fake "is executable".
#[cfg(test)]
mod lookup_tests {
    use std::ffi::OsString;
    use std::path::{Path, PathBuf};

    use super::{executable_extensions, find_program};

    fn path_of(dirs: &[&str]) -> OsString {
        std::env::join_paths(dirs.iter().map(PathBuf::from)).unwrap()
    }

    fn find(dirs: &[&str], program: &str, pathext: Option<&str>, files: &[&str]) -> Option<PathBuf> {
        let extensions = executable_extensions(pathext.map(std::ffi::OsStr::new));
        find_program(&path_of(dirs), program, &extensions, |p: &Path| files.iter().any(|f| Path::new(f) == p))
    }

    #[test]
    fn pathext_is_parsed_like_windows_does() {
        let default = [".com", ".exe", ".bat", ".cmd"];
        assert_eq!(executable_extensions(None), default);
        assert_eq!(executable_extensions(Some("".as_ref())), default);
        assert_eq!(executable_extensions(Some(" ; ".as_ref())), default);
        assert_eq!(executable_extensions(Some(".EXE;.Cmd;;PS1".as_ref())), [".exe", ".cmd", ".ps1"]);
    }

    #[test]
    fn a_helper_is_found_with_its_pathext_extension() {
        let dirs = ["/a", "/b"];
        let pathext = Some(".COM;.EXE;.BAT;.CMD");
        // The bare name is not a program on Windows; the .exe is.
        let files = ["/a/docker-credential-wincred", "/b/docker-credential-wincred.exe"];
        assert_eq!(
            find(&dirs, "docker-credential-wincred", pathext, &files),
            Some(PathBuf::from("/b/docker-credential-wincred.exe"))
        );
        // Extensions in PATHEXT order within a directory, directories in PATH order.
        let files = ["/a/docker-credential-x.cmd", "/a/docker-credential-x.exe", "/b/docker-credential-x.com"];
        assert_eq!(
            find(&dirs, "docker-credential-x", pathext, &files),
            Some(PathBuf::from("/a/docker-credential-x.exe"))
        );
        // Only the extensions PATHEXT lists.
        let files = ["/a/docker-credential-x.ps1"];
        assert_eq!(find(&dirs, "docker-credential-x", pathext, &files), None);
        assert_eq!(
            find(&dirs, "docker-credential-x", Some(".PS1"), &files),
            Some(PathBuf::from("/a/docker-credential-x.ps1"))
        );
    }

    #[test]
    fn a_name_with_an_extension_is_tried_as_it_is_first() {
        let files = ["/a/docker-credential-my.helper", "/a/docker-credential-my.helper.exe"];
        assert_eq!(
            find(&["/a"], "docker-credential-my.helper", Some(".EXE"), &files),
            Some(PathBuf::from("/a/docker-credential-my.helper"))
        );
    }

    #[test]
    fn without_extensions_only_the_name_itself_and_never_the_current_directory() {
        let files = ["/a/docker-credential-pass.exe", "/b/docker-credential-pass"];
        let path = path_of(&["/a", "/b"]);
        let found =
            find_program(&path, "docker-credential-pass", &[], |p: &Path| files.iter().any(|f| Path::new(f) == p));
        assert_eq!(found, Some(PathBuf::from("/b/docker-credential-pass")));
        // An empty PATH entry means the current directory: skipped.
        let mut with_empty = OsString::from("");
        with_empty.push(if cfg!(windows) { ";" } else { ":" });
        with_empty.push("/b");
        let found = find_program(&with_empty, "docker-credential-pass", &[".exe".into()], |p: &Path| {
            p == Path::new("docker-credential-pass.exe")
        });
        assert_eq!(found, None);
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::fake::*;
    use super::*;

    fn helper_with(script: &str) -> (tempfile::TempDir, Helper) {
        let dir = tempfile::tempdir().unwrap();
        install(dir.path(), "test", script);
        let env = env_with_path(dir.path());
        (dir, Helper::new("test", &env))
    }

    #[test]
    fn store_get_list_erase_round_trip() {
        let (_dir, helper) = helper_with(STORING_HELPER);
        let url = "registry.example:5000";
        assert_eq!(helper.get(url).unwrap(), None);
        helper.store(url, &Credential::basic("alice", "pa:ss")).unwrap();
        assert_eq!(helper.get(url).unwrap(), Some(Credential::basic("alice", "pa:ss")));
        let listed = helper.list().unwrap();
        assert_eq!(listed.get(url).map(String::as_str), Some("alice"));
        helper.erase(url).unwrap();
        assert_eq!(helper.get(url).unwrap(), None);
        // Erasing what is not there is fine.
        helper.erase(url).unwrap();
    }

    #[test]
    fn token_username_means_identity_token() {
        let (_dir, helper) = helper_with(STORING_HELPER);
        let url = "https://index.docker.io/v1/";
        helper.store(url, &Credential::identity_token("ignored", "refresh-me")).unwrap();
        let got = helper.get(url).unwrap().unwrap();
        assert!(got.identity_token);
        assert_eq!(got.secret.expose(), "refresh-me");
        assert_eq!(got.username, "");
    }

    #[test]
    fn get_outputs_are_classified() {
        type Want = Result<Option<&'static str>, &'static str>;
        let cases: [(&str, &str, Want); 6] = [
            ("found", r#"echo '{"ServerURL":"h","Username":"u","Secret":"s"}'"#, Ok(Some("u"))),
            ("not found", "echo 'credentials not found in native keychain'; exit 1", Ok(None)),
            ("not found on stderr", "echo 'credentials not found in native keychain' >&2; exit 1", Ok(None)),
            ("empty reply", r#"echo '{"ServerURL":"h","Username":"","Secret":""}'"#, Ok(None)),
            ("failure", "echo 'keychain is locked' >&2; exit 3", Err("exit status 3: keychain is locked")),
            ("garbage", "echo 'not json'", Err("not the expected JSON")),
        ];
        for (name, body, want) in cases {
            let (_dir, helper) = helper_with(&format!("#!/bin/sh\ncat >/dev/null\n{body}\n"));
            match (helper.get("h"), want) {
                (Ok(got), Ok(user)) => {
                    assert_eq!(got.map(|c| c.username), user.map(String::from), "{name}")
                }
                (Err(e), Err(fragment)) => {
                    assert!(e.to_string().contains(fragment), "{name}: {e}")
                }
                (got, want) => panic!("{name}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn a_helper_echoing_the_secret_has_its_output_withheld() {
        for script in ["#!/bin/sh\ncat >&2\nexit 1\n", "#!/bin/sh\necho \"error: $(cat)\"\nexit 1\n"] {
            let (_dir, helper) = helper_with(script);
            let secret = "s3cr\"et-value";
            let err = helper.store("h", &Credential::basic("u", secret)).unwrap_err().to_string();
            assert!(!err.contains("s3cr"), "{err}");
            assert!(err.contains("withheld"), "{err}");
        }
    }

    /// A helper that prints the credential, then fails (a crash after the lookup, a
    /// wrapper script whose last command failed): its stdout never reaches the error.
    #[test]
    fn a_failed_get_never_quotes_what_it_printed_on_stdout() {
        let script = "#!/bin/sh\ncat >\"$0.in\"\necho '{\"ServerURL\":\"h\",\"Username\":\"u\",\"Secret\":\"hunter2-secret\"}'\necho 'keychain went away' >&2\nexit 1\n";
        let (_dir, helper) = helper_with(script);
        let err = helper.get("h").unwrap_err().to_string();
        assert!(!err.contains("hunter2"), "{err}");
        assert!(err.contains("exit status 1") && err.contains("keychain went away"), "stderr is quoted: {err}");
        assert!(err.contains("not shown"), "{err}");
    }

    #[test]
    fn a_missing_helper_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let helper = Helper::new("nonexistent", &env_with_path(dir.path()));
        let err = helper.get("h").unwrap_err();
        assert!(matches!(err, CredentialError::HelperNotInstalled { .. }), "{err:?}");
        assert!(err.to_string().contains("docker-credential-nonexistent"), "{err}");
    }

    #[test]
    fn a_path_like_helper_name_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let helper = Helper::new("../../bin/sh", &env_with_path(dir.path()));
        assert!(matches!(helper.get("h"), Err(CredentialError::HelperFailed { .. })));
    }

    #[test]
    fn a_hung_helper_times_out() {
        let dir = tempfile::tempdir().unwrap();
        install(dir.path(), "slow", "#!/bin/sh\nexec sleep 30\n");
        let env = Env { helper_timeout: Duration::from_millis(300), ..env_with_path(dir.path()) };
        let started = Instant::now();
        let err = Helper::new("slow", &env).get("h").unwrap_err();
        assert!(matches!(err, CredentialError::HelperTimeout { .. }), "{err:?}");
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn quoted_output_is_one_bounded_line() {
        let q = quote(&format!("a\x1b[31mb\nc{}", "x".repeat(1000)));
        assert!(!q.contains('\x1b') && !q.contains('\n'));
        assert!(q.chars().count() <= MAX_QUOTED + 1);
    }
}
