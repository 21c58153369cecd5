// meta/v1 Status objects, worded as the API server words them.
import type { Status } from "./k8s-types.js";

const REASONS: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  404: "NotFound",
  405: "MethodNotAllowed",
  409: "Conflict",
  415: "UnsupportedMediaType",
  422: "Invalid",
  429: "TooManyRequests",
  500: "InternalError",
};

export function failure(code: number, message: string, details?: Status["details"], reason?: string): Status {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason: reason ?? REASONS[code] ?? "Unknown",
    ...(details === undefined ? {} : { details }),
    code,
  };
}

export function notFound(resource: string, name: string, group?: string): Status {
  const qualified = group === undefined ? resource : `${resource}.${group}`;
  return failure(404, `${qualified} "${name}" not found`, {
    name,
    ...(group === undefined ? {} : { group }),
    kind: resource,
  });
}

export function conflict(resource: string, name: string): Status {
  return failure(
    409,
    `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, kind: resource },
  );
}

export function isStatus(value: unknown): value is Status {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "Status";
}
