
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
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
            cand --platform 'Platform to pick from a multi-platform image (OS/ARCH[/VARIANT]); default: this machine''s'
            cand -j 'Blobs to download at once (small ones share a slot: four under 256 KiB, two under 512 KiB)'
            cand --jobs 'Blobs to download at once (small ones share a slot: four under 256 KiB, two under 512 KiB)'
            cand --max-connections-per-blob 'Connections one big blob may use at once, fetching bounded ranges (added while they speed it up, within --jobs); 1 fetches every blob in one stream'
            cand -u 'Username for this command only (never stored); the password is read from stdin'
            cand --username 'Username for this command only (never stored); the password is read from stdin'
            cand --retries 'Retries for failed requests and broken downloads'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --all-platforms 'Store every platform of a multi-platform image (the whole index)'
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
            cand --format 'Output format'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --digests 'Show full digests'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;ls'= {
            cand --format 'Output format'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --digests 'Show full digests'
            cand -q 'Print only results and errors: no progress, no status messages'
            cand --quiet 'Print only results and errors: no progress, no status messages'
            cand -v 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --verbose 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand --debug 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'ferry;inspect'= {
            cand --platform 'With --remote: the platform to describe from a multi-platform image; default: this machine''s'
            cand -u 'Username for this command only (never stored); the password is read from stdin'
            cand --username 'Username for this command only (never stored); the password is read from stdin'
            cand --retries 'Retries for failed requests and broken downloads'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
        &'ferry;rmi'= {
            cand --root 'Local image store (an OCI image layout directory)'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
            cand --format 'Output format'
            cand -u 'Username for this command only (never stored); the password is read from stdin'
            cand --username 'Username for this command only (never stored); the password is read from stdin'
            cand --retries 'Retries for failed requests and broken downloads'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
            cand --chunk-size 'Upload in PATCH requests of this size (e.g. 8MiB) instead of one PUT per blob'
            cand -j 'Blobs to upload at once'
            cand --jobs 'Blobs to upload at once'
            cand -u 'Username for this command only (never stored); the password is read from stdin'
            cand --username 'Username for this command only (never stored); the password is read from stdin'
            cand --retries 'Retries for failed requests and broken downloads'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --all-platforms 'Copy the whole index unchanged, digest included (the default)'
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
            cand --chunk-size 'Upload in PATCH requests of this size (e.g. 8MiB) instead of one PUT per blob'
            cand -j 'Blobs to upload at once'
            cand --jobs 'Blobs to upload at once'
            cand -u 'Username for this command only (never stored); the password is read from stdin'
            cand --username 'Username for this command only (never stored); the password is read from stdin'
            cand --retries 'Retries for failed requests and broken downloads'
            cand --root 'Local image store (an OCI image layout directory)'
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
            cand --all-platforms 'Copy the whole index unchanged, digest included (the default)'
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
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
            cand --progress 'How to show progress: bars on a terminal, periodic plain lines otherwise'
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
