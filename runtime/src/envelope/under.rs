use super::Envelope;

/// The data sits under these object keys, and so does a list: for an API
/// that wraps each endpoint's answer under its own key (Matrix's `chunk`,
/// `joined_rooms` and `users`, MLflow's `experiments` and `runs`), declared
/// per resource or action, so one client serves them all. Lists are paged by
/// the `Link` header, as with [`Plain`](super::Plain); failures are read as
/// the client's default reader reads them.
///
/// A constant, so it can be written in a declaration:
///
/// ```
/// use restlax::envelope::Under;
/// use restlax::resource;
///
/// /// `GET /_matrix/client/v3/joined_rooms` answers `{"joined_rooms": ["!a:x", …]}`.
/// #[resource(path = "/_matrix/client/v3/joined_rooms", actions(index(returns = String)),
///            envelope = Under(&["joined_rooms"]))]
/// #[derive(serde::Deserialize)]
/// struct JoinedRoom;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Under(pub &'static [&'static str]);

impl Envelope for Under {
    fn data(&self) -> &[&str] {
        self.0
    }
}
