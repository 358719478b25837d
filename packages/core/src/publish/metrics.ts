import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { Resource } from "sst";

/**
 * Publishing metrics, as CloudWatch embedded metric format lines: namespace "Cadence" with the
 * service and stage dimensions infra/alarms.ts watches, and a per-network dimension set.
 */
let metrics: Metrics | undefined;

function instance(): Metrics {
  metrics ??= new Metrics({
    namespace: "Cadence",
    serviceName: "cadence",
    defaultDimensions: { stage: Resource.App.stage },
  });
  return metrics;
}

export function record(
  name:
    | "PublishSucceeded"
    | "PublishFailed"
    | "PublishRetried"
    | "PublishLagMs"
    | "TokenRefreshFailed",
  value: number,
  network?: string,
  unit: "Count" | "Milliseconds" = "Count",
): void {
  const m = instance();
  const metricUnit = unit === "Count" ? MetricUnit.Count : MetricUnit.Milliseconds;
  m.addMetric(name, metricUnit, value);
  if (network) {
    // The same figure per network, for dashboards, without adding a dimension to the alarms'.
    const single = m.singleMetric();
    single.addDimension("network", network);
    single.addMetric(name, metricUnit, value);
  }
  m.publishStoredMetrics();
}
