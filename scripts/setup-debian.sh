#!/usr/bin/env bash
# Installs Tengen's build dependencies from Debian 12's archive (by package name) and builds
# Release into ./build. Safe to run again: apt-get and the build are incremental.
# Usage: scripts/setup-debian.sh            (as root, or with sudo available)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  g++ cmake ninja-build pkg-config      # toolchain
  libboost-program-options-dev          # command line of every subcommand
  libarchive-dev                        # .tar.gz / .tar.bz2 / .zip game archives, read in place
  libzstd-dev                           # compressed dataset shards
  nlohmann-json3-dev                    # weights-file headers and metadata (safetensors JSON)
  libssl-dev                            # SHA-256 of weights files
  libabsl-dev                           # Abseil: Swiss-table hash maps (pattern dictionaries, harvest counts)
  libtorch-dev                          # the networks (CPU libtorch 1.13)
  libgloo-dev                           # Gloo headers: data-parallel training over libtorch c10d
  gnuplot-nox                           # training curves as PNG
  graphviz                              # scripts/library-graph.sh: docs/images/libraries.svg
  libgtest-dev                          # the test suite
  gnugo                                 # the independent rules oracle of the tests, sparring partner
  python3                               # scripts/match.py (matches between GTP engines), the man page (scripts/make-manpage.py)
  dpkg-dev man-db                       # the .deb's Depends (dpkg-shlibdeps), `man -l` of the man page (tests/cli/)
  xvfb xdotool imagemagick              # tests/gui/: a private X server, clicks and keys, screenshots
  liblizzie-java default-jre            # tests/gui/lizzie_test.sh: Debian's Lizzie 0.7.4 and a Java with X11
  qgo                                   # tests/gui/qgo_test.sh: qGo 2.1 playing against genmove
  clang libclang-rt-14-dev              # tests/fuzz/: libFuzzer harnesses (fuzz_smoke)
  python3-optuna python3-matplotlib python3-sklearn  # scripts/tune.py: the study, its plots, parameter importance
)

# Node and npm run the test that drives Tengen with Sabaki's GTP client; any install will do.
if ! command -v npm >/dev/null 2>&1; then PACKAGES+=(nodejs npm); fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j "$(nproc)"
echo "setup: built build/tengen" >&2
