/**
 * Lua scripts for the Redis rate limiter. Each runs atomically inside Redis and reads Redis' own clock (TIME),
 * so the decisions are exact under any concurrency, across any number of API instances, whatever their clocks.
 *
 * Rate limits use GCRA (the generic cell rate algorithm) rather than a sliding-window log: one key holding one
 * number per subject (O(1) memory and time), smooth refill instead of a cliff at window edges, and an exact
 * "N in any window" burst bound — so 200 simultaneous requests at a limit of 20 admit exactly 20.
 * Floats are written with string.format: Lua's tostring keeps only 14 significant digits.
 */

const now = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/** KEYS[1] bucket; ARGV limit, windowMs, cost → {allowed, remaining, resetMs, retryAfterMs} */
export const gcraScript = `${now}
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local interval = window / limit
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval * cost
local allow_at = new_tat - window
if allow_at > now then
  local remaining = math.floor((window - (tat - now)) / interval)
  if remaining < 0 then remaining = 0 end
  return {0, remaining, math.ceil(tat - now), math.ceil(allow_at - now)}
end
redis.call('SET', KEYS[1], string.format('%.3f', new_tat), 'PX', math.max(1, math.ceil(new_tat - now)))
return {1, math.floor((window - (new_tat - now)) / interval), math.ceil(new_tat - now), 0}
`;

/**
 * KEYS[1] counter prefix, KEYS[2] reservations hash; ARGV amount, limit, reservationId → {reserved, used, resetSeconds}.
 * The counter is per UTC day of Redis' clock: "<prefix>:<day number>".
 */
export const reserveScript = `${now}
local day = math.floor(now / 86400000)
local reset = 86400 - math.floor(now / 1000) % 86400
local counter = KEYS[1] .. ':' .. day
local amount = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local used = tonumber(redis.call('GET', counter) or '0')
if used + amount > limit then return {0, used, reset} end
used = redis.call('INCRBY', counter, amount)
redis.call('EXPIRE', counter, reset + 3600)
redis.call('HSET', KEYS[2], ARGV[3], amount .. ' ' .. counter)
redis.call('EXPIRE', KEYS[2], 172800)
return {1, used, reset}
`;

/** KEYS[1] reservations hash; ARGV reservationId. Gives the amount back to the day it was taken from, once. */
export const refundScript = `
local record = redis.call('HGET', KEYS[1], ARGV[1])
if not record then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
local amount, counter = string.match(record, '^(%d+) (.+)$')
local used = tonumber(redis.call('GET', counter) or '0')
if used == 0 then return 1 end
local left = used - tonumber(amount)
if left < 0 then left = 0 end
redis.call('SET', counter, left, 'KEEPTTL')
return 1
`;

/**
 * Rate hit, in-flight lease and quota reservations in one call, for starting a generation. KEYS[1] rate bucket, KEYS[2] lease set, KEYS[3]
 * counter prefix, KEYS[4] reservations hash; ARGV rateLimit, windowMs, leaseLimit, leaseMs, leaseId, quotaLimit, then
 * (amount, reservationId) pairs. Returns {stage, remaining, resetMs, a, b}: stage 0 rate refused (a = retryAfterMs),
 * 1 lease refused (a = holders, b = retryAfterMs), 2 quota refused (a = used, b = resetSeconds), 3 admitted (a = used,
 * b = resetSeconds). The rate and quota arithmetic is that of the scripts above; leases live in a sorted set scored by
 * expiry, expired ones dropped first, so a holder that dies frees its slot. Nothing is taken past a refusal.
 */
export const admitScript = `${now}
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local interval = window / limit
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - window
if allow_at > now then
  local remaining = math.floor((window - (tat - now)) / interval)
  if remaining < 0 then remaining = 0 end
  return {0, remaining, math.ceil(tat - now), math.ceil(allow_at - now), 0}
end
redis.call('SET', KEYS[1], string.format('%.3f', new_tat), 'PX', math.max(1, math.ceil(new_tat - now)))
local remaining = math.floor((window - (new_tat - now)) / interval)
local reset_ms = math.ceil(new_tat - now)

local lease_limit = tonumber(ARGV[3])
local lease = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local holders = redis.call('ZCARD', KEYS[2])
if holders >= lease_limit then
  local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return {1, remaining, reset_ms, holders, math.ceil(tonumber(first[2]) - now)}
end

local day = math.floor(now / 86400000)
local reset = 86400 - math.floor(now / 1000) % 86400
local counter = KEYS[3] .. ':' .. day
local quota = tonumber(ARGV[6])
local used = tonumber(redis.call('GET', counter) or '0')
local total = 0
for i = 7, #ARGV, 2 do total = total + tonumber(ARGV[i]) end
if used + total > quota then return {2, remaining, reset_ms, used, reset} end

redis.call('ZADD', KEYS[2], now + lease, ARGV[5])
if redis.call('PTTL', KEYS[2]) < lease then redis.call('PEXPIRE', KEYS[2], lease) end
for i = 7, #ARGV, 2 do
  used = redis.call('INCRBY', counter, tonumber(ARGV[i]))
  redis.call('HSET', KEYS[4], ARGV[i + 1], ARGV[i] .. ' ' .. counter)
end
redis.call('EXPIRE', counter, reset + 3600)
redis.call('EXPIRE', KEYS[4], 172800)
return {3, remaining, reset_ms, used, reset}
`;

/** KEYS[1] counter prefix → today's count. */
export const usedScript = `${now}
return tonumber(redis.call('GET', KEYS[1] .. ':' .. math.floor(now / 86400000)) or '0')
`;
