#!/usr/bin/env bash
# Installs the programs folio is compared with in benches/harness/run.sh. Not run by CI: the
# peers are only needed to measure, and the Rust ones take a long while to build on 2 cores.
#
#   bash benches/harness/install-peers.sh            # everything
#   PEERS_ROOT=/opt/peers bash benches/harness/install-peers.sh
#
# The Rust peers go to ${PEERS_ROOT:-/work/peers}/bin; run.sh looks there (and on PATH).
# Builds run under `nice` so they yield to other work on the machine. A peer that fails to
# build is reported and skipped; run.sh skips peers that are missing.
set -uo pipefail

root=${PEERS_ROOT:-/work/peers}
log() { printf 'install-peers: %s\n' "$*" >&2; }

if command -v apt-get >/dev/null 2>&1; then
    log "apt: hyperfine pandoc less (and time for /usr/bin/time -v)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine pandoc less time >/dev/null \
        || log "apt-get install failed"
fi

# One crate at a time, so a failure leaves the others installed.
# md-tui's binary is called mdt.
for crate in mdcat treemd md-tui; do
    log "cargo install --locked $crate --root $root"
    if command -v "$root/bin/${crate/md-tui/mdt}" >/dev/null 2>&1; then
        log "$crate: already there"
    elif nice -n 19 cargo install --locked "$crate" --root "$root"; then
        log "$crate: installed"
    elif log "$crate: --locked failed; trying with fresh dependency versions" &&
        nice -n 19 cargo install "$crate" --root "$root"; then
        # md-tui 0.11.2's lock file pins a webpki-roots that the registry no longer serves.
        log "$crate: installed (without --locked)"
    else
        log "$crate: FAILED to build (see the output above); skipped"
    fi
done

log "installed:"
ls -l "$root/bin" 2>/dev/null >&2
