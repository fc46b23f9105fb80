//! The HTTP methods a declaration can name.
//!
//! The runtime's `restlax::Method` is the other copy of this list (the proc-macro
//! side cannot depend on the runtime, which depends on it);
//! `tests/tests/facts.rs` fails when the two drift apart.

/// An HTTP method, as written in a declaration and as the runtime's
/// `restlax::Method` variant it expands to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`: custom actions only; no body either way, returns `()`.
    Head,
}

impl Method {
    /// Every method, in the order error messages list them.
    pub const ALL: [Method; 6] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
        Method::Head,
    ];

    /// The method named exactly `name` (`"GET"`), if any.
    pub fn from_name(name: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == name)
    }

    /// The method as written and sent, e.g. `"PATCH"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
        }
    }

    /// The name of the `restlax::Method` variant, e.g. `"Patch"`.
    pub fn variant(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Patch => "Patch",
            Method::Delete => "Delete",
            Method::Head => "Head",
        }
    }

    /// Whether a request with this method can carry a body.
    pub fn takes_body(self) -> bool {
        !matches!(self, Method::Get | Method::Head)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for method in Method::ALL {
            assert_eq!(Method::from_name(method.as_str()), Some(method));
            assert_eq!(method.variant().to_ascii_uppercase(), method.as_str());
        }
        assert_eq!(Method::from_name("get"), None);
    }
}
