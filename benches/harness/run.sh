#!/usr/bin/env bash
# folio's performance harness: generates the corpora, then times folio and its peers.
#
#   bash benches/harness/run.sh [--quick] [--no-export] [--no-frames] [--no-keys]
#
# Environment (all optional):
#   FOLIO=path/to/folio          default target/release/folio (built if missing)
#   BENCH_DIR=/tmp/folio-bench   corpora and results go here (never into the repo)
#   PEERS_BIN=/work/peers/bin    where install-peers.sh put mdcat, treemd and mdt
#   INDEX_MARKER=TEXT            text folio shows once the library index is complete;
#                                when set, `folio DIR` also reports when it appeared
#
# What it runs:
#   export   hyperfine: `folio export`, md2text (examples/md2text.rs), `mdcat -c` and, on
#            5 MB only, `pandoc -f gfm -t plain`, on 5, 10 and 50 MB of markdown; peak RSS of
#            each with /usr/bin/time -v; `folio list` of the 10k and 100k libraries.
#   frames   pty_time.py at 120x40: first frame of `folio DIR` (10k, 100k articles; marker:
#            a word of the first article's title, the top row of the list), `folio FILE`
#            (7 KB, 5, 10, 50 MB; marker: a word of the title), `less FILE`, `treemd FILE`,
#            `mdt FILE`; the peers' file pickers on the 10k library (treemd on the same
#            articles in one folder, as it shows no sub-folder's files; marker: the first
#            file name), and folio on that folder too.
#   keys     pty_time.py: latency of j, space, ] and G (from the top each time) in folio at
#            7 KB and 50 MB, and of the keys that do the same in less (j, space, G) and
#            treemd (ctrl-e, d, j = next heading, G) and mdt (j, d, G; 7 KB only).
# Peers that are not installed are skipped. Results (raw JSON and hyperfine tables) go to
# $BENCH_DIR/results-DATE/; the last thing printed is a markdown table of medians.
# --quick uses fewer runs (for checking the harness itself, not for numbers).
set -uo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
harness=$repo/benches/harness
FOLIO=${FOLIO:-$repo/target/release/folio}
BENCH_DIR=${BENCH_DIR:-/tmp/folio-bench}
PEERS_BIN=${PEERS_BIN:-/work/peers/bin}
export PATH=$PATH:$PEERS_BIN

do_export=1 do_frames=1 do_keys=1 quick=0
for arg in "$@"; do
    case $arg in
        --quick) quick=1 ;;
        --no-export) do_export=0 ;;
        --no-frames) do_frames=0 ;;
        --no-keys) do_keys=0 ;;
        *) echo "usage: run.sh [--quick] [--no-export] [--no-frames] [--no-keys]" >&2; exit 2 ;;
    esac
done
if ((quick)); then
    runs_small=2 runs_big=1 runs_huge=1 key_runs=1 key_count=5
else
    runs_small=10 runs_big=5 runs_huge=3 key_runs=3 key_count=30
fi

log() { printf '\n== %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------------------------------
# Tools

gen=$repo/target/release/examples/gen-corpus
md2text=$repo/target/release/examples/md2text
if [[ ! -x $gen || ! -x $md2text ]]; then
    log "building the examples (gen-corpus, md2text)"
    (cd "$repo" && cargo build --release --locked --example gen-corpus --example md2text) || exit 1
fi
if [[ ! -x $FOLIO ]]; then
    log "building folio"
    (cd "$repo" && cargo build --release --locked) || exit 1
fi
FOLIO=$(realpath "$FOLIO")
for tool in python3 hyperfine; do
    have "$tool" || { echo "run.sh: $tool is needed (see install-peers.sh)" >&2; exit 1; }
done

# ---------------------------------------------------------------------------------------
# Corpora, made when missing, and again when the generator changed

corpus=$BENCH_DIR/corpus
mkdir -p "$corpus"
stamp=$(cat "$repo/benches/corpus/mod.rs" "$repo/examples/gen-corpus.rs" | sha256sum | cut -c1-16)
if [[ $(cat "$corpus/.stamp" 2>/dev/null) != "$stamp" ]]; then
    rm -rf "${corpus:?}"/*
    echo "$stamp" >"$corpus/.stamp"
fi
generate() { # NAME GEN-ARGS...: generates $corpus/NAME unless it is there
    local name=$1
    shift
    [[ -e $corpus/$name ]] && return
    log "generating $corpus/$name"
    rm -rf "$corpus/.tmp-$name"
    "$gen" "$@" --out "$corpus/.tmp-$name" && mv "$corpus/.tmp-$name" "$corpus/$name" || exit 1
}
generate lib-10k --articles 10000
generate lib-100k --articles 100000
# The same 10,000 articles in one folder, for the peers' file pickers.
generate lib-10k-flat --articles 10000 --flat
for mb in 5 10 50; do generate "huge-$mb.md" --huge "$mb"; done
if [[ ! -e $corpus/article-7k.md ]]; then
    # The first markdown article of the library with a `# Title` line and 6.5 to 7.5 KB.
    for f in "$corpus"/lib-10k/0000/*.md; do
        size=$(stat -c %s "$f")
        if ((size >= 6500 && size <= 7500)) && head -1 "$f" | grep -q '^# '; then
            cp "$f" "$corpus/article-7k.md"
            break
        fi
    done
fi
lib10k=$corpus/lib-10k lib100k=$corpus/lib-100k flat10k=$corpus/lib-10k-flat
article=$corpus/article-7k.md

results=$BENCH_DIR/results-$(date +%Y%m%d-%H%M%S)
mkdir -p "$results" "$BENCH_DIR/home"
# Nobody's own configuration or reading state takes part.
export XDG_CONFIG_HOME=$BENCH_DIR/home/config XDG_STATE_HOME=$BENCH_DIR/home/state \
    XDG_CACHE_HOME=$BENCH_DIR/home/cache
{
    echo "folio: $FOLIO ($(cd "$repo" && git rev-parse --short HEAD 2>/dev/null))"
    echo "date: $(date -Is)  cpus: $(nproc)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
    for p in less hyperfine pandoc mdcat treemd mdt; do
        have "$p" && echo "$p: $("$p" --version 2>&1 | head -1)"
    done
} | tee "$results/versions.txt" >&2

# A word of an article's title (as folio reads it), for the pty markers: the longest
# word of four letters or more among the first 24 characters, which the list shows
# uncut. One word, since a full-screen program may skip spaces with cursor moves.
title_word() {
    local file=$1 title
    if (($(stat -c %s "$file") < 1000000)); then
        title=$("$FOLIO" export --format json "$file" |
            python3 -c 'import json,sys; print(json.load(sys.stdin)["title"] or "")')
    else
        title=$(head -c 4096 "$file" | sed -n 's/^# //p' | head -1)
    fi
    python3 - "$title" <<'EOF'
import re, sys
title = sys.argv[1]
words = re.findall(r"[A-Za-z]{4,}", title[:24]) or re.findall(r"[A-Za-z]{3,}", title)
print(max(words, key=len) if words else title.split()[0])
EOF
}

# ---------------------------------------------------------------------------------------
# Export throughput and memory

rss() { # LABEL CMD...: peak resident set size in MB, from GNU time
    local label=$1
    shift
    local kb
    kb=$(/usr/bin/time -v "$@" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p')
    printf '%s\t%s\n' "$label" "$((kb / 1024))" >>"$results/rss.tsv"
    printf '  peak RSS %-28s %6s MB\n' "$label" "$((kb / 1024))" >&2
}

if ((do_export)); then
    [[ -x /usr/bin/time ]] || log "no /usr/bin/time (apt-get install time): no peak RSS"
    for mb in 5 10 50; do
        file=$corpus/huge-$mb.md
        case $mb in 50) runs=$runs_big ;; *) runs=$runs_small ;; esac
        cmds=(-n "folio export $mb MB" "$FOLIO export $file"
            -n "md2text $mb MB" "$md2text $file")
        have mdcat && cmds+=(-n "mdcat -c $mb MB" "mdcat -c $file")
        log "export, $mb MB ($runs runs)"
        hyperfine -N --warmup 1 --runs "$runs" --export-json "$results/export-$mb.json" \
            --export-markdown "$results/export-$mb.md" "${cmds[@]}"
        if [[ $mb == 5 ]] && have pandoc; then
            log "export, 5 MB, pandoc (slow: 3 runs)"
            hyperfine -N --runs "$runs_huge" --export-json "$results/export-5-pandoc.json" \
                -n "pandoc gfm→plain 5 MB" "pandoc -f gfm -t plain $file"
        fi
        if [[ -x /usr/bin/time ]]; then
            rss "folio export $mb MB" "$FOLIO" export "$file"
            rss "md2text $mb MB" "$md2text" "$file"
            have mdcat && rss "mdcat -c $mb MB" mdcat -c "$file"
            [[ $mb == 5 ]] && have pandoc && rss "pandoc gfm→plain 5 MB" pandoc -f gfm -t plain "$file"
        fi
    done
    log "folio list (the whole index, without a terminal)"
    hyperfine -N --warmup 1 --runs "$runs_huge" --export-json "$results/list.json" \
        -n "folio list 10k" "$FOLIO list $lib10k" \
        -n "folio list 100k" "$FOLIO list $lib100k"
    if [[ -x /usr/bin/time ]]; then
        rss "folio list 100k" "$FOLIO" list "$lib100k"
    fi
fi

# ---------------------------------------------------------------------------------------
# First frames and key latency

pty() { # NAME PTY_TIME_ARGS... -- CMD...: writes $results/pty-NAME.json
    local name=$1
    shift
    log "pty: $name"
    python3 "$harness/pty_time.py" --json "$@" >"$results/pty-$name.json"
    python3 - "$results/pty-$name.json" <<'EOF' >&2
import json, sys
r = json.load(open(sys.argv[1]))
for metric, s in r["summaries"].items():
    if s["n"]:
        print(f"  {metric:<26} median {s['median']:9.2f} ms   p99 {s['p99']:9.2f} ms   n={s['n']}"
              + (f"  ({s['missing']} missing)" if s["missing"] else ""))
    else:
        print(f"  {metric:<26} no samples")
for e in r["errors"][:3]:
    print("  error:", e[:300])
EOF
}

if ((do_frames || do_keys)); then
    have mdcat && log "mdcat is not interactive: no first frame or keys for it"
    lib_marker=$(title_word "$(find "$lib10k" -type f | LC_ALL=C sort | head -1)")
    lib100k_marker=$(title_word "$(find "$lib100k" -type f | LC_ALL=C sort | head -1)")
    article_marker=$(title_word "$article")
    declare -A huge_marker
    for mb in 5 10 50; do huge_marker[$mb]=$(title_word "$corpus/huge-$mb.md"); done
    echo "markers: lib-10k '$lib_marker', lib-100k '$lib100k_marker', 7 KB '$article_marker'," \
        "huge '${huge_marker[5]}' '${huge_marker[10]}' '${huge_marker[50]}'" | tee -a "$results/versions.txt" >&2
fi

if ((do_frames)); then
    index=()
    [[ -n ${INDEX_MARKER:-} ]] && index=(--done-marker "$INDEX_MARKER")
    pty folio-dir-10k --runs "$runs_small" --marker "$lib_marker" "${index[@]}" \
        -- "$FOLIO" --no-state "$lib10k"
    pty folio-dir-100k --runs "$runs_huge" --timeout 600 --marker "$lib100k_marker" "${index[@]}" \
        -- "$FOLIO" --no-state "$lib100k"
    # The peers' folder views list file names, not titles, and show no sub-folder's files:
    # time them on the flat library, until the first file name shows (and folio there too).
    pty folio-dir-10k-flat --runs "$runs_small" --marker "$lib_marker" \
        -- "$FOLIO" --no-state "$flat10k"
    first_name=$(basename "$(find "$flat10k" -name '*.md' | LC_ALL=C sort | head -1)")
    have treemd && pty treemd-dir-10k-flat --runs "$runs_small" --timeout 120 \
        --marker "$first_name" -- treemd "$flat10k"
    # mdt lists the files under its working folder (sub-folders too), whatever it is given.
    have mdt && pty mdt-dir-10k --runs "$runs_small" --timeout 120 --cwd "$lib10k" \
        --marker "$first_name" -- mdt

    for which in 7k 5 10 50; do
        if [[ $which == 7k ]]; then
            file=$article marker=$article_marker runs=$runs_small
        else
            file=$corpus/huge-$which.md marker=${huge_marker[$which]}
            runs=$([[ $which == 50 ]] && echo "$runs_big" || echo "$runs_small")
        fi
        pty "folio-file-$which" --runs "$runs" --timeout 600 --marker "$marker" \
            -- "$FOLIO" --no-state "$file"
        pty "less-file-$which" --runs "$runs" --marker "$marker" -- less "$file"
        have treemd && pty "treemd-file-$which" --runs "$runs" --timeout 600 --marker "$marker" \
            -- treemd "$file"
        # mdt showed nothing within a minute on 5 MB: one try, a minute at most.
        if [[ $which == 7k ]]; then
            have mdt && pty "mdt-file-$which" --runs "$runs" --marker "$marker" -- mdt "$file"
        else
            have mdt && pty "mdt-file-$which" --runs 1 --warmup 0 --timeout 60 \
                --marker "$marker" -- mdt "$file"
        fi
    done
fi

if ((do_keys)); then
    # Keys that move (j), page (space), jump to the next section (]) and to the end (G);
    # the last three start from the top each time (g), so every press moves.
    keys=(--runs "$key_runs" --warmup 0 --key-count "$key_count")
    for which in 7k 50; do
        if [[ $which == 7k ]]; then
            file=$article marker=$article_marker
        else
            file=$corpus/huge-50.md marker=${huge_marker[50]}
        fi
        # folio shows a 50 MB article at once and reads the whole in the background; the keys
        # are timed once it is whole (before, G and ] wait for it, on purpose).
        settle=()
        [[ $which == 50 ]] && settle=(--settle-ms 15000)
        pty "folio-keys-$which" "${keys[@]}" "${settle[@]}" --timeout 600 --marker "$marker" \
            --keys 'j,space:g,]:g,G:g' -- "$FOLIO" --no-state "$file"
        pty "less-keys-$which" "${keys[@]}" --marker "$marker" \
            --keys 'j,space:g,G:g' -- less "$file"
        # treemd: ctrl-e scrolls a line, d pages, j moves to the next heading, G to the last.
        # At 50 MB treemd takes ~0.1 s a key and minutes in all: fewer presses there.
        tkeys=("${keys[@]}")
        [[ $which == 50 ]] && tkeys=(--runs 1 --warmup 0 --key-count 10)
        have treemd && pty "treemd-keys-$which" "${tkeys[@]}" --timeout 600 --marker "$marker" \
            --keys 'ctrl-e,d:g,j:g,G:g' -- treemd "$file"
        # mdt: j scrolls a line, d pages, G goes to the end.
        [[ $which == 7k ]] && have mdt && pty "mdt-keys-$which" "${keys[@]}" --marker "$marker" \
            --keys 'j,d:g,G:g' -- mdt "$file"
    done
fi

# ---------------------------------------------------------------------------------------
# The table of medians

log "summary (medians; results in $results)"
python3 - "$results" <<'EOF' | tee "$results/summary.md"
import glob, json, os, sys

results = sys.argv[1]
rss = {}
if os.path.exists(f"{results}/rss.tsv"):
    for line in open(f"{results}/rss.tsv"):
        label, mb = line.rstrip("\n").split("\t")
        rss[label] = mb
rows = []
def size_of(path):
    part = os.path.basename(path).split("-")[1].split(".")[0]
    return (int(part) if part.isdigit() else 0, path)
exports = sorted(glob.glob(f"{results}/export-*.json"), key=size_of)
for path in exports + glob.glob(f"{results}/list.json"):
    for r in json.load(open(path))["results"]:
        name = r["command"]
        rows.append((name, "wall time", r["median"] * 1000, max(r["times"]) * 1000,
                     rss.get(name, "")))
order = ["folio-dir", "treemd-dir", "mdt-dir", "folio-file", "less-file", "treemd-file",
         "mdt-file", "folio-keys", "less-keys", "treemd-keys", "mdt-keys"]
def rank(path):
    name = os.path.basename(path)[4:-5]
    prefix = next((i for i, p in enumerate(order) if name.startswith(p)), len(order))
    size = name.rsplit("-", 1)[-1]
    sizes = ["10k", "100k", "flat", "7k", "5", "10", "50"]
    return (prefix, sizes.index(size) if size in sizes else 9)
for path in sorted(glob.glob(f"{results}/pty-*.json"), key=rank):
    name = os.path.basename(path)[4:-5]
    r = json.load(open(path))
    for metric, s in r["summaries"].items():
        if "keys" in name and metric in ("first_frame",):
            continue
        what = metric.replace("first_frame", "first frame").replace("done_marker", "index done")
        if s["n"]:
            rows.append((name, what, s["median"], s["p99"], ""))
        else:
            rows.append((name, what, None, None, ""))
print("| what | metric | median ms | p99/max ms | peak RSS MB |")
print("|---|---|---:|---:|---:|")
for name, what, median, worst, mem in rows:
    m = "n/a" if median is None else f"{median:.2f}"
    w = "n/a" if worst is None else f"{worst:.2f}"
    print(f"| {name} | {what} | {m} | {w} | {mem} |")
print()
print("p99/max: p99 for pty timings, the slowest run for hyperfine timings.")
EOF
