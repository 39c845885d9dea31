# The image of the `worker` and `api` services in docker-compose.yml (and of its `migrate` job).
# TypeScript runs through tsx, as in development; the staff console is built here into admin-ui/dist.

# ---- build: all dependencies, then the console ----
FROM node:24-slim AS build
WORKDIR /app
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY admin-ui/ admin-ui/
RUN npx vite build --config admin-ui/vite.config.ts

# ---- runtime: production dependencies (tsx and the Temporal SDK are among them) and the sources ----
FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY tsconfig.json ./
COPY activities/ activities/
COPY api/ api/
COPY db/ db/
COPY infra/ infra/
COPY rules/ rules/
# the operator command of docs/production.md (`docker compose run --rm api npm run admin -- …`)
COPY scripts/admin.ts scripts/admin.ts
COPY worker/ worker/
COPY workflows/ workflows/
COPY --from=build /app/admin-ui/dist admin-ui/dist
# The workflows bundled once, here: the worker loads this file instead of running webpack at each
# start (seconds, and about 200 MB of the worker's memory: docs/benchmarks.md, Footprint).
COPY scripts/bundle-workflows.ts scripts/bundle-workflows.ts
RUN node --import tsx scripts/bundle-workflows.ts worker/dist/workflow-bundle.js
ENV WORKFLOW_BUNDLE_PATH=/app/worker/dist/workflow-bundle.js
USER node
# docker-compose.yml picks the process: worker/main.ts, api/main.ts or db/migrate.ts.
# `node --import tsx` is `npx tsx` in one process: the container's SIGTERM reaches our handler
# directly (npm exec runs the command through sh, which does not pass SIGTERM on).
CMD ["node", "--import", "tsx", "api/main.ts"]
