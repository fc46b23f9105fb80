use crate::Method;

/// What an action sends and what it gets back; decides how the response is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ActionKind {
    /// A list of resources (`index`, or a custom action marked `list`): decoded into a [`Page`](crate::Page).
    List,
    /// One value (`show`, `create`, `update`, most custom actions).
    One,
    /// No value (`delete`, custom actions returning `()`): the body is only checked for failures.
    Unit,
}

/// One action a resource declares: its function name, HTTP method, path template,
/// body and headers. How its answer is read (an `envelope = …` the
/// declaration names) is code, not part of this data.
///
/// `#[resource]` emits a table of these as `ACTIONS` on every resource so tests and
/// tools can check declarations against an API description (e.g. an OpenAPI document)
/// without calling anything.
///
/// ```
/// use restlax::{resource, Method};
///
/// #[resource(path = "/accounts/<account_id>/members", actions(index, show))]
/// #[derive(serde::Deserialize)]
/// struct Member { id: String }
///
/// let show = Member::ACTIONS.iter().find(|a| a.name == "show").unwrap();
/// assert_eq!(show.method, Method::Get);
/// assert_eq!(show.path, "/accounts/<account_id>/members/<id>");
/// assert_eq!(show.path_params().collect::<Vec<_>>(), ["account_id", "id"]);
/// assert_eq!(show.openapi_path(), "/accounts/{account_id}/members/{id}");
/// assert!(show.headers.is_empty());
/// ```
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct Action {
    /// The generated function's name, e.g. `"show"` or `"by_external_id"`.
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, with `<name>` placeholders, always starting with `/`.
    /// A placeholder whose value may be empty is written `<name?>`, only as
    /// the last segment.
    pub path: &'static str,
    /// Whether the function takes a body (JSON, or form-encoded when [`form`](Self::form) is set).
    pub body: bool,
    /// Whether the body is sent as `application/x-www-form-urlencoded` (an
    /// action declared with `form`) rather than JSON.
    pub form: bool,
    /// What the response holds.
    pub kind: ActionKind,
    /// The headers the declaration sends with this action (`header("Name", "value")`
    /// on the resource or the action), as written. They replace the client's
    /// headers of the same name; a header set per call with [`Opts`](crate::Opts)
    /// replaces them.
    pub headers: &'static [(&'static str, &'static str)],
    /// [`path`](Self::path) split into literal text and placeholders by
    /// `#[resource]` at compile time, so a call does not parse its template;
    /// empty for an `Action` built at run time, whose template is parsed.
    pub(crate) pieces: &'static [crate::path::Piece<'static>],
}

/// The fields of an [`Action`] that say what it is: everything but its
/// pieces, which are its path split (present or not, the action is the same).
type Identity<'a> = (
    &'static str,
    Method,
    &'static str,
    bool,
    bool,
    ActionKind,
    &'a [(&'static str, &'static str)],
);

impl Action {
    fn identity(&self) -> Identity<'_> {
        (
            self.name,
            self.method,
            self.path,
            self.body,
            self.form,
            self.kind,
            self.headers,
        )
    }
}

impl PartialEq for Action {
    fn eq(&self, other: &Self) -> bool {
        self.identity() == other.identity()
    }
}

impl Eq for Action {}

impl std::hash::Hash for Action {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.identity().hash(state);
    }
}

impl std::fmt::Debug for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Action")
            .field("name", &self.name)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("body", &self.body)
            .field("form", &self.form)
            .field("kind", &self.kind)
            .field("headers", &self.headers)
            .finish()
    }
}

impl Action {
    #[doc(hidden)]
    pub const fn new(
        name: &'static str,
        method: Method,
        path: &'static str,
        body: bool,
        kind: ActionKind,
    ) -> Self {
        Action {
            name,
            method,
            path,
            body,
            form: false,
            kind,
            headers: &[],
            pieces: &[],
        }
    }

    /// The placeholder names of [`path`](Self::path), in template order.
    pub fn path_params(&self) -> impl Iterator<Item = &'static str> {
        self.pieces().filter_map(|piece| match piece {
            crate::path::Piece::Param(name) => Some(name.trim_end_matches('?')),
            crate::path::Piece::Literal(_) => None,
        })
    }

    /// The pieces of [`path`](Self::path): the macro's, or the template parsed.
    pub(crate) fn pieces(&self) -> crate::path::Pieces<'static> {
        crate::path::Pieces::of(self.pieces, self.path)
    }

    /// The declared [`headers`](Self::headers), validated for sending.
    pub(crate) fn declared_headers(&self) -> Result<Vec<crate::header::Header>, crate::Error> {
        self.headers
            .iter()
            .map(|(name, value)| crate::header::Header::new(name, value, false))
            .collect()
    }

    /// The path in OpenAPI form: `<id>` becomes `{id}`.
    pub fn openapi_path(&self) -> String {
        self.path
            .replace("?>", ">")
            .replace('<', "{")
            .replace('>', "}")
    }
}

impl Action {
    /// How spans and logs name a call of this action: its name and template.
    pub(crate) fn label(&self) -> crate::request::Label {
        crate::request::Label {
            name: self.name,
            template: self.path,
        }
    }
}
