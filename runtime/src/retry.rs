use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

pub(crate) use crate::status::RETRY_LATER as RETRY_STATUSES;

/// When and how often a failed call is tried again.
///
/// Idempotent methods (GET, HEAD, PUT, DELETE) are retried on connect failures,
/// timeouts and HTTP 429, 502, 503 and 504, with exponential backoff and jitter.
/// `Retry-After` is honoured (seconds or an HTTP date) up to [`max_delay`](Self::max_delay):
/// a server asking for a longer wait gets no retry, and the error carries
/// [`retry_after`](crate::Error::retry_after). POST and PATCH are retried only when
/// the request cannot have reached the server (connection refused), or when the
/// call is marked [`Opts::idempotent`](crate::Opts::idempotent).
///
/// ```
/// use restlax::Retry;
/// use std::time::Duration;
///
/// let retry = Retry::new(5).base_delay(Duration::from_millis(100)).max_delay(Duration::from_secs(10));
/// assert_eq!(retry.attempts(), 5);
/// assert_eq!(Retry::none().attempts(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    attempts: u32,
    base: Duration,
    cap: Duration,
    jitter: bool,
}

impl Default for Retry {
    /// 3 attempts in all, 200 ms base delay, 10 s cap, with jitter.
    fn default() -> Self {
        Retry {
            attempts: 3,
            base: Duration::from_millis(200),
            cap: Duration::from_secs(10),
            jitter: true,
        }
    }
}

impl Retry {
    /// `attempts` tries in all (at least 1), with the default delays.
    #[must_use]
    pub fn new(attempts: u32) -> Self {
        Retry {
            attempts: attempts.max(1),
            ..Retry::default()
        }
    }

    /// One attempt: never retry.
    #[must_use]
    pub fn none() -> Self {
        Retry::new(1)
    }

    /// The delay before the first retry; it doubles on each further retry.
    #[must_use]
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base = delay;
        self
    }

    /// The longest delay between attempts, and the longest `Retry-After` honoured.
    #[must_use]
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.cap = delay;
        self
    }

    /// Whether delays are randomised (between half and all of the backoff), so
    /// that many clients do not retry in lockstep.
    #[must_use]
    pub fn jitter(mut self, on: bool) -> Self {
        self.jitter = on;
        self
    }

    /// How many attempts in all.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The delay before attempt `next` (2 for the first retry), or `None` when
    /// the server asked for a longer wait than the cap.
    pub(crate) fn delay(&self, next: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if let Some(after) = retry_after {
            return (after <= self.cap).then_some(after);
        }
        let exponent = next.saturating_sub(2).min(20);
        let backoff = self.base.saturating_mul(1 << exponent).min(self.cap);
        if !self.jitter {
            return Some(backoff);
        }
        // Any duration is accepted, so the spread is clamped to what a u64 of
        // nanoseconds holds (585 years) before the arithmetic.
        let half = backoff / 2;
        let spread = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX - 1);
        let offset = random() % (spread + 1);
        Some(half.saturating_add(Duration::from_nanos(offset)))
    }
}

fn random() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    hasher.finish()
}

/// How one attempt ended, as the retry decision sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Outcome<'a> {
    /// An answer arrived with this status and `Retry-After` (parsed).
    Answered {
        status: u16,
        retry_after: Option<Duration>,
    },
    /// No answer: the attempt failed.
    Failed(&'a crate::Error),
}

/// Whether to try again, and after how long: the one place the rule lives.
///
/// `attempt` is the attempt that just ended (1 for the first); `resendable`
/// says the request may be sent twice (an idempotent method, or a call marked
/// [`Opts::idempotent`](crate::Opts::idempotent)); `left` tells what the
/// call's deadline leaves (asked only when a retry is possible: most calls end
/// without reading the clock here). An answer is retried when its status says "try again later"
/// and the request is resendable; a failure when it is retryable
/// ([`Error::is_retryable`](crate::Error::is_retryable)) and either the request
/// is resendable or it cannot have reached the server. No retry starts that
/// the deadline would cut short, nor one after a `Retry-After` longer than the
/// policy's cap.
#[inline]
pub(crate) fn decide(
    policy: &Retry,
    attempt: u32,
    outcome: Outcome<'_>,
    resendable: bool,
    left: impl FnOnce() -> Duration,
) -> Option<Duration> {
    let retry_after = match outcome {
        Outcome::Answered {
            status,
            retry_after,
        } if RETRY_STATUSES.contains(&status) && resendable => retry_after,
        Outcome::Failed(error) if error.is_retryable() && (resendable || !error.maybe_sent()) => {
            None
        }
        _ => return None,
    };
    if attempt >= policy.attempts() {
        return None;
    }
    let delay = policy.delay(attempt + 1, retry_after)?;
    (delay < left()).then_some(delay)
}

/// Parses `Retry-After`: delay-seconds, or an HTTP date (RFC 9110 §10.2.3).
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let r = Retry::new(10)
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(350))
            .jitter(false);
        assert_eq!(r.delay(2, None), Some(Duration::from_millis(100)));
        assert_eq!(r.delay(3, None), Some(Duration::from_millis(200)));
        assert_eq!(r.delay(4, None), Some(Duration::from_millis(350)));
        assert_eq!(r.delay(40, None), Some(Duration::from_millis(350)));
    }

    #[test]
    fn jitter_stays_within_half_and_full() {
        let r = Retry::new(3).base_delay(Duration::from_millis(100));
        for _ in 0..100 {
            let d = r.delay(2, None).unwrap();
            assert!(
                d >= Duration::from_millis(50) && d <= Duration::from_millis(100),
                "{d:?}"
            );
        }
    }

    #[test]
    fn retry_after_is_capped() {
        let r = Retry::new(3).max_delay(Duration::from_secs(5));
        assert_eq!(
            r.delay(2, Some(Duration::from_secs(2))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(r.delay(2, Some(Duration::from_secs(6))), None);
    }

    #[test]
    fn extreme_durations_never_panic() {
        let max = Retry::new(3)
            .base_delay(Duration::MAX)
            .max_delay(Duration::MAX);
        for next in [2, 3, 40, u32::MAX] {
            assert!(max.delay(next, None).unwrap() >= Duration::MAX / 2);
        }
        assert_eq!(
            max.delay(2, Some(Duration::from_secs(u64::MAX))),
            Some(Duration::from_secs(u64::MAX))
        );
        let zero = Retry::new(3).base_delay(Duration::ZERO);
        assert_eq!(zero.delay(2, None), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("18446744073709551615"),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(parse_retry_after("18446744073709551616"), None);
    }

    #[test]
    fn the_decision() {
        use crate::{Error, ErrorKind};
        let policy = Retry::new(3).jitter(false);
        let long = || Duration::from_secs(60);
        let answered = |status, retry_after| Outcome::Answered {
            status,
            retry_after,
        };
        // Statuses: only "try again later" ones, only when resendable.
        assert_eq!(
            decide(&policy, 1, answered(503, None), true, long),
            Some(Duration::from_millis(200))
        );
        assert_eq!(decide(&policy, 1, answered(503, None), false, long), None);
        assert_eq!(decide(&policy, 1, answered(500, None), true, long), None);
        assert_eq!(decide(&policy, 3, answered(503, None), true, long), None);
        let after = Some(Duration::from_secs(2));
        assert_eq!(decide(&policy, 1, answered(429, after), true, long), after);
        assert_eq!(
            decide(
                &policy,
                1,
                answered(429, Some(Duration::from_secs(11))),
                true,
                long
            ),
            None
        );
        // Not when the deadline would cut the wait short.
        assert_eq!(
            decide(&policy, 1, answered(429, after), true, || {
                Duration::from_secs(1)
            }),
            None
        );
        // Failures: a request that never left may always go again.
        let refused = Error::new(ErrorKind::Transport, "refused").not_sent();
        let reset = Error::new(ErrorKind::Transport, "reset");
        let untrusted = Error::new(ErrorKind::Transport, "certificate")
            .not_sent()
            .permanent();
        let invalid = Error::invalid("bad header");
        assert!(decide(&policy, 1, Outcome::Failed(&refused), false, long).is_some());
        assert!(decide(&policy, 1, Outcome::Failed(&reset), true, long).is_some());
        assert!(decide(&policy, 1, Outcome::Failed(&reset), false, long).is_none());
        assert!(decide(&policy, 1, Outcome::Failed(&untrusted), true, long).is_none());
        assert!(decide(&policy, 1, Outcome::Failed(&invalid), true, long).is_none());
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        let d = parse_retry_after(&later).unwrap();
        assert!(
            d > Duration::from_secs(27) && d <= Duration::from_secs(30),
            "{d:?}"
        );
        assert_eq!(parse_retry_after("soon"), None);
    }
}
