/**
 * An ioredis client or cluster (`new Redis()`, `new Cluster()`, ioredis 5 or 6): this package sends its commands
 * with `call`.
 */
export interface IoredisLike {
  /** Sends one command. */
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
}

/**
 * A node-redis client (`createClient()` from `redis` 4, 5 or 6, connected with `await client.connect()`): this
 * package sends its commands with `sendCommand`.
 */
export interface NodeRedisClientLike {
  /** Sends one command. */
  sendCommand(args: string[]): Promise<unknown>;
}

/** A node-redis cluster (`createCluster()`), whose `sendCommand` is routed by the command's key. */
export interface NodeRedisClusterLike {
  /** Sends one command to the node owning `firstKey`. */
  sendCommand(firstKey: string | undefined, isReadonly: boolean | undefined, args: string[]): Promise<unknown>;
  /** Present on a cluster only: how it is told apart from a single client. */
  getSlotMaster(slot: number): unknown;
}

/**
 * The Redis client you already have, passed to every store of this package: ioredis (a client or a cluster) or
 * node-redis (a client or a cluster). This package never creates, connects or closes it.
 */
export type RedisClient = IoredisLike | NodeRedisClientLike | NodeRedisClusterLike;

/** One command, sent through whichever client was given. `key` routes it on a cluster. @internal */
export type SendCommand = (args: readonly string[], key: string) => Promise<unknown>;

/**
 * The single place that knows the clients' shapes: ioredis has `call(name, ...args)`, node-redis has
 * `sendCommand(args)` (a cluster: `sendCommand(key, readonly, args)`). Scripts go through EVALSHA/EVAL as plain
 * commands, so the differences between ioredis's and node-redis's `eval` signatures (and between node-redis 4's
 * and 5's) never matter.
 * @internal
 */
export function toSendCommand(client: RedisClient): SendCommand {
  const c = client as Partial<IoredisLike & NodeRedisClientLike & NodeRedisClusterLike> | null | undefined;
  if (c && typeof c.call === "function") {
    const call = c.call.bind(c);
    return ([name, ...args]) => call(name as string, ...args);
  }
  if (c && typeof c.sendCommand === "function") {
    const send = c.sendCommand.bind(c) as (...args: unknown[]) => Promise<unknown>;
    if (typeof c.getSlotMaster === "function") return (args, key) => send(key, false, [...args]);
    return (args) => send([...args]);
  }
  throw new TypeError(
    "@hatchery/redis: expected an ioredis client (new Redis()) or a node-redis client (createClient()); got neither",
  );
}
