#!/usr/bin/env bash
# The release binary from a shell script: serve, then upload --json, list --json, get --json,
# delete --yes, and a second get that must fail with exit status 1 and a not-found error.
set -euo pipefail
bin=$(realpath "${1:-target/release/tl-assets}")
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

key="tlk_e2e_$(date +%s)"
"$bin" serve --data-dir "$work/data" --api-key "$key" --processing-delay 0.2 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q 'http://127.0.0.1:' "$work/serve.out" 2>/dev/null && break
  sleep 0.1
done
base=$(head -n 1 "$work/serve.out" | grep -o 'http://127.0.0.1:[0-9]*/v1.3') || fail "no base URL on the first line of serve"
export TWELVE_LABS_BASE_URL="$base" TWELVE_LABS_API_KEY="$key"
echo "serve: $base"

id=$("$bin" upload "$root/assets/sample-video.mp4" --json | json 'd["_id"]')
[ -n "$id" ] || fail "upload gave no id"
status=$("$bin" get "$id" --json | json 'd["status"]')
[ "$status" = ready ] || fail "expected ready after upload, got $status"
echo "upload: $id ready"

"$bin" upload "$root/assets/sample-image.jpg" --json >/dev/null
first=$("$bin" list --json | json 'd[0]["filename"]')
count=$("$bin" list --json | json 'len(d)')
[ "$first" = sample-image.jpg ] || fail "list not newest first: $first"
[ "$count" = 2 ] || fail "expected 2 assets, got $count"
echo "list: $count assets, newest first"

size=$("$bin" get "$id" --json | json 'd["size"]')
[ "$size" = "$(stat -c %s "$root/assets/sample-video.mp4")" ] || fail "size $size does not match the file"
duration=$("$bin" get "$id" --json | json 'round(d["duration"])')
[ "$duration" = 5 ] || fail "duration $duration, expected 5"
echo "get: size $size, duration ${duration}s"

"$bin" delete "$id" --yes
set +e
"$bin" get "$id" --json >"$work/get.out" 2>"$work/get.err"
code=$?
set -e
[ "$code" = 1 ] || fail "get after delete exited $code, expected 1"
# With --json the error is JSON on stderr too.
json_err=$(json 'd["error"]["code"]' <"$work/get.err") || fail "stderr is not a JSON error: $(cat "$work/get.err")"
[ "$json_err" = resource_not_exist ] || fail "no not-found error: $(cat "$work/get.err")"
echo "delete: gone (get exits 1: $(head -n1 "$work/get.err"))"

set +e
"$bin" delete "$id" </dev/null 2>"$work/del.err"
code=$?
set -e
[ "$code" = 2 ] || fail "delete without --yes and without a terminal exited $code, expected 2"
echo "cli round trip: ok"
