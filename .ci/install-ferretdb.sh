#!/usr/bin/env bash
# Builds FerretDB v1 (a MongoDB-wire server over SQLite) for the test suite when neither Docker
# nor mongod is available. `go install …@v1.24.2` does not work as published: the module proxy
# refuses its deprecation lookup, and the module zip lacks build/version/version.txt, without
# which the binary panics at start. So: download the module, add that file, build it.
# Usage: .ci/install-ferretdb.sh [DEST]   (default DEST: .cache/bin/ferretdb)
set -euo pipefail
version=v1.24.2
dest=${1:-"$(cd "$(dirname "$0")/.." && pwd)/.cache/bin/ferretdb"}
if [ -x "$dest" ] && "$dest" --version 2>/dev/null | grep -q "$version"; then
  echo "ferretdb $version already at $dest"
  exit 0
fi
command -v go >/dev/null || { echo "install-ferretdb: Go is required (https://go.dev/dl)" >&2; exit 1; }
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
src=$(cd "$work" && go mod download -json "github.com/FerretDB/FerretDB@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$src" ] || { echo "install-ferretdb: could not download FerretDB $version" >&2; exit 1; }
cp -r "$src" "$work/ferretdb"
chmod -R u+w "$work/ferretdb"
echo "$version" > "$work/ferretdb/build/version/version.txt"
mkdir -p "$(dirname "$dest")"
(cd "$work/ferretdb" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -o "$dest" ./cmd/ferretdb)
"$dest" --version | head -1
