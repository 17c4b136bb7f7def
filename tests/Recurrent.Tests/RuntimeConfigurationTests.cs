namespace Recurrent.Tests;

/// <summary>
/// The executables built here (CLI, benchmarks, tests) raise the large-object threshold to 16 MB, with GC regions of
/// 32 MB so the GC does not cap it at its default 4 MB region (Directory.Build.props): a training step's tensors come
/// from reused gen-0 memory instead of pages faulted in again each step (docs/performance.md, item 9). This test
/// process is built the same way.
/// </summary>
public sealed class RuntimeConfigurationTests
{
    [Fact]
    public void The_large_object_threshold_is_raised_to_16_MB_with_regions_to_hold_it()
    {
        Assert.Equal("16777216", AppContext.GetData("System.GC.LOHThreshold")?.ToString());
        Assert.Equal("33554432", AppContext.GetData("System.GC.RegionSize")?.ToString());
        // The GC caps the threshold at its region size; this is the value it actually uses.
        Assert.Equal(16777216L, Convert.ToInt64(GC.GetConfigurationVariables()["LOHThreshold"]));
    }

    [Theory]
    [InlineData(64 * 32 * 256)]                       // T × B × H of an LSTM-256 step: 2 MB
    [InlineData(64 * 32 * 512)]                       // H = 512: 4 MB, past the default region size
    [InlineData(16 * 1024 * 1024 / sizeof(float) - 16)]   // just under the threshold
    public void A_training_step_sized_tensor_is_not_in_the_large_object_heap(int floats) =>
        // Large objects report the oldest generation; a small one is born in gen 0 (gen 1 if another test's thread
        // happened to trigger a collection in between).
        Assert.True(GC.GetGeneration(new float[floats]) < GC.MaxGeneration);
}
