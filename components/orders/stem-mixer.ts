// The stem player's audio: one AudioContext, every stem and the original decoded once, one gain
// per stem into a "stems" bus and the original into its own bus. All sources start together at the
// same offset, so A/B is a swap of the two bus gains at the same position, and solo/mute/volume are
// gain changes on a playing graph. An analyser after both buses measures what actually plays (the
// output meter). Modelled on Studio's Player (components/studio/playback.ts).

export type TrackSettings = { volume: number; muted: boolean; solo: boolean };
export type ListenTo = "stems" | "original";

/** A few milliseconds of glide so a mute or an A/B switch does not click. */
const GLIDE_SEC = 0.008;
export const SILENCE_DB = -90;

export class StemMixer {
  private ctx: AudioContext | null = null;
  private buffers = new Map<string, AudioBuffer>();
  private gains = new Map<string, GainNode>();
  private stemsBus: GainNode | null = null;
  private originalBus: GainNode | null = null;
  private analyser: AnalyserNode | null = null;
  private sources: AudioBufferSourceNode[] = [];
  private loadingPromise: Promise<boolean> | null = null;
  private t0 = 0;
  private offsetSec = 0;
  private listeners = new Set<() => void>();
  private samples: Float32Array<ArrayBuffer> | null = null;
  /** Bumped on every change: the snapshot React reads through useSyncExternalStore. */
  version = 0;
  playing = false;
  loading = false;
  failed = false;
  listenTo: ListenTo = "stems";
  durationSec: number;
  readonly settings = new Map<string, TrackSettings>();

  /** Where each track is fetched from; signed links change on refetch, the tracks do not. */
  private urls = new Map<string, string>();

  constructor(
    private readonly stems: { id: string }[],
    private original: { id: string } | null,
    durationHintSec: number,
  ) {
    this.durationSec = durationHintSec;
    for (const s of stems) this.settings.set(s.id, { volume: 1, muted: false, solo: false });
  }

  /** The current link of a track (used at the first Play, or the next one after a failed load). */
  setUrl(id: string, url: string | null | undefined) {
    if (url) this.urls.set(id, url);
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };
  getVersion = () => this.version;
  private emit() {
    this.version++;
    for (const l of this.listeners) l();
  }

  get hasOriginal() {
    return this.original !== null;
  }

  /** Fetches and decodes every track once; false when one could not be loaded. */
  private load(): Promise<boolean> {
    if (this.loadingPromise) return this.loadingPromise;
    // Created inside the user's first Play: the autoplay policy allows that.
    const ctx = new AudioContext({ latencyHint: "playback" });
    ctx.onstatechange = () => this.emit();
    this.ctx = ctx;
    this.loading = true;
    this.failed = false;
    this.emit();
    // The original is optional: if its link is not known yet, the stems play without it.
    if (this.original && !this.urls.has(this.original.id)) this.original = null;
    const tracks = [...this.stems, ...(this.original ? [this.original] : [])];
    this.loadingPromise = Promise.all(
      tracks.map(async (t) => {
        const url = this.urls.get(t.id);
        if (!url) throw new Error(`no link for ${t.id}`);
        const res = await fetch(url, { credentials: "same-origin" });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        this.buffers.set(t.id, await ctx.decodeAudioData(await res.arrayBuffer()));
      }),
    ).then(
      () => {
        this.build(ctx);
        this.durationSec = Math.max(...[...this.buffers.values()].map((b) => b.duration));
        this.loading = false;
        this.emit();
        return true;
      },
      () => {
        // A later Play tries again (a signed link may have expired: the page refreshes them).
        this.loadingPromise = null;
        this.loading = false;
        this.failed = true;
        void ctx.close().catch(() => undefined);
        this.ctx = null;
        this.buffers.clear();
        this.emit();
        return false;
      },
    );
    return this.loadingPromise;
  }

  private build(ctx: AudioContext) {
    this.analyser = new AnalyserNode(ctx, { fftSize: 2048 });
    this.analyser.connect(ctx.destination);
    this.stemsBus = new GainNode(ctx, { gain: this.listenTo === "stems" ? 1 : 0 });
    this.originalBus = new GainNode(ctx, { gain: this.listenTo === "original" ? 1 : 0 });
    this.stemsBus.connect(this.analyser);
    this.originalBus.connect(this.analyser);
    for (const s of this.stems) {
      const g = new GainNode(ctx, { gain: this.effectiveGain(s.id) });
      g.connect(this.stemsBus);
      this.gains.set(s.id, g);
    }
  }

  private effectiveGain(id: string) {
    const s = this.settings.get(id);
    if (!s) return 0;
    const anySolo = [...this.settings.values()].some((x) => x.solo);
    if (s.muted || (anySolo && !s.solo)) return 0;
    return s.volume;
  }

  private applyGains() {
    const ctx = this.ctx;
    if (!ctx) return;
    for (const [id, g] of this.gains) g.gain.setTargetAtTime(this.effectiveGain(id), ctx.currentTime, GLIDE_SEC);
    this.stemsBus?.gain.setTargetAtTime(this.listenTo === "stems" ? 1 : 0, ctx.currentTime, GLIDE_SEC);
    this.originalBus?.gain.setTargetAtTime(this.listenTo === "original" ? 1 : 0, ctx.currentTime, GLIDE_SEC);
  }

  /** The position in seconds: live while playing. */
  positionSec() {
    if (!this.playing || !this.ctx) return this.offsetSec;
    return Math.min(this.durationSec, this.offsetSec + Math.max(0, this.ctx.currentTime - this.t0));
  }

  /** The output's RMS level in dBFS (SILENCE_DB when nothing plays). */
  levelDb() {
    if (!this.analyser || !this.playing) return SILENCE_DB;
    if (!this.samples) this.samples = new Float32Array(this.analyser.fftSize);
    this.analyser.getFloatTimeDomainData(this.samples);
    let sum = 0;
    for (const v of this.samples) sum += v * v;
    const rms = Math.sqrt(sum / this.samples.length);
    return rms > 0 ? Math.max(SILENCE_DB, 20 * Math.log10(rms)) : SILENCE_DB;
  }

  private startSources(fromSec: number) {
    const ctx = this.ctx!;
    this.stopSources();
    const when = ctx.currentTime + 0.02;
    for (const s of this.stems) this.startOne(ctx, s.id, this.gains.get(s.id)!, when, fromSec);
    if (this.original && this.originalBus) this.startOne(ctx, this.original.id, this.originalBus, when, fromSec);
    this.t0 = when;
    this.offsetSec = fromSec;
  }

  private startOne(ctx: AudioContext, id: string, into: AudioNode, when: number, fromSec: number) {
    const buffer = this.buffers.get(id);
    if (!buffer || fromSec >= buffer.duration) return;
    const src = new AudioBufferSourceNode(ctx, { buffer });
    src.connect(into);
    src.start(when, fromSec);
    this.sources.push(src);
  }

  private stopSources() {
    for (const s of this.sources) {
      try {
        s.stop();
      } catch {
        // never started
      }
      s.disconnect();
    }
    this.sources = [];
  }

  async play() {
    if (this.playing || this.loading) return;
    const resumed = this.ctx?.resume();
    if (!(await this.load())) return;
    await (resumed ?? this.ctx!.resume());
    const from = this.offsetSec >= this.durationSec - 0.01 ? 0 : this.offsetSec;
    this.startSources(from);
    this.playing = true;
    this.emit();
  }

  pause() {
    if (!this.playing) return;
    this.offsetSec = this.positionSec();
    this.stopSources();
    this.playing = false;
    this.emit();
  }

  toggle() {
    return this.playing ? this.pause() : this.play();
  }

  /** Called each frame while playing: stops at the end. */
  tick() {
    if (this.playing && this.positionSec() >= this.durationSec) {
      this.pause();
      this.offsetSec = this.durationSec;
    }
  }

  seek(sec: number) {
    const to = Math.min(Math.max(0, sec), this.durationSec);
    if (this.playing) this.startSources(to);
    else this.offsetSec = to;
    this.emit();
  }

  setListenTo(to: ListenTo) {
    if (to === "original" && !this.original) return;
    this.listenTo = to;
    this.applyGains();
    this.emit();
  }

  update(id: string, change: Partial<TrackSettings>) {
    const s = this.settings.get(id);
    if (!s) return;
    this.settings.set(id, { ...s, ...change });
    this.applyGains();
    this.emit();
  }

  dispose() {
    this.stopSources();
    this.playing = false;
    void this.ctx?.close().catch(() => undefined);
    this.ctx = null;
    this.listeners.clear();
  }
}
