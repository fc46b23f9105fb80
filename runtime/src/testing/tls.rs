//! The TLS side of an HTTPS test server: a certificate authority generated for
//! one server, a certificate it signs for `localhost` and the server's IP, and
//! the rustls server configuration that presents it.
//!
//! A separate authority (rather than a self-signed leaf) is what a company CA or
//! a self-hosted panel looks like to a client, and what
//! [`ClientBuilder::root_certificate`](crate::ClientBuilder::root_certificate)
//! takes. ECDSA P-256 keys with ring, the backend ureq already compiles.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

pub(super) struct Generated {
    pub(super) config: Arc<rustls::ServerConfig>,
    /// The authority's certificate, PEM.
    pub(super) ca_pem: String,
}

/// A fresh authority and server certificate for `ip`. Panics only if key
/// generation itself fails, which a test cannot recover from.
pub(super) fn generate(ip: &str) -> Generated {
    let ca_key = KeyPair::generate().expect("generate a CA key");
    let mut ca = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    // A name of its own, so another server's authority is a stranger to it.
    static SERIAL: AtomicU64 = AtomicU64::new(0);
    let serial = SERIAL.fetch_add(1, Ordering::Relaxed);
    let name = format!("restlax test server CA {} #{serial}", std::process::id());
    ca.distinguished_name.push(DnType::CommonName, name);
    ca.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_cert = ca.self_signed(&ca_key).expect("self-sign the CA");
    let issuer = Issuer::new(ca, ca_key);

    let key = KeyPair::generate().expect("generate a server key");
    let mut leaf = CertificateParams::new(vec!["localhost".to_owned(), ip.to_owned()])
        .expect("server certificate parameters");
    leaf.distinguished_name
        .push(DnType::CommonName, "restlax test server");
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let leaf_cert = leaf
        .signed_by(&key, &issuer)
        .expect("sign the server certificate");

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("the ring provider supports TLS 1.2 and 1.3")
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf_cert.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .expect("the generated key matches its certificate");
    Generated {
        config: Arc::new(config),
        ca_pem: ca_cert.pem(),
    }
}
