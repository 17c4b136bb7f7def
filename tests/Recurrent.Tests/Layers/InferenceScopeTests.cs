using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tests.Layers;

/// <summary><c>using (model.Inference())</c>: evaluation mode and no graph inside, the previous mode restored after.</summary>
public sealed class InferenceScopeTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Inside_no_dropout_and_no_graph_after_the_mode_it_found(bool training)
    {
        var linear = new Linear(3, 2, rng: new Rng(1)) { Training = training };
        var x = new Variable(Tensor.Zeros(1, 3), requiresGrad: true);
        using (linear.Inference())
        {
            Assert.False(linear.Training);
            Assert.False(linear.Forward(x).RequiresGrad);
        }
        Assert.Equal(training, linear.Training);
        Assert.True(linear.Forward(x).RequiresGrad);
    }
}
