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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
        }
    }

    /// The placeholder names of [`path`](Self::path), in template order.
    pub fn path_params(&self) -> impl Iterator<Item = &'static str> {
        crate::path::Template::new(self.path).filter_map(|piece| match piece {
            crate::path::Piece::Param(name) => Some(name.trim_end_matches('?')),
            crate::path::Piece::Literal(_) => None,
        })
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
