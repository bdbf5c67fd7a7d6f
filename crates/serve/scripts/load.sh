#!/usr/bin/env bash
# Load test of `dossier serve` with wrk, on loopback: builds the release
# binary, makes the demo knowledge base (`dossier demo --no-serve`), starts
# the server on a free port, runs wrk against the profile JSON and the
# events as GeoJSON, and stops the server. The figures go to BENCHMARKS.md
# ("Serve (wrk)") by hand.
#
#   crates/serve/scripts/load.sh                 # builds first
#   crates/serve/scripts/load.sh --no-build      # uses target/release/dossier as it is
#   DURATION=15s CONNECTIONS=32 THREADS=2 crates/serve/scripts/load.sh
#   DOSSIER_BIN=/elsewhere/dossier crates/serve/scripts/load.sh --no-build   # another build
#
# Needs wrk (`apt-get install -y wrk`) and curl.
set -euo pipefail
cd "$(dirname "$0")/../../.."

BUILD=1
for arg in "$@"; do
    case "$arg" in
        --no-build) BUILD=0 ;;
        -h | --help)
            sed -n '2,13p' "$0"
            exit 0
            ;;
        *)
            echo "load.sh: unknown argument $arg" >&2
            exit 2
            ;;
    esac
done

DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
TARGET=${CARGO_TARGET_DIR:-target}
BIN=${DOSSIER_BIN:-$TARGET/release/dossier}

for tool in wrk curl; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "load.sh: $tool is missing (apt-get install -y $tool)" >&2
        exit 1
    fi
done

if [ "$BUILD" = 1 ]; then
    cargo build --release -p dossier
fi
[ -x "$BIN" ] || {
    echo "load.sh: no $BIN; run without --no-build" >&2
    exit 1
}

WORK=$(mktemp -d)
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then
        kill "$SERVER" 2>/dev/null || true
        wait "$SERVER" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

DB="$WORK/dossier-demo.db"
"$BIN" --db "$DB" demo --no-serve >"$WORK/demo.log"
head -n 1 "$WORK/demo.log"

# A free port: bind 0 in the kernel's eyes, read it back, let it go.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
    echo 18080)
"$BIN" --db "$DB" serve --addr "127.0.0.1:$PORT" 2>"$WORK/serve.log" &
SERVER=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
    if curl -sf -o /dev/null "$BASE/api/actors"; then break; fi
    sleep 0.1
done
curl -sf -o /dev/null "$BASE/api/actors" || {
    echo "load.sh: the server did not start:" >&2
    cat "$WORK/serve.log" >&2
    exit 1
}

# Cache misses: every actor's profile once (distinct URLs, so none is
# answered from the cache), one after another over one connection.
mapfile -t KEYS < <(curl -sf "$BASE/api/actors" | grep -o '"key": *"[^"]*"' | cut -d'"' -f4 | sort -u)
URLS=()
for k in "${KEYS[@]}"; do URLS+=(-o /dev/null "$BASE/api/actors/$k"); done
echo "misses: ${#KEYS[@]} profiles (GET /api/actors/KEY, each once), sequential:"
curl -s -w '%{time_total}\n' "${URLS[@]}" |
    awk '{ t += $1; if ($1 > m) m = $1 } END { printf "  total %.1f ms, mean %.2f ms, slowest %.2f ms\n", t * 1000, t * 1000 / NR, m * 1000 }'

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for path in "/api/actors/iskp" "/api/events?format=geojson"; do
    bytes=$(curl -sf "$BASE$path" | wc -c)
    echo
    echo "== GET $path ($bytes bytes) =="
    # Warm up (connections, caches), then measure.
    wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "$BASE$path" >/dev/null
    echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency $BASE$path"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE$path"
done
