/** A seeded pseudo-random source: the same seed always gives the same sequence (mulberry32). */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A version-4-shaped GUID, lower case. */
  uuid(): string;
  /** `length` lower-case hex digits. */
  hex(length: number): string;
}

/** Creates a {@link Random} from a 32-bit seed. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (length: number) => {
    let out = "";
    while (out.length < length)
      out += Math.floor(next() * 0x100000000)
        .toString(16)
        .padStart(8, "0");
    return out.slice(0, length);
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    hex,
    uuid: () => {
      const h = hex(32);
      const variant = "89ab"[Math.floor(next() * 4)];
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
}

const DAY_MS = 86_400_000;

/** `yyyy-MM-dd` of a time. */
export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** An ISO date-time without milliseconds (`2026-10-02T08:41:19Z`), as LeanLaw writes them. */
export const isoDateTime = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

/** Milliseconds of a `yyyy-MM-dd` date at midnight UTC. */
export const dateMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);

export const days = (n: number): number => n * DAY_MS;
