// In-process wake-up for job runners, so a new order starts without waiting for the next poll.
import { EventEmitter } from "node:events";

const globalForJobs = globalThis as unknown as { mixdeskJobSignal?: EventEmitter };
// biome-ignore lint/suspicious/noAssignInExpressions: one emitter per process, kept on globalThis across dev reloads
export const jobSignal = (globalForJobs.mixdeskJobSignal ??= new EventEmitter().setMaxListeners(100));

export const wakeRunners = () => jobSignal.emit("wake");
