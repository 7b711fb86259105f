#!/bin/bash
# build.sh COMMIT OUT.jar: the engine jar of COMMIT with worker-timing.patch applied (a throw-away worktree).
# The patch makes each worker print, every 250 rollouts, its game steps and the nanoseconds spent in env.step
# (emulator and preprocessing) and in whole rollouts (so the network and the rest is the difference).
set -euo pipefail
commit=$1 out=$(realpath -m "$2")
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
tree=$(mktemp -d /tmp/worker-split-XXXX)
git -C "$repo" worktree add -q --detach "$tree" "$commit"
trap 'git -C "$repo" worktree remove --force "$tree"' EXIT
git -C "$tree" apply "$here/worker-timing.patch"
(cd "$tree" && JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH mvn -B -q -ntp -o -DskipTests package)
cp "$tree/engine/target/engine.jar" "$out"
