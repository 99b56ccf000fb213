package ai.lepton.model;

/** The element-wise function after a dense layer. */
public enum Activation {
  IDENTITY,
  RELU,
  TANH,
  SIGMOID,
  SOFTMAX
}
