#!/usr/bin/env bash
# The release binary in tmux as over SSH: the selected sample's thumbnail is drawn in halfblocks,
# `y` sends the id by OSC 52 (tmux with set-clipboard on stores it as a buffer), and `o` shows
# the URL dialog instead of launching anything. Own tmux socket, bounded waits, cleaned up.
set -euo pipefail
bin=$(realpath "${1:-target/release/tl-assets}")
work=$(mktemp -d)
sock="tl-ssh-e2e-$$"
cleanup() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  tmux -L "$sock" capture-pane -p 2>/dev/null >&2 || true
  exit 1
}
command -v tmux >/dev/null || fail "tmux is not installed"
screen() { tmux -L "$sock" capture-pane -p; }
# Waits up to ~10 s for a pattern on screen.
wait_for() {
  for _ in $(seq 1 100); do
    screen | grep -q -- "$1" && return 0
    sleep 0.1
  done
  fail "timed out waiting for: $1"
}

tmux -L "$sock" -f /dev/null new-session -d -x 120 -y 40 \
  "env -u TWELVE_LABS_API_KEY -u TWELVE_LABS_BASE_URL -u TL_ASSETS_CONFIG -u TL_ASSETS_PROFILE TL_ASSETS_DATA_DIR='$work/data' \
   XDG_STATE_HOME='$work/state' XDG_CONFIG_HOME='$work/config' \
   SSH_TTY=/dev/pts/99 SSH_CONNECTION='10.0.0.1 5000 10.0.0.2 22' '$bin'; sleep 60"
tmux -L "$sock" set -g set-clipboard on
wait_for "sample-image.jpg"
# Samples finish processing shortly after start; refresh until the image is ready.
for _ in $(seq 1 50); do
  screen | grep -q "sample-image.jpg *ready" && break
  tmux -L "$sock" send-keys r
  sleep 0.2
done
screen | grep -q "sample-image.jpg *ready" || fail "sample image never became ready"

# Select the image (newest first: video, image, audio) and wait for its thumbnail.
for _ in $(seq 1 5); do
  screen | grep -q "│sample-image.jpg" && break
  tmux -L "$sock" send-keys j
  sleep 0.3
done
wait_for "│sample-image.jpg"
for _ in $(seq 1 100); do
  [ "$(screen | cut -c67- | grep -c '[▀▄]')" -ge 5 ] && break
  sleep 0.1
done
rows=$(screen | cut -c67- | grep -c '[▀▄]' || true)
[ "$rows" -ge 5 ] || fail "no halfblocks thumbnail in the detail pane ($rows rows)"
echo "thumbnail: $rows halfblock rows in the detail pane"

id=$(screen | grep -o 'ID  *[0-9a-f]\{24\}' | head -n 1 | awk '{print $2}')
[ -n "$id" ] || fail "no asset id in the detail pane"
tmux -L "$sock" send-keys y
wait_for "sent to terminal clipboard (OSC 52)"
buffer=$(tmux -L "$sock" show-buffer 2>/dev/null || true)
[ "$buffer" = "$id" ] || fail "tmux buffer is '$buffer', expected the id $id"
echo "y: OSC 52 reached tmux's buffer ($id)"

tmux -L "$sock" send-keys o
wait_for "Not opened here (over SSH)"
screen | grep -q "http://127.0.0.1:[0-9]*/_files/" || fail "the URL dialog shows no URL"
tmux -L "$sock" send-keys Enter
wait_for "URL sent to terminal clipboard"
buffer=$(tmux -L "$sock" show-buffer 2>/dev/null || true)
case "$buffer" in
  http://127.0.0.1:*/_files/*/thumbnail.jpg) ;;
  *) fail "the URL dialog's Copy put '$buffer' in the buffer" ;;
esac
echo "o: URL dialog shown over SSH, Copy sent the URL"
echo "ok"
