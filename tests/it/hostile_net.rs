//! A hostile or flaky network, on loopback only.

use crate::ferry::Ferry;
use crate::harness::*;

#[test]
fn a_loopback_registry_is_never_proxied() {
    let reg = Registry::start(Mode::Anonymous);
    reg.push_image("app", "v1", &ImageSpec::new(1105).build());
    let proxy = FakeServer::start(|_req: &FakeRequest| FakeResponse::text(502, "proxied"));
    for name in [reg.image_ref("app:v1"), format!("localhost:{}/app:v1", reg.port())] {
        let ferry = Ferry::new()
            .with_env("HTTP_PROXY", proxy.url())
            .with_env("HTTPS_PROXY", proxy.url())
            .with_env("ALL_PROXY", proxy.url());

        ferry.run(&["pull", &name]).ok();
    }
    assert_eq!(proxy.request_count(), 0, "loopback traffic went through the proxy");
}
