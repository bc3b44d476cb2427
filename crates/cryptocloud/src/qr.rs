//! QR codes of payment URIs (feature `qr`), for a checkout page of your own: an SVG a phone
//! wallet scans to pre-fill the transfer. Drawn by the `qrcode` crate, which needs `std`; that is
//! why this lives in the facade and not in the `no_std` `cryptocloud-types`.
//!
//! ```
//! use cryptocloud::payment::{LinkScheme, WalletLink};
//!
//! let link = WalletLink {
//!     scheme: LinkScheme::Bip21,
//!     uri: "bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?amount=0.0012".into(),
//! };
//! let svg = cryptocloud::qr::svg(&link)?;
//! assert!(svg.starts_with("<?xml") && svg.contains("<svg"));
//! # Ok::<(), cryptocloud::qr::QrError>(())
//! ```

use std::fmt;

use crate::payment::WalletLink;

/// The link's URI as an SVG QR code (error correction level M, at least 256 × 256 user units,
/// black on white with the quiet zone the standard asks for).
pub fn svg(link: &WalletLink) -> Result<String, QrError> {
    let code = qrcode::QrCode::with_error_correction_level(link.uri.as_bytes(), qrcode::EcLevel::M)
        .map_err(QrError)?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .build())
}

/// Why a URI cannot be drawn as a QR code (too long for the largest version).
#[derive(Debug)]
pub struct QrError(qrcode::types::QrError);

impl fmt::Display for QrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the payment URI cannot be drawn as a QR code")
    }
}

impl std::error::Error for QrError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}
