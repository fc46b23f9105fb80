#[derive(Deserialize)]
pub struct Broken {
    pub id: String,
}
::core::compile_error! {
    "empty placeholder `<>`: write the parameter's name between the brackets, e.g. `<id>`"
}
::core::compile_error! {
    "unknown action `shwo`, did you mean `show`?"
}
impl Broken {
    /// The path template `/a/<param>` declared for this resource (relative to the client's base URL).
    pub const PATH: &'static str = "/a/<param>";
    /// The actions this resource declares (name, method, path template,
    /// headers), in the order the functions are generated.
    pub const ACTIONS: &'static [::restlax::Action] = &[
        ::restlax::__private::v5::action(
            "show",
            ::restlax::Method::Get,
            "/a/<param>/<id>",
            &[
                ::restlax::__private::v5::Piece::Literal("/a/"),
                ::restlax::__private::v5::Piece::Param("param"),
                ::restlax::__private::v5::Piece::Literal("/"),
                ::restlax::__private::v5::Piece::Param("id"),
            ],
            false,
            false,
            ::restlax::ActionKind::One,
            &[],
        ),
    ];
    /// This declaration as data (its name, `ACTIONS`, placeholder types,
    /// envelopes and models), for checking it against an API description:
    /// see `restlax::Declaration`.
    pub const DECLARATION: ::restlax::Declaration = ::restlax::__private::v5::declaration(
        "Broken",
        Self::ACTIONS,
        &::restlax::__private::v5::details(
            &[],
            ::core::option::Option::None,
            ::restlax::__private::v5::typed::<Self>,
        ),
        &[],
    );
    /// Fetches one `Broken`.
    ///
    /// `GET /a/{param}/{id}`
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `param` (any `Display`): the `{param}` path segment; percent-encoded as exactly one segment, must not be empty.
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
    /// - `Decode` when the response is not `Broken`;
    /// - `BodyTooLarge` when the response body is larger than the client's limit;
    /// - `Redirect` when a redirect cannot be followed (a loop, too many, or a refused target).
    pub fn show(
        client: &::restlax::Client,
        param: impl ::core::fmt::Display,
        id: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<Self, ::restlax::Error> {
        ::restlax::__private::v5::one(
            client,
            &Self::ACTIONS[0],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::None,
                returns_unit: "`show(returns = ())` on `Broken`",
            },
            &[&param, &id],
            ::core::option::Option::None,
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `show`, but panics instead of returning an error.
    ///
    /// `GET /a/{param}/{id}`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `show` returns an error.
    #[track_caller]
    pub fn show_or_panic(
        client: &::restlax::Client,
        param: impl ::core::fmt::Display,
        id: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> Self {
        ::restlax::__private::v5::or_panic(Self::show(client, param, id, opts))
    }
}
