# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ferry_global_optspecs
    string join \n root= q/quiet config= progress= v/verbose registries-conf= h/help V/version
end

function __fish_ferry_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_ferry_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_ferry_using_subcommand
    set -l cmd (__fish_ferry_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c ferry -n "__fish_ferry_needs_command" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_needs_command" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_needs_command" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_needs_command" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_needs_command" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_needs_command" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_needs_command" -s V -l version -d 'Print version'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "login" -d 'Log in to a registry: verify the credentials, then store them'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "logout" -d 'Remove stored credentials for a registry'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "pull" -d 'Download an image into the local store'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "images" -d 'List the images in the local store'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "ls" -d 'List the images in the local store'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "inspect" -d 'Show an image\'s manifest and configuration as JSON (stored, or --remote)'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "history" -d 'Show a stored image\'s history: the steps that built it, layer by layer'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "rmi" -d 'Remove references from the local store, and the blobs only they used'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "prune" -d 'Delete unreferenced blobs and partial downloads from the local store'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "fsck" -d 'Check the local store (blobs, references\' images, layout files); --repair what can be'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "search" -d 'Search Docker Hub, or another registry, for repositories'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "tags" -d 'List a repository\'s tags'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "catalog" -d 'List a registry\'s repositories'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "manifest" -d 'Print an image\'s manifest exactly as the registry serves it'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "digest" -d 'Print the digest a reference resolves to, without pulling (a HEAD request)'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "generate-docs" -d 'Write man pages and completion scripts into a directory (for scripts/gen-docs)'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "tag" -d 'Give a stored image another name (in the local store)'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "push" -d 'Upload a stored image to a registry'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "copy" -d 'Copy an image from one registry to another, without storing it locally'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "cp" -d 'Copy an image from one registry to another, without storing it locally'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "delete" -d 'Delete a manifest (and so every tag pointing at it) from a registry'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "load" -d 'Import images from a docker or OCI archive, or an OCI layout directory'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "save" -d 'Write stored images to an archive that docker load and skopeo read'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "export" -d 'Write a stored image\'s root filesystem, flattened, to a directory or a tar stream'
complete -c ferry -n "__fish_ferry_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ferry -n "__fish_ferry_using_subcommand login" -s u -l username -d 'Username (prompted for on a terminal when missing)' -r
complete -c ferry -n "__fish_ferry_using_subcommand login" -s p -l password -d 'Password or token on the command line (visible to other users of this machine; prefer --password-stdin)' -r
complete -c ferry -n "__fish_ferry_using_subcommand login" -l store -d 'Where to keep the credentials' -r -f -a "auto\t'A credential helper configured for the registry in docker\'s config.json, else the OS keyring, else config.json itself (with a warning)'
keyring\t'The OS keyring (Secret Service); an error when none is running'
docker-config\t'docker\'s config.json (or REGISTRY_AUTH_FILE), through its helper when it names one'"
complete -c ferry -n "__fish_ferry_using_subcommand login" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand login" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand login" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand login" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand login" -l password-stdin -d 'Read the password or token from standard input'
complete -c ferry -n "__fish_ferry_using_subcommand login" -l insecure -d 'Allow plain HTTP and unverified TLS for this registry'
complete -c ferry -n "__fish_ferry_using_subcommand login" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand login" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand logout" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand logout" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand logout" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand logout" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand logout" -l all -d 'Log out of every registry with a stored login'
complete -c ferry -n "__fish_ferry_using_subcommand logout" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand logout" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand pull" -l platform -d 'Platform to pick from a multi-platform image (OS/ARCH[/VARIANT], or one word as docker takes it: arm64, armhf, i386, linux…); default: this machine\'s' -r
complete -c ferry -n "__fish_ferry_using_subcommand pull" -l format -d 'Output on stdout: `REF@DIGEST` (plain), or one JSON object per pulled reference (json): reference, digest, platform, blob counts, bytes downloaded, whether the name moved, and which endpoints served when mirrors are configured' -r -f -a "plain\t'One entry per line, nothing else'
json\t'A JSON object (see the README for its shape)'"
complete -c ferry -n "__fish_ferry_using_subcommand pull" -s j -l jobs -d 'Blobs to download at once (small ones share a slot: four under 256 KiB, two under 512 KiB)' -r
complete -c ferry -n "__fish_ferry_using_subcommand pull" -l max-connections-per-blob -d 'Connections one big blob may use at once, fetching bounded ranges (added while they speed it up, within --jobs); 1 fetches every blob in one stream' -r
complete -c ferry -n "__fish_ferry_using_subcommand pull" -s u -l username -d 'Username for this command only (never stored); the password is read from stdin' -r
complete -c ferry -n "__fish_ferry_using_subcommand pull" -l retries -d 'Retries for failed requests and broken downloads' -r
complete -c ferry -n "__fish_ferry_using_subcommand pull" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand pull" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand pull" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand pull" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand pull" -l all-platforms -d 'Store every platform of a multi-platform image (the whole index)'
complete -c ferry -n "__fish_ferry_using_subcommand pull" -s a -l all-tags -d 'Pull every tag of the repository'
complete -c ferry -n "__fish_ferry_using_subcommand pull" -l insecure -d 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
complete -c ferry -n "__fish_ferry_using_subcommand pull" -l password-stdin -d 'Read the password or token for --username from standard input'
complete -c ferry -n "__fish_ferry_using_subcommand pull" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand pull" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand pull" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand images" -s f -l filter -d 'Keep only matching images: reference=GLOB (docker\'s familiar names: \'app\', \'localhost:5000/*:v1\'), dangling=true|false (untagged), before=IMAGE, since=IMAGE (created before or after it); repeatable (several reference globs: any; different keys: all)' -r
complete -c ferry -n "__fish_ferry_using_subcommand images" -l format -d 'table, json (one object per line), or a Go template: \'table {{.Repository}}\\t{{.ID}}\', \'{{json .}}\'; fields: .Repository .Tag .Digest .ID .CreatedSince .CreatedAt .Size .VirtualSize .Platform' -r
complete -c ferry -n "__fish_ferry_using_subcommand images" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand images" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand images" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand images" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand images" -l digests -d 'Show the DIGEST column: the digest the image was pulled by (for a platform picked from a multi-platform image, the index\'s)'
complete -c ferry -n "__fish_ferry_using_subcommand images" -l no-trunc -d 'Show whole image IDs'
complete -c ferry -n "__fish_ferry_using_subcommand images" -s a -l all -d 'Accepted as docker\'s: ferry keeps no intermediate images, so every image is listed'
complete -c ferry -n "__fish_ferry_using_subcommand images" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand images" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand images" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand ls" -s f -l filter -d 'Keep only matching images: reference=GLOB (docker\'s familiar names: \'app\', \'localhost:5000/*:v1\'), dangling=true|false (untagged), before=IMAGE, since=IMAGE (created before or after it); repeatable (several reference globs: any; different keys: all)' -r
complete -c ferry -n "__fish_ferry_using_subcommand ls" -l format -d 'table, json (one object per line), or a Go template: \'table {{.Repository}}\\t{{.ID}}\', \'{{json .}}\'; fields: .Repository .Tag .Digest .ID .CreatedSince .CreatedAt .Size .VirtualSize .Platform' -r
complete -c ferry -n "__fish_ferry_using_subcommand ls" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand ls" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand ls" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand ls" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand ls" -l digests -d 'Show the DIGEST column: the digest the image was pulled by (for a platform picked from a multi-platform image, the index\'s)'
complete -c ferry -n "__fish_ferry_using_subcommand ls" -l no-trunc -d 'Show whole image IDs'
complete -c ferry -n "__fish_ferry_using_subcommand ls" -s a -l all -d 'Accepted as docker\'s: ferry keeps no intermediate images, so every image is listed'
complete -c ferry -n "__fish_ferry_using_subcommand ls" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand ls" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand inspect" -s f -l format -d 'A Go template run on each image\'s JSON, one line per image: \'{{.Id}}\', \'{{.Config.Env}}\', \'{{json .RootFS}}\', \'{{.digest}}\'' -r
complete -c ferry -n "__fish_ferry_using_subcommand inspect" -l platform -d 'With --remote: the platform to describe from a multi-platform image; default: this machine\'s' -r
complete -c ferry -n "__fish_ferry_using_subcommand inspect" -s u -l username -d 'Username for this command only (never stored); the password is read from stdin' -r
complete -c ferry -n "__fish_ferry_using_subcommand inspect" -l retries -d 'Retries for failed requests and broken downloads' -r
complete -c ferry -n "__fish_ferry_using_subcommand inspect" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand inspect" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand inspect" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand inspect" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand inspect" -l remote -d 'Inspect the image in its registry instead of the store (nothing is pulled)'
complete -c ferry -n "__fish_ferry_using_subcommand inspect" -l insecure -d 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
complete -c ferry -n "__fish_ferry_using_subcommand inspect" -l password-stdin -d 'Read the password or token for --username from standard input'
complete -c ferry -n "__fish_ferry_using_subcommand inspect" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand inspect" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand history" -s H -l human -d 'Sizes and ages for humans (-H=false: bytes and RFC 3339 times)' -r -f -a "true\t''
false\t''"
complete -c ferry -n "__fish_ferry_using_subcommand history" -l platform -d 'From a stored multi-platform image, this platform\'s history; default: this machine\'s' -r
complete -c ferry -n "__fish_ferry_using_subcommand history" -l format -d 'table, json (one object per line), or a Go template: \'table {{.ID}}\\t{{.CreatedBy}}\'; fields: .ID .CreatedSince .CreatedAt .CreatedBy .Size .Comment' -r
complete -c ferry -n "__fish_ferry_using_subcommand history" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand history" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand history" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand history" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand history" -l no-trunc -d 'Show whole image IDs and whole CREATED BY lines'
complete -c ferry -n "__fish_ferry_using_subcommand history" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand history" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand rmi" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand rmi" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand rmi" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand rmi" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand rmi" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand rmi" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand rmi" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand prune" -l format -d 'Output format for the report' -r -f -a "table\t''
json\t''"
complete -c ferry -n "__fish_ferry_using_subcommand prune" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand prune" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand prune" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand prune" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand prune" -l keep-partials -d 'Keep partial downloads (so interrupted pulls can still resume)'
complete -c ferry -n "__fish_ferry_using_subcommand prune" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand prune" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand prune" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand fsck" -l format -d 'Output format for the report' -r -f -a "table\t''
json\t''"
complete -c ferry -n "__fish_ferry_using_subcommand fsck" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand fsck" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand fsck" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand fsck" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand fsck" -l repair -d 'Remove damaged blobs, partial downloads and temp files, rewrite a damaged oci-layout, and replace an index.json that does not parse (kept as index.json.damaged). Waits for other ferry processes; images left incomplete are fixed by pulling them again'
complete -c ferry -n "__fish_ferry_using_subcommand fsck" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand fsck" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand fsck" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand search" -l limit -d 'Results to ask for (1 to 100); filters apply to these, as docker\'s do' -r
complete -c ferry -n "__fish_ferry_using_subcommand search" -s f -l filter -d 'Keep only matching results: stars=N (at least N stars), is-official=true|false, is-automated=true|false; repeatable' -r
complete -c ferry -n "__fish_ferry_using_subcommand search" -l format -d 'table, json (ferry\'s object, below), or a Go template as docker\'s: \'{{.Name}}\', \'table {{.Name}}\\t{{.StarCount}}\', \'{{json .}}\'; fields: .Name .Description .StarCount .IsOfficial .IsAutomated' -r
complete -c ferry -n "__fish_ferry_using_subcommand search" -s u -l username -d 'Username for this command only (never stored); the password is read from stdin' -r
complete -c ferry -n "__fish_ferry_using_subcommand search" -l retries -d 'Retries for failed requests and broken downloads' -r
complete -c ferry -n "__fish_ferry_using_subcommand search" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand search" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand search" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand search" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand search" -l no-trunc -d 'Show whole descriptions (the table cuts them at 45 characters)'
complete -c ferry -n "__fish_ferry_using_subcommand search" -l insecure -d 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
complete -c ferry -n "__fish_ferry_using_subcommand search" -l password-stdin -d 'Read the password or token for --username from standard input'
complete -c ferry -n "__fish_ferry_using_subcommand search" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand search" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand search" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand tags" -l limit -d 'Stop after N entries' -r
complete -c ferry -n "__fish_ferry_using_subcommand tags" -l page-size -d 'Entries to ask for per request; registries cap it (default: the registry\'s choice)' -r
complete -c ferry -n "__fish_ferry_using_subcommand tags" -l format -d 'Output format' -r -f -a "plain\t'One entry per line, nothing else'
json\t'A JSON object (see the README for its shape)'"
complete -c ferry -n "__fish_ferry_using_subcommand tags" -s u -l username -d 'Username for this command only (never stored); the password is read from stdin' -r
complete -c ferry -n "__fish_ferry_using_subcommand tags" -l retries -d 'Retries for failed requests and broken downloads' -r
complete -c ferry -n "__fish_ferry_using_subcommand tags" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand tags" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand tags" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand tags" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand tags" -l insecure -d 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
complete -c ferry -n "__fish_ferry_using_subcommand tags" -l password-stdin -d 'Read the password or token for --username from standard input'
complete -c ferry -n "__fish_ferry_using_subcommand tags" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand tags" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand tags" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand catalog" -l limit -d 'Stop after N entries' -r
complete -c ferry -n "__fish_ferry_using_subcommand catalog" -l page-size -d 'Entries to ask for per request; registries cap it (default: the registry\'s choice)' -r
complete -c ferry -n "__fish_ferry_using_subcommand catalog" -l format -d 'Output format' -r -f -a "plain\t'One entry per line, nothing else'
json\t'A JSON object (see the README for its shape)'"
complete -c ferry -n "__fish_ferry_using_subcommand catalog" -s u -l username -d 'Username for this command only (never stored); the password is read from stdin' -r
complete -c ferry -n "__fish_ferry_using_subcommand catalog" -l retries -d 'Retries for failed requests and broken downloads' -r
complete -c ferry -n "__fish_ferry_using_subcommand catalog" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand catalog" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand catalog" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand catalog" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand catalog" -l insecure -d 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
complete -c ferry -n "__fish_ferry_using_subcommand catalog" -l password-stdin -d 'Read the password or token for --username from standard input'
complete -c ferry -n "__fish_ferry_using_subcommand catalog" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand catalog" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand catalog" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand manifest" -l platform -d 'For a multi-platform image, print this platform\'s manifest instead of the index' -r
complete -c ferry -n "__fish_ferry_using_subcommand manifest" -s u -l username -d 'Username for this command only (never stored); the password is read from stdin' -r
complete -c ferry -n "__fish_ferry_using_subcommand manifest" -l retries -d 'Retries for failed requests and broken downloads' -r
complete -c ferry -n "__fish_ferry_using_subcommand manifest" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand manifest" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand manifest" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand manifest" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand manifest" -l insecure -d 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
complete -c ferry -n "__fish_ferry_using_subcommand manifest" -l password-stdin -d 'Read the password or token for --username from standard input'
complete -c ferry -n "__fish_ferry_using_subcommand manifest" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand manifest" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand manifest" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand digest" -l platform -d 'For a multi-platform image, the digest of this platform\'s manifest instead of the index\'s (reads the index, which Docker Hub counts as a pull)' -r
complete -c ferry -n "__fish_ferry_using_subcommand digest" -l format -d 'Output format' -r -f -a "plain\t'One entry per line, nothing else'
json\t'A JSON object (see the README for its shape)'"
complete -c ferry -n "__fish_ferry_using_subcommand digest" -s u -l username -d 'Username for this command only (never stored); the password is read from stdin' -r
complete -c ferry -n "__fish_ferry_using_subcommand digest" -l retries -d 'Retries for failed requests and broken downloads' -r
complete -c ferry -n "__fish_ferry_using_subcommand digest" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand digest" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand digest" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand digest" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand digest" -l insecure -d 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
complete -c ferry -n "__fish_ferry_using_subcommand digest" -l password-stdin -d 'Read the password or token for --username from standard input'
complete -c ferry -n "__fish_ferry_using_subcommand digest" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand digest" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand digest" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand completions" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand completions" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand completions" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand completions" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand completions" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand completions" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand generate-docs" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand generate-docs" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand generate-docs" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand generate-docs" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand generate-docs" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand generate-docs" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand generate-docs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand tag" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand tag" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand tag" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand tag" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand tag" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand tag" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand tag" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand push" -l platform -d 'From a stored multi-platform index, push only this platform\'s image (OS/ARCH[/VARIANT])' -r
complete -c ferry -n "__fish_ferry_using_subcommand push" -l chunk-size -d 'Upload in PATCH requests of this size (e.g. 8MiB) instead of one PUT per blob' -r
complete -c ferry -n "__fish_ferry_using_subcommand push" -s j -l jobs -d 'Blobs to upload at once' -r
complete -c ferry -n "__fish_ferry_using_subcommand push" -s u -l username -d 'Username for this command only (never stored); the password is read from stdin' -r
complete -c ferry -n "__fish_ferry_using_subcommand push" -l retries -d 'Retries for failed requests and broken downloads' -r
complete -c ferry -n "__fish_ferry_using_subcommand push" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand push" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand push" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand push" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand push" -s a -l all-tags -d 'Push every stored tag of the repository'
complete -c ferry -n "__fish_ferry_using_subcommand push" -l all-platforms -d 'Push the whole index, every platform (the default; fails if the store lacks one)'
complete -c ferry -n "__fish_ferry_using_subcommand push" -l insecure -d 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
complete -c ferry -n "__fish_ferry_using_subcommand push" -l password-stdin -d 'Read the password or token for --username from standard input'
complete -c ferry -n "__fish_ferry_using_subcommand push" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand push" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand push" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand copy" -l platform -d 'Copy only these platforms of an index (comma-separated or repeated): one gives that platform\'s image, several a new index listing just them' -r
complete -c ferry -n "__fish_ferry_using_subcommand copy" -l tags -d 'With --all-tags: only the tags this regular expression matches whole (e.g. \'v1\\..*\')' -r
complete -c ferry -n "__fish_ferry_using_subcommand copy" -l tag-jobs -d 'With --all-tags: tags to copy at once' -r
complete -c ferry -n "__fish_ferry_using_subcommand copy" -l chunk-size -d 'Upload in PATCH requests of this size (e.g. 8MiB) instead of one PUT per blob' -r
complete -c ferry -n "__fish_ferry_using_subcommand copy" -s j -l jobs -d 'Blobs to upload at once' -r
complete -c ferry -n "__fish_ferry_using_subcommand copy" -s u -l username -d 'Username for this command only (never stored); the password is read from stdin' -r
complete -c ferry -n "__fish_ferry_using_subcommand copy" -l retries -d 'Retries for failed requests and broken downloads' -r
complete -c ferry -n "__fish_ferry_using_subcommand copy" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand copy" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand copy" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand copy" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand copy" -l all-platforms -d 'Copy the whole index unchanged, digest included (the default)'
complete -c ferry -n "__fish_ferry_using_subcommand copy" -l all-tags -d 'Copy every tag of the source repository to the same tags in the destination repository (both given without tag or digest)'
complete -c ferry -n "__fish_ferry_using_subcommand copy" -l insecure -d 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
complete -c ferry -n "__fish_ferry_using_subcommand copy" -l password-stdin -d 'Read the password or token for --username from standard input'
complete -c ferry -n "__fish_ferry_using_subcommand copy" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand copy" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand copy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand cp" -l platform -d 'Copy only these platforms of an index (comma-separated or repeated): one gives that platform\'s image, several a new index listing just them' -r
complete -c ferry -n "__fish_ferry_using_subcommand cp" -l tags -d 'With --all-tags: only the tags this regular expression matches whole (e.g. \'v1\\..*\')' -r
complete -c ferry -n "__fish_ferry_using_subcommand cp" -l tag-jobs -d 'With --all-tags: tags to copy at once' -r
complete -c ferry -n "__fish_ferry_using_subcommand cp" -l chunk-size -d 'Upload in PATCH requests of this size (e.g. 8MiB) instead of one PUT per blob' -r
complete -c ferry -n "__fish_ferry_using_subcommand cp" -s j -l jobs -d 'Blobs to upload at once' -r
complete -c ferry -n "__fish_ferry_using_subcommand cp" -s u -l username -d 'Username for this command only (never stored); the password is read from stdin' -r
complete -c ferry -n "__fish_ferry_using_subcommand cp" -l retries -d 'Retries for failed requests and broken downloads' -r
complete -c ferry -n "__fish_ferry_using_subcommand cp" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand cp" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand cp" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand cp" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand cp" -l all-platforms -d 'Copy the whole index unchanged, digest included (the default)'
complete -c ferry -n "__fish_ferry_using_subcommand cp" -l all-tags -d 'Copy every tag of the source repository to the same tags in the destination repository (both given without tag or digest)'
complete -c ferry -n "__fish_ferry_using_subcommand cp" -l insecure -d 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
complete -c ferry -n "__fish_ferry_using_subcommand cp" -l password-stdin -d 'Read the password or token for --username from standard input'
complete -c ferry -n "__fish_ferry_using_subcommand cp" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand cp" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand cp" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand delete" -s u -l username -d 'Username for this command only (never stored); the password is read from stdin' -r
complete -c ferry -n "__fish_ferry_using_subcommand delete" -l retries -d 'Retries for failed requests and broken downloads' -r
complete -c ferry -n "__fish_ferry_using_subcommand delete" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand delete" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand delete" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand delete" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand delete" -l insecure -d 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
complete -c ferry -n "__fish_ferry_using_subcommand delete" -l password-stdin -d 'Read the password or token for --username from standard input'
complete -c ferry -n "__fish_ferry_using_subcommand delete" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand delete" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand load" -s i -l input -d 'Archive or OCI layout directory to read; `-` reads standard input' -r
complete -c ferry -n "__fish_ferry_using_subcommand load" -l format -d 'What the input is (detected when not given)' -r -f -a "docker\t'`docker save` output: manifest.json, configs and layer tars'
oci\t'A tar of an OCI image layout (`skopeo copy … oci-archive:`)'
oci-dir\t'An OCI image layout directory (`skopeo copy … oci:`)'"
complete -c ferry -n "__fish_ferry_using_subcommand load" -s t -l tag -d 'Name for the image, instead of the names in the archive (an archive of one image)' -r
complete -c ferry -n "__fish_ferry_using_subcommand load" -l compression -d 'How to compress a docker archive\'s uncompressed layers (OCI archives are stored as they are)' -r -f -a "gzip\t'gzip, every core at once (members of 4 MiB; the same digests on any machine)'
zstd\t'zstd, every core at once: smaller and faster to decompress; not read by docker before 23'"
complete -c ferry -n "__fish_ferry_using_subcommand load" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand load" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand load" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand load" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand load" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand load" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand load" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand save" -s o -l output -d 'Where to write the archive; `-` is standard output' -r
complete -c ferry -n "__fish_ferry_using_subcommand save" -l format -d 'Archive format' -r -f -a "docker\t'What `docker load` reads (and skopeo\'s docker-archive:): uncompressed layers'
oci\t'A tar of an OCI image layout: stored blobs unchanged, whole indexes'"
complete -c ferry -n "__fish_ferry_using_subcommand save" -l platform -d 'Which platform of a stored multi-platform image a docker archive gets (default: this machine\'s)' -r
complete -c ferry -n "__fish_ferry_using_subcommand save" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand save" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand save" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand save" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand save" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand save" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand save" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand export" -s o -l output -d 'Where to write: a directory, PATH.tar for a tar file, or - for a tar stream on stdout' -r
complete -c ferry -n "__fish_ferry_using_subcommand export" -l platform -d 'Which platform of a stored multi-platform image (default: this machine\'s)' -r
complete -c ferry -n "__fish_ferry_using_subcommand export" -s u -l username -d 'Username for this command only (never stored); the password is read from stdin' -r
complete -c ferry -n "__fish_ferry_using_subcommand export" -l retries -d 'Retries for failed requests and broken downloads' -r
complete -c ferry -n "__fish_ferry_using_subcommand export" -l root -d 'Local image store (an OCI image layout directory)' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand export" -l config -d 'Directory of docker\'s client configuration (config.json), as docker\'s --config; default $DOCKER_CONFIG, else ~/.docker' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand export" -l progress -d 'How to show progress: bars on a terminal, periodic plain lines otherwise' -r -f -a "auto\t'Bars when stderr is a terminal, plain lines otherwise'
bars\t'Progress bars'
plain\t'One summary line every few seconds (FERRY_PROGRESS_INTERVAL, default 5 s)'
none\t'No progress output'"
complete -c ferry -n "__fish_ferry_using_subcommand export" -l registries-conf -d 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places' -r -F
complete -c ferry -n "__fish_ferry_using_subcommand export" -l pull -d 'Pull the image first (through the same path as `ferry pull`)'
complete -c ferry -n "__fish_ferry_using_subcommand export" -l insecure -d 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)'
complete -c ferry -n "__fish_ferry_using_subcommand export" -l password-stdin -d 'Read the password or token for --username from standard input'
complete -c ferry -n "__fish_ferry_using_subcommand export" -s q -l quiet -d 'Print only results and errors: no progress, no status messages'
complete -c ferry -n "__fish_ferry_using_subcommand export" -s v -l verbose -l debug -d 'Log every registry request (method, URL, status, timing) to stderr; never a secret'
complete -c ferry -n "__fish_ferry_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "login" -d 'Log in to a registry: verify the credentials, then store them'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "logout" -d 'Remove stored credentials for a registry'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "pull" -d 'Download an image into the local store'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "images" -d 'List the images in the local store'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "inspect" -d 'Show an image\'s manifest and configuration as JSON (stored, or --remote)'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "history" -d 'Show a stored image\'s history: the steps that built it, layer by layer'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "rmi" -d 'Remove references from the local store, and the blobs only they used'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "prune" -d 'Delete unreferenced blobs and partial downloads from the local store'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "fsck" -d 'Check the local store (blobs, references\' images, layout files); --repair what can be'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "search" -d 'Search Docker Hub, or another registry, for repositories'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "tags" -d 'List a repository\'s tags'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "catalog" -d 'List a registry\'s repositories'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "manifest" -d 'Print an image\'s manifest exactly as the registry serves it'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "digest" -d 'Print the digest a reference resolves to, without pulling (a HEAD request)'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "completions" -d 'Print a shell completion script'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "generate-docs" -d 'Write man pages and completion scripts into a directory (for scripts/gen-docs)'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "tag" -d 'Give a stored image another name (in the local store)'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "push" -d 'Upload a stored image to a registry'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "copy" -d 'Copy an image from one registry to another, without storing it locally'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "delete" -d 'Delete a manifest (and so every tag pointing at it) from a registry'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "load" -d 'Import images from a docker or OCI archive, or an OCI layout directory'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "save" -d 'Write stored images to an archive that docker load and skopeo read'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "export" -d 'Write a stored image\'s root filesystem, flattened, to a directory or a tar stream'
complete -c ferry -n "__fish_ferry_using_subcommand help; and not __fish_seen_subcommand_from login logout pull images inspect history rmi prune fsck search tags catalog manifest digest completions generate-docs tag push copy delete load save export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
