namespace Adapters.Redis;

/// <summary>What happens to commands issued while a connection is being re-established (keyword <c>backlog</c>).</summary>
public enum RedisBacklogPolicy
{
    /// <summary>Commands wait, up to <see cref="RedisOptions.BacklogLimit"/> of them, and are sent once the connection is back.</summary>
    Queue = 0,

    /// <summary>Commands fail at once with a connection error while no connection is available.</summary>
    FailFast = 1,
}
