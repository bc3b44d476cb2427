//! Oracle independence: the verifier accepts what an ecosystem JWT crate (`jsonwebtoken`) signs
//! and refuses what it signs otherwise, and `jsonwebtoken`'s verifier accepts what `test-util`
//! signs. Neither side is judged only by agreeing with itself.

use cryptocloud_types::postback::{
    Binding, BodyFormat, Postback, PostbackSecret, TestPostback, sign_token,
};
use cryptocloud_types::{InvoiceId, PostbackError};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

const SECRET: &str = "oracle-project-secret";

fn secret() -> PostbackSecret {
    PostbackSecret::new(SECRET).unwrap()
}

fn invoice() -> InvoiceId {
    "89UX09KA".parse().unwrap()
}

/// `jsonwebtoken` checks `exp` against the system clock, so these tests use it too.
fn now() -> OffsetDateTime {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    OffsetDateTime::from_unix_timestamp(i64::try_from(since_epoch.as_secs()).unwrap()).unwrap()
}

fn signed_by_jsonwebtoken(algorithm: Algorithm, claims: &Value, key: &str) -> String {
    jsonwebtoken::encode(
        &Header::new(algorithm),
        claims,
        &EncodingKey::from_secret(key.as_bytes()),
    )
    .unwrap()
}

fn verify_token(token: &str) -> Result<cryptocloud_types::VerifiedPostback, PostbackError> {
    let body = json!({"status": "success", "invoice_id": "89UX09KA", "token": token});
    Postback::parse(body.to_string().as_bytes())?.verify(&secret(), now())
}

#[test]
fn tokens_signed_by_jsonwebtoken_verify() {
    let exp = (now() + Duration::minutes(5)).unix_timestamp();
    for (id, binding) in [
        (json!("89UX09KA"), Binding::Invoice(invoice())),
        (json!("INV-89UX09KA"), Binding::Invoice(invoice())),
        (json!(13), Binding::Unbound(13)),
    ] {
        let token =
            signed_by_jsonwebtoken(Algorithm::HS256, &json!({"id": id, "exp": exp}), SECRET);
        let verified = verify_token(&token).unwrap_or_else(|error| panic!("{id}: {error}"));
        assert_eq!(verified.binding(), &binding);
        assert_eq!(verified.expires_at().unix_timestamp(), exp);
    }
}

#[test]
fn tokens_jsonwebtoken_signs_otherwise_are_refused() {
    let exp = (now() + Duration::minutes(5)).unix_timestamp();
    let claims = json!({"id": "89UX09KA", "exp": exp});
    for algorithm in [Algorithm::HS384, Algorithm::HS512] {
        let token = signed_by_jsonwebtoken(algorithm, &claims, SECRET);
        let error = verify_token(&token).unwrap_err();
        assert!(
            matches!(&error, PostbackError::UnsupportedAlgorithm { .. }),
            "{algorithm:?}: {error:?}"
        );
    }
    let other_key = signed_by_jsonwebtoken(Algorithm::HS256, &claims, "another-secret");
    assert_eq!(
        verify_token(&other_key).unwrap_err(),
        PostbackError::BadSignature
    );
    let past = json!({"id": "89UX09KA", "exp": (now() - Duration::minutes(5)).unix_timestamp()});
    let expired = signed_by_jsonwebtoken(Algorithm::HS256, &past, SECRET);
    assert!(verify_token(&expired).unwrap_err().is_expired());
}

/// The claims CryptoCloud signs, as `jsonwebtoken` reads them.
#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    id: Value,
    exp: i64,
}

fn decoded_by_jsonwebtoken(token: &str) -> jsonwebtoken::errors::Result<Claims> {
    let validation = Validation::new(Algorithm::HS256);
    jsonwebtoken::decode::<Claims>(
        token,
        &DecodingKey::from_secret(SECRET.as_bytes()),
        &validation,
    )
    .map(|data| data.claims)
}

fn token_of(body: &str) -> String {
    Postback::parse(body.as_bytes()).unwrap().token().to_owned()
}

#[test]
fn jsonwebtoken_accepts_what_test_util_signs() {
    let issued = now();
    let exp = (issued + TestPostback::LIFETIME).unix_timestamp();
    for format in [BodyFormat::Json, BodyFormat::Form] {
        let body = TestPostback::new(invoice()).genuine(&secret(), issued, format);
        let claims = decoded_by_jsonwebtoken(&token_of(&body)).unwrap();
        assert_eq!(
            (claims.id, claims.exp),
            (json!("89UX09KA"), exp),
            "{format:?}"
        );

        let unbound =
            TestPostback::new(invoice())
                .numeric_token_id(13)
                .genuine(&secret(), issued, format);
        assert_eq!(
            decoded_by_jsonwebtoken(&token_of(&unbound)).unwrap().id,
            json!(13)
        );

        let forged = TestPostback::new(invoice()).forged(&secret(), issued, format);
        let error = decoded_by_jsonwebtoken(&token_of(&forged)).unwrap_err();
        assert_eq!(
            error.kind(),
            &jsonwebtoken::errors::ErrorKind::InvalidSignature
        );
    }
    let token = sign_token(&invoice(), issued + Duration::minutes(5), &secret());
    assert_eq!(decoded_by_jsonwebtoken(&token).unwrap().exp, exp);
}
