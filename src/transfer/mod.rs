//! The only place registry streams meet store writers: moving images between registries
//! and the local store, with concurrency, once-per-digest work, resume and progress events
//! (reported through [`crate::progress::Reporter`], never printed).

mod pull;

pub use pull::{INDEX_ANNOTATION, PlatformChoice, PullOptions, PullStats, Pulled, TransferError, pull};
