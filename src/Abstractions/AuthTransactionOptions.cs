using Microsoft.Extensions.Logging;

namespace Adapters;

/// <summary>How a key transaction commits: attempts and the delay between them.</summary>
public sealed class AuthTransactionOptions
{
    /// <summary>The defaults: 5 attempts, 200 ms apart and growing linearly.</summary>
    public static AuthTransactionOptions Default { get; } = new();

    /// <summary>How many times the commit is tried before its failure is thrown (Baileys' <c>maxCommitRetries</c>).</summary>
    public int MaxCommitAttempts { get; init; } = 5;

    /// <summary>The delay after the first failed attempt; attempt n waits n times as long.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Where failed attempts are logged; nothing is logged when <see langword="null"/>.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>The clock the retry delays run on.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
