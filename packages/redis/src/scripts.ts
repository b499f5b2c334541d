import { defineScript } from "./redis-runner.js";

// The scripts that work with time (ACQUIRE and RELEASE, the rate limiter's) read it from Redis (TIME), so the whole
// fleet shares one clock whatever the skew between its machines. Redis 3.2–4 need effects replication for a
// script that writes after TIME; 5+ always do it.
const NOW = `
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * The shared rate limiter's sorted set: one member per request holding a place in the window, scored by the time
 * it leaves the window. A request still in flight leaves at `acquired + leaseMs + windowMs` (the latest moment it
 * can matter if its process dies); once released it leaves at `finished + windowMs`, as in core's `rateLimiter`.
 * KEYS[1] the set; ARGV: requests, windowMs, leaseMs, member. Returns {1, 0} when granted, else {0, ms until the
 * earliest member leaves}.
 * @internal
 */
export const ACQUIRE = defineScript(`${NOW}
local key = KEYS[1]
local requests = tonumber(ARGV[1])
local windowMs = tonumber(ARGV[2])
local leaseMs = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
if redis.call('ZCARD', key) < requests then
  redis.call('ZADD', key, now + leaseMs + windowMs, ARGV[4])
  if redis.call('PTTL', key) < leaseMs + windowMs + 1000 then
    redis.call('PEXPIRE', key, leaseMs + windowMs + 1000)
  end
  return {1, 0}
end
local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, tonumber(first[2]) - now}
`);

/**
 * A finished request: it now leaves the window `windowMs` after this moment (+1 ms, so the server's count at a
 * millisecond's granularity can never see it and its successor in one window). Added again if its lease ran out
 * meanwhile: it may have reached the server late. KEYS[1] the set; ARGV: windowMs, member.
 * @internal
 */
export const RELEASE = defineScript(`${NOW}
local key = KEYS[1]
local windowMs = tonumber(ARGV[1])
redis.call('ZADD', key, now + windowMs + 1, ARGV[2])
if redis.call('PTTL', key) < windowMs + 1000 then
  redis.call('PEXPIRE', key, windowMs + 1000)
end
return 1
`);

/**
 * The daily quota: INCR, and the key's expiry when it has none yet (set at the first increment of the period, or
 * repaired if it was lost). KEYS[1] the period's counter; ARGV[1] the expiry, epoch ms. Returns the new count.
 * @internal
 */
export const INCREMENT = defineScript(`
local n = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIREAT', KEYS[1], ARGV[1])
end
return n
`);

/**
 * Deletes the stored session token only if it is still the one that was refused (compared by SHA-1, so the token
 * itself is never sent as an argument): a newer token stored by another process meanwhile is kept.
 * KEYS[1] the token's key; ARGV[1] SHA-1 (hex) of the refused token. Returns 1 when deleted.
 * @internal
 */
export const INVALIDATE = defineScript(`
local stored = redis.call('GET', KEYS[1])
if not stored then return 0 end
local ok, record = pcall(cjson.decode, stored)
if ok and type(record) == 'table' and type(record.token) == 'string' and redis.sha1hex(record.token) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);

/**
 * Releases a lock only if this process still holds it (compare-and-delete): a lock that expired and was taken by
 * another process is left alone. KEYS[1] the lock; ARGV[1] this holder's id. Returns 1 when deleted.
 * @internal
 */
export const UNLOCK = defineScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);
