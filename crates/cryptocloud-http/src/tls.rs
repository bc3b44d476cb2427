//! Trusted root certificates, given without exposing the TLS library's types: the client's TLS
//! stack (rustls) stays an implementation detail that can change without breaking callers.

use std::fmt;

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use crate::Error;

/// A root certificate to trust, for [`ClientBuilder::root_certificates`](crate::ClientBuilder::root_certificates).
///
/// ```
/// # mod cryptocloud { pub use cryptocloud_http::*; pub use cryptocloud_types::*; }
/// use cryptocloud::Certificate;
/// let none = Certificate::from_pem(b"no certificate here");
/// assert!(none.is_err());
/// ```
#[derive(Clone)]
pub struct Certificate(CertificateDer<'static>);

impl Certificate {
    /// A certificate in DER form. It is checked when the client is built.
    pub fn from_der(der: impl Into<Vec<u8>>) -> Certificate {
        Certificate(CertificateDer::from(der.into()))
    }

    /// Every certificate of a PEM file (`-----BEGIN CERTIFICATE-----` blocks); an error if there
    /// is none or one is malformed.
    pub fn from_pem(pem: &[u8]) -> Result<Vec<Certificate>, Error> {
        let certificates = CertificateDer::pem_slice_iter(pem)
            .map(|certificate| certificate.map(Certificate))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|error| Error::invalid_because("a PEM certificate is malformed", error))?;
        if certificates.is_empty() {
            return Err(Error::invalid("the PEM text holds no certificate"));
        }
        Ok(certificates)
    }

    pub(crate) fn der(&self) -> &CertificateDer<'static> {
        &self.0
    }
}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Certificate({} bytes of DER)", self.0.len())
    }
}
