#!/usr/bin/env bash
# Whole-process measurements of the release binary on a demo database.
# Usage: bash tests/bench/measure.sh [CASES] [RUNS]   (default 100000 cases, 7 runs)
# Prints the median (min–max) wall time of each command, and sizes.
set -euo pipefail
cd "$(dirname "$0")/../.."
cases=${1:-100000}
runs=${2:-7}
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/dsar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DSAR_DB=$work/bench.db DSAR_CONFIG=$work/config.toml DSAR_USER=bench DSAR_NOW=2026-11-20T09:00:00Z

# Runs "$@" $runs times; prints "median s (min–max)" of the wall time.
timed() {
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -n 1
    done | python3 -c '
import statistics, sys
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
t = [r[0] for r in rows]; m = max(r[1] for r in rows)
print(f"{statistics.median(t)*1000:.0f} ms ({min(t)*1000:.0f}–{max(t)*1000:.0f}), peak RSS {m/1024:.0f} MB")'
}

echo "demo --cases $cases:            $( { /usr/bin/time -f "%e s, peak RSS %M KB" $bin demo --cases "$cases" --seed 1 >/dev/null; } 2>&1 | tail -n 1)"
size=$(stat -c %s "$DSAR_DB")
echo "database:                      $((size / 1024 / 1024)) MB, $((size / cases)) bytes per case"
id=$($bin list --status all --limit 1 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
echo "list --json (open):            $(timed $bin list --json)"
echo "list --overdue --json:         $(timed $bin list --overdue --json)"
echo "list --due-within 7 --json:    $(timed $bin list --due-within 7 --json)"
echo "list --search 王芳 --json:      $(timed $bin list --status all --search 王芳 --json)"
echo "list --search ann --json:      $(timed $bin list --status all --search ann --json)"
echo "list --search R-2025-0042:     $(timed $bin list --status all --search R-2025-0042 --json)"
echo "show $id --json:      $(timed $bin show "$id" --json)"
echo "due --regime pipl:             $(timed $bin due --regime pipl --received 2026-11-02 --json)"
echo "audit verify:                  $(timed $bin audit verify)"
echo "report (all cases):            $(timed $bin report --json)"
echo "export --format csv:           $(timed $bin export --format csv)"
echo "export --format json:          $(timed $bin export --format json)"
echo "backup:                        $(timed sh -c "rm -f $work/backup.db && $bin backup $work/backup.db")"
echo "check:                         $(timed $bin check)"
echo "purge --dry-run (all closed):  $(timed $bin purge --closed-before 2026-11-20 --dry-run)"
# A database from before the search index: the next command indexes every case.
python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("DELETE FROM settings WHERE key = ?", ("search_index",)); c.commit()' "$DSAR_DB"
/usr/bin/time -o "$work/build-time" -f "%e s" $bin list --limit 1 >/dev/null 2>&1
echo "search index build (one run):  $(cat "$work/build-time")"
# A changed commitment makes the next command recompute every case's deadlines.
printf '[[commitments]]\nregime = "pipl"\ndays = 30\nunit = "calendar-days"\nstart = "receipt"\n' >> "$DSAR_CONFIG"
echo "recompute all (one run):       $( { /usr/bin/time -f "%e s" $bin list --limit 1 >/dev/null; } 2>&1 | tail -n 1)"

# Import: a 10,000-message mbox into the database above (one transaction per message).
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

# Replies: composing and queuing one (a whole process), then sending 200 to a
# local SMTP server (aiosmtpd on loopback, plain; the network is not measured).
printf '[organisation]\nname = "Bench Ltd"\nemail = "privacy@bench.example"\n' > "$DSAR_CONFIG"
echo "reply (render + queue):        $(timed $bin reply "$id" --template acknowledgement)"
ids=$($bin list --limit 200 --json | python3 -c 'import json,sys; print(" ".join(c["id"] for c in json.load(sys.stdin)))')
for case in $ids; do $bin reply "$case" >/dev/null; done
mkdir "$work/smtp"
/usr/bin/python3 tests/support/smtp_server.py --dir "$work/smtp" >"$work/smtp.port" 2>"$work/smtp.log" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
until [ -s "$work/smtp.port" ]; do sleep 0.1; done
printf '[smtp]\nhost = "localhost"\nport = %s\nsecurity = "plain"\n' "$(head -n 1 "$work/smtp.port")" >> "$DSAR_CONFIG"
pending=$($bin outbox list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
echo "outbox send ($pending replies):     $( { /usr/bin/time -f "%e s, peak RSS %M KB" $bin outbox send >/dev/null; } 2>&1 | tail -n 1), $(ls "$work/smtp" | grep -c '\.eml$') delivered"

# Last, as it erases: the retention purge of every closed case, then the chain.
closed=$($bin report --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["closed"])')
echo "purge ($closed closed cases, one run): $( { /usr/bin/time -f "%e s, peak RSS %M KB" $bin purge --closed-before 2026-11-20 >/dev/null; } 2>&1 | tail -n 1)"
echo "audit verify after the purge:  $(timed $bin audit verify)"
