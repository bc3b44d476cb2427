//! Confirming a verified postback: the client fetches the invoice, the call core judges.

use cryptocloud_types::call::Confirmation;
use cryptocloud_types::postback::VerifiedPostback;

use crate::{Client, Error};

impl Client {
    /// Re-fetches the invoice a verified postback is about and says what the API confirms
    /// ([`Confirmation::judge`] decides; see it for what is compared and how to de-duplicate).
    ///
    /// The invoice asked for is [`VerifiedPostback::invoice_to_confirm`]: the id the token signs,
    /// or, for a token whose `id` is a number ([`Binding::Unbound`]), the body's claimed
    /// `invoice_id`. An id the API does not know is an error for which [`Error::is_not_found`]
    /// holds. **Only the returned [`Confirmation::invoice`] is authoritative.**
    ///
    /// ```no_run
    /// # mod cryptocloud { pub use cryptocloud_http::*; pub use cryptocloud_types::*; }
    /// # async fn run(client: cryptocloud_http::Client, body: &[u8], secret: cryptocloud_types::PostbackSecret)
    /// # -> Result<(), Box<dyn std::error::Error>> {
    /// use cryptocloud::PostbackOutcome;
    /// use cryptocloud::Postback;
    ///
    /// let verified = Postback::parse(body)?.verify(&secret, time::OffsetDateTime::now_utc())?;
    /// let confirmation = client.confirm_postback(&verified).await?;
    /// match confirmation.outcome() {
    ///     PostbackOutcome::PaidInFull => {
    ///         let (invoice, status) = confirmation.dedup_key();
    ///         println!("fulfil {invoice} once for {status}");
    ///     }
    ///     PostbackOutcome::Partial => println!("wait for the rest"),
    ///     PostbackOutcome::NotPaid => println!("nothing to do"),
    ///     PostbackOutcome::Mismatch { fields } => println!("rewritten or stale: {fields:?}"),
    ///     _ => println!("unknown outcome"),
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// [`Binding::Unbound`]: cryptocloud_types::postback::Binding::Unbound
    pub async fn confirm_postback(
        &self,
        postback: &VerifiedPostback,
    ) -> Result<Confirmation, Error> {
        let invoice = self.invoice(postback.invoice_to_confirm().clone()).await?;
        Ok(Confirmation::judge(invoice, postback.unverified_claims()))
    }
}
