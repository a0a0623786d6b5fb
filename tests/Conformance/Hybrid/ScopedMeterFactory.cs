using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Adapters.Conformance.Hybrid;

/// <summary>
/// An <see cref="IMeterFactory"/> whose meters carry it as their scope, so a <see cref="MeterListener"/> can count one
/// node's measurements while other caches in the process (other tests) publish on meters of the same name.
/// </summary>
public sealed class ScopedMeterFactory : IMeterFactory
{
    private readonly ConcurrentQueue<Meter> _meters = new();

    /// <inheritdoc />
    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        _meters.Enqueue(meter);
        return meter;
    }

    /// <summary>Starts counting the long counters of this factory's meters.</summary>
    public MeasurementRecorder Record() => new(this);

    /// <summary>Disposes every meter created.</summary>
    public void Dispose()
    {
        while (_meters.TryDequeue(out var meter))
        {
            meter.Dispose();
        }
    }
}

/// <summary>Sums the <see cref="long"/> measurements of one <see cref="ScopedMeterFactory"/>'s instruments by name.</summary>
public sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();

    internal MeasurementRecorder(ScopedMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        _listener.Start();
    }

    /// <summary>The sum of the measurements of the instrument <paramref name="name"/> so far.</summary>
    public long Total(string name) => _totals.TryGetValue(name, out var total) ? total : 0;

    /// <summary>Stops listening.</summary>
    public void Dispose() => _listener.Dispose();
}
