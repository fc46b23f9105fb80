//! One fault case, run and reported: the faulty call must not panic and must end
//! as expected (a typed error of one kind, within a time budget when there is one,
//! or a recovery), an optional check looks closer, and the same client must
//! answer the next call. Each case prints one row (see it with `--nocapture`)
//! and panics with that row when it fails.
//!
//! ```no_run
//! use std::time::Duration;
//! use restlax::ErrorKind;
//! use restlax_tests::Member;
//! use restlax_tests::fault_case::{Case, Expect, single_attempt};
//! use restlax_tests::faults::{Fault, FaultServer, json};
//!
//! let s = FaultServer::start();
//! s.then(Fault::Delay(Duration::from_secs(2), json(200, "{}")));
//! let c = single_attempt(s.url()).timeout(Duration::from_millis(300)).build().unwrap();
//! Case::new("slow headers", Expect::fails_within(ErrorKind::Timeout, Duration::from_millis(300)))
//!     .run(|| Member::show(&c, "a", "m", ()), || Member::show(&c, "a", "m", ()));
//! ```

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use restlax::{Client, ClientBuilder, Error, ErrorKind, Retry};

/// The slack allowed over a time budget: scheduling on a loaded machine, not
/// a second chance for a call that ignores its deadline.
pub const MARGIN: Duration = Duration::from_millis(400);

/// What a case expects of the faulty call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Expect {
    /// A typed error of this kind, however long it takes.
    Fails(ErrorKind),
    /// A typed error of this kind within `budget + margin` of the call's start.
    FailsWithin {
        /// The error kind.
        kind: ErrorKind,
        /// The time the client was given (its timeout, its connect timeout…).
        budget: Duration,
        /// The slack over the budget.
        margin: Duration,
    },
    /// Success (after whatever retries or redirects the client makes).
    Recovers,
}

impl Expect {
    /// A typed error of `kind` within `budget` plus [`MARGIN`].
    pub fn fails_within(kind: ErrorKind, budget: Duration) -> Expect {
        Expect::FailsWithin {
            kind,
            budget,
            margin: MARGIN,
        }
    }

    fn judge<T>(self, result: &Result<T, Error>, elapsed: Duration) -> Result<(), String> {
        match (self, result) {
            (Expect::Recovers, Ok(_)) => Ok(()),
            (Expect::Fails(kind), Err(e)) if e.kind() == kind => Ok(()),
            (
                Expect::FailsWithin {
                    kind,
                    budget,
                    margin,
                },
                Err(e),
            ) if e.kind() == kind => {
                if elapsed <= budget + margin {
                    Ok(())
                } else {
                    Err(format!("took {elapsed:.1?}, over {budget:?} + {margin:?}"))
                }
            }
            _ => Err(format!("expected {}", self.label())),
        }
    }

    fn label(self) -> String {
        match self {
            Expect::Fails(kind) => format!("{kind:?}"),
            Expect::FailsWithin { kind, budget, .. } => format!("{kind:?} in {budget:?}"),
            Expect::Recovers => "recovers".to_owned(),
        }
    }
}

type Check<'a, T> = Box<dyn FnOnce(&Result<T, Error>, Duration) -> Result<String, String> + 'a>;
type After<'a> = Box<dyn FnOnce() -> Result<String, String> + 'a>;

/// One fault case; see the [module](self) docs.
pub struct Case<'a, T> {
    name: &'static str,
    expect: Expect,
    check: Option<Check<'a, T>>,
    after: Option<After<'a>>,
}

impl<'a, T> Case<'a, T> {
    /// A case named `name` (the row's first column) expecting `expect`.
    pub fn new(name: &'static str, expect: Expect) -> Self {
        Case {
            name,
            expect,
            check: None,
            after: None,
        }
    }

    /// A closer look at the outcome, given the call's duration: `Ok(detail)` passes,
    /// `Err(why)` fails the case. Without one the detail is the error's message.
    pub fn check(
        mut self,
        check: impl FnOnce(&Result<T, Error>, Duration) -> Result<String, String> + 'a,
    ) -> Self {
        self.check = Some(Box::new(check));
        self
    }

    /// A check that runs after the next call (e.g. on the connections the server saw).
    pub fn after(mut self, after: impl FnOnce() -> Result<String, String> + 'a) -> Self {
        self.after = Some(Box::new(after));
        self
    }

    /// Runs `call`, judges it, then runs `next`, which must succeed. Prints the
    /// row; panics with it unless everything passed.
    pub fn run<U>(
        self,
        call: impl FnOnce() -> Result<T, Error>,
        next: impl FnOnce() -> Result<U, Error>,
    ) {
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(call));
        let elapsed = started.elapsed();
        let mut failures = Vec::new();
        let mut details = Vec::new();
        let mut message_last = None;
        let got = match &outcome {
            Err(_) => "PANIC".to_owned(),
            Ok(Ok(_)) => "ok".to_owned(),
            Ok(Err(e)) => format!("{:?}", e.kind()),
        };
        if let Ok(result) = &outcome {
            if let Err(why) = self.expect.judge(result, elapsed) {
                failures.push(why);
            }
            match self.check {
                Some(check) => match catch_unwind(AssertUnwindSafe(|| check(result, elapsed))) {
                    Ok(Ok(detail)) => details.push(detail),
                    Ok(Err(why)) => failures.push(why),
                    Err(_) => failures.push("the check panicked".to_owned()),
                },
                // Without a check the message goes last: it is long and the row is cut.
                None => message_last = Some(message(result)),
            }
        } else {
            failures.push("the call panicked".to_owned());
        }
        match catch_unwind(AssertUnwindSafe(next)) {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => failures.push(format!("NEXT CALL FAILED: {e}")),
            Err(_) => failures.push("NEXT CALL PANICKED".to_owned()),
        }
        if let Some(after) = self.after {
            match catch_unwind(AssertUnwindSafe(after)) {
                Ok(Ok(detail)) => details.push(detail),
                Ok(Err(why)) => failures.push(why),
                Err(_) => failures.push("the after-check panicked".to_owned()),
            }
        }
        let pass = failures.is_empty();
        failures.extend(details);
        failures.extend(message_last);
        let row = format!(
            "{:<44} {:<20} {:<13} {:>9} {:<4} {}",
            self.name,
            self.expect.label(),
            got,
            format!("{elapsed:.1?}"),
            if pass { "yes" } else { "NO" },
            one_line(&failures.join("; "), 100),
        );
        println!("{row}");
        assert!(pass, "fault case failed:\n{row}");
    }
}

/// The error's message, or `decoded` for a success.
pub fn message<T>(result: &Result<T, Error>) -> String {
    match result {
        Ok(_) => "decoded".to_owned(),
        Err(error) => error.to_string(),
    }
}

/// A check that the call took at least `min` (it waited as asked).
pub fn waited<T>(
    min: Duration,
) -> impl FnOnce(&Result<T, Error>, Duration) -> Result<String, String> {
    move |_, took| {
        if took >= min {
            Ok(format!("waited {took:.1?}"))
        } else {
            Err(format!("did not wait {min:?}: {took:.1?}"))
        }
    }
}

fn one_line(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max {
        flat.chars().take(max).collect::<String>() + "…"
    } else {
        flat
    }
}

/// Three attempts, 20 ms apart at first, at most 2 s.
pub fn fast_retry() -> Retry {
    Retry::new(3)
        .base_delay(Duration::from_millis(20))
        .max_delay(Duration::from_secs(2))
}

/// A loopback client (no proxy) that retries with [`fast_retry`].
pub fn client(base: &str) -> Client {
    Client::builder(base)
        .no_proxy()
        .retry(fast_retry())
        .build()
        .expect("a loopback client")
}

/// A loopback client builder (no proxy) that makes exactly one attempt.
pub fn single_attempt(base: impl Into<String>) -> ClientBuilder {
    Client::builder(base).no_proxy().retry(Retry::none())
}
