# syntax=docker/dockerfile:1
# Multi-stage: build with dev dependencies, run with production dependencies only, as a non-root user.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the build runs below, once the sources are there.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY config ./config
# The image runs against DATABASE_URL; the embedded server is for a developer's machine.
RUN mkdir -p /app/data/mail && chown -R node:node /app/data
USER node
VOLUME ["/app/data"]
# The worker's heap budget (docs/operations.md#memory): it holds about 30 MB live; without a limit V8 lets
# the heap grow towards its default ceiling before collecting. Override with -e NODE_OPTIONS=...
ENV NODE_OPTIONS="--max-old-space-size=256"
# Healthy while a cycle succeeded in the last 5 minutes, the feeds mostly answer and no alert waits over an hour
# (thresholds: `tailwatch status --help`). Any replica may run it: it reads the shared database.
HEALTHCHECK --interval=60s --timeout=20s --start-period=3m --retries=3 CMD ["sh", "-c", "node bin/tailwatch.js status > /dev/null || exit 1"]
# --no-memory-reducer (not allowed in NODE_OPTIONS, so here): V8 does not shrink the heap while the worker
# waits for its next poll, which otherwise makes each 30 s-spaced cycle ~25% slower (docs/operations.md#memory).
ENTRYPOINT ["node", "--no-memory-reducer", "bin/tailwatch.js"]
CMD ["run"]
