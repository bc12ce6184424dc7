package io.github.lstm4j.core.kernel;

import io.github.lstm4j.core.kernel.GemmKernels.Form;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API twin of {@link GemmKernels}: the same products in the same summation order, with a
 * register-blocked micro-kernel, so the bits are the same and only the speed differs.
 *
 * <p><b>Micro-kernel.</b> {@link #tile} updates {@link #MR} rows × {@link #NR} columns of C held in
 * eight vectors of {@link VectorWidth}'s width: per step p it loads two vectors of a packed panel
 * of op(B), broadcasts four values of A and runs eight fused multiply-adds, so every element is
 * {@code fma(A[i,p], B[p,j], ·)} in ascending p, exactly as in {@link GemmKernels}. C is read and
 * written once per tile and depth block. AVX2 has 16 vector registers (AVX-512 32) and two FMA
 * pipes of latency 4, so eight independent sums keep them busy. Larger tiles need more registers
 * than there are, because C2 issues all broadcasts of a step before its multiply-adds (5×16: 10 + 2
 * + 5 = 17), and then spill an accumulator in some compilations and not others. The kernel is a
 * small method called once per tile, so that C2 compiles it like any hot method (one large method
 * entered once runs interpreted or on-stack-replaced). Figures: benchmarks/README.md.
 *
 * <p><b>Packing.</b> Blocking follows BLIS: for each block of {@value #NC} columns and {@value #KC}
 * depth, op(B) is packed into panels of {@link #NR} columns ({@code panel[p·NR + jj]}), and each
 * group of {@link #MR} rows of A into a sliver of {@link #MR} rows at the constant stride {@value
 * #KC} ({@code sliver[r·KC + p]}): a row of A contiguous along p is then one array copy, and the
 * kernel addresses the four rows from one index with constant displacements (four row indices, or a
 * {@code [p·MR + r]} layout with its strided copy, are slower). Both are zero padded; the loops
 * walk panels (kept in L1) outside slivers of at most {@value #MC} rows (kept in L2). Tiles at the
 * edges of C run on a scratch tile and are copied back.
 *
 * <p><b>A·Bᵀ with few rows</b> (at most {@value #TQ}, and no more than columns) is computed as Cᵀ =
 * B·Aᵀ: the stored rows of B are copied as slivers and only the small A is transposed into panels,
 * so that a single product h (32×256) · W_hhᵀ (1024×256) never transposes the large W (the plain
 * kernels' transposed packing costs about as much as the product there). A layer's recurrence over
 * T > 1 steps does better still: it packs W_hhᵀ once into a {@link PackedOperand} and runs every
 * step through {@link #multPacked}, which skips the packing of op(B) altogether. A block of Cᵀ is
 * accumulated over the whole depth in scratch and written to C transposed once. A·Bᵀ with a single
 * row (GEMV) keeps {@link GemmKernels#dots}: vectorized dot products along p would change the
 * summation order (and break the promise that a row of C has the same bits alone or in a batch),
 * and vectors along j need a transposed B, which costs as much as the product, unless B is
 * transposed once for many products: {@link PackedMatrix}, which generation uses.
 *
 * <p><b>Aᵀ·B with fewer columns than rows</b> and a deep k (the weight gradients dGatesᵀ·X, k =
 * T·B) is computed as Cᵀ = Bᵀ·A ({@link #transposedTn}): A, stored along i, is packed into panels
 * with vector copies, and only the smaller B goes through the strided transposing copy.
 *
 * <p><b>One float species.</b> Only {@link VectorWidth#FLOATS} is used in lstm-core (the
 * activations and gate loops use it too); see there why.
 *
 * <p>Scratch buffers belong to the running thread ({@link ThreadLocal}), sized once by the block
 * constants: about 1.7 MB per thread that runs a product.
 */
final class VectorGemmKernels {
  private static final VectorSpecies<Float> S = VectorWidth.FLOATS;

  /** Floats per vector: 8 or 16. */
  private static final int L = VectorWidth.LANES;

  /**
   * Rows of a tile: 8 with 512-bit vectors (AVX-512 has 32 vector registers: 16 sums, 2 vectors of
   * B and the broadcasts fit), 4 with 256-bit ones (16 registers).
   */
  static final int MR = L == 16 ? 8 : 4;

  /** Columns of a tile (two vectors). */
  static final int NR = 2 * L;

  /** Depth of a packed block, and the stride between the rows of a sliver. */
  static final int KC = 256;

  /** Rows of A per block of slivers (a multiple of {@link #MR}). */
  static final int MC = 96;

  /** Columns of op(B) per packed block (a multiple of {@link #NR}). */
  static final int NC = 512;

  /** A·Bᵀ with at most this many rows (a multiple of {@link #NR}) is computed as Cᵀ = B·Aᵀ. */
  static final int TQ = 128;

  /** Row stride of the Cᵀ scratch: {@link #TQ} plus one vector, so that rows avoid L1 aliasing. */
  static final int LDT = TQ + L;

  /**
   * Aᵀ·B computed as Cᵀ = Bᵀ·A takes at most this many columns of C per block (rows of Cᵀ). A is
   * packed again for every block, so blocks cover a whole layer's H ≤ 512 (a 1 MB scratch per
   * thread): with 128, A (∂L/∂gates, T·B·4H floats) would be packed four times per weight gradient
   * at H = 512 (figures: benchmarks/README.md).
   */
  static final int TN_COLUMNS = 512;

  /** Row stride of the Cᵀ scratch of Aᵀ·B: {@link #NC} plus one vector, against L1 aliasing. */
  static final int LDTN = NC + L;

  /** Panels packed together along the rows of a contiguous op(B) (see {@link #packPanels}). */
  static final int PACK_GROUP = 8;

  /** A tile of zeros, the starting C of a tile that overwrites C. */
  private static final float[] ZEROS = new float[MR * NR];

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** One thread's packing buffers. */
  private static final class Scratch {
    final float[] panels = new float[KC * NC]; // NC/NR panels of (KC, NR)
    final float[] slivers = new float[MC * KC]; // MC/MR slivers of (MR, KC)
    final float[] tile = new float[MR * NR]; // (MR, NR) edge tile of C
    final float[] transposed = new float[MC * LDT]; // (MC, LDT) block of Cᵀ
    final float[] transposedTn = new float[TN_COLUMNS * LDTN]; // (TN_COLUMNS, LDTN) block of Cᵀ
  }

  /** C[i0:i1, j0:j1] (+)= op(A)·op(B): {@link KernelBackend#gemmBlocked}. */
  static void blocked(GemmProduct product, int i0, int i1, int j0, int j1) {
    Form form = product.form;
    int k = product.k;
    // A(i, p) = a[aOff + i·ars + p·aps];  op(B)(p, j) = b[bOff + p·bps + j·bjs]
    int ars = form == Form.TN ? 1 : k;
    int aps = form == Form.TN ? product.m : 1;
    int bps = form == Form.NT ? 1 : product.n;
    int bjs = form == Form.NT ? k : 1;
    Scratch s = SCRATCH.get();
    int rows = i1 - i0;
    if (form == Form.NT && rows <= TQ && rows <= j1 - j0 && (long) k * roundUp(rows) <= KC * NC) {
      transposed(product, i0, i1, j0, j1, s);
    } else if (form == Form.TN && transposingBIsCheaper(rows, j1 - j0, k)) {
      transposedTn(product, i0, i1, j0, j1, s);
    } else {
      run(
          product.a,
          product.aOff,
          ars,
          aps,
          product.b,
          product.bOff,
          bps,
          bjs,
          product.c,
          product.cOff,
          product.n,
          i0,
          i1,
          j0,
          j1,
          k,
          product.accumulate,
          s);
    }
  }

  /**
   * Whether Aᵀ·B over {@code rows} × {@code columns} of C is cheaper as Cᵀ = Bᵀ·A: the strided
   * transposing copy then handles B (columns·k elements) plus C twice (in and out) instead of A
   * (rows·k elements).
   */
  private static boolean transposingBIsCheaper(int rows, int columns, int k) {
    return (long) columns * k + 2L * rows * columns < (long) rows * k;
  }

  /** Columns rounded up to whole panels of {@link #NR}. */
  static int roundUp(int columns) {
    return (columns + NR - 1) / NR * NR;
  }

  /**
   * C[i0:i1, j0:j1] (+)= A·Bᵀ computed as Cᵀ = B·Aᵀ, for few rows of A (at most {@link #TQ}): the
   * stored rows of B (contiguous along p) are copied as slivers, all of Aᵀ is packed into panels
   * once, and each block of {@link #MC} rows of Cᵀ is accumulated over the whole depth in the
   * scratch {@code ct} (MC, LDT), then written to C transposed, once per element.
   */
  private static void transposed(GemmProduct product, int i0, int i1, int j0, int j1, Scratch s) {
    float[] c = product.c;
    int cOff = product.cOff;
    int n = product.n;
    int k = product.k;
    int mq = i1 - i0;
    // panels[(q/NR)·k·NR + p·NR + q%NR] = Aᵀ(p, q) = A[i0 + q, p]
    packPanels(product.a, product.aOff + i0 * k, 1, k, k, mq, s.panels);
    float[] ct = s.transposed; // (MC, LDT): ct[r·LDT + q] = C[i0 + q, rc + r]
    for (int rc = j0; rc < j1; rc += MC) {
      int mc = Math.min(MC, j1 - rc);
      if (product.accumulate) {
        loadTransposed(c, cOff, n, i0, mq, rc, mc, ct, LDT);
      }
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        packSlivers(product.b, product.bOff + rc * k + pc, k, 1, mc, kc, s.slivers);
        for (int jr = 0; jr < mq; jr += NR) {
          int panel = jr * k + pc * NR;
          for (int ir = 0; ir < mc; ir += MR) {
            int ti = ir * LDT + jr;
            if (pc == 0 && !product.accumulate) {
              tile(s.slivers, ir * KC, s.panels, panel, kc, ZEROS, 0, NR, ct, ti, LDT);
            } else {
              tile(s.slivers, ir * KC, s.panels, panel, kc, ct, ti, LDT, ct, ti, LDT);
            }
          }
        }
      }
      storeTransposed(ct, LDT, c, cOff, n, i0, mq, rc, mc);
    }
  }

  /**
   * C[i0:i1, j0:j1] (+)= Aᵀ·B computed as Cᵀ = Bᵀ·A, for fewer columns of C than rows and a deep k
   * (the weight gradients dGatesᵀ·X with k = T·B). Stored A (k×m) is contiguous along i, so it
   * becomes the panels with a vector copy, and only the smaller B is transposed into slivers;
   * packed directly, every element of A would go through the strided transposing copy. Each block
   * of Cᵀ (at most {@link #TN_COLUMNS} × {@link #NC}) is loaded from C, accumulated over the whole
   * depth in scratch, and written back transposed, so every element is still one chain of fused
   * multiply-adds in ascending p from its starting value.
   */
  private static void transposedTn(GemmProduct product, int i0, int i1, int j0, int j1, Scratch s) {
    float[] c = product.c;
    int cOff = product.cOff;
    int m = product.m;
    int n = product.n;
    float[] ct = s.transposedTn; // ct[r·LDTN + q] = C[ic + q, jc + r]
    for (int jc = j0; jc < j1; jc += TN_COLUMNS) {
      int nj = Math.min(TN_COLUMNS, j1 - jc);
      for (int ic = i0; ic < i1; ic += NC) {
        int mi = Math.min(NC, i1 - ic);
        if (product.accumulate) {
          loadTransposed(c, cOff, n, ic, mi, jc, nj, ct, LDTN);
        }
        // Cᵀ(r, q) (+)= Σ_p Bᵀ(r, p)·A(p, q), with Bᵀ(r, p) = b[bOff + p·n + jc + r] and
        // A(p, q) = a[aOff + p·m + ic + q]
        run(
            product.b,
            product.bOff + jc,
            1,
            n,
            product.a,
            product.aOff + ic,
            m,
            1,
            ct,
            0,
            LDTN,
            0,
            nj,
            0,
            mi,
            product.k,
            product.accumulate,
            s);
        storeTransposed(ct, LDTN, c, cOff, n, ic, mi, jc, nj);
      }
    }
  }

  /**
   * ct[r·ld + q] = C[i + q, j + r] for q < rows, r < cols. Both transposing copies walk rows of C,
   * not its columns: columns are n floats apart, and with n a power of two they all fall into one
   * L1 set.
   */
  private static void loadTransposed(
      float[] c, int cOff, int n, int i, int rows, int j, int cols, float[] ct, int ld) {
    for (int q = 0; q < rows; q++) {
      int row = cOff + (i + q) * n + j;
      for (int r = 0; r < cols; r++) {
        ct[r * ld + q] = c[row + r];
      }
    }
  }

  /** C[i + q, j + r] = ct[r·ld + q] for q < rows, r < cols: the inverse of loadTransposed. */
  private static void storeTransposed(
      float[] ct, int ld, float[] c, int cOff, int n, int i, int rows, int j, int cols) {
    for (int q = 0; q < rows; q++) {
      int row = cOff + (i + q) * n + j;
      for (int r = 0; r < cols; r++) {
        c[row + r] = ct[r * ld + q];
      }
    }
  }

  /**
   * Z[r0:r1, q0:q1] (+)= X·Y over the shared dimension k, with X(r, p) = x[xOff + r·xrs + p·xps],
   * Y(p, q) = y[yOff + p·yps + q·yqs] and Z(r, q) = z[zOff + r·zrs + q].
   */
  private static void run(
      float[] x,
      int xOff,
      int xrs,
      int xps,
      float[] y,
      int yOff,
      int yps,
      int yqs,
      float[] z,
      int zOff,
      int zrs,
      int r0,
      int r1,
      int q0,
      int q1,
      int k,
      boolean accumulate,
      Scratch s) {
    for (int qc = q0; qc < q1; qc += NC) {
      int nc = Math.min(NC, q1 - qc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        packPanels(y, yOff + pc * yps + qc * yqs, yps, yqs, kc, nc, s.panels);
        multiplyPanels(
            x,
            xOff + pc * xps,
            xrs,
            xps,
            kc,
            s.panels,
            0,
            kc,
            z,
            zOff + qc,
            zrs,
            r0,
            r1,
            nc,
            pc == 0 && !accumulate,
            s);
      }
    }
  }

  /** C[i0:i1, j0:j1] (+)= A·op(B) on packed panels: {@link KernelBackend#gemmPacked}. */
  static void multPacked(GemmProduct product, int i0, int i1, int j0, int j1) {
    int k = product.k;
    assert j0 % NR == 0 : "j0 must be a multiple of " + NR;
    Scratch s = SCRATCH.get();
    for (int qc = j0; qc < j1; qc += NC) {
      int nc = Math.min(NC, j1 - qc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        // the panel of columns qc + jr starts at (qc + jr)·k + pc·NR: panels are k·NR apart
        multiplyPanels(
            product.a,
            product.aOff + pc,
            k,
            1,
            kc,
            product.b,
            qc * k + pc * NR,
            k,
            product.c,
            product.cOff + qc,
            product.n,
            i0,
            i1,
            nc,
            pc == 0 && !product.accumulate,
            s);
      }
    }
  }

  /**
   * Z[r0:r1, 0:nc] (+)= X·P over one block of depth kc, with X(r, p) = x[xOff + r·xrs + p·xps] and
   * P the packed panels, the panel of columns jr..jr+NR at {@code panels[panelOff +
   * jr·panelStride]} with its rows NR apart (panelStride = kc for a block packed by {@link
   * #packPanels}, k for whole- depth panels). {@code fresh}: Z starts from zero instead of its own
   * values.
   */
  private static void multiplyPanels(
      float[] x,
      int xOff,
      int xrs,
      int xps,
      int kc,
      float[] panels,
      int panelOff,
      int panelStride,
      float[] z,
      int zOff,
      int zrs,
      int r0,
      int r1,
      int nc,
      boolean fresh,
      Scratch s) {
    for (int rc = r0; rc < r1; rc += MC) {
      int mc = Math.min(MC, r1 - rc);
      packSlivers(x, xOff + rc * xrs, xrs, xps, mc, kc, s.slivers);
      for (int jr = 0; jr < nc; jr += NR) {
        int nr = Math.min(NR, nc - jr);
        int bi = panelOff + jr * panelStride;
        for (int ir = 0; ir < mc; ir += MR) {
          int mr = Math.min(MR, mc - ir);
          int zi = zOff + (rc + ir) * zrs + jr;
          if (mr == MR && nr == NR) {
            if (fresh) {
              tile(s.slivers, ir * KC, panels, bi, kc, ZEROS, 0, NR, z, zi, zrs);
            } else {
              tile(s.slivers, ir * KC, panels, bi, kc, z, zi, zrs, z, zi, zrs);
            }
          } else {
            if (fresh) {
              Arrays.fill(s.tile, 0f);
            } else {
              loadTile(z, zi, zrs, mr, nr, s.tile);
            }
            tile(s.slivers, ir * KC, panels, bi, kc, s.tile, 0, NR, s.tile, 0, NR);
            storeTile(s.tile, z, zi, zrs, mr, nr);
          }
        }
      }
    }
  }

  /**
   * panels[(q/NR)·kc·NR + p·NR + q%NR] = Y(p, q) for p < kc, q < nc, zero padded to a whole panel;
   * {@code src} indexes Y(0, 0) of the block.
   */
  static void packPanels(float[] y, int src, int yps, int yqs, int kc, int nc, float[] dst) {
    int whole = yqs == 1 ? nc / NR * NR : 0; // columns copied along the rows of Y
    // Groups of PACK_GROUP panels, each along Y's rows: a row's slice of the group is read in
    // order and written to PACK_GROUP panels kc·NR floats apart. That stride is a power of two, so
    // the write streams share an L1 set: at most 8 of them, L1's ways.
    for (int jg = 0; jg < whole; jg += PACK_GROUP * NR) {
      int groupEnd = Math.min(whole, jg + PACK_GROUP * NR);
      for (int p = 0; p < kc; p++) {
        int from = src + p * yps;
        int to = p * NR;
        for (int jr = jg; jr < groupEnd; jr += NR) {
          FloatVector.fromArray(S, y, from + jr).intoArray(dst, to + jr * kc);
          FloatVector.fromArray(S, y, from + jr + L).intoArray(dst, to + jr * kc + L);
        }
      }
    }
    // The last, partial panel, and every panel of a strided Y, a column at a time.
    for (int jr = whole; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      int base = jr * kc;
      int col = src + jr * yqs;
      for (int jj = 0; jj < NR; jj++) {
        if (jj < nr) {
          int from = col + jj * yqs;
          for (int p = 0; p < kc; p++) {
            dst[base + p * NR + jj] = y[from + p * yps];
          }
        } else {
          for (int p = 0; p < kc; p++) {
            dst[base + p * NR + jj] = 0f;
          }
        }
      }
    }
  }

  /**
   * slivers[(r/MR)·MR·KC + (r%MR)·KC + p] = X(r, p) for r < mc, p < kc, zero padded to whole
   * slivers; {@code src} indexes X(0, 0) of the block.
   */
  private static void packSlivers(
      float[] x, int src, int xrs, int xps, int mc, int kc, float[] dst) {
    int padded = (mc + MR - 1) / MR * MR;
    if (xps == 1) {
      for (int r = 0; r < mc; r++) {
        System.arraycopy(x, src + r * xrs, dst, r * KC, kc);
      }
    } else {
      // A transpose, eight p at a time: the eight rows of x read are streamed along r, and each
      // row of a sliver receives eight consecutive floats (one pass over all p at once thrashed
      // L1 when rows of x were a power of two apart).
      for (int p0 = 0; p0 < kc; p0 += 8) {
        int p1 = Math.min(kc, p0 + 8);
        for (int r = 0; r < mc; r++) {
          int from = src + r * xrs;
          for (int p = p0; p < p1; p++) {
            dst[r * KC + p] = x[from + p * xps];
          }
        }
      }
    }
    for (int r = mc; r < padded; r++) {
      Arrays.fill(dst, r * KC, r * KC + kc, 0f);
    }
  }

  /** tile[r·NR + q] = Z(r, q) for r < mr, q < nr. */
  private static void loadTile(float[] z, int zi, int zrs, int mr, int nr, float[] tile) {
    for (int r = 0; r < mr; r++) {
      System.arraycopy(z, zi + r * zrs, tile, r * NR, nr);
    }
  }

  /** Z(r, q) = tile[r·NR + q] for r < mr, q < nr. */
  private static void storeTile(float[] tile, float[] z, int zi, int zrs, int mr, int nr) {
    for (int r = 0; r < mr; r++) {
      System.arraycopy(tile, r * NR, z, zi + r * zrs, nr);
    }
  }

  /**
   * One tile: D[r, 0:NR] = C₀[r, 0:NR] + Σ_p sliver[r, p]·panel[p, 0:NR] for r &lt; MR (fused, in
   * ascending p), with the sliver at {@code sp[si + r·KC + p]}, the panel at {@code bp[bi + p·NR +
   * jj]}, C₀ at {@code c0[ci + r·ldc + jj]} and D at {@code d[di + r·ldd + jj]}. C₀ is D itself, or
   * {@link #ZEROS} to start from 0: always loading keeps every vector's type exact for C2 (a zero
   * vector on one branch made JDK 17 fall back to boxed vectors when other code used another float
   * species). {@link #MR} is a constant, so C2 keeps one of the two kernels.
   */
  private static void tile(
      float[] sp,
      int si,
      float[] bp,
      int bi,
      int kc,
      float[] c0,
      int ci,
      int ldc,
      float[] d,
      int di,
      int ldd) {
    if (MR == 8) {
      tile8(sp, si, bp, bi, kc, c0, ci, ldc, d, di, ldd);
    } else {
      tile4(sp, si, bp, bi, kc, c0, ci, ldc, d, di, ldd);
    }
  }

  /** {@link #tile} with 4 rows. */
  private static void tile4(
      float[] sp,
      int si,
      float[] bp,
      int bi,
      int kc,
      float[] c0,
      int ci,
      int ldc,
      float[] d,
      int di,
      int ldd) {
    FloatVector c00 = FloatVector.fromArray(S, c0, ci);
    FloatVector c01 = FloatVector.fromArray(S, c0, ci + L);
    FloatVector c10 = FloatVector.fromArray(S, c0, ci + ldc);
    FloatVector c11 = FloatVector.fromArray(S, c0, ci + ldc + L);
    FloatVector c20 = FloatVector.fromArray(S, c0, ci + 2 * ldc);
    FloatVector c21 = FloatVector.fromArray(S, c0, ci + 2 * ldc + L);
    FloatVector c30 = FloatVector.fromArray(S, c0, ci + 3 * ldc);
    FloatVector c31 = FloatVector.fromArray(S, c0, ci + 3 * ldc + L);
    // Two induction variables instead of indices computed from p: the loop is front-end bound
    // next to its eight multiply-adds.
    int end = si + kc;
    for (int aq = si, bq = bi; aq < end; aq++, bq += NR) {
      FloatVector b0 = FloatVector.fromArray(S, bp, bq);
      FloatVector b1 = FloatVector.fromArray(S, bp, bq + L);
      FloatVector a = FloatVector.broadcast(S, sp[aq]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      a = FloatVector.broadcast(S, sp[aq + KC]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      a = FloatVector.broadcast(S, sp[aq + 2 * KC]);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
      a = FloatVector.broadcast(S, sp[aq + 3 * KC]);
      c30 = a.fma(b0, c30);
      c31 = a.fma(b1, c31);
    }
    c00.intoArray(d, di);
    c01.intoArray(d, di + L);
    c10.intoArray(d, di + ldd);
    c11.intoArray(d, di + ldd + L);
    c20.intoArray(d, di + 2 * ldd);
    c21.intoArray(d, di + 2 * ldd + L);
    c30.intoArray(d, di + 3 * ldd);
    c31.intoArray(d, di + 3 * ldd + L);
  }

  /** {@link #tile} with 8 rows. */
  private static void tile8(
      float[] sp,
      int si,
      float[] bp,
      int bi,
      int kc,
      float[] c0,
      int ci,
      int ldc,
      float[] d,
      int di,
      int ldd) {
    FloatVector c00 = FloatVector.fromArray(S, c0, ci);
    FloatVector c01 = FloatVector.fromArray(S, c0, ci + L);
    FloatVector c10 = FloatVector.fromArray(S, c0, ci + ldc);
    FloatVector c11 = FloatVector.fromArray(S, c0, ci + ldc + L);
    FloatVector c20 = FloatVector.fromArray(S, c0, ci + 2 * ldc);
    FloatVector c21 = FloatVector.fromArray(S, c0, ci + 2 * ldc + L);
    FloatVector c30 = FloatVector.fromArray(S, c0, ci + 3 * ldc);
    FloatVector c31 = FloatVector.fromArray(S, c0, ci + 3 * ldc + L);
    FloatVector c40 = FloatVector.fromArray(S, c0, ci + 4 * ldc);
    FloatVector c41 = FloatVector.fromArray(S, c0, ci + 4 * ldc + L);
    FloatVector c50 = FloatVector.fromArray(S, c0, ci + 5 * ldc);
    FloatVector c51 = FloatVector.fromArray(S, c0, ci + 5 * ldc + L);
    FloatVector c60 = FloatVector.fromArray(S, c0, ci + 6 * ldc);
    FloatVector c61 = FloatVector.fromArray(S, c0, ci + 6 * ldc + L);
    FloatVector c70 = FloatVector.fromArray(S, c0, ci + 7 * ldc);
    FloatVector c71 = FloatVector.fromArray(S, c0, ci + 7 * ldc + L);
    int end = si + kc;
    for (int aq = si, bq = bi; aq < end; aq++, bq += NR) {
      FloatVector b0 = FloatVector.fromArray(S, bp, bq);
      FloatVector b1 = FloatVector.fromArray(S, bp, bq + L);
      FloatVector a = FloatVector.broadcast(S, sp[aq]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      a = FloatVector.broadcast(S, sp[aq + KC]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      a = FloatVector.broadcast(S, sp[aq + 2 * KC]);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
      a = FloatVector.broadcast(S, sp[aq + 3 * KC]);
      c30 = a.fma(b0, c30);
      c31 = a.fma(b1, c31);
      a = FloatVector.broadcast(S, sp[aq + 4 * KC]);
      c40 = a.fma(b0, c40);
      c41 = a.fma(b1, c41);
      a = FloatVector.broadcast(S, sp[aq + 5 * KC]);
      c50 = a.fma(b0, c50);
      c51 = a.fma(b1, c51);
      a = FloatVector.broadcast(S, sp[aq + 6 * KC]);
      c60 = a.fma(b0, c60);
      c61 = a.fma(b1, c61);
      a = FloatVector.broadcast(S, sp[aq + 7 * KC]);
      c70 = a.fma(b0, c70);
      c71 = a.fma(b1, c71);
    }
    c00.intoArray(d, di);
    c01.intoArray(d, di + L);
    c10.intoArray(d, di + ldd);
    c11.intoArray(d, di + ldd + L);
    c20.intoArray(d, di + 2 * ldd);
    c21.intoArray(d, di + 2 * ldd + L);
    c30.intoArray(d, di + 3 * ldd);
    c31.intoArray(d, di + 3 * ldd + L);
    c40.intoArray(d, di + 4 * ldd);
    c41.intoArray(d, di + 4 * ldd + L);
    c50.intoArray(d, di + 5 * ldd);
    c51.intoArray(d, di + 5 * ldd + L);
    c60.intoArray(d, di + 6 * ldd);
    c61.intoArray(d, di + 6 * ldd + L);
    c70.intoArray(d, di + 7 * ldd);
    c71.intoArray(d, di + 7 * ldd + L);
  }

  private VectorGemmKernels() {}
}
