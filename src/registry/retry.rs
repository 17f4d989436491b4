//! Retrying: the one retry loop and backoff policy (exponential, jittered, honouring a
//! server's `Retry-After`). Which failures are worth another try is the error's call
//! ([`RegistryError::is_retryable`]); how many tries and how long between them is here.

use std::time::{Duration, SystemTime};

use super::client::Client;
use super::error::RegistryError;
use crate::progress::Event;

/// Exponential backoff with ±50% jitter; a server's `Retry-After` wins when it is longer.
fn backoff_delay(base: Duration, attempt: u32, retry_after: Option<Duration>) -> Duration {
    let exp = base.saturating_mul(1 << attempt.saturating_sub(1).min(6));
    let exp = exp.min(Duration::from_secs(20));
    // Jitter without a RNG crate: the low bits of a hashed clock are plenty here.
    use std::hash::{BuildHasher, RandomState};
    let r = RandomState::new().hash_one(SystemTime::now()) % 1000;
    let jittered = exp.mul_f64(0.5 + r as f64 / 1000.0);
    match retry_after {
        Some(ra) => ra.min(Duration::from_secs(120)).max(jittered.min(ra.max(Duration::from_millis(1)))),
        None => jittered,
    }
}

impl Client {
    /// How long to wait before retry number `attempt` (1-based): this client's backoff with
    /// jitter, or the server's `Retry-After` when longer. For callers that retry work the
    /// client cannot (a stream broken mid-body), so every retry follows one policy.
    pub fn retry_delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        backoff_delay(self.config.backoff, attempt, retry_after)
    }

    /// Runs `op` until it succeeds, fails for good, or retries run out.
    pub async fn retrying<T, F, Fut>(&self, mut op: F) -> Result<T, RegistryError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, RegistryError>>,
    {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match op().await {
                Ok(v) => return Ok(v),
                Err(e)
                    if e.is_retryable() && attempt <= e.retry_limit().unwrap_or(u32::MAX).min(self.config.retries) =>
                {
                    let delay = backoff_delay(self.config.backoff, attempt, e.retry_after());
                    self.reporter.event(Event::Warning(format!(
                        "{e}; retrying in {:.1}s (attempt {} of {})",
                        delay.as_secs_f64(),
                        attempt + 1,
                        e.retry_limit().unwrap_or(u32::MAX).min(self.config.retries) + 1
                    )));
                    tokio::time::sleep(delay).await;
                }
                Err(e) => return Err(e),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_honours_retry_after() {
        let base = Duration::from_millis(400);
        for attempt in 1..=4 {
            let d = backoff_delay(base, attempt, None);
            let nominal = base * (1 << (attempt - 1));
            assert!(d >= nominal / 2 && d <= nominal * 3 / 2, "attempt {attempt}: {d:?}");
        }
        assert_eq!(backoff_delay(base, 1, Some(Duration::from_secs(3))), Duration::from_secs(3));
        assert_eq!(backoff_delay(base, 1, Some(Duration::from_secs(3600))), Duration::from_secs(120));
    }
}
