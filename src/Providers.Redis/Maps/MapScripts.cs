using Adapters.Redis.Commands;

namespace Adapters.Redis.Maps;

/// <summary>
/// The Lua scripts of the Redis map. Each runs atomically on the server. Invariants they keep together:
/// a stamp is <c>max(now_µs, clock + 1)</c> from the server's TIME and the clock moves to it; the timestamps hash holds
/// the last stamp of every live entry and of every tombstone (an entry removed while consumer groups exist); the
/// sorted index, when the map has one, mirrors the timestamps hash; the tombstone set holds removal stamps for pruning.
/// Stamps travel as integer strings ('%.0f': Lua 5.1 prints large numbers in exponent form otherwise).
/// </summary>
internal static class MapScripts
{
    // Raw string literals end without a newline: fragments are joined with one.
    private static RedisScript Lua(params string[] fragments) => new(string.Join('\n', fragments));

    private const string Prelude = """
        local function fmt(n) return string.format('%.0f', n) end
        local function now_us()
          local t = redis.call('TIME')
          return tonumber(t[1]) * 1000000 + tonumber(t[2])
        end
        local function next_stamp(clock_key)
          local now = now_us()
          local clock = tonumber(redis.call('GET', clock_key) or '0')
          if now <= clock then now = clock + 1 end
          return now
        end
        """;

    // Prunes tombstones every group has passed (all of them when no group is left), at most `limit` per call.
    // KEYS used: groups, tombstones, timestamps, index, values — passed in as arguments of the function.
    private const string Prune = """
        local function prune(groups, tombstones, timestamps, index, values, limit)
          local checkpoints = redis.call('HVALS', groups)
          local horizon = '+inf'
          if #checkpoints > 0 then
            local low = tonumber(checkpoints[1])
            for i = 2, #checkpoints do
              local c = tonumber(checkpoints[i])
              if c < low then low = c end
            end
            horizon = fmt(low)
          end
          local dead = redis.call('ZRANGEBYSCORE', tombstones, '-inf', horizon, 'LIMIT', 0, limit)
          for _, field in ipairs(dead) do
            if redis.call('HEXISTS', values, field) == 0 then
              redis.call('HDEL', timestamps, field)
              redis.call('ZREM', index, field)
            end
            redis.call('ZREM', tombstones, field)
          end
        end
        """;

    // The head of both set scripts: one MGET reads the index state and the clock; an empty map that wants an index
    // starts with a ready one; the first stamp is max(now_µs, clock + 1). Writes stay inline (no helper functions, one
    // string.format per stamp) because the single-entry set is the hot path and every redis.call costs ~1.5 µs.
    private const string SetHead = """
        local meta = redis.call('MGET', KEYS[7], KEYS[4])
        local indexed = meta[1] ~= false
        if not indexed and ARGV[1] == '1' and redis.call('HLEN', KEYS[2]) == 0 then
          redis.call('SET', KEYS[7], 'ready')
          indexed = true
        end
        local t = redis.call('TIME')
        local stamp = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local clock = tonumber(meta[2] or '0')
        if stamp <= clock then stamp = clock + 1 end
        """;

    /// <summary>
    /// Sets one entry. KEYS: values, timestamps, index, clock, groups, tombstones, index-state.
    /// ARGV: want-index ('1' lets an empty map start with a ready index), field, value. Returns the stamp and 1 when added.
    /// </summary>
    public static readonly RedisScript Set = Lua(SetHead, """
        local s = string.format('%.0f', stamp)
        local field = ARGV[2]
        local added = redis.call('HSET', KEYS[1], field, ARGV[3])
        redis.call('HSET', KEYS[2], field, s)
        if indexed then redis.call('ZADD', KEYS[3], s, field) end
        if added == 1 then redis.call('ZREM', KEYS[6], field) end
        redis.call('SET', KEYS[4], s)
        return { s, added }
        """);

    /// <summary>
    /// Sets a chunk of entries with one HSET, one HSET of stamps and one ZADD: an entry was added when it had no stamp or
    /// only a tombstone's. Later duplicates of a field win, as if set one by one. KEYS as <see cref="Set"/>.
    /// ARGV: want-index, then field, value pairs (at most <see cref="MaxChunk"/>). Returns the first stamp (the others
    /// follow one by one) and, per entry, 1 when it was added.
    /// </summary>
    public static readonly RedisScript SetMany = Lua(SetHead, """
        local n = (#ARGV - 1) / 2
        local fields = {}
        for i = 1, n do fields[i] = ARGV[2 * i] end
        local before = redis.call('HMGET', KEYS[2], unpack(fields))
        local tombstoned = redis.call('ZCARD', KEYS[6]) > 0
        local result = { string.format('%.0f', stamp) }
        local seen, revived, stamps, scores = {}, {}, {}, {}
        for i = 1, n do
          local field = fields[i]
          local s = string.format('%.0f', stamp + i - 1)
          local added = 0
          if not seen[field] then
            if not before[i] then
              added = 1
            elseif tombstoned and redis.call('ZSCORE', KEYS[6], field) then
              added = 1
              revived[#revived + 1] = field
            end
            seen[field] = true
          end
          result[i + 1] = added
          stamps[2 * i - 1] = field
          stamps[2 * i] = s
          scores[2 * i - 1] = s
          scores[2 * i] = field
        end
        redis.call('HSET', KEYS[1], unpack(ARGV, 2))
        redis.call('HSET', KEYS[2], unpack(stamps))
        if indexed then redis.call('ZADD', KEYS[3], unpack(scores)) end
        if #revived > 0 then redis.call('ZREM', KEYS[6], unpack(revived)) end
        redis.call('SET', KEYS[4], string.format('%.0f', stamp + n - 1))
        return result
        """);

    /// <summary>
    /// The most entries one <see cref="SetMany"/> call takes: Lua's <c>unpack</c> fits ~8000 values on its stack and a
    /// chunk unpacks two per entry.
    /// </summary>
    public const int MaxChunk = 3000;

    /// <summary>
    /// Removes entries; while groups exist each leaves a tombstone. KEYS as <see cref="Set"/>. ARGV: fields.
    /// Returns per field its removal stamp, or '0' when it was not there.
    /// </summary>
    public static readonly RedisScript Remove = Lua(Prelude, """
        local indexed = redis.call('EXISTS', KEYS[7]) == 1
        local tracked = redis.call('HLEN', KEYS[5]) > 0
        local stamp = nil
        local result = {}
        for i = 1, #ARGV do
          local field = ARGV[i]
          if redis.call('HDEL', KEYS[1], field) == 1 then
            if not stamp then stamp = next_stamp(KEYS[4]) end
            local s = fmt(stamp)
            if tracked then
              redis.call('HSET', KEYS[2], field, s)
              redis.call('ZADD', KEYS[6], s, field)
              if indexed then redis.call('ZADD', KEYS[3], s, field) end
            else
              redis.call('HDEL', KEYS[2], field)
              if indexed then redis.call('ZREM', KEYS[3], field) end
            end
            result[i] = s
            stamp = stamp + 1
          else
            result[i] = '0'
          end
        end
        if stamp then redis.call('SET', KEYS[4], fmt(stamp - 1)) end
        return result
        """);

    /// <summary>
    /// Drops every entry at once when no consumer group exists (nothing needs tombstones). KEYS: values, timestamps,
    /// index, tombstones, groups. Returns 1 when done, 0 when groups exist (the caller then removes page by page).
    /// </summary>
    public static readonly RedisScript ClearUntracked = new("""
        if redis.call('HLEN', KEYS[5]) > 0 then return 0 end
        redis.call('UNLINK', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
        return 1
        """);

    /// <summary>
    /// Takes a change window: cutoff = now - quiet, and clock := max(clock, cutoff) in the same step so no later write
    /// is stamped inside it; creates the group at 0. KEYS: clock, groups. ARGV: group, quiet µs. Returns checkpoint, cutoff.
    /// </summary>
    public static readonly RedisScript Window = Lua(Prelude, """
        local cutoff = now_us() - tonumber(ARGV[2])
        local clock = tonumber(redis.call('GET', KEYS[1]) or '0')
        if cutoff > clock then redis.call('SET', KEYS[1], fmt(cutoff)) end
        redis.call('HSETNX', KEYS[2], ARGV[1], '0')
        return { redis.call('HGET', KEYS[2], ARGV[1]), fmt(cutoff) }
        """);

    // The entries of a SortedIndex page: the range (field, stamp pairs) from the index, then the values in slices of
    // HMGET replies (unpack fits ~8000 values on Lua's stack), appended to `result` as Redis gave them: rebuilding one
    // flat table of every field, stamp and value cost the server a fifth of a 10,000-entry page. Sets result[3] to 1
    // when more entries wait. Expects `result`, `low` (exclusive, with its '('), `high`, `max`, and the index and
    // values keys as `index_key`, `values_key`.
    private const string PageBody = """
        local range = redis.call('ZRANGEBYSCORE', index_key, low, high, 'WITHSCORES', 'LIMIT', 0, max + 1)
        local take = #range / 2
        if take > max then
          result[3] = 1
          take = max
          range[#range] = nil
          range[#range] = nil
        end
        if take == 0 then return result end
        result[4] = range
        local fields = {}
        for i = 1, take do fields[i] = range[2 * i - 1] end
        for first = 1, take, 1000 do
          result[#result + 1] = redis.call('HMGET', values_key, unpack(fields, first, math.min(first + 999, take)))
        end
        return result
        """;

    /// <summary>
    /// The first SortedIndex page of a batch: the window and ZRANGEBYSCORE (checkpoint, cutoff] with LIMIT and the
    /// values, in one round trip. KEYS: clock, groups, index, values, index-state. ARGV: group, quiet µs, max count.
    /// Returns {'not-indexed'} while the index is not ready; else checkpoint, cutoff, has-more, and when entries were
    /// found the range (field, stamp pairs) followed by the values in slices, in range order.
    /// </summary>
    public static readonly RedisScript IndexPage = Lua(Prelude, """
        if redis.call('GET', KEYS[5]) ~= 'ready' then return { 'not-indexed' } end
        local cutoff = now_us() - tonumber(ARGV[2])
        local clock = tonumber(redis.call('GET', KEYS[1]) or '0')
        if cutoff > clock then redis.call('SET', KEYS[1], fmt(cutoff)) end
        redis.call('HSETNX', KEYS[2], ARGV[1], '0')
        local checkpoint = redis.call('HGET', KEYS[2], ARGV[1])
        local result = { checkpoint, fmt(cutoff), 0 }
        if cutoff <= tonumber(checkpoint) then return result end
        local index_key, values_key = KEYS[3], KEYS[4]
        local low, high, max = '(' .. checkpoint, fmt(cutoff), tonumber(ARGV[3])
        """, PageBody);

    /// <summary>
    /// A further page of the same window: ZRANGEBYSCORE (after, cutoff] with LIMIT and the values. The window cannot
    /// gain entries meanwhile (the first page moved the clock to the cutoff, so later writes are stamped past it); an
    /// entry rewritten meanwhile leaves it for the next batch. KEYS: index, values. ARGV: after, cutoff, max count.
    /// Returns after, cutoff, has-more, then the range and the value slices as <see cref="IndexPage"/>.
    /// </summary>
    public static readonly RedisScript IndexPageNext = Lua("""
        local result = { ARGV[1], ARGV[2], 0 }
        local index_key, values_key = KEYS[1], KEYS[2]
        local low, high, max = '(' .. ARGV[1], ARGV[2], tonumber(ARGV[3])
        """, PageBody);

    /// <summary>
    /// One ServerScript step: HSCAN of the timestamps hash from a cursor, returning only entries in (checkpoint, cutoff].
    /// KEYS: timestamps. ARGV: cursor, count, checkpoint, cutoff. Returns the next cursor, then field, stamp pairs.
    /// </summary>
    public static readonly RedisScript ScanStep = new("""
        local page = redis.call('HSCAN', KEYS[1], ARGV[1], 'COUNT', ARGV[2])
        local low = tonumber(ARGV[3])
        local high = tonumber(ARGV[4])
        local result = { page[1] }
        local items = page[2]
        for i = 1, #items, 2 do
          local stamp = tonumber(items[i + 1])
          if stamp > low and stamp <= high then
            result[#result + 1] = items[i]
            result[#result + 1] = items[i + 1]
          end
        end
        return result
        """);

    /// <summary>
    /// Reads values with their current stamps in one atomic step (scan strategies fetch after scanning).
    /// KEYS: values, timestamps. ARGV: fields. Returns value, stamp per field (nil value: a tombstone or gone).
    /// </summary>
    public static readonly RedisScript Fetch = new("""
        local values = redis.call('HMGET', KEYS[1], unpack(ARGV))
        local stamps = redis.call('HMGET', KEYS[2], unpack(ARGV))
        local result = {}
        for i = 1, #ARGV do
          result[2 * i - 1] = values[i]
          result[2 * i] = stamps[i]
        end
        return result
        """);

    /// <summary>
    /// Moves a group's checkpoint by compare-and-set, fenced by the lease, then prunes tombstones.
    /// KEYS: groups, lease, clock, tombstones, timestamps, index, values. ARGV: group, expected, next, lease token ('' for
    /// none), prune limit. Returns 1 on success, 0 when refused, -1 when next passes the clock.
    /// </summary>
    public static readonly RedisScript Commit = Lua(Prelude, Prune, """
        if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
        local holder = redis.call('GET', KEYS[2])
        if ARGV[4] == '' then
          if holder then return 0 end
        elseif holder ~= ARGV[4] then
          return 0
        end
        if tonumber(ARGV[3]) > tonumber(redis.call('GET', KEYS[3]) or '0') then return -1 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        prune(KEYS[1], KEYS[4], KEYS[5], KEYS[6], KEYS[7], tonumber(ARGV[5]))
        return 1
        """);

    /// <summary>
    /// Deletes a group and its lease, then prunes what only it still needed. KEYS: groups, lease, tombstones,
    /// timestamps, index, values. ARGV: group, prune limit. Returns 1 when the group existed.
    /// </summary>
    public static readonly RedisScript DeleteGroup = Lua(Prelude, Prune, """
        local existed = redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('DEL', KEYS[2])
        prune(KEYS[1], KEYS[3], KEYS[4], KEYS[5], KEYS[6], tonumber(ARGV[2]))
        return existed
        """);

    /// <summary>Extends a lease still held by the token. KEYS: lease. ARGV: token, milliseconds. Returns 1 or 0.</summary>
    public static readonly RedisScript RenewLease = new("""
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
        """);

    /// <summary>Gives a lease up if the token still holds it. KEYS: lease. ARGV: token.</summary>
    public static readonly RedisScript ReleaseLease = new("""
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
        return 1
        """);

    /// <summary>
    /// Backfills the sorted index from the timestamps hash for the given fields, with their CURRENT stamps (a writer may
    /// have moved them since the scan). KEYS: timestamps, index. ARGV: fields. Returns how many were indexed.
    /// </summary>
    public static readonly RedisScript Backfill = new("""
        local stamps = redis.call('HMGET', KEYS[1], unpack(ARGV))
        local indexed = 0
        for i = 1, #ARGV do
          if stamps[i] then
            redis.call('ZADD', KEYS[2], stamps[i], ARGV[i])
            indexed = indexed + 1
          end
        end
        return indexed
        """);
}
