//! Which certificates a client trusts over HTTPS.
//!
//! By default ureq's: rustls with Mozilla's root certificates (`webpki-roots`),
//! the same on every platform. [`ClientBuilder::root_certificate`](crate::ClientBuilder::root_certificate)
//! adds certificates to those (a company CA, a self-hosted panel's own CA).
//!
//! The platform's trust store is not offered as a switch: ureq's
//! `platform-verifier` replaces the root set rather than adding to it, so it
//! could not be combined with extra certificates, and it would make a client
//! trust different servers on different machines. A system bundle can be added
//! explicitly instead: `root_certificate(std::fs::read("/etc/ssl/certs/ca-certificates.crt")?)`.

use std::sync::Arc;

use rustls::pki_types::CertificateDer;
use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};

use crate::Error;

/// The certificates in `pem` (one or several, other PEM sections skipped),
/// each checked to be an X.509 certificate usable as a trust anchor.
pub(crate) fn parse_certificates(pem: &[u8]) -> Result<Vec<Certificate<'static>>, Error> {
    let bad = |why: String| Error::invalid(format!("invalid root certificate: {why}"));
    let mut certificates = Vec::new();
    for item in ureq::tls::parse_pem(pem) {
        match item {
            Ok(PemItem::Certificate(certificate)) => certificates.push(certificate),
            Ok(_) => {}
            Err(e) => return Err(bad(format!("the PEM is malformed ({e})")).with_source(e)),
        }
    }
    if certificates.is_empty() {
        return Err(bad(
            "no `BEGIN CERTIFICATE` section found (the PEM text of a certificate is expected)"
                .to_owned(),
        ));
    }
    let mut check = rustls::RootCertStore::empty();
    for (i, certificate) in certificates.iter().enumerate() {
        check
            .add(CertificateDer::from(certificate.der()))
            .map_err(|e| bad(format!("certificate {} of the PEM: {e}", i + 1)))?;
    }
    Ok(certificates)
}

/// The TLS configuration for a client that trusts `extra` on top of Mozilla's
/// roots, or `None` (ureq's default) when there are none.
pub(crate) fn config(extra: Vec<Certificate<'static>>) -> Option<TlsConfig> {
    if extra.is_empty() {
        return None;
    }
    let roots: Vec<Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .map(|der| Certificate::from_der(der.as_ref()).to_owned())
        .chain(extra)
        .collect();
    Some(
        TlsConfig::builder()
            .root_certs(RootCerts::Specific(Arc::new(roots)))
            .build(),
    )
}

/// A readable account of a TLS failure, if `error` is one, and whether it
/// belongs to the handshake (so no request byte can have reached the server).
/// Any other TLS error (a bad record or a fatal alert while the answer is
/// read) may come after the request went out, so it does not say "not sent":
/// a POST is never re-sent on its account.
/// A TLS failure: what to say, whether it happened in the handshake (so the
/// request never left), and whether it is the certificate's verdict, which no
/// retry can change.
pub(crate) struct Failure {
    pub(crate) detail: String,
    pub(crate) handshake: bool,
    pub(crate) untrusted: bool,
}

pub(crate) fn failure(error: &ureq::Error) -> Option<Failure> {
    let tls = match error {
        ureq::Error::Rustls(tls) => tls,
        // rustls reports handshake failures through the socket's io::Error.
        ureq::Error::Io(io) => io.get_ref()?.downcast_ref::<rustls::Error>()?,
        _ => return None,
    };
    use rustls::CertificateError as C;
    let handshake = matches!(
        tls,
        rustls::Error::InvalidCertificate(_)
            | rustls::Error::NoCertificatesPresented
            | rustls::Error::PeerIncompatible(_)
            | rustls::Error::UnsupportedNameType
            | rustls::Error::HandshakeNotComplete
            | rustls::Error::InappropriateHandshakeMessage { .. }
    );
    let detail = match tls {
        rustls::Error::InvalidCertificate(C::UnknownIssuer) => "the server's TLS certificate is \
            not trusted: no trusted root certificate signed it (for a private CA, add it with \
            ClientBuilder::root_certificate)"
            .to_owned(),
        rustls::Error::InvalidCertificate(
            C::NotValidForName | C::NotValidForNameContext { .. },
        ) => "the server's TLS certificate is not trusted: it is not valid for this host name"
            .to_owned(),
        rustls::Error::InvalidCertificate(C::Expired | C::ExpiredContext { .. }) => {
            "the server's TLS certificate is not trusted: it has expired".to_owned()
        }
        rustls::Error::InvalidCertificate(other) => {
            format!("the server's TLS certificate is not trusted ({other:?})")
        }
        other if handshake => format!("the TLS handshake failed: {other}"),
        other => format!("TLS error: {other}"),
    };
    let untrusted = matches!(
        tls,
        rustls::Error::InvalidCertificate(_) | rustls::Error::NoCertificatesPresented
    );
    Some(Failure {
        detail,
        handshake,
        untrusted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_pem_is_an_invalid_request() {
        for (pem, says) in [
            (&b"not a pem"[..], "no `BEGIN CERTIFICATE`"),
            (b"", "no `BEGIN CERTIFICATE`"),
            (
                b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
                "malformed",
            ),
            (
                b"-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n",
                "certificate 1 of the PEM",
            ),
        ] {
            let e = parse_certificates(pem).err().unwrap();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidRequest);
            assert!(e.to_string().contains(says), "{e}");
        }
    }

    #[test]
    fn extra_certificates_add_to_mozillas_roots() {
        assert!(config(Vec::new()).is_none());
        let extra = Certificate::from_der(b"anchor").to_owned();
        let config = config(vec![extra]).unwrap();
        let RootCerts::Specific(roots) = config.root_certs() else {
            panic!("specific roots expected");
        };
        assert_eq!(
            roots.len(),
            webpki_root_certs::TLS_SERVER_ROOT_CERTS.len() + 1
        );
        assert_eq!(roots.last().unwrap().der(), b"anchor");
    }
}
