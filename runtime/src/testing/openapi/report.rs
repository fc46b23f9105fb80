//! What a check found: every problem at once, each naming the declaration and
//! the document's operation.

use std::fmt;

/// What kind of drift a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The declared path is not in the document (with any method).
    NotInDocument,
    /// The path is documented, but not with the declared method.
    WrongMethod,
    /// A placeholder's name differs from the document's parameter at that place.
    ParameterName,
    /// A typed placeholder's type does not fit the parameter's schema.
    ParameterType,
    /// The declaration sends a body the document does not take, leaves out a
    /// required one, or sends it in another media type.
    RequestBody,
    /// A documented answer does not decode into the declared model.
    Example,
    /// The document answers without a body where the declaration expects a value.
    EmptyAnswer,
    /// The document requires a property in every answer that the model has no field for.
    RequiredProperty,
    /// A documented operation under a checked prefix that no declaration covers.
    Undeclared,
    /// A recorded request body does not validate against the operation's
    /// request schema, or a recorded request matches no operation.
    RecordedRequest,
    /// The document itself cannot be used for a step (a schema that does not compile).
    Document,
}

/// One thing that differs between the declarations and the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub(super) kind: ProblemKind,
    pub(super) resource: Option<String>,
    pub(super) action: Option<String>,
    pub(super) operation: Option<String>,
    pub(super) message: String,
}

impl Problem {
    /// What kind of problem this is.
    pub fn kind(&self) -> ProblemKind {
        self.kind
    }

    /// The resource (struct) concerned; `None` for an operation no declaration covers.
    pub fn resource(&self) -> Option<&str> {
        self.resource.as_deref()
    }

    /// The action (function) concerned.
    pub fn action(&self) -> Option<&str> {
        self.action.as_deref()
    }

    /// The document's operation: `operationId METHOD /path` (the method and
    /// path alone when the document gives no `operationId`); for a path not in
    /// the document, the declared method and path.
    pub fn operation(&self) -> Option<&str> {
        self.operation.as_deref()
    }

    /// What is wrong and how to fix it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.resource, &self.action) {
            (Some(resource), Some(action)) => write!(f, "{resource}::{action}")?,
            (Some(resource), None) => f.write_str(resource)?,
            _ => f.write_str("(no declaration)")?,
        }
        if let Some(operation) = &self.operation {
            write!(f, " [{operation}]")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The result of [`Check::run`](super::Check::run): every problem found, in
/// the order of the declarations, then the undeclared operations, then the
/// recorded requests.
///
/// Its `Display` is one line for the document and one per problem:
///
/// ```text
/// cloudflare-user-members.json: 2 problems in 3 resources, 9 actions, 12 examples
///   Member::update [account-members-update-member PUT /accounts/{account_id}/members/{member_id}]: declared PATCH; the document has PUT for this path
///   (no declaration) [account-members-remove-member DELETE /accounts/{account_id}/members/{member_id}]: documented under `/accounts`, and no declaration covers it
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub(super) document: String,
    pub(super) problems: Vec<Problem>,
    pub(super) resources: usize,
    pub(super) actions: usize,
    pub(super) examples: usize,
    pub(super) requests: usize,
}

impl Report {
    /// Whether nothing was found.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// Every problem found.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// How many documented example answers were decoded.
    pub fn examples_decoded(&self) -> usize {
        self.examples
    }

    /// Panics with the whole report unless it [is ok](Self::is_ok): the line
    /// to end a test with.
    #[track_caller]
    pub fn assert_ok(&self) {
        if !self.is_ok() {
            panic!("{self}");
        }
    }
}

/// `1 action`, `2 actions`.
fn counted(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = match self.problems.len() {
            0 => "no problems".to_owned(),
            n => counted(n, "problem"),
        };
        write!(
            f,
            "{}: {count} in {}, {}, {}",
            self.document,
            counted(self.resources, "resource"),
            counted(self.actions, "action"),
            counted(self.examples, "example")
        )?;
        if self.requests > 0 {
            write!(f, ", {}", counted(self.requests, "recorded request"))?;
        }
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}
