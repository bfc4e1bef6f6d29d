// A route's answer before it becomes a web Response: status, headers and the body text. createRoute
// and the dialects (dialects.ts) build these; Next.js gets `toResponse()`, and the fast lane
// (fast-lane.ts) writes them to Node's response as they are. Building a web Response and reading it
// back costs more CPU than an order query's database work (a body stream, brand checks, a copy), so
// the hottest routes skip both; what the client receives is the same bytes and headers.

/** The head of a request as createRoute reads it: a web Request has it, and so does the fast lane's. */
export type RequestHead = {
  readonly method: string;
  readonly url: string;
  readonly headers: Pick<Headers, "get" | "has">;
};

export class Reply {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly text: string,
  ) {}

  /** Like Response.json: the JSON text, `content-type: application/json`. */
  static json(data: unknown, status: number, headers: Record<string, string>): Reply {
    const text = JSON.stringify(data);
    // Response.json refuses what has no JSON form (undefined, a function); so does this.
    if (text === undefined) throw new TypeError("Value is not JSON serializable");
    return new Reply(status, Object.assign({ "content-type": "application/json" }, headers), text);
  }

  toResponse(): Response {
    return new Response(this.text, { status: this.status, headers: this.headers });
  }
}
