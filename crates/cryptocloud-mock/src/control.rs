//! The control paths under `/_mock/`, apart from the API: pay an invoice (and send its postback),
//! read the counters.

use bytes::Bytes;
use cryptocloud_types::postback::{PostbackSecret, sign_token};
use cryptocloud_types::{Invoice, InvoiceId, InvoiceStatus};
use http::Method;
use http_body_util::Full;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::{Duration, OffsetDateTime};

use crate::answer::Answer;
use crate::state::State;

/// How a postback body is encoded (chosen per project in CryptoCloud's settings).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PostbackFormat {
    /// `application/json`, `invoice_info` an object.
    #[default]
    Json,
    /// `application/x-www-form-urlencoded`, `invoice_info` a JSON string.
    Form,
}

/// How an invoice gets paid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Payment {
    /// In full.
    #[default]
    Paid,
    /// In part (50–90 %).
    Partial,
    /// More than asked (105–120 %).
    Overpaid,
}

impl Payment {
    fn status(self) -> InvoiceStatus {
        match self {
            Payment::Paid => InvoiceStatus::Paid,
            Payment::Partial => InvoiceStatus::Partial,
            Payment::Overpaid => InvoiceStatus::Overpaid,
        }
    }
}

/// What paying an invoice did.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct PaymentReport {
    /// The invoice after payment.
    pub invoice: Invoice,
    /// The postback body sent, or that would have been sent without a postback URL.
    pub postback: String,
    /// The HTTP status the postback URL answered, if one was configured and answered.
    pub delivered: Option<u16>,
}

/// Why an invoice could not be paid.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PaymentError {
    /// No such invoice, or it cannot be paid in its state.
    #[error("cannot pay {invoice}: {reason}")]
    Refused {
        /// The invoice.
        invoice: InvoiceId,
        /// Why.
        reason: &'static str,
    },
    /// The postback could not be sent to the configured URL.
    #[error("the postback to {url} could not be delivered")]
    Delivery {
        /// The postback URL.
        url: String,
        /// What failed.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PayRequest {
    status: Payment,
    format: PostbackFormat,
}

pub(crate) async fn answer(state: &State, method: &Method, path: &str, body: &[u8]) -> Answer {
    if method == Method::GET && path == "/_mock/stats" {
        return Answer::json(
            200,
            serde_json::to_value(state.counters.snapshot()).unwrap_or_default(),
        );
    }
    let invoice = path
        .strip_prefix("/_mock/invoices/")
        .and_then(|rest| rest.strip_suffix("/pay"));
    let (Some(invoice), true) = (invoice, method == Method::POST) else {
        return Answer::json(
            404,
            json!({"detail": "control paths: POST /_mock/invoices/{id}/pay, GET /_mock/stats"}),
        );
    };
    let Ok(invoice) = InvoiceId::parse(invoice) else {
        return Answer::json(400, json!({"detail": "not an invoice id"}));
    };
    let request: PayRequest = if body.is_empty() {
        PayRequest::default()
    } else {
        match serde_json::from_slice(body) {
            Ok(request) => request,
            Err(error) => {
                return Answer::json(
                    400,
                    json!({"detail": format!("expected {{\"status\": \"paid|partial|overpaid\", \"format\": \"json|form\"}}: {error}")}),
                );
            }
        }
    };
    match pay(state, &invoice, request.status, request.format).await {
        Ok(report) => Answer::json(200, serde_json::to_value(report).unwrap_or_default()),
        Err(error @ PaymentError::Refused { .. }) => {
            Answer::json(409, json!({"detail": error.to_string()}))
        }
        Err(error) => Answer::json(502, json!({"detail": error.to_string()})),
    }
}

/// Pays `invoice` and sends its postback, signed as CryptoCloud signs them.
pub(crate) async fn pay(
    state: &State,
    invoice: &InvoiceId,
    payment: Payment,
    format: PostbackFormat,
) -> Result<PaymentReport, PaymentError> {
    let paid = state
        .store()
        .pay(invoice, &payment.status())
        .map_err(|reason| PaymentError::Refused {
            invoice: invoice.clone(),
            reason,
        })?;
    let secret = PostbackSecret::new(state.config.postback_secret.clone()).map_err(|error| {
        PaymentError::Delivery {
            url: String::from("(none)"),
            source: Box::new(error),
        }
    })?;
    let (content_type, body) = postback_body(&paid, &secret, format, OffsetDateTime::now_utc());
    let delivered = match &state.config.postback_url {
        None => None,
        Some(url) => {
            let failed =
                |source: Box<dyn std::error::Error + Send + Sync>| PaymentError::Delivery {
                    url: url.clone(),
                    source,
                };
            let mut request = http::Request::new(Full::new(Bytes::from(body.clone())));
            *request.method_mut() = Method::POST;
            *request.uri_mut() = url
                .parse()
                .map_err(|error: http::uri::InvalidUri| failed(Box::new(error)))?;
            request.headers_mut().insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static(content_type),
            );
            let response = state
                .postbacks
                .http
                .request(request)
                .await
                .map_err(|error| failed(Box::new(error)))?;
            Some(response.status().as_u16())
        }
    };
    Ok(PaymentReport {
        invoice: paid,
        postback: String::from_utf8_lossy(&body).into_owned(),
        delivered,
    })
}

/// The postback body for a paid invoice, with a token valid for five minutes from `now`.
pub(crate) fn postback_body(
    invoice: &Invoice,
    secret: &PostbackSecret,
    format: PostbackFormat,
    now: OffsetDateTime,
) -> (&'static str, Vec<u8>) {
    let token = sign_token(&invoice.uuid, now + Duration::minutes(5), secret);
    let currency = invoice
        .currency
        .as_ref()
        .and_then(|currency| currency.fullcode.as_ref())
        .map(ToString::to_string);
    let amount = invoice
        .amount_paid
        .map(|amount| amount.to_string())
        .unwrap_or_default();
    let info = serde_json::to_string(invoice).unwrap_or_default();
    match format {
        PostbackFormat::Json => {
            let body = json!({
                "status": "success",
                "invoice_id": invoice.uuid.bare(),
                "amount_crypto": invoice.amount_paid,
                "currency": currency,
                "order_id": invoice.order_id,
                "token": token,
                "invoice_info": invoice,
            });
            ("application/json", body.to_string().into_bytes())
        }
        PostbackFormat::Form => {
            let fields = [
                ("status", "success".to_owned()),
                ("invoice_id", invoice.uuid.bare().to_owned()),
                ("amount_crypto", amount),
                ("currency", currency.unwrap_or_default()),
                ("order_id", invoice.order_id.clone().unwrap_or_default()),
                ("token", token),
                ("invoice_info", info),
            ];
            let body: Vec<String> = fields
                .iter()
                .map(|(key, value)| {
                    format!("{key}={}", utf8_percent_encode(value, NON_ALPHANUMERIC))
                })
                .collect();
            (
                "application/x-www-form-urlencoded",
                body.join("&").into_bytes(),
            )
        }
    }
}
