# The web app. Build from the repository root: docker compose build app
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
COPY gpu-sidecar/package.json gpu-sidecar/package.json
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY scripts/prisma.mjs ./scripts/prisma.mjs
# The sidecar has its own image; the app needs only the root packages. The image's npm 10 ignores
# package.json's allowScripts, so onnxruntime-node (an optional dependency of LanceDB's) is told here
# not to fetch CUDA libraries the app never loads.
RUN ONNXRUNTIME_NODE_INSTALL=skip npm ci --workspaces=false --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
COPY --from=build /app ./
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["sh", "-c", "npm run db:migrate && npm start"]
