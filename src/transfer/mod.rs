//! The only place registry streams meet store writers: moving images between registries
//! and the local store, with concurrency, once-per-digest work, resume and progress events
//! (reported through [`crate::progress::Reporter`], never printed).

mod copy;
mod pull;
mod push;
mod upload;

pub use copy::{CopyPlatforms, copy};
pub use pull::{INDEX_ANNOTATION, PlatformChoice, PullOptions, PullStats, Pulled, TransferError, pull};
pub use push::{PushItem, push};
pub use upload::{PushOptions, PushStats, Pushed};
