import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { ChatModelHost } from "./host.js";

export type ChatMetrics = ReturnType<typeof registerChatMetrics>;

/** The chat model's state and work, on the sidecar's registry; gauges are read from the host at scrape time. */
export function registerChatMetrics(registry: Registry, host: ChatModelHost) {
  const registers = [registry];
  new Gauge({
    name: "sidecar_chat_model_loaded",
    help: "1 while the chat model is loaded, 0 otherwise",
    registers,
    collect() {
      this.set(host.status === "loaded" ? 1 : 0);
    },
  });
  new Gauge({
    name: "sidecar_chat_model_memory_bytes",
    help: "Memory the chat model holds: weights plus the KV cache of its contexts (0 when unloaded)",
    registers,
    collect() {
      this.set(host.memoryBytes);
    },
  });
  new Gauge({
    name: "sidecar_chat_generations_active",
    help: "Chat generations running now (at most SIDECAR_CHAT_PARALLEL)",
    registers,
    collect() {
      this.set(host.activeGenerations);
    },
  });
  new Gauge({
    name: "sidecar_chat_queue_requests",
    help: "Chat requests waiting for a generation slot (at most SIDECAR_CHAT_QUEUE)",
    registers,
    collect() {
      this.set(host.queued);
    },
  });
  const tokens = new Counter({ name: "sidecar_chat_tokens_total", help: "Chat tokens by kind: prompt (read) or completion (generated)", labelNames: ["kind"], registers });
  // Both series exist from the start, so rate() and alerts see a 0 rather than no data.
  for (const kind of ["prompt", "completion"]) tokens.inc({ kind }, 0);
  return {
    tokens,
    timeToFirstToken: new Histogram({
      name: "sidecar_chat_time_to_first_token_seconds",
      help: "From the request's arrival to its first generated text, queue wait included",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    completionTokensPerSecond: new Histogram({
      name: "sidecar_chat_completion_tokens_per_second",
      help: "Generation speed per answer, after its first token",
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000],
      registers,
    }),
  };
}
