// A tiny browser stand-in for HTTP tests: keeps cookies and signs in through next-auth's
// credentials flow exactly as the sign-in page does.
export class Client {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** Puts a cookie in the jar as a browser extension or an attacker could. */
  setCookie(name: string, value: string) {
    this.cookies.set(name, value);
  }

  /** A second client holding the same cookies, like a copied cookie jar. */
  clone(): Client {
    const c = new Client(this.baseUrl);
    for (const [k, v] of this.cookies) c.cookies.set(k, v);
    return c;
  }

  async fetch(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", this.cookieHeader());
    let body = init.body;
    if (init.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(init.json);
    }
    const res = await fetch(new URL(path, this.baseUrl), { ...init, headers, body, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (value === "" || /max-age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    // A download redirected to the bucket (STORAGE=s3) is followed as a browser would: without this
    // origin's cookies, keeping a Range header. Same-origin redirects stay visible to the tests.
    const location = res.status >= 300 && res.status < 400 ? res.headers.get("location") : null;
    if (location && new URL(location, this.baseUrl).origin !== new URL(this.baseUrl).origin) {
      const range = headers.get("range");
      return fetch(location, { method: init.method, headers: range ? { range } : {}, signal: init.signal });
    }
    return res;
  }

  async csrf(): Promise<string> {
    const res = await this.fetch("/api/auth/csrf");
    return ((await res.json()) as { csrfToken: string }).csrfToken;
  }

  /**
   * Signs in; returns null on success or the error message the sign-in form would show.
   * `headers` go on the sign-in request (e.g. a forged or proxy-set X-Forwarded-For).
   */
  async signIn(email: string, password: string, headers: Record<string, string> = {}): Promise<string | null> {
    const csrfToken = await this.csrf();
    const res = await this.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
    });
    const { url } = (await res.json()) as { url: string };
    const error = new URL(url).searchParams.get("error");
    return error ? decodeURIComponent(error) : null;
  }

  async signOut() {
    const csrfToken = await this.csrf();
    await this.fetch("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, json: "true" }).toString(),
    });
  }

  async signUp(input: { email: string; name: string; password: string; invite?: string }) {
    const res = await this.fetch("/api/signup", { method: "POST", json: input });
    if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
    const error = await this.signIn(input.email, input.password);
    if (error) throw new Error(`sign-in failed: ${error}`);
    return ((await res.json()) as { user: { id: string; role: string } }).user;
  }
}
