// TensorPrimitives by name only: System.Numerics.Tensors also defines a `Tensor` type that would clash with ours.
global using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
