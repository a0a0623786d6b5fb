namespace Adapters.Redis.Connection;

/// <summary>A connection reserved for one caller, for state that must not be shared (WATCH before MULTI/EXEC).</summary>
internal sealed class DedicatedConnection(PhysicalConnection connection, Func<PhysicalConnection, ValueTask> release) : IAsyncDisposable
{
    private int _released;

    public PhysicalConnection Connection { get; } = connection;

    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _released, 1) == 0 ? release(Connection) : ValueTask.CompletedTask;
}
