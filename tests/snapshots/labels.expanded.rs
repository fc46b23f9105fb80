/// A label on a GitHub issue.
#[derive(Deserialize)]
pub struct Label {
    pub name: String,
}
impl Label {
    /// The path template `/repos/<owner>/<repo>/issues/<issue_number>/labels` declared for this resource (relative to the client's base URL).
    pub const PATH: &'static str = "/repos/<owner>/<repo>/issues/<issue_number>/labels";
    /// The actions this resource declares (name, method, path template,
    /// headers), in the order the functions are generated.
    pub const ACTIONS: &'static [::restlax::Action] = &[
        ::restlax::__private::v5::action(
            "index",
            ::restlax::Method::Get,
            "/repos/<owner>/<repo>/issues/<issue_number>/labels",
            &[
                ::restlax::__private::v5::Piece::Literal("/repos/"),
                ::restlax::__private::v5::Piece::Param("owner"),
                ::restlax::__private::v5::Piece::Literal("/"),
                ::restlax::__private::v5::Piece::Param("repo"),
                ::restlax::__private::v5::Piece::Literal("/issues/"),
                ::restlax::__private::v5::Piece::Param("issue_number"),
                ::restlax::__private::v5::Piece::Literal("/labels"),
            ],
            false,
            false,
            ::restlax::ActionKind::List,
            &[
                ("X-GitHub-Api-Version", "2022-11-28"),
                ("Accept", "application/vnd.github+json"),
            ],
        ),
        ::restlax::__private::v5::action(
            "add",
            ::restlax::Method::Post,
            "/repos/<owner>/<repo>/issues/<issue_number>/labels",
            &[
                ::restlax::__private::v5::Piece::Literal("/repos/"),
                ::restlax::__private::v5::Piece::Param("owner"),
                ::restlax::__private::v5::Piece::Literal("/"),
                ::restlax::__private::v5::Piece::Param("repo"),
                ::restlax::__private::v5::Piece::Literal("/issues/"),
                ::restlax::__private::v5::Piece::Param("issue_number"),
                ::restlax::__private::v5::Piece::Literal("/labels"),
            ],
            true,
            false,
            ::restlax::ActionKind::List,
            &[
                ("X-GitHub-Api-Version", "2022-11-28"),
                ("Accept", "application/vnd.github+json"),
            ],
        ),
        ::restlax::__private::v5::action(
            "remove",
            ::restlax::Method::Delete,
            "/repos/<owner>/<repo>/issues/<issue_number>/labels/<name>",
            &[
                ::restlax::__private::v5::Piece::Literal("/repos/"),
                ::restlax::__private::v5::Piece::Param("owner"),
                ::restlax::__private::v5::Piece::Literal("/"),
                ::restlax::__private::v5::Piece::Param("repo"),
                ::restlax::__private::v5::Piece::Literal("/issues/"),
                ::restlax::__private::v5::Piece::Param("issue_number"),
                ::restlax::__private::v5::Piece::Literal("/labels/"),
                ::restlax::__private::v5::Piece::Param("name"),
            ],
            false,
            false,
            ::restlax::ActionKind::List,
            &[
                ("X-GitHub-Api-Version", "2022-11-28"),
                ("Accept", "application/vnd.github+json"),
            ],
        ),
        ::restlax::__private::v5::action(
            "clear",
            ::restlax::Method::Delete,
            "/repos/<owner>/<repo>/issues/<issue_number>/labels",
            &[
                ::restlax::__private::v5::Piece::Literal("/repos/"),
                ::restlax::__private::v5::Piece::Param("owner"),
                ::restlax::__private::v5::Piece::Literal("/"),
                ::restlax::__private::v5::Piece::Param("repo"),
                ::restlax::__private::v5::Piece::Literal("/issues/"),
                ::restlax::__private::v5::Piece::Param("issue_number"),
                ::restlax::__private::v5::Piece::Literal("/labels"),
            ],
            false,
            false,
            ::restlax::ActionKind::Unit,
            &[
                ("X-GitHub-Api-Version", "2022-11-28"),
                ("Accept", "application/vnd.github+json"),
            ],
        ),
        ::restlax::__private::v5::action(
            "replace_raw",
            ::restlax::Method::Put,
            "/repos/<owner>/<repo>/issues/<issue_number>/labels",
            &[
                ::restlax::__private::v5::Piece::Literal("/repos/"),
                ::restlax::__private::v5::Piece::Param("owner"),
                ::restlax::__private::v5::Piece::Literal("/"),
                ::restlax::__private::v5::Piece::Param("repo"),
                ::restlax::__private::v5::Piece::Literal("/issues/"),
                ::restlax::__private::v5::Piece::Param("issue_number"),
                ::restlax::__private::v5::Piece::Literal("/labels"),
            ],
            true,
            true,
            ::restlax::ActionKind::List,
            &[
                ("X-GitHub-Api-Version", "2022-11-28"),
                ("Accept", "application/vnd.github.raw+json"),
            ],
        ),
    ];
    /// This declaration as data (its name, `ACTIONS`, placeholder types,
    /// envelopes and models), for checking it against an API description:
    /// see `restlax::Declaration`.
    pub const DECLARATION: ::restlax::Declaration = ::restlax::__private::v5::declaration(
        "Label",
        Self::ACTIONS,
        &::restlax::__private::v5::details(
            &[("issue_number", "u64")],
            ::core::option::Option::None,
            ::restlax::__private::v5::typed::<Self>,
        ),
        &[],
    );
    /// Lists `Label` resources, one page at a time.
    ///
    /// `GET /repos/{owner}/{repo}/issues/{issue_number}/labels` with `X-GitHub-Api-Version: 2022-11-28`, `Accept: application/vnd.github+json`
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `owner` (any `Display`): the `{owner}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `repo` (any `Display`): the `{repo}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `issue_number` (`u64`): the `{issue_number}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `opts`: per-call query parameters, headers, timeout and retry (`restlax::Opts`); `()` for none.
    ///
    /// # Errors
    ///
    /// A `restlax::Error` whose `kind()` is
    ///
    /// - `InvalidRequest` when a path value is empty (nothing is sent then);
    /// - `Transport` when the connection fails or breaks (refused, reset, DNS, TLS);
    /// - `Timeout` when the call runs out of time;
    /// - `Api` when the API answers with a failure (see `Error::api_messages`);
    /// - `Decode` when the response is not a page of `Label`;
    /// - `BodyTooLarge` when the response body is larger than the client's limit;
    /// - `Redirect` when a redirect cannot be followed (a loop, too many, or a refused target).
    pub fn index(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        issue_number: u64,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<::restlax::Page<Self>, ::restlax::Error> {
        ::restlax::__private::v5::list(
            client,
            &Self::ACTIONS[0],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "",
            },
            &[&owner, &repo, ::restlax::__private::v5::path_value(&issue_number)],
            ::core::option::Option::None,
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `index`, but panics instead of returning an error.
    ///
    /// `GET /repos/{owner}/{repo}/issues/{issue_number}/labels` with `X-GitHub-Api-Version: 2022-11-28`, `Accept: application/vnd.github+json`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `index` returns an error.
    #[track_caller]
    pub fn index_or_panic(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        issue_number: u64,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::restlax::Page<Self> {
        ::restlax::__private::v5::or_panic(
            Self::index(client, owner, repo, issue_number, opts),
        )
    }
    /// Iterates over every item of `GET /repos/{owner}/{repo}/issues/{issue_number}/labels` with `X-GitHub-Api-Version: 2022-11-28`, `Accept: application/vnd.github+json`, fetching page after page as the iterator is consumed.
    ///
    /// Only one page is held in memory. The walk keeps every query parameter of `opts` and changes only the page; it stops after the last page, on an empty page, or after yielding the first error.
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `owner` (any `Display`): the `{owner}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `repo` (any `Display`): the `{repo}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `issue_number` (`u64`): the `{issue_number}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `opts`: per-call query parameters, headers, timeout and retry (`restlax::Opts`); `()` for none.
    pub fn index_all(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        issue_number: u64,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::restlax::Pages<Self> {
        ::restlax::__private::v5::all(
            client,
            &Self::ACTIONS[0],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "",
            },
            &[&owner, &repo, ::restlax::__private::v5::path_value(&issue_number)],
            ::core::convert::Into::into(opts),
        )
    }
    /// Adds labels to the issue.
    ///
    /// `POST /repos/{owner}/{repo}/issues/{issue_number}/labels` with `X-GitHub-Api-Version: 2022-11-28`, `Accept: application/vnd.github+json`
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `owner` (any `Display`): the `{owner}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `repo` (any `Display`): the `{repo}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `issue_number` (`u64`): the `{issue_number}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `body`: the request body, sent as JSON.
    /// - `opts`: per-call query parameters, headers, timeout and retry (`restlax::Opts`); `()` for none.
    ///
    /// # Errors
    ///
    /// A `restlax::Error` whose `kind()` is
    ///
    /// - `InvalidRequest` when a path value is empty or the body does not serialize (nothing is sent then);
    /// - `Transport` when the connection fails or breaks (refused, reset, DNS, TLS);
    /// - `Timeout` when the call runs out of time;
    /// - `Api` when the API answers with a failure (see `Error::api_messages`);
    /// - `Decode` when the response is not a page of `Label`;
    /// - `BodyTooLarge` when the response body is larger than the client's limit;
    /// - `Redirect` when a redirect cannot be followed (a loop, too many, or a refused target).
    pub fn add(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        issue_number: u64,
        body: &impl ::restlax::__private::v5::Serialize,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<::restlax::Page<Self>, ::restlax::Error> {
        ::restlax::__private::v5::list(
            client,
            &Self::ACTIONS[1],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "",
            },
            &[&owner, &repo, ::restlax::__private::v5::path_value(&issue_number)],
            ::restlax::__private::v5::body(body),
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `add`, but panics instead of returning an error.
    ///
    /// `POST /repos/{owner}/{repo}/issues/{issue_number}/labels` with `X-GitHub-Api-Version: 2022-11-28`, `Accept: application/vnd.github+json`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `add` returns an error.
    #[track_caller]
    pub fn add_or_panic(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        issue_number: u64,
        body: &impl ::restlax::__private::v5::Serialize,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::restlax::Page<Self> {
        ::restlax::__private::v5::or_panic(
            Self::add(client, owner, repo, issue_number, body, opts),
        )
    }
    /// Removes one label; answers with the labels left (no `remove_all`).
    ///
    /// `DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}` with `X-GitHub-Api-Version: 2022-11-28`, `Accept: application/vnd.github+json`
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `owner` (any `Display`): the `{owner}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `repo` (any `Display`): the `{repo}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `issue_number` (`u64`): the `{issue_number}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `name` (any `Display`): the `{name}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `opts`: per-call query parameters, headers, timeout and retry (`restlax::Opts`); `()` for none.
    ///
    /// # Errors
    ///
    /// A `restlax::Error` whose `kind()` is
    ///
    /// - `InvalidRequest` when a path value is empty (nothing is sent then);
    /// - `Transport` when the connection fails or breaks (refused, reset, DNS, TLS);
    /// - `Timeout` when the call runs out of time;
    /// - `Api` when the API answers with a failure (see `Error::api_messages`);
    /// - `Decode` when the response is not a page of `Label`;
    /// - `BodyTooLarge` when the response body is larger than the client's limit;
    /// - `Redirect` when a redirect cannot be followed (a loop, too many, or a refused target).
    pub fn remove(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        issue_number: u64,
        name: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<::restlax::Page<Self>, ::restlax::Error> {
        ::restlax::__private::v5::list(
            client,
            &Self::ACTIONS[2],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "",
            },
            &[&owner, &repo, ::restlax::__private::v5::path_value(&issue_number), &name],
            ::core::option::Option::None,
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `remove`, but panics instead of returning an error.
    ///
    /// `DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}` with `X-GitHub-Api-Version: 2022-11-28`, `Accept: application/vnd.github+json`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `remove` returns an error.
    #[track_caller]
    pub fn remove_or_panic(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        issue_number: u64,
        name: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::restlax::Page<Self> {
        ::restlax::__private::v5::or_panic(
            Self::remove(client, owner, repo, issue_number, name, opts),
        )
    }
    /// Calls the `clear` action.
    ///
    /// `DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels` with `X-GitHub-Api-Version: 2022-11-28`, `Accept: application/vnd.github+json`
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `owner` (any `Display`): the `{owner}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `repo` (any `Display`): the `{repo}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `issue_number` (`u64`): the `{issue_number}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `opts`: per-call query parameters, headers, timeout and retry (`restlax::Opts`); `()` for none.
    ///
    /// # Errors
    ///
    /// A `restlax::Error` whose `kind()` is
    ///
    /// - `InvalidRequest` when a path value is empty (nothing is sent then);
    /// - `Transport` when the connection fails or breaks (refused, reset, DNS, TLS);
    /// - `Timeout` when the call runs out of time;
    /// - `Api` when the API answers with a failure (see `Error::api_messages`);
    /// - `BodyTooLarge` when the response body is larger than the client's limit;
    /// - `Redirect` when a redirect cannot be followed (a loop, too many, or a refused target).
    pub fn clear(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        issue_number: u64,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<(), ::restlax::Error> {
        ::restlax::__private::v5::unit(
            client,
            &Self::ACTIONS[3],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "",
            },
            &[&owner, &repo, ::restlax::__private::v5::path_value(&issue_number)],
            ::core::option::Option::None,
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `clear`, but panics instead of returning an error.
    ///
    /// `DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels` with `X-GitHub-Api-Version: 2022-11-28`, `Accept: application/vnd.github+json`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `clear` returns an error.
    #[track_caller]
    pub fn clear_or_panic(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        issue_number: u64,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> () {
        ::restlax::__private::v5::or_panic(
            Self::clear(client, owner, repo, issue_number, opts),
        )
    }
    /// Calls the `replace_raw` action.
    ///
    /// `PUT /repos/{owner}/{repo}/issues/{issue_number}/labels` with `X-GitHub-Api-Version: 2022-11-28`, `Accept: application/vnd.github.raw+json`
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `owner` (any `Display`): the `{owner}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `repo` (any `Display`): the `{repo}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `issue_number` (`u64`): the `{issue_number}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `body`: the request body, sent form-encoded (`application/x-www-form-urlencoded`; flat structs, maps and pairs).
    /// - `opts`: per-call query parameters, headers, timeout and retry (`restlax::Opts`); `()` for none.
    ///
    /// # Errors
    ///
    /// A `restlax::Error` whose `kind()` is
    ///
    /// - `InvalidRequest` when a path value is empty or the body does not serialize (nothing is sent then);
    /// - `Transport` when the connection fails or breaks (refused, reset, DNS, TLS);
    /// - `Timeout` when the call runs out of time;
    /// - `Api` when the API answers with a failure (see `Error::api_messages`);
    /// - `Decode` when the response is not a page of `Label`;
    /// - `BodyTooLarge` when the response body is larger than the client's limit;
    /// - `Redirect` when a redirect cannot be followed (a loop, too many, or a refused target).
    pub fn replace_raw(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        issue_number: u64,
        body: &impl ::restlax::__private::v5::Serialize,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<::restlax::Page<Self>, ::restlax::Error> {
        ::restlax::__private::v5::list(
            client,
            &Self::ACTIONS[4],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "",
            },
            &[&owner, &repo, ::restlax::__private::v5::path_value(&issue_number)],
            ::restlax::__private::v5::form(body),
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `replace_raw`, but panics instead of returning an error.
    ///
    /// `PUT /repos/{owner}/{repo}/issues/{issue_number}/labels` with `X-GitHub-Api-Version: 2022-11-28`, `Accept: application/vnd.github.raw+json`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `replace_raw` returns an error.
    #[track_caller]
    pub fn replace_raw_or_panic(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        issue_number: u64,
        body: &impl ::restlax::__private::v5::Serialize,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::restlax::Page<Self> {
        ::restlax::__private::v5::or_panic(
            Self::replace_raw(client, owner, repo, issue_number, body, opts),
        )
    }
}
