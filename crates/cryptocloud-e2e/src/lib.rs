//! End-to-end tests and benchmarks of the client against the local server. They live in a crate of
//! their own, which is never published, so that `cryptocloud-http` and `cryptocloud-mock` do not
//! need each other as dev-dependencies (a cycle that `cargo package` refuses).
