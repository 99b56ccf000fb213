package ai.lepton.train.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Gradient recording for the calling thread only, in place of DJL's {@code GradientCollector}: the
 * PyTorch engine's collector guards itself with one flag per JVM ("A PtGradientCollector is already
 * collecting"), so two Spark tasks training in the same executor JVM would fail. PyTorch's own grad
 * mode is per thread, so each task records and back-propagates its own graph.
 */
final class ThreadGradients implements AutoCloseable {

  private final boolean previous;

  private ThreadGradients(boolean enabled) {
    previous = JniUtils.isGradMode();
    JniUtils.setGradMode(enabled);
  }

  /** Records operations on this thread for {@link #backward} until closed. */
  static ThreadGradients record() {
    return new ThreadGradients(true);
  }

  /** Records nothing on this thread until closed (inference). */
  static ThreadGradients off() {
    return new ThreadGradients(false);
  }

  /** Back-propagates the scalar {@code loss} into the gradients of the parameters. */
  void backward(NDArray loss) {
    try (NDArray seed = loss.onesLike()) {
      JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
    }
  }

  @Override
  public void close() {
    JniUtils.setGradMode(previous);
  }
}
