//! From a document to declarations: see [`scaffold`].

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::fmt::Write as _;

use serde_json::Value;

use super::document::{Document, MAX_NESTING, Operation};
use super::paths::{self, Piece};
use crate::Method;

/// Which operations [`scaffold`] declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Select<'a> {
    /// Those whose path is this prefix or below it, segment-wise (`"/"`: all).
    Prefix(&'a str),
    /// Those with this tag.
    Tag(&'a str),
}

/// At most this many model structs are written; deeper types become
/// `serde_json::Value`.
const MAX_MODELS: usize = 5000;

/// Rust source to paste and then edit: a `#[resource]` declaration per
/// collection of the selected operations, and serde models for their answers
/// and request bodies, written from the document's schemas.
///
/// Operations are grouped by path: `/things` and `/things/{id}` make one
/// resource, whose `GET`, `POST`, `GET …/{id}`, `PUT`/`PATCH …/{id}` and
/// `DELETE …/{id}` are the standard actions (`index` when the answer is an
/// array at the envelope's data position, else a `singular` resource); every
/// other operation becomes a custom `action(…)` named after its
/// `operationId`. The models come from the answers' schemas at the data
/// position of the envelope guessed from the first answer (Cloudflare's
/// `{"success", "result"}`, Fractal's `{"object", "attributes"}`, else plain),
/// which a comment at the top names for the client.
///
/// What it cannot know is left for you to edit, and said in comments where it
/// shows: names (from `operationId`s and schema names), placeholders renamed
/// to snake_case (check them with [`Check::rename`](super::Check::rename)),
/// which optional fields you want, `oneOf`/`anyOf` (written as
/// `serde_json::Value`), pagination, and enums (written as `String`, with
/// the values in the doc comment).
///
/// ```
/// use restlax::testing::openapi::{Document, Select, scaffold};
///
/// let document = Document::from_yaml(r##"
/// openapi: 3.0.3
/// info: { title: Pets, version: "1" }
/// paths:
///   /pets/{petId}:
///     get:
///       operationId: showPet
///       parameters: [{ name: petId, in: path, required: true, schema: { type: integer } }]
///       responses:
///         200:
///           description: a pet
///           content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } }
/// components:
///   schemas:
///     Pet:
///       type: object
///       required: [id]
///       properties: { id: { type: integer }, name: { type: string } }
/// "##)?;
/// let code = scaffold(&document, Select::Prefix("/pets"));
/// assert!(code.contains(r#"#[resource(path = "/pets", id = "pet_id: u64", actions(show))]"#), "{code}");
/// assert!(code.contains("pub struct Pet {"), "{code}");
/// assert!(code.contains("pub name: Option<String>,"), "{code}");
/// # Ok::<(), restlax::testing::openapi::OpenApiError>(())
/// ```
pub fn scaffold(document: &Document, select: Select<'_>) -> String {
    let selected: Vec<&Operation> = document
        .operations()
        .iter()
        .filter(|o| match select {
            Select::Prefix(prefix) => paths::is_under(o.path(), prefix),
            Select::Tag(tag) => o.tags().iter().any(|t| t == tag),
        })
        .collect();
    let envelope = Guess::of(document, &selected);
    let mut writer = Writer {
        document,
        envelope,
        models: Models::default(),
        renames: BTreeMap::new(),
    };
    let mut out = String::new();
    let what = match select {
        Select::Prefix(prefix) => format!("operations under `{prefix}`"),
        Select::Tag(tag) => format!("operations tagged `{tag}`"),
    };
    let _ = writeln!(
        out,
        "// Scaffolded by restlax::testing::openapi::scaffold from {}, {what}: {} operations.\n\
         // Edit before use: names, optional fields, enums, pagination.",
        document.name(),
        selected.len()
    );
    let _ = writeln!(out, "// {}", envelope.client_note());
    let resources = writer.resources(&selected);
    if !writer.renames.is_empty() {
        let renames: Vec<String> = writer
            .renames
            .iter()
            .map(|(from, to)| format!(".rename(\"{from}\", \"{to}\")"))
            .collect();
        let _ = writeln!(
            out,
            "// Placeholders renamed to snake_case; check with {}.",
            renames.join("")
        );
    }
    out.push_str("\nuse restlax::resource;\nuse serde::{Deserialize, Serialize};\n");
    for resource in &resources {
        out.push('\n');
        writer
            .models
            .write_struct(document, &resource.model, Some(resource), &mut out);
    }
    while let Some(name) = writer.models.next_pending(&resources) {
        out.push('\n');
        writer.models.write_struct(document, &name, None, &mut out);
    }
    out
}

/// The envelope the answers seem to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guess {
    Plain,
    Cloudflare,
    Fractal,
}

impl Guess {
    fn of(document: &Document, operations: &[&Operation]) -> Guess {
        for operation in operations {
            for (_, response) in document.success_responses(operation) {
                let Some(schema) = document.json_media(response).and_then(|m| m.get("schema"))
                else {
                    continue;
                };
                let has = |key| document.property(schema, key).is_some();
                if has("success") && has("result") {
                    return Guess::Cloudflare;
                }
                if has("object") && (has("attributes") || has("data")) {
                    return Guess::Fractal;
                }
                return Guess::Plain;
            }
        }
        Guess::Plain
    }

    fn client_note(self) -> &'static str {
        match self {
            Guess::Plain => {
                "Answers look plain (the value is the body): the client's envelope is `restlax::envelope::Plain`, the default."
            }
            Guess::Cloudflare => {
                "Answers look like `{\"success\", \"result\"}`: build the client with `.envelope(restlax::envelope::Cloudflare)`."
            }
            Guess::Fractal => {
                "Answers look like `{\"object\", \"attributes\"}`: build the client with `.envelope(restlax::envelope::Fractal)`."
            }
        }
    }

    fn one(self) -> &'static [&'static str] {
        match self {
            Guess::Plain => &[],
            Guess::Cloudflare => &["result"],
            Guess::Fractal => &["attributes"],
        }
    }

    fn items(self) -> &'static [&'static str] {
        match self {
            Guess::Plain => &[],
            Guess::Cloudflare => &["result"],
            Guess::Fractal => &["data"],
        }
    }

    fn item(self) -> &'static [&'static str] {
        match self {
            Guess::Fractal => &["attributes"],
            _ => &[],
        }
    }
}

/// A resource ready to write: its model's name, its attribute, and the
/// summary of its first operation.
struct Resource {
    model: String,
    attribute: String,
    doc: Option<String>,
}

/// What one operation is in its resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Role {
    Index,
    Show,
    Create,
    Update,
    Delete,
    Custom,
}

struct Writer<'d> {
    document: &'d Document,
    envelope: Guess,
    models: Models<'d>,
    /// Document placeholder name → the snake_case one written.
    renames: BTreeMap<String, String>,
}

impl<'d> Writer<'d> {
    fn resources(&mut self, operations: &[&'d Operation]) -> Vec<Resource> {
        // Group by collection path: `/things/{id}` belongs to `/things`.
        let mut groups: Vec<(String, Vec<(&Operation, bool)>)> = Vec::new();
        for operation in operations {
            let (base, item) = collection(operation.path());
            match groups.iter_mut().find(|(b, _)| *b == base) {
                Some((_, members)) => members.push((operation, item)),
                None => groups.push((base, vec![(operation, item)])),
            }
        }
        // First what each group is: its roles, whether singular, its model.
        let mut planned = Vec::new();
        for (base, members) in &groups {
            let has_items = members.iter().any(|(_, item)| *item);
            let singular = !has_items
                && !members.iter().any(|(operation, _)| {
                    operation.method() == Method::Get && self.answers_array(operation)
                });
            let mut taken = HashSet::new();
            let roles: Vec<Role> = members
                .iter()
                .map(|(operation, item)| {
                    let role = role(operation.method(), *item, singular);
                    // A collection GET that answers no array is no index,
                    // and `create` and `update` always send a body.
                    let has_body = self
                        .document
                        .operation_value(operation)
                        .get("requestBody")
                        .is_some();
                    match role {
                        Role::Index if !self.answers_array(operation) => Role::Custom,
                        Role::Create | Role::Update if !has_body => Role::Custom,
                        role => role,
                    }
                })
                .map(|r| {
                    if r == Role::Custom || taken.insert(r) {
                        r
                    } else {
                        Role::Custom
                    }
                })
                .collect();
            let model = self.model_name(base, members, &roles);
            let standard = roles.iter().filter(|r| **r != Role::Custom).count();
            let described = matches!(self.models.schemas.get(&model), Some(Some(_)));
            planned.push((singular, roles, model, standard, described));
        }
        // A model answered under several paths (GitHub's `Issue`) belongs to
        // the group with the most standard actions; the others' operations
        // become its custom actions. A group with no standard action and no
        // model of its own (`…/issues/{n}/lock`) goes to the resource whose
        // path it lies under.
        let mut owner: HashMap<&str, usize> = HashMap::new();
        for (index, (_, _, model, standard, _)) in planned.iter().enumerate() {
            let best = owner.entry(model.as_str()).or_insert(index);
            if *standard > planned[*best].3 {
                *best = index;
            }
        }
        let target: Vec<usize> = (0..groups.len())
            .map(|g| {
                let (_, _, model, standard, described) = &planned[g];
                let own = owner[model.as_str()];
                if own != g {
                    return own;
                }
                if *standard > 0 || *described {
                    return g;
                }
                (0..groups.len())
                    .filter(|&h| h != g && planned[h].3 > 0 && owner[planned[h].2.as_str()] == h)
                    .filter(|&h| groups[g].0.starts_with(&format!("{}/", groups[h].0)))
                    .max_by_key(|&h| groups[h].0.len())
                    .unwrap_or(g)
            })
            .collect();
        let mut extra: Vec<Vec<String>> = vec![Vec::new(); groups.len()];
        for (g, (_, members)) in groups.iter().enumerate() {
            if target[g] == g {
                continue;
            }
            let model = planned[target[g]].2.clone();
            for (operation, _) in members {
                let action = self.custom_action(operation, &model);
                extra[target[g]].push(action);
            }
        }
        let mut resources: Vec<(String, Vec<String>, Option<String>)> = Vec::new();
        for (g, (base, members)) in groups.iter().enumerate() {
            if target[g] != g {
                continue;
            }
            let (singular, roles, model, _, _) = &planned[g];
            let singular = *singular;
            let model = model.clone();
            let mut custom = Vec::new();
            let mut standard = Vec::new();
            let mut id = None;
            let mut update_method = None;
            let mut doc = None;
            for ((operation, item), role) in members.iter().zip(roles) {
                if doc.is_none() {
                    doc = operation.summary().map(one_line);
                }
                if *role == Role::Custom {
                    custom.push(self.custom_action(operation, &model));
                    continue;
                }
                let returns = match role {
                    Role::Delete => None,
                    _ => self.returns(operation, *role == Role::Index, &model),
                };
                standard.push((*role, returns));
                if *item && id.is_none() {
                    id = self.id_param(operation);
                }
                if *role == Role::Update && operation.method() == Method::Patch {
                    update_method = Some("PATCH");
                }
            }
            let path = self.template(base, members[0].0);
            let mut args = vec![format!("path = \"{path}\"")];
            if singular {
                args.push("singular".to_owned());
            }
            if let Some(id) = id {
                args.push(format!("id = \"{id}\""));
            }
            let names: Vec<String> = [
                (Role::Index, "index"),
                (Role::Show, "show"),
                (Role::Create, "create"),
                (Role::Update, "update"),
                (Role::Delete, "delete"),
            ]
            .into_iter()
            .filter_map(|(r, name)| {
                let (_, returns) = standard.iter().find(|(s, _)| *s == r)?;
                Some(match returns {
                    Some(returns) => format!("{name}(returns = {returns})"),
                    None => name.to_owned(),
                })
            })
            .collect();
            args.push(format!("actions({})", names.join(", ")));
            if let Some(method) = update_method {
                args.push(format!("update_method = \"{method}\""));
            }
            args.extend(custom);
            args.append(&mut extra[g]);
            resources.push((model, args, doc));
        }
        resources
            .into_iter()
            .map(|(model, args, doc)| {
                let attribute =
                    if args.len() > 3 || args.iter().map(String::len).sum::<usize>() > 80 {
                        format!("#[resource(\n    {},\n)]", args.join(",\n    "))
                    } else {
                        format!("#[resource({})]", args.join(", "))
                    };
                Resource {
                    model,
                    attribute,
                    doc,
                }
            })
            .collect()
    }

    /// Whether the first 2xx JSON answer holds an array where the envelope
    /// keeps a list.
    fn answers_array(&self, operation: &Operation) -> bool {
        let document = self.document;
        let Some(schema) = self.answer_schema(operation) else {
            return false;
        };
        let mut at = document.resolve(schema);
        for key in self.envelope.items() {
            match document.property(at, key) {
                Some(next) => at = next,
                None => return false,
            }
        }
        document.schema_type(at) == Some("array")
    }

    fn answer_schema(&self, operation: &Operation) -> Option<&'d Value> {
        let document = self.document;
        document
            .success_responses(operation)
            .into_iter()
            .find_map(|(_, r)| document.json_media(r)?.get("schema"))
    }

    /// The schema of one value of the model an operation answers with.
    fn data_schema(&self, operation: &Operation, list: bool) -> Option<&'d Value> {
        let document = self.document;
        let mut at = self.answer_schema(operation)?;
        if list {
            for key in self.envelope.items() {
                at = document.raw_property(at, key)?;
            }
            at = document.resolve(at).get("items")?;
            for key in self.envelope.item() {
                at = document.raw_property(at, key)?;
            }
        } else {
            for key in self.envelope.one() {
                at = document.raw_property(at, key)?;
            }
        }
        Some(at)
    }

    /// The model's name: the component schema the answers name, else the
    /// last literal segment of the path, singular.
    fn model_name(&mut self, base: &str, members: &[(&Operation, bool)], roles: &[Role]) -> String {
        let order = [Role::Show, Role::Index, Role::Create, Role::Update];
        for want in order {
            for ((operation, _), role) in members.iter().zip(roles) {
                if *role != want {
                    continue;
                }
                if let Some(schema) = self.data_schema(operation, want == Role::Index)
                    && self.models.is_struct(self.document, schema)
                {
                    return self
                        .models
                        .name_for(self.document, schema, &fallback_name(base));
                }
            }
        }
        let name = fallback_name(base);
        self.models.reserve_empty(&name)
    }

    /// What an operation answers with, when not the model (`None`): `()`
    /// for no JSON body, else the type at the envelope's data position (one
    /// item's for a list).
    fn returns(&mut self, operation: &Operation, list: bool, model: &str) -> Option<String> {
        let document = self.document;
        let Some(schema) = self.data_schema(operation, list) else {
            return Some("()".to_owned());
        };
        let context = match operation.operation_id() {
            Some(id) => pascal(id),
            None => format!("{model}Answer"),
        };
        let ty = self.models.type_of(document, schema, &context);
        (ty != model).then_some(ty)
    }

    /// `id = "name"` or `id = "name: u64"` for the item placeholder.
    fn id_param(&mut self, operation: &Operation) -> Option<String> {
        let raw = *paths::params(operation.path()).last()?;
        let name = self.rename(raw);
        let ty = self.param_type(operation, raw);
        if name == "id" && ty.is_none() {
            return None;
        }
        Some(match ty {
            Some(ty) => format!("{name}: {ty}"),
            None => name,
        })
    }

    fn param_type(&self, operation: &Operation, raw: &str) -> Option<&'static str> {
        let document = self.document;
        let schema = document.path_parameter(operation, raw)?.get("schema")?;
        match document.schema_type(schema)? {
            "integer" => Some("u64"),
            _ => None,
        }
    }

    fn rename(&mut self, raw: &str) -> String {
        let name = placeholder(raw);
        if name != raw {
            self.renames.insert(raw.to_owned(), name.clone());
        }
        name
    }

    /// A collection path as a template: `{name}` → `<name>`, typed where the
    /// parameter (looked up in `operation`, one under that path) is an integer.
    fn template(&mut self, path: &str, operation: &Operation) -> String {
        let mut out = String::new();
        for segment in paths::segments(path) {
            out.push('/');
            for piece in segment {
                match piece {
                    Piece::Literal(text) => out.push_str(text),
                    Piece::Param(raw) => {
                        let name = self.rename(raw);
                        match self.param_type(operation, raw) {
                            Some(ty) => {
                                let _ = write!(out, "<{name}: {ty}>");
                            }
                            None => {
                                let _ = write!(out, "<{name}>");
                            }
                        }
                    }
                }
            }
        }
        if out.is_empty() {
            out.push('/');
        }
        out
    }

    /// A template with typed placeholders, for a custom action's own path.
    fn typed_template(&mut self, operation: &Operation) -> String {
        self.template(operation.path(), operation)
    }

    /// `action(name = …, method = "…", path = "…", …)` for an operation.
    fn custom_action(&mut self, operation: &Operation, model: &str) -> String {
        let document = self.document;
        let name = match operation.operation_id() {
            Some(id) => fn_ident(&snake(id)),
            None => fn_ident(&snake(&format!(
                "{}_{}",
                operation.method().as_str().to_ascii_lowercase(),
                paths::segments(operation.path())
                    .iter()
                    .flatten()
                    .rev()
                    .find_map(|p| match p {
                        Piece::Literal(t) => Some(*t),
                        Piece::Param(_) => None,
                    })
                    .unwrap_or("root")
            ))),
        };
        let mut args = vec![
            format!("name = {name}"),
            format!("method = \"{}\"", operation.method()),
            format!("path = \"{}\"", self.typed_template(operation)),
        ];
        let op = document.operation_value(operation);
        if let Some(body) = op.get("requestBody").map(|b| document.resolve(b)) {
            let form = body
                .get("content")
                .and_then(Value::as_object)
                .is_some_and(|c| c.keys().any(|k| k.contains("x-www-form-urlencoded")))
                && document.json_media(body).is_none();
            args.push(if form { "form" } else { "body" }.to_owned());
        }
        let list = self.answers_array(operation);
        let returns = match operation.method() {
            Method::Head => Some("()".to_owned()),
            _ => self.returns(operation, list, model),
        };
        if list {
            args.push("list".to_owned());
        }
        if let Some(returns) = returns {
            args.push(format!("returns = {returns}"));
        }
        if let Some(summary) = operation.summary() {
            args.push(format!("doc = \"{}\"", escape(&one_line(summary))));
        }
        format!("action({})", args.join(", "))
    }
}

/// The standard action an operation can be, or `Custom`: on an item path
/// show, update, delete; on a collection path index (a GET answering an
/// array: a resource with an index is not singular) and create; on a
/// singular resource's path show and update.
fn role(method: Method, item: bool, singular: bool) -> Role {
    match (method, item, singular) {
        (Method::Get, true, _) | (Method::Get, false, true) => Role::Show,
        (Method::Put | Method::Patch, true, _) | (Method::Put | Method::Patch, false, true) => {
            Role::Update
        }
        (Method::Delete, true, _) => Role::Delete,
        (Method::Get, false, false) => Role::Index,
        (Method::Post, false, false) => Role::Create,
        _ => Role::Custom,
    }
}

/// `(collection path, whether this is an item path)`: `/a/{id}` → `("/a", true)`.
fn collection(path: &str) -> (String, bool) {
    let segments = paths::segments(path);
    if let Some(last) = segments.last()
        && last.len() == 1
        && matches!(last[0], Piece::Param(_))
        && segments.len() > 1
    {
        let cut = path.rfind('/').unwrap_or(0);
        return (path[..cut].to_owned(), true);
    }
    (path.to_owned(), false)
}

/// A model name from a path's last literal segment: `/accounts/{a}/members` → `Member`.
fn fallback_name(base: &str) -> String {
    let last = paths::segments(base)
        .into_iter()
        .flatten()
        .rev()
        .find_map(|p| match p {
            Piece::Literal(t) if !t.is_empty() => Some(t),
            _ => None,
        })
        .unwrap_or("Root");
    let singular = last
        .strip_suffix("ies")
        .map(|s| format!("{s}y"))
        .or_else(|| {
            last.strip_suffix('s')
                .filter(|s| !s.ends_with('s'))
                .map(str::to_owned)
        })
        .unwrap_or_else(|| last.to_owned());
    pascal(&singular)
}

fn is_struct_at(document: &Document, schema: &Value, depth: usize) -> bool {
    let schema = document.resolve(schema);
    if schema.get("oneOf").is_some() || schema.get("anyOf").is_some() {
        return false;
    }
    schema.get("properties").is_some()
        || (depth < MAX_NESTING
            && schema
                .get("allOf")
                .and_then(Value::as_array)
                .is_some_and(|all| all.iter().any(|s| is_struct_at(document, s, depth + 1))))
}

/// The model structs: named after components or after where they sit,
/// written once each, in the order first needed.
#[derive(Default)]
struct Models<'d> {
    /// Struct name → its schema (`None`: written empty, for a model the
    /// document does not describe).
    schemas: BTreeMap<String, Option<&'d Value>>,
    /// Component pointer (`#/components/schemas/X`) → struct name.
    by_ref: HashMap<String, String>,
    /// Names to write, in order.
    pending: VecDeque<String>,
    written: HashSet<String>,
}

impl<'d> Models<'d> {
    /// Whether a schema is an object with properties (a struct is written for it).
    fn is_struct(&self, document: &Document, schema: &Value) -> bool {
        is_struct_at(document, schema, 0)
    }

    /// The struct name for a schema: its component's name, else `fallback`;
    /// queued to be written.
    fn name_for(&mut self, document: &'d Document, schema: &'d Value, fallback: &str) -> String {
        let reference = schema.get("$ref").and_then(Value::as_str);
        if let Some(reference) = reference
            && let Some(name) = self.by_ref.get(reference)
        {
            return name.clone();
        }
        let wanted = type_ident(
            &reference
                .and_then(|r| r.rsplit('/').next())
                .map_or_else(|| fallback.to_owned(), pascal),
        );
        let mut name = wanted.clone();
        let mut n = 2;
        while self.schemas.contains_key(&name) {
            name = format!("{wanted}{n}");
            n += 1;
        }
        if self.schemas.len() >= MAX_MODELS {
            return "serde_json::Value".to_owned();
        }
        self.schemas
            .insert(name.clone(), Some(document.resolve(schema)));
        if let Some(reference) = reference {
            self.by_ref.insert(reference.to_owned(), name.clone());
        }
        self.pending.push_back(name.clone());
        name
    }

    /// A name for a model the document does not describe.
    fn reserve_empty(&mut self, wanted: &str) -> String {
        let wanted = &type_ident(wanted);
        let mut name = wanted.to_owned();
        let mut n = 2;
        while self.schemas.contains_key(&name) {
            name = format!("{wanted}{n}");
            n += 1;
        }
        self.schemas.insert(name.clone(), None);
        name
    }

    /// The next struct to write that is not a resource's (those are
    /// written with their attribute).
    fn next_pending(&mut self, resources: &[Resource]) -> Option<String> {
        while let Some(name) = self.pending.pop_front() {
            if !self.written.contains(&name) && !resources.iter().any(|r| r.model == name) {
                return Some(name);
            }
        }
        None
    }

    /// The Rust type of a schema; `context` names an inline object's struct.
    fn type_of(&mut self, document: &'d Document, schema: &'d Value, context: &str) -> String {
        self.type_of_at(document, schema, context, 0)
    }

    fn type_of_at(
        &mut self,
        document: &'d Document,
        schema: &'d Value,
        context: &str,
        depth: usize,
    ) -> String {
        let resolved = document.resolve(schema);
        if depth >= MAX_NESTING {
            return "serde_json::Value".to_owned();
        }
        if self.is_struct(document, schema) {
            return self.name_for(document, schema, context);
        }
        if resolved.get("oneOf").is_some() || resolved.get("anyOf").is_some() {
            return "serde_json::Value".to_owned();
        }
        match document.schema_type(resolved) {
            Some("string") => "String".to_owned(),
            None if resolved
                .get("enum")
                .and_then(Value::as_array)
                .is_some_and(|values| values.iter().all(Value::is_string)) =>
            {
                "String".to_owned()
            }
            Some("integer") => "i64".to_owned(),
            Some("number") => "f64".to_owned(),
            Some("boolean") => "bool".to_owned(),
            Some("array") => match resolved.get("items") {
                Some(items) => format!(
                    "Vec<{}>",
                    self.type_of_at(document, items, context, depth + 1)
                ),
                None => "Vec<serde_json::Value>".to_owned(),
            },
            Some("object") => match resolved.get("additionalProperties") {
                Some(extra) if extra.is_object() => format!(
                    "std::collections::BTreeMap<String, {}>",
                    self.type_of_at(document, extra, context, depth + 1)
                ),
                _ => "serde_json::Map<String, serde_json::Value>".to_owned(),
            },
            _ => "serde_json::Value".to_owned(),
        }
    }

    /// Writes the struct `name`, with its `#[resource]` attribute when it is
    /// a resource's model.
    fn write_struct(
        &mut self,
        document: &'d Document,
        name: &str,
        resource: Option<&Resource>,
        out: &mut String,
    ) {
        self.written.insert(name.to_owned());
        let schema = self.schemas.get(name).copied().flatten();
        let described = schema.and_then(|s| {
            s.get("description")
                .or_else(|| s.get("title"))
                .and_then(Value::as_str)
                .map(one_line)
                .filter(|l| !l.is_empty())
        });
        if let Some(doc) = described.or_else(|| resource.and_then(|r| r.doc.clone())) {
            let _ = writeln!(out, "/// {doc}");
        }
        if let Some(resource) = resource {
            let _ = writeln!(out, "{}", resource.attribute);
        }
        let _ = writeln!(
            out,
            "#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]\npub struct {name} {{"
        );
        let (properties, required) = match schema {
            Some(schema) => properties_of(document, schema),
            None => (Vec::new(), Vec::new()),
        };
        let mut used = HashSet::new();
        for (json, property) in properties {
            let mut field = ident(&snake(json));
            while !used.insert(field.clone()) {
                field.push('_');
            }
            let resolved = document.resolve(property);
            let mut ty = self.type_of(document, property, &format!("{name}{}", pascal(json)));
            if ty == name {
                ty = format!("Box<{ty}>");
            }
            let nullable = resolved.get("nullable") == Some(&Value::Bool(true))
                || resolved
                    .get("type")
                    .and_then(Value::as_array)
                    .is_some_and(|t| t.contains(&Value::from("null")));
            let optional = nullable || !required.contains(&json);
            if let Some(doc) = resolved
                .get("description")
                .and_then(Value::as_str)
                .map(one_line)
                .filter(|l| !l.is_empty())
            {
                let _ = writeln!(out, "    /// {doc}");
            }
            if let Some(values) = resolved.get("enum").and_then(Value::as_array) {
                let values: Vec<String> = values
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|v| format!("`{v}`"))
                    .collect();
                if !values.is_empty() {
                    let _ = writeln!(out, "    /// One of {}.", values.join(", "));
                }
            }
            let mut serde = Vec::new();
            if field.trim_start_matches("r#") != json {
                serde.push(format!("rename = \"{}\"", escape(json)));
            }
            if optional {
                serde.push("default, skip_serializing_if = \"Option::is_none\"".to_owned());
                ty = format!("Option<{ty}>");
            }
            if !serde.is_empty() {
                let _ = writeln!(out, "    #[serde({})]", serde.join(", "));
            }
            let _ = writeln!(out, "    pub {field}: {ty},");
        }
        out.push_str("}\n");
    }
}

/// An object schema's properties (`allOf` merged, in order) and the names it requires.
fn properties_of<'a>(
    document: &'a Document,
    schema: &'a Value,
) -> (Vec<(&'a str, &'a Value)>, Vec<&'a str>) {
    properties_at(document, schema, 0)
}

fn properties_at<'a>(
    document: &'a Document,
    schema: &'a Value,
    depth: usize,
) -> (Vec<(&'a str, &'a Value)>, Vec<&'a str>) {
    let schema = document.resolve(schema);
    let mut properties: Vec<(&str, &Value)> = Vec::new();
    let mut required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(all) = schema
        .get("allOf")
        .and_then(Value::as_array)
        .filter(|_| depth < MAX_NESTING)
    {
        for part in all {
            let (p, r) = properties_at(document, part, depth + 1);
            for (name, value) in p {
                if !properties.iter().any(|(n, _)| *n == name) {
                    properties.push((name, value));
                }
            }
            required.extend(r);
        }
    }
    if let Some(own) = schema.get("properties").and_then(Value::as_object) {
        for (name, value) in own {
            match properties.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = value,
                None => properties.push((name, value)),
            }
        }
    }
    (properties, required)
}

/// `MemberStatus` from `member_status`, `member-status`, `memberStatus`.
fn pascal(text: &str) -> String {
    let mut out = String::new();
    for word in snake(text).split('_').filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    out
}

/// `member_status` from `memberStatus`, `member-status`, `Member Status`.
fn snake(text: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && previous_lower && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            previous_lower = false;
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// A usable Rust identifier for a snake_case name.
fn ident(name: &str) -> String {
    if name.is_empty() {
        return "field".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("n{name}");
    }
    // None of these can be a raw identifier.
    if ["self", "super", "crate", "Self", "_"].contains(&name) {
        return format!("{name}_");
    }
    if restlax_facts::names::is_keyword(name) {
        return format!("r#{name}");
    }
    name.to_owned()
}

/// A function name `#[resource]` takes for a custom action: a keyword gets
/// a `_` (`do_`), since the macro names functions after it (`do_or_panic`).
fn fn_ident(name: &str) -> String {
    let name = ident(name);
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

/// A struct name that neither is a keyword (`Self`) nor hides a type the
/// scaffold's output names unqualified (`Option`, `Vec`, `String`, …).
fn type_ident(name: &str) -> String {
    const TAKEN: [&str; 12] = [
        "Self",
        "Option",
        "Some",
        "None",
        "Box",
        "Vec",
        "String",
        "Result",
        "Ok",
        "Err",
        "Serialize",
        "Deserialize",
    ];
    if TAKEN.contains(&name) {
        format!("{name}Model")
    } else {
        name.to_owned()
    }
}

/// A placeholder name `#[resource]` takes: snake_case, not a keyword nor a
/// name the generated functions use (`client`, `body`, `opts`).
fn placeholder(raw: &str) -> String {
    let mut name = fn_ident(&snake(raw));
    if restlax_facts::names::FUNCTION_PARAMETERS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The first line of a text, trimmed, for a `///` comment.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_owned()
}

/// Escapes a string for a Rust string literal.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}
