namespace Recurrent.Tests.Cli;

/// <summary>`rnn serve`'s options: refused before anything listens, with a one-line reason.</summary>
[Collection("console")]
public sealed class ServeCommandTests : TempDirectoryTest
{
    [Fact]
    public void Serve_needs_a_model_or_a_runs_folder() =>
        CliRun.AssertOneLineError(CliRun.Run("serve"), "needs --model", "--runs");

    [Fact]
    public void A_host_that_is_not_an_address_and_a_port_out_of_range_are_refused()
    {
        CliRun.AssertOneLineError(CliRun.Run("serve", "--runs", TempDirectory, "--host", "example.org"), "--host must be an IP address");
        CliRun.AssertOneLineError(CliRun.Run("serve", "--runs", TempDirectory, "--port", "70000"), "--port must be in [0, 65535]");
    }

    [Fact]
    public void A_checkpoint_that_is_not_there_is_named()
    {
        var r = CliRun.Run("serve", "--model", PathOf("missing.safetensors"));
        CliRun.AssertOneLineError(r, "missing.safetensors");
    }
}
