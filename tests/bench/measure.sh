#!/usr/bin/env bash
# Whole-process measurements of the release binary on demo databases, one
# size after another (README "Figures").
# Usage: bash tests/bench/measure.sh [CASES...]   (default: 10000 100000 1000000)
#   RUNS=N   repeats of each timed command (default 7); medians with min–max.
#   DEMO_RUNS=N  demos made at each size (default 3).
#   EXTRA=1  also export, backup, check, purge and sending (slow at 1,000,000).
# Needs sqlite3, tmux and python3 (the test command installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
runs=${RUNS:-7}
demos=${DEMO_RUNS:-3}
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-$(pwd)/target}/release/dsar
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

# Prints "median ms (min–max)" of the wall time of "$@" over $runs runs.
timed() {
    local t0
    for _ in $(seq "$runs"); do
        t0=$(date +%s%N)
        "$@" >/dev/null 2>&1
        echo $(( $(date +%s%N) - t0 ))
    done | python3 -c '
import statistics, sys
t = [int(l) / 1e6 for l in sys.stdin if l.strip()]
print(f"{statistics.median(t):.1f} ms ({min(t):.1f}–{max(t):.1f})")'
}

# Nanoseconds since the epoch.
now_ns() { date +%s%N; }

# The terminal UI in a real terminal (tmux, 120×40): start to the first frame
# showing cases, then page-downs and searches; prints the start times and the
# process's peak memory. Each start gets a tmux server of its own.
tui() {
    local starts=() socket pid hwm t0 waited
    for i in $(seq "$runs"); do
        socket=dsar-measure-$cases-$i
        tmux -L "$socket" new-session -d -x 120 -y 40 -e "DSAR_DB=$DSAR_DB" -e "DSAR_CONFIG=$DSAR_CONFIG" \
            -e "DSAR_NOW=$DSAR_NOW" -e "DSAR_USER=bench" bash --norc
        sleep 0.3
        t0=$(now_ns)
        tmux -L "$socket" send-keys "exec $bin" Enter
        # (Not a pipe into grep -q: with pipefail its early exit reads as a failure.)
        until [[ "$(tmux -L "$socket" capture-pane -p 2>/dev/null)" == *R-20[0-9][0-9]-* ]]; do
            waited=$(( ($(now_ns) - t0) / 1000000000 ))
            [ "$waited" -lt 30 ] || { echo "no frame with cases after 30 s" >&2; return 1; }
        done
        starts+=($(( ($(now_ns) - t0) / 1000000 )))
        [ "$i" = "$runs" ] || tmux -L "$socket" kill-server 2>/dev/null || true
    done
    pid=$(tmux -L "$socket" list-panes -F '#{pane_pid}')
    for _ in $(seq 100); do tmux -L "$socket" send-keys PageDown; done
    tmux -L "$socket" send-keys g /
    for word in 王芳 olivia R-2026-0042 li.na 张伟; do
        tmux -L "$socket" send-keys -l "$word"
        sleep 0.2
        for _ in $(seq ${#word}); do tmux -L "$socket" send-keys BSpace; done
    done
    sleep 0.5
    hwm=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status")
    tmux -L "$socket" kill-server 2>/dev/null || true
    printf '%s\n' "${starts[@]}" | python3 -c '
import statistics, sys
t = [int(l) for l in sys.stdin if l.strip()]
print(f"first frame {statistics.median(t):.0f} ms ({min(t)}–{max(t)}), peak RSS '"$hwm"' MB")'
}

for cases in "${sizes[@]}"; do
    work=$root/$cases
    mkdir -p "$work"
    export DSAR_DB=$work/bench.db DSAR_CONFIG=$work/config.toml DSAR_USER=bench DSAR_NOW=2026-11-20T09:00:00Z
    echo "== $cases cases"
    # The demo, $demos times into a new file each (the last one is kept).
    for i in $(seq "$demos"); do
        rm -f "$DSAR_DB"
        t0=$(now_ns)
        { /usr/bin/time -f "%M" $bin demo --cases "$cases" --seed 1 >/dev/null; } 2>"$work/demo.rss"
        echo "$(( $(now_ns) - t0 )) $(tail -n 1 "$work/demo.rss")"
    done | python3 -c '
import statistics, sys
runs = [l.split() for l in sys.stdin if l.strip()]
t = [int(r[0]) / 1e9 for r in runs]
print(f"demo --cases '"$cases"': {statistics.median(t):.1f} s ({min(t):.1f}–{max(t):.1f}, {len(t)} runs), peak RSS {max(int(r[1]) for r in runs) // 1024} MB")'
    size=$(stat -c %s "$DSAR_DB")
    events=$(sqlite3 "$DSAR_DB" 'SELECT count(*) FROM events')
    echo "database:                      $((size / 1024 / 1024)) MB, $((size / cases)) bytes per case, $((events * 10 / cases))/10 events per case"
    # The case `show` is measured on: the most urgent, given notes up to 50 events.
    id=$($bin list --limit 1 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
    have=$($bin show "$id" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["timeline"]))')
    for n in $(seq "$have" 49); do $bin note "$id" "Follow-up $n: called the requester back about the export." >/dev/null; done
    echo "list --overdue --json:         $(timed $bin list --overdue --json) $($bin list --overdue --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') cases"
    echo "list --due-within 7 --json:    $(timed $bin list --due-within 7 --json) $($bin list --due-within 7 --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') cases"
    # The same listings by the sqlite3 shell on the same file (dsar's SQL, dates filled in).
    cols="id, year, seq, status, rights, regime, channel, received_at, received_date, requester_name, requester_email, requester_phone, account_ref, relationship, language, assignee, created_at, updated_at, version, clock_start, respond_by, due_date, acknowledge_by, deadline_flags, subject_name, subject_email, closed_on, closed_due, extensions, pauses, purged_on"
    open="status IN ('new', 'awaiting-identity', 'in-progress')"
    echo "  sqlite3 shell, overdue:      $(timed sqlite3 -json "$DSAR_DB" "SELECT $cols FROM cases WHERE 1 AND $open AND (due_date < '2026-11-20') ORDER BY due_date, year, seq")"
    echo "  sqlite3 shell, due within 7: $(timed sqlite3 -json "$DSAR_DB" "SELECT $cols FROM cases WHERE 1 AND $open AND (due_date BETWEEN '2026-11-20' AND '2026-11-27') ORDER BY due_date, year, seq")"
    echo "list (all open) --json:        $(timed $bin list --json)"
    echo "show (50 events) --json:       $(timed $bin show "$id" --json)"
    echo "search 王芳 --json:            $(timed $bin list --status all --search 王芳 --limit 100 --json)"
    echo "search olivia --json:          $(timed $bin list --status all --search olivia --limit 100 --json)"
    echo "search R-2026-0042 --json:     $(timed $bin list --status all --search R-2026-0042 --limit 100 --json)"
    echo "report --json:                 $(timed $bin report --json)"
    echo "audit verify:                  $(timed $bin audit verify)"
    echo "tui:                           $(tui)"

    # A new holiday year for the China calendar: every case's deadlines are recomputed.
    mkdir -p "$work/calendars"
    printf 'id = "cn"\nname = "Mainland China"\n[years.2027]\nholidays = [{ date = "2027-01-01", name = "New Year" }]\nmakeup = []\n' > "$work/calendars/cn.toml"
    echo "recompute after a calendar change: $( { /usr/bin/time -f "%e s" $bin list --limit 1 >/dev/null; } 2>&1 | grep -v recomputing | tail -n 1)"

    # Import: a 10,000-message mbox (new requests, replies, repeats) into this database.
    python3 - "$work/import.mbox" <<'PY'
import random, sys
random.seed(1)
subjects = ["Please delete my data", "Access request", "请删除我的个人信息", "申请注销账户", "Copy of my data", "Hello"]
bodies = ["Please erase all personal data you hold about me.", "您好，请删除我的账户和个人信息。", "I would like a copy of my data.", "Just a question."]
with open(sys.argv[1], "w") as f:
    for i in range(10000):
        f.write(f"From sender{i}@example.com Mon Nov 16 10:00:00 2026\n")
        f.write(f"From: Person {i} <person{i}@example.com>\nSubject: {random.choice(subjects)}\n"
                f"Date: Mon, 16 Nov 2026 10:{i % 60:02d}:00 +0000\nMessage-ID: <m{i}@example.com>\n\n{random.choice(bodies)}\n\n")
PY
    echo "import 10,000-message mbox:    $( { /usr/bin/time -f "%e s, peak RSS %M KB" $bin import --regime gdpr "$work/import.mbox" >/dev/null; } 2>&1 | tail -n 1)"

    if [ "${EXTRA:-0}" = 1 ]; then
        echo "export --format csv:           $(timed $bin export --format csv)"
        echo "export --format json:          $(timed $bin export --format json)"
        echo "backup:                        $(timed sh -c "rm -f $work/backup.db && $bin backup $work/backup.db")"
        echo "check:                         $(timed $bin check)"
        echo "purge --dry-run (all closed):  $(timed $bin purge --closed-before 2026-11-20 --dry-run)"
        closed=$($bin report --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["closed"])')
        echo "purge ($closed closed cases, one run): $( { /usr/bin/time -f "%e s, peak RSS %M KB" $bin purge --closed-before 2026-11-20 >/dev/null; } 2>&1 | tail -n 1)"
    fi
    rm -rf "$work"
done
