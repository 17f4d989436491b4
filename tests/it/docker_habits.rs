//! docker's listing and inspection habits: `images` (columns, units, `--digests`,
//! `--no-trunc`, `-q`, `--filter`, `--format`), `history`, `inspect` of several images with
//! `--format`, and `search --format`. Where the expected text is pinned, it was compared by
//! hand with docker 28's output for an image of the same shape.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use crate::ferry::Ferry;
use crate::harness::*;

/// `image` with `patch`'s keys set in its config (history, created, labels…), and the
/// manifest rebuilt around the new config.
fn with_config(mut image: Image, patch: Value) -> Image {
    let mut config: Value = serde_json::from_slice(&image.config.read_all()).unwrap();
    for (k, v) in patch.as_object().unwrap() {
        config[k] = v.clone();
    }
    image.config = Blob::from_bytes(&image.config.media_type, serde_json::to_vec(&config).unwrap());
    let manifest = json!({
        "schemaVersion": 2,
        "mediaType": image.media_type,
        "config": image.config.descriptor(),
        "layers": image.layers.iter().map(Blob::descriptor).collect::<Vec<_>>(),
    });
    image.manifest_bytes = serde_json::to_vec(&manifest).unwrap();
    image.manifest_digest = sha256_digest(&image.manifest_bytes);
    image
}

/// The history docker 28 recorded for `docker import` of busybox then a build with ENV,
/// RUN, LABEL and CMD (times shifted to fixed dates).
fn built_history() -> Value {
    json!([
        {"created": "2024-01-01T00:00:00Z", "comment": "Imported from -"},
        {"created": "2024-01-01T00:00:01Z", "created_by": "/bin/sh -c #(nop)  ENV A=1", "empty_layer": true},
        {"created": "2024-01-01T00:00:02Z", "created_by": "/bin/busybox sh -c /bin/busybox echo hi > /hi"},
        {"created": "2024-01-01T00:00:03Z", "created_by": "/bin/sh -c #(nop)  LABEL x=y", "empty_layer": true},
        {"created": "2024-01-01T00:00:04Z", "created_by": "/bin/sh -c #(nop)  CMD [\"/bin/busybox\" \"sh\"]", "empty_layer": true},
    ])
}

/// RFC 3339 (UTC, whole seconds) of `ago` before now.
fn rfc3339_ago(ago: Duration) -> String {
    crate::harness::token::rfc3339((SystemTime::now().duration_since(UNIX_EPOCH).unwrap() - ago).as_secs())
}

const DAY: Duration = Duration::from_secs(86_400);

/// An image created `ago` before now (so its CREATED column reads the same in any year).
fn image_created(seed: u64, layers: &[u64], ago: Duration) -> Image {
    with_config(ImageSpec::new(seed).layers(layers).build(), json!({"created": rfc3339_ago(ago)}))
}

/// Pulls each (repository:tag, image) from a fresh registry, then renames it to a name
/// without the registry (whose port varies), as `docker tag` would, so tables are stable.
fn stored(images: &[(&str, &Image)]) -> (Registry, Ferry) {
    let reg = Registry::start(Mode::Anonymous);
    let ferry = Ferry::new();
    for (name, image) in images {
        let (repo, tag) = name.rsplit_once(':').unwrap();
        let pushed = format!("seed/{}", repo.replace([':', '/'], "-"));
        reg.push_image(&pushed, tag, image);
        let remote = reg.image_ref(&format!("{pushed}:{tag}"));
        ferry.run(&["pull", "-q", &remote]).ok();
        ferry.run(&["tag", &remote, name]).ok();
        ferry.run(&["rmi", "-q", &remote]).ok();
    }
    (reg, ferry)
}

fn short_id(image: &Image) -> String {
    image.config.digest[7..19].to_string()
}

/// The table docker 28 prints for the same shape (`docker images` after `docker tag`ging one
/// image twice, and an older one): columns REPOSITORY, TAG, IMAGE ID, CREATED, SIZE padded
/// to the widest cell + 3 (at least 10), newest first, the config digest as IMAGE ID and
/// sizes in powers of 1000.
#[test]
fn images_prints_dockers_table() {
    let app = image_created(1201, &[1_900_000], 21 * DAY + Duration::from_secs(3600));
    let old = image_created(1202, &[7_795_000], 61 * DAY);
    let (_reg, ferry) = stored(&[("app:v1", &app), ("localhost:5000/team/app:v2", &app), ("busybox:local", &old)]);

    let run = ferry.run(&["images"]).ok();
    let (a, o) = (short_id(&app), short_id(&old));
    assert_eq!(
        run.stdout,
        format!(
            "REPOSITORY                TAG       IMAGE ID       CREATED        SIZE\n\
             app                       v1        {a}   3 weeks ago    1.9MB\n\
             localhost:5000/team/app   v2        {a}   3 weeks ago    1.9MB\n\
             busybox                   local     {o}   2 months ago   7.8MB\n"
        )
    );

    let run = ferry.run(&["images", "--no-trunc", "busybox"]).ok();
    assert!(
        run.stdout.lines().nth(1).unwrap().contains(&format!("   {}   2 months ago", old.config.digest)),
        "{}",
        run.stdout
    );

    let run = ferry.run(&["images", "--digests", "localhost:5000/team/app"]).ok();
    assert_eq!(
        run.stdout,
        format!(
            "REPOSITORY                TAG       DIGEST{pad}IMAGE ID       CREATED       SIZE\n\
             localhost:5000/team/app   v2        {d}   {a}   3 weeks ago   1.9MB\n",
            pad = " ".repeat(71 + 3 - 6),
            d = app.manifest_digest,
        )
    );

    // docker's -a (intermediate images too) changes nothing: ferry keeps none.
    assert_eq!(ferry.run(&["images", "-a"]).ok().stdout, ferry.run(&["images"]).ok().stdout);

    // -q: image IDs, one per row, as docker (`docker rmi $(docker images -q)`).
    let run = ferry.run(&["images", "-q"]).ok();
    assert_eq!(run.stdout, format!("{a}\n{a}\n{o}\n"));
    let run = ferry.run(&["images", "-q", "--no-trunc", "busybox:local"]).ok();
    assert_eq!(run.stdout, format!("{}\n", old.config.digest));
    // An image ID names the image to other commands, as in docker.
    let inspected: Value = serde_json::from_str(&ferry.run(&["inspect", &o]).ok().stdout).unwrap();
    assert_eq!(inspected["reference"], "docker.io/library/busybox:local");
    ferry.run(&["rmi", &o]).ok();
    assert_eq!(ferry.run(&["images", "-q"]).ok().stdout, format!("{a}\n{a}\n"));
}

/// `--filter` as docker's daemon applies it: reference globs matched against the familiar
/// name with and without the tag (`*` stops at `/`), several globs OR'ed, keys AND'ed;
/// dangling = no tag; before/since by creation time, strictly.
#[test]
fn images_filters_as_docker() {
    let oldest = image_created(1211, &[100], 30 * DAY);
    let middle = image_created(1212, &[100], 20 * DAY);
    let newest = image_created(1213, &[100], 10 * DAY);
    let (reg, ferry) = stored(&[
        ("app:v1", &middle),
        ("localhost:5000/team/app:v2", &middle),
        ("busybox:latest", &oldest),
        ("localhost:5000/tools/cli:1.0", &newest),
    ]);
    // An image known only by digest: dangling, as docker's `<none>` tag.
    let untagged = image_created(1214, &[100], 5 * DAY);
    reg.push_image("seed/untagged", "x", &untagged);
    let by_digest = format!("{}@{}", reg.image_ref("seed/untagged"), untagged.manifest_digest);
    ferry.run(&["pull", "-q", &by_digest]).ok();

    let names = |filters: &[&str]| {
        let mut args = vec!["images", "--format", "{{.Repository}}:{{.Tag}}"];
        for f in filters {
            args.extend(["--filter", f]);
        }
        ferry.run(&args).ok().stdout.lines().map(str::to_string).collect::<Vec<_>>()
    };
    let untagged_row = format!("{}:<none>", reg.image_ref("seed/untagged"));
    // The same answers docker 28 gave for these patterns on these names.
    assert_eq!(names(&["reference=app"]), ["app:v1"]);
    assert_eq!(names(&["reference=*/team/app"]), ["localhost:5000/team/app:v2"]);
    assert_eq!(names(&["reference=*/app"]), Vec::<String>::new());
    assert_eq!(
        names(&["reference=localhost:5000/*/*"]),
        ["localhost:5000/tools/cli:1.0", "localhost:5000/team/app:v2"]
    );
    assert_eq!(names(&["reference=busybox"]), ["busybox:latest"]);
    assert_eq!(names(&["reference=busybox:latest"]), ["busybox:latest"]);
    assert_eq!(names(&["reference=library/busybox"]), Vec::<String>::new());
    assert_eq!(names(&["reference=*:5000/*/app:v?"]), ["localhost:5000/team/app:v2"]);
    assert_eq!(names(&["reference=app", "reference=busybox"]), ["app:v1", "busybox:latest"]);
    assert_eq!(names(&["reference=*", "dangling=false"]), ["app:v1", "busybox:latest"]);
    assert_eq!(names(&["dangling=true"]), [untagged_row.as_str()]);
    assert_eq!(names(&["dangling=false"]).len(), 4);
    assert_eq!(names(&["before=app:v1"]), ["busybox:latest"]);
    assert_eq!(names(&["since=app:v1"]), [untagged_row.as_str(), "localhost:5000/tools/cli:1.0"]);
    assert_eq!(
        names(&["since=busybox", "before=localhost:5000/tools/cli:1.0"]),
        ["app:v1", "localhost:5000/team/app:v2"]
    );
    // The positional argument: a repository, a reference, or a glob (docker's reference filter).
    let positional = |what: &str| ferry.run(&["images", "--format", "{{.Repository}}:{{.Tag}}", what]).ok().stdout;
    assert_eq!(positional("localhost:5000/*/*"), "localhost:5000/tools/cli:1.0\nlocalhost:5000/team/app:v2\n");
    assert_eq!(positional("docker.io/library/busybox"), "busybox:latest\n");
    assert_eq!(positional("busybox:other"), "");
    // The image ID serves as well as a name.
    assert_eq!(names(&[&format!("before={}", short_id(&middle))]), ["busybox:latest"]);

    for bad in ["reference=[", "dangling=maybe", "label=x", "nothing"] {
        let run = ferry.run(&["images", "--filter", bad]).fails_with(2);
        assert!(run.stderr.contains("invalid"), "{bad}: {}", run.stderr);
    }
    let run = ferry.run(&["images", "--filter", "before=nothing:here"]).fails_with(3);
    assert!(run.stderr.contains("nothing:here"), "{}", run.stderr);
}

/// `--digests` and `{{.Digest}}` show the digest `pull` printed: for a platform picked from
/// a multi-platform image, the index's, as docker shows it.
#[test]
fn images_digest_is_the_one_pull_printed() {
    let reg = Registry::start(Mode::Anonymous);
    let index = Index::multi_arch(1220, Format::Oci);
    reg.push_index("multi", "v1", &index);
    let ferry = Ferry::new();
    let printed = ferry.run(&["pull", "-q", "--platform", "linux/arm64", &reg.image_ref("multi:v1")]).ok().stdout;
    assert_eq!(printed.trim(), format!("{}@{}", reg.image_ref("multi:v1"), index.manifest_digest));

    let run = ferry.run(&["images", "--format", "{{.Digest}} {{.ID}} {{.Platform}}"]).ok();
    let arm = index.image_for("arm64").unwrap();
    assert_eq!(run.stdout, format!("{} {} linux/arm64\n", index.manifest_digest, short_id(arm)));
    let run = ferry.run(&["images", "--digests"]).ok();
    assert!(run.stdout.lines().nth(1).unwrap().contains(&index.manifest_digest), "{}", run.stdout);

    // A whole index has no single config: its ID is the index's digest.
    ferry.run(&["pull", "-q", "--all-platforms", &reg.image_ref("multi:v1")]).ok();
    let run = ferry.run(&["images", "--format", "{{.ID}} {{.Platform}}"]).ok();
    assert_eq!(run.stdout, format!("{} linux/amd64,linux/arm64\n", &index.manifest_digest[7..19]));
}

/// `--format`: docker's `json` (one object per line, docker's keys, every value a string),
/// `{{json .}}`, templates with and without `table`; anything outside the subset is a usage
/// error naming it, before anything is printed.
#[test]
fn images_formats_as_docker() {
    let created = rfc3339_ago(21 * DAY + Duration::from_secs(3600));
    let app = with_config(ImageSpec::new(1230).layers(&[1_900_000]).build(), json!({"created": created}));
    let (_reg, ferry) = stored(&[("app:v1", &app)]);

    let run = ferry.run(&["images", "--format", "json"]).ok();
    assert_eq!(run.stdout.lines().count(), 1);
    let row: Value = serde_json::from_str(&run.stdout).unwrap();
    let keys: Vec<&str> = row.as_object().unwrap().keys().map(String::as_str).collect();
    // docker 28's keys (`docker images --format json`), and ferry's Platform.
    assert_eq!(
        keys,
        [
            "Containers",
            "CreatedAt",
            "CreatedSince",
            "Digest",
            "ID",
            "Platform",
            "Repository",
            "SharedSize",
            "Size",
            "Tag",
            "UniqueSize",
            "VirtualSize"
        ]
    );
    assert_eq!(row["Repository"], "app");
    assert_eq!(row["Tag"], "v1");
    assert_eq!(row["ID"], short_id(&app));
    assert_eq!(row["Digest"], app.manifest_digest.as_str());
    assert_eq!(row["CreatedSince"], "3 weeks ago");
    assert_eq!(row["Size"], "1.9MB");
    assert_eq!(row["Containers"], "N/A");
    // Go's time.String(), in UTC: "2024-01-01 00:00:00 +0000 UTC".
    assert_eq!(row["CreatedAt"], format!("{} {} +0000 UTC", &created[..10], &created[11..19]));
    let same = ferry.run(&["images", "--format", "{{json .}}"]).ok();
    assert_eq!(same.stdout, run.stdout);
    assert!(run.stdout.contains(r#""Platform":"linux/amd64""#), "{}", run.stdout);

    let run = ferry.run(&["images", "--format", "{{.Repository}}\\t{{.Tag}} {{json .Tag}}"]).ok();
    assert_eq!(run.stdout, "app\tv1 \"v1\"\n");
    let run = ferry.run(&["images", "--format", "table {{.ID}}\\t{{.Repository}}\\t{{.CreatedAt}}"]).ok();
    assert_eq!(
        run.stdout,
        format!(
            "IMAGE ID       REPOSITORY   CREATED AT\n{}   app          {}\n",
            short_id(&app),
            row["CreatedAt"].as_str().unwrap()
        )
    );
    let run = ferry.run(&["images", "--format", "table"]).ok();
    assert!(run.stdout.starts_with("REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\n"), "{}", run.stdout);

    let run = ferry.run(&["images", "--format", "{{.Repository | upper}}"]).fails_with(2);
    assert!(run.stderr.contains("{{.Repository | upper}}") && run.stderr.contains("not supported"), "{}", run.stderr);
    let run = ferry.run(&["images", "--format", "{{range .}}{{end}}"]).fails_with(2);
    assert!(run.stderr.contains("{{range .}}"), "{}", run.stderr);
    let run = ferry.run(&["images", "--format", "{{.Nope}}"]).fails_with(2);
    assert!(run.stderr.contains(".Nope") && run.stderr.contains(".Repository"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    ferry.run(&["images", "--format", "{{.Tag"]).fails_with(2);
}

/// `history`: docker's columns, newest step first, the image ID on the top row and
/// `<missing>` below it, 0B for steps that made no layer, CREATED BY cut at 45 characters
/// unless `--no-trunc`; -q, -H=false and --format as docker's. Pinned against
/// `docker history` of an image built the same way (docker's sizes are unpacked; ferry's
/// are the stored, compressed layers).
#[test]
fn history_as_docker_prints_it() {
    let ago = 21 * DAY + Duration::from_secs(3600);
    let when = rfc3339_ago(ago);
    let mut history = built_history();
    for step in history.as_array_mut().unwrap() {
        step["created"] = json!(when);
    }
    let long = format!("/bin/sh -c apt-get update && apt-get install -y {}", "package ".repeat(8).trim());
    history.as_array_mut().unwrap().push(json!({"created": when, "created_by": long}));
    let image = with_config(
        ImageSpec::new(1240).layers(&[1_900_000, 3, 50_000]).build(),
        json!({"created": when, "history": history, "config": {"Cmd": ["/bin/busybox", "sh"]}}),
    );
    let (_reg, ferry) = stored(&[("app:v1", &image)]);
    let id = short_id(&image);
    let sizes: Vec<u64> = image.layers.iter().map(|l| l.size).collect();

    let run = ferry.run(&["history", "app:v1"]).ok();
    assert_eq!(
        run.stdout,
        format!(
            "IMAGE          CREATED       CREATED BY                                      SIZE      COMMENT\n\
             {id}   3 weeks ago   /bin/sh -c apt-get update && apt-get install…   50.2kB    \n\
             <missing>      3 weeks ago   /bin/sh -c #(nop)  CMD [\"/bin/busybox\" \"sh\"]    0B        \n\
             <missing>      3 weeks ago   /bin/sh -c #(nop)  LABEL x=y                    0B        \n\
             <missing>      3 weeks ago   /bin/busybox sh -c /bin/busybox echo hi > /hi   123B      \n\
             <missing>      3 weeks ago   /bin/sh -c #(nop)  ENV A=1                      0B        \n\
             <missing>      3 weeks ago                                                   1.9MB     Imported from -\n"
        )
    );
    assert_eq!(ferry.run(&["history", "-q", "app:v1"]).ok().stdout, format!("{id}\n{}", "<missing>\n".repeat(5)));

    let run = ferry.run(&["history", "--no-trunc", "app:v1"]).ok();
    let top = run.stdout.lines().nth(1).unwrap();
    assert!(top.starts_with(&format!("{}   ", image.config.digest)) && top.contains(&long), "{top}");

    let run = ferry.run(&["history", "-H=false", "--format", "table {{.CreatedSince}}\\t{{.Size}}", "app:v1"]).ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "CREATED AT             SIZE");
    assert_eq!(lines[1], format!("{when}   {}", sizes[2]));
    assert_eq!(lines[6], format!("{when}   {}", sizes[0]));

    let run = ferry.run(&["history", "--format", "json", "app:v1"]).ok();
    let rows: Vec<Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 6);
    assert_eq!(
        rows[5],
        json!({"Comment": "Imported from -", "CreatedAt": when, "CreatedBy": "", "CreatedSince": "3 weeks ago",
               "ID": "<missing>", "Size": "1.9MB"})
    );
    let run = ferry.run(&["history", "--format", "{{.ID}}: {{.CreatedBy}}", id.as_str()]).ok();
    assert_eq!(run.stdout.lines().nth(4), Some("<missing>: /bin/sh -c #(nop)  ENV A=1"));
    ferry.run(&["history", "--format", "{{.Repository}}", "app:v1"]).fails_with(2);
    ferry.run(&["history", "nothing:here"]).fails_with(3);
}

/// From a stored multi-platform index, `--platform` (default: this machine's) picks whose
/// history is shown.
#[test]
fn history_of_a_platform_of_a_stored_index() {
    let step = |by: &str| json!({"history": [{"created": "2024-01-01T00:00:00Z", "created_by": by}]});
    let amd = with_config(ImageSpec::new(1255).build(), step("built for amd64"));
    let arm = with_config(ImageSpec::new(1256).platform(Platform::linux_arm64_v8()).build(), step("built for arm64"));
    let index = Index::new(Format::Oci, vec![amd.clone(), arm.clone()]);
    let reg = Registry::start(Mode::Anonymous);
    reg.push_index("multi", "v1", &index);
    let ferry = Ferry::new();
    ferry.run(&["pull", "-q", "--all-platforms", &reg.image_ref("multi:v1")]).ok();

    let shown = |args: &[&str]| ferry.run(args).ok().stdout;
    let multi = reg.image_ref("multi:v1");
    let format = "{{.ID}} {{.CreatedBy}}";
    assert_eq!(
        shown(&["history", "--platform", "linux/arm64", "--format", format, &multi]),
        format!("{} built for arm64\n", short_id(&arm))
    );
    let host = if cfg!(target_arch = "aarch64") { &arm } else { &amd };
    assert!(shown(&["history", "--format", format, &multi]).starts_with(&short_id(host)));
    let run = ferry.run(&["history", "--platform", "linux/s390x", &multi]).fails_with(3);
    assert!(run.stderr.contains("linux/amd64"), "{}", run.stderr);
}

/// An image without a `history` in its config shows docker's header and nothing else; a
/// history naming more layers than the image has is an error, as in docker.
#[test]
fn history_of_images_without_one() {
    let plain = ImageSpec::new(1250).build();
    let liar =
        with_config(ImageSpec::new(1251).build(), json!({"history": [{"created_by": "a"}, {"created_by": "b"}]}));
    let (_reg, ferry) = stored(&[("plain:v1", &plain), ("liar:v1", &liar)]);
    let run = ferry.run(&["history", "plain:v1"]).ok();
    assert_eq!(run.stdout, "IMAGE     CREATED   CREATED BY   SIZE      COMMENT\n");
    let run = ferry.run(&["history", "liar:v1"]).fails_with(1);
    assert!(run.stderr.contains("more layers than the image has"), "{}", run.stderr);
}

/// `inspect` takes several images (a JSON array, as docker), gains docker's fields beside
/// its own, and runs `--format` templates on that JSON, one line per image.
#[test]
fn inspect_several_images_with_dockers_fields_and_format() {
    let app = with_config(
        ImageSpec::new(1260).build(),
        json!({"config": {"Env": ["PATH=/bin", "A=1"], "Cmd": ["/bin/busybox", "sh"], "Labels": {"x": "y"}}}),
    );
    let other = ImageSpec::new(1261).build();
    let (_reg, ferry) = stored(&[("app:v1", &app), ("localhost:5000/team/app:v2", &app), ("other:1", &other)]);

    let one: Value = serde_json::from_str(&ferry.run(&["inspect", "app:v1"]).ok().stdout).unwrap();
    assert_eq!(one["Id"], app.config.digest.as_str());
    assert_eq!(one["RepoTags"], json!(["app:v1", "localhost:5000/team/app:v2"]));
    assert_eq!(
        one["RepoDigests"],
        json!([format!("app@{}", app.manifest_digest), format!("localhost:5000/team/app@{}", app.manifest_digest)])
    );
    assert_eq!(one["Architecture"], "amd64");
    assert_eq!(one["Os"], "linux");
    assert_eq!(one["Config"]["Cmd"], json!(["/bin/busybox", "sh"]));
    assert_eq!(one["RootFS"], json!({"Type": "layers", "Layers": app.diff_ids}));
    assert_eq!(one["Created"], one["created"]);
    // ferry's own fields stay.
    assert_eq!(one["digest"], app.manifest_digest.as_str());
    assert_eq!(one["config"]["architecture"], "amd64");

    let several: Value = serde_json::from_str(&ferry.run(&["inspect", "app:v1", "other:1"]).ok().stdout).unwrap();
    assert_eq!(several.as_array().unwrap().len(), 2);
    assert_eq!(several[0], one);
    assert_eq!(several[1]["Id"], other.config.digest.as_str());

    // docker's `docker inspect --format` output for the same fields, pinned.
    let run = ferry
        .run(&[
            "inspect",
            "--format",
            "{{.Id}} {{.Config.Cmd}} {{json .Config.Env}} {{.Config.Labels}} {{.RootFS.Type}} {{.Os}} {{json .RepoTags}}",
            "app:v1",
        ])
        .ok();
    assert_eq!(
        run.stdout,
        format!(
            "{} [/bin/busybox sh] [\"PATH=/bin\",\"A=1\"] map[x:y] layers linux [\"app:v1\",\"localhost:5000/team/app:v2\"]\n",
            app.config.digest
        )
    );
    let run = ferry.run(&["inspect", "-f", "{{.Config}}\\t{{.size}}", "app:v1", "other:1"]).ok();
    let size = |i: &Image| i.blobs().map(|b| b.size).sum::<u64>() + i.manifest_bytes.len() as u64;
    assert_eq!(
        run.stdout,
        format!(
            "map[Cmd:[/bin/busybox sh] Env:[PATH=/bin A=1] Labels:map[x:y]]\t{}\nmap[]\t{}\n",
            size(&app),
            size(&other)
        )
    );
    let run = ferry.run(&["inspect", "-f", "{{.Config.Labels}}", "other:1"]).fails_with(2);
    assert!(run.stderr.contains(".Config has no field \"Labels\""), "{}", run.stderr);
    ferry.run(&["inspect", "-f", "{{.Id | printf}}", "other:1"]).fails_with(2);

    // As docker: what was found is printed, then the missing image is reported.
    let run = ferry.run(&["inspect", "app:v1", "nothing:here"]).fails_with(3);
    let found: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(found, json!([one]));
    assert!(run.stderr.contains("nothing:here"), "{}", run.stderr);
}

/// `search --format` with docker's fields: every value a string, `[OK]` for official, the
/// description cut at 45 unless `--no-trunc`; `json` stays ferry's documented object.
#[test]
fn search_formats_as_docker() {
    let hub = FakeServer::start(|req| {
        let results = json!([
            {"name": "redis", "description": "Redis is the world's fastest data platform for caching and more", "star_count": 13321, "is_official": true, "is_automated": false},
            {"name": "bitnami/redis", "description": "Bitnami Redis", "star_count": 338, "is_official": false, "is_automated": true},
        ]);
        if req.path != "/v1/search" {
            return FakeResponse::text(404, "not found");
        }
        FakeResponse::json(200, &json!({"num_results": 2, "query": req.query_param("q"), "results": results}))
    });
    let ferry = Ferry::new();
    let search = |args: &[&str]| -> crate::ferry::Run {
        let mut c = ferry.command(args);
        c.env("FERRY_DOCKER_HUB_INDEX", hub.url());
        c.output().expect("ferry runs").into()
    };

    let run = search(&["search", "--format", "{{.Name}}\\t{{.StarCount}}\\t{{.IsOfficial}}", "redis"]).ok();
    assert_eq!(run.stdout, "redis\t13321\t[OK]\nbitnami/redis\t338\t\n");
    let run = search(&["search", "--format", "table {{.Name}}\\t{{.Description}}\\t{{.IsAutomated}}", "redis"]).ok();
    assert_eq!(
        run.stdout,
        "NAME            DESCRIPTION                                     AUTOMATED\n\
         redis           Redis is the world's fastest data platform f…   \n\
         bitnami/redis   Bitnami Redis                                   [OK]\n"
    );
    let run = search(&["search", "--no-trunc", "--format", "{{json .}}", "redis"]).ok();
    assert_eq!(
        run.stdout.lines().next().unwrap(),
        r#"{"Description":"Redis is the world's fastest data platform for caching and more","IsAutomated":"","IsOfficial":"[OK]","Name":"redis","StarCount":"13321"}"#
    );
    let run = search(&["search", "--format", "json", "redis"]).ok();
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["results"][0]["star_count"], 13321);
    let run = search(&["search", "--format", "{{.Stars}}", "redis"]).fails_with(2);
    assert!(run.stderr.contains(".StarCount"), "{}", run.stderr);
    assert!(hub.requests().len() == 4, "a bad template is refused before searching");
}
