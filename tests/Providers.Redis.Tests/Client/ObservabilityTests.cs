using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Adapters.Redis.Commands;
using Adapters.TestServers;
using Xunit;
using static Adapters.Redis.Tests.Client.ClientKit;

namespace Adapters.Redis.Tests.Client;

/// <summary>The meter and activity source are process-wide: these tests run alone so other tests' commands do not count.</summary>
[CollectionDefinition(nameof(ObservabilityTests), DisableParallelization = true)]
public sealed class ObservabilityCollection;

[Collection(nameof(ObservabilityTests))]
public sealed class ObservabilityTests(RedisServers servers)
{
    [Fact]
    public async Task Every_command_gets_one_client_span_with_db_system_redis()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server, options => options.PoolSize = 1);
        var key = Key("traced");
        var spans = new ConcurrentQueue<Activity>();
        using var parent = new Activity("test-operation").SetIdFormat(ActivityIdFormat.W3C).Start();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Adapters.Redis",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == parent.TraceId)
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await redis.Executor.SetAsync(key, "v", cancellationToken: Ct).Bounded();
        await redis.Executor.GetAsync(key, Ct).Bounded();
        await redis.Executor.HashGetAllAsync(key + ":h", Ct).Bounded();
        await Assert.ThrowsAsync<RedisServerException>(() => redis.Executor.HashGetAsync(key, "f", Ct).Bounded());
        await redis.Executor.PingAsync(Ct).Bounded();

        Assert.Same(parent, Activity.Current); // the client leaves the caller's current activity alone
        Assert.Equal(["SET", "GET", "HGETALL", "HGET", "PING"], spans.Select(span => span.DisplayName));
        Assert.All(spans, span =>
        {
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal("redis", span.GetTagItem("db.system"));
            Assert.Equal(span.DisplayName, span.GetTagItem("db.operation.name"));
            Assert.Equal(parent.SpanId, span.ParentSpanId);
        });
        Assert.Equal(ActivityStatusCode.Error, spans.ElementAt(3).Status);
        Assert.Equal(ActivityStatusCode.Unset, spans.ElementAt(1).Status);
    }

    [Fact]
    public async Task The_commands_counter_and_latency_histogram_record_every_command()
    {
        var server = await servers.GetStandaloneAsync();
        await using var redis = await ConnectAsync(server);
        var key = Key("metered");
        long commands = 0;
        long latencies = 0;
        long errors = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument.Meter.Name == "Adapters.Redis")
                {
                    meterListener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            switch (instrument.Name)
            {
                case "adapters.redis.commands":
                    Interlocked.Add(ref commands, value);
                    break;
                case "adapters.redis.errors":
                    Interlocked.Add(ref errors, value);
                    break;
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) =>
        {
            if (instrument.Name == "adapters.redis.latency")
            {
                Interlocked.Increment(ref latencies);
            }
        });
        listener.Start();

        for (var i = 0; i < 50; i++)
        {
            await redis.Executor.SetAsync(key, i, cancellationToken: Ct).Bounded();
        }

        await Assert.ThrowsAsync<RedisServerException>(() => redis.Executor.HashGetAsync(key, "f", Ct).Bounded());

        Assert.InRange(Interlocked.Read(ref commands), 51, 60); // keep-alive PINGs of other live connections may add a few
        Assert.InRange(Interlocked.Read(ref latencies), 51, 60);
        Assert.InRange(Interlocked.Read(ref errors), 1, 5);
    }

    [Fact]
    public async Task Timeouts_and_reconnects_are_counted()
    {
        await using var server = await servers.StartDedicatedAsync();
        await using var redis = await ConnectAsync(server, options =>
        {
            options.PoolSize = 1;
            options.AsyncTimeout = TimeSpan.FromMilliseconds(200);
            options.ReconnectMinDelay = TimeSpan.FromMilliseconds(50);
            options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(200);
        });
        long timeouts = 0;
        long reconnects = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument.Meter.Name == "Adapters.Redis" && instrument.Name is "adapters.redis.timeouts" or "adapters.redis.reconnects")
                {
                    meterListener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            Interlocked.Add(ref instrument.Name == "adapters.redis.timeouts" ? ref timeouts : ref reconnects, value));
        listener.Start();

        // In flight: a command the server does not answer in time.
        await Assert.ThrowsAsync<RedisTimeoutException>(() => redis.Executor.ExecuteAsync(Connection.RedisCommand.Of("DEBUG"), ["SLEEP", 1], Replies.Ok, Ct).Bounded());
        Assert.Equal(1, Interlocked.Read(ref timeouts));
        await server.CliAsync("PING");

        // Backlogged: a command waiting for a connection that does not come back in time.
        server.Kill();
        await UntilAsync(() => !redis.IsConnected, "the client to notice the kill");
        await Assert.ThrowsAsync<RedisTimeoutException>(() => redis.Executor.GetAsync("k", Ct).Bounded());
        Assert.Equal(2, Interlocked.Read(ref timeouts));

        await server.RestartAsync();
        await UntilAsync(() => redis.IsConnected, "the client to reconnect");
        Assert.True(Interlocked.Read(ref reconnects) >= 1);
    }
}
