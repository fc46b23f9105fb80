//! Compile-time checking of `#[resource]`: every invalid declaration is a compile
//! error with a precise span and message (`ui/fail/*.stderr`), and every valid
//! form compiles and runs (`ui/pass`).

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
