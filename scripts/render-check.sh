#!/usr/bin/env bash
# Renders a report page in headless Chromium and fails if it does not render.
#
# Usage: scripts/render-check.sh [HTML] [PNG]
#   HTML  page to render (default: reports/index.html)
#   PNG   screenshot to write (default: target/render-check/index.png)
# Environment:
#   CHROMIUM     browser binary (default: chromium; Debian package "chromium")
#   WINDOW_SIZE  screenshot size "width,height" (default: 1280,4000, tall enough for the plots)
#
# Checks, each of which makes the script exit 1:
#   1. the page's DOM, as Chromium parsed it (--dump-dom), ends properly and contains exactly as
#      many <svg> elements as the file (a stray "<" in unescaped text would swallow markup);
#   2. Chromium logged no console message (the page has no scripts, so any message means trouble,
#      e.g. a resource that failed to load);
#   3. the screenshot exists and is not blank (scripts/PngNotBlank.java: enough distinct colours
#      and enough non-background pixels).
# Exit 2: bad usage or Chromium missing. Look at the PNG yourself to judge readability.
set -euo pipefail

HTML=${1:-reports/index.html}
PNG=${2:-target/render-check/index.png}
CHROMIUM=${CHROMIUM:-chromium}
WINDOW_SIZE=${WINDOW_SIZE:-1280,4000}
HERE=$(cd "$(dirname "$0")" && pwd)

if [[ ! -f "$HTML" ]]; then
  echo "render-check: no such page: $HTML" >&2
  exit 2
fi
if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
  echo "render-check: $CHROMIUM not found (Debian: apt-get install -y chromium)" >&2
  exit 2
fi

URL="file://$(cd "$(dirname "$HTML")" && pwd)/$(basename "$HTML")"
mkdir -p "$(dirname "$PNG")"
rm -f "$PNG"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Flags: no sandbox (containers run as root), no GPU, and no network activity of the browser's own
# (updates, sync, QUIC), so the check works offline and does not depend on the machine's profile.
FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --enable-logging=stderr --v=0)

timeout 120 "$CHROMIUM" "${FLAGS[@]}" --user-data-dir="$WORK/profile-dom" --dump-dom "$URL" \
  >"$WORK/dom.html" 2>"$WORK/dom.log" || {
  echo "render-check: chromium --dump-dom failed:" >&2; cat "$WORK/dom.log" >&2; exit 1; }
timeout 120 "$CHROMIUM" "${FLAGS[@]}" --user-data-dir="$WORK/profile-shot" \
  --screenshot="$(cd "$(dirname "$PNG")" && pwd)/$(basename "$PNG")" \
  --window-size="$WINDOW_SIZE" --hide-scrollbars "$URL" >"$WORK/shot.out" 2>"$WORK/shot.log" || {
  echo "render-check: chromium --screenshot failed:" >&2; cat "$WORK/shot.log" >&2; exit 1; }

status=0
count_svg() { { grep -o '<svg[ >]' "$1" || true; } | wc -l; }
want=$(count_svg "$HTML")
got=$(count_svg "$WORK/dom.html")
if [[ "$got" -ne "$want" ]]; then
  echo "render-check: the file has $want <svg> elements but the parsed DOM has $got" >&2
  status=1
fi
if ! grep -q '</html>' "$WORK/dom.html"; then
  echo "render-check: the dumped DOM is incomplete" >&2
  status=1
fi
if grep -h 'CONSOLE' "$WORK/dom.log" "$WORK/shot.log" >&2; then
  echo "render-check: the page logged console messages (above)" >&2
  status=1
fi
if ! stats=$(java "$HERE/PngNotBlank.java" "$PNG"); then
  status=1
fi
if [[ $status -eq 0 ]]; then
  read -r w h colours ink <<<"$stats"
  echo "render-check: OK $PNG (${w}x${h}, $(wc -c <"$PNG") bytes, $colours colours," \
    "ink $ink, $got svg)"
fi
exit $status
