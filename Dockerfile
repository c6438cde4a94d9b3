# Multi-stage build of Suivi's three executables.
#   docker build -t suivi .
# Build: the official Swift image with libpq and a librdkafka >= 2.3 (Debian trixie ships 2.8).
FROM swift:6.1-noble AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev librdkafka-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib \
    && mkdir /out \
    && cp "$(swift build -c release --show-bin-path)"/suivi* /out/

# Runtime: slim Debian with the two C libraries only.
FROM debian:trixie-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 librdkafka1 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --no-create-home suivi
COPY --from=build /out/ /usr/local/bin/
USER suivi
ENTRYPOINT ["/usr/local/bin/suivi"]
CMD ["--help"]
