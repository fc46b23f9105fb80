//! Which envelope one call reads its answer with: the call's own
//! (`Opts::envelope`), else its declaration's (`envelope = …` on the action,
//! else on the resource), else the client's.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use super::Envelope;

/// An envelope given for one call with [`Opts::envelope`](crate::Opts::envelope).
/// Two are equal when they are the same value (so `Opts` stays comparable).
#[derive(Clone)]
pub(crate) struct Given(pub(crate) Arc<dyn Envelope>);

impl PartialEq for Given {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Given {}

impl fmt::Debug for Given {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The envelope a call uses when it is not the client's: a declaration's
/// constant, or one given for the call (or the client's, once resolved for an
/// answer that outlives the call).
#[derive(Clone)]
pub(crate) enum Chosen {
    Shared(Arc<dyn Envelope>),
    Declared(&'static dyn Envelope),
}

impl Chosen {
    /// The call's own, else the declaration's; `None` means the client's, so
    /// the common call holds no envelope of its own.
    pub(crate) fn pick(
        given: Option<&Given>,
        declared: Option<&'static dyn Envelope>,
    ) -> Option<Chosen> {
        match (given, declared) {
            (Some(given), _) => Some(Chosen::Shared(Arc::clone(&given.0))),
            (None, Some(declared)) => Some(Chosen::Declared(declared)),
            (None, None) => None,
        }
    }
}

impl Deref for Chosen {
    type Target = dyn Envelope;

    fn deref(&self) -> &(dyn Envelope + 'static) {
        match self {
            Chosen::Shared(envelope) => &**envelope,
            Chosen::Declared(envelope) => *envelope,
        }
    }
}

impl fmt::Debug for Chosen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}
