// Chooses the node's tracer from `[tracing]`: NO_TRACING while `endpoint` is empty (and
// then no @opentelemetry module is ever loaded), else the OpenTelemetry exporter, loaded
// on demand so an untraced node pays nothing for it.
import type { TracingConfig } from '@atlas/config';
import { NO_TRACING, type NodeTracing } from './node-tracing';

/** The tracer `[tracing]` asks for. */
export async function startTracing(config: TracingConfig, nodeId: string, version = '0.1.0'): Promise<NodeTracing> {
  if (config.endpoint === '') return NO_TRACING;
  const { OtelTracing } = await import('./otel-tracing');
  return new OtelTracing(config, nodeId, version);
}
