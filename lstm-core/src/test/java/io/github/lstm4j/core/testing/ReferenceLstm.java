package io.github.lstm4j.core.testing;

import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Param;
import io.github.lstm4j.core.nn.Parameters;
import java.util.HashMap;
import java.util.Map;

/**
 * A naive double-precision LSTM with backpropagation through time: the oracle for the production
 * float code. Written for clarity only: per-element loops, arrays indexed [t][b][j], time reversal
 * done by iterating backwards (not by copying), no fusing, no threads.
 *
 * <p>Weights use the production names ({@code weight_ih_l0}, {@code weight_hh_l0}, {@code bias_l0},
 * {@code ..._reverse}); gate order i, f, g, o.
 */
public final class ReferenceLstm {
  private final LstmConfig config;
  private final Map<String, double[]> weights;

  public ReferenceLstm(LstmConfig config, Map<String, double[]> weights) {
    this.config = config;
    this.weights = weights;
  }

  /** Copies the LSTM parameters (names without prefix) of a production model to double. */
  public static ReferenceLstm of(LstmConfig config, Parameters params, String prefix) {
    Map<String, double[]> w = new HashMap<>();
    for (Param p : params.list()) {
      if (p.name().startsWith(prefix)) {
        double[] v = new double[p.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = params.values()[p.offset() + i];
        }
        w.put(p.name().substring(prefix.length()), v);
      }
    }
    return new ReferenceLstm(config, w);
  }

  public Map<String, double[]> weights() {
    return weights;
  }

  /** What forward computed and saved. Arrays are [layer·D + d][t][b][j] where relevant. */
  public static final class Forward {
    public final int seqLen;
    public final int batch;
    public int[] lengths; // [b] valid steps of each row
    public double[][][] input; // [t][b][i]
    public double[][][][] layerInput; // [l][t][b][i] after dropout of the layer below
    public double[][][][] gateI; // [slot][t][b][j]
    public double[][][][] gateF;
    public double[][][][] gateG;
    public double[][][][] gateO;
    public double[][][][] cell; // [slot][t][b][j] c_t
    public double[][][][] hidden; // [slot][t][b][j] h_t
    public double[][][] h0; // [slot][b][j]
    public double[][][] c0;
    public double[][][] output; // [t][b][D·H]
    public double[][][] hN; // [slot][b][j]
    public double[][][] cN;
    public double[][][][] rawLayerOutput; // [l][t][b][D·H] before dropout
    public double[][] dropoutMasks; // [l] flat (T, B, D·H), or null

    Forward(int seqLen, int batch) {
      this.seqLen = seqLen;
      this.batch = batch;
    }

    public double[] outputFlat() {
      return flatten(output);
    }

    public double[] hNFlat() {
      return flatten(hN);
    }

    public double[] cNFlat() {
      return flatten(cN);
    }
  }

  /** Gradients of every weight by name, and of the input and the initial state. */
  public static final class Backward {
    public final Map<String, double[]> weights = new HashMap<>();
    public double[][][] input; // [t][b][i]
    public double[][][] h0; // [slot][b][j]
    public double[][][] c0;
  }

  /**
   * Forward pass.
   *
   * @param x (T, B, I) flat time-major
   * @param h0 (L·D, B, H) flat, or null for zeros
   * @param c0 (L·D, B, H) flat, or null for zeros
   * @param dropoutMasks per layer below the top, flat (T, B, D·H) multipliers, or null
   */
  public Forward forward(
      double[] x, double[] h0, double[] c0, int seqLen, int batch, double[][] dropoutMasks) {
    int[] full = new int[batch];
    java.util.Arrays.fill(full, seqLen);
    return forward(x, h0, c0, seqLen, batch, dropoutMasks, full);
  }

  /**
   * Forward pass over sequences of different lengths, padded to T, as PyTorch runs a packed
   * sequence: row b reads steps 0 … lengths[b] − 1 only (a reverse direction from lengths[b] − 1
   * down to 0), its output past that is zero, and its final state is the state after its last valid
   * step.
   */
  public Forward forward(
      double[] x,
      double[] h0,
      double[] c0,
      int seqLen,
      int batch,
      double[][] dropoutMasks,
      int[] lengths) {
    int layers = config.numLayers();
    int dirs = config.numDirections();
    int hidden = config.hiddenSize();
    int slots = layers * dirs;
    Forward f = new Forward(seqLen, batch);
    f.lengths = lengths.clone();
    f.input = unflatten(x, seqLen, batch, config.inputSize());
    f.h0 = h0 == null ? new double[slots][batch][hidden] : unflatten(h0, slots, batch, hidden);
    f.c0 = c0 == null ? new double[slots][batch][hidden] : unflatten(c0, slots, batch, hidden);
    f.layerInput = new double[layers][][][];
    f.rawLayerOutput = new double[layers][][][];
    f.gateI = new double[slots][][][];
    f.gateF = new double[slots][][][];
    f.gateG = new double[slots][][][];
    f.gateO = new double[slots][][][];
    f.cell = new double[slots][][][];
    f.hidden = new double[slots][][][];
    f.hN = new double[slots][][];
    f.cN = new double[slots][][];
    f.dropoutMasks = dropoutMasks;
    double[][][] in = f.input;
    for (int l = 0; l < layers; l++) {
      f.layerInput[l] = in;
      int inSize = config.layerInputSize(l);
      double[][][] out = new double[seqLen][batch][dirs * hidden];
      for (int d = 0; d < dirs; d++) {
        int slot = l * dirs + d;
        String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
        double[] wih = weights.get("weight_ih" + suffix);
        double[] whh = weights.get("weight_hh" + suffix);
        double[] bias = weights.get("bias" + suffix);
        double[][][] gi = new double[seqLen][batch][hidden];
        double[][][] gf = new double[seqLen][batch][hidden];
        double[][][] gg = new double[seqLen][batch][hidden];
        double[][][] go = new double[seqLen][batch][hidden];
        double[][][] cs = new double[seqLen][batch][hidden];
        double[][][] hs = new double[seqLen][batch][hidden];
        for (int b = 0; b < batch; b++) {
          double[] h = f.h0[slot][b].clone();
          double[] c = f.c0[slot][b].clone();
          int len = lengths[b];
          for (int k = 0; k < len; k++) {
            int t = d == 1 ? len - 1 - k : k;
            double[] hNew = new double[hidden];
            double[] cNew = new double[hidden];
            for (int j = 0; j < hidden; j++) {
              double[] z = new double[4];
              for (int gate = 0; gate < 4; gate++) {
                int row = gate * hidden + j;
                double sum = bias[row];
                for (int i = 0; i < inSize; i++) {
                  sum += wih[row * inSize + i] * in[t][b][i];
                }
                for (int i = 0; i < hidden; i++) {
                  sum += whh[row * hidden + i] * h[i];
                }
                z[gate] = sum;
              }
              double ig = sigmoid(z[0]);
              double fg = sigmoid(z[1]);
              double g = Math.tanh(z[2]);
              double og = sigmoid(z[3]);
              cNew[j] = fg * c[j] + ig * g;
              hNew[j] = og * Math.tanh(cNew[j]);
              gi[t][b][j] = ig;
              gf[t][b][j] = fg;
              gg[t][b][j] = g;
              go[t][b][j] = og;
            }
            h = hNew;
            c = cNew;
            cs[t][b] = cNew;
            hs[t][b] = hNew;
            System.arraycopy(hNew, 0, out[t][b], d * hidden, hidden);
          }
          if (f.hN[slot] == null) {
            f.hN[slot] = new double[batch][];
            f.cN[slot] = new double[batch][];
          }
          f.hN[slot][b] = h;
          f.cN[slot][b] = c;
        }
        f.gateI[slot] = gi;
        f.gateF[slot] = gf;
        f.gateG[slot] = gg;
        f.gateO[slot] = go;
        f.cell[slot] = cs;
        f.hidden[slot] = hs;
      }
      f.rawLayerOutput[l] = out;
      if (dropoutMasks != null && l < layers - 1) {
        double[][][] dropped = new double[seqLen][batch][dirs * hidden];
        int width = dirs * hidden;
        for (int t = 0; t < seqLen; t++) {
          for (int b = 0; b < batch; b++) {
            for (int j = 0; j < width; j++) {
              dropped[t][b][j] = out[t][b][j] * dropoutMasks[l][(t * batch + b) * width + j];
            }
          }
        }
        out = dropped;
      }
      in = out;
    }
    f.output = in;
    return f;
  }

  /**
   * Backward pass. dOutput is (T, B, D·H) flat; dHn and dCn are (L·D, B, H) flat; any may be null
   * for zero.
   */
  public Backward backward(Forward f, double[] dOutput, double[] dHn, double[] dCn) {
    int layers = config.numLayers();
    int dirs = config.numDirections();
    int hidden = config.hiddenSize();
    int seqLen = f.seqLen;
    int batch = f.batch;
    int slots = layers * dirs;
    Backward out = new Backward();
    out.h0 = new double[slots][batch][hidden];
    out.c0 = new double[slots][batch][hidden];
    double[][][] dLayerOut =
        dOutput == null
            ? new double[seqLen][batch][dirs * hidden]
            : unflatten(dOutput, seqLen, batch, dirs * hidden);
    double[][][] dHnA = dHn == null ? null : unflatten(dHn, slots, batch, hidden);
    double[][][] dCnA = dCn == null ? null : unflatten(dCn, slots, batch, hidden);
    for (int l = layers - 1; l >= 0; l--) {
      if (f.dropoutMasks != null && l < layers - 1) {
        int width = dirs * hidden;
        for (int t = 0; t < seqLen; t++) {
          for (int b = 0; b < batch; b++) {
            for (int j = 0; j < width; j++) {
              dLayerOut[t][b][j] *= f.dropoutMasks[l][(t * batch + b) * width + j];
            }
          }
        }
      }
      int inSize = config.layerInputSize(l);
      double[][][] in = f.layerInput[l];
      double[][][] dIn = new double[seqLen][batch][inSize];
      for (int d = 0; d < dirs; d++) {
        int slot = l * dirs + d;
        String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
        double[] wih = weights.get("weight_ih" + suffix);
        double[] whh = weights.get("weight_hh" + suffix);
        double[] dWih = new double[wih.length];
        double[] dWhh = new double[whh.length];
        double[] dBias = new double[4 * hidden];
        for (int b = 0; b < batch; b++) {
          double[] dh = dHnA == null ? new double[hidden] : dHnA[slot][b].clone();
          double[] dc = dCnA == null ? new double[hidden] : dCnA[slot][b].clone();
          // Walk the direction's steps backwards: k = len−1 … 0.
          int len = f.lengths[b];
          for (int k = len - 1; k >= 0; k--) {
            int t = d == 1 ? len - 1 - k : k;
            int tPrev = d == 1 ? t + 1 : t - 1; // the step processed just before t
            boolean first = k == 0;
            double[] hPrev = first ? f.h0[slot][b] : f.hidden[slot][tPrev][b];
            double[] cPrev = first ? f.c0[slot][b] : f.cell[slot][tPrev][b];
            double[] dz = new double[4 * hidden];
            double[] dcPrev = new double[hidden];
            for (int j = 0; j < hidden; j++) {
              dh[j] += dLayerOut[t][b][d * hidden + j];
              double ig = f.gateI[slot][t][b][j];
              double fg = f.gateF[slot][t][b][j];
              double g = f.gateG[slot][t][b][j];
              double og = f.gateO[slot][t][b][j];
              double tc = Math.tanh(f.cell[slot][t][b][j]);
              double dO = dh[j] * tc;
              double dcj = dc[j] + dh[j] * og * (1 - tc * tc);
              dz[j] = dcj * g * ig * (1 - ig);
              dz[hidden + j] = dcj * cPrev[j] * fg * (1 - fg);
              dz[2 * hidden + j] = dcj * ig * (1 - g * g);
              dz[3 * hidden + j] = dO * og * (1 - og);
              dcPrev[j] = dcj * fg;
            }
            double[] dhPrev = new double[hidden];
            for (int row = 0; row < 4 * hidden; row++) {
              dBias[row] += dz[row];
              for (int i = 0; i < inSize; i++) {
                dWih[row * inSize + i] += dz[row] * in[t][b][i];
                dIn[t][b][i] += dz[row] * wih[row * inSize + i];
              }
              for (int i = 0; i < hidden; i++) {
                dWhh[row * hidden + i] += dz[row] * hPrev[i];
                dhPrev[i] += dz[row] * whh[row * hidden + i];
              }
            }
            dh = dhPrev;
            dc = dcPrev;
          }
          out.h0[slot][b] = dh;
          out.c0[slot][b] = dc;
        }
        out.weights.put("weight_ih" + suffix, dWih);
        out.weights.put("weight_hh" + suffix, dWhh);
        out.weights.put("bias" + suffix, dBias);
      }
      dLayerOut = dIn;
    }
    out.input = dLayerOut;
    return out;
  }

  static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  public static double[] flatten(double[][][] a) {
    int n = a.length * a[0].length * a[0][0].length;
    double[] out = new double[n];
    int k = 0;
    for (double[][] x : a) {
      for (double[] y : x) {
        for (double v : y) {
          out[k++] = v;
        }
      }
    }
    return out;
  }

  public static double[][][] unflatten(double[] flat, int d0, int d1, int d2) {
    double[][][] out = new double[d0][d1][d2];
    for (int i = 0; i < d0; i++) {
      for (int j = 0; j < d1; j++) {
        System.arraycopy(flat, (i * d1 + j) * d2, out[i][j], 0, d2);
      }
    }
    return out;
  }
}
