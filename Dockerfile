# Multi-stage build of Suivi's three executables: suivi, suivi-decider, suivi-projector.
#
#   docker build -t suivi:latest .        (docker compose builds it as the `migrate` service's image)
#
# Build stage: the official Swift image on Debian bookworm, the platform ops/ supports. Bookworm's
# librdkafka is 2.0.2, too old (Suivi needs >= 2.3), so the stage builds Debian's own 2.8.0 source
# into /usr/local with the very function ops/stack uses (ops/lib/install.sh, install_librdkafka).
# Runtime stage: slim Debian trixie, whose librdkafka1 is that same 2.8.0, and libpq5. The Swift
# runtime is linked statically, so the image needs no Swift toolchain.
#
# No Docker engine runs on the development machines: ops/image-check runs this file's build steps
# there (same install function, same swift build flags, then ldd of the binaries against the
# runtime stage's packages); see ops/RUNBOOK.md, "The container image".
ARG SWIFT_VERSION=6.3
FROM swift:${SWIFT_VERSION}-bookworm AS build
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq-dev pkg-config ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY ops/lib ./ops/lib
# install_librdkafka adds a deb-src-only trixie entry, `apt-get source librdkafka=2.8.0-1`,
# ./configure --prefix=/usr/local && make && make install && ldconfig.
RUN bash -c 'source ops/lib/install.sh && install_librdkafka' \
    && rm -rf /usr/local/src/suivi-librdkafka /var/lib/apt/lists/*
COPY Package.swift VERSION ./
COPY Plugins ./Plugins
COPY Sources ./Sources
# The build context has no .git: the commit comes as a build argument (ops/RUNBOOK.md, "Releases":
# docker build --build-arg SUIVI_COMMIT="$(git rev-parse --short=12 HEAD)"), written where the
# build-info plugin looks when git cannot answer.
ARG SUIVI_COMMIT=unknown
RUN printf '%s\n' "${SUIVI_COMMIT}" >COMMIT \
    && swift build -c release --static-swift-stdlib \
    && mkdir /out \
    && bin="$(swift build -c release --static-swift-stdlib --show-bin-path)" \
    && cp "$bin/suivi" "$bin/suivi-decider" "$bin/suivi-projector" /out/ \
    && strip /out/*

# Runtime: the two C libraries and CA certificates (for TLS to Kafka and PostgreSQL) only.
FROM debian:trixie-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 librdkafka1 ca-certificates \
    && dpkg --compare-versions "$(dpkg-query -W -f='${Version}' librdkafka1)" ge 2.3 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --no-create-home --shell /usr/sbin/nologin suivi \
    && mkdir -p /run/suivi
COPY --from=build /out/ /usr/local/bin/
# Fails the build when the binaries miss a library of this stage.
RUN /usr/local/bin/suivi --version && ! ldd /usr/local/bin/suivi* | grep -q 'not found'
USER suivi
ENTRYPOINT ["/usr/local/bin/suivi"]
CMD ["--help"]
