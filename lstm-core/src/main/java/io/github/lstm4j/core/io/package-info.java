/** Model files: reading and writing named tensors with metadata, atomically and defensively. */
package io.github.lstm4j.core.io;
