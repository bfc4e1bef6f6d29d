// The Content-Type a stored file is served with, by its extension (local /api/files and S3 objects).
import path from "node:path";

const TYPES: Record<string, string> = {
  ".mp3": "audio/mpeg",
  ".wav": "audio/wav",
  ".flac": "audio/flac",
  ".m4a": "audio/mp4",
  ".mp4": "video/mp4",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".txt": "text/plain; charset=utf-8",
  ".srt": "text/plain; charset=utf-8",
  ".vtt": "text/vtt; charset=utf-8",
  ".json": "application/json",
  ".zip": "application/zip",
};

export const contentTypeOf = (name: string) => TYPES[path.extname(name).toLowerCase()] ?? "application/octet-stream";
