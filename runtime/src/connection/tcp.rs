//! The client's TCP connections: ureq's `TcpConnector` in the chain's place,
//! with two differences that no layer above the socket can make.
//!
//! - Every send ends by the call's deadline. A blocking `write_all` restarts
//!   the socket's send timeout on every partial send, so a peer that drains
//!   an upload slowly kept one write of a buffer (up to 128 KiB) going long
//!   past the deadline. Here each `send` waits at most for the time left
//!   ([`super::io_timeout`] of it), and the deadline is checked between
//!   partial sends and after a wait that ended early.
//! - A peer that stops reading does not lose its answer. A server that
//!   refuses an upload answers at once and closes without reading the rest;
//!   the next send then fails with a broken pipe or a reset. The rest of the
//!   request is then discarded, so ureq goes on to read the answer the server
//!   already sent; the connection is never reused. When no answer came, the
//!   send's error is the result, as it was.
//!
//! Sitting under the TLS connector, both hold for HTTPS too: rustls writes
//! its records through this transport and reads the answer's records from it.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use ureq::Timeout;
use ureq::unversioned::transport::time::Duration as UreqDuration;
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, ShutdownHandle,
    Transport,
};

use super::{io_timeout, time_left};

/// Opens the TCP connection unless an earlier connector (a CONNECT proxy)
/// already made one.
#[derive(Debug, Default)]
pub(super) struct TcpConnector;

impl<In: Transport> Connector<In> for TcpConnector {
    type Out = Either<In, TcpTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        if let Some(chained) = chained {
            return Ok(Some(Either::A(chained)));
        }
        let config = details.config;
        // A SOCKS proxy never reaches here set by hand (`ClientBuilder::build`
        // refuses it); one from the environment is bypassed, and the
        // connection goes straight to the host (see `connection::bypassed`).
        let stream = connect(&details.addrs, details.timeout)?;
        if config.no_delay() {
            stream.set_nodelay(true)?;
        }
        let stream = Arc::new(stream);
        // The agent shuts registered sockets down when it is dropped.
        (details.register_shutdown)(Arc::downgrade(&stream) as Weak<dyn ShutdownHandle>)?;
        let buffers = LazyBuffers::new(config.input_buffer_size(), config.output_buffer_size());
        Ok(Some(Either::B(TcpTransport {
            stream,
            buffers,
            read_timeout: None,
            write_timeout: None,
            peer_stopped: None,
            used: true,
        })))
    }
}

/// Connects to the first address that accepts. Each address but the last
/// gets half of the time left, so that one silent address (an IPv6 address
/// without a route that drops packets) leaves time for the next; an address
/// the network refuses at once costs nothing.
fn connect(addrs: &[SocketAddr], timeout: NextTimeout) -> Result<TcpStream, ureq::Error> {
    let started = Instant::now();
    let total = timeout.not_zero().map(|t| *t);
    let mut last = None;
    for (i, addr) in addrs.iter().enumerate() {
        let attempt = match total {
            None => TcpStream::connect(addr),
            Some(total) => {
                let left = total.saturating_sub(started.elapsed());
                if left.is_zero() {
                    break;
                }
                let share = if i + 1 == addrs.len() { left } else { left / 2 };
                TcpStream::connect_timeout(addr, share.max(Duration::from_millis(10)))
            }
        };
        match attempt {
            Ok(stream) => return Ok(stream),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
                ) =>
            {
                last = Some(ureq::Error::Timeout(timeout.reason));
            }
            Err(e) if is_address_specific(&e) => last = Some(ureq::Error::Io(e)),
            Err(e) => return Err(e.into()),
        }
    }
    Err(last.unwrap_or(ureq::Error::Timeout(timeout.reason)))
}

/// A failed connect that concerns only the address tried.
fn is_address_specific(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::HostUnreachable
            | io::ErrorKind::NetworkUnreachable
            | io::ErrorKind::NetworkDown
            | io::ErrorKind::AddrNotAvailable
    )
}

/// Whether a send failed because the peer no longer reads: it closed, or
/// reset the connection (as a close with unread data does).
fn peer_stopped_reading(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::BrokenPipe
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
    )
}

/// One TCP connection; see the [module](self) docs.
pub(super) struct TcpTransport {
    /// Shared (weakly) with the agent, which shuts it down when dropped.
    stream: Arc<TcpStream>,
    buffers: LazyBuffers,
    /// The socket timeouts last set, so an unchanged one costs no syscall.
    read_timeout: Option<Duration>,
    write_timeout: Option<Duration>,
    /// The send error of a peer that stopped reading; once set, writes are
    /// discarded, and nothing arriving makes it the result.
    peer_stopped: Option<PeerStopped>,
    /// Whether the socket was written or read since [`is_open`] last asked:
    /// see there.
    ///
    /// [`is_open`]: Transport::is_open
    used: bool,
}

struct PeerStopped {
    error: io::Error,
    /// Whether any of an answer arrived since.
    answered: bool,
}

impl std::fmt::Debug for TcpTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TcpTransport")
            .field("addr", &self.stream.peer_addr().ok())
            .finish()
    }
}

/// Sets a socket timeout unless it is the one already set.
fn set_timeout(
    last: &mut Option<Duration>,
    wanted: Duration,
    set: impl FnOnce(Option<Duration>) -> io::Result<()>,
) -> io::Result<()> {
    if *last != Some(wanted) {
        set(Some(wanted))?;
        *last = Some(wanted);
    }
    Ok(())
}

/// The wait ureq asked for (none when it set no limit), less the time since
/// `started` when this is a wait again. The first wait is ureq's value
/// exactly, so that a value repeated from call to call costs no syscall.
fn own_wait(timeout: NextTimeout, started: Option<Instant>) -> Option<Duration> {
    match timeout.after {
        UreqDuration::NotHappening => None,
        UreqDuration::Exact(d) => Some(started.map_or(d, |t| d.saturating_sub(t.elapsed()))),
    }
}

/// Notes when the first wait of an operation began, once it is known to be
/// followed by another: at most `wait` ago, so ureq's own limit is counted
/// from no later than its true start and ends early rather than late. The
/// usual operation, one wait that moves every byte, reads no clock for it.
fn began(started: &mut Option<Instant>, wait: Duration) {
    if started.is_none() {
        let now = Instant::now();
        *started = Some(now.checked_sub(wait).unwrap_or(now));
    }
}

/// One socket wait: ureq's own, or what the deadline leaves if that is
/// shorter. `Ok((wait, true))` when the deadline set it; an error
/// when either has run out.
fn next_wait(own: Option<Duration>, reason: Timeout) -> Result<(Duration, bool), ureq::Error> {
    if own.is_some_and(|d| d.is_zero()) {
        return Err(ureq::Error::Timeout(reason));
    }
    match time_left() {
        Some(left) => {
            let left = left.map_err(|_| ureq::Error::Timeout(reason))?;
            let bounded = io_timeout(left);
            Ok(match own {
                Some(own) if own <= bounded => (own, false),
                _ => (bounded, true),
            })
        }
        // Neither a deadline nor a limit of ureq's: outside a call, which
        // restlax never does; a day stands for "no limit" here.
        None => Ok((own.unwrap_or(Duration::from_secs(86_400)), false)),
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

impl Transport for TcpTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.used = true;
        if self.peer_stopped.is_some() {
            return Ok(());
        }
        self.send(amount, timeout.for_write())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.used = true;
        let timeout = timeout.for_read();
        let mut started = None;
        let amount = loop {
            let own = own_wait(timeout, started);
            // A read in a call comes with the deadline's wait already in it
            // (`BoundedTransport` caps every read, and a connect's handshake
            // is capped by `Bounded`), and the layer above waits again after
            // a wait of its own that ended early: the clock is read there, not
            // twice. Only a read with no limit at all is bounded here.
            let (wait, deadlines) = match own {
                Some(own) if own.is_zero() => return Err(ureq::Error::Timeout(timeout.reason)),
                Some(own) => (own, false),
                None => next_wait(None, timeout.reason)?,
            };
            let stream = &*self.stream;
            set_timeout(&mut self.read_timeout, wait, |t| stream.set_read_timeout(t))?;
            match (&*self.stream).read(self.buffers.input_append_buf()) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if is_timeout(&e) && deadlines => began(&mut started, wait),
                Err(e) if is_timeout(&e) => return Err(ureq::Error::Timeout(timeout.reason)),
                Err(e) => return Err(self.unanswered(e.into())),
            }
        };
        if amount == 0 {
            return match self.peer_stopped.take() {
                // Closed without an answer: the failed send is what happened.
                Some(stopped) if !stopped.answered => Err(stopped.error.into()),
                stopped => {
                    self.peer_stopped = stopped;
                    Ok(false)
                }
            };
        }
        if let Some(stopped) = &mut self.peer_stopped {
            stopped.answered = true;
        }
        self.buffers.input_appended(amount);
        Ok(true)
    }

    /// ureq's pool asks this twice per use of a connection: when it takes
    /// the connection back after an answer was read, and when it hands it
    /// out for the next request. Both probes look for the same two things
    /// (bytes nobody asked for, a close by the peer), and the second sees
    /// everything the first would have, plus whatever happened while the
    /// connection sat idle. So the first ask after reads or writes answers
    /// without a system call, and only the ask with nothing in between (the
    /// hand-out: the pool never returns a connection twice without using it)
    /// probes the socket. A connection that is dropped instead of reused is
    /// never probed at all.
    fn is_open(&mut self) -> bool {
        if self.peer_stopped.is_some() {
            return false;
        }
        if std::mem::replace(&mut self.used, false) {
            return true;
        }
        probe(&self.stream)
    }
}

impl TcpTransport {
    /// Sends the first `amount` bytes of the output buffer, one `send` at a
    /// time, each bounded by the deadline; a peer that stopped reading ends
    /// it without an error (see the [module](self) docs).
    fn send(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        let mut started = None;
        let mut sent = 0;
        while sent < amount {
            let own = own_wait(timeout, started);
            // A timed-out write is reported as the write phase's, whoever's
            // limit ended it.
            let (wait, deadlines) = next_wait(own, Timeout::PerWrite)?;
            let stream = &*self.stream;
            set_timeout(&mut self.write_timeout, wait, |t| {
                stream.set_write_timeout(t)
            })?;
            match (&*self.stream).write(&self.buffers.output()[sent..amount]) {
                Ok(0) => return Err(io::Error::from(io::ErrorKind::WriteZero).into()),
                Ok(n) => {
                    sent += n;
                    if sent < amount {
                        began(&mut started, wait);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // The deadline's wait ended early (it is shorter than what
                // is left): wait again, until the deadline itself is reached.
                Err(e) if is_timeout(&e) && deadlines => began(&mut started, wait),
                Err(e) if is_timeout(&e) => return Err(ureq::Error::Timeout(timeout.reason)),
                Err(error) if peer_stopped_reading(&error) => {
                    self.peer_stopped = Some(PeerStopped {
                        error,
                        answered: false,
                    });
                    return Ok(());
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// A read's error, or the send's when the peer stopped reading and sent
    /// no answer: a reset that follows a broken pipe says nothing new.
    fn unanswered(&mut self, error: ureq::Error) -> ureq::Error {
        match self.peer_stopped.take() {
            Some(stopped) if !stopped.answered => stopped.error.into(),
            stopped => {
                self.peer_stopped = stopped;
                error
            }
        }
    }
}

/// Whether an idle pooled connection is still usable: no bytes waiting (an
/// answer nobody asked for) and not closed by the peer.
///
/// One `recv(MSG_PEEK | MSG_DONTWAIT)`: it asks without taking a byte and
/// without switching the socket's mode (the two `ioctl(FIONBIO)` around a
/// non-blocking read that this took before, three system calls in all).
#[cfg(unix)]
fn probe(stream: &TcpStream) -> bool {
    let mut byte = [std::mem::MaybeUninit::<u8>::uninit(); 1];
    let flags = libc::MSG_PEEK | libc::MSG_DONTWAIT;
    loop {
        match socket2::SockRef::from(stream).recv_with_flags(&mut byte, flags) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return e.kind() == io::ErrorKind::WouldBlock,
            // 0: the peer closed it; more: bytes nobody asked for.
            Ok(_) => return false,
        }
    }
}

/// The same, where `MSG_PEEK` is not at hand: a non-blocking read.
#[cfg(not(unix))]
fn probe(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let open = matches!((&*stream).read(&mut [0]), Err(e) if e.kind() == io::ErrorKind::WouldBlock);
    stream.set_nonblocking(false).is_ok() && open
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeout(after: Option<u64>) -> NextTimeout {
        NextTimeout {
            after: after.map_or(UreqDuration::NotHappening, |ms| {
                UreqDuration::Exact(Duration::from_millis(ms))
            }),
            reason: Timeout::SendBody,
            per_read: None,
            per_write: None,
        }
    }

    #[test]
    fn the_probe_tells_open_idle_closed_and_unasked_bytes_apart_and_takes_none() {
        use std::io::Write as _;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (mut server, _) = listener.accept().unwrap();
        assert!(probe(&client), "open and idle");
        server.write_all(b"x").unwrap();
        std::thread::sleep(Duration::from_millis(50));
        assert!(!probe(&client), "a byte nobody asked for");
        let mut byte = [0u8; 1];
        (&client).read_exact(&mut byte).unwrap();
        assert_eq!(&byte, b"x", "the probe took nothing");
        assert!(probe(&client));
        drop(server);
        std::thread::sleep(Duration::from_millis(50));
        assert!(!probe(&client), "closed by the peer");
    }

    #[test]
    fn a_first_wait_is_ureqs_value_exactly_and_a_wait_again_is_less() {
        let t = timeout(Some(500));
        assert_eq!(own_wait(t, None), Some(Duration::from_millis(500)));
        let earlier = Instant::now() - Duration::from_millis(100);
        assert!(own_wait(t, Some(earlier)).unwrap() <= Duration::from_millis(400));
        assert_eq!(own_wait(timeout(None), None), None);
    }

    #[test]
    fn the_deadline_sets_the_wait_only_when_it_is_nearer() {
        let _bound = super::super::bound(Instant::now() + Duration::from_secs(1));
        let (wait, deadlines) = next_wait(None, Timeout::PerWrite).unwrap();
        assert!(deadlines && wait <= Duration::from_millis(875), "{wait:?}");
        let own = Some(Duration::from_millis(50));
        assert_eq!(
            next_wait(own, Timeout::PerWrite).unwrap(),
            (Duration::from_millis(50), false)
        );
        assert!(matches!(
            next_wait(Some(Duration::ZERO), Timeout::SendBody),
            Err(ureq::Error::Timeout(Timeout::SendBody))
        ));
        let _past = super::super::bound(Instant::now());
        assert!(matches!(
            next_wait(None, Timeout::PerWrite),
            Err(ureq::Error::Timeout(Timeout::PerWrite))
        ));
    }

    #[test]
    fn only_a_peer_that_went_away_has_its_answer_read() {
        for kind in [
            io::ErrorKind::BrokenPipe,
            io::ErrorKind::ConnectionReset,
            io::ErrorKind::ConnectionAborted,
        ] {
            assert!(peer_stopped_reading(&kind.into()), "{kind:?}");
        }
        for kind in [io::ErrorKind::TimedOut, io::ErrorKind::PermissionDenied] {
            assert!(!peer_stopped_reading(&kind.into()), "{kind:?}");
        }
    }
}
