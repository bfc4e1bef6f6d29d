// Admin → Settings → Transcription in the browser: a bad URL is flagged on its field, a saved key
// is never shown again (only its last characters), and a reload shows what was saved.
import { expect, test } from "./fixtures";

test("an admin points extract-text at a transcription server and saves its key", async ({ adminPage: page }) => {
  await page.goto("/admin/settings");
  const form = page.getByRole("form", { name: "Transcription (extract text)" });
  await expect(form).toBeVisible();
  await expect(form).toContainText("subtitles → openai");
  const url = form.getByLabel("Server base URL");
  await url.fill("not a url");
  await form.getByRole("button", { name: "Save transcription settings" }).click();
  await expect(url).toHaveAttribute("aria-invalid", "true");

  await url.fill("http://127.0.0.1:9/v1");
  await form.getByLabel("Model").fill("large-v3");
  await form.getByLabel("Language hint").fill("zh");
  await form.getByLabel("API key").fill("sk-e2e-secret-key-9876");
  await form.getByRole("button", { name: "Save transcription settings" }).click();
  await expect(form.getByText("Transcription settings saved.")).toBeVisible();
  await expect(form.getByLabel("API key")).toHaveValue("");

  await page.reload();
  await expect(form.getByLabel("Server base URL")).toHaveValue("http://127.0.0.1:9/v1");
  await expect(form.getByLabel("Language hint")).toHaveValue("zh");
  await expect(form).toContainText("A key ending …9876 is saved.");
  expect(await page.content()).not.toContain("sk-e2e-secret-key-9876");

  // Leave the server as the other specs expect it: no transcription server configured.
  await form.getByLabel("Server base URL").fill("");
  await form.getByLabel("Model").fill("");
  await form.getByLabel("Language hint").fill("");
  await form.getByLabel("Remove the saved key").check();
  await form.getByRole("button", { name: "Save transcription settings" }).click();
  await expect(form.getByText("Transcription settings saved.")).toBeVisible();
  await expect(form).not.toContainText("A key ending");
});
