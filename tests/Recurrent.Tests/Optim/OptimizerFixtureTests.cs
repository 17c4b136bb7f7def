using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Models.LanguageModeling;
using Recurrent.Optim;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Tests.Optim;

/// <summary>
/// Six training steps of a tiny Embedding → LSTM → Linear model under each optimizer, with clipping at 1.0, against
/// PyTorch 1.13.1's losses, gradient norms and final weights (fixtures/torch-optim/make_fixtures.py made them).
/// </summary>
public sealed class OptimizerFixtureTests
{
    private static readonly SafeTensorsFile Fixture =
        SafeTensors.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", "torch-optim", "optimizers.safetensors"));

    public static TheoryData<string> Configurations() => ["sgd", "sgd_momentum", "sgd_nesterov", "adam", "adam_l2", "adamw"];

    private static Optimizer Make(string name, IReadOnlyList<Parameter> p) => name switch
    {
        "sgd" => new Sgd(p, 0.5f),
        "sgd_momentum" => new Sgd(p, 0.3f, momentum: 0.9f, dampening: 0.1f, weightDecay: 0.01f),
        "sgd_nesterov" => new Sgd(p, 0.3f, momentum: 0.9f, nesterov: true, weightDecay: 0.001f),
        "adam" => new Adam(p, 0.01f),
        "adam_l2" => new Adam(p, 0.01f, beta1: 0.8f, beta2: 0.95f, eps: 1e-6f, weightDecay: 0.1f),
        "adamw" => new AdamW(p, 0.01f, weightDecay: 0.1f),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Losses_norms_and_final_weights_match_PyTorch(string name)
    {
        var t = Fixture.Tensors;
        int steps = int.Parse(Fixture.Metadata["steps"]), T = int.Parse(Fixture.Metadata["T"]), B = int.Parse(Fixture.Metadata["B"]);
        var model = new LanguageModel(new LanguageModelConfig("lstm", 7, 5, 6, 2, 0f), new Rng(0));
        model.LoadStateDict(t.Where(kv => kv.Key.StartsWith("init.")).ToDictionary(kv => kv.Key["init.".Length..], kv => kv.Value));
        var optimizer = Make(name, model.Parameters);
        for (int s = 0; s < steps; s++)
        {
            int[] x = t["x"][s].Span.ToArray().Select(v => (int)v).ToArray();
            int[] y = t["y"][s].Span.ToArray().Select(v => (int)v).ToArray();
            var (logits, _, _) = model.Forward(x, T, B);
            var (loss, norm) = Trainer.Optimize(Loss.CrossEntropy(logits, y), optimizer, clip: 1.0f)!.Value;
            Assert.Equal(t[$"{name}.loss"].Span[s], loss, 5);
            Assert.Equal(t[$"{name}.norm"].Span[s], norm, 4);
        }
        foreach (var p in model.Parameters)
            TestData.AssertClose($"{name} final {p.Name}", p.Value.Span, t[$"{name}.final.{p.Name}"].ToDouble(), 2e-5, 2e-4);
    }

    [Fact]
    public void Step_schedule_matches_PyTorch_StepLR()
    {
        var schedule = new StepSchedule(0.1f, 3, 0.5f);
        var expected = Fixture.Tensors["steplr.lr"].Span.ToArray();
        for (int s = 0; s < expected.Length; s++) Assert.Equal(expected[s], schedule.At(s), 6);
    }
}

public sealed class OptimizerRuleTests
{
    private static Parameter Scalar(float value, float grad)
    {
        var p = Parameter.Allocate([("w", [1])])[0];
        p.Value.Span[0] = value;
        p.Grad.Span[0] = grad;
        return p;
    }

    [Fact]
    public void Adam_first_step_moves_each_weight_by_the_learning_rate_against_its_gradient_sign()
    {
        // With bias correction, m̂ = g and v̂ = g², so the first update is lr·g/(|g| + ε) ≈ lr·sign(g).
        var p = Scalar(1f, -3f);
        new Adam([p], 0.1f).Step();
        Assert.Equal(1.1f, p.Value.Span[0], 5);
    }

    [Fact]
    public void AdamW_decays_weights_even_with_zero_gradient_and_Adam_L2_does_not_differ_by_accident()
    {
        var decoupled = Scalar(2f, 0f);
        new AdamW([decoupled], 0.1f, weightDecay: 0.5f).Step();
        Assert.Equal(2f * (1 - 0.1f * 0.5f), decoupled.Value.Span[0], 6);
        var coupled = Scalar(2f, 0f);
        new Adam([coupled], 0.1f, weightDecay: 0.5f).Step();
        Assert.Equal(1.9f, coupled.Value.Span[0], 5);   // g = λθ = 1 ⇒ first Adam step ≈ lr
    }

    [Fact]
    public void Clipping_scales_the_global_norm_to_the_threshold_and_returns_the_norm_before()
    {
        var a = Scalar(0, 3f); var b = Scalar(0, 4f);
        Assert.Equal(5f, GradientClipping.ClipByGlobalNorm([a, b], 1f));
        Assert.Equal(0.6f, a.Grad.Span[0], 5);
        Assert.Equal(0.8f, b.Grad.Span[0], 5);
        var c = Scalar(0, 0.3f);
        Assert.Equal(0.3f, GradientClipping.ClipByGlobalNorm([c], 1f), 6);
        Assert.Equal(0.3f, c.Grad.Span[0]);   // under the threshold: untouched
        var nan = Scalar(0, float.NaN);
        Assert.True(float.IsNaN(GradientClipping.ClipByGlobalNorm([nan], 1f)));
    }

    [Fact]
    public void Cosine_schedule_warms_up_linearly_then_decays_to_the_minimum()
    {
        var s = new CosineSchedule(1f, WarmupSteps: 4, TotalSteps: 104, MinLearningRate: 0.1f);
        Assert.Equal(0.2f, s.At(0), 6);
        Assert.Equal(0.8f, s.At(3), 6);
        Assert.Equal(1f, s.At(4), 6);
        Assert.Equal(0.55f, s.At(54), 5);       // half way: min + (lr − min)/2
        Assert.Equal(0.1f, s.At(104), 6);
        Assert.Equal(0.1f, s.At(1000), 6);
        Assert.Equal(0.25f, new ConstantSchedule(0.25f).At(12345));
    }
}
