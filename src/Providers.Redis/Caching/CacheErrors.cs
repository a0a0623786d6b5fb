namespace Adapters.Redis.Caching;

/// <summary>Errors of the distributed cache: what the cache was doing, on which key, and what Redis said.</summary>
internal static class CacheErrors
{
    /// <summary>
    /// Wraps an error reply so its message names the cache operation, the Redis command and the key; the server's own
    /// exception (with its error code) is the inner one. A server refusing scripts gets a hint about UseScripts.
    /// </summary>
    public static RedisServerException Refused(string operation, string key, RedisServerException error, bool usingScripts)
    {
        var hint = usingScripts && error.Command is "EVALSHA" or "SCRIPT" && IsScriptingRefused(error)
            ? $" If this server does not allow Lua scripts, set {nameof(RedisCacheOptions)}.{nameof(RedisCacheOptions.UseScripts)} to false."
            : string.Empty;
        return new RedisServerException(
            $"The distributed cache's {operation} of key '{key}' failed: Redis answered {error.Command ?? "the command"} with {error.ServerMessage ?? error.Message}{hint}",
            error);
    }

    private static bool IsScriptingRefused(RedisServerException error)
        => error.ErrorCode == "NOPERM"
        || (error.ErrorCode == "ERR" && error.ServerMessage is { } message
            && (message.Contains("unknown command", StringComparison.OrdinalIgnoreCase) || message.Contains("disabled", StringComparison.OrdinalIgnoreCase)));
}
