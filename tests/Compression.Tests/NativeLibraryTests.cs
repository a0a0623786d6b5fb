using Adapters.Compression.Internal;
using Xunit;

namespace Adapters.Compression.Tests;

public sealed class NativeLibraryTests
{
    private static NativeLibraryProbe Missing(string package = "libzstd1")
        => new("zstd", $"install {package} (apt-get install {package})", ["libadapters-missing.so.1", "adapters-missing.dll"], ["ZSTD_compress"]);

    [Fact]
    public void A_library_that_is_not_found_is_unavailable_and_names_the_package()
    {
        var probe = Missing();

        Assert.False(probe.IsAvailable);
        Assert.Equal(0, probe.Handle);
        Assert.Contains("install libzstd1 (apt-get install libzstd1)", probe.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("libadapters-missing.so.1", probe.FailureMessage, StringComparison.Ordinal);
        var error = Assert.Throws<DllNotFoundException>(probe.EnsureAvailable);
        Assert.Equal(probe.FailureMessage, error.Message);
    }

    [Fact]
    public void A_zstd_codec_without_its_library_is_unavailable_and_its_calls_name_the_package()
    {
        var codec = new ZstdCompressionCodec(3, Missing());

        Assert.False(codec.IsAvailable);
        Assert.Contains("apt-get install libzstd1", codec.UnavailableReason, StringComparison.Ordinal);
        Assert.Contains("apt-get install libzstd1", Assert.Throws<DllNotFoundException>(() => codec.Compress([1, 2, 3], new byte[100])).Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install libzstd1", Assert.Throws<DllNotFoundException>(() => codec.Decompress([1, 2, 3], new byte[100])).Message, StringComparison.Ordinal);
        Assert.Throws<DllNotFoundException>(() => codec.GetMaxCompressedLength(100));
        Assert.Equal("Codec", Assert.Throws<ArgumentException>(() => new ValueFramer(new ValueFramerOptions { Codec = codec })).ParamName);
    }

    [Fact]
    public void An_lz4_codec_without_its_library_is_unavailable_and_its_calls_name_the_package()
    {
        var codec = new Lz4CompressionCodec(0, Missing("liblz4-1"));

        Assert.False(codec.IsAvailable);
        Assert.Contains("apt-get install liblz4-1", Assert.Throws<DllNotFoundException>(() => codec.Compress([1, 2, 3], new byte[100])).Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install liblz4-1", Assert.Throws<DllNotFoundException>(() => codec.Decompress([1, 2, 3], new byte[100])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Levels_are_still_validated_without_the_library()
    {
        Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() => new ZstdCompressionCodec(23, Missing())).ParamName);
        Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() => new Lz4CompressionCodec(13, Missing("liblz4-1"))).ParamName);
    }

    [Fact]
    public void A_library_lacking_a_required_function_is_unavailable()
    {
        var present = NativeLibraries.Lz4.Candidates.FirstOrDefault(name => new NativeLibraryProbe("lz4", "install liblz4-1", [name], []).IsAvailable);
        Assert.SkipWhen(present is null, "liblz4 is not installed here.");

        var probe = new NativeLibraryProbe("lz4", "install liblz4-1 (apt-get install liblz4-1)", [present!], ["LZ4_no_such_function"]);

        Assert.False(probe.IsAvailable);
        Assert.Contains("lacks LZ4_no_such_function", probe.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("apt-get install liblz4-1", probe.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Candidates_are_tried_in_order_until_one_loads()
    {
        var real = NativeLibraries.Zstd.Candidates.ToList();
        var probe = new NativeLibraryProbe("zstd", "install libzstd1", ["libadapters-missing.so.1", .. real], ["ZSTD_compress"]);

        Assert.Equal(NativeLibraries.Zstd.IsAvailable, probe.IsAvailable);
    }

    [Fact]
    public void The_system_libraries_are_found_here()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        foreach (var probe in new[] { NativeLibraries.Zstd, NativeLibraries.Lz4 })
        {
            if (!probe.IsAvailable && !ci)
            {
                Assert.Skip(probe.FailureMessage!);
            }

            Assert.True(probe.IsAvailable, probe.FailureMessage);
        }

        Assert.True(CompressionCodecs.Zstd().IsAvailable);
        Assert.True(CompressionCodecs.Lz4().IsAvailable);
        Assert.Equal(22, ZstdCompressionCodec.MaxLevel);
        Assert.True(ZstdCompressionCodec.MinLevel < 0);
    }

    [Fact]
    public void The_default_probes_name_the_debian_packages()
    {
        Assert.Contains("install libzstd1 (apt-get install libzstd1)", NativeLibraries.Zstd.InstallHint, StringComparison.Ordinal);
        Assert.Contains("install liblz4-1 (apt-get install liblz4-1)", NativeLibraries.Lz4.InstallHint, StringComparison.Ordinal);
        Assert.Contains("libzstd.so.1", NativeLibraries.Zstd.Candidates);
        Assert.Contains("zstd.dll", NativeLibraries.Zstd.Candidates);
        Assert.Contains("liblz4.1.dylib", NativeLibraries.Lz4.Candidates);
    }
}
