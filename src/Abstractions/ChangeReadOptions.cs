namespace Adapters;

/// <summary>How to read one change batch: the quiet period that debounces writes, and the page size.</summary>
/// <param name="QuietPeriod">How long an entry must have stayed unwritten before it is emitted.</param>
/// <param name="MaxCount">The most entries one batch holds; the rest follow in later batches.</param>
public readonly record struct ChangeReadOptions(TimeSpan QuietPeriod, int MaxCount = ChangeReadOptions.DefaultMaxCount)
{
    /// <summary>The default <see cref="MaxCount"/>.</summary>
    public const int DefaultMaxCount = 1000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when the options are unusable.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(QuietPeriod, TimeSpan.Zero, nameof(QuietPeriod));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxCount, nameof(MaxCount));
    }
}
