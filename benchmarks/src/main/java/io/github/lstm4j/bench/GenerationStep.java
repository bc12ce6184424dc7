package io.github.lstm4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W3: one generated character per invocation with W1b's model (2×512, vocab 65, batch 1): {@code
 * FrozenLstm.step} on the previous character (the LSTM frozen once, at set-up, as {@code CharLstm}
 * does), the head, softmax and a seeded sample. The state is carried in this {@code @State} from
 * invocation to invocation, as in a real generation stream.
 *
 * <p>A step takes a few hundred microseconds, so this is a throughput-style average over 1-second
 * iterations (thousands of characters per sample) rather than single shots; chars/s = 1 / score.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar GenerationStep -p threads=1,2 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class GenerationStep extends ModelStepBenchmark {
  @Override
  Workload workload() {
    return Workload.W3;
  }
}
