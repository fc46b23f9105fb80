//! Per-benchmark timings with divan (medians, spread, allocations):
//! `cargo bench -p restlax-tests --bench calls`. The ratios against the
//! baselines, with targets, come from `--bench ratios`; see BENCHMARKS.md.

use std::hint::black_box;
use std::sync::LazyLock;

use divan::{AllocProfiler, Bencher};
use restlax::envelope::Cloudflare;
use restlax::{Client, Retry};
use restlax_tests::Member;
use restlax_tests::bench::{BenchServer, cloudflare_page, json_response, member_array};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

type CfMember = restlax_resources::cloudflare::Member;

struct Setup {
    _server: BenchServer,
    base: String,
    client: Client,
    agent: ureq::Agent,
}

static SMALL: LazyLock<Setup> = LazyLock::new(|| {
    let body = br#"{"id":"4536bcfad5faccb111b47003c79917fa","email":"user@example.com","status":"accepted"}"#;
    let server = BenchServer::fixed(json_response(body));
    let client = Client::builder(server.url())
        .no_proxy()
        .retry(Retry::none())
        .build()
        .unwrap();
    let agent = restlax::__bench::agent(&client).clone();
    Setup {
        base: server.url(),
        _server: server,
        client,
        agent,
    }
});

static ENVELOPED: LazyLock<Vec<u8>> =
    LazyLock::new(|| cloudflare_page(0, 10_000, 1, 1).into_bytes());
static BARE: LazyLock<Vec<u8>> = LazyLock::new(|| member_array(10_000).into_bytes());

fn main() {
    divan::main();
}

mod show {
    use super::*;

    #[divan::bench]
    fn restlax(bencher: Bencher) {
        let s = &*SMALL;
        bencher.bench_local(|| black_box(Member::show(&s.client, "a", "m", ()).unwrap()));
    }

    #[divan::bench]
    fn raw_ureq(bencher: Bencher) {
        let s = &*SMALL;
        bencher.bench_local(|| {
            let url = format!("{}/accounts/{}/members/{}", s.base, "a", "m");
            let mut response = s
                .agent
                .get(&url)
                .header("accept", "application/json")
                .call()
                .unwrap();
            let bytes = response.body_mut().read_to_vec().unwrap();
            black_box(serde_json::from_slice::<Member>(&bytes).unwrap())
        });
    }
}

mod create {
    use super::*;

    #[divan::bench]
    fn restlax(bencher: Bencher) {
        let s = &*SMALL;
        let body = serde_json::json!({"email": "user@example.com", "roles": ["3536bcfad5faccb999b47003c79917fb"]});
        bencher.bench_local(|| black_box(Member::create(&s.client, "a", &body, ()).unwrap()));
    }

    #[divan::bench]
    fn raw_ureq(bencher: Bencher) {
        let s = &*SMALL;
        let body = serde_json::json!({"email": "user@example.com", "roles": ["3536bcfad5faccb999b47003c79917fb"]});
        bencher.bench_local(|| {
            let url = format!("{}/accounts/{}/members", s.base, "a");
            let bytes = serde_json::to_vec(&body).unwrap();
            let mut response = s
                .agent
                .post(&url)
                .content_type("application/json")
                .send(&bytes[..])
                .unwrap();
            black_box(
                serde_json::from_slice::<Member>(&response.body_mut().read_to_vec().unwrap())
                    .unwrap(),
            )
        });
    }
}

mod decode_10k_members {
    use super::*;

    #[divan::bench(sample_count = 20)]
    fn restlax_cloudflare_envelope() -> Vec<CfMember> {
        restlax::__bench::decode_list(&Cloudflare, &ENVELOPED)
    }

    #[divan::bench(sample_count = 20)]
    fn serde_json_bare_array() -> Vec<CfMember> {
        serde_json::from_slice(&BARE).unwrap()
    }

    #[divan::bench(sample_count = 10)]
    fn naive_value_then_convert() -> Vec<CfMember> {
        let value: serde_json::Value = serde_json::from_slice(&ENVELOPED).unwrap();
        serde_json::from_value(value["result"].clone()).unwrap()
    }
}
