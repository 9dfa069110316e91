# The production image: compiled server (and web UI when present), production dependencies only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN node scripts/build.js --force && (test ! -f scripts/build-web.js || node scripts/build-web.js)

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# Each process (API, worker, migrate) lives on ~60-80 MB of heap. Without a cap V8 grows the heap
# lazily toward its default limit under sustained load and holds the pages; this keeps an API at
# ~200 MB RSS under load. `npm run bench` runs its API and worker with the same options.
ENV NODE_OPTIONS="--max-old-space-size=192"
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/web/dis[t] ./apps/web/dist
USER node
EXPOSE 3000
# V8 flags of scripts/node-flags.js: V8 takes them only on the command line.
CMD ["node", "--no-memory-reducer", "--enable-source-maps", "dist/apps/api/src/main.js"]
