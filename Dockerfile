# OK-S3 server image; Cassandra runs in its own container (docker-compose.yml).
# Node 24, the current LTS: Node 20 reached its end of life in April 2026 and the AWS SDK for
# JavaScript needs Node >= 22 from January 2027. The code also runs on 20.19+ (this dev machine, CI).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The web console is bundled at build time (esbuild); the image serves the built files only.
COPY console ./console
COPY scripts/build-console.mjs ./scripts/
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production OKS3_DATA_DIR=/data OKS3_PORT=5000
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
VOLUME /data
EXPOSE 5000
USER node
CMD ["node", "--enable-source-maps", "dist/main.js"]
