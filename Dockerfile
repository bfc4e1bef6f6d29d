# One image for every Mixdesk process of the scaled deployment (compose.yaml): the web server
# (`npm start`), workers (`npm run worker`), `npm run db:migrate` and `npm run admin`.
# Downloads at build time: Debian packages, the npm registry, and whatever `prisma generate` and
# `next build` fetch themselves; better-sqlite3 is compiled here instead of fetching a prebuilt binary.

FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# Native modules from source against this Node's own headers (no prebuilt or header downloads).
ENV npm_config_build_from_source=true \
    npm_config_nodedir=/usr/local \
    NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json .npmrc ./
# Dev dependencies stay: the worker, admin and migrate commands run TypeScript through tsx.
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run db:generate
# The build reads no database and no secret; these only satisfy lib/env.ts's validation.
RUN DATABASE_URL=postgresql://build@127.0.0.1:5432/build \
    AUTH_SECRET=build-time-secret-not-used-at-run-time-0123456789 \
    NEXTAUTH_URL=http://localhost:3000 \
    npx next build

FROM node:20-bookworm-slim
WORKDIR /app
# ffmpeg/ffprobe for every engine; pocketsphinx for offline English extract-text.
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
     ffmpeg pocketsphinx pocketsphinx-en-us ca-certificates tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    DATA_DIR=/app/data \
    PORT=3000
# Owned by the unprivileged user: the web server (Next.js) writes its cache under .next, the app its work files
# under data/, and a named volume mounted on /app/models starts with this owner (compose.yaml
# shares one for ONNX models).
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /app/data /app/models && chown node:node /app/data /app/models
USER node
EXPOSE 3000
# tini passes SIGTERM on to npm and its child, so workers hand their jobs back on `docker stop`.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["npm", "start"]
