namespace Recurrent.Tests;

/// <summary>
/// The executables built here (CLI, benchmarks, tests) raise the large-object threshold to 16 MB (Directory.Build.props),
/// so a training step's tensors come from reused gen-0 memory instead of pages faulted in again each step
/// (docs/performance.md, item 9). This test process is built the same way.
/// </summary>
public sealed class RuntimeConfigurationTests
{
    [Fact]
    public void The_large_object_threshold_is_raised_to_16_MB_with_regions_to_hold_it()
    {
        Assert.Equal("16777216", AppContext.GetData("System.GC.LOHThreshold")?.ToString());
        Assert.Equal("33554432", AppContext.GetData("System.GC.RegionSize")?.ToString());
    }

    [Fact]
    public void A_training_step_sized_tensor_is_not_in_the_large_object_heap()
    {
        var outputOfAnLstm256Step = new float[64 * 32 * 256];   // T × B × H, 2 MB
        var outputOfAnLstm512Step = new float[64 * 32 * 512];   // 4 MB: past the default region size
        var justUnderThreshold = new float[16 * 1024 * 1024 / sizeof(float) - 16];
        Assert.Equal(0, GC.GetGeneration(outputOfAnLstm256Step));
        Assert.Equal(0, GC.GetGeneration(outputOfAnLstm512Step));
        Assert.Equal(0, GC.GetGeneration(justUnderThreshold));
    }
}
