//! Integration tests of `cryptocloud-http` against real servers on 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod bodies;
mod faults;
mod operations;
mod paging;
mod paging_loops;
mod proxy;
mod raw;
mod secrets;
mod server;
mod tls;
