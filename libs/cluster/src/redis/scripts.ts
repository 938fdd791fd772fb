// Lua run atomically inside Redis. Records are JSON written by the client and copied
// verbatim (cjson re-encoding would round numbers to 14 digits); only statuses, heartbeat
// scores and event envelopes are built here. Time is Redis TIME, so nodes need no clock sync.

const PRELUDE = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function fmt(n) return string.format('%d', n) end
-- The static record travels as a JSON string, so receivers can reuse its decoded form.
local function row(rec, status, load, hb)
  return '{"rec":' .. cjson.encode(rec) .. ',"status":"' .. status .. '","load":' .. load .. ',"hb":' .. hb .. '}'
end
local function event(kind, change, r)
  return '{"type":"' .. kind .. '","change":"' .. change .. '","row":' .. r .. '}'
end
local function touch(first, ttl)
  for i = first, first + 3 do redis.call('PEXPIRE', KEYS[i], ttl) end
end
`;

/** KEYS: entity columns. ARGV: id, rec, status, load, channel, keyTtl, kind, joinedChange. Returns store time. */
export const REGISTER_NODE = `${PRELUDE}
local id = ARGV[1]
local prev = redis.call('HGET', KEYS[2], id)
local now = now_ms()
redis.call('HSET', KEYS[1], id, ARGV[2])
redis.call('HSET', KEYS[2], id, ARGV[3])
redis.call('HSET', KEYS[3], id, ARGV[4])
redis.call('ZADD', KEYS[4], now, id)
touch(1, ARGV[6])
local change = 'updated'
if (not prev) or prev == 'failed' then change = ARGV[8] end
redis.call('PUBLISH', ARGV[5], event(ARGV[7], change, row(ARGV[2], ARGV[3], ARGV[4], fmt(now))))
return now
`;

/** KEYS: server columns, region map. ARGV: id, rec, load, channel, keyTtl, hasRegion. Returns {'ok', now} or {'conflict', otherId}. */
export const REGISTER_SERVER = `${PRELUDE}
local function axis(a0, a1, b0, b1)
  local aflat, bflat = a1 <= a0, b1 <= b0
  if aflat and bflat then return a0 == b0 end
  if aflat then return b0 <= a0 and a0 < b1 end
  if bflat then return a0 <= b0 and b0 < a1 end
  return a0 < b1 and b0 < a1
end
local function overlaps(a, b)
  return axis(a.min.x, a.max.x, b.min.x, b.max.x)
     and axis(a.min.y, a.max.y, b.min.y, b.max.y)
     and axis(a.min.z, a.max.z, b.min.z, b.max.z)
end
local id = ARGV[1]
-- The region map (model/region-map.ts): a server it names owns what it says, and is not
-- checked here; the others are checked against what each owns under the map.
local stored = redis.call('GET', KEYS[5])
local map = {regions = {}, reserved = {}}
if stored then map = cjson.decode(stored) end
local function owned(rec)
  if map.regions[rec.id] ~= nil then return map.regions[rec.id] end
  if map.reserved[rec.name] ~= nil then return nil end
  return rec.region
end
-- A live server at the same address is this one's dead predecessor: it is failed (and its
-- region freed) instead of refusing the restart until its heartbeat times out.
local replaced = {}
local me = cjson.decode(ARGV[2])
if ARGV[6] == '1' and map.regions[me.id] == nil and map.reserved[me.name] == nil then
  local all = redis.call('HGETALL', KEYS[1])
  for i = 1, #all, 2 do
    local other = all[i]
    if other ~= id and redis.call('HGET', KEYS[2], other) ~= 'failed' then
      local rec = cjson.decode(all[i + 1])
      local region = owned(rec)
      if type(region) == 'table' and overlaps(me.region, region) then
        if rec.address ~= me.address then return {'conflict', other} end
        replaced[#replaced + 1] = {other, all[i + 1]}
      end
    end
  end
end
for _, r in ipairs(replaced) do
  redis.call('HSET', KEYS[2], r[1], 'failed')
  local hb = redis.call('ZSCORE', KEYS[4], r[1]) or '0'
  redis.call('PUBLISH', ARGV[4], event('server', 'failed', row(r[2], 'failed', redis.call('HGET', KEYS[3], r[1]) or 'null', hb)))
end
local prev = redis.call('HGET', KEYS[2], id)
local now = now_ms()
redis.call('HSET', KEYS[1], id, ARGV[2])
redis.call('HSET', KEYS[2], id, 'active')
redis.call('HSET', KEYS[3], id, ARGV[3])
redis.call('ZADD', KEYS[4], now, id)
touch(1, ARGV[5])
local change = 'updated'
if (not prev) or prev == 'failed' then change = 'registered' end
redis.call('PUBLISH', ARGV[4], event('server', change, row(ARGV[2], 'active', ARGV[3], fmt(now))))
return {'ok', now}
`;

/** KEYS: entity columns. ARGV: id, status ('' keeps), load, channel, keyTtl, publish, kind. Returns now, -1 missing, -2 failed. */
export const HEARTBEAT = `${PRELUDE}
local id = ARGV[1]
local prev = redis.call('HGET', KEYS[2], id)
if not prev then return -1 end
if prev == 'failed' then return -2 end
local status = prev
if ARGV[2] ~= '' then
  status = ARGV[2]
  redis.call('HSET', KEYS[2], id, status)
end
local now = now_ms()
redis.call('HSET', KEYS[3], id, ARGV[3])
redis.call('ZADD', KEYS[4], now, id)
touch(1, ARGV[5])
if ARGV[6] == '1' then
  local rec = redis.call('HGET', KEYS[1], id)
  redis.call('PUBLISH', ARGV[4], event(ARGV[7], 'updated', row(rec, status, ARGV[3], fmt(now))))
end
return now
`;

/** KEYS: entity columns. ARGV: id, channel, kind, change, statusOverride ('' keeps). Returns 1 if removed. */
export const REMOVE = `${PRELUDE}
local id = ARGV[1]
local rec = redis.call('HGET', KEYS[1], id)
if not rec then return 0 end
local status = redis.call('HGET', KEYS[2], id)
local load = redis.call('HGET', KEYS[3], id) or 'null'
local hb = redis.call('ZSCORE', KEYS[4], id) or '0'
redis.call('HDEL', KEYS[1], id)
redis.call('HDEL', KEYS[2], id)
redis.call('HDEL', KEYS[3], id)
redis.call('ZREM', KEYS[4], id)
if ARGV[5] ~= '' then status = ARGV[5] end
redis.call('PUBLISH', ARGV[2], event(ARGV[3], ARGV[4], row(rec, status, load, hb)))
return 1
`;

/** KEYS: node columns then server columns. ARGV: nodeTimeout, serverTimeout, retention, channel, sweeping node id ('' for none). */
export const SWEEP = `${PRELUDE}
local now = now_ms()
local retention = tonumber(ARGV[3])
local function sweep(first, timeout, kind)
  local failed, removed = {}, {}
  local stale = redis.call('ZRANGEBYSCORE', KEYS[first + 3], '-inf', '(' .. fmt(now - timeout), 'WITHSCORES')
  for i = 1, #stale, 2 do
    local id, hb = stale[i], stale[i + 1]
    local rec = redis.call('HGET', KEYS[first], id)
    local status = redis.call('HGET', KEYS[first + 1], id)
    local load = redis.call('HGET', KEYS[first + 2], id)
    -- A record's own heartbeatTimeoutMs (Horizon servers) may only lengthen the timeout.
    local own = timeout
    if rec then
      local ok, decoded = pcall(cjson.decode, rec)
      if ok and type(decoded) == 'table' and type(decoded.heartbeatTimeoutMs) == 'number' and decoded.heartbeatTimeoutMs > timeout then
        own = decoded.heartbeatTimeoutMs
      end
    end
    if (not rec) or (not status) or (not load) then
      redis.call('ZREM', KEYS[first + 3], id)
    elseif tonumber(hb) >= now - own then
      -- stale by the store's timeout, not yet by its own
    elseif tonumber(hb) < now - own - retention then
      for k = first, first + 2 do redis.call('HDEL', KEYS[k], id) end
      redis.call('ZREM', KEYS[first + 3], id)
      removed[#removed + 1] = id
      redis.call('PUBLISH', ARGV[4], event(kind, 'removed', row(rec, status, load, hb)))
    elseif status ~= 'failed' then
      redis.call('HSET', KEYS[first + 1], id, 'failed')
      failed[#failed + 1] = id
      redis.call('PUBLISH', ARGV[4], event(kind, 'failed', row(rec, 'failed', load, hb)))
    end
  end
  return failed, removed
end
-- A sweep on behalf of a node whose own heartbeat is not fresh reached Redis late (it sat in
-- the socket of a paused server): everyone would look dead, so it judges nobody.
if ARGV[5] and ARGV[5] ~= '' then
  local own = redis.call('ZSCORE', KEYS[4], ARGV[5])
  if (not own) or tonumber(own) < now - tonumber(ARGV[1]) / 2 then return {{}, {}, {}, {}} end
end
local fn, rn = sweep(1, tonumber(ARGV[1]), 'node')
local fs, rs = sweep(5, tonumber(ARGV[2]), 'server')
return {fn, rn, fs, rs}
`;

/** KEYS: entity columns. Returns {rec pairs, status pairs, load pairs, hb pairs} in one atomic read. */
export const SNAPSHOT = `
return {
  redis.call('HGETALL', KEYS[1]),
  redis.call('HGETALL', KEYS[2]),
  redis.call('HGETALL', KEYS[3]),
  redis.call('ZRANGE', KEYS[4], 0, -1, 'WITHSCORES')
}
`;

/** KEYS: entity columns. ARGV: id. Returns {rec, status, load, hb} (false where missing). */
export const GET_ROW = `
local id = ARGV[1]
return {
  redis.call('HGET', KEYS[1], id),
  redis.call('HGET', KEYS[2], id),
  redis.call('HGET', KEYS[3], id),
  redis.call('ZSCORE', KEYS[4], id)
}
`;

/** KEYS: session. ARGV: nodeId, rec, ttl, policy, channel, playerId, staleNodeIds... Returns {'ok', prevRec|''} or {'conflict', holder}. */
export const CLAIM_SESSION = `
local holder = redis.call('HGET', KEYS[1], 'node')
local prev = ''
if holder then prev = redis.call('HGET', KEYS[1], 'rec') or '' end
if holder and holder ~= ARGV[1] then
  local stale = false
  for i = 7, #ARGV do
    if ARGV[i] == holder then stale = true end
  end
  if ARGV[4] ~= 'takeover' and not stale then return {'conflict', holder} end
  redis.call('PUBLISH', ARGV[5], cjson.encode({
    type = 'session', change = 'taken_over', playerId = ARGV[6], previousNodeId = holder, nodeId = ARGV[1]
  }))
end
redis.call('HSET', KEYS[1], 'node', ARGV[1], 'rec', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {'ok', prev}
`;

/** KEYS: session. ARGV: nodeId, rec, ttl. Returns {'ok'}, {'missing'} or {'not_holder', holder}. */
export const UPDATE_SESSION = `
local holder = redis.call('HGET', KEYS[1], 'node')
if not holder then return {'missing'} end
if holder ~= ARGV[1] then return {'not_holder', holder} end
redis.call('HSET', KEYS[1], 'rec', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {'ok'}
`;

/** KEYS: session. ARGV: nodeId. Returns 1 if released. */
export const RELEASE_SESSION = `
if redis.call('HGET', KEYS[1], 'node') == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`;

/**
 * KEYS: session. ARGV: the ticket id and the redeeming node id as JSON strings, then stale
 * node ids. Consumes the record's ticket: {'redeemed', rec-before}, {'missing'}, {'used'} or
 * {'live', holder}. The ticket a resume redeemed (spentTicketId, until the client confirms
 * the next one) is taken again once the node that redeemed it (spentBy) is stale, or holds
 * the record disconnected: it died, or lost the client, before its Welcome arrived; until
 * then it is {'live', spentBy} (the client retries). The record text is edited in place
 * (ticketId becomes null, spentTicketId and spentBy this redemption's, the codec writing
 * them in that order right before position; disconnectedAt goes), so nothing else in it is
 * re-encoded; its TTL is kept.
 */
export const REDEEM_TICKET = `
local rec = redis.call('HGET', KEYS[1], 'rec')
if not rec then return {'missing'} end
local current = '"ticketId":' .. ARGV[1]
local at = string.find(rec, current, 1, true)
local function stale(id)
  for i = 3, #ARGV do
    if ARGV[i] == id then return true end
  end
  return false
end
if not at then
  local spent = ',"spentTicketId":' .. ARGV[1] .. ',"spentBy":'
  local s, e = string.find(rec, spent, 1, true)
  if not s then return {'used'} end
  local stop = string.find(rec, ',"position":', e, true)
  if not stop then return {'used'} end
  local by = cjson.decode(string.sub(rec, e + 1, stop - 1))
  if type(by) ~= 'string' then return {'used'} end
  local lost = by == redis.call('HGET', KEYS[1], 'node') and string.find(rec, '"disconnectedAt":', 1, true)
  if not stale(by) and not lost then return {'live', by} end
elseif not string.find(rec, '"disconnectedAt":', 1, true) and not stale(redis.call('HGET', KEYS[1], 'node')) then
  return {'live', redis.call('HGET', KEYS[1], 'node')}
end
-- From ticketId up to position (the codec's order; older records lack the spent fields).
local from = string.find(rec, '"ticketId":', 1, true)
local pos = string.find(rec, ',"position":', from, true)
local out = string.sub(rec, 1, from - 1) .. '"ticketId":null,"spentTicketId":' .. ARGV[1] .. ',"spentBy":' .. ARGV[2] .. string.sub(rec, pos)
-- Not disconnected any more: from here on a disconnect is the redeemer's, after its claim.
out = string.gsub(out, ',"disconnectedAt":[%d%.eE+-]+', '')
redis.call('HSET', KEYS[1], 'rec', out)
return {'redeemed', rec}
`;

/**
 * KEYS: session. ARGV: the ticket id and the redeemer as JSON strings, the redeemer's id, now
 * (ms). Undoes that node's redemption (REDEEM_TICKET's edit, still in place: the record was
 * not claimed since, so the hash's node is someone else) and marks the record disconnected
 * unless it is: 1, or 0 when the record names another redemption or none.
 */
export const RETURN_TICKET = `
local rec = redis.call('HGET', KEYS[1], 'rec')
if not rec or redis.call('HGET', KEYS[1], 'node') == ARGV[3] then return 0 end
local spent = '"ticketId":null,"spentTicketId":' .. ARGV[1] .. ',"spentBy":' .. ARGV[2] .. ','
local s, e = string.find(rec, spent, 1, true)
if not s then return 0 end
local out = string.sub(rec, 1, s - 1) .. '"ticketId":' .. ARGV[1] .. ',"spentTicketId":null,"spentBy":null,' .. string.sub(rec, e + 1)
-- disconnectedAt is the codec's last field: a record without one gets it before the closing brace.
if not string.find(out, '"disconnectedAt":', 1, true) then out = string.sub(out, 1, -2) .. ',"disconnectedAt":' .. ARGV[4] .. '}' end
redis.call('HSET', KEYS[1], 'rec', out)
return 1
`;

/** KEYS: lease, lease-seq. ARGV: holder, ttl. Tokens: max(previous + 1, now ms), so they grow even across a Redis restart. */
export const ACQUIRE_LEASE = `${PRELUDE}
local current = redis.call('GET', KEYS[1])
if current then
  local sep = string.find(current, ':', 1, true)
  return {'held', string.sub(current, sep + 1)}
end
local now = now_ms()
local token = redis.call('INCR', KEYS[2])
if token < now then
  redis.call('SET', KEYS[2], fmt(now))
  token = now
end
redis.call('SET', KEYS[1], fmt(token) .. ':' .. ARGV[1], 'PX', ARGV[2])
return {'ok', token}
`;

/** KEYS: lease. ARGV: token, holder, ttl. Returns 1 if renewed. */
export const RENEW_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] .. ':' .. ARGV[2] then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 1
end
return 0
`;

/** KEYS: lease. ARGV: token, holder. Returns 1 if released. */
export const RELEASE_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] .. ':' .. ARGV[2] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`;

/**
 * KEYS: region map, the fencing lease. ARGV: expected version, lease token, lease holder, the
 * change's JSON ({"regions":...,"reserved":...}), channel. The record is the change with the
 * version prepended, so its numbers are the client's own text. Returns {'ok', record},
 * {'fenced'} or {'conflict', currentVersion}.
 */
export const COMMIT_MAP = `
if redis.call('GET', KEYS[2]) ~= ARGV[2] .. ':' .. ARGV[3] then return {'fenced'} end
local stored = redis.call('GET', KEYS[1])
local version = 0
if stored then version = tonumber(cjson.decode(stored).version) end
if version ~= tonumber(ARGV[1]) then return {'conflict', version} end
local record = '{"version":' .. string.format('%d', version + 1) .. ',' .. string.sub(ARGV[4], 2)
redis.call('SET', KEYS[1], record)
redis.call('PUBLISH', ARGV[5], '{"type":"map","map":' .. record .. '}')
return {'ok', record}
`;

/**
 * KEYS: region map, the fencing lease. ARGV: lease token, lease holder, the record's JSON,
 * its version, channel. Puts a lost version back when the stored one is older. Returns
 * {'ok'}, {'fenced'} or {'conflict', currentVersion}.
 */
export const RESTORE_MAP = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] .. ':' .. ARGV[2] then return {'fenced'} end
local stored = redis.call('GET', KEYS[1])
local version = 0
if stored then version = tonumber(cjson.decode(stored).version) end
if version >= tonumber(ARGV[4]) then return {'conflict', version} end
redis.call('SET', KEYS[1], ARGV[3])
redis.call('PUBLISH', ARGV[5], '{"type":"map","map":' .. ARGV[3] .. '}')
return {'ok'}
`;
