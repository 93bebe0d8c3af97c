# Multi-stage build: the web UI, then a static Go binary, then a minimal non-root image.
FROM node:20-bookworm-slim AS ui
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=ui /src/frontend/dist ./frontend/dist
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/formloom ./server && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/formloom /formloom
COPY --from=build --chown=65532:65532 /out/data /data
ENV FORMLOOM_ADDR=:8080 FORMLOOM_DATA_DIR=/data
EXPOSE 8080
VOLUME /data
USER nonroot:nonroot
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 CMD ["/formloom", "healthcheck"]
ENTRYPOINT ["/formloom"]
