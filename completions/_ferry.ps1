
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'ferry' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'ferry'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'ferry' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to a registry: verify the credentials, then store them')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove stored credentials for a registry')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Download an image into the local store')
            [CompletionResult]::new('images', 'images', [CompletionResultType]::ParameterValue, 'List the images in the local store')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the images in the local store')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show an image''s manifest and configuration as JSON (stored, or --remote)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show a stored image''s history: the steps that built it, layer by layer')
            [CompletionResult]::new('rmi', 'rmi', [CompletionResultType]::ParameterValue, 'Remove references from the local store, and the blobs only they used')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete unreferenced blobs and partial downloads from the local store')
            [CompletionResult]::new('fsck', 'fsck', [CompletionResultType]::ParameterValue, 'Check the local store (blobs, references'' images, layout files); --repair what can be')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Search Docker Hub, or another registry, for repositories')
            [CompletionResult]::new('tags', 'tags', [CompletionResultType]::ParameterValue, 'List a repository''s tags')
            [CompletionResult]::new('catalog', 'catalog', [CompletionResultType]::ParameterValue, 'List a registry''s repositories')
            [CompletionResult]::new('manifest', 'manifest', [CompletionResultType]::ParameterValue, 'Print an image''s manifest exactly as the registry serves it')
            [CompletionResult]::new('digest', 'digest', [CompletionResultType]::ParameterValue, 'Print the digest a reference resolves to, without pulling (a HEAD request)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Write man pages and completion scripts into a directory (for scripts/gen-docs)')
            [CompletionResult]::new('tag', 'tag', [CompletionResultType]::ParameterValue, 'Give a stored image another name (in the local store)')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Upload a stored image to a registry')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy an image from one registry to another, without storing it locally')
            [CompletionResult]::new('cp', 'cp', [CompletionResultType]::ParameterValue, 'Copy an image from one registry to another, without storing it locally')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a manifest (and so every tag pointing at it) from a registry')
            [CompletionResult]::new('load', 'load', [CompletionResultType]::ParameterValue, 'Import images from a docker or OCI archive, or an OCI layout directory')
            [CompletionResult]::new('save', 'save', [CompletionResultType]::ParameterValue, 'Write stored images to an archive that docker load and skopeo read')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a stored image''s root filesystem, flattened, to a directory or a tar stream')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ferry;login' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Username (prompted for on a terminal when missing)')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username (prompted for on a terminal when missing)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Password or token on the command line (visible to other users of this machine; prefer --password-stdin)')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password or token on the command line (visible to other users of this machine; prefer --password-stdin)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where to keep the credentials')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password or token from standard input')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Allow plain HTTP and unverified TLS for this registry')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;logout' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Log out of every registry with a stored login')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;pull' {
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Platform to pick from a multi-platform image (OS/ARCH[/VARIANT], or one word as docker takes it: arm64, armhf, i386, linux…); default: this machine''s')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output on stdout: `REF@DIGEST` (plain), or one JSON object per pulled reference (json): reference, digest, platform, blob counts, bytes downloaded, whether the name moved, and which endpoints served when mirrors are configured')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Blobs to download at once (small ones share a slot: four under 256 KiB, two under 512 KiB)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Blobs to download at once (small ones share a slot: four under 256 KiB, two under 512 KiB)')
            [CompletionResult]::new('--max-connections-per-blob', '--max-connections-per-blob', [CompletionResultType]::ParameterName, 'Connections one big blob may use at once, fetching bounded ranges (added while they speed it up, within --jobs); 1 fetches every blob in one stream')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for failed requests and broken downloads')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('--all-platforms', '--all-platforms', [CompletionResultType]::ParameterName, 'Store every platform of a multi-platform image (the whole index)')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Pull every tag of the repository')
            [CompletionResult]::new('--all-tags', '--all-tags', [CompletionResultType]::ParameterName, 'Pull every tag of the repository')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password or token for --username from standard input')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;images' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Keep only matching images: reference=GLOB (docker''s familiar names: ''app'', ''localhost:5000/*:v1''), dangling=true|false (untagged), before=IMAGE, since=IMAGE (created before or after it); repeatable (several reference globs: any; different keys: all)')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Keep only matching images: reference=GLOB (docker''s familiar names: ''app'', ''localhost:5000/*:v1''), dangling=true|false (untagged), before=IMAGE, since=IMAGE (created before or after it); repeatable (several reference globs: any; different keys: all)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'table, json (one object per line), or a Go template: ''table {{.Repository}}\t{{.ID}}'', ''{{json .}}''; fields: .Repository .Tag .Digest .ID .CreatedSince .CreatedAt .Size .VirtualSize .Platform')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('--digests', '--digests', [CompletionResultType]::ParameterName, 'Show the DIGEST column: the digest the image was pulled by (for a platform picked from a multi-platform image, the index''s)')
            [CompletionResult]::new('--no-trunc', '--no-trunc', [CompletionResultType]::ParameterName, 'Show whole image IDs')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Accepted as docker''s: ferry keeps no intermediate images, so every image is listed')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Accepted as docker''s: ferry keeps no intermediate images, so every image is listed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;ls' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Keep only matching images: reference=GLOB (docker''s familiar names: ''app'', ''localhost:5000/*:v1''), dangling=true|false (untagged), before=IMAGE, since=IMAGE (created before or after it); repeatable (several reference globs: any; different keys: all)')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Keep only matching images: reference=GLOB (docker''s familiar names: ''app'', ''localhost:5000/*:v1''), dangling=true|false (untagged), before=IMAGE, since=IMAGE (created before or after it); repeatable (several reference globs: any; different keys: all)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'table, json (one object per line), or a Go template: ''table {{.Repository}}\t{{.ID}}'', ''{{json .}}''; fields: .Repository .Tag .Digest .ID .CreatedSince .CreatedAt .Size .VirtualSize .Platform')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('--digests', '--digests', [CompletionResultType]::ParameterName, 'Show the DIGEST column: the digest the image was pulled by (for a platform picked from a multi-platform image, the index''s)')
            [CompletionResult]::new('--no-trunc', '--no-trunc', [CompletionResultType]::ParameterName, 'Show whole image IDs')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Accepted as docker''s: ferry keeps no intermediate images, so every image is listed')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Accepted as docker''s: ferry keeps no intermediate images, so every image is listed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;inspect' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A Go template run on each image''s JSON, one line per image: ''{{.Id}}'', ''{{.Config.Env}}'', ''{{json .RootFS}}'', ''{{.digest}}''')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'A Go template run on each image''s JSON, one line per image: ''{{.Id}}'', ''{{.Config.Env}}'', ''{{json .RootFS}}'', ''{{.digest}}''')
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'With --remote: the platform to describe from a multi-platform image; default: this machine''s')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for failed requests and broken downloads')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'Inspect the image in its registry instead of the store (nothing is pulled)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password or token for --username from standard input')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;history' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Sizes and ages for humans (-H=false: bytes and RFC 3339 times)')
            [CompletionResult]::new('--human', '--human', [CompletionResultType]::ParameterName, 'Sizes and ages for humans (-H=false: bytes and RFC 3339 times)')
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'From a stored multi-platform image, this platform''s history; default: this machine''s')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'table, json (one object per line), or a Go template: ''table {{.ID}}\t{{.CreatedBy}}''; fields: .ID .CreatedSince .CreatedAt .CreatedBy .Size .Comment')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('--no-trunc', '--no-trunc', [CompletionResultType]::ParameterName, 'Show whole image IDs and whole CREATED BY lines')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;rmi' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;prune' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format for the report')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('--keep-partials', '--keep-partials', [CompletionResultType]::ParameterName, 'Keep partial downloads (so interrupted pulls can still resume)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;fsck' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format for the report')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('--repair', '--repair', [CompletionResultType]::ParameterName, 'Remove damaged blobs, partial downloads and temp files, rewrite a damaged oci-layout, and replace an index.json that does not parse (kept as index.json.damaged). Waits for other ferry processes; images left incomplete are fixed by pulling them again')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;search' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Results to ask for (1 to 100); filters apply to these, as docker''s do')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Keep only matching results: stars=N (at least N stars), is-official=true|false, is-automated=true|false; repeatable')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Keep only matching results: stars=N (at least N stars), is-official=true|false, is-automated=true|false; repeatable')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'table, json (ferry''s object, below), or a Go template as docker''s: ''{{.Name}}'', ''table {{.Name}}\t{{.StarCount}}'', ''{{json .}}''; fields: .Name .Description .StarCount .IsOfficial .IsAutomated')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for failed requests and broken downloads')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('--no-trunc', '--no-trunc', [CompletionResultType]::ParameterName, 'Show whole descriptions (the table cuts them at 45 characters)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password or token for --username from standard input')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;tags' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Stop after N entries')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Entries to ask for per request; registries cap it (default: the registry''s choice)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for failed requests and broken downloads')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password or token for --username from standard input')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;catalog' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Stop after N entries')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Entries to ask for per request; registries cap it (default: the registry''s choice)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for failed requests and broken downloads')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password or token for --username from standard input')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;manifest' {
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'For a multi-platform image, print this platform''s manifest instead of the index')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for failed requests and broken downloads')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password or token for --username from standard input')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;digest' {
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'For a multi-platform image, the digest of this platform''s manifest instead of the index''s (reads the index, which Docker Hub counts as a pull)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for failed requests and broken downloads')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password or token for --username from standard input')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;completions' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;generate-docs' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;tag' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;push' {
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'From a stored multi-platform index, push only this platform''s image (OS/ARCH[/VARIANT])')
            [CompletionResult]::new('--chunk-size', '--chunk-size', [CompletionResultType]::ParameterName, 'Upload in PATCH requests of this size (e.g. 8MiB) instead of one PUT per blob')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Blobs to upload at once')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Blobs to upload at once')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for failed requests and broken downloads')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Push every stored tag of the repository')
            [CompletionResult]::new('--all-tags', '--all-tags', [CompletionResultType]::ParameterName, 'Push every stored tag of the repository')
            [CompletionResult]::new('--all-platforms', '--all-platforms', [CompletionResultType]::ParameterName, 'Push the whole index, every platform (the default; fails if the store lacks one)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password or token for --username from standard input')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;copy' {
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Copy only these platforms of an index (comma-separated or repeated): one gives that platform''s image, several a new index listing just them')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'With --all-tags: only the tags this regular expression matches whole (e.g. ''v1\..*'')')
            [CompletionResult]::new('--tag-jobs', '--tag-jobs', [CompletionResultType]::ParameterName, 'With --all-tags: tags to copy at once')
            [CompletionResult]::new('--chunk-size', '--chunk-size', [CompletionResultType]::ParameterName, 'Upload in PATCH requests of this size (e.g. 8MiB) instead of one PUT per blob')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Blobs to upload at once')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Blobs to upload at once')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for failed requests and broken downloads')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('--all-platforms', '--all-platforms', [CompletionResultType]::ParameterName, 'Copy the whole index unchanged, digest included (the default)')
            [CompletionResult]::new('--all-tags', '--all-tags', [CompletionResultType]::ParameterName, 'Copy every tag of the source repository to the same tags in the destination repository (both given without tag or digest)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password or token for --username from standard input')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;cp' {
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Copy only these platforms of an index (comma-separated or repeated): one gives that platform''s image, several a new index listing just them')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'With --all-tags: only the tags this regular expression matches whole (e.g. ''v1\..*'')')
            [CompletionResult]::new('--tag-jobs', '--tag-jobs', [CompletionResultType]::ParameterName, 'With --all-tags: tags to copy at once')
            [CompletionResult]::new('--chunk-size', '--chunk-size', [CompletionResultType]::ParameterName, 'Upload in PATCH requests of this size (e.g. 8MiB) instead of one PUT per blob')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Blobs to upload at once')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Blobs to upload at once')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for failed requests and broken downloads')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('--all-platforms', '--all-platforms', [CompletionResultType]::ParameterName, 'Copy the whole index unchanged, digest included (the default)')
            [CompletionResult]::new('--all-tags', '--all-tags', [CompletionResultType]::ParameterName, 'Copy every tag of the source repository to the same tags in the destination repository (both given without tag or digest)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password or token for --username from standard input')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;delete' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for failed requests and broken downloads')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password or token for --username from standard input')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;load' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Archive or OCI layout directory to read; `-` reads standard input')
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'Archive or OCI layout directory to read; `-` reads standard input')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'What the input is (detected when not given)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Name for the image, instead of the names in the archive (an archive of one image)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Name for the image, instead of the names in the archive (an archive of one image)')
            [CompletionResult]::new('--compression', '--compression', [CompletionResultType]::ParameterName, 'How to compress a docker archive''s uncompressed layers (OCI archives are stored as they are)')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;save' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where to write the archive; `-` is standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where to write the archive; `-` is standard output')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Archive format')
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Which platform of a stored multi-platform image a docker archive gets (default: this machine''s)')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;export' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where to write: a directory, PATH.tar for a tar file, or - for a tar stream on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where to write: a directory, PATH.tar for a tar file, or - for a tar stream on stdout')
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Which platform of a stored multi-platform image (default: this machine''s)')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for this command only (never stored); the password is read from stdin')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for failed requests and broken downloads')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Local image store (an OCI image layout directory)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Directory of docker''s client configuration (config.json), as docker''s --config; default $DOCKER_CONFIG, else ~/.docker')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'How to show progress: bars on a terminal, periodic plain lines otherwise')
            [CompletionResult]::new('--registries-conf', '--registries-conf', [CompletionResultType]::ParameterName, 'Read mirrors and registry locations from this containers-registries.conf(5) file (and the registries.conf.d/ beside it) instead of the usual places')
            [CompletionResult]::new('--pull', '--pull', [CompletionResultType]::ParameterName, 'Pull the image first (through the same path as `ferry pull`)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Allow plain HTTP and unverified TLS for this registry (loopback registries may always fall back to plain HTTP)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password or token for --username from standard input')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no progress, no status messages')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Log every registry request (method, URL, status, timing) to stderr; never a secret')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'ferry;help' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to a registry: verify the credentials, then store them')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove stored credentials for a registry')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Download an image into the local store')
            [CompletionResult]::new('images', 'images', [CompletionResultType]::ParameterValue, 'List the images in the local store')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show an image''s manifest and configuration as JSON (stored, or --remote)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show a stored image''s history: the steps that built it, layer by layer')
            [CompletionResult]::new('rmi', 'rmi', [CompletionResultType]::ParameterValue, 'Remove references from the local store, and the blobs only they used')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete unreferenced blobs and partial downloads from the local store')
            [CompletionResult]::new('fsck', 'fsck', [CompletionResultType]::ParameterValue, 'Check the local store (blobs, references'' images, layout files); --repair what can be')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Search Docker Hub, or another registry, for repositories')
            [CompletionResult]::new('tags', 'tags', [CompletionResultType]::ParameterValue, 'List a repository''s tags')
            [CompletionResult]::new('catalog', 'catalog', [CompletionResultType]::ParameterValue, 'List a registry''s repositories')
            [CompletionResult]::new('manifest', 'manifest', [CompletionResultType]::ParameterValue, 'Print an image''s manifest exactly as the registry serves it')
            [CompletionResult]::new('digest', 'digest', [CompletionResultType]::ParameterValue, 'Print the digest a reference resolves to, without pulling (a HEAD request)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Write man pages and completion scripts into a directory (for scripts/gen-docs)')
            [CompletionResult]::new('tag', 'tag', [CompletionResultType]::ParameterValue, 'Give a stored image another name (in the local store)')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Upload a stored image to a registry')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy an image from one registry to another, without storing it locally')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a manifest (and so every tag pointing at it) from a registry')
            [CompletionResult]::new('load', 'load', [CompletionResultType]::ParameterValue, 'Import images from a docker or OCI archive, or an OCI layout directory')
            [CompletionResult]::new('save', 'save', [CompletionResultType]::ParameterValue, 'Write stored images to an archive that docker load and skopeo read')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a stored image''s root filesystem, flattened, to a directory or a tar stream')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ferry;help;login' {
            break
        }
        'ferry;help;logout' {
            break
        }
        'ferry;help;pull' {
            break
        }
        'ferry;help;images' {
            break
        }
        'ferry;help;inspect' {
            break
        }
        'ferry;help;history' {
            break
        }
        'ferry;help;rmi' {
            break
        }
        'ferry;help;prune' {
            break
        }
        'ferry;help;fsck' {
            break
        }
        'ferry;help;search' {
            break
        }
        'ferry;help;tags' {
            break
        }
        'ferry;help;catalog' {
            break
        }
        'ferry;help;manifest' {
            break
        }
        'ferry;help;digest' {
            break
        }
        'ferry;help;completions' {
            break
        }
        'ferry;help;generate-docs' {
            break
        }
        'ferry;help;tag' {
            break
        }
        'ferry;help;push' {
            break
        }
        'ferry;help;copy' {
            break
        }
        'ferry;help;delete' {
            break
        }
        'ferry;help;load' {
            break
        }
        'ferry;help;save' {
            break
        }
        'ferry;help;export' {
            break
        }
        'ferry;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
