/// A member of a Cloudflare account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    pub email: String,
}
impl Member {
    /// The path template `/accounts/<account_id>/members` declared for this resource (relative to the client's base URL).
    pub const PATH: &'static str = "/accounts/<account_id>/members";
    /// The actions this resource declares (name, method, path template,
    /// headers), in the order the functions are generated.
    pub const ACTIONS: &'static [::restlax::Action] = &[
        ::restlax::__private::v5::action(
            "index",
            ::restlax::Method::Get,
            "/accounts/<account_id>/members",
            &[
                ::restlax::__private::v5::Piece::Literal("/accounts/"),
                ::restlax::__private::v5::Piece::Param("account_id"),
                ::restlax::__private::v5::Piece::Literal("/members"),
            ],
            false,
            false,
            ::restlax::ActionKind::List,
            &[],
        ),
        ::restlax::__private::v5::action(
            "show",
            ::restlax::Method::Get,
            "/accounts/<account_id>/members/<id>",
            &[
                ::restlax::__private::v5::Piece::Literal("/accounts/"),
                ::restlax::__private::v5::Piece::Param("account_id"),
                ::restlax::__private::v5::Piece::Literal("/members/"),
                ::restlax::__private::v5::Piece::Param("id"),
            ],
            false,
            false,
            ::restlax::ActionKind::One,
            &[],
        ),
        ::restlax::__private::v5::action(
            "create",
            ::restlax::Method::Post,
            "/accounts/<account_id>/members",
            &[
                ::restlax::__private::v5::Piece::Literal("/accounts/"),
                ::restlax::__private::v5::Piece::Param("account_id"),
                ::restlax::__private::v5::Piece::Literal("/members"),
            ],
            true,
            false,
            ::restlax::ActionKind::One,
            &[],
        ),
        ::restlax::__private::v5::action(
            "update",
            ::restlax::Method::Put,
            "/accounts/<account_id>/members/<id>",
            &[
                ::restlax::__private::v5::Piece::Literal("/accounts/"),
                ::restlax::__private::v5::Piece::Param("account_id"),
                ::restlax::__private::v5::Piece::Literal("/members/"),
                ::restlax::__private::v5::Piece::Param("id"),
            ],
            true,
            false,
            ::restlax::ActionKind::One,
            &[],
        ),
        ::restlax::__private::v5::action(
            "delete",
            ::restlax::Method::Delete,
            "/accounts/<account_id>/members/<id>",
            &[
                ::restlax::__private::v5::Piece::Literal("/accounts/"),
                ::restlax::__private::v5::Piece::Param("account_id"),
                ::restlax::__private::v5::Piece::Literal("/members/"),
                ::restlax::__private::v5::Piece::Param("id"),
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
        "Member",
        Self::ACTIONS,
        &::restlax::__private::v5::details(
            &[],
            ::core::option::Option::None,
            ::restlax::__private::v5::typed::<Self>,
        ),
        &[],
    );
    /// Lists `Member` resources, one page at a time.
    ///
    /// `GET /accounts/{account_id}/members`
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `account_id` (any `Display`): the `{account_id}` path segment; percent-encoded as exactly one segment, must not be empty.
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
    /// - `Decode` when the response is not a page of `Member`;
    /// - `BodyTooLarge` when the response body is larger than the client's limit;
    /// - `Redirect` when a redirect cannot be followed (a loop, too many, or a refused target).
    pub fn index(
        client: &::restlax::Client,
        account_id: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<::restlax::Page<Self>, ::restlax::Error> {
        ::restlax::__private::v5::list(
            client,
            &Self::ACTIONS[0],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "",
            },
            &[&account_id],
            ::core::option::Option::None,
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `index`, but panics instead of returning an error.
    ///
    /// `GET /accounts/{account_id}/members`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `index` returns an error.
    #[track_caller]
    pub fn index_or_panic(
        client: &::restlax::Client,
        account_id: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::restlax::Page<Self> {
        ::restlax::__private::v5::or_panic(Self::index(client, account_id, opts))
    }
    /// Iterates over every item of `GET /accounts/{account_id}/members`, fetching page after page as the iterator is consumed.
    ///
    /// Only one page is held in memory. The walk keeps every query parameter of `opts` and changes only the page; it stops after the last page, on an empty page, or after yielding the first error.
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `account_id` (any `Display`): the `{account_id}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `opts`: per-call query parameters, headers, timeout and retry (`restlax::Opts`); `()` for none.
    pub fn index_all(
        client: &::restlax::Client,
        account_id: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::restlax::Pages<Self> {
        ::restlax::__private::v5::all(
            client,
            &Self::ACTIONS[0],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "",
            },
            &[&account_id],
            ::core::convert::Into::into(opts),
        )
    }
    /// Fetches one `Member`.
    ///
    /// `GET /accounts/{account_id}/members/{id}`
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `account_id` (any `Display`): the `{account_id}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `id` (any `Display`): the `{id}` path segment; percent-encoded as exactly one segment, must not be empty.
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
    /// - `Decode` when the response is not `Member`;
    /// - `BodyTooLarge` when the response body is larger than the client's limit;
    /// - `Redirect` when a redirect cannot be followed (a loop, too many, or a refused target).
    pub fn show(
        client: &::restlax::Client,
        account_id: impl ::core::fmt::Display,
        id: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<Self, ::restlax::Error> {
        ::restlax::__private::v5::one(
            client,
            &Self::ACTIONS[1],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "`show(returns = ())` on `Member`",
            },
            &[&account_id, &id],
            ::core::option::Option::None,
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `show`, but panics instead of returning an error.
    ///
    /// `GET /accounts/{account_id}/members/{id}`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `show` returns an error.
    #[track_caller]
    pub fn show_or_panic(
        client: &::restlax::Client,
        account_id: impl ::core::fmt::Display,
        id: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> Self {
        ::restlax::__private::v5::or_panic(Self::show(client, account_id, id, opts))
    }
    /// Creates a `Member`.
    ///
    /// `POST /accounts/{account_id}/members`
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `account_id` (any `Display`): the `{account_id}` path segment; percent-encoded as exactly one segment, must not be empty.
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
    /// - `Decode` when the response is not `Member`;
    /// - `BodyTooLarge` when the response body is larger than the client's limit;
    /// - `Redirect` when a redirect cannot be followed (a loop, too many, or a refused target).
    pub fn create(
        client: &::restlax::Client,
        account_id: impl ::core::fmt::Display,
        body: &impl ::restlax::__private::v5::Serialize,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<Self, ::restlax::Error> {
        ::restlax::__private::v5::one(
            client,
            &Self::ACTIONS[2],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "`create(returns = ())` on `Member`",
            },
            &[&account_id],
            ::restlax::__private::v5::body(body),
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `create`, but panics instead of returning an error.
    ///
    /// `POST /accounts/{account_id}/members`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `create` returns an error.
    #[track_caller]
    pub fn create_or_panic(
        client: &::restlax::Client,
        account_id: impl ::core::fmt::Display,
        body: &impl ::restlax::__private::v5::Serialize,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> Self {
        ::restlax::__private::v5::or_panic(Self::create(client, account_id, body, opts))
    }
    /// Updates a `Member`.
    ///
    /// `PUT /accounts/{account_id}/members/{id}`
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `account_id` (any `Display`): the `{account_id}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `id` (any `Display`): the `{id}` path segment; percent-encoded as exactly one segment, must not be empty.
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
    /// - `Decode` when the response is not `Member`;
    /// - `BodyTooLarge` when the response body is larger than the client's limit;
    /// - `Redirect` when a redirect cannot be followed (a loop, too many, or a refused target).
    pub fn update(
        client: &::restlax::Client,
        account_id: impl ::core::fmt::Display,
        id: impl ::core::fmt::Display,
        body: &impl ::restlax::__private::v5::Serialize,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<Self, ::restlax::Error> {
        ::restlax::__private::v5::one(
            client,
            &Self::ACTIONS[3],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "`update(returns = ())` on `Member`",
            },
            &[&account_id, &id],
            ::restlax::__private::v5::body(body),
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `update`, but panics instead of returning an error.
    ///
    /// `PUT /accounts/{account_id}/members/{id}`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `update` returns an error.
    #[track_caller]
    pub fn update_or_panic(
        client: &::restlax::Client,
        account_id: impl ::core::fmt::Display,
        id: impl ::core::fmt::Display,
        body: &impl ::restlax::__private::v5::Serialize,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> Self {
        ::restlax::__private::v5::or_panic(
            Self::update(client, account_id, id, body, opts),
        )
    }
    /// Deletes a `Member`.
    ///
    /// `DELETE /accounts/{account_id}/members/{id}`
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `account_id` (any `Display`): the `{account_id}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `id` (any `Display`): the `{id}` path segment; percent-encoded as exactly one segment, must not be empty.
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
    pub fn delete(
        client: &::restlax::Client,
        account_id: impl ::core::fmt::Display,
        id: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<(), ::restlax::Error> {
        ::restlax::__private::v5::unit(
            client,
            &Self::ACTIONS[4],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "",
            },
            &[&account_id, &id],
            ::core::option::Option::None,
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `delete`, but panics instead of returning an error.
    ///
    /// `DELETE /accounts/{account_id}/members/{id}`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `delete` returns an error.
    #[track_caller]
    pub fn delete_or_panic(
        client: &::restlax::Client,
        account_id: impl ::core::fmt::Display,
        id: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> () {
        ::restlax::__private::v5::or_panic(Self::delete(client, account_id, id, opts))
    }
}
