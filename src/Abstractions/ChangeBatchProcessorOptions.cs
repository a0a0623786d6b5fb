namespace Adapters;

/// <summary>How a <see cref="ChangeBatchProcessor{TKey, TValue}"/> reads, leases and retries.</summary>
public sealed class ChangeBatchProcessorOptions
{
    /// <summary>The consumer group processed; each group is an independent consumer.</summary>
    public string Group { get; set; } = "default";

    /// <summary>How long an entry must stay unwritten before it is emitted (the debounce).</summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most entries handed to the handlers at once.</summary>
    public int MaxBatchSize { get; set; } = ChangeReadOptions.DefaultMaxCount;

    /// <summary>How long to wait after an empty window before reading again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a lease lasts without renewal; it is renewed every third of this while handlers run.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The delay before the first retry of a failed batch; it doubles per failure up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between retries.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first unusable setting.</summary>
    public void Validate()
    {
        NameRules.ValidateGroupName(Group, nameof(Group));
        ArgumentOutOfRangeException.ThrowIfLessThan(QuietPeriod, TimeSpan.Zero, nameof(QuietPeriod));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBatchSize, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(LeaseDuration, TimeSpan.FromMilliseconds(30), nameof(LeaseDuration));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryInitialDelay, TimeSpan.Zero, nameof(RetryInitialDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryMaxDelay, RetryInitialDelay, nameof(RetryMaxDelay));
    }
}
