#!/usr/bin/env bash
# The release binary's terminal UI inside tmux at 80x24, with no API key (so it runs on its
# embedded local platform) in a fresh data dir and a fresh HOME/XDG tree: the 3 sample assets
# show up, help opens and closes, a file uploaded through the upload form becomes ready, it is
# deleted through the confirm dialog, `q` quits, and the shell left behind is in cooked mode.
# Every wait is a bounded poll of `capture-pane`; any failure prints the last screen.
set -euo pipefail
bin=$(realpath "${1:-target/release/tl-assets}")
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
sock="tl-assets-e2e-$$"
session=app

tm() { tmux -L "$sock" -f /dev/null "$@"; }
screen() { tm capture-pane -p -t "$session" 2>/dev/null || echo "(no pane to capture)"; }
cleanup() {
  tm kill-server 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  echo "--- last screen ---" >&2
  screen >&2
  echo "-------------------" >&2
  exit 1
}
# wait_for WHAT PATTERN: polls the screen (up to ~30 s) until an extended regex matches.
wait_for() {
  local i
  for i in $(seq 1 300); do
    screen | grep -qE -- "$2" && return 0
    sleep 0.1
  done
  fail "timed out waiting for $1 (pattern: $2)"
}
# wait_gone WHAT PATTERN: polls until the pattern is no longer on screen.
wait_gone() {
  local i
  for i in $(seq 1 300); do
    screen | grep -qE -- "$2" || return 0
    sleep 0.1
  done
  fail "timed out waiting for $1 to go away (pattern: $2)"
}
key() { tm send-keys -t "$session" "$@"; sleep 0.2; }
# Escape on its own, then a pause, so the app does not read it with the next key as Alt+key.
escape() { tm send-keys -t "$session" Escape; sleep 0.4; }

command -v tmux >/dev/null 2>&1 || fail "tmux is not installed"
[ -x "$bin" ] || fail "no binary at $bin"
mkdir -p "$work/home"
# A clean environment: no key (so the embedded platform runs), and HOME/XDG pointing into the
# temp dir so neither logs nor data touch the user's.
env -u TWELVE_LABS_API_KEY -u TWELVE_LABS_BASE_URL -u TL_ASSETS_DATA_DIR -u TMUX \
  HOME="$work/home" \
  XDG_CONFIG_HOME="$work/home/.config" \
  XDG_DATA_HOME="$work/home/.local/share" \
  XDG_STATE_HOME="$work/home/.local/state" \
  XDG_CACHE_HOME="$work/home/.cache" \
  tmux -L "$sock" -f /dev/null new-session -d -s "$session" -x 80 -y 24 "bash --norc --noprofile"
tm send-keys -t "$session" -l "\"$bin\" --data-dir \"$work/data\""
tm send-keys -t "$session" Enter

wait_for "the list with the 3 sample assets" 'loaded 3 of 3'
for name in sample-video.mp4 sample-image.jpg sample-audio.mp3; do
  screen | grep -qF "$name" || fail "sample $name not listed"
done
echo "list: 3 sample assets"

key '?'
wait_for "the help overlay" 'Help — list'
screen | grep -qF 'delete the selected asset' || fail "help does not list the delete key"
# The global keys come after the pane's own: scroll down to them (as far as the list is long).
for _ in $(seq 1 40); do
  screen | grep -qF 'upload a file or URL' && break
  key j
done
wait_for "the global keys in help" 'upload a file or URL'
escape
wait_gone "the help overlay" 'Help — list'
echo "help: opens and closes"

key u
wait_for "the upload form" 'Upload files or URLs'
tm send-keys -t "$session" -l "$root/assets/sample-image.jpg"
key Enter
wait_for "the upload to be ready" 'ready +[0-9a-f]{24}'
id=$(screen | grep -oE 'ready +[0-9a-f]{24}' | head -n 1 | grep -oE '[0-9a-f]{24}$')
wait_for "the new asset in the list" 'loaded 4 of 4'
screen | grep -qF 'uploaded sample-image.jpg (ready)' || fail "the status bar does not say the upload is done"
echo "upload: $id ready"

key g
wait_for "the new asset selected in the detail pane" "ID +$id"
key d
wait_for "the delete dialog" 'Delete asset'
screen | grep -qF "$id" || fail "the delete dialog does not name $id"
screen | grep -qF '[ Cancel ]' || fail "no Cancel button"
key Right
key Enter
wait_for "the delete to finish" 'loaded 3 of 3'
screen | grep -qF 'deleted sample-image.jpg' || fail "no 'deleted' message"
screen | grep -qE "ID +$id" && fail "the deleted asset is still shown in the detail pane"
echo "delete: $id gone from the list"

key q
for _ in $(seq 1 100); do
  [ "$(tm display-message -p -t "$session" '#{pane_current_command}')" = bash ] && break
  sleep 0.1
done
[ "$(tm display-message -p -t "$session" '#{pane_current_command}')" = bash ] || fail "the app did not exit on q"
# `$((40+2))` is typed as is and printed as 42, so the marker can only come from the output.
tm send-keys -t "$session" -l 's=$?; clear; echo "tui-exit=$s"; stty -a; echo "e2e-done-$((40+2))"'
tm send-keys -t "$session" Enter
wait_for "the shell to answer" '^e2e-done-42$'
screen | grep -qE '^tui-exit=0$' || fail "the app exited with a non-zero status"
screen | grep -qE '(^| )icanon( |$)' || fail "terminal left without icanon (not cooked)"
screen | grep -qE '(^| )echo( |$)' || fail "terminal left without echo"
screen | grep -qE '(^| )-(icanon|echo)( |$)' && fail "terminal left in raw mode"
echo "quit: exit 0, shell in cooked mode (icanon, echo)"

# Inside tmux the default config (images auto) must not have waited for a graphics answer that
# tmux never passes on: the pane is not asked, tmux names its client instead.
log="$work/home/.local/state/tl-assets/tl-assets.log"
grep -q 'image protocol' "$log" || fail "the log has no image protocol decision"
grep -q 'did not answer the graphics query' "$log" && fail "the app waited for a graphics answer inside tmux"
echo "images: decided without waiting for the terminal ($(grep -o 'protocol=[^ ]*' "$log" | tail -n 1))"

tm kill-server 2>/dev/null || true
set +e
env -u TWELVE_LABS_API_KEY -u TWELVE_LABS_BASE_URL HOME="$work/home" XDG_STATE_HOME="$work/home/.local/state" \
  "$bin" --data-dir "$work/data" get "$id" --json >"$work/get.out" 2>"$work/get.err"
code=$?
set -e
[ "$code" = 1 ] || fail "get $id after the TUI deleted it exited $code, expected 1: $(cat "$work/get.err")"
grep -q 'resource_not_exist' "$work/get.err" || fail "no not-found error: $(cat "$work/get.err")"
find "$work/home" -name 'tl-assets.log' | grep -q . || fail "no log file under the temp HOME"
echo "tui in tmux: ok"
