# The API and the portal in one image; PostgreSQL runs beside it (see docker-compose.yml).
FROM node:24-bookworm-slim
WORKDIR /app
# LibreOffice Writer and fonts for PDF export; the rest of the product needs nothing from apt.
RUN apt-get update && apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-liberation2 \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY api/package.json api/package.json
COPY portal/package.json portal/package.json
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:portal
# The product runs as the image's unprivileged `node` user; its data folder (the serving database
# role's generated password, see docs/ARCHITECTURE.md) is a volume it owns.
RUN mkdir -p /data && chown node:node /data
ENV HOST=0.0.0.0 PORT=4000 NODE_ENV=production KEHOACH_DATA_DIR=/data
USER node
VOLUME /data
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:4000/readyz').then(r => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))"
CMD ["node", "--import", "tsx", "api/src/main.ts"]
