/**
 * How Lepton fails: {@link ai.lepton.errors.Failures} wraps an engine or SDK failure once, with
 * context, the first line of its cause and no secrets. Each area builds its own errors in one
 * factory beside its code ({@code ModelErrors}, {@code ExportErrors}, {@code TrainErrors}, ...), on
 * the model of Delta Kernel's {@code DeltaErrors}; this package sits between {@code ai.lepton} and
 * {@code ai.lepton.config} (it uses the {@code Redactor}) and every area, so it has no cycle.
 */
package ai.lepton.errors;
