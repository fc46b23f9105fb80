//! The client's connections: ureq's own connector chain (TCP, TLS, proxies),
//! wrapped so that every connect, read and write is bounded by the deadline of
//! the call running on this thread.
//!
//! Socket timeouts alone cannot bound a call: each read waits at most the
//! timeout, but a peer that trickles one byte at a time (a dripping header, a
//! `102 Processing` every few milliseconds, a slow reader of an upload) resets
//! it with every byte. So the deadline is checked before each transport
//! operation, and each operation's socket timeout is capped by the time left.
//!
//! The deadline travels in a thread-local rather than in ureq's per-request
//! config: calls are synchronous, ureq runs a call's I/O on the calling thread,
//! and a per-request config costs a clone of the agent's config and a
//! `setsockopt` on every read. The socket timeout is the time left rounded down
//! to a coarse step ([`io_timeout`]), so successive calls on a pooled connection
//! ask for the same value and ureq skips the syscall.
//!
//! Each transport also holds small writes until the next read, so that a
//! request's head and body leave in one write ([`coalesce`]).

mod coalesce;

use std::cell::Cell;
use std::fmt;
use std::time::{Duration, Instant};

use std::net::IpAddr;

use ureq::Timeout;
use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::time::Duration as UreqDuration;
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, DefaultConnector, NextTimeout, Transport,
};

use coalesce::Coalescing;

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// The longest duration restlax schedules: about a century. Longer timeouts and
/// delays (up to `Duration::MAX`) are taken as this, so that adding them to an
/// `Instant` cannot overflow.
pub(crate) const FOREVER: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);

/// The instant `after` from now, saturating at [`FOREVER`], and never later
/// than the deadline of a call already running on this thread: a call made
/// inside another (a middleware's token exchange) cannot outlast it.
pub(crate) fn deadline_in(after: Duration) -> Instant {
    let now = Instant::now();
    let own = now.checked_add(after.min(FOREVER)).unwrap_or(now);
    DEADLINE.with(Cell::get).map_or(own, |outer| outer.min(own))
}

/// Bounds the I/O of the current thread by `deadline` (or the deadline already
/// in force, if earlier) until the guard drops.
pub(crate) fn bound(deadline: Instant) -> DeadlineGuard {
    let previous = DEADLINE.with(Cell::get);
    let effective = previous.map_or(deadline, |outer| outer.min(deadline));
    DEADLINE.with(|d| d.set(Some(effective)));
    DeadlineGuard { previous }
}

/// Restores the previous deadline (calls may nest, e.g. a middleware's own call).
pub(crate) struct DeadlineGuard {
    previous: Option<Instant>,
}

impl Drop for DeadlineGuard {
    fn drop(&mut self) {
        DEADLINE.with(|d| d.set(self.previous));
    }
}

/// The time left before this thread's deadline: `None` without one,
/// `Err` once it has passed.
fn time_left() -> Option<Result<Duration, ureq::Error>> {
    let deadline = DEADLINE.with(Cell::get)?;
    let left = deadline.saturating_duration_since(Instant::now());
    Some(if left.is_zero() {
        Err(ureq::Error::Timeout(Timeout::Global))
    } else {
        Ok(left)
    })
}

/// The coarsest granularity of socket timeouts.
const STEP: Duration = Duration::from_millis(128);

/// The socket timeout for the time left: rounded down to a power-of-two number
/// of milliseconds no larger than an eighth of it (and at most [`STEP`]), so it
/// repeats from call to call and is never above what is left nor more than
/// 12.5% below it.
pub(crate) fn io_timeout(left: Duration) -> Duration {
    let ms = u64::try_from(left.as_millis()).unwrap_or(u64::MAX);
    if ms < 8 {
        return left.max(Duration::from_millis(1));
    }
    let eighth = ms / 8;
    let step = (1u64 << (63 - eighth.leading_zeros())).min(STEP.as_millis() as u64);
    Duration::from_millis(ms / step * step)
}

/// Caps one operation's timeout by the time left (or fails if none is).
fn capped(mut timeout: NextTimeout, left: Duration, reason: Timeout) -> NextTimeout {
    if timeout.after.is_not_happening() || *timeout.after > left {
        timeout.after = UreqDuration::Exact(io_timeout(left));
        timeout.reason = reason;
    }
    timeout
}

/// ureq's default connector chain with every transport bounded by the deadline.
#[derive(Debug, Default)]
pub(crate) struct Bounded {
    inner: DefaultConnector,
}

impl Connector for Bounded {
    type Out = BoundedTransport;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<()>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        let connected = match time_left() {
            None => self.inner.connect(details, chained)?,
            Some(left) => {
                // TCP, TLS and a proxy's own lookup read this timeout; a connect
                // that fails for want of time never reached the server, so it
                // keeps its reason.
                let timeout = capped(details.timeout, left?, Timeout::Connect);
                let details = ConnectionDetails {
                    uri: details.uri,
                    addrs: details.addrs.clone(),
                    config: details.config,
                    request_level: details.request_level,
                    resolver: details.resolver,
                    now: details.now,
                    timeout,
                    current_time: details.current_time.clone(),
                    run_connector: details.run_connector.clone(),
                    register_shutdown: details.register_shutdown.clone(),
                };
                self.inner.connect(&details, chained)?
            }
        };
        Ok(connected.map(|inner| BoundedTransport {
            inner: Coalescing::new(inner),
        }))
    }
}

/// A connection whose reads and writes end by the current call's deadline, and
/// whose small writes wait for the next read.
pub(crate) struct BoundedTransport {
    inner: Coalescing,
}

impl fmt::Debug for BoundedTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

/// One transport operation's timeout, bounded by the time left when a call is
/// running: the operation as a whole (`after`, which a TLS transport counts
/// down across the many socket reads or writes one record can take) ends at the
/// deadline, and each socket read or write waits at most [`io_timeout`], a
/// value that repeats from call to call so the socket option is rarely reset.
fn bounded(mut timeout: NextTimeout, write: bool) -> Result<NextTimeout, ureq::Error> {
    let Some(left) = time_left() else {
        return Ok(timeout);
    };
    let left = left?;
    if timeout.after.is_not_happening() || *timeout.after > left {
        timeout.after = UreqDuration::Exact(left);
        timeout.reason = Timeout::Global;
    }
    let io = UreqDuration::Exact(io_timeout(left));
    let per = if write {
        &mut timeout.per_write
    } else {
        &mut timeout.per_read
    };
    *per = Some(per.map_or(io, |configured| configured.min(io)));
    Ok(timeout)
}

/// ureq's resolver with lookups bounded by the deadline. ureq resolves the
/// host before any connector runs, and without a timeout it calls the system
/// resolver with no bound at all; with one it looks up on a helper thread it
/// can abandon. An IP address needs no lookup, so it keeps the direct path.
#[derive(Debug, Default)]
pub(crate) struct BoundedResolver {
    inner: DefaultResolver,
}

impl Resolver for BoundedResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().unwrap_or("");
        let literal = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok();
        match time_left() {
            Some(left) if !literal => {
                let timeout = capped(timeout, left?, Timeout::Resolve);
                self.inner.resolve(uri, config, timeout)
            }
            _ => self.inner.resolve(uri, config, timeout),
        }
    }
}

/// A write's timeout, bounded by the time left (see [`bounded`]).
fn for_write(timeout: NextTimeout) -> Result<NextTimeout, ureq::Error> {
    bounded(timeout, true)
}

impl Transport for BoundedTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.inner.transmit_output(amount, timeout, for_write)
    }

    /// Every read of ureq's comes through here (a response, a `100 Continue`, a
    /// body), so held output is sent first, bounded like any write.
    fn maybe_await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.inner.flush(for_write)?;
        if self.buffers().can_use_input() {
            return Ok(true);
        }
        self.await_input(timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.inner.flush(for_write)?;
        self.inner.await_input(bounded(timeout, false)?)
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_timeouts_repeat_and_never_exceed_what_is_left() {
        let ms = Duration::from_millis;
        assert_eq!(io_timeout(ms(29_999)), ms(29_952));
        assert_eq!(io_timeout(ms(29_990)), ms(29_952));
        assert_eq!(io_timeout(ms(299)), ms(288));
        assert_eq!(io_timeout(ms(298)), ms(288));
        assert_eq!(io_timeout(ms(40)), ms(40));
        assert_eq!(
            io_timeout(Duration::from_micros(7_500)),
            Duration::from_micros(7_500)
        );
        assert_eq!(io_timeout(Duration::ZERO), ms(1));
        assert_eq!(io_timeout(Duration::MAX), ms(u64::MAX / 128 * 128));
        for n in 8..5_000u64 {
            let t = io_timeout(ms(n)).as_millis() as u64;
            assert!(t <= n && t * 8 >= n * 7, "{n} -> {t}");
        }
    }

    #[test]
    fn the_deadline_is_per_thread_and_nests() {
        assert!(time_left().is_none());
        let far = Instant::now() + Duration::from_secs(60);
        let outer = bound(far);
        {
            let _inner = bound(Instant::now());
            assert!(matches!(time_left(), Some(Err(_))));
            std::thread::spawn(|| assert!(time_left().is_none()))
                .join()
                .unwrap();
        }
        assert!(matches!(time_left(), Some(Ok(left)) if left > Duration::from_secs(59)));
        drop(outer);
        assert!(time_left().is_none());
    }
}
