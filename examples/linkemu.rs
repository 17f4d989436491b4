//! `linkemu`: the test harness's link emulator as a standalone process, for
//! `scripts/bench` (not part of ferry). Forwards 127.0.0.1:LISTEN to UPSTREAM with a
//! one-way delay each way and a per-connection downstream cap; prints its address on
//! stdout and runs until killed.
//!
//! ```sh
//! cargo build --release --example linkemu
//! target/release/examples/linkemu --upstream 127.0.0.1:5000 --delay-ms 20 --rate 8000000
//! ```

#[path = "../tests/it/harness/link.rs"]
mod link;

use std::io::Write;
use std::time::Duration;

fn main() {
    let mut listen = "127.0.0.1:0".to_string();
    let mut upstream = None;
    let mut spec = link::LinkSpec::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage(&format!("{flag} needs a value")));
        match flag.as_str() {
            "--listen" => listen = value(),
            "--upstream" => upstream = Some(value()),
            "--delay-ms" => spec.delay = Duration::from_millis(number(&value())),
            "--rate" => spec.per_conn_rate = Some(number(&value())).filter(|r| *r > 0),
            "--up-rate" => spec.up_rate = Some(number(&value())).filter(|r| *r > 0),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    let upstream = upstream.unwrap_or_else(|| usage("--upstream is required"));
    let parse = |a: &str| a.parse().unwrap_or_else(|_| usage(&format!("not an address: {a}")));
    let l = link::Link::start_on(parse(&listen), parse(&upstream), spec).unwrap_or_else(|e| {
        eprintln!("linkemu: {e}");
        std::process::exit(1)
    });
    println!("{}", l.addr());
    std::io::stdout().flush().ok();
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}

fn number(s: &str) -> u64 {
    s.parse().unwrap_or_else(|_| usage(&format!("not a number: {s}")))
}

fn usage(problem: &str) -> ! {
    eprintln!(
        "linkemu: {problem}\nusage: linkemu --upstream HOST:PORT [--listen HOST:PORT] [--delay-ms N] [--rate BYTES_PER_SEC] [--up-rate BYTES_PER_SEC]"
    );
    std::process::exit(2)
}
