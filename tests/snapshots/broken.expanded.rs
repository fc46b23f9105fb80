#[derive(Deserialize)]
pub struct Broken {
    pub id: String,
}
::core::compile_error! {
    "empty placeholder `<>`: write the parameter's name between the brackets, e.g. `<id>`"
}
::core::compile_error! {
    "unknown action `shwo`, did you mean `show`?"
}
