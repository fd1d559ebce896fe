#!/usr/bin/env bash
# The terminal is given back in working order however the TUI ends: quit, an injected panic,
# an error return, SIGTERM, SIGHUP, and its tmux pane being killed. After each ending (but the
# last, which takes the terminal with it) the shell in the pane must answer and `stty -a` must
# show cooked mode (icanon, echo), with the alternate screen and mouse reporting off.
# The API key used must never appear on the screen, in the panic report or in any log.
#
# Usage: tests/e2e/terminal_safety.sh path/to/release/tl-assets
set -euo pipefail
bin=$(realpath "${1:-target/release/tl-assets}")
work=$(mktemp -d)
sock="tlsafety$$"
server_pid=""
key="tlk_SAFETY_CANARY_$(date +%s)_9d2f"
tmux_() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
  tmux_ kill-server 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
screen() { tmux_ capture-pane -p -t "${1:-main}" 2>/dev/null || true; }
fail() {
  echo "FAIL: $*" >&2
  echo "---- screen ----" >&2
  screen "${pane:-main}" >&2
  echo "----------------" >&2
  exit 1
}
# wait_for PATTERN [SECONDS]: until the pane shows PATTERN (bounded).
wait_for() {
  local pattern=$1 limit=${2:-20} i
  for i in $(seq 1 $((limit * 10))); do
    screen "$pane" | grep -q -- "$pattern" && return 0
    sleep 0.1
  done
  fail "waited ${limit}s for \"$pattern\""
}
send() { tmux_ send-keys -t "$pane" "$@"; }

mkdir -p "$work/home" "$work/data" "$work/state" "$work/config"
export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config"
export TL_ASSETS_DATA_DIR="$work/platform"

"$bin" serve --data-dir "$work/served" --api-key "$key" --processing-delay 0.2 --seed-samples \
  >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q 'http://127.0.0.1:' "$work/serve.out" 2>/dev/null && break
  sleep 0.1
done
base=$(head -n 1 "$work/serve.out" | grep -o 'http://127.0.0.1:[0-9]*/v1.3') || fail "no base URL from serve"

# A plain shell in a fixed-size pane, with everything the app needs in its environment.
cat >"$work/rc" <<EOF
export HOME="$HOME" XDG_DATA_HOME="$XDG_DATA_HOME" XDG_STATE_HOME="$XDG_STATE_HOME"
export XDG_CONFIG_HOME="$XDG_CONFIG_HOME" TL_ASSETS_DATA_DIR="$TL_ASSETS_DATA_DIR"
export TWELVE_LABS_BASE_URL="$base" TWELVE_LABS_API_KEY="$key" TERM=xterm-256color
export RUST_BACKTRACE=0
PS1='safety\$ '
EOF
tmux_ new-session -d -s main -x 110 -y 32 "bash --noprofile --rcfile $work/rc -i"
pane=main
wait_for 'safety\$' 10

# check_cooked NAME: the shell answers, stty shows cooked mode, no alternate screen or mouse.
check_cooked() {
  local name=$1
  send "clear; stty -a > $work/stty.$name; echo shell-ok-$name" Enter
  wait_for "^shell-ok-$name" 10
  grep -Eq '(^|[ ;])icanon([ ;]|$)' "$work/stty.$name" || fail "$name: icanon off after exit: $(cat "$work/stty.$name")"
  grep -Eq '(^|[ ;])echo([ ;]|$)' "$work/stty.$name" || fail "$name: echo off after exit: $(cat "$work/stty.$name")"
  local alt mouse
  alt=$(tmux_ display -p -t "$pane" '#{alternate_on}')
  mouse=$(tmux_ display -p -t "$pane" '#{mouse_any_flag}#{mouse_button_flag}#{mouse_all_flag}')
  [ "$alt" = 0 ] || fail "$name: still on the alternate screen"
  [ "$mouse" = 000 ] || fail "$name: mouse reporting still on ($mouse)"
  echo "ok: $name — shell answers, cooked mode, main screen, mouse off"
}

# start_app NAME [ENV...]: runs the app in the pane; its pid lands in $work/pid.NAME.
start_app() {
  local name=$1
  shift
  send "clear; $* bash -c 'echo \$\$ > $work/pid.$name; exec \"$bin\" --debug'; echo exit-$name=\$?" Enter
  wait_for 'Assets' 20
  [ -s "$work/pid.$name" ] || fail "$name: no pid"
  # The first frame is drawn: the terminal is now raw, on the alternate screen.
  [ "$(tmux_ display -p -t "$pane" '#{alternate_on}')" = 1 ] || fail "$name: app not on the alternate screen"
}

# 1. A normal quit.
start_app quit
screen "$pane" >"$work/screen.quit"
send q
wait_for '^exit-quit=0' 10
check_cooked quit

# 2. A panic after the first frame: the report is readable on the restored screen.
start_app panic TL_ASSETS_TEST_PANIC=1
wait_for '^exit-panic=101' 15
screen "$pane" >"$work/screen.panic"
grep -q 'injected test panic' "$work/screen.panic" || fail "panic: no readable panic report"
check_cooked panic

# 3. An error return with the terminal in the app's mode.
start_app error TL_ASSETS_TEST_PANIC=error
wait_for '^exit-error=1' 15
screen "$pane" >"$work/screen.error"
grep -q 'injected test error' "$work/screen.error" || fail "error: no error message"
check_cooked error

# 4. SIGTERM and 5. SIGHUP, sent to the app alone.
for sig in TERM HUP; do
  start_app "$sig"
  kill -s "$sig" "$(cat "$work/pid.$sig")"
  wait_for "^exit-$sig=" 10
  check_cooked "$sig"
done

# 6. The pane itself goes away (its shell and pty die, the app gets SIGHUP): the app must exit
#    rather than spin on a dead terminal.
tmux_ new-window -d -t main -n doomed "bash --noprofile --rcfile $work/rc -i"
pane=main:doomed
wait_for 'safety\$' 10
start_app pane
app_pid=$(cat "$work/pid.pane")
tmux_ kill-window -t main:doomed
pane=main
gone=no
for _ in $(seq 1 100); do
  if ! kill -0 "$app_pid" 2>/dev/null; then gone=yes; break; fi
  sleep 0.1
done
[ "$gone" = yes ] || { kill -9 "$app_pid" 2>/dev/null; fail "the app outlived its killed pane by 10 s"; }
echo "ok: pane killed — the app exited"

# The key never showed: screens captured above, the app's log at --debug, the server's output.
for f in "$work"/screen.* "$work/serve.out" "$work/serve.err" $(find "$work/state" "$work/data" "$work/home" -type f); do
  if grep -q "$key" "$f" 2>/dev/null; then fail "the API key appears in $f"; fi
done
log=$(find "$work/state" "$work/data" "$work/home" -name '*.log' | head -n 1)
[ -n "$log" ] && [ -s "$log" ] || fail "no TUI log written at --debug (looked under $work)"
grep -q "injected test panic" "$log" || true
echo "ok: the key appears on no screen, in no log ($(wc -l <"$log") log lines checked)"
echo "PASS: terminal safety"
