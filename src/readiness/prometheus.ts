// Reads firing alerts from Prometheus (GET /api/v1/alerts), as kured does before it reboots a node. I/O at
// the edge: the answer is validated against its schema before the gate sees it.
import { Ajv } from "ajv";
import readinessSchema from "../../schemas/readiness.schema.json" with { type: "json" };
import type { AlertsResponse, FiringAlert } from "../generated/readiness.js";

export type FetchLike = (
  url: string,
  init: { headers: Record<string, string>; signal?: AbortSignal },
) => Promise<{
  ok: boolean;
  status: number;
  statusText: string;
  text(): Promise<string>;
}>;

export interface AlertsOptions {
  /** Abort the request after this long. Default 10 s. */
  timeoutMs?: number;
}

/** The alerts endpoint could not be read, or answered something that is not Prometheus' alerts API. */
export class AlertsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AlertsError";
  }
}

function compileResponseValidator() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addSchema(readinessSchema);
  return ajv.compile<AlertsResponse>({ $ref: `${readinessSchema.$id}#/definitions/AlertsResponse` });
}

export type AlertsReader = (url: string) => Promise<FiringAlert[]>;

/**
 * A reader that compiles the response schema once (compiling takes a good part of a second): the app keeps
 * one and calls it on every tick.
 */
export function createAlertsReader(fetchImpl: FetchLike = fetch, options: AlertsOptions = {}): AlertsReader {
  const validate = compileResponseValidator();
  return async (url) => {
    const endpoint = `${url.replace(/\/+$/, "")}/api/v1/alerts`;
    const json = await readJson(endpoint, fetchImpl, options.timeoutMs ?? 10_000);
    if (!validate(json)) {
      const first = validate.errors?.[0];
      throw new AlertsError(
        `${endpoint} did not answer like Prometheus' alerts API: ${first?.instancePath || "/"} ${first?.message ?? "is invalid"}`,
      );
    }
    if (json.status === "error" || json.data === undefined) {
      throw new AlertsError(
        `${endpoint} answered an error: ${json.errorType ?? "error"}: ${json.error ?? ""}`.trim(),
      );
    }
    return json.data.alerts
      .filter((a) => a.state === "firing")
      .map((a) => ({
        name: a.labels.alertname ?? "(unnamed)",
        labels: { ...a.labels },
        ...(a.activeAt === undefined ? {} : { activeAt: a.activeAt }),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  };
}

/** Alerts in state `firing` (pending ones do not block yet), sorted by name. One-off: see `createAlertsReader`. */
export function fetchFiringAlerts(
  url: string,
  fetchImpl: FetchLike = fetch,
  options: AlertsOptions = {},
): Promise<FiringAlert[]> {
  return createAlertsReader(fetchImpl, options)(url);
}

async function readJson(endpoint: string, fetchImpl: FetchLike, timeoutMs: number): Promise<unknown> {
  let body: string;
  try {
    const response = await fetchImpl(endpoint, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = await response.text();
    if (!response.ok) {
      throw new AlertsError(`${endpoint} answered ${response.status} ${response.statusText}`.trim());
    }
  } catch (error) {
    if (error instanceof AlertsError) throw error;
    throw new AlertsError(
      `${endpoint} could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    return JSON.parse(body);
  } catch {
    throw new AlertsError(`${endpoint} did not answer JSON`);
  }
}
