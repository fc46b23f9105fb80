#[derive(Deserialize, Serialize)]
pub struct StateEvent {
    pub content: String,
}
impl StateEvent {
    /// The path template `/rooms/<room_id>/state/<event_type>` declared for this resource (relative to the client's base URL).
    pub const PATH: &'static str = "/rooms/<room_id>/state/<event_type>";
    /// The actions this resource declares (name, method, path template,
    /// headers), in the order the functions are generated.
    pub const ACTIONS: &'static [::restlax::Action] = &[
        ::restlax::__private::v5::action(
            "index",
            ::restlax::Method::Get,
            "/rooms/<room_id>/state/<event_type>",
            &[
                ::restlax::__private::v5::Piece::Literal("/rooms/"),
                ::restlax::__private::v5::Piece::Param("room_id"),
                ::restlax::__private::v5::Piece::Literal("/state/"),
                ::restlax::__private::v5::Piece::Param("event_type"),
            ],
            false,
            false,
            ::restlax::ActionKind::List,
            &[],
        ),
        ::restlax::__private::v5::action(
            "update",
            ::restlax::Method::Put,
            "/rooms/<room_id>/state/<event_type>/<state_key?>",
            &[
                ::restlax::__private::v5::Piece::Literal("/rooms/"),
                ::restlax::__private::v5::Piece::Param("room_id"),
                ::restlax::__private::v5::Piece::Literal("/state/"),
                ::restlax::__private::v5::Piece::Param("event_type"),
                ::restlax::__private::v5::Piece::Literal("/"),
                ::restlax::__private::v5::Piece::Param("state_key?"),
            ],
            true,
            false,
            ::restlax::ActionKind::Unit,
            &[],
        ),
        ::restlax::__private::v5::action(
            "delete",
            ::restlax::Method::Delete,
            "/rooms/<room_id>/state/<event_type>/<state_key?>",
            &[
                ::restlax::__private::v5::Piece::Literal("/rooms/"),
                ::restlax::__private::v5::Piece::Param("room_id"),
                ::restlax::__private::v5::Piece::Literal("/state/"),
                ::restlax::__private::v5::Piece::Param("event_type"),
                ::restlax::__private::v5::Piece::Literal("/"),
                ::restlax::__private::v5::Piece::Param("state_key?"),
            ],
            false,
            false,
            ::restlax::ActionKind::Unit,
            &[],
        ),
    ];
    #[doc(hidden)]
    #[allow(non_upper_case_globals)]
    const __RESTLAX_ENVELOPE: &'static dyn ::restlax::envelope::Envelope = &(Under(
        &["chunk"],
    ));
    #[doc(hidden)]
    #[allow(non_upper_case_globals)]
    const __RESTLAX_ENVELOPE_0: &'static dyn ::restlax::envelope::Envelope = &(Under(
        &["events"],
    ));
    /// This declaration as data (its name, `ACTIONS`, placeholder types,
    /// envelopes and models), for checking it against an API description:
    /// see `restlax::Declaration`.
    pub const DECLARATION: ::restlax::Declaration = ::restlax::__private::v5::declaration(
        "StateEvent",
        Self::ACTIONS,
        &::restlax::__private::v5::details(
            &[],
            ::core::option::Option::Some(Self::__RESTLAX_ENVELOPE),
            ::restlax::__private::v5::typed::<Self>,
        ),
        &[
            (
                0,
                ::restlax::__private::v5::details(
                    &[],
                    ::core::option::Option::Some(Self::__RESTLAX_ENVELOPE_0),
                    ::restlax::__private::v5::typed::<Self>,
                ),
            ),
        ],
    );
    /// Lists `StateEvent` resources, one page at a time.
    ///
    /// `GET /rooms/{room_id}/state/{event_type}`
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `room_id` (any `Display`): the `{room_id}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `event_type` (any `Display`): the `{event_type}` path segment; percent-encoded as exactly one segment, must not be empty.
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
    /// - `Decode` when the response is not a page of `StateEvent`;
    /// - `BodyTooLarge` when the response body is larger than the client's limit;
    /// - `Redirect` when a redirect cannot be followed (a loop, too many, or a refused target).
    pub fn index(
        client: &::restlax::Client,
        room_id: impl ::core::fmt::Display,
        event_type: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<::restlax::Page<Self>, ::restlax::Error> {
        ::restlax::__private::v5::list(
            client,
            &Self::ACTIONS[0],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::Some(Self::__RESTLAX_ENVELOPE_0),
                returns_unit: "",
            },
            &[&room_id, &event_type],
            ::core::option::Option::None,
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `index`, but panics instead of returning an error.
    ///
    /// `GET /rooms/{room_id}/state/{event_type}`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `index` returns an error.
    #[track_caller]
    pub fn index_or_panic(
        client: &::restlax::Client,
        room_id: impl ::core::fmt::Display,
        event_type: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::restlax::Page<Self> {
        ::restlax::__private::v5::or_panic(
            Self::index(client, room_id, event_type, opts),
        )
    }
    /// Iterates over every item of `GET /rooms/{room_id}/state/{event_type}`, fetching page after page as the iterator is consumed.
    ///
    /// Only one page is held in memory. The walk keeps every query parameter of `opts` and changes only the page; it stops after the last page, on an empty page, or after yielding the first error.
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `room_id` (any `Display`): the `{room_id}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `event_type` (any `Display`): the `{event_type}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `opts`: per-call query parameters, headers, timeout and retry (`restlax::Opts`); `()` for none.
    pub fn index_all(
        client: &::restlax::Client,
        room_id: impl ::core::fmt::Display,
        event_type: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::restlax::Pages<Self> {
        ::restlax::__private::v5::all(
            client,
            &Self::ACTIONS[0],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::Some(Self::__RESTLAX_ENVELOPE_0),
                returns_unit: "",
            },
            &[&room_id, &event_type],
            ::core::convert::Into::into(opts),
        )
    }
    /// Updates a `StateEvent`.
    ///
    /// `PUT /rooms/{room_id}/state/{event_type}/{state_key}`
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `room_id` (any `Display`): the `{room_id}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `event_type` (any `Display`): the `{event_type}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `state_key` (any `Display`): the `{state_key}` path segment; percent-encoded as exactly one segment, may be empty (the path then ends in `/`).
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
    /// - `BodyTooLarge` when the response body is larger than the client's limit;
    /// - `Redirect` when a redirect cannot be followed (a loop, too many, or a refused target).
    pub fn update(
        client: &::restlax::Client,
        room_id: impl ::core::fmt::Display,
        event_type: impl ::core::fmt::Display,
        state_key: impl ::core::fmt::Display,
        body: &impl ::restlax::__private::v5::Serialize,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<(), ::restlax::Error> {
        ::restlax::__private::v5::unit(
            client,
            &Self::ACTIONS[1],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::Some(Self::__RESTLAX_ENVELOPE),
                returns_unit: "",
            },
            &[&room_id, &event_type, &state_key],
            ::restlax::__private::v5::body(body),
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `update`, but panics instead of returning an error.
    ///
    /// `PUT /rooms/{room_id}/state/{event_type}/{state_key}`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `update` returns an error.
    #[track_caller]
    pub fn update_or_panic(
        client: &::restlax::Client,
        room_id: impl ::core::fmt::Display,
        event_type: impl ::core::fmt::Display,
        state_key: impl ::core::fmt::Display,
        body: &impl ::restlax::__private::v5::Serialize,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> () {
        ::restlax::__private::v5::or_panic(
            Self::update(client, room_id, event_type, state_key, body, opts),
        )
    }
    /// Deletes a `StateEvent`.
    ///
    /// `DELETE /rooms/{room_id}/state/{event_type}/{state_key}`
    ///
    /// # Parameters
    ///
    /// - `client`: the `restlax::Client` to call with.
    /// - `room_id` (any `Display`): the `{room_id}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `event_type` (any `Display`): the `{event_type}` path segment; percent-encoded as exactly one segment, must not be empty.
    /// - `state_key` (any `Display`): the `{state_key}` path segment; percent-encoded as exactly one segment, may be empty (the path then ends in `/`).
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
        room_id: impl ::core::fmt::Display,
        event_type: impl ::core::fmt::Display,
        state_key: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> ::core::result::Result<(), ::restlax::Error> {
        ::restlax::__private::v5::unit(
            client,
            &Self::ACTIONS[2],
            ::restlax::__private::v5::Declared {
                envelope: ::core::option::Option::Some(Self::__RESTLAX_ENVELOPE),
                returns_unit: "",
            },
            &[&room_id, &event_type, &state_key],
            ::core::option::Option::None,
            ::core::convert::Into::into(opts),
        )
    }
    /// Like `delete`, but panics instead of returning an error.
    ///
    /// `DELETE /rooms/{room_id}/state/{event_type}/{state_key}`
    ///
    /// # Panics
    ///
    /// With the error's one-line message (method, URL without secrets, status, the API's first message) wherever `delete` returns an error.
    #[track_caller]
    pub fn delete_or_panic(
        client: &::restlax::Client,
        room_id: impl ::core::fmt::Display,
        event_type: impl ::core::fmt::Display,
        state_key: impl ::core::fmt::Display,
        opts: impl ::core::convert::Into<::restlax::Opts>,
    ) -> () {
        ::restlax::__private::v5::or_panic(
            Self::delete(client, room_id, event_type, state_key, opts),
        )
    }
}
