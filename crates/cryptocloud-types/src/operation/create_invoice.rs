//! `POST /v2/invoice/create`: a new invoice. Not safe to retry: a repeat makes a second invoice.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use serde::Serialize;

use super::invalid::{non_empty, positive};
use super::{InvalidRequest, Operation, Route};
use crate::wire::shorten;
use crate::{CryptoCurrency, FiatCurrency, Invoice, Money, ShopId};

/// The language of the payment page (the `locale` query parameter).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Locale {
    /// English.
    En,
    /// Russian.
    Ru,
}

impl Locale {
    /// The query value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Ru => "ru",
        }
    }
}

/// How often reminder e-mails about an unpaid invoice go out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ReminderPeriod {
    /// Daily.
    Day,
    /// Weekly.
    Week,
    /// Monthly.
    Month,
}

/// Creates an invoice.
///
/// ```
/// use cryptocloud_types::{CreateInvoice, CryptoCurrency, FiatCurrency, Locale, Operation};
///
/// let create = CreateInvoice::new("7UvDDjkmPGSh2vcY".parse()?, "100.50".parse()?)?
///     .currency(FiatCurrency::Eur)
///     .order_id("order-1042")?
///     .time_to_pay(2, 30)?
///     .available_currencies([CryptoCurrency::Btc, CryptoCurrency::UsdtTrc20])
///     .locale(Locale::Ru);
/// assert_eq!(create.path_and_query(), "/v2/invoice/create?locale=ru");
/// assert_eq!(
///     String::from_utf8(create.body()?)?,
///     r#"{"shop_id":"7UvDDjkmPGSh2vcY","amount":100.5,"currency":"EUR","order_id":"order-1042","add_fields":{"time_to_pay":{"hours":2,"minutes":30},"available_currencies":["BTC","USDT_TRC20"]}}"#
/// );
/// assert!(CreateInvoice::new("shop".parse()?, "0".parse()?).is_err());
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct CreateInvoice {
    shop_id: ShopId,
    amount: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<FiatCurrency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    order_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "AddFields::is_empty")]
    add_fields: AddFields,
    #[serde(skip)]
    locale: Option<Locale>,
}

#[derive(Clone, Debug, Default, Serialize)]
struct AddFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    time_to_pay: Option<TimeToPay>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    available_currencies: Vec<CryptoCurrency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cryptocurrency: Option<CryptoCurrency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email_to_send: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<ReminderPeriod>,
}

impl AddFields {
    fn is_empty(&self) -> bool {
        self.time_to_pay.is_none()
            && self.available_currencies.is_empty()
            && self.cryptocurrency.is_none()
            && self.email_to_send.is_none()
    }
}

#[derive(Clone, Copy, Debug, Serialize)]
struct TimeToPay {
    hours: u16,
    minutes: u16,
}

impl CreateInvoice {
    /// An invoice for `amount` (in USD unless [`currency`](Self::currency) says otherwise), which
    /// must be greater than zero.
    pub fn new(shop_id: ShopId, amount: Money) -> Result<CreateInvoice, InvalidRequest> {
        Ok(CreateInvoice {
            shop_id,
            amount: positive("amount", amount)?,
            currency: None,
            order_id: None,
            email: None,
            add_fields: AddFields::default(),
            locale: None,
        })
    }

    /// The fiat currency `amount` is in (the API's default is USD).
    pub fn currency(mut self, currency: FiatCurrency) -> Self {
        self.currency = Some(currency);
        self
    }

    /// Your own order id; postbacks carry it back.
    pub fn order_id(mut self, order_id: impl Into<String>) -> Result<Self, InvalidRequest> {
        self.order_id = Some(non_empty("order_id", order_id.into())?);
        Ok(self)
    }

    /// The customer's e-mail address.
    pub fn email(mut self, email: impl Into<String>) -> Result<Self, InvalidRequest> {
        self.email = Some(email_address("email", email.into())?);
        Ok(self)
    }

    /// How long the customer has to pay (the API's default is set per project).
    pub fn time_to_pay(mut self, hours: u16, minutes: u16) -> Result<Self, InvalidRequest> {
        if minutes >= 60 || (hours == 0 && minutes == 0) {
            return Err(InvalidRequest::TimeToPay { hours, minutes });
        }
        self.add_fields.time_to_pay = Some(TimeToPay { hours, minutes });
        Ok(self)
    }

    /// The coins the customer may choose from.
    pub fn available_currencies(
        mut self,
        currencies: impl IntoIterator<Item = CryptoCurrency>,
    ) -> Self {
        self.add_fields.available_currencies = currencies.into_iter().collect();
        self
    }

    /// Pre-selects the coin; the answer then carries the address and the amount in that coin.
    pub fn cryptocurrency(mut self, currency: CryptoCurrency) -> Self {
        self.add_fields.cryptocurrency = Some(currency);
        self
    }

    /// Sends the invoice to `email`, with reminders every `period` if given. The API takes a
    /// period only together with an address, so both are set here.
    pub fn send_to(
        mut self,
        email: impl Into<String>,
        period: Option<ReminderPeriod>,
    ) -> Result<Self, InvalidRequest> {
        self.add_fields.email_to_send = Some(email_address("email_to_send", email.into())?);
        self.add_fields.period = period;
        Ok(self)
    }

    /// The language of the payment page.
    pub fn locale(mut self, locale: Locale) -> Self {
        self.locale = Some(locale);
        self
    }

    /// Sets the language of the payment page unless one is set already (for clients with a
    /// default).
    pub fn or_locale(mut self, locale: Locale) -> Self {
        self.locale.get_or_insert(locale);
        self
    }
}

/// `value` if it looks like an e-mail address: one `@` with text on both sides, no spaces.
fn email_address(field: &'static str, value: String) -> Result<String, InvalidRequest> {
    let value = non_empty(field, value)?;
    let well_formed = match value.split_once('@') {
        Some((local, domain)) => !local.is_empty() && !domain.is_empty() && !domain.contains('@'),
        None => false,
    };
    if !well_formed || value.len() > 254 || value.chars().any(char::is_whitespace) {
        return Err(InvalidRequest::Invalid {
            field,
            value: shorten(&value),
            reason: "expected an e-mail address such as name@example.com",
        });
    }
    Ok(value)
}

impl Operation for CreateInvoice {
    const ROUTE: Route = Route::CreateInvoice;
    type Payload = Invoice;
    type Output = Invoice;

    fn path_and_query(&self) -> Cow<'static, str> {
        match self.locale {
            Some(locale) => Cow::Owned(alloc::format!(
                "{}?locale={}",
                Self::ROUTE.path(),
                locale.as_str()
            )),
            None => Cow::Borrowed(Self::ROUTE.path()),
        }
    }
}
