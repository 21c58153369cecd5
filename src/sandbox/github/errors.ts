// GitHub's error bodies: `{message, documentation_url}` plus `errors` for 422 "Validation Failed". Handlers throw
// these and the router turns them into responses, so every failure path answers exactly as GitHub would.
const DOCS = "https://docs.github.com/rest";

export interface ValidationErrorDetail {
  resource?: string;
  field?: string;
  code: string;
  message?: string;
}

export class GitHubApiError extends Error {
  readonly status: number;
  readonly documentationUrl: string;
  readonly errors: ValidationErrorDetail[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    message: string,
    extra: {
      documentationUrl?: string;
      errors?: ValidationErrorDetail[];
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.status = status;
    this.documentationUrl = extra.documentationUrl ?? DOCS;
    this.errors = extra.errors;
    this.headers = extra.headers ?? {};
  }

  body(): Record<string, unknown> {
    const body: Record<string, unknown> = { message: this.message, documentation_url: this.documentationUrl };
    if (this.errors !== undefined) body.errors = this.errors;
    return body;
  }
}

export function notFound(): GitHubApiError {
  return new GitHubApiError(404, "Not Found");
}

export function validationFailed(errors: ValidationErrorDetail[]): GitHubApiError {
  return new GitHubApiError(422, "Validation Failed", { errors });
}

export function unprocessable(message: string): GitHubApiError {
  return new GitHubApiError(422, message);
}

export function forbidden(message: string): GitHubApiError {
  return new GitHubApiError(403, message);
}

export function requiresAuthentication(): GitHubApiError {
  return new GitHubApiError(401, "Requires authentication");
}

// GitHub's limit on issue, pull request and comment bodies.
export const BODY_LIMIT = 65536;

/** Throws GitHub's 422 for a body over the limit. */
export function checkBodyLength(resource: string, body: string | null | undefined): void {
  if (typeof body === "string" && body.length > BODY_LIMIT) {
    throw validationFailed([
      {
        resource,
        code: "custom",
        field: "body",
        message: `body is too long (maximum is ${BODY_LIMIT} characters)`,
      },
    ]);
  }
}
