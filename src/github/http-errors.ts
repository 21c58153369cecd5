// Reading Octokit's RequestError structurally (status, GitHub's message and validation errors), so the port
// needs no import of @octokit/request-error and works with any Octokit build (Probot's included).

export function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("status" in error)) return undefined;
  return typeof error.status === "number" ? error.status : undefined;
}

function responseData(error: unknown): Record<string, unknown> | undefined {
  if (typeof error !== "object" || error === null || !("response" in error)) return undefined;
  const response = error.response;
  if (typeof response !== "object" || response === null || !("data" in response)) return undefined;
  const data = response.data;
  return typeof data === "object" && data !== null ? { ...data } : undefined;
}

/** GitHub's `message`, or the error's own message. */
export function messageOf(error: unknown): string {
  const message = responseData(error)?.message;
  if (typeof message === "string" && message !== "") return message;
  return error instanceof Error ? error.message : String(error);
}

/** The `message` of each entry in a 422's `errors` list. */
export function validationMessages(error: unknown): string[] {
  const errors = responseData(error)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e: unknown) =>
    typeof e === "object" && e !== null && "message" in e && typeof e.message === "string" ? [e.message] : [],
  );
}

/** Runs `call`, answering `fallback` when GitHub answers one of `statuses`. */
export async function unless<T, F>(statuses: number[], fallback: F, call: () => Promise<T>): Promise<T | F> {
  try {
    return await call();
  } catch (error) {
    const status = statusOf(error);
    if (status !== undefined && statuses.includes(status)) return fallback;
    throw error;
  }
}
