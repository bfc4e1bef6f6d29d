"use client";
// The draft page's "Add audio": choose an item of the team's library and place it on a new track.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useErrorText } from "@/components/forms/use-error-text";
import { LibraryPicker } from "@/components/library/library-picker";
import type { LibraryItem } from "@/components/library/use-library";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useAddLibraryAudio } from "./use-drafts";

export function AddLibraryAudio({ draftId }: { draftId: string }) {
  const t = useTranslations("files.drafts");
  const errorText = useErrorText();
  const [item, setItem] = useState<LibraryItem | null>(null);
  const add = useAddLibraryAudio();
  return (
    <Card className="space-y-3">
      <LibraryPicker value={item?.ref ?? null} onChange={setItem} label={t("addAudio")} />
      {add.error && <Alert>{errorText(add.error.message)}</Alert>}
      {add.isSuccess && !add.isPending && (
        <p role="status" className="text-sm text-emerald-700">
          {t("added")}
        </p>
      )}
      <Button
        disabled={!item}
        pending={add.isPending}
        onClick={() => item && add.mutate({ draftId, ref: item.ref }, { onSuccess: () => setItem(null) })}
      >
        {item ? t("addNamed", { name: item.name }) : t("addAudio")}
      </Button>
    </Card>
  );
}
