package io.github.lstm4j.text;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.io.Json;
import io.github.lstm4j.core.nn.FrozenLstmCache;
import io.github.lstm4j.core.nn.LstmState;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.Arrays;

/**
 * Beam search over a {@link CharLstm}: the {@code width} most probable continuations are kept at
 * each step, all beams advanced together as one batch of the frozen LSTM.
 *
 * <pre>
 * beams ← {(prime, log p = 0)}
 * for step 1..maxLength:
 *   candidates = {(beam, v): log p(beam) + log softmax(logits(beam))[v]}, beams × V
 *   keep the width best by log p (ties: earlier beam, then lower id)
 *   a kept candidate ending in a stop token, or at maxLength, is finished:
 *     score = log p / length^lengthPenalty; the best finished score so far is the answer
 *   the others are the next beams; their (h, c) rows are copied from their parents
 * </pre>
 *
 * <p>With {@code width ≥ V^(maxLength − 1)} nothing is ever dropped and the answer is the exact
 * maximum of the score over every sequence (the test checks it against exhaustive search).
 */
final class BeamSearch {
  private BeamSearch() {}

  static BeamSearchResult run(
      ComputeContext ctx,
      FrozenLanguageModel model,
      Vocabulary vocabulary,
      int[] prime,
      int maxLength,
      BeamSearchConfig config) {
    Checks.positive("maxLength", maxLength);
    int W = config.width();
    int V = vocabulary.size();
    boolean[] stop = stopIds(vocabulary, config);
    FrozenLstmCache cache = model.newCache(W);
    LstmState state = LstmState.zeros(model.config(), W); // (L, W, H) row r = beam r
    LstmState reordered = LstmState.zeros(model.config(), W);
    Tensor logits = Tensor.zeros(1, W, V); // (1, W, V)
    float[] z = logits.data();
    int[] stepTokens = new int[W]; // (W)
    for (int id : prime) { // every row reads the prime; row 0 is the one beam
      Arrays.fill(stepTokens, id);
      model.step(ctx, stepTokens, state, cache, logits);
    }
    double[] beamLogP = new double[W]; // (W) log p of live beams
    int[][] history = new int[W][maxLength]; // tokens of each live beam
    int[][] nextHistory = new int[W][maxLength];
    double[] candLogP = new double[W]; // the best candidates, descending
    int[] candBeam = new int[W];
    int[] candToken = new int[W];
    int[] best = new int[maxLength];
    int bestLength = 0;
    double bestLogP = Double.NaN;
    double bestScore = Double.NEGATIVE_INFINITY;
    int live = 1;
    for (int length = 1; length <= maxLength && live > 0; length++) {
      int count = 0;
      for (int r = 0; r < live; r++) {
        double logSum = LanguageModelScorer.logSumExp(z, r * V, V);
        for (int v = 0; v < V; v++) {
          double total = beamLogP[r] + (z[r * V + v] - logSum);
          if (count == W && !(total > candLogP[W - 1])) {
            continue;
          }
          int i = count < W ? count++ : W - 1; // the slot freed for it, then moved up
          for (; i > 0 && candLogP[i - 1] < total; i--) {
            candLogP[i] = candLogP[i - 1];
            candBeam[i] = candBeam[i - 1];
            candToken[i] = candToken[i - 1];
          }
          candLogP[i] = total;
          candBeam[i] = r;
          candToken[i] = v;
        }
      }
      int nextLive = 0;
      for (int k = 0; k < count; k++) {
        int parent = candBeam[k];
        int v = candToken[k];
        if (stop[v] || length == maxLength) {
          double score = candLogP[k] / Math.pow(length, config.lengthPenalty());
          if (score > bestScore) {
            bestScore = score;
            bestLogP = candLogP[k];
            bestLength = length;
            System.arraycopy(history[parent], 0, best, 0, length - 1);
            best[length - 1] = v;
          }
        } else {
          System.arraycopy(history[parent], 0, nextHistory[nextLive], 0, length - 1);
          nextHistory[nextLive][length - 1] = v;
          beamLogP[nextLive] = candLogP[k];
          copyRow(state, parent, reordered, nextLive, W);
          stepTokens[nextLive] = v;
          nextLive++;
        }
      }
      int[][] swapHistory = history;
      history = nextHistory;
      nextHistory = swapHistory;
      LstmState swapState = state;
      state = reordered;
      reordered = swapState;
      live = nextLive;
      if (live > 0 && length < maxLength) {
        Arrays.fill(stepTokens, live, W, 0); // rows without a beam run on any valid id
        model.step(ctx, stepTokens, state, cache, logits);
      }
    }
    int[] tokens = Arrays.copyOf(best, bestLength);
    return new BeamSearchResult(vocabulary.decode(tokens), bestLength, bestLogP, bestScore);
  }

  /** (V) true for the ids of the config's stop tokens. */
  private static boolean[] stopIds(Vocabulary vocabulary, BeamSearchConfig config) {
    boolean[] stop = new boolean[vocabulary.size()];
    for (String token : config.stopTokens()) {
      int[] ids = vocabulary.encode(token);
      Checks.argument(
          ids.length == 1,
          "stopTokens must each be one vocabulary token, got "
              + Json.write(token)
              + " ("
              + ids.length
              + " tokens)");
      stop[ids[0]] = true;
    }
    return stop;
  }

  /** Copies beam row {@code from} of every layer's (h, c) into row {@code to} of {@code dst}. */
  private static void copyRow(LstmState src, int from, LstmState dst, int to, int W) {
    int slots = src.h().dim(0);
    int H = src.h().dim(2);
    for (int s = 0; s < slots; s++) {
      System.arraycopy(src.h().data(), (s * W + from) * H, dst.h().data(), (s * W + to) * H, H);
      System.arraycopy(src.c().data(), (s * W + from) * H, dst.c().data(), (s * W + to) * H, H);
    }
  }
}
