//! What the listing commands (`tags`, `catalog`) share: one entry per line, and the warning
//! when a registry's pages loop.

use crate::registry::Listing;

/// Shown even with -q, like every warning: a script should learn that its list may be short.
pub fn warn_if_looped(what: &str, listing: &Listing) {
    if let Some(url) = &listing.looped_at {
        eprintln!(
            "warning: the registry's next-page link for {what} leads back to entries already listed ({url}); \
             stopped after {} pages, so the list may be incomplete",
            listing.pages
        );
    }
}

/// One entry per line.
pub fn lines(items: &[String]) -> String {
    items.iter().map(|i| format!("{i}\n")).collect()
}
