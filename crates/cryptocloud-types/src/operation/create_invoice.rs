//! `POST /v2/invoice/create`: a new invoice. Not safe to retry: a repeat makes a second invoice.

use serde::Serialize;

use super::invalid::positive;
use super::{AvailableCurrencies, Email, InvalidRequest, Operation, OrderId, Route, TimeToPay};
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
/// # use cryptocloud_types as cryptocloud;
/// use cryptocloud::{
///     AvailableCurrencies, CreateInvoice, CryptoCurrency, FiatCurrency, Locale, Operation, TimeToPay,
/// };
///
/// let create = CreateInvoice::new("7UvDDjkmPGSh2vcY".parse()?, "100.50".parse()?)?
///     .currency(FiatCurrency::Eur)
///     .order_id("order-1042".parse()?)
///     .time_to_pay(TimeToPay::new(2, 30)?)
///     .available_currencies(AvailableCurrencies::new([CryptoCurrency::Btc, CryptoCurrency::UsdtTrc20])?)
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
    order_id: Option<OrderId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<Email>,
    #[serde(skip_serializing_if = "AddFields::is_empty")]
    add_fields: AddFields,
    #[serde(skip)]
    locale: Option<Locale>,
}

#[derive(Clone, Debug, Default, Serialize)]
struct AddFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    time_to_pay: Option<TimeToPay>,
    #[serde(skip_serializing_if = "Option::is_none")]
    available_currencies: Option<AvailableCurrencies>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cryptocurrency: Option<CryptoCurrency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email_to_send: Option<Email>,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<ReminderPeriod>,
}

impl AddFields {
    fn is_empty(&self) -> bool {
        self.time_to_pay.is_none()
            && self.available_currencies.is_none()
            && self.cryptocurrency.is_none()
            && self.email_to_send.is_none()
    }
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
    pub fn order_id(mut self, order_id: OrderId) -> Self {
        self.order_id = Some(order_id);
        self
    }

    /// The customer's e-mail address.
    pub fn email(mut self, email: Email) -> Self {
        self.email = Some(email);
        self
    }

    /// How long the customer has to pay (the API's default is set per project).
    pub fn time_to_pay(mut self, time: TimeToPay) -> Self {
        self.add_fields.time_to_pay = Some(time);
        self
    }

    /// The coins the customer may choose from.
    pub fn available_currencies(mut self, currencies: AvailableCurrencies) -> Self {
        self.add_fields.available_currencies = Some(currencies);
        self
    }

    /// Pre-selects the coin; the answer then carries the address and the amount in that coin.
    pub fn cryptocurrency(mut self, currency: CryptoCurrency) -> Self {
        self.add_fields.cryptocurrency = Some(currency);
        self
    }

    /// Sends the invoice to `email`, with reminders every `period` if given. The API takes a
    /// period only together with an address, so both are set here.
    pub fn send_to(mut self, email: Email, period: Option<ReminderPeriod>) -> Self {
        self.add_fields.email_to_send = Some(email);
        self.add_fields.period = period;
        self
    }

    /// The language of the payment page.
    pub fn locale(mut self, locale: Locale) -> Self {
        self.locale = Some(locale);
        self
    }
}

impl Operation for CreateInvoice {
    const ROUTE: Route = Route::CreateInvoice;
    type Payload = Invoice;
    type Output = Invoice;

    fn locale(&self) -> Option<Locale> {
        self.locale
    }
}
