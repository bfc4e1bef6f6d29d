import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/components/auth/guards";
import { TaskLive } from "@/components/music/task-live";

type Props = { params: Promise<{ taskId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("music"))("taskTitle") };
}

export default async function MusicTaskPage({ params }: Props) {
  await requireUser();
  const { taskId } = await params;
  return <TaskLive taskId={taskId} />;
}
