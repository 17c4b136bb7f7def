using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;
using Recurrent.Tests.Autograd;

namespace Recurrent.Tests.Layers;

/// <summary>
/// A cell stepped inside an autograd graph (<see cref="RecurrentCell.Forward(Variable, Variable?, Variable?)"/>):
/// finite differences through chained steps, equality with the one-layer stack, and one graph over several sequences.
/// </summary>
public sealed class CellGraphTests
{
    public static TheoryData<RecurrentMode> Modes() => [RecurrentMode.Lstm, RecurrentMode.Gru, RecurrentMode.RnnTanh, RecurrentMode.RnnRelu];

    private static Tensor G(int seed, params int[] shape) => TestData.Gaussian(new Rng((ulong)seed), shape);

    // T steps over x (T, B, I) from (h, c); returns every h_t and, for LSTM, the last c.
    private static (List<Variable> Hidden, Variable? LastCell) Unroll(RecurrentCell cell, Variable x, Variable? h, Variable? c)
    {
        var hidden = new List<Variable>();
        for (int t = 0; t < x.Value.Size(0); t++)
        {
            var step = cell.Forward(Ops.Select(x, 0, t), h, c);
            (h, c) = (step.Hidden, step.Cell);
            hidden.Add(h);
        }
        return (hidden, c);
    }

    // L = Σ_t Σ h_t ⊙ R[t]
    private static Variable WeightedSum(List<Variable> hidden, Tensor r)
    {
        Variable loss = Ops.Sum(Ops.Multiply(hidden[0], new Variable(r[0])));
        for (int t = 1; t < hidden.Count; t++) loss = Ops.Add(loss, Ops.Sum(Ops.Multiply(hidden[t], new Variable(r[t]))));
        return loss;
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Three_chained_steps_match_finite_differences_for_inputs_initial_state_and_parameters(RecurrentMode mode)
    {
        const int T = 3, B = 2, I = 3, H = 3;
        var cell = RecurrentCell.Create(mode, I, H, rng: new Rng(21));
        bool lstm = mode == RecurrentMode.Lstm;
        Tensor[] inputs = lstm ? [G(1, T, B, I), G(2, B, H), G(3, B, H)] : [G(1, T, B, I), G(2, B, H)];
        GradCheck.Check(v =>
        {
            var (hidden, lastCell) = Unroll(cell, v[0], v[1], lstm ? v[2] : null);
            if (lastCell is not null) hidden.Add(lastCell);
            return Ops.ConcatLast([.. hidden]);
        }, cell.Parameters, inputs);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_cell_stepped_under_the_graph_equals_the_one_layer_stack(RecurrentMode mode)
    {
        const int T = 5, B = 3, I = 2, H = 4;
        bool lstm = mode == RecurrentMode.Lstm;
        var layer = RecurrentLayer.Create(mode, I, H, rng: new Rng(31));
        var cell = RecurrentCell.Create(mode, I, H, rng: new Rng(1));
        cell.LoadStateDict(layer.Parameters.ToDictionary(p => p.Name.Replace("_l0", ""), p => p.Value));
        Tensor x = G(4, T, B, I), h0 = G(5, 1, B, H), c0 = G(6, 1, B, H), r = G(7, T, B, H);

        var xl = new Variable(x, requiresGrad: true);
        var hl = new Variable(h0, requiresGrad: true);
        var cl = lstm ? new Variable(c0, requiresGrad: true) : null;
        layer.ZeroGrad();
        var layerLoss = Ops.Sum(Ops.Multiply(layer.Forward(xl, hl, cl).Output, new Variable(r)));
        layerLoss.Backward();

        var xc = new Variable(x, requiresGrad: true);
        var hc = new Variable(h0, requiresGrad: true);
        var cc = lstm ? new Variable(c0, requiresGrad: true) : null;
        cell.ZeroGrad();
        var (hidden, _) = Unroll(cell, xc, Ops.Select(hc, 0, 0), cc is null ? null : Ops.Select(cc, 0, 0));
        var cellLoss = WeightedSum(hidden, r);
        cellLoss.Backward();

        TestData.AssertClose("loss", cellLoss.Value.Span, [layerLoss.Value.Span[0]], 1e-5, 1e-5);
        TestData.AssertClose("dx", xc.Grad!.Span, xl.Grad!.ToDouble(), 1e-5, 1e-5);
        TestData.AssertClose("dh0", hc.Grad!.Span, hl.Grad!.ToDouble(), 1e-5, 1e-5);
        if (lstm) TestData.AssertClose("dc0", cc!.Grad!.Span, cl!.Grad!.ToDouble(), 1e-5, 1e-5);
        foreach (var p in cell.Parameters)
            TestData.AssertClose(p.Name, p.Grad.Span, layer.Parameters.Single(q => q.Name == p.Name + "_l0").Grad.ToDouble(), 1e-5, 1e-5);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Two_sequences_through_one_cell_in_one_graph_add_their_gradients(RecurrentMode mode)
    {
        var cell = RecurrentCell.Create(mode, 2, 3, rng: new Rng(41));
        Tensor a = G(8, 4, 2, 2), b = G(9, 3, 1, 2), ra = G(10, 4, 2, 3), rb = G(11, 3, 1, 3);
        Variable Loss(Variable x, Tensor r) => WeightedSum(Unroll(cell, x, null, null).Hidden, r);

        cell.ZeroGrad();
        var xa = new Variable(a, requiresGrad: true);
        Loss(xa, ra).Backward();
        var alone = cell.Parameters.Select(p => p.Grad.ToDouble()).ToArray();
        var xb = new Variable(b, requiresGrad: true);
        Loss(xb, rb).Backward();                               // accumulates: parameter grads now hold A + B
        var sum = cell.Parameters.Select(p => p.Grad.ToDouble()).ToArray();
        Assert.NotEqual(alone[1], sum[1]);                    // sequence B contributes, so the comparison below can fail

        cell.ZeroGrad();
        var ja = new Variable(a, requiresGrad: true);
        var jb = new Variable(b, requiresGrad: true);
        Ops.Add(Loss(ja, ra), Loss(jb, rb)).Backward();
        for (int i = 0; i < cell.Parameters.Count; i++)
            TestData.AssertClose(cell.Parameters[i].Name, cell.Parameters[i].Grad.Span, sum[i], 1e-6, 1e-6);
        TestData.AssertClose("dx of sequence A", ja.Grad!.Span, xa.Grad!.ToDouble(), 1e-6, 1e-6);
        TestData.AssertClose("dx of sequence B", jb.Grad!.Span, xb.Grad!.ToDouble(), 1e-6, 1e-6);
    }

    [Fact]
    public void A_loss_on_the_last_cell_state_alone_still_reaches_the_inputs()
    {
        var cell = RecurrentCell.Create(RecurrentMode.Lstm, 2, 3, rng: new Rng(51));
        var x = new Variable(G(12, 3, 2, 2), requiresGrad: true);
        var (_, lastCell) = Unroll(cell, x, null, null);
        Ops.Sum(lastCell!).Backward();
        Assert.Contains(x.Grad!.Span.ToArray(), g => g != 0);
        Assert.Contains(cell.Parameters[0].Grad.Span.ToArray(), g => g != 0);
    }

    [Fact]
    public void Create_makes_the_cell_of_each_mode()
    {
        Assert.IsType<LstmCell>(RecurrentCell.Create(RecurrentMode.Lstm, 3, 5, rng: new Rng(1)));
        Assert.IsType<GruCell>(RecurrentCell.Create(RecurrentMode.Gru, 3, 5, rng: new Rng(1)));
        var relu = Assert.IsType<RnnCell>(RecurrentCell.Create(RecurrentMode.RnnRelu, 3, 5, bias: false, rng: new Rng(1)));
        Assert.Equal(RecurrentMode.RnnRelu, relu.Mode);
        Assert.Equal(["weight_ih (5, 3)", "weight_hh (5, 5)"], relu.Parameters.Select(p => $"{p.Name} {p.Value.ShapeString}"));
        Assert.Equal(RecurrentMode.RnnTanh, RecurrentCell.Create(RecurrentMode.RnnTanh, 3, 5, rng: new Rng(1)).Mode);
    }

    [Fact]
    public void Bad_states_are_named()
    {
        static RecurrentCell Cell(RecurrentMode mode) => RecurrentCell.Create(mode, 3, 4, rng: new Rng(1));
        var x = new Variable(Tensor.Zeros(2, 3));
        var state = new Variable(Tensor.Zeros(2, 4));
        Assert.Equal("LSTMCell needs both hidden and cell state, or neither.",
            Assert.Throws<ArgumentException>(() => Cell(RecurrentMode.Lstm).Forward(x, state)).Message);
        Assert.Equal("A cell state is only for LSTM, not GRU.",
            Assert.Throws<ArgumentException>(() => Cell(RecurrentMode.Gru).Forward(x, state, state)).Message);
        Assert.Equal("Expected hidden state of shape (2, 4), got (3, 4).",
            Assert.Throws<ArgumentException>(() => Cell(RecurrentMode.RnnTanh).Forward(x, new Variable(Tensor.Zeros(3, 4)))).Message);
        Assert.Equal("Expected cell input of shape (B, 3), got (2, 5).",
            Assert.Throws<ArgumentException>(() => Cell(RecurrentMode.Gru).Forward(new Variable(Tensor.Zeros(2, 5)))).Message);
    }
}
