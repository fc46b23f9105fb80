#![deny(unused_must_use)]

use std::time::Duration;

use restlax::{Client, Opts, Retry};

fn main() {
    // Builder methods return the changed value; dropping it is always a mistake.
    let opts = Opts::new();
    opts.clone().query("page", 2);
    let retry = Retry::new(3);
    retry.max_delay(Duration::from_secs(1));
    Client::builder("http://127.0.0.1:1").user_agent("x");
    let _ = (opts, retry);
}
