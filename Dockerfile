# syntax=docker/dockerfile:1
#
# klantbeeld-gateway: a multi-stage build. The first stage compiles the
# release binary (rustls, so no OpenSSL at run time); the second is
# distroless: glibc and the binary, no shell, no package manager, user
# nonroot (65532). Build and run: README.md, "Container and Kubernetes".

ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-bookworm AS build
WORKDIR /build
# The dependencies first, in a layer of their own: it is rebuilt only when
# Cargo.toml or Cargo.lock change, not with every change of the sources.
# Cargo.toml also names the benchmark binary (bench/src/main.rs), which the
# image does not need: an empty main stands in for it, and only the gateway
# is built.
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src bench/src \
 && echo 'fn main() {}' > src/main.rs \
 && echo 'fn main() {}' > bench/src/main.rs \
 && touch src/lib.rs \
 && cargo build --release --locked --bin klantbeeld-gateway \
 && rm -rf src
COPY src ./src
# Compiled into the binary: the default configuration, GraphiQL's query, the
# playground's vendored files (GraphiQL, React, graphql-ws: no Node, no CDN), and
# the sandbox's BRP test persons and field paths.
COPY config.toml ./
COPY queries ./queries
COPY assets ./assets
COPY specs ./specs
RUN touch src/main.rs src/lib.rs \
 && cargo build --release --locked --bin klantbeeld-gateway \
 && cp target/release/klantbeeld-gateway /klantbeeld-gateway

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /klantbeeld-gateway /usr/local/bin/klantbeeld-gateway
# A config.toml mounted here is read at start; without one the built-in
# default runs (gateway plus embedded sandbox: a demo, not production).
WORKDIR /app
# Inside a container the gateway must listen beyond loopback.
ENV KLANTBEELD__SERVER__LISTEN=0.0.0.0:8080
EXPOSE 8080
USER nonroot:nonroot
# The image has no curl: the binary asks its own /healthz.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["/usr/local/bin/klantbeeld-gateway", "health"]
ENTRYPOINT ["/usr/local/bin/klantbeeld-gateway"]
CMD ["serve"]
