# rollgate as a service. The image installs the release artifact, the `npm pack` tarball, never the sources:
#   npm pack && docker build --build-arg TARBALL=rollgate-0.1.0.tgz -t rollgate .
# Docker cannot run where rollgate is developed, so CI runs this file's install step (scripts/docker-install.sh), its
# settings and its health check on the tarball without Docker: scripts/package-check.sh. See docs/deploy.md.

# Build stage: the toolchain better-sqlite3 needs when no prebuilt binary can be downloaded.
FROM node:20-bookworm-slim AS install
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
ARG TARBALL=rollgate.tgz
COPY ${TARBALL} /tmp/rollgate.tgz
COPY scripts/docker-install.sh /tmp/docker-install.sh
RUN /tmp/docker-install.sh /tmp/rollgate.tgz /opt/rollgate

# Run stage: Node 20 slim, the installed package only, a non-root user, the SQLite file on a volume.
FROM node:20-bookworm-slim
COPY --from=install /opt/rollgate /opt/rollgate
RUN groupadd --system rollgate \
  && useradd --system --gid rollgate --home-dir /data --shell /usr/sbin/nologin rollgate \
  && mkdir -p /data \
  && chown rollgate:rollgate /data
# MALLOC_ARENA_MAX: glibc's malloc keeps an arena per thread (the reader, comparator and decoder threads): two arenas
# held the broker's peak memory at 506-523 MB under the 150,000-version load, 517-623 MB without (docs/operations.md).
ENV PATH=/opt/rollgate/bin:$PATH \
  NODE_ENV=production \
  MALLOC_ARENA_MAX=2 \
  ROLLGATE_HOST=0.0.0.0 \
  ROLLGATE_PORT=9292 \
  ROLLGATE_DATABASE=/data/rollgate.db
USER rollgate
WORKDIR /data
VOLUME ["/data"]
EXPOSE 9292
# The heartbeat is public (no credentials) and answers without touching the database.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "require('node:http').get('http://127.0.0.1:'+(process.env.ROLLGATE_PORT||9292)+'/diagnostic/status/heartbeat',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"]
ENTRYPOINT ["rollgate"]
CMD ["serve"]
