// The API docs page body: every operation of the OpenAPI document with its parameters, an
// example request and response, the error messages and curl commands. Server-rendered.
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { operationsOf, prettyJson, type OpenApiDoc, type OperationView } from "./openapi-view";

const METHOD_TONES: Record<string, string> = {
  GET: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  POST: "bg-accent-50 text-accent-700 ring-accent-500/20",
  PUT: "bg-amber-50 text-amber-800 ring-amber-600/20",
  DELETE: "bg-red-50 text-red-700 ring-red-600/20",
};

/** `code` spans in the document's Markdown-ish prose. */
function Prose({ text }: { text: string }) {
  return (
    <p className="text-sm leading-6 text-zinc-700">
      {text.split(/(`[^`]+`)/).map((part, i) =>
        part.startsWith("`") && part.endsWith("`") ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the split of a static string never reorders
          <code key={i} className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-[0.8125rem] text-zinc-800">
            {part.slice(1, -1)}
          </code>
        ) : (
          part
        ),
      )}
    </p>
  );
}

function Code({ label, children }: { label: string; children: string }) {
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1.5 text-xs font-medium text-zinc-500">{label}</figcaption>
      {/* Long lines wrap rather than scroll: a scrolling box would need to be keyboard-focusable (axe
          scrollable-region-focusable), and on a phone nothing scrolls sideways. */}
      <pre className="rounded-md bg-zinc-900 px-4 py-3 font-mono text-xs leading-5 break-all whitespace-pre-wrap text-zinc-100">
        <code>{children}</code>
      </pre>
    </figure>
  );
}

function SubHeading({ children }: { children: ReactNode }) {
  return <h4 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{children}</h4>;
}

async function Operation({ op }: { op: OperationView }) {
  const t = await getTranslations("apiDocs");
  return (
    <Card>
      <section
        id={op.id}
        aria-labelledby={`${op.id}-title`}
        className="space-y-5 scroll-mt-6"
        data-testid="api-operation"
      >
        <div className="space-y-2">
          <h3 id={`${op.id}-title`} className="text-base font-semibold text-zinc-900">
            {op.summary}
          </h3>
          <p className="flex flex-wrap items-center gap-2">
            <span
              className={cx(
                "rounded px-2 py-0.5 font-mono text-xs font-semibold ring-1 ring-inset",
                METHOD_TONES[op.method] ?? METHOD_TONES.GET,
              )}
            >
              {op.method}
            </span>
            <code className="font-mono text-sm break-all text-zinc-800">{op.path}</code>
          </p>
          {op.description && <Prose text={op.description} />}
        </div>

        {op.parameters.length > 0 && (
          <div className="space-y-2">
            <SubHeading>{t("parameters")}</SubHeading>
            <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200">
              {op.parameters.map((p) => (
                <li key={`${p.in}:${p.name}`} className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm">
                  <code className="font-mono font-medium text-zinc-900">{p.name}</code>
                  <span className="text-xs text-zinc-500">
                    {t(`in.${p.in === "header" ? "header" : p.in === "path" ? "path" : "query"}`)} · {p.type}
                  </span>
                  <Badge tone={p.required ? "accent" : "grey"}>{p.required ? t("required") : t("optional")}</Badge>
                  {p.description && <span className="text-zinc-600">{p.description}</span>}
                </li>
              ))}
            </ul>
          </div>
        )}

        {op.body && (
          <div className="space-y-2">
            <SubHeading>{t("requestBody")}</SubHeading>
            <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200">
              {op.body.fields.map((f) => (
                <li key={f.name} className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm">
                  <code className="font-mono font-medium text-zinc-900">{f.name}</code>
                  <span className="text-xs text-zinc-500">{f.type}</span>
                  <Badge tone={f.required ? "accent" : "grey"}>{f.required ? t("required") : t("optional")}</Badge>
                  {f.values && <span className="font-mono text-xs text-zinc-600">{f.values.join(" | ")}</span>}
                </li>
              ))}
            </ul>
          </div>
        )}

        <div className="grid gap-4 xl:grid-cols-2">
          {op.body && <Code label={t("exampleRequest")}>{prettyJson(op.body.example)}</Code>}
          {op.success && (
            <Code label={t("exampleResponse", { status: op.success.status })}>{prettyJson(op.success.example)}</Code>
          )}
        </div>

        {op.errors.length > 0 && (
          <div className="space-y-2">
            <SubHeading>{t("errors")}</SubHeading>
            <div className="overflow-x-auto rounded-md border border-zinc-200">
              <table className="w-full text-left text-sm">
                <thead className="border-b border-zinc-200 bg-zinc-50 text-xs text-zinc-600">
                  <tr>
                    <th scope="col" className="px-3 py-2 font-medium">
                      {t("status")}
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      {t("when")}
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      {t("messages")}
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100">
                  {op.errors.map((e) => (
                    <tr key={e.status}>
                      <td className="px-3 py-2 font-mono tabular-nums">{e.status}</td>
                      <td className="px-3 py-2 text-zinc-700">{e.description}</td>
                      <td className="px-3 py-2">
                        <span className="flex flex-wrap gap-1.5">
                          {e.messages.map((m) => (
                            <code key={m} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-800">
                              {m}
                            </code>
                          ))}
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}

        <div className="space-y-4">
          <Code label={t("curlBearer")}>{op.curl.bearer}</Code>
          <Code label={t("curlQuery")}>{op.curl.query}</Code>
        </div>
      </section>
    </Card>
  );
}

export async function ApiReference({ doc }: { doc: OpenApiDoc }) {
  const t = await getTranslations("apiDocs");
  const operations = operationsOf(doc);
  const base = doc.servers?.[0]?.url ?? "";
  return (
    <div className="grid items-start gap-8 lg:grid-cols-[12rem_minmax(0,1fr)]">
      <nav aria-label={t("operations")} className="lg:sticky lg:top-10">
        <p className="px-3 pb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{t("operations")}</p>
        <ul className="space-y-0.5">
          {operations.map((op) => (
            <li key={op.id}>
              <a
                href={`#${op.id}`}
                className="block rounded-md px-3 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900"
              >
                {op.summary}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0 space-y-6">
        <Card className="space-y-3">
          <h2 className="text-base font-semibold text-zinc-900">
            {doc.info.title} <span className="text-sm font-normal text-zinc-500">v{doc.info.version}</span>
          </h2>
          {doc.info.description && <Prose text={doc.info.description} />}
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
            <dt className="font-medium text-zinc-600">{t("baseUrl")}</dt>
            <dd>
              <code className="font-mono break-all text-zinc-900">{base}</code>
            </dd>
            <dt className="font-medium text-zinc-600">{t("auth")}</dt>
            <dd className="text-zinc-700">{t("authText")}</dd>
          </dl>
        </Card>
        {operations.map((op) => (
          <Operation key={op.id} op={op} />
        ))}
      </div>
    </div>
  );
}
