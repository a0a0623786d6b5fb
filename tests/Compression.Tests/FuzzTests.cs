using System.Buffers.Binary;
using Xunit;

namespace Adapters.Compression.Tests;

/// <summary>
/// Mutated frames fed to the decoder: whatever the bytes, decoding either succeeds (with the declared length) or
/// throws <see cref="InvalidDataException"/> — no other exception, no crash, no hang, no allocation beyond the limit.
/// </summary>
public sealed class FuzzTests
{
    private const int Seed = 20_260_101;
    private const int MutationsPerSeedFrame = 800;
    private const int MaxDecompressed = 1024 * 1024;

    private enum Mutation
    {
        BitFlip,
        ByteFlips,
        Truncate,
        Extend,
        HeaderLength,
        CodecByte,
        CodecByteAndBitFlip,
        SplicePayload,
    }

    [Fact(Timeout = 120_000)]
    public async Task Mutated_frames_decode_or_throw_invalid_data_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var outcome = await Task.Run(() => Run(ct), ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"{outcome.Total} mutated frames: {outcome.Rejected} rejected, {outcome.Decoded} decoded.");

        Assert.True(outcome.Total >= 20_000, $"only {outcome.Total} frames were tried");
        Assert.True(outcome.Rejected > outcome.Total / 2, $"only {outcome.Rejected} of {outcome.Total} mutated frames were rejected");
        Assert.True(outcome.Decoded > 0, "no mutated frame decoded: the mutations never spare the payload");
    }

    private static (int Total, int Rejected, int Decoded) Run(CancellationToken ct)
    {
        var random = new Random(Seed);
        var reader = new ValueFramer(new ValueFramerOptions { MaxDecompressedBytes = MaxDecompressed });
        var seeds = SeedFrames();
        int total = 0, rejected = 0, decoded = 0;
        foreach (var (codec, frame) in seeds)
        {
            for (var i = 0; i < MutationsPerSeedFrame; i++)
            {
                ct.ThrowIfCancellationRequested();
                var mutation = (Mutation)random.Next(Enum.GetValues<Mutation>().Length);
                var mutated = Mutate(frame, mutation, random);
                total++;
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    var value = reader.Decode(mutated);
                    decoded++;
                    if (ValueFrame.TryReadHeader(mutated, out var header))
                    {
                        Assert.Equal(header.OriginalLength, value.Length);
                    }
                }
                catch (InvalidDataException)
                {
                    rejected++;
                }
                catch (Exception ex)
                {
                    Assert.Fail($"{codec} frame of {frame.Length} bytes, mutation {mutation} (#{i}): {ex.GetType().Name}: {ex.Message}\n{Convert.ToHexString(mutated.AsSpan(0, Math.Min(64, mutated.Length)))}");
                }

                var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                Assert.True(allocated < 2L * MaxDecompressed + (256 * 1024), $"{codec}, {mutation}: one decode allocated {allocated} bytes");
            }
        }

        return (total, rejected, decoded);
    }

    // Each codec's frames of small, medium and repetitive values, plus raw-framed values, as the mutations' starting points.
    private static List<(string Codec, byte[] Frame)> SeedFrames()
    {
        var frames = new List<(string, byte[])>();
        byte[][] values =
        [
            TestInputs.Json(300, seed: 1),
            TestInputs.Json(4096, seed: 2),
            TestInputs.Json(60_000, seed: 3),
            [.. Enumerable.Repeat((byte)'x', 10_000)],
        ];
        foreach (var name in Codecs.Names.Where(name => name != "none"))
        {
            var codec = CompressionCodecs.ForName(name);
            if (!codec.IsAvailable)
            {
                continue;
            }

            var writer = new ValueFramer(new ValueFramerOptions { Codec = codec, Threshold = 0 });
            frames.AddRange(values.Select(value => (name, writer.Encode(value))));
        }

        var raw = new byte[] { ValueFrame.Magic0, ValueFrame.Magic1, 1, 2, 3, 4, 5, 6, 7, 8 };
        frames.Add(("none", ValueFramer.Uncompressed.Encode(raw)));
        frames.Add(("none", ValueFramer.Uncompressed.Encode([ValueFrame.Magic0, ValueFrame.Magic1, .. TestInputs.Json(1000)])));
        return frames;
    }

    private static byte[] Mutate(byte[] frame, Mutation mutation, Random random)
    {
        var bytes = frame.ToArray();
        switch (mutation)
        {
            case Mutation.BitFlip:
                FlipBit(bytes, random);
                return bytes;
            case Mutation.ByteFlips:
                for (var n = random.Next(2, 9); n > 0; n--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return bytes;
            case Mutation.Truncate:
                return bytes[..random.Next(bytes.Length)];
            case Mutation.Extend:
                var tail = new byte[random.Next(1, 64)];
                random.NextBytes(tail);
                return [.. bytes, .. tail];
            case Mutation.HeaderLength:
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(3), random.Next(4) switch
                {
                    0 => (uint)random.Next(),
                    1 => uint.MaxValue - (uint)random.Next(16),
                    2 => (uint)Math.Max(0, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(3)) + random.Next(-8, 9)),
                    _ => (uint)random.Next(MaxDecompressed - 16, MaxDecompressed + 16),
                });
                return bytes;
            case Mutation.CodecByte:
                bytes[2] = (byte)(random.Next(2) == 0 ? random.Next(7) : random.Next(256));
                return bytes;
            case Mutation.CodecByteAndBitFlip:
                bytes[2] = (byte)random.Next(7);
                FlipBit(bytes, random);
                return bytes;
            case Mutation.SplicePayload:
                // A stretch of the payload repeated: valid-looking blocks in the wrong place.
                var from = random.Next(ValueFrame.HeaderSize, bytes.Length);
                var length = random.Next(1, Math.Min(256, bytes.Length - from) + 1);
                var at = random.Next(ValueFrame.HeaderSize, bytes.Length);
                return [.. bytes[..at], .. bytes.AsSpan(from, length), .. bytes[at..]];
            default:
                throw new ArgumentOutOfRangeException(nameof(mutation), mutation, null);
        }
    }

    private static void FlipBit(byte[] bytes, Random random)
    {
        // Mostly the payload, sometimes the header.
        var index = random.Next(4) == 0 ? random.Next(Math.Min(bytes.Length, ValueFrame.HeaderSize)) : random.Next(bytes.Length);
        bytes[index] ^= (byte)(1 << random.Next(8));
    }
}
