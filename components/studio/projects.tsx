"use client";
// The team's Studio projects: open, make a new one, delete.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { createProject, deleteProject, listProjects, studioKeys } from "./api";

export function StudioProjects() {
  const t = useTranslations("studio");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const router = useRouter();
  const qc = useQueryClient();
  const projects = useQuery({ queryKey: studioKeys.projects(), queryFn: ({ signal }) => listProjects(signal) });
  const create = useMutation({
    mutationFn: () => createProject({ name: t("untitled") }),
    onSuccess: (p) => router.push(`/studio/${p.id}`),
  });
  const remove = useMutation({
    mutationFn: deleteProject,
    onSuccess: () => qc.invalidateQueries({ queryKey: studioKeys.projects() }),
  });
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{t("title")}</h1>
          <p className="mt-1 text-sm text-zinc-600">{t("intro")}</p>
        </div>
        <Button onClick={() => create.mutate()} pending={create.isPending}>
          {t("newProject")}
        </Button>
      </header>
      {create.isError && <Alert>{errorText(create.error)}</Alert>}
      {projects.isPending && <p className="text-sm text-zinc-500">{tc("loading")}</p>}
      {projects.isError && <Alert>{errorText(projects.error)}</Alert>}
      {projects.data && !projects.data.length && <p className="text-sm text-zinc-500">{t("noProjects")}</p>}
      <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white">
        {projects.data?.map((p) => (
          <li key={p.id} className="flex items-center gap-3 p-3">
            <Link href={`/studio/${p.id}`} className="min-w-0 flex-1 font-medium text-accent-700 hover:underline">
              {p.name}
            </Link>
            <span className="text-xs text-zinc-500">{formatDate(p.updatedAt)}</span>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => remove.mutate(p.id)}
              aria-label={t("deleteProject", { name: p.name })}
            >
              {t("delete")}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
