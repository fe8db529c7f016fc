# syntax=docker/dockerfile:1
#
# klantbeeld-gateway: a multi-stage build. The first stage compiles the
# release binary (rustls, so no OpenSSL at run time); the second is
# distroless: glibc and the binary, no shell, no package manager, user
# nonroot (65532). Build and run: README.md, "Container and Kubernetes".

ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-bookworm AS build
WORKDIR /build
# The image is the production build: without the default feature
# `embedded-sandbox`, so it holds no sandbox code (a configuration with
# sandbox.enabled = true is refused at start).
ARG CARGO_FLAGS="--release --locked --no-default-features --bin klantbeeld-gateway"
# The dependencies first, in a layer of their own: it is rebuilt only when a
# Cargo.toml or Cargo.lock changes, not with every change of the sources.
# The workspace also names the sandbox and bench crates, and Cargo.toml the
# example subscribers, none of which this build compiles: their manifests
# and empty sources stand in for them.
COPY Cargo.toml Cargo.lock ./
COPY sandbox/Cargo.toml sandbox/
COPY bench/Cargo.toml bench/
RUN mkdir -p src sandbox/src bench/src examples \
 && echo 'fn main() {}' > src/main.rs \
 && echo 'fn main() {}' > bench/src/main.rs \
 && echo 'fn main() {}' > examples/subscribers.rs \
 && touch src/lib.rs sandbox/src/lib.rs \
 && cargo build ${CARGO_FLAGS} \
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
 && cargo build ${CARGO_FLAGS} \
 && cp target/release/klantbeeld-gateway /klantbeeld-gateway

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /klantbeeld-gateway /usr/local/bin/klantbeeld-gateway
# The production profile is /app/config.toml, read at start: tokens required
# (auth.mode = "jwt"), no sandbox, listening on 0.0.0.0:8080 (the development
# profile refuses a non-loopback address). Set the identity provider and the
# registers with KLANTBEELD__… variables, or mount a configuration of your
# own over it (see deploy/).
WORKDIR /app
COPY deploy/config.production.toml /app/config.toml
EXPOSE 8080
USER nonroot:nonroot
# The image has no curl: the binary asks its own /healthz.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["/usr/local/bin/klantbeeld-gateway", "health"]
ENTRYPOINT ["/usr/local/bin/klantbeeld-gateway"]
CMD ["serve"]
