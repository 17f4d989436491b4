//! The fuzz targets' short stable pass (`cargo test`, no nightly, no cargo-fuzz): every body
//! in `fuzz/bodies.rs` over its checked-in seeds (`fuzz/corpus/TARGET/`), every input a
//! fuzzer once broke it with (`fuzz/regressions/TARGET/`), and deterministic pseudo-random
//! inputs derived from the seeds. The long pass is `scripts/fuzz` (README, "Development").

#[path = "../fuzz/bodies.rs"]
mod bodies;

use std::path::{Path, PathBuf};

/// A tiny xorshift64: the same inputs on every run and every machine, no dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes the parsers care about, so random inputs reach past the first check.
const INTERESTING: &[u8] = b"/:@.-_<>;,=\"\\ \t\n{}[]0123456789abcdefABCDEF#$";

/// A variant of `seed`: bytes flipped, inserted, deleted, or a slice duplicated.
fn mutate(rng: &mut XorShift, seed: &[u8]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        match rng.below(5) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] = rng.next() as u8;
            }
            1 => {
                let i = rng.below(out.len() + 1);
                out.insert(i, INTERESTING[rng.below(INTERESTING.len())]);
            }
            2 if !out.is_empty() => {
                let i = rng.below(out.len());
                let n = rng.below(8).min(out.len() - i);
                out.drain(i..i + n);
            }
            3 if !out.is_empty() => {
                let i = rng.below(out.len());
                let n = rng.below(32).min(out.len() - i);
                let slice = out[i..i + n].to_vec();
                let at = rng.below(out.len() + 1);
                out.splice(at..at, slice);
            }
            _ => {
                let n = rng.below(16);
                out.extend((0..n).map(|_| INTERESTING[rng.below(INTERESTING.len())]));
            }
        }
    }
    out
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.expect("a directory entry").path()).filter(|p| p.is_file()).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

/// Runs `body` on `input`, naming the input when it panics.
fn run(target: &str, body: bodies::Body, what: &str, input: &[u8]) {
    if std::panic::catch_unwind(|| body(input)).is_err() {
        panic!("fuzz target {target} failed on {what} ({} bytes): {:?}", input.len(), String::from_utf8_lossy(input));
    }
}

#[test]
fn every_target_passes_its_corpus_regressions_and_random_inputs() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    for &(target, body) in bodies::TARGETS {
        let seeds = files_in(&fuzz.join("corpus").join(target));
        assert!(!seeds.is_empty(), "fuzz/corpus/{target}/ has no seeds");
        let mut inputs = Vec::new();
        for path in seeds.iter().chain(&files_in(&fuzz.join("regressions").join(target))) {
            let bytes = std::fs::read(path).expect("a corpus file");
            run(target, body, &path.display().to_string(), &bytes);
            inputs.push(bytes);
        }
        // Loading an archive writes a store to disk; the pure parsers take microseconds.
        let rounds = if target == "docker_archive" { 150 } else { 3000 };
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15 ^ target.len() as u64);
        for round in 0..rounds {
            let input = if round % 10 == 0 {
                (0..rng.below(64)).map(|_| rng.next() as u8).collect()
            } else {
                let seed = rng.below(inputs.len());
                mutate(&mut rng, &inputs[seed])
            };
            run(target, body, &format!("pseudo-random input #{round}"), &input);
        }
    }
}
