// Browser-side calls to our internal JSON API. Errors arrive as problem+json and are thrown as
// ApiError so forms can show `fields` next to their inputs and the translated `code` otherwise
// (components/forms/use-error-text.ts); `detail` is the English message.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, string> = {},
    /** The server's error code (errors.codes.<code> in the messages) and its parameters. */
    readonly code?: string,
    readonly params?: Record<string, number | string>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Problem = {
  title?: string;
  detail?: string;
  fields?: Record<string, string>;
  code?: string;
  params?: Record<string, number | string>;
};

const problemError = (status: number, problem: Problem, fallback: string) =>
  new ApiError(
    status,
    problem.detail || problem.title || fallback,
    problem.fields,
    typeof problem.code === "string" ? problem.code : undefined,
    problem.params && typeof problem.params === "object" ? problem.params : undefined,
  );

export async function apiFetch<T>(url: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  headers.set("accept", "application/json");
  const res = await fetch(url, { ...init, headers, credentials: "same-origin" });
  if (res.status === 204) return undefined as T;
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    throw problemError(res.status, (body ?? {}) as Problem, res.statusText || "Request failed");
  }
  return body as T;
}

/** A query string from params, leaving out the empty ones. */
export function search(params: Record<string, string | number>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== undefined) sp.set(k, String(v));
  return sp.toString();
}

export const getJson = <T>(url: string, signal?: AbortSignal) => apiFetch<T>(url, { signal });

export const sendJson = <T>(
  method: "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  body?: unknown,
  headers?: HeadersInit,
) => apiFetch<T>(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

/** POSTs one file as multipart field `file` on XMLHttpRequest, the one browser API that reports
 * upload progress. Aborting the signal cancels the transfer. */
export function uploadFile<T>(
  url: string,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("accept", "application/json");
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const body = (xhr.response ?? {}) as Problem & T;
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body);
      reject(problemError(xhr.status, body, xhr.statusText || "Upload failed"));
    };
    xhr.onerror = () => reject(new ApiError(0, "Upload failed"));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
  });
}
