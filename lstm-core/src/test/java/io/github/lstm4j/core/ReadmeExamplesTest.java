package io.github.lstm4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Embedding;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.PaddedTokens;
import io.github.lstm4j.core.nn.Padding;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.optim.Adam;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.ReadmeSnippets;
import io.github.lstm4j.core.testing.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's "use the core directly" snippet, compiled and run. Keep the block between the
 * markers identical to README.md (a test below checks that it is).
 */
class ReadmeExamplesTest {

  @Test
  void coreSnippetTrainsAndTheLossFalls() throws IOException {
    Rng data = new Rng(1);
    int[] tokens = TestData.ids(data, 20 * 8, 30); // (T=20, B=8) token ids
    int[] targets = tokens.clone(); // learn to echo the input
    double[] losses = new double[150];
    // README-CORE-BEGIN
    try (ComputeContext ctx = ComputeContext.of(2)) {
      Parameters params = new Parameters();
      Lstm lstm = new Lstm(LstmConfig.of(30, 64).withNumLayers(2), params, new Rng(42));
      Linear head = new Linear("head", 64, 30, params, new Rng(43));
      LstmCache cache = lstm.newTrainingCache(20, 8, new Rng(44)); // (T, B)
      Tensor logits = Tensor.zeros(20, 8, 30), dHidden = Tensor.zeros(20, 8, 64);
      Adam adam = new Adam(2e-2);
      for (int step = 0; step < losses.length; step++) {
        params.zeroGrad();
        Tensor hidden = lstm.forward(ctx, tokens, cache); // (T, B, H)
        head.forward(ctx, hidden, logits);
        losses[step] = SoftmaxCrossEntropy.forward(logits, targets, logits); // → probabilities
        SoftmaxCrossEntropy.backward(logits, targets, logits); // probabilities → dLogits
        head.backward(ctx, hidden, logits, dHidden);
        lstm.backward(ctx, dHidden, cache);
        adam.step(params, losses[step]); // refuses a NaN or infinite loss or gradient
      }
    }
    // README-CORE-END
    assertThat(losses[0]).isCloseTo(Math.log(30), within(0.2));
    assertThat(losses[losses.length - 1]).isLessThan(0.1);
    assertThat(
            ReadmeSnippets.snippet(
                Path.of("src/test/java/io/github/lstm4j/core/ReadmeExamplesTest.java"),
                "// README-CORE-BEGIN",
                "// README-CORE-END"))
        .isEqualTo(
            ReadmeSnippets.snippet(
                Path.of("../README.md"), "<!-- README-CORE-BEGIN -->", "<!-- README-CORE-END -->"));
  }

  @Test
  void sequencesSnippetLearnsToSpotATokenInSequencesOfDifferentLengths() throws IOException {
    // Label 1 when token 7 occurs in the sequence; lengths 1 to 12.
    Rng data = new Rng(5);
    List<int[]> sequences = new java.util.ArrayList<>();
    int[] labels = new int[48];
    for (int b = 0; b < labels.length; b++) {
      int[] row = new int[1 + data.nextInt(12)];
      for (int t = 0; t < row.length; t++) {
        row[t] = 1 + data.nextInt(6); // ids 1..6, never 7
      }
      labels[b] = b % 2;
      if (labels[b] == 1) {
        row[data.nextInt(row.length)] = 7;
      }
      sequences.add(row);
    }
    double loss = Double.NaN;
    // README-SEQUENCES-BEGIN
    try (ComputeContext ctx = ComputeContext.of(2)) {
      Parameters params = new Parameters();
      Embedding embedding = new Embedding("embedding", 50, 16, params, new Rng(1));
      Lstm lstm = new Lstm(LstmConfig.of(16, 32).withBidirectional(true), params, new Rng(2));
      Linear head = new Linear("head", 64, 2, params, new Rng(3));
      PaddedTokens batch = Padding.tokens(sequences, 0); // time-major ids (T·B) + lengths (B)
      int seqLen = batch.seqLen(), size = batch.batchSize();
      Tensor x = Tensor.zeros(seqLen, size, 16), dOutput = Tensor.zeros(seqLen, size, 64);
      Tensor features = Tensor.zeros(size, 64), dFeatures = Tensor.zeros(size, 64);
      Tensor logits = Tensor.zeros(size, 2);
      LstmCache cache = lstm.newTrainingCache(seqLen, size, new Rng(4));
      Adam adam = new Adam(1e-2);
      for (int step = 0; step < 60; step++) {
        params.zeroGrad();
        embedding.forward(batch.ids(), x); // (T, B, 16)
        lstm.forward(ctx, x, batch.lengths(), cache); // padded steps are never computed
        Readout.LAST_HIDDEN.forward(cache, features); // each direction's last valid step
        head.forward(ctx, features, logits);
        loss = SoftmaxCrossEntropy.forward(logits, labels, logits); // → probabilities
        SoftmaxCrossEntropy.backward(logits, labels, logits); // → dLogits
        head.backward(ctx, features, logits, dFeatures);
        Readout.LAST_HIDDEN.backward(cache, dFeatures, dOutput);
        lstm.backward(ctx, dOutput, cache);
        embedding.backward(batch.ids(), cache.inputGradient());
        adam.step(params);
      }
    }
    // README-SEQUENCES-END
    assertThat(loss).as("mean cross-entropy after 60 steps").isLessThan(0.05);
    assertThat(
            ReadmeSnippets.snippet(
                Path.of("src/test/java/io/github/lstm4j/core/ReadmeExamplesTest.java"),
                "// README-SEQUENCES-BEGIN",
                "// README-SEQUENCES-END"))
        .isEqualTo(
            ReadmeSnippets.snippet(
                Path.of("../README.md"),
                "<!-- README-SEQUENCES-BEGIN -->",
                "<!-- README-SEQUENCES-END -->"));
  }
}
