/// An issue of a GitHub repository.
#[derive(Deserialize)]
pub struct Issue {
    pub number: u64,
}
impl Issue {
    /// The path template `/repos/<owner>/<repo>/issues` declared for this resource (relative to the client's base URL).
    pub const PATH: &'static str = "/repos/<owner>/<repo>/issues";
    /// The actions this resource declares (name, method, path template,
    /// headers), in the order the functions are generated.
    pub const ACTIONS: &'static [::restlax::Action] = &[
        ::restlax::__private::v5::action(
            "index",
            ::restlax::Method::Get,
            "/repos/<owner>/<repo>/issues",
            &[
                ::restlax::__private::v5::Piece::Literal("/repos/"),
                ::restlax::__private::v5::Piece::Param("owner"),
                ::restlax::__private::v5::Piece::Literal("/"),
                ::restlax::__private::v5::Piece::Param("repo"),
                ::restlax::__private::v5::Piece::Literal("/issues"),
            ],
            false,
            false,
            ::restlax::ActionKind::List,
            &[],
        ),
        ::restlax::__private::v5::action(
            "show",
            ::restlax::Method::Get,
            "/repos/<owner>/<repo>/issues/<issue_number>",
            &[
                ::restlax::__private::v5::Piece::Literal("/repos/"),
                ::restlax::__private::v5::Piece::Param("owner"),
                ::restlax::__private::v5::Piece::Literal("/"),
                ::restlax::__private::v5::Piece::Param("repo"),
                ::restlax::__private::v5::Piece::Literal("/issues/"),
                ::restlax::__private::v5::Piece::Param("issue_number"),
            ],
            false,
            false,
            ::restlax::ActionKind::One,
            &[],
        ),
        ::restlax::__private::v5::action(
            "lock",
            ::restlax::Method::Put,
            "/repos/<owner>/<repo>/issues/<issue_number>/lock",
            &[
                ::restlax::__private::v5::Piece::Literal("/repos/"),
                ::restlax::__private::v5::Piece::Param("owner"),
                ::restlax::__private::v5::Piece::Literal("/"),
                ::restlax::__private::v5::Piece::Param("repo"),
                ::restlax::__private::v5::Piece::Literal("/issues/"),
                ::restlax::__private::v5::Piece::Param("issue_number"),
                ::restlax::__private::v5::Piece::Literal("/lock"),
            ],
            false,
            false,
            ::restlax::ActionKind::Unit,
            &[],
        ),
        ::restlax::__private::v5::action(
            "exists",
            ::restlax::Method::Head,
            "/repos/<owner>/<repo>/issues/<issue_number>",
            &[
                ::restlax::__private::v5::Piece::Literal("/repos/"),
                ::restlax::__private::v5::Piece::Param("owner"),
                ::restlax::__private::v5::Piece::Literal("/"),
                ::restlax::__private::v5::Piece::Param("repo"),
                ::restlax::__private::v5::Piece::Literal("/issues/"),
                ::restlax::__private::v5::Piece::Param("issue_number"),
            ],
            false,
            false,
            ::restlax::ActionKind::Unit,
            &[],
        ),
    ];
    /// This declaration as data (its name, `ACTIONS`, placeholder types,
    /// envelopes and models), for checking it against an API description:
    /// see `restlax::Declaration`.
    pub const DECLARATION: ::restlax::Declaration = ::restlax::__private::v5::declaration(
        "Issue",
        Self::ACTIONS,
        &::restlax::__private::v5::details(
            &[("issue_number", "u64")],
            ::core::option::Option::None,
            ::restlax::__private::v5::typed::<Self>,
        ),
        &[],
    );
    /// Lists `Issue` resources, one page at a time.
    ///
    /// `GET /repos/{owner}/{repo}/issues`
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `owner` (any `Display`): the `{owner}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `repo` (any `Display`): the `{repo}` path segment; percent-encoded as exactly one segment, must not be empty.
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
    /// - `Decode` when the response is not a page of `Issue`;
    /// - `BodyTooLarge` when the response body is larger than the client's limit;
    /// - `Redirect` when a redirect cannot be followed (a loop, too many, or a refused target).
    pub fn index(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<::restlax::Page<Self>, ::restlax::Error> {
        ::restlax::__private::v5::list(
            client,
            &Self::ACTIONS[0],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "",
            },
            &[&owner, &repo],
            ::core::option::Option::None,
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `index`, but panics instead of returning an error.
    ///
    /// `GET /repos/{owner}/{repo}/issues`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `index` returns an error.
    #[track_caller]
    pub fn index_or_panic(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::restlax::Page<Self> {
        ::restlax::__private::v5::or_panic(Self::index(client, owner, repo, opts))
    }
    /// Iterates over every item of `GET /repos/{owner}/{repo}/issues`, fetching page after page as the iterator is consumed.
    ///
    /// Only one page is held in memory. The walk keeps every query parameter of `opts` and changes only the page; it stops after the last page, on an empty page, or after yielding the first error.
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `owner` (any `Display`): the `{owner}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `repo` (any `Display`): the `{repo}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `opts`: per-call query parameters, headers, timeout and retry (`restlax::Opts`); `()` for none.
    pub fn index_all(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::restlax::Pages<Self> {
        ::restlax::__private::v5::all(
            client,
            &Self::ACTIONS[0],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "",
            },
            &[&owner, &repo],
            ::core::convert::Into::into(opts),
        )
    }
    /// Fetches one `Issue`.
    ///
    /// `GET /repos/{owner}/{repo}/issues/{issue_number}`
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
    /// - `Decode` when the response is not `Issue`;
    /// - `BodyTooLarge` when the response body is larger than the client's limit;
    /// - `Redirect` when a redirect cannot be followed (a loop, too many, or a refused target).
    pub fn show(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        issue_number: u64,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<Self, ::restlax::Error> {
        ::restlax::__private::v5::one(
            client,
            &Self::ACTIONS[1],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "`show(returns = ())` on `Issue`",
            },
            &[&owner, &repo, ::restlax::__private::v5::path_value(&issue_number)],
            ::core::option::Option::None,
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `show`, but panics instead of returning an error.
    ///
    /// `GET /repos/{owner}/{repo}/issues/{issue_number}`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `show` returns an error.
    #[track_caller]
    pub fn show_or_panic(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        issue_number: u64,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> Self {
        ::restlax::__private::v5::or_panic(
            Self::show(client, owner, repo, issue_number, opts),
        )
    }
    /// Calls the `lock` action.
    ///
    /// `PUT /repos/{owner}/{repo}/issues/{issue_number}/lock`
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
    pub fn lock(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        issue_number: u64,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<(), ::restlax::Error> {
        ::restlax::__private::v5::unit(
            client,
            &Self::ACTIONS[2],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "",
            },
            &[&owner, &repo, ::restlax::__private::v5::path_value(&issue_number)],
            ::core::option::Option::None,
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `lock`, but panics instead of returning an error.
    ///
    /// `PUT /repos/{owner}/{repo}/issues/{issue_number}/lock`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `lock` returns an error.
    #[track_caller]
    pub fn lock_or_panic(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        issue_number: u64,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> () {
        ::restlax::__private::v5::or_panic(
            Self::lock(client, owner, repo, issue_number, opts),
        )
    }
    /// Calls the `exists` action.
    ///
    /// `HEAD /repos/{owner}/{repo}/issues/{issue_number}`
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
    pub fn exists(
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
    /// Like `exists`, but panics instead of returning an error.
    ///
    /// `HEAD /repos/{owner}/{repo}/issues/{issue_number}`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `exists` returns an error.
    #[track_caller]
    pub fn exists_or_panic(
        client: &::restlax::Client,
        owner: impl ::core::fmt::Display,
        repo: impl ::core::fmt::Display,
        issue_number: u64,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> () {
        ::restlax::__private::v5::or_panic(
            Self::exists(client, owner, repo, issue_number, opts),
        )
    }
}
