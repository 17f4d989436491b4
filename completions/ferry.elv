
use builtin;
use str;

set edit:completion:arg-completer[ferry] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'ferry'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'ferry'= {
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand login 'Log in to a registry: verify the credentials, then store them'
            cand logout 'Remove stored credentials for a registry'
            cand pull 'Download an image into the local store'
            cand images 'List the images in the local store'
            cand ls 'List the images in the local store'
            cand inspect 'Show an image''s manifest and configuration as JSON (stored, or --remote)'
            cand history 'Show a stored image''s history: the steps that built it, layer by layer'
            cand rmi 'Remove references from the local store, and the blobs only they used'
            cand prune 'Delete unreferenced blobs and partial downloads from the local store'
            cand fsck 'Check the local store (blobs, references'' images, layout files); --repair what can be'
            cand search 'Search Docker Hub, or another registry, for repositories'
            cand tags 'List a repository''s tags'
            cand catalog 'List a registry''s repositories'
            cand manifest 'Print an image''s manifest exactly as the registry serves it'
            cand digest 'Print the digest a reference resolves to, without pulling (a HEAD request)'
            cand completions 'Print a shell completion script'
            cand generate-docs 'Write man pages and completion scripts into a directory (for scripts/gen-docs)'
            cand tag 'Give a stored image another name (in the local store)'
            cand push 'Upload a stored image to a registry'
            cand copy 'Copy an image from one registry to another, without storing it locally'
            cand cp 'Copy an image from one registry to another, without storing it locally'
            cand delete 'Delete a manifest (and so every tag pointing at it) from a registry'
            cand load 'Import images from a docker or OCI archive, or an OCI layout directory'
            cand save 'Write stored images to an archive that docker load and skopeo read'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ferry;login'= {
            cand -u 'Username (prompted for on a terminal when missing)'
            cand --username 'Username (prompted for on a terminal when missing)'
            cand -p 'Password or token on the command line (visible to other users of this machine; prefer --password-stdin)'
            cand --password 'Password or token on the command line (visible to other users of this machine; prefer --password-stdin)'
            cand --store 'Where to keep the credentials'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand --password-stdin 'Read the password or token from standard input'
            cand --insecure 'Allow plain HTTP and unverified TLS for this registry'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;logout'= {
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand --all 'Log out of every registry with a stored login'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;pull'= {
            cand --platform 'Platform to pick from a multi-platform image (OS/ARCH[/VARIANT], or one word as docker takes it: arm64, armhf, i386, linux…); default: this machine''s'
            cand --format 'Output on stdout: `REF@DIGEST` (plain), or one JSON object per pulled reference (json): reference, digest, platform, blob counts, bytes downloaded, whether the name moved, and which endpoints served when mirrors are configured'
            cand -j 'Blobs to download at once (small ones share a slot: four under 256 KiB, two under 512 KiB)'
            cand --jobs 'Blobs to download at once (small ones share a slot: four under 256 KiB, two under 512 KiB)'
            cand -u 'Username for this command only (never stored); the password is read from stdin'
            cand --username 'Username for this command only (never stored); the password is read from stdin'
            cand --retries 'Retries for failed requests and broken downloads'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand --all-platforms 'Store every platform of a multi-platform image (the whole index)'
            cand -a 'Pull every tag of the repository'
            cand --all-tags 'Pull every tag of the repository'
            cand --insecure 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
            cand --password-stdin 'Read the password or token for --username from standard input'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;images'= {
            cand -f 'Keep only matching images: reference=GLOB (docker''s familiar names: ''app'', ''localhost:5000/*:v1''), dangling=true|false (untagged), before=IMAGE, since=IMAGE (created before or after it); repeatable (several reference globs: any; different keys: all)'
            cand --filter 'Keep only matching images: reference=GLOB (docker''s familiar names: ''app'', ''localhost:5000/*:v1''), dangling=true|false (untagged), before=IMAGE, since=IMAGE (created before or after it); repeatable (several reference globs: any; different keys: all)'
            cand --format 'table, json (one object per line), or a Go template: ''table {{.Repository}}\t{{.ID}}'', ''{{json .}}''; fields: .Repository .Tag .Digest .ID .CreatedSince .CreatedAt .Size .VirtualSize .Platform'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand --digests 'Show the DIGEST column: the digest the image was pulled by (for a platform picked from a multi-platform image, the index''s)'
            cand --no-trunc 'Show whole image IDs'
            cand -a 'Accepted as docker''s: ferry keeps no intermediate images, so every image is listed'
            cand --all 'Accepted as docker''s: ferry keeps no intermediate images, so every image is listed'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;ls'= {
            cand -f 'Keep only matching images: reference=GLOB (docker''s familiar names: ''app'', ''localhost:5000/*:v1''), dangling=true|false (untagged), before=IMAGE, since=IMAGE (created before or after it); repeatable (several reference globs: any; different keys: all)'
            cand --filter 'Keep only matching images: reference=GLOB (docker''s familiar names: ''app'', ''localhost:5000/*:v1''), dangling=true|false (untagged), before=IMAGE, since=IMAGE (created before or after it); repeatable (several reference globs: any; different keys: all)'
            cand --format 'table, json (one object per line), or a Go template: ''table {{.Repository}}\t{{.ID}}'', ''{{json .}}''; fields: .Repository .Tag .Digest .ID .CreatedSince .CreatedAt .Size .VirtualSize .Platform'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand --digests 'Show the DIGEST column: the digest the image was pulled by (for a platform picked from a multi-platform image, the index''s)'
            cand --no-trunc 'Show whole image IDs'
            cand -a 'Accepted as docker''s: ferry keeps no intermediate images, so every image is listed'
            cand --all 'Accepted as docker''s: ferry keeps no intermediate images, so every image is listed'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;inspect'= {
            cand -f 'A Go template run on each image''s JSON, one line per image: ''{{.Id}}'', ''{{.Config.Env}}'', ''{{json .RootFS}}'', ''{{.digest}}'''
            cand --format 'A Go template run on each image''s JSON, one line per image: ''{{.Id}}'', ''{{.Config.Env}}'', ''{{json .RootFS}}'', ''{{.digest}}'''
            cand --platform 'With --remote: the platform to describe from a multi-platform image; default: this machine''s'
            cand -u 'Username for this command only (never stored); the password is read from stdin'
            cand --username 'Username for this command only (never stored); the password is read from stdin'
            cand --retries 'Retries for failed requests and broken downloads'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand --remote 'Inspect the image in its registry instead of the store (nothing is pulled)'
            cand --insecure 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
            cand --password-stdin 'Read the password or token for --username from standard input'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;history'= {
            cand -H 'Sizes and ages for humans (-H=false: bytes and RFC 3339 times)'
            cand --human 'Sizes and ages for humans (-H=false: bytes and RFC 3339 times)'
            cand --platform 'From a stored multi-platform image, this platform''s history; default: this machine''s'
            cand --format 'table, json (one object per line), or a Go template: ''table {{.ID}}\t{{.CreatedBy}}''; fields: .ID .CreatedSince .CreatedAt .CreatedBy .Size .Comment'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand --no-trunc 'Show whole image IDs and whole CREATED BY lines'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;rmi'= {
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;prune'= {
            cand --format 'Output format for the report'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand --keep-partials 'Keep partial downloads (so interrupted pulls can still resume)'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;fsck'= {
            cand --format 'Output format for the report'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand --repair 'Remove damaged blobs, partial downloads and temp files, rewrite a damaged oci-layout, and replace an index.json that does not parse (kept as index.json.damaged). Waits for other ferry processes; images left incomplete are fixed by pulling them again'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;search'= {
            cand --limit 'Results to ask for (1 to 100); filters apply to these, as docker''s do'
            cand -f 'Keep only matching results: stars=N (at least N stars), is-official=true|false, is-automated=true|false; repeatable'
            cand --filter 'Keep only matching results: stars=N (at least N stars), is-official=true|false, is-automated=true|false; repeatable'
            cand --format 'table, json (ferry''s object, below), or a Go template as docker''s: ''{{.Name}}'', ''table {{.Name}}\t{{.StarCount}}'', ''{{json .}}''; fields: .Name .Description .StarCount .IsOfficial .IsAutomated'
            cand -u 'Username for this command only (never stored); the password is read from stdin'
            cand --username 'Username for this command only (never stored); the password is read from stdin'
            cand --retries 'Retries for failed requests and broken downloads'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand --no-trunc 'Show whole descriptions (the table cuts them at 45 characters)'
            cand --insecure 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
            cand --password-stdin 'Read the password or token for --username from standard input'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;tags'= {
            cand --limit 'Stop after N entries'
            cand --page-size 'Entries to ask for per request; registries cap it (default: the registry''s choice)'
            cand --format 'Output format'
            cand -u 'Username for this command only (never stored); the password is read from stdin'
            cand --username 'Username for this command only (never stored); the password is read from stdin'
            cand --retries 'Retries for failed requests and broken downloads'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand --insecure 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
            cand --password-stdin 'Read the password or token for --username from standard input'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;catalog'= {
            cand --limit 'Stop after N entries'
            cand --page-size 'Entries to ask for per request; registries cap it (default: the registry''s choice)'
            cand --format 'Output format'
            cand -u 'Username for this command only (never stored); the password is read from stdin'
            cand --username 'Username for this command only (never stored); the password is read from stdin'
            cand --retries 'Retries for failed requests and broken downloads'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand --insecure 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
            cand --password-stdin 'Read the password or token for --username from standard input'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;manifest'= {
            cand --platform 'For a multi-platform image, print this platform''s manifest instead of the index'
            cand -u 'Username for this command only (never stored); the password is read from stdin'
            cand --username 'Username for this command only (never stored); the password is read from stdin'
            cand --retries 'Retries for failed requests and broken downloads'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand --insecure 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
            cand --password-stdin 'Read the password or token for --username from standard input'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;digest'= {
            cand --platform 'For a multi-platform image, the digest of this platform''s manifest instead of the index''s (reads the index, which Docker Hub counts as a pull)'
            cand --format 'Output format'
            cand -u 'Username for this command only (never stored); the password is read from stdin'
            cand --username 'Username for this command only (never stored); the password is read from stdin'
            cand --retries 'Retries for failed requests and broken downloads'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand --insecure 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
            cand --password-stdin 'Read the password or token for --username from standard input'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;completions'= {
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;generate-docs'= {
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;tag'= {
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;push'= {
            cand --platform 'From a stored multi-platform index, push only this platform''s image (OS/ARCH[/VARIANT])'
            cand --chunk-size 'Upload in PATCH requests of this size (e.g. 8MiB) instead of one PUT per blob'
            cand -j 'Blobs to upload at once'
            cand --jobs 'Blobs to upload at once'
            cand -u 'Username for this command only (never stored); the password is read from stdin'
            cand --username 'Username for this command only (never stored); the password is read from stdin'
            cand --retries 'Retries for failed requests and broken downloads'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand -a 'Push every stored tag of the repository'
            cand --all-tags 'Push every stored tag of the repository'
            cand --all-platforms 'Push the whole index, every platform (the default; fails if the store lacks one)'
            cand --insecure 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
            cand --password-stdin 'Read the password or token for --username from standard input'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;copy'= {
            cand --platform 'Copy only these platforms of an index (comma-separated or repeated): one gives that platform''s image, several a new index listing just them'
            cand --tags 'With --all-tags: only the tags this regular expression matches whole (e.g. ''v1\..*'')'
            cand --tag-jobs 'With --all-tags: tags to copy at once'
            cand --chunk-size 'Upload in PATCH requests of this size (e.g. 8MiB) instead of one PUT per blob'
            cand -j 'Blobs to upload at once'
            cand --jobs 'Blobs to upload at once'
            cand -u 'Username for this command only (never stored); the password is read from stdin'
            cand --username 'Username for this command only (never stored); the password is read from stdin'
            cand --retries 'Retries for failed requests and broken downloads'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand --all-platforms 'Copy the whole index unchanged, digest included (the default)'
            cand --all-tags 'Copy every tag of the source repository to the same tags in the destination repository (both given without tag or digest)'
            cand --insecure 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
            cand --password-stdin 'Read the password or token for --username from standard input'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;cp'= {
            cand --platform 'Copy only these platforms of an index (comma-separated or repeated): one gives that platform''s image, several a new index listing just them'
            cand --tags 'With --all-tags: only the tags this regular expression matches whole (e.g. ''v1\..*'')'
            cand --tag-jobs 'With --all-tags: tags to copy at once'
            cand --chunk-size 'Upload in PATCH requests of this size (e.g. 8MiB) instead of one PUT per blob'
            cand -j 'Blobs to upload at once'
            cand --jobs 'Blobs to upload at once'
            cand -u 'Username for this command only (never stored); the password is read from stdin'
            cand --username 'Username for this command only (never stored); the password is read from stdin'
            cand --retries 'Retries for failed requests and broken downloads'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand --all-platforms 'Copy the whole index unchanged, digest included (the default)'
            cand --all-tags 'Copy every tag of the source repository to the same tags in the destination repository (both given without tag or digest)'
            cand --insecure 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
            cand --password-stdin 'Read the password or token for --username from standard input'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;delete'= {
            cand -u 'Username for this command only (never stored); the password is read from stdin'
            cand --username 'Username for this command only (never stored); the password is read from stdin'
            cand --retries 'Retries for failed requests and broken downloads'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand --insecure 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
            cand --password-stdin 'Read the password or token for --username from standard input'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;load'= {
            cand -i 'Archive or OCI layout directory to read; `-` reads standard input'
            cand --input 'Archive or OCI layout directory to read; `-` reads standard input'
            cand --format 'What the input is (detected when not given)'
            cand -t 'Name for the image, instead of the names in the archive (an archive of one image)'
            cand --tag 'Name for the image, instead of the names in the archive (an archive of one image)'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;save'= {
            cand -o 'Where to write the archive; `-` is standard output'
            cand --output 'Where to write the archive; `-` is standard output'
            cand --format 'Archive format'
            cand --platform 'Which platform of a stored multi-platform image a docker archive gets (default: this machine''s)'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --config 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --registries-conf 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;help'= {
            cand login 'Log in to a registry: verify the credentials, then store them'
            cand logout 'Remove stored credentials for a registry'
            cand pull 'Download an image into the local store'
            cand images 'List the images in the local store'
            cand inspect 'Show an image''s manifest and configuration as JSON (stored, or --remote)'
            cand history 'Show a stored image''s history: the steps that built it, layer by layer'
            cand rmi 'Remove references from the local store, and the blobs only they used'
            cand prune 'Delete unreferenced blobs and partial downloads from the local store'
            cand fsck 'Check the local store (blobs, references'' images, layout files); --repair what can be'
            cand search 'Search Docker Hub, or another registry, for repositories'
            cand tags 'List a repository''s tags'
            cand catalog 'List a registry''s repositories'
            cand manifest 'Print an image''s manifest exactly as the registry serves it'
            cand digest 'Print the digest a reference resolves to, without pulling (a HEAD request)'
            cand completions 'Print a shell completion script'
            cand generate-docs 'Write man pages and completion scripts into a directory (for scripts/gen-docs)'
            cand tag 'Give a stored image another name (in the local store)'
            cand push 'Upload a stored image to a registry'
            cand copy 'Copy an image from one registry to another, without storing it locally'
            cand delete 'Delete a manifest (and so every tag pointing at it) from a registry'
            cand load 'Import images from a docker or OCI archive, or an OCI layout directory'
            cand save 'Write stored images to an archive that docker load and skopeo read'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ferry;help;login'= {
        }
        &'ferry;help;logout'= {
        }
        &'ferry;help;pull'= {
        }
        &'ferry;help;images'= {
        }
        &'ferry;help;inspect'= {
        }
        &'ferry;help;history'= {
        }
        &'ferry;help;rmi'= {
        }
        &'ferry;help;prune'= {
        }
        &'ferry;help;fsck'= {
        }
        &'ferry;help;search'= {
        }
        &'ferry;help;tags'= {
        }
        &'ferry;help;catalog'= {
        }
        &'ferry;help;manifest'= {
        }
        &'ferry;help;digest'= {
        }
        &'ferry;help;completions'= {
        }
        &'ferry;help;generate-docs'= {
        }
        &'ferry;help;tag'= {
        }
        &'ferry;help;push'= {
        }
        &'ferry;help;copy'= {
        }
        &'ferry;help;delete'= {
        }
        &'ferry;help;load'= {
        }
        &'ferry;help;save'= {
        }
        &'ferry;help;help'= {
        }
    ]
    $completions[$command]
}
