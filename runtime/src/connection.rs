//! The client's connections: ureq's connector chain (a CONNECT proxy, TCP,
//! TLS) with restlax's own TCP connector ([`tcp`]), wrapped so that every
//! connect, read and write is bounded by the deadline of the call running on
//! this thread.
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
//! `setsockopt` on every read. A socket wait is seven eighths of the time left
//! (the kernel fires long socket timeouts late by up to an eighth) rounded down
//! to a coarse step ([`io_timeout`]), so a fast call on a pooled connection asks
//! for the same value as the last and no `setsockopt` is made; a read that wakes
//! before the deadline waits again for the rest.
//!
//! Writes are bounded at the socket ([`tcp`]): one send at a time, each
//! waiting at most for what is left, since a blocking write of a whole buffer
//! restarts its timeout on every partial send. A peer that stops reading an
//! upload has its early answer read rather than lost there too.
//!
//! Each transport also holds small writes until the next read, so that a
//! request's head and body leave in one write ([`coalesce`]).

mod coalesce;
mod tcp;

use std::cell::Cell;
use std::fmt;
use std::io;
use std::time::{Duration, Instant};

use std::net::IpAddr;

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::time::Duration as UreqDuration;
use ureq::unversioned::transport::{
    Buffers, ChainedConnector, ConnectProxyConnector, ConnectionDetails, Connector, NextTimeout,
    RustlsConnector, Transport,
};
use ureq::{ProxyProtocol, Timeout};

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

/// The deadline bounding this thread's I/O now, if any: what a streamed
/// answer's reads are bound by again after its call returned.
pub(crate) fn current_deadline() -> Option<Instant> {
    DEADLINE.with(Cell::get)
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

/// Whether this thread's call has run out of time (never without a call).
pub(crate) fn deadline_passed() -> bool {
    matches!(time_left(), Some(Err(_)))
}

/// The coarsest granularity of socket timeouts.
const STEP: Duration = Duration::from_millis(128);

/// The socket timeout for the time left.
///
/// Linux runs socket timeouts on its timer wheel, which rounds a timer up to
/// its level's granularity: up to an eighth of the timeout late (measured: a
/// read with 30 s left returned after 31.4 s). So a wait gets seven eighths of
/// what is left, rounded down to a multiple of a power-of-two number of
/// milliseconds (at most [`STEP`]) so it repeats from call to call and ureq
/// skips the syscall; under about 9 ms left, where the wheel is exact to a
/// tick, it gets all of it (at least 1 ms). A read that wakes early waits again
/// for the rest ([`BoundedTransport`]).
pub(crate) fn io_timeout(left: Duration) -> Duration {
    let target = left - left / 8;
    let ms = u64::try_from(target.as_millis()).unwrap_or(u64::MAX);
    if ms < 8 {
        return left.max(Duration::from_millis(1));
    }
    let step = (1u64 << (63 - (ms / 8).leading_zeros())).min(STEP.as_millis() as u64);
    Duration::from_millis(ms / step * step)
}

/// What the deadline allows one transport operation, given the time left.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Limits {
    /// The operation as a whole: ureq's `after`, which a TLS transport counts
    /// down across the socket reads or writes of one record. It ends an eighth
    /// of `read` before the deadline, so that the last socket wait within it
    /// ends in time even when its timer fires an eighth late (plus a tick).
    whole: Duration,
    /// One socket read: [`io_timeout`].
    read: Duration,
}

impl Limits {
    fn new(left: Duration) -> Limits {
        // With under 125 µs left `whole` is zero and ureq fails the wait at once
        // (`read`, at least 1 ms, is then longer than what is left).
        let read = io_timeout(left);
        Limits {
            whole: left.saturating_sub(read / 8),
            read,
        }
    }

    /// Caps a read's `timeout` by these limits. ureq reports a timeout by the
    /// limit that ended the wait, usually the per-read one.
    fn cap(self, mut timeout: NextTimeout) -> NextTimeout {
        if timeout.after.is_not_happening() || *timeout.after > self.whole {
            timeout.after = UreqDuration::Exact(self.whole);
            timeout.reason = Timeout::Global;
        }
        let limit = UreqDuration::Exact(self.read);
        timeout.per_read = Some(timeout.per_read.map_or(limit, |c| c.min(limit)));
        timeout
    }
}

/// Caps a connect's (or a lookup's) timeout by the time left. The TLS
/// handshake reads within it with no per-read limit (ureq would report a
/// timeout as that limit's, not the connect's, and a connect that fails for
/// want of time never reached the server) and no second try, so the cap is a
/// socket wait's [`io_timeout`]: however late the handshake's last socket wait
/// fires, it ends by the deadline. A stalled handshake ends up to an eighth
/// early rather than late.
fn capped(mut timeout: NextTimeout, left: Duration, reason: Timeout) -> NextTimeout {
    let cap = io_timeout(left);
    if timeout.after.is_not_happening() || *timeout.after > cap {
        timeout.after = UreqDuration::Exact(cap);
        timeout.reason = reason;
    }
    timeout
}

/// ureq's connector chain, restlax's TCP in the place of ureq's (no SOCKS:
/// restlax does not enable ureq's `socks-proxy` feature, so ureq's own chain
/// has no SOCKS connector either), with every transport bounded by the deadline.
#[derive(Debug)]
pub(crate) struct Bounded {
    inner: ChainedConnector<
        (),
        ChainedConnector<(), ConnectProxyConnector, tcp::TcpConnector>,
        RustlsConnector,
    >,
}

impl Default for Bounded {
    fn default() -> Self {
        Bounded {
            inner: ConnectProxyConnector::default()
                .chain(tcp::TcpConnector)
                .chain(RustlsConnector::default()),
        }
    }
}

impl Connector for Bounded {
    type Out = BoundedTransport;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<()>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        // TCP, TLS and a proxy's own lookup read this timeout: ureq's, capped
        // by the time left.
        let connect_timeout = || -> Result<NextTimeout, ureq::Error> {
            let left = time_left()
                .transpose()
                .map_err(|e| unsent(e, Timeout::Connect))?;
            Ok(match left {
                Some(left) => capped(details.timeout, left, Timeout::Connect),
                None => details.timeout,
            })
        };
        let mut timeout = connect_timeout()?;
        // Addresses already given (a CONNECT proxy's, which its connector
        // looked up and hands down) are used as they are.
        let addrs =
            if details.addrs.is_empty() && (deferred(details.config) || bypassed(details.config)) {
                // The lookup `BoundedResolver` put off: a connection is made now.
                let mut lookup = timeout;
                lookup.reason = Timeout::Resolve;
                let addrs = BoundedResolver::lookup(details.uri, details.config, lookup)
                    .map_err(|e| unsent(looking_up(details.uri, e), Timeout::Resolve))?;
                // The connect gets what the lookup left of the time.
                timeout = connect_timeout()?;
                addrs
            } else {
                details.addrs.clone()
            };
        let details = ConnectionDetails {
            uri: details.uri,
            addrs,
            config: details.config,
            request_level: details.request_level,
            resolver: details.resolver,
            now: details.now,
            timeout,
            current_time: details.current_time.clone(),
            run_connector: details.run_connector.clone(),
            register_shutdown: details.register_shutdown.clone(),
        };
        let connected = self
            .inner
            .connect(&details, chained)
            .map_err(|e| unsent(e, Timeout::Connect))?;
        Ok(connected.map(|inner| BoundedTransport {
            inner: Coalescing::new(Box::new(inner)),
        }))
    }
}

/// An I/O error met while connecting (the lookup, the TCP connect, a proxy's
/// `CONNECT`): nothing of the request was written yet, so the call knows it
/// was not sent (and a `POST` may be tried again). Its `Display` is the
/// error's own.
#[derive(Debug)]
pub(crate) struct Unsent(io::Error);

impl fmt::Display for Unsent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Unsent {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

impl Unsent {
    /// Whether `error` was met while connecting.
    pub(crate) fn is(error: &io::Error) -> bool {
        error.get_ref().is_some_and(|e| e.is::<Unsent>())
    }
}

/// Says which host a failed lookup was for: the system's message alone
/// ("Name or service not known") does not.
fn looking_up(uri: &Uri, error: ureq::Error) -> ureq::Error {
    match error {
        ureq::Error::Io(e) => ureq::Error::Io(io::Error::new(
            e.kind(),
            format!("could not look up host {}: {e}", uri.host().unwrap_or("")),
        )),
        other => other,
    }
}

/// An error met while connecting, in `phase` (the lookup or the connect):
/// nothing of the request was written yet. An I/O error is marked [`Unsent`];
/// a timeout is `phase`'s whichever limit ended the wait (a TLS handshake that
/// ran into the deadline came up as the deadline's own timeout, or as one
/// sending the request, which it never reached). TLS failures, which rustls
/// also reports as I/O errors, say which phase they are.
fn unsent(error: ureq::Error, phase: Timeout) -> ureq::Error {
    match error {
        ureq::Error::Io(e) if !e.get_ref().is_some_and(|inner| inner.is::<rustls::Error>()) => {
            ureq::Error::Io(io::Error::new(e.kind(), Unsent(e)))
        }
        ureq::Error::Timeout(_) => ureq::Error::Timeout(phase),
        other => other,
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

/// A write's timeout: ureq's own. The TCP transport below bounds each send by
/// the time left and fails one that starts after the deadline ([`tcp`]), for
/// TLS records too; a cap here would end a write that is still making
/// progress before the deadline, and a check here would read the clock twice.
fn write_bounded(timeout: NextTimeout) -> Result<NextTimeout, ureq::Error> {
    Ok(timeout)
}

/// One read's timeout, bounded by the time left when a call is running (see
/// [`Limits`]).
fn bounded(timeout: NextTimeout) -> Result<NextTimeout, ureq::Error> {
    match time_left() {
        None => Ok(timeout),
        Some(left) => Ok(Limits::new(left?).cap(timeout)),
    }
}

/// ureq's resolver, asked only when a connection is made, with lookups
/// bounded by the deadline.
///
/// ureq resolves the host of every request before it looks in its pool, so a
/// call on a pooled connection paid for a lookup it did not use: formatting
/// `host:port` and the system resolver (for a name, `getaddrinfo`: reading
/// `/etc/hosts`, maybe a DNS query) on every call. Without a proxy (where
/// ureq resolves nothing itself) the answer here is an empty list, and
/// [`Bounded`] looks the host up when the pool has no connection for it;
/// ureq only hands the list to the connectors. With a proxy, the lookups
/// ureq asks for (the proxy's own host, from its connector) are made at once.
///
/// Without a timeout ureq calls the system resolver with no bound at all;
/// with one it looks up on a helper thread it can abandon. An IP address
/// needs no lookup, so it keeps the direct path.
#[derive(Debug, Default)]
pub(crate) struct BoundedResolver;

/// Whether [`BoundedResolver`] leaves the lookup for this request's config to
/// the connection it makes.
fn deferred(config: &Config) -> bool {
    config.proxy().is_none()
}

/// Whether this config's proxy is one the connectors leave out: a SOCKS
/// proxy from the environment (restlax has no SOCKS connector; see
/// [`tcp::TcpConnector`]). ureq leaves the lookup to such a proxy and hands
/// the connectors no addresses, so the connection, made straight to the
/// host, looks the host up itself.
fn bypassed(config: &Config) -> bool {
    config
        .proxy()
        .is_some_and(|proxy| proxy.is_from_env() && !tunnels(proxy))
}

/// Whether restlax's connectors can use `proxy`: an HTTP proxy reached with
/// `CONNECT`. restlax builds ureq without its `socks-proxy` feature, so no
/// connector speaks SOCKS.
pub(crate) fn tunnels(proxy: &ureq::Proxy) -> bool {
    matches!(proxy.protocol(), ProxyProtocol::Http | ProxyProtocol::Https)
}

impl BoundedResolver {
    fn lookup(
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
        let resolver = DefaultResolver::default();
        match time_left() {
            Some(left) if !literal => {
                let timeout = capped(timeout, left?, Timeout::Resolve);
                resolver.resolve(uri, config, timeout)
            }
            _ => resolver.resolve(uri, config, timeout),
        }
    }
}

impl Resolver for BoundedResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        if deferred(config) {
            // ureq checks the URL before it resolves; nothing else to do yet.
            return Ok(self.empty());
        }
        Self::lookup(uri, config, timeout)
    }
}

/// ureq's timeout `elapsed` after it was given: a read waited again counts
/// from the first wait, its per-read limit included.
fn remaining(mut timeout: NextTimeout, elapsed: Option<Duration>) -> NextTimeout {
    let Some(elapsed) = elapsed else {
        return timeout;
    };
    fn less(d: UreqDuration, elapsed: Duration) -> UreqDuration {
        match d {
            UreqDuration::Exact(d) => UreqDuration::Exact(d.saturating_sub(elapsed)),
            UreqDuration::NotHappening => d,
        }
    }
    timeout.after = less(timeout.after, elapsed);
    timeout.per_read = timeout.per_read.map(|d| less(d, elapsed));
    timeout
}

/// Whether the wait `bounded` asks for ends before the one ureq asked for: a
/// timeout is then the deadline's, not ureq's. ureq's `for_read` gives a read's
/// wait (its `after`, capped by its per-read limit; never is the longest).
fn shorter(bounded: &NextTimeout, own: &NextTimeout) -> bool {
    bounded.for_read().after < own.for_read().after
}

/// A read that timed out, as TCP reports it or as rustls passes it on.
fn is_timeout(error: &ureq::Error) -> bool {
    match error {
        ureq::Error::Timeout(_) => true,
        ureq::Error::Io(io) => matches!(
            io.kind(),
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
        ),
        _ => false,
    }
}

impl Transport for BoundedTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.inner.transmit_output(amount, timeout, write_bounded)
    }

    /// Every read of ureq's comes through here (a response, a `100 Continue`, a
    /// body), so held output is sent first, bounded like any write.
    fn maybe_await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.inner.flush(write_bounded)?;
        if self.buffers().can_use_input() {
            return Ok(true);
        }
        self.await_input(timeout)
    }

    /// A read that the deadline's socket timeout ended early ([`io_timeout`])
    /// waits again for the rest: a timed-out read consumed nothing, in TCP or
    /// in rustls, which keeps a partial record for the next read. A timeout of
    /// ureq's own (its `after`, or a configured per-read limit) ends the read.
    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.inner.flush(write_bounded)?;
        // Only a timeout of ureq's own needs the clock (none, in the hot path).
        let started = (matches!(timeout.after, UreqDuration::Exact(_))
            || timeout.per_read.is_some())
        .then(Instant::now);
        loop {
            let own = remaining(timeout, started.map(|t| t.elapsed()));
            let next = bounded(own)?;
            match self.inner.await_input(next) {
                Err(e) if is_timeout(&e) && shorter(&next, &own) => continue,
                result => return result,
            }
        }
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
    fn io_timeouts_repeat_and_leave_room_for_the_kernels_rounding() {
        let ms = Duration::from_millis;
        // Seven eighths of 30 s, to 128 ms: the same for every call that starts
        // with about 30 s left.
        assert_eq!(io_timeout(ms(30_000)), ms(26_240));
        assert_eq!(io_timeout(ms(29_990)), ms(26_240));
        assert_eq!(io_timeout(ms(1_000)), ms(832));
        assert_eq!(io_timeout(ms(100)), ms(80));
        assert_eq!(io_timeout(ms(99)), ms(80));
        assert_eq!(
            io_timeout(Duration::from_micros(7_500)),
            Duration::from_micros(7_500)
        );
        assert_eq!(io_timeout(Duration::ZERO), ms(1));
        assert!(io_timeout(Duration::MAX) < Duration::MAX);
        for n in 16..20_000u64 {
            let t = io_timeout(ms(n)).as_millis() as u64;
            // Late by an eighth of itself, the timeout still ends in time, and
            // it wastes at most a quarter of what is left.
            assert!(t + t / 8 < n && t * 4 >= n * 3, "{n} -> {t}");
        }
    }

    /// The timer wheel's worst case: an eighth late, plus a tick (4 ms at 250 Hz).
    fn fires(wait: Duration) -> Duration {
        wait + wait / 8 + Duration::from_millis(4)
    }

    #[test]
    fn no_socket_wait_within_the_limits_can_end_past_the_deadline() {
        for left in (200..40_000u64).step_by(7).map(Duration::from_millis) {
            let limits = Limits::new(left);
            assert!(
                limits.read < limits.whole && limits.whole < left,
                "{left:?}"
            );
            // A TLS read that has spent `e` of `whole` waits what is left of it,
            // at most one socket read.
            for tenth in 0..=10 {
                let e = limits.whole * tenth / 10;
                let wait = (limits.whole - e).min(limits.read);
                assert!(
                    e + fires(wait) <= left + Duration::from_millis(4),
                    "{left:?}"
                );
            }
        }
    }

    #[test]
    fn the_last_microseconds_of_a_budget_never_panic() {
        // A read waited again converges on the deadline, so these are reached.
        for micros in 0..3_000 {
            let left = Duration::from_micros(micros);
            let limits = Limits::new(left);
            assert!(limits.whole <= left, "{left:?}");
            assert!(
                limits.read >= Duration::from_millis(1).min(left),
                "{left:?}"
            );
        }
    }

    #[test]
    fn a_connect_is_capped_only_where_the_deadline_is_nearer() {
        let t = |after: u64| NextTimeout {
            after: UreqDuration::Exact(Duration::from_millis(after)),
            reason: Timeout::Connect,
            per_read: None,
            per_write: None,
        };
        let left = Duration::from_secs(30);
        assert_eq!(capped(t(10_000), left, Timeout::Connect), t(10_000));
        let near = capped(t(29_000), left, Timeout::Connect);
        assert_eq!(*near.after, io_timeout(left));
        // No per-read limit: ureq would report a handshake's timeout as that
        // limit's, and the call would take the request for sent.
        assert_eq!((near.reason, near.per_read), (Timeout::Connect, None));
        assert!(fires(*near.after) <= left);
    }

    #[test]
    fn a_timeout_is_the_deadlines_only_when_it_waits_less_than_ureqs_own() {
        let t = |after: Option<u64>, per_read: Option<u64>| NextTimeout {
            after: after.map_or(UreqDuration::NotHappening, |ms| {
                UreqDuration::Exact(Duration::from_millis(ms))
            }),
            reason: Timeout::Global,
            per_read: per_read.map(|ms| UreqDuration::Exact(Duration::from_millis(ms))),
            per_write: None,
        };
        assert!(shorter(&t(Some(1_000), Some(864)), &t(None, None)));
        assert!(shorter(&t(Some(1_000), Some(864)), &t(Some(5_000), None)));
        assert!(!shorter(
            &t(Some(1_000), Some(500)),
            &t(Some(5_000), Some(500))
        ));
        assert!(!shorter(&t(Some(400), Some(350)), &t(Some(300), None)));
        assert!(!shorter(&t(None, None), &t(None, None)));
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
