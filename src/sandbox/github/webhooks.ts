// Webhook deliveries signed like GitHub's (`X-Hub-Signature-256: sha256=HMAC(secret, body)`), delivered one at a
// time in emission order. A delivery log allows redelivery (same GUID, as GitHub's "Redeliver" does), and a hold
// mode queues deliveries until a test flushes them, so tests decide ordering and timing.
import { createHmac, randomUUID } from "node:crypto";

export interface DeliveryAttempt {
  status: number | null;
  error: string | null;
}

export interface WebhookDelivery {
  id: string;
  event: string;
  action: string | null;
  payload: Record<string, unknown>;
  /** Exact bytes sent; the signature covers them. */
  body: string;
  headers: Record<string, string>;
  attempts: DeliveryAttempt[];
}

export interface WebhookOptions {
  /** Where deliveries go; without one they are only logged (and seen by subscribers). */
  url?: string;
  secret: string;
  /** Start in hold mode: deliveries queue until `flush()`. */
  hold?: boolean;
  /** GitHub gives up on a delivery after 10 seconds; so does the stand-in (the attempt records the timeout). */
  timeoutMs?: number;
}

export interface Webhooks {
  emit(event: string, payload: Record<string, unknown>): WebhookDelivery;
  deliveries(): readonly WebhookDelivery[];
  pending(): readonly WebhookDelivery[];
  setHold(hold: boolean): void;
  setUrl(url: string | undefined): void;
  /** Sends every held delivery, in order, and waits for them. */
  flush(): Promise<void>;
  /** Sends a logged delivery again with the same GUID and body. */
  redeliver(id: string): Promise<WebhookDelivery>;
  /** Resolves when nothing is in flight. */
  idle(): Promise<void>;
  subscribe(listener: (delivery: WebhookDelivery) => void): () => void;
}

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export function createWebhooks(options: WebhookOptions): Webhooks {
  let url = options.url;
  let hold = options.hold ?? false;
  const log: WebhookDelivery[] = [];
  let queue: WebhookDelivery[] = [];
  const listeners = new Set<(delivery: WebhookDelivery) => void>();
  let chain: Promise<void> = Promise.resolve();

  async function send(delivery: WebhookDelivery): Promise<void> {
    if (url === undefined) {
      delivery.attempts.push({ status: null, error: "no webhook URL configured" });
      return;
    }
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: delivery.headers,
        body: delivery.body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await response.arrayBuffer();
      delivery.attempts.push({ status: response.status, error: null });
    } catch (error) {
      delivery.attempts.push({ status: null, error: error instanceof Error ? error.message : String(error) });
    }
  }

  function enqueue(delivery: WebhookDelivery): Promise<void> {
    chain = chain.then(() => send(delivery));
    return chain;
  }

  return {
    emit(event, payload) {
      const body = JSON.stringify(payload);
      const id = randomUUID();
      const action = typeof payload.action === "string" ? payload.action : null;
      const delivery: WebhookDelivery = {
        id,
        event,
        action,
        payload,
        body,
        headers: {
          "content-type": "application/json",
          "user-agent": "GitHub-Hookshot/stand-in",
          "x-github-event": event,
          "x-github-delivery": id,
          "x-github-hook-id": "1",
          "x-hub-signature-256": sign(options.secret, body),
        },
        attempts: [],
      };
      log.push(delivery);
      for (const listener of listeners) listener(delivery);
      if (hold) queue.push(delivery);
      else void enqueue(delivery);
      return delivery;
    },
    deliveries: () => log,
    pending: () => queue,
    setHold(value) {
      hold = value;
    },
    setUrl(value) {
      url = value;
    },
    async flush() {
      const held = queue;
      queue = [];
      for (const delivery of held) void enqueue(delivery);
      await chain;
    },
    async redeliver(id) {
      const delivery = log.find((d) => d.id === id);
      if (delivery === undefined) throw new Error(`no delivery ${id}`);
      await enqueue(delivery);
      return delivery;
    },
    async idle() {
      await chain;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
