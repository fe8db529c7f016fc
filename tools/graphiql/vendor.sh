#!/usr/bin/env bash
# Vendors the playground's browser assets (GraphiQL, React, ReactDOM, graphql-ws) from the npm registry
# into assets/graphiql/, each with its licence, so that the gateway serves them itself: the playground
# works offline and under a strict Content-Security-Policy, and `cargo build` needs no Node. Run it only
# to change a pinned version (edit the list below); the gateway embeds whatever assets/graphiql/ holds.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=assets/graphiql
# package@version  file in the package  name served
assets=(
  "graphiql@3.8.3 graphiql.min.js graphiql.min.js"
  "graphiql@3.8.3 graphiql.min.css graphiql.min.css"
  "react@18.3.1 umd/react.production.min.js react.production.min.js"
  "react-dom@18.3.1 umd/react-dom.production.min.js react-dom.production.min.js"
  "graphql-ws@5.16.0 umd/graphql-ws.min.js graphql-ws.min.js"
)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$work/VERSIONS"
for line in "${assets[@]}"; do
  read -r package file name <<<"$line"
  dir="$work/${package//[@\/]/_}"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "$package" >/dev/null && tar xzf ./*.tgz)
    licence=$(ls "$dir/package" | grep -iE '^licen[cs]e' | head -1)
    cp "$dir/package/$licence" "$out/LICENSE.${package%@*}"
    echo "$package $(cd "$dir" && sha256sum ./*.tgz | cut -d' ' -f1)" >> "$work/VERSIONS"
  fi
  cp "$dir/package/$file" "$out/$name"
done
cp "$work/VERSIONS" "$out/VERSIONS"
echo "vendored into $out:"; ls -l "$out"
