//! The lazy walk over every page of a list (`index_all`): each next page is a
//! request built like any other call's and sent through [`call::execute`].

use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use crate::call;
use crate::decode;
use crate::header::Header;
use crate::page::{Cursor, Page};
use crate::request::{Body, Request};
use crate::{Action, Client, Error};

/// Every item of a list, fetched page after page as the iterator is consumed.
///
/// Returned by the generated `index_all`. Only one page is held at a time, so
/// memory stays flat however many pages there are. It stops after the last page,
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
    action: &'static Action,
    /// Base URL and rendered path, without query.
    url: String,
    /// The action's declared headers, sent with every page.
    headers: Vec<Header>,
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
    Fetch(Cursor),
    Failed(Error),
    Done,
}

impl<T: DeserializeOwned> Pages<T> {
    pub(crate) fn new(
        client: &Client,
        action: &'static Action,
        target: Result<(String, Vec<Header>), Error>,
        opts: crate::Opts,
    ) -> Self {
        let (url, headers, state) = match target {
            Ok((url, headers)) => (url, headers, State::Fetch(Cursor::Opts(opts))),
            Err(error) => (String::new(), Vec::new(), State::Failed(error)),
        };
        Pages {
            client: client.clone(),
            action,
            url,
            headers,
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
                                self.state = State::Fetch(next);
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
    /// The page a cursor points at: the action's path with new options, or a
    /// `Link` target, which must be on the client's origin (the client's
    /// secret headers go with it) and carry no credentials.
    fn fetch(&self, cursor: &Cursor) -> Result<Page<T>, Error> {
        let action = self.action;
        // A server may echo the walk's secret query values into its links.
        let refuse = |error: Error, opts: &crate::Opts| {
            let secrets = call::query_secrets(opts);
            error
                .at(action.method, &self.url)
                .redacted(&|text| secrets.redact_in(text))
        };
        let request = match cursor {
            Cursor::Opts(opts) => self.request(self.url.clone(), opts, true)?,
            Cursor::Url(Err(why), opts) => {
                return Err(refuse(
                    Error::invalid(format!("the next-page link is unusable: {why}")),
                    opts,
                ));
            }
            Cursor::Url(Ok(url), opts) => {
                self.client
                    .inner
                    .base
                    .check(url, "next-page link")
                    .map_err(|e| refuse(e, opts))?;
                self.request(url.clone(), opts, false)?
            }
        };
        let opts = match cursor {
            Cursor::Opts(opts) | Cursor::Url(_, opts) => opts,
        };
        let answer = call::execute(&self.client, &request, opts, false)?;
        let (items, info) = decode::list(request.envelope(&self.client), &answer.parts())
            .map_err(|e| call::hide(e, &request, &answer))?;
        Ok(Page::new(items, info, opts, &answer.url))
    }

    /// A `Link` target keeps its own query: the walk's options give it their
    /// headers and settings, not their query parameters, whose secret values
    /// stay known (hidden if a server echoes them into its links).
    fn request(&self, url: String, opts: &crate::Opts, query: bool) -> Result<Request, Error> {
        let action = self.action;
        let request = |opts: &crate::Opts| {
            call::request(
                &self.client,
                action.label(),
                action.method,
                url,
                &self.headers,
                Body::None,
                opts,
                action.envelope,
            )
        };
        if query {
            return request(opts);
        }
        let mut without_query = opts.clone();
        without_query.query.clear();
        let mut sent = request(&without_query)?;
        sent.url_secrets = call::query_secrets(opts);
        Ok(sent)
    }
}

impl<T> std::fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("action", &self.action.name)
            .field("url", &self.url)
            .field("pages_fetched", &self.pages)
            .finish_non_exhaustive()
    }
}
