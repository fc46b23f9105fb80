//! One write per small request: output held until the next read.
//!
//! ureq sends a request in separate [`Transport::transmit_output`] calls: the
//! head (`run.rs`'s `send_request`), then each piece of the body (`send_body`),
//! each written from the start of the transport's output buffer. On a socket
//! that is one `sendto` each, so a small `POST` costs two syscalls and, worse,
//! two wake-ups of the server, which reads the head and then waits for the body.
//!
//! ureq always reads after it writes, for the response or for an
//! `Expect: 100-continue` answer, and every read goes through
//! [`Transport::maybe_await_input`]. So output is held here, copied out of the
//! buffer ureq reuses, until the next read, and then sent in one
//! `transmit_output`. Writes that would hold more than [`HOLD_LIMIT`] bytes are
//! sent at once (with whatever was held in front), so large uploads stream as
//! before: what is copied is a small request, or once per large upload its head
//! and first buffer.

use std::fmt;

use ureq::unversioned::transport::{Buffers, NextTimeout, Transport};

/// The most bytes held back; a request larger than this is sent as it is
/// written. A head plus a typical JSON body fits; an upload does not.
pub(super) const HOLD_LIMIT: usize = 16 * 1024;

/// A transport whose small writes wait for the next read and go out together.
pub(super) struct Coalescing {
    inner: Box<dyn Transport>,
    held: Vec<u8>,
    /// The timeout ureq gave the last held write (its reason names the phase).
    held_timeout: NextTimeout,
}

impl fmt::Debug for Coalescing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

impl Coalescing {
    pub(super) fn new(inner: Box<dyn Transport>) -> Self {
        Coalescing {
            inner,
            held: Vec::new(),
            held_timeout: NextTimeout::default(),
        }
    }

    pub(super) fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    /// Takes the first `amount` bytes of the output buffer: holds them if they
    /// fit under [`HOLD_LIMIT`] with what is held, otherwise sends everything,
    /// held bytes first. `timeout` is called only when something is sent now.
    pub(super) fn transmit_output(
        &mut self,
        amount: usize,
        timeout: NextTimeout,
        write_timeout: impl Fn(NextTimeout) -> Result<NextTimeout, ureq::Error>,
    ) -> Result<(), ureq::Error> {
        if self.held.len() + amount <= HOLD_LIMIT {
            let output = self.inner.buffers().output();
            self.held.extend_from_slice(&output[..amount]);
            self.held_timeout = timeout;
            return Ok(());
        }
        let timeout = write_timeout(timeout)?;
        if self.held.is_empty() {
            return self.inner.transmit_output(amount, timeout);
        }
        // Put the held bytes in front of the new ones, in ureq's buffer.
        let held = std::mem::take(&mut self.held);
        let output = self.inner.buffers().output();
        let n = held.len();
        if n + amount <= output.len() {
            output.copy_within(..amount, n);
            output[..n].copy_from_slice(&held);
            self.reuse(held);
            return self.inner.transmit_output(n + amount, timeout);
        }
        // No room for both (a large upload's first piece): send them in
        // buffer-sized pieces, in order.
        let size = output.len();
        let mut pending = held;
        pending.extend_from_slice(&output[..amount]);
        for piece in pending.chunks(size) {
            self.inner.buffers().output()[..piece.len()].copy_from_slice(piece);
            self.inner.transmit_output(piece.len(), timeout)?;
        }
        self.reuse(pending);
        Ok(())
    }

    /// Keeps the held buffer's allocation for the next request.
    fn reuse(&mut self, mut held: Vec<u8>) {
        if held.capacity() <= HOLD_LIMIT {
            held.clear();
            self.held = held;
        }
    }

    /// Sends what is held, in one `transmit_output`.
    pub(super) fn flush(
        &mut self,
        write_timeout: impl Fn(NextTimeout) -> Result<NextTimeout, ureq::Error>,
    ) -> Result<(), ureq::Error> {
        if self.held.is_empty() {
            return Ok(());
        }
        let timeout = write_timeout(self.held_timeout)?;
        let held = std::mem::take(&mut self.held);
        let n = held.len();
        self.inner.buffers().output()[..n].copy_from_slice(&held);
        self.reuse(held);
        self.inner.transmit_output(n, timeout)
    }

    pub(super) fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        debug_assert!(self.held.is_empty(), "flushed before every read");
        self.inner.await_input(timeout)
    }

    /// A connection with unsent bytes is in no state to be reused.
    pub(super) fn is_open(&mut self) -> bool {
        self.held.is_empty() && self.inner.is_open()
    }

    pub(super) fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ureq::unversioned::transport::LazyBuffers;

    /// Records every `transmit_output` as the bytes it would have sent.
    #[derive(Debug)]
    struct Recorder {
        buffers: LazyBuffers,
        sent: std::sync::Arc<std::sync::Mutex<Vec<Vec<u8>>>>,
    }

    impl Transport for Recorder {
        fn buffers(&mut self) -> &mut dyn Buffers {
            &mut self.buffers
        }
        fn transmit_output(&mut self, amount: usize, _: NextTimeout) -> Result<(), ureq::Error> {
            let bytes = self.buffers.output()[..amount].to_vec();
            self.sent.lock().unwrap().push(bytes);
            Ok(())
        }
        fn await_input(&mut self, _: NextTimeout) -> Result<bool, ureq::Error> {
            Ok(false)
        }
        fn is_open(&mut self) -> bool {
            true
        }
    }

    type Sent = std::sync::Arc<std::sync::Mutex<Vec<Vec<u8>>>>;

    fn recorder(output_size: usize) -> (Coalescing, Sent) {
        let sent = Sent::default();
        let inner = Recorder {
            buffers: LazyBuffers::new(1024, output_size),
            sent: sent.clone(),
        };
        (Coalescing::new(Box::new(inner)), sent)
    }

    /// Writes `bytes` as ureq does: into the start of the output buffer.
    fn write(c: &mut Coalescing, bytes: &[u8]) -> Result<(), ureq::Error> {
        c.buffers().output()[..bytes.len()].copy_from_slice(bytes);
        c.transmit_output(bytes.len(), NextTimeout::default(), Ok)
    }

    fn pattern(len: usize, seed: u8) -> Vec<u8> {
        (0..len)
            .map(|i| (i as u8).wrapping_mul(31) ^ seed)
            .collect()
    }

    #[test]
    fn a_small_request_goes_out_in_one_write_at_the_next_read() {
        let (mut c, sent) = recorder(128 * 1024);
        write(&mut c, b"POST /x HTTP/1.1\r\ncontent-length: 7\r\n\r\n").unwrap();
        write(&mut c, b"{\"a\":1}").unwrap();
        assert!(
            sent.lock().unwrap().is_empty(),
            "nothing sent before a read"
        );
        assert!(!c.is_open(), "unsent bytes: not reusable");
        c.flush(Ok).unwrap();
        assert_eq!(
            *sent.lock().unwrap(),
            [b"POST /x HTTP/1.1\r\ncontent-length: 7\r\n\r\n{\"a\":1}".to_vec()]
        );
        assert!(c.is_open());
        c.flush(Ok).unwrap();
        assert_eq!(
            sent.lock().unwrap().len(),
            1,
            "an empty flush sends nothing"
        );
    }

    #[test]
    fn a_large_body_streams_with_the_head_in_front() {
        let (mut c, sent) = recorder(128 * 1024);
        let head = pattern(300, 1);
        let body = pattern(HOLD_LIMIT * 2, 2);
        write(&mut c, &head).unwrap();
        write(&mut c, &body).unwrap();
        let writes = sent.lock().unwrap().clone();
        assert_eq!(
            writes,
            [[head, body].concat()],
            "sent at once, in one write"
        );
    }

    #[test]
    fn a_body_filling_the_buffer_goes_out_whole_and_in_order() {
        let size = 64 * 1024;
        let (mut c, sent) = recorder(size);
        let head = pattern(300, 3);
        let first = pattern(size, 4);
        let second = pattern(size / 2, 5);
        write(&mut c, &head).unwrap();
        write(&mut c, &first).unwrap();
        write(&mut c, &second).unwrap();
        c.flush(Ok).unwrap();
        let writes = sent.lock().unwrap().clone();
        assert_eq!(writes.concat(), [head, first, second].concat());
        assert_eq!(
            writes.len(),
            3,
            "{:?}",
            writes.iter().map(Vec::len).collect::<Vec<_>>()
        );
        assert!(writes.iter().all(|w| w.len() <= size));
    }

    #[test]
    fn a_failing_timeout_check_sends_nothing() {
        let (mut c, sent) = recorder(128 * 1024);
        write(&mut c, b"GET / HTTP/1.1\r\n\r\n").unwrap();
        let expired = |_| Err(ureq::Error::Timeout(ureq::Timeout::Global));
        assert!(matches!(
            c.flush(expired),
            Err(ureq::Error::Timeout(ureq::Timeout::Global))
        ));
        assert!(sent.lock().unwrap().is_empty());
        let big = pattern(HOLD_LIMIT + 1, 6);
        c.buffers().output()[..big.len()].copy_from_slice(&big);
        assert!(
            c.transmit_output(big.len(), NextTimeout::default(), expired)
                .is_err()
        );
        assert!(sent.lock().unwrap().is_empty());
    }
}
