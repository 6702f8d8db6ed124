# syntax=docker/dockerfile:1
# The gateway: official nginx (Debian) + Debian's Leaflet + the static web page + the gateway template.
# The image's entrypoint fills /etc/nginx/templates/*.template with envsubst at start (only the
# variables NGINX_ENVSUBST_FILTER names, so nginx's own $variables stay intact).
# Build context: the repository root.
ARG NGINX_IMAGE=nginx:1.27-bookworm
FROM ${NGINX_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libjs-leaflet \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/conf.d/default.conf
COPY nginx/static/ /usr/share/mapposter/static/
COPY nginx/mapposter.conf.template /etc/nginx/templates/default.conf.template
ENV NGINX_ENVSUBST_FILTER="^(LISTEN_PORT|API_UPSTREAM|S3_UPSTREAM|STATIC_ROOT|LEAFLET_ROOT|TILE_URL|TILE_ORIGIN|TILE_ATTRIBUTION|GENERATE_RATE|GENERATE_BURST)$" \
    LISTEN_PORT=80 \
    API_UPSTREAM=api:8000 \
    S3_UPSTREAM=minio:9000 \
    STATIC_ROOT=/usr/share/mapposter/static \
    LEAFLET_ROOT=/usr/share/javascript/leaflet \
    TILE_URL="https://tile.openstreetmap.org/{z}/{x}/{y}.png" \
    TILE_ORIGIN="https://tile.openstreetmap.org" \
    TILE_ATTRIBUTION="© OpenStreetMap contributors" \
    GENERATE_RATE=10r/m \
    GENERATE_BURST=5
EXPOSE 80
HEALTHCHECK --interval=15s --timeout=5s --retries=3 CMD curl -fsS http://127.0.0.1/healthz || exit 1
