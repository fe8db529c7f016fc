#!/usr/bin/env bash
# The klantbeeld benchmarks in one command (README, "Benchmarks"): builds the
# gateway and the bench in release mode once, then runs the whole suite, which
# starts the sandbox, the gateway and Hive Gateway itself on loopback ports and
# writes bench/results/<date>.md, .json and latest.md. Options go to
# `klantbeeld-bench all` (see `--help`), e.g. `bench/run.sh --no-mesh`.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --workspace --bins
exec target/release/klantbeeld-bench all "$@"
