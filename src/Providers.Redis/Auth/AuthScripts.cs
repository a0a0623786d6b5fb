using Adapters.Redis.Commands;

namespace Adapters.Redis.Auth;

/// <summary>
/// The Lua scripts of the auth-state store. Each runs atomically on the server, and each checks every key's type
/// before its first write: Redis does not roll a script back when a command inside it fails, so a WRONGTYPE halfway
/// through would leave a change-set half applied. Every key a script touches is declared in KEYS (one hash tag, so one
/// cluster slot).
/// </summary>
internal static class AuthScripts
{
    /// <summary>
    /// Applies a change-set. KEYS[1]: the types set; KEYS[2..]: one hash per type. ARGV, per type in KEYS order: its
    /// name, its TTL in ms ('0': none), the number of writes, the number of deletions, then id, value per write, then
    /// the ids to delete. Returns the number of changes applied.
    /// </summary>
    /// <remarks>
    /// Writes and deletions go in slices of 1,000 arguments: <c>unpack</c> puts its results on the Lua stack, which
    /// holds at most 8,000. The types set keeps exactly the types whose hash exists. It expires only when every type
    /// in it does: it is persistent while it holds a persistent type (conservatively: once persistent, it stays so until
    /// cleared), else it lives as long as the longest-lived of its hashes. Everything is idempotent (HSET, HDEL, SADD,
    /// SREM, PEXPIRE), so a change-set retried after an unknown outcome converges.
    /// </remarks>
    public static readonly RedisScript Apply = new("""
        local function kind(key) return redis.call('TYPE', key)['ok'] end
        local found = kind(KEYS[1])
        if found ~= 'set' and found ~= 'none' then
          return redis.error_reply('WRONGTYPE ' .. KEYS[1] .. ' holds a ' .. found .. ', not a set; nothing was changed')
        end
        for k = 2, #KEYS do
          found = kind(KEYS[k])
          if found ~= 'hash' and found ~= 'none' then
            return redis.error_reply('WRONGTYPE ' .. KEYS[k] .. ' holds a ' .. found .. ', not a hash; nothing was changed')
          end
        end
        local set_ttl = redis.call('PTTL', KEYS[1])
        local persistent = set_ttl == -1
        local longest = math.max(set_ttl, 0)
        local p = 1
        local applied = 0
        for k = 2, #KEYS do
          local hash = KEYS[k]
          local name = ARGV[p]
          local ttl = tonumber(ARGV[p + 1])
          local writes = tonumber(ARGV[p + 2])
          local deletes = tonumber(ARGV[p + 3])
          p = p + 4
          local last = p + 2 * writes - 1
          for i = p, last, 1000 do
            redis.call('HSET', hash, unpack(ARGV, i, math.min(i + 999, last)))
          end
          p = last + 1
          last = p + deletes - 1
          for i = p, last, 1000 do
            redis.call('HDEL', hash, unpack(ARGV, i, math.min(i + 999, last)))
          end
          p = last + 1
          applied = applied + writes + deletes
          if writes > 0 or redis.call('EXISTS', hash) == 1 then
            redis.call('SADD', KEYS[1], name)
            if ttl > 0 then
              redis.call('PEXPIRE', hash, ttl)
              longest = math.max(longest, ttl)
            else
              redis.call('PERSIST', hash)
              persistent = true
            end
          else
            redis.call('SREM', KEYS[1], name)
          end
        end
        if redis.call('EXISTS', KEYS[1]) == 1 then
          if persistent then
            redis.call('PERSIST', KEYS[1])
          elseif longest > 0 then
            redis.call('PEXPIRE', KEYS[1], longest)
          end
        end
        return applied
        """);

    /// <summary>
    /// Removes the keys of a session, and its credentials when asked. KEYS[1]: the types set; KEYS[2]: the credentials;
    /// KEYS[3..]: the hashes of the types the caller believes the session has. ARGV[1]: '1' to remove the credentials
    /// too; ARGV[2..]: those types' names. Returns 1 when done; when the types set holds other types (a writer added
    /// one meanwhile) nothing is removed and its members are returned, for the caller to retry with.
    /// </summary>
    public static readonly RedisScript Clear = new("""
        local members = redis.call('SMEMBERS', KEYS[1])
        local same = #members == #ARGV - 1
        if same then
          local expected = {}
          for i = 2, #ARGV do expected[ARGV[i]] = true end
          for _, member in ipairs(members) do
            if not expected[member] then
              same = false
              break
            end
          end
        end
        if not same then return members end
        for k = 3, #KEYS do redis.call('UNLINK', KEYS[k]) end
        redis.call('UNLINK', KEYS[1])
        if ARGV[1] == '1' then redis.call('UNLINK', KEYS[2]) end
        return 1
        """);
}
