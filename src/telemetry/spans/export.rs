//! The OTLP/HTTP exporter behind [`super::Spans`]: the OpenTelemetry SDK's
//! batch processor (a queue of at most 2048 finished spans and a thread of
//! its own that posts them in batches; a full queue drops spans, so a request
//! never waits for the collector) in front of `opentelemetry-otlp`'s HTTP
//! exporter, whose blocking reqwest client runs on that thread. A failed
//! export is logged as a warning and its spans are dropped; nothing reaches
//! the request that made them.
//!
//! Besides the configuration, the exporter honours the standard variables
//! it reads itself (`OTEL_EXPORTER_OTLP_HEADERS` adds headers,
//! `OTEL_BSP_*` tune the batches); `OTEL_RESOURCE_ATTRIBUTES` adds resource
//! attributes, `service.name` comes from the configuration.

use std::time::Duration;

use opentelemetry::trace::TracerProvider as _;
use opentelemetry::KeyValue;
use opentelemetry_otlp::{Protocol, WithExportConfig, WithHttpConfig};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{Sampler, SdkTracer, SdkTracerProvider, SpanData, SpanExporter};
use opentelemetry_sdk::Resource;

use crate::config::{OtlpConfig, OtlpProtocol};

/// Why span export could not start.
#[derive(Debug, thiserror::Error)]
#[error("the OTLP exporter ([telemetry.otlp]) cannot start: {0}")]
pub(crate) struct ExportError(String);

/// A running export: the provider (its batch thread) and the tracer that
/// makes the spans.
#[derive(Debug)]
pub(super) struct Export {
    provider: SdkTracerProvider,
    pub(super) tracer: SdkTracer,
    /// How long the flush at shutdown may take: one export's timeout, plus
    /// a second for the thread to hand the spans over.
    flush_within: Duration,
}

impl Export {
    /// The export `config` asks for; `None` when its endpoint is empty.
    pub(super) fn start(config: &OtlpConfig) -> Result<Option<Export>, ExportError> {
        if !config.enabled() {
            return Ok(None);
        }
        let timeout = Duration::from_millis(config.timeout_ms);
        let exporter = opentelemetry_otlp::SpanExporter::builder()
            .with_http()
            .with_endpoint(config.traces_url())
            .with_protocol(match config.protocol {
                OtlpProtocol::HttpProtobuf => Protocol::HttpBinary,
                OtlpProtocol::HttpJson => Protocol::HttpJson,
            })
            .with_timeout(timeout)
            .with_headers(config.headers())
            .build()
            .map_err(|e| ExportError(e.to_string()))?;
        let resource = Resource::builder()
            .with_service_name(config.service_name.trim().to_string())
            .with_attribute(KeyValue::new("service.version", env!("CARGO_PKG_VERSION")))
            .build();
        let provider = SdkTracerProvider::builder()
            .with_batch_exporter(WarnOnFailure {
                inner: exporter,
                url: config.traces_url(),
            })
            .with_sampler(Sampler::ParentBased(Box::new(Sampler::TraceIdRatioBased(
                config.sampling_ratio,
            ))))
            .with_resource(resource)
            .build();
        let tracer = provider.tracer(env!("CARGO_PKG_NAME"));
        tracing::info!(
            url = %config.traces_url(),
            protocol = config.protocol.as_str(),
            sampling_ratio = config.sampling_ratio,
            "exporting spans over OTLP"
        );
        Ok(Some(Export {
            provider,
            tracer,
            flush_within: timeout + Duration::from_secs(1),
        }))
    }

    /// Exports the spans still queued and stops the batch thread, within
    /// `flush_within`. The SDK's shutdown blocks, so it runs on a blocking
    /// thread: a single-threaded runtime would otherwise stall.
    pub(super) async fn shutdown(&self) {
        let provider = self.provider.clone();
        let within = self.flush_within;
        let done =
            tokio::task::spawn_blocking(move || provider.shutdown_with_timeout(within)).await;
        match done {
            Ok(Ok(())) => tracing::debug!("spans flushed"),
            Ok(Err(e)) => tracing::warn!(error = %e, "spans not flushed at shutdown"),
            Err(e) => tracing::warn!(error = %e, "spans not flushed at shutdown"),
        }
    }
}

/// The OTLP exporter, logging each failed export as a warning (the SDK
/// itself would only report it through its own internal log).
#[derive(Debug)]
struct WarnOnFailure<E> {
    inner: E,
    url: String,
}

impl<E: SpanExporter> SpanExporter for WarnOnFailure<E> {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        let spans = batch.len();
        let result = self.inner.export(batch).await;
        if let Err(e) = &result {
            tracing::warn!(url = %self.url, spans, error = %e, "OTLP export failed: spans dropped");
        }
        result
    }

    fn shutdown_with_timeout(&mut self, timeout: Duration) -> OTelSdkResult {
        self.inner.shutdown_with_timeout(timeout)
    }

    fn shutdown(&mut self) -> OTelSdkResult {
        self.inner.shutdown()
    }

    fn force_flush(&mut self) -> OTelSdkResult {
        self.inner.force_flush()
    }

    fn set_resource(&mut self, resource: &Resource) {
        self.inner.set_resource(resource);
    }
}
