# Shared by tests/gui/*_test.sh (sourced, bash): the deadline, clean-up of the GUI's and Xvfb's process
# groups, failure reports with the last log lines and a screenshot, and a private Xvfb.
# The sourcing script sets S (scratch folder), APP (its name: logs and screenshots) and, once started,
# app_pid (the GUI's process group).
start=$SECONDS
deadline=$((SECONDS + 80))  # the whole test, the GUI's start included
xvfb_pid=""
app_pid=""
cleanup() {
  # The GUI runs in its own process group with the engine it spawned (wrapper, tee, tengen): end that
  # group, then Xvfb's. Both also run under `timeout 110`, in case the script is killed before its
  # trap runs (ctest's TIMEOUT is 120 s).
  for pid in $app_pid $xvfb_pid; do kill -TERM -- "-$pid" 2> /dev/null || kill -TERM "$pid" 2> /dev/null; done
  sleep 1
  for pid in $app_pid $xvfb_pid; do kill -KILL -- "-$pid" 2> /dev/null; done
  wait 2> /dev/null
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() {
  echo "FAIL: $*"
  for f in gtp-in.log gtp-out.log tengen.err "$APP.log"; do
    [ -f "$S/$f" ] && { echo "--- $f (last lines)"; tail -n 8 "$S/$f" | cut -c1-300; }
  done
  [ -n "${DISPLAY:-}" ] && import -window root "$S/$APP-failure.png" 2> /dev/null &&
    echo "screen at the failure: $S/$APP-failure.png"
  exit 1
}
left() { echo $((deadline - SECONDS)); }
# Waits until command $1 succeeds, failing with message $3 when the time left falls to $2 s.
wait_for() {
  until eval "$1"; do
    [ "$(left)" -gt "$2" ] || fail "$3 (after $((SECONDS - start)) s)"
    sleep 0.3
  done
}
# A private X server; -displayfd picks a free display and says which once it is ready. Exports DISPLAY.
start_xvfb() {
  setsid timeout -k 5 110 Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3> "$S/display" > "$S/xvfb.log" 2>&1 &
  xvfb_pid=$!
  wait_for '[ -s "$S/display" ]' 60 "Xvfb did not start (see $S/xvfb.log)"
  export DISPLAY=":$(head -n 1 "$S/display")"
}
