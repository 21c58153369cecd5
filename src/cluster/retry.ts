// Retries for reads the API server failed transiently: rate limiting, server errors, no connection.
import { ClusterError, type Time } from "./port.js";

const TRANSIENT_ATTEMPTS = 3;

export function isTransient(error: unknown): boolean {
  return (
    error instanceof ClusterError &&
    (error.code === undefined ||
      error.code === 429 ||
      error.code === 500 ||
      error.code === 503 ||
      error.code === 504) &&
    !error.causes.some((c) => c.reason === "DisruptionBudget")
  );
}

/** Retries reads the API server failed transiently (rate limited, 5xx, connection refused). */
export async function withTransientRetry<T>(time: Time, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= TRANSIENT_ATTEMPTS || !isTransient(error)) throw error;
      await time.sleep(1_000 * attempt);
    }
  }
}
