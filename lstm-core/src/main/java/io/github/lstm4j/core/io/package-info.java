/**
 * Model files: reading and writing named tensors with metadata, atomically and defensively.
 *
 * <ul>
 *   <li>{@link io.github.lstm4j.core.io.Safetensors}, {@link io.github.lstm4j.core.io.TensorFile},
 *       {@link io.github.lstm4j.core.io.Json}: the file format layer (safetensors, strict JSON).
 *   <li>{@link io.github.lstm4j.core.io.StateDict}: parameters to and from PyTorch state_dict
 *       names.
 *   <li>{@link io.github.lstm4j.core.io.ModelFile}: the lstm4j model file (format name and version,
 *       parameters, the model's config as metadata); {@link io.github.lstm4j.core.io.RecordJson}
 *       and {@link io.github.lstm4j.core.io.ConfigReader} write and strictly read configs.
 *   <li>{@link io.github.lstm4j.core.io.TrainingCheckpoint} with {@link
 *       io.github.lstm4j.core.io.TrainingState}: a model file plus optimizer and training-loop
 *       state, for a bit-identical resume.
 * </ul>
 */
package io.github.lstm4j.core.io;
