// Browser-side calls to our internal JSON API. Errors arrive as problem+json and are thrown as
// ApiError so forms can show `fields` next to their inputs and `detail` otherwise.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Problem = { title?: string; detail?: string; fields?: Record<string, string> };

export async function apiFetch<T>(url: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  headers.set("accept", "application/json");
  const res = await fetch(url, { ...init, headers, credentials: "same-origin" });
  if (res.status === 204) return undefined as T;
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const problem = (body ?? {}) as Problem;
    throw new ApiError(res.status, problem.detail || problem.title || res.statusText || "Request failed", problem.fields);
  }
  return body as T;
}

export const getJson = <T>(url: string, signal?: AbortSignal) => apiFetch<T>(url, { signal });

export const sendJson = <T>(method: "POST" | "PATCH" | "DELETE", url: string, body?: unknown) =>
  apiFetch<T>(url, { method, body: body === undefined ? undefined : JSON.stringify(body) });
