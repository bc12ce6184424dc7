package io.github.lstm4j.text;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.nn.Softmax;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Picks the next token id from a row of logits under a {@link SamplingConfig}, with a random source
 * the caller seeds.
 *
 * <pre>
 * m = max_j l_j;  p_j ∝ exp((l_j − m) / temperature)        in double, max-subtracted
 * top-k:  keep the k largest logits; ties at the boundary keep the lower id
 * top-p:  keep the shortest best-first prefix whose mass ≥ topP · (mass kept by top-k)
 * draw:   u = rng.nextDouble() · (kept mass); the first kept id whose running mass exceeds u
 * </pre>
 *
 * <p>Best-first order is by logit, descending, then by id, ascending, so the result depends only on
 * the logits, the config and the random source. Greedy ({@code topK = 1}) returns the argmax and
 * draws nothing from the random source; every other config draws exactly one {@code nextDouble()}
 * per call, so a seeded {@link io.github.lstm4j.core.Rng} reproduces a whole generation.
 *
 * <p>A sampler owns scratch arrays of size {@code V} allocated once in the constructor; {@link
 * #sample} allocates nothing (unless it throws). It is therefore per-thread state: use one sampler
 * per generating thread. Logits may be {@code -Infinity} (an id that must never be picked) but not
 * NaN or {@code +Infinity}.
 *
 * <pre>{@code
 * Sampler sampler = new Sampler(vocabulary.size(), SamplingConfig.defaults().withTopP(0.9));
 * Rng rng = new Rng(42);
 * int next = sampler.sample(logits, 0, rng); // logits: (V) scores of the next token
 * }</pre>
 */
public final class Sampler {
  private final int vocabSize;
  private final SamplingConfig config;
  private final int[] order; // (V) candidate ids; after selection, best first
  private final double[] weights; // (V) exp((l − m) / temperature) of order[j], or of id j

  /**
   * Creates a sampler for one vocabulary size and config.
   *
   * @param vocabSize the number of logits per call {@code V}, {@code > 0}
   * @param config the sampling rule
   * @throws IllegalArgumentException if {@code vocabSize <= 0}
   */
  public Sampler(int vocabSize, SamplingConfig config) {
    this.vocabSize = Checks.positive("vocabSize", vocabSize);
    this.config = Objects.requireNonNull(config, "config");
    this.order = new int[vocabSize];
    this.weights = new double[vocabSize];
  }

  /**
   * Returns the vocabulary size.
   *
   * @return {@code V}
   */
  public int vocabSize() {
    return vocabSize;
  }

  /**
   * Returns the sampling rule.
   *
   * @return the config
   */
  public SamplingConfig config() {
    return config;
  }

  /**
   * Picks the next id.
   *
   * @param logits holds {@code V} unnormalized log-probabilities at {@code offset}
   * @param offset the index of the logit of id 0
   * @param rng the random source; one {@code nextDouble()} is drawn unless the config is greedy
   * @return an id in {@code [0, V)}
   * @throws IllegalArgumentException if {@code logits} is too short for {@code offset + V}, a logit
   *     is NaN or {@code +Infinity}, or all logits are {@code -Infinity}
   */
  public int sample(float[] logits, int offset, RandomGenerator rng) {
    Objects.requireNonNull(logits, "logits");
    Objects.requireNonNull(rng, "rng");
    if (offset < 0 || offset > logits.length - vocabSize) {
      throw new IllegalArgumentException(
          "logits must have length >= offset + vocabSize = "
              + ((long) offset + vocabSize)
              + " with offset >= 0, got length "
              + logits.length
              + ", offset "
              + offset);
    }
    int best = argmaxChecked(logits, offset);
    if (config.topK() == 1) {
      return best;
    }
    double max = logits[offset + best];
    // Capped so that a subnormal temperature gives 0 · MAX_VALUE = 0 at the max, not 0 · ∞ = NaN.
    double invTemperature = Math.min(1.0 / config.temperature(), Double.MAX_VALUE);
    int V = vocabSize;
    if (config.topK() == 0 && config.topP() == 1) {
      // No filter: the draw scans ids in id order; no sort needed.
      double mass = Softmax.temperedWeights(logits, offset, V, max, invTemperature, weights);
      return draw(mass * rng.nextDouble(), V, null);
    }
    int kept = config.topK() == 0 ? V : Math.min(config.topK(), V);
    selectBest(logits, offset, kept);
    double mass = 0;
    for (int j = 0; j < kept; j++) {
      weights[j] = Math.exp(((double) logits[offset + order[j]] - max) * invTemperature);
      mass += weights[j];
    }
    if (config.topP() < 1) {
      double nucleusMass = config.topP() * mass;
      double running = 0;
      for (int j = 0; j < kept; j++) {
        running += weights[j];
        if (running >= nucleusMass) {
          kept = j + 1;
          break;
        }
      }
      mass = running;
    }
    return draw(mass * rng.nextDouble(), kept, order);
  }

  /**
   * Picks the next id from logits at offset 0.
   *
   * @param logits {@code (V)} or longer; only the first {@code V} are read
   * @param rng the random source
   * @return an id in {@code [0, V)}
   * @throws IllegalArgumentException as {@link #sample(float[], int, RandomGenerator)}
   */
  public int sample(float[] logits, RandomGenerator rng) {
    return sample(logits, 0, rng);
  }

  /**
   * Returns the first candidate whose running weight exceeds {@code u}; ids of weight 0 are never
   * chosen. {@code ids == null} means candidate {@code j} is id {@code j}.
   */
  private int draw(double u, int count, int[] ids) {
    double running = 0;
    int lastPositive = -1;
    for (int j = 0; j < count; j++) {
      if (weights[j] > 0) {
        running += weights[j];
        lastPositive = j;
        if (u < running) {
          return ids == null ? j : ids[j];
        }
      }
    }
    // Only reached if u rounded up to the whole mass: take the last candidate that has weight.
    assert lastPositive >= 0;
    return ids == null ? lastPositive : ids[lastPositive];
  }

  /** Validates the logits and returns the lowest id of the largest logit. */
  private int argmaxChecked(float[] logits, int offset) {
    for (int j = 0; j < vocabSize; j++) {
      float logit = logits[offset + j];
      if (Float.isNaN(logit) || logit == Float.POSITIVE_INFINITY) {
        throw new IllegalArgumentException(
            "logits must not be NaN or +Infinity, got " + logit + " at id " + j);
      }
    }
    int best = Softmax.argmax(logits, offset, vocabSize);
    if (logits[offset + best] == Float.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException(
          "logits must not all be -Infinity, got " + vocabSize + " times -Infinity");
    }
    return best;
  }

  /**
   * Leaves in {@code order[0..count)} the {@code count} best ids, best first: a heap of the {@code
   * count} best seen so far with the worst at the root, then heapsort. O(V log count), no
   * allocation.
   */
  private void selectBest(float[] logits, int offset, int count) {
    for (int j = 0; j < count; j++) {
      order[j] = j;
    }
    for (int root = count / 2 - 1; root >= 0; root--) {
      siftDown(logits, offset, root, count);
    }
    for (int id = count; id < vocabSize; id++) {
      if (better(logits, offset, id, order[0])) {
        order[0] = id;
        siftDown(logits, offset, 0, count);
      }
    }
    // Heapsort: moving the worst to the end each time leaves the best at index 0.
    for (int end = count - 1; end > 0; end--) {
      int worst = order[0];
      order[0] = order[end];
      order[end] = worst;
      siftDown(logits, offset, 0, end);
    }
  }

  /** Restores the worst-at-root heap property below {@code node} in {@code order[0..size)}. */
  private void siftDown(float[] logits, int offset, int node, int size) {
    int id = order[node];
    while (true) {
      int child = 2 * node + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && better(logits, offset, order[child], order[child + 1])) {
        child++; // the worse child
      }
      if (!better(logits, offset, id, order[child])) {
        break;
      }
      order[node] = order[child];
      node = child;
    }
    order[node] = id;
  }

  /** Best-first order: larger logit, then lower id. */
  private static boolean better(float[] logits, int offset, int a, int b) {
    float la = logits[offset + a];
    float lb = logits[offset + b];
    return la > lb || (la == lb && a < b);
  }
}
