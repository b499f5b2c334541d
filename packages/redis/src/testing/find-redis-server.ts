import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * The path of a `redis-server` binary on `PATH` (or the given name, if it is a path that exists), or `undefined`
 * when there is none: check it to skip a Redis part instead of failing.
 * @example
 * if (!findRedisServer()) console.log("redis-server is not installed (apt-get install redis-server): skipped");
 */
export function findRedisServer(name = "redis-server"): string | undefined {
  const candidates = name.includes("/")
    ? [name]
    : (process.env.PATH ?? "")
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
