use core::fmt;

/// An HTTP method a declared action can use.
///
/// restlax keeps its own small enum rather than `http::Method` so that action
/// tables can be `const` and so that idempotency (which decides retries) is
/// answered in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
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
    /// `HEAD`
    Head,
}

impl Method {
    /// Every method, in the order `#[resource]`'s error messages list them.
    pub const ALL: [Method; 6] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
        Method::Head,
    ];

    /// The method named exactly `name` (`"GET"`, not `"get"`), if any.
    ///
    /// ```
    /// use restlax_facts::Method;
    ///
    /// assert_eq!(Method::from_name("DELETE"), Some(Method::Delete));
    /// assert_eq!(Method::from_name("get"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == name)
    }

    /// The method as it goes on the wire, e.g. `"PATCH"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
        }
    }

    /// The name of this variant, e.g. `"Patch"`: what the expansion of
    /// `#[resource]` writes after `::restlax::Method::`.
    pub const fn variant_name(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Patch => "Patch",
            Method::Delete => "Delete",
            Method::Head => "Head",
        }
    }

    /// Whether sending the request twice has the same effect as sending it once
    /// (RFC 9110 §9.2.2). Only idempotent requests are retried by default.
    pub const fn is_idempotent(self) -> bool {
        matches!(
            self,
            Method::Get | Method::Head | Method::Put | Method::Delete
        )
    }

    /// Whether a declared action with this method sends a body: all but `GET`
    /// and `HEAD`, on which RFC 9110 gives a body no defined meaning.
    pub const fn takes_body(self) -> bool {
        !matches!(self, Method::Get | Method::Head)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for method in Method::ALL {
            assert_eq!(Method::from_name(method.as_str()), Some(method));
            assert!(method.variant_name().eq_ignore_ascii_case(method.as_str()));
        }
        assert_eq!(Method::from_name("get"), None);
        assert_eq!(Method::from_name(""), None);
    }

    #[test]
    fn idempotent_methods_are_those_of_rfc_9110() {
        let idempotent: [bool; 6] = Method::ALL.map(Method::is_idempotent);
        assert_eq!(idempotent, [true, false, true, false, true, true]);
    }

    #[test]
    fn only_get_and_head_take_no_body() {
        let bodies: [bool; 6] = Method::ALL.map(Method::takes_body);
        assert_eq!(bodies, [false, true, true, true, true, false]);
    }
}
