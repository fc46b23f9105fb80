//! The lazy walk over every page of a list (`index_all`): each next page is a
//! request built like any other call's and sent through [`call::execute`].

use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use crate::call;
use crate::decode;
use crate::envelope::Envelope;
use crate::header::Header;
use crate::page::{Cursor, Page};
use crate::request::{Body, Label};
use crate::{Action, Client, Error, Method, Opts};

/// Every item of a list, fetched page after page as the iterator is consumed.
///
/// Returned by the generated `index_all`, the `_all` of a custom list action
/// (a `POST` search declared `walk` included: its body goes with every page) and
/// [`RequestBuilder::pages`](crate::RequestBuilder::pages). Only one page is
/// held at a time, so memory stays flat however many pages there are. It stops after the last page,
/// on an empty page, or on the first error (yielded once, then `None`).
///
/// ```no_run
/// # use restlax::{resource, Client};
/// # #[resource(path = "/items", actions(index))]
/// # #[derive(serde::Deserialize)]
/// # struct Item { id: u64 }
/// # let client = Client::builder("http://127.0.0.1:1").build()?;
/// for item in Item::index_all(&client, ()) {
///     let item = item?;
///     println!("{}", item.id);
/// }
/// # Ok::<(), restlax::Error>(())
/// ```
#[must_use = "iterators are lazy: nothing is fetched until it is consumed"]
pub struct Pages<T> {
    client: Client,
    label: Label,
    method: Method,
    /// Base URL and rendered path, without query.
    url: String,
    /// The action's declared headers, sent with every page.
    headers: Vec<Header>,
    /// The body sent with every page (a search that pages in its body).
    body: Body,
    /// The envelope the declaration names, if any.
    declared: Option<&'static dyn Envelope>,
    buffer: std::vec::IntoIter<T>,
    state: State,
    pages: u64,
    /// Enough of the pages asked for so far (in fixed memory, see `cycle`) that a
    /// server whose next links go round in a circle (A → B → A) ends the walk
    /// instead of feeding it forever.
    visited: crate::cycle::CycleCheck,
    _t: PhantomData<fn() -> T>,
}

enum State {
    // Boxed: a cursor holds a whole `Opts`, far larger than the other states.
    Fetch(Box<Cursor>),
    Failed(Error),
    Done,
}

impl<T: DeserializeOwned> Pages<T> {
    /// The walk of an action's list (`index_all`).
    pub(crate) fn new(
        client: &Client,
        action: &'static Action,
        declared: Option<&'static dyn Envelope>,
        target: Result<(String, Vec<Header>), Error>,
        opts: Opts,
    ) -> Self {
        Pages::with_body(client, action, declared, target, Body::None, opts)
    }

    /// The walk of a search action's list, `body` sent with every page.
    pub(crate) fn with_body(
        client: &Client,
        action: &'static Action,
        declared: Option<&'static dyn Envelope>,
        target: Result<(String, Vec<Header>), Error>,
        body: Body,
        opts: Opts,
    ) -> Self {
        let start = Start {
            label: action.label(),
            method: action.method,
            body,
            declared,
        };
        Pages::start(client, start, target, opts)
    }

    /// A walk from its first request: the first page is asked for with the
    /// envelope's first-page query under the caller's.
    pub(crate) fn start(
        client: &Client,
        start: Start,
        target: Result<(String, Vec<Header>), Error>,
        opts: Opts,
    ) -> Self {
        let opts = with_first_page(client, opts, start.declared);
        let (url, headers, state) = match target {
            Ok((url, headers)) => (url, headers, State::Fetch(Box::new(Cursor::Opts(opts)))),
            Err(error) => (String::new(), Vec::new(), State::Failed(error)),
        };
        Pages {
            client: client.clone(),
            label: start.label,
            method: start.method,
            url,
            headers,
            body: start.body,
            declared: start.declared,
            buffer: Vec::new().into_iter(),
            state,
            pages: 0,
            visited: crate::cycle::CycleCheck::new(),
            _t: PhantomData,
        }
    }

    /// How many pages have been fetched so far.
    pub fn pages_fetched(&self) -> u64 {
        self.pages
    }
}

impl<T: DeserializeOwned> Iterator for Pages<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Some(Ok(item));
            }
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return None,
                State::Failed(error) => return Some(Err(error)),
                State::Fetch(cursor) => {
                    // A server that ignores the page parameter would answer the
                    // same page forever, and next links may go round in a circle:
                    // a page asked for before ends the walk (at once for a short
                    // circle, within the bound `cycle` gives for a long one).
                    if !self.visited.visit(&cursor.key()) {
                        return None;
                    }
                    let page = self.fetch(&cursor);
                    self.pages += 1;
                    match page {
                        Err(error) => return Some(Err(error)),
                        Ok(page) => {
                            let (items, next) = page.into_parts();
                            if items.is_empty() {
                                return None;
                            }
                            if let Some(next) = next {
                                self.state = State::Fetch(Box::new(next));
                            }
                            self.buffer = items.into_iter();
                        }
                    }
                }
            }
        }
    }
}

impl<T: DeserializeOwned> Pages<T> {
    /// The page a cursor points at: the walk's first request with new
    /// options, or a `Link` target in place of its path and query (checked by
    /// `call::request` to be on the client's origin, with no credentials).
    fn fetch(&self, cursor: &Cursor) -> Result<Page<T>, Error> {
        let linked;
        let opts = match cursor {
            Cursor::Opts(opts) => opts,
            Cursor::Url(Err(why), opts) => {
                // A server may echo the walk's secret query values into its links.
                let secrets = opts.query_secrets();
                return Err(
                    Error::invalid(format!("the next-page link is unusable: {why}"))
                        .at(self.method, &self.url)
                        .redacted(&|text| secrets.redact_in(text)),
                );
            }
            Cursor::Url(Ok(url), opts) => {
                let mut opts = opts.clone();
                opts.next_url = Some(url.clone());
                linked = opts;
                &linked
            }
        };
        let request = call::request(
            &self.client,
            self.label,
            self.method,
            self.url.clone(),
            &self.headers,
            self.body.clone(),
            opts,
            self.declared,
        )?;
        let answer = call::execute(&self.client, &request, opts, false)?;
        let (items, info) = decode::list(self.client.envelope_for(&request), &answer.parts())
            .map_err(|e| call::hide(e, &request, &answer))?;
        Ok(Page::new(items, info, opts, &answer.url))
    }
}

/// `opts` with the first-page query of the envelope the call will use (the
/// call's own, the declaration's, or the client's) under its own.
pub(crate) fn with_first_page(
    client: &Client,
    opts: Opts,
    declared: Option<&'static dyn Envelope>,
) -> Opts {
    let given = opts.envelope.clone();
    let first = match (&given, declared) {
        (Some(given), _) => given.0.first_page(),
        (None, Some(declared)) => declared.first_page(),
        (None, None) => client.envelope().first_page(),
    };
    if first.is_empty() {
        return opts;
    }
    opts.with_defaults(first)
}

/// What a walk sends besides its URL, headers and options.
pub(crate) struct Start {
    pub(crate) label: Label,
    pub(crate) method: Method,
    pub(crate) body: Body,
    pub(crate) declared: Option<&'static dyn Envelope>,
}

impl<T> std::fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("action", &self.label.name)
            .field("url", &self.url)
            .field("pages_fetched", &self.pages)
            .finish_non_exhaustive()
    }
}
