//! The checked model of a declaration: what `expand` turns into code.

use syn::{Ident, Type};

/// A resource whose declaration passed every check.
pub struct Resource {
    pub path: String,
    pub actions: Vec<Action>,
}

/// One generated action.
pub struct Action {
    /// The function name (`show`, `by_external_id`).
    pub name: Ident,
    /// The runtime's `Method` variant (`Get`, `Post`, …).
    pub method: Method,
    /// The full path template, with a leading `/`.
    pub path: String,
    /// Placeholder names in template order; they become parameters.
    pub params: Vec<Ident>,
    pub body: bool,
    pub kind: Kind,
    pub returns: Returns,
    pub doc: Option<String>,
    pub standard: Option<Standard>,
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

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub const ALL: [&'static str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    pub fn from_str(method: &str) -> Option<Method> {
        Some(match method {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    pub fn variant(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Patch => "Patch",
            Method::Delete => "Delete",
        }
    }
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
