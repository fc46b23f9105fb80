#[derive(Deserialize)]
pub struct Account {
    pub uid: String,
}
impl Account {
    /// The path template `/account` declared for this resource (relative to the client's base URL).
    pub const PATH: &'static str = "/account";
    /// The actions this resource declares (name, method, path template,
    /// headers), in the order the functions are generated.
    pub const ACTIONS: &'static [::restlax::Action] = &[
        ::restlax::__private::v5::action(
            "show",
            ::restlax::Method::Get,
            "/account",
            &[::restlax::__private::v5::Piece::Literal("/account")],
            false,
            false,
            ::restlax::ActionKind::One,
            &[],
        ),
        ::restlax::__private::v5::action(
            "update",
            ::restlax::Method::Put,
            "/account",
            &[::restlax::__private::v5::Piece::Literal("/account")],
            true,
            false,
            ::restlax::ActionKind::One,
            &[],
        ),
        ::restlax::__private::v5::action(
            "login",
            ::restlax::Method::Post,
            "/account",
            &[::restlax::__private::v5::Piece::Literal("/account")],
            true,
            false,
            ::restlax::ActionKind::One,
            &[],
        ),
    ];
    /// This declaration as data (its name, `ACTIONS`, placeholder types,
    /// envelopes and models), for checking it against an API description:
    /// see `restlax::Declaration`.
    pub const DECLARATION: ::restlax::Declaration = ::restlax::__private::v5::declaration(
        "Account",
        Self::ACTIONS,
        &::restlax::__private::v5::details(
            &[],
            ::core::option::Option::None,
            ::restlax::__private::v5::typed::<Self>,
        ),
        &[
            (
                2,
                ::restlax::__private::v5::details(
                    &[],
                    ::core::option::Option::None,
                    ::restlax::__private::v5::typed::<Login>,
                ),
            ),
        ],
    );
    /// Fetches one `Account`.
    ///
    /// `GET /account`
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
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
    /// - `Decode` when the response is not `Account`;
    /// - `BodyTooLarge` when the response body is larger than the client's limit;
    /// - `Redirect` when a redirect cannot be followed (a loop, too many, or a refused target).
    pub fn show(
        client: &::restlax::Client,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<Self, ::restlax::Error> {
        ::restlax::__private::v5::one(
            client,
            &Self::ACTIONS[0],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "`show(returns = ())` on `Account`",
            },
            &[],
            ::core::option::Option::None,
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `show`, but panics instead of returning an error.
    ///
    /// `GET /account`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `show` returns an error.
    #[track_caller]
    pub fn show_or_panic(
        client: &::restlax::Client,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> Self {
        ::restlax::__private::v5::or_panic(Self::show(client, opts))
    }
    /// Updates a `Account`.
    ///
    /// `PUT /account`
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
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
    /// - `Decode` when the response is not `Account`;
    /// - `BodyTooLarge` when the response body is larger than the client's limit;
    /// - `Redirect` when a redirect cannot be followed (a loop, too many, or a refused target).
    pub fn update(
        client: &::restlax::Client,
        body: &impl ::restlax::__private::v5::Serialize,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<Self, ::restlax::Error> {
        ::restlax::__private::v5::one(
            client,
            &Self::ACTIONS[1],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "`update(returns = ())` on `Account`",
            },
            &[],
            ::restlax::__private::v5::body(body),
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `update`, but panics instead of returning an error.
    ///
    /// `PUT /account`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `update` returns an error.
    #[track_caller]
    pub fn update_or_panic(
        client: &::restlax::Client,
        body: &impl ::restlax::__private::v5::Serialize,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> Self {
        ::restlax::__private::v5::or_panic(Self::update(client, body, opts))
    }
    /// Logs in with a device token.
    ///
    /// `POST /account`
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
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
    /// - `Decode` when the response is not `Login`;
    /// - `BodyTooLarge` when the response body is larger than the client's limit;
    /// - `Redirect` when a redirect cannot be followed (a loop, too many, or a refused target).
    pub fn login(
        client: &::restlax::Client,
        body: &impl ::restlax::__private::v5::Serialize,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<Login, ::restlax::Error> {
        ::restlax::__private::v5::one(
            client,
            &Self::ACTIONS[2],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "`returns = ()` in `action(name = login, …)` on `Account`",
            },
            &[],
            ::restlax::__private::v5::body(body),
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `login`, but panics instead of returning an error.
    ///
    /// `POST /account`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `login` returns an error.
    #[track_caller]
    pub fn login_or_panic(
        client: &::restlax::Client,
        body: &impl ::restlax::__private::v5::Serialize,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> Login {
        ::restlax::__private::v5::or_panic(Self::login(client, body, opts))
    }
}
