#!/usr/bin/env bash
# Vendor front-end libraries from the npm registry into kurator/core/static/vendor/.
# Pages never load anything from outside the server (no CDN): run this to update a version,
# commit the result. Versions are pinned here.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=kurator/core/static/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fetch() {  # fetch <package@version>: unpack the npm tarball into $tmp/<name>
  local spec=$1 name=${1%@*}
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null)
  mkdir -p "$tmp/$name"
  tar -xzf "$tmp"/"${name//\//-}"-*.tgz -C "$tmp/$name" --strip-components=1
}

fetch bootstrap@5.3.9
fetch htmx.org@2.0.8
fetch bootstrap-icons@1.13.1
fetch chart.js@4.5.1

rm -rf "$dest" && mkdir -p "$dest"/bootstrap "$dest"/htmx "$dest"/bootstrap-icons/fonts "$dest"/chartjs
cp "$tmp"/bootstrap/dist/css/bootstrap.min.css "$dest"/bootstrap/
cp "$tmp"/bootstrap/dist/js/bootstrap.bundle.min.js "$dest"/bootstrap/
cp "$tmp"/bootstrap/LICENSE "$dest"/bootstrap/
cp "$tmp"/htmx.org/dist/htmx.min.js "$dest"/htmx/
cp "$tmp"/htmx.org/LICENSE "$dest"/htmx/
cp "$tmp"/bootstrap-icons/font/bootstrap-icons.min.css "$dest"/bootstrap-icons/
cp "$tmp"/bootstrap-icons/font/fonts/bootstrap-icons.woff2 "$tmp"/bootstrap-icons/font/fonts/bootstrap-icons.woff "$dest"/bootstrap-icons/fonts/
cp "$tmp"/bootstrap-icons/LICENSE "$dest"/bootstrap-icons/
cp "$tmp"/chart.js/dist/chart.umd.min.js "$dest"/chartjs/
cp "$tmp"/chart.js/LICENSE.md "$dest"/chartjs/
# Source maps are not shipped: drop the comments that point browsers at them.
sed -i '/sourceMappingURL/d' "$dest"/bootstrap/*.js "$dest"/bootstrap/*.css "$dest"/chartjs/*.js
echo "vendored into $dest:"; find "$dest" -type f | sort
