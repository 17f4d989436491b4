//! Finding out what is there without pulling: `search` (Docker Hub's `/v1/search` spoken by a
//! fake server, and distribution's catalog fallback), `tags` and `catalog` over paginated
//! listings, and `digest`, `manifest` and `inspect --remote`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

use crate::ferry::{Ferry, Run};
use crate::harness::*;

fn parse(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", run.stdout))
}

// --- search ---------------------------------------------------------------------------------

const LONG_DESCRIPTION: &str = "The Redis in-memory key-value store, with persistence\nand replication";

/// Docker Hub's `/v1/search`, answering every term with the same four repositories.
fn fake_hub() -> FakeServer {
    FakeServer::start(|req| {
        if req.path != "/v1/search" {
            return FakeResponse::text(404, "not found");
        }
        let results = json!([
            {"name": "redis", "description": LONG_DESCRIPTION, "star_count": 12000, "is_official": true, "is_automated": false},
            {"name": "bitnami/redis", "description": "Bitnami Redis", "star_count": 250, "is_official": false, "is_automated": true},
            {"name": "me/redis-tools", "description": null, "star_count": 3, "is_official": false, "is_automated": false},
            {"name": "rediscommander/redis-commander", "description": "漢字の説明がとても長いのでここで切られるべきです、そうですよね本当に", "star_count": 90, "is_official": false, "is_automated": false},
        ]);
        let n: usize = req.query_param("n").and_then(|n| n.parse().ok()).unwrap_or(25);
        let results: Vec<Value> = results.as_array().unwrap().iter().take(n).cloned().collect();
        FakeResponse::json(
            200,
            &json!({"num_pages": 1, "num_results": results.len(), "page_size": n, "query": req.query_param("q"), "results": results}),
        )
    })
}

fn hub_ferry(hub: &FakeServer) -> impl Fn(&[&str]) -> Run + '_ {
    let ferry = Ferry::new();
    move |args: &[&str]| {
        let mut c = ferry.command(args);
        c.env("FERRY_DOCKER_HUB_INDEX", hub.url());
        c.output().expect("ferry runs").into()
    }
}

#[test]
fn search_docker_hub_prints_dockers_table() {
    let hub = fake_hub();
    let run = hub_ferry(&hub)(&["search", "redis"]).ok();

    let req = &hub.requests()[0];
    assert_eq!(req.query_param("q").as_deref(), Some("redis"));
    assert_eq!(req.query_param("n").as_deref(), Some("25"), "docker's default limit");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{}", run.stdout);
    let header = lines[0];
    assert!(header.starts_with("NAME") && header.ends_with("OFFICIAL"), "{header}");
    // Columns line up in terminal cells; every cell here before STARS is one char wide
    // except the CJK row, checked separately below.
    let columns = ["NAME", "DESCRIPTION", "STARS", "OFFICIAL"].map(|c| header.find(c).unwrap());
    let cell = |line: &str, col: usize, len: usize| line.chars().skip(col).take(len).collect::<String>();
    assert!(columns.windows(2).all(|w| w[0] < w[1]), "{header}");

    // 45 characters: 44 of the description (newline flattened), then an ellipsis.
    let flat = LONG_DESCRIPTION.replace('\n', " ");
    let cut = format!("{}…", flat.chars().take(44).collect::<String>());
    let redis = lines[1];
    assert!(redis.starts_with("redis ") && redis.contains(&cut) && !redis.contains(&flat), "{redis}");
    assert!(redis.trim_end().ends_with("[OK]"), "{redis}");
    assert_eq!(cell(redis, columns[2], 5), "12000", "stars aligned under STARS: {}", run.stdout);
    assert_eq!(cell(lines[2], columns[2], 3), "250", "{}", run.stdout);
    assert!(lines[2].contains("Bitnami Redis") && !lines[2].contains("[OK]"), "{}", lines[2]);
    assert!(lines[3].starts_with("me/redis-tools"), "null description: {}", lines[3]);
    // Wide characters take two cells: 22 of them, then the ellipsis.
    assert!(lines[4].contains(&format!("{}…", "漢字の説明がとても長いのでここで切られるべき")), "{}", lines[4]);
}

#[test]
fn search_filters_limit_and_no_trunc_follow_docker() {
    let hub = fake_hub();
    let ferry = hub_ferry(&hub);

    let run = ferry(&["search", "--filter", "stars=100", "--no-trunc", "redis"]).ok();
    let names: Vec<&str> = run.stdout.lines().skip(1).map(|l| l.split(' ').next().unwrap()).collect();
    assert_eq!(names, ["redis", "bitnami/redis"], "{}", run.stdout);
    assert!(run.stdout.contains(&LONG_DESCRIPTION.replace('\n', " ")), "--no-trunc: {}", run.stdout);

    let run = ferry(&["search", "-f", "is-official=false", "--limit", "2", "redis"]).ok();
    assert_eq!(hub.requests().last().unwrap().query_param("n").as_deref(), Some("2"));
    // The limit is what the index is asked for; the filter then drops the official image.
    let names: Vec<&str> = run.stdout.lines().skip(1).map(|l| l.split(' ').next().unwrap()).collect();
    assert_eq!(names, ["bitnami/redis"], "{}", run.stdout);

    let run = ferry(&["search", "-f", "is-official=true", "-f", "stars=20000", "redis"]).ok();
    assert_eq!(run.stdout.lines().count(), 1, "only the header: {}", run.stdout);

    ferry(&["search", "--filter", "stars=many", "redis"]).fails_with(2);
    ferry(&["search", "--filter", "color=red", "redis"]).fails_with(2);
    ferry(&["search", "--limit", "101", "redis"]).fails_with(2);
}

#[test]
fn search_json_parses_with_full_descriptions() {
    let hub = fake_hub();
    let run = hub_ferry(&hub)(&["search", "--format", "json", "--filter", "is-official=true", "docker.io/redis"]).ok();

    assert_eq!(hub.requests()[0].query_param("q").as_deref(), Some("redis"), "docker.io/ is the Hub itself");
    let out = parse(&run);
    assert_eq!(out["registry"], "docker.io");
    assert_eq!(out["query"], "redis");
    assert_eq!(out["source"], "search");
    assert_eq!(
        out["results"],
        json!([{"name": "redis", "description": LONG_DESCRIPTION, "star_count": 12000, "is_official": true, "is_automated": false}])
    );
}

#[test]
fn search_uses_a_registrys_own_search_api_and_says_so() {
    let server = FakeServer::start(|req| match req.path.as_str() {
        "/v2/" => FakeResponse::json(200, &json!({})),
        "/v1/search" => FakeResponse::json(
            200,
            &json!({"query": req.query_param("q"), "num_results": 1,
                    "results": [{"name": "team/app", "description": "the app", "star_count": 0, "is_official": false}]}),
        ),
        _ => FakeResponse::text(404, "not found"),
    });
    let ferry = Ferry::new();

    let run = ferry.run(&["search", &format!("{}/app", server.host())]).ok();

    assert!(run.stdout.contains("team/app") && run.stdout.contains("the app"), "{}", run.stdout);
    assert!(run.stderr.contains("search API"), "{}", run.stderr);
    assert!(!run.stderr.contains("catalog"), "{}", run.stderr);
    assert_eq!(server.requests().iter().filter(|r| r.path == "/v2/_catalog").count(), 0);
}

#[test]
fn search_on_distribution_falls_back_to_the_catalog_and_says_so() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(600).build();
    for repo in ["app", "tools/app-cli", "other", "myapp/web"] {
        reg.push_image(repo, "v1", &image);
    }
    let ferry = Ferry::new();

    let run = ferry.run(&["search", &reg.image_ref("app")]).ok();

    assert!(run.stderr.contains("catalog"), "says how it searched: {}", run.stderr);
    let names: Vec<&str> = run.stdout.lines().skip(1).map(|l| l.split(' ').next().unwrap()).collect();
    let host = reg.host();
    assert_eq!(names, [format!("{host}/app"), format!("{host}/myapp/web"), format!("{host}/tools/app-cli")]);

    let json = parse(&ferry.run(&["search", "--format", "json", "--limit", "1", &reg.image_ref("APP")]).ok());
    assert_eq!(json["source"], "catalog");
    assert_eq!(json["results"].as_array().unwrap().len(), 1, "{json}");
    assert_eq!(json["results"][0]["name"], format!("{host}/app"), "matching ignores case");

    let quiet = ferry.run(&["search", "-q", &reg.image_ref("app")]).ok();
    assert!(quiet.stderr.is_empty(), "-q: {}", quiet.stderr);
}

// --- tags and catalog -----------------------------------------------------------------------

#[test]
fn tags_lists_every_tag_of_a_distribution_repository_once() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(610).build();
    let mut want: Vec<String> = (0..7).map(|i| format!("v{i}")).collect();
    want.push("latest".into());
    for tag in &want {
        reg.push_image("app", tag, &image);
    }
    want.sort();
    let ferry = Ferry::new();
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };

    // distribution 2.8 ignores `n` for tags (and lists them unsorted): one page, whatever
    // the size asked for. Paging is covered by the servers below that do page.
    let run = ferry.run(&["tags", "--page-size", "2", &reg.image_ref("app")]).ok();
    assert_eq!(sorted(run.stdout.lines().map(String::from).collect()), want);

    let json = parse(&ferry.run(&["tags", "--format", "json", &reg.image_ref("app")]).ok());
    assert_eq!(json["repository"], format!("{}/app", reg.host()));
    let tags: Vec<String> = serde_json::from_value(json["tags"].clone()).unwrap();
    assert_eq!(sorted(tags), want);

    let limited = ferry.run(&["tags", "--limit", "3", &reg.image_ref("app")]).ok();
    assert_eq!(limited.stdout.lines().count(), 3);
}

/// A registry that pages tags `n` at a time (as distribution 3 does), with `Link` headers in
/// a different style on each page.
fn paging_tags_server(tags: Vec<String>, n: usize, link: fn(&str, usize, &str) -> String) -> FakeServer {
    let base = Arc::new(std::sync::OnceLock::<String>::new());
    let b = base.clone();
    let server = FakeServer::start(move |req| {
        if req.path == "/v2/" {
            return FakeResponse::json(200, &json!({}));
        }
        if req.path != "/v2/app/tags/list" {
            return FakeResponse::text(404, "not found");
        }
        let last = req.query_param("last");
        let start = last.map_or(0, |l| tags.iter().position(|t| *t == l).map_or(tags.len(), |i| i + 1));
        let page: Vec<&String> = tags.iter().skip(start).take(n).collect();
        let mut resp = FakeResponse::json(200, &json!({"name": "app", "tags": page}));
        if start + n < tags.len() {
            let page_no = start / n;
            resp = resp.header("link", &link(b.get().unwrap(), page_no, page.last().unwrap()));
        }
        resp
    });
    base.set(server.url()).unwrap();
    server
}

#[test]
fn tags_follow_relative_absolute_and_parameterised_links() {
    let tags: Vec<String> = (0..9).map(|i| format!("t{i}")).collect();
    let server = paging_tags_server(tags.clone(), 2, |base, page, last| match page % 4 {
        0 => format!("</v2/app/tags/list?n=2&last={last}>; rel=\"next\""),
        1 => format!("<{base}/v2/app/tags/list?last={last}&n=2&orderby=name>; rel=next"),
        2 => format!("<?n=2&last={last}&token=abc%3D>; title=\"page, {page}\"; rel=\"next\""),
        _ => format!("</v2/app/tags/list?first=t0>; rel=\"first\", <list?n=2&last={last}>; rel=\"next\""),
    });
    let ferry = Ferry::new();

    let run = ferry.run(&["tags", &format!("{}/app", server.host())]).ok();

    assert_eq!(run.stdout.lines().collect::<Vec<_>>(), tags);
    let queries: Vec<String> =
        server.requests().iter().filter(|r| r.path.ends_with("/tags/list")).map(|r| r.query.clone()).collect();
    assert_eq!(queries.len(), 5, "{queries:?}");
    assert!(queries.iter().any(|q| q.contains("orderby=name")), "extra parameters kept: {queries:?}");
    assert!(queries.iter().any(|q| q.contains("token=abc%3D")), "encoding kept: {queries:?}");
}

#[test]
fn tags_stop_when_the_link_loops() {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    // Page 2 links back to page 1, which links to page 2, forever.
    let server = FakeServer::start(move |req| {
        if req.path == "/v2/" {
            return FakeResponse::json(200, &json!({}));
        }
        h.fetch_add(1, Ordering::SeqCst);
        match req.query_param("last").as_deref() {
            None => FakeResponse::json(200, &json!({"name": "app", "tags": ["a", "b"]}))
                .header("link", "</v2/app/tags/list?last=b>; rel=\"next\""),
            _ => FakeResponse::json(200, &json!({"name": "app", "tags": ["c"]}))
                .header("link", "</v2/app/tags/list>; rel=\"next\""),
        }
    });
    let ferry = Ferry::new();

    let run = ferry.run(&["tags", &format!("{}/app", server.host())]).ok();

    assert_eq!(run.stdout, "a\nb\nc\n");
    assert_eq!(hits.load(Ordering::SeqCst), 2, "each page read once");
    assert!(run.stderr.contains("warning") && run.stderr.contains("incomplete"), "{}", run.stderr);
}

#[test]
fn tags_stop_when_pages_repeat_under_new_links() {
    // A server that ignores `last` and keeps minting new links to the same page.
    let server = FakeServer::start(move |req| {
        if req.path == "/v2/" {
            return FakeResponse::json(200, &json!({}));
        }
        let page: usize = req.query_param("page").and_then(|p| p.parse().ok()).unwrap_or(0);
        FakeResponse::json(200, &json!({"name": "app", "tags": ["a", "b"]}))
            .header("link", &format!("</v2/app/tags/list?page={}>; rel=\"next\"", page + 1))
    });
    let ferry = Ferry::new();

    let run = ferry.run(&["tags", &format!("{}/app", server.host())]).ok();

    assert_eq!(run.stdout, "a\nb\n");
    assert_eq!(server.request_count(), 3, "ping, page 0, page 1 (nothing new): stop");
    assert!(run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn tags_refuse_a_link_to_another_host() {
    let server = FakeServer::start(move |req| {
        if req.path == "/v2/" {
            return FakeResponse::json(200, &json!({}));
        }
        FakeResponse::json(200, &json!({"name": "app", "tags": ["a"]}))
            .header("link", "<http://127.0.0.2:9/v2/app/tags/list?last=a>; rel=\"next\"")
    });
    let run = Ferry::new().run(&["tags", &format!("{}/app", server.host())]).fails_with(1);
    assert!(run.stderr.contains("another host"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn tags_of_a_missing_repository_exit_3() {
    let reg = Registry::start(Mode::Anonymous);
    let run = Ferry::new().run(&["tags", &reg.image_ref("nothing/here")]).fails_with(3);
    assert!(run.stderr.contains("nothing/here"), "{}", run.stderr);
    Ferry::new().run(&["tags", &reg.image_ref("app:v1")]).fails_with(2);
}

#[test]
fn tags_need_credentials_on_a_private_registry() {
    let reg = Registry::start(Mode::Token);
    let image = ImageSpec::new(615).build();
    reg.push_image("private/app", "v1", &image);
    let ferry = Ferry::new();

    ferry.run(&["tags", &reg.image_ref("private/app")]).fails_with(4);
    let admin = reg.admin().unwrap();
    let run = ferry
        .run_with_stdin(&["tags", "-u", admin.name, "--password-stdin", &reg.image_ref("private/app")], admin.password)
        .ok();
    assert_eq!(run.stdout, "v1\n");
}

#[test]
fn catalog_and_search_use_credentials_on_a_token_registry() {
    let reg = Registry::start(Mode::Token);
    let image = ImageSpec::new(625).build();
    for repo in ["private/app", "private/db"] {
        reg.push_image(repo, "v1", &image);
    }
    let ferry = Ferry::new();
    let admin = reg.admin().unwrap();

    ferry.run(&["catalog", &reg.host()]).fails_with(4);
    let run =
        ferry.run_with_stdin(&["catalog", "-u", admin.name, "--password-stdin", &reg.host()], admin.password).ok();
    assert_eq!(run.stdout, "private/app\nprivate/db\n");

    let search = format!("{}/db", reg.host());
    let run = ferry.run_with_stdin(&["search", "-u", admin.name, "--password-stdin", &search], admin.password).ok();
    assert!(run.stderr.contains("catalog"), "{}", run.stderr);
    assert!(run.stdout.contains(&format!("{}/private/db", reg.host())), "{}", run.stdout);
    assert!(!run.stdout.contains("private/app"), "{}", run.stdout);
}

#[test]
fn catalog_pages_through_distribution() {
    let reg = Registry::start_with(Mode::Anonymous, Options { catalog_max_entries: 2, ..Options::default() });
    let image = ImageSpec::new(620).build();
    let mut repos = vec!["a/one", "a/two", "b", "c/x/y", "d"];
    for repo in &repos {
        reg.push_image(repo, "v1", &image);
    }
    repos.sort();
    let proxy = Proxy::to(&reg);
    let ferry = Ferry::new();

    let run = ferry.run(&["catalog", &proxy.host()]).ok();

    assert_eq!(run.stdout.lines().collect::<Vec<_>>(), repos);
    assert_eq!(proxy.count("GET", "/v2/_catalog"), 3, "5 repositories, 2 a page");

    let json = parse(&ferry.run(&["catalog", "--format", "json", &format!("http://{}/", reg.host())]).ok());
    assert_eq!(json, json!({"registry": reg.host(), "repositories": repos}));

    let run = ferry.run(&["catalog", "--limit", "3", &reg.host()]).ok();
    assert_eq!(run.stdout.lines().count(), 3);

    ferry.run(&["catalog", "not a host"]).fails_with(2);
}

// --- digest, manifest, inspect --remote -----------------------------------------------------

#[test]
fn digest_equals_what_pull_resolves_and_only_heads() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(630).build();
    reg.push_image("app", "v1", &image);
    let index = Index::multi_arch(632, Format::Oci);
    reg.push_index("multi", "v1", &index);
    let proxy = Proxy::to(&reg);
    let ferry = Ferry::new();

    for (name, want) in [("app:v1", &image.manifest_digest), ("multi:v1", &index.manifest_digest)] {
        let reference = format!("{}/{name}", proxy.host());
        let digest = ferry.run(&["digest", &reference]).ok().stdout;
        assert_eq!(digest.trim(), want.as_str());
        let pulled = ferry.run(&["pull", "-q", &reference]).ok().stdout;
        assert_eq!(pulled.trim(), format!("{reference}@{}", digest.trim()));
    }

    proxy.reset_counters();
    let run = ferry.run(&["digest", "--format", "json", &format!("{}/multi:v1", proxy.host())]).ok();
    assert_eq!(proxy.manifest_gets(), 0, "a HEAD is enough: no pull counted");
    assert_eq!(proxy.manifest_heads(), 1);
    let out = parse(&run);
    assert_eq!(out["digest"], index.manifest_digest.as_str());
    assert_eq!(out["mediaType"], fixtures::OCI_INDEX);
    assert_eq!(out["size"], index.manifest_bytes.len());
    assert_eq!(out["reference"], format!("{}/multi:v1", proxy.host()));

    let arm64 = index.image_for("arm64").unwrap();
    let run = ferry.run(&["digest", "--platform", "linux/arm64", "--format", "json", &reg.image_ref("multi:v1")]).ok();
    let out = parse(&run);
    assert_eq!(out["digest"], arm64.manifest_digest.as_str());
    assert_eq!(out["indexDigest"], index.manifest_digest.as_str());

    let by_digest = format!("{}@{}", reg.image_ref("app"), image.manifest_digest);
    assert_eq!(ferry.run(&["digest", &by_digest]).ok().stdout.trim(), image.manifest_digest);
    ferry.run(&["digest", &reg.image_ref("app:nope")]).fails_with(3);
    ferry.run(&["digest", "--platform", "linux/s390x", &reg.image_ref("multi:v1")]).fails_with(3);
}

#[test]
fn digest_hashes_the_manifest_when_head_has_no_digest_header() {
    let reg = Registry::start(Mode::Anonymous);
    let image = ImageSpec::new(640).format(Format::DockerV2S2).build();
    reg.push_image("app", "v1", &image);
    let proxy = Proxy::to(&reg);
    proxy
        .add_rule(Rule::on("/manifests/").method("HEAD").status(200).header("Content-Type", fixtures::DOCKER_MANIFEST));
    let ferry = Ferry::new();

    let run = ferry.run(&["digest", &format!("{}/app:v1", proxy.host())]).ok();

    assert_eq!(run.stdout.trim(), image.manifest_digest);
    assert_eq!(proxy.manifest_gets(), 1, "fell back to GET");
}

#[test]
fn manifest_prints_the_bytes_the_digest_names() {
    let reg = Registry::start(Mode::Anonymous);
    let index = Index::multi_arch(650, Format::DockerV2S2);
    reg.push_index("multi", "v1", &index);
    let ferry = Ferry::new();
    let reference = reg.image_ref("multi:v1");

    let digest = ferry.run(&["digest", &reference]).ok().stdout;
    let raw = ferry.command(&["manifest", &reference]).output().unwrap();
    assert!(raw.status.success());
    assert_eq!(raw.stdout, index.manifest_bytes, "byte for byte, no newline added");
    assert_eq!(sha256_digest(&raw.stdout), digest.trim());

    let arm64 = index.image_for("arm64").unwrap();
    let child = ferry.command(&["manifest", "--platform", "linux/arm64/v8", &reference]).output().unwrap();
    assert_eq!(child.stdout, arm64.manifest_bytes);

    let missing = ferry.run(&["manifest", &reg.image_ref("multi:v2")]).fails_with(3);
    assert!(missing.stdout.is_empty());
}

#[test]
fn inspect_remote_matches_inspect_of_the_pulled_image() {
    let reg = Registry::start(Mode::Anonymous);
    let index = Index::multi_arch(660, Format::Oci);
    reg.push_index("multi", "v1", &index);
    let image = ImageSpec::new(662).layers(&[10_000, 20]).build();
    reg.push_image("app", "v1", &image);
    let proxy = Proxy::to(&reg);
    let ferry = Ferry::new();

    for (name, platform) in [("multi:v1", "linux/arm64"), ("app:v1", "linux/amd64")] {
        let reference = format!("{}/{name}", proxy.host());
        proxy.reset_counters();
        let remote = parse(&ferry.run(&["inspect", "--remote", "--platform", platform, &reference]).ok());
        assert_eq!(proxy.blob_gets(), 1, "only the config is read");
        assert!(!ferry.root().join("index.json").exists() || ferry.stored(&reference).is_none(), "nothing pulled");

        ferry.run(&["pull", "-q", "--platform", platform, &reference]).ok();
        let local = parse(&ferry.run(&["inspect", &reference]).ok());
        assert_eq!(remote, local, "{name}");
    }
    let remote =
        parse(&ferry.run(&["inspect", "--remote", "--platform", "linux/arm64", &reg.image_ref("multi:v1")]).ok());
    assert_eq!(remote["digest"], index.image_for("arm64").unwrap().manifest_digest.as_str());
    assert_eq!(remote["indexDigest"], index.manifest_digest.as_str());
    assert_eq!(remote["platforms"], json!(["linux/arm64"]));
    assert_eq!(remote["config"]["architecture"], "arm64");

    ferry.run(&["inspect", "--remote", &reg.image_ref("app:v9")]).fails_with(3);
    let run =
        ferry.run(&["inspect", "--remote", "--platform", "linux/s390x", &reg.image_ref("multi:v1")]).fails_with(3);
    assert!(run.stderr.contains("linux/amd64") && run.stderr.contains("--platform"), "{}", run.stderr);
    ferry.run(&["inspect", "--platform", "linux/amd64", &reg.image_ref("multi:v1")]).fails_with(2);
}
