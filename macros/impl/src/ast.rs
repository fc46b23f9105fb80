//! The checked model of a declaration: what `expand` turns into code.

use syn::{Ident, Type};

use restlax_facts::Method;

/// A resource, as far as its declaration could be understood.
pub struct Resource {
    /// The resource path as the runtime sees it (`Template::text`).
    pub path: String,
    pub actions: Vec<Action>,
    /// `envelope = …` on the resource: a constant expression the expansion
    /// puts in one `const` for every action without an envelope of its own.
    pub envelope: Option<syn::Expr>,
}

/// One generated action.
pub struct Action {
    /// The function name (`show`, `by_external_id`).
    pub name: Ident,
    pub method: Method,
    /// The full path template, with a leading `/` and no placeholder types.
    pub path: String,
    /// The path parameters in template order.
    pub params: Vec<PathParam>,
    /// Whether the function takes a body.
    pub body: bool,
    /// Whether that body is sent form-encoded rather than as JSON.
    pub form: bool,
    /// The declared headers (the resource's, then the action's in place of any
    /// of the same name), as written.
    pub headers: Vec<(String, String)>,
    pub kind: Kind,
    /// Declared `walk`: a POST search that gets an `_all` walk.
    pub walk: bool,
    pub returns: Returns,
    pub doc: Option<String>,
    pub standard: Option<Standard>,
    /// `envelope = …` on this action itself (the resource's applies
    /// otherwise): a constant expression the expansion puts in a `const`.
    pub envelope: Option<syn::Expr>,
}

impl Action {
    /// Whether the action gets a lazy `_all` walk: a list fetched with GET, or
    /// one declared `walk` (a search sent with POST and a body, such as
    /// Notion's `POST …/query`). A walk re-sends the request for every next
    /// page, which only a read may do: a `list` on DELETE would delete page
    /// after page, and a POST that adds labels and answers with the list must
    /// not be sent again, so a POST walks only when declared to.
    pub fn walks(&self) -> bool {
        self.kind == Kind::List && (self.method == Method::Get || self.walk)
    }
}

/// One path parameter of a generated function.
#[derive(Clone)]
pub struct PathParam {
    pub name: Ident,
    /// The declared type (`<n: u64>`), or `None` for `impl Display`.
    pub ty: Option<Typed>,
}

/// A declared parameter type: the parsed type, spanned on where it is written,
/// and the text as written for the rustdoc.
#[derive(Clone)]
pub struct Typed {
    pub ty: Type,
    pub text: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    List,
    One,
    Unit,
}

pub enum Returns {
    SelfType,
    Type(Box<Type>),
}

/// The five standard actions.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Standard {
    Index,
    Show,
    Create,
    Update,
    Delete,
}

impl Standard {
    pub const ALL: [Standard; 5] = [
        Standard::Index,
        Standard::Show,
        Standard::Create,
        Standard::Update,
        Standard::Delete,
    ];
    pub const NAMES: [&'static str; 5] = ["index", "show", "create", "update", "delete"];

    pub fn from_name(name: &str) -> Option<Standard> {
        Standard::ALL.into_iter().find(|s| s.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Standard::Index => "index",
            Standard::Show => "show",
            Standard::Create => "create",
            Standard::Update => "update",
            Standard::Delete => "delete",
        }
    }
}
