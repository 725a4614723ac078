// The two speedline-core modules visual-metrics.ts uses (the package types only its top-level API).
declare module 'speedline-core/lib/frame.js' {
  const frame: { create(jpeg: Buffer, timestampMs: number): unknown };
  export default frame;
}
declare module 'speedline-core/lib/speed-index.js' {
  const speedIndex: {
    calculateVisualProgress(frames: unknown[], opts: { fastMode?: boolean }): void;
    calculateSpeedIndexes(frames: unknown[], data: { startTs: number; endTs: number }): {
      firstPaintTs?: number;
      visuallyCompleteTs?: number;
      speedIndex?: number;
      perceptualSpeedIndex?: number;
    };
  };
  export default speedIndex;
}
