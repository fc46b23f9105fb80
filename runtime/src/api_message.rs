//! The API's own messages about a failure, one by one and as a bounded list.

use std::fmt;
use std::ops::Deref;

/// How many messages an [`ApiMessages`] keeps: enough for any real validation
/// failure, few enough that a hostile body cannot make an error large.
pub const MAX_API_MESSAGES: usize = 100;

/// One message an API gave about a failure: Cloudflare's `errors[]`, Pterodactyl's
/// `errors[].detail`, or a generic `{"error": …}` / `{"message": …}` body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ApiMessage {
    code: Option<String>,
    message: String,
    field: Option<String>,
    /// The message was spelled from the field and code (the API gave no prose).
    spelled: bool,
}

impl ApiMessage {
    /// A message with no code and no field.
    pub fn new(message: impl Into<String>) -> Self {
        ApiMessage {
            code: None,
            message: message.into(),
            field: None,
            spelled: false,
        }
    }

    /// A message spelled from what failed, for APIs that give no prose.
    pub(crate) fn spelled(message: impl Into<String>) -> Self {
        ApiMessage {
            spelled: true,
            ..ApiMessage::new(message)
        }
    }

    /// Sets the API's own code (`7003`, `"NotFoundHttpException"`).
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Sets the request field the message is about (Pterodactyl's `meta.source_field`).
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// The API's own code, as text.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The human-readable message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The request field this message is about, when the API says.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }
}

impl fmt::Display for ApiMessage {
    /// `field: message (code c)`; a message made of its field and code (GitHub's
    /// `Issue.title missing_field`) is shown as it is.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.spelled {
            return f.write_str(&self.message);
        }
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(code) = &self.code {
            write!(f, " (code {code})")?;
        }
        Ok(())
    }
}

/// The messages an API gave about one failure: the first [`MAX_API_MESSAGES`]
/// kept in order, the rest only counted (see [`dropped`](Self::dropped)), so an
/// error body of millions of tiny messages costs no more than its bytes.
///
/// It derefs to a slice of the kept messages and collects from any iterator of
/// [`ApiMessage`], which is how an [`Envelope`](crate::envelope::Envelope)
/// builds one:
///
/// ```
/// use restlax::{ApiMessage, ApiMessages, MAX_API_MESSAGES};
///
/// let messages: ApiMessages = (0..250).map(|i| ApiMessage::new(format!("bad row {i}"))).collect();
/// assert_eq!(messages.len(), MAX_API_MESSAGES);
/// assert_eq!(messages[0].message(), "bad row 0");
/// assert_eq!(messages.dropped(), 150);
/// assert_eq!(messages.total(), 250);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ApiMessages {
    kept: Vec<ApiMessage>,
    dropped: u64,
    summary: Option<String>,
}

impl ApiMessages {
    /// No messages.
    pub fn new() -> Self {
        ApiMessages::default()
    }

    /// Adds a message: kept while fewer than [`MAX_API_MESSAGES`] are, counted
    /// as dropped after that.
    pub fn push(&mut self, message: ApiMessage) {
        if self.is_full() {
            self.dropped = self.dropped.saturating_add(1);
        } else {
            self.kept.push(message);
        }
    }

    /// Whether [`MAX_API_MESSAGES`] are kept, so the next one [`push`](Self::push)ed is
    /// only counted (a reader can then skip building it).
    pub fn is_full(&self) -> bool {
        self.kept.len() >= MAX_API_MESSAGES
    }

    /// How many messages were counted but not kept.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// How many messages the API gave: the kept ones plus the dropped ones.
    pub fn total(&self) -> u64 {
        (self.kept.len() as u64).saturating_add(self.dropped)
    }

    /// The kept messages.
    pub fn as_slice(&self) -> &[ApiMessage] {
        &self.kept
    }

    /// What the body said about the failure as a whole, when it also listed
    /// its parts: GitHub's `"message": "Validation Failed"` next to `errors`.
    pub fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }

    /// Sets the [`summary`](Self::summary).
    pub fn with_summary(mut self, summary: impl Into<String>) -> Self {
        self.summary = Some(summary.into());
        self
    }
}

impl ApiMessages {
    /// Rewrites every text the messages hold (codes, messages, fields, the
    /// summary): how an error hides secret values a server echoed.
    pub(crate) fn rewrite(&mut self, f: &dyn Fn(&mut String)) {
        for message in &mut self.kept {
            message.rewrite(f);
        }
        if let Some(summary) = &mut self.summary {
            f(summary);
        }
    }
}

impl ApiMessage {
    fn rewrite(&mut self, f: &dyn Fn(&mut String)) {
        f(&mut self.message);
        if let Some(code) = &mut self.code {
            f(code);
        }
        if let Some(field) = &mut self.field {
            f(field);
        }
    }
}

impl Deref for ApiMessages {
    type Target = [ApiMessage];

    fn deref(&self) -> &[ApiMessage] {
        &self.kept
    }
}

impl Extend<ApiMessage> for ApiMessages {
    fn extend<I: IntoIterator<Item = ApiMessage>>(&mut self, messages: I) {
        for message in messages {
            self.push(message);
        }
    }
}

impl FromIterator<ApiMessage> for ApiMessages {
    fn from_iter<I: IntoIterator<Item = ApiMessage>>(messages: I) -> Self {
        let mut out = ApiMessages::new();
        out.extend(messages);
        out
    }
}

impl From<Vec<ApiMessage>> for ApiMessages {
    fn from(messages: Vec<ApiMessage>) -> Self {
        messages.into_iter().collect()
    }
}

impl From<ApiMessage> for ApiMessages {
    fn from(message: ApiMessage) -> Self {
        let mut out = ApiMessages::new();
        out.push(message);
        out
    }
}

impl<'a> IntoIterator for &'a ApiMessages {
    type Item = &'a ApiMessage;
    type IntoIter = std::slice::Iter<'a, ApiMessage>;

    fn into_iter(self) -> Self::IntoIter {
        self.kept.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_and_counts_the_rest() {
        let mut messages: ApiMessages = vec![ApiMessage::new("a"); MAX_API_MESSAGES].into();
        assert!(messages.is_full());
        assert_eq!(messages.dropped(), 0);
        messages.push(ApiMessage::new("b"));
        assert_eq!(messages.len(), MAX_API_MESSAGES);
        assert!(messages.iter().all(|m| m.message() == "a"));
        assert_eq!((messages.dropped(), messages.total()), (1, 101));
    }
}
